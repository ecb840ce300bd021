"""Untranslated text is stored as "" (an empty string), as Django stores empty text.

django-modeltranslation makes every language's column nullable and leaves it NULL when a row
is created without it (`Highlight.objects.create(title=...)`), while the admin saves an empty
box as "". The same "not translated" would then be two values, and the first admin save of
such a row would show in its history as a change of every empty translation. Fields whose
empty value is configured as NULL (theme names, which are unique) keep NULL.
"""

from django.db.models.signals import pre_save
from modeltranslation.fields import TranslationField


def store_untranslated_as_blank(model) -> None:
    fields = [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, TranslationField)
        and field.empty_value == ""
        and not field.translated_field.null
    ]

    def blank_for_none(sender, instance, **kwargs):
        for name in fields:
            if getattr(instance, name) is None:
                setattr(instance, name, "")

    pre_save.connect(blank_for_none, sender=model, weak=False, dispatch_uid=f"blank:{model}")
