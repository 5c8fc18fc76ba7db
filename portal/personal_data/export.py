"""Taking your data away: request a copy, build it in the background, hand it over.

One export runs at a time per person. The task builds a ZIP of one JSON and one CSV
file per table the apps contribute (``registry.exporters()``), plus a README.txt that
says what each file holds; the file is kept for ``EXPORT_KEEP_HOURS`` and then
deleted by the beat task ``delete_expired_exports``. Downloads are served by a view
that checks the owner, never from a public media address.
"""

from __future__ import annotations

import datetime
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from portal.lib.csv import csv_text
from portal.models import Person
from portal.personal_data import registry
from portal.personal_data.models import DataExport, ExportStatus

logger = logging.getLogger(__name__)

EXPORT_KEEP_HOURS = 48
# A worker that dies mid-build leaves its export "running"; after this long it is taken
# as failed, so it neither blocks a new request nor shows progress that never moves.
STALE_AFTER = datetime.timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)


@dataclass(frozen=True)
class ExportRequest:
    export: DataExport
    created: bool

    @property
    def message(self) -> str:
        if self.created:
            return "We are preparing a copy of your data. It usually takes less than a minute."
        return (
            "We are already preparing a copy of your data. "
            "You can download it from this page when it is ready."
        )


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------
@transaction.atomic
def export_request(*, person: Person) -> ExportRequest:
    """Start an export, or give back the one already under way."""
    # The person's own row is the lock: two clicks at once queue one export, not two.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    now = timezone.now()
    _fail_stale(DataExport.objects.filter(person=person), now)
    running = DataExport.objects.filter(person=person).unfinished().first()
    if running is not None:
        return ExportRequest(export=running, created=False)
    export = DataExport.objects.create(
        person=person, status=ExportStatus.QUEUED, progress_total=len(sections())
    )
    from portal.personal_data import tasks

    tasks.build_data_export.delay_on_commit(str(export.pk))
    return ExportRequest(export=export, created=True)


def _fail_stale(exports, now: datetime.datetime) -> int:
    return (
        exports.unfinished()
        .filter(created_at__lt=now - STALE_AFTER)
        .update(status=ExportStatus.FAILED, finished_at=now)
    )


# ---------------------------------------------------------------------------
# What an export shows its owner
# ---------------------------------------------------------------------------
def is_expired(export: DataExport, now: datetime.datetime | None = None) -> bool:
    return export.expires_at is not None and export.expires_at <= (now or timezone.now())


def is_downloadable(export: DataExport, now: datetime.datetime | None = None) -> bool:
    return export.status == ExportStatus.READY and bool(export.file) and not is_expired(export, now)


def download_name(export: DataExport) -> str:
    made = timezone.localtime(export.finished_at or export.created_at)
    return f"leadership-portal-your-data-{made:%Y-%m-%d}.zip"


def export_downloaded(*, export: DataExport) -> None:
    if export.downloaded_at is None:
        export.downloaded_at = timezone.now()
        export.save(update_fields=["downloaded_at"])


# ---------------------------------------------------------------------------
# Building the ZIP
# ---------------------------------------------------------------------------
def sections() -> list[registry.Exporter]:
    return registry.exporters()


def export_build(*, export_id: str) -> DataExport | None:
    """Build one export's ZIP. Safe to run twice: a finished export is left alone."""
    export = DataExport.objects.select_related("person").filter(pk=export_id).first()
    if export is None or export.status in (ExportStatus.READY, ExportStatus.FAILED):
        return export
    todo = sections()
    export.status = ExportStatus.RUNNING
    export.progress_done = 0
    export.progress_total = len(todo)
    export.save(update_fields=["status", "progress_done", "progress_total"])
    try:
        with tempfile.TemporaryFile() as scratch:
            _write_zip(scratch, export, todo)
            scratch.seek(0)
            export.file.save(f"{export.pk}.zip", File(scratch), save=False)
    except Exception:
        logger.exception("Data export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    export.status = ExportStatus.READY
    export.finished_at = now
    export.expires_at = now + datetime.timedelta(hours=EXPORT_KEEP_HOURS)
    saved = DataExport.objects.filter(pk=export.pk).update(
        file=export.file.name,
        status=export.status,
        finished_at=now,
        expires_at=export.expires_at,
    )
    if not saved:
        # The person erased their account while we built it: keep nothing.
        export.file.delete(save=False)
        return None
    _retire_older(export, now)
    return export


def _retire_older(export: DataExport, now: datetime.datetime) -> None:
    """Keep only a person's newest copy: fewer copies of their data lying about, and a
    bound on what repeated requests can store."""
    older = DataExport.objects.filter(person_id=export.person_id, created_at__lt=export.created_at)
    for previous in older.exclude(file=""):
        previous.file.delete(save=False)
    older.filter(expires_at__isnull=False, expires_at__gt=now).update(expires_at=now, file="")
    older.exclude(file="").update(file="")


def _write_zip(target, export: DataExport, todo: list[registry.Exporter]) -> None:
    person = export.person
    listing: list[tuple[str, str, str, int]] = []  # (file stem, section title, key, rows)
    used: set[str] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, section in enumerate(todo, start=1):
            for stem, rows in section.collect(person).items():
                name = stem if stem not in used else f"{section.key}-{stem}"
                used.add(name)
                archive.writestr(f"{name}.json", to_json(rows))
                archive.writestr(f"{name}.csv", to_csv(rows))
                listing.append((name, section.title, section.key, len(rows)))
            # One UPDATE a section: the progress page reads it while the build goes on.
            DataExport.objects.filter(pk=export.pk).update(progress_done=done)
        archive.writestr("README.txt", readme(person, listing, timezone.now()))


# ---------------------------------------------------------------------------
# File formats
# ---------------------------------------------------------------------------
def plain(value: object) -> object:
    """A value as JSON holds it: dates and times in ISO 8601 (UTC), decimals as text."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value


def to_json(rows: list[dict]) -> str:
    return json.dumps(
        [{key: plain(value) for key, value in row.items()} for row in rows],
        ensure_ascii=False,
        indent=2,
    )


def to_csv(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    return csv_text(
        columns or None, ([plain(row.get(column)) for column in columns] for row in rows)
    )


def readme(person: Person, listing: list[tuple[str, str, str, int]], now) -> str:
    site = settings.SITE_NAME
    made = timezone.localtime(now)
    lines = [
        f"Your data from the {site}",
        "=" * (len(site) + 19),
        "",
        f"Prepared on {made:%d %B %Y at %H:%M} (UK time) for the account {person.email}.",
        "",
        "This archive holds everything the portal keeps about you, one table at a time.",
        "Each table comes twice: a .json file, for taking your data to another service,",
        "and a .csv file, which opens in a spreadsheet. The two hold the same rows.",
        "",
        "- Dates are written year-month-day; times are in UTC (the Z at the end).",
        "- In the .csv files, a cell that begins with = + - or @ starts with an apostrophe,",
        "  so that a spreadsheet shows it as text and never runs it as a formula.",
        "- An empty file means the portal holds nothing of that kind about you.",
        "- Other people's names, email addresses and words are left out: for example,",
        "  the people you asked for 360 feedback, the other members of your action",
        "  learning sets and the person you are matched with for mentoring. 360 results",
        "  are the average of your raters' answers, shown once enough people answered.",
        "",
        "Files",
        "-----",
    ]
    title = None
    for stem, section_title, _key, count in listing:
        if section_title != title:
            lines += ["", section_title]
            title = section_title
        rows = "1 row" if count == 1 else f"{count} rows"
        lines.append(f"  {stem}.json, {stem}.csv ({rows})")
    lines += [
        "",
        "Questions",
        "---------",
        f"Write to {settings.SUPPORT_EMAIL} if anything is missing or wrong. You can",
        "correct your profile yourself, and erase your account from the Your data page.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------
def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of exports past their time; their pages then say they expired.

    The rows stay (without a file) so that an old link explains itself instead of
    saying "not found". Returns how many files were deleted.
    """
    now = now or timezone.now()
    _fail_stale(DataExport.objects.all(), now)
    deleted = 0
    for export in DataExport.objects.expired(now).exclude(file=""):
        # Storage first, then the row: a crash in between leaves a row that the next
        # run tries again, never a file that nothing points at.
        export.file.delete(save=False)
        DataExport.objects.filter(pk=export.pk).update(file="")
        deleted += 1
    return deleted
