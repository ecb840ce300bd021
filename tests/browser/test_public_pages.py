"""What a visitor sees in a real browser, on a phone and on a desktop, with and without JS."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from impact.models import AnnualReview
from tests.privacy import privacy_notice

from .conftest import assert_no_axe_violations


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


NOT_FOUND = "We could not find that page"


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def record_requests(page) -> list[str]:
    """Every http(s) address the page asks for, from now on."""
    urls = []
    page.on("request", lambda r: urls.append(r.url) if r.url.startswith("http") else None)
    return urls


def heading(page):
    return page.get_by_role("heading", level=1)


# Each public page: (its address, the h1 a visitor must see, the status it answers with).
PAGES = {
    "home": lambda d: (
        reverse("home"),
        "Helping human rights defenders use the UN to change things at home",
        200,
    ),
    "review-list": lambda d: (reverse("impact:review-list"), "Our impact, year by year", 200),
    "review": lambda d: (d.review.get_absolute_url(), d.review.title, 200),
    "review-filtered": lambda d: (
        f"{d.review.get_absolute_url()}?kind={d.kind}",
        d.review.title,
        200,
    ),
    "highlight": lambda d: (d.highlights[0].get_absolute_url(), d.highlights[0].title, 200),
    "countries": lambda d: (reverse("impact:country-list"), "Countries", 200),
    "country": lambda d: (reverse("impact:country", kwargs={"code": "af"}), "Afghanistan", 200),
    "programme-list": lambda d: (
        reverse("programmes:programme-list"),
        "Programmes for human rights defenders",
        200,
    ),
    "programme": lambda d: (d.programme.get_absolute_url(), d.programme.name, 200),
    "edition": lambda d: (
        d.edition.get_absolute_url(),
        f"{d.programme.name} {d.edition.year}",
        200,
    ),
    "privacy": lambda d: (privacy_notice().get_absolute_url(), "Privacy notice", 200),
    "open-data": lambda d: (
        reverse("impact:open-data"),
        "Open data: our impact, highlight by highlight",
        200,
    ),
    "not-found": lambda d: ("/impact/1900/no-such-highlight/", NOT_FOUND, 404),
    "bad-request": lambda d: ("/impact/?q=%00", "We could not understand that address", 400),
}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_shows_its_heading_and_passes_axe(new_page, demo, site_server, name, viewport):
    path, h1, status = PAGES[name](demo)
    page = new_page(viewport)
    requested = record_requests(page)

    response = page.goto(path)

    assert response.status == status
    expect(heading(page)).to_have_count(1)
    expect(heading(page)).to_be_visible()
    expect(heading(page)).to_have_text(h1)
    assert {origin(url) for url in requested} == {site_server.url}, "only the site is asked"
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {viewport} width"
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("name", [name for name in PAGES if name != "not-found"])
def test_each_public_page_in_french_and_spanish_passes_axe_on_a_phone(
    new_page, demo, name, language
):
    path, _h1, status = PAGES[name](demo)
    page = new_page("phone")

    response = page.goto(f"/{language}{path}")

    assert response.status == status
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(heading(page)).to_have_count(1)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"/{language}{path} scrolls sideways by {overflow}px on a phone"
    assert_no_axe_violations(page)


def test_a_reader_finds_the_privacy_notice_from_any_pages_footer(new_page, demo):
    privacy_notice()
    page = new_page("phone")
    page.goto(demo.edition.get_absolute_url())

    page.get_by_role("contentinfo").get_by_role("link", name="Privacy notice").click()

    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(heading(page)).to_have_text("Privacy notice")
    expect(page.get_by_role("heading", name="Your rights")).to_be_visible()
    assert_no_axe_violations(page)


def test_filtered_review_says_how_many_highlights_match(new_page, demo):
    page = new_page()
    page.goto(f"{demo.review.get_absolute_url()}?kind={demo.kind}")

    matching = [h for h in demo.highlights if h.kind == demo.kind]
    expect(page.locator("#results")).to_have_text(
        f"{len(matching)} of {len(demo.highlights)} highlights match."
    )
    expect(page.locator("main .highlight-card")).to_have_count(len(matching))
    expect(page.get_by_label("Kind")).to_have_value(demo.kind)


def filter_by_country_and_check(page, demo):
    cards = page.locator("main .highlight-card")
    expect(cards).to_have_count(len(demo.highlights))

    page.get_by_label("Country").select_option(demo.country)
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(rf"\?(.*&)?country={demo.country}(&|#results$)"))
    matching = demo.with_country(demo.country)
    expect(cards).to_have_count(len(matching))
    expect(page.locator("#results")).to_have_text(
        f"{len(matching)} of {len(demo.highlights)} highlights match."
    )
    expect(page.get_by_label("Country")).to_have_value(demo.country)
    return matching


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_visitor_filters_by_country_walks_to_the_next_highlight_and_reads_it_in_french(
    new_page, demo, viewport
):
    page = new_page(viewport)
    page.goto(reverse("home"))

    page.get_by_role("link", name=demo.review.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"{demo.review.get_absolute_url()}$"))
    expect(heading(page)).to_have_text(demo.review.title)

    matching = filter_by_country_and_check(page, demo)

    first = matching[0]
    page.get_by_role("link", name=first.title, exact=True).click()
    expect(heading(page)).to_have_text(first.title)

    # The next highlight among those that match the filter, which the address keeps.
    following = matching[1] if len(matching) > 1 else demo.next_after(first)
    filtered = f"?country={demo.country}" if len(matching) > 1 else ""
    page.get_by_role("link", name=re.compile(r"^Next highlight")).click()
    expect(heading(page)).to_have_text(following.title)
    expect(page).to_have_url(re.compile(rf"{following.get_absolute_url()}{re.escape(filtered)}$"))

    # The same highlight in French: the interface in French, the address under /fr/.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(
        re.compile(rf"/fr{following.get_absolute_url()}{re.escape(filtered)}$")
    )
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # Its French title, or the English one (marked as English) where none was written.
    expect(heading(page)).to_have_text(following.title_fr or following.title_en)
    if not following.title_fr:
        expect(heading(page)).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name=re.compile(r"^Fait marquant précédent"))).to_be_visible()


def test_filter_form_works_without_javascript(new_page, demo):
    page = new_page("phone", js=False)
    page.goto(demo.review.get_absolute_url())

    filter_by_country_and_check(page, demo)

    page.get_by_role("link", name="Show all").click()
    expect(page.locator("main .highlight-card")).to_have_count(len(demo.highlights))


def test_without_javascript_a_phone_reader_sees_the_review_with_small_images_and_reads_on(
    new_page, demo
):
    page = new_page("phone", js=False)
    page.goto(demo.review.get_absolute_url())
    first = page.locator("main .highlight-card img").first
    expect(first).to_be_visible()

    chosen = first.evaluate("img => img.complete && img.naturalWidth > 0 && img.currentSrc")
    # The first card's image comes at once, and in the lightest format the phone takes, at
    # the width its column needs (about 366 px at this size), not the 1200 px one.
    assert first.get_attribute("fetchpriority") == "high"
    assert re.search(r"-(400|800)\.avif$", chosen), chosen
    assert page.locator("main .highlight-card img").nth(1).get_attribute("loading") == "lazy"

    page.locator("main .highlight-card a").first.click()
    expect(heading(page)).to_have_text(demo.highlights[0].title)


def test_video_loads_nothing_from_the_video_host_until_the_reader_plays_it(
    new_page, demo, site_server
):
    review = demo.review
    if not review.video_url:
        AnnualReview.objects.filter(pk=review.pk).update(
            video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            video_title="Our year in three minutes",
        )
        review.refresh_from_db()
    page = new_page()
    site = site_server.url
    # Nothing may leave the machine: anything not for the live server is refused here.
    page.context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if origin(route.request.url) == site
            else route.abort("blockedbyclient")
        ),
    )
    requested = record_requests(page)

    page.goto(review.get_absolute_url())
    page.wait_for_load_state("networkidle")

    assert {origin(url) for url in requested} == {site}
    facade = page.get_by_role("link", name=f"Play the video “{review.video_title}”")
    expect(facade).to_be_visible()
    expect(facade).to_have_attribute("href", review.video_url)

    player = re.compile(r"^https://www\.youtube-nocookie\.com/embed/")
    with page.expect_request(player):
        facade.click()

    iframe = page.locator(".video-facade iframe")
    expect(iframe).to_have_attribute("src", player)
    expect(iframe).to_have_attribute("title", review.video_title)
    expect(facade).to_have_count(0)
    foreign = {origin(url) for url in requested} - {site}
    assert foreign == {"https://www.youtube-nocookie.com"}


def test_without_javascript_a_reader_downloads_the_years_csv_from_the_review(
    new_page, demo, tmp_path
):
    page = new_page("phone", js=False)
    page.goto(demo.review.get_absolute_url())
    data = page.locator("section", has=page.get_by_role("heading", name="Open data"))

    with page.expect_download() as download:
        data.get_by_role("link", name="CSV", exact=True).click()

    assert download.value.suggested_filename == f"ishr-impact-{demo.review.year}.csv"
    saved = tmp_path / "review.csv"
    download.value.save_as(saved)
    rows = saved.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("year,kind,title,summary,body,")
    data.get_by_role("link", name="Every year, the licence and what each column means").click()
    expect(heading(page)).to_have_text("Open data: our impact, highlight by highlight")
