"""Configuration from environment variables, with safe defaults.

Every setting can be overridden by an environment variable of the same name.
The secret key is generated once and kept under instance/ when not given, so
sessions survive restarts without anyone committing a secret.
"""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("CIVICFLOW_INSTANCE", ROOT / "instance"))


def _secret_key() -> str:
    given = os.environ.get("SECRET_KEY")
    if given:
        return given
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        # O_EXCL so two processes starting together keep one key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
        except FileExistsError:
            pass
    return path.read_text().strip()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    DATABASE_URL = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'civicflow.sqlite'}")
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Taipei")
    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "zh_TW")
    BABEL_DEFAULT_TIMEZONE = TIMEZONE
    ATTACHMENT_DIR = os.environ.get("ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))
    MAX_CONTENT_LENGTH = _int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
    PERMANENT_SESSION_LIFETIME = _int("SESSION_MINUTES", 480) * 60
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = (os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
                             or os.environ.get("PREFERRED_URL_SCHEME") == "https")
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _int("SMTP_PORT", 25)
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    MAIL_FROM = os.environ.get("MAIL_FROM", "civicflow@localhost")
    SCHEDULER_ENABLED = os.environ.get("SCHEDULER_ENABLED", "1") == "1"
    # Posts of each public form per client address, and failed status look-ups
    # (webapp/form_limits.py): a moving window in RATELIMIT_STORAGE_URI's storage,
    # written as the `limits` library reads it ('10/hour', '20 per 2 hours').
    PUBLIC_RATE_LIMIT = os.environ.get("PUBLIC_RATE_LIMIT", "10/hour")
    # Open311 clients registered to post petitions: the usernames of their
    # service accounts (comma separated); each API key is limited to OPEN311_RATE_LIMIT
    # (counted per hashed key, in the same storage).
    OPEN311_CLIENTS = os.environ.get("OPEN311_CLIENTS", "")
    OPEN311_RATE_LIMIT = os.environ.get("OPEN311_RATE_LIMIT", "60/hour")
    # A map is configured: the public form also takes the point (latitude, longitude).
    PUBLIC_MAP_POINT = os.environ.get("PUBLIC_MAP_POINT", "0") == "1"
    # Budgets of model code in live cases (engine/sandbox): wall clock per
    # expression or script, memory per script, idle script workers kept ready.
    SANDBOX_SECONDS = float(os.environ.get("SANDBOX_SECONDS", 2.0))
    SANDBOX_MEMORY_MB = _int("SANDBOX_MEMORY_MB", 64)
    SANDBOX_WORKERS = _int("SANDBOX_WORKERS", 2)
    # Behind HTTPS the session cookie is Secure (SESSION_COOKIE_SECURE=1 or
    # PREFERRED_URL_SCHEME=https); behind a reverse proxy, FORWARDED_HOPS proxies
    # are trusted for the client's address and scheme (X-Forwarded-For/-Proto).
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    FORWARDED_HOPS = _int("FORWARDED_HOPS", 0)
    # Signing in (webapp/throttle.py): sign-in POSTs per address in Flask-Limiter's
    # storage, which also keeps the public forms' and Open311's counts (memory://
    # is per process, so each gunicorn worker would count alone: production names
    # Redis or Memcached, shared by every worker and host); failures counted in
    # the database lock an account / refuse an address.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # That storage unreachable: sign-in posts go uncounted meanwhile (logged),
    # rather than the sign-in form failing; the database's lock-outs still hold.
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "30/minute")
    LOGIN_MAX_FAILURES = _int("LOGIN_MAX_FAILURES", 5)
    LOGIN_MAX_ADDRESS_FAILURES = _int("LOGIN_MAX_ADDRESS_FAILURES", 20)
    LOGIN_LOCK_MINUTES = _int("LOGIN_LOCK_MINUTES", 15)
    # Single sign-on (webapp/oidc.py), offered when the three are set.
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_SCOPE = os.environ.get("OIDC_SCOPE", "openid email profile")
    # Claims naming a new user's agency and roles (roles: a list or comma separated);
    # without them the defaults apply; no default agency/role: an unknown person is refused.
    OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
    OIDC_AGENCY_CLAIM = os.environ.get("OIDC_AGENCY_CLAIM", "")
    OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "")
    OIDC_DEFAULT_AGENCY = os.environ.get("OIDC_DEFAULT_AGENCY", "")
    OIDC_DEFAULT_ROLES = os.environ.get("OIDC_DEFAULT_ROLES", "")

    def __init__(self):
        self.SECRET_KEY = _secret_key()


def load(**overrides) -> dict:
    """Return the configuration as a dict, with test or CLI overrides applied."""
    cfg = Config()
    values = {k: getattr(cfg, k) for k in dir(cfg) if k.isupper()}
    values.update(overrides)
    return values
