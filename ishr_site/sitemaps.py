"""The sitemap: the site's own pages, then each app's (ishr_site/urls.py)."""

from django.urls import reverse

from core.sitemaps import LanguagesSitemap


class PagesSitemap(LanguagesSitemap):
    def items(self):
        return [
            "home",
            "impact:review-list",
            "impact:open-data",
            "impact:country-list",
            "programmes:programme-list",
            "privacy",
        ]

    def location(self, item):
        return reverse(item)
