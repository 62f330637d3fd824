"""Rows for the benchmark database: cases, persons, requests and their history, made up
with a seeded random generator so two seeds of one size are identical.

`bench/seed.py` inserts what this module makes; it has no database access of its own.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

FAMILY_SIZE = 6
READY_CODE = "101"  # København: the submission scenario logs in as kobenhavn@demo.test
# Reference date for the generated history; fixed so two seeds of one size are identical.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

# Final status of a request, with its weight: most history is closed, thousands are open.
STATUS_MIX = (
    ("closed", 62), ("departed", 6), ("rejected", 4), ("withdrawn", 3), ("cancelled", 1),
    ("draft", 3), ("submitted", 3), ("received", 3), ("in_review", 6),
    ("awaiting_municipality", 3), ("approved", 3), ("travel_booked", 3),
)
OPEN = {"draft", "submitted", "received", "in_review", "awaiting_municipality", "approved",
        "travel_booked", "cancelled", "departed"}
TERMINAL = {"closed", "rejected", "withdrawn"}
AGENCY_MOVES = {"received", "in_review", "awaiting_municipality", "approved", "travel_booked",
                "departed", "closed", "rejected", "cancelled"}
DESTINATIONS = ("SY", "SY", "SY", "IQ", "AF", "SO", "BA", "TR", "LB", "ER", "IR", "PS", "XK")
FLEX_DESTINATIONS = ("SY", "SY", "SY", "IR")
GIVEN = ("Ahmad", "Fatima", "Mohammed", "Aisha", "Omar", "Layla", "Yusuf", "Mariam", "Ali",
         "Zainab", "Hassan", "Noor", "Karim", "Huda", "Samir", "Rania", "Tariq", "Amira",
         "Jens", "Mette", "Søren", "Åse", "Ibrahim", "Salma", "Khalid", "Dalia", "Nabil",
         "Yasmin", "Rami", "Leila", "Bilal", "Hiba", "Farid", "Sara", "Ziad", "Nadia")
FAMILY = ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Mansour", "Saleh", "Darwish", "Aziz",
          "Hamdan", "Yousef", "Rahimi", "Ahmadi", "Hussein", "Jaber", "Karimi", "Omar",
          "Abdi", "Warsame", "Begić", "Hodžić", "Yılmaz", "Demir", "Tesfaye", "Haile",
          "Nielsen", "Sørensen", "Østergård", "Ali", "Ibrahim", "Mahmoud", "Qasim", "Sultani")
# Bigger municipalities get more cases, so the caseworker list sees thousands.
WEIGHTED_CODES = {"101": 12, "751": 6, "461": 4, "851": 4, "147": 2}


def _codes_weighted(codes: list[str]) -> list[str]:
    out = []
    for code in codes:
        out.extend([code] * WEIGHTED_CODES.get(code, 1))
    return out


def _path_to(final: str, rng: random.Random) -> list[str]:
    """The statuses a request passed through to reach `final`, as the workflow allows."""
    base = ["draft"]
    if final == "draft":
        return base
    base.append("submitted")
    if final == "submitted":
        return base
    if final == "withdrawn":
        return base + (["received", "in_review", "withdrawn"] if rng.random() < 0.5
                       else ["withdrawn"])
    base.append("received")
    if final == "received":
        return base
    if final == "rejected" and rng.random() < 0.3:
        return [*base, "rejected"]
    base.append("in_review")
    if final != "in_review" and rng.random() < 0.35:
        base += ["awaiting_municipality", "in_review"]
    if final in ("in_review", "awaiting_municipality", "rejected"):
        return base + ([] if final == "in_review" else [final])
    base.append("approved")
    if final == "approved":
        return base
    if final == "closed" and rng.random() < 0.05:
        return [*base, "closed"]
    base.append("travel_booked")
    if final == "travel_booked":
        return base
    if final == "cancelled":
        return [*base, "cancelled"]
    base.append("departed")
    if final == "departed":
        return base
    return [*base, "closed"]


def _birth_date(rng: random.Random, adult: bool) -> date:
    years = rng.randint(19, 70) if adult else rng.randint(0, 17)
    return (NOW - timedelta(days=365 * years + rng.randint(0, 364))).date()


def _cpr(birth: date, rng: random.Random) -> str:
    seventh = rng.choice("0123") if birth.year < 2000 else rng.choice("4")
    return f"{birth:%d%m%y}{seventh}{rng.randint(0, 999):03d}"


class Generator:
    """Makes rows in dicts with explicit ids; one instance per seed run."""

    def __init__(self, rng: random.Random, municipality_ids: dict[str, int],
                 caseworkers: dict[str, int], agency_ids: list[int], route_ids: list[int]):
        self.rng = rng
        self.municipality_ids = municipality_ids
        self.caseworkers = caseworkers
        self.agency_ids = agency_ids
        self.route_ids = route_ids
        self.codes = _codes_weighted(sorted(municipality_ids))
        self.statuses = [s for s, w in STATUS_MIX for _ in range(w)]
        self.case_id = self.person_id = self.request_id = 0
        self.rp_id = self.event_id = 0

    def case(self, *, code: str | None = None, size: int | None = None,
             flexible: bool | None = None, final: str | None = None,
             ready: bool = False) -> dict[str, list[dict]]:
        """One household with its persons and requests; `ready` makes a one-person departure
        draft with every step done, for the submission scenario."""
        rng = self.rng
        code = code or rng.choice(self.codes)
        self.case_id += 1
        case_id = self.case_id
        if flexible is None:
            flexible = rng.random() < 0.15
        final = final or rng.choice(self.statuses)
        size = size or rng.choices((1, 2, 3, 4, 5, 6), (30, 20, 15, 15, 12, 8))[0]
        # Open work is recent; closed history spreads over five years.
        age_days = rng.randint(5, 120) if final in OPEN else rng.randint(60, 5 * 365)
        created = NOW - timedelta(days=age_days, seconds=rng.randint(0, 86_399))
        destination = rng.choice(FLEX_DESTINATIONS if flexible else DESTINATIONS)
        family = rng.choice(FAMILY)
        caseworker = self.caseworkers[code]
        rows: dict[str, list[dict]] = {k: [] for k in (
            "cases", "persons", "requests", "request_persons", "status_events", "recon_trips")}

        persons = []
        for position in range(size):
            adult = position < 2 or size == 1
            relation = ("applicant" if position == 0 else
                        "spouse" if position == 1 and size > 2 else "child")
            if size == 2 and position == 1:
                relation = "spouse" if rng.random() < 0.7 else "child"
                adult = relation == "spouse"
            birth = _birth_date(rng, adult)
            self.person_id += 1
            persons.append(self.person_id)
            rows["persons"].append({
                "id": self.person_id, "case_id": case_id, "position": position,
                "full_name": f"{rng.choice(GIVEN)} {family}",
                "cpr": None if (not adult and rng.random() < 0.1) else _cpr(birth, rng),
                "birth_date": birth, "nationality": destination, "danish_citizen": False,
                "passport_number": f"P{rng.randint(1_000_000, 9_999_999)}",
                "passport_country": destination,
                "passport_expiry": (NOW + timedelta(days=rng.randint(30, 3000))).date(),
                "relation": relation, "phone": "", "cpr_deregistered_at": None,
            })

        kind = "flexible_payment" if flexible else "departure"
        requests = [(kind, final, persons)]
        if not flexible and not ready and rng.random() < 0.1:
            recon_final = rng.choice(("closed", "closed", "rejected", "in_review", "submitted"))
            requests.insert(0, ("recon_trip", recon_final, persons[:1]))

        last_time = created
        all_terminal = True
        for req_kind, req_final, travellers in requests:
            self.request_id += 1
            request_id = self.request_id
            path = _path_to(req_final, rng)
            when = created + timedelta(minutes=rng.randint(5, 600))
            stamps: dict[str, datetime] = {}
            prev = None
            awaiting_since = None
            paused = 0
            for status in path:
                self.event_id += 1
                agency_move = (status in AGENCY_MOVES and status != "in_review") or (
                    status == "in_review" and prev != "awaiting_municipality")
                actor = rng.choice(self.agency_ids) if agency_move else caseworker
                internal = agency_move and rng.random() < 0.2
                rows["status_events"].append({
                    "id": self.event_id, "request_id": request_id, "actor_id": actor,
                    "from_status": prev, "to_status": status,
                    "note": "" if rng.random() < 0.6 else
                    ("Internal check done." if internal else "Please see the attached note."),
                    "visibility": "internal" if internal else "shared", "created_at": when,
                })
                if prev == "awaiting_municipality" and awaiting_since:
                    paused += int((when - awaiting_since).total_seconds())
                    awaiting_since = None
                if status == "awaiting_municipality":
                    awaiting_since = when
                stamps.setdefault(status, when)
                prev = status
                last = when
                when = when + timedelta(days=rng.randint(1, 9), minutes=rng.randint(0, 900))
                if when > NOW:  # halfway to now: time never runs backwards in a history
                    when = last + (NOW - last) / 2
            submitted = stamps.get("submitted")
            booked = stamps.get("travel_booked")
            assignee = (rng.choice(self.agency_ids)
                        if req_final not in ("draft", "submitted", "received", "withdrawn")
                        or (req_final == "received" and rng.random() < 0.5) else None)
            rows["requests"].append({
                "id": request_id, "case_id": case_id,
                "municipality_id": self.municipality_ids[code], "kind": req_kind,
                "status": req_final, "assignee_id": assignee, "created_by_id": caseworker,
                "draft_step": "check" if ready else "travellers" if req_final == "draft"
                else "check",
                "submission_token": None, "created_at": created, "updated_at": last,
                "submitted_at": submitted, "status_changed_at": last,
                "travel_booked_at": booked, "departed_at": stamps.get("departed"),
                "awaiting_since": awaiting_since, "paused_seconds": paused,
                "processing_seconds": (max(0, int((booked - submitted).total_seconds()) - paused)
                                       if booked and submitted else None),
                "route_id": rng.choice(self.route_ids) if booked and destination == "SY"
                else None,
                "flight_numbers": "TK1784, TK848" if booked else "",
                "departure_at": (booked + timedelta(days=rng.randint(7, 30))) if booked
                else None,
            })
            for person_id in travellers:
                self.rp_id += 1
                rows["request_persons"].append({
                    "id": self.rp_id, "request_id": request_id, "person_id": person_id,
                    "travels": True,
                    "waives_regret_and_reintegration": req_kind == "flexible_payment",
                    "waives_citizenship": False, "address_abroad": "Damaskus, Mezzeh 4",
                    "contact_abroad": "Fætter, +963 11 000 0000",
                    "address_denmark": "Vestergade 1, 8000 Aarhus C",
                    "special_needs": "", "cash_carrier_id": None, "other_cash_amount": None,
                    "other_cash_currency": None, "payout_amount": None, "paid_out_at": None,
                })
            if req_kind == "recon_trip":
                first = (created + timedelta(days=30)).date()
                rows["recon_trips"].append({
                    "request_id": request_id, "destination_country": destination,
                    "purpose": "See the housing situation before deciding.",
                    "first_day": first, "last_day": first + timedelta(days=21),
                    "benefit_kept": "", "support_requested": True,
                })
            last_time = max(last_time, last)
            all_terminal = all_terminal and req_final in TERMINAL

        open_final = final not in TERMINAL
        rows["cases"].append({
            "id": case_id, "reference": f"R-{created.year}-{case_id:06d}",
            "municipality_id": self.municipality_ids[code], "created_by_id": caseworker,
            "destination_country": destination,
            "kind": "flexible_payment" if flexible else "ordinary",
            "planned_departure": (created + timedelta(days=rng.randint(30, 120))).date(),
            "obstacle": (rng.choice(("none", "none", "none", "missing_travel_document",
                                     "route_suspended", "health", "transfers_impossible"))
                         if open_final else "none"),
            "created_at": created, "updated_at": last_time,
            "closed_at": last_time if all_terminal else None, "anonymised_at": None,
            "version_id": 1,
        })
        return rows
