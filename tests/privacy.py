"""The privacy notice as its migration writes it: transactional tests (the browser's) empty
the database after each, and a test that needs the page makes it again."""

from importlib import import_module

from django.apps import apps

from core.models import Page

migration = import_module("core.migrations.0003_privacy_notice")


def privacy_notice() -> Page:
    """The notice, written as its migration writes it if it is not there (no new row, and
    no new version in its history, when it is)."""
    page = Page.objects.filter(slug=Page.Slug.PRIVACY).first()
    if page is None:
        migration.write_privacy_notice(apps, None)
        page = Page.objects.get(slug=Page.Slug.PRIVACY)
    return page
