"""Where a digest's milliseconds go: `python -m tests.bench.digest_profile`.

Runs `digest_batch_send` in this process for a few batches of people the digest
benchmark seeded (``BENCH_DIGEST_DATABASE_URL``; run `tests.bench.digest` once first),
against an SMTP sink in a process of its own, under cProfile. Prints the CPU time
and wall time per message and the profile's top lines, so a change can be judged by
the work it saves rather than by a wall clock on a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.digest import DEFAULT_DATABASE
from tests.bench.programmes import ROOT, environment

SINK = [sys.executable, "-m", "aiosmtpd", "-n"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DIGEST_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime")
    args = parser.parse_args(argv)

    from tests.digest.conftest import free_port

    port = free_port()
    sink = subprocess.Popen(  # noqa: S603 (our own command line)
        [*SINK, "-l", f"127.0.0.1:{port}", "-c", "tests.bench.digest_profile.QuietSink"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    os.environ.update(
        environment(args.database)
        | {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DIGEST_SEND_HOUR": "0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from portal.digest import services
    from portal.digest.models import DigestDelivery

    size = settings.DIGEST_BATCH_SIZE
    try:
        time.sleep(1.5)  # the sink's start
        ids = list(
            services.reachable_people()
            .filter(email__endswith="@bench.example", digest_frequency="weekly", digest_day=0)
            .order_by("pk")
            .values_list("pk", flat=True)[: size * (2 * args.batches + 1)]
        )
        DigestDelivery.objects.filter(person_id__in=ids).delete()
        # One batch to warm imports, templates and connections; then the measured ones.
        services.digest_batch_send(person_ids=ids[:size])
        chunks = [ids[start : start + size] for start in range(size, len(ids), size)]
        plain, profiled = chunks[: args.batches], chunks[args.batches :]
        sent = 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        others = {"smtp sink": sink.pid, "postgres backend": backend}
        before = {name: cpu_seconds(pid) for name, pid in others.items()}
        cpu, wall = time.process_time(), time.perf_counter()
        for chunk in plain:
            sent += services.digest_batch_send(person_ids=chunk).sent
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        elsewhere = {name: cpu_seconds(pid) - before[name] for name, pid in others.items()}
        profile = cProfile.Profile()
        profile.enable()
        for chunk in profiled:
            services.digest_batch_send(person_ids=chunk)
        profile.disable()
    finally:
        sink.terminate()
        sink.wait(timeout=10)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(
        r"digest/services|smtplib|css_inline|template/base|mail/message|db/models/query"
    )
    print(out.getvalue()[:6000])
    print(
        f"{sent} messages in {wall:.2f} s wall ({sent / wall:.0f}/s), "
        f"{cpu / sent * 1000:.2f} ms CPU per message in the worker process"
        " (without the profiler)"
    )
    total = cpu
    for name, seconds in elsewhere.items():
        total += seconds
        print(f"{seconds / sent * 1000:.2f} ms CPU per message in the {name}")
    print(
        f"{total / sent * 1000:.2f} ms CPU per message in all: at most "
        f"{sent / total:.0f} messages/s per core busy with nothing else"
    )


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class QuietSink:
    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 2.0.0 Accepted"


if __name__ == "__main__":
    main()
