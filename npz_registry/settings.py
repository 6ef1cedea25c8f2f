"""Settings for the NPZ registry, read from the environment (see README "Configuration")."""

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

BASE_DIR = Path(__file__).resolve().parent.parent


def read_env_file(path: Path) -> None:
    """Load KEY=VALUE lines from a local .env file (made by `make run` for development).
    Real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


if os.environ.get("NPZ_READ_ENV_FILE", "true") != "false":
    read_env_file(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def code_fingerprint(*folders: Path) -> str:
    """A hash of the code, templates, translations and static files this server runs (about
    20 ms at start): the prefix of every cache key, so that a fragment or PDF kept by an earlier
    release is never served by the next one, whose templates may differ."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Development only: DEBUG is on, so a fixed, clearly unsafe key is acceptable.
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    elif os.environ.get("NPZ_COMMAND_LINE") == "true":
        # manage.py on a machine without the production environment (checks, migrations, data
        # loads): nothing it signs outlives the command, so a key made for this one run will do.
        # The web server (npz_registry/wsgi.py) never sets this and still refuses to start.
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form gets our error page in the user's language, with what was typed and the way back.
CSRF_FAILURE_VIEW = "npz_registry.security.csrf_failure"


def default_site_url(debug: bool, hosts: list[str]) -> str:
    """Where the links in e-mails point unless SITE_URL says: with DEBUG off, the first host
    the server answers to, over HTTPS (a production start sets only DEBUG, SECRET_KEY and
    ALLOWED_HOSTS, and e-mails must not point at 127.0.0.1); else this machine's `make run`."""
    host = next((h for h in hosts if h and h != "*" and not h.startswith(".")), None)
    return f"https://{host}" if not debug and host else "http://127.0.0.1:8000"


SITE_URL = os.environ.get("SITE_URL") or default_site_url(DEBUG, ALLOWED_HOSTS)

INSTALLED_APPS = [
    "npz_registry.apps.RegistryAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "mozilla_django_oidc",
    "csp",
    "npz_registry",
    "networks",
    "missions",
    "transition",
    "npz_registry.reports",
    "npz_registry.importexport",
    "npz_registry.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server (compressed, hashed names, cached forever).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "npz_registry.security.NonceCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the database with what the address holds (the error page it leads to
    # shows who is logged in).
    "npz_registry.security.RefuseNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "npz_registry.security.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the login views' answers (django-axes' rule).
    "axes.middleware.AxesMiddleware",
]

# django-axes comes first: it refuses a locked account before any other backend is asked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's, reading the user's rights with fewer queries (npz_registry/auth.py).
    "npz_registry.auth.ModelBackend",
]

ROOT_URLCONF = "npz_registry.urls"
WSGI_APPLICATION = "npz_registry.wsgi.application"

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
                "npz_registry.navigation.navigation",
            ],
            "libraries": {"npz_layout": "npz_registry.templatetags.npz_layout"},
        },
    },
]
# Widgets of Django's own through Jinja2, the admin's through the template engine above.
FORM_RENDERER = "npz_registry.forms.FormRenderer"

# Connection reuse: with DEBUG off each worker keeps its connection for a minute (checked before
# reuse) instead of opening one per request; runserver starts a thread per request, so not there.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and a busy timeout avoid "database is locked" when the
    # development server and a management command write at the same time; in WAL mode readers
    # never wait for the writer (several app server workers on one file).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 5,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
# English dates as in Europe (day first, 24-hour clock): npz_registry/formats/en.
FORMAT_MODULE_PATH = ["npz_registry.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Figures, template fragments and PDFs cached per data version (npz_registry/dataversion.py), in
# a folder the worker processes of one server share (NPZ_CACHE_DIR), so each figure is computed
# once per server and data version. Keys carry the data version: every server may keep its own.
#: The code's fingerprint prefixes every key: a new release starts with an empty cache.
CODE_FINGERPRINT = code_fingerprint(
    *(
        BASE_DIR / name
        for name in ("npz_registry", "networks", "missions", "transition", "templates", "locale", "static")
    )
)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("NPZ_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "figures")),
        "KEY_PREFIX": CODE_FINGERPRINT,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Rendered report PDFs (npz_registry.reports.rendering), shared the same way.
    "pdfs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("NPZ_PDF_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pdfs")),
        "KEY_PREFIX": CODE_FINGERPRINT,
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
# collectstatic writes hashed, compressed copies; WhiteNoise serves them with far-future caching.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "npz-registry@localhost")
#: Where the accessibility statement (/toegankelijkheid/) sends reports of problems; empty: the
#: statement names the Flemish government's information line instead.
NPZ_ACCESSIBILITY_CONTACT = os.environ.get("NPZ_ACCESSIBILITY_CONTACT", "")

# HTTPS hardening (README "Security"): on by default whenever DEBUG is off, so that a production
# start with only DEBUG, SECRET_KEY and ALLOWED_HOSTS passes `check --deploy`. Each can be turned
# off for local HTTP serving (`make serve`) or when the reverse proxy already does it.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer's probe speaks plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("USE_X_FORWARDED_PROTO") else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Sessions end after SESSION_IDLE_TIMEOUT seconds without a request and SESSION_ABSOLUTE_TIMEOUT
# seconds after the login, whatever the activity (npz_registry.security.SessionTimeoutMiddleware).
# The cookie itself lives no longer than the absolute time-out.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 60 * 60)
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT

# Content-Security-Policy (django-csp): only our own files, scripts and styles by nonce, never
# inline code or style attributes, never framed. Every HTML answer carries a fresh nonce
# (npz_registry.security.NonceCSPMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# django-axes: five wrong passwords lock the account (whatever the address they come from);
# the lock stays until staff unlock it (README "Security": `manage.py axes_reset_username`, or
# the admin's "Access attempts"). A successful login resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "npz_registry.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_VERBOSE = False  # no start-up banner in every command
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# axes.W006 warns that a lock on the username alone lets an attacker rotate user agents or
# cookies; that holds for locks that include those, not for ours. A lock on the address as well
# would lock out a whole office behind one NAT address after five typos.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# django-filter: a select without a choice reads "All", never "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# django-import-export: one bad row imports nothing (npz_registry/importexport).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_FORMATS = [base_formats.CSV, base_formats.XLSX]
EXPORT_FORMATS = IMPORT_FORMATS
#: Imports: the largest file (bytes) and the most rows staff may import at once.
NPZ_IMPORT_MAX_BYTES = int(os.environ.get("NPZ_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
NPZ_IMPORT_MAX_ROWS = int(os.environ.get("NPZ_IMPORT_MAX_ROWS", "20000"))
#: Files with more rows than this are imported by a background job with a progress page,
#: never inside the request (a proxy or server time-out cannot cut them off).
NPZ_IMPORT_BACKGROUND_ROWS = int(os.environ.get("NPZ_IMPORT_BACKGROUND_ROWS", "1000"))
#: Background imports run in a thread of the web process; the tests run them at once.
NPZ_IMPORT_JOBS_IN_THREAD = True

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "npz_registry.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["npz_registry.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "npz_registry.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "npz_registry.api.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    # In the language of the request: the documentation page and the schema are made per language.
    "TITLE": _("NPZ registry open data API"),
    "DESCRIPTION": _(
        "Read-only reference data of the Departement Zorg: regional care zones, primary care zones, "
        "municipalities, the legacy palliative care organisations and the networks. Regional care zones "
        "are provisional (see is_verified)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

#: Number of legacy organisations of each kind the department recognises (DOMAIN.md): used to
#: show how complete the registry is. A fact of the regulation, not derived from our data.
NPZ_EXPECTED_LEGACY_ORGANISATIONS = {"PN_PSV": 15, "MBE": 15}

#: PDF rendering (npz_registry/pdf.py, README "Reports"): a time limit per report (seconds), at
#: most this many renders at once per process and per user, how long a request waits for a slot
#: before it gets the "reports are busy" page, and the size of a report (pages, HTML characters).
#: Rendered PDFs are cached per data version (and plan version) for NPZ_PDF_CACHE_SECONDS.
NPZ_PDF_TIME_LIMIT = int(os.environ.get("NPZ_PDF_TIME_LIMIT", "30"))
NPZ_PDF_MAX_CONCURRENT = int(os.environ.get("NPZ_PDF_MAX_CONCURRENT", "2"))
NPZ_PDF_MAX_PER_USER = int(os.environ.get("NPZ_PDF_MAX_PER_USER", "1"))
NPZ_PDF_SLOT_WAIT = float(os.environ.get("NPZ_PDF_SLOT_WAIT", "10"))
NPZ_PDF_MAX_PAGES = int(os.environ.get("NPZ_PDF_MAX_PAGES", "150"))
NPZ_PDF_MAX_HTML = int(os.environ.get("NPZ_PDF_MAX_HTML", "3000000"))
NPZ_PDF_CACHE_SECONDS = int(os.environ.get("NPZ_PDF_CACHE_SECONDS", str(24 * 3600)))

# Caches: figures in memory per process ("default"); rendered PDFs on disk ("pdfs",
# NPZ_PDF_CACHE_DIR), shared by the workers of one server and kept out of their memory.
#: An intensity that differs this many steps or more from the level the regional data suggest
#: needs a justification. The issue's must-show asks it from one step on.
NPZ_INTENSITY_JUSTIFICATION_STEPS = int(os.environ.get("NPZ_INTENSITY_JUSTIFICATION_STEPS", "1"))

# Login through ACM/IDM, the Flemish government's access management, with OpenID Connect
# (npz_registry/oidc.py, README "Login with ACM/IDM"). Off unless OIDC_ENABLED; the values come
# from the integration file ACM/IDM makes for the application.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email vo")
OIDC_USE_PKCE = True
OIDC_VERIFY_KID = env_bool("OIDC_VERIFY_KID", True)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "npzregister_rol_3d")
OIDC_STAFF_ROLE = os.environ.get("OIDC_STAFF_ROLE", "NPZMedewerker")
OIDC_STAFF_ORGANISATION = os.environ.get("OIDC_STAFF_ORGANISATION", "")
OIDC_COORDINATOR_ROLE = os.environ.get("OIDC_COORDINATOR_ROLE", "NPZCoordinator")
LOGIN_REDIRECT_URL_FAILURE = "/aanmelden/"
if OIDC_ENABLED:
    missing = [
        name
        for name in ("OIDC_RP_CLIENT_ID", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT")
        + ("OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT")
        if not globals()[name]
    ]
    if missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED needs {', '.join(missing)}.")
    AUTHENTICATION_BACKENDS.insert(1, "npz_registry.oidc.AcmIdmBackend")

#: Free-text fields that may name a person ("app.Model.field"): `anonymise_person` replaces the
#: person's full name there, in the current rows and the history.
NPZ_PERSON_TEXT_FIELDS = [
    "missions.PlanAction.responsible",
    "missions.ActionProgress.note",
    "missions.IndicatorProgress.note",
    "missions.ReviewComment.text",
    "missions.ReviewEvent.comment",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_without_traceback": {"()": "npz_registry.log_filters.RefusalsWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["refusals_without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
