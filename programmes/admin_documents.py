"""Applicants' documents in the admin: their addresses, the download (recorded by
`services.record_download`) and the record of downloads on the application's page."""

from django.contrib import admin
from django.contrib.auth.models import User
from django.http import FileResponse, Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import services
from .admin_mixins import RecordAdminMixin
from .forms import FILE_FIELDS
from .models import Application, DocumentDownload


def document_urls(model_admin, view, name: str) -> list:
    """The address of a document of the object `object_id`: a number. Any other id names no
    document and answers 404, rather than reaching the view (a 500) or being redirected by
    the admin's catch-all to a change page."""

    def no_document(request, object_id, field_name):
        raise Http404

    wrap = model_admin.admin_site.admin_view
    return [
        path("<int:object_id>/file/<str:field_name>/", wrap(view), name=name),
        path("<path:object_id>/file/<str:field_name>/", wrap(no_document)),
    ]


def send_document(application: Application, field_name: str, *, by: User) -> FileResponse:
    """One of the application's documents, as a download named after its reference. Each
    download is recorded (who, when): these files say who a defender is."""
    if field_name not in FILE_FIELDS:
        raise Http404
    file = getattr(application, field_name)
    if not file:
        raise Http404
    services.record_download(application=application, document=field_name, by=by)
    extension = file.name.rsplit(".", 1)[-1]
    label = "cv" if field_name == "cv" else "reference-letter"
    return FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=f"{application.reference}-{label}.{extension}",
    )


class DocumentDownloadInline(RecordAdminMixin, admin.TabularInline):
    model = DocumentDownload
    fields = readonly_fields = ("downloaded_at", "document", "downloaded_by")
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("document downloads")
