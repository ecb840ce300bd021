"""CSV export of applications, exactly as the admin's list currently filters them.

Managers choose the columns; every export is recorded (`ApplicationExport`), because the file
leaves the site with personal data in it.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast
from urllib.parse import parse_qsl

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import SEARCH_VAR
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from core.admin import AdminMixinBase
from core.dates import GENEVA
from core.spreadsheets import BYTE_ORDER_MARK, defuse

from .admin_mixins import RecordAdminMixin
from .models import Application, ApplicationExport, Edition


def geneva_time(value) -> str:
    return timezone.localtime(value, GENEVA).strftime("%Y-%m-%d %H:%M") if value else ""


if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Column:
    name: str
    label: "StrOrPromise"
    cell: Callable[[Application], str]
    group: "StrOrPromise"
    default: bool = False
    header_note: "StrOrPromise" = ""

    @property
    def header(self) -> str:
        return f"{self.label} ({self.header_note})" if self.header_note else str(self.label)


def _field_cell(field) -> Callable[[Application], str]:
    """How one model field is written: labels for choices, names for countries."""
    name = field.name
    if field.choices:
        return lambda obj: str(getattr(obj, f"get_{name}_display")())
    if name == "country":
        return lambda obj: str(obj.country.name)
    if name == "themes":
        return lambda obj: "; ".join(theme.name for theme in obj.themes.all())
    if isinstance(field, models.DateTimeField):
        return lambda obj: geneva_time(getattr(obj, name))
    if isinstance(field, models.BooleanField):
        return lambda obj: gettext("Yes") if getattr(obj, name) else gettext("No")
    return lambda obj: str(getattr(obj, name))


def _field(name: str, group: "StrOrPromise", *, default: bool = False) -> Column:
    field = cast(models.Field, Application._meta.get_field(name))  # none is a reverse relation
    note = _("Geneva time") if isinstance(field, models.DateTimeField) else ""
    return Column(
        name, capfirst(field.verbose_name), _field_cell(field), group, default, header_note=note
    )


def _average_score(obj) -> str:
    # Annotated by `ApplicationAdmin.get_queryset`; None when no review was submitted.
    value = getattr(obj, "score_average", None)
    return "" if value is None else f"{float(value):.2f}"


def _review_count(obj) -> str:
    value = getattr(obj, "review_count", None)
    return "" if value is None else str(value)


APPLICATION = _("The application")
IDENTITY = _("Who the applicant is")
ANSWERS = _("Their answers in full")
CONSENTS = _("Consents")

# Every column a manager may choose, in the order the file has them. Never the files.
COLUMNS = [
    _field("reference", APPLICATION, default=True),
    _field("edition", APPLICATION, default=True),
    _field("status", APPLICATION, default=True),
    _field("submitted_at", APPLICATION, default=True),
    _field("country", APPLICATION, default=True),
    _field("themes", APPLICATION, default=True),
    _field("other_focus", APPLICATION),
    _field("english_level", APPLICATION, default=True),
    _field("available_online", APPLICATION, default=True),
    _field("available_geneva", APPLICATION, default=True),
    _field("scholarship", APPLICATION, default=True),
    Column("score_average", _("Average score"), _average_score, APPLICATION, default=True),
    Column("review_count", _("Reviews submitted"), _review_count, APPLICATION, default=True),
    _field("full_name", IDENTITY),
    _field("email", IDENTITY),
    _field("organisation", IDENTITY),
    _field("role", IDENTITY),
    _field("recommending_organisation", IDENTITY),
    _field("advocacy_experience", ANSWERS),
    _field("un_engagement", ANSWERS),
    _field("geneva_objectives", ANSWERS),
    _field("peer_learning", ANSWERS),
    _field("availability_notes", ANSWERS),
    _field("consent_share_cohosts", CONSENTS),
    _field("consent_publication", CONSENTS),
]
COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}


class ExportForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        choices=[(column.name, column.label) for column in COLUMNS],
        initial=[column.name for column in COLUMNS if column.default],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one column.")},
    )

    def column_groups(self):
        """The checkboxes by group, each a fieldset on the page."""
        groups: dict[StrOrPromise, list] = {}
        for column, checkbox in zip(COLUMNS, self["columns"], strict=True):
            groups.setdefault(column.group, []).append(checkbox)
        return list(groups.items())

    def chosen_columns(self) -> list[Column]:
        """The chosen columns, in the file's order whatever the order they were sent in."""
        chosen = set(self.cleaned_data["columns"])
        return [column for column in COLUMNS if column.name in chosen]


def describe_filters(changelist) -> list[str]:
    """The list's active filters and search, as a person would say them."""
    described = []
    for spec in changelist.filter_specs:
        if not getattr(spec, "used_parameters", None):
            continue
        chosen = [str(c["display"]) for c in spec.choices(changelist) if c.get("selected")]
        if chosen:
            described.append(
                gettext("%(filter)s: %(choice)s")
                % {"filter": capfirst(spec.title), "choice": ", ".join(chosen)}
            )
    if changelist.date_hierarchy:
        field = changelist.date_hierarchy
        parts = [changelist.params.get(f"{field}__{part}") for part in ("year", "month", "day")]
        if parts[0]:
            label = capfirst(cast(models.Field, Application._meta.get_field(field)).verbose_name)
            day = "-".join(part.zfill(2) for part in parts if part)
            described.append(gettext("%(filter)s: %(choice)s") % {"filter": label, "choice": day})
    if changelist.query:
        described.append(gettext("Search: “%(terms)s”") % {"terms": changelist.query})
    return described


# Parameters of the list that change its order or page, not which applications it holds.
NOT_FILTERS = {"o", "p"}


class FilterWords:
    """A stored querystring of the application list, told in words: each filter's own title
    and the label of the value chosen ("Edition: HRDAP 2027", "Status: Shortlisted").

    The choices are read once, for every export a page shows: the filters' lookups, the
    choices of the fields filtered on, and the editions and themes (a few dozen rows). A
    value no longer offered (a deleted edition) is shown as it is; so is a parameter no
    filter reads, its text escaped where it is shown.
    """

    def __init__(self, request, model_admin):
        self.request, self.model_admin = request, model_admin

    @cached_property
    def parameters(self) -> dict[str, tuple["StrOrPromise", dict[str, str]]]:
        """Each parameter the list reads, with its filter's title and each value's label."""
        model = self.model_admin.model
        found: dict[str, tuple[StrOrPromise, dict[str, str]]] = {}
        for item in self.model_admin.get_list_filter(self.request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                spec = item(self.request, {}, model, self.model_admin)
                labels = {str(value): str(label) for value, label in spec.lookup_choices}
                found[cast(str, spec.parameter_name)] = (spec.title or "", labels)
                continue
            field_path = cast(str, item[0] if isinstance(item, (list, tuple)) else item)
            field = get_fields_from_path(model, field_path)[-1]
            labels = {
                str(value): str(label) for value, label in field.get_choices(include_blank=False)
            }
            title = field.verbose_name
            names = [field_path, f"{field_path}__exact"]
            if field.is_relation:
                target = cast(models.ForeignObject, field).target_field
                names.append(f"{field_path}__{target.name}__exact")
            found.update(dict.fromkeys(names, (title, labels)))
            # The choice of rows without a value (an application without a theme).
            nothing = pgettext("a filter's choice of rows without a value", "None")
            found[f"{field_path}__isnull"] = (title, {"True": nothing})
        return found

    def describe(self, querystring: str) -> list[str]:
        """The filters of `querystring`, one "Title: value" each: in the order of the list's
        sidebar, then the day chosen above the list, the search, and what no filter reads."""
        said = gettext("%(filter)s: %(choice)s")
        filters, unknown, search = [], [], []
        order = list(self.parameters)
        day: dict[str, str] = {}
        hierarchy = self.model_admin.date_hierarchy
        for name, value in parse_qsl(querystring, keep_blank_values=True):
            if name in NOT_FILTERS:
                continue
            if name == SEARCH_VAR:
                search.append(gettext("Search: “%(terms)s”") % {"terms": value})
            elif hierarchy and name.startswith(f"{hierarchy}__") and value.isdigit():
                day[name.removeprefix(f"{hierarchy}__")] = value
            elif name in self.parameters:
                title, labels = self.parameters[name]
                choice = labels.get(value, value)
                filters.append(
                    (order.index(name), said % {"filter": capfirst(title), "choice": choice})
                )
            else:
                unknown.append(f"{name}={value}")
        described = [text for _position, text in sorted(filters, key=lambda f: f[0])]
        if day.get("year"):
            field = cast(models.Field, self.model_admin.model._meta.get_field(hierarchy))
            parts = [day[part].zfill(2) for part in ("year", "month", "day") if day.get(part)]
            described.append(
                said % {"filter": capfirst(field.verbose_name), "choice": "-".join(parts)}
            )
        return described + search + unknown


def export_filename(querystring: str, *, on: date) -> str:
    """`hrdap-2027-applications-2026-12-07.csv`: the edition filtered on (its programme's
    slug and its year), then the day in Geneva; `applications-2026-12-07.csv` for a list of
    several editions, or of an edition that no longer exists."""
    edition = None
    chosen = dict(parse_qsl(querystring)).get("edition__id__exact", "")
    if chosen.isdigit():
        edition = Edition.objects.select_related("programme").filter(pk=chosen).first()
    prefix = f"{edition.programme.slug}-{edition.year}-" if edition else ""
    return f"{prefix}applications-{on:%Y-%m-%d}.csv"


class ApplicationExportMixin(AdminMixinBase):
    """Adds the CSV export to `ApplicationAdmin`: its page, its button, its permission."""

    def has_export_permission(self, request) -> bool:
        opts = self.opts
        codename = get_permission_codename("export", opts)
        return request.user.has_perm(
            f"{opts.app_label}.{codename}"
        ) and self.has_view_or_change_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_view(self, request):
        """The export page (GET) and the file (POST), both for the list's current filters.

        The filters come in the querystring, on GET and on POST alike, so that the change list
        built here sees what the manager's list showed.
        """
        if not self.has_export_permission(request):
            raise PermissionDenied
        changelist_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist",
            current_app=self.admin_site.name,
        )
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(
                request, gettext("The list's filters were not valid. Choose them again.")
            )
            return redirect(changelist_url)

        if request.method == "POST":
            form = ExportForm(request.POST)
            if form.is_valid():
                return self._csv_response(request, changelist, form.chosen_columns())
        else:
            form = ExportForm()

        query_string = request.GET.urlencode()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Export applications to CSV"),
            "form": form,
            "count": changelist.result_count,
            "filters": describe_filters(changelist),
            "changelist_url": f"{changelist_url}?{query_string}"
            if query_string
            else changelist_url,
            "action_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/programmes/application/export.html", context)

    def _csv_response(self, request, changelist, columns: list[Column]) -> HttpResponse:
        queryset = changelist.queryset.select_related("edition__programme").prefetch_related(
            "themes"
        )
        buffer = io.StringIO()
        buffer.write(BYTE_ORDER_MARK)
        writer = csv.writer(buffer)
        writer.writerow([column.header for column in columns])
        row_count = 0
        for application in queryset:
            # Answers are typed by the public: no cell may run as a formula.
            writer.writerow([defuse(column.cell(application)) for column in columns])
            row_count += 1

        ApplicationExport.objects.create(
            exported_by=request.user,
            row_count=row_count,
            columns=[column.name for column in columns],
            filters=request.GET.urlencode()[:1000],
        )
        filename = export_filename(
            request.GET.urlencode(), on=timezone.localtime(timezone=GENEVA).date()
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


@admin.register(ApplicationExport)
class ApplicationExportAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The record of exports, for reading only: nobody adds, changes or deletes one here."""

    list_filter = [("exported_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["exported_by"]
    date_hierarchy = "exported_at"

    @admin.display(description=_("columns"))
    def column_list(self, obj):
        return ", ".join(
            str(COLUMNS_BY_NAME[name].label) if name in COLUMNS_BY_NAME else name
            for name in obj.columns
        )

    def get_list_display(self, request):
        return ["exported_at", "exported_by", "row_count", "column_list", self.filters(request)]

    def get_fields(self, request, obj=None):
        return ["exported_at", "exported_by", "row_count", "column_list", self.filters(request)]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def filters(self, request):
        """The column (or the field) that says the export's filters in words, with a link to
        the list so filtered. Its words come from the application list's filters as this
        user's list offers them, read once per page: one function per request, which the
        page's form and its read-only fields must agree on."""
        made = getattr(request, "export_filters_column", None)
        if made is not None:
            return made
        words = FilterWords(request, self.admin_site.get_model_admin(Application))
        url = reverse("admin:programmes_application_changelist", current_app=self.admin_site.name)

        @admin.display(description=_("filters"))
        def filters(obj):
            if not obj.filters:
                return gettext("None: every application")
            text = " · ".join(words.describe(obj.filters)) or obj.filters
            return format_html('<a href="{}?{}">{}</a>', url, obj.filters, text)

        request.export_filters_column = filters
        return filters
