"""Settings come from the environment, fail loudly on bad values, and pass check --deploy."""

import os
import re
import runpy
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]

# Everything the settings module reads that a test run's own environment may carry.
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEMO_RELAX_STAFF_MFA",
    "BEHIND_TLS_PROXY",
]


def production_environment(var_dir: Path) -> dict[str, str]:
    """The production variables README.md documents, with made-up hosts."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "leadership.example.nhs.uk",
        "SITE_URL": "https://leadership.example.nhs.uk",
        "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "EMAIL_HOST": "smtp.example.nhs.uk",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "portal",
        "EMAIL_HOST_PASSWORD": "secret",
        "DEFAULT_FROM_EMAIL": "PCN Leadership Portal <noreply@leadership.example.nhs.uk>",
        "BEHIND_TLS_PROXY": "true",
    }


def check_deploy(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """Run the settings module afresh under the given variables; returns its names."""

    def load(**variables: str) -> dict:
        for name in SETTINGS_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("VAR_DIR", str(tmp_path))
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(ROOT / "portal" / "settings.py"))

    return load


# ---------------------------------------------------------------------------
# The typed helpers in portal/env.py
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["true", "True", "1", "yes", "on"])
def test_it_reads_true_in_the_usual_spellings(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    assert env_bool("FEATURE", False) is True


@pytest.mark.parametrize("raw", ["false", "0", "no", "off", ""])
def test_it_reads_false_in_the_usual_spellings(monkeypatch, raw):
    monkeypatch.setenv("FEATURE", raw)
    assert env_bool("FEATURE", True) is False


def test_it_uses_the_default_when_a_variable_is_unset(monkeypatch):
    monkeypatch.delenv("FEATURE", raising=False)
    assert env_bool("FEATURE", True) is True
    assert env_int("FEATURE", 7) == 7
    assert env_list("FEATURE", ["a"]) == ["a"]
    assert env_str("FEATURE", "plain") == "plain"


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", False)


def test_it_refuses_a_number_it_cannot_read(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "twenty-five")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 587)


def test_it_refuses_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_MAX", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("DATABASE_POOL_MAX", 8, minimum=1)


def test_it_refuses_a_url_with_the_wrong_scheme(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "http://cache.internal:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must start with"):
        env_url("REDIS_URL", schemes=("redis", "rediss"))


def test_it_splits_a_list_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example , ,b.example,")
    assert env_list("ALLOWED_HOSTS", []) == ["a.example", "b.example"]


# ---------------------------------------------------------------------------
# The settings module
# ---------------------------------------------------------------------------
def test_it_runs_with_nothing_set_for_a_newcomer(load_settings):
    loaded = load_settings()
    assert loaded["DEBUG"] is True
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["CELERY_BROKER_URL"] == "filesystem://"
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert loaded["EMAIL_BACKEND"].endswith("filebased.EmailBackend")


def test_it_requires_a_secret_key_when_debug_is_off(load_settings):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        load_settings(DEBUG="false")


def test_it_refuses_the_demo_staff_relaxation_when_debug_is_off(load_settings):
    with pytest.raises(ImproperlyConfigured, match="DEMO_RELAX_STAFF_MFA"):
        load_settings(
            DEBUG="false",
            SECRET_KEY="x" * 60,
            SITE_URL="https://leadership.example.nhs.uk",
            DEMO_RELAX_STAFF_MFA="true",
        )


def test_it_allows_the_demo_staff_relaxation_in_development(load_settings):
    assert load_settings(DEMO_RELAX_STAFF_MFA="true")["DEMO_RELAX_STAFF_MFA"] is True


def test_it_refuses_a_database_url_it_cannot_read(load_settings):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        load_settings(DATABASE_URL="oracle-ish://nowhere")


def test_it_uses_postgresql_with_a_connection_pool(load_settings):
    loaded = load_settings(DATABASE_URL="postgres://portal@db.internal:5432/portal")
    database = loaded["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["pool"]["max_size"] >= 1
    assert database["CONN_MAX_AGE"] == 0


def test_it_uses_redis_for_cache_and_broker_when_configured(load_settings):
    loaded = load_settings(REDIS_URL="redis://cache.internal:6379/2")
    assert loaded["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert loaded["CELERY_BROKER_URL"] == "redis://cache.internal:6379/2"


def test_it_sends_email_over_smtp_when_a_host_is_set(load_settings):
    loaded = load_settings(EMAIL_HOST="smtp.example.nhs.uk")
    assert loaded["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["EMAIL_USE_TLS"] is True


def test_it_refuses_tls_and_ssl_together(load_settings):
    with pytest.raises(ImproperlyConfigured, match="cannot both be on"):
        load_settings(EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")


def test_it_passes_the_deployment_checklist_with_production_variables(tmp_path):
    result = check_deploy(production_environment(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_fails_the_deployment_checklist_with_debug_on(tmp_path):
    environment = production_environment(tmp_path) | {"DEBUG": "true"}
    result = check_deploy(environment)
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_it_fails_the_deployment_checklist_with_a_weak_secret_key(tmp_path):
    environment = production_environment(tmp_path) | {"SECRET_KEY": "changeme"}
    result = check_deploy(environment)
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# ---------------------------------------------------------------------------
# Content security policy
# ---------------------------------------------------------------------------
DATA_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects inline <script>/<style> elements (with their nonces) and style= attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[tuple[str, str | None]] = []
        self.style_attributes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        # A JSON data island is never executed, so the policy does not apply to it.
        runs = (attributes.get("type") or "text/javascript") not in DATA_TYPES
        if (tag == "script" and "src" not in attributes and runs) or tag == "style":
            self.inline.append((tag, attributes.get("nonce")))
        if "style" in attributes:
            self.style_attributes.append(self.get_starttag_text() or tag)


VISITOR_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
]
SIGNED_IN_PAGES = [
    "/",
    "/me/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


def assert_policy_is_strict(response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    assert policy, "no Content-Security-Policy header"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonces = re.findall(r"'nonce-([^']+)'", policy)
    assert nonces, f"no nonce in the policy: {policy}"
    page = InlineCode()
    page.feed(response.content.decode())
    for tag, nonce in page.inline:
        assert nonce in nonces, f"an inline <{tag}> without the request's nonce"
    assert not page.style_attributes, f"style= attributes break the CSP: {page.style_attributes}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_it_sends_a_strict_content_security_policy_to_visitors(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_policy_is_strict(response)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_it_sends_a_strict_content_security_policy_to_people_signed_in(client, nurse, path):
    client.force_login(nurse)
    response = client.get(path)
    assert response.status_code == 200
    assert_policy_is_strict(response)


@pytest.mark.django_db
def test_it_gives_the_base_layouts_inline_script_the_nonce(client):
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    page = InlineCode()
    page.feed(response.content.decode())
    assert ("script", nonce) in page.inline


@pytest.mark.django_db
def test_it_answers_an_unknown_page_with_a_strict_policy_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_policy_is_strict(response)


def test_it_refuses_a_site_url_without_https_when_debug_is_off(load_settings):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must start with https://"):
        load_settings(
            DEBUG="false", SECRET_KEY="x" * 60, SITE_URL="http://leadership.example.nhs.uk"
        )


def test_it_allows_a_plain_http_site_url_in_development(load_settings):
    assert load_settings(SITE_URL="http://127.0.0.1:8001")["SITE_URL"] == "http://127.0.0.1:8001"
