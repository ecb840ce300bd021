"""Link previews and search data as a browser gets them: the JSON-LD block is data, read
and never run, and the Content-Security-Policy refuses nothing on these pages (the
`new_page` fixture fails the test on any refusal)."""

import json

import pytest


@pytest.fixture
def demo(shared_demo):
    """These tests only read the demo content: the one loaded once for the session."""
    return shared_demo


JSON_LD = 'script[type="application/ld+json"]'


def meta(page, prop: str) -> str | None:
    return page.locator(f'meta[property="{prop}"]').get_attribute("content")


def test_a_highlight_describes_itself_as_an_article(new_page, demo, site_server):
    highlight = next(h for h in demo.highlights if h.image_renditions)
    page = new_page("phone")

    page.goto(highlight.get_absolute_url())

    data = json.loads(page.locator(JSON_LD).text_content())
    assert data["@type"] == "Article"
    assert data["headline"] == page.get_by_role("heading", level=1).text_content()
    assert data["headline"] == highlight.title
    assert data["mainEntityOfPage"]["@id"] == site_server.url + highlight.get_absolute_url()
    assert data["image"] == [meta(page, "og:image")]
    assert data["image"][0].endswith(".jpg")
    assert meta(page, "og:type") == "article"


def test_the_default_share_image_is_served(new_page, demo, site_server):
    page = new_page("desktop")

    page.goto(demo.review.get_absolute_url())
    image = page.request.get(meta(page, "og:image"))

    assert image.status == 200
    assert image.headers["content-type"] == "image/png"
    assert page.locator('link[rel="canonical"]').get_attribute("href") == (
        site_server.url + demo.review.get_absolute_url()
    )
    assert page.locator(JSON_LD).count() == 0


def test_an_edition_describes_itself_as_an_event(new_page, demo):
    page = new_page("desktop")

    page.goto(demo.edition.get_absolute_url())

    data = json.loads(page.locator(JSON_LD).text_content())
    assert data["@type"] == "Event"
    components = list(demo.edition.components.all())
    assert data["startDate"] == min(c.starts_on for c in components).isoformat()
    assert data["endDate"] == max(c.ends_on for c in components).isoformat()
