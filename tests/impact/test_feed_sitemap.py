"""What feed readers and search engines are told."""

import re
from collections import Counter
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from core.models import PublicationState

ATOM = {"atom": "http://www.w3.org/2005/Atom"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DRAFT = PublicationState.DRAFT


@pytest.fixture
def content(make_review, make_highlight, make_programme, make_edition):
    review = make_review(2024, title="Looking back at 2024")
    draft_review = make_review(2025, title="Draft review", state=DRAFT)
    hrdap = make_programme("hrdap")
    return {
        "review": review,
        "public": [
            make_highlight(
                review, title="A new mandate on reprisals", slug="mandate", countries=["VE"]
            ),
            make_highlight(
                review,
                title="Award for a defender",
                slug="award",
                kind="recognition",
                publish_at=timezone.now() - timedelta(hours=1),
            ),
        ],
        "hidden": [
            make_highlight(
                review, title="Unfinished draft story", slug="draft", state=DRAFT, countries=["BI"]
            ),
            make_highlight(
                review,
                title="Embargoed story",
                slug="embargoed",
                publish_at=timezone.now() + timedelta(days=1),
                countries=["ER"],
            ),
            make_highlight(
                draft_review, title="Story of a draft year", slug="draft-year", countries=["CL"]
            ),
        ],
        "programme": hrdap,
        "edition": make_edition(hrdap, 2024),
        "draft_edition": make_edition(hrdap, 2027, state=DRAFT),
    }


# --- Atom feed --------------------------------------------------------------------------------


@pytest.fixture
def feed(client, content):
    response = client.get("/impact/feed/")
    return response, ElementTree.fromstring(response.content)


def test_feed_is_served_as_atom(feed):
    response, root = feed

    # As XML, so that a browser applies its stylesheet; the root element says Atom.
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert root.findtext("atom:title", namespaces=ATOM) == "ISHR: our impact"


def test_feed_lists_published_highlights_newest_first(feed):
    _, root = feed

    titles = [
        entry.findtext("atom:title", namespaces=ATOM)
        for entry in root.iterfind("atom:entry", ATOM)
    ]
    assert titles == ["Award for a defender", "A new mandate on reprisals"]


def test_feed_entries_link_to_absolute_highlight_addresses(feed):
    _, root = feed

    links = [
        entry.find("atom:link", ATOM).get("href") for entry in root.iterfind("atom:entry", ATOM)
    ]
    assert links == [
        "http://testserver/impact/2024/award/",
        "http://testserver/impact/2024/mandate/",
    ]


def test_feed_entries_carry_the_summary_and_kind(feed):
    _, root = feed
    entry = root.find("atom:entry", ATOM)

    assert entry.findtext("atom:summary", namespaces=ATOM) == "What happened in highlight 2."
    assert entry.find("atom:category", ATOM).get("term") == "Recognition"


def test_feed_leaves_out_drafts_scheduled_and_draft_review_highlights(feed):
    response, _ = feed
    body = response.content.decode()

    assert "Unfinished draft story" not in body
    assert "Embargoed story" not in body
    assert "Story of a draft year" not in body


def test_the_feed_names_its_stylesheet_before_its_root_element(feed):
    response, _root = feed

    head = response.content.decode().split("<feed", 1)[0]
    assert (
        '<?xml-stylesheet href="/impact/feed/style.xsl" media="screen" type="text/xsl"?>' in head
    )


def test_the_french_feed_names_the_french_stylesheet(client, content):
    body = client.get("/fr/impact/feed/").content.decode()

    assert '<?xml-stylesheet href="/fr/impact/feed/style.xsl"' in body


XSL = {"xsl": "http://www.w3.org/1999/XSL/Transform"}


def test_the_feed_stylesheet_says_what_a_feed_is_and_how_to_follow_it(client, db):
    response = client.get("/impact/feed/style.xsl")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xsl; charset=utf-8"
    root = ElementTree.fromstring(response.content)  # well-formed XML
    assert root.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    text = response.content.decode()
    assert "This is a web feed" in text
    assert "How to follow it" in text
    assert root.find(".//xsl:for-each[@select='atom:entry']", XSL) is not None
    # The page it makes loads the site's stylesheet only: no inline style, nothing elsewhere.
    links = [e.get("href") for e in root.iter("link")]
    assert len(links) == 1 and links[0].startswith("/static/css/main.")
    assert "<style" not in text and " style=" not in text and "<script" not in text


def test_the_feed_stylesheet_speaks_the_page_language(client, db):
    text = client.get("/es/impact/feed/style.xsl").content.decode()

    assert '<html lang="es">' in text
    assert "Cómo seguirlo" in text


def test_every_page_points_feed_readers_to_the_feed(client, db):
    html = client.get("/").content.decode()

    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/impact/feed/"' in html


# --- Sitemap ----------------------------------------------------------------------------------


@pytest.fixture
def sitemap_urls(client, content):
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", SITEMAP)]


def test_sitemap_lists_the_fixed_pages(sitemap_urls):
    assert {
        "http://testserver/",
        "http://testserver/impact/",
        "http://testserver/impact/data/",
        "http://testserver/impact/countries/",
        "http://testserver/programmes/",
        "http://testserver/privacy/",
    } <= set(sitemap_urls)


def test_sitemap_lists_the_published_review_and_its_published_highlights(sitemap_urls):
    assert {
        "http://testserver/impact/2024/",
        "http://testserver/impact/2024/mandate/",
        "http://testserver/impact/2024/award/",
    } <= set(sitemap_urls)


def test_sitemap_lists_programmes_and_published_editions(sitemap_urls):
    assert {
        "http://testserver/programmes/hrdap/",
        "http://testserver/programmes/hrdap/2024/",
    } <= set(sitemap_urls)


def test_sitemap_lists_nothing_unpublished(sitemap_urls):
    assert "http://testserver/impact/2025/" not in sitemap_urls
    assert "http://testserver/impact/2024/draft/" not in sitemap_urls
    assert "http://testserver/impact/2024/embargoed/" not in sitemap_urls
    assert "http://testserver/impact/2025/draft-year/" not in sitemap_urls
    assert "http://testserver/programmes/hrdap/2027/" not in sitemap_urls
    assert not [url for url in sitemap_urls if re.search(r"/countries/(bi|er|cl)/", url)]


def test_sitemap_lists_the_countries_of_published_highlights_in_each_language(sitemap_urls):
    countries = [url for url in sitemap_urls if re.search(r"/countries/[a-z]{2}/$", url)]

    assert countries == [
        "http://testserver/impact/countries/ve/",
        "http://testserver/fr/impact/countries/ve/",
        "http://testserver/es/impact/countries/ve/",
    ]


def language_of(url: str) -> str:
    """The language of a listed address: its prefix, or none for the default language."""
    prefix = url.removeprefix("http://testserver/").split("/", 1)[0]
    return prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def per_language(count: int) -> Counter:
    return Counter({code: count for code, _name in settings.LANGUAGES})


def test_sitemap_lists_each_page_once_in_each_language(sitemap_urls):
    assert len(sitemap_urls) == len(set(sitemap_urls))
    assert Counter(map(language_of, sitemap_urls)) == per_language(12)


# --- robots.txt -------------------------------------------------------------------------------


@pytest.fixture
def robots(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


def test_robots_txt_points_to_the_sitemap(robots):
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_robots_txt_keeps_crawlers_out_of_the_admin(robots):
    assert "User-agent: *" in robots
    assert "Disallow: /admin/" in robots


# --- Queries ----------------------------------------------------------------------------------


@pytest.fixture(params=[5, 50], ids=["5-highlights", "50-highlights"])
def many(request, make_review, make_highlight, make_programme, make_edition):
    """A review with 5 or 50 highlights, each naming Venezuela and one of five other
    countries, and as many editions of one programme."""
    review = make_review(2024)
    hrdap = make_programme("hrdap")
    for n in range(request.param):
        make_highlight(review, countries=["VE", ["AF", "TJ", "CN", "CL", "MX"][n % 5]])
        make_edition(hrdap, 1990 + n)
    return request.param


def test_feed_query_count_does_not_grow_with_highlights(client, many, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/impact/feed/")
    assert response.content.count(b"<entry>") == many


def test_sitemap_query_count_does_not_grow_with_highlights_or_editions(
    client, many, django_assert_num_queries
):
    # The privacy notice, the reviews, the highlights, the countries named by published
    # highlights, the programmes and the editions.
    with django_assert_num_queries(5):
        response = client.get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    urls = [loc.text for loc in root.iterfind("sm:url/sm:loc", SITEMAP)]
    # In each language: the fixed pages (the privacy notice, open data and the countries among
    # them), the review, its highlights, the six countries, the programme and its editions.
    assert Counter(map(language_of, urls)) == per_language(6 + 1 + many + 6 + 1 + many)
