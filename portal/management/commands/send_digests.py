"""Send the digests that are due now, or show one person's digest without sending it."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.digest import services, tasks
from portal.models import Person


class Command(BaseCommand):
    help = "Queue the digests that are due now (what beat does hourly), or print one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Send nothing; say what would be sent."
        )
        parser.add_argument("--person", metavar="EMAIL", help="Only this person.")

    def handle(self, *args, dry_run: bool, person: str | None, **options) -> None:
        if person:
            found = Person.objects.filter(email__iexact=person).first()
            if found is None:
                raise CommandError(f"No one has the email address {person}.")
            self._one(found, dry_run=dry_run)
            return
        if dry_run:
            ids = services.due_ids()
            self.stdout.write(f"{len(ids)} people are due a digest now. Nothing was sent.")
            return
        count = tasks.digest_tick()
        self.stdout.write(f"Queued digests for {count} people.")

    def _one(self, person: Person, *, dry_run: bool) -> None:
        digest = services.preview(person)
        if digest is None:
            self.stdout.write(f"{person.email} has nothing new: no digest would be sent.")
            return
        message = services.render_digest(digest, delivery=None)
        self.stdout.write(f"To: {person.email}\nSubject: {message.subject}\n\n{message.body}")
        if dry_run:
            self.stdout.write("Dry run: nothing was sent.")
            return
        result = services.digest_batch_send(person_ids=[person.pk])
        self.stdout.write(
            "Sent." if result.sent else "Not sent: not due now, or already sent this period."
        )
