"""A defender applies to the open HRDAP call in a real browser: with and without JavaScript,
clicking twice, making mistakes, and in two sittings through the emailed draft link."""

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from programmes.models import Application, ApplicationDraft, Edition

from .conftest import assert_no_axe_violations, wait_for_mail

EMAIL = "amina.defender@example.org"
ANSWERS = {
    "Full name": "Amina Okafor",
    "Organisation": "Coalition for Civic Space",
    "Your role in the organisation": "Advocacy coordinator",
    "Your advocacy at home": "We documented raids on community radios and won a court order.",
    "Your engagement with the UN so far": "Two submissions to the UPR of my country.",
    "What you want to achieve in Geneva": "A recommendation on the protection of journalists.",
    "What you would bring to the group": "Ten years of legal aid for arrested reporters.",
    "Recommending partner organisation": "Media Defence Network",
}
COUNTRY = "Kenya"
# Radio groups are named by their legend; "Yes, for all of it" appears in two of them.
CHOICES = {
    "Your English": "Good: I can follow training and speak in meetings",
    "Can you take part in the whole online course?": "Yes, for all of it",
    "Can you be in Geneva for all of the days there?": "Yes, for all of it",
    "Do you need a scholarship?": "Yes, a partial scholarship",
}
CONSENT = "I agree that ISHR keeps and uses what I send here"
SUBMIT = "Submit my application"
SAVE = "Save and continue later"

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
WEB_PAGE = b"<!doctype html><html><body>My CV</body></html>\n"


def pdf(name: str, content: bytes = PDF) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def open_call() -> Edition:
    return Edition.objects.open_calls().select_related("programme").get(programme__slug="hrdap")


def reference_pattern(edition: Edition) -> re.Pattern:
    return re.compile(rf"^HRDAP{edition.year % 100:02d}-[2-9A-HJKMNP-TW-Z]{{6}}$")


def field(page, label: str):
    """The control whose label starts with `label`: required ones end with an asterisk, and
    "Organisation" is also part of other labels. (Playwright matches a pattern against the
    label's raw text, with its leading whitespace.)"""
    return page.get_by_label(re.compile(r"^\s*" + re.escape(label)))


def choose(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def mine():
    """The applications these tests send (the demo has applications of its own)."""
    return Application.objects.filter(email__iexact=EMAIL)


def fill_application(page, *, email=EMAIL, theme=None, files=True, skip=()) -> None:
    """Answer every question as a person would: type, pick, tick, choose files.

    `theme` ticks one of the edition's themes; `skip` leaves the named labels untouched.
    """
    for label, value in ANSWERS.items():
        if label not in skip:
            field(page, label).fill(value)
    if "Email address" not in skip:
        field(page, "Email address").fill(email)
    if "Country where you work" not in skip:
        field(page, "Country where you work").select_option(label=COUNTRY)
    if theme:
        choose(page, "Your thematic focus", theme)
    for question, answer in CHOICES.items():
        if question not in skip:
            choose(page, question, answer)
    if files:
        field(page, "Your CV").set_input_files(pdf("my-cv.pdf"))
        field(page, "A letter of reference").set_input_files(pdf("letter.pdf"))
    page.get_by_label(CONSENT).check()


def submit_button(page):
    return page.get_by_role("button", name=SUBMIT)


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def expect_confirmation(page, edition: Edition, mailoutbox, *, email=EMAIL) -> str:
    """Wait for the confirmation page, then for the email it announces, and return the
    reference that email gives. The page shows none: it is the same whether or not the
    address had applied before, and the email is the receipt."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your form")
    expect(page.get_by_text(f"We are sending a message to {email}")).to_be_visible()
    pattern = re.compile(reference_pattern(edition).pattern.strip("^$"))
    # The live server sends mail once the page has gone: it may land a moment later.
    deadline = time.monotonic() + 5
    while True:
        references = [
            found.group()
            for message in mailoutbox
            if email in message.to and (found := pattern.search(message.subject))
        ]
        if references:
            return references[-1]
        assert time.monotonic() < deadline, f"no email with a reference reached {email}"
        time.sleep(0.05)


# --- The journey ------------------------------------------------------------------------------


def test_defender_finds_the_open_call_from_the_home_page_applies_and_gets_a_reference(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    theme = edition.themes.order_by("name").first()
    page = new_page("phone")

    page.goto(reverse("home"))
    page.get_by_role("link", name="Read the HRDAP call and apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(edition.programme.name)
    page.get_by_role("link", name=f"Apply to HRDAP {edition.year}").click()
    expect(page).to_have_url(re.compile(re.escape(edition.get_apply_url()) + "$"))

    fill_application(page, theme=theme.name)
    submit_button(page).click()
    reference = expect_confirmation(page, edition, mailoutbox)

    application = Application.objects.get(email=EMAIL)
    assert application.reference == reference
    assert application.edition == edition
    assert application.full_name == ANSWERS["Full name"]
    assert application.country.name == COUNTRY
    assert application.english_level == "working"
    assert (application.available_online, application.available_geneva) == ("yes", "yes")
    assert application.scholarship == "partial"
    assert list(application.themes.all()) == [theme]
    assert application.consent_selection is True
    assert application.consent_share_cohosts is False
    assert application.cv.read().startswith(b"%PDF-")
    assert application.reference_letter.read().startswith(b"%PDF-")


def test_the_confirmation_email_carries_the_reference_and_none_of_the_answers(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    page = new_page("desktop")
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name)
    submit_button(page).click()
    reference = expect_confirmation(page, edition, mailoutbox)

    # The live server runs in this process, so its mail lands in the test's outbox.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    assert reference in message.subject
    assert reference in message.body
    for answer in [*ANSWERS.values(), COUNTRY, *CHOICES.values()]:
        assert answer not in message.subject + message.body, f"the email repeats {answer!r}"


# --- Double clicks ----------------------------------------------------------------------------
#
# A double click is two clicks in one instant: Chromium folds both into one navigation, so one
# request leaves whatever the page does (observed without JavaScript too), and a test of it
# would pass even if the server made two applications. What does send the form twice is the
# applicant who clicks again because the first click seems to do nothing, on a slow
# connection. These tests hold the server's answer back from the browser to click a second
# time while the first submission is still on its way.


class SlowAnswers:
    """Posts of the form to `path` reach the server at once, as they are sent, but the
    browser sees no answer until `release()`: a connection slow on the way back."""

    def __init__(self, page, path: str):
        self.page = page
        self.held = []  # (route, the server's answer), in the order they were sent
        page.route(re.compile(re.escape(path) + "$"), self.hold)

    def hold(self, route):
        if route.request.method != "POST":
            route.continue_()
            return
        # The browser follows the redirect itself once it is let through.
        self.held.append((route, route.fetch(max_redirects=0)))

    def wait_for(self, count: int) -> None:
        for _ in range(100):  # route handlers run while the page waits
            if len(self.held) >= count:
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{count} posts expected, {len(self.held)} sent")

    def release(self) -> None:
        """Let the last answer through (a newer navigation has cancelled the earlier ones)."""
        route, response = self.held[-1]
        route.fulfill(response=response)


def click_twice(page, button, slow: SlowAnswers) -> None:
    """Click `button`, wait for the form to reach the server, click the same spot again.

    With a navigation under way, Playwright's locators (and scripts run in the page) wait
    for it to finish; the mouse does not, like the applicant's."""
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    slow.wait_for(1)
    page.mouse.click(x, y)
    page.wait_for_timeout(300)  # time for a second post to leave, if it is going to


def test_a_second_click_while_the_application_is_sending_sends_nothing(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    page = new_page("desktop")
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name)
    slow = SlowAnswers(page, edition.get_apply_url())

    click_twice(page, submit_button(page), slow)
    slow.release()
    reference = expect_confirmation(page, edition, mailoutbox)

    # The page's script disabled the button at the first click (the same clicks send the form
    # twice without it: see the next test).
    assert len(slow.held) == 1, "the second click sent the form again"
    assert list(mine().values_list("reference", flat=True)) == [reference]
    assert len(mailoutbox) == 1


def test_without_javascript_a_second_click_while_sending_still_makes_one_application(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    page = new_page("desktop", js=False)
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name)
    slow = SlowAnswers(page, edition.get_apply_url())

    click_twice(page, submit_button(page), slow)
    # No script disabled the button: the form went twice, the second time after the server
    # had stored the first.
    slow.wait_for(2)
    slow.release()
    reference = expect_confirmation(page, edition, mailoutbox)

    # The server knows the second copy by the form's submission token and answers with the
    # first one's reference; it sends no second email.
    assert list(mine().values_list("reference", flat=True)) == [reference]
    assert len(mailoutbox) == 1


def test_a_form_sent_with_an_address_that_has_applied_gets_the_same_page_and_is_not_kept(
    new_page, call_demo, mailoutbox
):
    """Someone sends a complete form with the address of a defender who applied: they see
    what the defender saw, and only the defender's mailbox learns of it."""
    edition = open_call()
    first = new_page("phone")
    first.goto(edition.get_apply_url())
    fill_application(first, theme=edition.themes.first().name)
    submit_button(first).click()
    reference = expect_confirmation(first, edition, mailoutbox)

    stranger = new_page("phone")
    stranger.goto(edition.get_apply_url())
    fill_application(stranger, theme=edition.themes.first().name)
    field(stranger, "Full name").fill("Someone else")
    submit_button(stranger).click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Thank you: we have your form")
    assert stranger.locator("main").inner_text() == first.locator("main").inner_text()

    assert list(mine().values_list("reference", "full_name")) == [
        (reference, ANSWERS["Full name"])
    ]
    deadline = time.monotonic() + 5
    while len(mailoutbox) < 2:
        assert time.monotonic() < deadline, "the address's owner was not told"
        time.sleep(0.05)
    assert mailoutbox[-1].to == [EMAIL]
    assert reference in mailoutbox[-1].body and "not made" in mailoutbox[-1].body


def test_a_draft_saved_while_the_mail_server_is_down_comes_back_through_the_link_on_the_page(
    new_page, call_demo, smtp_server, live_server
):
    smtp_server.stop()
    edition = open_call()
    page = new_page("phone")
    page.goto(edition.get_apply_url())
    field(page, "Full name").fill(ANSWERS["Full name"])
    field(page, "Email address").fill(EMAIL)
    field(page, "Your advocacy at home").fill(ANSWERS["Your advocacy at home"])
    page.get_by_role("button", name=SAVE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    expect(page.get_by_text(f"We are sending a private link to {EMAIL}")).to_be_visible()
    link = page.locator("#private-link a")
    path = link.get_attribute("href")
    expect(link).to_have_text(live_server.url + path)
    assert_no_axe_violations(page)

    # On another device, with the link copied from the page.
    later = new_page("desktop")
    later.goto(path)
    expect(later.get_by_role("status")).to_contain_text("You are continuing the draft")
    expect(field(later, "Your advocacy at home")).to_have_value(ANSWERS["Your advocacy at home"])


# --- Mistakes ---------------------------------------------------------------------------------


def test_a_missing_focus_and_a_web_page_named_cv_pdf_are_explained_and_the_answers_kept(
    new_page, call_demo, mailoutbox
):
    """Every question answered, but no thematic focus (a rule the server checks: a theme or
    a described focus) and a "PDF" that is a saved web page (the browser trusts the name;
    the server reads the content). The letter, a real PDF, is kept for the next try."""
    edition = open_call()
    page = new_page("desktop")
    page.goto(edition.get_apply_url())
    fill_application(page, files=False)  # no theme ticked, "Other thematic focus" left empty
    field(page, "Your CV").set_input_files(pdf("cv.pdf", WEB_PAGE))
    field(page, "A letter of reference").set_input_files(pdf("letter.pdf"))
    submit_button(page).click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Your application was not sent yet")
    expect(summary).to_be_focused()  # the script takes the reader straight to it
    expect(summary.get_by_role("link", name="Your CV must be a PDF")).to_be_visible()
    expect(summary.get_by_role("link", name="Select at least one theme above")).to_be_visible()
    # Each message is next to its field and read out with it.
    expect(field(page, "Your CV")).to_have_accessible_description(
        re.compile("Error: Your CV must be a PDF")
    )
    expect(field(page, "Other thematic focus")).to_have_accessible_description(
        re.compile("Select at least one theme above")
    )
    expect(field(page, "A letter of reference")).to_have_accessible_description(
        re.compile("letter.pdf is kept: choose a file only to replace it.")
    )
    # What was typed is still there; a file chosen cannot be, and the page says so.
    expect(field(page, "Full name")).to_have_value(ANSWERS["Full name"])
    expect(field(page, "Email address")).to_have_value(EMAIL)
    expect(field(page, "Your advocacy at home")).to_have_value(ANSWERS["Your advocacy at home"])
    expect(field(page, "Country where you work")).to_have_value("KE")
    expect(
        page.get_by_role("group", name="Do you need a scholarship?").get_by_label(
            CHOICES["Do you need a scholarship?"]
        )
    ).to_be_checked()
    expect(field(page, "Your CV")).to_have_value("")

    assert not mine().exists()
    assert not ApplicationDraft.objects.exists()
    # Only the letter, kept for this form, and encrypted.
    (kept,) = stored_files()
    assert kept.read_bytes().startswith(b"gAAAAA")
    assert mailoutbox == []


def test_a_required_answer_left_empty_is_caught_by_the_server(new_page, call_demo, mailoutbox):
    """The form has `novalidate`: no browser bubble stops it, and the server's summary says
    what to fix."""
    edition = open_call()
    page = new_page("desktop")
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name, skip={"Full name"})
    submit_button(page).click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Enter your full name")).to_be_visible()
    expect(field(page, "Full name")).to_have_accessible_description(
        re.compile("Error: Enter your full name")
    )
    expect(field(page, "What you want to achieve in Geneva")).to_have_value(
        ANSWERS["What you want to achieve in Geneva"]
    )
    assert not mine().exists()
    assert len(stored_files()) == 2  # the CV and the letter, kept for this form
    assert mailoutbox == []


def test_a_pasted_answer_over_the_limit_is_kept_whole_and_counted(new_page, call_demo, mailoutbox):
    edition = open_call()
    page = new_page("phone")
    page.goto(edition.get_apply_url())
    answer = field(page, "What you would bring to the group")
    expect(page.get_by_text("2,000 characters left").first).to_be_visible()
    answer.fill("x" * 2_010)
    expect(page.get_by_text("10 characters too many")).to_be_visible()
    expect(answer).to_have_value("x" * 2_010)  # not cut at the limit, as maxlength would


# --- Save and continue later ------------------------------------------------------------------


def draft_link_path(message) -> str:
    """The path of the private link in the draft email. The link is absolute, on SITE_URL;
    the browser opens its path on the live server."""
    found = re.search(r"https?://\S+/apply/draft/\S+/", message.body)
    assert found, f"no draft link in:\n{message.body}"
    return urlsplit(found.group()).path


def test_a_saved_draft_comes_back_through_the_emailed_link_and_can_be_submitted(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    theme = edition.themes.order_by("name").first()
    page = new_page("phone")
    page.goto(edition.get_apply_url())
    field(page, "Full name").fill(ANSWERS["Full name"])
    field(page, "Email address").fill(EMAIL)
    field(page, "Country where you work").select_option(label=COUNTRY)
    choose(page, "Your thematic focus", theme.name)
    field(page, "Your advocacy at home").fill(ANSWERS["Your advocacy at home"])
    choose(page, "Your English", CHOICES["Your English"])
    field(page, "Your CV").set_input_files(pdf("my-cv.pdf"))
    page.get_by_role("button", name=SAVE).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    # The link is emailed once the answer has gone: the page may come before it leaves.
    expect(
        page.get_by_text(re.compile(f"We (have emailed|are sending) a private link to {EMAIL}"))
    ).to_be_visible()
    assert ApplicationDraft.objects.count() == 1
    assert not mine().exists()
    wait_for_mail(mailoutbox, 1)
    assert mailoutbox[0].to == [EMAIL]
    path = draft_link_path(mailoutbox[0])

    # Later, on another device: a browser with no session from the first sitting.
    later = new_page("desktop")
    later.goto(path)
    expect(later.get_by_role("status")).to_contain_text("You are continuing the draft")
    expect(field(later, "Full name")).to_have_value(ANSWERS["Full name"])
    expect(field(later, "Email address")).to_have_value(EMAIL)
    expect(field(later, "Country where you work")).to_have_value("KE")
    expect(field(later, "Your advocacy at home")).to_have_value(ANSWERS["Your advocacy at home"])
    expect(
        later.get_by_role("group", name="Your thematic focus").get_by_label(theme.name)
    ).to_be_checked()
    expect(
        later.get_by_role("group", name="Your English").get_by_label(CHOICES["Your English"])
    ).to_be_checked()
    expect(later.locator("#div_id_cv")).to_contain_text("Saved with your draft")

    for label in [
        "Organisation",
        "Your role in the organisation",
        "Your engagement with the UN so far",
        "What you want to achieve in Geneva",
        "What you would bring to the group",
        "Recommending partner organisation",
    ]:
        field(later, label).fill(ANSWERS[label])
    for question in list(CHOICES)[1:]:
        choose(later, question, CHOICES[question])
    field(later, "A letter of reference").set_input_files(pdf("letter.pdf"))
    later.get_by_label(CONSENT).check()
    submit_button(later).click()
    reference = expect_confirmation(later, edition, mailoutbox)

    application = mine().get()
    assert application.reference == reference
    assert application.full_name == ANSWERS["Full name"]
    assert application.advocacy_experience == ANSWERS["Your advocacy at home"]
    assert list(application.themes.all()) == [theme]
    assert application.cv.read().startswith(b"%PDF-")  # the file chosen in the first sitting
    assert not ApplicationDraft.objects.exists()
    assert reference in mailoutbox[-1].body


def test_an_applicant_deletes_a_saved_draft_from_the_emailed_link(new_page, call_demo, mailoutbox):
    edition = open_call()
    page = new_page("phone")
    page.goto(edition.get_apply_url())
    field(page, "Email address").fill(EMAIL)
    field(page, "Your CV").set_input_files(pdf("my-cv.pdf"))
    page.get_by_role("button", name=SAVE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved")
    path = draft_link_path(mailoutbox[0])

    page.goto(path)
    assert_no_axe_violations(page)  # the form as a draft shows it, with its delete button
    page.get_by_role("button", name="Delete my draft").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your draft is deleted")
    assert not ApplicationDraft.objects.exists()
    assert stored_files() == []
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")


# --- Accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_application_form_passes_axe(new_page, call_demo, viewport):
    page = new_page(viewport)
    page.goto(open_call().get_apply_url())
    expect(submit_button(page)).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_form_showing_errors_passes_axe(new_page, call_demo, viewport):
    page = new_page(viewport)
    page.goto(open_call().get_apply_url())
    fill_application(page, files=False)  # no thematic focus: the server refuses it
    field(page, "Your CV").set_input_files(pdf("cv.pdf", WEB_PAGE))
    field(page, "A letter of reference").set_input_files(pdf("letter.pdf"))
    submit_button(page).click()
    expect(page.get_by_role("alert")).to_contain_text("Your application was not sent yet")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_confirmation_page_passes_axe(new_page, call_demo, viewport, mailoutbox):
    edition = open_call()
    page = new_page(viewport)
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name)
    submit_button(page).click()
    expect_confirmation(page, edition, mailoutbox)
    assert_no_axe_violations(page)


# --- Without JavaScript -----------------------------------------------------------------------


def test_without_javascript_a_defender_applies_and_gets_a_reference(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    page = new_page("phone", js=False)
    page.goto(edition.programme.get_absolute_url())
    page.get_by_role("link", name=f"Apply to HRDAP {edition.year}").click()
    fill_application(page, theme=edition.themes.first().name)
    submit_button(page).click()
    reference = expect_confirmation(page, edition, mailoutbox)

    assert Application.objects.get(email=EMAIL).reference == reference
    assert reference in mailoutbox[0].subject


# --- Errors and kept files on a phone ---------------------------------------------------------


def test_an_empty_form_sent_from_a_phone_reaches_the_server_with_a_message_per_question(
    new_page, call_demo, mailoutbox
):
    """No browser bubble, one field at a time in the browser's language: the form goes to
    the server, whose summary lists every question to answer, each in its own words."""
    page = new_page("phone")
    page.goto(open_call().get_apply_url())
    submit_button(page).click()

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Apply to HRDAP"))
    links = summary.get_by_role("link").all_inner_texts()
    assert len(links) >= 15
    assert len(set(links)) == len(links), links  # no message shared by two questions
    assert not any("This field is required" in text for text in links)
    expect(page.get_by_text("This field is required")).to_have_count(0)
    assert_no_axe_violations(page)

    # A link takes the reader to the control itself, a group's first radio included.
    summary.get_by_role("link", name="Select how well you speak and write English").click()
    expect(page.locator("#id_english_level_0")).to_be_focused()
    assert not mine().exists()


def test_a_kept_file_survives_a_failed_submit_and_is_stored_with_the_corrected_form(
    new_page, call_demo, mailoutbox
):
    edition = open_call()
    page = new_page("phone")
    page.goto(edition.get_apply_url())
    fill_application(page, theme=edition.themes.first().name, skip={"Full name"})
    submit_button(page).click()

    expect(page.get_by_role("alert")).to_contain_text("Enter your full name")
    expect(field(page, "Your CV")).to_have_accessible_description(
        re.compile("my-cv.pdf is kept: choose a file only to replace it.")
    )
    expect(field(page, "Your CV")).to_have_value("")  # nothing to choose again
    assert_no_axe_violations(page)

    field(page, "Full name").fill(ANSWERS["Full name"])
    submit_button(page).click()
    expect_confirmation(page, edition, mailoutbox)

    application = mine().get()
    assert application.cv.read() == PDF
    assert application.reference_letter.read() == PDF
    assert len(stored_files()) == 2  # the application's: nothing else is left behind


def test_the_consent_opens_the_privacy_notice_in_a_new_tab_and_the_form_stays(new_page, call_demo):
    page = new_page("phone")
    page.goto(open_call().get_apply_url())
    field(page, "Full name").fill(ANSWERS["Full name"])
    link = page.get_by_role("link", name="privacy notice (opens in new tab)")
    with page.context.expect_page() as opened:
        link.click()
    expect(opened.value.get_by_role("heading", level=1)).to_be_visible()
    assert urlsplit(opened.value.url).path == reverse("privacy")
    expect(field(page, "Full name")).to_have_value(ANSWERS["Full name"])
