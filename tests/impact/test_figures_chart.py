"""Key figures over the years on /impact/: a chart drawn on the server and a table of its
numbers, from every published review's figures."""

import re
from html import unescape

import pytest

from impact import charts, selectors
from impact.models import FigureSource, KeyFigure
from programmes.models import Status
from tests.programmes.conftest import make_application as make_application  # the fixture

DRAFT = "draft"


def typed(review, value, label, *, unit="", position=10):
    return KeyFigure.objects.create(
        review=review, value=value, unit=unit, label=label, position=position
    )


def computed(review, source, edition, *, position=20):
    return KeyFigure.objects.create(
        review=review, source=source, edition=edition, label="computed", position=position
    )


def series_of(all_series) -> dict[str, list[tuple[int, int, str]]]:
    return {s.label: [(p.year, p.number, p.shown) for p in s.points] for s in all_series}


def table_rows(html: str) -> list[list[str]]:
    table = re.search(r'<table class="figures-table">(.*?)</table>', html, re.S)
    assert table, "no table of figures on the page"
    rows = re.findall(r"<tr>(.*?)</tr>", table[1], re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


@pytest.fixture
def two_years(make_review, make_programme, make_edition, make_application):
    """2023 and 2024 each say how many defenders were trained; 2024 also counts its HRDAP
    edition (five applications, two selected); a draft review's figure is not public."""
    older, newer = make_review(2023), make_review(2024)
    typed(older, "850", "human rights defenders trained", unit="+")
    typed(newer, "1,000", "human rights defenders trained", unit="+")
    typed(newer, "a third", "of sessions attended in person", position=30)
    edition = make_edition(make_programme("hrdap", short_name="HRDAP"), 2024, places=16)
    for status in [
        Status.SELECTED,
        Status.SELECTED,
        Status.DECLINED,
        Status.SUBMITTED,
        Status.SUBMITTED,
    ]:
        make_application(edition, status=status)
    computed(newer, FigureSource.SELECTED_OF_APPLICANTS, edition)
    computed(newer, FigureSource.PLACES, edition, position=25)
    typed(make_review(2025, state=DRAFT), "5,000", "human rights defenders trained")
    return older, newer


def test_each_number_recurs_as_a_series_by_year_and_words_are_left_out(two_years):
    assert series_of(selectors.figures_over_the_years()) == {
        "human rights defenders trained": [(2023, 850, "850+"), (2024, 1000, "1,000+")],
        "HRDAP: applicants": [(2024, 5, "5")],
        "HRDAP: selected": [(2024, 2, "2")],
        "HRDAP: places": [(2024, 16, "16")],
    }


def test_bars_are_scaled_to_their_series_largest_number():
    series = [
        selectors.FigureSeries(
            "trained",
            [selectors.FigurePoint(2023, 500, "500"), selectors.FigurePoint(2024, 1000, "1,000")],
        ),
        selectors.FigureSeries("satisfied", [selectors.FigurePoint(2024, 100, "100%")]),
    ]
    chart = charts.lay_out(series)
    trained, satisfied = chart.series
    assert trained.bars[1].width == satisfied.bars[0].width == charts.BAR_ROOM
    assert trained.bars[0].width == charts.BAR_ROOM // 2
    # One bar under the other, each SVG as tall as its bars.
    assert trained.bars[1].y - trained.bars[0].y >= charts.BAR_HEIGHT
    assert trained.height == trained.bars[1].y + charts.BAR_HEIGHT
    assert trained.described == "2023: 500; 2024: 1,000"
    assert chart.table == [("trained", ["500", "1,000"]), ("satisfied", ["", "100%"])]


def test_the_review_list_draws_the_chart_and_gives_its_numbers_in_a_table(client, two_years):
    html = client.get("/impact/").content.decode()
    charts_drawn = re.findall(
        r'<figure class="figures-chart">.*?<svg[^>]*role="img"[^>]*>(.*?)</svg>', html, re.S
    )
    assert len(charts_drawn) == 4  # training, applicants, selected, places
    trained = charts_drawn[0]
    assert re.search(r"<title[^>]*>human rights defenders trained</title>", trained)
    assert re.search(r"<desc[^>]*>2023: 850\+; 2024: 1,000\+</desc>", trained)
    assert trained.count("<rect") == 2
    assert table_rows(html) == [
        ["Figure", "2023", "2024"],
        ["human rights defenders trained", "850+", "1,000+"],
        ["HRDAP: applicants", "no figure—", "5"],
        ["HRDAP: selected", "no figure—", "2"],
        ["HRDAP: places", "no figure—", "16"],
    ]
    assert "5,000" not in html  # the draft review's


def test_the_chart_speaks_the_pages_language(client, two_years):
    html = client.get("/fr/impact/").content.decode()
    assert "Les chiffres clés au fil des ans" in html
    assert table_rows(html)[1] == ["human rights defenders trained", "850+", "1\u00a0000+"]


def test_without_figures_there_is_no_chart(client, make_review):
    make_review(2024)
    assert "figures-chart" not in client.get("/impact/").content.decode()


def test_the_chart_costs_one_query_whatever_the_number_of_reviews_and_editions(
    client, two_years, make_review, make_programme, make_edition, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the reviews, then every figure with its counts
        client.get("/impact/")
    for year in (2019, 2020, 2021):
        review = make_review(year)
        typed(review, str(year), "human rights defenders trained")
        edition = make_edition(make_programme(f"p{year}", short_name=f"P{year}"), year, places=10)
        computed(review, FigureSource.PLACES, edition)
    with django_assert_num_queries(2):
        html = client.get("/impact/").content.decode()
    assert "P2021: places" in html
