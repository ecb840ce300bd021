"""A defender applies to the open HRDAP call with the keyboard alone, from the home page.

Nothing here clicks or fills an element: every step is a key press, and where focus is comes
from `document.activeElement`, read after each press. The one exception the browser forces
is the CV itself: no key chooses a file, so the test answers the file chooser that Space on
the focused file input opens, as the applicant would in their system's dialog.

At every stop the focused element must show where it is: a visible outline or box shadow
(the site's `:focus-visible` rule is a 3px outline) on an element inside the viewport.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from programmes.models import Application

from .test_apply import (
    ANSWERS,
    CHOICES,
    CONSENT,
    COUNTRY,
    EMAIL,
    SUBMIT,
    expect_confirmation,
    mine,
    open_call,
    pdf,
)

MAX_TABS = 80  # far more stops than any page here has: a loop that runs out is a finding

# Where focus is, read the way the brief's one-liner does, plus what the test needs to act.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const fieldset = el.closest("fieldset");
  const legend = fieldset && fieldset.querySelector("legend");
  const group = el.closest("[role=group], [role=radiogroup]");
  const groupLabel = group && group.querySelector("legend");
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    name: el.name || "",
    id: el.id || "",
    value: el.value ?? "",
    checked: !!el.checked,
    label: ((el.labels && el.labels[0] && el.labels[0].innerText)
            || el.getAttribute("aria-label") || el.innerText || "").trim(),
    legend: ((groupLabel && groupLabel.innerText) || (legend && legend.innerText) || "").trim(),
    outline: style.outlineStyle,
    outlineWidth: style.outlineWidth,
    shadow: style.boxShadow,
    rect: {x: rect.x, y: rect.y, width: rect.width, height: rect.height},
    viewport: {width: window.innerWidth, height: window.innerHeight},
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def describe(el: dict | None) -> str:
    if el is None:
        return "<body>"
    return f"<{el['tag']} name={el['name']!r} id={el['id']!r}> {el['label'][:60]!r}"


# Stops where focus was not shown, collected so that one run reports them all and the
# journey still checks everything else; each test asserts at its end that there were none.
UNSHOWN: list[str] = []


@pytest.fixture(autouse=True)
def unshown_focus():
    UNSHOWN.clear()
    yield UNSHOWN


def assert_no_unshown_focus() -> None:
    assert not UNSHOWN, "focus was not visible at these stops:\n  " + "\n  ".join(
        dict.fromkeys(UNSHOWN)
    )


def on_screen(el: dict) -> bool:
    rect, view = el["rect"], el["viewport"]
    return (
        rect["width"] > 1
        and rect["height"] > 1
        and rect["x"] + rect["width"] > 0
        and rect["y"] + rect["height"] > 0
        and rect["x"] < view["width"]
        and rect["y"] < view["height"]
    )


def assert_focus_visible(page, el: dict | None = None) -> dict:
    """The focused element shows a focus indicator and is on screen (noted in UNSHOWN)."""
    el = el or focused(page)
    assert el is not None, f"focus is on the page's body at {page.url}"
    outlined = el["outline"] != "none" and el["outlineWidth"] != "0px"
    if not outlined and el["shadow"] == "none":
        UNSHOWN.append(
            f"{describe(el)} at {page.url.split('localhost')[-1]}: "
            f"outline-style {el['outline']}, box-shadow {el['shadow']}"
        )
    # The site scrolls smoothly (Bootstrap's `scroll-behavior: smooth`): give the scroll that
    # brings the focused element into view time to end before judging where it is.
    for _ in range(40):
        if on_screen(el):
            break
        page.wait_for_timeout(50)
        el = focused(page) or el
    else:
        UNSHOWN.append(f"{describe(el)} at {page.url}: off screen at {el['rect']}")
    return el


def tab(page, key="Tab") -> dict:
    page.keyboard.press(key)
    for _ in range(5):
        el = focused(page)
        if not (el and el["id"] == "main"):
            break
        # Now and then (phone size, on the form) a Tab just after the skip link left focus on
        # #main: a press Chromium dropped while the page settled. Press again.
        page.wait_for_timeout(100)
        page.keyboard.press(key)
    return assert_focus_visible(page)


def tab_to(page, wanted, *, what: str, key="Tab") -> dict:
    """Press Tab until `wanted(focused element)` holds, checking each stop's focus indicator."""
    seen = []
    for _ in range(MAX_TABS):
        el = tab(page, key)
        if wanted(el):
            return el
        seen.append(describe(el))
    raise AssertionError(
        f"{what} not reached with {MAX_TABS} presses of {key} at {page.url}; "
        "focus went through:\n  " + "\n  ".join(seen)
    )


def link_named(text: str):
    return lambda el: el["tag"] == "a" and el["label"] == text


def label_starts(text: str):
    return lambda el: el["label"].startswith(text)


def skip_to_main(page) -> None:
    """The first Tab reaches the skip link, visible; Enter puts focus on the main content."""
    page.wait_for_load_state("load")  # the page's deferred scripts have run
    el = tab(page)
    assert el["tag"] == "a" and el["label"] == "Skip to main content", describe(el)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    # #main is only the start of the next Tab (`main:focus { outline: none }` on purpose).


def choose_radio(page, el: dict, question: str, answer: str) -> None:
    """Tab lands on the first option of a group with none chosen; arrows move and choose."""
    options = page.get_by_role("group", name=question).get_by_role("radio")
    names = [o.evaluate("o => o.labels[0].innerText.trim()") for o in options.all()]
    assert el["label"] == names[0], f"Tab entered {question!r} on {describe(el)}"
    index = names.index(answer)
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    el = assert_focus_visible(page)
    assert el["label"] == answer and el["checked"], f"{question!r}: {describe(el)}"


def choose_country(page, name: str) -> None:
    """Type the first letter (the select's own type-ahead), then arrow down to the country."""
    page.keyboard.type(name[0])
    for _ in range(40):
        if page.evaluate("() => document.activeElement.selectedOptions[0].text") == name:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{name} not reached with the arrow keys in the country list")


def keyboard_page(new_page, viewport: str):
    """A page that answers file choosers from the start.

    Playwright turns on its interception of file choosers when the first listener is added;
    added only around the key press (`expect_file_chooser`), it sometimes came too late and
    Chromium opened its own, invisible dialog, which then blocked every later one."""
    page = new_page(viewport)
    # The site honours reduced motion: without smooth scrolling, an element is in view as
    # soon as it has focus, and where it is can be judged at once.
    page.emulate_media(reduced_motion="reduce")
    page.choosers = []
    page.on("filechooser", lambda chooser: page.choosers.append(chooser))
    page.evaluate("1")  # a round trip: the listener is in place before any key is pressed
    return page


def choose_file(page, name: str) -> None:
    """Space on the focused file input opens the chooser; the test answers it."""
    before = len(page.choosers)
    page.keyboard.press("Space")
    for _ in range(100):
        if len(page.choosers) > before:
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError(f"Space opened no file chooser on {describe(focused(page))}")
    page.choosers[-1].set_files(pdf(name))
    assert page.evaluate("() => document.activeElement.files[0].name") == name


def fill_with_keyboard(page, theme: str) -> None:
    """Tab through the whole form once, answering each question as focus reaches it, and
    stop on the submit button. Every question must be met on the way."""
    answered = set()
    texts = {**ANSWERS, "Email address": EMAIL}
    radios = dict(CHOICES)
    seen = []
    for _ in range(MAX_TABS):
        el = tab(page)
        label, legend = el["label"], el["legend"]
        seen.append(describe(el))
        assert el["name"] != "website", "Tab reached the honeypot field"
        if el["tag"] == "button" and label == SUBMIT:
            break
        text = next((t for t in texts if label.startswith(t) and t not in answered), None)
        if el["tag"] in ("input", "textarea") and el["type"] in ("text", "email", "textarea"):
            if text:
                page.keyboard.type(texts[text])
                answered.add(text)
        elif el["tag"] == "select" and label.startswith("Country where you work"):
            choose_country(page, COUNTRY)
            answered.add("country")
        elif el["type"] == "radio":
            question = next(q for q in radios if legend.startswith(q))
            choose_radio(page, el, question, radios.pop(question))
            answered.add(question)
        elif el["type"] == "checkbox" and (label == theme or label.startswith(CONSENT)):
            page.keyboard.press("Space")
            assert focused(page)["checked"], f"Space did not tick {describe(el)}"
            answered.add("theme" if label == theme else "consent")
        elif el["type"] == "file":
            choose_file(page, "my-cv.pdf" if label.startswith("Your CV") else "letter.pdf")
            answered.add(el["name"])
    else:
        raise AssertionError(
            f"the submit button not reached with {MAX_TABS} Tabs; focus went through:\n  "
            + "\n  ".join(seen)
        )
    expected = {*texts, "country", *CHOICES, "theme", "consent", "cv", "reference_letter"}
    missing = expected - answered
    assert not missing, (
        "never reached with Tab: " + ", ".join(sorted(missing)) + "\n  " + "\n  ".join(seen)
    )


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_defender_applies_with_the_keyboard_alone(new_page, call_demo, mailoutbox, viewport):
    edition = open_call()
    theme = edition.themes.order_by("name").first().name
    page = keyboard_page(new_page, viewport)

    page.goto(reverse("home"))
    skip_to_main(page)
    tab_to(page, link_named("Read the HRDAP call and apply"), what="the open call's link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(edition.programme.name)

    skip_to_main(page)
    tab_to(page, link_named(f"Apply to HRDAP {edition.year}"), what="the Apply link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(edition.get_apply_url()) + "$"))

    skip_to_main(page)
    fill_with_keyboard(page, theme)
    page.keyboard.press("Enter")  # on the submit button
    reference = expect_confirmation(page, edition, mailoutbox)

    application = mine().get()
    assert application.reference == reference
    assert application.country.name == COUNTRY
    assert list(application.themes.values_list("name", flat=True)) == [theme]
    assert (application.english_level, application.scholarship) == ("working", "partial")
    assert application.consent_selection is True
    assert application.cv.read().startswith(b"%PDF-")
    assert Application.objects.filter(edition=edition, email=EMAIL).count() == 1
    assert len(mailoutbox) == 1
    assert_no_unshown_focus()


def test_errors_are_reached_and_followed_with_the_keyboard(new_page, call_demo, mailoutbox):
    edition = open_call()
    page = keyboard_page(new_page, "desktop")
    page.goto(edition.get_apply_url())
    skip_to_main(page)
    tab_to(page, lambda el: el["tag"] == "button" and el["label"] == SUBMIT, what="submit")
    assert tab(page)["label"] == "Save and continue later"  # its focus is checked too
    assert tab(page, "Shift+Tab")["label"] == SUBMIT

    # No browser bubble (the form has `novalidate`): the empty form reaches the server.
    page.keyboard.press("Enter")

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your application was not sent yet")
    expect(summary).to_be_focused()
    assert_focus_visible(page)
    el = tab(page)
    assert el["tag"] == "a" and el["label"] == "Enter your full name", describe(el)
    page.keyboard.press("Enter")
    expect(page.locator("#id_full_name")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(ANSWERS["Full name"])
    expect(page.locator("#id_full_name")).to_have_value(ANSWERS["Full name"])
    assert not mine().exists()
    assert mailoutbox == []
    assert_no_unshown_focus()
