"""The privacy notice at /privacy/: written by a migration in three languages, linked from
every page's footer, changed by staff in the admin."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import translation

from core import page_cache
from core.models import Page
from tests.privacy import migration, privacy_notice

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "prefix", "title", "heading"),
    [
        ("en", "", "Privacy notice", "How long we keep it"),
        ("fr", "/fr", "Politique de confidentialité", "Combien de temps nous le gardons"),
        ("es", "/es", "Aviso de privacidad", "Cuánto tiempo lo conservamos"),
    ],
)
def test_the_notice_reads_in_each_language(client, language, prefix, title, heading):
    privacy_notice()
    response = client.get(f"{prefix}/privacy/")
    assert response.status_code == 200
    html = text(response)
    assert f"<h1>{title}</h1>" in html
    assert f"<h2>{heading}</h2>" in html
    assert f'<html lang="{language}"' in html


def test_the_notice_says_what_applicants_need_to_know(client):
    privacy_notice()
    html = text(client.get("/privacy/"))
    for section in (
        "What we collect",
        "Why",
        "Who reads it",
        "How we protect it",
        "How long we keep it",
        "Your rights",
    ):
        assert f"<h2>{section}</h2>" in html
    assert "encrypted before they are stored" in html
    assert "erase" in html


def test_every_page_links_to_the_notice_in_its_footer(client):
    privacy_notice()
    html = text(client.get("/fr/"))
    assert '<a href="/fr/privacy/">Politique de confidentialité</a>' in html


def test_the_notice_costs_one_query(client, django_assert_num_queries):
    privacy_notice()
    with django_assert_num_queries(1):
        client.get("/privacy/")


def test_without_its_row_the_address_answers_404(client):
    Page.objects.all().delete()
    assert client.get("/privacy/").status_code == 404


def test_the_sitemap_lists_the_notice_in_three_languages(client):
    xml = text(client.get("/sitemap.xml"))
    for address in ("/privacy/", "/fr/privacy/", "/es/privacy/"):
        assert f"<loc>http://testserver{address}</loc>" in xml


def test_the_migration_writes_it_again_without_a_second_row():
    privacy_notice()
    migration.write_privacy_notice(apps, None)
    assert Page.objects.count() == 1


def test_editors_and_programme_managers_may_change_it_not_add_or_delete_it(client, monkeypatch):
    page = privacy_notice()
    # The migration's function is written for a migration's own app registry, and sets the
    # app's `models_module` to None when done. Given the project's registry, that would make
    # every later flush in this process skip core's permissions (post_migrate passes over an
    # app without models): monkeypatch gives the attribute back after the test.
    core = apps.get_app_config("core")
    monkeypatch.setattr(core, "models_module", core.models_module)
    for name in ("Editors", "Programme managers"):
        Group.objects.get_or_create(name=name)
    migration.let_staff_change_it(apps, None)
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    assert set(
        Permission.objects.filter(group__name="Editors", content_type__app_label="core")
        .filter(codename__endswith="_page")
        .values_list("codename", flat=True)
    ) == {"view_page", "change_page"}
    client.force_login(editor)

    change = reverse("admin:core_page_change", args=[page.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:core_page_add")).status_code == 403
    assert client.get(reverse("admin:core_page_delete", args=[page.pk])).status_code == 403


def test_a_change_in_the_admin_shows_on_the_page_and_in_the_history(admin_client):
    page = privacy_notice()
    change = reverse("admin:core_page_change", args=[page.pk])
    form = {
        "title_en": "Privacy notice",
        "title_fr": page.title_fr,
        "title_es": page.title_es,
        "summary_en": "In short: we keep little, and not for long.",
        "summary_fr": page.summary_fr,
        "summary_es": page.summary_es,
        "body_en": "<p>We keep little.</p>",
        "body_fr": page.body_fr,
        "body_es": page.body_es,
    }
    response = admin_client.post(change, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    page_cache.invalidate()

    html = text(admin_client.get("/privacy/"))
    assert "In short: we keep little, and not for long." in html
    assert "<p>We keep little.</p>" in html
    with translation.override("fr"):
        assert "Combien de temps" in Page.objects.get().body
    assert page.history.count() >= 1
