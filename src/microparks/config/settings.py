"""Django settings for microparks.

Configuration comes from the environment (12-factor):

- ``MICROPARKS_DATA_DIR``: where the SQLite file, uploads and the generated secret key live
  (default ``~/.local/share/microparks``).
- ``MICROPARKS_DB``: the SQLite file (default ``$MICROPARKS_DATA_DIR/microparks.sqlite3``).
- ``DATABASE_URL``: use this database instead (e.g. ``postgresql://user@host:5432/name``).
- ``MICROPARKS_ENV=production``: require ``MICROPARKS_SECRET_KEY`` and ``MICROPARKS_ALLOWED_HOSTS``.
- ``MICROPARKS_DEBUG=1``: Django debug mode (off unless asked).
- ``MICROPARKS_TILE_URL``: a map tile URL template; blank (no base map) by default, for intranets.
- ``MICROPARKS_TARGETING_EMPLOYMENT``, ``MICROPARKS_TARGETING_IO_TABLE``,
  ``MICROPARKS_TARGETING_CONCORDANCE``, ``MICROPARKS_CENSUS_2010``, ``MICROPARKS_CENSUS_2020``:
  the industry-targeting files (unset: looked for in ``$MICROPARKS_DATA_DIR/targeting/``; see
  ``apps/targeting/inputs.py``). The score's weights are a rules document, not a file.
- ``MICROPARKS_JOBS``: how background jobs run, ``thread`` (default), ``worker`` or ``sync``.
- ``MICROPARKS_IMPACT_TABLE``, ``MICROPARKS_IMPACT_CONCORDANCE``, ``MICROPARKS_IMPACT_ASSUMPTIONS``,
  ``MICROPARKS_READINESS_FILE``, ``MICROPARKS_READINESS_SCHEME``: the impact pages' files.

Only this module reads the environment; the apps read ``django.conf.settings``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import plotly
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import leaflet as xstatic_leaflet

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(
    os.environ.get("MICROPARKS_DATA_DIR", Path.home() / ".local" / "share" / "microparks")
).expanduser()
PRODUCTION = os.environ.get("MICROPARKS_ENV", "").lower() == "production"
DEBUG = os.environ.get("MICROPARKS_DEBUG", "").lower() in {"1", "true", "yes"}


def _secret_key() -> str:
    """Read the key from the environment; outside production, generate one into DATA_DIR."""
    key = os.environ.get("MICROPARKS_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "MICROPARKS_SECRET_KEY must be set when MICROPARKS_ENV=production"
        )
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

_hosts = os.environ.get("MICROPARKS_ALLOWED_HOSTS")
if PRODUCTION and not _hosts:
    raise ImproperlyConfigured(
        "MICROPARKS_ALLOWED_HOSTS must be set when MICROPARKS_ENV=production"
    )
ALLOWED_HOSTS = (_hosts or "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "microparks.apps.accounts",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "microparks.apps.audit",
    "microparks.apps.common",
    "microparks.apps.regions",
    "microparks.apps.industries",
    "microparks.apps.sites",
    "microparks.apps.parks",
    "microparks.apps.rules",
    "microparks.apps.enterprises",
    "microparks.apps.attraction",
    "microparks.apps.matching",
    "microparks.apps.admission",
    "microparks.apps.servicedesk",
    "microparks.apps.evaluation",
    "microparks.apps.suitability",
    "microparks.apps.jobs",
    "microparks.apps.impact",
    "microparks.apps.targeting",
    "microparks.apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "microparks.apps.audit.middleware.CurrentUserMiddleware",
]

ROOT_URLCONF = "microparks.config.urls"
WSGI_APPLICATION = "microparks.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "microparks.apps.common.context.platform",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------
SQLITE_PATH = str(
    Path(os.environ.get("MICROPARKS_DB", DATA_DIR / "microparks.sqlite3")).expanduser()
)
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets readers work while a writer commits; the timeout waits out short locks.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# --- i18n -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["microparks.config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static files: our own plus the pip packages' bundles, never a CDN ------------------
STATIC_URL = "/static/"
# Optional: `manage.py collectstatic` target for a front web server; whitenoise needs none.
STATIC_ROOT = os.environ.get("MICROPARKS_STATIC_ROOT") or None
STATICFILES_DIRS = [
    ("plotly", Path(plotly.__file__).parent / "package_data"),
    ("leaflet", Path(xstatic_leaflet.BASE_DIR)),
]
WHITENOISE_USE_FINDERS = True  # serve straight from the finders: no collectstatic step needed
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MAP_TILE_URL = os.environ.get("MICROPARKS_TILE_URL", "")

# Industry targeting: the deployment's files ("" = the default file in DATA_DIR/targeting, or none).
TARGETING_EMPLOYMENT = os.environ.get("MICROPARKS_TARGETING_EMPLOYMENT", "")
TARGETING_IO_TABLE = os.environ.get("MICROPARKS_TARGETING_IO_TABLE", "")
TARGETING_CONCORDANCE = os.environ.get("MICROPARKS_TARGETING_CONCORDANCE", "")
TARGETING_CENSUS_START = os.environ.get("MICROPARKS_CENSUS_2010", "")
TARGETING_CENSUS_END = os.environ.get("MICROPARKS_CENSUS_2020", "")

# E-mail notifications of the service desk: only where the deployment has a mail server.
EMAIL_HOST = os.environ.get("MICROPARKS_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("MICROPARKS_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("MICROPARKS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MICROPARKS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("MICROPARKS_EMAIL_TLS", "").lower() in {"1", "true", "yes"}
DEFAULT_FROM_EMAIL = os.environ.get("MICROPARKS_EMAIL_FROM", "microparks@localhost")
SERVICEDESK_EMAIL_NOTIFICATIONS = bool(EMAIL_HOST)

# Background jobs: `thread`, `worker` (queued for `microparks jobs work`) or `sync` (at once).
JOBS_MODE = os.environ.get("MICROPARKS_JOBS", "thread")

# The impact pages' files ("" = none: direct effects only, shipped assumptions and schemes).
IMPACT_TABLE = os.environ.get("MICROPARKS_IMPACT_TABLE", "")  # input–output table
IMPACT_CONCORDANCE = os.environ.get("MICROPARKS_IMPACT_CONCORDANCE", "")
IMPACT_ASSUMPTIONS = os.environ.get("MICROPARKS_IMPACT_ASSUMPTIONS", "")  # additionality
READINESS_FILE = os.environ.get("MICROPARKS_READINESS_FILE", "")  # `replicate rank` output
READINESS_SCHEME = os.environ.get("MICROPARKS_READINESS_SCHEME", "")

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = os.environ.get("MICROPARKS_INSECURE_COOKIES", "") == ""
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MICROPARKS_LOG_LEVEL", "WARNING")},
}
