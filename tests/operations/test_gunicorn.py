"""Production serving: the gunicorn configuration; a real gunicorn on the production settings, WhiteNoise, logs."""

import json
import subprocess

from tests.operations.server import GUNICORN, ROOT, get, gunicorn, json_lines, production_environment


def test_gunicorn_configuration_is_valid_and_takes_its_worker_count_from_the_environment():
    environment = production_environment(WEB_CONCURRENCY="3", GUNICORN_BIND="127.0.0.1:8105")
    check = subprocess.run(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "--check-config"], cwd=ROOT, env=environment, capture_output=True
    )
    assert check.returncode == 0, check.stderr.decode()

    printed = subprocess.run(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "--print-config"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(line.split("=", 1) for line in printed.splitlines() if "=" in line)
    values = {key.strip(): value.strip() for key, value in values.items()}
    assert values["workers"] == "3"
    assert values["bind"] == "['127.0.0.1:8105']"
    assert values["wsgi_app"] == "config.wsgi:application"


def test_gunicorn_serves_health_and_hashed_static_files_and_logs_each_request_as_json(tmp_path):
    static_root = tmp_path / "static"
    environment = production_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", STATIC_ROOT=str(static_root), LOG_LEVEL="INFO"
    )
    subprocess.run(
        [str(GUNICORN.parent / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    hashed = json.loads((static_root / "staticfiles.json").read_text())["paths"]["coopdec/coopdec.css"]

    with gunicorn(environment, tmp_path) as base:
        status, _headers, body = get(f"{base}/health/")
        # Behind the proxy, pages are asked for over HTTPS: the proxy says so in X-Forwarded-Proto.
        static_status, static_headers, css = get(f"{base}/static/{hashed}", {"X-Forwarded-Proto": "https"})
        plain_status, plain_headers, _ = get(f"{base}/static/{hashed}")

    assert status == 200
    assert json.loads(body)["database"] == {"ok": True, "vendor": "sqlite", "ms": json.loads(body)["database"]["ms"]}
    assert static_status == 200
    assert css == (static_root / hashed).read_bytes()
    assert "immutable" in static_headers["Cache-Control"]
    assert plain_status == 301 and plain_headers["Location"].startswith("https://")
    access = json_lines(tmp_path / "access.log")
    assert {"method": "GET", "path": "/health/", "status": 200} in [
        {key: line.get(key) for key in ("method", "path", "status")} for line in access
    ]
    assert all(isinstance(line["duration_ms"], int) for line in access)
    errors = json_lines(tmp_path / "error.log")
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"] for line in errors)


def test_health_answers_503_when_the_database_cannot_be_opened(tmp_path):
    unreachable = tmp_path / "no-such-directory" / "db.sqlite3"
    environment = production_environment(DATABASE_URL=f"sqlite:///{unreachable}")

    with gunicorn(environment, tmp_path) as base:
        status, _headers, body = get(f"{base}/health/")

    assert status == 503
    report = json.loads(body)
    assert report["status"] == "failing"
    assert report["database"]["ok"] is False
    assert "unable to open database file" in report["database"]["detail"]
    assert report["cache"]["ok"] is True
