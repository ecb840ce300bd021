"""What link previews and search engines read in the public pages: the canonical address,
Open Graph and Twitter card tags, JSON-LD, the sitemap's languages and the feed's links."""

import json
from datetime import date, datetime
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.templatetags.static import static
from PIL import Image

from programmes.models import Component
from tests.conftest import jpeg_upload
from tests.programmes.conftest import geneva, hrdap, make_edition, make_programme

__all__ = ["hrdap", "make_edition", "make_programme"]  # the programmes' fixtures

SITE = "https://impact.ishr.example"
THREE_LANGUAGES = [("en", "English"), ("fr", "French"), ("es", "Spanish")]
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
XHTML = "{http://www.w3.org/1999/xhtml}link"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


class Head(HTMLParser):
    """The <head> as previews read it: <title>, meta tags by name or property, <link>s by
    rel, and the text of each JSON-LD block."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self.title = ""
        self._in = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        elif tag == "link":
            self.links.setdefault(attrs.get("rel"), []).append(attrs.get("href"))
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        if tag in ("script", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._in == "title":
            self.title += data

    @property
    def canonical(self) -> str | None:
        (url,) = self.links.get("canonical") or [None]
        return url

    @property
    def data(self) -> dict:
        (block,) = self.json_ld
        return json.loads(block)


def head(client, url: str, query=None, **extra) -> Head:
    response = client.get(url, query, **extra)
    assert response.status_code == 200, url
    return Head(response.content.decode())


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def review(make_review):
    return make_review(2024, title="Looking back at 2024")


@pytest.fixture
def highlight(review, make_highlight):
    return make_highlight(
        review,
        title="Council renews the resolution on civil society space",
        slug="civil-society-space",
        summary="States agreed to protect those who speak up at the UN.",
        image=jpeg_upload("council.jpg", width=1600, height=900),
        image_alt="Defenders outside the Palais des Nations",
        image_credit="Photo: ISHR",
    )


def components(edition, *modes):
    """An online course in April and May, then days in Geneva in June, as `modes` asks."""
    dates = {
        Component.Mode.ONLINE: ("Online course", date(2027, 4, 8), date(2027, 5, 31)),
        Component.Mode.IN_PERSON: ("Days in Geneva", date(2027, 6, 10), date(2027, 6, 20)),
    }
    for mode in modes:
        name, starts, ends = dates[mode]
        Component.objects.create(
            edition=edition, mode=mode, name=name, starts_on=starts, ends_on=ends
        )


@pytest.fixture
def edition(hrdap, make_edition):
    edition = make_edition(
        hrdap,
        2027,
        summary="Sixteen places for defenders: a course online, then ten days in Geneva.",
        call_opens=geneva(2026, 11, 1, 0, 0),
        call_closes=geneva(2027, 1, 15, 23, 59, 59),
    )
    components(edition, Component.Mode.ONLINE, Component.Mode.IN_PERSON)
    return edition


@pytest.fixture
def pages(highlight, edition):
    """Each kind of public page: its address and the path its canonical address has."""
    return {
        "home": "/",
        "review list": "/impact/",
        "review": "/impact/2024/",
        "highlight": "/impact/2024/civil-society-space/",
        "programme list": "/programmes/",
        "programme": "/programmes/hrdap/",
        "edition": "/programmes/hrdap/2027/",
    }


PAGE_KINDS = [
    "home",
    "review list",
    "review",
    "highlight",
    "programme list",
    "programme",
    "edition",
]


# --- Canonical address ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_names_its_address_on_the_public_site(client, pages, kind):
    tags = head(client, pages[kind])

    assert tags.canonical == SITE + pages[kind]
    assert tags.meta["og:url"] == tags.canonical


def test_a_page_reached_through_another_host_names_the_public_one(client, settings, review):
    settings.ALLOWED_HOSTS = ["old-name.example", "testserver"]

    tags = head(client, "/impact/2024/", HTTP_HOST="old-name.example")

    assert tags.canonical == f"{SITE}/impact/2024/"


def test_a_filtered_review_names_the_unfiltered_review(client, highlight):
    tags = head(client, "/impact/2024/", {"kind": "resolution", "country": "AF"})

    assert tags.canonical == f"{SITE}/impact/2024/"
    assert tags.meta["og:url"] == f"{SITE}/impact/2024/"


def test_tracking_parameters_are_left_out_of_the_address(client, highlight):
    tags = head(client, "/impact/2024/civil-society-space/?utm_source=newsletter&fbclid=AbC123")

    assert tags.canonical == f"{SITE}/impact/2024/civil-society-space/"


def test_an_address_written_another_way_is_sent_to_the_one_the_site_writes(client, review):
    response = client.get("/impact/02024/", follow=True)

    assert response.redirect_chain == [("/impact/2024/", 301)]
    assert Head(response.content.decode()).canonical == f"{SITE}/impact/2024/"


@pytest.mark.parametrize(
    "url", ["/impact/1999/", "/impact/2024/no-such-highlight/", "/no-such-page/"]
)
def test_a_page_not_found_names_no_address_and_shares_nothing(client, review, url):
    response = client.get(url)

    assert response.status_code == 404
    tags = Head(response.content.decode())
    assert tags.canonical is None
    assert not [name for name in tags.meta if name.startswith(("og:", "twitter:"))]
    assert tags.json_ld == []


def test_the_application_form_shares_nothing(client, edition):
    # Its address may carry a draft's private link; previews come from the edition's page.
    tags = head(client, edition.get_apply_url())

    assert tags.canonical is None
    assert "og:url" not in tags.meta


# --- Open Graph and Twitter card --------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_previews_with_its_own_title_and_description(client, pages, kind):
    tags = head(client, pages[kind])

    assert tags.meta["og:title"] == tags.title.removesuffix(" · ISHR")
    assert tags.meta["og:description"] == tags.meta["description"]
    assert tags.meta["og:site_name"] == "International Service for Human Rights"
    assert tags.meta["og:locale"] == "en_GB"
    assert tags.meta["twitter:card"] == "summary_large_image"


@pytest.mark.parametrize("kind", [k for k in PAGE_KINDS if k != "highlight"])
def test_pages_without_their_own_picture_share_the_default_image(client, pages, kind):
    tags = head(client, pages[kind])

    assert tags.meta["og:type"] == "website"
    assert tags.meta["og:image"] == SITE + static("img/share.png")
    assert tags.meta["og:image:type"] == "image/png"
    assert (tags.meta["og:image:width"], tags.meta["og:image:height"]) == ("1200", "630")
    assert tags.meta["og:image:alt"].startswith("The letters ISHR")


def test_the_review_previews_with_its_title_and_year(client, review):
    tags = head(client, "/impact/2024/")

    assert tags.meta["og:title"] == "Looking back at 2024"
    assert "achieved with ISHR at the UN in 2024" in tags.meta["og:description"]


def test_a_highlight_is_shared_as_an_article_with_its_widest_jpeg(client, highlight):
    tags = head(client, "/impact/2024/civil-society-space/")

    (widest,) = [
        r for r in highlight.image_renditions if r["format"] == "jpeg" and r["width"] == 1200
    ]
    assert tags.meta["og:type"] == "article"
    assert tags.meta["og:title"] == "Council renews the resolution on civil society space"
    assert tags.meta["og:description"] == (
        "States agreed to protect those who speak up at the UN."
    )
    assert tags.meta["og:image"] == f"{SITE}/media/{widest['name']}"
    assert tags.meta["og:image"].endswith("-1200.jpg")
    assert tags.meta["og:image:type"] == "image/jpeg"
    assert (tags.meta["og:image:width"], tags.meta["og:image:height"]) == ("1200", "675")
    assert tags.meta["og:image:alt"] == "Defenders outside the Palais des Nations"
    assert tags.meta["twitter:image:alt"] == "Defenders outside the Palais des Nations"


def test_a_highlight_narrower_than_1200_px_shares_its_largest_jpeg(client, review, make_highlight):
    make_highlight(
        review,
        slug="small",
        image=jpeg_upload("small.jpg", width=640, height=360),
        image_alt="A small photograph",
        image_credit="ISHR",
    )

    tags = head(client, "/impact/2024/small/")

    assert tags.meta["og:image"].endswith("-640.jpg")
    assert (tags.meta["og:image:width"], tags.meta["og:image:height"]) == ("640", "360")


def test_a_highlight_without_an_image_shares_the_default_one(client, review, make_highlight):
    make_highlight(review, slug="no-picture")

    tags = head(client, "/impact/2024/no-picture/")

    assert tags.meta["og:type"] == "article"
    assert tags.meta["og:image"] == SITE + static("img/share.png")


def test_a_highlight_says_when_it_was_published(client, highlight):
    tags = head(client, "/impact/2024/civil-society-space/")

    published = datetime.fromisoformat(tags.meta["article:published_time"])
    assert published == highlight.publish_at


@pytest.mark.parametrize(("prefix", "locale"), [("", "en_GB"), ("/fr", "fr_FR"), ("/es", "es_ES")])
def test_the_preview_locale_follows_the_page_language(client, settings, review, prefix, locale):
    settings.LANGUAGES = THREE_LANGUAGES

    tags = head(client, f"{prefix}/impact/2024/")

    assert tags.meta["og:locale"] == locale
    assert tags.canonical == f"{SITE}{prefix}/impact/2024/"


def test_the_default_share_image_is_1200_by_630_and_light():
    path = settings.BASE_DIR / "static" / "img" / "share.png"

    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
    assert path.stat().st_size < 100_000


def test_the_share_image_is_drawn_the_same_every_time():
    from impact.management.commands.draw_share_image import draw_share_image

    committed = (settings.BASE_DIR / "static" / "img" / "share.png").read_bytes()
    assert draw_share_image() == committed


# --- JSON-LD ----------------------------------------------------------------------------------


def test_the_home_page_describes_ishr_as_an_organization(client, review):
    data = head(client, "/").data

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "International Service for Human Rights"
    assert data["alternateName"] == "ISHR"
    assert data["url"] == f"{SITE}/"
    assert data["logo"]["url"] == SITE + static("img/share.png")
    assert "sameAs" not in data


def test_a_highlight_is_described_as_an_article(client, highlight):
    tags = head(client, "/impact/2024/civil-society-space/")
    data = tags.data
    highlight.refresh_from_db()

    assert data["@type"] == "Article"
    assert data["headline"] == "Council renews the resolution on civil society space"
    assert data["description"] == "States agreed to protect those who speak up at the UN."
    assert data["image"] == [tags.meta["og:image"]]
    assert datetime.fromisoformat(data["datePublished"]) == highlight.publish_at
    assert datetime.fromisoformat(data["dateModified"]) == highlight.updated_at.replace(
        microsecond=0
    )
    assert data["author"]["@type"] == data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "International Service for Human Rights"
    assert data["publisher"]["logo"]["url"] == SITE + static("img/share.png")
    assert data["inLanguage"] == "en"
    assert data["mainEntityOfPage"]["@id"] == tags.canonical


@pytest.mark.parametrize(
    ("title_es", "language"), [("Se renueva la resolución", "es"), ("", "en")]
)
def test_an_articles_language_is_the_language_its_title_is_shown_in(
    client, highlight, title_es, language
):
    highlight.title_es = title_es
    highlight.save()

    data = head(client, "/es/impact/2024/civil-society-space/").data

    assert data["headline"] == (title_es or "Council renews the resolution on civil society space")
    assert data["inLanguage"] == language


def test_the_json_ld_cannot_close_its_script_element(client, review, make_highlight):
    title = 'Why "</script><script>alert(1)</script>" & <!-- never runs'
    make_highlight(review, slug="script", title=title, summary="A </SCRIPT> in a summary.")

    html = client.get("/impact/2024/script/").content.decode()
    (block,) = Head(html).json_ld

    assert "<" not in block and ">" not in block and "&" not in block
    assert "<script>alert(1)" not in html
    data = json.loads(block)
    assert data["headline"] == title
    assert data["description"] == "A </SCRIPT> in a summary."


def test_an_edition_is_described_as_an_event_over_its_components(client, edition):
    tags = head(client, "/programmes/hrdap/2027/")
    data = tags.data

    assert data["@type"] == "Event"
    assert data["name"] == "Human Rights Defender Advocacy Programme 2027"
    assert (data["startDate"], data["endDate"]) == ("2027-04-08", "2027-06-20")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][0]["name"] == "Palais des Nations"
    assert data["location"][0]["address"]["addressLocality"] == "Geneva"
    assert data["organizer"]["name"] == "International Service for Human Rights"
    assert data["url"] == tags.canonical
    assert [(e["name"], e["startDate"], e["endDate"]) for e in data["subEvent"]] == [
        ("Online course", "2027-04-08", "2027-05-31"),
        ("Days in Geneva", "2027-06-10", "2027-06-20"),
    ]
    assert "offers" not in data


@pytest.mark.parametrize(
    ("mode", "attendance", "location"),
    [
        (Component.Mode.ONLINE, "OnlineEventAttendanceMode", "VirtualLocation"),
        (Component.Mode.IN_PERSON, "OfflineEventAttendanceMode", "Place"),
    ],
)
def test_an_edition_in_one_mode_says_so(client, hrdap, make_edition, mode, attendance, location):
    components(make_edition(hrdap, 2026), mode)

    data = head(client, "/programmes/hrdap/2026/").data

    assert data["eventAttendanceMode"] == f"https://schema.org/{attendance}"
    assert data["location"]["@type"] == location


def test_an_open_call_gives_its_deadline_in_the_event(client, frozen_now, edition):
    data = head(client, "/programmes/hrdap/2027/").data

    assert data["description"] == (
        "Sixteen places for defenders: a course online, then ten days in Geneva. "
        "Applications are open until 23:59 Geneva time (CET) on 15 January 2027."
    )


def test_a_closed_call_gives_no_deadline(client, frozen_now, hrdap, make_edition):
    past = make_edition(
        hrdap,
        2024,
        call_opens=geneva(2023, 11, 1, 0, 0),
        call_closes=geneva(2024, 1, 15, 23, 59, 59),
    )
    components(past, Component.Mode.ONLINE)

    data = head(client, "/programmes/hrdap/2024/").data

    assert data["description"] == hrdap.summary


def test_an_edition_without_dates_is_no_event(client, hrdap, make_edition):
    make_edition(hrdap, 2028)

    assert head(client, "/programmes/hrdap/2028/").json_ld == []


@pytest.mark.parametrize("kind", ["review list", "review", "programme list", "programme"])
def test_other_pages_carry_no_structured_data(client, pages, kind):
    assert head(client, pages[kind]).json_ld == []


# --- Queries ----------------------------------------------------------------------------------


def test_sharing_a_highlight_with_its_image_costs_no_query(
    client, highlight, django_assert_num_queries
):
    # The highlight page's pinned count (tests/impact/test_views.py).
    with django_assert_num_queries(4):
        tags = head(client, "/impact/2024/civil-society-space/")
    assert tags.meta["og:image"].endswith("-1200.jpg")


def test_describing_an_edition_costs_no_query(client, edition, django_assert_num_queries):
    # The edition page's pinned count (tests/programmes/test_views.py).
    with django_assert_num_queries(6):
        tags = head(client, "/programmes/hrdap/2027/")
    assert tags.data["@type"] == "Event"


# --- Sitemap and feed -------------------------------------------------------------------------


def sitemap(client) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return root.findall("sm:url", SITEMAP)


def alternates(url: ElementTree.Element) -> dict[str, str]:
    return {link.get("hreflang"): link.get("href") for link in url.iter(XHTML)}


def test_the_sitemap_lists_each_page_in_every_language_with_its_alternates(
    client, settings, highlight
):
    settings.LANGUAGES = THREE_LANGUAGES

    urls = {url.findtext("sm:loc", namespaces=SITEMAP): url for url in sitemap(client)}

    page = "/impact/2024/civil-society-space/"
    versions = {
        "en": f"{SITE}{page}",
        "fr": f"{SITE}/fr{page}",
        "es": f"{SITE}/es{page}",
    }
    for address in versions.values():
        assert alternates(urls[address]) == {**versions, "x-default": versions["en"]}
        assert urls[address].findtext("sm:lastmod", namespaces=SITEMAP)


def test_with_english_alone_the_sitemap_names_one_version_of_each_page(
    client, settings, highlight
):
    settings.LANGUAGES = [("en", "English")]

    urls = sitemap(client)

    locations = [url.findtext("sm:loc", namespaces=SITEMAP) for url in urls]
    assert f"{SITE}/impact/2024/civil-society-space/" in locations
    assert not [loc for loc in locations if "/fr/" in loc or "/es/" in loc]
    for url in urls:
        loc = url.findtext("sm:loc", namespaces=SITEMAP)
        assert alternates(url) == {"en": loc, "x-default": loc}


def test_the_feed_names_its_own_address_and_the_page_it_follows(client, highlight):
    root = ElementTree.fromstring(client.get("/impact/feed/").content)

    links = {link.get("rel"): link.get("href") for link in root.findall("atom:link", ATOM)}
    assert links == {"self": f"{SITE}/impact/feed/", "alternate": f"{SITE}/impact/"}


def test_reached_through_another_host_the_feed_and_sitemap_name_the_public_site(
    client, settings, highlight
):
    settings.ALLOWED_HOSTS = ["old-name.example", "testserver"]

    feed = client.get("/impact/feed/", HTTP_HOST="old-name.example").content.decode()
    sitemap = client.get("/sitemap.xml", HTTP_HOST="old-name.example").content.decode()
    robots = client.get("/robots.txt", HTTP_HOST="old-name.example").content.decode()

    assert "old-name.example" not in feed + sitemap + robots
    assert f"{SITE}/impact/2024/civil-society-space/" in feed
    assert f"<loc>{SITE}/impact/2024/civil-society-space/</loc>" in sitemap
    assert f"Sitemap: {SITE}/sitemap.xml" in robots


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_public_page_links_the_feed(client, pages, kind):
    assert "/impact/feed/" in head(client, pages[kind]).links["alternate"]
