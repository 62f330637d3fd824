"""The agency's work queue: filters, search, sort, paging, counts and 'assign to me'."""

import re
from datetime import UTC, datetime, timedelta

from portal.extensions import db
from portal.models import CaseKind, Obstacle, RequestKind, User
from portal.workflow import Status
from tests.agency_helpers import load, make_request
from tests.sql_counting import statements_of_get

ROW_RE = re.compile(r'<a href="/agency/requests/(\d+)">')


def _ids(response) -> list[int]:
    return [int(x) for x in ROW_RE.findall(response.get_data(as_text=True))]


def test_queue_lists_submitted_requests_but_no_drafts(app, client, make, login_as, english):
    login_as("agency")
    submitted = make_request(app, make, status=Status.SUBMITTED)
    draft = make_request(app, make, status=Status.DRAFT)
    page = client.get("/agency/")
    text = page.get_data(as_text=True)
    assert submitted.reference in text
    assert draft.reference not in text
    assert "Omar Haddad" in text  # the applicant's name is a column
    assert "Aarhus" in text


def test_status_counts_come_from_the_counter_table(app, client, make, login_as, english):
    login_as("agency")
    make_request(app, make, status=Status.SUBMITTED)
    make_request(app, make, status=Status.SUBMITTED)
    make_request(app, make, status=Status.APPROVED)
    text = client.get("/agency/").get_data(as_text=True)
    assert re.search(r"Submitted: <strong>2</strong>", text)
    assert re.search(r"Approved: <strong>1</strong>", text)


def test_filters_by_status_kind_municipality_and_obstacle(app, client, make, login_as,
                                                           english):
    login_as("agency")
    aarhus = make_request(app, make, status=Status.IN_REVIEW, code="751")
    copenhagen = make_request(app, make, status=Status.IN_REVIEW, code="101",
                              kind=RequestKind.DEPARTURE, case_kind=CaseKind.ORDINARY)
    received = make_request(app, make, status=Status.RECEIVED, code="751")
    assert _ids(client.get("/agency/?status=in_review")) == [aarhus.request_id,
                                                             copenhagen.request_id]
    assert _ids(client.get("/agency/?municipality=101")) == [copenhagen.request_id]
    closed = make_request(app, make, status=Status.CLOSED)
    assert closed.request_id not in _ids(client.get("/agency/?status=open"))
    # Opening the queue shows the open work; "all statuses" includes the closed request.
    assert closed.request_id not in _ids(client.get("/agency/"))
    assert closed.request_id in _ids(client.get("/agency/?status="))
    assert _ids(client.get("/agency/?kind=departure")) == [copenhagen.request_id]
    with app.app_context():
        from portal.models import Case

        db.session.get(Case, received.case_id).obstacle = Obstacle.HEALTH
        db.session.commit()
        db.session.remove()
    assert _ids(client.get("/agency/?obstacle=health")) == [received.request_id]
    iran = make_request(app, make, status=Status.SUBMITTED, destination="IR")
    assert _ids(client.get("/agency/?destination=IR")) == [iran.request_id]


def test_search_by_reference_and_by_part_of_a_name(app, client, make, login_as, english):
    login_as("agency")
    omar = make_request(app, make)
    family = make_request(app, make, family=True)
    def search(q):  # the search may name a person: posted, kept in the session, not the URL
        response = client.form_post("/agency/", {"q": q})
        assert q not in response.headers["Location"]
        return _ids(client.get(response.headers["Location"]))

    assert search(omar.reference) == [omar.request_id]
    assert search("lina al-h") == [family.request_id]
    assert search("%") == []  # a wildcard is searched literally


def test_assignee_filter_me_and_unassigned_and_assign_to_me(app, client, make, login_as,
                                                             english):
    me = login_as("agency")
    mine = make_request(app, make, status=Status.RECEIVED, agency=me, assignee=me)
    free = make_request(app, make, status=Status.SUBMITTED)
    assert _ids(client.get("/agency/?assignee=me")) == [mine.request_id]
    assert _ids(client.get("/agency/?assignee=unassigned")) == [free.request_id]
    version = load(app, free.request_id)["version"]
    response = client.form_post(f"/agency/requests/{free.request_id}/assign-to-me",
                                {"version": version, "next": "/agency/?assignee=unassigned"},
                                page="/agency/")
    assert response.headers["Location"] == "/agency/?assignee=unassigned"
    assert load(app, free.request_id)["assignee_id"] == me.id
    assert sorted(_ids(client.get("/agency/?assignee=me"))) == sorted([mine.request_id,
                                                                      free.request_id])


def test_overdue_filter_counts_the_running_clock_only(app, client, make, login_as, english):
    login_as("agency")
    old = make_request(app, make, status=Status.IN_REVIEW,
                       start=datetime.now(UTC) - timedelta(days=40))
    # 40 days since submission, but asked the municipality after 2 hours: clock paused.
    paused = make_request(app, make, status=Status.AWAITING_MUNICIPALITY,
                          start=datetime.now(UTC) - timedelta(days=40))
    make_request(app, make, status=Status.IN_REVIEW)
    response = client.get("/agency/?overdue=y")
    assert _ids(response) == [old.request_id]
    assert paused.request_id not in _ids(response)
    assert "Overdue" in response.get_data(as_text=True)


def test_sort_newest_first_and_keyset_pages(app, client, make, login_as, english):
    login_as("agency")
    base = datetime.now(UTC) - timedelta(days=5)
    made = [make_request(app, make, start=base + timedelta(hours=i)) for i in range(3)]
    ids = [m.request_id for m in made]
    assert _ids(client.get("/agency/?sort=newest")) == ids[::-1]
    from portal.services.processing import queue

    queue_page_size = queue.PAGE_SIZE
    queue.PAGE_SIZE = 2
    try:
        first = client.get("/agency/")
        text = first.get_data(as_text=True)
        assert _ids(first) == ids[:2]
        next_url = re.search(r'href="([^"]+)" rel="next"', text).group(1).replace("&amp;", "&")
        assert _ids(client.get(next_url)) == ids[2:]
        assert _ids(client.get("/agency/?after=garbage")) == ids[:2]
    finally:
        queue.PAGE_SIZE = queue_page_size


def _statements_for_queue(app, client) -> tuple[int, int]:
    """Statements of the queue page (after a warm-up view, tests/sql_counting.py) and its rows."""
    statements, response = statements_of_get(app, client, "/agency/")
    return statements, len(_ids(response))


def test_queue_issues_the_same_number_of_statements_for_5_and_50_rows(app, client, make,
                                                                      login_as):
    agency = login_as("agency")
    caseworker = make.user("caseworker")
    copenhagen = make.user("caseworker", municipality_code="101")
    for i in range(5):
        make_request(app, make, status=Status.TRAVEL_BOOKED if i % 2 else Status.RECEIVED,
                     family=bool(i % 2), caseworker=caseworker, agency=agency)
    five, rows = _statements_for_queue(app, client)
    assert rows == 5
    for i in range(45):
        make_request(app, make, status=Status.TRAVEL_BOOKED if i % 2 else Status.RECEIVED,
                     family=bool(i % 3), caseworker=copenhagen if i % 4 else caseworker,
                     agency=agency, code="101" if i % 4 else "751",
                     assignee=agency if i % 5 else None)
    fifty, rows = _statements_for_queue(app, client)
    assert rows == 50
    assert fifty == five, (five, fifty)


def test_start_page_is_for_agency_staff_only(client, login_as):
    login_as("drc_adviser")
    assert client.get("/agency/").status_code == 403
    response = client.form_post("/agency/requests/1/assign-to-me", {"version": "1"},
                                page="/drc/")
    assert response.status_code == 403


def test_all_open_pages_merge_the_statuses_in_submitted_order(app, client, make, login_as,
                                                              english):
    """'All open' is read per status and merged; the pages must still be one ordered list
    without the finished requests, in both directions."""
    login_as("agency")
    base = datetime.now(UTC) - timedelta(days=20)
    statuses = (Status.IN_REVIEW, Status.SUBMITTED, Status.CLOSED, Status.APPROVED,
                Status.RECEIVED, Status.REJECTED, Status.IN_REVIEW)
    made = [make_request(app, make, status=status, start=base + timedelta(days=i))
            for i, status in enumerate(statuses)]
    open_ids = [m.request_id for m, status in zip(made, statuses, strict=True)
                if status not in (Status.CLOSED, Status.REJECTED)]
    from portal.services.processing import queue

    queue_page_size = queue.PAGE_SIZE
    queue.PAGE_SIZE = 2
    try:
        for url, expected in (("/agency/?status=open", open_ids),
                              ("/agency/?status=open&sort=newest", open_ids[::-1])):
            seen = []
            while url:
                page = client.get(url)
                seen += _ids(page)
                link = re.search(r'href="([^"]+)" rel="next"', page.get_data(as_text=True))
                url = link.group(1).replace("&amp;", "&") if link else None
            assert seen == expected
    finally:
        queue.PAGE_SIZE = queue_page_size


def _answered_by_the_municipality(app, made):
    """Move an awaiting request back to review as the municipality's answer."""
    from portal.models import Request, User
    from portal.workflow import transition

    with app.app_context():
        req = db.session.get(Request, made.request_id)
        transition(req, Status.IN_REVIEW, db.session.get(User, made.caseworker.id),
                   note="The passport is uploaded.")
        db.session.commit()
        db.session.remove()


def _depart_in(app, made, days: int):
    from portal.models import Request

    with app.app_context():
        req = db.session.get(Request, made.request_id)
        req.departure_at = datetime.now(UTC) + timedelta(days=days)
        db.session.commit()
        db.session.remove()


def test_needs_action_shows_new_answered_overdue_and_soon_departing_requests(
        app, client, make, login_as, english):
    login_as("agency")
    new = make_request(app, make, status=Status.SUBMITTED)
    answered = make_request(app, make, status=Status.AWAITING_MUNICIPALITY)
    _answered_by_the_municipality(app, answered)
    overdue = make_request(app, make, status=Status.IN_REVIEW,
                           start=datetime.now(UTC) - timedelta(days=40))
    soon = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _depart_in(app, soon, 5)
    later = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _depart_in(app, later, 30)
    quiet = make_request(app, make, status=Status.IN_REVIEW)
    waiting = make_request(app, make, status=Status.AWAITING_MUNICIPALITY)
    shown = set(_ids(client.get("/agency/?view=action")))
    assert shown == {new.request_id, answered.request_id, overdue.request_id, soon.request_id}
    assert not shown & {later.request_id, quiet.request_id, waiting.request_id}


def test_views_mine_and_unassigned_keep_to_open_requests(app, client, make, login_as,
                                                           english):
    me = login_as("agency")
    mine = make_request(app, make, status=Status.IN_REVIEW, agency=me, assignee=me)
    make_request(app, make, status=Status.CLOSED, agency=me, assignee=me)
    free = make_request(app, make, status=Status.SUBMITTED)
    assert _ids(client.get("/agency/?view=mine")) == [mine.request_id]
    assert _ids(client.get("/agency/?view=unassigned")) == [free.request_id]
    text = client.get("/agency/?view=mine").get_data(as_text=True)
    assert re.search(r'<a href="/agency/\?view=mine" aria-current="page">Mine</a>', text)


def test_planned_departure_is_a_column_and_a_sort_with_undated_requests_last(
        app, client, make, login_as, english):
    login_as("agency")
    undated = make_request(app, make, status=Status.APPROVED)
    late = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _depart_in(app, late, 20)
    early = make_request(app, make, status=Status.TRAVEL_BOOKED)
    _depart_in(app, early, 3)
    response = client.get("/agency/?sort=departure")
    assert _ids(response) == [early.request_id, late.request_id, undated.request_id]
    assert "Planned departure" in response.get_data(as_text=True)


def test_sorting_by_departure_pages_by_keyset(app, client, make, login_as, english):
    from portal.services.processing import queue

    login_as("agency")
    made = [make_request(app, make, status=Status.TRAVEL_BOOKED) for _ in range(3)]
    for days, item in zip((9, 2, 5), made, strict=True):
        _depart_in(app, item, days)
    with app.test_request_context("/"):
        user = db.session.get(User, made[0].agency.id)
        first = queue.queue_page(queue.QueueFilters(status="open", sort="departure"), user,
                                 limit=2)
        second = queue.queue_page(queue.QueueFilters(status="open", sort="departure",
                                                     after=first.next_cursor), user, limit=2)
    assert [r.id for r in first.rows] == [made[1].request_id, made[2].request_id]
    assert [r.id for r in second.rows] == [made[0].request_id]
    assert second.next_cursor is None


def test_search_looks_through_every_status_and_a_plain_reload_keeps_the_results(
        app, client, make, login_as, english):
    login_as("agency")
    closed = make_request(app, make, status=Status.CLOSED)
    other = make_request(app, make, status=Status.SUBMITTED)
    response = client.form_post("/agency/", {"q": closed.reference})
    assert closed.reference not in response.headers["Location"]
    page = client.get(response.headers["Location"])
    assert _ids(page) == [closed.request_id]
    text = page.get_data(as_text=True)
    assert "all statuses" in text
    assert "Clear the search and show the queue" in text
    assert _ids(client.get("/agency/")) == [closed.request_id]  # a reload: still the results
    assert _ids(client.get("/agency/?clear=1")) == [other.request_id]  # back to the open queue


def test_workload_counts_open_requests_per_colleague(app, client, make, login_as, english):
    me = login_as("agency", name="Anna Agency")
    colleague = make.user("agency", name="Bo Colleague")
    make_request(app, make, status=Status.IN_REVIEW, agency=me, assignee=me,
                 start=datetime.now(UTC) - timedelta(days=40))
    make_request(app, make, status=Status.RECEIVED, agency=me, assignee=me)
    make_request(app, make, status=Status.CLOSED, agency=me, assignee=me)
    make_request(app, make, status=Status.SUBMITTED)
    text = client.get("/agency/workload").get_data(as_text=True)
    rows = {m.group(1).strip(): m.group(2) for m in re.finditer(
        r"<tr>\s*<td>(?:<a[^>]*>)?([^<]+)(?:</a>)?</td>((?:\s*<td>[^<]*</td>){3})", text)}
    numbers = {name: re.findall(r"<td>([^<]*)</td>", cells) for name, cells in rows.items()}
    assert numbers["Anna Agency"] == ["2", "1", "1"]
    assert numbers[colleague.name] == ["0", "0", "0"]
    assert numbers["Unassigned"] == ["1", "1", "0"]


def test_a_colleague_s_request_is_taken_over_only_with_a_confirmation_and_both_are_told(
        app, client, make, login_as, english, mail_outbox):
    me = login_as("agency", name="Anna Agency", email="anna@hjemst.example")
    colleague = make.user("agency", name="Bo Colleague", email="bo@hjemst.example")
    theirs = make_request(app, make, status=Status.IN_REVIEW, agency=colleague,
                          assignee=colleague)
    queue_html = client.get("/agency/").get_data(as_text=True)
    assert f"/agency/requests/{theirs.request_id}/assign-to-me" not in queue_html
    url = f"/agency/requests/{theirs.request_id}"
    assert "take the request over" in client.get(url).get_data(as_text=True)
    data = {"assign-assignee": str(me.id),
            "assign-version": load(app, theirs.request_id)["version"]}
    mail_outbox.messages.clear()
    refused = client.form_post(f"{url}/actions/assign", data, page=url)
    assert "Bo Colleague has this request" in refused.get_data(as_text=True)
    assert load(app, theirs.request_id)["assignee_id"] == colleague.id
    assert mail_outbox.messages == []

    data["assign-take_over"] = "y"
    client.form_post(f"{url}/actions/assign", data, page=url)
    assert load(app, theirs.request_id)["assignee_id"] == me.id
    assert [m["To"] for m in mail_outbox.messages] == ["bo@hjemst.example"]
    assert theirs.reference in mail_outbox.bodies()[0]


def test_assigning_an_unassigned_request_to_a_colleague_tells_them(
        app, client, make, login_as, english, mail_outbox):
    login_as("agency")
    colleague = make.user("agency", email="bo@hjemst.example")
    free = make_request(app, make, status=Status.RECEIVED)
    url = f"/agency/requests/{free.request_id}"
    assert "take the request over" not in client.get(url).get_data(as_text=True)
    mail_outbox.messages.clear()
    client.form_post(f"{url}/actions/assign", {
        "assign-assignee": str(colleague.id),
        "assign-version": load(app, free.request_id)["version"]}, page=url)
    assert load(app, free.request_id)["assignee_id"] == colleague.id
    assert [m["To"] for m in mail_outbox.messages] == ["bo@hjemst.example"]


def test_the_departure_sorted_queue_reads_bookings_in_a_fixed_number_of_statements(
        app, client, make, login_as):
    """Bookings are their own records, but the queue sorts and pages on the request's indexed
    departure_at summary: 5 and 50 booked rows cost the same statements."""
    from portal.extensions import db
    from portal.models import Request
    from tests.agency_helpers import book_directly

    agency = login_as("agency")
    caseworker = make.user("caseworker")

    def booked(count: int, offset: int) -> None:
        for i in range(count):
            made = make_request(app, make, status=Status.TRAVEL_BOOKED, family=bool(i % 2),
                                caseworker=caseworker, agency=agency)
            with app.app_context():
                book_directly(db.session.get(Request, made.request_id), None,
                              "TK 1784, TK 2966",
                              datetime.now(UTC) + timedelta(days=10 + offset + i))
                db.session.commit()
                db.session.remove()

    booked(5, 0)
    five, response = statements_of_get(app, client, "/agency/?sort=departure")
    assert len(_ids(response)) == 5
    booked(45, 5)
    fifty, response = statements_of_get(app, client, "/agency/?sort=departure")
    assert len(_ids(response)) == 50
    assert fifty == five, (five, fifty)
