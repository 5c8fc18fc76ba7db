"""Secret link tokens never reach a log line (issue 21 item 4).

A rater's 360 link and a digest's view and unsubscribe links answer or read without
signing in. Each is requested here the way a log would see it — runserver's request
line, Django's "Gone:"/"Not Found:" warning, gunicorn's access log — and the line
must name the route, never carry the token.
"""

import io
import logging
import runpy
from types import SimpleNamespace

import pytest
from django.urls import reverse

from portal.lib.log_redaction import TokenPathFilter, redact

pytestmark = pytest.mark.django_db

TOKEN = "kq7Zs-SECRET-TOKEN-9xY"


@pytest.fixture
def console():
    """The console handler from settings.LOGGING, writing into a buffer."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, TokenPathFilter) for f in h.filters)
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


def test_a_bad_rater_link_is_logged_by_route_name(client, console):
    response = client.get(reverse("careers:feedback_answer", args=[TOKEN]))
    assert response.status_code == 410
    logged = console.getvalue()
    assert "Gone: [careers:feedback_answer]" in logged
    assert TOKEN not in logged


@pytest.mark.parametrize(
    "path",
    [
        f"/feedback/{TOKEN}/",
        f"/digest/view/{TOKEN}/",
        f"/digest/unsubscribe/{TOKEN}/",
        f"/digest/unsubscribe/{TOKEN}/one-click/",
    ],
)
def test_runserver_request_lines_name_the_route_not_the_token(console, path):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET {path}?utm=1 HTTP/1.1", "200", "5120"
    )
    logged = console.getvalue()
    assert TOKEN not in logged
    assert '"GET [' in logged and ']?utm=1 HTTP/1.1" 200 5120' in logged


def test_paths_without_a_token_are_logged_as_they_are():
    line = "GET /me/feedback/12/ then http://127.0.0.1:8000/roles/3/ and /static/x.css"
    assert redact(line) == line
    assert redact(f"http://127.0.0.1:8000/feedback/{TOKEN}/") == (
        "http://127.0.0.1:8000[careers:feedback_answer]"
    )


def test_gunicorn_access_log_atoms_carry_no_token():
    from gunicorn.config import Config

    from portal.lib.log_redaction import GunicornLogger

    logger = GunicornLogger(Config())
    path = f"/feedback/{TOKEN}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "QUERY_STRING": "",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://portal.example{path}",
    }
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    req = SimpleNamespace(headers=[("REFERER", f"https://portal.example{path}")])
    atoms = logger.atoms(resp, req, environ, SimpleNamespace(seconds=0, microseconds=5))
    assert TOKEN not in repr(atoms)
    assert atoms["r"] == "GET [careers:feedback_answer] HTTP/1.1"


def test_gunicorn_is_configured_to_use_the_redacting_logger(settings):
    namespace = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert namespace["logger_class"] == "portal.lib.log_redaction.GunicornLogger"
