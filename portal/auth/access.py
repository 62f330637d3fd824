"""Role checks for views; object-level checks live in the services."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from portal.models import Role


def roles_required(*roles: Role):
    """Log in first; then the user's role must be one of `roles`, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def start_endpoint(role: Role) -> str:
    return {
        Role.CASEWORKER: "municipality.start",
        Role.AGENCY: "agency.start",
        Role.DRC_ADVISER: "drc.start",
        Role.ADMIN: "admin.start",
    }[role]
