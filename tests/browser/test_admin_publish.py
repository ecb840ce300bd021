"""An editor adds a highlight in the admin, sees it on the public page, then unpublishes it."""

import re

from django.contrib.auth.models import User
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from core.models import PublicationState
from impact.models import Highlight

from .test_public_pages import NOT_FOUND, heading

PASSWORD = "a long editor password 2024"  # a throwaway test account
TITLE = "Geneva defenders celebrate a landmark resolution"
SLUG = "geneva-defenders-celebrate-a-landmark-resolution"  # what the admin's URLify makes
SUMMARY = "States adopted the text that defenders had pushed for all year."
BODY = "Defenders from five regions met diplomats every day of the session."
ALT = "Defenders holding a banner outside the Palais des Nations"
CREDIT = "Photo: ISHR"


def jpeg_file(tmp_path):
    path = tmp_path / "banner.jpg"
    Image.new("RGB", (640, 360), (18, 49, 92)).save(path, "JPEG")
    return path


def log_in(page, username):
    page.goto(reverse("admin:index"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Impact review and programmes")).to_be_visible()


def save(page):
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_editor_publishes_a_highlight_then_turns_it_back_into_a_draft(new_page, demo, tmp_path):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    review = demo.review
    page = new_page("desktop")
    log_in(page, "editor")

    # Add a highlight to the published review.
    page.locator(f'a[href="{reverse("admin:impact_highlight_add")}"]').first.click()
    expect(page.get_by_role("heading", name="Add highlight")).to_be_visible()
    page.get_by_label("Review:").select_option(label=str(review))
    page.get_by_label("Kind:").select_option(Highlight.Kind.RESOLUTION.value)
    page.get_by_label("Title (English):", exact=True).press_sequentially(TITLE)
    expect(page.get_by_label("Slug:")).to_have_value(SLUG)
    page.get_by_label("Summary (English):", exact=True).fill(SUMMARY)
    body = page.locator('.fieldBox.field-body_en .ProseMirror[contenteditable="true"]')
    body.click()
    page.keyboard.type(BODY)
    expect(body).to_contain_text(BODY)
    page.locator('input[type="file"][name="image"]').set_input_files(jpeg_file(tmp_path))
    page.get_by_label("Image description (alt text) (English):", exact=True).fill(ALT)
    for code, language in [("fr", "French"), ("es", "Spanish")]:  # beside each English box
        for field in ("Title", "Summary", "Image description (alt text)"):
            expect(page.get_by_label(f"{field} ({language}):", exact=True)).to_be_visible()
        expect(page.get_by_text(f"Body ({language}):", exact=True)).to_be_visible()
        expect(
            page.locator(f'.fieldBox.field-body_{code} .ProseMirror[contenteditable="true"]')
        ).to_be_visible()
    page.get_by_label("Image credit:").fill(CREDIT)
    page.get_by_label("State:").select_option(PublicationState.PUBLISHED.value)
    save(page)

    highlight = Highlight.objects.get(review=review, slug=SLUG)
    assert highlight.state == PublicationState.PUBLISHED
    assert BODY in highlight.body
    assert (highlight.image_width, highlight.image_height) == (640, 360)

    # The public sees it on the review page, and its own page shows what was typed.
    page.goto(review.get_absolute_url())
    new_card = page.get_by_role("link", name=TITLE, exact=True)
    expect(new_card).to_be_visible()
    new_card.click()
    expect(heading(page)).to_have_text(TITLE)
    expect(page.locator(".rich-text")).to_contain_text(BODY)
    image = page.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    # The browser picked one of the renditions made when the editor saved (640 px wide),
    # and shows it: decode() waits for it to load, and fails if it cannot.
    assert image.evaluate("img => img.decode().then(() => img.currentSrc)").endswith(
        ("-640.avif", "-640.webp", "-640.jpg")
    )
    expect(page.get_by_text(CREDIT, exact=True)).to_be_visible()
    public_url = page.url

    # Back in the admin, the editor turns it into a draft.
    page.goto(reverse("admin:impact_highlight_changelist"))
    page.get_by_role("link", name=TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{highlight.pk}/change/$"))
    page.get_by_label("State:").select_option(PublicationState.DRAFT.value)
    save(page)
    highlight.refresh_from_db()
    assert highlight.state == PublicationState.DRAFT

    response = page.goto(public_url)
    assert response.status == 404
    expect(heading(page)).to_have_text(NOT_FOUND)
    page.goto(review.get_absolute_url())
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_have_count(0)
