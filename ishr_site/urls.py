from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core import page_cache
from core import views as core_views
from impact import sitemaps as impact_sitemaps
from impact import views as impact_views
from programmes import outbox
from programmes import sitemaps as programmes_sitemaps

from . import sign_in_security, two_factor, views
from .sitemaps import PagesSitemap

# In this order in sitemap.xml.
sitemaps = {
    "pages": PagesSitemap,
    "reviews": impact_sitemaps.ReviewSitemap,
    "highlights": impact_sitemaps.HighlightSitemap,
    "countries": impact_sitemaps.CountrySitemap,
    "programmes": programmes_sitemaps.ProgrammeSitemap,
    "editions": programmes_sitemaps.EditionSitemap,
}

admin.site.site_header = _("ISHR site administration")
admin.site.site_title = _("ISHR admin")
admin.site.index_title = _("Impact review and programmes")

urlpatterns = [
    path("health/", views.health, {"reports": [outbox.health_report]}, name="health"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("favicon.ico", views.favicon),
    # One page: the sitemap lists far fewer than the 50,000 addresses that would need a
    # second (`?p=2`), so its page parameter is a query string like any other, not stored.
    path("sitemap.xml", page_cache.public_page(sitemap), {"sitemaps": sitemaps}, name="sitemap"),
    # Staff sign-in's second step and each person's "Sign-in security" (ishr_site/two_factor.py,
    # ishr_site/sign_in_security.py), before the admin's own addresses, which end in a
    # catch-all; the passkey ceremonies are django-otp-webauthn's JSON views.
    path(f"{settings.ADMIN_URL}two-factor/", two_factor.two_factor, name="two-factor"),
    path(f"{settings.ADMIN_URL}passkeys/", include("django_otp_webauthn.urls")),
    path(
        f"{settings.ADMIN_URL}security/",
        admin.site.admin_view(sign_in_security.overview),
        name="sign-in-security",
    ),
    path(
        f"{settings.ADMIN_URL}security/passkeys/<int:pk>/remove/",
        admin.site.admin_view(sign_in_security.remove_passkey),
        name="sign-in-security-remove-passkey",
    ),
    path(
        f"{settings.ADMIN_URL}security/app/",
        admin.site.admin_view(sign_in_security.app),
        name="sign-in-security-app",
    ),
    path(
        f"{settings.ADMIN_URL}security/app/remove/",
        admin.site.admin_view(sign_in_security.remove_app),
        name="sign-in-security-remove-app",
    ),
    path(
        f"{settings.ADMIN_URL}security/recovery-codes/",
        admin.site.admin_view(sign_in_security.recovery_codes),
        name="sign-in-security-recovery-codes",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    *i18n_patterns(
        path("", impact_views.home, name="home"),
        path("impact/", include("impact.urls")),
        path("programmes/", include("programmes.urls")),
        path("privacy/", core_views.privacy, name="privacy"),
        # A draft shown through a preview link (core/previews.py), in the page's language.
        path("preview/<str:token>/", core_views.preview, name="preview"),
        prefix_default_language=False,
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "ishr_site.views.server_error"
