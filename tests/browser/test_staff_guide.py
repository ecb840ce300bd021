"""The staff guide's walk-throughs (docs/staff-guide.md): each group's tasks in the admin, done
as a person does them at 1280 by 800, with what they see checked at every step.

With STAFF_GUIDE_SCREENSHOTS naming a folder (`make staff-guide` names docs/staff-guide/), the
key screens are also saved there, as the pictures the guide shows. Each is the visible part of
the page only, in at most 256 colours: the admin's flat colours lose nothing, and the set stays
small enough to commit.
"""

import csv
import io
import os
import re
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from core.models import PublicationState
from impact.models import Highlight
from programmes import services
from programmes.models import (
    Application,
    ApplicationExport,
    DataRemoval,
    DecisionEmail,
    Edition,
    Review,
    Status,
)

from .conftest import wait_for_mail
from .test_admin_export import open_filter, programme_manager
from .test_admin_publish import PASSWORD, jpeg_file, log_in, save
from .test_admin_review import make_reviewer, run_action, success_message

SCREENSHOTS = "STAFF_GUIDE_SCREENSHOTS"


def shot(page, name: str) -> None:
    """Save what the screen shows now as `name`.png in the folder STAFF_GUIDE_SCREENSHOTS
    names; nothing without it."""
    folder = os.environ.get(SCREENSHOTS)
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    picture = Image.open(io.BytesIO(page.screenshot(animations="disabled", caret="hide")))
    picture.convert("RGB").quantize(256, dither=Image.Dither.NONE).save(
        Path(folder) / f"{name}.png", optimize=True
    )


def editor(username: str, first_name: str) -> User:
    """A member of the Editors group, with the grants its migrations give it: the impact
    review, the themes, and changing (not adding) the site-wide pages. The browser tests'
    database may have been emptied since the migrations ran, group included."""
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="impact"),
        *Permission.objects.filter(content_type__app_label="core", content_type__model="theme"),
        *Permission.objects.filter(
            content_type__app_label="core", codename__in=["view_page", "change_page"]
        ),
    )
    user = User.objects.create_user(
        username, f"{username}@ishr.example", PASSWORD, first_name=first_name, is_staff=True
    )
    user.groups.add(group)
    return user


def open_call(demo) -> Edition:
    """The demo's HRDAP edition whose call is open today, with its dozen applications."""
    now = timezone.now()
    return Edition.objects.get(programme=demo.programme, call_opens__lte=now, call_closes__gt=now)


def scroll_to_top(locator) -> None:
    """Scroll the page so that `locator` starts at the top of the screen, as a person scrolls
    to a section before reading it."""
    locator.evaluate("element => element.scrollIntoView({block: 'start'})")


def go_to(page, name: str) -> None:
    """Open one of the admin's lists from the column on the left of every page."""
    page.locator("#nav-sidebar").get_by_role("link", name=name, exact=True).click()


def rows(page):
    return page.locator("#result_list tbody tr")


def row_of(page, text: str):
    return rows(page).filter(has=page.get_by_role("link", name=text, exact=True))


# --- Editors --------------------------------------------------------------------------------

TITLE = "Defenders win a resolution on reprisals"
SLUG = "defenders-win-a-resolution-on-reprisals"
SUMMARY = "States agreed to track reprisals against people who cooperate with the UN."
ALT = "Defenders holding a banner outside the Palais des Nations"


def test_an_editor_schedules_a_highlight_previews_it_reorders_it_and_reads_its_history(
    new_page, demo, tmp_path
):
    editor("elena", "Elena")
    page = new_page("desktop")
    log_in(page, "elena")
    home = page.locator("#content-main")
    for name in ["Annual reviews", "Highlights", "Pages", "Themes"]:
        expect(home.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(home.get_by_role("link", name="Applications", exact=True)).to_have_count(0)
    shot(page, "editor-home")

    # The year's review: its text in three languages side by side, then its key figures.
    home.get_by_role("link", name="Annual reviews", exact=True).click()
    page.get_by_role("link", name=str(demo.review.year), exact=True).click()
    expect(page.get_by_label("Title (French):", exact=True)).to_have_value(demo.review.title_fr)
    expect(page.get_by_role("link", name="Preview as the public will see it")).to_be_visible()
    shot(page, "review")
    figures = page.locator("#key_figures-group")
    scroll_to_top(figures)
    computed = figures.locator(".inline-related.has_original").filter(
        has=page.locator(
            "select[name$='-source'] option[selected][value='selected-of-applicants']"
        )
    )
    expect(computed.locator(".field-value_now .readonly")).to_have_text("16 of 434")
    # Every box of a figure fits on a laptop's screen, its label's three languages included.
    for box in figures.locator("input:visible, select:visible").all():
        edge = box.bounding_box()
        assert edge and edge["x"] + edge["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "review-key-figures")

    # A new highlight, published from tomorrow morning: scheduled.
    go_to(page, "Highlights")
    page.get_by_role("link", name="Add highlight").click()
    page.get_by_label("Review:").select_option(label=str(demo.review))
    page.get_by_label("Kind:").select_option(Highlight.Kind.RESOLUTION.value)
    page.get_by_label("Title (English):", exact=True).press_sequentially(TITLE)
    expect(page.get_by_label("Slug:")).to_have_value(SLUG)
    page.get_by_label("Summary (English):", exact=True).fill(SUMMARY)
    shot(page, "highlight-add")
    page.locator('input[type="file"][name="image"]').set_input_files(jpeg_file(tmp_path))
    page.get_by_label("Image description (alt text) (English):", exact=True).fill(ALT)
    page.get_by_label("Image credit:").fill("Photo: ISHR")
    page.get_by_label("State:").select_option(PublicationState.PUBLISHED.value)
    tomorrow = timezone.localdate() + timedelta(days=1)
    page.locator("input[name=publish_at_0]").fill(tomorrow.isoformat())
    page.locator("input[name=publish_at_1]").fill("08:00:00")
    scroll_to_top(page.locator("fieldset").filter(has_text="Order and publication"))
    shot(page, "highlight-publication")
    save(page)
    highlight = Highlight.objects.get(slug=SLUG)
    assert highlight.state == PublicationState.PUBLISHED
    assert timezone.localtime(highlight.publish_at).date() == tomorrow
    new_row = row_of(page, TITLE)
    expect(new_row.locator("td.field-publication")).to_contain_text("Scheduled for")

    # A new highlight comes first (position 0); 25 puts it between the second and the third.
    expect(rows(page).first).to_contain_text(TITLE)
    new_row.locator("td.field-position input").fill("25")
    shot(page, "highlights-list")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(success_message(page)).to_be_visible()
    expect(rows(page).nth(2)).to_contain_text(TITLE)
    highlight.refresh_from_db()
    assert highlight.position == 25

    # The preview shows it as the public will see it tomorrow; the public sees nothing yet.
    page.get_by_role("link", name=TITLE, exact=True).click()
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview as the public will see it").click()
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_role("status")).to_contain_text("Preview")
    shot(preview, "highlight-preview")
    assert preview.goto(highlight.get_absolute_url()).status == 404
    preview.close()

    # The history: who changed what, and when.
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history tbody tr")
    expect(history).to_have_count(2)
    expect(history.first).to_contain_text("Changed in the admin: Position.")
    expect(history.last).to_contain_text("Added in the admin.")
    expect(history.first).to_contain_text("elena")
    shot(page, "highlight-history")

    # The privacy notice: changed, never added or deleted.
    go_to(page, "Pages")
    expect(page.get_by_role("link", name="Add page")).to_have_count(0)
    page.get_by_role("link", name="Privacy notice", exact=True).click()
    expect(page.get_by_label("Title (Spanish):", exact=True)).to_be_visible()


# --- Programme managers ---------------------------------------------------------------------


def test_a_programme_manager_runs_a_call_from_applications_to_decisions_and_erasure(
    new_page, demo, mailoutbox
):
    manager = programme_manager("maria")
    make_reviewer("lena", "Lena", "Fischer")
    open_edition = open_call(demo)
    # 434 applications, 16 selected, no decision email sent yet.
    hrdap_2024 = Edition.objects.get(programme=demo.programme, year=2024)
    selected = set(
        hrdap_2024.applications.filter(status=Status.SELECTED).values_list("email", flat=True)
    )
    page = new_page("desktop")
    log_in(page, "maria")
    home = page.locator("#content-main")
    for name in ["Applications", "Editions", "Testimonials", "Data removals", "Emails"]:
        expect(home.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(home.get_by_role("link", name="Highlights", exact=True)).to_have_count(0)
    shot(page, "manager-home")

    # The editions, with their live figures; the open call's page.
    home.get_by_role("link", name="Editions", exact=True).click()
    expect(row_of(page, str(hrdap_2024)).locator("td.field-applicants")).to_have_text("434")
    expect(row_of(page, str(hrdap_2024)).locator("td.field-selected")).to_have_text("16")
    page.get_by_role("link", name=str(open_edition), exact=True).click()
    expect(page.get_by_label("hide applicants' identity from reviewers")).to_be_checked()
    scroll_to_top(page.locator("fieldset").filter(has_text="Call for applications"))
    shot(page, "edition")
    templates = page.locator("#decision_templates-group")
    scroll_to_top(templates)
    expect(templates.get_by_label("Subject:").first).to_have_value(re.compile(r"\{\{ edition }}"))
    shot(page, "edition-decision-emails")

    # The open call's applications.
    go_to(page, "Applications")
    open_filter(page, "By edition").get_by_role("link", name=str(open_edition), exact=True).click()
    waiting = list(open_edition.applications.order_by("submitted_at"))
    expect(rows(page)).to_have_count(len(waiting))
    expect(page.get_by_role("link", name=re.compile(r"^Export to CSV"))).to_have_text(
        f"Export to CSV ({len(waiting)} applications)"
    )
    shot(page, "applications")
    first, second = waiting[:2]

    page.get_by_role("link", name=first.reference, exact=True).click()
    expect(page.get_by_role("heading", name=first.reference)).to_be_visible()
    status = page.get_by_label("Status:")
    expect(status.locator("option")).to_have_text(
        ["Submitted", "Shortlisted", "Declined", "Withdrawn"]
    )
    expect(page.get_by_text(first.full_name, exact=True)).to_be_visible()
    shot(page, "application")
    page.go_back()

    # Lena reviews two of them; they move to the shortlist.
    run_action(
        page,
        "Assign reviewers to the selected applications…",
        [first.reference, second.reference],
    )
    expect(page.get_by_text("Choose who reviews these 2 applications.")).to_be_visible()
    page.get_by_label("Lena Fischer (lena)", exact=True).check()
    shot(page, "assign-reviewers")
    page.get_by_role("button", name="Assign").click()
    expect(success_message(page)).to_have_text("2 new assignments made.")
    expect(row_of(page, first.reference).locator("td.field-reviews_done")).to_have_text("0 / 1")
    run_action(page, "Shortlist the selected applications", [first.reference, second.reference])
    expect(success_message(page)).to_have_text("2 applications are now shortlisted.")
    expect(row_of(page, second.reference).locator("td.field-status")).to_have_text("Shortlisted")

    # Last year's selected applicants: exported, then told.
    open_filter(page, "By status").get_by_role("link", name="Selected", exact=True).click()
    open_filter(page, "By edition").get_by_role("link", name=str(hrdap_2024), exact=True).click()
    expect(rows(page)).to_have_count(16)
    page.get_by_role("link", name="Export to CSV (16 applications)").click()
    expect(page.locator("#export-summary")).to_contain_text("16 applications match")
    shot(page, "export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    with open(download_info.value.path(), encoding="utf-8-sig", newline="") as file:
        header, *exported = list(csv.reader(file))
    assert len(exported) == 16 and "Reference" in header
    assert ApplicationExport.objects.get().exported_by == manager
    page.go_back()

    page.locator("#action-toggle").check()
    page.get_by_label("Action:").select_option(
        label="Send decision emails to the selected applicants"
    )
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("16 applicants will be emailed their decision")).to_be_visible()
    sample = page.locator("section.decision-sample")
    expect(sample.get_by_role("heading")).to_have_text("“Selected”, HRDAP 2024: 16 emails")
    expect(sample.get_by_text(re.compile(r"^Dear "))).to_be_visible()
    expect(page.locator("#open-calls")).to_have_count(0)
    shot(page, "send-decisions")
    page.get_by_role("button", name="Yes, send 16 emails").click()
    expect(success_message(page)).to_contain_text("16 decision emails are being sent")
    expect(page.locator("#batch-progress")).to_have_text("16 of 16 sent")  # the batch's page
    wait_for_mail(mailoutbox, 16)
    assert {message.to[0] for message in mailoutbox} == selected
    assert DecisionEmail.objects.filter(decision=Status.SELECTED).count() == 16

    # An applicant asks to be erased: found by their email address.
    leaving = waiting[-1]
    go_to(page, "Applications")
    page.locator("#searchbar").fill(leaving.email)
    page.get_by_role("button", name="Search").click()
    expect(rows(page)).to_have_count(1)
    run_action(page, "Erase the selected applicants at their request…", [leaving.reference])
    expect(page.locator("#erased-applications")).to_contain_text(leaving.reference)
    expect(page.get_by_text("It cannot be undone.", exact=False)).to_be_visible()
    shot(page, "erase")
    page.get_by_role("button", name="Yes, erase 1 application").click()
    expect(success_message(page)).to_contain_text(f"Erased 1 application ({leaving.reference})")
    assert not Application.objects.filter(pk=leaving.pk).exists()

    go_to(page, "Data removals")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Erasure on request")
    assert DataRemoval.objects.get().references == [leaving.reference]


# --- Reviewers ------------------------------------------------------------------------------


def test_a_reviewer_scores_an_assigned_application_without_seeing_who_sent_it(new_page, demo):
    manager = programme_manager("maria")
    lena = make_reviewer("lena", "Lena", "Fischer")
    open_edition = open_call(demo)
    assigned = list(open_edition.applications.order_by("submitted_at")[:2])
    services.assign_reviewers(applications=assigned, reviewers=[lena], by=manager)
    criteria = list(open_edition.criteria.order_by("position"))
    application = assigned[0]

    page = new_page("desktop")
    log_in(page, "lena")
    home = page.locator("#content-main")
    expect(home.get_by_role("link")).to_have_text(["Programmes", "Reviews", "Change"])
    home.get_by_role("link", name="Reviews", exact=True).click()
    expect(page.get_by_role("heading", name="Your reviews")).to_be_visible()
    expect(rows(page)).to_have_count(2)
    expect(row_of(page, application.reference).locator("td.field-state")).to_have_text("To do")
    shot(page, "reviews")

    page.get_by_role("link", name=application.reference, exact=True).click()
    expect(page.get_by_text("This edition hides applicants’ identity")).to_be_visible()
    content = page.content()
    for identity in [application.full_name, application.email]:
        assert identity not in content
    shot(page, "review-answers")

    # One score given, then "complete" ticked too soon: the page says what is missing.
    def scores(criterion):
        return page.get_by_role("radiogroup", name=f"{criterion.name}: score from 0 to 5")

    given = {criterion: 3 + n % 3 for n, criterion in enumerate(criteria)}
    scores(criteria[0]).get_by_label(str(given[criteria[0]]), exact=True).check()
    scroll_to_top(page.locator("fieldset.review-scores"))
    shot(page, "review-scores")
    page.get_by_label("My review is complete").check()
    page.get_by_role("button", name="Save", exact=True).click()
    missing = "Give a score from 0 to 5 before marking the review complete."
    expect(page.get_by_text(missing)).to_have_count(len(criteria) - 1)
    assert not Review.objects.get(application=application, reviewer=lena).submitted_at

    for criterion in criteria[1:]:
        scores(criterion).get_by_label(str(given[criterion]), exact=True).check()
    page.get_by_label("My review is complete").check()
    save(page)

    review = Review.objects.get(application=application, reviewer=lena)
    assert review.submitted_at is not None
    assert review.scores.count() == len(criteria)
    row = row_of(page, application.reference)
    expect(row.locator("td.field-state")).to_have_text("Complete")
    average = sum(given.values()) / len(criteria)
    expect(row.locator("td.field-own_average")).to_have_text(f"{average:.1f}")
