"""Logging in and out, server-side sessions, passwords and role checks."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.auth import views  # noqa: E402, F401
