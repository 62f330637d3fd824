"""The agency's newsletter, contacts, routes, meetings and guidance."""

from flask import Blueprint

bp = Blueprint("info", __name__)

# The modules that register routes on `bp`; imported last, as they import `bp`.
from portal.info import meetings, newsletter, pages  # noqa: E402, F401
