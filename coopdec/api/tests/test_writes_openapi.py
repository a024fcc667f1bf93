"""The OpenAPI document describes the writes: their request schemas, their answers, and that they need a token."""

import pytest

from .test_docs import WRITES

REQUEST_SCHEMAS = {
    ("post", "/api/partnerships"): ("PartnershipIn", ["title", "kind", "parties"]),
    ("patch", "/api/partnerships/{partnership_id}"): ("PartnershipChanges", []),
    ("post", "/api/partnerships/{partnership_id}/sign"): ("SignatureIn", ["signed_on"]),
    ("post", "/api/partnerships/{partnership_id}/sent-to-prefect"): ("SentToPrefectIn", ["on"]),
    ("post", "/api/partnerships/{partnership_id}/suspend"): ("ReasonIn", []),
    ("post", "/api/partnerships/{partnership_id}/resume"): ("ReasonIn", []),
    ("post", "/api/partnerships/{partnership_id}/end"): ("EndIn", ["on"]),
    ("post", "/api/partnerships/{partnership_id}/renew"): ("RenewalIn", ["signed_on"]),
    ("post", "/api/projects"): ("ProjectIn", ["title", "lead_authority", "kind"]),
    ("patch", "/api/projects/{project_id}"): ("ProjectChanges", []),
    ("post", "/api/projects/{project_id}/participants"): ("ParticipantIn", []),
    ("post", "/api/projects/{project_id}/fundings"): ("FundingIn", ["instrument", "amount"]),
    ("patch", "/api/projects/{project_id}/fundings/{funding_id}"): ("FundingChanges", []),
    ("post", "/api/projects/{project_id}/disbursements"): ("DisbursementIn", ["year", "amount"]),
    ("put", "/api/authorities/{code}/service-budgets/{year}/{service}"): ("ServiceBudgetIn", ["own_resources"]),
    ("post", "/api/matchmaking/profiles"): ("ProfileIn", ["organization", "kind", "title", "description"]),
    ("patch", "/api/matchmaking/profiles/{profile_id}"): ("ProfileChanges", []),
    ("post", "/api/affiliations"): ("AffiliationIn", ["authority", "organization"]),
    ("patch", "/api/affiliations/{affiliation_id}"): ("AffiliationChanges", []),
    ("put", "/api/affiliations/{affiliation_id}/contributions/{year}"): ("ContributionIn", ["amount"]),
    ("post", "/api/delegates"): ("DelegateIn", ["authority", "person", "country", "post"]),
    ("patch", "/api/delegates/{delegate_id}"): ("DelegateChanges", []),
}
BODILESS = {
    ("delete", "/api/projects/{project_id}/participants/{participant_id}"),
    ("delete", "/api/projects/{project_id}/fundings/{funding_id}"),
    ("delete", "/api/affiliations/{affiliation_id}"),
    ("delete", "/api/delegates/{delegate_id}"),
}
CREATIONS = {
    "/api/partnerships", "/api/partnerships/{partnership_id}/renew", "/api/projects",
    "/api/projects/{project_id}/participants", "/api/projects/{project_id}/fundings",
    "/api/projects/{project_id}/disbursements", "/api/matchmaking/profiles", "/api/affiliations", "/api/delegates",
}  # fmt: skip


@pytest.fixture
def document(client, db):
    return client.get("/api/openapi.json").json()


def test_every_write_has_a_request_schema_or_none_for_a_delete():
    assert set(REQUEST_SCHEMAS) | BODILESS == WRITES


@pytest.mark.parametrize("method, path", sorted(REQUEST_SCHEMAS))
def test_a_write_names_its_request_schema_and_its_required_fields(document, method, path):
    name, required = REQUEST_SCHEMAS[(method, path)]
    operation = document["paths"][path][method]

    assert operation["requestBody"]["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{name}"}
    assert operation["requestBody"]["required"] is True
    assert document["components"]["schemas"][name].get("required", []) == required


@pytest.mark.parametrize("method, path", sorted(WRITES))
def test_a_write_requires_a_token_in_the_openapi_document(document, method, path):
    assert document["paths"][path][method]["security"] == [{"TokenAuth": []}]
    assert document["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}


def test_creations_answer_201_deletions_204_and_other_writes_200(document):
    for method, path in WRITES:
        codes = set(document["paths"][path][method]["responses"])
        if method == "delete":
            assert "204" in codes, path
        elif method == "post" and path in CREATIONS:
            assert "201" in codes, path
        else:
            assert "200" in codes, path


def test_the_party_schema_says_how_to_name_an_authority_an_organisation_or_a_state(document):
    party = document["components"]["schemas"]["PartyIn"]

    assert set(party["properties"]) == {"authority", "organization", "country", "role"}
    assert "exactly one of" in party["description"]
