"""One process of `make run`'s embedded set-up, for tests/digest/test_sending.py.

    python -m tests.digest.embedded_tick setup <people>
    python -m tests.digest.embedded_tick tick <ready-file> <go-file>

Run with DATABASE_URL pointing at an SQLite file. ``setup`` adds the people and an
offer for their digests; ``tick`` waits for the go-file, then does what one digest
tick and its batch do on a worker, and prints how many it sent as JSON. Both travel
to the same Monday morning, when weekly digests are due.
"""

import json
import sys
import time
from pathlib import Path

import django
import time_machine

from tests.digest.conftest import MONDAY_MORNING


def main(command: str, *args: str) -> None:
    django.setup()
    from portal.digest import services
    from tests.factories import PersonFactory
    from tests.programmes.factories import OfferFactory

    with time_machine.travel(MONDAY_MORNING, tick=True):
        if command == "setup":
            OfferFactory()
            # No password: hashing one properly takes a good part of a second.
            PersonFactory.create_batch(int(args[0]), password=None)
            return
        ready, go = Path(args[0]), Path(args[1])
        ready.touch()
        while not go.exists():
            time.sleep(0.01)
        result = services.digest_batch_send(person_ids=services.due_ids())
        print(json.dumps({"sent": result.sent}))


if __name__ == "__main__":
    main(*sys.argv[1:])
