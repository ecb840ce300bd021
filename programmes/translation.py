"""The programmes' translated fields (django-modeltranslation; see impact/translation.py).

Only what the public pages show: an application, a review or an email template is written
once, in the language its author chose.
"""

from modeltranslation.translator import TranslationOptions, register

from core.translated_fields import store_untranslated_as_blank

from .models import Component, Criterion, Edition, Programme


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
    required_languages = ("en",)


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("summary", "eligibility", "costs", "selection")
    required_languages = ("en",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)


@register(Component)
class ComponentTranslation(TranslationOptions):
    fields = ("name", "place", "description")
    required_languages = ("en",)


for model in (Programme, Edition, Criterion, Component):
    store_untranslated_as_blank(model)
