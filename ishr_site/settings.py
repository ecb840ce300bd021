"""Settings for the ISHR impact site.

One module for every environment: production differs from the demo by its environment
variables alone (see the configuration table in README.md).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(for a local demo, run `make run`, which sets DJANGO_DEBUG=1)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# The keys that encrypt applicants' documents and long answers at rest
# (programmes/encryption.py): Fernet keys, comma-separated, the current one first; the others
# only decrypt, until `manage.py rotate_encryption_keys` has re-encrypted everything. Make one
# with: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
# Keep them apart from the database backups: a backup without the keys reveals nothing.
ENCRYPTION_KEYS = env_list("DJANGO_ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off: the keys that "
            "encrypt applicants' documents and answers (see README, Configuration)."
        )
    ENCRYPTION_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1uZXZlci1pbi1wcm9kISE="]  # the demo's, public

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin: it registers the translated fields (impact/translation.py,
    # programmes/translation.py) before the admin's classes are read.
    "modeltranslation",
    # django.contrib.admin, with the site's own AdminSite (ishr_site/admin_site.py).
    "ishr_site.apps.SiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "django_otp_webauthn",  # passkeys and security keys
    "ishr_site",  # its management commands (reset_two_factor)
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "django_prose_editor",
    "simple_history",
    "django_tasks",
    "django_tasks_db",  # the queue's table and its `db_worker` (run by `run_tasks`)
    "core",
    "impact",
    "programmes",
]

MIDDLEWARE = [
    # Pages compressed (a cached page arrives compressed already), and a 304 for a page the
    # browser has.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # A cached public page is served here, as the whole stack below once answered it
    # (security headers included), before anything else runs (core/page_cache.py).
    "core.page_cache.PublicPageCacheMiddleware",
    # The security headers, set on every answer given below them (a 413, a 400 included).
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Requests no page takes, refused in the page's language before anything reads the body
    # (CsrfViewMiddleware reads a POST's form).
    "ishr_site.middleware.RequestSizeLimitMiddleware",
    "ishr_site.middleware.NulCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ishr_site.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "ishr_site.middleware.DatabaseOutageMiddleware",  # DB out of reach in a view: 503, not 500
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ishr_site.urls"
WSGI_APPLICATION = "ishr_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR = Path(env_str("DJANGO_VAR_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's pool: each gunicorn worker keeps a few warm connections. The timeouts
        # are short so that a database out of reach gives the 503 page within two seconds
        # (a sync worker uses one connection at a time, so waiting longer buys nothing), and
        # the pool finds the database again soon after it is back.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2))
        options["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 1),
            "max_size": env_int("DATABASE_POOL_MAX", 4),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 2),
            "reconnect_timeout": env_int("DATABASE_RECONNECT_TIMEOUT", 20),
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": {
                # WAL and a busy timeout let the demo take a few writers without "database
                # is locked"; IMMEDIATE makes writes take the lock when they begin.
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ishr_site.cache.RedisCache",  # Django's, keeping its clients
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "ishr"),
        }
    }
else:
    # Correct for a single process only: each worker would keep its own pages and counters.
    # Production sets REDIS_URL (`check --deploy` warns without it).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long a rendered public page may be served from the cache at most (0 turns the page
# cache off). Any change staff make, and any scheduled change coming due, empties it sooner
# (core/page_cache.py). Off by default with debug on, so that an edited template shows.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 24 * 60 * 60)

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a sign-in without a "next" address ends: django-otp-webauthn's passkey step reads it.
LOGIN_REDIRECT_URL = "admin:index"

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
# English has no prefix; French and Spanish are served under /fr/ and /es/, from the
# catalogues in locale/ (`make messages` updates them).
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
# Content typed in the admin is translated with django-modeltranslation: a column per language
# beside each translated field (title_en, title_fr, title_es; the fields are listed in each
# app's translation.py). English is required; a French or Spanish page shows the English text
# where no translation was written, marked lang="en" (core/templatetags/translated.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_CUSTOM_FIELDS = ("RichTextField",)
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"  # slugs come from the English title


def _label_in_language(verbose_name, language):
    """ "Title (French)": the admin's label of a field's French column."""
    from django.utils.translation import get_language_info

    return f"{verbose_name} ({get_language_info(language)['name_translated']})"


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _label_in_language
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Zurich"
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Applicants' documents: outside MEDIA_ROOT, never served by URL (programmes/storage.py).
    "private": {"BACKEND": "programmes.storage.PrivateFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Editors upload highlight images; anything larger is refused by the form with a reason.
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 8 * 1024 * 1024)
# Applicants' CV and reference letter, each; the form states the limit beside the field.
APPLICATION_UPLOAD_MAX_BYTES = env_int("APPLICATION_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
# The largest request body any form takes: two documents or an image, and the text around
# them. Larger requests get a 413 page before their body is read (ishr_site/middleware.py).
REQUEST_MAX_BYTES = env_int(
    "REQUEST_MAX_BYTES",
    max(2 * APPLICATION_UPLOAD_MAX_BYTES, IMAGE_UPLOAD_MAX_BYTES) + 2 * 1024 * 1024,
)
# How long the emailed link to a saved draft works (the draft also ends when the call closes).
APPLICATION_DRAFT_LINK_MAX_AGE = env_int("APPLICATION_DRAFT_LINK_MAX_AGE", 60 * 60 * 24 * 30)

# --- Object storage (several app servers) ---------------------------------------------------
# With these set, highlight images and their renditions go to one bucket and applicants'
# documents (encrypted by the site before they leave it) to another, through django-storages'
# S3 backend; without them, to MEDIA_ROOT and PRIVATE_MEDIA_ROOT as above. Public media keep
# their MEDIA_URL on the site's own host: the proxy forwards /media/ to the public bucket
# (docs/architecture.md, "Files and object storage"). `manage.py copy_uploads` moves existing
# files between the two.
BUCKET_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_PRIVATE_STORAGE_BUCKET_NAME",
)


def object_storage_settings(environ) -> dict:
    """The AWS_* settings read from `environ`: the four of BUCKET_VARIABLES all set (buckets)
    or all empty (local disk). Raises ImproperlyConfigured when only some are set, or the
    endpoint without them, or one bucket for both."""
    given = {name: environ.get(name, "").strip() for name in BUCKET_VARIABLES}
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    missing = [name for name, value in given.items() if not value]
    if (endpoint or len(missing) < len(given)) and missing:
        raise ImproperlyConfigured(
            "Object storage is half configured: set "
            + ", ".join(missing)
            + " too, or unset every AWS_* variable to keep files on the local disk."
        )
    if given["AWS_STORAGE_BUCKET_NAME"] and (
        given["AWS_STORAGE_BUCKET_NAME"] == given["AWS_PRIVATE_STORAGE_BUCKET_NAME"]
    ):
        raise ImproperlyConfigured(
            "AWS_PRIVATE_STORAGE_BUCKET_NAME must name another bucket than "
            "AWS_STORAGE_BUCKET_NAME: the public one is read through /media/ by anyone."
        )
    return {
        **given,
        "AWS_S3_ENDPOINT_URL": endpoint or None,
        "AWS_S3_REGION_NAME": environ.get("AWS_S3_REGION_NAME", "").strip() or "us-east-1",
    }


_buckets = object_storage_settings(os.environ)
AWS_ACCESS_KEY_ID = _buckets["AWS_ACCESS_KEY_ID"]
AWS_SECRET_ACCESS_KEY = _buckets["AWS_SECRET_ACCESS_KEY"]
AWS_STORAGE_BUCKET_NAME = _buckets["AWS_STORAGE_BUCKET_NAME"]
AWS_PRIVATE_STORAGE_BUCKET_NAME = _buckets["AWS_PRIVATE_STORAGE_BUCKET_NAME"]
AWS_S3_ENDPOINT_URL = _buckets["AWS_S3_ENDPOINT_URL"]
AWS_S3_REGION_NAME = _buckets["AWS_S3_REGION_NAME"]
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "core.buckets.PublicMediaStorage"}
    STORAGES["private"] = {"BACKEND": "programmes.buckets.PrivateS3Storage"}

# --- Email ----------------------------------------------------------------------------------


def email_settings(url: str) -> dict:
    """Read `smtp://user:password@host:587/?tls=1` (or `smtps://` for implicit TLS)."""
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured(f"EMAIL_URL must start with smtp:// or smtps://, not {url!r}")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and query.get("tls", ["1"])[0] != "0",
    }


globals().update(email_settings(env_str("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ISHR <no-reply@ishr.ch>")
# Where applicants' replies go (the Reply-To of every email about an application).
PROGRAMMES_EMAIL = env_str("PROGRAMMES_EMAIL", "hrdap@ishr.ch")
# Seconds the site waits on the mail server (to connect, then for each answer). Mail goes
# through the outbox and a background task (programmes/outbox.py), so this bounds how long a
# task is held, never what a reader waits for.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 5)
# How long a sender holds a message it has claimed before another may take it: well beyond a
# send's longest wait (EMAIL_TIMEOUT per answer of the server). A worker killed while sending
# leaves its message to the next run of the "send due mail" job once this has passed.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 5 * 60)
# How long the outbox keeps trying a message the mail server refuses before marking it
# failed, for staff to see and retry from the admin.
OUTBOX_GIVE_UP_AFTER = timedelta(hours=env_int("OUTBOX_GIVE_UP_HOURS", 48))
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admins", address) for address in env_list("DJANGO_ADMINS")]

# --- Background work (docs/architecture.md, "Background work") ------------------------------
# One queue in the database (django-tasks' API, which is Django 6's `django.tasks`), worked by
# `manage.py run_tasks` on one machine or several; the same processes enqueue the periodic jobs
# below, each run once whatever the number of machines (core/scheduler.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each job: the task's path, and either "every" (an interval, counted from midnight UTC) or
# "daily_at" ("HH:MM", Geneva time). A job that was due while no scheduler ran runs once at the
# next tick, never once per slot missed.
SCHEDULED_JOBS = {
    # What a response's task did not send (a mail server down, a worker killed), once due.
    "send-due-mail": {"task": "programmes.tasks.send_due_mail", "every": timedelta(minutes=1)},
    "delete-expired-drafts": {
        "task": "programmes.tasks.delete_expired_drafts",
        "every": timedelta(hours=1),
    },
    "apply-retention": {"task": "programmes.tasks.apply_retention", "daily_at": "03:00"},
    "prune-task-results": {"task": "core.tasks.prune_task_results", "daily_at": "04:00"},
}
# Finished tasks and scheduled runs are kept this many days, for staff and developers to read.
TASK_RESULTS_KEPT_DAYS = env_int("TASK_RESULTS_KEPT_DAYS", 14)

# --- Security -------------------------------------------------------------------------------
# Behind the proxy, requests arrive over HTTP with X-Forwarded-Proto: https.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of the site reads the CSRF cookie: the forms, the admin's included, send the token
# from the page (static/js/ and the admin's scripts never read document.cookie).
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# /health/ answers the load balancer over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# The video players a review may embed, once the reader asks (impact/video.py).
VIDEO_PLAYERS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# Everything the pages load comes from this site: no inline script or style anywhere (the
# templates have none, and the tests fail on any violation the browser reports), no other
# host but the video players, and no framing by anyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        # A nonce only where a page asks for one: the admin's rich text editor has an import
        # map, an inline <script> (templates/admin/change_form.html).
        "script-src": [SELF, NONCE],
        # The admin's rich text editor (Tiptap, inside django-prose-editor) injects its base
        # CSS as a <style> element: this is that stylesheet's hash. A new editor version
        # changes it; the browser tests then fail on the refusal and print the new hash.
        # The admin's history pages (django-simple-history) have one style attribute,
        # style="border-top: 0": 'unsafe-hashes' allows that exact value and no other.
        "style-src": [
            SELF,
            "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='",
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        # Bootstrap and the admin draw small icons (check marks, select arrows) as data: SVGs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": VIDEO_PLAYERS,
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Browser features the site never uses are off for it and anything it embeds; a video player
# may play and go full screen.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *VIDEO_PLAYERS],
    "camera": [],
    "display-capture": [],
    "encrypted-media": ["self", *VIDEO_PLAYERS],
    "fullscreen": ["self", *VIDEO_PLAYERS],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *VIDEO_PLAYERS],
    # Passkeys: refused everywhere but on the two pages that use them (ishr_site/two_factor.py,
    # PASSKEY_PAGES_PERMISSIONS_POLICY below).
    "publickey-credentials-create": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# --- Third-party apps -----------------------------------------------------------------------
# Form widgets may use the project's templates (the reviewer's score buttons do).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
COUNTRIES_FIRST_SORT = False
SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"skip_logged": {"()": "ishr_site.log_filters.SkipAnswersLoggedByTheSite"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["skip_logged"]},
    },
}

# The admin's address; set DJANGO_ADMIN_URL to move it away from the well-known /admin/.
ADMIN_URL = env_str("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"


# --- Abuse: rate limits ---
# Forms posted to the application form per client address, counted by django-ratelimit in the
# default cache: shared by every process with REDIS_URL, per process without it (a limit per
# process is then looser, never stricter). GETs are never counted.


def env_rate(name: str, default: str) -> str:
    """A rate as django-ratelimit reads it, "count/period" with the period in s, m, h or d:
    "10/h", "30/15m". A typo stops the site at start rather than at the first form."""
    import re  # here, to keep this block apart from the rest of the file

    value = env_str(name, default).strip() or default
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must read like 10/h or 30/15m, not {value!r}")
    return value


def meta_key(header: str) -> str:
    """The request.META key of a header: `X-Real-IP` becomes `HTTP_X_REAL_IP`."""
    key = header.strip().upper().replace("-", "_")
    if not key or key == "REMOTE_ADDR" or key.startswith("HTTP_"):
        return key
    return "HTTP_" + key


# Submissions ("Submit my application") are counted apart from draft saves, so that saving
# often does not use up the submissions; deleting a draft has DRAFT_RATE, counted on its own.
APPLY_RATE = env_rate("APPLY_RATE", "10/h")
DRAFT_RATE = env_rate("DRAFT_RATE", "20/h")
# Where the proxy in front puts the client's address, as a request header (`X-Real-IP`) or as
# Django names it (`HTTP_X_REAL_IP`). Unset: the connection's own address (REMOTE_ADDR). The
# proxy must set this header itself: a client could otherwise send any address it likes.
CLIENT_IP_HEADER = meta_key(env_str("DJANGO_CLIENT_IP_HEADER"))
RATELIMIT_IP_META_KEY = "core.http.client_ip"
# If the cache cannot be reached, let applicants through rather than turn every one away.
RATELIMIT_FAIL_OPEN = True

# --- Staff sign-in: lock-out after repeated failures (django-axes) ---------------------------
# Five wrong passwords for one account from one address lock that pair out for 15 minutes
# (a 429 page, templates/admin/locked_out.html); a correct password resets the count. Keyed on
# the pair, so nobody can lock a colleague out from elsewhere. To lift a lock-out at once:
# `manage.py axes_reset_username <username>`. Attempts are stored in the database (the admin's
# "Axes" section), with the address from the proxy's header as the rate limits read it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
# Successful sign-ins are not logged with their address: staff are not being watched.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- Staff sign-in: two-step (django-otp, ishr_site/two_factor.py) ---------------------------
# With debug off, staff give a second step after their password before any admin page: a
# passkey or security key (django-otp-webauthn), a code from an authenticator app (TOTP), or
# a one-time recovery code (django-otp's static tokens). The first time, they set up a passkey
# or an app on the same page. Each person manages theirs on "Sign-in security" (the admin's
# user links). Everything lost: `manage.py reset_two_factor <username>`.
# DJANGO_STAFF_TWO_FACTOR=0 turns it off (never in production).
STAFF_TWO_FACTOR_REQUIRED = env_bool("DJANGO_STAFF_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "ISHR"
RECOVERY_CODE_COUNT = 10
# django-otp's admin lists every person's devices (a superuser may delete one), without the
# apps' secrets or the recovery codes: knowing them would be a second step of one's own.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A passkey belongs to the site's domain (its relying party) and is only accepted from the
# site's own origin: both come from SITE_URL. Changing the domain makes every passkey
# unusable (staff then sign in with their app or a recovery code and add a new one). Browsers
# refuse an IP address as the domain, hence `make run` at http://localhost:8000.
OTP_WEBAUTHN_RP_ID = urlsplit(SITE_URL).hostname or ""
OTP_WEBAUTHN_RP_NAME = "ISHR"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))]
# A passkey is a second step after the password, never a way around it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# The two pages that use passkeys allow them for the site itself, and nothing else changes.
PASSKEY_PAGES_PERMISSIONS_POLICY = PERMISSIONS_POLICY | {
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
