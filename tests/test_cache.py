"""The Redis cache backend (ishr_site/cache.py) and the Django internal it depends on."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from ishr_site.cache import RedisCache, RedisCacheClient

LOCATION = "redis://127.0.0.1:6379/14"  # no connection is made: pools open on first use


def test_private_redis_cache_class_still_chooses_the_client():
    # `use_client_class` sets Django's private `RedisCache._class` (Django 5.2). If this
    # fails after an upgrade, read django/core/cache/backends/redis.py again and find how
    # the client class is chosen now.
    assert "_class" in vars(DjangoRedisCache(LOCATION, {}))
    assert type(RedisCache(LOCATION, {})._cache) is RedisCacheClient


def test_the_redis_client_is_made_once_and_kept():
    client = RedisCache(LOCATION, {})._cache

    assert client.get_client(write=True) is client.get_client(write=True)
    assert client.get_client("page") is client.get_client("state")
