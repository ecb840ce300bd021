"""The review's pages in the sitemap (ishr_site/urls.py gathers every app's)."""

from core.sitemaps import LanguagesSitemap

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
