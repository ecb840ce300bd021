from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impact.fields import RichTextField
from impact.models import Publishable, PublishableQuerySet


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
        "impact.Theme", blank=True, related_name="editions", verbose_name=_("themes")
    )
    call_opens = models.DateTimeField(_("call opens"), null=True, blank=True)
    call_closes = models.DateTimeField(
        _("call closes"),
        null=True,
        blank=True,
        help_text=_("Geneva time. Applications are refused from this second on."),
    )
    eligibility = RichTextField(_("eligibility"), blank=True)
    costs = RichTextField(_("costs and scholarships"), blank=True)
    selection = RichTextField(_("how selection works"), blank=True)

    objects = EditionQuerySet.as_manager()

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

    def call_is_open(self, *, at=None) -> bool:
        at = at or timezone.now()
        return bool(
            self.call_opens and self.call_closes and self.call_opens <= at < self.call_closes
        )

    def call_is_upcoming(self, *, at=None) -> bool:
        return bool(self.call_opens and (at or timezone.now()) < self.call_opens)


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
