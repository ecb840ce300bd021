from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme"),
    path("<slug:slug>/<int:year>/", views.EditionDetailView.as_view(), name="edition"),
]
