"""Settings for gonghui, read from the environment (12-factor).

Out of the box gonghui runs on SQLite in a data folder with no configuration. In production set
GONGHUI_ENV=production, GONGHUI_SECRET_KEY, GONGHUI_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("GONGHUI_ENV", "development") == "production"
DEBUG = env_bool("GONGHUI_DEBUG", default=not PRODUCTION)

DATA_DIR = Path(env("GONGHUI_DATA_DIR", str(PROJECT_DIR / "data"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """A secret from the environment; in development one is made once and kept in the data folder."""
    key = env("GONGHUI_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("生产环境必须设置环境变量 GONGHUI_SECRET_KEY")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("GONGHUI_ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("GONGHUI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "axes",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.care",
    "gonghui.democracy",
    "gonghui.funds",
    "gonghui.achievements",
    "gonghui.workershome",
    "gonghui.activities",
    "gonghui.rights",
    "gonghui.reports",
    "gonghui.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gonghui.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.middleware.RequestContextMiddleware",
    "gonghui.accounts.middleware.PasswordChangeRequiredMiddleware",
    "gonghui.accounts.middleware.CurrentOrganizationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gonghui.sqlite3'}"),
        conn_max_age=int(env("GONGHUI_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work while an import writes; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-64000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The member pages' hand-written queries (core/rawsql.py) are prepared once per PostgreSQL connection; set 0 behind
# a connection pooler in transaction mode that does not keep prepared statements.
GONGHUI_DB_PREPARED = env_bool("GONGHUI_DB_PREPARED", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "gonghui.accounts.lockout.AddressLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "display_name", "email")}},
    {"NAME": "gonghui.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gonghui.accounts.validators.CharacterClassValidator"},
]
CSRF_FAILURE_VIEW = "gonghui.core.views_errors.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after two idle hours, and when the browser closes. The store (accounts/sessions.py) renews a
# session's expiry when it is more than SESSION_RENEW_SECONDS old instead of writing the row on every request.
SESSION_ENGINE = "gonghui.accounts.sessions"
SESSION_COOKIE_AGE = int(env("GONGHUI_SESSION_SECONDS", str(2 * 3600)))
SESSION_RENEW_SECONDS = int(env("GONGHUI_SESSION_RENEW_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login lockout (django-axes): five failures lock the account name for 30 minutes.
AXES_FAILURE_LIMIT = int(env("GONGHUI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("GONGHUI_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for locking by address too. A union office usually reaches the server through one NAT address,
# so locking an address after five typos by anyone would lock the whole office out: axes locks the account name, and
# an address gets its own, much higher limit of failures across all names (accounts/lockout.py).
GONGHUI_LOGIN_ADDRESS_LIMIT = int(env("GONGHUI_LOGIN_ADDRESS_LIMIT", "50"))
# models.W040: the person name index INCLUDEs the id on PostgreSQL (an index-only count); SQLite has no INCLUDE and
# its index holds the rowid anyway, so the warning at every start would only alarm a newcomer.
SILENCED_SYSTEM_CHECKS = ["axes.W006", "models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.views.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(env("GONGHUI_PROXY_COUNT", "0")) or None

# E-mail for messages (portal.messaging): sent only when an SMTP host is configured; in-app messages always.
EMAIL_HOST = env("GONGHUI_EMAIL_HOST", "")
EMAIL_PORT = int(env("GONGHUI_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("GONGHUI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("GONGHUI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("GONGHUI_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("GONGHUI_EMAIL_FROM", "gonghui@localhost")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("GONGHUI_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
FRONTEND_DIR = Path(env("GONGHUI_FRONTEND_DIR", str(PROJECT_DIR / "frontend" / "node_modules")))
STATICFILES_DIRS = [
    (prefix, FRONTEND_DIR / sub)
    for prefix, sub in [
        ("vendor/bootstrap", "bootstrap/dist"),
        ("vendor/bootstrap-icons", "bootstrap-icons/font"),
        ("vendor/echarts", "echarts/dist"),
    ]
    if (FRONTEND_DIR / sub).exists()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # WhiteNoise's compressed manifest storage, the addresses remembered per process (core/staticstorage.py)
        "BACKEND": "gonghui.core.staticstorage.ManifestStaticStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(env("GONGHUI_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "media/"

# Uploads: rosters up to 50 MB; larger ones are refused while they stream in (see core.uploads).
GONGHUI_MAX_UPLOAD_BYTES = int(env("GONGHUI_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "gonghui.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# API tokens are refused (and deleted) this long after they were issued: see accounts/authentication.py.
API_TOKEN_MAX_AGE = timedelta(days=int(env("GONGHUI_TOKEN_DAYS", "30")))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gonghui.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["gonghui.core.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "gonghui.core.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "gonghui.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "gonghui 工会工作平台 API",
    "DESCRIPTION": "组织、人员、会员与会籍办理。所有接口按当前用户的组织范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation page are for logged-in users (token or session): gonghui.api_urls.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Every operation documents the error answers it can give (all {"detail": ...}): core.api_schema.document_errors.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "gonghui.core.api_schema.document_errors"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "status"; each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "gonghui.orgs.models.Organization.Kind",
        "OrganizationStatusEnum": "gonghui.orgs.models.Organization.Status",
        "MembershipEventKindEnum": "gonghui.members.models.MembershipEvent.Kind",
        "TransferStatusEnum": "gonghui.members.models.Transfer.Status",
        # care
        "AssistanceKindEnum": "gonghui.care.models.Assistance.Kind",
        "CampaignKindEnum": "gonghui.care.models.Campaign.Kind",
        "PaymentFormEnum": "gonghui.care.models.PaymentForm",
        "CondolenceFormEnum": "gonghui.care.models.Condolence.Form",
        "CareHardshipLevelEnum": "gonghui.care.models.HardshipLevel",
        "CampaignCriteriaHardshipLevelEnum": "gonghui.care.api.CRITERIA_HARDSHIP_LEVELS",
        # democracy: the congress
        "CongressSessionKindEnum": "gonghui.democracy.models.CongressSession.Kind",
        "CongressSessionStatusEnum": "gonghui.democracy.models.CongressSession.Status",
        "SessionAttendanceStatusEnum": "gonghui.democracy.models.SessionAttendance.Status",
        "SessionAttendanceViaEnum": "gonghui.democracy.models.SessionAttendance.Via",
        "DelegateStatusEnum": "gonghui.democracy.models.Delegate.Status",
        "DelegateCategoryEnum": "gonghui.democracy.models.DelegateCategory",
        # democracy: open affairs and opinions
        "OpenAffairsCategoryEnum": "gonghui.democracy.models.OpenAffairsCategory",
        "OpenAffairsChannelEnum": "gonghui.democracy.models.OpenAffairsChannel",
        "OpenAffairsItemStatusEnum": "gonghui.democracy.models.OpenAffairsItem.Status",
        "OpenAffairsFrequencyEnum": "gonghui.democracy.models.OpenAffairsRequirement.Frequency",
        "OpinionCategoryEnum": "gonghui.democracy.models.OpinionCategory",
        "OpinionChannelEnum": "gonghui.democracy.models.Opinion.Channel",
        "OpinionStatusEnum": "gonghui.democracy.models.Opinion.Status",
        "OpinionOutcomeEnum": "gonghui.democracy.models.Opinion.Outcome",
        # democracy: collective contracts
        "CollectiveContractKindEnum": "gonghui.democracy.models.contracts.ContractKind",
        # democracy: proposals and surveys; funds: employers
        "ProposalCategoryEnum": "gonghui.democracy.models.proposals.ProposalCategory",
        "SurveyKindEnum": "gonghui.democracy.models.surveys.Survey.Kind",
        "SurveyStatusEnum": "gonghui.democracy.models.surveys.Survey.Status",
        "QuestionKindEnum": "gonghui.democracy.models.surveys.Question.Kind",
        "EmployerKindEnum": "gonghui.funds.models.employers.EmployerKind",
        "FoundingVisitOutcomeEnum": "gonghui.funds.models.employers.FoundingVisit.Outcome",
        "CollectiveContractStatusEnum": "gonghui.democracy.models.contracts.CollectiveContract.Status",
        # funds: the ledger
        "LedgerCategoryEnum": "gonghui.funds.models.ledger.Category",
        "LedgerDirectionEnum": "gonghui.funds.models.ledger.Direction",
        "LedgerEntryStatusEnum": "gonghui.funds.models.ledger.LedgerEntry.Status",
        # funds: budgets, fund rules and 经审
        "FundsCheckKindEnum": "gonghui.funds.models.rules.CheckKind",
        # achievements (建功立业); its "state" enums made the proposals' own need a name
        "ProposalStateEnum": "gonghui.democracy.models.proposals.ProposalState",
        "SuggestionStateEnum": "gonghui.achievements.models.suggestions.Suggestion.State",
        "SuggestionGradeEnum": "gonghui.achievements.models.suggestions.Grade",
        "HonourKindEnum": "gonghui.achievements.models.honours.Honour.Kind",
        "HonourStateEnum": "gonghui.achievements.models.honours.Honour.State",
        "HonourLevelEnum": "gonghui.achievements.models.honours.HonourLevel",
        "HonourTitleEnum": "gonghui.achievements.models.honours.HonourTitle",
        "CompetitionKindEnum": "gonghui.achievements.models.competitions.Competition.Kind",
        "CompetitionStateEnum": "gonghui.achievements.models.competitions.Competition.State",
        "MentorPairOutcomeEnum": "gonghui.achievements.models.competitions.MentorPair.Outcome",
        # workers' home
        "RoomKindEnum": "gonghui.workershome.models.rooms.Room.Kind",
        "BookingStatusEnum": "gonghui.workershome.models.rooms.Booking.Status",
        # activities
        "ActivitiesEventKindEnum": "gonghui.activities.models.EventKind",
        "ActivitiesEventStatusEnum": "gonghui.activities.models.Event.Status",
        "ActivitiesSignupStatusEnum": "gonghui.activities.models.Signup.Status",
        "ActivitiesTrainingKindEnum": "gonghui.activities.models.TrainingKind",
        "ActivitiesMeetingKindEnum": "gonghui.activities.models.MeetingKind",
        "ActivitiesArticleStatusEnum": "gonghui.activities.models.Article.Status",
        # rights: hazards and mediation cases
        "HazardKindEnum": "gonghui.rights.models.hazards.HazardKind",
        "HazardStateEnum": "gonghui.rights.models.hazards.HazardState",
        "DisputeKindEnum": "gonghui.rights.models.disputes.DisputeKind",
        "DisputeStateEnum": "gonghui.rights.models.disputes.DisputeState",
        "DisputeOutcomeEnum": "gonghui.rights.models.disputes.DisputeOutcome",
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"
# Empty choices: "全部" in filters, "（空）" only where a field can be empty (core/filters.py), "请选择" in forms
# (core/forms.py StyledFormMixin).
FILTERS_EMPTY_CHOICE_LABEL = "全部"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content-Security-Policy on every response (core.middleware.ContentSecurityPolicyMiddleware): no inline script or
# style anywhere. htmx's own indicator <style> is turned off by the htmx-config meta tag in base.html.
_CSP_STRICT = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "font-src": "'self'", "connect-src": "'self'", "object-src": "'none'", "base-uri": "'self'",
    "frame-ancestors": "'none'", "form-action": "'self'",
}
GONGHUI_CSP = "; ".join(f"{k} {v}" for k, v in _CSP_STRICT.items())
# drf-spectacular's Swagger page writes its set-up script and a few rules inline: on that one path, and only there,
# inline script and style are allowed (everything else as strict).
GONGHUI_CSP_PATHS = {
    "/api/docs/": "; ".join(f"{k} {v}" for k, v in {
        **_CSP_STRICT, "script-src": "'self' 'unsafe-inline'", "style-src": "'self' 'unsafe-inline'"}.items()),
}

if PRODUCTION:
    # No browsable HTML API in production: JSON only (its forms would list choices to anyone logged in).
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]
    SECURE_SSL_REDIRECT = env_bool("GONGHUI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("GONGHUI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("GONGHUI_LOG_LEVEL", "WARNING")},
}
