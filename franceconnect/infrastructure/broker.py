"""Celery's Redis transport, publishing without building a Redis client per message.

kombu's Redis channel creates a ``redis.Redis`` for every message it publishes; with redis-py 5
and later that constructor copies some two hundred response callbacks (≈ 0.13 ms of CPU here,
a quarter of a publish). Every login publishes its security e-mail's task, so the channel keeps
one client per connection pool (clients are thread-safe; each command borrows a connection).
Consuming (the worker's asynchronous client) is kombu's own.
"""

from kombu.transport import redis as kombu_redis


class Channel(kombu_redis.Channel):
    _publishing_client = None  # (connection pool, client)

    def _create_client(self, asynchronous=False):
        if asynchronous:
            return super()._create_client(asynchronous=True)
        pool = self.pool
        kept = self._publishing_client
        if kept is None or kept[0] is not pool:
            kept = self._publishing_client = (pool, super()._create_client())
        return kept[1]


class Transport(kombu_redis.Transport):
    Channel = Channel
