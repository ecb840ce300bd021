"""Reads shared by the public impact pages: each is a fixed number of queries."""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from modeltranslation.utils import build_localized_fieldname

from programmes.selectors import EditionFigures, edition_figures, figure_annotations

from .models import AnnualReview, FigureSource, Highlight, KeyFigure


def review_highlights(
    review: AnnualReview, *, drafts: bool = False, limit: int | None = None
) -> list[Highlight]:
    """The review's highlights in order, with their themes (two queries).

    Only published ones unless `drafts` (for the staff preview). Each knows its review, so
    `get_absolute_url()` costs no query.
    """
    queryset = review.highlights.all() if drafts else Highlight.objects.published()
    highlights = list(queryset.filter(review=review).prefetch_related("themes")[:limit])
    for highlight in highlights:
        highlight.review = review
    return highlights


def filter_highlights(highlights: list[Highlight], filters: dict[str, str]) -> list[Highlight]:
    """Filter in Python: a year has tens of highlights, already loaded for the filter choices."""
    kind, country, theme = filters.get("kind"), filters.get("country"), filters.get("theme")
    return [
        h
        for h in highlights
        if (not kind or h.kind == kind)
        and (not country or country in {c.code for c in h.countries})
        and (not theme or theme in {t.slug for t in h.themes.all()})
    ]


@dataclass(frozen=True)
class Neighbours:
    previous: Highlight | None
    next: Highlight | None


def neighbours(highlight: Highlight, *, among: list[Highlight] | None = None) -> Neighbours:
    """The published highlights before and after this one in the review's order (one query),
    or within `among` (the review's highlights that match a filter, this one included; no
    query)."""
    if among is not None:
        siblings = among
    else:
        siblings = list(
            Highlight.objects.published()
            .filter(review_id=highlight.review_id)
            .only("pk", "slug", "title", "review_id")
        )
    ids = [h.pk for h in siblings]
    index = ids.index(highlight.pk)
    for sibling in siblings:
        sibling.review = highlight.review  # for get_absolute_url, without a query each
    return Neighbours(
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


# --- Key figures ------------------------------------------------------------------------------

# Computed sources that count applications: there is nothing to show before the first one.
COUNTS_APPLICATIONS = [
    FigureSource.APPLICANTS,
    FigureSource.SELECTED,
    FigureSource.SELECTED_OF_APPLICANTS,
]
LIVE = "live_"  # prefix of the annotations that carry an edition's figures


def with_live_figures(queryset: QuerySet[KeyFigure]) -> QuerySet[KeyFigure]:
    """Key figures annotated with their edition's live figures (`live_applicants`, …), as
    correlated subqueries: computing them costs no query of its own. Typed figures have no
    edition and get zeros."""
    return queryset.annotate(
        **figure_annotations("edition_id", prefix=LIVE), **{f"{LIVE}places": F("edition__places")}
    )


def something_to_show() -> Q:
    """Over `with_live_figures()`: typed figures, and computed ones with data to count.

    The same rule as `hidden_because()`, in SQL, so that a review whose figures all wait for
    data has no figures at all (and its page no empty "Key figures" section).
    """
    return (
        Q(source=FigureSource.TYPED)
        | Q(source__in=COUNTS_APPLICATIONS, **{f"{LIVE}applicants__gt": 0})
        | Q(source=FigureSource.PLACES, **{f"{LIVE}places__isnull": False})
        | Q(source=FigureSource.SATISFIED, **{f"{LIVE}feedback_responses__gt": 0})
    )


def show_key_figures(review: AnnualReview) -> list[KeyFigure]:
    """The review's key figures as readers see them, in order, each with `shown_value` and
    `shown_unit` (see `attach_shown_values`).

    They are also what `review.key_figures.all()` returns from then on, so templates that
    read the review see the same. One query, whatever the number of figures and editions.
    """
    public = (
        with_live_figures(KeyFigure.objects.all())
        .filter(something_to_show())
        .order_by("position", "pk")  # within one review: no join to order by review
    )
    prefetch_related_objects([review], Prefetch("key_figures", queryset=public))
    return attach_shown_values(review.key_figures.all())


def attach_shown_values(figures: Iterable[KeyFigure]) -> list[KeyFigure]:
    """Give each figure `shown_value` and `shown_unit` (what readers see) and `hidden_because`
    ("" when readers see it, otherwise why not, for the admin); return those readers see.

    Figures from `with_live_figures()` carry their numbers; for any others, one query counts
    all their editions (none when every figure is typed).

    A typed figure shows its value and unit as typed, a grouped number regrouped for the
    page's language (`typed_value`). A computed count (applicants, places,
    selected) shows the number grouped the way the active language writes it, followed by the
    editor's unit, which may say something the data cannot ("+" when some applications came in
    outside the site). "16 of 434" and a percentage ignore it: their words and their "%" are
    the unit. A computed figure with nothing to count (no applications, no feedback, no number
    of places) is hidden rather than shown as 0 or an empty percentage.
    """
    figures = list(figures)
    fetched = edition_figures(
        f.edition_id
        for f in figures
        if f.source != FigureSource.TYPED and not hasattr(f, f"{LIVE}applicants")
    )
    for figure in figures:
        live = _annotated_figures(figure)
        if live is None and figure.edition_id is not None:
            live = fetched.get(figure.edition_id)
        figure.hidden_because = hidden_because(figure, live)
        figure.shown_value, figure.shown_unit = (
            ("", "") if figure.hidden_because else _shown(figure, live)
        )
    return [figure for figure in figures if not figure.hidden_because]


def _annotated_figures(figure: KeyFigure) -> EditionFigures | None:
    if not hasattr(figure, f"{LIVE}applicants") or figure.edition_id is None:
        return None
    return EditionFigures.from_annotated(figure, edition_id=figure.edition_id, prefix=LIVE)


def hidden_because(figure: KeyFigure, live: EditionFigures | None) -> str:
    """Why readers do not see this figure, or "" when they do."""
    if figure.source == FigureSource.TYPED:
        return "" if figure.value else _("No value typed in.")
    if live is None:
        return _("No edition to count.")
    if figure.source in COUNTS_APPLICATIONS and not live.applicants:
        return _("Hidden until the edition has applications.")
    if figure.source == FigureSource.PLACES and live.places is None:
        return _("Hidden until the edition has a number of places.")
    if figure.source == FigureSource.SATISFIED and not live.feedback_responses:
        return _("Hidden until participants' feedback is recorded.")
    return ""


def grouped(number: int) -> str:
    """The number with its thousands grouped as the active language writes them ("1,434")."""
    return number_format(number, force_grouping=True)


# A whole number typed with English thousands commas ("1,000"), and nothing else.
TYPED_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+")


def typed_value(value: str) -> str:
    """A typed figure as readers see it: a number the editor grouped ("1,000") is grouped
    the way the page's language writes it ("1 000" in French); anything else ("130", "a
    third", "2024") is shown as typed."""
    if TYPED_GROUPED_NUMBER.fullmatch(value):
        return grouped(int(value.replace(",", "")))
    return value


def shown_numbers(figure: KeyFigure, live: EditionFigures) -> tuple[int | None, ...]:
    """The numbers a computed figure shows, before any formatting: one count, "selected of
    applicants" as two, or the percentage satisfied."""
    match figure.source:
        case FigureSource.APPLICANTS:
            return (live.applicants,)
        case FigureSource.PLACES:
            return (live.places,)
        case FigureSource.SELECTED:
            return (live.selected,)
        case FigureSource.SELECTED_OF_APPLICANTS:
            return (live.selected, live.applicants)
        case FigureSource.SATISFIED:
            return (live.satisfied_percent,)
    return ()


def _shown(figure: KeyFigure, live: EditionFigures | None) -> tuple[str, str]:
    if figure.source == FigureSource.TYPED:
        return typed_value(figure.value), figure.unit
    # Only figures that hidden_because() lets through come here: an edition, and numbers.
    assert live is not None
    numbers = cast(tuple[int, ...], shown_numbers(figure, live))
    match figure.source:
        case FigureSource.SELECTED_OF_APPLICANTS:
            # Translators: a key figure, e.g. "16 of 434": applicants selected, of all applicants.
            value = _("%(selected)s of %(applicants)s") % {
                "selected": grouped(numbers[0]),
                "applicants": grouped(numbers[1]),
            }
            return value, ""
        case FigureSource.SATISFIED:
            # A translation may add the space some languages put before the sign ("100 %").
            return grouped(numbers[0]), pgettext("after a percentage", "%")
    return grouped(numbers[0]), figure.unit


def shown_live_figures() -> dict[int, tuple[int | None, ...] | None]:
    """What readers see of the live figures right now, in one query: for each computed key
    figure of a published review, by id, the numbers it shows, or None while it is hidden.

    Public pages show applications and feedback through nothing else, so the page cache
    compares this before and after a write to them (impact/apps.py): only a write that
    changes it changes a page.
    """
    figures = with_live_figures(
        KeyFigure.objects.filter(review__in=AnnualReview.objects.published())
        .exclude(source=FigureSource.TYPED)
        .order_by()
    )
    shown: dict[int, tuple[int | None, ...] | None] = {}
    for figure in figures:
        live = _annotated_figures(figure)
        # A computed figure without an edition (live is None) is hidden too.
        if live is None or hidden_because(figure, live):
            shown[figure.pk] = None
        else:
            shown[figure.pk] = shown_numbers(figure, live)
    return shown


def highlight_countries() -> set[str]:
    """The codes of the countries any highlight names, published or not (the admin's filter)."""
    codes: set[str] = set()
    for value in Highlight.objects.exclude(countries="").values_list("countries", flat=True):
        codes.update(code for code in value.split(",") if code)
    return codes


# --- Figures over the years ----------------------------------------------------------------


@dataclass(frozen=True)
class FigurePoint:
    year: int
    number: int
    shown: str  # as readers see it: grouped the page's way, with the series' unit


@dataclass(frozen=True)
class FigureSeries:
    """One figure across the years: the applicants of an edition each year, or a typed figure
    that recurs with the same (English) label."""

    label: str
    points: list[FigurePoint]

    @property
    def largest(self) -> int:
        return max(point.number for point in self.points)


def figures_over_the_years() -> list[FigureSeries]:
    """Every published review's key figures that are numbers, as series by year, for the
    chart on /impact/ (one query, whatever the number of reviews, figures and editions).

    A computed figure counts an edition and stands at the edition's year; "16 of 434" gives
    two series (selected and applicants). A typed figure is a number ("1,000", "130") or is
    left out ("a third"); typed figures with the same English label form one series, at
    their review's year. Series come in the order of the newest review's figures.
    """
    figures = (
        with_live_figures(KeyFigure.objects.filter(review__in=AnnualReview.objects.published()))
        .filter(something_to_show())
        .select_related("review", "edition__programme")
        .order_by("-review__year", "position", "pk")
    )
    series: dict[tuple[str, object], tuple[str, dict[int, FigurePoint]]] = {}
    # `something_to_show()` already left out what readers do not see, and `_numbers_of` formats
    # the numbers itself: no `attach_shown_values()` here.
    for figure in figures:
        for key, label, year, number, unit in _numbers_of(figure):
            _label, points = series.setdefault(key, (label, {}))
            points.setdefault(year, FigurePoint(year, number, grouped(number) + unit))
    return [
        FigureSeries(label=label, points=[points[year] for year in sorted(points)])
        for label, points in series.values()
    ]


def _numbers_of(figure: KeyFigure) -> list[tuple[tuple[str, object], str, int, int, str]]:
    """(series key, series label, year, number, unit) for each number the figure shows."""
    if figure.source == FigureSource.TYPED:
        digits = figure.value.replace(",", "")
        if not digits.isdigit():
            return []
        label = figure.label
        return [
            (
                ("typed", getattr(figure, build_localized_fieldname("label", "en")).casefold()),
                label,
                figure.review.year,
                int(digits),
                figure.unit,
            )
        ]
    assert figure.edition is not None  # computed figures count an edition
    live = _annotated_figures(figure)
    assert live is not None
    edition, programme = figure.edition, figure.edition.programme
    names = {"programme": programme.short_name}
    percent = pgettext("after a percentage", "%")
    by_source: dict[str, list[tuple[str, int | None]]] = {
        FigureSource.APPLICANTS: [("applicants", live.applicants)],
        FigureSource.PLACES: [("places", live.places)],
        FigureSource.SELECTED: [("selected", live.selected)],
        FigureSource.SELECTED_OF_APPLICANTS: [
            ("applicants", live.applicants),
            ("selected", live.selected),
        ],
        FigureSource.SATISFIED: [("satisfied", live.satisfied_percent)],
    }
    counts = by_source[figure.source]
    labels = {
        # Translators: a series of the chart of key figures, e.g. "HRDAP: applicants".
        "applicants": _("%(programme)s: applicants") % names,
        "places": _("%(programme)s: places") % names,
        "selected": _("%(programme)s: selected") % names,
        "satisfied": _("%(programme)s: participants satisfied") % names,
    }
    return [
        (
            (kind, programme.pk),
            labels[kind],
            edition.year,
            number,
            percent if kind == "satisfied" else "",
        )
        for kind, number in counts
        if number is not None
    ]


# --- Countries --------------------------------------------------------------------------------


def published_country_counts() -> Counter[str]:
    """How many published highlights, across every review, name each country (one query)."""
    counts: Counter[str] = Counter()
    for value in (
        Highlight.objects.published().exclude(countries="").values_list("countries", flat=True)
    ):
        counts.update(code for code in value.split(",") if code)
    return counts


def country_highlights(code: str) -> list[Highlight]:
    """The published highlights that name the country `code` (upper case), newest review
    first, each in its review's order, with its review (one query)."""
    # Codes are stored as "AF,TJ": two letters between commas make `contains` exact.
    return list(
        Highlight.objects.published()
        .filter(countries__contains=code)
        .select_related("review")
        .order_by("-review__year", "position", "pk")
    )
