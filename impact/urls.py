from django.urls import path

from . import views
from .feeds import HighlightFeed

app_name = "impact"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review-list"),
    path("feed/", HighlightFeed(), name="feed"),
    path("<int:year>/", views.ReviewDetailView.as_view(), name="review"),
    path("<int:year>/<slug:slug>/", views.HighlightDetailView.as_view(), name="highlight"),
]
