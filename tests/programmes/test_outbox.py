"""Every email goes through the outbox: written with what it reports, sent after the commit
and the response, tried again while the mail server fails, never twice, seen by staff.

The mail server is a real SMTP server on 127.0.0.1 (`smtp_server`, tests/conftest.py)."""

import io
import re
import socket
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programmes import outbox, retention
from programmes.models import Application, ApplicationDraft, OutgoingEmail
from tests.programmes.test_apply import APPLY, page, save_draft, submit

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def edition(open_2027, make_theme):
    open_2027.themes.set([make_theme("Racial justice")])
    return open_2027


def apply(client, edition, capture, **overrides):
    """Send a complete form as a browser would; the emails go as after a committed request."""
    with capture(execute=True):
        return submit(client, edition, **overrides)


def later() -> None:
    """Time passes: every message waiting is due again."""
    OutgoingEmail.objects.update(send_after=timezone.now() - timedelta(seconds=1))


# --- Through a real mail server ---------------------------------------------------------------


def test_the_confirmation_reaches_the_mail_server_with_its_headers_and_no_answers(
    client, edition, smtp_server, settings, django_capture_on_commit_callbacks
):
    apply(client, edition, django_capture_on_commit_callbacks)

    (received,) = smtp_server.received
    application = Application.objects.get()
    stored = OutgoingEmail.objects.get()
    assert received["To"] == "amina@example.org"
    assert received["From"] == settings.DEFAULT_FROM_EMAIL
    assert received["Reply-To"] == settings.PROGRAMMES_EMAIL
    assert received["Message-ID"] == stored.message_id
    assert received["Date"]
    assert application.reference in received["Subject"]
    body = received.get_payload(decode=True).decode()
    assert application.reference in body
    for answer in ("Amina Diallo", "Ligue des droits", "parliament", "Special Rapporteur"):
        assert answer not in body
    # Sent: nothing of the message is kept but its record.
    assert (stored.state, stored.attempts, stored.body) == ("sent", 1, "")


def test_with_the_mail_server_down_the_application_is_kept_and_its_email_goes_once_it_is_back(
    client, edition, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()

    response = apply(client, edition, django_capture_on_commit_callbacks)

    assert response["Location"] == "/programmes/hrdap/2027/apply/done/"
    assert Application.objects.exists()
    html = page(client.get(response["Location"]))
    assert "We are sending a message to <strong>amina@example.org</strong>" in html
    assert "If it has not arrived within an hour" in html
    message = OutgoingEmail.objects.get()
    assert (message.state, message.attempts) == ("waiting", 1)
    assert message.send_after > timezone.now()  # tried again after a pause

    smtp_server.start()
    call_command("send_queued_mail", stdout=io.StringIO())
    assert smtp_server.received == []  # its pause is not over
    later()
    call_command("send_queued_mail", stdout=io.StringIO())
    later()
    call_command("send_queued_mail", stdout=io.StringIO())

    (received,) = smtp_server.received
    assert Application.objects.get().reference in received["Subject"]


def test_a_mail_server_that_never_answers_holds_the_sender_no_longer_than_the_timeout(
    edition, make_application, smtp_server, settings
):
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_PORT = silent.getsockname()[1]
        settings.EMAIL_TIMEOUT = 1
        outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")

        started = time.monotonic()
        result = outbox.send()
        took = time.monotonic() - started

    assert took < 3
    assert (result.sent, result.deferred) == (0, 1)
    assert "timed out" in OutgoingEmail.objects.get().last_error


# --- Tried again, never twice -----------------------------------------------------------------


def test_each_failure_pushes_the_next_attempt_further_away_up_to_an_hour():
    assert [outbox.pause_after(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_a_message_another_sender_holds_is_left_alone_until_its_claim_runs_out(db, smtp_server):
    message = outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")
    held = timezone.now() + timedelta(minutes=1)
    OutgoingEmail.objects.filter(pk=message.pk).update(claimed_until=held)

    assert outbox.send().sent == 0

    OutgoingEmail.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox.send().sent == 1
    assert outbox.send().sent == 0  # and never twice
    assert len(smtp_server.received) == 1


def test_an_address_the_server_refuses_is_given_up_at_once(db, smtp_server, monkeypatch):
    async def refuse(server, session, envelope, address, rcpt_options):
        return "550 No such user here"

    smtp_server.handle_RCPT = refuse
    smtp_server.stop()
    smtp_server.start()
    outbox.queue(kind="confirmation", to="nobody@example.org", subject="s", body="b")

    result = outbox.send()

    message = OutgoingEmail.objects.get()
    assert (result.failed, message.state) == (1, "failed")
    assert message.last_error.startswith("SMTPRecipientsRefused")


def test_after_two_days_of_failures_a_message_is_marked_failed_and_staff_are_told(
    client, db, smtp_server, settings
):
    smtp_server.stop()
    message = outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")
    OutgoingEmail.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - settings.OUTBOX_GIVE_UP_AFTER - timedelta(minutes=1)
    )

    outbox.send()

    assert OutgoingEmail.objects.get().state == "failed"
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content.decode() == "ok\nmail: 1 waiting for over an hour or failed\n"


def test_health_reports_mail_waiting_for_over_an_hour(client, db):
    outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")
    assert client.get("/health/").content.decode() == "ok\n"
    OutgoingEmail.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    assert "mail: 1 waiting for over an hour" in client.get("/health/").content.decode()


# --- Drafts -----------------------------------------------------------------------------------


def test_a_draft_saved_while_mail_fails_gives_its_private_link_on_the_page(
    client, edition, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = save_draft(client, edition)

    html = page(client.get(response["Location"]))

    assert "We are sending a private link to <strong>amina@example.org</strong>" in html
    link = re.search(r'href="(/programmes/hrdap/2027/apply/draft/[^"]+/)"', html).group(1)
    assert f"http://testserver{link}</a>" in html  # the whole link, to copy
    assert "Half an answer" in page(Client().get(link))  # it reopens the draft anywhere


def test_once_the_draft_link_has_gone_the_page_says_it_was_emailed(
    client, edition, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = save_draft(client, edition)

    html = page(client.get(response["Location"]))

    assert "We have emailed a private link to <strong>amina@example.org</strong>" in html
    assert 'id="private-link"' not in html
    (received,) = smtp_server.received
    assert "/programmes/hrdap/2027/apply/draft/" in received.get_payload(decode=True).decode()


# --- Discreet emails --------------------------------------------------------------------------


def test_discreet_emails_do_not_say_what_the_person_applied_to(
    client, edition, smtp_server, django_capture_on_commit_callbacks
):
    apply(client, edition, django_capture_on_commit_callbacks, discreet_emails="on")

    (received,) = smtp_server.received
    reference = Application.objects.get().reference
    assert received["Subject"] == f"Your ISHR reference: {reference}"
    first_lines = received.get_payload(decode=True).decode().strip().splitlines()[:3]
    assert first_lines == ["Hello,", "", "Thank you: your form has reached us."]


def test_a_discreet_draft_link_says_only_that_a_form_is_saved(
    client, edition, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(client, edition, discreet_emails="on")

    (received,) = smtp_server.received
    assert received["Subject"] == "Your saved form"
    body = received.get_payload(decode=True).decode()
    assert body.strip().splitlines()[2] == (
        "Your answers are saved. This private link brings them back:"
    )
    assert ApplicationDraft.objects.get().discreet_emails is True


def test_the_form_offers_discreet_emails_beside_the_address(client, edition):
    html = page(client.get(APPLY))
    assert 'name="discreet_emails"' in html
    assert html.index('name="email"') < html.index('name="discreet_emails"')
    assert html.index('name="discreet_emails"') < html.index('name="country"')


# --- Staff ------------------------------------------------------------------------------------


@pytest.fixture
def queued(db):
    failed = outbox.queue(
        kind="draft-link", to="lucia@example.org", subject="Saved", body="https://secret/link"
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        state="failed", attempts=9, last_error="SMTPServerDisconnected: gone"
    )
    return failed


def test_managers_see_each_email_its_state_and_error_but_never_its_body(
    client, queued, make_staff
):
    client.force_login(make_staff("manager", "Programme managers"))

    html = page(client.get(reverse("admin:programmes_outgoingemail_changelist")))
    detail = page(client.get(reverse("admin:programmes_outgoingemail_change", args=[queued.pk])))

    assert "lucia@example.org" in html and "failed: no more attempts" in html
    assert "1 email has been waiting for over an hour, or failed" in html
    assert "SMTPServerDisconnected: gone" in detail
    assert "secret/link" not in html + detail


def test_staff_who_may_not_see_applications_see_no_recipient_or_subject(
    client, queued, django_user_model
):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(
        *Group.objects.get(name="Programme managers").permissions.filter(
            codename="view_outgoingemail"
        )
    )
    client.force_login(user)

    html = page(client.get(reverse("admin:programmes_outgoingemail_changelist")))
    detail = page(client.get(reverse("admin:programmes_outgoingemail_change", args=[queued.pk])))

    assert "failed: no more attempts" in html
    assert "lucia@example.org" not in html + detail
    assert "Saved" not in detail


def test_retry_now_sends_a_failed_email_once_the_page_has_gone(
    client, queued, make_staff, smtp_server
):
    client.force_login(make_staff("manager", "Programme managers"))

    response = client.post(
        reverse("admin:programmes_outgoingemail_changelist"),
        {"action": "retry_now", "_selected_action": [queued.pk]},
        follow=True,
    )

    assert "1 email will be tried again once this page has gone." in page(response)
    queued.refresh_from_db()
    assert queued.state == "waiting"  # the test's transaction never commits; as it would:
    outbox.send()
    assert len(smtp_server.received) == 1
    assert OutgoingEmail.objects.get().state == "sent"


def test_the_command_reports_what_it_did(db, smtp_server):
    outbox.queue(kind="confirmation", to="a@example.org", subject="s", body="b")
    out = io.StringIO()

    call_command("send_queued_mail", stdout=out)

    assert out.getvalue().strip() == (
        "Sent 1; to be tried again later: 0; given up: 0; waiting for over an hour or failed: 0."
    )


def test_erasing_an_applicant_deletes_every_email_to_them(
    client, edition, smtp_server, make_staff, django_capture_on_commit_callbacks
):
    apply(client, edition, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        save_draft(Client(), edition)
    assert OutgoingEmail.objects.count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        retention.erase_applicants(applications=Application.objects.all(), by=None)

    assert not OutgoingEmail.objects.exists()
