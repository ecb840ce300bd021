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
