"""kombu's Redis transport, made to survive a Redis restart (issue 18).

What went wrong, read from celery and kombu 5.7.0 with redis-py 8.1.0: when the broker
connection drops, celery's consumer (``Consumer.on_connection_error_after_connected``)
first calls ``Connection.collect()`` and then ``Connection.close()``. ``collect()``
closes the channels and then clears the transport's ``client`` (the kombu Connection
that holds the host, port and database). Closing a channel with Redis down raises a
connection error part-way; ``Transport.close_connection`` stops at the first channel
that raises, so when the pidbox channel (remote control, an auto-delete fanout queue
whose deletion fails) is closed before the task channel, the task channel is left
open. ``Connection.close()`` then closes it: its ``close()`` has already dropped its
connection pool, so restoring its unacknowledged messages (``QoS.restore_unacked``)
builds a new pool from ``self.connection.client.hostname``, and the client is now
None. The ``AttributeError`` is not a connection error, so ``ignore_errors`` lets it
through and the worker stops with "Unrecoverable error". It needs an unacknowledged
message (a running ``acks_late`` task) and the task channel caught mid-``BRPOP``,
which is why it happened in one run in three. An ``ack`` of a task that finished after
the drop takes the same path.

No broker setting avoids it (remote control must stay on for ``celery inspect ping``),
and the ordering is the same in the kombu we run. So the channel remembers the
connection parameters it was created with: a late restore or ack then meets Redis
itself, and either succeeds (Redis is back) or fails with a connection error, which
celery already ignores while it reconnects.
``tests/ops/test_redis_restart.py`` replays the sequence and runs real workers.
"""

from typing import Any

from kombu.transport import redis


class Channel(redis.Channel):
    _remembered_connparams: dict[bool, dict[str, Any]]

    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        remembered = self.__dict__.setdefault("_remembered_connparams", {})
        if asynchronous not in remembered:
            remembered[asynchronous] = super()._connparams(asynchronous=asynchronous)
        return dict(remembered[asynchronous])


class Transport(redis.Transport):
    Channel = Channel
