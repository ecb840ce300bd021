from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import RichTextField
from core.models import PublicationState, Publishable, PublishableQuerySet, Theme

from . import images

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Reviews, highlights and key figures have a history (``Model.history``) and fields
# translated into French and Spanish: both are declared in impact/translation.py.


class AnnualReview(Publishable):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    intro = RichTextField(_("introduction"), blank=True)
    video_url = models.URLField(
        _("video URL"),
        blank=True,
        help_text=_(
            "A YouTube or Vimeo address. Readers see a still first; nothing is loaded "
            "from the video host until they choose to play it."
        ),
    )
    video_title = models.CharField(_("video title"), max_length=200, blank=True)
    outlook = RichTextField(_("outlook"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")

    def __str__(self):
        return self.title or str(self.year)

    def get_absolute_url(self):
        return reverse("impact:review", kwargs={"year": self.year})

    def clean(self):
        if self.video_url and not self.video_title:
            raise ValidationError({"video_title": _("Give the video a title for screen readers.")})


# Addresses under /impact/<year>/ that are not highlights (impact/urls.py).
RESERVED_SLUGS = {"pdf"}


class DecidingBody(models.TextChoices):
    """Who made the decision a highlight reports."""

    HUMAN_RIGHTS_COUNCIL = "un-human-rights-council", _("UN Human Rights Council")
    GENERAL_ASSEMBLY_THIRD_COMMITTEE = (
        "unga-third-committee",
        _("UN General Assembly, Third Committee"),
    )
    GENERAL_ASSEMBLY_PLENARY = "unga-plenary", _("UN General Assembly, plenary")
    EUROPEAN_PARLIAMENT = "european-parliament", _("European Parliament")
    LOCAL_AUTHORITY = "local-authority", _("A city or local authority")
    OTHER = "other", _("Another body")


class IshrRole(models.TextChoices):
    LED = "led", _("Led")
    CO_LED = "co-led", _("Co-led")
    SUPPORTED = "supported", _("Supported")


# A UN document symbol, loosely: a series letter, then parts separated by slashes
# ("A/HRC/RES/57/12", "A/C.3/79/L.40/Rev.1", "S/RES/2712 (2023)"). It catches a title or a
# link typed in the box, not every symbol the UN never issued.
document_symbol_validator = RegexValidator(
    r"^[A-Z][A-Z0-9.]*(/[A-Za-z0-9.\-]+)+( \(\d{4}\))?$",
    message=_(
        "Enter the UN document symbol as the UN writes it, like A/HRC/RES/57/12, or leave "
        "it empty."
    ),
)


class HighlightQuerySet(PublishableQuerySet):
    def published(self, *, at=None):
        """Published highlights of published reviews: a draft review hides all of its own."""
        at = at or timezone.now()
        return (
            super()
            .published(at=at)
            .filter(review__state=PublicationState.PUBLISHED, review__publish_at__lte=at)
        )


class Highlight(Publishable):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        MANDATE = "mandate", _("Mandate")
        CAMPAIGN = "campaign", _("Campaign")
        STANDARD_SETTING = "standard-setting", _("Standard-setting")
        CAPACITY_BUILDING = "capacity-building", _("Capacity building")
        SOLIDARITY = "solidarity", _("Solidarity")
        RECOGNITION = "recognition", _("Recognition")

    review = models.ForeignKey(
        AnnualReview,
        on_delete=models.CASCADE,
        related_name="highlights",
        verbose_name=_("review"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown on the review page and in link previews."),
    )
    body = RichTextField(_("body"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="highlights/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The sizes and formats made of `image` after it was saved (`services.make_renditions`), so
    # that pages offer them without a query or a look at the files.
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required with an image."
        ),
    )
    image_credit = models.CharField(
        _("image credit"),
        max_length=200,
        blank=True,
        help_text=_("Who made the image, e.g. a photographer or “Illustration”."),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="highlights", verbose_name=_("themes")
    )
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Lower numbers come first.")
    )

    # The outcome: what changed, as facts (docs/architecture.md, "Outcomes"). All optional.
    decided_by = models.CharField(_("decided by"), max_length=30, choices=DecidingBody, blank=True)
    session = models.CharField(
        _("session"), max_length=30, blank=True, help_text=_("For example “HRC57”.")
    )
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    document_symbol = models.CharField(
        _("UN document symbol"),
        max_length=60,
        blank=True,
        validators=[document_symbol_validator],
        help_text=_(
            "For example “A/HRC/RES/57/12”. Only a symbol you have checked: leave it empty "
            "when unknown."
        ),
    )
    votes_for = models.PositiveIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    adopted_without_vote = models.BooleanField(
        _("adopted without a vote"),
        default=False,
        help_text=_("Adopted by consensus: leave the votes empty."),
    )
    ishr_role = models.CharField(_("ISHR's role"), max_length=20, choices=IshrRole, blank=True)
    partners = models.CharField(
        _("partners"),
        max_length=300,
        blank=True,
        help_text=_("The partners to name, as they wish to be named."),
    )
    partners_may_be_named = models.BooleanField(
        _("partners agreed to be named"),
        default=False,
        help_text=_("Unless this is ticked, the partners are not shown or published anywhere."),
    )

    # Replaces Publishable's manager, which mypy reads as a class variable.
    objects = HighlightQuerySet.as_manager()  # type: ignore[misc]

    # Set for the printed review by impact.pdf.render_review_pdf() (not stored).
    pdf_image: dict | None
    page_url: str

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = _("highlight")
        verbose_name_plural = _("highlights")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "slug"], name="impact_highlight_unique_slug_per_review"
            ),
            models.CheckConstraint(
                condition=Q(image="") | (~Q(image_alt="") & ~Q(image_credit="")),
                name="impact_highlight_image_has_alt_and_credit",
            ),
            models.CheckConstraint(
                condition=Q(
                    votes_for__isnull=True,
                    votes_against__isnull=True,
                    votes_abstaining__isnull=True,
                )
                | Q(
                    votes_for__isnull=False,
                    votes_against__isnull=False,
                    votes_abstaining__isnull=False,
                    adopted_without_vote=False,
                ),
                name="impact_highlight_vote_tally_whole_or_none",
                violation_error_message=_(
                    "Give the votes for, against and abstaining, all three, or none when "
                    "there was no vote."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("impact:highlight", kwargs={"year": self.review.year, "slug": self.slug})

    @property
    def has_vote(self) -> bool:
        return self.votes_for is not None

    @property
    def has_outcome(self) -> bool:
        """Whether the public sees any fact of the outcome (partners only with consent)."""
        return bool(
            self.decided_by
            or self.session
            or self.decided_on
            or self.document_symbol
            or self.has_vote
            or self.adopted_without_vote
            or self.ishr_role
            or self.named_partners
        )

    @property
    def named_partners(self) -> str:
        """The partners as the public may read them: only with their agreement."""
        return self.partners if self.partners_may_be_named else ""

    @property
    def picture(self) -> images.Picture | None:
        """The renditions as `<picture>` needs them (None: show the original)."""
        if not self.image:
            return None
        # Between the commit of a new image and its renditions (`services.make_renditions`)
        # the list still describes the previous image: show the original meanwhile.
        made = [r for r in self.image_renditions if r.get("source") == self.image.name]
        return images.picture(made, self.image.storage)

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” names another page of the review.") % {"slug": self.slug}}
            )
        errors = self.vote_errors()
        if self.image:
            if not self.image_alt.strip():
                errors["image_alt"] = _("Describe the image for readers who cannot see it.")
            if not self.image_credit.strip():
                errors["image_credit"] = _("Credit the image (for example “Illustration”).")
        if errors:
            raise ValidationError(errors)

    def vote_errors(self) -> dict[str, "StrOrPromise"]:
        """Field by field, what the database's whole-tally rule would refuse as a whole."""
        votes = {
            "votes_for": self.votes_for,
            "votes_against": self.votes_against,
            "votes_abstaining": self.votes_abstaining,
        }
        given = [name for name, value in votes.items() if value is not None]
        if self.adopted_without_vote:
            message = _("Leave the votes empty: the text was adopted without a vote.")
            return dict.fromkeys(given, message)
        if given and len(given) < len(votes):
            message = _("Give all three numbers of the vote, or none.")
            return {name: message for name in votes if name not in given}
        return {}


def delete_renditions_on_commit(renditions: list[dict], *, keep: Iterable[dict] = ()) -> None:
    """Delete these rendition files once the transaction commits (a rollback keeps the
    row that names them), except those in `keep` or still named by any highlight."""
    kept = {r["name"] for r in keep}
    names = {r["name"] for r in renditions} - kept
    if not names:
        return
    storage = Highlight._meta.get_field("image").storage

    def delete():
        # Two highlights with the same stored image share its renditions. A few hundred
        # small lists at most, read only when an image changes or a highlight goes.
        in_use = {
            r["name"]
            for stored in Highlight.objects.exclude(image="").values_list(
                "image_renditions", flat=True
            )
            for r in stored
        }
        images.delete_renditions(sorted(names - in_use), storage)

    transaction.on_commit(delete, robust=True)


@receiver(post_delete, sender=Highlight, dispatch_uid="impact_highlight_renditions")
def delete_highlight_renditions(sender, instance, **kwargs):
    delete_renditions_on_commit(instance.image_renditions)


class SourceLink(models.Model):
    highlight = models.ForeignKey(Highlight, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["highlight", "position", "pk"]
        verbose_name = _("source link")
        verbose_name_plural = _("source links")

    def __str__(self):
        return self.title


class FigureSource(models.TextChoices):
    TYPED = "typed", _("Typed in")
    APPLICANTS = "applicants", _("Applicants to an edition")
    PLACES = "places", _("Places in an edition")
    SELECTED = "selected", _("Applicants selected in an edition")
    SELECTED_OF_APPLICANTS = "selected-of-applicants", _("Selected of applicants (“16 of 434”)")
    SATISFIED = "satisfied", _("Participants satisfied or very satisfied (%)")


class KeyFigure(models.Model):
    """A figure of the review: typed in, or computed from an edition's live data."""

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="key_figures")
    source = models.CharField(
        _("source"),
        max_length=30,
        choices=FigureSource,
        default=FigureSource.TYPED,
        help_text=_("Type the value in, or let the site compute it from an edition's data."),
    )
    edition = models.ForeignKey(
        "programmes.Edition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="key_figures",
        verbose_name=_("edition"),
        help_text=_("The edition a computed figure counts."),
    )
    value = models.CharField(
        _("value"),
        max_length=30,
        blank=True,
        help_text=_("As readers should see it, e.g. “1,000” or “100”. Only for typed figures."),
    )
    unit = models.CharField(
        _("unit"),
        max_length=30,
        blank=True,
        help_text=_("Shown after the value, e.g. “%” or “+”."),
    )
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    # What readers see, set by impact.selectors.attach_shown_values() (not stored).
    shown_value: str
    shown_unit: str
    hidden_because: str

    class Meta:
        ordering = ["review", "position", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.CheckConstraint(
                condition=(Q(source=FigureSource.TYPED) & ~Q(value=""))
                | (~Q(source=FigureSource.TYPED) & Q(edition__isnull=False)),
                name="impact_keyfigure_typed_or_computed",
                violation_error_message=_(
                    "Type a value, or choose the edition a computed figure counts."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.value or self.get_source_display()}{self.unit} {self.label}"
