"""Load the demo content of portal and every app, and print how to sign in."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from portal import demo


class Command(BaseCommand):
    help = (
        "Create sample organisations and one account per persona (safe to run again: "
        "a second run changes nothing). Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even with DEBUG off, for a demo server. Never on a live service.",
        )
        parser.add_argument(
            "--no-sign-ins",
            action="store_true",
            help="Do not print the table of demo sign-ins.",
        )

    def handle(self, *args, force: bool, no_sign_ins: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a live service: demo accounts with "
                "published passwords do not belong there. Use --force on a demo server."
            )
        # Each app's loader is its `demo` package; found now, never at start-up, so no
        # web or worker process carries the demo content.
        autodiscover_modules("demo")
        report = demo.Report()
        with transaction.atomic():
            for name, seed in demo.seeders().items():
                started = time.perf_counter()
                seed(report)
                if options["verbosity"] > 1:
                    self.stdout.write(f"Seeded {name} in {time.perf_counter() - started:.1f} s")

        for line in report.lines():
            self.stdout.write(f"  {line}")
        if report.changed_anything:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write(self.style.SUCCESS("Demo data already in place: nothing changed."))
        if not no_sign_ins:
            self._print_sign_ins()

    def _print_sign_ins(self) -> None:
        rows = [("Persona", "Email", "Password")] + [
            (spec.persona, spec.email, demo.DEMO_PASSWORD) for spec in demo.ACCOUNTS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (sample data only):")
        for number, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())
            if number == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths))
