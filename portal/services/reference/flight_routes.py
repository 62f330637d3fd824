"""Flight routes kept by the agency; a suspended route stays visible, marked as suspended."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import exists, select

from portal import rules
from portal.extensions import db
from portal.models import Request, Role, Route, User
from portal.services import versioning
from portal.services.accounts import audit


class RouteError(Exception):
    """A rule says no; `field` is the form field the message belongs to."""

    def __init__(self, key: str, field: str):
        super().__init__(key)
        self.key = key
        self.field = field


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


def _check(data: RouteInput, route: Route | None = None) -> None:
    """A real country, and not the same carrier, legs and destination as another route."""
    if not rules.is_country_code(data.country_code):
        raise RouteError("country_unknown", "country_code")
    key = rules.route_key(data.airline, data.via, data.destination)
    for other in db.session.scalars(select(Route).where(Route.id != (route.id if route else -1))):
        if rules.route_key(other.airline, other.via, other.destination) == key:
            raise RouteError("route_exists", "airline")


def in_use(route: Route) -> bool:
    """Whether any request (of any status) is booked on the route."""
    return bool(db.session.scalar(select(exists().where(Request.route_id == route.id))))


def used_route_ids() -> set[int]:
    return set(db.session.scalars(select(Request.route_id).where(
        Request.route_id.is_not(None)).distinct()))


def delete_route(route: Route, actor: User) -> None:
    """A mistaken route no booking uses is deleted; one in use can only be suspended (ended),
    so the bookings and their history keep it."""
    _require_agency(actor)
    if in_use(route):
        raise RouteError("route_in_use", "confirm")
    audit.record("route.deleted", user=actor,
                 detail=f"route={route.id} {route.label} ({route.country_code})"[:500])
    db.session.delete(route)
    db.session.flush()


def _apply(route: Route, data: RouteInput) -> None:
    route.airline = data.airline.strip()
    route.via = data.via.strip()
    route.destination = data.destination.strip()
    route.country_code = data.country_code.strip().upper()
    route.note = (data.note or "").strip()
    route.active = bool(data.active)


def create_route(data: RouteInput, actor: User) -> Route:
    _require_agency(actor)
    _check(data)
    route = Route()
    _apply(route, data)
    db.session.add(route)
    db.session.flush()
    audit.record("route.created", detail=f"route={route.id}", user=actor)
    return route


def update_route(route: Route, data: RouteInput, actor: User, *,
                 expected_version=None) -> Route:
    _require_agency(actor)
    if expected_version is not None:
        versioning.check(route, expected_version,
                         {**asdict(data), "country_code": data.country_code.strip().upper()})
    _check(data, route)
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
