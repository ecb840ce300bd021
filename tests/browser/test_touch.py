"""Targets a thumb can hit: WCAG 2.2's 24 by 24 CSS pixels (2.5.8), and on a phone the
radios and checkboxes of the application form as the GOV.UK Design System draws them."""

import pytest
from playwright.sync_api import expect

from programmes.models import Edition

from .conftest import assert_no_axe_violations


@pytest.fixture
def apply_url(demo):
    return Edition.objects.open_calls().get().get_apply_url()


@pytest.mark.parametrize(("viewport", "least"), [("phone", 40), ("desktop", 24)])
def test_every_radio_and_checkbox_of_the_form_is_big_enough_to_tap(
    new_page, apply_url, viewport, least
):
    page = new_page(viewport)
    page.goto(apply_url)

    boxes = page.locator("input.form-check-input")
    expect(boxes.first).to_be_visible()
    sizes = [boxes.nth(n).bounding_box() for n in range(boxes.count())]
    assert len(sizes) >= 5, "the form has its radios and checkboxes"
    small = [size for size in sizes if size["width"] < least or size["height"] < least]
    assert small == []
    assert_no_axe_violations(page)


def test_a_label_stays_beside_its_box_and_its_help_below(new_page, apply_url):
    page = new_page("phone")
    page.goto(apply_url)

    check = page.locator(".form-check").filter(has=page.locator("[name=discreet_emails]"))
    box = check.locator("input").bounding_box()
    label = check.locator("label").bounding_box()
    assert label["x"] >= box["x"] + box["width"], "the label is beside the box"
    assert abs(label["y"] - box["y"]) < box["height"], "on the same line"
    checked_before = check.locator("input").is_checked()
    check.locator("label").click()
    assert check.locator("input").is_checked() != checked_before, "the label ticks the box"


def test_axe_reports_targets_too_small_to_tap(new_page):
    """The axe runs above check target size (WCAG 2.2), which axe leaves out by default."""
    page = new_page("phone")  # on about:blank, where the site's CSP does not refuse the styles
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<h1>Tiny</h1><p><a href="/a" style="display:inline-block;width:8px;height:8px">a</a>'
        '<a href="/b" style="display:inline-block;width:8px;height:8px">b</a></p>'
        "</main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception, match="target-size"):
        assert_no_axe_violations(page)
