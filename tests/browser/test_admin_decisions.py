"""Sending decision emails as a programme manager does, at 1280 by 800: the page shows each email
as it will go and who gets it, and asks twice while the call is still open."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import DecisionEmail, DecisionTemplate, Status

from .conftest import assert_no_axe_violations, hrdap_edition, wait_for_mail
from .test_admin_export import programme_manager
from .test_admin_publish import log_in
from .test_admin_review import run_action, success_message


def test_a_manager_reads_the_emails_and_confirms_twice_while_the_call_is_open(
    new_page, live_server, transactional_db, mailoutbox, make_application
):
    edition = hrdap_edition(
        call_opens=timezone.now() - timedelta(days=10),
        call_closes=timezone.now() + timedelta(days=10),
    )
    DecisionTemplate.objects.create(
        edition=edition,
        decision=Status.SELECTED,
        subject="{{ edition }}: you are selected ({{ reference }})",
        body="Dear {{ name }},\n\nWe are glad to welcome you to {{ edition }}.",
    )
    amina = make_application(
        edition, full_name="Amina Okafor", email="amina@example.org", status=Status.SELECTED
    )
    moussa = make_application(
        edition, full_name="Moussa Diop", email="moussa@example.org", status=Status.SELECTED
    )
    programme_manager("manager")

    page = new_page("desktop")
    log_in(page, "manager")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    action = "Send decision emails to the selected applicants"
    run_action(page, action, [amina.reference, moussa.reference])

    sample = page.locator("section.decision-sample")
    expect(sample.get_by_role("heading")).to_have_text("“Selected”, HRDAP 2027: 2 emails")
    expect(sample.locator("dd").first).to_have_text(
        f"HRDAP 2027: you are selected ({amina.reference})"
    )
    expect(sample.get_by_text("Dear Amina Okafor,")).to_be_visible()
    recipients = sample.get_by_role("table", name="Recipients")
    for person in (amina, moussa):
        row = recipients.get_by_role("row").filter(has_text=person.reference)
        expect(row).to_contain_text(person.full_name)
        expect(row).to_contain_text(person.email)
    expect(page.locator("#open-calls")).to_contain_text("The call for HRDAP 2027 is still open")
    assert_no_axe_violations(page)

    # Sending without the second confirmation sends nothing and says why.
    page.get_by_role("button", name="Yes, send 2 emails").click()
    expect(page.locator("#call-open-error")).to_contain_text("Nothing has been sent.")
    assert not DecisionEmail.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_label("I know the call is still open").check()
    page.get_by_role("button", name="Yes, send 2 emails").click()
    expect(success_message(page)).to_contain_text("2 decision emails are being sent")
    wait_for_mail(mailoutbox, 2)
    assert sorted(m.to[0] for m in mailoutbox) == [amina.email, moussa.email]


def test_a_manager_follows_a_batch_to_its_page_and_sends_a_failed_email_again(
    new_page, live_server, transactional_db, smtp_server, make_application
):
    edition = hrdap_edition(
        call_opens=timezone.now() - timedelta(days=30),
        call_closes=timezone.now() - timedelta(days=10),
    )
    for decision in (Status.SELECTED, Status.DECLINED):
        DecisionTemplate.objects.create(
            edition=edition,
            decision=decision,
            subject="{{ edition }}: your application {{ reference }}",
            body="Dear {{ name }},\n\nOur decision is in.",
        )
    amina = make_application(edition, email="amina@example.org", status=Status.SELECTED)
    moussa = make_application(edition, email="moussa@example.org", status=Status.DECLINED)

    async def refuse_moussa(server, session, envelope, address, rcpt_options):
        if address == moussa.email:
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp_server.handle_RCPT = refuse_moussa
    programme_manager("manager")

    page = new_page("desktop")
    log_in(page, "manager")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    run_action(
        page,
        "Send decision emails to the selected applicants",
        [amina.reference, moussa.reference],
    )
    page.get_by_role("button", name="Yes, send 2 emails").click()

    # The batch's page: one went, one the server refused, and a button to try it again.
    expect(page.locator("#batch-progress")).to_have_text("1 of 2 sent")
    expect(page.locator("#batch-counts")).to_contain_text("0 waiting to be sent")
    expect(page.locator("#batch-counts")).to_contain_text("1 failed")
    failed = page.get_by_role("table", name="Failed: the mail server refused these emails")
    expect(failed).to_contain_text(moussa.reference)
    expect(failed).not_to_contain_text(amina.reference)
    assert_no_axe_violations(page)

    del smtp_server.handle_RCPT  # the address works again
    page.get_by_role("button", name="Try the failed email again").click()
    expect(success_message(page)).to_contain_text("1 failed email is being sent again.")
    expect(page.locator("#batch-progress")).to_have_text("2 of 2 sent")
    expect(failed).to_have_count(0)
    assert sorted(message["To"] for message in smtp_server.received) == [
        amina.email,
        moussa.email,
    ]
    assert_no_axe_violations(page)

    # Later: the batch is in the list of batches, with its page.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Batches of decision emails").click()
    row = page.get_by_role("row").filter(has_text="2 of 2 sent")
    expect(row).to_contain_text("manager")
    assert_no_axe_violations(page)
    row.get_by_role("link").first.click()
    expect(page.locator("#batch-progress")).to_have_text("2 of 2 sent")
