"""Django settings for Styr, read from the environment (see docs/reference/settings.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from styr.env import env_bool, env_int, env_list, env_str, local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("STYR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("STYR_DEBUG", False)

# The secret comes from the environment; a single-machine install without one gets a
# random key written once to the var directory, so no key is ever shipped in the code.
SECRET_KEY = env_str("STYR_SECRET_KEY", "") or local_secret_key(VAR_DIR / "secret-key")

ALLOWED_HOSTS = env_list("STYR_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("STYR_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "styr.core",
    "styr.organisation",
    "styr.accounts",
    "styr.plans",
    "styr.followup",
    "styr.internal_control",
    "styr.economy",
    "styr.politics",
    "styr.interchange",
    "styr.importer",
    "styr.kolada",
    "styr.review",
    "styr.reports",
    "styr.web",
    "styr.demo",
    "styr.bench",
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
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "styr.urls"
WSGI_APPLICATION = "styr.wsgi.application"

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
                "styr.web.navigation.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'styr.sqlite3'}"),
        conn_max_age=env_int("STYR_DB_CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) speed up PostgreSQL; SQLite, which has none, gets the index on
# the key columns alone, which is what it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "styr" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"

# Secure defaults; a deployment behind TLS turns the cookie flags on.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("STYR_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("STYR_SESSION_SECONDS", 8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

KOLADA_BASE_URL = env_str("STYR_KOLADA_URL", "https://api.kolada.se/v3")
# A change's reason is what the user wrote (up to 2,000 characters for a returned
# assessment), not a 100-character field that PostgreSQL refuses to overflow.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Computed page parts, shared by every user and every server process, keyed by the data
# version (styr.core.datacache); 0 seconds turns the cache off.
STYR_CACHE_SECONDS = env_int("STYR_CACHE_SECONDS", 600)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("STYR_CACHE_DIR", str(VAR_DIR / "cache")),
        "TIMEOUT": max(STYR_CACHE_SECONDS, 1),
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Staged (unconfirmed) imports untouched this many days are deleted at the next upload.
STYR_STAGED_IMPORT_DAYS = env_int("STYR_STAGED_IMPORT_DAYS", 30)

KOLADA_CACHE_DIR = Path(env_str("STYR_KOLADA_CACHE", str(VAR_DIR / "kolada-cache")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("STYR_LOG_LEVEL", "WARNING")},
}
