"""kombu's Redis transport, made to survive a Redis restart (issue 18).

What went wrong, read from celery and kombu 5.7.0 with redis-py 8.1.0. When the broker
connection drops, celery's consumer (``Consumer.on_connection_error_after_connected``)
calls ``Connection.collect()`` and then ``Connection.close()`` under ``ignore_errors``,
which swallows connection errors only. ``collect()`` closes the default channel (the
task channel), then every channel of the transport, then clears the transport's
``client`` (the kombu Connection holding host, port and database). With Redis down:

1. the task channel, caught waiting in ``BRPOP``, fails its first close while reading
   that reply (swallowed), before it is marked closed;
2. closing the transport's channels starts with the newest, the remote-control
   (pidbox) channel, whose auto-delete queue cannot be deleted: the error ends the
   loop (swallowed) before the task channel is closed again;
3. the transport's ``client`` is set to None;
4. ``Connection.close()`` closes the task channel once more. This time it goes through:
   it drops its connection pools, then hands back its unacknowledged messages (a
   running ``acks_late`` task), which needs a new pool built from
   ``self.connection.client.hostname``: ``AttributeError("'NoneType' object has no
   attribute 'hostname'")``. It is not a connection error, so it escapes and the
   worker stops with "Unrecoverable error".

It takes a running task, the task channel in ``BRPOP`` and the drop seen first on
another socket, which is why it struck in one run in three. No broker setting avoids
it (remote control must stay on for the health check's ``celery inspect ping``). So
the channel remembers the connection parameters it was created with: the late restore
then meets Redis itself and either succeeds (Redis is back) or fails with a connection
error, which celery ignores while it reconnects.
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
