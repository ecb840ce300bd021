"""An edition's live figures: applicants, places, selected and participants' satisfaction."""

import pytest

from programmes.models import FeedbackResponse, Satisfaction, Status
from programmes.selectors import EditionFigures, edition_figures


@pytest.fixture
def make_feedback(db):
    def make(edition, *satisfactions):
        return FeedbackResponse.objects.bulk_create(
            FeedbackResponse(edition=edition, satisfaction=s) for s in satisfactions
        )

    return make


@pytest.fixture
def edition(hrdap, make_edition):
    return make_edition(hrdap, 2024, places=16)


def figures(edition) -> EditionFigures:
    return edition_figures([edition.pk])[edition.pk]


def test_applicants_count_every_application_and_selected_only_the_selected(
    edition, make_application
):
    for status in [Status.SELECTED, Status.SELECTED, Status.DECLINED, Status.WAITLISTED]:
        make_application(edition, status=status)
    make_application(edition)  # submitted, not decided yet

    counted = figures(edition)

    assert (counted.applicants, counted.selected, counted.places) == (5, 2, 16)


def test_an_edition_without_applications_or_feedback_counts_zeros(edition):
    assert figures(edition) == EditionFigures(
        edition_id=edition.pk,
        applicants=0,
        places=16,
        selected=0,
        feedback_responses=0,
        satisfied=0,
    )


def test_satisfied_counts_satisfied_and_very_satisfied_answers(edition, make_feedback):
    make_feedback(
        edition,
        Satisfaction.VERY_SATISFIED,
        Satisfaction.SATISFIED,
        Satisfaction.NEUTRAL,
        Satisfaction.DISSATISFIED,
    )

    counted = figures(edition)

    assert (counted.feedback_responses, counted.satisfied, counted.satisfied_percent) == (4, 2, 50)


def test_satisfied_percent_is_none_without_feedback(edition):
    assert figures(edition).satisfied_percent is None


@pytest.mark.parametrize(
    ("satisfied", "responses", "percent"),
    [
        (16, 16, 100),
        (2, 3, 67),  # rounded to the nearest
        (1, 3, 33),
        (199, 200, 99),  # never "100%" while someone was not satisfied
        (1, 200, 1),  # never "0%" while someone was
        (0, 5, 0),
    ],
)
def test_satisfied_percent_rounds_without_overstating(satisfied, responses, percent):
    counted = EditionFigures(
        edition_id=1,
        applicants=0,
        places=None,
        selected=0,
        feedback_responses=responses,
        satisfied=satisfied,
    )

    assert counted.satisfied_percent == percent


def test_applications_and_feedback_are_counted_apart_not_multiplied(
    edition, make_application, make_feedback
):
    # A join of applications with feedback would count 3 times 2 rows for each.
    for _ in range(3):
        make_application(edition, status=Status.SELECTED)
    make_feedback(edition, Satisfaction.SATISFIED, Satisfaction.VERY_SATISFIED)

    counted = figures(edition)

    assert (counted.applicants, counted.selected) == (3, 3)
    assert (counted.feedback_responses, counted.satisfied) == (2, 2)


def test_each_edition_counts_only_its_own(hrdap, whrd, make_edition, make_application):
    first, second = make_edition(hrdap, 2024), make_edition(whrd, 2024, places=11)
    make_application(first, status=Status.SELECTED)
    for _ in range(2):
        make_application(second)

    counted = edition_figures([first.pk, second.pk])

    assert (counted[first.pk].applicants, counted[first.pk].selected) == (1, 1)
    assert (counted[second.pk].applicants, counted[second.pk].selected) == (2, 0)
    assert (counted[first.pk].places, counted[second.pk].places) == (None, 11)


@pytest.mark.parametrize("editions", [1, 6])
def test_edition_figures_is_one_query_however_many_editions_and_rows(
    editions, hrdap, make_edition, make_application, make_feedback, django_assert_num_queries
):
    ids = []
    for year in range(2020, 2020 + editions):
        edition = make_edition(hrdap, year, places=10)
        for status in [Status.SELECTED, Status.DECLINED, Status.SUBMITTED]:
            make_application(edition, status=status)
        make_feedback(edition, Satisfaction.VERY_SATISFIED, Satisfaction.NEUTRAL)
        ids.append(edition.pk)

    with django_assert_num_queries(1):
        counted = edition_figures(ids)

    assert {c.applicants for c in counted.values()} == {3}
    assert {c.satisfied_percent for c in counted.values()} == {50}
    assert len(counted) == editions


def test_no_edition_to_count_costs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert edition_figures([]) == {}
        assert edition_figures([None]) == {}


def test_unknown_editions_are_left_out(edition):
    assert list(edition_figures([edition.pk, edition.pk + 1000])) == [edition.pk]
