"""Property-based testing: Hypothesis drives every form of the portal with generated inputs.

How many per form comes from the Hypothesis profile (tests/conftest.py): 100 in a fixed order
for `make test`, 1,000 fresh ones once in `.ci/run`. The cases that only the long run used
to reach (negative amounts, a currency or other choice the page does not offer) are
explicit examples of every form, so the short run tries them too.

The inputs: unicode text (right-to-left Arabic and Hebrew names, emoji, control characters),
huge numbers, "NaN", "Infinity", Danish decimal commas ("1.234,56"), empty values, very long
strings and dates in odd formats, mixed with the values the form itself offers (so the deeper
paths behind a valid field are reached too). The property: no answer is a server error and
no exception escapes (the app runs with TESTING, so an exception in a view is raised here).

For speed, one world is built per module on the session app (the database is emptied first
and after), each role's client logs in once, the CSRF token is read once per client and reused,
and redirects are not followed. Each form's field names are read from its rendered page;
``test_every_form_of_the_portal_is_fuzzed`` fails when a page shows a form that is not here.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from portal.extensions import db
from portal.models import CaseKind, Relation, RequestKind
from portal.workflow import Status
from tests import factories
from tests.agency_helpers import make_request
from tests.conftest import PortalClient, _reset, login
from tests.filing_helpers import location_id, post_step, start_request
from tests.functional.access_matrix import MATRIX, OK, ROLES
from tests.security_helpers import build_world, path_of, post_forms

STEPS = ("travellers", "waivers", "departure", "supplement", "cash", "declarations",
         "attachments")
COUNTER = {"inputs": 0, "server_errors": 0, "forms": 0, "started": 0.0}

SPECIAL = [
    "", " ", "NaN", "nan", "-NaN", "sNaN", "Infinity", "-Infinity", "inf", "1.234,56", "1,5",
    "-1.234,56 kr.", "12,5,0", "-0", "0", "-1", "1e309", "-1e309", "9" * 40,
    "99999999999999999999999999999999", "18446744073709551617", "١٢٣", "٣٫١٤", "０１２",
    "2026-02-30", "31/12/2030", "30.02.2026", "2026-13-01", "0000-00-00", "0001-01-01",
    "9999-12-31", "20260230", "1.1.1900", "2026-W05", "23:61", "25:00", "24:00",
    "محمد عبد الله الأحمد", "שלום כהן", "Søren Ærø Åse Øster", "\u202egnp.exe",
    "\u200f\u200e", "x" * 5000, "Ø" * 300, "<script>alert(1)</script>", "' OR 1=1 --",
    "%s%n%x", "../../etc/passwd", "\r\n\t", "🙂" * 50, "NULL", "None", "true", "on", "y",
    "0x7fffffff", "+4512345678", "a@b", "ny@example.dk",
]
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.strftime("%d-%m-%Y"), d.strftime("%d/%m/%y"),
                               d.strftime("%d.%m.%Y"), d.strftime("%Y%m%d")]))
# NUL characters are generated too: the app drops them from form data (portal.security),
# since PostgreSQL cannot store them. Lone surrogates cannot even be sent by the client.
TEXT = st.characters(exclude_categories=("Cs",))
VALUES = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=TEXT, max_size=120),
    st.text(alphabet=st.characters(categories=["L", "Mn", "Nd", "Zs"]), max_size=60),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    DATES,
)


@dataclass(frozen=True)
class Target:
    """One form: who fills it in, the page that shows it and the form's action."""

    key: str
    role: str
    page: str  # URL template, filled with the world's ids
    action: str = ""  # URL template; empty: the page itself
    follow: bool = False  # a search: posted, kept in the session, run on the page it redirects to

    @property
    def endpoint(self) -> str:
        return self.key.split(":")[0]


T = Target
TARGETS = [
    T("auth.login", "anonymous", "/login"),
    T("auth.set_language", "caseworker", "/tilgaengelighed", "/language"),
    T("auth.change_password", "drc_adviser", "/account/password"),
    T("auth.enrol_totp", "caseworker", "/account/totp/setup"),
    T("admin.create_user", "admin", "/admin/users/new"),
    T("admin.user_detail", "admin", "/admin/users/{user}"),
    T("admin.set_phone", "admin", "/admin/users/{user}", "/admin/users/{user}/phone"),
    T("auth.set_phone", "caseworker", "/account", "/account/phone"),
    T("agency.upload_document", "agency", "/agency/requests/{submitted}",
      "/agency/requests/{submitted}/documents"),
    T("agency.assign_to_me", "agency", "/agency/", "/agency/requests/{submitted}/assign-to-me"),
    T("agency.request_action:receive", "agency", "/agency/requests/{submitted}",
      "/agency/requests/{submitted}/actions/receive"),
    T("agency.request_action:note", "agency", "/agency/requests/{submitted}",
      "/agency/requests/{submitted}/actions/note"),
    T("agency.request_action:assign", "agency", "/agency/requests/{submitted}",
      "/agency/requests/{submitted}/actions/assign"),
    T("agency.request_action:obstacle", "agency", "/agency/requests/{submitted}",
      "/agency/requests/{submitted}/actions/obstacle"),
    T("agency.request_action:ask_info", "agency", "/agency/requests/{in_review}",
      "/agency/requests/{in_review}/actions/ask_info"),
    T("agency.request_action:plan_travel", "agency", "/agency/requests/{approved}",
      "/agency/requests/{approved}/actions/plan_travel"),
    T("agency.record_payout", "agency", "/agency/requests/{approved}",
      "/agency/requests/{approved}/payout/{participant}"),
    T("agency.rebooking", "agency", "/agency/rebooking?route={route}", "/agency/rebooking"),
    T("municipality.start", "caseworker", "/municipality/", follow=True),
    T("agency.start", "agency", "/agency/", follow=True),
    T("agency.find_person", "agency", "/agency/persons", follow=True),
    T("drc.start", "drc_adviser", "/drc/", follow=True),
    T("municipality.new_case", "caseworker", "/municipality/cases/new"),
    T("municipality.edit_case", "caseworker", "/municipality/cases/{case}/edit"),
    T("municipality.add_person", "caseworker", "/municipality/cases/{case}/persons/new"),
    T("municipality.edit_person", "caseworker",
      "/municipality/cases/{case}/persons/{person}/edit"),
    T("municipality.start_request", "caseworker", "/municipality/cases/{case}",
      "/municipality/cases/{case}/requests"),
    T("municipality.withdraw", "caseworker", "/municipality/cases/{withdraw_case}",
      "/municipality/requests/{withdraw}/withdraw"),
    T("municipality.answer", "caseworker", "/municipality/cases/{awaiting_case}",
      "/municipality/requests/{awaiting}/answer"),
    # each step on a draft of its own, so one step's saves cannot hide another step
    *[T(f"municipality.step:{step}", "caseworker",
        f"/municipality/requests/{{draft_{step}}}/steps/{step}") for step in STEPS],
    T("municipality.step:trip", "caseworker", "/municipality/requests/{recon_draft}/steps/trip"),
    T("municipality.submit", "caseworker", "/municipality/requests/{ready_draft}/check",
      "/municipality/requests/{ready_draft}/submit"),
    T("info.new", "agency", "/newsletter/manage/new"),
    T("info.edit", "agency", "/newsletter/manage/{issue}"),
    T("info.guidance_edit", "agency", "/guidance/{guidance}/edit"),
    T("info.meeting_new", "caseworker", "/meetings/new"),
    T("info.meeting_respond", "agency", "/meetings/{meeting}/respond"),
    T("info.settings", "caseworker", "/newsletter/settings"),
    T("reference.rates", "agency", "/agency/reference/rates"),
    T("reference.rate_new", "agency", "/agency/reference/rates/new"),
    T("reference.rate_edit", "agency", "/agency/reference/rates/{year}"),
    T("reference.route_new", "agency", "/agency/reference/routes/new"),
    T("reference.route_edit", "agency", "/agency/reference/routes/{route}"),
]
# Real bugs found by this file are pinned here as strict xfails until fixed, each with an
# explicit example that reaches it (see _explicit_examples), so every profile reaches it.
# Fixed so far: a blank assignee (int(' ') after Optional()), NUL characters on PostgreSQL,
# sNaN amounts.
KNOWN_BUGS: dict[str, str] = {}

#: Fields that take an amount of money or a rate (typed as text, parsed as a Decimal).
AMOUNT_FIELD = re.compile(r"amount|units_per_eur|^(adult|child)_")
NEGATIVE_AMOUNTS = ("-1", "-0,01", "-1.234,56")
#: A value no select of the portal offers and no exchange rate has: an unknown currency,
#: carrier, route or role.
UNKNOWN_CHOICE = "XYZ"


_NEW_PASSWORD = "A calm blue lake at dawn 2027"
_FUTURE = (date.today() + timedelta(days=30)).isoformat() + "T10:00"
#: Valid inputs that the 1,000-input run reached and 100 did not (found by comparing the
#: coverage of the two runs), each over what the page offers: the look-up by name and birth
#: date, a good new password with a wrong current one, an answer to a meeting request.
#: (A password change that succeeds would start a new session, and the CSRF token that
#: the fuzzing reuses would be refused from then on: the functional tests cover it.)
REACHED_BY_1000 = {
    "agency.find_person": [{"by": "cpr", "number": "170580-1234"},
                           {"by": "passport", "number": "n 123-456"},
                           {"by": "cpr", "number": "3213801234"}],
    "drc.start": [{"name": "Omar Haddad", "birth_date": "17.05.1980"},
                  {"name": "Omar Haddad"}, {"birth_date": "1980-05-17"}],
    "auth.change_password": [
        {"current_password": "Not-the-password-2026", "new_password": _NEW_PASSWORD,
         "confirm": _NEW_PASSWORD}],
    # 'propose' keeps the meeting open for the generated inputs (confirm/decline close it)
    "info.meeting_respond": [{"action": "propose", "when": "2020-01-01T10:00"},
                             {"action": "propose", "when": _FUTURE, "message": "Kl. 10?"}],
}


def _examples() -> int:
    """Inputs per form in the loaded Hypothesis profile."""
    return settings.default.max_examples


def _params():
    for target in TARGETS:
        reason = KNOWN_BUGS.get(target.key)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(target, id=target.key, marks=marks)


# Forms with no field but the CSRF token (confirm buttons) have nothing to vary; the access
# matrix posts each of them. Logout is left out because it would end the shared session.
BUTTON_ONLY = {"auth.logout", "admin.toggle_active", "admin.reset_totp", "info.publish",
               "info.meeting_accept", "info.meeting_cancel",
               "municipality.remove_person", "municipality.delete_draft",
               "municipality.delete_attachment", "municipality.cpr_deregistered",
               "reference.route_toggle", "agency.payouts", "auth.disable_totp"}


def _ready_recon_draft(client, make) -> int:
    """A reconnaissance-trip draft with every step filled in: its check page can submit."""
    case = make.case(persons=[{"full_name": "Amal Nasser", "birth_date": date(1988, 2, 3),
                               "relation": Relation.APPLICANT, "cpr": "0302884561"}])
    request_id = location_id(start_request(client, case.id, "recon_trip"), r"/requests/(\d+)/")
    first = date.today() + timedelta(days=20)
    response = post_step(client, request_id, "trip", {
        "travellers": [case.persons[0].id], "destination_country": "SY",
        "purpose": "See the housing", "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=13)).isoformat(),
        "benefit_kept": "Selvforsørgelses- og hjemrejseydelse", "support_requested": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return request_id


class Fuzz:
    """The shared world: ids, one logged-in client per role and its CSRF token."""

    def __init__(self, app):
        self.app = app
        make = factories.Factory(app)
        world = build_world(app, make)
        self.world = world
        aarhus = world.aarhus
        caseworker_email = aarhus.caseworker_email

        def made(status, kind=RequestKind.FLEXIBLE_PAYMENT):
            return make_request(app, make, status=status, kind=kind,
                                case_kind=CaseKind.FLEXIBLE_PAYMENT, family=True)

        approved, in_review, awaiting = (made(Status.APPROVED), made(Status.IN_REVIEW),
                                         made(Status.AWAITING_MUNICIPALITY))
        booked = made(Status.TRAVEL_BOOKED)
        # the awaiting and withdrawable requests must be Aarhus's own caseworker's
        self.clients = {}
        for role, email in (("caseworker", caseworker_email), ("agency", world.agency_email),
                            ("drc_adviser", world.drc_email), ("admin", world.admin_email),
                            ("anonymous", None)):
            app.test_client_class = PortalClient
            client = app.test_client()
            if email:
                login(client, email)
            self.clients[role] = client
        caseworker = self.clients["caseworker"]
        flex_case = make.case(municipality_code="751", family=True,
                              kind=CaseKind.FLEXIBLE_PAYMENT,
                              departure=date.today().replace(year=date.today().year + 1))
        drafts = {}
        for step in STEPS:
            case = make.case(municipality_code="751", family=True,
                             kind=CaseKind.FLEXIBLE_PAYMENT,
                             departure=date.today() + timedelta(days=120))
            drafts[f"draft_{step}"] = location_id(
                start_request(caseworker, case.id, "flexible_payment"), r"/requests/(\d+)/")
        recon_draft = location_id(start_request(caseworker, flex_case.id, "recon_trip"),
                                  r"/requests/(\d+)/")
        ready_draft = _ready_recon_draft(caseworker, make)
        with app.app_context():
            from portal.models import Request, RequestPerson, User
            own = db.session.scalar(db.select(User.id).where(User.email == caseworker_email))
            awaiting_row = db.session.get(Request, awaiting.request_id)
            awaiting_row.case.created_by_id = own
            awaiting_case = awaiting_row.case_id
            if awaiting_row.case.municipality.code != "751":
                raise AssertionError("make_request should use Aarhus")
            participant = db.session.scalar(db.select(RequestPerson.id).where(
                RequestPerson.request_id == approved.request_id).order_by(RequestPerson.id))
            withdraw_case = db.session.get(Request, aarhus.withdraw_id).case_id
            db.session.get(Request, booked.request_id).route_id = world.route_id
            db.session.commit()
            db.session.remove()
        self.ids = {
            "user": world.other_user_id, "submitted": aarhus.request_id,
            "in_review": in_review.request_id, "approved": approved.request_id,
            "participant": participant, "route": world.route_id, "case": aarhus.draft_case_id,
            "person": aarhus.spare_person_id, "withdraw": aarhus.withdraw_id,
            "withdraw_case": withdraw_case, "awaiting": awaiting.request_id,
            "awaiting_case": awaiting_case, **drafts,
            "recon_draft": recon_draft, "ready_draft": ready_draft, "issue": world.draft_issue_id,
            "guidance": world.guidance_key, "meeting": aarhus.meeting_id,
            "year": world.rate_year,
        }
        self.tokens = {role: client.csrf_token("/login" if role == "anonymous"
                                               else "/account")
                       for role, client in self.clients.items()}

    def url(self, template: str) -> str:
        return template.format(**self.ids)


@pytest.fixture(scope="module")
def fuzz(_app, smtp_server):
    _app.config["RATELIMIT_ENABLED"] = False
    with _app.app_context():
        _reset(_app.reference_snapshot)
    COUNTER["started"] = time.monotonic()
    # The test app hashes passwords with cheap argon2id parameters (tests/conftest.py), so
    # the password forms cost no more per input than the others.
    yield Fuzz(_app)
    with _app.app_context():
        db.session.remove()
        _reset(_app.reference_snapshot)


def _form_of(fuzz: Fuzz, target: Target) -> tuple[str, dict]:
    """The action URL and the form (its controls) as the page renders it."""
    page = fuzz.url(target.page)
    response = fuzz.clients[target.role].get(page)
    assert response.status_code == 200, (target.key, page, response.status_code)
    action = fuzz.url(target.action) if target.action else page.split("?")[0]
    for form in post_forms(response.get_data(as_text=True)):
        if (path_of(form["action"]).split("?")[0] or page.split("?")[0]) == action:
            return action, form
    raise AssertionError(f"{target.key}: no form posting to {action} on {page}")


def _strategy(form: dict):
    """Optional fields, each a generated value, a list of them, or a value the page offers."""
    names: dict[str, list[str]] = {}
    for control in form["controls"]:
        if control["name"].endswith("csrf_token"):
            continue
        offered = names.setdefault(control["name"], [])
        offered.extend(control.get("options") or [])
        if control.get("value"):
            offered.append(control["value"])
    fields = {}
    for name, offered in names.items():
        choices = [VALUES, st.lists(VALUES, max_size=3)]
        if offered:
            choices.insert(0, st.sampled_from(offered))
        fields[name] = st.one_of(*choices)
    return st.fixed_dictionaries({}, optional=fields), sorted(names)


def _explicit_examples(target: Target, form: dict) -> list[dict]:
    """The form as the page offers it (each select on its first real option), then with
    each amount negative and each select (and currency code) on a value it does not offer,
    the rest as offered and amounts positive, so the check behind each field is reached;
    then the target's inputs of REACHED_BY_1000."""
    offered: dict[str, str] = {}
    selects = []
    for control in form["controls"]:
        name = control["name"]
        if name.endswith("csrf_token") or name in offered:
            continue
        if control["type"] == "select" or "currency" in name:
            selects.append(name)
            real = [o for o in control.get("options") or [] if o]
            offered[name] = real[0] if real else (control["value"] or "")
        else:
            offered[name] = control.get("value") or ""
    amounts = [name for name in offered if AMOUNT_FIELD.search(name)]
    positive = dict.fromkeys(amounts, "10000")
    examples = [offered, {**offered, **positive}]
    for name in amounts:
        examples.extend({**offered, **positive, name: value} for value in NEGATIVE_AMOUNTS)
    examples.extend({**offered, **positive, name: UNKNOWN_CHOICE} for name in selects)
    for extra in REACHED_BY_1000.get(target.key, []):
        assert set(extra) <= set(offered), f"{target.key} has no field {set(extra) - set(offered)}"
        examples.append({**offered, **extra})
    return examples


def test_every_form_of_the_portal_is_fuzzed(fuzz):
    """Walk every page each role may open; each POST form there is fuzzed or a button."""
    adapter = fuzz.app.url_map.bind("localhost")
    fuzzed = {t.key for t in TARGETS}
    missing = set()
    pages = {fuzz.url(t.page) for t in TARGETS}
    for role in ROLES[1:]:
        column = ROLES.index(role)
        for (endpoint, method), row in MATRIX.items():
            rule = next(r for r in fuzz.app.url_map.iter_rules() if r.endpoint == endpoint)
            if method == "GET" and row[column] == OK and not rule.arguments:
                pages.add(rule.rule)
    for role, client in fuzz.clients.items():
        if role == "anonymous":
            continue
        for page in sorted(pages):
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.content_type:
                continue
            for form in post_forms(response.get_data(as_text=True)):
                action = path_of(form["action"]).split("?")[0] or page.split("?")[0]
                endpoint, values = adapter.match(action, method="POST")
                key = endpoint
                if endpoint == "agency.request_action":
                    key = f"{endpoint}:{values['name']}"
                elif endpoint == "municipality.step":
                    key = f"{endpoint}:{values['step']}"
                if key in fuzzed or endpoint in BUTTON_ONLY:
                    continue
                if endpoint == "agency.request_action" and values["name"] in (
                        "start_review", "approve", "depart", "rebook", "close", "annul",
                        "resume_review", "reject", "cancel"):
                    continue  # the same form classes as receive / ask_info
                missing.add(f"{key} (on {page})")
    assert not missing, f"forms that are not fuzzed: {sorted(missing)}"


@pytest.mark.parametrize("target", list(_params()))
def test_form_never_answers_with_a_server_error(fuzz, target):
    action, form = _form_of(fuzz, target)
    strategy, names = _strategy(form)
    assert names, f"{target.key} has no field to vary"
    client, token = fuzz.clients[target.role], fuzz.tokens[target.role]
    csrf_names = [c["name"] for c in form["controls"] if c["name"].endswith("csrf_token")]
    multipart = form["enctype"] == "multipart/form-data"
    tried = {"n": 0}

    # max_examples and derandomize come from the loaded profile (tests/conftest.py)
    @settings(deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow,
                                     HealthCheck.function_scoped_fixture])
    @given(data=strategy)
    def drive(data):
        tried["n"] += 1
        payload = {**data, **dict.fromkeys(csrf_names or ["csrf_token"], token)}
        response = client.post(action, data=payload,
                               content_type="multipart/form-data" if multipart else None)
        if target.follow and response.status_code in (302, 303):
            response = client.get(response.headers["Location"])
        if response.status_code >= 500:
            COUNTER["server_errors"] += 1
        assert response.status_code < 500, (target.key, data)

    explicit = _explicit_examples(target, form)
    for data in explicit:
        drive = example(data=data)(drive)
    try:
        drive()
    finally:
        COUNTER["inputs"] += tried["n"]
        COUNTER["forms"] += 1
    assert tried["n"] >= _examples() + len(explicit)


#: Pages read with a query string: who opens them and the parameters they read, with `next`
#: and `page` everywhere (a page that ignores them must not fail on them either).
QUERY_PAGES = [
    ("anonymous", "/login", ("next",)),
    ("caseworker", "/municipality/", ("page", "q")),
    ("caseworker", "/newsletter/", ()),
    ("caseworker", "/meetings", ()),
    ("agency", "/agency/", ("q", "status", "kind", "municipality", "destination", "assignee",
                            "obstacle", "overdue", "sort", "view", "after", "clear")),
    ("agency", "/agency/workload", ()),
    ("agency", "/agency/statistics", ("year",)),
    ("agency", "/newsletter/manage", ()),
    ("agency", "/agency/rebooking", ("route", "flight", "date_from", "date_to")),
    ("drc_adviser", "/drc/", ("name", "birth_date", "reference")),
    ("admin", "/admin/audit", ("case_reference", "person_id", "user_email", "action",
                               "date_from", "date_to")),
    ("admin", "/admin/", ()),
]


@pytest.mark.parametrize(("role", "page", "names"), QUERY_PAGES,
                         ids=[f"{role}:{page}" for role, page, _names in QUERY_PAGES])
def test_query_string_never_answers_with_a_server_error(fuzz, role, page, names):
    """GET query strings: `next`, `page` and each page's filters, fuzzed like the forms."""
    client = fuzz.clients[role]
    fields = {name: st.one_of(VALUES, st.lists(VALUES, max_size=3))
              for name in ("next", "page", *names)}
    strategy = st.fixed_dictionaries({}, optional=fields)

    @settings(deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              report_multiple_bugs=False,
              suppress_health_check=[HealthCheck.too_slow,
                                     HealthCheck.function_scoped_fixture])
    @given(query=strategy)
    @example(query={"page": "9" * 40, "next": "/x\r\nSet-Cookie: a=b"})
    @example(query={"page": "-1", "next": "//evil.example", "after": "9" * 40})
    @example(query=dict.fromkeys(("next", "page", *names), "\r\n\x1b"))
    @example(query=dict.fromkeys(names, "9999-12-31"))  # the last day a date can hold
    @example(query=dict.fromkeys(names, "0001-01-01"))
    def drive(query):
        response = client.get(page, query_string=query)
        if response.status_code >= 500:
            COUNTER["server_errors"] += 1
        assert response.status_code < 500, (page, query)
        location = response.headers.get("Location", "")
        assert "\r" not in location, (page, query)
        assert "\n" not in location, (page, query)

    drive()


@pytest.mark.parametrize(("target", "data"), [
    ("info.meeting_new", {"topic": "Familie\x00sag", "preferred_times": "x\x00y"}),
    ("municipality.new_case", {"destination_country": "SY", "kind": "ordinary",
                               "planned_departure": "2027-05-05", "full_name": "Ali\x00 Omar",
                               "birth_date": "1980-01-01", "nationality": "SY",
                               "relation": "applicant"}),
])
def test_nul_character_in_a_text_field_is_not_a_server_error(fuzz, target, data):
    chosen = next(t for t in TARGETS if t.key == target)
    action, _form = _form_of(fuzz, chosen)
    response = fuzz.clients[chosen.role].post(
        action, data={**data, "csrf_token": fuzz.tokens[chosen.role]})
    assert response.status_code < 500


def test_blank_assignee_is_a_form_error_not_a_server_error(fuzz):
    target = next(t for t in TARGETS if t.key == "agency.request_action:assign")
    action, form = _form_of(fuzz, target)
    version = next(c["value"] for c in form["controls"] if c["name"] == "assign-version")
    response = fuzz.clients["agency"].post(action, data={
        "assign-csrf_token": fuzz.tokens["agency"], "assign-version": version,
        "assign-assignee": " "})
    assert response.status_code < 500


def test_zz_summary_of_the_inputs_tried(fuzz):
    seconds = time.monotonic() - COUNTER["started"]
    line = (f"hypothesis: {COUNTER['forms']} forms x {_examples()} generated (plus explicit "
            f"examples) = {COUNTER['inputs']} inputs, {COUNTER['server_errors']} server "
            f"errors, {seconds:.0f} s")
    print("\n" + line)
    assert COUNTER["server_errors"] <= len(KNOWN_BUGS)  # each pinned bug stops at its first
    if COUNTER["forms"] == len(TARGETS):
        assert COUNTER["inputs"] >= len(TARGETS) * _examples()


def test_inputs_reached_by_1000_belong_to_fuzzed_forms():
    assert set(REACHED_BY_1000) <= {t.key for t in TARGETS}
