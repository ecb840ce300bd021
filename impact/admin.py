from collections.abc import Callable
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from simple_history.admin import SimpleHistoryAdmin

from core.admin import HistoryReasonMixin, StateFilter, publication_label
from core.admin_previews import PreviewLinksAdminMixin
from core.admin_translation import (
    SideBySideStackedInline,
    SideBySideTranslationAdmin,
    translated_search_fields,
)
from core.models import PublicationState, now_to_the_second
from programmes.models import Edition

from . import selectors, services, views
from .images import reencode
from .models import (
    AnnualReview,
    FigureSource,
    Highlight,
    KeyFigure,
    SourceLink,
)

# Pillow refuses images above this many pixels as possible decompression bombs; editors get
# a plain message long before that.
MAX_IMAGE_PIXELS = 40_000_000


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = selectors.highlight_countries()
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        code = self.value()
        if code and code in countries:
            # Stored as "AF,TJ": codes are two letters between commas, so this cannot match
            # part of another code.
            return queryset.filter(countries__contains=code)
        return queryset


class ThemeFilter(admin.RelatedFieldListFilter):
    """Django offers highlights without a theme under the admin's empty value, a lone "-";
    this names it."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = format_html("{}", _("No theme"))


# Editors paste addresses without a scheme; they are meant as https.
URL_AS_HTTPS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class PublishableAdminMixin(PreviewLinksAdminMixin, HistoryReasonMixin):
    """State column, publish/unpublish actions, a staff-only preview for public pages, and
    preview links that show a draft to people without an account."""

    formfield_overrides = URL_AS_HTTPS
    actions = ["publish_now", "make_draft"]
    change_form_template = "admin/impact/change_form_with_preview.html"
    preview_view: Callable[[HttpRequest, Any], HttpResponse] | None = None

    @admin.display(description=_("state"), ordering="state")
    def publication(self, obj):
        return publication_label(obj)

    @admin.action(description=_("Publish the selected items now"), permissions=["change"])
    def publish_now(self, request, queryset):
        now = now_to_the_second()
        # Items already public keep their date, so the feed does not show them as new.
        to_publish = queryset.exclude(state=PublicationState.PUBLISHED, publish_at__lte=now)
        count = self._change_each(
            request,
            to_publish,
            _("Published with the list's action."),
            state=PublicationState.PUBLISHED,
            publish_at=now,
        )
        self.message_user(
            request,
            ngettext("%d item published.", "%d items published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Turn the selected items back into drafts"), permissions=["change"]
    )
    def make_draft(self, request, queryset):
        to_unpublish = queryset.filter(state=PublicationState.PUBLISHED)
        count = self._change_each(
            request,
            to_unpublish,
            _("Turned into a draft with the list's action."),
            state=PublicationState.DRAFT,
        )
        self.message_user(
            request,
            ngettext("%d item is now a draft.", "%d items are now drafts.", count) % count,
            messages.SUCCESS,
        )

    def _change_each(self, request, queryset, reason, **values) -> int:
        """Save one by one (not `update()`), so the history and the admin log record who
        published or unpublished what."""
        fields = [self.model._meta.get_field(name) for name in values]
        count = 0
        for obj in queryset:
            for name, value in values.items():
                setattr(obj, name, value)
            obj._change_reason = str(reason)
            obj.save(update_fields=[*values, "updated_at"])
            self.log_change(
                request, obj, [{"changed": {"fields": [str(f.verbose_name) for f in fields]}}]
            )
            count += 1
        return count

    @property
    def preview_url_name(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_preview"

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview),
                name=self.preview_url_name,
            ),
            *super().get_urls(),
        ]

    def preview(self, request, object_id):
        obj = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        view = type(self).preview_view
        assert view is not None  # each admin that uses the mixin names its preview
        return view(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        # An address whose id is not a number names no object: Django's change view answers
        # it as a missing one (back to the list, with a message), where reverse() would fail.
        if str(object_id).isdigit():
            extra_context["preview_url"] = reverse(
                f"admin:{self.preview_url_name}", args=[object_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)


class KeyFigureForm(forms.ModelForm):
    class Meta:
        model = KeyFigure
        fields = ["position", "source", "edition", "value", "unit", "label"]
        help_texts = {
            "value": _("As readers should see it, e.g. “1,000”. Only for typed figures."),
            "unit": _(
                "Shown after a typed value or a computed count, e.g. “+”. Not shown after "
                "“16 of 434”; a percentage always ends with “%”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row posted without a source (as before figures could be computed) is typed in.
        self.fields["source"].required = False

    def clean_source(self):
        return self.cleaned_data.get("source") or FigureSource.TYPED

    def clean(self):
        """Field by field, what the database's typed-or-computed rule would refuse as a
        whole, so that the editor sees which box to fill in."""
        super().clean()
        cleaned = self.cleaned_data
        source, value = cleaned.get("source"), cleaned.get("value")
        if source == FigureSource.TYPED and not value:
            self.add_error(
                "value",
                _("Type the value readers should see, or choose a source to compute it from."),
            )
        elif source and source != FigureSource.TYPED:
            if not cleaned.get("edition"):
                self.add_error("edition", _("Choose the edition whose data this figure counts."))
            if value:
                self.add_error(
                    "value",
                    _("Leave the value empty: the site computes it from the edition's data."),
                )
        return cleaned


class KeyFigureInline(SideBySideStackedInline):
    """A figure per block, its fields in three short rows and its label's languages side by
    side: as a table, the label's three boxes pushed the unit and the value off a laptop's
    screen."""

    model = KeyFigure
    form = KeyFigureForm
    fields = [("position", "source", "edition"), ("value", "unit", "value_now"), "label"]
    readonly_fields = ["value_now"]
    extra = 0

    def get_queryset(self, request):
        return selectors.with_live_figures(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.select_related("programme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("value now"))
    def value_now(self, obj):
        """What readers see now, or why they see nothing (counted when the page loaded)."""
        if obj is None or obj.pk is None:
            return "—"
        selectors.attach_shown_values([obj])
        return obj.hidden_because or f"{obj.shown_value}{obj.shown_unit}"


class HighlightInline(admin.TabularInline):
    """The review's highlights in order; edit each on its own page, reorder them here."""

    model = Highlight
    fields = ["position", "title_link", "kind", "publication"]
    readonly_fields = ["title_link", "kind", "publication"]
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("highlights (change the position numbers to reorder)")

    @admin.display(description=_("title"))
    def title_link(self, obj):
        url = reverse("admin:impact_highlight_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.title)

    @admin.display(description=_("state"))
    def publication(self, obj):
        return publication_label(obj)


@admin.register(AnnualReview)
class AnnualReviewAdmin(PublishableAdminMixin, SideBySideTranslationAdmin, SimpleHistoryAdmin):
    preview_view = staticmethod(views.preview_review)
    list_display = ["year", "title", "publication", "publish_at", "highlight_count"]
    list_filter = [StateFilter]
    search_fields = translated_search_fields("title", "intro", "outlook")
    inlines = [KeyFigureInline, HighlightInline]
    fieldsets = [
        (None, {"fields": ["year", "title", "intro"]}),
        (_("Video"), {"fields": ["video_url", "video_title"]}),
        (_("Outlook"), {"fields": ["outlook"]}),
        (_("Publication"), {"fields": ["state", "publish_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(highlight_total=Count("highlights"))

    @admin.display(description=_("highlights"), ordering="highlight_total")
    def highlight_count(self, obj):
        add_url = reverse("admin:impact_highlight_add") + f"?review={obj.pk}"
        list_url = reverse("admin:impact_highlight_changelist") + f"?review__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            list_url,
            obj.highlight_total,
            add_url,
            _("add"),
        )


class SourceLinkInline(admin.TabularInline):
    model = SourceLink
    formfield_overrides = URL_AS_HTTPS
    fields = ["position", "title", "url"]
    extra = 1


def record_themes_in_latest_version(highlight: Highlight) -> None:
    """Replace the themes kept with the highlight's latest version by its themes now.

    Written against django-simple-history 3.13, whose versions keep their many-to-many
    rows in a model of their own (``HistoricalHighlight_themes``: the through model's fields
    and a ``history`` key); tests/impact/test_admin.py checks the result in the history page.
    """
    version = (
        apps.get_model("impact", "HistoricalHighlight").objects.filter(id=highlight.pk).latest()
    )
    kept = apps.get_model("impact", "HistoricalHighlight_themes")
    through = Highlight.themes.through
    names = [field.name for field in through._meta.fields]
    kept.objects.filter(history=version).delete()
    kept.objects.bulk_create(
        kept(history=version, **{name: getattr(row, name) for name in names})
        for row in through.objects.filter(highlight=highlight).select_related("theme")
    )


class BoxedFilteredSelectMultiple(FilteredSelectMultiple):
    """Django's two-box picker for a field that is not a relation, such as the countries.

    Django's SelectFilter2.js (5.2) builds the picker at the start of the select's parent
    element. For a relation that parent is the wrapper holding the "add another" links; a
    plain multiple-choice field has none, so the parent was the row itself and the picker
    came before the field's label, which ended up on its right. This box gives the picker a
    parent of its own (static/css/admin.css; tests/browser/test_admin_highlights.py checks
    where the label sits).
    """

    class Media:
        # Named with Django's script, so that the form's media keep ours after it.
        js = ["admin/js/SelectFilter2.js", "js/admin-filtered-select.js"]

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        return format_html('<div class="filtered-select-box">{}</div>', select)


class HighlightAdminForm(forms.ModelForm):
    class Meta:
        model = Highlight
        # The admin builds the form from its fieldsets; these are the fields checked here.
        fields = ["image", "image_alt", "image_credit", "countries"]
        widgets = {"countries": BoxedFilteredSelectMultiple(_("countries"), is_stacked=False)}

    def clean_image(self):
        image = self.cleaned_data.get("image")
        upload = getattr(image, "image", None)  # set by forms.ImageField on a new upload
        if image and upload is not None:
            if image.size > settings.IMAGE_UPLOAD_MAX_BYTES:
                raise forms.ValidationError(
                    _("This image is %(size)s; the limit is %(limit)s. Please resize it.")
                    % {
                        "size": filesizeformat(image.size),
                        "limit": filesizeformat(settings.IMAGE_UPLOAD_MAX_BYTES),
                    }
                )
            # Re-encoded: the stored file holds the pixels and nothing else (no EXIF, which
            # can say where a photo of a defender was taken; nothing appended).
            image = reencode(image, max_pixels=MAX_IMAGE_PIXELS)
        return image


@admin.register(Highlight)
class HighlightAdmin(PublishableAdminMixin, SideBySideTranslationAdmin, SimpleHistoryAdmin):
    preview_view = staticmethod(views.preview_highlight)
    form = HighlightAdminForm
    list_display = ["thumbnail", "title", "review__year", "kind", "publication", "position"]
    list_display_links = ["thumbnail", "title"]
    list_editable = ["position"]
    list_filter = ["review__year", "kind", StateFilter, CountryFilter, ("themes", ThemeFilter)]
    list_select_related = ["review"]
    search_fields = translated_search_fields("title", "summary", "body")
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["themes"]
    inlines = [SourceLinkInline]
    readonly_fields = ["image_preview"]
    fieldsets = [
        (None, {"fields": ["review", "kind", "title", "slug", "summary", "body"]}),
        (
            _("Image"),
            {"fields": ["image", "image_preview", "image_alt", "image_credit"]},
        ),
        (_("Countries and themes"), {"fields": ["countries", "themes"]}),
        (
            _("Outcome"),
            {
                "description": _(
                    "What changed, as facts: fill in only what is known and checked. The "
                    "highlight's page shows the facts that are filled in."
                ),
                "fields": [
                    "decided_by",
                    "session",
                    "decided_on",
                    "document_symbol",
                    ("votes_for", "votes_against", "votes_abstaining"),
                    "adopted_without_vote",
                    "ishr_role",
                    "partners",
                    "partners_may_be_named",
                ],
            },
        ),
        (_("Order and publication"), {"fields": ["position", "state", "publish_at"]}),
    ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.is_bound and "image" in form.changed_data:
            # Only a form that was not saved comes back here after a POST. Its instance holds
            # the chosen file, which was never stored: showing it as the current image would
            # show a broken link. Show what is stored instead, and ask for the file again.
            saved = form.initial.get("image")
            form.instance.image = saved.name if saved else ""
            if form.files.get(form.add_prefix("image")):
                form.add_error(
                    "image",
                    _(
                        "Choose the image again: it was not kept because of the errors on "
                        "this page."
                    ),
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The version just recorded holds the themes as they were: the form saves them after
        # the highlight (`form.save_m2m()`, from `save_related` or from a revert in the
        # history), and each change of themes would record a version of its own. Those are
        # skipped, and the themes saved are written into this one version instead.
        save_m2m = form.save_m2m

        def save_m2m_into_this_version():
            obj.skip_history_when_saving = True
            try:
                save_m2m()
            finally:
                del obj.skip_history_when_saving
            record_themes_in_latest_version(obj)

        form.save_m2m = save_m2m_into_this_version
        # Also reached by "revert" in the history. The renditions are made after the commit
        # (the change view's transaction), so that a save rolled back writes no files.
        services.make_renditions_on_commit(obj)

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        if not obj.image:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="64" height="36" class="admin-thumbnail" loading="lazy">',
            obj.image.url,
        )

    @admin.display(description=_("current image"))
    def image_preview(self, obj):
        if not obj.image:
            return _("No image yet.")
        return format_html(
            '<img src="{}" alt="{}" class="admin-image-preview">',
            obj.image.url,
            obj.image_alt,
        )
