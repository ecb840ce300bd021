from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What `impact` and `programmes` share (docs/architecture.md, "Layers")."""

    name = "core"
    # Its one model is the themes both the review and the programmes use.
    verbose_name = _("Themes")

    def ready(self):
        from . import models, page_cache

        page_cache.register(models.Theme)
