from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What `impact` and `programmes` share (docs/architecture.md, "Layers")."""

    name = "core"
    # What staff find here: the themes the review and the programmes use, and the pages
    # written for the whole site (the privacy notice).
    verbose_name = _("Site-wide")

    def ready(self):
        from . import models, page_cache, sharing

        page_cache.register(models.Theme)
        page_cache.register(models.Page)
        sharing.register("privacy")
