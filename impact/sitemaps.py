"""The review's pages in the sitemap (ishr_site/urls.py gathers every app's)."""

from django.urls import reverse

from core.sitemaps import LanguagesSitemap

from . import selectors
from .models import AnnualReview, Highlight

# Each `items()` is a list: a queryset would cost a COUNT before its rows (the paginator),
# and the sitemap would grow a query per section.


class ReviewSitemap(LanguagesSitemap):
    def items(self):
        return list(AnnualReview.objects.published().order_by("-year"))

    def lastmod(self, item):
        return item.updated_at


class HighlightSitemap(LanguagesSitemap):
    def items(self):
        return list(Highlight.objects.published().select_related("review"))

    def lastmod(self, item):
        return item.updated_at


class CountrySitemap(LanguagesSitemap):
    """Each country that published highlights name (one query); their index is one of the
    fixed pages (ishr_site/sitemaps.py)."""

    def items(self):
        return sorted(code.lower() for code in selectors.published_country_counts())

    def location(self, item):
        return reverse("impact:country", kwargs={"code": item})
