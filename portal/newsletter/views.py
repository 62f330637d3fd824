"""The agency's newsletter, contacts, routes, meetings and guidance."""

from flask import Blueprint

bp = Blueprint("newsletter", __name__)
