from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext_lazy as _


class IshrSiteConfig(AppConfig):
    name = "ishr_site"
    verbose_name = _("ISHR site")

    def ready(self):
        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)
        checks.register(site_url_check, checks.Tags.security, deploy=True)


class SiteAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the site's own AdminSite as `admin.site` (ishr_site/admin_site.py)."""

    default_site = "ishr_site.admin_site.SiteAdmin"
    # Not the configuration of the app "ishr_site", which is IshrSiteConfig.
    default = False


def shared_cache_check(app_configs, **kwargs):
    """Without a shared cache, each gunicorn worker keeps its own copy of the public pages
    and its own rate-limit counters: an edit would show in one worker and not the next."""
    if settings.REDIS_URL:
        return []
    return [
        checks.Warning(
            "REDIS_URL is not set: the page cache and the rate limits are kept per process.",
            hint="Set REDIS_URL so that every worker and machine shares them, or run a "
            "single process.",
            id="ishr_site.W001",
        )
    ]


def site_url_check(app_configs, **kwargs):
    """The page cache stores only pages asked for at SITE_URL's host: if ALLOWED_HOSTS does
    not name it, every reader is refused there or comes through another host, and no page
    is ever stored (each is rendered at every request)."""
    domain, _port = split_domain_port(urlsplit(settings.SITE_URL).netloc)
    if domain and validate_host(domain, settings.ALLOWED_HOSTS):
        return []
    return [
        checks.Warning(
            f"SITE_URL ({settings.SITE_URL}) is not on a host of ALLOWED_HOSTS: the public "
            "pages are never stored by the page cache, and their links name another host.",
            hint="Set SITE_URL to the public address (https://…) and DJANGO_ALLOWED_HOSTS to "
            "include its host.",
            id="ishr_site.W002",
        )
    ]
