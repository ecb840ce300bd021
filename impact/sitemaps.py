from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from programmes.models import Edition, Programme

from .models import AnnualReview, Highlight

# Each `items()` is a list: a queryset would cost a COUNT before its rows (the paginator),
# and the sitemap would grow a query per section.


class LanguagesSitemap(Sitemap):
    """Every page once per language of settings.LANGUAGES (the default one without a
    prefix, the others under /fr/, /es/), each entry naming all its versions, and the
    default language's as x-default. The items are read once for all languages.

    Addresses are on `SITE_URL`, not on the host and scheme the sitemap was asked through:
    it is the same for every reader, as the page cache needs."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PagesSitemap(LanguagesSitemap):
    def items(self):
        return ["home", "impact:review-list", "programmes:programme-list"]

    def location(self, item):
        return reverse(item)


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


class ProgrammeSitemap(LanguagesSitemap):
    def items(self):
        return list(Programme.objects.all())


class EditionSitemap(LanguagesSitemap):
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
