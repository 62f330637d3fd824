"""Repatrieringsportalen: the Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, g, session
from flask_login import current_user

from portal.config import PROJECT_ROOT, load_config


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides what the environment says (used by tests)."""
    settings = load_config(overrides=config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(settings)
    from portal.security import PortalRequest

    app.request_class = PortalRequest
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_cli(app)
    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    logging.basicConfig(level=logging.INFO)
    return app


def select_locale() -> str:
    """The language chosen in this session (set at login from the account's preference),
    else the account's preference, else Danish."""
    from portal.formatting import LOCALES, locale_for

    language = session.get("lang")
    if language not in LOCALES:
        language = getattr(current_user, "locale", None) if current_user else None
    return locale_for(language)


def register_extensions(app: Flask) -> None:
    from portal.db import configure_sqlite
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.services.accounts import sessions

    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # the SQLite file's folder
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or "memory://")
    # Always initialise the limiter; RATELIMIT_ENABLED is read per request (tests toggle it).
    enabled = app.config["RATELIMIT_ENABLED"]
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.config["RATELIMIT_ENABLED"] = enabled
    from portal.auth import throttle  # noqa: F401  (registers its request filter once)

    login_manager.init_app(app)
    sessions.init_login_manager(login_manager)
    from portal.services.processing.notifications import connect_signals

    connect_signals()  # e-mail on status changes


def register_request_hooks(app: Flask) -> None:
    """One commit per request, then mail; security headers on every response."""
    from sqlalchemy.orm.exc import StaleDataError

    from portal import mail, security
    from portal.extensions import db

    @app.after_request
    def commit_or_rollback(response):
        if response.status_code >= 500 or g.get("rollback"):
            db.session.rollback()
            return response
        try:
            db.session.commit()
        except StaleDataError:
            # Two saves of the same row at once (a double click, two tabs): the first is
            # kept, this one is rolled back and told so, instead of a 500.
            db.session.rollback()
            from portal.main.errors import conflict_response

            return security.set_security_headers(conflict_response())
        mail.flush_outbox()
        return response

    app.after_request(security.set_security_headers)

    @app.before_request
    def start_without_rollback():
        g.rollback = False


def register_blueprints(app: Flask) -> None:
    from portal import admin, agency, auth, documents, drc, info, main, municipality, reference

    for package in (main, auth, municipality, agency, drc, admin, documents, info, reference):
        app.register_blueprint(package.bp)


def register_errorhandlers(app: Flask) -> None:
    from portal.main.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from portal.main.templating import register

    register(app)


def register_cli(app: Flask) -> None:
    from portal.cli import register

    register(app)
