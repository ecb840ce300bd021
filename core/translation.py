"""Themes' translated name (django-modeltranslation) and their history; impact/translation.py
explains both.
"""

import simple_history
from modeltranslation.fields import TranslationField
from modeltranslation.translator import TranslationOptions, register

from .models import Page, Theme
from .translated_fields import store_untranslated_as_blank


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    # Names are unique; an untranslated name is stored as NULL, which unique lets repeat.
    empty_values = {"name": None}


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("en",)


# The history's table keeps the name it had when themes belonged to the review.
simple_history.register(Theme, excluded_fields=["name"], table_name="impact_historicaltheme")


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
            field._field_options_kwargs = {"unique": False, "db_index": True}  # type: ignore[attr-defined]


_history_columns_not_unique(Theme)
store_untranslated_as_blank(Theme)
store_untranslated_as_blank(Page)
simple_history.register(Page, excluded_fields=["updated_at", *PageTranslation.fields])
