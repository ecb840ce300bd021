"""Applications in the admin: read by staff, never added there, documents downloaded safely."""

import re
import uuid
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from programmes.admin_applications import AnonymisedFilter
from programmes.models import Application

from .conftest import hidden_inputs


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def application(open_2027, settings):
    application = Application(
        edition=open_2027,
        reference="HRDAP27-7K3Q9D",
        submission_token=uuid.uuid4(),
        full_name="Amina Diallo",
        email="amina@example.org",
        country="SN",
        organisation="Ligue des droits",
        role="Advocacy officer",
        advocacy_experience="We pressed parliament.",
        un_engagement="One UPR report.",
        geneva_objectives="Meet the Special Rapporteur.",
        peer_learning="Community radio.",
        english_level="working",
        available_online="yes",
        available_geneva="yes",
        scholarship="full",
        recommending_organisation="Network",
        consent_selection=True,
        consent_share_cohosts=False,
        consent_publication=False,
    )
    application.cv.save("cv.pdf", ContentFile(b"%PDF-1.7 the cv"), save=False)
    application.reference_letter.save("l.pdf", ContentFile(b"%PDF-1.7 a letter"), save=False)
    application.save()
    return application


def test_the_application_list_shows_reference_name_and_status(admin_client, application):
    html = page(admin_client.get(reverse("admin:programmes_application_changelist")))
    assert "HRDAP27-7K3Q9D" in html and "Amina Diallo" in html and "Submitted" in html


def test_the_application_list_searches_by_reference(admin_client, application):
    url = reverse("admin:programmes_application_changelist")
    assert "Amina Diallo" in page(admin_client.get(url, {"q": "7K3Q9D"}))
    assert "Amina Diallo" not in page(admin_client.get(url, {"q": "nobody"}))


def test_staff_cannot_add_an_application_in_the_admin(admin_client, db):
    assert admin_client.get(reverse("admin:programmes_application_add")).status_code == 403


def test_the_application_page_shows_the_answers_read_only_and_links_the_files(
    admin_client, application
):
    html = page(
        admin_client.get(reverse("admin:programmes_application_change", args=[application.pk]))
    )
    assert "We pressed parliament." in html
    assert 'name="full_name"' not in html  # answers are the applicant's, not editable
    assert 'name="status"' in html
    cv_url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    assert f'href="{cv_url}"' in html


def labels_and_headings(html: str) -> list[str]:
    """The words staff read beside each answer and above each group of answers."""
    found = re.findall(r"<(?:label|h2)[^>]*>(.*?)</(?:label|h2)>", html, flags=re.S)
    return [unescape(re.sub(r"<[^>]+>", "", text)).strip().rstrip(":") for text in found]


def test_the_application_page_names_the_answers_as_staff_read_them(admin_client, application):
    html = page(
        admin_client.get(reverse("admin:programmes_application_change", args=[application.pk]))
    )
    shown = labels_and_headings(html)
    for label in [
        "Country",
        "Role",
        "Advocacy at home",
        "Engagement with the UN",
        "Aims in Geneva",
        "Contribution to the group",
        "Notes on availability",
        "About the applicant",
        "Their work",
    ]:
        assert label in shown
    assert [text for text in shown if text.startswith(("Your ", "What you", "Tell us"))] == []
    assert "Your advocacy at home" not in html and "Country where you work" not in html


def test_staff_may_change_the_status(admin_client, application):
    url = reverse("admin:programmes_application_change", args=[application.pk])
    form = hidden_inputs(page(admin_client.get(url)))
    response = admin_client.post(url, {**form, "status": "shortlisted"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "shortlisted"
    assert application.full_name == "Amina Diallo"


def test_a_document_downloads_as_an_attachment_named_by_reference(admin_client, application):
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 the cv"
    assert response["Content-Disposition"] == 'attachment; filename="HRDAP27-7K3Q9D-cv.pdf"'


def test_each_download_is_recorded_and_listed_on_the_application(admin_client, application):
    from programmes.models import DocumentDownload

    admin_client.get(reverse("admin:programmes_application_file", args=[application.pk, "cv"]))
    letter = ["admin:programmes_application_file", [application.pk, "reference_letter"]]
    admin_client.get(reverse(letter[0], args=letter[1]))
    records = DocumentDownload.objects.order_by("pk")
    assert [(r.document, r.downloaded_by.username) for r in records] == [
        ("cv", "admin"),
        ("reference_letter", "admin"),
    ]
    url = reverse("admin:programmes_application_change", args=[application.pk])
    downloads = page(admin_client.get(url)).split("Document downloads")[1]
    assert "CV" in downloads and "reference letter" in downloads


def test_a_refused_download_is_not_recorded(client, application, django_user_model):
    from programmes.models import DocumentDownload

    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    assert client.get(url).status_code == 404
    assert not DocumentDownload.objects.exists()


def test_a_programme_manager_reads_the_download_record(client, application, django_user_model):
    from django.contrib.auth.models import Group

    manager = django_user_model.objects.create_user("manager", password="x", is_staff=True)
    manager.groups.add(Group.objects.get(name="Programme managers"))
    client.force_login(manager)
    client.get(reverse("admin:programmes_application_file", args=[application.pk, "cv"]))
    url = reverse("admin:programmes_application_change", args=[application.pk])
    assert "manager" in page(client.get(url)).split("Document downloads")[1]


def test_a_document_is_not_downloadable_without_login(client, application):
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permission_on_applications_cannot_download(
    client, application, django_user_model
):
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_highlight"))
    client.force_login(user)
    url = reverse("admin:programmes_application_file", args=[application.pk, "cv"])
    response = client.get(url)
    assert response.status_code == 404
    assert b"the cv" not in response.content


@pytest.mark.parametrize("group", ["Editors", "Reviewers"])
def test_a_document_staff_may_not_see_is_not_found_as_if_it_did_not_exist(
    client, application, make_staff, group
):
    # A 403 would confirm that the application exists; SECURITY.md promises 404.
    client.force_login(make_staff("staff", group))
    for pk in (application.pk, application.pk + 1000):
        for field in ("cv", "reference_letter"):
            url = reverse("admin:programmes_application_file", args=[pk, field])
            response = client.get(url)
            assert response.status_code == 404, url
            assert "We could not find that page" in page(response)


def test_only_the_two_document_fields_can_be_downloaded(admin_client, application):
    url = reverse("admin:programmes_application_file", args=[application.pk, "email"])
    assert admin_client.get(url).status_code == 404


def test_documents_have_no_public_address(client, application, settings):
    name = application.cv.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/{settings.PRIVATE_MEDIA_ROOT.name}/{name}").status_code == 404
    assert not re.search(r"private|applications/cv", str(settings.MEDIA_ROOT))


def test_deleting_an_application_in_the_admin_deletes_its_files(
    admin_client, application, settings, django_capture_on_commit_callbacks
):
    stored = settings.PRIVATE_MEDIA_ROOT / application.cv.name
    url = reverse("admin:programmes_application_delete", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"post": "yes"})
    assert not Application.objects.exists()
    assert not stored.exists()


def test_the_edition_list_counts_applications(admin_client, application):
    html = page(admin_client.get(reverse("admin:programmes_edition_changelist")))
    assert re.search(r'class="field-applicants">1<', html)
    assert re.search(r'class="field-selected">0<', html)


def test_the_edition_page_shows_live_figures_from_applications_and_feedback(
    admin_client, application
):
    from programmes.models import FeedbackResponse

    edition = application.edition
    application.status = "selected"
    application.save()
    FeedbackResponse.objects.create(edition=edition, satisfaction=5)
    FeedbackResponse.objects.create(edition=edition, satisfaction=2)
    url = reverse("admin:programmes_edition_change", args=[edition.pk])
    figures = page(admin_client.get(url)).split('class="live-figures">')[1].split("</dl>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", figures).split())
    assert text == (
        "Applicants 1 Places 16 Selected 1 Satisfied or very satisfied 50% (2 responses)"
    )


# --- Addresses staff may alter by hand ------------------------------------------------------


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", "Reviewers")


@pytest.fixture
def review(application, reviewer):
    from programmes.models import Review

    return Review.objects.create(application=application, reviewer=reviewer)


@pytest.mark.parametrize("model", ["application", "review"])
@pytest.mark.parametrize("who", ["manager", "reviewer"])
def test_a_document_address_whose_id_is_not_a_number_is_not_found(
    client, review, manager, reviewer, model, who
):
    client.force_login(manager if who == "manager" else reviewer)
    response = client.get(f"/admin/programmes/{model}/abc/file/cv/")
    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_a_nul_character_in_a_filter_is_refused(client, manager, application):
    # PostgreSQL refuses NUL in any text it is given.
    client.force_login(manager)
    response = client.get(reverse("admin:programmes_application_changelist") + "?country=%00")
    assert response.status_code == 400
    assert "Amina Diallo" not in page(response)


@pytest.mark.parametrize(
    "query", ["email__regex=(", "full_name__startswith=A", "reference__gt=A", "email=a"]
)
def test_the_application_list_filters_by_its_own_filters_only(client, manager, application, query):
    # A lookup typed into the address can probe an applicant's name letter by letter, and an
    # invalid pattern fails in the database.
    client.force_login(manager)
    response = client.get(reverse("admin:programmes_application_changelist") + f"?{query}")
    assert response.status_code == 400
    assert "Amina Diallo" not in page(response)


@pytest.mark.parametrize("query", ["comment__regex=(", "application__full_name__startswith=A"])
def test_a_reviewers_list_filters_by_its_own_filters_only(client, review, reviewer, query):
    client.force_login(reviewer)
    response = client.get(reverse("admin:programmes_review_changelist") + f"?{query}")
    assert response.status_code == 400
    assert "HRDAP27-7K3Q9D" not in page(response)


def filter_links(html: str) -> set[str]:
    """The query strings of the list's filter choices and date drill-down."""
    return {unescape(href) for href in re.findall(r'href="(\?[^"]+)"', html)} - {"?"}


def test_every_filter_the_application_list_offers_works(client, manager, application):
    from programmes.models import Review

    Review.objects.create(application=application, reviewer=manager)
    client.force_login(manager)
    url = reverse("admin:programmes_application_changelist")
    queries = filter_links(page(client.get(url)))
    queries |= filter_links(page(client.get(url, {"submitted_at__year": "2026"})))
    assert len(queries) > 20
    for query in sorted(queries):
        response = client.get(url + query)
        assert response.status_code == 200, query
        assert "e=1" not in response.get("Location", ""), query


def test_every_filter_a_reviewers_list_offers_works(client, review, reviewer):
    client.force_login(reviewer)
    url = reverse("admin:programmes_review_changelist")
    queries = filter_links(page(client.get(url)))
    assert len(queries) >= 4
    for query in sorted(queries):
        assert client.get(url + query).status_code == 200, query


def test_the_anonymisation_filter_says_anonymised_or_not_and_filters_by_it(
    client, manager, application, make_application
):
    anonymised = make_application(
        application.edition, full_name="", anonymised_at=timezone.now(), reference="HRDAP27-ANON01"
    )
    client.force_login(manager)
    url = reverse("admin:programmes_application_changelist")
    html = page(client.get(url))
    choices = re.search(r'data-filter-title="anonymisation".*?</details>', html, flags=re.S)
    assert choices and re.findall(r'<a href="[^"]*">([^<]+)</a>', choices[0]) == [
        "All",
        "Anonymised",
        "Not anonymised",
    ]
    assert "Not empty" not in html

    only_anonymised = page(client.get(url, {"anonymised": "yes"}))
    assert anonymised.reference in only_anonymised
    assert application.reference not in only_anonymised
    not_anonymised = page(client.get(url, {"anonymised": "no"}))
    assert application.reference in not_anonymised
    assert anonymised.reference not in not_anonymised


def test_the_anonymisation_filter_speaks_french_and_spanish():
    choices = AnonymisedFilter(None, {}, Application, None).lookup_choices
    with translation.override("fr"):
        assert [str(label) for _value, label in choices] == ["Anonymisée", "Non anonymisée"]
    with translation.override("es"):
        assert [str(label) for _value, label in choices] == ["Anonimizada", "No anonimizada"]
