"""The site with /media/ served beside it, as the production proxy serves it (README,
"Deploy"): for measuring whole pages in a browser (Lighthouse), never for production.

    gunicorn bench.wsgi_with_media --workers 2
"""

from django.conf import settings
from whitenoise import WhiteNoise

from ishr_site.wsgi import application as site

# Rendition names carry a hash of their content (impact/images.py): cached for a year.
application = WhiteNoise(
    site, root=settings.MEDIA_ROOT, prefix=settings.MEDIA_URL, max_age=365 * 24 * 60 * 60
)
