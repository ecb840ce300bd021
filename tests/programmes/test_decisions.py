"""Decision emails: written per edition, sent in one batch after commit, never twice, and
each batch followed on its own page."""

import io
import logging
import re
import smtplib
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.contrib.messages import get_messages
from django.contrib.messages.middleware import MessageMiddleware
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import admin_decisions, decisions
from programmes.admin_applications import ApplicationAdmin
from programmes.admin_decisions import DecisionTemplateInline
from programmes.decisions import DecisionTemplateForm, send_decision_emails
from programmes.models import (
    Application,
    DecisionEmail,
    DecisionEmailBatch,
    DecisionTemplate,
    Edition,
    OutgoingEmail,
    Status,
)

from .conftest import decision_email

PASSWORD = "a long staff password 2026"  # a throwaway test account
NONE = dict.fromkeys(["queued", "retried", "already_sent", "not_decided", "without_template"], 0)


def page(response) -> str:
    return response.content.decode()


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


@pytest.fixture
def manager(db):
    user = User.objects.create_user(
        "manager", "manager@ishr.example", PASSWORD, is_staff=True, first_name="Maria"
    )
    user.groups.add(Group.objects.get(name="Programme managers"))
    return user


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def write_templates(edition, decisions_=None):
    for decision in decisions_ or Status.decisions():
        DecisionTemplate.objects.create(
            edition=edition,
            decision=decision,
            subject=f"{{{{ edition }}}}: {decision} ({{{{reference}}}})",
            body=f"Dear {{{{ name }}}},\n\nYou are {decision} for {{{{ edition }}}}.\n",
        )


@pytest.fixture
def templates_2027(open_2027):
    write_templates(open_2027)


@pytest.fixture
def send(django_capture_on_commit_callbacks, manager):
    """Run one batch as the manager and let its emails go, as a committed request would."""

    def run(applications):
        with django_capture_on_commit_callbacks(execute=True):
            return send_decision_emails(applications=applications, by=manager)

    return run


class RefusingBackend(MemoryBackend):
    """The test mail server: keeps messages in `mail.outbox`, but refuses the addresses in
    `refused` and counts the connections opened."""

    refused: set[str] = set()
    opened: list[object] = []

    def open(self):
        RefusingBackend.opened.append(self)
        return super().open()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refused:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
        return super().send_messages(messages)


@pytest.fixture
def mail_server(settings, monkeypatch):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    monkeypatch.setattr(RefusingBackend, "refused", set())
    monkeypatch.setattr(RefusingBackend, "opened", [])
    return RefusingBackend


# --- Sending once ---------------------------------------------------------------------------


def test_a_batch_sent_twice_sends_each_email_once(
    open_2027, templates_2027, make_application, send
):
    applications = [
        make_application(open_2027, status=status)
        for status in [Status.SELECTED, Status.WAITLISTED, Status.DECLINED]
    ]
    chosen = Application.objects.filter(edition=open_2027)

    first = send(chosen)
    second = send(chosen)

    assert sorted(recipients()) == sorted(a.email for a in applications)
    assert first.counts == {**NONE, "queued": 3}
    assert second.counts == {**NONE, "already_sent": 3}
    assert DecisionEmail.objects.filter(message__state="sent", message__attempts=1).count() == 3


def test_each_applicant_gets_their_own_email_with_the_programme_as_reply_to(
    open_2027, templates_2027, make_application, send, settings
):
    make_application(open_2027, status=Status.SELECTED, email="amina@example.org")
    make_application(open_2027, status=Status.SELECTED, email="rui@example.org")

    send(Application.objects.all())

    assert sorted(message.to for message in mail.outbox) == [
        ["amina@example.org"],
        ["rui@example.org"],
    ]
    for message in mail.outbox:
        assert message.cc == [] and message.bcc == []
        assert message.reply_to == [settings.PROGRAMMES_EMAIL]
        assert message.content_subtype == "plain"
        assert not getattr(message, "alternatives", [])


def test_the_whole_batch_goes_over_one_connection(
    open_2027, templates_2027, make_application, send, mail_server
):
    for _n in range(4):
        make_application(open_2027, status=Status.DECLINED)

    send(Application.objects.all())

    assert len(mail.outbox) == 4
    assert len(mail_server.opened) == 1


def test_two_batches_at_once_email_each_applicant_once(
    open_2027, templates_2027, make_application, send, monkeypatch
):
    first, second, third = (make_application(open_2027, status=Status.SELECTED) for _ in "abc")
    read = decisions._records

    def read_then_another_batch_queues_the_first(rows):
        """The other manager's batch commits its record between this one's read and insert."""
        records = read(rows)
        if not DecisionEmail.objects.exists():
            DecisionEmail.objects.create(
                application=first, decision=Status.SELECTED, subject="Theirs"
            )
        return records

    monkeypatch.setattr(decisions, "_records", read_then_another_batch_queues_the_first)

    batch = send(Application.objects.all())

    assert sorted(recipients()) == sorted([second.email, third.email])
    assert batch.already_sent == (first,)
    assert DecisionEmail.objects.get(application=first).subject == "Theirs"
    assert DecisionEmail.objects.count() == 3


def test_a_new_decision_after_an_emailed_one_gets_its_own_email(
    open_2027, templates_2027, make_application, send
):
    application = make_application(open_2027, status=Status.WAITLISTED)
    send(Application.objects.all())
    Application.objects.filter(pk=application.pk).update(status=Status.SELECTED)

    send(Application.objects.all())

    assert [m.subject for m in mail.outbox] == [
        f"HRDAP 2027: waitlisted ({application.reference})",
        f"HRDAP 2027: selected ({application.reference})",
    ]
    assert set(application.decision_emails.values_list("decision", flat=True)) == {
        "waitlisted",
        "selected",
    }


def test_nothing_is_sent_or_stored_if_the_transaction_rolls_back(
    open_2027, templates_2027, make_application, django_capture_on_commit_callbacks, manager
):
    make_application(open_2027, status=Status.SELECTED)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        send_decision_emails(applications=Application.objects.all(), by=manager)
        1 / 0  # noqa: B018 (whatever fails later in the same transaction)

    assert mail.outbox == []
    assert not DecisionEmail.objects.exists()


def test_nothing_is_sent_before_the_batch_commits(
    open_2027, templates_2027, make_application, django_capture_on_commit_callbacks, manager
):
    make_application(open_2027, status=Status.SELECTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_decision_emails(applications=Application.objects.all(), by=manager)

    assert mail.outbox == []
    assert len(callbacks) == 1
    record = DecisionEmail.objects.get()
    assert record.message.state == "waiting" and record.queued_by == manager


# --- What the email says ----------------------------------------------------------------------


def test_placeholders_are_filled_with_name_reference_and_edition(
    open_2027, make_application, send
):
    DecisionTemplate.objects.create(
        edition=open_2027,
        decision=Status.SELECTED,
        subject="{{edition}}: you are selected ({{ reference }})",
        body="Dear {{ name }},\n\nWelcome to {{   edition }}. Your reference: {{reference}}.",
    )
    application = make_application(
        open_2027, status=Status.SELECTED, full_name="Amina Diallo", reference="HRDAP27-7K3Q9D"
    )

    send(Application.objects.all())

    (message,) = mail.outbox
    assert message.subject == "HRDAP 2027: you are selected (HRDAP27-7K3Q9D)"
    assert message.body == (
        "Dear Amina Diallo,\n\nWelcome to HRDAP 2027. Your reference: HRDAP27-7K3Q9D."
    )
    assert DecisionEmail.objects.get(application=application).subject == message.subject


def test_a_name_that_looks_like_a_placeholder_is_not_filled_in_again(open_2027, make_application):
    template = DecisionTemplate(
        edition=open_2027, decision=Status.SELECTED, subject="{{ name }}", body="{{ name }}"
    )
    application = make_application(open_2027, full_name="{{ reference }}\nBcc: x@example.org")

    subject, body = decisions.render_decision(template, application)

    assert subject == "{{ reference }} Bcc: x@example.org"  # one line, never a header
    assert body == "{{ reference }}\nBcc: x@example.org"


def test_template_syntax_in_staff_text_is_never_run(open_2027, make_application):
    template = DecisionTemplate(
        edition=open_2027,
        decision=Status.SELECTED,
        subject="{{ name.upper }}",
        body="{% load log %}{% get_admin_log 10 as log %}{{ name|upper }} {{ settings }}",
    )
    application = make_application(open_2027, full_name="Amina Diallo")

    subject, body = decisions.render_decision(template, application)

    assert subject == "{{ name.upper }}"
    assert body == template.body


def test_the_email_has_none_of_the_applicants_answers(open_2027, make_application, send):
    DecisionTemplate.objects.create(
        edition=open_2027,
        decision=Status.DECLINED,
        subject="{{ edition }} {{ reference }} {{ name }}",
        body="{{ name }} {{ reference }} {{ edition }}",
    )
    answers = {
        "organisation": "Secret Network of Lawyers",
        "role": "Clandestine coordinator",
        "other_focus": "Unlisted focus",
        "advocacy_experience": "Confidential litigation history",
        "un_engagement": "Private submission to the committee",
        "geneva_objectives": "Meet a rapporteur quietly",
        "peer_learning": "Encrypted radio",
        "availability_notes": "Travel ban until May",
        "recommending_organisation": "Partner hidden from view",
    }
    make_application(open_2027, status=Status.DECLINED, country="SY", **answers)

    send(Application.objects.all())

    (message,) = mail.outbox
    raw = message.message().as_string()
    for answer in [*answers.values(), "Syria"]:
        assert answer not in raw


# --- The form staff write it in ---------------------------------------------------------------


def template_form(**data):
    return DecisionTemplateForm(
        data={"decision": "selected", "subject": "Your application", "body": "Hello", **data}
    )


def test_the_form_accepts_known_placeholders_with_or_without_spaces():
    form = template_form(
        subject="{{edition}}: {{ reference }}", body="Dear {{ name }}, {{  edition}}."
    )
    assert form.is_valid(), form.errors


def test_the_form_refuses_an_unknown_placeholder():
    form = template_form(body="Dear {{ nme }},")

    assert not form.is_valid()
    assert form.errors["body"] == [
        "Unknown placeholder {{ nme }}. Use {{ name }}, {{ reference }} or {{ edition }}."
    ]


def test_the_form_lists_every_unknown_placeholder_in_the_subject():
    form = template_form(subject="{{ edition|upper }} {{ ref }} {{ ref }}")

    assert not form.is_valid()
    assert form.errors["subject"] == [
        "Unknown placeholders {{ edition|upper }}, {{ ref }}. "
        "Use {{ name }}, {{ reference }} or {{ edition }}."
    ]


def test_the_form_refuses_an_unclosed_placeholder_and_template_tags():
    form = template_form(body="Dear {{ name },\n{% if selected %}Welcome{% endif %}")

    assert not form.is_valid()
    assert form.errors["body"] == [
        "A placeholder is not closed: write it as {{ name }}. "
        "Use {{ name }}, {{ reference }} or {{ edition }}.",
        "Tags such as {% if %} are not available: this is plain text.",
    ]


def test_a_typo_on_the_edition_page_is_an_error_and_nothing_is_saved(open_2027, admin_user):
    request = RequestFactory().post("/")
    request.user = admin_user
    inline = DecisionTemplateInline(Edition, admin.site)
    formset = inline.get_formset(request, open_2027)(
        {
            "decision_templates-TOTAL_FORMS": "1",
            "decision_templates-INITIAL_FORMS": "0",
            "decision_templates-0-decision": "declined",
            "decision_templates-0-subject": "{{ edition }}",
            "decision_templates-0-body": "Dear {{ nme }},",
        },
        instance=open_2027,
        prefix="decision_templates",
    )

    assert not formset.is_valid()
    assert formset.errors[0]["body"][0].startswith("Unknown placeholder {{ nme }}.")
    assert not DecisionTemplate.objects.exists()


# --- Who is left out --------------------------------------------------------------------------


def test_undecided_applications_are_left_out(open_2027, templates_2027, make_application, send):
    selected = make_application(open_2027, status=Status.SELECTED)
    undecided = [
        make_application(open_2027, status=status)
        for status in [Status.SUBMITTED, Status.SHORTLISTED, Status.WITHDRAWN]
    ]

    batch = send(Application.objects.all())

    assert recipients() == [selected.email]
    assert sorted(a.pk for a in batch.not_decided) == sorted(a.pk for a in undecided)
    assert list(DecisionEmail.objects.values_list("application", flat=True)) == [selected.pk]


def test_a_missing_template_is_reported_and_its_applicants_are_not_emailed(
    open_2027, closed_2024, make_application, send
):
    write_templates(open_2027, [Status.SELECTED])
    selected = make_application(open_2027, status=Status.SELECTED)
    declined = make_application(open_2027, status=Status.DECLINED)
    old = make_application(closed_2024, status=Status.SELECTED)

    batch = send(Application.objects.all())

    assert recipients() == [selected.email]
    assert set(batch.missing_templates) == {
        (open_2027, Status.DECLINED),
        (closed_2024, Status.SELECTED),
    }
    assert {a.pk for a in batch.without_template} == {declined.pk, old.pk}
    assert list(DecisionEmail.objects.values_list("application", flat=True)) == [selected.pk]


def test_once_the_missing_template_is_written_the_next_batch_emails_only_those_left_out(
    open_2027, make_application, send
):
    write_templates(open_2027, [Status.SELECTED])
    make_application(open_2027, status=Status.SELECTED)
    declined = make_application(open_2027, status=Status.DECLINED)
    send(Application.objects.all())
    mail.outbox.clear()
    write_templates(open_2027, [Status.DECLINED])

    send(Application.objects.all())

    assert recipients() == [declined.email]


# --- Failures and retries ---------------------------------------------------------------------


def test_a_failed_send_is_recorded_and_retried_once_by_the_next_batch(
    open_2027, templates_2027, make_application, send, mail_server
):
    reachable = make_application(open_2027, status=Status.SELECTED)
    unlucky = make_application(open_2027, status=Status.SELECTED, email="full@example.org")
    mail_server.refused.add("full@example.org")

    send(Application.objects.all())

    # The server refuses the address for good: the outbox gives up on it at once.
    failed = DecisionEmail.objects.get(application=unlucky).message
    assert recipients() == [reachable.email]
    assert (failed.state, failed.sent_at, failed.attempts) == ("failed", None, 1)
    assert failed.last_error.startswith("SMTPRecipientsRefused")

    mail_server.refused.clear()
    second = send(Application.objects.all())
    third = send(Application.objects.all())

    assert recipients() == [reachable.email, unlucky.email]
    assert second.retried == (unlucky,) and second.queued == ()
    assert third.to_send == ()
    failed.refresh_from_db()
    assert failed.state == "sent" and failed.attempts == 2 and failed.last_error == ""


def test_the_outbox_command_sends_what_a_batch_left_waiting_and_queues_no_new_decision(
    open_2027, templates_2027, make_application, send, mail_server, monkeypatch
):
    down = make_application(open_2027, status=Status.SELECTED)
    abandoned = make_application(open_2027, status=Status.SELECTED)
    not_yet_sent = make_application(open_2027, status=Status.SELECTED)

    def refuse_to_connect(self):
        raise ConnectionRefusedError("Connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(mail_server, "open", refuse_to_connect)
        send(Application.objects.filter(pk=down.pk))
    # A worker killed while it sent this one: its claim ran out long ago.
    decision_email(
        abandoned,
        Status.SELECTED,
        claimed_until=timezone.now() - timedelta(hours=1),
    )
    # The pause before the next attempt is over.
    OutgoingEmail.objects.update(send_after=timezone.now())

    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)

    assert sorted(recipients()) == sorted([down.email, abandoned.email])
    assert not DecisionEmail.objects.filter(application=not_yet_sent).exists()
    assert not OutgoingEmail.objects.exclude(state="sent").exists()
    assert out.getvalue().startswith("Sent 2; to be tried again later: 0; given up: 0;")


def test_a_failed_send_is_logged_without_the_applicants_address_or_answers(
    open_2027, templates_2027, make_application, send, mail_server, caplog
):
    make_application(
        open_2027,
        status=Status.SELECTED,
        email="full@example.org",
        full_name="Amina Diallo",
        reference="HRDAP27-7K3Q9D",
        advocacy_experience="Confidential litigation history",
    )
    mail_server.refused.add("full@example.org")

    with caplog.at_level(logging.WARNING, logger="programmes.outbox"):
        send(Application.objects.all())

    message = OutgoingEmail.objects.get()
    assert f"Could not send email {message.pk} (decision, attempt 1)" in caplog.text
    for private in ["full@example.org", "Amina Diallo", "Confidential litigation history"]:
        assert private not in caplog.text


def test_a_retry_another_batch_claimed_first_is_not_sent_again(
    open_2027, templates_2027, make_application, send, monkeypatch
):
    application = make_application(open_2027, status=Status.SELECTED)
    decision_email(application, Status.SELECTED, state="failed", attempts=1, last_error="Down")
    read = decisions._records
    claimed = []

    def read_then_another_batch_claims_the_retry(rows):
        records = read(rows)
        if not claimed:
            claimed.append(OutgoingEmail.objects.filter(state="failed").update(state="waiting"))
        return records

    monkeypatch.setattr(decisions, "_records", read_then_another_batch_claims_the_retry)

    batch = send(Application.objects.all())

    assert claimed == [1]
    assert batch.retried == () and batch.already_sent == (application,)


def test_an_email_still_waiting_in_the_outbox_is_not_queued_again(
    open_2027, templates_2027, make_application, send
):
    waiting = make_application(open_2027, status=Status.SELECTED)
    decision_email(waiting, Status.SELECTED, attempts=2, last_error="Down")

    batch = send(Application.objects.all())

    assert batch.already_sent == (waiting,) and batch.to_send == ()
    assert OutgoingEmail.objects.count() == 1


def test_an_unreachable_mail_server_leaves_the_batch_waiting_in_the_outbox(
    open_2027, templates_2027, make_application, send, mail_server, monkeypatch
):
    for _n in range(2):
        make_application(open_2027, status=Status.DECLINED)

    def refuse_to_connect(self):
        raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(mail_server, "open", refuse_to_connect)

    send(Application.objects.all())

    assert mail.outbox == []
    # The first was tried; the others keep their turn for when the server is back.
    assert list(
        OutgoingEmail.objects.order_by("pk").values_list("state", "attempts", "last_error")
    ) == [
        ("waiting", 1, "ConnectionRefusedError: Connection refused"),
        ("waiting", 0, ""),
    ]


# --- Queries ----------------------------------------------------------------------------------


def test_the_batch_makes_as_many_queries_for_30_applications_as_for_3(
    open_2027, closed_2024, make_application, django_capture_on_commit_callbacks, manager
):
    def queries_for(edition, n):
        """Queries before the sends, and those the sends make, for `n` new emails, `n`
        retries, `n` already sent and `n` undecided."""
        write_templates(edition)
        for _n in range(n):
            make_application(edition, status=Status.SELECTED)
            make_application(edition, status=Status.SHORTLISTED)
            for state in ["failed", "sent"]:
                decision_email(
                    make_application(edition, status=Status.DECLINED),
                    Status.DECLINED,
                    state=state,
                    attempts=1,
                )
        with (
            django_capture_on_commit_callbacks(execute=False) as callbacks,
            CaptureQueriesContext(connection) as batch_queries,
        ):
            batch = send_decision_emails(
                applications=Application.objects.filter(edition=edition), by=manager
            )
        with CaptureQueriesContext(connection) as send_queries:
            for callback in callbacks:
                callback()
        assert len(batch.queued) == len(batch.retried) == len(batch.already_sent) == n
        return len(batch_queries), len(send_queries)

    few, _few_sends = queries_for(closed_2024, 3)
    many, many_sends = queries_for(open_2027, 30)

    assert few == many
    # The batch's messages, which are due, then for each email: claim it, read it, record it
    # sent.
    assert many_sends == 2 + 3 * 60


# --- Admin ------------------------------------------------------------------------------------
# These go through the admin's URLs, so they need programmes/admin.py to list
# `admin_decisions.send_decision_emails` in `ApplicationAdmin.actions`, `DecisionEmailInline`
# in `ApplicationAdmin.inlines` and `DecisionTemplateInline` in `EditionAdmin.inlines`.


def run_action(client, applications, **extra):
    return client.post(
        reverse("admin:programmes_application_changelist"),
        {
            "action": "send_decision_emails",
            "_selected_action": [a.pk for a in applications],
            **extra,
        },
        follow=True,
    )


@pytest.fixture
def mixed(open_2027, closed_2024, make_application):
    """Two selected and one declined to email, one waitlisted emailed before, one shortlisted
    and one withdrawn without a decision, one selected from an edition with no emails."""
    write_templates(open_2027)
    emailed = make_application(open_2027, status=Status.WAITLISTED, reference="HRDAP27-EMAILD")
    decision_email(emailed, Status.WAITLISTED, state="sent", attempts=1, sent_at=timezone.now())
    return [
        make_application(open_2027, status=Status.SELECTED),
        make_application(open_2027, status=Status.SELECTED),
        make_application(open_2027, status=Status.DECLINED),
        emailed,
        make_application(open_2027, status=Status.SHORTLISTED, reference="HRDAP27-SHORT1"),
        make_application(open_2027, status=Status.WITHDRAWN, reference="HRDAP27-WITHD1"),
        make_application(closed_2024, status=Status.SELECTED, reference="HRDAP24-NOTPL1"),
    ]


def count_cells(html: str) -> dict[str, list[str]]:
    """The confirmation table as {decision: [will be emailed, already, left out]}."""
    start = html.index('id="decision-counts"')
    table = html[start : html.index("</table>", start)]
    rows = re.findall(r'<th scope="row">(\w+)</th>(.*?)</tr>', table, re.S)
    return {label: re.findall(r"<td>(.*?)</td>", cells) for label, cells in rows}


def test_the_action_first_says_how_many_of_each_decision_will_be_emailed(manager_client, mixed):
    response = run_action(manager_client, mixed)

    html = page(response)
    assert count_cells(html) == {
        "Selected": ["2", "0", "1"],
        "Waitlisted": ["0", "1", "0"],
        "Declined": ["1", "0", "0"],
    }
    assert "Yes, send 3 emails" in html
    assert "Shortlisted: 1 application" in html and "HRDAP27-SHORT1" in html
    assert "Withdrawn: 1 application" in html and "HRDAP27-WITHD1" in html
    for application in mixed:
        assert f'name="_selected_action" value="{application.pk}"' in html
    assert mail.outbox == [] and DecisionEmail.objects.count() == 1


def test_the_confirmation_page_links_to_the_edition_to_write_a_missing_email(
    manager_client, mixed, closed_2024
):
    html = page(run_action(manager_client, mixed))

    edition_url = reverse("admin:programmes_edition_change", args=[closed_2024.pk])
    assert "HRDAP 2024, “Selected”: 1 applicant left out." in html
    assert f'href="{edition_url}#decision_templates-group"' in html


def test_the_confirmation_page_offers_no_button_when_there_is_nothing_to_send(
    manager_client, open_2027, make_application
):
    shortlisted = make_application(open_2027, status=Status.SHORTLISTED)

    html = page(run_action(manager_client, [shortlisted]))

    assert "there is nothing to send" in html
    assert 'type="submit"' not in html.split('id="decision-counts"')[1]


# open_2027's call is open: sending needs the second confirmation.
CALL_OPEN_OK = {"call_open_confirmed": "yes"}


def samples(html: str) -> list[str]:
    return re.findall(r'<section class="decision-sample".*?</section>', html, re.S)


def test_the_confirmation_page_shows_each_email_as_its_first_recipient_gets_it(
    manager_client, mixed
):
    selected, _other_selected, declined = mixed[:3]

    first, second = samples(page(run_action(manager_client, mixed)))

    assert "“Selected”, HRDAP 2027: 2 emails" in first
    assert f"The email as {selected.reference}, its first recipient, will get it:" in first
    assert f"<dd>HRDAP 2027: selected ({selected.reference})</dd>" in first
    assert f"<p>Dear {selected.full_name},</p>" in first
    assert "<p>You are selected for HRDAP 2027." in first
    assert "“Declined”, HRDAP 2027: 1 email" in second
    assert f"<p>Dear {declined.full_name},</p>" in second


def test_the_confirmation_page_lists_the_recipients_of_each_email(manager_client, mixed):
    selected, other_selected, declined = mixed[:3]

    first, second = samples(page(run_action(manager_client, mixed)))

    for application in (selected, other_selected):
        assert application.full_name in first and application.email in first
        assert application.full_name not in second
    assert declined.full_name in second and declined.email in second
    for left_out in mixed[3:]:
        assert left_out.full_name not in first + second


def test_while_the_call_is_open_the_page_warns_and_asks_a_second_confirmation(
    manager_client, mixed
):
    html = page(run_action(manager_client, mixed))

    assert "The call for HRDAP 2027 is still open, until 15 January 2027, 23:59" in html
    assert 'name="call_open_confirmed"' in html and "I know the call is still open" in html


def test_while_the_call_is_open_sending_without_the_second_confirmation_sends_nothing(
    manager_client, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(manager_client, mixed, post="yes")

    html = page(response)
    assert "Tick “I know the call is still open” to send the emails" in html
    assert "Tick this box to send while the call is open." in html
    assert mail.outbox == [] and DecisionEmail.objects.count() == 1  # the one from before
    assert "Yes, send 3 emails" in html


def test_after_the_call_closed_the_page_neither_warns_nor_asks_twice(
    manager_client, closed_2024, make_application, django_capture_on_commit_callbacks
):
    write_templates(closed_2024)
    application = make_application(closed_2024, status=Status.SELECTED)

    html = page(run_action(manager_client, [application]))
    assert "is still open" not in html and "call_open_confirmed" not in html

    with django_capture_on_commit_callbacks(execute=True):
        run_action(manager_client, [application], post="yes")
    assert recipients() == [application.email]


def test_the_confirmation_page_needs_the_same_queries_for_3_and_30_applications(
    manager_client, open_2027, templates_2027, make_application
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decided = [Status.SELECTED, Status.WAITLISTED, Status.DECLINED]
    applications = [make_application(open_2027, status=s) for s in decided]

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            html = page(run_action(manager_client, applications))
        assert html.count('<th scope="row">HRDAP27-') == len(applications)
        return len(queries)

    few = count_queries()
    applications += [make_application(open_2027, status=decided[n % 3]) for n in range(27)]
    assert count_queries() == few, few


def test_confirming_sends_the_emails_and_sums_up(
    manager_client, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(manager_client, mixed, post="yes", **CALL_OPEN_OK)

    html = page(response)
    assert sorted(recipients()) == sorted(a.email for a in mixed[:3])
    assert "3 decision emails are being sent (2 selected, 1 declined)." in html
    assert "1 applicant had already been emailed their decision" in html
    assert "2 applicants were left out: no decision yet, or withdrawn." in html
    assert "HRDAP 2024 has no email for “Selected” yet: 1 applicant was left out." in html
    assert DecisionEmail.objects.filter(queued_by__username="manager").count() == 3


def test_confirming_twice_sends_each_email_once(
    manager_client, mixed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_action(manager_client, mixed, post="yes", **CALL_OPEN_OK)
        response = run_action(manager_client, mixed, post="yes", **CALL_OPEN_OK)

    assert len(mail.outbox) == 3
    assert "decision emails sent" not in page(response)
    assert "4 applicants had already been emailed their decision" in page(response)


def test_the_summary_says_the_emails_are_being_sent(
    open_2027, templates_2027, make_application, manager, admin_user
):
    make_application(open_2027, status=Status.SELECTED)
    make_application(open_2027, status=Status.DECLINED)
    batch = send_decision_emails(applications=Application.objects.all(), by=manager)
    request = RequestFactory().post("/")
    request.user = admin_user
    request.session = {}
    MessageMiddleware(lambda request: None).process_request(request)  # as a request gets it

    admin_decisions.report(ApplicationAdmin(Application, admin.site), request, batch)

    assert [str(message) for message in get_messages(request)] == [
        "2 decision emails are being sent (1 selected, 1 declined). Each application's page "
        "shows when its email has gone."
    ]


def test_staff_who_may_only_view_applications_cannot_send_decision_emails(
    client, mixed, django_capture_on_commit_callbacks
):
    viewer = User.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_application"))
    client.force_login(viewer)

    with django_capture_on_commit_callbacks(execute=True):
        run_action(client, mixed, post="yes")

    assert mail.outbox == []
    assert DecisionEmail.objects.count() == 1  # the one made by the fixture


def test_the_application_page_lists_the_decision_emails_sent(
    manager_client, open_2027, templates_2027, make_application, send
):
    application = make_application(open_2027, status=Status.SELECTED)
    send(Application.objects.all())

    html = page(
        manager_client.get(reverse("admin:programmes_application_change", args=[application.pk]))
    )

    assert f"HRDAP 2027: selected ({application.reference})" in html
    assert "Maria" in html  # who sent it


def test_the_edition_page_has_a_form_for_each_decision_email(manager_client, open_2027):
    html = page(
        manager_client.get(reverse("admin:programmes_edition_change", args=[open_2027.pk]))
    )

    assert 'id="decision_templates-group"' in html
    assert 'name="decision_templates-TOTAL_FORMS" value="3"' in html
    assert "{{ reference }}" in html  # the placeholders are listed


# --- A batch's page: what went, waits, failed; try again -------------------------------------


@pytest.fixture
def three(open_2027, make_application):
    write_templates(open_2027)
    return [
        make_application(open_2027, status=Status.SELECTED, email="amina@example.org"),
        make_application(open_2027, status=Status.SELECTED, email="moussa@example.org"),
        make_application(
            open_2027, status=Status.DECLINED, email="gone@example.org", reference="HRDAP27-GONE01"
        ),
    ]


def progress_url(batch: DecisionEmailBatch) -> str:
    return reverse("admin:programmes_decisionemailbatch_change", args=[batch.pk])


def test_sending_takes_the_manager_to_the_batch_page_with_what_went_and_what_failed(
    manager_client,
    three,
    mail_server,
    django_capture_on_commit_callbacks,
):
    mail_server.refused = {"gone@example.org"}

    with django_capture_on_commit_callbacks(execute=True):  # as after the request's commit
        sent = manager_client.post(
            reverse("admin:programmes_application_changelist"),
            {
                "action": "send_decision_emails",
                "_selected_action": [a.pk for a in three],
                "post": "yes",
                **CALL_OPEN_OK,
            },
        )

    batch = DecisionEmailBatch.objects.get()
    assert sent["Location"] == progress_url(batch)
    response = manager_client.get(sent["Location"])
    html = page(response)
    assert "3 decision emails are being sent" in html  # the action's summary, shown here
    assert "<strong>2 of 3 sent</strong>" in html
    assert "0 waiting to be sent" in html
    assert "1 failed" in html
    failed = html[html.index('id="failed-emails"') :]
    assert "HRDAP27-GONE01" in failed
    assert "SMTPRecipientsRefused" in failed
    assert "Try the failed email again" in html
    assert "Refresh" not in response  # nothing waits: nothing to follow
    assert batch.sent_by.username == "manager"
    assert batch.messages.count() == 3


def test_retrying_sends_the_failed_emails_again_and_the_page_says_so(
    manager_client,
    three,
    manager,
    mail_server,
    django_capture_on_commit_callbacks,
):
    mail_server.refused = {"gone@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        batch = send_decision_emails(applications=three, by=manager).sending
    mail_server.refused = set()  # the address works again

    with django_capture_on_commit_callbacks(execute=True):
        retried = manager_client.post(
            reverse("admin:programmes_decisionemailbatch_retry", args=[batch.pk])
        )

    assert retried["Location"] == progress_url(batch)
    html = page(manager_client.get(retried["Location"]))
    assert "1 failed email is being sent again." in html
    assert "<strong>3 of 3 sent</strong>" in html
    assert 'id="failed-emails"' not in html
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.email for a in three)
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {"sent"}


@pytest.mark.task_queue
def test_while_emails_wait_the_page_loads_again_unless_told_not_to(
    manager_client,
    three,
    manager,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # enqueued: no worker runs here
        batch = send_decision_emails(applications=three, by=manager).sending

    response = manager_client.get(progress_url(batch))
    assert response["Refresh"] == "5"
    html = page(response)
    assert "<strong>0 of 3 sent</strong>" in html
    assert "3 waiting to be sent" in html
    assert "This page loads again every 5 seconds while emails wait." in html

    stopped = manager_client.get(progress_url(batch), {"refresh": "off"})
    assert "Refresh" not in stopped
    assert "Refresh this page" in page(stopped)


def test_a_retry_is_a_post_of_someone_who_may_send_decision_emails(
    client,
    three,
    manager,
    mail_server,
    django_capture_on_commit_callbacks,
):
    mail_server.refused = {"gone@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        batch = send_decision_emails(applications=three, by=manager).sending
    mail_server.refused = set()
    retry = reverse("admin:programmes_decisionemailbatch_retry", args=[batch.pk])
    viewer = User.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_decisionemailbatch", "view_application"])
    )

    client.force_login(manager)
    assert client.get(retry)["Location"] == progress_url(batch)
    client.force_login(viewer)
    assert client.get(progress_url(batch)).status_code == 200
    assert "Try the failed email again" not in page(client.get(progress_url(batch)))
    assert client.post(retry).status_code == 403

    assert OutgoingEmail.objects.filter(state="failed").count() == 1


def test_the_list_of_batches_shows_each_one_s_progress(
    manager_client,
    three,
    manager,
    mail_server,
    django_capture_on_commit_callbacks,
):
    mail_server.refused = {"gone@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        send_decision_emails(applications=three, by=manager)

    html = page(manager_client.get(reverse("admin:programmes_decisionemailbatch_changelist")))

    assert "2 of 3 sent" in html
    assert "Maria" in html  # who sent it


@pytest.mark.task_queue
def test_the_batch_page_makes_as_many_queries_for_30_emails_as_for_3(
    manager_client, open_2027, closed_2024, manager, make_application
):
    def queries_for(edition, n):
        write_templates(edition)
        applications = [make_application(edition, status=Status.DECLINED) for _ in range(n)]
        batch = send_decision_emails(applications=applications, by=manager).sending
        OutgoingEmail.objects.filter(decision_batches=batch).update(state="failed")
        with CaptureQueriesContext(connection) as queries:
            html = page(manager_client.get(progress_url(batch)))
        assert f"<strong>0 of {n} sent</strong>" in html
        return len(queries)

    assert queries_for(closed_2024, 3) == queries_for(open_2027, 30)
