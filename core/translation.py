"""Themes' translated name (django-modeltranslation) and their history; impact/translation.py
explains both.
"""

import simple_history
from modeltranslation.fields import TranslationField
from modeltranslation.translator import TranslationOptions, register

from .models import Theme
from .translated_fields import store_untranslated_as_blank


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)
    # Names are unique; an untranslated name is stored as NULL, which unique lets repeat.
    empty_values = {"name": None}


# The history's table keeps the name it had when themes belonged to the review.
simple_history.register(Theme, excluded_fields=["name"], table_name="impact_historicaltheme")


def _history_columns_not_unique(model):
    """A historical table holds many versions of a row, so simple-history drops `unique` from
    its columns; but a translated column describes itself (in migrations) from the original
    field, unique included, and a theme's second version then broke the history table's
    unique index (django-simple-history #1299). Make the description match."""
    for field in model.history.model._meta.fields:
        if isinstance(field, TranslationField) and field.translated_field.unique:
            field._field_options_kwargs = {"unique": False, "db_index": True}  # type: ignore[attr-defined]


_history_columns_not_unique(Theme)
store_untranslated_as_blank(Theme)
