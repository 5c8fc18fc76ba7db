"""Celery tasks for data exports: thin adapters over `portal.personal_data.export`."""

import logging

from celery import shared_task

from portal.personal_data import export

logger = logging.getLogger(__name__)


@shared_task(name="portal.personal_data.tasks.build_data_export", acks_late=True)
def build_data_export(export_id: str) -> None:
    # No retries: a build that fails is marked failed and the person can ask again;
    # one that dies with its worker is redelivered (acks_late) and builds from scratch.
    export.export_build(export_id=export_id)


@shared_task(name="portal.personal_data.tasks.delete_expired_exports", acks_late=True)
def delete_expired_exports() -> int:
    deleted = export.exports_expire()
    if deleted:
        logger.info("Deleted %d expired data export files", deleted)
    return deleted
