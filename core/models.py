"""What both apps build on: publication (draft, scheduled, published), themes, and the pages
staff write for the whole site (the privacy notice).

Themes and pages have a history and their texts in each language, declared in
core/translation.py.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
