"""An editor shows a draft highlight to someone without an account through a preview link,
then revokes it."""

import re

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

from core.models import PublicationState

from .conftest import assert_no_axe_violations
from .test_admin_publish import PASSWORD, log_in

TITLE = "Defenders win a resolution nobody has read yet"


def test_a_partner_reads_a_draft_through_a_preview_link_until_it_is_revoked(
    transactional_db, new_page, make_review, make_highlight
):
    User.objects.create_superuser("editor", "editor@ishr.example", PASSWORD)
    review = make_review(2024)
    highlight = make_highlight(review, title=TITLE, state=PublicationState.DRAFT)
    editor = new_page("desktop")
    log_in(editor, "editor")

    editor.goto(reverse("admin:impact_highlight_change", args=[highlight.pk]))
    section = editor.locator("#preview-links")
    expect(section.get_by_role("heading", name="Preview links")).to_be_visible()
    expect(section.get_by_label("Valid until:")).to_have_attribute("type", "date")
    assert_no_axe_violations(editor, within=["#preview-links"])
    section.get_by_label("For (optional):").fill("The board")
    section.get_by_role("button", name="Create a preview link").click()

    expect(editor.get_by_role("heading", name="Preview link created")).to_be_visible()
    expect(editor.get_by_text("this is the only time it is shown")).to_be_visible()
    link = editor.get_by_label("Preview link", exact=True)
    url = link.input_value()
    assert re.fullmatch(r"http://[^/]+/preview/[A-Za-z0-9_-]{43}/", url), url
    assert_no_axe_violations(editor, within=["#content-main"])

    # Someone without an account opens it and reads the draft under the banner.
    partner = new_page("desktop")
    response = partner.goto(url)
    assert response.status == 200
    expect(partner.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(partner.get_by_role("status")).to_contain_text(
        "Preview: this page is not published yet. Link valid until"
    )
    assert_no_axe_violations(partner)

    # The editor revokes it from the highlight's page, where it is listed.
    editor.get_by_role("link", name=f"Back to {TITLE}").click()
    row = editor.locator("#preview-links tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("The board")
    expect(row).to_contain_text("Active")
    row.get_by_role("button", name=re.compile(r"^Revoke the link made at ")).click()
    expect(editor.locator(".messagelist .success")).to_contain_text("The preview link was revoked")
    expect(editor.locator("#preview-links tbody tr")).to_contain_text("Revoked by editor on")
    assert_no_axe_violations(editor, within=["#preview-links"])

    # The partner's page, reloaded, is gone.
    response = partner.reload()
    assert response.status == 404
    expect(partner.get_by_role("heading", level=1)).to_have_text("This preview link does not work")
    expect(partner.get_by_text(TITLE)).to_have_count(0)
