"""Changing the language in a real browser: the switcher leads to the same page in French or
Spanish, filters included, and the page reads in that language."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_no_axe_violations


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


FRENCH_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)


def language_switcher(page, label="Language"):
    return page.get_by_role("navigation", name=label)


def test_a_visitor_on_the_english_review_switches_to_french_and_lands_on_the_same_page(
    new_page, demo, site_server
):
    page = new_page("phone")
    page.goto(demo.review.get_absolute_url())
    expect(language_switcher(page).get_by_role("link", name="English")).to_have_attribute(
        "aria-current", "true"
    )

    language_switcher(page).get_by_role("link", name="Français").click()

    expect(page).to_have_url(f"{site_server.url}/fr{demo.review.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    review = demo.review
    expect(page.get_by_role("heading", level=1)).to_have_text(review.title_fr or review.title_en)
    expect(page.get_by_role("heading", name="Faits marquants", exact=True)).to_be_visible()
    main_menu = page.get_by_role("navigation", name="Menu principal")
    expect(main_menu.get_by_role("link", name="Notre impact")).to_be_visible()
    french = language_switcher(page, "Langue").get_by_role("link", name="Français")
    expect(french).to_have_attribute("aria-current", "true")
    expect(french).to_have_attribute("lang", "fr")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the French review scrolls sideways by {overflow}px on a phone"
    assert_no_axe_violations(page)


def test_the_filters_chosen_in_english_are_kept_in_spanish(new_page, demo, site_server):
    page = new_page("desktop")
    page.goto(demo.review.get_absolute_url())
    page.get_by_label("Country").select_option(demo.country)
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(re.compile(rf"\?.*country={demo.country}"))

    language_switcher(page).get_by_role("link", name="Español").click()

    expect(page).to_have_url(re.compile(rf"/es{demo.review.get_absolute_url()}\?.*country="))
    expect(page.get_by_label("País", exact=True)).to_have_value(demo.country)
    matching = len(demo.with_country(demo.country))
    verb = "coincide" if matching == 1 else "coinciden"
    expect(page.locator("#results")).to_have_text(
        f"{matching} de {len(demo.highlights)} hitos {verb}."
    )
    assert_no_axe_violations(page)


def test_the_reader_local_time_is_labelled_in_the_page_language(browser, demo, site_server):
    context = browser.new_context(
        base_url=site_server.url, locale="es-CO", timezone_id="America/Bogota"
    )
    try:
        page = context.new_page()
        page.goto(f"/fr{demo.edition.get_absolute_url()}")

        # The words come from the page (a data- attribute), the date in the page's
        # language, though the browser itself is set to Spanish; French puts a no-break
        # space before the colon.
        note = page.locator(".call-status .local-time").first
        expect(note).to_have_text(
            re.compile(
                rf"^ \(votre heure locale\u00a0: \d+ ({FRENCH_MONTHS}) \d{{4}} à \d\d:\d\d "
                r"\([^)]+\)\)$"
            )
        )
    finally:
        context.close()
