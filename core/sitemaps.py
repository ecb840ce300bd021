from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class LanguagesSitemap(Sitemap):
    """Every page once per language of settings.LANGUAGES (the default one without a
    prefix, the others under /fr/, /es/), each entry naming all its versions, and the
    default language's as x-default. The items are read once for all languages.

    Addresses are on `SITE_URL`, not on the host and scheme the sitemap was asked through:
    it is the same for every reader, as the page cache needs."""

    i18n = True
    alternates = True
    x_default = True

    # Read-only where Sitemap has a plain attribute: nothing here sets it.
    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc
