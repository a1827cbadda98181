"""Django settings for microparks.

Configuration comes from the environment (12-factor):

- ``MICROPARKS_DATA_DIR``: where the SQLite file, uploads and the generated secret key live
  (default ``~/.local/share/microparks``).
- ``MICROPARKS_DB``: the SQLite file (default ``$MICROPARKS_DATA_DIR/microparks.sqlite3``).
- ``DATABASE_URL``: use this database instead (e.g. ``postgresql://user@host:5432/name``);
  ``MICROPARKS_DB_CONN_MAX_AGE``: seconds its connections persist (600).
- ``MICROPARKS_STATIC_ROOT``: where ``serve`` collects the static files (``$DATA_DIR/static``).
- ``MICROPARKS_ENV=production``: require ``MICROPARKS_SECRET_KEY`` and ``MICROPARKS_ALLOWED_HOSTS``.
- ``MICROPARKS_DEBUG=1``: Django debug mode (off unless asked).
- ``MICROPARKS_TILE_URL``: a map tile URL template; blank (no base map) by default, for intranets.
  ``MICROPARKS_TILE_HOSTS``: the origins tiles come from, when not the tile URL's host;
  ``MICROPARKS_TILE_ATTRIBUTION``: whose tiles they are, shown on the map.
- ``MICROPARKS_PROXY_SSL_HEADER`` (e.g. ``X-Forwarded-Proto``): behind a proxy that ends TLS;
  ``MICROPARKS_HSTS_SECONDS``: the HSTS max-age in production (see the security headers block).
- ``MICROPARKS_TARGETING_EMPLOYMENT``, ``MICROPARKS_TARGETING_IO_TABLE``,
  ``MICROPARKS_TARGETING_CONCORDANCE``, ``MICROPARKS_CENSUS_2010``, ``MICROPARKS_CENSUS_2020``:
  the industry-targeting files (unset: looked for in ``$MICROPARKS_DATA_DIR/targeting/``; see
  ``apps/targeting/inputs.py``). The score's weights are a rules document, not a file.
- ``MICROPARKS_JOBS``: how background jobs run, ``thread`` (default), ``worker`` or ``sync``.
- ``MICROPARKS_UPLOAD_MAX_MB_LEDGER`` (50), ``MICROPARKS_UPLOAD_MAX_MB_RULES`` (2),
  ``MICROPARKS_UPLOAD_MAX_MB_ATTACHMENT`` (10), ``MICROPARKS_UPLOAD_MAX_MB_EVALUATION`` (20),
  ``MICROPARKS_UPLOAD_MAX_MB_SPENDING`` (20): the largest upload of each kind, in MB;
  ``MICROPARKS_ARCHIVE_MAX_ENTRIES`` (1000), ``MICROPARKS_ARCHIVE_MAX_MB`` (500),
  ``MICROPARKS_ARCHIVE_MAX_RATIO`` (100): what a zip (Shapefile, xlsx, attachment) may hold.
- ``MICROPARKS_IMPACT_TABLE``, ``MICROPARKS_IMPACT_CONCORDANCE``, ``MICROPARKS_IMPACT_ASSUMPTIONS``,
  ``MICROPARKS_READINESS_FILE``, ``MICROPARKS_READINESS_SCHEME``: the impact pages' files.
- ``MICROPARKS_FIELD_KEY``: the Fernet key(s) that encrypt personal numbers at rest,
  comma-separated, the first encrypting (unset: ``$MICROPARKS_DATA_DIR/field_key``, made on
  first use, mode 0600);
  ``MICROPARKS_JOBSEEKER_RETENTION_DAYS`` (730): how long a job seeker's record is kept.
- ``MICROPARKS_CLOCK``: a fixed moment (ISO 8601, e.g. ``2026-05-20T09:00+08:00``) that rules count
  days from (objection windows, ticket deadlines) on a demo or training server; unset: real time.

Only this module reads the environment; the apps read ``django.conf.settings``.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import secrets
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import plotly
from csp.constants import NONE, SELF
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
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
    "microparks.apps.labour",
    "microparks.apps.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy (the security headers block)
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "microparks.apps.accounts.middleware.IdleSessionMiddleware",  # sliding idle timeout
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "microparks.apps.audit.middleware.CurrentUserMiddleware",
    "microparks.apps.accounts.middleware.SecondFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lock-out into its page
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
                "microparks.apps.servicedesk.context.desk",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------
SQLITE_PATH = str(
    Path(os.environ.get("MICROPARKS_DB", DATA_DIR / "microparks.sqlite3")).expanduser()
)
if os.environ.get("DATABASE_URL"):
    # Persistent connections (seconds kept open; 0: one per request), checked before each
    # request reuses one, so a database restart costs no failed request.
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ["DATABASE_URL"],
            conn_max_age=int(os.environ.get("MICROPARKS_DB_CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        )
    }
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

# --- accounts: passwords, lock-out, sessions, second factor ------------------------------


def _number(name: str, default: float, minimum: float = 0.0) -> float:
    """A finite number from the environment, at least ``minimum`` (a typo stops the start)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= minimum):
        raise ImproperlyConfigured(f"{name} must be a number of at least {minimum:g}, not {raw!r}")
    return value


def _lockout_parameters(raw: str) -> list[str | list[str]]:
    """``account+address`` (the pair), ``account,address`` (each alone), … as django-axes says."""
    words = {"account": "username", "address": "ip_address"}
    groups: list[str | list[str]] = []
    for group in raw.replace(" ", "").split(","):
        names = group.split("+")
        if not group or any(n not in words for n in names):
            raise ImproperlyConfigured(
                f"MICROPARKS_LOGIN_LOCKOUT: {raw!r} is not like 'account+address', "
                "'account,address', 'account' or 'address'"
            )
        groups.append([words[n] for n in names] if len(names) > 1 else words[names[0]])
    return groups


AUTH_USER_MODEL = "accounts.User"
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "microparks.apps.accounts.backends.LockoutBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Lock-out (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins (by default of one account
# from one address, so that a stranger cannot lock an official out from elsewhere) the sign-in
# is refused for the cool-off time, or until an administrator unlocks it.
AXES_FAILURE_LIMIT = int(_number("MICROPARKS_LOGIN_FAILURE_LIMIT", 5, minimum=1))
AXES_COOLOFF_TIME = dt.timedelta(minutes=_number("MICROPARKS_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = _lockout_parameters(
    os.environ.get("MICROPARKS_LOGIN_LOCKOUT", "") or "account+address"
)
AXES_LOCKOUT_CALLABLE = "microparks.apps.accounts.views.locked_out"  # our page, in Chinese
AXES_RESET_ON_SUCCESS = True  # a correct password clears that pair's earlier failures
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log (apps/audit), not twice
AXES_CLIENT_IP_CALLABLE = "microparks.apps.client_ip.client_ip"
# Reverse proxies in front of the server (nginx: 1): the client's address is then the one the
# nearest proxy added to X-Forwarded-For; 0 trusts no such header (REMOTE_ADDR).
PROXY_COUNT = int(_number("MICROPARKS_PROXY_COUNT", 0))

# Sessions end after SESSION_IDLE_HOURS without a request; each request renews the clock.
SESSION_COOKIE_AGE = round(_number("MICROPARKS_SESSION_IDLE_HOURS", 8, minimum=0.01) * 3600)
SESSION_SAVE_EVERY_REQUEST = False
# The idle clock restarts on activity (accounts.middleware.IdleSessionMiddleware), written at
# most once per this many seconds so that a page view costs no session write.
SESSION_REFRESH_SECONDS = 300

# Second factor (django-otp, TOTP): administrators must set up and verify a device before
# anything else when ADMIN_SECOND_FACTOR (default: in production); others may enrol.
_second_factor = os.environ.get("MICROPARKS_ADMIN_2FA", "").lower()
ADMIN_SECOND_FACTOR = _second_factor in {"1", "true", "yes"} if _second_factor else PRODUCTION
OTP_TOTP_ISSUER = "microparks"

# A training server runs in production mode with the demo county and its public accounts.
TRAINING_SERVER = os.environ.get("MICROPARKS_TRAINING_SERVER", "").lower() in {"1", "true", "yes"}

# --- i18n -------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = ["microparks.config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True


def _clock(raw: str) -> dt.datetime | None:
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"MICROPARKS_CLOCK: {raw!r} is not an ISO 8601 moment like 2026-05-20T09:00+08:00"
        ) from None
    if moment.tzinfo is None:  # a local time: the site's zone
        moment = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return moment


# The moment rules count days from (microparks.apps.common.clock); None = the real time.
CLOCK = _clock(os.environ.get("MICROPARKS_CLOCK", ""))

# --- static files: our own plus the pip packages' bundles, never a CDN ------------------
STATIC_URL = "/static/"
# `microparks serve` collects here (hashed, gzipped: far-future caching, see config/static.py);
# a front web server may serve this folder itself.
STATIC_ROOT = os.environ.get("MICROPARKS_STATIC_ROOT") or str(DATA_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "microparks.config.static.CollectedStatic"},
}
STATICFILES_DIRS = [
    ("plotly", Path(plotly.__file__).parent / "package_data"),
    ("leaflet", Path(xstatic_leaflet.BASE_DIR)),
]
WHITENOISE_USE_FINDERS = True  # what is not collected (yet) is served from the finders
# Until the first `serve` collects (tests, runserver, other commands) STATIC_ROOT does not exist
# and the finders serve everything: whitenoise's "No directory at" warning says nothing then.
# Not created here: a command such as `restore` must leave an empty data folder untouched.
warnings.filterwarnings(
    "ignore", message=f"No directory at: {re.escape(STATIC_ROOT.rstrip('/'))}/?$"
)
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
MAP_TILE_URL = os.environ.get("MICROPARKS_TILE_URL", "")
# Who the tiles come from, shown on the map (e.g. "天地图 · 国家地理信息公共服务平台").
MAP_TILE_ATTRIBUTION = os.environ.get("MICROPARKS_TILE_ATTRIBUTION", "")

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

# --- upload limits: the largest file of each kind, in MB, and what an archive may hold ------


def _upload_mb(kind: str, default: int) -> int:
    """``MICROPARKS_UPLOAD_MAX_MB_<KIND>`` in bytes: a positive whole number of MB."""
    name = f"MICROPARKS_UPLOAD_MAX_MB_{kind.upper()}"
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number of MB, at least 1, not {raw!r}")
    return int(raw) * 1024 * 1024


UPLOAD_MAX_BYTES = {
    "ledger": _upload_mb("ledger", 50),  # asset and enterprise ledgers, GIS files, site imports
    "rules": _upload_mb("rules", 2),  # rules documents (YAML)
    "attachment": _upload_mb("attachment", 10),  # tickets' attachments
    "evaluation": _upload_mb("evaluation", 20),  # evaluation records, bureau files
    "spending": _upload_mb("spending", 20),  # programme spending files, input–output tables
}
# A zip (zipped Shapefile, .xlsx, an attached .zip) is refused before it is read or stored when
# it holds more entries, would extract to more MB, or inflates more times than these.
UPLOAD_ARCHIVE_MAX_ENTRIES = int(os.environ.get("MICROPARKS_ARCHIVE_MAX_ENTRIES", "1000"))
UPLOAD_ARCHIVE_MAX_BYTES = int(os.environ.get("MICROPARKS_ARCHIVE_MAX_MB", "500")) * 1024 * 1024
UPLOAD_ARCHIVE_MAX_RATIO = float(os.environ.get("MICROPARKS_ARCHIVE_MAX_RATIO", "100"))

# The impact pages' files ("" = none: direct effects only, shipped assumptions and schemes).
IMPACT_TABLE = os.environ.get("MICROPARKS_IMPACT_TABLE", "")  # input–output table
IMPACT_CONCORDANCE = os.environ.get("MICROPARKS_IMPACT_CONCORDANCE", "")
IMPACT_ASSUMPTIONS = os.environ.get("MICROPARKS_IMPACT_ASSUMPTIONS", "")  # additionality
READINESS_FILE = os.environ.get("MICROPARKS_READINESS_FILE", "")  # `replicate rank` output
READINESS_SCHEME = os.environ.get("MICROPARKS_READINESS_SCHEME", "")

# --- security headers -------------------------------------------------------------------
# Production is served over HTTPS (TLS ends at nginx or another front server) unless an
# intranet without TLS says otherwise with MICROPARKS_INSECURE_COOKIES.
HTTPS = PRODUCTION and os.environ.get("MICROPARKS_INSECURE_COOKIES", "") == ""
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


def _proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` → Django's ``("HTTP_X_FORWARDED_PROTO", "https")``."""
    if not name:
        return None
    return "HTTP_" + name.strip().upper().replace("-", "_"), "https"


def _seconds(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds, not {value!r}")
    return int(value)


# Behind nginx, the header it sets to say the client's request was HTTPS. Only then can Django
# redirect plain HTTP to HTTPS itself (without it, the proxy's own HTTP would loop).
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(os.environ.get("MICROPARKS_PROXY_SSL_HEADER", ""))
SECURE_SSL_REDIRECT = HTTPS and SECURE_PROXY_SSL_HEADER is not None
# Sent on HTTPS responses only; browsers then refuse plain HTTP to this host for that long.
SECURE_HSTS_SECONDS = _seconds("MICROPARKS_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The browsers' preload list is for public sites; a county intranet host is never on it.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "SECURE_HSTS_PRELOAD is not True": see above


def _tile_hosts(url: str) -> list[str]:
    """The origin of a tile URL template for ``img-src``: ``https://{s}.tiles.gov/{z}/…`` →
    ``https://*.tiles.gov``; none for a path on this server."""
    parts = urlsplit(url)
    if not (parts.scheme and parts.netloc):
        return []
    labels = parts.netloc.split(".")
    if "{" in labels[0]:  # a subdomain placeholder such as {s}
        labels[0] = "*"
    return [f"{parts.scheme}://{'.'.join(labels)}"]


# Hosts the maps may load tiles from: from MICROPARKS_TILE_URL, or listed when they differ.
_listed_tile_hosts = os.environ.get("MICROPARKS_TILE_HOSTS", "").split(",")
MAP_TILE_HOSTS = [h.strip() for h in _listed_tile_hosts if h.strip()] or _tile_hosts(MAP_TILE_URL)
# Every page's scripts and styles are files of this server: no inline script, no eval, no
# inline style, no style attribute. The exceptions are two <style> elements of plotly.js, each
# allowed by the hash of its text (so nothing else is): the empty one it fills through the
# CSSOM, and maplibre-gl's fixed stylesheet (for map traces) that it adds on load. A test
# recomputes the second from the installed plotly.min.js (tests/config/test_security_headers.py).
PLOTLY_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty text
    "'sha256-ji27qzEtxXZW+7dun6UwjHXJ18e6WAin1VvNtkzIE/o='",  # maplibre-gl's stylesheet
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *PLOTLY_STYLE_HASHES],
        "img-src": [SELF, "data:", *MAP_TILE_HOSTS],  # data: Leaflet's and plotly's images
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Powerful browser features no page uses: off for the pages and anything they could embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# --- personal data: the job-seeker register (PIPL) -----------------------------------------
# The keys are read on first use (apps/labour/jobseekers_crypto.py), not here: a deployment
# without the register needs none. Back the key up apart from the database (docs: personal data).
FIELD_KEY = os.environ.get("MICROPARKS_FIELD_KEY", "")
FIELD_KEY_FILE = DATA_DIR / "field_key"
JOBSEEKER_RETENTION_DAYS = int(_number("MICROPARKS_JOBSEEKER_RETENTION_DAYS", 730, minimum=1))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MICROPARKS_LOG_LEVEL", "WARNING")},
}
