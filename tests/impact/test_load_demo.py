"""`manage.py load_demo`: the demo content is complete, valid and loads the same twice."""

import re
from datetime import date, datetime, time, timedelta
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from impact import demo
from impact.models import AnnualReview, Highlight, KeyFigure, SourceLink, Theme
from programmes.models import Component, Edition, Programme

MODELS = [AnnualReview, Highlight, KeyFigure, Theme, SourceLink, Programme, Edition, Component]
HISTORIES = [AnnualReview, Highlight, KeyFigure, Theme]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def media_files() -> dict[str, int]:
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in HISTORIES}


@pytest.mark.django_db
def test_loading_twice_creates_no_rows_files_or_history_the_second_time():
    load_demo()
    rows, files, history = row_counts(), media_files(), history_counts()

    output = load_demo()

    assert row_counts() == rows
    assert media_files() == files
    assert history_counts() == history
    assert "nothing to change" in output


@pytest.mark.django_db
def test_demo_holds_the_whole_2024_review():
    output = load_demo()

    review = AnnualReview.objects.published().get(year=2024)
    assert review.highlights.count() == len(demo.HIGHLIGHTS) == 15
    assert review.key_figures.count() == 6
    assert SourceLink.objects.filter(highlight__review=review).count() == 15
    assert Highlight.objects.published().count() == 15
    assert "Demo content loaded: 1 review, 15 highlights, 6 key figures" in output


@pytest.mark.django_db
def test_highlights_come_in_ishr_order_each_with_themes_and_a_short_summary():
    load_demo()

    highlights = list(Highlight.objects.filter(review__year=2024))
    assert [h.position for h in highlights] == list(range(10, 160, 10))
    assert highlights[0].slug == "a-roadmap-to-justice-for-afghanistan"
    for highlight in highlights:
        assert 1 <= highlight.themes.count() <= 3, highlight.slug
        assert len(highlight.summary) <= 300, highlight.slug
        assert highlight.body.startswith("<"), highlight.slug


FACTS_IN_SUMMARIES = {
    "declaration25-new-standards-for-defenders": ["more than 700", "Declaration+25"],
    "over-1000-defenders-trained": ["1,000", "16", "434", "100%"],
    "racial-justice-mechanism-emler-renewed": ["three years", "EMLER"],
    "sudan-fact-finding-mission-renewed": ["Fact-Finding Mission on Sudan"],
    "venezuela-fact-finding-mission-extended": ["Fact-Finding Mission on Venezuela"],
    "eu-parliament-free-gulshan-abbas-and-ilham-tohti": ["Gulshan Abbas", "Ilham Tohti"],
    "joint-statement-on-china-at-the-un-in-new-york": ["Xinjiang", "Tibet"],
    "130-states-condemn-killings-targeting-lgbtq-people": ["130"],
    "a-statue-for-cao-shunli": ["Cao Shunli", "statue"],
    "saudi-arabia-kept-off-the-human-rights-council": ["Saudi Arabia"],
    "martin-ennals-award-2024": ["Zholia Parsi", "Manuchehr Kholiqnazarov", "Martin Ennals Award"],
}


@pytest.mark.django_db
def test_summaries_carry_the_facts_readers_see_on_the_review_page():
    load_demo()

    summaries = dict(Highlight.objects.values_list("slug", "summary"))
    missing = {
        slug: [fact for fact in facts if fact not in summaries[slug]]
        for slug, facts in FACTS_IN_SUMMARIES.items()
    }
    assert missing == {slug: [] for slug in FACTS_IN_SUMMARIES}


@pytest.mark.django_db
def test_every_highlight_has_a_light_illustration_with_alt_text_and_credit():
    load_demo()

    for highlight in Highlight.objects.all():
        assert highlight.image, highlight.slug
        assert highlight.image_alt.startswith("Abstract illustration"), highlight.slug
        assert highlight.image_credit == "Illustration"
        assert (highlight.image_width, highlight.image_height) == (1200, 675)
        assert highlight.image.size < 100_000, highlight.slug


@pytest.mark.django_db
def test_a_deleted_illustration_is_drawn_again_under_the_same_name():
    load_demo()
    highlight = Highlight.objects.get(slug="a-statue-for-cao-shunli")
    name, path = highlight.image.name, Path(highlight.image.path)
    original = path.read_bytes()
    path.unlink()

    load_demo()

    highlight.refresh_from_db()
    assert highlight.image.name == name
    assert path.read_bytes() == original  # drawn from the slug, so identical


@pytest.mark.django_db
def test_a_reset_database_reuses_the_illustrations_already_on_disk():
    load_demo()
    files = media_files()
    Highlight.objects.all().delete()

    load_demo()

    assert media_files() == files
    assert all(h.image.name in files for h in Highlight.objects.all())
    assert not Highlight.objects.filter(image_width__isnull=True).exists()


@pytest.mark.django_db
def test_the_open_hrdap_call_takes_applications_today_and_2024_does_not():
    load_demo()

    editions = Edition.objects.filter(programme__slug="hrdap")
    open_edition = editions.exclude(year=2024).get()
    assert open_edition.call_is_open()
    assert open_edition.places == 12
    assert sorted(open_edition.themes.values_list("slug", flat=True)) == [
        "democratic-backsliding",
        "racial-justice",
    ]
    assert list(Edition.objects.open_calls()) == [open_edition]
    assert not editions.get(year=2024).call_is_open()


@pytest.mark.django_db
def test_the_2024_editions_have_their_published_dates():
    load_demo()

    hrdap = Edition.objects.get(programme__slug="hrdap", year=2024)
    geneva = hrdap.components.get(mode=Component.Mode.IN_PERSON)
    assert (geneva.starts_on, geneva.ends_on, geneva.council_session) == (
        date(2024, 6, 12),
        date(2024, 6, 22),
        "HRC56",
    )
    assert "434" in hrdap.summary
    week = Edition.objects.get(programme__slug="whrd-aw", year=2024)
    assert week.call_opens is None and week.call_closes is None
    in_geneva = week.components.get(mode=Component.Mode.IN_PERSON)
    assert (in_geneva.starts_on, in_geneva.ends_on) == (date(2024, 9, 16), date(2024, 9, 21))


@pytest.mark.parametrize(
    ("today", "closes", "year", "online_starts", "session"),
    [
        (date(2026, 11, 27), date(2027, 1, 15), 2027, date(2027, 4, 12), "HRC65"),
        (date(2025, 11, 20), date(2026, 1, 15), 2026, date(2026, 4, 13), "HRC62"),
        (date(2026, 6, 1), date(2026, 7, 15), 2027, date(2027, 4, 12), "HRC65"),
        (date(2024, 1, 2), date(2024, 2, 15), 2025, date(2025, 4, 14), "HRC59"),
    ],
)
def test_the_open_call_closes_on_a_15th_at_least_six_weeks_ahead(
    today, closes, year, online_starts, session
):
    call = demo.open_hrdap_call(today)

    assert call["call_closes"].date() == closes
    assert call["call_closes"].time() == time(23, 59, 59)
    assert call["call_closes"].tzinfo == demo.GENEVA
    assert call["call_opens"] == datetime.combine(today, time.min, demo.GENEVA) - timedelta(30)
    assert call["year"] == year
    assert call["online"] == (online_starts, date(year, 6, 8))
    assert call["council_session"] == session


def test_illustrations_are_the_same_bytes_for_the_same_slug():
    plan = demo.plan_illustration("a-statue-for-cao-shunli")

    assert demo.render_illustration(plan) == demo.render_illustration(plan)
    assert plan.alt == demo.plan_illustration("a-statue-for-cao-shunli").alt


# The facts the 2024 review must show, as a reader of /impact/2024/ sees them.
FACTS_ON_THE_REVIEW_PAGE = [
    "434",
    "16",
    "100%",
    "1,000",
    "more than 700",
    "Declaration+25",
    "130",
    "EMLER",
    "three years",
    "Fact-Finding Mission on Sudan",
    "Fact-Finding Mission on Venezuela",
    "Saudi Arabia",
    "Cao Shunli",
    "statue",
    "Gulshan Abbas",
    "Ilham Tohti",
    "Xinjiang",
    "Tibet",
    "Martin Ennals Award",
    "Zholia Parsi",
    "Manuchehr Kholiqnazarov",
]


@pytest.mark.django_db
def test_the_2024_review_page_shows_every_fact_of_the_review(client):
    load_demo()

    html = client.get("/impact/2024/").content.decode()
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))

    assert [fact for fact in FACTS_ON_THE_REVIEW_PAGE if fact not in text] == []
    for highlight in Highlight.objects.all():
        assert highlight.title in text
