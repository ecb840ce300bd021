"""Reviews in the admin: what a reviewer sees. Each user sees only the reviews assigned to
them; the application is shown as the form's sections, without identity when the edition
hides it."""

from typing import cast

from django.contrib import admin
from django.db import models
from django.db.models import Avg
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_documents import document_urls, send_document
from .admin_mixins import NotFoundOutsideQuerysetMixin, OfferedFiltersOnlyMixin
from .forms import FILE_FIELDS, IDENTITY_FIELDS, SECTIONS, ReviewForm
from .models import Application, Review


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("todo", _("To do")), ("done", _("Complete"))]

    def queryset(self, request, queryset):
        if self.value() == "todo":
            return queryset.filter(submitted_at=None)
        if self.value() == "done":
            return queryset.exclude(submitted_at=None)
        return queryset


@admin.register(Review)
class ReviewAdmin(NotFoundOutsideQuerysetMixin, OfferedFiltersOnlyMixin, admin.ModelAdmin):
    """A reviewer's own reviews, and nothing else: each user sees only those assigned to them
    (managers read everyone's on the application's page). When the edition hides identities
    the pages carry no name, email or organisation: the application is its reference."""

    form = ReviewForm
    list_display = ["application", "edition", "assigned_at", "state", "own_average"]
    list_filter = [ReviewStateFilter, ("application__edition", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["application__edition__programme"]
    search_fields = ["application__reference"]
    readonly_fields = ["reference", "edition", "answers"]

    class Media:
        css = {"all": ["css/admin-review.css"]}

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Your reviews"), **(extra_context or {})}
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(reviewer=request.user)
            .select_related("application__edition__programme")
            .annotate(own_average_value=Avg("scores__value"))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Managers remove an assignment on the application's page; a reviewer never.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        criteria = list(obj.application.edition.criteria.all()) if obj else []
        # The scores are the form's own fields (one per criterion), not model fields.
        kwargs["fields"] = ["comment"]
        form_class = super().get_form(request, obj, change=change, **kwargs)

        # A subclass of the class Django made at run time, which mypy cannot follow.
        class BoundReviewForm(form_class):  # type: ignore[valid-type,misc]
            def __init__(self, *args, **inner):
                super().__init__(*args, criteria=criteria, **inner)

        return BoundReviewForm

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["comment"]})]
        criteria = obj.application.edition.criteria.all()
        score_fields = []
        for criterion in criteria:
            score_fields += [
                ReviewForm.score_field(criterion),
                ReviewForm.comment_field(criterion),
            ]
        return [
            (None, {"fields": ["reference", "edition"]}),
            (_("The application"), {"fields": ["answers"]}),
            (
                _("Scores against the published criteria (0 = not at all, 5 = fully)"),
                {"fields": score_fields, "classes": ["review-scores"]},
            ),
            (_("Overall"), {"fields": ["comment", "submit_review"]}),
        ]

    def save_model(self, request, obj, form, change):
        services.save_review(
            review=obj,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            submit=form.cleaned_data["submit_review"],
        )

    @admin.display(description=_("application"))
    def reference(self, obj):
        return obj.application.reference

    @admin.display(description=_("edition"))
    def edition(self, obj):
        return obj.application.edition

    @admin.display(description=_("state"), ordering="submitted_at")
    def state(self, obj):
        return _("Complete") if obj.submitted_at else _("To do")

    @admin.display(description=_("your average"), ordering="own_average_value")
    def own_average(self, obj):
        value = obj.own_average_value
        return "—" if value is None else f"{value:.1f}"

    @admin.display(description=_("answers"))
    def answers(self, obj):
        application = obj.application
        hidden = application.edition.hide_identity_from_reviewers
        sections = []
        for section in SECTIONS:
            if not section.shown_to_reviewers:
                continue
            rows = []
            for name in section.fields:
                # A CV or a letter names its author: with identity hidden, no documents.
                if hidden and (name in IDENTITY_FIELDS or name in FILE_FIELDS):
                    continue
                # Each question is a field of the application itself, never a reverse relation.
                label = cast(models.Field, Application._meta.get_field(name)).verbose_name
                if name in FILE_FIELDS:
                    url = reverse("admin:programmes_review_file", args=[obj.pk, name])
                    value = (
                        format_html('<a href="{}">{}</a>', url, _("Download"))
                        if getattr(application, name)
                        else "—"
                    )
                elif name == "themes":
                    value = ", ".join(t.name for t in application.themes.all()) or "—"
                elif name == "country":
                    value = application.country.name
                else:
                    display = getattr(application, f"get_{name}_display", None)
                    value = display() if display else getattr(application, name) or "—"
                rows.append((label, value))
            sections.append((section.admin_title, rows))
        return render_to_string(
            "admin/programmes/review/answers.html",
            {"sections": sections, "identity_hidden": hidden},
        )

    def get_urls(self):
        return [
            *document_urls(self, self.download_file, "programmes_review_file"),
            *super().get_urls(),
        ]

    def download_file(self, request, object_id, field_name):
        """A document of an application assigned to this reviewer, and no other; none while
        the edition hides applicants' identity."""
        review = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request, review):
            raise Http404
        if review.application.edition.hide_identity_from_reviewers:
            raise Http404
        return send_document(review.application, field_name, by=request.user)
