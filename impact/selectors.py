"""Reads shared by the public impact pages: each is a fixed number of queries."""

from dataclasses import dataclass

from .models import AnnualReview, Highlight


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


def neighbours(highlight: Highlight) -> Neighbours:
    """The published highlights before and after this one in the review's order (one query)."""
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
