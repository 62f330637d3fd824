"""Configuration: the only module that reads the environment."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import argon2

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-key-not-for-production"  # noqa: S105 - refused in production


class ConfigError(RuntimeError):
    """Raised when the environment cannot make a safe configuration."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(env: dict, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def load_config(env: dict | None = None, overrides: dict | None = None) -> dict:
    """Build the Flask config dict from the environment (and test overrides).

    Kept as a function so nothing is evaluated at import time.
    """
    env = dict(os.environ if env is None else env)
    overrides = dict(overrides or {})
    mode = overrides.get("ENV_MODE") or env.get("PORTAL_ENV", "production")
    testing = bool(overrides.get("TESTING", mode == "testing"))
    development = mode == "development"
    instance = Path(env.get("PORTAL_INSTANCE_PATH") or PROJECT_ROOT / "instance")

    secret = overrides.get("SECRET_KEY") or env.get("SECRET_KEY")
    if not secret:
        if development or testing:
            secret = DEV_SECRET
        else:
            raise ConfigError(
                "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))'), "
                "or set PORTAL_ENV=development for local work."
            )

    config = {
        "ENV_MODE": mode,
        "TESTING": testing,
        "DEBUG": development and _bool(env.get("FLASK_DEBUG")),
        "SECRET_KEY": secret,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL")
        or f"sqlite:///{instance / 'portal.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "SQLITE_BUSY_TIMEOUT_MS": _int(env, "SQLITE_BUSY_TIMEOUT_MS", 15000),
        # Languages
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("da", "en"),
        # Sessions and cookies
        "SESSION_COOKIE_NAME": "portal_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(
            env.get("SESSION_COOKIE_SECURE"), default=not (development or testing)
        ),
        "REMEMBER_COOKIE_DURATION": timedelta(0),
        "SESSION_IDLE_MINUTES": _int(env, "SESSION_IDLE_MINUTES", 30),
        "SESSION_ABSOLUTE_HOURS": _int(env, "SESSION_ABSOLUTE_HOURS", 12),
        "MFA_REQUIRED_ROLES": tuple(
            r.strip()
            for r in env.get("MFA_REQUIRED_ROLES", "agency,admin").split(",")
            if r.strip()
        ),
        # Security
        "WTF_CSRF_ENABLED": _bool(env.get("WTF_CSRF_ENABLED"), default=True),
        "WTF_CSRF_TIME_LIMIT": None,
        "PROXY_FIX": _bool(env.get("PROXY_FIX")),
        "PROXY_FIX_HOPS": _int(env, "PROXY_FIX_HOPS", 1),
        "HSTS": _bool(env.get("HSTS"), default=not (development or testing)),
        "MAX_CONTENT_LENGTH": _int(env, "MAX_UPLOAD_MB", 10) * 1024 * 1024,
        "REDIS_URL": env.get("REDIS_URL") or None,
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        "LOGIN_LIMIT_PER_IP": env.get("LOGIN_LIMIT_PER_IP", "30 per 5 minutes"),
        # A growing delay: each rung of failed logins per account and IP waits longer.
        "LOGIN_LIMIT_PER_ACCOUNT_AND_IP": env.get(
            "LOGIN_LIMIT_PER_ACCOUNT_AND_IP",
            "3 per minute; 6 per 10 minutes; 10 per hour; 20 per day"),
        # Failed logins per account (any address) or per IP that make one audit event.
        "LOGIN_BURST": env.get("LOGIN_BURST", "20 per 10 minutes"),
        # Every broken limit is known, so Retry-After names the longest wait.
        "RATELIMIT_FAIL_ON_FIRST_BREACH": False,
        # DRC's look-ups per adviser: enough for a day's work, too few to walk the register.
        "DRC_LOOKUP_LIMIT": env.get("DRC_LOOKUP_LIMIT", "30 per 10 minutes;200 per day"),
        # argon2id cost of new password hashes; argon2-cffi's recommended values by default
        # (RFC 9106, low memory). Tests set cheap ones, as cookiecutter-flask does with
        # BCRYPT_LOG_ROUNDS; every hash keeps its own parameters, so old hashes still verify.
        "ARGON2_TIME_COST": _int(env, "ARGON2_TIME_COST", argon2.DEFAULT_TIME_COST),
        "ARGON2_MEMORY_COST": _int(env, "ARGON2_MEMORY_COST", argon2.DEFAULT_MEMORY_COST),
        "ARGON2_PARALLELISM": _int(env, "ARGON2_PARALLELISM", argon2.DEFAULT_PARALLELISM),
        # Mail
        "MAIL_BACKEND": env.get("MAIL_BACKEND", "console" if development else "smtp"),
        "MAIL_SERVER": env.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int(env, "MAIL_PORT", 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "repatrieringsportalen@hjemst.dk"),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # Data protection
        "RETENTION_DAYS": _int(env, "RETENTION_DAYS", 5 * 365),
        # The audit log is kept longer than the cases it describes.
        "AUDIT_RETENTION_DAYS": _int(env, "AUDIT_RETENTION_DAYS", 6 * 365),
        # Working days without an answer before `flask send-reminders` reminds the municipality
        "REMINDER_WORKING_DAYS": _int(env, "REMINDER_WORKING_DAYS", 5),
    }
    config.update(overrides)
    if config["ENV_MODE"] == "production" and config["SECRET_KEY"] == DEV_SECRET:
        raise ConfigError("SECRET_KEY must be set to a real secret in production.")
    return config
