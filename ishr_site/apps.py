from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.utils.translation import gettext_lazy as _


class IshrSiteConfig(AppConfig):
    name = "ishr_site"
    verbose_name = _("ISHR site")

    def ready(self):
        checks.register(shared_cache_check, checks.Tags.caches, deploy=True)


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
