import re
from pathlib import Path

from django.contrib.staticfiles import finders

from coopdec.api.urls import api

# Reads open to all (a token is optional); /api/me and the 1 % position need a token.
OPEN_READS = {
    "/api/countries", "/api/countries/{code}", "/api/authorities", "/api/authorities/{code}",
    "/api/organizations", "/api/organizations/{organization_id}", "/api/partnerships",
    "/api/partnerships/{partnership_id}", "/api/projects", "/api/projects/{project_id}", "/api/themes",
    "/api/projects/{project_id}/funding-summary", "/api/projects/iati",
    "/api/matchmaking/sectors/suggest", "/api/matchmaking/profiles", "/api/matchmaking/profiles/{profile_id}",
    "/api/matchmaking/profiles/{profile_id}/matches",
}  # fmt: skip
TOKEN_READS = {
    "/api/me", "/api/authorities/{code}/one-percent", "/api/affiliations", "/api/delegates",
    "/api/delegates/{delegate_id}",
}  # fmt: skip
# (method, path) of every write; all need a token.
WRITES = {
    ("post", "/api/partnerships"), ("patch", "/api/partnerships/{partnership_id}"),
    ("post", "/api/partnerships/{partnership_id}/sign"), ("post", "/api/partnerships/{partnership_id}/sent-to-prefect"),
    ("post", "/api/partnerships/{partnership_id}/suspend"), ("post", "/api/partnerships/{partnership_id}/resume"),
    ("post", "/api/partnerships/{partnership_id}/end"), ("post", "/api/partnerships/{partnership_id}/renew"),
    ("post", "/api/projects"), ("patch", "/api/projects/{project_id}"),
    ("post", "/api/projects/{project_id}/participants"),
    ("delete", "/api/projects/{project_id}/participants/{participant_id}"),
    ("post", "/api/projects/{project_id}/fundings"), ("patch", "/api/projects/{project_id}/fundings/{funding_id}"),
    ("delete", "/api/projects/{project_id}/fundings/{funding_id}"),
    ("post", "/api/projects/{project_id}/disbursements"),
    ("put", "/api/authorities/{code}/service-budgets/{year}/{service}"),
    ("post", "/api/matchmaking/profiles"), ("patch", "/api/matchmaking/profiles/{profile_id}"),
    ("post", "/api/affiliations"), ("patch", "/api/affiliations/{affiliation_id}"),
    ("delete", "/api/affiliations/{affiliation_id}"),
    ("put", "/api/affiliations/{affiliation_id}/contributions/{year}"),
    ("post", "/api/delegates"), ("patch", "/api/delegates/{delegate_id}"), ("delete", "/api/delegates/{delegate_id}"),
}  # fmt: skip
EVERY_PATH = OPEN_READS | TOKEN_READS | {path for _method, path in WRITES}


def test_the_openapi_document_lists_every_path(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == EVERY_PATH
    assert document["info"]["title"] == "coopdec API"


def test_the_openapi_document_says_reads_take_an_optional_token_and_writes_a_required_one(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    for path in TOKEN_READS:
        assert paths[path]["get"]["security"] == [{"TokenAuth": []}], path
    for path in OPEN_READS:
        assert paths[path]["get"]["security"] == [{"TokenAuth": []}, {}], path
    for method, path in WRITES:
        assert paths[path][method]["security"] == [{"TokenAuth": []}], (method, path)


def test_every_route_of_the_api_is_in_the_openapi_document():
    routes = {
        "/api" + re.sub(r"\{\w+:(\w+)\}", r"{\1}", path)
        for router_prefix, router in api._routers
        for path in router.path_operations
    }

    assert routes == EVERY_PATH


def test_the_docs_page_uses_only_this_sites_assets_and_no_inline_script(client, db):
    response = client.get("/api/docs")

    assert response.status_code == 200
    html = response.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "swagger-ui-bundle.js" in html
    for url in urls:
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file of the project"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert 'data-openapi-url="/api/openapi.json"' in html


def test_the_docs_page_is_served_under_the_sites_content_security_policy(client, db):
    policy = client.get("/api/docs")["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_docs_script_starts_swagger_without_calling_the_public_validator():
    script = Path(finders.find("api/docs.js")).read_text()

    assert "validatorUrl: null" in script
    assert "http" not in script
