"""Retention and erasure: unsuccessful applications are anonymised once their edition's
retention period is over, an applicant is erased on request, and neither leaves a name, an
address, an answer, a history row or a document behind."""

import io
import os
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import outbox, retention, services
from programmes.models import (
    Application,
    ApplicationDraft,
    ApplicationExport,
    Component,
    Criterion,
    DataRemoval,
    DecisionEmail,
    DocumentDownload,
    Edition,
    OutgoingEmail,
    Review,
    Score,
    Status,
    StatusChange,
)
from programmes.storage import private_storage
from programmes.views import SAVED_KEY, SENT_KEY

from .conftest import decision_email, geneva

# The applicant whose traces are looked for: each answer carries a word found nowhere else.
NAME = "Zainab Quorthwell"
EMAIL = "Z.Quorthwell@example.org"
ANSWERS = {
    "full_name": NAME,
    "email": EMAIL,
    "organisation": "Kisumu Legal Aid Vumbiorg",
    "role": "Head of Vumbirole litigation",
    "other_focus": "Vumbifocus rights",
    "advocacy_experience": "We sheltered Vumbiadvocacy witnesses.",
    "un_engagement": "A Vumbiun submission to the UPR.",
    "geneva_objectives": "Meet the Vumbigeneva rapporteur.",
    "peer_learning": "Vumbipeer community radio.",
    "availability_notes": "Vumbinotes: a hearing in June.",
    "recommending_organisation": "Vumbirecommending Network",
}
# What must not survive: the name and address (in any case) and every answer's own word.
NEEDLES = ["Quorthwell", EMAIL, "Vumbi"]

# The edition of 2024 ends with the days in Geneva, on 21 June 2024; kept 12 months, its
# unsuccessful applications are anonymised from 22 June 2025 (Geneva time).
LAST_DAY = date(2024, 6, 21)
DUE = geneva(2025, 6, 22, 0, 30)
NOT_YET_DUE = geneva(2025, 6, 21, 23, 30)

UNSUCCESSFUL = [s for s in Status if s != Status.SELECTED]


def page(response) -> str:
    return response.content.decode()


# --- Looking for traces ---------------------------------------------------------------------


def rows_mentioning(*needles: str) -> list[tuple[str, tuple]]:
    """Every row of every table (history, admin log and sessions included) in which one of
    these strings appears, whatever its case; sessions are decoded first."""
    lowered = [needle.lower() for needle in needles]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row if value is not None).lower()
                if any(needle in text for needle in lowered):
                    found.append((table, row))
    for session in Session.objects.all():
        text = str(session.get_decoded()).lower()
        if any(needle in text for needle in lowered):
            found.append(("django_session (decoded)", (session.session_key,)))
    return found


def stored_files() -> list[str]:
    root = private_storage().location
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


# --- Fixtures -------------------------------------------------------------------------------


@pytest.fixture
def reviewer(make_staff):
    return make_staff("reviewer", "Reviewers")


@pytest.fixture
def edition_2024(closed_2024):
    Component.objects.create(
        edition=closed_2024,
        mode=Component.Mode.IN_PERSON,
        name="Days in Geneva",
        starts_on=date(2024, 6, 10),
        ends_on=LAST_DAY,
    )
    return closed_2024


def store(folder: str, content: bytes) -> str:
    return private_storage().save(
        f"applications/{folder}/{uuid.uuid4().hex}.pdf", ContentFile(content)
    )


def session_with(values: dict, *, expired: bool = False) -> str:
    session = SessionStore()
    session.update(values)
    session.create()
    if expired:
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() - timedelta(days=1)
        )
    return session.session_key


@pytest.fixture
def applicant(edition_2024, make_application, make_theme, manager, reviewer):
    """A declined applicant with everything that gathers around an application: documents,
    themes, a review with comments, status history, decision emails (one sent, one failed),
    document downloads, an entry in the admin's log, an export searched by her name, and a
    session that remembers her address."""
    criterion = Criterion.objects.create(edition=edition_2024, name="Experience", position=1)
    application = make_application(
        edition_2024,
        **ANSWERS,
        status=Status.DECLINED,
        country="KE",
        english_level="fluent",
        scholarship="partial",
        available_geneva="partly",
        themes=[make_theme("Reprisals")],
        cv=store("cv", b"%PDF-1.7 CV of Zainab Quorthwell"),
        reference_letter=store("letters", b"%PDF-1.7 Letter about Zainab Quorthwell"),
        submitted_at=geneva(2024, 1, 10, 14, 37, 12),
    )
    review = Review.objects.create(
        application=application,
        reviewer=reviewer,
        assigned_by=manager,
        comment="Quorthwell is well known to the authorities.",
        submitted_at=geneva(2024, 2, 1, 10, 0),
    )
    Score.objects.create(
        review=review, criterion=criterion, value=4, comment="Vumbi case is strong."
    )
    StatusChange.objects.create(
        application=application, from_status="submitted", to_status="declined", changed_by=manager
    )
    decision_email(
        application,
        Status.DECLINED,
        f"Dear {NAME}",
        by=manager,
        state="sent",
        sent_at=geneva(2024, 3, 1, 9, 0),
        queued_at=geneva(2024, 3, 1, 8, 59),
    )
    decision_email(
        application,
        Status.WAITLISTED,
        f"Dear {NAME}, you are on the waiting list",
        by=manager,
        state="failed",
        last_error=f"SMTPRecipientsRefused: {EMAIL.lower()} unknown",
        queued_at=geneva(2024, 3, 2, 9, 0),
    )
    services.record_download(application=application, document="cv", by=manager)
    LogEntry.objects.create(
        user=manager,
        content_type=ContentType.objects.get_for_model(Application),
        object_id=str(application.pk),
        object_repr=str(application),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Status"]}}]',
    )
    ApplicationExport.objects.create(
        exported_by=manager,
        row_count=1,
        columns=["reference", "email"],
        filters="q=quorthwell&status__exact=declined",
    )
    return application


def anonymise(at=DUE, *, django_capture_on_commit_callbacks) -> DataRemoval:
    with django_capture_on_commit_callbacks(execute=True):
        return retention.apply_retention(at=at)


# --- Anonymisation --------------------------------------------------------------------------


def test_retention_leaves_no_trace_of_an_unsuccessful_applicant(
    applicant, django_capture_on_commit_callbacks
):
    session_with(
        {SENT_KEY: {"edition": applicant.edition_id, "email": EMAIL.lower()}}, expired=True
    )
    assert rows_mentioning(*NEEDLES) and len(stored_files()) == 2

    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert rows_mentioning(*NEEDLES) == []
    assert stored_files() == []


def test_an_anonymised_application_keeps_only_what_statistics_need(
    applicant, manager, reviewer, django_capture_on_commit_callbacks
):
    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    application = Application.objects.get()
    assert application.reference == applicant.reference
    assert application.anonymised_at == DUE
    assert application.email == f"erased-{application.pk}@invalid"
    for name in ANSWERS.keys() - {"email"}:
        assert getattr(application, name) == "", name
    assert not application.cv and not application.reference_letter
    assert (application.edition, application.status, application.country.code) == (
        applicant.edition,
        Status.DECLINED,
        "KE",
    )
    assert [theme.name for theme in application.themes.all()] == ["Reprisals"]
    assert (application.english_level, application.scholarship) == ("fluent", "partial")
    assert (application.available_online, application.available_geneva) == ("yes", "partly")
    # The day it was sent in Geneva, not the second: kept as that day at midnight UTC, so
    # that it reads as the same day in Geneva and in UTC.
    assert application.submitted_at == datetime(2024, 1, 10, tzinfo=UTC)
    review = application.reviews.get()
    assert (review.reviewer, review.comment) == (reviewer, "")
    assert [(score.value, score.comment) for score in Score.objects.all()] == [(4, "")]
    change = application.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "declined",
        manager,
    )
    # The decisions emailed stay on record, without their subject; the messages, which
    # name the address, are gone, and the one never sent with them.
    records = application.decision_emails.order_by("queued_at")
    assert [(r.decision, r.queued_at, r.subject, r.message) for r in records] == [
        (Status.DECLINED, geneva(2024, 3, 1, 8, 59), "", None),
        (Status.WAITLISTED, geneva(2024, 3, 2, 9, 0), "", None),
    ]
    assert not OutgoingEmail.objects.exists()
    assert application.document_downloads.get().downloaded_by == manager
    assert ApplicationExport.objects.get().filters == "q=%5Bremoved%5D&status__exact=declined"


@pytest.mark.parametrize("status", UNSUCCESSFUL)
def test_every_application_not_selected_is_anonymised(
    edition_2024, make_application, status, django_capture_on_commit_callbacks
):
    make_application(edition_2024, **ANSWERS, status=status)
    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert Application.objects.get().anonymised_at == DUE
    assert rows_mentioning(*NEEDLES) == []


def test_selected_applicants_are_kept_whole(
    edition_2024, make_application, django_capture_on_commit_callbacks
):
    cv = store("cv", b"%PDF-1.7 a participant's CV")
    selected = make_application(edition_2024, **ANSWERS, status=Status.SELECTED, cv=cv)
    declined = make_application(edition_2024, status=Status.DECLINED)

    record = anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    kept = Application.objects.get(pk=selected.pk)
    assert (kept.full_name, kept.email, kept.anonymised_at) == (NAME, EMAIL, None)
    assert kept.advocacy_experience == ANSWERS["advocacy_experience"]
    assert stored_files() == [cv]
    assert record.references == [declined.reference]


def test_nothing_is_anonymised_before_the_retention_period_is_over(
    applicant, make_application, open_2027, django_capture_on_commit_callbacks
):
    current = make_application(open_2027, status=Status.DECLINED)
    record = anonymise(
        NOT_YET_DUE, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert record.applications_anonymised == 0
    assert Application.objects.get(pk=applicant.pk).full_name == NAME
    assert Application.objects.get(pk=current.pk).anonymised_at is None
    assert len(stored_files()) == 2


def test_the_period_counts_from_the_last_component_and_is_set_per_edition(edition_2024):
    assert retention.anonymisation_day(edition=edition_2024) == date(2025, 6, 22)
    edition_2024.retention_months = 3
    assert retention.anonymisation_day(edition=edition_2024) == date(2024, 9, 22)
    edition_2024.retention_months = 0
    assert retention.anonymisation_day(edition=edition_2024) == date(2024, 6, 22)


def test_without_components_the_period_counts_from_the_close_of_the_call_or_the_decisions(
    closed_2024,
):
    # The call closed on 15 January 2024, at 23:59:59 Geneva time.
    assert retention.anonymisation_day(edition=closed_2024) == date(2025, 1, 16)
    closed_2024.decisions_by = date(2024, 3, 31)
    assert retention.anonymisation_day(edition=closed_2024) == date(2025, 4, 1)


def test_running_twice_changes_nothing_the_second_time(
    applicant, django_capture_on_commit_callbacks
):
    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    before = Application.objects.values().get()

    again = anonymise(
        DUE + timedelta(days=1),
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )

    assert Application.objects.values().get() == before
    assert (again.applications_anonymised, again.files_deleted, again.references) == (0, 0, [])


def test_each_run_is_recorded_with_its_counts(
    applicant, make_application, edition_2024, django_capture_on_commit_callbacks
):
    other = make_application(edition_2024, status=Status.WITHDRAWN)
    ApplicationDraft.objects.create(edition=edition_2024, email="late@example.org")

    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    record = DataRemoval.objects.get()
    assert record.kind == DataRemoval.Kind.RETENTION_RUN
    assert (record.done_at, record.done_by) == (DUE, None)
    assert (record.drafts_deleted, record.applications_anonymised) == (1, 2)
    assert record.files_deleted == 2
    assert sorted(record.references) == sorted([applicant.reference, other.reference])
    assert not ApplicationDraft.objects.exists()


def test_anonymising_6_applications_costs_the_same_queries_as_2(
    closed_2024, make_application, reviewer, django_capture_on_commit_callbacks
):
    def queries_for(count: int, year: int) -> int:
        edition = Edition.objects.create(
            programme=closed_2024.programme,
            year=year,
            call_opens=geneva(year - 1, 11, 1),
            call_closes=geneva(year, 1, 15),
        )
        criterion = Criterion.objects.create(edition=edition, name="Experience")
        for _n in range(count):
            application = make_application(
                edition, status=Status.DECLINED, cv=store("cv", b"%PDF-1.7")
            )
            review = Review.objects.create(
                application=application, reviewer=reviewer, comment="Good."
            )
            Score.objects.create(review=review, criterion=criterion, value=3, comment="Fine.")
            decision_email(application, "declined", "Dear", state="sent", sent_at=DUE)
        with CaptureQueriesContext(connection) as queries:
            anonymise(
                geneva(year + 2, 1, 1),
                django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
            )
        assert Application.objects.filter(edition=edition, anonymised_at=None).count() == 0
        return len(queries)

    assert queries_for(2, 2020) == queries_for(6, 2021)


def test_an_unsent_email_is_not_sent_once_its_applicant_is_anonymised(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    OutgoingEmail.objects.filter(application=applicant).update(state="waiting")
    anonymise(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    outbox.send()

    assert mailoutbox == []
    assert not OutgoingEmail.objects.exists()


def test_a_document_left_without_application_or_draft_is_deleted_after_a_day(
    hrdap, make_edition, make_application, django_capture_on_commit_callbacks
):
    edition = make_edition(hrdap, 2030)  # no call dates yet: its drafts never expire
    orphan = store("cv", b"%PDF-1.7 left behind")
    fresh = store("letters", b"%PDF-1.7 being uploaded now")
    applications = store("cv", b"%PDF-1.7 an application's")
    drafts = store("letters", b"%PDF-1.7 a draft's")
    make_application(edition, cv=applications)
    ApplicationDraft.objects.create(
        edition=edition, email="d@example.org", reference_letter=drafts
    )
    a_week_ago = time.time() - 7 * 86400
    for name in (orphan, applications, drafts):
        os.utime(os.path.join(private_storage().location, name), (a_week_ago, a_week_ago))

    record = anonymise(
        timezone.now(), django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )

    assert stored_files() == sorted([fresh, applications, drafts])
    assert record.files_deleted == 1


def test_the_command_prints_its_counts_and_records_the_run(
    applicant, edition_2024, django_capture_on_commit_callbacks
):
    ApplicationDraft.objects.create(edition=edition_2024, email="late@example.org")
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=out)
    assert out.getvalue().splitlines() == [
        "Deleted 1 expired draft.",
        "Anonymised 1 application.",
        "Deleted 2 documents.",
    ]
    assert DataRemoval.objects.get().applications_anonymised == 1
    assert rows_mentioning(*NEEDLES) == []


def test_the_command_names_an_edition_it_cannot_count_from(make_edition, hrdap, make_application):
    undated = make_edition(hrdap, 2019)
    make_application(undated, status=Status.DECLINED)
    err = io.StringIO()
    call_command("apply_retention", stdout=io.StringIO(), stderr=err)
    assert "HRDAP 2019 has applications but no call close" in err.getvalue()


# --- Erasure on request ---------------------------------------------------------------------

CHANGELIST = reverse("admin:programmes_application_changelist")


@pytest.fixture
def same_person_elsewhere(open_2027, make_application):
    """The same applicant, in this year's call and as a draft, with her address in capitals."""
    application = make_application(
        open_2027,
        **{**ANSWERS, "email": EMAIL.upper()},
        cv=store("cv", b"%PDF-1.7 CV again"),
    )
    draft = ApplicationDraft.objects.create(
        edition=open_2027,
        email=EMAIL.lower(),
        full_name=NAME,
        cv=store("cv", b"%PDF-1.7 draft CV"),
    )
    return application, draft


def erase(client, applications, *, confirm: bool):
    data = {"action": "erase_applicants", "_selected_action": [a.pk for a in applications]}
    if confirm:
        data["post"] = "yes"
    return client.post(CHANGELIST, data)


def test_the_erasure_action_is_offered_to_programme_managers(client, manager, applicant):
    client.force_login(manager)
    assert 'value="erase_applicants"' in page(client.get(CHANGELIST))


def test_the_confirmation_page_lists_every_application_that_will_go_and_erases_nothing(
    client, manager, applicant, same_person_elsewhere
):
    other_edition, _draft = same_person_elsewhere
    client.force_login(manager)

    html = page(erase(client, [applicant], confirm=False))

    assert applicant.reference in html and other_edition.reference in html
    assert "Made with the same email address" in html
    assert "1 saved draft made with the same email address" in html
    assert "4 documents" in html
    assert Application.objects.count() == 2 and ApplicationDraft.objects.count() == 1


def test_erasing_an_applicant_leaves_nothing_of_them(
    client, manager, applicant, same_person_elsewhere, make_application, open_2027,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    bystander = make_application(open_2027, cv=store("cv", b"%PDF-1.7 someone else"))
    # What the pages after a form sent and a draft saved remember (programmes/views.py).
    session_with({SENT_KEY: {"edition": applicant.edition_id, "email": EMAIL.lower()}})
    session_with(
        {SAVED_KEY: {"edition": applicant.edition_id, "email": EMAIL.lower(), "token": "signed"}}
    )
    client.force_login(manager)
    erase(client, [applicant], confirm=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, [applicant], confirm=True)

    assert response.status_code == 302
    assert rows_mentioning(*NEEDLES) == []
    assert list(Application.objects.all()) == [bystander]
    assert stored_files() == [bystander.cv.name]
    assert not LogEntry.objects.filter(object_id=str(applicant.pk)).exists()
    for model in (
        Review,
        Score,
        StatusChange,
        DecisionEmail,
        OutgoingEmail,
        DocumentDownload,
        ApplicationDraft,
    ):
        assert not model.objects.exists(), model
    assert ApplicationExport.objects.get().filters == "q=%5Bremoved%5D&status__exact=declined"


def test_an_erasure_is_recorded_with_who_when_and_the_references_only(
    client, manager, applicant, same_person_elsewhere, django_capture_on_commit_callbacks
):
    other_edition, _draft = same_person_elsewhere
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = erase(client, [applicant], confirm=True)

    record = DataRemoval.objects.get()
    assert (record.kind, record.done_by) == (DataRemoval.Kind.ERASURE, manager)
    assert timezone.now() - record.done_at < timedelta(minutes=1)
    assert sorted(record.references) == sorted([applicant.reference, other_edition.reference])
    assert (record.applications_erased, record.drafts_deleted, record.files_deleted) == (2, 1, 4)
    messages = page(client.get(response.url))
    assert "Erased 2 applications" in messages and applicant.reference in messages


def test_managers_read_the_record_but_cannot_change_it(client, manager, applicant):
    DataRemoval.objects.create(
        kind=DataRemoval.Kind.ERASURE, done_by=manager, references=["HRDAP24-ABCDEF"]
    )
    client.force_login(manager)
    listing = reverse("admin:programmes_dataremoval_changelist")
    record = DataRemoval.objects.get()
    assert "Erasure on request" in page(client.get(listing))
    detail = page(client.get(reverse("admin:programmes_dataremoval_change", args=[record.pk])))
    assert "HRDAP24-ABCDEF" in detail and 'name="_save"' not in detail
    assert client.get(reverse("admin:programmes_dataremoval_add")).status_code == 403
    delete_url = reverse("admin:programmes_dataremoval_delete", args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert DataRemoval.objects.count() == 1


def test_reviewers_cannot_erase(client, reviewer, applicant):
    client.force_login(reviewer)
    assert erase(client, [applicant], confirm=True).status_code == 403
    assert Application.objects.get().full_name == NAME


def test_staff_who_may_change_but_not_delete_applications_cannot_erase(
    client, make_staff, applicant
):
    clerk = make_staff("clerk")
    clerk.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="programmes",
            codename__in=["view_application", "change_application"],
        )
    )
    client.force_login(clerk)
    assert 'value="erase_applicants"' not in page(client.get(CHANGELIST))
    erase(client, [applicant], confirm=True)
    assert Application.objects.get().full_name == NAME
    assert not DataRemoval.objects.exists()
