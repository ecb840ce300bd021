"""An editor translates the review in the admin, English beside French, and a French reader
sees the French; where nothing was translated, the French page shows the English, marked as
English."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from impact.models import AnnualReview

from .conftest import assert_no_axe_violations
from .test_admin_publish import PASSWORD, log_in, save
from .test_public_pages import heading

FRENCH_TITLE = "Notre année 2024, en bref"
FRENCH_OUTLOOK = "En 2025, nous restons aux côtés des défenseurs et défenseuses."


def test_editor_translates_the_review_beside_the_english(new_page, demo):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    review = demo.review
    english_title = review.title_en
    page = new_page("desktop")
    log_in(page, "editor")

    page.get_by_role("link", name="Annual reviews").first.click()
    page.get_by_role("link", name=str(review.year), exact=True).click()

    # Each field's languages share a row, English first: the translator reads the English
    # while typing the French beside it.
    english = page.get_by_label("Title (English):", exact=True)
    french = page.get_by_label("Title (French):", exact=True)
    spanish = page.get_by_label("Title (Spanish):", exact=True)
    expect(english).to_have_value(english_title)
    boxes = [field.bounding_box() for field in (english, french, spanish)]
    assert len({round(box["y"]) for box in boxes}) == 1, boxes
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]

    # English is required: emptying it is refused, and the French typed is kept.
    french.fill(FRENCH_TITLE)
    english.fill("")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_label("Title (French):", exact=True)).to_have_value(FRENCH_TITLE)

    page.get_by_label("Title (English):", exact=True).fill(english_title)
    outlook = page.locator(".fieldBox.field-outlook_fr .ProseMirror[contenteditable='true']")
    outlook.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(FRENCH_OUTLOOK)
    save(page)

    review = AnnualReview.objects.get(pk=review.pk)
    assert (review.title_en, review.title_fr) == (english_title, FRENCH_TITLE)
    assert FRENCH_OUTLOOK in review.outlook_fr

    # A French reader gets the French; the English page is as it was.
    page.goto(f"/fr{review.get_absolute_url()}")
    expect(heading(page)).to_have_text(FRENCH_TITLE)
    expect(page.locator("section.outlook .rich-text")).to_contain_text(FRENCH_OUTLOOK)
    expect(page.locator("section.outlook .rich-text")).not_to_have_attribute("lang", "en")
    assert_no_axe_violations(page)
    page.goto(review.get_absolute_url())
    expect(heading(page)).to_have_text(english_title)

    # A highlight whose body nobody translated: in French, the body is the English one,
    # marked as English for screen readers.
    highlight = demo.highlights[0]
    highlight.body_fr = ""
    highlight.save()
    page.goto(f"/fr{highlight.get_absolute_url()}")
    body = page.locator(".rich-text").first
    expect(body).to_have_attribute("lang", "en")
    expect(body).to_contain_text(highlight.body_en[3:40])

    # The history records the French too.
    page.goto(f"/admin/impact/annualreview/{review.pk}/history/")
    expect(page.get_by_text("Title (French)").first).to_be_visible()
