"""Reads over programme data that several pages and the admin share."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from .models import Application, Edition, FeedbackResponse, Review, Satisfaction, Score, Status

# The staff group whose members review applications (migration 0004_staff_groups).
REVIEWERS_GROUP = "Reviewers"

# The answers that count as "satisfied or very satisfied" on the 5-point scale.
SATISFIED = [Satisfaction.SATISFIED, Satisfaction.VERY_SATISFIED]


# The figures an edition has, as `EditionFigures` fields and annotation names.
FIGURES = ("applicants", "places", "selected", "feedback_responses", "satisfied")


@dataclass(frozen=True)
class EditionFigures:
    """An edition's live figures: what its applications and feedback say right now."""

    edition_id: int
    applicants: int  # every submitted application, whatever its status
    places: int | None  # as staff set them on the edition
    selected: int
    feedback_responses: int
    satisfied: int  # responses "satisfied" or "very satisfied"

    @classmethod
    def from_annotated(cls, obj: object, *, edition_id: int, prefix: str = "") -> "EditionFigures":
        """The figures an object carries as attributes: `figure_annotations(prefix=...)` on
        its queryset, and `places` (under the same prefix) from the edition."""
        return cls(
            edition_id=edition_id, **{name: getattr(obj, prefix + name) for name in FIGURES}
        )

    @property
    def satisfied_percent(self) -> int | None:
        """Whole percent of responses that are satisfied or very satisfied; None without any.

        Rounded to the nearest, except that it never rounds up to 100 while someone was not
        satisfied, nor down to 0 while someone was: "100% satisfied" is a claim readers take
        literally.
        """
        if not self.feedback_responses:
            return None
        percent = (200 * self.satisfied + self.feedback_responses) // (2 * self.feedback_responses)
        if self.satisfied < self.feedback_responses:
            percent = min(percent, 99)
        if self.satisfied:
            percent = max(percent, 1)
        return percent

    @property
    def satisfied_percent_label(self) -> str:
        """For staff: "100% (16 responses)", or a dash without feedback."""
        if self.satisfied_percent is None:
            return "—"
        return ngettext(
            "%(percent)s%% (%(count)s response)",
            "%(percent)s%% (%(count)s responses)",
            self.feedback_responses,
        ) % {"percent": self.satisfied_percent, "count": self.feedback_responses}


def _count(queryset: QuerySet, edition_ref: str) -> Coalesce:
    """A correlated COUNT of `queryset`'s rows for the edition at `edition_ref`.

    A subquery per figure rather than joins, which would multiply applications by feedback
    responses; Coalesce because an edition without rows gets no group, hence NULL.
    """
    counted = (
        queryset.filter(edition=OuterRef(edition_ref))
        .order_by()
        .values("edition")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def figure_annotations(edition_ref: str = "pk", *, prefix: str = "") -> dict[str, Coalesce]:
    """Annotations counting the applications and feedback of the edition whose id is at
    `edition_ref` ("pk" on an Edition queryset, "edition_id" on a row that points to one).

    Keys are `EditionFigures` field names after `prefix`, for querysets whose own fields
    would clash. Places are a plain field of the edition and are not included.
    """
    applications = Application.objects.all()
    feedback = FeedbackResponse.objects.all()
    return {
        f"{prefix}applicants": _count(applications, edition_ref),
        f"{prefix}selected": _count(applications.filter(status=Status.SELECTED), edition_ref),
        f"{prefix}feedback_responses": _count(feedback, edition_ref),
        f"{prefix}satisfied": _count(feedback.filter(satisfaction__in=SATISFIED), edition_ref),
    }


def edition_figures(edition_ids: Iterable[int | None]) -> dict[int, EditionFigures]:
    """The live figures of these editions, by edition id: one query however many editions
    and applications, none when there is no edition to count. Unknown ids are left out."""
    ids = {edition_id for edition_id in edition_ids if edition_id is not None}
    if not ids:
        return {}
    editions = (
        Edition.objects.filter(pk__in=ids)
        .order_by()
        .only("pk", "places")
        .annotate(**figure_annotations("pk"))
    )
    return {
        edition.pk: EditionFigures.from_annotated(edition, edition_id=edition.pk)
        for edition in editions
    }


# --- Review -----------------------------------------------------------------------------------


def with_review_figures(queryset: QuerySet) -> QuerySet:
    """Each application's number of submitted reviews and their average score, as
    correlated subqueries: no join multiplies rows, and the database computes them only for
    the rows a page shows (or filters on)."""
    submitted = Review.objects.filter(application=OuterRef("pk")).exclude(submitted_at=None)
    scores = Score.objects.filter(review__application=OuterRef("pk")).exclude(
        review__submitted_at=None
    )
    return queryset.annotate(
        review_count=Coalesce(
            Subquery(
                submitted.order_by().values("application").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        reviewer_count=Coalesce(
            Subquery(
                Review.objects.filter(application=OuterRef("pk"))
                .order_by()
                .values("application")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        score_average=Subquery(
            scores.order_by().values("review__application").annotate(a=Avg("value")).values("a"),
            output_field=FloatField(),
        ),
    )


def reviewers(*, assignable: bool = False) -> QuerySet:
    """The members of the Reviewers group, by name; with `assignable`, only those who can
    sign in to the admin now (active staff), to whom applications may be assigned."""
    users = get_user_model().objects.filter(groups__name=REVIEWERS_GROUP)
    if assignable:
        users = users.filter(is_active=True, is_staff=True)
    return users.distinct().order_by("first_name", "last_name", "username")
