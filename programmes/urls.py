from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path("<slug:slug>/<int:year>/", views.EditionDetailView.as_view(), name="edition"),
    path("<slug:slug>/<int:year>/apply/", views.apply, name="apply"),
    path("<slug:slug>/<int:year>/apply/done/", views.apply_done, name="apply-done"),
    path("<slug:slug>/<int:year>/apply/saved/", views.apply_saved, name="apply-saved"),
    path(
        "<slug:slug>/<int:year>/apply/draft/<str:token>/",
        views.resume_draft,
        name="resume-draft",
    ),
    path(
        "<slug:slug>/<int:year>/apply/draft/<str:token>/delete/",
        views.delete_draft,
        name="delete-draft",
    ),
]
