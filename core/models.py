"""What both apps build on: publication (draft, scheduled, published), themes, the pages
staff write for the whole site (the privacy notice), and links that show a draft to people
without an account.

Themes and pages have a history and their texts in each language, declared in
core/translation.py.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .dates import GENEVA
from .fields import RichTextField


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """What the public may see: marked published, and its publication time has come."""
        return self.filter(state=PublicationState.PUBLISHED, publish_at__lte=at or timezone.now())


def now_to_the_second():
    """The admin edits times to the second; a default with microseconds would make every
    save of an untouched form look like a change of "publish at" in the history."""
    return timezone.now().replace(microsecond=0)


class Publishable(models.Model):
    """A draft until an editor publishes it; a future `publish_at` schedules it."""

    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    publish_at = models.DateTimeField(
        _("publish at"),
        default=now_to_the_second,
        db_index=True,
        help_text=_(
            "Published items appear from this moment (Geneva time). "
            "Set a future time to schedule publication."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Whatever path the time came by (the shell, load_demo, an import), store it as the
        # admin shows it, so that an untouched form does not count as a change in the history.
        if self.publish_at:
            self.publish_at = self.publish_at.replace(microsecond=0)
        super().save(*args, **kwargs)


class Theme(models.Model):
    """What a highlight, an edition or an application is about (reprisals, women defenders…)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        # The table it had when themes belonged to the review (core/migrations/0001).
        db_table = "impact_theme"
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name


class Page(models.Model):
    """A page of the site that staff write, at a fixed address: the privacy notice at
    `/privacy/`. A migration writes the first version (core/migrations/0002)."""

    class Slug(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")

    slug = models.SlugField(_("page"), choices=Slug, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("One or two sentences: the page in short.")
    )
    body = RichTextField(_("text"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(self.slug)


class PreviewLinkQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "PreviewLinkQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )

    def usable(self, *, at=None) -> "PreviewLinkQuerySet":
        """Links that still open their draft: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())


class PreviewLink(models.Model):
    """A link that shows a draft (a review, a highlight) to anyone who has it, without an
    account, until it expires or is revoked (core/previews.py).

    Only the SHA-256 of the link's token is stored: someone who reads the table (a backup, a
    leak) cannot open a draft with it. The token is random and 256 bits long, so a plain
    hash is enough; a slow hash guards passwords, which people choose.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    token_hash = models.CharField(max_length=64, editable=False)
    note = models.CharField(
        _("for"),
        max_length=100,
        blank=True,
        help_text=_("Optional: who the link is for, e.g. “the board”."),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    last_opened_at = models.DateTimeField(_("last opened at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["token_hash"], name="core_previewlink_token_hash"),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="core_previewlink_expires_after_creation",
            ),
        ]

    def __str__(self):
        return str(_("Preview link made at %(when)s")) % {
            "when": date_format(timezone.localtime(self.created_at), "DATETIME_FORMAT")
        }

    @property
    def last_day(self) -> date:
        """The last day the link works, in Geneva: it expires at the following midnight."""
        return timezone.localtime(self.expires_at - timedelta(microseconds=1), GENEVA).date()

    def is_usable(self, *, at=None) -> bool:
        return self.revoked_at is None and self.expires_at > (at or timezone.now())


class ScheduledRun(models.Model):
    """One run of a periodic job (settings.SCHEDULED_JOBS) for one of its slots, written by
    the scheduler that enqueued it (core/scheduler.py). Whoever inserts the row enqueues the
    task: with several schedulers on several machines, the constraint lets one of them."""

    job = models.CharField(max_length=64)
    # When this run was due: the start of the interval, or the day's time in Geneva.
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    # The task result's id on the queue, for whoever follows a run in the task results.
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="core_scheduledrun_once_per_slot")
        ]

    def __str__(self):
        return f"{self.job} due {self.slot.isoformat()}"
