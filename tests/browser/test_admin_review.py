"""The review workflow in the admin, as staff use it: a programme manager assigns a reviewer,
the reviewer scores blind, and the manager selects the best-scored application and emails
the decision once."""

import re

from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import (
    Criterion,
    DecisionEmail,
    DecisionTemplate,
    Review,
    Score,
    Status,
)

from .conftest import assert_no_axe_violations, hrdap_edition, wait_for_mail
from .test_admin_export import open_filter, programme_manager
from .test_admin_publish import PASSWORD, log_in, save
from .test_public_pages import NOT_FOUND, heading


def make_reviewer(username: str, first_name: str, last_name: str) -> User:
    # As for programme managers: the group comes from a data migration, and the browser
    # tests' database may have been emptied since; give it back the migration's grants.
    group, _created = Group.objects.get_or_create(name="Reviewers")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="programmes", codename__in=["view_review", "change_review"]
        )
    )
    user = User.objects.create_user(
        username,
        f"{username}@ishr.example",
        PASSWORD,
        first_name=first_name,
        last_name=last_name,
        is_staff=True,
    )
    user.groups.add(group)
    return user


def run_action(page, action: str, references: list[str]) -> None:
    """Tick the rows of `references` in the admin's list and run `action` on them."""
    for reference in references:
        page.get_by_role(
            "checkbox", name=f"Select this object for an action - {reference}"
        ).check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def success_message(page):
    return page.locator(".messagelist .success")


def test_a_blind_review_leads_to_one_selection_and_one_decision_email(
    new_page, live_server, transactional_db, mailoutbox, make_application
):
    edition = hrdap_edition()
    assert edition.hide_identity_from_reviewers  # the default this test relies on
    criteria = [
        Criterion.objects.create(
            edition=edition,
            position=1,
            name="Advocacy experience",
            description="Cases taken to national or regional bodies.",
        ),
        Criterion.objects.create(
            edition=edition,
            position=2,
            name="Use of the programme",
            description="A plan for what they will do in Geneva.",
        ),
    ]
    DecisionTemplate.objects.create(
        edition=edition,
        decision=Status.SELECTED,
        subject="{{ edition }}: you are selected ({{ reference }})",
        body="Dear {{ name }},\n\nWe are glad to welcome you to {{ edition }}.",
    )
    amina = make_application(
        edition,
        full_name="Amina Okafor",
        email="amina.okafor@example.org",
        organisation="Nairobi Defenders Network",
        geneva_objectives="Brief the Special Rapporteur on land defenders in the Rift Valley.",
        status=Status.SHORTLISTED,
    )
    moussa = make_application(
        edition,
        full_name="Moussa Diop",
        email="moussa.diop@example.org",
        organisation="Dakar Rights Collective",
        status=Status.SHORTLISTED,
    )
    chidi = make_application(
        edition,
        full_name="Chidi Eze",
        email="chidi.eze@example.org",
        organisation="Lagos Press Freedom Centre",
        status=Status.SHORTLISTED,
    )
    manager = programme_manager("manager")
    lena = make_reviewer("lena", "Lena", "Fischer")
    # Another reviewer has already scored Chidi's application, below the 4-to-5 band.
    tomas = make_reviewer("tomas", "Tomás", "Rivera")
    their_review = Review.objects.create(
        application=chidi, reviewer=tomas, assigned_by=manager, submitted_at=timezone.now()
    )
    for criterion, value in zip(criteria, [2, 3], strict=True):
        Score.objects.create(review=their_review, criterion=criterion, value=value)

    # The manager assigns Lena to Amina's and Moussa's applications.
    page = new_page("desktop")
    log_in(page, "manager")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    expect(page.get_by_role("heading", name="Select application to change")).to_be_visible()
    run_action(
        page,
        "Assign reviewers to the selected applications…",
        [amina.reference, moussa.reference],
    )
    expect(page.get_by_text("Choose who reviews these 2 applications.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Lena Fischer (lena)", exact=True).check()
    page.get_by_role("button", name="Assign").click()
    expect(success_message(page)).to_have_text("2 new assignments made.")
    assigned = Review.objects.filter(reviewer=lena)
    assert sorted(assigned.values_list("application__reference", "assigned_by")) == [
        (amina.reference, manager.pk),
        (moussa.reference, manager.pk),
    ]

    # Lena sees her two reviews, and not the one assigned to Tomás.
    page = new_page("desktop")
    log_in(page, "lena")
    page.get_by_role("link", name="Reviews", exact=True).first.click()
    expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()
    for reference in [amina.reference, moussa.reference]:
        expect(page.get_by_role("link", name=reference, exact=True)).to_be_visible()
    assert chidi.reference not in page.content()

    # She reads Amina's answers without learning who Amina is, and scores them.
    page.get_by_role("link", name=amina.reference, exact=True).click()
    expect(page.get_by_text(amina.geneva_objectives)).to_be_visible()
    expect(page.get_by_text("This edition hides applicants’ identity")).to_be_visible()
    content = page.content()
    for identity in [amina.full_name, amina.email, amina.organisation]:
        assert identity not in content, f"the reviewer's page shows {identity!r}"
    assert_no_axe_violations(page)
    for criterion, value in zip(criteria, ["4", "5"], strict=True):
        scores = page.get_by_role("radiogroup", name=f"{criterion.name}: score from 0 to 5")
        scores.get_by_label(value, exact=True).check()
    page.get_by_label("My review is complete").check()
    save(page)

    review = assigned.get(application=amina)
    assert review.submitted_at is not None
    assert sorted(review.scores.values_list("criterion__name", "value")) == [
        ("Advocacy experience", 4),
        ("Use of the programme", 5),
    ]

    # Guessing addresses shows her nothing more.
    response = page.goto(reverse("admin:programmes_review_change", args=[their_review.pk]))
    assert response.status == 404
    expect(heading(page)).to_have_text(NOT_FOUND)
    content = page.content()
    for data in [chidi.reference, chidi.full_name, chidi.email, chidi.organisation]:
        assert data not in content, f"the not-found page shows {data!r}"
    response = page.goto(reverse("admin:programmes_application_change", args=[amina.pk]))
    assert response.status == 403
    expect(page.get_by_role("heading", name="403 Forbidden")).to_be_visible()
    assert amina.full_name not in page.content()

    # The manager sees the score, selects the application in the top band and emails it.
    page = new_page("desktop")
    log_in(page, "manager")
    page.get_by_role("link", name="Applications", exact=True).first.click()
    row = page.locator("#result_list tbody tr").filter(
        has=page.get_by_role("link", name=amina.reference, exact=True)
    )
    expect(row.locator(".field-average_score")).to_have_text("4.5")
    expect(row.locator(".field-reviews_done")).to_have_text("1 / 1")

    open_filter(page, "By average score").get_by_role("link", name="4 to 5", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]score=4-5"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    run_action(page, "Select the selected applications", [amina.reference])
    expect(success_message(page)).to_have_text("1 application is now selected.")
    amina.refresh_from_db()
    assert amina.status == Status.SELECTED

    run_action(page, "Send decision emails to the selected applicants", [amina.reference])
    expect(page.get_by_role("heading", name="Send decision emails")).to_be_visible()
    expect(page.get_by_text("1 applicant will be emailed their decision")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, send 1 email").click()
    expect(success_message(page)).to_have_text(
        "1 decision email is being sent (1 selected). The application's page shows when it "
        "has gone."
    )
    # The live server runs in this process, so its mail lands in the test's outbox, once
    # the page has gone.
    wait_for_mail(mailoutbox, 1)
    message = mailoutbox[0]
    assert message.to == [amina.email]
    assert message.subject == f"HRDAP 2027: you are selected ({amina.reference})"
    assert "Dear Amina Okafor," in message.body

    expect(page.locator("#batch-progress")).to_have_text("1 of 1 sent")  # the batch's page

    # Sending again sends nothing: the page says she was already emailed.
    page.get_by_role("link", name="Applications", exact=True).first.click()
    run_action(page, "Send decision emails to the selected applicants", [amina.reference])
    expect(page.get_by_text("1 applicant has already been emailed their decision")).to_be_visible()
    expect(page.get_by_text("there is nothing to send")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Yes, send"))).to_have_count(0)
    assert len(mailoutbox) == 1
    assert DecisionEmail.objects.filter(application=amina).count() == 1
