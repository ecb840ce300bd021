"""Reading the review on a small phone: a filter lands on its results, previous and next keep
the filter, and the feed, opened in the browser, says what it is."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .conftest import assert_no_axe_violations

# A small phone's screen, smaller than the suite's usual phone.
SMALL_PHONE = {"width": 375, "height": 667}


def small_phone(new_page, *, js=True):
    page = new_page("phone", js=js)
    page.set_viewport_size(SMALL_PHONE)
    return page


def country_with_several(demo) -> tuple[str, list]:
    """A country that narrows the list to at least two highlights (a next and a previous)."""
    counted = {c.code for h in demo.highlights for c in h.countries}
    code = next(
        code for code in sorted(counted) if 1 < len(demo.with_country(code)) < len(demo.highlights)
    )
    return code, demo.with_country(code)


def filter_by_country(page, demo, code: str) -> None:
    page.goto(demo.review.get_absolute_url())
    page.get_by_label("Country").select_option(code)
    page.get_by_role("button", name="Filter", exact=True).click()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_on_a_phone_a_filter_lands_on_its_results_in_the_first_screen(new_page, demo, js):
    code, matching = country_with_several(demo)
    page = small_phone(new_page, js=js)

    filter_by_country(page, demo, code)

    expect(page).to_have_url(re.compile(rf"\?country={code}#results$"))
    results = page.locator("#results")
    expect(results).to_have_text(f"{len(matching)} of {len(demo.highlights)} highlights match.")
    expect(results).to_be_in_viewport()
    first_card = page.locator("main .highlight-card").first
    expect(first_card).to_be_in_viewport()
    # Scrolled there: the hero, the video and the key figures are above the screen.
    expect(page.get_by_role("heading", level=1)).not_to_be_in_viewport()
    if js:  # axe-core is a script
        assert_no_axe_violations(page)


def test_on_a_phone_show_all_lands_on_the_whole_list(new_page, demo):
    code, _matching = country_with_several(demo)
    page = small_phone(new_page)
    filter_by_country(page, demo, code)

    page.get_by_role("link", name="Show all").click()

    expect(page).to_have_url(re.compile(rf"{demo.review.get_absolute_url()}#results$"))
    expect(page.locator("main .highlight-card").first).to_be_in_viewport()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_on_a_phone_next_and_previous_keep_the_readers_filter(new_page, demo, js):
    code, matching = country_with_several(demo)
    page = small_phone(new_page, js=js)
    filter_by_country(page, demo, code)
    kept = re.escape(f"?country={code}")

    page.get_by_role("link", name=matching[0].title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(matching[0].title)
    expect(page).to_have_url(re.compile(rf"{matching[0].get_absolute_url()}{kept}$"))
    expect(page.get_by_role("link", name=re.compile(r"^Previous highlight"))).to_have_count(0)

    # Next goes to the next highlight that matches, not the next of the whole review.
    for following in matching[1:]:
        page.get_by_role("link", name=re.compile(r"^Next highlight")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(following.title)
        expect(page).to_have_url(re.compile(rf"{following.get_absolute_url()}{kept}$"))
    expect(page.get_by_role("link", name=re.compile(r"^Next highlight"))).to_have_count(0)
    expect(page.locator(".pager-filter")).to_contain_text(
        f"Highlight {len(matching)} of {len(matching)} matching"
    )
    if js:  # axe-core is a script
        assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile(r"^Previous highlight")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(matching[-2].title)
    expect(page).to_have_url(re.compile(rf"{matching[-2].get_absolute_url()}{kept}$"))

    # And back to the filtered list, on its results.
    page.get_by_role("link", name="Back to the list").click()
    expect(page).to_have_url(re.compile(rf"{kept}#results$"))
    expect(page.locator("main .highlight-card")).to_have_count(len(matching))
    expect(page.locator("#results")).to_be_in_viewport()


@pytest.fixture
def feed_page(browser, live_server):
    """A small phone's page that notes what the Content-Security-Policy refused.

    Not `new_page`, which fails on any refusal: Chromium puts a banner of its own above a
    page made by XSLT (a feature it is removing), with inline styles and a click handler,
    which the site's policy refuses. `assert_only_the_browser_banner_was_refused` checks
    that the refusals are the banner's and no part of the page's own."""
    context = browser.new_context(viewport=SMALL_PHONE, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.refused = []
    page.on(
        "console",
        lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()


def assert_only_the_browser_banner_was_refused(page) -> None:
    own = page.evaluate(
        """() => [...document.querySelectorAll("[style], [onclick], style, script")]
            .filter(e => !e.closest("xslt-warning-banner")).map(e => e.outerHTML)"""
    )
    assert own == [], "the feed's page has inline styles or scripts"
    banner = page.locator("xslt-warning-banner").count()
    assert not page.refused or banner, "refused, without the browser's banner:\n" + "\n".join(
        page.refused
    )


def test_the_feed_opened_in_a_browser_says_what_it_is_and_how_to_follow_it(feed_page, demo):
    page = feed_page

    response = page.goto(reverse("impact:feed"))

    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    expect(page.get_by_role("heading", level=1)).to_have_text("ISHR: our impact")
    expect(page.get_by_text("This is a web feed")).to_be_visible()
    expect(page.get_by_role("heading", name="How to follow it")).to_be_visible()
    expect(page.locator(".feed-address")).to_have_text(re.compile(r"/impact/feed/$"))
    newest = page.locator(".feed-entries h3 a")
    expect(newest).to_have_count(len(demo.highlights))
    # Styled by the site's own stylesheet, as the pages are.
    background = page.locator(".feed-follow").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(245, 239, 230)"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the feed's page scrolls sideways by {overflow}px"
    assert_only_the_browser_banner_was_refused(page)
    page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
    assert_no_axe_violations(page)

    newest.first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/impact/2024/" in page.url


def test_the_french_feed_explains_itself_in_french(feed_page, demo):
    page = feed_page

    page.goto(f"/fr{reverse('impact:feed')}")

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Comment le suivre")).to_be_visible()
    assert_only_the_browser_banner_was_refused(page)
