"""Pages for everyone: the front door, health check, errors and template helpers."""

from flask import Blueprint

bp = Blueprint("main", __name__)

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.main import views  # noqa: E402, F401
