"""The review's translated fields (django-modeltranslation), and their history.

Each field listed here gets a column per language (``title_en``, ``title_fr``, ``title_es``);
reading ``highlight.title`` gives the reader's language, or English where nothing was written.
Read by modeltranslation's ``ready()``, before the admin's.

The history (django-simple-history) is registered here rather than on the models, after the
translated columns exist, so that every version records the three languages and restoring
one restores them all (simple-history's documented way to use both).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from core.translated_fields import store_untranslated_as_blank

from .models import AnnualReview, Highlight, KeyFigure


@register(AnnualReview)
class AnnualReviewTranslation(TranslationOptions):
    fields = ("title", "intro", "video_title", "outlook")
    required_languages = ("en",)


@register(Highlight)
class HighlightTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt", "partners")
    required_languages = ("en",)


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en",)


# Each version keeps the language columns; the original column (``title``), a copy of one of
# them that nothing reads, is left out, or every edit would list it as a change too.
simple_history.register(
    AnnualReview,
    excluded_fields=["created_at", "updated_at", *AnnualReviewTranslation.fields],
)
simple_history.register(
    Highlight,
    m2m_fields=["themes"],
    excluded_fields=[
        "created_at",
        "updated_at",
        "image_width",
        "image_height",
        "image_renditions",
        *HighlightTranslation.fields,
    ],
)
simple_history.register(KeyFigure, excluded_fields=["label"])


for model in (AnnualReview, Highlight, KeyFigure):
    store_untranslated_as_blank(model)
