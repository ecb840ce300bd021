"""The world map in a real browser: SVG and links only, so it works without JavaScript, scales
to a phone, and names its countries in the page's language."""

import re
from collections import Counter

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import assert_no_axe_violations


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


def counts(demo) -> Counter[str]:
    return Counter(country.code for h in demo.highlights for country in h.countries)


def test_without_javascript_a_reader_goes_from_the_map_to_a_countrys_highlights(new_page, demo):
    page = new_page("phone", js=False)
    page.goto(demo.review.get_absolute_url())
    afghanistan = counts(demo)["AF"]
    world_map = page.locator("svg.world-map")

    world_map.get_by_role("link", name=f"Afghanistan: {afghanistan} highlights").click()

    expect(page).to_have_url(re.compile(r"\?country=AF#results$"))
    expect(page.locator("#results")).to_have_text(
        f"{afghanistan} of {len(demo.highlights)} highlights match."
    )

    page.get_by_role("link", name="All countries, all years").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Countries")
    china = counts(demo)["CN"]
    page.locator("svg.world-map").get_by_role("link", name=f"China: {china} highlights").click()

    expect(page).to_have_url(re.compile(r"/impact/countries/cn/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("China")
    expect(page.locator(".country-highlight")).to_have_count(china)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_map_is_as_wide_as_its_column_and_keeps_its_shape(new_page, demo, viewport):
    page = new_page(viewport)
    page.goto(demo.review.get_absolute_url())
    world_map = page.locator("svg.world-map")

    box = world_map.bounding_box()
    column = world_map.evaluate("svg => svg.parentElement.clientWidth")
    padding = world_map.evaluate(
        "svg => parseFloat(getComputedStyle(svg.parentElement).paddingLeft)"
        " + parseFloat(getComputedStyle(svg.parentElement).paddingRight)"
    )

    assert box["width"] == pytest.approx(column - padding, abs=1)
    assert box["height"] == pytest.approx(box["width"] * 441 / 1000, abs=2)


def test_the_french_map_names_countries_in_french_and_passes_axe(new_page, demo):
    page = new_page("phone")
    page.goto(f"/fr{demo.review.get_absolute_url()}")
    china = counts(demo)["CN"]

    link = page.locator("svg.world-map").get_by_role(
        "link", name=f"Chine\u00a0: {china} faits marquants"
    )

    expect(link).to_be_visible()
    assert_no_axe_violations(page)


def test_a_keyboard_reader_sees_which_country_of_the_map_has_the_focus(new_page, demo):
    page = new_page("desktop")
    page.goto(reverse("impact:country-list"))
    first = page.locator("svg.world-map a").first

    first.focus()

    shape = first.locator("path")
    expect(shape).to_have_css("stroke-width", "3px")
    expect(shape).to_have_css("stroke", "rgb(0, 0, 0)")
