"""The world map on the review page, and the countries' pages across the years."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django_countries import countries

from core.models import PublicationState
from impact import world_map
from impact.models import Highlight

DRAFT = PublicationState.DRAFT
Kind = Highlight.Kind


def page(response) -> str:
    return response.content.decode()


def svg(html: str) -> str:
    """The first world map of the page."""
    match = re.search(r'<svg class="world-map.*?</svg>', html, re.DOTALL)
    assert match, "the page has no map"
    return match.group(0)


def marked_links(html: str) -> dict[str, str]:
    """The map's linked countries: {address: accessible name (the link's <title>)}."""
    return dict(
        re.findall(r'<a href="([^"]+)"><title>([^<]+)</title><path class="map-marked"', svg(html))
    )


def marked_codes(html: str) -> set[str]:
    """The codes of the countries the review page's map marks, from their links."""
    return {re.search(r"country=([A-Z]{2})", url)[1] for url in marked_links(html)}


def listed_countries(html: str) -> list[tuple[str, str, str]]:
    """The text list beside the map: (address, name, count), in order."""
    match = re.search(r'<ul class="country-list[^"]*">(.*?)</ul>', html, re.DOTALL)
    assert match, "the page has no list of countries"
    return re.findall(
        r'<li class="mb-1"><a href="([^"]+)">([^<]+)</a> <span class="country-count small">'
        r"([^<]+)</span></li>",
        match.group(1),
    )


@pytest.fixture
def review(make_review):
    return make_review(2024, title="Looking back at 2024")


@pytest.fixture
def highlights(review, make_highlight):
    """Published highlights in Venezuela (two), Afghanistan and Tajikistan; a draft in
    Burundi and a scheduled one in Eritrea, whose countries nobody may see yet."""
    return {
        "venezuela": make_highlight(
            review, title="Defenders heard on Venezuela", countries=["VE"]
        ),
        "both": make_highlight(
            review,
            title="A mandate on Afghanistan and Venezuela",
            kind=Kind.MANDATE,
            countries=["AF", "VE"],
        ),
        "tajik": make_highlight(review, title="A Tajik defender freed", countries=["TJ"]),
        "draft": make_highlight(
            review, title="Unfinished story about Burundi", countries=["BI"], state=DRAFT
        ),
        "scheduled": make_highlight(
            review,
            title="Embargoed story about Eritrea",
            countries=["ER"],
            publish_at=timezone.now() + timedelta(days=2),
        ),
    }


# --- The map file -----------------------------------------------------------------------------


def test_the_shipped_map_has_a_view_box_and_a_shape_for_each_country_by_its_code():
    data = json.loads(world_map.MAP_FILE.read_text(encoding="utf-8"))

    assert re.fullmatch(r"0 -?\d+ \d+ \d+", data["viewBox"])
    codes = set(data["countries"])
    assert codes <= set(countries.countries), sorted(codes - set(countries.countries))
    # The UN's members are there, small island states as dots, but not Antarctica.
    assert {"UA", "RU", "VE", "CH", "BH", "MV", "MT", "SG", "TV", "PS", "EH"} <= codes
    assert "AQ" not in codes
    assert all(re.fullmatch(r"M[-\d .almz]+", d) for d in data["countries"].values())
    # Shapes without an ISO code are drawn, named by no link.
    assert {shape["name"] for shape in data["unlinked"]} == {"Kosovo", "N. Cyprus", "Somaliland"}


def test_the_map_is_read_once_per_process():
    assert world_map.world_map() is world_map.world_map()


def test_the_maps_decoration_leaves_out_the_marked_countries():
    shapes = world_map.world_map().shapes

    background = world_map.world_map().background(leaving_out=["VE"])

    assert shapes["VE"] not in background
    assert shapes["AF"] in background


# --- The map on the review page ---------------------------------------------------------------


def test_the_review_map_marks_exactly_the_countries_of_published_highlights(client, highlights):
    html = page(client.get("/impact/2024/"))

    # Not Burundi (a draft) nor Eritrea (scheduled).
    assert marked_codes(html) == {"AF", "TJ", "VE"}
    assert "BI" not in html and "Burundi" not in html
    assert "ER" not in re.findall(r"country=([A-Z]{2})", html)


def test_a_country_of_a_draft_review_is_not_marked(client, make_review, make_highlight):
    draft_review = make_review(2025, state=DRAFT)
    make_highlight(draft_review, countries=["BI"])

    assert client.get("/impact/2025/").status_code == 404
    assert "Burundi" not in page(client.get("/impact/countries/"))


def test_each_marked_country_links_to_the_review_filtered_by_it_and_says_how_many(
    client, highlights
):
    html = page(client.get("/impact/2024/"))

    assert marked_links(html) == {
        "/impact/2024/?country=AF#results": "Afghanistan: 1 highlight",
        "/impact/2024/?country=TJ#results": "Tajikistan: 1 highlight",
        "/impact/2024/?country=VE#results": "Venezuela: 2 highlights",
    }


def test_the_map_names_the_countries_in_french_on_the_french_page(client, highlights):
    html = page(client.get("/fr/impact/2024/"))

    assert marked_links(html) == {
        "/fr/impact/2024/?country=AF#results": "Afghanistan\u00a0: 1 fait marquant",
        "/fr/impact/2024/?country=TJ#results": "Tadjikistan\u00a0: 1 fait marquant",
        "/fr/impact/2024/?country=VE#results": "Venezuela\u00a0: 2 faits marquants",
    }
    assert 'aria-label="Carte des pays cités dans les faits marquants de 2024"' in svg(html)


def test_the_map_names_the_countries_in_spanish_on_the_spanish_page(client, highlights):
    names = set(marked_links(page(client.get("/es/impact/2024/"))).values())

    assert names == {"Afganistán: 1 hito", "Tayikistán: 1 hito", "Venezuela: 2 hitos"}


def test_the_countries_without_a_mark_are_decoration_out_of_reach_of_screen_readers(
    client, highlights
):
    drawn = svg(page(client.get("/impact/2024/")))

    # One path holds every other shape, hidden; the only links are the marked countries.
    assert drawn.count('<path class="map-land" aria-hidden="true" d="M') == 1
    assert drawn.count("<a ") == 3
    assert drawn.count("<path ") == 4
    assert world_map.world_map().shapes["UA"] in drawn


def test_a_list_beside_the_map_names_the_same_countries_with_their_counts(client, highlights):
    html = page(client.get("/impact/2024/"))

    assert listed_countries(html) == [
        ("/impact/2024/?country=AF#results", "Afghanistan", "1 highlight"),
        ("/impact/2024/?country=TJ#results", "Tajikistan", "1 highlight"),
        ("/impact/2024/?country=VE#results", "Venezuela", "2 highlights"),
    ]
    assert '<a href="/impact/countries/">All countries, all years</a>' in html


def test_a_country_the_map_has_no_shape_for_is_in_the_list_only(client, review, make_highlight):
    # Natural Earth draws Gibraltar with Spain and Réunion with France.
    make_highlight(review, countries=["GI", "VE"])

    html = page(client.get("/impact/2024/"))

    assert marked_codes(html) == {"VE"}
    assert [name for _url, name, _count in listed_countries(html)] == ["Gibraltar", "Venezuela"]


def test_a_review_without_countries_has_no_map(client, review, make_highlight):
    make_highlight(review, countries=[])

    html = page(client.get("/impact/2024/"))

    assert 'class="world-map"' not in html
    assert 'id="countries-title"' not in html


def test_the_map_stays_on_a_filtered_review_with_every_country_of_the_year(client, highlights):
    html = page(client.get("/impact/2024/?country=TJ"))

    assert "1 of 3 highlights match." in html
    assert marked_codes(html) == {"AF", "TJ", "VE"}


def test_the_preview_of_a_review_marks_its_draft_highlights(admin_client, highlights, review):
    html = page(admin_client.get(reverse("admin:impact_annualreview_preview", args=[review.pk])))

    assert {"BI", "ER"} <= marked_codes(html)


# --- The countries' index ---------------------------------------------------------------------


@pytest.fixture
def two_reviews(review, make_review, make_highlight, highlights):
    """2024 (the highlights above) and 2023, which names Venezuela and Chile."""
    earlier = make_review(2023, title="Looking back at 2023")
    return {
        "2023-venezuela": make_highlight(
            earlier,
            title="Venezuela's defenders at the Council",
            kind=Kind.CAMPAIGN,
            countries=["VE"],
            summary="A campaign that kept them safe.",
            position=5,
        ),
        "2023-chile": make_highlight(earlier, title="A law for defenders", countries=["CL"]),
        **highlights,
    }


def test_the_countries_index_maps_and_lists_every_country_across_the_reviews(client, two_reviews):
    html = page(client.get("/impact/countries/"))

    assert "<h1>Countries</h1>" in html
    assert marked_links(html) == {
        "/impact/countries/af/": "Afghanistan: 1 highlight",
        "/impact/countries/cl/": "Chile: 1 highlight",
        "/impact/countries/tj/": "Tajikistan: 1 highlight",
        "/impact/countries/ve/": "Venezuela: 3 highlights",
    }
    assert [(url, count) for url, _name, count in listed_countries(html)] == [
        ("/impact/countries/af/", "1 highlight"),
        ("/impact/countries/cl/", "1 highlight"),
        ("/impact/countries/tj/", "1 highlight"),
        ("/impact/countries/ve/", "3 highlights"),
    ]


def test_the_countries_index_in_french_sorts_names_as_a_french_reader_looks_them_up(
    client, review, make_highlight
):
    make_highlight(review, countries=["EG", "ZM", "DE"])

    html = page(client.get("/fr/impact/countries/"))

    names = [name for _url, name, _count in listed_countries(html)]
    assert names == ["Allemagne", "Égypte", "Zambie"]
    assert "<h1>Pays</h1>" in html


def test_the_countries_index_without_countries_says_so(client, review, make_highlight):
    make_highlight(review, countries=[])

    html = page(client.get("/impact/countries/"))

    assert "No highlight names a country yet." in html
    assert 'class="world-map"' not in html


# --- A country's page -------------------------------------------------------------------------


def country_highlights(html: str) -> list[tuple[str, str, str, str]]:
    """(year, kind, address, title) of each highlight listed, in order, as read."""
    found = re.findall(
        r'<li class="country-highlight py-3">\s*<p class="highlight-kind"><a href="/impact/\d+/">'
        r"(\d+)</a> · ([^<]+)</p>\s*<h2 class=\"h4\"><a href=\"([^\"]+)\">([^<]+)</a></h2>",
        html,
    )
    return [(year, kind, address, unescape(title)) for year, kind, address, title in found]


def test_a_country_page_lists_its_highlights_across_the_reviews_newest_first(client, two_reviews):
    html = page(client.get("/impact/countries/ve/"))

    assert "<h1>Venezuela</h1>" in html
    assert country_highlights(html) == [
        ("2024", "Resolution", "/impact/2024/highlight-1/", "Defenders heard on Venezuela"),
        ("2024", "Mandate", "/impact/2024/highlight-2/", "A mandate on Afghanistan and Venezuela"),
        ("2023", "Campaign", "/impact/2023/highlight-6/", "Venezuela's defenders at the Council"),
    ]
    assert "A campaign that kept them safe." in html
    assert "3 highlights in our reviews, newest first." in html


def test_a_country_page_gives_each_highlights_outcome_where_there_is_one(client, two_reviews):
    Highlight.objects.filter(pk=two_reviews["2023-venezuela"].pk).update(
        decided_by="un-human-rights-council", session="HRC54", ishr_role="co-led"
    )
    html = page(client.get("/impact/countries/ve/"))
    outcomes = re.findall(
        r'<h3 class="h5">Outcome</h3>\s*<dl class="highlight-facts">(.*?)</dl>', html, re.S
    )
    assert len(outcomes) == 1  # the other two highlights say nothing in fields
    facts = [
        unescape(re.sub(r"<[^>]+>", "", f)).strip()
        for f in re.findall(r"<d[td]>(.*?)</d[td]>", outcomes[0], re.S)
    ]
    assert facts == [
        "Decided by",
        "UN Human Rights Council",
        "Session",
        "HRC54",
        "ISHR's role",
        "Co-led",
    ]


def test_a_country_page_shows_the_country_alone_on_the_map(client, two_reviews):
    drawn = svg(page(client.get("/impact/countries/ve/")))

    assert '<title id="world-map-title">Venezuela on the world map</title>' in drawn
    assert 'role="img"' in drawn
    assert drawn.count('class="map-marked"') == 1
    assert f'<path class="map-marked" d="{world_map.world_map().shapes["VE"]}"/>' in drawn
    assert "<a " not in drawn


def test_a_country_page_in_french_names_the_country_in_french(client, two_reviews):
    html = page(client.get("/fr/impact/countries/tj/"))

    assert "<h1>Tadjikistan</h1>" in html
    assert "Tadjikistan sur la carte du monde" in html
    assert "1 fait marquant dans nos bilans" in html


def test_a_country_page_leaves_out_drafts_and_scheduled_highlights(
    client, review, make_highlight, highlights
):
    make_highlight(review, title="A draft on Venezuela", countries=["VE"], state=DRAFT)

    html = page(client.get("/impact/countries/ve/"))

    assert "A draft on Venezuela" not in html
    assert len(country_highlights(html)) == 2


@pytest.mark.parametrize(
    "address",
    [
        "/impact/countries/zz/",  # no such code
        "/impact/countries/bi/",  # a draft's country
        "/impact/countries/er/",  # a scheduled highlight's country
        "/impact/countries/ch/",  # a country no highlight names
        "/impact/countries/ven/",
    ],
)
def test_a_country_page_without_published_highlights_is_not_found(client, highlights, address):
    response = client.get(address)

    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_a_country_code_in_upper_case_leads_to_the_lower_case_address(client, highlights):
    response = client.get("/fr/impact/countries/VE/")

    assert response.status_code == 301
    assert response["Location"] == "/fr/impact/countries/ve/"


def test_a_highlights_countries_lead_to_the_filtered_review_and_to_the_countrys_page(
    client, highlights
):
    html = page(client.get(highlights["both"].get_absolute_url()))

    assert '<a href="/impact/2024/?country=AF#results">Afghanistan</a>' in html
    assert '<a href="/impact/countries/af/"' in html


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture(params=[(5, 1), (40, 4)], ids=["5-highlights-1-year", "40-highlights-4-years"])
def many_years(request, make_review, make_highlight):
    """`n` published highlights spread over `years` reviews, all naming Venezuela and some
    other countries, and a draft."""
    n, years = request.param
    reviews = [make_review(2024 - year) for year in range(years)]
    codes = ["VE", "AF", "TJ", "CN", "CL", "MX"]
    for number in range(n):
        make_highlight(reviews[number % years], countries=["VE", codes[1 + number % 5]])
    make_highlight(reviews[0], countries=["VE", "BI"], state=DRAFT)
    return n


def test_the_review_page_with_its_map_stays_at_five_queries(
    client, many_years, django_assert_num_queries
):
    # The review's highlights, their themes, the key figures, the open calls and the review:
    # the map is drawn from the highlights the page loads anyway.
    with django_assert_num_queries(5):
        html = page(client.get("/impact/2024/"))
    assert "VE" in marked_codes(html)


def test_the_countries_index_stays_at_one_query(client, many_years, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = page(client.get("/impact/countries/"))
    assert marked_links(html)["/impact/countries/ve/"] == f"Venezuela: {many_years} highlights"


def test_a_country_page_stays_at_one_query(client, many_years, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = page(client.get("/impact/countries/ve/"))
    assert len(country_highlights(html)) == many_years
