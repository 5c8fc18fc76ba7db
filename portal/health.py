"""Cheap checks for /healthz: one query, one ping, each with a short timeout."""

import logging
from functools import cache
from pathlib import Path

import redis
from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)


def database_status(connection) -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("Health check: database unavailable: %s", exc)
        return "unavailable"
    return "ok"


@cache
def _redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)


def broker_status(broker_url: str) -> str:
    if broker_url.startswith("filesystem://"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        return "ok" if folder.is_dir() else "unavailable"
    try:
        _redis_client(broker_url).ping()
    except (redis.RedisError, OSError) as exc:
        logger.warning("Health check: broker unavailable: %s", exc)
        return "unavailable"
    return "ok"
