"""Celery tasks for the digest: thin adapters over `portal.digest.services`.

The tick runs hourly from beat; it only reads who is due and queues their ids in
batches. State lives in the database, so a lost batch, a dead worker or a restarted
Redis costs nothing but time: the next tick queues whoever is still due.
"""

import logging

from celery import shared_task
from django.conf import settings

from portal.digest import services

logger = logging.getLogger(__name__)


@shared_task(name="portal.digest.tasks.digest_tick", acks_late=True)
def digest_tick() -> int:
    ids = services.due_ids()
    # 100 a batch: one batch sends in seconds over one SMTP connection, far inside the
    # task time limits; its IN-lists and rendered emails stay small in memory; and a
    # batch lost with its worker is cheap to redo. 200,000 people are 2,000 messages.
    size = settings.DIGEST_BATCH_SIZE
    for start in range(0, len(ids), size):
        digest_batch.apply_async(args=[ids[start : start + size]], queue=settings.DIGEST_QUEUE)
    if ids:
        logger.info("Digest tick queued %d people in %d batches", len(ids), -(-len(ids) // size))
    return len(ids)


@shared_task(
    bind=True,
    name="portal.digest.tasks.digest_batch",
    acks_late=True,
    max_retries=5,
)
def digest_batch(self, person_ids: list[int]) -> dict:
    result = services.digest_batch_send(person_ids=person_ids)
    if result.retry and self.request.retries < self.max_retries:
        # Only the people whose message met a transient failure (4xx, a dropped
        # connection) are tried again, after a pause that doubles each time. Each
        # delivery also counts its own attempts, so the bound holds even if this
        # retry is lost and the next tick picks them up instead.
        countdown = settings.DIGEST_RETRY_BASE_SECONDS * 2**self.request.retries
        raise self.retry(args=[result.retry], countdown=countdown)
    return {"sent": result.sent, "empty": result.empty, "failed": result.failed}
