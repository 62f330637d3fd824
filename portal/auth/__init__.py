"""Logging in and out and role checks (the web side); passwords, sessions and TOTP are
portal.services.accounts."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.auth import views  # noqa: E402, F401
