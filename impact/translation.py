"""The review's translated fields (django-modeltranslation), and their history.

Each field listed here gets a column per language (``title_en``, ``title_fr``, ``title_es``);
reading ``highlight.title`` gives the reader's language, or English where nothing was written.
Read by modeltranslation's ``ready()``, before the admin's.

The history (django-simple-history) is registered here rather than on the models, after the
translated columns exist, so that every version records the three languages and restoring
one restores them all (simple-history's documented way to use both).
"""

import simple_history
from modeltranslation.fields import TranslationField
from modeltranslation.translator import TranslationOptions, register

from ishr_site.translated_fields import store_untranslated_as_blank

from .models import AnnualReview, Highlight, KeyFigure, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    # Names are unique; an untranslated name is stored as NULL, which unique lets repeat.
    empty_values = {"name": None}


@register(AnnualReview)
class AnnualReviewTranslation(TranslationOptions):
    fields = ("title", "intro", "video_title", "outlook")
    required_languages = ("en",)


@register(Highlight)
class HighlightTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = ("en",)


@register(KeyFigure)
class KeyFigureTranslation(TranslationOptions):
    fields = ("label",)
    required_languages = ("en",)


# Each version keeps the language columns; the original column (``title``), a copy of one of
# them that nothing reads, is left out, or every edit would list it as a change too.
simple_history.register(Theme, excluded_fields=["name"])
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


def _history_columns_not_unique(model):
    """A historical table holds many versions of a row, so simple-history drops `unique` from
    its columns; but a translated column describes itself (in migrations) from the original
    field, unique included, and a theme's second version then broke the history table's
    unique index (django-simple-history #1299). Make the description match.

    Private: written against django-modeltranslation 0.20.6 and django-simple-history 3.13,
    where `TranslationField.deconstruct()` adds `_field_options_kwargs` (which the public
    `TranslationOptions.field_options` fills) to the original field's arguments; no public
    option reaches the history's copy of a field alone. `tests/test_content_translation.py::
    test_private_field_options_kwargs_still_describe_the_history_columns` fails if an
    upgrade changes this (and `makemigrations --check` would then want to alter them).
    """
    for field in model.history.model._meta.fields:
        if isinstance(field, TranslationField) and field.translated_field.unique:
            field._field_options_kwargs = {"unique": False, "db_index": True}


_history_columns_not_unique(Theme)
for model in (Theme, AnnualReview, Highlight, KeyFigure):
    store_untranslated_as_blank(model)
