"""Settings from environment variables, with safe local defaults.

Production mode (MINORWORKS_ENV=production) refuses to start without an explicit SECRET_KEY,
with DEBUG on, or without ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("MINORWORKS_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("MINORWORKS_VAR", BASE_DIR / "var")).resolve()
NODE_MODULES = Path(os.environ.get("MINORWORKS_NODE_MODULES", BASE_DIR / "node_modules")).resolve()


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PRODUCTION = os.environ.get("MINORWORKS_ENV", "local").lower() == "production"
DEMO_MODE = not PRODUCTION
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production (MINORWORKS_ENV=production).")
    # Local: generate once and keep it under var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
    if len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("SECRET_KEY is too short for production (40+ characters).")


def _local_key(name: str, make) -> str:
    """A key generated once under var/ for local use; production must set it in the environment."""
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production (see docs/adr/0008-personal-data.md).")
    key_file = VAR_DIR / name.lower()
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = make()
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


# Personal numbers (identity, phone) are encrypted with the first key and decrypted with any (rotation:
# put the new key first, run `minorworks manage rotate_personal_data`, then drop the old key).
PERSONAL_DATA_KEYS = env_list("PERSONAL_DATA_KEYS", []) or [_local_key("PERSONAL_DATA_KEY", _fernet_key)]
# The key of the keyed hash used to find a number without decrypting every row.
PERSONAL_DATA_HASH_KEY = os.environ.get("PERSONAL_DATA_HASH_KEY") or _local_key(
    "PERSONAL_DATA_HASH_KEY", lambda: secrets.token_urlsafe(32)
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its bundled Swagger UI files, served from our own origin (the CSP forbids a CDN)
    "minorworks.core",
    "minorworks.orgs",
    "minorworks.scoperules",
    "minorworks.accounts",
    "minorworks.projects",
    "minorworks.registration",
    "minorworks.review",
    "minorworks.leads",
    "minorworks.inspections",
    "minorworks.stoporders",
    "minorworks.reports",
    "minorworks.notices",
    "minorworks.ledgers",
    "minorworks.accidents",
    "minorworks.training",
    "minorworks.meetings",
    "minorworks.dashboard",
    "minorworks.bulletins",
    "minorworks.api",
    "minorworks.demo",
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
    "csp.middleware.CSPMiddleware",
    # Before any view or query reads the request (needs the language, user and nonce to render its page).
    "minorworks.core.input_guard.InputGuardMiddleware",
    "minorworks.core.middleware.RequestContextMiddleware",
    "minorworks.core.middleware.NoStoreMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "minorworks.core.querycount.QueryCountMiddleware",  # X-Query-Count, only when enabled (bench)
    "minorworks.core.access.AccessPolicyMiddleware",
    # Axes last: it turns lock-outs into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "minorworks.urls"
WSGI_APPLICATION = "minorworks.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "minorworks.core.context.shell",
            ],
        },
    }
]

# --- database ----------------------------------------------------------------
DEFAULT_SQLITE = VAR_DIR / "minorworks.sqlite3"
# Run once when a connection opens (connections persist, see CONN_MAX_AGE): WAL lets readers run beside the
# writer, and a reader waits for the write lock instead of failing; the page cache and temp tables stay in memory.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;"
)


def database_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """DATABASES from the environment (docs/deploy.md): DATABASE_URL, and for PostgreSQL DATABASE_POOL
    (psycopg's pool in each process: DATABASE_POOL_MIN_SIZE, DATABASE_POOL_MAX_SIZE, DATABASE_POOL_TIMEOUT)
    and DATABASE_REPLICA_URL (a read replica for exports and reports, see core.dbrouting).

    CONN_MAX_AGE (seconds, default 600) keeps connections open between requests, so SQLite's PRAGMAs and
    PostgreSQL's connection set-up run once per connection, not once per request.
    """
    max_age = int(environ.get("CONN_MAX_AGE", "600"))
    default = dj_database_url.parse(
        environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=max_age,
        conn_health_checks=True,
    )
    databases: dict[str, Any] = {"default": default}
    if default["ENGINE"] == "django.db.backends.sqlite3":
        default["OPTIONS"] = {
            "init_command": SQLITE_PRAGMAS,
            # IMMEDIATE takes the write lock at BEGIN so two concurrent transitions serialise instead of
            # failing with "database is locked" mid-way.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        return databases
    # The planner's cost of a random page read: PostgreSQL's default (4) models spinning disks; on SSDs or a
    # database held in memory 1.1 is the usual value, and it lets a page's join probe an index instead of
    # hashing a whole table (the coverage list at city scale: 44 ms → 26 ms). 4 restores the default.
    page_cost = float(environ.get("DATABASE_RANDOM_PAGE_COST", "1.1"))
    # How many joined tables the planner orders exhaustively (PostgreSQL's default 8): a ledger joins nine, and
    # planning them took 39–60 ms against 1–2 ms of running (a street's ledger with a keyword, 68 → 34 ms
    # median at city scale). Beyond four, Django's join order (the list's own table first, then what it
    # names) is kept; no benchmarked page or bulletin became slower.
    join_limit = int(environ.get("DATABASE_JOIN_COLLAPSE_LIMIT", "4"))
    options = f"-c random_page_cost={page_cost:g} -c join_collapse_limit={join_limit}"
    default.setdefault("OPTIONS", {})["options"] = options
    # Server-side binding with prepared statements: a statement run 5 times on a connection is prepared, and
    # PostgreSQL reuses its plan. The 9-table ledger query spent 60 ms planning and 1 ms running (a district's
    # ledger 90 → 30 ms; the project list API 13 → 7 ms). PgBouncer in transaction mode cannot keep prepared
    # statements: switch it off there (DATABASE_SERVER_SIDE_BINDING=0, docs/deploy.md).
    if (environ.get("DATABASE_SERVER_SIDE_BINDING") or "1").strip().lower() in {"1", "true", "yes", "on"}:
        default["OPTIONS"]["server_side_binding"] = True
        default["OPTIONS"]["prepare_threshold"] = int(environ.get("DATABASE_PREPARE_THRESHOLD", "5"))
    if (environ.get("DATABASE_POOL") or "").strip().lower() in {"1", "true", "yes", "on"}:
        default["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django refuses both at once
        default.setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(environ.get("DATABASE_POOL_MIN_SIZE", "2")),
            "max_size": int(environ.get("DATABASE_POOL_MAX_SIZE", "8")),
            "timeout": float(environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
    replica_url = environ.get("DATABASE_REPLICA_URL", "").strip()
    if replica_url:
        replica = dj_database_url.parse(replica_url, conn_max_age=max_age, conn_health_checks=True)
        if "pool" in default.get("OPTIONS", {}):
            replica["CONN_MAX_AGE"] = 0
            replica.setdefault("OPTIONS", {})["pool"] = dict(default["OPTIONS"]["pool"])
        replica["TEST"] = {"MIRROR": "default"}  # tests read the primary's test database
        databases["replica"] = replica
    return databases


DATABASES = database_settings(os.environ)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# Writes and ordinary reads go to the primary; exports and reports ask for the replica by name.
DATABASE_ROUTERS = ["minorworks.core.dbrouting.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth and login security -------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "minorworks.accounts.backends.UserWithPlacesBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "minorworks.core.errors.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# One answer to "who is the client?" for lock-outs and the audit log (see core.middleware.client_ip).
AXES_CLIENT_IP_CALLABLE = "minorworks.core.middleware.client_ip"
# JSON 429 for the API, the lock-out page for the UI.
AXES_LOCKOUT_CALLABLE = "minorworks.accounts.lockout.lockout_response"
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks); empty: the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "720"))

# --- security headers ----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Camera and location for the inspection and report forms (own origin only); every other feature off.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": ["self"],
    "geolocation": ["self"],
    **dict.fromkeys(
        [
            "accelerometer",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "display-capture",
            "encrypted-media",
            "gyroscope",
            "hid",
            "idle-detection",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "picture-in-picture",
            "publickey-credentials-get",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- map picker ---------------------------------------------------------------------
# Tiles behind the map picker: a district's own tile server or 天地图 (with its browser key), as a Leaflet URL
# template ({s} {z} {x} {y}). Empty: the picker draws a coordinate grid, which needs no network. The coordinates
# are stored as entered (WGS-84 / CGCS2000, which 天地图 uses; GCJ-02 tiles such as Amap's are offset from them).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()
MAP_TILE_SUBDOMAINS = os.environ.get("MAP_TILE_SUBDOMAINS", "abc").strip()
MAP_TILE_MAX_ZOOM = int(os.environ.get("MAP_TILE_MAX_ZOOM", "18"))
# Where the picker opens when the form has no point yet (default: the middle of Dongcheng).
MAP_CENTER = tuple(float(x) for x in os.environ.get("MAP_CENTER", "39.9288,116.4164").split(","))
MAP_ZOOM = int(os.environ.get("MAP_ZOOM", "14"))
# How long the dashboard keeps its charts (and the live street ranking) before computing them again.
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300"))
# How long a list's total of 10,000 rows or more may be reused (core.counting); 0 counts every time.
COUNT_CACHE_SECONDS = int(os.environ.get("COUNT_CACHE_SECONDS", "60"))


def tile_source(url: str) -> str | None:
    """The CSP source that admits the tile host of ``url`` ({s} subdomains become a wildcard), or None."""
    if not url:
        return None
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if scheme not in ("http", "https") or not host or "{" in host.replace("{s}", ""):
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL template, not {url!r}")
    if "{s}" in host:
        first, _dot, domain = host.partition(".")
        if "{s}" not in first or not domain:
            raise ImproperlyConfigured("MAP_TILE_URL: put {s} in the first label of the host name")
        host = f"*.{domain}"
    return f"{scheme}://{host}"


from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:", *filter(None, [tile_source(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Widgets render with one template per select, not one per option (core.forms.LightWidgetRenderer).
FORM_RENDERER = "minorworks.core.forms.LightWidgetRenderer"

# Filter menus offer "All" (全部) for no choice, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- i18n --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "minorworks_language"

# --- static and media -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
]
UI_FONT_WEIGHTS = ("400", "700")
UI_FONT_FILES = [f"{w}.css" for w in UI_FONT_WEIGHTS] + sorted(
    f"files/{path.name}"
    for w in UI_FONT_WEIGHTS
    for path in (NODE_MODULES / "@fontsource" / "noto-sans-sc" / "files").glob(f"*-{w}-normal.woff*")
)
# Single files of a package (core.staticfiles): Leaflet's build and what its CSS and source map refer to.
STATIC_LISTED_FILES = {
    "vendor/chartjs": (NODE_MODULES / "chart.js" / "dist", ["chart.umd.min.js", "chart.umd.min.js.map"]),
    "vendor/leaflet": (
        NODE_MODULES / "leaflet" / "dist",
        [
            "leaflet.js",
            "leaflet.js.map",
            "leaflet.css",
            "images/layers.png",
            "images/layers-2x.png",
            "images/marker-icon.png",
        ],
    ),
    # Noto Sans SC in unicode-range subsets: the last family of the page's font stack (app.css), so that a
    # machine without any Chinese font still shows Chinese; a browser fetches only the subsets a page uses,
    # and none at all where a system Chinese font comes first.
    "vendor/noto-sans-sc": (NODE_MODULES / "@fontsource" / "noto-sans-sc", UI_FONT_FILES),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "minorworks.core.staticfiles.ListedFilesFinder",
]
# Uploaded files live outside the web root and are served only through access-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))


def file_storage() -> dict:
    """The default storage of uploads and generated documents: the local disk, or S3-compatible object storage.

    FILE_STORAGE=s3 puts them in one bucket that every application server shares (docs/deploy.md):
    S3_BUCKET (required), S3_ENDPOINT_URL (MinIO, Ceph, a cloud's S3 endpoint; empty: AWS), S3_REGION,
    S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (empty: the instance's own credentials), S3_PREFIX (a folder
    inside the bucket), S3_ADDRESSING_STYLE ("path" for most self-hosted servers, "virtual").
    Files never get public URLs: every download goes through an access-checked view.
    """
    kind = os.environ.get("FILE_STORAGE", "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"FILE_STORAGE must be 'local' or 's3', not {kind!r}")
    bucket = os.environ.get("S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("S3_PREFIX", "").strip("/"),
        "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
        # Like the local disk: a name already taken gets a suffix, never overwrites a stored document.
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- background tasks (imports, notifications), e-mail (ADR 0006) --------------------------------------
# The database backend needs no other service; `minorworks worker` (db_worker --no-reload) runs the queue.
# Tests run tasks at once (tests/settings.py); TASKS_BACKEND names another backend class (ADR 0006).
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Bounds of one Excel import (the worker kills the workbook reader past them; see ledgers.importing).
IMPORT_READ_SECONDS = int(os.environ.get("IMPORT_READ_SECONDS", "60"))
IMPORT_READ_MEMORY_MB = int(os.environ.get("IMPORT_READ_MEMORY_MB", "512"))
IMPORT_SECONDS = int(os.environ.get("IMPORT_SECONDS", "900"))
# E-mail: printed to the console locally, SMTP in production unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "minorworks <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# A failed e-mail or webhook delivery is retried after BASE, 2×BASE, 4×BASE … seconds, MAX attempts in all.
NOTIFY_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", "60"))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("NOTIFY_MAX_ATTEMPTS", "8"))
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))

# Public base URL printed on QR codes (site boards). Falls back to the request's host.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")

# Residents' reports (reports app): reports per client per minute (django-ratelimit syntax), the district that
# receives reports naming no place, optional street boundaries (GeoJSON) and the rule files (data).
REPORTS_RATE_LIMIT = os.environ.get("REPORTS_RATE_LIMIT", "10/m")
REPORTS_DISTRICT = os.environ.get("REPORTS_DISTRICT", "")
REPORTS_STREET_BOUNDARIES = os.environ.get("REPORTS_STREET_BOUNDARIES", "")
REPORTS_RULES_FILE = os.environ.get("REPORTS_RULES_FILE", "")
REPORTS_CALENDAR_FILE = os.environ.get("REPORTS_CALENDAR_FILE", "")
# TrueType CJK fonts to embed in PDFs (body, and bold for titles); when unset, Noto Serif SC from
# node_modules is used (see core.documents.fonts for the whole order).
CJK_FONT_PATH = os.environ.get("CJK_FONT_PATH", "")
CJK_BOLD_FONT_PATH = os.environ.get("CJK_BOLD_FONT_PATH", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
