"""The programmes' pages in the sitemap (ishr_site/urls.py gathers every app's)."""

from core.sitemaps import LanguagesSitemap

from .models import Edition, Programme

# Each `items()` is a list: a queryset would cost a COUNT before its rows (the paginator),
# and the sitemap would grow a query per section.


class ProgrammeSitemap(LanguagesSitemap):
    def items(self):
        return list(Programme.objects.all())


class EditionSitemap(LanguagesSitemap):
    def items(self):
        return list(Edition.objects.published().select_related("programme"))

    def lastmod(self, item):
        return item.updated_at
