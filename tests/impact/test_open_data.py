"""Open data: each year's published highlights and outcomes, and every year's, as CSV and JSON,
with the page that states the licence and explains the columns."""

import csv
import io
import json
from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from core import page_cache
from core.models import PublicationState
from impact.models import DecidingBody, Highlight, IshrRole
from impact.open_data import COLUMN_NAMES, COLUMNS

DRAFT = PublicationState.DRAFT
CSV_2024 = "/impact/2024/ishr-impact-2024.csv"
JSON_2024 = "/impact/2024/ishr-impact-2024.json"
CSV_ALL = "/impact/data/ishr-impact-all-years.csv"
JSON_ALL = "/impact/data/ishr-impact-all-years.json"
DATA_PAGE = "/impact/data/"


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "no byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def read_json(response) -> dict:
    return json.loads(response.content.decode("utf-8"))


@pytest.fixture
def content(make_review, make_highlight, make_theme):
    """Two published years with a published highlight or two each, and everything the public
    must not see: a draft, a scheduled highlight, a year still in draft."""
    reprisals = make_theme("Reprisals", slug="reprisals")
    review = make_review(2024)
    older = make_review(2023)
    draft_year = make_review(2025, state=DRAFT)
    return {
        "published": [
            make_highlight(
                review,
                title="Afghanistan: a roadmap to justice",
                slug="afghanistan",
                summary="Défenseures afghanes: a resolution on accountability.",
                body="<p>First paragraph.</p><ul><li>A point.</li></ul>",
                countries=["AF", "TJ"],
                themes=[reprisals],
                decided_by=DecidingBody.HUMAN_RIGHTS_COUNCIL,
                session="HRC57",
                decided_on=date(2024, 10, 9),
                document_symbol="A/HRC/RES/57/12",
                votes_for=30,
                votes_against=5,
                votes_abstaining=12,
                ishr_role=IshrRole.LED,
                partners="Afghan women's network",
                partners_may_be_named=True,
            ),
            make_highlight(
                review,
                title='=HYPERLINK("http://evil.example")',
                slug="formula",
                summary="-2+3 is not a sum",
                partners="Unnamed coalition",
                adopted_without_vote=True,
            ),
            make_highlight(older, title="A mandate renewed in 2023", slug="mandate-2023"),
        ],
        "hidden": [
            make_highlight(review, title="Unfinished draft story", slug="draft", state=DRAFT),
            make_highlight(
                review,
                title="Embargoed story",
                slug="embargoed",
                publish_at=timezone.now() + timedelta(days=1),
            ),
            make_highlight(draft_year, title="Story of a draft year", slug="draft-year"),
        ],
    }


# --- The year's CSV -------------------------------------------------------------------------


def test_the_years_csv_holds_exactly_its_published_highlights(client, content):
    rows = read_csv(client.get(CSV_2024))

    assert [row["title"] for row in rows] == [
        "Afghanistan: a roadmap to justice",
        '\'=HYPERLINK("http://evil.example")',
    ]


def test_the_csv_has_the_documented_columns_and_the_outcome_as_plain_values(client, content):
    response = client.get(CSV_2024)
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    header = next(csv.reader(io.StringIO(text)))
    first = read_csv(response)[0]

    assert header == COLUMN_NAMES
    assert first == {
        "year": "2024",
        "kind": "resolution",
        "title": "Afghanistan: a roadmap to justice",
        "summary": "Défenseures afghanes: a resolution on accountability.",
        "body": "First paragraph.\nA point.",
        "countries": "AF;TJ",
        "themes": "reprisals",
        "decided_by": "un-human-rights-council",
        "session": "HRC57",
        "date": "2024-10-09",
        "document_symbol": "A/HRC/RES/57/12",
        "votes_for": "30",
        "votes_against": "5",
        "votes_abstaining": "12",
        "adopted_without_vote": "false",
        "ishr_role": "led",
        "partners": "Afghan women's network",
        "url": "http://testserver/impact/2024/afghanistan/",
    }


def test_the_csv_is_served_as_a_utf8_download_named_after_the_year(client, content):
    response = client.get(CSV_2024)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ishr-impact-2024.csv"'


def test_no_csv_cell_starts_a_formula_and_unnamed_partners_stay_unnamed(client, content):
    second = read_csv(client.get(CSV_2024))[1]

    assert second["title"] == '\'=HYPERLINK("http://evil.example")'
    assert second["summary"] == "'-2+3 is not a sum"
    assert second["partners"] == ""
    assert second["adopted_without_vote"] == "true"
    assert second["votes_for"] == second["date"] == second["decided_by"] == ""
    assert b"Unnamed coalition" not in client.get(CSV_2024).content


# --- The year's JSON ------------------------------------------------------------------------


def test_the_years_json_holds_the_licence_and_exactly_its_published_highlights(client, content):
    response = client.get(JSON_2024)
    document = read_json(response)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="ishr-impact-2024.json"'
    assert document["licence"] == "CC BY 4.0"
    assert document["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert document["attribution"] == "International Service for Human Rights (ISHR)"
    assert document["documentation"] == "http://testserver/impact/data/"
    assert [row["title"] for row in document["highlights"]] == [
        "Afghanistan: a roadmap to justice",
        '=HYPERLINK("http://evil.example")',  # JSON is no spreadsheet: as typed
    ]


def test_the_json_gives_lists_numbers_and_nulls(client, content):
    first, second = read_json(client.get(JSON_2024))["highlights"]

    assert list(first) == COLUMN_NAMES
    assert first["countries"] == ["AF", "TJ"]
    assert first["themes"] == ["reprisals"]
    assert (first["votes_for"], first["votes_against"], first["votes_abstaining"]) == (30, 5, 12)
    assert first["date"] == "2024-10-09"
    assert first["adopted_without_vote"] is False
    assert second["countries"] == []
    assert second["votes_for"] is None
    assert second["decided_by"] is None
    assert second["partners"] is None
    assert second["adopted_without_vote"] is True


def test_the_french_file_gives_translated_texts_french_addresses_and_its_own_name(client, content):
    highlight = content["published"][0]
    highlight.title_fr = "Afghanistan : une feuille de route vers la justice"
    highlight.save()

    response = client.get(f"/fr{JSON_2024}")
    first = read_json(response)["highlights"][0]

    assert response["Content-Disposition"] == 'attachment; filename="ishr-impact-2024-fr.json"'
    assert first["title"] == "Afghanistan : une feuille de route vers la justice"
    assert first["summary"] == "Défenseures afghanes: a resolution on accountability."  # English
    assert first["url"] == "http://testserver/fr/impact/2024/afghanistan/"
    assert first["decided_by"] == "un-human-rights-council"  # codes are the same everywhere


def test_a_year_without_a_published_review_has_no_files(client, content):
    assert client.get("/impact/2025/ishr-impact-2025.csv").status_code == 404
    assert client.get("/impact/2022/ishr-impact-2022.json").status_code == 404


def test_a_file_named_after_another_year_is_not_found(client, content):
    assert client.get("/impact/2024/ishr-impact-2023.csv").status_code == 404


# --- Every year ------------------------------------------------------------------------------


def test_the_all_years_csv_holds_both_published_reviews_and_nothing_else(client, content):
    rows = read_csv(client.get(CSV_ALL))

    assert [(row["year"], row["title"]) for row in rows] == [
        ("2024", "Afghanistan: a roadmap to justice"),
        ("2024", '\'=HYPERLINK("http://evil.example")'),
        ("2023", "A mandate renewed in 2023"),
    ]


def test_the_all_years_json_holds_both_published_reviews_and_nothing_else(client, content):
    response = client.get(JSON_ALL)
    rows = read_json(response)["highlights"]

    assert response["Content-Disposition"] == ('attachment; filename="ishr-impact-all-years.json"')
    assert {row["year"] for row in rows} == {2023, 2024}
    titles = {row["title"] for row in rows}
    assert titles == {h.title for h in content["published"]}
    assert not titles & {h.title for h in content["hidden"]}


# --- The data page ---------------------------------------------------------------------------


def test_the_data_page_states_the_licence_and_links_each_years_files(client, content):
    html = client.get(DATA_PAGE).content.decode()

    assert 'href="https://creativecommons.org/licenses/by/4.0/deed.en" rel="license"' in html
    assert "International Service for Human Rights (ISHR)" in html
    for address in (CSV_2024, JSON_2024, CSV_ALL, JSON_ALL, "/impact/2023/ishr-impact-2023.csv"):
        assert f'href="{address}"' in html
    assert "2025" not in html  # the draft year


def test_the_data_dictionary_explains_every_column(client, content):
    html = client.get(DATA_PAGE).content.decode()

    for column in COLUMNS:
        assert f"<dt><code>{column.name}</code> ({column.type})</dt>" in html
    assert "<dd>Votes against, where there was a vote.</dd>" in html


def test_the_data_page_speaks_french_and_spanish(client, content):
    french = client.get(f"/fr{DATA_PAGE}").content.decode()
    spanish = client.get(f"/es{DATA_PAGE}").content.decode()

    assert "Données ouvertes" in french and "deed.fr" in french
    assert f'href="/fr{CSV_2024}"' in french
    assert "Licencia" in spanish and "deed.es" in spanish


def test_the_review_page_links_to_its_files_and_the_data_page(client, content):
    html = client.get("/impact/2024/").content.decode()

    assert f'href="{CSV_2024}" type="text/csv"' in html
    assert f'href="{JSON_2024}" type="application/json"' in html
    assert f'href="{DATA_PAGE}"' in html


def test_the_data_page_is_in_the_sitemap_in_every_language(client, content):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in root.iterfind("sm:url/sm:loc", namespace)}

    assert {
        "http://testserver/impact/data/",
        "http://testserver/fr/impact/data/",
        "http://testserver/es/impact/data/",
    } <= urls


# --- Queries --------------------------------------------------------------------------------


@pytest.fixture(params=[(1, 3), (4, 30)], ids=["1-year-3-highlights", "4-years-30-highlights"])
def many(request, make_review, make_highlight, make_theme):
    """Published reviews from 2024 back, each with highlights that have themes."""
    years, per_year = request.param
    themes = [make_theme(f"Theme {n}", slug=f"theme-{n}") for n in range(3)]
    for year in range(2024, 2024 - years, -1):
        review = make_review(year)
        for _ in range(per_year):
            make_highlight(
                review,
                themes=themes,
                countries=["AF"],
                votes_for=1,
                votes_against=0,
                votes_abstaining=0,
            )
    return years * per_year


@pytest.mark.parametrize("address", [CSV_2024, JSON_2024])
def test_a_years_file_costs_three_queries_whatever_its_size(
    client, many, address, django_assert_num_queries
):
    with django_assert_num_queries(3):
        response = client.get(address)
    assert response.status_code == 200


@pytest.mark.parametrize("address", [CSV_ALL, JSON_ALL])
def test_the_all_years_file_costs_two_queries_whatever_its_size(
    client, many, address, django_assert_num_queries
):
    with django_assert_num_queries(2):
        response = client.get(address)
    rows = read_csv(response) if address.endswith(".csv") else read_json(response)["highlights"]
    assert len(rows) == many


def test_the_data_page_costs_one_query_whatever_the_years(client, many, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(DATA_PAGE)
    assert "/impact/2024/ishr-impact-2024.csv" in response.content.decode()


# --- The page cache ---------------------------------------------------------------------------


@pytest.mark.page_cache
@pytest.mark.parametrize(
    ("address", "content_type", "filename"),
    [
        (CSV_2024, "text/csv; charset=utf-8", "ishr-impact-2024.csv"),
        (JSON_ALL, "application/json", "ishr-impact-all-years.json"),
    ],
)
def test_a_file_is_served_from_the_page_cache_with_its_type_and_name(
    client, content, address, content_type, filename, django_assert_num_queries
):
    page_cache.invalidate()
    first = client.get(address)
    with django_assert_num_queries(0):
        again = client.get(address)

    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    assert again["Content-Type"] == content_type
    assert again["Content-Disposition"] == f'attachment; filename="{filename}"'


@pytest.mark.page_cache
def test_a_highlight_published_after_the_file_was_stored_is_in_the_next_download(client, content):
    page_cache.invalidate()
    client.get(CSV_2024)
    draft = Highlight.objects.get(slug="draft")

    draft.state = PublicationState.PUBLISHED
    draft.save()
    page_cache.invalidate()  # what the save's commit does

    assert "Unfinished draft story" in [row["title"] for row in read_csv(client.get(CSV_2024))]
