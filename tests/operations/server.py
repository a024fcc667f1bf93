"""A real gunicorn, started from config/gunicorn.conf.py on a free loopback port, for the operations tests."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**overrides: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="operations-test-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
    )
    environment.update(overrides)
    return environment


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer the tests read, not one to follow


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextmanager
def gunicorn(environment: dict[str, str], log_dir: Path, *, workers: int = 1):
    """Yields the server's base URL; on exit stops it and leaves its stdout and stderr in ``log_dir``."""
    port = free_port()
    environment = {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    stdout, stderr = (log_dir / "access.log").open("wb"), (log_dir / "error.log").open("wb")
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "config/gunicorn.conf.py"], cwd=ROOT, env=environment, stdout=stdout, stderr=stderr
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {(log_dir / 'error.log').read_text()}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)
        stdout.close()
        stderr.close()


def json_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
