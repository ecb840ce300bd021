import secrets
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import RichTextField
from core.models import PublicationState, Publishable, PublishableQuerySet

from .encryption import EncryptedTextField
from .storage import private_storage, random_upload_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Programme(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=20, help_text=_("e.g. HRDAP"))
    summary = models.TextField(_("summary"), max_length=400)
    description = RichTextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programmes:programme", kwargs={"slug": self.slug})


class EditionQuerySet(PublishableQuerySet):
    def open_calls(self, *, at=None):
        """Published editions whose call for applications is open at this moment."""
        at = at or timezone.now()
        return self.published(at=at).filter(call_opens__lte=at, call_closes__gt=at)


class Edition(Publishable):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="editions", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    places = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="editions", verbose_name=_("themes")
    )
    call_opens = models.DateTimeField(_("call opens"), null=True, blank=True)
    call_closes = models.DateTimeField(
        _("call closes"),
        null=True,
        blank=True,
        help_text=_("Geneva time. Applications are refused from this second on."),
    )
    decisions_by = models.DateField(
        _("decisions expected by"),
        null=True,
        blank=True,
        help_text=_("Told to applicants on the confirmation page and in the email."),
    )
    eligibility = RichTextField(_("eligibility"), blank=True)
    costs = RichTextField(_("costs and scholarships"), blank=True)
    selection = RichTextField(_("how selection works"), blank=True)
    hide_identity_from_reviewers = models.BooleanField(
        _("hide applicants' identity from reviewers"),
        default=True,
        help_text=_(
            "Reviewers then see no name, email or organisation, only the reference and the "
            "answers. Reviewers may come from outside ISHR; keep this on unless they must know."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep unsuccessful applications for (months)"),
        default=12,
        help_text=_(
            "Counted from the edition's last day (its last component, or else the close of "
            "the call or the decisions date, whichever is latest). Then every application not "
            "selected is anonymised: name, contact details, answers, reviewers' comments and "
            "documents are erased for good; country, themes, status and scores stay for "
            "statistics. Selected applicants are kept until erased on request."
        ),
    )

    # Replaces Publishable's manager, which mypy reads as a class variable.
    objects = EditionQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["programme", "-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"], name="programmes_edition_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(call_opens__isnull=True)
                | Q(call_closes__isnull=True)
                | Q(call_opens__lt=models.F("call_closes")),
                name="programmes_edition_call_opens_before_it_closes",
                violation_error_message=_("The call must open before it closes."),
            ),
        ]

    def __str__(self):
        return f"{self.programme.short_name} {self.year}"

    def get_absolute_url(self):
        return reverse(
            "programmes:edition", kwargs={"slug": self.programme.slug, "year": self.year}
        )

    def get_apply_url(self):
        return reverse("programmes:apply", kwargs={"slug": self.programme.slug, "year": self.year})

    def call_is_open(self, *, at=None) -> bool:
        at = at or timezone.now()
        return bool(
            self.call_opens and self.call_closes and self.call_opens <= at < self.call_closes
        )

    def call_is_upcoming(self, *, at=None) -> bool:
        return bool(self.call_opens and (at or timezone.now()) < self.call_opens)


class Criterion(models.Model):
    """One of an edition's published selection criteria; reviewers score each from 0 to 5."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("edition")
    )
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what reviewers look for"), max_length=600, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self):
        return self.name


class Component(models.Model):
    """One part of an edition: the online course, the days in Geneva, a virtual training."""

    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in-person", _("In person")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="components")
    mode = models.CharField(_("mode"), max_length=20, choices=Mode)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    council_session = models.CharField(
        _("Human Rights Council session"), max_length=20, blank=True, help_text=_("e.g. HRC56")
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["edition", "starts_on", "pk"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")),
                name="programmes_component_starts_before_it_ends",
                violation_error_message=_("A component must start before it ends."),
            ),
        ]

    def __str__(self):
        return self.name


# --- People -------------------------------------------------------------------------------


class Visibility(models.TextChoices):
    NAMED = "named", _("Named")
    ANONYMOUS = "anonymous", _('Anonymous ("a defender from …")')
    HIDDEN = "hidden", _("Not shown")


class ParticipantQuerySet(models.QuerySet):
    def public(self):
        """Participants the public may see: shown by choice, with consent on record."""
        return self.exclude(visibility=Visibility.HIDDEN).exclude(consent_recorded_on=None)


# Country names that English writes with "the" inside a sentence ("a defender from the
# Philippines"). django-countries gives the bare names; other languages get their own
# translations of the whole sentence, so this applies to English only.
ENGLISH_NAMES_WITH_THE = {
    "AE", "BS", "CD", "CF", "CG", "CZ", "DO", "FK", "FO", "GB", "GM", "KM", "KY", "MH", "MV",
    "NL", "PH", "SB", "SC", "TC", "US", "VA", "VG", "VI",
}  # fmt: skip


def country_in_a_sentence(country) -> str:
    name = str(country.name)
    if get_language() in (None, "en") and country.code in ENGLISH_NAMES_WITH_THE:
        name = name.removesuffix(" (The)").removesuffix(" (the)")
        return f"the {name}"
    return name


class Participant(models.Model):
    """A person who took part in an edition, shown only as they chose.

    Safety first: many defenders face reprisals for engaging with the UN, so the default is
    not to show them at all, and nothing is public without a recorded consent.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="participants", verbose_name=_("edition")
    )
    display_name = models.CharField(
        _("display name"), max_length=200, help_text=_("Shown only when visibility is “named”.")
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("Shown only when visibility is “named”."),
    )
    country = CountryField(_("country"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility, default=Visibility.HIDDEN
    )
    consent_recorded_on = models.DateField(
        _("consent recorded on"),
        null=True,
        blank=True,
        help_text=_("The day the person agreed to be shown this way. Required to show them."),
    )
    consent_note = models.CharField(
        _("how consent was given"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Signed form, kept by the programme team”."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility=Visibility.HIDDEN) | Q(consent_recorded_on__isnull=False),
                name="programmes_participant_shown_only_with_consent",
                violation_error_message=_(
                    "Record the day the person consented before showing them on the site."
                ),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def public_label(self) -> "StrOrPromise":
        """How the public sees this person ("" when they are not shown)."""
        if self.visibility == Visibility.HIDDEN or not self.consent_recorded_on:
            return ""
        if self.visibility == Visibility.NAMED:
            return self.display_name
        if self.country:
            return _("A defender from %(country)s") % {
                "country": country_in_a_sentence(self.country)
            }
        return _("A defender")


class TestimonialQuerySet(PublishableQuerySet):
    def public(self, *, at=None):
        return self.published(at=at).exclude(consent_recorded_on=None)


class Testimonial(Publishable):
    """A participant's words about an edition, published only with their consent."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="testimonials", verbose_name=_("edition")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="testimonials",
        verbose_name=_("participant"),
        help_text=_("Optional. The quote is attributed as the participant chose to be shown."),
    )
    quote = models.TextField(_("quote"), max_length=1200)
    attribution = models.CharField(
        _("attribution"),
        max_length=200,
        blank=True,
        help_text=_(
            "How this quote is signed, as its author agreed, e.g. “A woman defender from "
            "Latin America”. Leave empty to sign it the way the participant chose to be shown."
        ),
    )
    consent_recorded_on = models.DateField(
        _("consent recorded on"),
        null=True,
        blank=True,
        help_text=_("The day the person agreed to this quote being published. Required."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    # Replaces Publishable's manager, which mypy reads as a class variable.
    objects = TestimonialQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        constraints = [
            models.CheckConstraint(
                condition=Q(state=PublicationState.DRAFT) | Q(consent_recorded_on__isnull=False),
                name="programmes_testimonial_published_only_with_consent",
                violation_error_message=_(
                    "Record the day the person consented before publishing their words."
                ),
            ),
        ]

    def __str__(self):
        return Truncator(self.quote).words(8)

    def clean(self):
        if self.participant is not None and self.participant.edition_id != self.edition_id:
            raise ValidationError(
                {"participant": _("Choose a participant of this testimonial's edition.")}
            )

    @property
    def public_attribution(self) -> "StrOrPromise":
        """The quote's own attribution when set (consent is given per quote), otherwise the
        way its participant chose to be shown."""
        if self.attribution:
            return self.attribution
        label = self.participant.public_label if self.participant else ""
        return label or _("A participant")


# --- Applications ---------------------------------------------------------------------------


def cv_upload_to(instance, filename):
    return random_upload_name("applications/cv", filename)


def letter_upload_to(instance, filename):
    return random_upload_name("applications/letters", filename)


class EnglishLevel(models.TextChoices):
    FLUENT = "fluent", _("Fluent or native")
    WORKING = "working", _("Good: I can follow training and speak in meetings")
    BASIC = "basic", _("Basic: I would need support")


class Availability(models.TextChoices):
    YES = "yes", _("Yes, for all of it")
    PARTLY = "partly", _("Only for part of it (please explain below)")
    NO = "no", _("No")


class Scholarship(models.TextChoices):
    NONE = "none", _("No, my organisation or I can cover the costs")
    PARTIAL = "partial", _("Yes, a partial scholarship")
    FULL = "full", _("Yes, a full scholarship")


class ApplicationAnswers(models.Model):
    """What an applicant writes: shared by a submitted application and a saved draft.

    The verbose names are the questions as staff read them: short and in the third person,
    in the admin, its filters, the reviewers' pages and the CSV's headers. Applicants read
    their own wording, `forms.LABELS`.
    """

    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    discreet_emails = models.BooleanField(
        _("discreet emails"),
        default=False,
        help_text=_("Subjects and first lines that do not say what the person applied to."),
    )
    country = CountryField(_("country"))
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=200)
    other_focus = models.CharField(_("other thematic focus"), max_length=200, blank=True)
    advocacy_experience = EncryptedTextField(_("advocacy at home"), max_length=2000)
    un_engagement = EncryptedTextField(_("engagement with the UN"), max_length=2000)
    geneva_objectives = EncryptedTextField(_("aims in Geneva"), max_length=2000)
    peer_learning = EncryptedTextField(_("contribution to the group"), max_length=2000)
    english_level = models.CharField(_("English"), max_length=20, choices=EnglishLevel)
    available_online = models.CharField(
        _("available for the online course"), max_length=10, choices=Availability
    )
    available_geneva = models.CharField(
        _("available for the days in Geneva"), max_length=10, choices=Availability
    )
    availability_notes = EncryptedTextField(_("notes on availability"), max_length=600, blank=True)
    scholarship = models.CharField(_("scholarship"), max_length=10, choices=Scholarship)
    recommending_organisation = models.CharField(_("recommending organisation"), max_length=200)
    cv = models.FileField(_("CV"), upload_to=cv_upload_to, storage=private_storage, max_length=200)
    reference_letter = models.FileField(
        _("reference letter"), upload_to=letter_upload_to, storage=private_storage, max_length=200
    )

    class Meta:
        abstract = True

    def stored_files(self):
        return [f for f in (self.cv, self.reference_letter) if f]


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def decisions(cls):
        """The statuses an applicant is told of by a decision email."""
        return [cls.SELECTED, cls.WAITLISTED, cls.DECLINED]


# Where an application may go from each status. A decision may still be taken back to the
# shortlist until its email has gone (`services.change_status` checks that); an applicant may
# withdraw at any point before a final answer.
TRANSITIONS = {
    Status.SUBMITTED: {Status.SHORTLISTED, Status.DECLINED, Status.WITHDRAWN},
    Status.SHORTLISTED: {
        Status.SUBMITTED,
        Status.SELECTED,
        Status.WAITLISTED,
        Status.DECLINED,
        Status.WITHDRAWN,
    },
    Status.WAITLISTED: {Status.SHORTLISTED, Status.SELECTED, Status.DECLINED, Status.WITHDRAWN},
    Status.SELECTED: {Status.SHORTLISTED, Status.WITHDRAWN},
    Status.DECLINED: {Status.SHORTLISTED},
    Status.WITHDRAWN: set(),
}


# Letters and digits that cannot be mistaken for one another when read aloud or copied by hand
# (no 0/O, 1/I/L, U/V).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
REFERENCE_LENGTH = 6


class Application(ApplicationAnswers):
    """A submitted application to an edition's call. Drafts are `ApplicationDraft`."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="applications", verbose_name=_("edition")
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    submission_token = models.UUIDField(
        _("submission token"),
        unique=True,
        editable=False,
        help_text=_("One per form shown, so that a form sent twice makes one application."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="applications", verbose_name=_("thematic focus")
    )
    consent_selection = models.BooleanField(_("consents to processing for selection"))
    consent_share_cohosts = models.BooleanField(_("consents to sharing with co-hosts"))
    consent_publication = models.BooleanField(_("consents to publication if selected"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When the retention period ended; since then the row keeps only what statistics need."
        ),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                models.F("edition"),
                Lower("email"),
                name="programmes_application_one_per_email",
                violation_error_message=_(
                    "An application with this email address was already sent for this edition."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consent_selection=True),
                name="programmes_application_consents_to_selection",
                violation_error_message=_("An application needs consent to process it."),
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]
        permissions = [("export_application", _("Can export applications"))]

    def __str__(self):
        return self.reference

    @staticmethod
    def new_reference(edition: Edition) -> str:
        """`HRDAP27-7K3Q9D`: the programme, the edition's year, six random characters."""
        prefix = "".join(c for c in edition.programme.short_name.upper() if c.isalnum())
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        return f"{prefix}{edition.year % 100:02d}-{code}"


class ApplicationDraft(ApplicationAnswers):
    """Answers saved with "Save and continue later". Not an application until submitted.

    Every answer may be empty except the email, which receives the private link back to the
    draft. Drafts are deleted when the call closes (`manage.py apply_retention`).
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="drafts", verbose_name=_("edition")
    )
    theme_ids = models.JSONField(_("thematic focus"), default=list, blank=True)
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        unique=True,
        editable=False,
        help_text=_("The form that made the draft, so that a form saved twice makes one draft."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application draft")
        verbose_name_plural = _("application drafts")

    def __str__(self):
        return f"Draft {self.pk} for {self.edition}"


# How long a form's kept documents count as chosen; `apply_retention` deletes them after a
# day (retention.ORPHAN_AFTER), an hour later, so that none goes while a form uses it.
KEPT_UPLOAD_LIFETIME = timedelta(hours=23)


class KeptUploadQuerySet(models.QuerySet):
    def for_form(self, submission_token, *, at=None) -> dict[str, "KeptUpload"]:
        """The documents kept for the form with this token, by field; {} for a token that
        is not a UUID. Only that token reaches them."""
        try:
            token = uuid.UUID(str(submission_token))
        except ValueError:
            return {}
        at = at or timezone.now()
        rows = self.filter(submission_token=token, created_at__gt=at - KEPT_UPLOAD_LIFETIME)
        return {row.document: row for row in rows}


def kept_upload_to(instance, filename):
    # The folder of the document it stands for, so that the application takes the file as
    # it is stored.
    upload_to = {"cv": cv_upload_to, "reference_letter": letter_upload_to}[instance.document]
    return upload_to(instance, filename)


class KeptUpload(models.Model):
    """A document sent with a form that failed on another answer, kept for that form alone
    (its one-time submission token), so that the applicant need not choose it again. The
    application or draft that form makes takes the file; `apply_retention` deletes the rest.
    """

    class Document(models.TextChoices):
        CV = "cv", _("CV")
        REFERENCE_LETTER = "reference_letter", _("reference letter")

    submission_token = models.UUIDField(_("submission token"), editable=False)
    document = models.CharField(_("document"), max_length=20, choices=Document)
    file = models.FileField(
        _("file"), upload_to=kept_upload_to, storage=private_storage, max_length=200
    )
    # The name on the applicant's device, shown back to them; it may name them.
    chosen_name = EncryptedTextField(_("name as chosen"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = KeptUploadQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("kept document")
        verbose_name_plural = _("kept documents")
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token", "document"],
                name="programmes_keptupload_one_per_document",
            )
        ]

    def __str__(self):
        return f"Kept {self.document} {self.pk}"


# --- Review and decisions --------------------------------------------------------------------


class StatusChange(models.Model):
    """One change of an application's status: who made it and when."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("application"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["application", "changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(submitted_at=None)


class Review(models.Model):
    """A reviewer's assignment to an application, and once submitted their scores."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("application"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="application_reviews",
        verbose_name=_("reviewer"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    comment = models.TextField(_("overall comment"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="programmes_review_one_per_reviewer"
            ),
        ]

    def __str__(self):
        # Never the applicant's name: this string lands in the admin's history and titles,
        # which reviewers read even when the edition hides identities.
        return _("Review of %(reference)s") % {"reference": self.application.reference}


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["review", "criterion__position", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="programmes_score_one_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=5), name="programmes_score_from_0_to_5"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class DecisionTemplate(models.Model):
    """The email an edition's applicants receive for one decision, as staff wrote it."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="decision_templates",
        verbose_name=_("edition"),
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=[(s.value, s.label) for s in Status.decisions()]
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=8000)

    class Meta:
        ordering = ["edition", "decision"]
        verbose_name = _("decision email")
        verbose_name_plural = _("decision emails")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "decision"], name="programmes_decisiontemplate_one_per_decision"
            ),
        ]

    def __str__(self):
        return f"{self.edition}: {self.get_decision_display()}"


class OutgoingEmail(models.Model):
    """One email of the site's, from the moment it is written to the moment it is sent (the
    outbox: programmes/outbox.py). Written in the same transaction as what it reports, sent
    once that has committed and the page has gone, tried again with growing pauses while the
    mail server fails. The body carries references and private links: it is encrypted, never
    shown in the admin, and erased once the message is sent."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("application received")
        SECOND_FORM = "second-form", _("second form from an address")
        DRAFT_LINK = "draft-link", _("link to a saved draft")
        DECISION = "decision", _("decision")

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed: no more attempts")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.WAITING)
    to = models.EmailField(_("to"), max_length=254)
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = EncryptedTextField(_("body"), blank=True)
    # Fixed when the message is written: a message sent again (a worker killed between the
    # mail server's answer and the record of it) is the same message to mail clients.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("application"),
    )
    draft = models.ForeignKey(
        ApplicationDraft,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("draft"),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    send_after = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A sender holds a message until then while it sends it; another leaves it alone.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [models.Index(fields=["state", "send_after"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_state_display()})"


class DecisionEmail(models.Model):
    """The record of one decision email: made once per application and decision, so that a
    batch sent twice, or by two managers at once, mails nobody twice. The message itself
    goes through the outbox (`message`)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="decision_emails",
        verbose_name=_("application"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Status)
    subject = models.CharField(_("subject"), max_length=200)
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    message = models.OneToOneField(
        OutgoingEmail,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("email"),
    )

    class Meta:
        ordering = ["application", "queued_at", "pk"]
        verbose_name = _("decision email sent")
        verbose_name_plural = _("decision emails sent")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "decision"], name="programmes_decisionemail_once"
            ),
        ]

    def __str__(self):
        return f"{self.application}: {self.get_decision_display()}"


class DecisionEmailBatch(models.Model):
    """One press of "Send decision emails": who sent it, when, and the messages it queued or
    queued again. Its page in the admin shows how many have gone, wait or failed."""

    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # A message erased with its applicant leaves the batch with it.
    messages = models.ManyToManyField(
        OutgoingEmail, related_name="decision_batches", verbose_name=_("emails")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("batch of decision emails")
        verbose_name_plural = _("batches of decision emails")

    def __str__(self):
        return _("Decision emails of %(date)s") % {
            "date": timezone.localtime(self.created_at).strftime("%Y-%m-%d %H:%M")
        }


class Satisfaction(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("Very dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")


class FeedbackResponse(models.Model):
    """One participant's answer to the end-of-edition survey. Anonymous by design."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("edition")
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)

    class Meta:
        ordering = ["edition", "received_on", "pk"]
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=5),
                name="programmes_feedback_satisfaction_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.edition}: {self.get_satisfaction_display()}"


class ApplicationExport(models.Model):
    """A record of each CSV export of applications: who, when, how many rows, what."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported at"), default=timezone.now)
    row_count = models.PositiveIntegerField(_("rows"))
    columns = models.JSONField(_("columns"), default=list)
    filters = models.CharField(_("filters"), max_length=1000, blank=True)

    class Meta:
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("application export")
        verbose_name_plural = _("application exports")

    def __str__(self):
        return f"{self.exported_at:%Y-%m-%d %H:%M} ({self.row_count})"


class DocumentDownload(models.Model):
    """A record of each time staff downloaded an applicant's CV or letter: who and when."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="document_downloads",
        verbose_name=_("application"),
    )
    document = models.CharField(
        _("document"),
        max_length=30,
        choices=[("cv", _("CV")), ("reference_letter", _("reference letter"))],
    )
    downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("downloaded by"),
    )
    downloaded_at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        ordering = ["application", "-downloaded_at", "-pk"]
        verbose_name = _("document download")
        verbose_name_plural = _("document downloads")

    def __str__(self):
        return f"{self.application}: {self.get_document_display()}"


class DataRemoval(models.Model):
    """The record of one removal of applicants' data: a daily retention run or an erasure on
    request. It says who, when and how much, and which references; never a name or an email,
    so the record itself keeps nothing it was made to remove."""

    class Kind(models.TextChoices):
        RETENTION_RUN = "retention-run", _("Retention run")
        ERASURE = "erasure", _("Erasure on request")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    done_at = models.DateTimeField(_("done at"), default=timezone.now)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
        help_text=_("Empty for the daily retention run."),
    )
    drafts_deleted = models.PositiveIntegerField(_("drafts deleted"), default=0)
    applications_anonymised = models.PositiveIntegerField(_("applications anonymised"), default=0)
    applications_erased = models.PositiveIntegerField(_("applications erased"), default=0)
    files_deleted = models.PositiveIntegerField(_("documents deleted"), default=0)
    references = models.JSONField(
        _("references"),
        default=list,
        blank=True,
        help_text=_("The references of the applications anonymised or erased."),
    )

    class Meta:
        ordering = ["-done_at", "-pk"]
        verbose_name = _("data removal")
        verbose_name_plural = _("data removals")

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.done_at):%Y-%m-%d %H:%M}"
