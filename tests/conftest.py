"""What every test can use: personas, the services a test needs, and the browser kit.

Services. A test marked ``redis`` needs a real Redis server (``REDIS_URL``); a test
marked ``browser`` (or using ``page``) needs Debian's Chromium; a test marked
``postgresql`` means something only on PostgreSQL (row locks between threads,
``ON CONFLICT`` query shapes) and needs ``DATABASE_URL`` to point at it. Without them
the test is skipped with the reason; with ``CI=true`` it fails instead, so CI never
goes green by quietly skipping what it is there to prove.

Browser tests. Use ``live_server`` and ``page``; open pages with ``visit(path)`` and,
after anything that lands on a new page (a form submit, a link), call ``axe()``. Every
page must pass axe-core's WCAG 2.2 A and AA rules, and a test that loads a page
without checking it fails at teardown. A failed browser test leaves a screenshot
under ``artefacts/``.
"""

import copy
import fcntl
import os
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.factories import PersonFactory, profession

IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, which on a
# closed network means timeouts on every launch.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTEFACTS = Path(__file__).resolve().parent.parent / "artefacts"


# ---------------------------------------------------------------------------
# Services: run when present, fail in CI when missing
# ---------------------------------------------------------------------------
def service_missing(service: str, problem: str) -> NoReturn:
    """Skip the current test for a missing service, or fail it when CI=true."""
    message = f"{service} is not available: {problem}"
    if IN_CI:
        pytest.fail(f"{message}. CI=true, so tests that need {service} must run.", pytrace=False)
    pytest.skip(message)


@cache
def redis_problem() -> str | None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        return "REDIS_URL is not set"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except (redis.RedisError, OSError) as exc:
        return f"cannot ping {url}: {exc}"
    return None


@cache
def chromium_problem() -> str | None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


@cache
def postgresql_problem() -> str | None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        return f"the suite runs on {engine.rsplit('.', 1)[-1]} (set DATABASE_URL=postgres://…)"
    return None


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright keeps a screenshot of every page of a failed test in --output;
    # default both here so that a plain `pytest` leaves them in the ignored artefacts/.
    if config.getoption("--screenshot", default=None) == "off":
        config.option.screenshot = "only-on-failure"
    if config.getoption("--output", default=None) == "test-results":
        config.option.output = str(ARTEFACTS)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        # A test that drives a page is a browser test whether or not its author said so.
        if "page" in fixtures and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        _keep_reference_data(item, fixtures)
    # pytest-django sorts tests as Django does (tests in a transaction, then
    # transactional ones, then the rest), but pytest then regroups tests by session
    # parameters (Playwright's browser_name), pulling browser tests in among the
    # others. A transactional test empties the tables when it ends, so sort again,
    # last: a stable sort keeps each group's order.
    items.sort(key=_django_order)


def _django_order(item: pytest.Item) -> int:
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    transactional = bool({"transactional_db", "live_server"} & fixtures)
    if marker:
        transaction, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction or reset_sequences
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


def _keep_reference_data(item: pytest.Item, fixtures: tuple[str, ...]) -> None:
    """Make every transactional test restore the database's migrated content.

    A transactional test (live_server, transaction=True) empties every table when it
    ends, taking the professions, ICBs and groups our data migrations made with it.
    serialized_rollback puts them back before each such test, as Django's own
    TransactionTestCase can.
    """
    marker = item.get_closest_marker("django_db")
    options = dict(marker.kwargs) if marker else {}
    transactional = options.get("transaction") or {"transactional_db", "live_server"} & set(
        fixtures
    )
    if transactional and not options.get("serialized_rollback"):
        options |= {"transaction": True, "serialized_rollback": True}
        item.add_marker(pytest.mark.django_db(**options), append=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture runs, so a missing Chromium is reported as such and not as a
    # launch error from deep inside Playwright.
    if (marker := item.get_closest_marker("postgresql")) and (problem := postgresql_problem()):
        why = marker.kwargs.get("reason")
        service_missing("PostgreSQL", f"{problem}; {why}" if why else problem)
    if item.get_closest_marker("redis") and (problem := redis_problem()):
        service_missing("Redis", problem)
    if item.get_closest_marker("browser") and (problem := chromium_problem()):
        service_missing("Chromium", problem)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The real Redis from REDIS_URL, checked with a ping."""
    if problem := redis_problem():
        service_missing("Redis", problem)
    return os.environ["REDIS_URL"]


# ---------------------------------------------------------------------------
# Django
# ---------------------------------------------------------------------------
def _newest_mtime(folder: Path) -> float:
    return max((path.stat().st_mtime for path in folder.rglob("*") if path.is_file()), default=0)


@pytest.fixture(scope="session", autouse=True)
def _static_manifest(django_db_blocker) -> None:
    """Pages use WhiteNoise's manifest storage, as in production: build it when stale.

    A lock keeps parallel workers (pytest -n) from collecting into the same folder at
    once; the timestamp check rebuilds it when someone adds or edits a static file.
    """
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / "staticfiles.json"
    with open(root.parent / ".collectstatic.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources = [Path(folder) for folder in settings.STATICFILES_DIRS]
        newest_source = max((_newest_mtime(folder) for folder in sources), default=0)
        if not manifest.exists() or manifest.stat().st_mtime < newest_source:
            call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in-process, after commit, unless a test starts a real worker."""
    from portal.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # A deliberately slow hash is the point in production and pure waiting in tests,
    # which sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache_keys(settings) -> None:
    """Give each test its own cache key prefix.

    allauth keeps rate-limit counters and used two-factor codes in the cache: without
    this, a test's sign-ins count against the next test's limits. A prefix (not a
    flush) keeps tests apart even when parallel runs share one Redis database.
    """
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    # The catalogue keeps its filters' reference data in the process, beside the cache.
    from programmes import caching

    caching.forget_reference()


@pytest.fixture
def mailoutbox(mailoutbox, request: pytest.FixtureRequest) -> list:
    """pytest-django's outbox, safe to ask for before the database.

    Django's test set-up (behind ``db``) swaps ``mail.outbox`` for a new list; if the
    outbox fixture ran first, the test would hold the old, forever-empty one.
    """
    from django.core import mail

    for name in ("db", "transactional_db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
    return mail.outbox


# ---------------------------------------------------------------------------
# Personas, as in healthchecks' tests: each test names who acts.
# ---------------------------------------------------------------------------
@pytest.fixture
def nurse(db):
    """Nia, a general practice nurse in Devon."""
    return PersonFactory(full_name="Nia Evans", email="nia@example.nhs.uk")


@pytest.fixture
def pharmacist(db):
    """Priya, a clinical pharmacist."""
    return PersonFactory(
        full_name="Priya Shah",
        email="priya@example.nhs.uk",
        profession=profession("clinical-pharmacist"),
    )


@pytest.fixture
def gp_trainee(db):
    """Tom, a GP trainee."""
    return PersonFactory(
        full_name="Tom Okafor", email="tom@example.nhs.uk", profession=profession("gp-trainee")
    )


@pytest.fixture
def outsider(db):
    """Olly, signed in but with no connection to anything under test."""
    return PersonFactory(full_name="Olly Outsider", email="olly@example.nhs.uk")


@pytest.fixture
def curator(db):
    """Cara, training-hub staff who curates the catalogue in the admin."""
    person = PersonFactory(
        full_name="Cara Mensah",
        email="cara@example.nhs.uk",
        profession=profession("practice-manager"),
        is_staff=True,
    )
    person.groups.add(Group.objects.get(name="Training-hub curators"))
    return person


# ---------------------------------------------------------------------------
# Browser tests: pytest-playwright on Debian's Chromium, axe on every page
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator:
    """pytest-django's live server, serving static files as production does.

    Its default static handler looks files up by their source names, but pages link
    to the hashed names in WhiteNoise's manifest; let WhiteNoise serve the collected
    files instead, exactly as on a web node.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(addr, start=False)
    server.thread.static_handler = _passthrough
    server.start()
    yield server
    server.stop()


def _passthrough(application):
    return application


@pytest.fixture(scope="session", autouse=True)
def _test_thread_connections() -> dict:
    """The test thread's database connections, taken before any event loop runs."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(playwright, _test_thread_connections: dict):
    """Playwright, started once; it leaves an asyncio loop running in the test thread.

    Two things follow. Django refuses ORM calls beside a running loop: they are in fact
    synchronous and single-threaded here, so allow them. And Django keeps connections
    per thread only while no loop runs, per asyncio context once one does: without
    handing over the thread's own connections, tests would get fresh ones, outside
    the test's transaction and without the saved reference data that serialized
    rollback restores.
    """
    from django.db import connections

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    for alias, connection in _test_thread_connections.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, never a downloaded one (`playwright install` is not used)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # bypass_csp is only there so axe-core can inject its script: our policy (rightly)
    # refuses any script without the page's nonce. Tests that prove the policy itself
    # read the response headers (tests/portal/test_settings.py), not the browser.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


def _describe(violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} WCAG 2.2 A/AA violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


class AxeCheck:
    """Runs axe-core on the page now showing, and remembers which loads it has seen.

    It counts the page's load events (one per new document: a navigation or a form
    submit, not a jump to a #fragment), so a test that loads a page and never checks
    it can be caught at teardown.
    """

    def __init__(self, page) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page = page
        self.engine = Axe()
        self.loads: list[str] = []
        self.checked = 0
        page.on("load", lambda loaded: self.loads.append(loaded.url))

    def __call__(self) -> None:
        # Waiting for the load event also makes sure our listener has counted it.
        self.page.wait_for_load_state("load")
        results = self.engine.run(
            self.page,
            options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
        )
        self.checked = len(self.loads)
        violations = results.response["violations"]
        if violations:
            raise AssertionError(f"{self.page.url}\n{_describe(violations)}")

    def unchecked(self) -> list[str]:
        return [url for url in self.loads[self.checked :] if url != "about:blank"]


_AXE = pytest.StashKey[AxeCheck]()


@pytest.fixture
def page(page, request: pytest.FixtureRequest) -> Iterator:
    """Playwright's page, watched so that every page it loads is checked with axe."""
    page.set_default_timeout(10_000)
    check = AxeCheck(page)
    request.node.stash[_AXE] = check
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed and (missed := check.unchecked()):
        pytest.fail(
            "These pages loaded but were never checked with axe() — call axe() after each "
            f"step that lands on a new page: {missed}",
            pytrace=False,
        )


@pytest.fixture
def axe(page, request: pytest.FixtureRequest) -> AxeCheck:
    """Call ``axe()`` to check the page now showing: zero WCAG 2.2 A/AA violations."""
    return request.node.stash[_AXE]


@pytest.fixture
def visit(page, live_server, axe) -> Callable[[str], None]:
    """Open a path on the live server and check it with axe."""

    def go(path: str) -> None:
        response = page.goto(live_server.url + path)
        assert response is not None and response.ok, (
            f"{path} answered {response and response.status}"
        )
        axe()

    return go
