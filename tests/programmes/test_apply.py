"""Applying to an edition's call: the form, what is stored, and what never is."""

import io
import re
import uuid
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from core.models import PublicationState
from programmes import drafts, services
from programmes.models import Application, ApplicationDraft, KeptUpload, OutgoingEmail
from tests.programmes.conftest import geneva

pytestmark = pytest.mark.usefixtures("frozen_now")

APPLY = "/programmes/hrdap/2027/apply/"
REFERENCE = re.compile(r"HRDAP27-[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}")


def page(response) -> str:
    return response.content.decode()


def pdf(name="cv.pdf", size=2_000) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n" + b"0" * max(size - 9, 0)
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="letter.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.fixture
def edition(open_2027, make_theme):
    open_2027.themes.set([make_theme("Racial justice"), make_theme("Democratic backsliding")])
    return open_2027


def form_token(client) -> str:
    html = page(client.get(APPLY))
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def answers(edition, **overrides) -> dict:
    data = {
        "full_name": "Amina Diallo",
        "email": "amina@example.org",
        "country": "SN",
        "organisation": "Ligue des droits",
        "role": "Advocacy officer",
        "other_focus": "",
        "advocacy_experience": "We pressed parliament to repeal a law on associations.",
        "un_engagement": "One shadow report to the UPR.",
        "geneva_objectives": "Meet the Special Rapporteur on freedom of association.",
        "peer_learning": "Campaigning with community radio.",
        "english_level": "working",
        "available_online": "yes",
        "available_geneva": "yes",
        "availability_notes": "",
        "scholarship": "full",
        "recommending_organisation": "West Africa Defenders Network",
        "cv": pdf(),
        "reference_letter": pdf("letter.pdf"),
        "consent_selection": "on",
        "submit_application": "",
    }
    if "themes" not in overrides:
        data["themes"] = [edition.themes.get(name="Racial justice").pk]
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def submit(client, edition, *, token=None, **overrides):
    data = answers(edition, **overrides)
    data["submission_token"] = token or form_token(client)
    return client.post(APPLY, data)


def at(moment, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- The form -------------------------------------------------------------------------------


def test_apply_page_groups_the_questions_in_sections(client, edition):
    html = page(client.get(APPLY))
    legends = re.findall(r"<legend>(.*?)</legend>", html)  # the questions' have a class
    assert legends == [
        "About you",
        "Your work",
        "The programme and you",
        "Recommendation and documents",
        "Your consent",
    ]


def test_apply_page_states_the_file_limits_beside_each_file(client, edition):
    html = page(client.get(APPLY))
    cv = re.search(r'id="id_cv_helptext"[^>]*>(.*?)</div>', html, re.DOTALL).group(1)
    letter = re.search(r'id="id_reference_letter_helptext"[^>]*>(.*?)</div>', html, re.DOTALL)
    assert "PDF, at most 5.0\xa0MB." in cv
    assert "PDF or Word (.docx), at most 5.0\xa0MB." in letter.group(1)


def test_apply_page_asks_each_consent_with_its_own_checkbox(client, edition):
    html = page(client.get(APPLY))
    for name in ("consent_selection", "consent_share_cohosts", "consent_publication"):
        assert f'type="checkbox" name="{name}"' in html


def test_apply_page_offers_the_editions_themes_only(client, edition, make_theme):
    make_theme("Environment")
    html = page(client.get(APPLY))
    assert "Racial justice" in html and "Democratic backsliding" in html
    assert "Environment" not in html


def test_a_theme_name_with_markup_shows_on_the_form_as_text(client, edition, make_theme):
    # Theme names are typed by editors in the admin; the form renders them as choices.
    edition.themes.add(make_theme('<img src=x alt="Land">', slug="land"))
    html = page(client.get(APPLY))
    assert "&lt;img src=x alt=&quot;Land&quot;&gt;" in html
    assert "<img src=x" not in html


def test_apply_page_shows_the_deadline_as_ishr_writes_it(client, edition):
    assert "23:59 Geneva time (CET) on 15 January 2027" in page(client.get(APPLY))


def test_each_form_shown_carries_a_new_submission_token(client, edition):
    assert form_token(client) != form_token(client)


# --- Submitting -----------------------------------------------------------------------------


def test_a_complete_application_is_stored_once_with_a_reference(client, edition):
    response = submit(client, edition)
    assert response.status_code == 302
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    application = Application.objects.get()
    assert REFERENCE.fullmatch(application.reference)
    assert application.email == "amina@example.org"
    assert application.country.code == "SN"
    assert [t.name for t in application.themes.all()] == ["Racial justice"]
    assert application.consent_selection and not application.consent_publication
    assert application.status == "submitted"


def test_the_confirmation_page_says_the_email_is_the_receipt_and_what_happens_next(
    client, edition
):
    edition.decisions_by = timezone.localdate().replace(year=2027, month=2, day=28)
    edition.save()
    response = client.get(submit(client, edition)["Location"])
    html = page(response)
    assert (
        "We are sending a message to <strong>amina@example.org</strong> with your reference "
        "and what happens next. Keep it: it is your receipt."
    ) in html
    assert "If it has not arrived within an hour" in html and "hrdap@ishr.ch" in html
    assert "What happens next" in html
    assert "by 28 February 2027" in html
    # The reference is in the email only: the page is the same for an address that had
    # applied before, which has no new reference to show.
    assert Application.objects.get().reference not in html


def test_the_confirmation_page_is_not_shown_to_another_visitor(client, edition):
    submit(client, edition)
    stranger = Client()
    response = stranger.get("/programmes/hrdap/2027/apply/done/")
    assert response.status_code == 302
    assert response["Location"] == APPLY


def test_the_confirmation_email_goes_after_commit_with_the_reference_and_no_answers(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(client, edition)
    assert mail.outbox == []  # nothing is sent before the application is committed
    for callback in callbacks:
        callback()
    (message,) = mail.outbox
    reference = Application.objects.get().reference
    assert message.to == ["amina@example.org"]
    assert reference in message.subject and reference in message.body
    for answer in ("Amina", "Ligue des droits", "parliament", "Special Rapporteur"):
        assert answer not in message.body
    assert message.reply_to == ["hrdap@ishr.ch"]


def test_the_files_are_stored_privately_under_random_names(client, edition, settings):
    submit(client, edition, cv=pdf("Amina Diallo CV.pdf"))
    application = Application.objects.get()
    assert re.fullmatch(r"applications/cv/[0-9a-f]{32}\.pdf", application.cv.name)
    assert (settings.PRIVATE_MEDIA_ROOT / application.cv.name).exists()
    assert not list(settings.MEDIA_ROOT.rglob("*.pdf"))  # nothing under the public media
    with pytest.raises(ValueError):
        application.cv.url  # noqa: B018 (no URL serves these files)


def test_a_word_reference_letter_is_accepted(client, edition):
    submit(client, edition, reference_letter=docx())
    assert Application.objects.get().reference_letter.name.endswith(".docx")


def test_a_word_cv_is_refused_because_the_cv_must_be_a_pdf(client, edition):
    response = submit(client, edition, cv=docx("cv.docx"))
    assert "Your CV must be a PDF: save it as a PDF, then choose it" in page(response)
    assert not Application.objects.exists()


def test_another_focus_can_replace_the_themes(client, edition):
    submit(client, edition, themes=None, other_focus="Land rights")
    assert Application.objects.get().other_focus == "Land rights"


# --- Never twice ----------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_application_and_one_email(
    client, edition, django_capture_on_commit_callbacks
):
    token = form_token(client)
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(client, edition, token=token)
        second = submit(client, edition, token=token)
    assert first["Location"] == second["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.count() == 1
    (message,) = mail.outbox
    assert Application.objects.get().reference in message.body
    assert "amina@example.org" in page(client.get(second["Location"]))


def test_the_same_form_sent_from_a_second_browser_makes_no_second_application(
    client,
    edition,
):
    token = form_token(client)
    submit(client, edition, token=token)
    other = Client()
    other.get(APPLY)
    submit(other, edition, token=token)
    assert Application.objects.count() == 1


def test_a_second_application_from_the_same_email_is_not_stored_and_its_owner_is_told(
    client, edition, django_capture_on_commit_callbacks
):
    submit(client, edition)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition, email="Amina@Example.org", full_name="Someone else")
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.count() == 1
    assert Application.objects.get().full_name == "Amina Diallo"
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "so the second was not made" in message.body
    assert Application.objects.get().reference in message.body


def visible(response) -> str:
    """The page as a reader sees it: its text, without markup."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page(response), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_a_stranger_cannot_tell_whether_an_address_has_applied(
    edition, django_capture_on_commit_callbacks
):
    """Lucia applies; then someone else sends a complete form with her address. Each sees
    the same answer; only Lucia's mailbox learns that a second form came."""
    answers = {"email": "lucia@example.org", "full_name": "Lucia Gomez"}
    first_browser, second_browser = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(first_browser, edition, **answers)
    with django_capture_on_commit_callbacks(execute=True):
        stranger = submit(second_browser, edition, **{**answers, "full_name": "A stranger"})

    assert (first.status_code, first["Location"]) == (stranger.status_code, stranger["Location"])
    first_page = first_browser.get(first["Location"])
    stranger_page = second_browser.get(stranger["Location"])
    assert first_page.status_code == stranger_page.status_code == 200
    assert visible(first_page) == visible(stranger_page)
    assert "lucia@example.org" in visible(stranger_page)

    reference = Application.objects.get().reference
    confirmation, second_form = mail.outbox
    assert confirmation.to == second_form.to == ["lucia@example.org"]
    assert reference in confirmation.body and "Thank you for applying" in confirmation.body
    assert reference in second_form.body and "the second was not made" in second_form.body
    assert "stranger" not in second_form.body.lower()


def test_a_second_application_sent_from_a_draft_deletes_the_draft_like_a_first_one(
    client, edition, django_capture_on_commit_callbacks
):
    submit(Client(), edition)
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    link = draft_link_path(mail.outbox[-1])
    token = re.search(r'name="draft" value="([^"]+)"', page(client.get(link))).group(1)
    response = submit(client, edition, draft=token)
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert not ApplicationDraft.objects.exists()
    assert client.get(link).status_code == 404  # as after a first application


def test_a_refused_second_application_leaves_no_file_behind(client, edition, settings):
    submit(client, edition)
    submit(client, edition)
    assert len(list(settings.PRIVATE_MEDIA_ROOT.rglob("*.pdf"))) == 2


def test_the_database_refuses_a_second_application_per_email_whatever_the_case(edition):
    common = {
        "edition": edition,
        "full_name": "A",
        "country": "SN",
        "consent_selection": True,
        "consent_share_cohosts": False,
        "consent_publication": False,
    }
    Application.objects.create(
        reference="HRDAP27-AAAAAA", submission_token=uuid.uuid4(), email="a@x.org", **common
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            reference="HRDAP27-BBBBBB", submission_token=uuid.uuid4(), email="A@X.org", **common
        )


def test_the_service_draws_a_new_reference_when_one_is_taken(edition, monkeypatch):
    taken = services.submit_application(
        edition=edition, data=service_answers(edition), submission_token=uuid.uuid4()
    )
    draws = iter([taken.reference, "HRDAP27-ZZZZZZ"])
    monkeypatch.setattr(Application, "new_reference", staticmethod(lambda e: next(draws)))
    second = services.submit_application(
        edition=edition,
        data=service_answers(edition, email="other@example.org"),
        submission_token=uuid.uuid4(),
    )
    assert second.reference == "HRDAP27-ZZZZZZ"


def service_answers(edition, **overrides) -> dict:
    data = answers(edition, **overrides)
    data.pop("submit_application")
    data["themes"] = list(edition.themes.all()[:1])
    data["consent_selection"] = True
    data["consent_share_cohosts"] = data["consent_publication"] = False
    data["country"] = "SN"
    return data


# --- Bad input ------------------------------------------------------------------------------


def test_missing_answers_are_named_next_to_their_fields_and_nothing_is_stored(client, edition):
    response = submit(client, edition, full_name="", geneva_objectives="")
    html = page(response)
    assert response.status_code == 200
    assert "Your application was not sent yet" in html
    assert html.count("Enter your full name") == 2  # in the summary, and above the field
    assert html.count("Describe what you want to achieve in Geneva") == 2
    field = re.search(r'<input[^>]*name="full_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_full_name_helptext id_full_name_error"' in field
    error = re.search(r'id="id_full_name_error"[^>]*>(.*?)</p>', html, re.DOTALL).group(1)
    assert error == '<span class="visually-hidden">Error:</span> Enter your full name'
    assert not Application.objects.exists()


def test_a_failed_submission_keeps_every_typed_answer(client, edition):
    html = page(submit(client, edition, email="not-an-email"))
    assert 'value="Amina Diallo"' in html
    assert 'value="not-an-email"' in html
    assert "We pressed parliament to repeal a law on associations." in html
    assert '<option value="SN" selected>' in html
    assert re.search(r'value="working"[^>]*checked|checked[^>]*value="working"', html)
    assert "Enter your email address in the correct format, like name@example.org" in html


def test_a_form_caught_by_the_honeypot_says_which_files_to_choose_again(client, edition):
    html = page(submit(client, edition, website="http://spam.example"))
    assert "Please choose your files again." in html
    assert "Your CV, A letter of reference from the recommending organisation" in html
    assert not KeptUpload.objects.exists()


def test_a_web_page_renamed_pdf_is_refused_with_a_reason(client, edition):
    fake = SimpleUploadedFile("cv.pdf", b"<!doctype html><script>x</script>", "application/pdf")
    html = page(submit(client, edition, cv=fake))
    assert "Your CV must be a PDF: save it as a PDF, then choose it" in html
    assert not Application.objects.exists()


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(client, edition, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 10_000
    html = page(submit(client, edition, cv=pdf(size=20_000)))
    assert "Your CV must be smaller than 9.8\xa0KB — this file is 19.5\xa0KB" in html
    assert not Application.objects.exists()


def test_an_empty_file_is_refused(client, edition):
    empty = SimpleUploadedFile("cv.pdf", b"", "application/pdf")
    html = page(submit(client, edition, cv=empty))
    assert "The CV you chose is empty: choose your CV as a PDF" in html
    assert not Application.objects.exists()


def test_without_the_consent_to_selection_nothing_is_stored(client, edition):
    html = page(submit(client, edition, consent_selection=None))
    assert (
        "Tick the box to agree that ISHR uses what you send to select participants: we "
        "cannot consider an application without it"
    ) in html
    assert not Application.objects.exists()


def test_without_any_theme_or_focus_the_applicant_is_asked_for_one(client, edition):
    html = page(submit(client, edition, themes=None, other_focus=""))
    assert "Select at least one theme above, or describe your thematic focus here" in html


def test_an_answer_outside_the_choices_is_refused_not_crashed(client, edition):
    response = submit(client, edition, english_level="klingon", themes=["999999"], country="XX")
    assert response.status_code == 200
    html = page(response)
    assert "Select how well you speak and write English" in html
    assert "Select your thematic focus from the list" in html
    assert "Select the country where you work from the list" in html
    assert not Application.objects.exists()


def test_a_tampered_submission_token_is_refused_not_crashed(client, edition):
    response = submit(client, edition, token="not-a-uuid")
    assert response.status_code == 200
    html = page(response)
    assert "We could not read this form: check your answers and send it again" in html
    # The form comes back with a token that works.
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    assert uuid.UUID(token)
    assert not Application.objects.exists()


# --- The call's dates -----------------------------------------------------------------------


def test_a_closed_call_shows_no_form_but_the_next_dates(client, closed_2024, edition):
    html = page(client.get("/programmes/hrdap/2024/apply/"))
    assert "<form" not in html
    assert "Applications to HRDAP 2024 are closed" in html
    assert "The next call" in html
    assert "15 January 2027" in html


def test_a_closed_call_without_a_next_one_says_it_is_not_announced(client, closed_2024):
    html = page(client.get("/programmes/hrdap/2024/apply/"))
    assert "The next call has not been announced yet." in html


def test_a_call_not_yet_open_says_when_it_opens(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2028,
        call_opens=geneva(2027, 11, 1, 9, 0),
        call_closes=geneva(2028, 1, 15, 23, 59, 59),
    )
    html = page(client.get("/programmes/hrdap/2028/apply/"))
    assert "Applications to HRDAP 2028 are not open yet" in html
    assert "The call opens on 1 November 2027" in html
    assert "<form" not in html


def test_a_post_to_a_closed_call_stores_nothing_and_gives_the_answers_back(
    client, edition, monkeypatch
):
    token = form_token(client)
    at(edition.call_closes, monkeypatch)
    response = submit(client, edition, token=token)
    html = page(response)
    assert response.status_code == 403
    assert "Your application arrived after the deadline, so it was not sent." in html
    assert "We pressed parliament to repeal a law on associations." in html
    assert "Senegal" in html
    assert not Application.objects.exists()
    assert not ApplicationDraft.objects.exists()


def test_the_deadline_is_enforced_to_the_second(client, edition, monkeypatch):
    token = form_token(client)
    at(edition.call_closes - timedelta(seconds=1), monkeypatch)
    assert submit(client, edition, token=token).status_code == 302
    token = form_token(client)
    at(edition.call_closes, monkeypatch)
    response = submit(client, edition, token=token, email="late@example.org")
    assert response.status_code == 403
    assert Application.objects.count() == 1


def test_the_apply_page_of_a_draft_edition_is_not_found(client, hrdap, make_edition):
    make_edition(
        hrdap,
        2029,
        state=PublicationState.DRAFT,
        call_opens=timezone.now() - timedelta(days=1),
        call_closes=timezone.now() + timedelta(days=10),
    )
    assert client.get("/programmes/hrdap/2029/apply/").status_code == 404


def test_the_programme_page_links_to_the_apply_page_while_the_call_is_open(client, edition):
    html = page(client.get("/programmes/hrdap/"))
    assert f'href="{APPLY}"' in html


# --- Save and continue later ----------------------------------------------------------------


def save_draft(client, edition, **overrides):
    data = {
        "email": "amina@example.org",
        "full_name": "Amina Diallo",
        "advocacy_experience": "Half an answer",
        "save_draft": "",
    }
    data.update(overrides)
    if "submission_token" not in data:
        data["submission_token"] = form_token(client)
    return client.post(APPLY, {k: v for k, v in data.items() if v is not None})


def draft_link_path(message=None) -> str:
    if message is None:
        (message,) = mail.outbox
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/\S+)", message.body)
    return match.group(1)


def test_saving_a_draft_keeps_the_answers_but_makes_no_application(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = save_draft(client, edition)
    assert response["Location"] == "/programmes/hrdap/2027/apply/saved/"
    assert not Application.objects.exists()
    draft = ApplicationDraft.objects.get()
    assert draft.full_name == "Amina Diallo" and draft.advocacy_experience == "Half an answer"
    html = page(client.get(response["Location"]))
    assert "We have emailed a private link to <strong>amina@example.org</strong>" in html


def test_a_draft_needs_only_a_valid_email(client, edition):
    html = page(save_draft(client, edition, email="", full_name=""))
    assert "Enter your email address, so that we can send you the link to your draft" in html
    assert "Your draft was not saved yet." in html
    assert not ApplicationDraft.objects.exists()


def test_the_draft_email_carries_a_private_link_and_no_answers(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    (message,) = mail.outbox
    assert message.to == ["amina@example.org"]
    assert "/programmes/hrdap/2027/apply/draft/" in message.body
    assert "Half an answer" not in message.body and "Amina" not in message.body


def test_the_private_link_brings_the_answers_back_in_another_browser(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, country="SN")
    html = page(Client().get(draft_link_path()))
    assert 'value="Amina Diallo"' in html
    assert "Half an answer" in html
    assert '<option value="SN" selected>' in html
    assert "You are continuing the draft you saved" in html


def test_submitting_from_a_draft_uses_its_files_and_deletes_it(
    client, edition, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, cv=pdf(), reference_letter=pdf("letter.pdf"))
    draft = ApplicationDraft.objects.get()
    cv_name = draft.cv.name
    html = page(client.get(draft_link_path()))
    assert "Saved with your draft" in html
    token = re.search(r'name="draft" value="([^"]+)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition, cv=None, reference_letter=None, draft=token)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cv.name == cv_name
    assert (settings.PRIVATE_MEDIA_ROOT / cv_name).exists()
    assert not ApplicationDraft.objects.exists()


def test_a_tampered_draft_link_is_refused_with_an_explanation(client, edition):
    response = client.get(APPLY + "draft/MQ:forged:signature/")
    assert response.status_code == 404
    assert "This link no longer works" in page(response)


def test_an_expired_draft_link_is_refused(client, edition, settings):
    draft = ApplicationDraft.objects.create(edition=edition, email="a@example.org")
    token = signing.dumps(draft.pk, salt=drafts.SALT)
    settings.APPLICATION_DRAFT_LINK_MAX_AGE = -1
    assert client.get(f"{APPLY}draft/{token}/").status_code == 404


def test_expired_drafts_are_deleted_with_their_files_when_the_call_closes(
    client, edition, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, cv=pdf())
    stored = settings.PRIVATE_MEDIA_ROOT / ApplicationDraft.objects.get().cv.name
    assert services.delete_expired_drafts(at=edition.call_closes - timedelta(seconds=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_expired_drafts(at=edition.call_closes) == 1
    assert not ApplicationDraft.objects.exists()
    assert not stored.exists()


def test_a_draft_cannot_be_saved_after_the_deadline(client, edition, monkeypatch):
    token = form_token(client)
    at(edition.call_closes, monkeypatch)
    response = save_draft(client, edition, submission_token=token)
    assert response.status_code == 403
    assert not ApplicationDraft.objects.exists()


def test_pages_with_an_applicants_answers_are_never_cached(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    for url in (draft_link_path(), "/programmes/hrdap/2027/apply/saved/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert '<meta name="robots" content="noindex">' in page(response)
    submit(client, edition, email="second@example.org")
    assert "no-store" in client.get("/programmes/hrdap/2027/apply/done/")["Cache-Control"]


def test_a_mail_server_failure_does_not_lose_the_application(
    client, edition, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition)
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    application = Application.objects.get()
    assert application.email == "amina@example.org"
    message = OutgoingEmail.objects.get(application=application)
    assert (message.state, message.attempts) == ("waiting", 1)
    assert "ConnectionRefusedError: mail server down" in message.last_error
    assert f"Could not send email {message.pk} (confirmation, attempt 1)" in caplog.text
    assert "amina" not in caplog.text  # the log names no address


def test_the_daily_command_deletes_drafts_of_closed_calls(closed_2024, edition):
    ApplicationDraft.objects.create(edition=closed_2024, email="old@example.org")
    ApplicationDraft.objects.create(edition=edition, email="current@example.org")
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Deleted 1 expired draft." in out.getvalue().splitlines()
    assert list(ApplicationDraft.objects.values_list("email", flat=True)) == [
        "current@example.org"
    ]


def test_a_resumed_draft_posts_back_to_the_apply_address(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    html = page(client.get(draft_link_path()))
    assert f'<form method="post" action="{APPLY}"' in html


@pytest.mark.parametrize("theme_count", [2, 20])
def test_the_apply_page_query_count_does_not_grow_with_themes(
    client, edition, make_theme, theme_count, django_assert_num_queries
):
    edition.themes.add(*[make_theme(f"Theme {n}") for n in range(theme_count - 2)])
    with django_assert_num_queries(3):
        response = client.get(APPLY)
    assert page(response).count('name="themes"') == theme_count


def test_an_answer_too_long_is_kept_whole_and_its_length_given(client, edition):
    long_answer = "A" + " story" * 416 + "!"  # 2,498 characters
    html = page(submit(client, edition, peer_learning=long_answer))
    assert (
        "Your answer about what you would bring to the group must be 2,000 characters or "
        "fewer — you have 2,498"
    ) in html
    assert long_answer.strip() in html
    assert not Application.objects.exists()


def test_long_answers_are_not_cut_by_the_browser(client, edition):
    html = page(client.get(APPLY))
    area = re.search(r'<textarea[^>]*name="peer_learning"[^>]*>', html).group(0)
    assert "maxlength" not in area
    assert 'data-max-length="2000"' in area


def test_an_applicant_can_delete_their_draft_and_its_files(
    client, edition, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, cv=pdf())
    stored = settings.PRIVATE_MEDIA_ROOT / ApplicationDraft.objects.get().cv.name
    link = draft_link_path()
    html = page(client.get(link))
    delete_url = re.search(r'<form method="post" action="([^"]+/delete/)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert "Your draft is deleted" in page(response)
    assert not ApplicationDraft.objects.exists()
    assert not stored.exists()
    assert client.get(link).status_code == 404


def test_a_draft_is_not_deleted_by_a_forged_link(client, edition):
    ApplicationDraft.objects.create(edition=edition, email="a@example.org")
    response = client.post(APPLY + "draft/MQ:forged:signature/delete/")
    assert response.status_code == 404
    assert ApplicationDraft.objects.count() == 1


def test_a_new_form_offers_no_draft_to_delete(client, edition):
    assert "Delete my draft" not in page(client.get(APPLY))


def test_an_edition_without_themes_asks_for_the_focus_in_words(client, open_2027):
    html = page(client.get(APPLY))
    assert 'name="themes"' not in html
    assert re.search(r'<label\s+for="id_other_focus"[^>]*>\s*Your thematic focus', html)
    response = client.post(
        APPLY, {**answers(open_2027, themes=None), "submission_token": form_token(client)}
    )
    assert "Enter your thematic focus" in page(response)
    assert not Application.objects.exists()


def test_a_failed_draft_save_removes_only_the_new_upload(
    edition, settings, monkeypatch, django_capture_on_commit_callbacks
):
    data = {"email": "amina@example.org", "cv": pdf(), "reference_letter": pdf("letter.pdf")}
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(edition=edition, data=data)
    kept = [settings.PRIVATE_MEDIA_ROOT / f.name for f in draft.stored_files()]

    def fail(*args, **kwargs):
        raise IntegrityError("database gone")

    original_save = ApplicationDraft.save
    monkeypatch.setattr(
        ApplicationDraft, "save", lambda self, *a, **k: (original_save(self, *a, **k), fail())
    )
    with pytest.raises(IntegrityError):
        services.save_draft(edition=edition, data={"cv": pdf("new.pdf")}, draft=draft)
    assert all(path.exists() for path in kept)
    assert len(list(settings.PRIVATE_MEDIA_ROOT.rglob("*.pdf"))) == 2


def test_saving_a_draft_shows_the_same_page_whether_or_not_the_address_has_applied(
    edition, django_capture_on_commit_callbacks
):
    def saved_page(browser):
        with django_capture_on_commit_callbacks(execute=True):
            response = save_draft(browser, edition, email="lucia@example.org")
        html = visible(browser.get(response["Location"]))
        # Each draft has its own private link; everything else must be the same.
        return response.status_code, re.sub(r"/apply/draft/[^/]+/", "/apply/draft/…/", html)

    before = saved_page(Client())
    submit(Client(), edition, email="lucia@example.org")
    reference = Application.objects.get().reference
    mail.outbox.clear()
    after = saved_page(Client())

    assert before == after
    (message,) = mail.outbox
    assert message.to == ["lucia@example.org"]
    assert "/programmes/hrdap/2027/apply/draft/" in message.body
    assert f"already reached us for this edition, under the reference {reference}" in (
        message.body
    )


def test_the_draft_link_email_says_nothing_of_an_application_when_there_is_none(
    client, edition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    (message,) = mail.outbox
    assert "already reached us" not in message.body


def test_a_draft_form_posted_again_keeps_one_draft_and_sends_one_link(
    client, edition, django_capture_on_commit_callbacks
):
    token = form_token(client)
    with django_capture_on_commit_callbacks(execute=True):
        for answer in ("First words", "First words", "Second words"):
            response = save_draft(
                client, edition, submission_token=token, geneva_objectives=answer
            )
    assert response["Location"] == "/programmes/hrdap/2027/apply/saved/"
    draft = ApplicationDraft.objects.get()
    assert draft.geneva_objectives == "Second words"  # the latest answers are kept
    assert len(mail.outbox) == 1


def test_a_draft_form_posted_again_with_another_address_sends_the_link_there(
    client, edition, django_capture_on_commit_callbacks
):
    token = form_token(client)
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, submission_token=token, email="amina@exmaple.org")
        save_draft(client, edition, submission_token=token, email="amina@example.org")
    assert ApplicationDraft.objects.get().email == "amina@example.org"
    assert [m.to for m in mail.outbox] == [["amina@exmaple.org"], ["amina@example.org"]]


def test_a_session_planted_before_applying_never_holds_what_the_applicant_sent(
    client, edition, django_capture_on_commit_callbacks
):
    """Someone who set the session cookie in the browser beforehand (a shared computer, a
    cookie from a sibling domain) keeps a copy of it; applying gives the browser a new one."""
    client.get(APPLY)
    session = client.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    client.cookies["sessionid"] = planted

    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition)
    assert client.cookies["sessionid"].value != planted

    planter = Client()
    planter.cookies["sessionid"] = planted
    for after in ("saved/", "done/"):
        response = planter.get(APPLY + after)
        assert response.status_code == 302 and response["Location"] == APPLY
    assert client.get(APPLY + "saved/").status_code == 200  # the applicant still sees it


def test_names_and_one_line_answers_are_kept_on_one_line_without_direction_overrides(
    client, edition
):
    submit(
        client,
        edition,
        full_name="Amina\r\nDiallo\u202e",
        organisation="Ligue\tdes droits",
        recommending_organisation="\u202eknowtеN\u202c Defenders",
        role="Advocacy\x1bofficer",
    )
    application = Application.objects.get()
    assert application.full_name == "Amina  Diallo"
    assert application.organisation == "Ligue des droits"
    assert application.recommending_organisation == "knowtеN Defenders"
    assert application.role == "Advocacy officer"


def test_long_answers_keep_their_line_breaks_but_lose_direction_overrides(client, edition):
    submit(client, edition, geneva_objectives="First,\r\nthen\u2066 second.\u2069")
    assert Application.objects.get().geneva_objectives == "First,\r\nthen second."


def test_a_right_to_left_mark_in_a_name_is_kept(client, edition):
    submit(client, edition, full_name="\u200fأمينة ديالو")
    assert Application.objects.get().full_name == "\u200fأمينة ديالو"


# --- Errors, as the GOV.UK Design System shows them -------------------------------------------


def error_messages(html: str) -> dict[str, str]:
    """Each field's error message (the text above it, without its hidden "Error:"), by id."""
    found = re.findall(r'<p id="(id_\w+)_error" class="error-message">(.*?)</p>', html, re.DOTALL)
    return {
        field: re.sub(r'<span class="visually-hidden">[^<]*</span>\s*', "", text)
        for field, text in found
    }


def test_the_form_leaves_checking_to_the_server(client, edition):
    html = page(client.get(APPLY))
    form = re.search(r'<form method="post" action="[^"]+/apply/"[^>]*>', html).group(0)
    assert " novalidate" in form
    assert not re.search(r"<(input|select|textarea)[^>]* required", html)


def test_an_empty_form_gets_a_specific_message_for_each_question(client, edition):
    response = client.post(APPLY, {"submission_token": form_token(client)})
    html = page(response)
    messages = error_messages(html)
    assert set(messages) == {
        "id_full_name",
        "id_email",
        "id_country",
        "id_organisation",
        "id_role",
        "id_other_focus",
        "id_advocacy_experience",
        "id_un_engagement",
        "id_geneva_objectives",
        "id_peer_learning",
        "id_english_level",
        "id_available_online",
        "id_available_geneva",
        "id_scholarship",
        "id_recommending_organisation",
        "id_cv",
        "id_reference_letter",
        "id_consent_selection",
    }
    assert messages["id_email"] == "Enter your email address"
    assert messages["id_country"] == "Select the country where you work"
    assert messages["id_cv"] == "Choose your CV as a PDF"
    assert "This field is required" not in html
    # No message serves more than two questions: each says what to do about its own.
    assert max(list(messages.values()).count(text) for text in messages.values()) == 1
    assert not Application.objects.exists()


def test_the_title_says_error_while_the_form_has_errors(client, edition):
    assert "<title>Apply to HRDAP 2027" in page(client.get(APPLY))
    html = page(submit(client, edition, full_name=""))
    assert "<title>Error: Apply to HRDAP 2027" in html


def test_the_summary_links_each_error_to_its_control(client, edition):
    html = page(submit(client, edition, full_name="", english_level=None))
    summary = re.search(r'id="error-summary".*?</ul>', html, re.DOTALL).group(0)
    assert "There is a problem" in summary
    assert '<a href="#id_full_name">Enter your full name</a>' in summary
    # A group of radios is reached by its first one: a link to the group would go nowhere.
    assert '<a href="#id_english_level_0">Select how well you speak and write English</a>' in (
        summary
    )
    assert 'id="id_english_level_0"' in html


def test_the_error_sits_above_the_control_and_is_read_with_it(client, edition):
    html = page(submit(client, edition, full_name="", english_level=None))
    assert html.index('id="id_full_name_error"') < html.index('name="full_name"')
    assert html.index('id="id_english_level_error"') < html.index('name="english_level"')
    group = re.search(r'<fieldset aria-describedby="([^"]+)">\s*<legend[^>]*>Your English', html)
    assert group.group(1) == "id_english_level_helptext id_english_level_error"


def test_an_email_address_in_the_wrong_format_is_explained(client, edition):
    messages = error_messages(page(submit(client, edition, email="amina.example.org")))
    assert messages == {
        "id_email": "Enter your email address in the correct format, like name@example.org"
    }


def test_a_file_of_the_wrong_type_names_the_document(client, edition):
    page_ = SimpleUploadedFile("letter.pdf", b"<html></html>", "application/pdf")
    messages = error_messages(page(submit(client, edition, reference_letter=page_)))
    assert messages == {
        "id_reference_letter": "The letter of reference must be a PDF or a Word (.docx) document"
    }


def test_an_answer_too_long_is_counted_in_french_as_french_writes_numbers(client, edition):
    response = client.post(
        "/fr" + APPLY,
        {**answers(edition, peer_learning="x" * 2300), "submission_token": form_token(client)},
    )
    html = page(response)
    assert "<title>Erreur\xa0: " in html
    messages = error_messages(html)
    assert messages["id_peer_learning"].endswith("2\xa0000 caractères — vous en avez 2\xa0300")


def test_line_breaks_count_as_one_character_as_the_counter_counts_them(client, edition):
    answer = "x" * 1000 + "\r\n" * 500 + "x" * 500  # 2,000 characters as typed
    submit(client, edition, peer_learning=answer)
    assert Application.objects.get().peer_learning.count("\n") == 500


def test_the_consent_links_to_the_privacy_notice_in_a_new_tab(client, edition):
    html = page(client.get(APPLY))
    label = re.search(r'<label for="id_consent_selection"[^>]*>(.*?)</label>', html).group(1)
    assert label.startswith("I agree that ISHR keeps and uses what I send here")
    assert (
        'as our <a href="/privacy/" target="_blank">privacy notice (opens in new tab)</a> '
        "explains."
    ) in label
    assert "privacy notice above" not in html
    french = page(client.get("/fr" + APPLY))
    assert 'href="/fr/privacy/" target="_blank"' in french


# --- Files kept when a form fails on another answer -------------------------------------------


def test_a_valid_file_sent_with_a_failed_form_is_kept_encrypted_for_that_form(
    client, edition, settings
):
    token = form_token(client)
    html = page(submit(client, edition, token=token, full_name="", cv=pdf("My CV.pdf")))
    cv = re.search(r'id="id_cv_helptext"[^>]*>(.*?)</div>', html, re.DOTALL).group(1)
    assert cv.startswith("<strong>My CV.pdf</strong> is kept: choose a file only to replace it.")
    assert "Please choose your files again." not in html
    kept = KeptUpload.objects.get(document="cv")
    assert str(kept.submission_token) == token
    assert kept.file.name.startswith("applications/cv/") and "My CV" not in kept.file.name
    on_disk = (settings.PRIVATE_MEDIA_ROOT / kept.file.name).read_bytes()
    assert on_disk.startswith(b"gAAAAA") and b"%PDF" not in on_disk
    assert KeptUpload.objects.filter(document="reference_letter").exists()


def test_the_corrected_form_stores_the_kept_files_without_choosing_them_again(
    client, edition, settings, django_capture_on_commit_callbacks
):
    token = form_token(client)
    submit(client, edition, token=token, full_name="")
    kept = {k.document: k.file.name for k in KeptUpload.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, edition, token=token, cv=None, reference_letter=None)
    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    application = Application.objects.get()
    assert application.cv.name == kept["cv"]
    assert application.reference_letter.name == kept["reference_letter"]
    assert application.cv.open().read().startswith(b"%PDF")
    assert not KeptUpload.objects.exists()


def test_a_kept_file_is_not_reachable_with_another_forms_token(client, edition):
    submit(client, edition, token=form_token(client), full_name="")
    html = page(submit(client, edition, token=form_token(client), cv=None))
    assert error_messages(html) == {"id_cv": "Choose your CV as a PDF"}
    cv = re.search(r'id="id_cv_helptext"[^>]*>(.*?)</div>', html, re.DOTALL).group(1)
    assert cv == "PDF, at most 5.0\xa0MB."
    assert not Application.objects.exists()


def test_the_name_of_a_kept_file_is_shown_as_text(client, edition):
    name = '<img src=x onerror="alert(1)">.pdf'
    html = page(submit(client, edition, full_name="", cv=pdf(name)))
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf</strong> is kept" in html


def test_a_new_file_replaces_the_kept_one(
    client, edition, settings, django_capture_on_commit_callbacks
):
    token = form_token(client)
    submit(client, edition, token=token, full_name="", cv=pdf("first.pdf"))
    first = settings.PRIVATE_MEDIA_ROOT / KeptUpload.objects.get(document="cv").file.name
    with django_capture_on_commit_callbacks(execute=True):
        html = page(submit(client, edition, token=token, full_name="", cv=pdf("second.pdf")))
    assert "<strong>second.pdf</strong> is kept" in html
    assert not first.exists()
    assert KeptUpload.objects.filter(document="cv").count() == 1


def test_the_second_post_of_a_corrected_form_gets_the_same_page(client, edition):
    token = form_token(client)
    submit(client, edition, token=token, full_name="")
    first = submit(client, edition, token=token, cv=None, reference_letter=None)
    second = submit(client, edition, token=token, cv=None, reference_letter=None)
    assert first["Location"] == second["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.count() == 1


def test_saving_a_draft_takes_the_kept_files(client, edition):
    token = form_token(client)
    submit(client, edition, token=token, full_name="")
    kept = KeptUpload.objects.get(document="cv").file.name
    save_draft(client, edition, submission_token=token)
    assert ApplicationDraft.objects.get().cv.name == kept
    assert not KeptUpload.objects.exists()


def test_a_form_whose_address_had_applied_leaves_its_kept_files_for_another_try(
    client, edition, make_application
):
    make_application(edition, email="amina@example.org")
    token = form_token(client)
    submit(client, edition, token=token, full_name="")
    kept = KeptUpload.objects.get(document="cv").file
    submit(client, edition, token=token, cv=None, reference_letter=None)
    assert kept.storage.exists(kept.name)
    assert KeptUpload.objects.count() == 2


def test_kept_files_of_abandoned_forms_are_deleted_after_a_day(
    client, edition, settings, frozen_now, django_capture_on_commit_callbacks
):
    from programmes import retention

    submit(client, edition, full_name="")
    stored = [settings.PRIVATE_MEDIA_ROOT / k.file.name for k in KeptUpload.objects.all()]
    assert len(stored) == 2 and all(path.exists() for path in stored)
    retention.apply_retention(at=frozen_now + timedelta(hours=23))
    assert KeptUpload.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        record = retention.apply_retention(at=frozen_now + timedelta(days=1, minutes=1))
    assert record.files_deleted == 2
    assert not KeptUpload.objects.exists()
    assert not any(path.exists() for path in stored)


def test_a_storage_failure_while_keeping_files_asks_for_them_again(client, edition, monkeypatch):
    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(services, "keep_uploads", broken)
    response = submit(client, edition, full_name="")
    assert response.status_code == 200
    assert "Please choose your files again." in page(response)
    assert not KeptUpload.objects.exists()
