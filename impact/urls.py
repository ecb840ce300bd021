from django.urls import path, re_path, register_converter

from core.page_cache import public_page

from . import views
from .feeds import HighlightFeed

app_name = "impact"


class DataExtension:
    """The open data's two formats, as the end of a file's address."""

    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DataExtension, "data")

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="review-list"),
    path("feed/", public_page(HighlightFeed()), name="feed"),
    path("feed/style.xsl", views.feed_stylesheet, name="feed-stylesheet"),
    path("data/", views.open_data_page, name="open-data"),
    path(
        "data/ishr-impact-all-years.<data:extension>",
        views.all_years_data,
        name="all-years-data",
    ),
    path("countries/", views.country_list, name="country-list"),
    # Two letters: an ISO 3166-1 alpha-2 code, in lower case (upper case is redirected there).
    re_path(r"^countries/(?P<code>[A-Za-z]{2})/$", views.country_detail, name="country"),
    path("<int:year>/", views.ReviewDetailView.as_view(), name="review"),
    path(
        "<int:year>/ishr-impact-<int:file_year>.<data:extension>",
        views.review_data,
        name="review-data",
    ),
    path("<int:year>/pdf/", views.review_pdf, name="review-pdf"),
    path("<int:year>/<slug:slug>/", views.HighlightDetailView.as_view(), name="highlight"),
]
