from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from core import page_cache

        from . import models, sharing

        sharing.register()

        # Everything the public pages show (see impact/apps.py, which also registers the
        # applications and feedback its live figures count); a call opening or closing
        # changes the programme pages at that second.
        page_cache.register(models.Programme)
        page_cache.register(models.Edition, times=("publish_at", "call_opens", "call_closes"))
        page_cache.register(models.Component)
        page_cache.register(models.Criterion)
        page_cache.register(models.Participant)
        page_cache.register(models.Testimonial, times=("publish_at",))
