"""Administrators: users, roles and municipalities."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.admin import contacts, views  # noqa: E402, F401
