"""The public impact pages, as a visitor reads them."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from core.models import PublicationState
from impact.models import Highlight, KeyFigure, SourceLink
from tests.conftest import jpeg_upload

# Deadlines in these pages are calendar dates: read them at a fixed moment.
pytestmark = pytest.mark.usefixtures("frozen_now")

GENEVA = ZoneInfo("Europe/Zurich")
DRAFT = PublicationState.DRAFT
Kind = Highlight.Kind


def page(response) -> str:
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id ("" if none)."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.DOTALL
    )
    return match.group(1) if match else ""


def card_titles(html: str) -> list[str]:
    """Highlight titles in the order their cards appear."""
    return re.findall(r'<h3 class="h5 highlight-card-title"><a [^>]*>([^<]*)</a></h3>', html)


@pytest.fixture
def review(make_review):
    review = make_review(
        2024,
        title="Looking back at 2024",
        intro="<p>A year when defenders <strong>held the line</strong> at the UN.</p>",
        outlook="<p>Next year we will push for a treaty on civic space.</p>",
    )
    KeyFigure.objects.create(
        review=review, value="434", label="applications to the advocacy programme", position=1
    )
    KeyFigure.objects.create(
        review=review, value="100", unit="%", label="of participants recommend it", position=2
    )
    return review


@pytest.fixture
def themes(make_theme):
    return {
        "reprisals": make_theme("Reprisals"),
        "whrd": make_theme("Women defenders", slug="women-defenders"),
    }


@pytest.fixture
def highlights(review, make_highlight, themes):
    """Three stories and an award, with different kinds, countries and themes."""
    return {
        "resolution": make_highlight(
            review,
            title="Council renews the resolution on civil society space",
            kind=Kind.RESOLUTION,
            countries=["AF"],
            themes=[themes["reprisals"]],
            position=10,
        ),
        "mandate": make_highlight(
            review,
            title="A new expert mandate on Afghanistan and Tajikistan",
            kind=Kind.MANDATE,
            countries=["AF", "TJ"],
            themes=[themes["whrd"]],
            position=20,
        ),
        "campaign": make_highlight(
            review,
            title="Campaign frees a detained lawyer in China",
            kind=Kind.CAMPAIGN,
            countries=["CN"],
            themes=[themes["reprisals"], themes["whrd"]],
            position=30,
        ),
        "award": make_highlight(
            review,
            title="Martin Ennals Award goes to a Tajik defender",
            kind=Kind.RECOGNITION,
            countries=["TJ"],
            position=40,
        ),
    }


@pytest.fixture
def hidden_highlights(review, make_highlight):
    return {
        "draft": make_highlight(review, title="Unfinished story about Burundi", state=DRAFT),
        "scheduled": make_highlight(
            review,
            title="Embargoed story about Eritrea",
            publish_at=timezone.now() + timedelta(days=2),
        ),
    }


def geneva(*args) -> datetime:
    return datetime(*args, tzinfo=GENEVA)


@pytest.fixture
def open_call(make_programme, make_edition):
    """An HRDAP call that opened in the past and closes at 23:59:59 Geneva time."""
    return make_edition(
        make_programme("hrdap", short_name="HRDAP"),
        2027,
        call_opens=timezone.now() - timedelta(days=10),
        call_closes=geneva(2027, 1, 15, 23, 59, 59),
    )


# --- Home -------------------------------------------------------------------------------------


def test_home_shows_the_latest_published_review_and_its_key_figures(client, review):
    html = page(client.get("/"))

    assert "Looking back at 2024" in html
    assert 'href="/impact/2024/"' in html
    figures = section(html, "key-figures-title")
    assert "434" in figures
    assert "applications to the advocacy programme" in figures
    assert "100%" in figures


def test_home_ignores_a_newer_draft_review(client, review, make_review):
    draft = make_review(2025, title="Draft review of 2025", state=DRAFT)
    KeyFigure.objects.create(review=draft, value="999", label="unchecked draft figure")

    html = page(client.get("/"))

    assert "Looking back at 2024" in html
    assert "Draft review of 2025" not in html
    assert "unchecked draft figure" not in html


def test_home_ignores_a_newer_scheduled_review(client, review, make_review):
    make_review(2025, title="Scheduled review of 2025", publish_at=timezone.now() + timedelta(1))

    html = page(client.get("/"))

    assert "Looking back at 2024" in html
    assert "Scheduled review of 2025" not in html


def test_home_shows_the_first_three_published_highlights(client, highlights, hidden_highlights):
    html = page(client.get("/"))

    assert card_titles(html) == [
        highlights["resolution"].title,
        highlights["mandate"].title,
        highlights["campaign"].title,
    ]


def test_home_without_a_published_review_says_one_is_coming(client, make_review):
    make_review(2025, title="Draft review of 2025", state=DRAFT)

    html = page(client.get("/"))

    assert "Our next impact review is being written" in html
    assert "Draft review of 2025" not in html


# --- Every year -------------------------------------------------------------------------------


def test_review_list_shows_published_years_only(client, make_review):
    make_review(2023, title="Looking back at 2023")
    make_review(2024, title="Looking back at 2024")
    make_review(2025, title="Draft review of 2025", state=DRAFT)
    make_review(2026, title="Scheduled review", publish_at=timezone.now() + timedelta(days=1))

    html = page(client.get("/impact/"))

    assert re.findall(r'<h2 class="h4"><a href="([^"]+)">([^<]+)</a>', html) == [
        ("/impact/2024/", "Looking back at 2024"),
        ("/impact/2023/", "Looking back at 2023"),
    ]


def test_review_list_counts_only_published_highlights(client, highlights, hidden_highlights):
    html = page(client.get("/impact/"))

    assert "4 highlights" in html


def test_review_list_without_reviews_says_so(client, db):
    assert "No review has been published yet." in page(client.get("/impact/"))


# --- One year ---------------------------------------------------------------------------------


def test_review_page_shows_title_and_intro(client, review):
    html = page(client.get("/impact/2024/"))

    assert '<h1 class="display-5">Looking back at 2024</h1>' in html
    assert "A year when defenders <strong>held the line</strong> at the UN." in html


def test_review_page_shows_each_key_figure_with_value_unit_and_label(client, review):
    figures = section(page(client.get("/impact/2024/")), "key-figures-title")

    values = re.findall(r'<span class="key-figure-value">([^<]*)</span>', figures)
    labels = re.findall(r'<span class="key-figure-label">([^<]*)</span>', figures)
    assert values == ["434", "100%"]
    assert labels == ["applications to the advocacy programme", "of participants recommend it"]


def test_review_page_lists_every_published_story_in_order(client, highlights):
    stories = section(page(client.get("/impact/2024/")), "highlights-title")

    assert card_titles(stories) == [
        highlights["resolution"].title,
        highlights["mandate"].title,
        highlights["campaign"].title,
    ]


def test_review_page_shows_recognition_highlights_under_awards(client, highlights):
    html = page(client.get("/impact/2024/"))

    assert card_titles(section(html, "awards-title")) == [highlights["award"].title]
    assert highlights["award"].title not in section(html, "highlights-title")


def test_review_page_shows_the_outlook_for_next_year(client, review):
    outlook = section(page(client.get("/impact/2024/")), "outlook-title")

    assert "Looking ahead to 2025" in outlook
    assert "Next year we will push for a treaty on civic space." in outlook


def test_review_page_hides_draft_and_scheduled_highlights(client, highlights, hidden_highlights):
    html = page(client.get("/impact/2024/"))

    assert "Unfinished story about Burundi" not in html
    assert "Embargoed story about Eritrea" not in html
    assert hidden_highlights["draft"].get_absolute_url() not in html


def test_review_page_offers_only_the_filters_its_public_highlights_use(
    client, highlights, hidden_highlights
):
    hidden_highlights["draft"].countries = ["BI"]
    hidden_highlights["draft"].save()

    html = page(client.get("/impact/2024/"))

    assert '<option value="AF">Afghanistan</option>' in html
    assert '<option value="women-defenders">Women defenders</option>' in html
    assert '<option value="BI">' not in html
    assert '<option value="solidarity">' not in html


# --- Filters ----------------------------------------------------------------------------------


def titles_shown(response) -> set[str]:
    return set(card_titles(page(response)))


def test_kind_filter_narrows_the_list(client, highlights):
    response = client.get("/impact/2024/", {"kind": "mandate"})

    assert titles_shown(response) == {highlights["mandate"].title}
    assert "1 of 4 highlights match." in page(response)


def test_country_filter_narrows_the_list(client, highlights):
    response = client.get("/impact/2024/", {"country": "TJ"})

    assert titles_shown(response) == {highlights["mandate"].title, highlights["award"].title}
    assert "2 of 4 highlights match." in page(response)


def test_theme_filter_narrows_the_list(client, highlights):
    response = client.get("/impact/2024/", {"theme": "reprisals"})

    assert titles_shown(response) == {
        highlights["resolution"].title,
        highlights["campaign"].title,
    }
    assert "2 of 4 highlights match." in page(response)


def test_filters_combine(client, highlights):
    response = client.get("/impact/2024/", {"country": "AF", "theme": "women-defenders"})

    assert titles_shown(response) == {highlights["mandate"].title}
    assert "1 of 4 highlights match." in page(response)


def test_filters_that_match_nothing_say_so(client, highlights):
    response = client.get("/impact/2024/", {"kind": "recognition", "country": "CN"})

    assert titles_shown(response) == set()
    assert "0 of 4 highlights match." in page(response)
    assert "No highlight matches these filters." in page(response)


def test_a_filtered_list_keeps_the_chosen_filter_selected(client, highlights):
    html = page(client.get("/impact/2024/", {"country": "TJ"}))

    assert '<option value="TJ" selected>Tajikistan</option>' in html
    assert 'href="/impact/2024/#results">Show all</a>' in html


def test_filters_do_not_reveal_hidden_highlights(client, highlights, hidden_highlights):
    response = client.get("/impact/2024/", {"kind": "resolution"})

    assert titles_shown(response) == {highlights["resolution"].title}
    assert "1 of 4 highlights match." in page(response)


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "bogus"},
        {"country": "ZZ"},
        {"country": "BI"},  # a real country that no highlight of the year uses
        {"theme": "nope"},
        {"kind": "x" * 5000},
        {"theme": "reprisals" * 1000},
    ],
    ids=[
        "unknown-kind",
        "unknown-country",
        "unused-country",
        "unknown-theme",
        "long-kind",
        "long-theme",
    ],
)
def test_unknown_filter_values_are_ignored(client, highlights, query):
    response = client.get("/impact/2024/", query)

    assert response.status_code == 200
    assert titles_shown(response) == {h.title for h in highlights.values()}
    assert "highlights match" not in page(response)


@pytest.mark.parametrize(
    "query", [{"kind": "\x00"}, {"country": "AF\x00"}, {"theme": "\x00reprisals"}]
)
def test_a_filter_with_a_nul_character_gets_the_bad_request_page(client, highlights, query):
    # No page takes a NUL character, and PostgreSQL refuses one in any text it is given.
    response = client.get("/impact/2024/", query)

    assert response.status_code == 400
    assert "We could not understand that address" in page(response)


def test_an_unknown_filter_is_ignored_while_a_valid_one_applies(client, highlights):
    response = client.get("/impact/2024/", {"kind": "campaign", "country": "ZZ"})

    assert titles_shown(response) == {highlights["campaign"].title}
    assert "1 of 4 highlights match." in page(response)


# --- Not found --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/impact/1999/",
        "/impact/2025/",  # a draft review
        "/impact/2026/",  # a scheduled review
        "/impact/99999/",
        "/impact/99999999999999999999/",
    ],
)
def test_a_year_without_a_public_review_is_not_found(client, review, make_review, url):
    make_review(2025, state=DRAFT)
    make_review(2026, publish_at=timezone.now() + timedelta(days=1))

    response = client.get(url)

    assert response.status_code == 404
    assert "We could not find that page" in page(response)


@pytest.mark.parametrize(
    "url",
    [
        "/impact/2024/no-such-highlight/",
        "/impact/1999/civil-society-space/",
        "/impact/99999999999999999999/civil-society-space/",
    ],
)
def test_an_unknown_highlight_address_is_not_found(client, highlights, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "We could not find that page" in page(response)


def test_a_draft_highlight_is_not_found(client, hidden_highlights):
    response = client.get(hidden_highlights["draft"].get_absolute_url())

    assert response.status_code == 404
    assert "Unfinished story about Burundi" not in page(response)


def test_a_scheduled_highlight_is_not_found(client, hidden_highlights):
    response = client.get(hidden_highlights["scheduled"].get_absolute_url())

    assert response.status_code == 404
    assert "Embargoed story about Eritrea" not in page(response)


def test_a_highlight_of_a_draft_review_is_not_found(client, make_review, make_highlight):
    highlight = make_highlight(make_review(2025, state=DRAFT), title="Story of a draft year")

    response = client.get(highlight.get_absolute_url())

    assert response.status_code == 404
    assert "Story of a draft year" not in page(response)


def test_a_highlight_under_the_wrong_year_is_not_found(client, highlights, make_review):
    make_review(2023)
    slug = highlights["mandate"].slug

    assert client.get(f"/impact/2023/{slug}/").status_code == 404


# --- One highlight ----------------------------------------------------------------------------


@pytest.fixture
def full_highlight(review, make_highlight, themes):
    highlight = make_highlight(
        review,
        title="Council renews the resolution on civil society space",
        slug="civil-society-space",
        summary="States agreed to protect those who speak up at the UN.",
        body="<p>After months of talks, <strong>the resolution passed</strong> by consensus.</p>",
        image=jpeg_upload("council.jpg"),
        image_alt="Defenders outside the Palais des Nations",
        image_credit="Photo: ISHR",
        countries=["AF", "TJ"],
        themes=[themes["whrd"], themes["reprisals"]],
    )
    SourceLink.objects.create(
        highlight=highlight,
        title="The resolution text",
        url="https://ap.ohchr.org/resolution",
        position=2,
    )
    SourceLink.objects.create(
        highlight=highlight,
        title="Our statement",
        url="https://ishr.ch/statement",
        position=1,
    )
    return highlight


@pytest.fixture
def highlight_html(client, full_highlight):
    return page(client.get("/impact/2024/civil-society-space/"))


def test_highlight_page_shows_title_summary_and_body(highlight_html):
    assert "<h1>Council renews the resolution on civil society space</h1>" in highlight_html
    assert "States agreed to protect those who speak up at the UN." in highlight_html
    assert (
        "After months of talks, <strong>the resolution passed</strong> by consensus."
        in highlight_html
    )


def test_highlight_page_shows_the_image_with_alt_text_size_and_credit(
    highlight_html, full_highlight
):
    (jpeg,) = [r for r in full_highlight.image_renditions if r["format"] == "jpeg"]
    url = f"/media/{jpeg['name']}"
    assert f'<img src="{url}" srcset="{url} 64w"' in highlight_html
    alt = "Defenders outside the Palais des Nations"
    assert f'alt="{alt}" width="64" height="36"' in highlight_html
    assert '<figcaption class="image-credit">Photo: ISHR</figcaption>' in highlight_html


def test_highlight_page_links_its_countries_to_the_filtered_review(highlight_html):
    assert (
        '<a href="/impact/2024/?country=AF#results">Afghanistan</a>, '
        '<a href="/impact/2024/?country=TJ#results">Tajikistan</a>' in highlight_html
    )


def test_highlight_page_links_its_themes_in_name_order(highlight_html):
    assert (
        '<a href="/impact/2024/?theme=reprisals#results">Reprisals</a>, '
        '<a href="/impact/2024/?theme=women-defenders#results">Women defenders</a>'
        in highlight_html
    )


def test_highlight_page_links_its_kind_to_the_filtered_review(highlight_html):
    assert '<a href="/impact/2024/?kind=resolution#results">Resolution</a>' in highlight_html


def test_highlight_page_lists_its_sources_in_order(highlight_html):
    assert (
        '<li><a href="https://ishr.ch/statement">Our statement</a></li>'
        '<li><a href="https://ap.ohchr.org/resolution">The resolution text</a></li>'
        in highlight_html
    )


def test_highlight_page_links_back_to_its_review(highlight_html):
    assert '<a href="/impact/2024/">Looking back at 2024</a>' in highlight_html


def pager(client, highlight) -> dict[str, tuple[str, str]]:
    html = page(client.get(highlight.get_absolute_url()))
    links = re.findall(
        r'<a rel="(prev|next)"[^>]* href="([^"]+)"><span[^>]*>[^<]*</span>([^<]*)</a>', html
    )
    return {rel: (href, title) for rel, href, title in links}


@pytest.fixture
def ordered(review, make_highlight):
    """Created out of order: the pager follows positions, not creation."""
    third = make_highlight(review, title="Third by position", slug="third", position=30)
    first = make_highlight(review, title="First by position", slug="first", position=10)
    second = make_highlight(review, title="Second by position", slug="second", position=20)
    return first, second, third


def test_the_first_highlight_has_a_next_link_and_no_previous_link(client, ordered):
    assert pager(client, ordered[0]) == {"next": ("/impact/2024/second/", "Second by position")}


def test_a_middle_highlight_links_to_both_neighbours(client, ordered):
    assert pager(client, ordered[1]) == {
        "prev": ("/impact/2024/first/", "First by position"),
        "next": ("/impact/2024/third/", "Third by position"),
    }


def test_the_last_highlight_has_a_previous_link_and_no_next_link(client, ordered):
    assert pager(client, ordered[2]) == {"prev": ("/impact/2024/second/", "Second by position")}


def test_the_pager_skips_draft_and_scheduled_neighbours(client, review, ordered, make_highlight):
    make_highlight(review, title="Draft in between", slug="draft", position=15, state=DRAFT)
    make_highlight(
        review,
        title="Scheduled in between",
        slug="scheduled",
        position=25,
        publish_at=timezone.now() + timedelta(days=1),
    )

    assert pager(client, ordered[1]) == {
        "prev": ("/impact/2024/first/", "First by position"),
        "next": ("/impact/2024/third/", "Third by position"),
    }


# --- Reading through a filter ----------------------------------------------------------------


def filtered_pager(client, highlight, query: str) -> dict[str, tuple[str, str]]:
    html = page(client.get(f"{highlight.get_absolute_url()}?{query}"))
    links = re.findall(
        r'<a rel="(prev|next)"[^>]* href="([^"]+)"><span[^>]*>[^<]*</span>([^<]*)</a>', html
    )
    return {rel: (href, title) for rel, href, title in links}


def test_the_filter_form_comes_back_to_the_results(client, highlights):
    html = page(client.get("/impact/2024/"))

    assert '<form method="get" action="/impact/2024/#results"' in html


def test_the_results_heading_says_how_many_highlights_match(client, highlights):
    html = page(client.get("/impact/2024/", {"country": "AF"}))

    heading = re.search(r'<h3 id="results"[^>]*>(.*?)</h3>', html, re.DOTALL)
    assert heading is not None, "no results heading to land on"
    assert re.sub(r"<[^>]+>", "", heading.group(1)) == "2 of 4 highlights match."


def test_without_a_filter_the_form_comes_back_to_the_list(client, highlights):
    html = page(client.get("/impact/2024/"))

    assert len(re.findall(r'id="results"', html)) == 1
    assert re.search(r'<ul id="results"[^>]*>\s*<li class="col">', html)


def test_cards_of_a_filtered_list_carry_the_filter_to_the_highlight(client, highlights):
    html = page(client.get("/impact/2024/", {"country": "AF"}))

    slug = highlights["mandate"].slug
    assert f'href="/impact/2024/{slug}/?country=AF" class="stretched-link"' in html


def test_cards_of_the_whole_list_link_to_the_plain_highlight(client, highlights):
    html = page(client.get("/impact/2024/"))

    slug = highlights["mandate"].slug
    assert f'href="/impact/2024/{slug}/" class="stretched-link"' in html


def test_next_and_previous_stay_within_the_readers_filter(client, highlights):
    resolution, mandate = highlights["resolution"], highlights["mandate"]

    # Without the filter, the mandate's next is the campaign in China.
    assert filtered_pager(client, resolution, "country=AF") == {
        "next": (f"{mandate.get_absolute_url()}?country=AF", mandate.title)
    }
    assert filtered_pager(client, mandate, "country=AF") == {
        "prev": (f"{resolution.get_absolute_url()}?country=AF", resolution.title)
    }


def test_a_highlight_reached_through_a_filter_links_back_to_the_filtered_list(client, highlights):
    html = page(client.get(f"{highlights['mandate'].get_absolute_url()}?country=AF"))

    assert "Highlight 2 of 2 matching “Afghanistan”." in html
    assert '<a href="/impact/2024/?country=AF#results">Back to the list</a>' in html


def test_several_filters_are_kept_in_the_order_the_site_writes_them(client, highlights):
    address = highlights["resolution"].get_absolute_url()

    response = client.get(f"{address}?theme=reprisals&country=AF")
    assert response.status_code == 301
    assert response["Location"] == f"{address}?country=AF&theme=reprisals"

    html = page(client.get(response["Location"]))
    assert "Highlight 1 of 1 matching “Afghanistan, Reprisals”." in html
    assert 'href="/impact/2024/?country=AF&amp;theme=reprisals#results"' in html


def test_a_filter_the_highlight_is_outside_of_gives_the_review_order(client, highlights):
    mandate = highlights["mandate"]

    assert filtered_pager(client, mandate, "theme=reprisals") == {
        "prev": (highlights["resolution"].get_absolute_url(), highlights["resolution"].title),
        "next": (highlights["campaign"].get_absolute_url(), highlights["campaign"].title),
    }
    assert "Back to the list" not in page(client.get(f"{mandate.get_absolute_url()}?theme=x"))


@pytest.mark.parametrize(
    "query",
    ["kind=bogus", "country=ZZ", "theme=nope", "kind=" + "x" * 5000, "country=AF&utm=x"],
    ids=["unknown-kind", "unknown-country", "unknown-theme", "long-kind", "other-parameter"],
)
def test_an_unknown_filter_on_a_highlight_page_is_ignored_and_not_stored(
    client, highlights, query
):
    mandate = highlights["mandate"]

    response = client.get(f"{mandate.get_absolute_url()}?{query}")

    assert response.status_code == 200
    assert response.public_page is False
    assert f"<h1>{mandate.title}</h1>" in page(response)


def test_a_highlight_page_with_a_valid_filter_may_be_stored(client, highlights):
    response = client.get(f"{highlights['mandate'].get_absolute_url()}?country=AF")

    assert response.public_page is True


# --- Calls to apply ---------------------------------------------------------------------------


def test_review_page_invites_to_apply_while_a_call_is_open(client, review, open_call):
    calls = section(page(client.get("/impact/2024/")), "open-calls-title")

    assert "Apply now" in calls
    assert "Human Rights Defender Advocacy Programme 2027" in calls
    assert "23:59 Geneva time (CET) on 15 January 2027" in calls
    assert 'datetime="2027-01-15T23:59:59+01:00"' in calls
    assert 'href="/programmes/hrdap/">Read the HRDAP call and apply</a>' in calls


def test_home_invites_to_apply_while_a_call_is_open(client, review, open_call):
    calls = section(page(client.get("/")), "open-calls-title")

    assert "23:59 Geneva time (CET) on 15 January 2027" in calls


def test_review_page_has_no_call_to_apply_without_an_edition(client, review):
    assert "Apply now" not in page(client.get("/impact/2024/"))


def test_review_page_has_no_call_to_apply_once_the_call_has_closed(
    client, review, make_programme, make_edition
):
    make_edition(
        make_programme(),
        2024,
        call_opens=geneva(2023, 11, 1, 0, 0),
        call_closes=geneva(2024, 1, 15, 23, 59, 59),
    )

    assert "Apply now" not in page(client.get("/impact/2024/"))


def test_review_page_has_no_call_to_apply_before_the_call_opens(
    client, review, make_programme, make_edition
):
    make_edition(
        make_programme(),
        2028,
        call_opens=timezone.now() + timedelta(days=30),
        call_closes=timezone.now() + timedelta(days=90),
    )

    assert "Apply now" not in page(client.get("/impact/2024/"))


def test_review_page_has_no_call_to_apply_for_a_draft_edition(
    client, review, make_programme, make_edition
):
    make_edition(
        make_programme(),
        2027,
        state=DRAFT,
        call_opens=timezone.now() - timedelta(days=10),
        call_closes=timezone.now() + timedelta(days=30),
    )

    assert "Apply now" not in page(client.get("/impact/2024/"))


def test_a_summer_deadline_is_written_in_central_european_summer_time(
    client, review, make_programme, make_edition
):
    make_edition(
        make_programme(),
        2027,
        call_opens=timezone.now() - timedelta(days=10),
        call_closes=geneva(2027, 6, 30, 23, 59, 59),
    )

    calls = section(page(client.get("/impact/2024/")), "open-calls-title")

    assert "23:59 Geneva time (CEST) on 30 June 2027" in calls


# --- Query counts -----------------------------------------------------------------------------


@pytest.fixture(params=[5, 50], ids=["5-highlights", "50-highlights"])
def big_review(request, make_review, make_highlight, make_theme, make_programme, make_edition):
    """A review of `n` highlights, each with themes, countries and sources, and an open call."""
    review = make_review(2024, intro="<p>Intro</p>", outlook="<p>Outlook</p>")
    for position in range(3):
        KeyFigure.objects.create(review=review, value=str(position), label=f"Figure {position}")
    themes = [make_theme("Reprisals"), make_theme("Civic space"), make_theme("Women defenders")]
    kinds = [Kind.RESOLUTION, Kind.MANDATE, Kind.CAMPAIGN, Kind.RECOGNITION]
    for n in range(request.param):
        highlight = make_highlight(
            review,
            kind=kinds[n % len(kinds)],
            countries=["AF", "TJ", "CN"][: 1 + n % 3],
            themes=themes[: 1 + n % 3],
            image=jpeg_upload() if n < 2 else "",
            image_alt="A photograph" if n < 2 else "",
            image_credit="ISHR" if n < 2 else "",
        )
        SourceLink.objects.create(highlight=highlight, title="Source", url="https://ishr.ch/")
        SourceLink.objects.create(highlight=highlight, title="More", url="https://ohchr.org/")
    make_highlight(review, state=DRAFT)
    make_edition(
        make_programme(),
        2027,
        call_opens=timezone.now() - timedelta(days=1),
        call_closes=timezone.now() + timedelta(days=30),
    )
    return review


def test_home_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = client.get("/")
    assert len(card_titles(page(response))) == 3


def test_review_list_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the reviews, and their key figures for the chart
        response = client.get("/impact/")
    assert "Looking back at 2024" in page(response)


def test_review_page_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = client.get("/impact/2024/")
    assert len(card_titles(page(response))) == big_review.highlights.published().count()


def test_filtered_review_page_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = client.get(
            "/impact/2024/", {"kind": "resolution", "country": "AF", "theme": "reprisals"}
        )
    assert "highlights match." in page(response)


def test_highlight_page_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    middle = big_review.highlights.published()[2]

    with django_assert_num_queries(4):
        response = client.get(middle.get_absolute_url())
    assert f"<h1>{middle.title}</h1>" in page(response)


def test_filtered_highlight_page_query_count_does_not_grow_with_highlights(
    client, big_review, django_assert_num_queries
):
    middle = big_review.highlights.published()[2]

    # The plain page's four, with the review's highlights and their themes (the filter's
    # choices) in place of its one query for the neighbours.
    with django_assert_num_queries(5):
        response = client.get(f"{middle.get_absolute_url()}?country=AF")
    assert "Back to the list" in page(response)


def test_the_country_filter_sorts_names_as_a_french_reader_looks_them_up(
    client, make_review, make_highlight
):
    review = make_review(2024)
    for code in ("ZM", "EG", "KE"):  # Zambie, Égypte, Kenya
        make_highlight(review, countries=[code])

    html = client.get("/fr/impact/2024/").content.decode()

    listed = re.findall(r'<option value="(ZM|EG|KE)"', html)
    assert listed == ["EG", "KE", "ZM"]
