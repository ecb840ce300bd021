"""Marking content shown in English on a French or Spanish page.

Where an editor has not translated a field, readers get the English (modeltranslation's
fallback). The element holding it then says so with ``lang="en"``, so that a screen reader
pronounces it as English and a browser's translation offer knows what it is (WCAG 3.1.2,
language of parts)::

    <div class="rich-text"{{ highlight|lang_of:"body" }}>{{ highlight.body|safe }}</div>

Sighted readers are told too, in the page's language, before a long text shown in English
(``{% untranslated_notice highlight "body" %}``).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, get_language

register = template.Library()


@register.filter
def lang_of(obj, field: str) -> str:
    """`` lang="en"`` when `obj`'s `field` is shown in English on a page in another language;
    nothing otherwise (an English page, a translated field, an empty one)."""
    language, default = get_language(), mt_settings.DEFAULT_LANGUAGE
    if obj is None or language == default:
        return ""
    try:
        translated = translator.get_options_for_model(type(obj)).all_fields
    except NotRegistered:
        return ""
    if field not in translated:
        return ""
    if getattr(obj, build_localized_fieldname(field, language), None):
        return ""
    if not getattr(obj, build_localized_fieldname(field, default), None):
        return ""
    return mark_safe(f' lang="{default}"')


@register.filter
def lang_text(obj, field: str):
    """The field's text for running text: wrapped in ``<span lang="en">`` when it is shown in
    English on a page in another language, as it is otherwise."""
    value = getattr(obj, field)
    marker = lang_of(obj, field)
    return format_html("<span{}>{}</span>", marker, value) if marker else value


@register.simple_tag
def untranslated_notice(obj, field: str) -> str:
    """A short notice, in the page's language, where `obj`'s `field` is shown in English on a
    page in another language (as `lang_of` decides); nothing otherwise. It goes before the
    element, outside its ``lang="en"``."""
    if not lang_of(obj, field):
        return ""
    return format_html(
        '<p class="untranslated-notice">{}</p>', _("This part has not been translated yet.")
    )
