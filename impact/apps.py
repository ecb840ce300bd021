from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact review")

    def ready(self):
        from core import page_cache

        from . import models, sharing

        sharing.register()

        # Drafts shown to people without an account through preview links: rendered as the
        # staff preview renders them; the public rows need no preview.
        from core import previews

        from . import views

        previews.register(
            models.AnnualReview,
            render=views.preview_review,
            public=lambda: models.AnnualReview.objects.published(),
        )
        previews.register(
            models.Highlight,
            render=views.preview_highlight,
            public=lambda: models.Highlight.objects.published(),
        )

        # Everything the public pages show: a save or a delete empties the page cache, and
        # so does a publication time coming due.
        page_cache.register(models.AnnualReview, times=("publish_at",))
        page_cache.register(models.Highlight, times=("publish_at",))
        page_cache.register(models.SourceLink)
        page_cache.register(models.KeyFigure)
        # Applications and feedback are public only as the live figures of published
        # reviews: a write to them changes the pages only when those figures change.
        from programmes.models import Application, FeedbackResponse

        from .selectors import shown_live_figures

        page_cache.register(Application, shown=shown_live_figures)
        page_cache.register(FeedbackResponse, shown=shown_live_figures)

        # The review's PDF needs WeasyPrint and the system's Pango: warn when it cannot load.
        from django.core import checks

        from . import pdf

        checks.register(pdf.weasyprint_check)
