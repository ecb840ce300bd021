"""The privacy notice as its migration writes it: transactional tests (the browser's) empty
the database after each, and a test that needs the page makes it again."""

from importlib import import_module

from django.apps import apps

from core.models import Page

migration = import_module("core.migrations.0003_privacy_notice")


def privacy_notice() -> Page:
    migration.write_privacy_notice(apps, None)
    return Page.objects.get(slug=Page.Slug.PRIVACY)
