"""The front door and the health check."""

from __future__ import annotations

from datetime import date

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.auth.access import start_endpoint
from portal.extensions import csrf, db
from portal.main import bp

#: When the accessibility statement was last prepared (update it with the statement).
STATEMENT_DATE = date(2026, 11, 23)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(url_for(start_endpoint(current_user.role)))
    return redirect(url_for("auth.login"))


@bp.route("/tilgaengelighed")
def accessibility():
    """The accessibility statement the web accessibility act requires; public."""
    return render_template("main/accessibility.html", statement_date=STATEMENT_DATE)


@bp.route("/healthz")
@csrf.exempt
def healthz():
    """Load balancers call this: 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
