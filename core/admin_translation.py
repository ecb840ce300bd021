"""Translated fields in the admin, side by side.

django-modeltranslation's admin lists each translated field once per language, one under the
other. Here each field's languages share a row, English first, so that a translator reads the
English while typing the French or Spanish beside it; on a narrow screen the row wraps
(static/css/admin.css). English is required where the field is; the other languages may stay
empty, and readers then see the English.
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from modeltranslation import settings as mt_settings
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
)
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

if TYPE_CHECKING:
    # For mypy, each mixin is the class it is mixed into; at run time it is a plain class.
    from modeltranslation.admin import TranslationBaseModelAdmin, TranslationInlineModelAdmin

    _Form = forms.BaseForm
    _TranslationAdmin = TranslationBaseModelAdmin[Any]
    _TranslationInline = TranslationInlineModelAdmin[Any, Any]
else:
    _Form = _TranslationAdmin = _TranslationInline = object


def side_by_side(fields, translated) -> list:
    """`fields` (a fieldset's list) with each run of one field's translations made a row."""
    original_of = {
        name: original for original in translated for name in get_translation_fields(original)
    }
    rows: list = []
    groups: dict[str, list[str]] = {}
    for field in fields:
        original = original_of.get(field) if isinstance(field, str) else None
        if original is None:
            rows.append(field)
        elif original in groups:
            groups[original].append(field)
        else:
            groups[original] = [field]
            rows.append(groups[original])
    return [tuple(row) if isinstance(row, list) else row for row in rows]


class EnglishErrorsForm(_Form):
    """A model's `clean()` names its fields (``{"video_title": ...}``); the form has only
    ``video_title_en``, ``video_title_fr``... Such an error goes to the English box, which is
    the one the model checks, instead of failing the request (a form refuses an error for a
    field it does not have). The model's errors reach the form through `add_error(None, …)`."""

    translated_originals: set[str] = set()

    def add_error(self, field, error):
        if field is None and hasattr(error, "error_dict"):
            error = ValidationError(
                {
                    (
                        build_localized_fieldname(name, mt_settings.DEFAULT_LANGUAGE)
                        if name in self.translated_originals and name not in self.fields
                        else name
                    ): messages
                    for name, messages in error.error_dict.items()
                }
            )
        super().add_error(field, error)


def _with_english_errors(form, translated):
    return type(
        form.__name__, (EnglishErrorsForm, form), {"translated_originals": set(translated)}
    )


class SideBySideFieldsets(_TranslationAdmin):
    def get_fieldsets(self, request, obj=None):
        return [
            (
                title,
                {**options, "fields": side_by_side(options["fields"], self.trans_opts.all_fields)},
            )
            for title, options in super().get_fieldsets(request, obj)
        ]


class SideBySideTranslationAdmin(SideBySideFieldsets, TranslationAdmin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _with_english_errors(form, self.trans_opts.all_fields)


class TranslatedInlineMixin(_TranslationInline):
    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_english_errors(formset.form, self.trans_opts.all_fields)
        return formset


class SideBySideStackedInline(
    TranslatedInlineMixin, SideBySideFieldsets, TranslationStackedInline
):
    pass


def translated_search_fields(*names: str) -> list[str]:
    """Search every language: an editor finds a highlight by its French title too."""
    return [localized for name in names for localized in get_translation_fields(name)]
