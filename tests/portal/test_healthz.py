"""/healthz tells a load balancer whether this node can serve: cheap, public, honest."""

import socket

import pytest
from django.db import connections
from django.db.utils import load_backend

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port nothing listens on (bound, read, released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def unreachable_database(tmp_path):
    """A real connection to a database that is not there.

    The same backend as the test database, pointed somewhere it cannot reach:
    PostgreSQL at a closed port, SQLite in a folder that does not exist. Opening it
    fails inside the driver, as it would when the database server is down.
    """
    settings_dict = dict(connections["default"].settings_dict)
    if settings_dict["ENGINE"] == "django.db.backends.postgresql":
        settings_dict |= {
            "HOST": "127.0.0.1",
            "PORT": closed_port(),
            "OPTIONS": {"connect_timeout": 2},
        }
    else:
        settings_dict |= {"NAME": str(tmp_path / "missing" / "portal.sqlite3"), "OPTIONS": {}}
    backend = load_backend(settings_dict["ENGINE"])
    wrapper = backend.DatabaseWrapper(settings_dict, alias="unreachable")
    yield wrapper
    wrapper.close()


def test_it_reports_a_healthy_node_as_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "broker": "ok"}


def test_it_needs_no_sign_in(client):
    response = client.get("/healthz", follow=False)
    assert response.status_code == 200


def test_it_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response.headers["Cache-Control"]


def test_it_costs_one_database_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/healthz")


def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch, unreachable_database):
    monkeypatch.setattr("portal.views.connection", unreachable_database)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_it_reports_a_broker_outage_without_taking_the_node_out(client, settings):
    # Pages still work without the broker (emails wait), so the node stays in service.
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "unavailable"}


def test_it_refuses_anything_but_get(client):
    assert client.post("/healthz").status_code == 405


def test_it_answers_a_load_balancer_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
