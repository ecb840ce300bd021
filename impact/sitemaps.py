from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from programmes.models import Edition, Programme

from .models import AnnualReview, Highlight

# Each `items()` is a list: a queryset would cost a COUNT before its rows (the paginator),
# and the sitemap would grow a query per section.


class PagesSitemap(Sitemap):
    def items(self):
        return ["home", "impact:review-list", "programmes:programme-list"]

    def location(self, item):
        return reverse(item)


class ReviewSitemap(Sitemap):
    def items(self):
        return list(AnnualReview.objects.published().order_by("-year"))

    def lastmod(self, item):
        return item.updated_at


class HighlightSitemap(Sitemap):
    def items(self):
        return list(Highlight.objects.published().select_related("review"))

    def lastmod(self, item):
        return item.updated_at


class ProgrammeSitemap(Sitemap):
    def items(self):
        return list(Programme.objects.all())


class EditionSitemap(Sitemap):
    def items(self):
        return list(Edition.objects.published().select_related("programme"))

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "pages": PagesSitemap,
    "reviews": ReviewSitemap,
    "highlights": HighlightSitemap,
    "programmes": ProgrammeSitemap,
    "editions": EditionSitemap,
}
