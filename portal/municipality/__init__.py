"""Municipal caseworkers: household cases and their requests."""

from flask import Blueprint

bp = Blueprint("municipality", __name__, url_prefix="/municipality")

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.municipality import submission, views, wizard  # noqa: E402, F401
