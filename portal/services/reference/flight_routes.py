"""Flight routes kept by the agency; a suspended route stays visible, marked as suspended."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, Route, User
from portal.services.accounts import audit


@dataclass
class RouteInput:
    airline: str
    via: str
    destination: str
    country_code: str
    note: str = ""
    active: bool = True


def offered_routes(country_code: str | None = None) -> list[Route]:
    """All routes (active and suspended) for a country or all; each has an `active` flag.

    Suspended routes are included on purpose: wherever routes are offered, a suspended one
    must show as suspended rather than silently disappear.
    """
    query = select(Route)
    if country_code:
        query = query.where(Route.country_code == country_code.upper())
    return list(db.session.scalars(query.order_by(
        Route.active.desc(), Route.country_code, Route.destination, Route.airline, Route.id)))


def get_route(route_id: int) -> Route | None:
    return db.session.get(Route, route_id)


def _require_agency(actor: User) -> None:
    if actor.role is not Role.AGENCY:
        raise PermissionError("only agency staff keep the routes")


def _apply(route: Route, data: RouteInput) -> None:
    route.airline = data.airline.strip()
    route.via = data.via.strip()
    route.destination = data.destination.strip()
    route.country_code = data.country_code.strip().upper()
    route.note = (data.note or "").strip()
    route.active = bool(data.active)


def create_route(data: RouteInput, actor: User) -> Route:
    _require_agency(actor)
    route = Route()
    _apply(route, data)
    db.session.add(route)
    db.session.flush()
    audit.record("route.created", detail=f"route={route.id}", user=actor)
    return route


def update_route(route: Route, data: RouteInput, actor: User) -> Route:
    _require_agency(actor)
    _apply(route, data)
    db.session.flush()
    audit.record("route.updated", detail=f"route={route.id}", user=actor)
    return route


def set_active(route: Route, active: bool, actor: User) -> Route:
    _require_agency(actor)
    route.active = bool(active)
    db.session.flush()
    audit.record("route.activated" if active else "route.suspended", detail=f"route={route.id}",
                 user=actor)
    return route
