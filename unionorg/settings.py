"""UnionOrg settings: one file, driven by environment variables.

Development defaults work out of the box (SQLite file, DEBUG on); production sets
DATABASE_URL=postgres://…, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default)
    if value in ("1", "True", "true"):
        return True
    if value in ("0", "False", "false"):
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
ALLOWED_HOSTS = [h for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.unions",
    "apps.accounts",
    "apps.members",
    "apps.cadres",
    "apps.campaigns",
    "apps.stats",
    "apps.targets",
    "apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.RefuseNulCharacters",
    "apps.core.middleware.ModernEngineForChineseBrowsers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.accounts.sessions.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "unionorg.urls"
WSGI_APPLICATION = "unionorg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; a busy timeout instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The status subqueries have large cost estimates, so PostgreSQL's JIT compiles them and
    # adds 400–550 ms to list pages that otherwise take under 200 ms (benchmarks/README.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": ("username", "display_name", "first_name", "last_name", "email")
        },
    },
    {
        "NAME": "apps.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Five wrong passwords for one account from one client address lock that pair for 30 minutes,
# doubled for each further lockout of the pair within a day (django-axes, apps.accounts.lockout).
# Offices sit behind one NAT address, so locking the address alone would lock a whole county out;
# locking the account alone let anyone lock anyone out, the city admin included. The pair locks
# only whoever is guessing, where they are guessing from.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_MINUTES = envint("AXES_COOLOFF_MINUTES", "30")
AXES_COOLOFF_TIME = "apps.accounts.lockout.cool_off"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
# Trying again while locked does not restart the lock: the wait the page names is the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Behind the reverse proxy REMOTE_ADDR is the proxy's own address (apps.accounts.lockout).
AXES_CLIENT_IP_CALLABLE = "apps.accounts.lockout.client_ip_address"
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", "0")

# A session ends when the browser closes, and after SESSION_IDLE_MINUTES without a request
# (apps.accounts.sessions pushes the expiry on at most every five minutes of activity).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", "120") * 60
# An expired page answers in Chinese and gives back what was typed (apps.accounts.csrf).
CSRF_FAILURE_VIEW = "apps.accounts.csrf.csrf_failure"

LANGUAGE_CODE = "zh-hans"
# The only language: a browser asking for English still gets the Chinese the users read.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded ledgers of 100k rows are several MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_FILE_MB = envint("IMPORT_MAX_FILE_MB", "50")
IMPORT_MAX_FILE_SIZE = IMPORT_MAX_FILE_MB * 1024 * 1024
# 选举办法, chair agreements, acceptance attachments (apps.core.exchange.uploads).
UPLOAD_MAX_DOCUMENT_MB = envint("UPLOAD_MAX_DOCUMENT_MB", "20")
# People outside a user's scope that one user may look up a day (apps.core.foreign).
FOREIGN_LOOKUPS_PER_DAY = envint("FOREIGN_LOOKUPS_PER_DAY", "200")

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
DJANGO_TABLES2_PAGE_RANGE = 8

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Everything is served from here (static/vendor, no CDN). Bootstrap's CSS draws its icons as
# data: images; templates use style="…" attributes and <style> blocks, and htmx adds its own
# <style>, so style-src allows inline styles. Scripts are our files only: no inline handler
# or <script> block (static/js/app.js binds data-autosubmit, data-print, data-confirm), so an
# injected script would not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF, UNSAFE_INLINE],
        "script-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    # HTTPS redirect and HSTS belong to the reverse proxy of each deployment; switch on here
    # only where Django itself terminates TLS.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background work (imports of large rosters) runs as django-tasks tasks. The default backend
# keeps the queue in the database, so no extra server is needed: `manage.py db_worker` runs
# them (make run starts one). TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend
# runs them inside the request instead (the test suite does).
TASKS = {"default": {"BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
