"""The highlights' admin at a laptop's width: a form with errors, the list, the history."""

import re

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from impact.models import Highlight

from .conftest import assert_no_axe_violations
from .test_admin_publish import PASSWORD, jpeg_file, log_in

# What axe finds on the highlight's change form outside the parts these tests check, all from
# widgets this project takes as they are: the rich-text boxes have no accessible name
# (django-prose-editor), the themes' search box has no label (Django's select2), the date and
# time boxes of "Publish at" have no label of their own (Django's SplitDateTimeWidget), and
# the source links' table has an empty header cell (Django's tabular inline).


def test_an_image_chosen_on_a_form_with_errors_is_asked_for_again_never_shown_broken(
    new_page, demo, tmp_path
):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_add"))
    page.get_by_label("Review:").select_option(label=str(demo.review))
    page.get_by_label("Title (English):", exact=True).fill("A highlight without a credit")
    page.locator('input[type="file"][name="image"]').set_input_files(jpeg_file(tmp_path))
    page.get_by_label("Image description (alt text) (English):", exact=True).fill("A banner")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-image .errorlist")).to_have_text(
        "Choose the image again: it was not kept because of the errors on this page."
    )
    # No picture of a file that was never stored: every image on the page loads.
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.src)"
    )
    assert broken == []
    expect(page.locator(".field-image_preview")).to_contain_text("No image yet.")


def test_the_highlights_list_shows_every_column_at_a_laptops_width(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_changelist"))

    position = page.locator("#result_list thead th.column-position")
    expect(position).to_be_visible()
    box = position.bounding_box()
    assert box and box["x"] + box["width"] <= 1280
    first_input = page.locator("#result_list tbody td.field-position input").first
    box = first_input.bounding_box()
    assert box and box["x"] + box["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate(
        "() => { const r = document.querySelector('#changelist .results');"
        " return r.scrollWidth <= r.clientWidth; }"
    )
    # Each row says which year's review it belongs to, in a narrow column.
    expect(page.locator("#result_list thead th.column-review__year")).to_have_text(
        re.compile(r"Review\s+year")
    )
    expect(page.locator("#result_list tbody td.field-review__year").first).to_have_text("2024")


def test_the_theme_filter_names_its_choice_for_highlights_without_a_theme(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_changelist"))

    themes = page.locator('#changelist-filter details[data-filter-title="themes"] li')
    expect(themes.get_by_text("-", exact=True)).to_have_count(0)
    expect(themes.last).to_have_text("No theme")


def test_adding_a_theme_makes_one_version_in_the_history_with_its_reason(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    highlight = Highlight.objects.filter(review=demo.review).exclude(themes__name="Reprisals")[0]
    versions_before = highlight.history.count()
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_change", args=[highlight.pk]))
    page.locator(".field-themes .select2-selection").click()
    page.locator(".select2-search__field").fill("Reprisals")
    page.locator(".select2-results__option", has_text="Reprisals").click()
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    assert highlight.history.count() == versions_before + 1
    page.get_by_role("link", name="History").click()
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("Changed in the admin: Themes.")
    expect(newest).to_contain_text("Reprisals")
    expect(newest.locator("td", has_text="None")).to_have_count(0)
    # Versions recorded without a reason (by load_demo) say so with a dash.
    expect(page.locator("#change-history tbody tr").last.locator("td").nth(4)).to_have_text("—")


def test_the_image_fields_errors_sit_in_their_fields_column_tied_to_their_box(
    new_page, demo, tmp_path
):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_add"))
    page.locator('input[type="file"][name="image"]').set_input_files(jpeg_file(tmp_path))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()

    alt = page.get_by_label("Image description (alt text) (English):", exact=True)
    alt_label = page.locator('label[for="id_image_alt_en"]')
    alt_error = page.locator("#id_image_alt_en_error")
    expect(alt_error).to_have_text("Describe the image for readers who cannot see it.")
    credit = page.get_by_label("Image credit:")
    credit_error = page.locator("#id_image_credit_error")
    expect(credit_error).to_have_text("Credit the image (for example “Illustration”).")
    for box, error in [(alt, alt_error), (credit, credit_error)]:
        expect(box).to_have_attribute("aria-invalid", "true")
        described_by = box.get_attribute("aria-describedby") or ""
        assert error.get_attribute("id") in described_by.split()

    # The alt text's error heads the English column, above its label and as wide as its box
    # (a third of the row: about 280 px at 1280 px), where it had 110 px of it.
    message = alt_error.locator("li")
    error_box, label_box, input_box = (x.bounding_box() for x in (message, alt_label, alt))
    assert error_box and label_box and input_box
    assert abs(error_box["x"] - input_box["x"]) <= 1, (error_box, input_box)
    assert error_box["width"] >= input_box["width"] - 1, (error_box, input_box)
    assert error_box["y"] + error_box["height"] <= label_box["y"] + 1, (error_box, label_box)
    # The credit's error sits above its box, in the field's column, with room for a line.
    error_box, input_box = credit_error.locator("li").bounding_box(), credit.bounding_box()
    assert error_box and input_box
    assert abs(error_box["x"] - input_box["x"]) <= 1, (error_box, input_box)
    assert error_box["width"] >= 300, error_box
    assert error_box["y"] + error_box["height"] <= input_box["y"] + 1, (error_box, input_box)

    # The image's fieldset: the rest of the form has violations of its own (at the top).
    assert_no_axe_violations(page, within=["fieldset:has(#id_image_alt_en)"])


def test_the_countries_label_sits_left_of_the_picker_as_every_label_does(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_add"))

    countries_label = page.locator('.field-countries label[for="id_countries"]')
    expect(countries_label).to_have_text("Countries:")
    picker = page.locator(".field-countries .selector")
    expect(picker).to_be_visible()
    label_box, picker_box = countries_label.bounding_box(), picker.bounding_box()
    assert label_box and picker_box
    assert label_box["x"] + label_box["width"] <= picker_box["x"], (label_box, picker_box)
    assert abs(label_box["y"] - picker_box["y"]) <= 4, (label_box, picker_box)
    # In the left column, as the themes' label below it.
    themes_box = page.locator('.field-themes label[for="id_themes"]').bounding_box()
    assert themes_box and abs(label_box["x"] - themes_box["x"]) <= 1, (label_box, themes_box)
    assert_no_axe_violations(page, within=[".form-row.field-countries"])


SELECT_WORD = """(editor, word) => {
    const text = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    while (text.nextNode()) {
        const at = text.currentNode.data.indexOf(word);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(text.currentNode, at);
            range.setEnd(text.currentNode, at + word.length);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return true;
        }
    }
    return false;
}"""


def test_the_history_shows_a_word_changed_in_the_body_as_text(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    highlight = demo.highlights[0]
    assert " shaped this work" in highlight.body_en
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_change", args=[highlight.pk]))
    body = page.locator('.fieldBox.field-body_en .ProseMirror[contenteditable="true"]')
    body.click()
    assert body.evaluate(SELECT_WORD, "shaped")
    page.keyboard.type("guided")
    expect(body).to_contain_text("guided this work")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    highlight.refresh_from_db()
    assert " guided this work" in highlight.body_en

    page.get_by_role("link", name="History").click()
    changes = page.locator("#change-history tbody tr").first.locator("td").last
    body_change = changes.locator("li", has_text="Body (English):")
    expect(body_change.locator("del")).to_have_text("shaped")
    expect(body_change.locator("ins")).to_have_text("guided")
    expect(body_change).to_contain_text("Afghanistan shaped this work")
    expect(body_change).to_contain_text("Afghanistan guided this work")
    expect(changes).not_to_contain_text("<p>")
    assert_no_axe_violations(page)


def test_an_editor_saves_a_highlights_outcome_which_its_page_and_history_show(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    highlight = demo.highlights[0]
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_change", args=[highlight.pk]))

    outcome = page.locator("fieldset:has(#id_decided_by)")
    expect(outcome.locator("h2")).to_have_text("Outcome")
    outcome.get_by_label("Decided by:").select_option(label="UN Human Rights Council")
    outcome.get_by_label("Session:").fill("HRC57")
    outcome.get_by_label("Date of the decision:").fill("2024-10-09")
    outcome.get_by_label("UN document symbol:").fill("A/HRC/RES/57/12")
    outcome.get_by_label("Votes for:").fill("30")
    outcome.get_by_label("Votes against:").fill("5")
    outcome.get_by_label("Abstentions:").fill("12")
    outcome.get_by_label("ISHR's role:").select_option(label="Co-led")
    outcome.get_by_label("Partners (English):", exact=True).fill("Afghan women's network")
    outcome.get_by_label("Partners agreed to be named").check()
    assert_no_axe_violations(page, within=["fieldset:has(#id_decided_by)"])
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    highlight.refresh_from_db()
    assert (highlight.decided_by, highlight.session, str(highlight.decided_on)) == (
        "un-human-rights-council",
        "HRC57",
        "2024-10-09",
    )
    assert (highlight.votes_for, highlight.votes_against, highlight.votes_abstaining) == (
        30,
        5,
        12,
    )
    assert (highlight.partners_en, highlight.partners_may_be_named) == (
        "Afghan women's network",
        True,
    )
    page.get_by_role("link", name="History").click()
    newest = page.locator("#change-history tbody tr").first
    expect(newest).to_contain_text("Decided by")
    expect(newest).to_contain_text("Partners agreed to be named")

    page.goto(highlight.get_absolute_url())
    facts = page.locator("aside dl").last
    expect(facts).to_contain_text("30 for, 5 against, 12 abstaining")
    expect(facts).to_contain_text("Afghan women's network")


def test_half_a_vote_is_refused_beside_the_numbers_left_out(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    highlight = demo.highlights[0]
    page = new_page("desktop")
    log_in(page, "editor")
    page.goto(reverse("admin:impact_highlight_change", args=[highlight.pk]))

    page.get_by_label("Votes for:").fill("30")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".errornote")).to_be_visible()
    for name in ("votes_against", "votes_abstaining"):
        expect(page.locator(f"#id_{name}_error")).to_have_text(
            "Give all three numbers of the vote, or none."
        )
    highlight.refresh_from_db()
    assert highlight.votes_for is None
    assert_no_axe_violations(page, within=["fieldset:has(#id_decided_by)"])
