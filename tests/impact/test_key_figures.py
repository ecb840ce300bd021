"""Key figures computed from an edition's data ("16 of 434", "100%"), as readers see them."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from impact import selectors
from impact.models import FigureSource, KeyFigure
from programmes import services
from programmes.models import FeedbackResponse, Satisfaction, Status
from tests.programmes.conftest import make_application as make_application  # the fixture

# Deadlines in these pages are calendar dates: read them at a fixed moment.
pytestmark = pytest.mark.usefixtures("frozen_now")


def shown_figures(html: str) -> list[tuple[str, str]]:
    """(value, label) of each key figure on the page, in order."""
    section = re.search(
        r'<section[^>]*aria-labelledby="key-figures-title"[^>]*>(.*?)</section>', html, re.DOTALL
    )
    if not section:
        return []
    return re.findall(
        r'<span class="key-figure-value">([^<]*)</span>\s*'
        r'<span class="key-figure-label">([^<]*)</span>',
        section[1],
    )


def review_figures(client, url="/impact/2024/") -> list[tuple[str, str]]:
    return shown_figures(client.get(url).content.decode())


@pytest.fixture
def review(make_review):
    return make_review(2024)


@pytest.fixture
def edition(make_programme, make_edition):
    return make_edition(make_programme("hrdap", short_name="HRDAP"), 2024, places=16)


@pytest.fixture
def applications(edition, make_application):
    """Five applications: two selected, one waitlisted, one declined, one not decided."""
    statuses = [Status.SELECTED, Status.SELECTED, Status.WAITLISTED, Status.DECLINED]
    return [make_application(edition, status=s) for s in [*statuses, Status.SUBMITTED]]


def add_feedback(edition, *satisfactions):
    FeedbackResponse.objects.bulk_create(
        FeedbackResponse(edition=edition, satisfaction=s) for s in satisfactions
    )


def computed(review, source, edition, label="", *, position=10, unit=""):
    return KeyFigure.objects.create(
        review=review,
        source=source,
        edition=edition,
        unit=unit,
        label=label or f"computed {source}",
        position=position,
    )


# --- What readers see -------------------------------------------------------------------------


def test_review_page_shows_selected_of_applicants_computed_from_the_applications(
    client, review, edition, applications
):
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "applicants chosen")

    assert review_figures(client) == [("2 of 5", "applicants chosen")]


def test_the_figure_changes_on_the_page_when_one_more_application_is_selected(
    client, review, edition, applications, django_user_model
):
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "applicants chosen")
    assert review_figures(client) == [("2 of 5", "applicants chosen")]
    waitlisted = next(a for a in applications if a.status == Status.WAITLISTED)
    manager = django_user_model.objects.create_user("manager", "manager@example.org")

    services.change_status(application=waitlisted, to=Status.SELECTED, by=manager)

    assert review_figures(client) == [("3 of 5", "applicants chosen")]


def test_home_shows_the_computed_value_too(client, review, edition, applications):
    computed(review, FigureSource.SELECTED, edition, "defenders selected")

    assert review_figures(client, "/") == [("2", "defenders selected")]


def test_counts_show_applicants_places_and_selected(client, review, edition, applications):
    computed(review, FigureSource.APPLICANTS, edition, "applications", position=1)
    computed(review, FigureSource.PLACES, edition, "places", position=2)
    computed(review, FigureSource.SELECTED, edition, "selected", position=3)

    assert review_figures(client) == [("5", "applications"), ("16", "places"), ("2", "selected")]


def test_satisfied_shows_the_percentage_of_satisfied_or_very_satisfied_participants(
    client, review, edition
):
    add_feedback(
        edition,
        Satisfaction.VERY_SATISFIED,
        Satisfaction.SATISFIED,
        Satisfaction.SATISFIED,
        Satisfaction.NEUTRAL,
    )
    computed(review, FigureSource.SATISFIED, edition, "of participants satisfied")

    assert review_figures(client) == [("75%", "of participants satisfied")]


def test_large_counts_are_grouped_by_thousands(client, review, make_programme, make_edition):
    big = make_edition(make_programme("big"), 2024, places=1500)
    computed(review, FigureSource.PLACES, big, "places")

    assert review_figures(client) == [("1,500", "places")]


def test_thousands_are_grouped_the_way_the_active_language_writes_them(
    review, make_programme, make_edition
):
    big = make_edition(make_programme("big"), 2024, places=1500)
    computed(review, FigureSource.PLACES, big)

    with translation.override("fr"):
        (figure,) = selectors.show_key_figures(review)

    assert figure.shown_value not in {"1500", "1,500"}
    assert figure.shown_value.startswith("1") and figure.shown_value.endswith("500")


def test_the_typed_unit_follows_a_count_but_not_a_ratio_or_a_percentage(
    client, review, edition, applications
):
    add_feedback(edition, Satisfaction.SATISFIED)
    computed(review, FigureSource.APPLICANTS, edition, "applications", position=1, unit="+")
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "chosen", position=2, unit="+")
    computed(review, FigureSource.SATISFIED, edition, "satisfied", position=3, unit=" pts")

    assert review_figures(client) == [
        ("5+", "applications"),
        ("2 of 5", "chosen"),
        ("100%", "satisfied"),
    ]


def test_typed_figures_show_as_typed_beside_computed_ones(client, review, edition, applications):
    KeyFigure.objects.create(review=review, value="1,000", unit="+", label="trained", position=1)
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "chosen", position=2)

    assert review_figures(client) == [("1,000+", "trained"), ("2 of 5", "chosen")]


# --- Nothing to compute -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        FigureSource.APPLICANTS,
        FigureSource.SELECTED,
        FigureSource.SELECTED_OF_APPLICANTS,
        FigureSource.SATISFIED,
    ],
)
def test_a_computed_figure_with_nothing_to_count_is_left_out(client, review, edition, source):
    KeyFigure.objects.create(review=review, value="1,000", label="trained", position=1)
    computed(review, source, edition, "waiting for data", position=2)

    assert review_figures(client) == [("1,000", "trained")]


def test_places_are_left_out_while_the_edition_has_no_number_of_places(
    client, review, make_programme, make_edition
):
    computed(review, FigureSource.PLACES, make_edition(make_programme(), 2025))
    KeyFigure.objects.create(review=review, value="130", label="States", position=20)

    assert review_figures(client) == [("130", "States")]


def test_satisfaction_is_left_out_without_feedback_even_with_applications(
    client, review, edition, applications
):
    computed(review, FigureSource.SATISFIED, edition, "satisfied")

    assert review_figures(client) == []


def test_a_review_whose_figures_all_wait_for_data_has_no_key_figures_section(
    client, review, edition
):
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, position=1)
    computed(review, FigureSource.SATISFIED, edition, position=2)

    html = client.get("/impact/2024/").content.decode()

    assert 'id="key-figures-title"' not in html
    assert "None" not in html


def test_the_first_application_brings_the_figure_in(client, review, edition, make_application):
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "chosen")
    assert review_figures(client) == []

    make_application(edition)

    assert review_figures(client) == [("0 of 1", "chosen")]


# --- Queries ----------------------------------------------------------------------------------


@pytest.fixture(params=[1, 8], ids=["1-figure", "8-figures"])
def many_figures(
    request, review, make_programme, make_edition, make_application, make_highlight, make_theme
):
    """`n` computed figures of every source, over up to four editions with applications
    and feedback, and a typed figure; a highlight with a theme, as on any review."""
    make_highlight(review, themes=[make_theme("Reprisals")])
    programme = make_programme()
    editions = [make_edition(programme, 2020 + n, places=10 + n) for n in range(4)]
    for edition in editions:
        for status in [Status.SELECTED, Status.DECLINED, Status.SUBMITTED]:
            make_application(edition, status=status)
        add_feedback(edition, Satisfaction.VERY_SATISFIED, Satisfaction.NEUTRAL)
    sources = [s for s in FigureSource if s != FigureSource.TYPED]
    for n in range(request.param):
        computed(review, sources[n % len(sources)], editions[n % 4], position=n + 1)
    KeyFigure.objects.create(review=review, value="1,000", label="trained", position=100)
    return request.param


def test_review_page_query_count_does_not_grow_with_computed_figures(
    client, many_figures, django_assert_num_queries
):
    # The review, its figures with their live numbers, highlights, their themes, open calls:
    # the same five queries as a review whose figures are all typed in.
    with django_assert_num_queries(5):
        response = client.get("/impact/2024/")

    assert len(shown_figures(response.content.decode())) == many_figures + 1


def test_home_query_count_does_not_grow_with_computed_figures(
    client, many_figures, django_assert_num_queries
):
    with django_assert_num_queries(5):
        response = client.get("/")

    assert len(shown_figures(response.content.decode())) == many_figures + 1


def test_figures_loaded_without_their_live_numbers_cost_one_query_for_all(
    review, many_figures, django_assert_num_queries
):
    figures = list(review.key_figures.all())

    with django_assert_num_queries(1):
        shown = selectors.attach_shown_values(figures)

    assert len(shown) == many_figures + 1
    assert all(f.shown_value for f in shown)


def test_typed_figures_alone_cost_no_query_to_show(review, django_assert_num_queries):
    KeyFigure.objects.create(review=review, value="434", label="applications")
    figures = list(review.key_figures.all())

    with django_assert_num_queries(0):
        (figure,) = selectors.attach_shown_values(figures)

    assert (figure.shown_value, figure.shown_unit) == ("434", "")


# --- Admin ------------------------------------------------------------------------------------


def admin_errors(response) -> str:
    return " ".join(
        re.findall(
            r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.DOTALL
        )
    )


def figure_post(review, **row) -> dict:
    """The review's change form with one key figure row, as the admin would post it: one box
    per language for each translated field, only the English filled in."""
    translated = {"title": review.title_en, "intro": "", "video_title": "", "outlook": ""}
    data = {
        "year": review.year,
        **{f"{name}_en": value for name, value in translated.items()},
        **{f"{name}_{lang}": "" for name in translated for lang in ("fr", "es")},
        "video_url": "",
        "state": review.state,
        "publish_at_0": review.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": review.publish_at.strftime("%H:%M:%S"),
        "key_figures-TOTAL_FORMS": "1",
        "key_figures-INITIAL_FORMS": "0",
        "highlights-TOTAL_FORMS": "0",
        "highlights-INITIAL_FORMS": "0",
    }
    row = {
        "position": "1",
        "edition": "",
        "value": "",
        "unit": "",
        "label_fr": "",
        "label_es": "",
        **row,
    }
    data.update({f"key_figures-0-{name}": value for name, value in row.items()})
    return data


def change_url(review) -> str:
    return reverse("admin:impact_annualreview_change", args=[review.pk])


def test_admin_refuses_a_computed_figure_without_an_edition(admin_client, review):
    response = admin_client.post(
        change_url(review),
        figure_post(review, source=FigureSource.SELECTED_OF_APPLICANTS, label_en="chosen"),
    )

    assert response.status_code == 200
    assert "Choose the edition whose data this figure counts." in admin_errors(response)
    assert not KeyFigure.objects.exists()


def test_admin_refuses_a_typed_figure_without_a_value(admin_client, review):
    response = admin_client.post(
        change_url(review), figure_post(review, source=FigureSource.TYPED, label_en="trained")
    )

    assert response.status_code == 200
    assert "Type the value readers should see" in admin_errors(response)
    assert not KeyFigure.objects.exists()


def test_admin_refuses_a_value_typed_into_a_computed_figure(admin_client, review, edition):
    response = admin_client.post(
        change_url(review),
        figure_post(
            review,
            source=FigureSource.APPLICANTS,
            edition=str(edition.pk),
            value="434",
            label_en="applications",
        ),
    )

    assert response.status_code == 200
    assert "Leave the value empty" in admin_errors(response)
    assert not KeyFigure.objects.exists()


def test_admin_saves_a_computed_figure_that_the_page_then_shows(
    client, admin_client, review, edition, applications
):
    response = admin_client.post(
        change_url(review),
        figure_post(
            review,
            source=FigureSource.SELECTED_OF_APPLICANTS,
            edition=str(edition.pk),
            label_en="applicants chosen",
        ),
    )

    assert response.status_code == 302, admin_errors(response)
    figure = KeyFigure.objects.get()
    assert (figure.source, figure.edition, figure.value) == ("selected-of-applicants", edition, "")
    assert review_figures(client) == [("2 of 5", "applicants chosen")]


def value_now(admin_client, review) -> list[str]:
    html = admin_client.get(change_url(review)).content.decode()
    cells = re.findall(
        r'fieldBox field-value_now">\s*<label[^>]*>[^<]*</label>\s*'
        r'<div class="readonly">(.*?)</div>',
        html,
        re.DOTALL,
    )
    return [unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip() for cell in cells]


def test_admin_shows_each_figures_value_now_or_why_readers_do_not_see_it(
    admin_client, review, edition, applications
):
    KeyFigure.objects.create(review=review, value="1,000", unit="+", label="trained", position=1)
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, position=2)
    computed(review, FigureSource.SATISFIED, edition, position=3)

    assert value_now(admin_client, review) == [
        "1,000+",
        "2 of 5",
        "Hidden until participants' feedback is recorded.",
        "—",  # the empty row the admin keeps for "Add another"
    ]


def test_the_preview_shows_computed_figures_as_readers_will(
    admin_client, review, edition, applications
):
    computed(review, FigureSource.SELECTED_OF_APPLICANTS, edition, "chosen", position=1)
    computed(review, FigureSource.SATISFIED, edition, "satisfied", position=2)  # no feedback
    preview = reverse("admin:impact_annualreview_preview", args=[review.pk])

    assert shown_figures(admin_client.get(preview).content.decode()) == [("2 of 5", "chosen")]
