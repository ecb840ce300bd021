"""Django's Redis cache, keeping its redis-py clients.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` object for every cache
operation (the connection pool is kept, the client is not); that was a third of the time
of a page served from the page cache. redis-py clients are safe to share between threads,
so the one Django made first is kept here, for reads and for writes.
"""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.clients = {}
        self.clients_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        # `get_client` is the method Django names for custom clients to override. With
        # several servers in LOCATION (a primary, then replicas), a process keeps reading
        # from the replica it drew first.
        client = self.clients.get(write)
        if client is None:
            with self.clients_lock:
                client = self.clients.setdefault(write, super().get_client(key, write=write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        use_client_class(self, RedisCacheClient)


def use_client_class(backend: DjangoRedisCache, client_class: type) -> None:
    """Make Django's Redis backend build its client from `client_class`.

    Private: written against Django 5.2, whose `RedisCache.__init__` sets `self._class`
    and whose `_cache` builds the client from it; no public setting chooses the client
    class. `tests/test_cache.py::test_private_redis_cache_class_still_chooses_the_client`
    fails if a Django upgrade changes this.
    """
    backend._class = client_class  # type: ignore[attr-defined]  # private: not in django-stubs
