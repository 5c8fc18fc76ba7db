"""deploy/: the systemd units are valid and start what portal/Procfile starts."""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.digest.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INSTALLED_AT = "/srv/portal"
RUNNING = ["portal-web.service", "portal-worker.service", "portal-beat.service"]


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}} (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in (DEPLOY / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{name}: {line!r} is outside any section"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def exec_start(name: str) -> list[str]:
    [command] = unit(name)["Service"]["ExecStart"]
    # systemd writes a literal % as %%; the program receives one.
    return shlex.split(command.replace("%%", "%"))


def procfile() -> dict[str, list[str]]:
    """portal/Procfile's commands, without the DJANGO_SETTINGS_MODULE=… prefix."""
    commands = {}
    for line in (ROOT / "portal" / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            words = shlex.split(command)
            assert words[0] == "DJANGO_SETTINGS_MODULE=portal.settings"
            commands[name.strip()] = words[1:]
    return commands


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed; the structural tests below still run")
    # verify checks that each program exists: point the units at this checkout.
    for path in DEPLOY.iterdir():
        if path.suffix in {".service", ".timer"}:
            text = path.read_text().replace(INSTALLED_AT, str(ROOT))
            (tmp_path / path.name).write_text(text)
    units = sorted(str(path) for path in tmp_path.iterdir())
    result = subprocess.run(  # noqa: S603
        [analyze, "verify", *units], capture_output=True, text=True, timeout=60, check=False
    )
    # A misspelt setting is only a warning ("ignoring"): fail on any output at all.
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("process", ["worker", "beat"])
def test_the_worker_and_beat_units_start_the_procfiles_commands(process):
    command = exec_start(f"portal-{process}.service")
    assert command[0] == f"{INSTALLED_AT}/.venv/bin/celery"
    assert command[1:] == procfile()[process][1:]


def test_the_web_unit_serves_the_same_application_with_gunicorn():
    command = exec_start("portal-web.service")
    assert command[0] == f"{INSTALLED_AT}/.venv/bin/gunicorn"
    # The Procfile's runserver serves WSGI_APPLICATION; gunicorn is given its module.
    assert settings.WSGI_APPLICATION == "portal.wsgi.application"
    assert command[1] == "portal.wsgi"
    # And README's production section shows the same command line.
    readme = (ROOT / "README.md").read_text()
    assert shlex.join(["gunicorn", *command[1:]]) in readme


@pytest.mark.parametrize("name", RUNNING)
def test_each_process_is_restarted_limited_and_runs_as_the_portal_user(name):
    sections = unit(name)
    service = sections["Service"]
    assert service["Environment"] == ["DJANGO_SETTINGS_MODULE=portal.settings"]
    assert service["EnvironmentFile"] == ["/etc/portal/portal.env"]
    assert service["User"] == ["portal"]
    assert service["Restart"] == ["always"]
    assert int(service["RestartSec"][0]) > 0
    for limit in ("MemoryMax", "TasksMax", "LimitNOFILE"):
        assert service.get(limit), f"{name} has no {limit}"
    # A unit that keeps failing stops being restarted and shows as failed.
    assert sections["Unit"]["StartLimitBurst"]
    assert sections["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_worker_is_given_time_to_finish_its_tasks_when_stopped():
    service = unit("portal-worker.service")["Service"]
    assert service["KillSignal"] == ["SIGTERM"]  # Celery's warm shutdown
    assert int(service["TimeoutStopSec"][0]) > settings.CELERY_TASK_TIME_LIMIT


def test_a_timer_pings_this_machines_worker_node_and_restarts_it_when_it_does_not_answer():
    worker = exec_start("portal-worker.service")
    node = worker[worker.index("--hostname") + 1]
    health = unit("portal-worker-health.service")
    [check] = health["Service"]["ExecStart"]
    script, argument = check.split()
    # systemd's %H and Celery's %h are both the host name.
    assert (argument, node) == ("worker@%H", "worker@%h")
    assert script == f"{INSTALLED_AT}/deploy/worker-health"
    assert os.access(DEPLOY / "worker-health", os.X_OK)
    assert "inspect ping" in (DEPLOY / "worker-health").read_text()
    assert health["Unit"]["OnFailure"] == ["portal-worker-restart.service"]
    [restart] = unit("portal-worker-restart.service")["Service"]["ExecStart"]
    assert restart == "/usr/bin/systemctl restart portal-worker.service"
    assert "portal-worker-health.timer" in unit("portal-worker.service")["Unit"]["Wants"][0]
    assert unit("portal-worker-health.timer")["Timer"]["OnUnitInactiveSec"]


def run_health_check(node: str, broker: str, tmp_path: Path) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "VAR_DIR": str(tmp_path),
        "REDIS_URL": broker,
        "WORKER_HEALTH_TIMEOUT": "1",
    }
    return subprocess.run(  # noqa: S603
        [str(DEPLOY / "worker-health"), node],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_health_check_leaves_the_worker_alone_while_redis_is_away(tmp_path):
    nobody = f"redis://127.0.0.1:{free_port()}/0"
    result = run_health_check("worker@nowhere", nobody, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search("broker does not answer", result.stdout)


@pytest.mark.redis
def test_the_health_check_fails_a_worker_that_does_not_answer_while_redis_does(tmp_path):
    from tests.ops.test_redis_restart import RedisServer

    server = RedisServer(tmp_path)
    server.start()
    try:
        result = run_health_check("worker@nowhere", server.url, tmp_path)
    finally:
        server.stop()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "worker@nowhere does not answer celery inspect ping" in result.stdout
