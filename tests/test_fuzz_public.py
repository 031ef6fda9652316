"""Fuzzing what the internet can reach (issue 12): every public form, the forms behind private links, the login,
and every URL with a secret token or a slug in it.

Whatever arrives (any unicode with control and bidi characters, missing fields, repeated fields, numbers where
text belongs and text where numbers do, huge values): never a 500; a refused request changes nothing; an
accepted one stores whole records of clean text. The app fixture empties the tables per test, not per example,
so each example compares the committed rows before and after its request.
"""
import operator
import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from netzwerk.extensions import db
from netzwerk.fair.models import Exhibitor, Interview, InterviewWish, Offer, VisitorProfile
from netzwerk.kommunen.models import Kommune
from netzwerk.mail.models import OutboxMail
from netzwerk.organisations.models import Organisation
from netzwerk.people.models import Person
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import csrf_from

FUZZ = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])
WATCHED = (Registration, Person, Organisation, Kommune, VisitorProfile, Exhibitor, Offer, InterviewWish, Interview,
           OutboxMail)
STORED_TEXT = (Registration, Person, Organisation, Kommune, VisitorProfile, Exhibitor, Offer)
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# --- what an attacker sends ----------------------------------------------------------------------------------------

CONTROL = [chr(code) for code in range(0x20)] + ["\x7f", "\x85", "\x9b"]
BIDI = [chr(code) for code in range(0x202A, 0x202F)] + [chr(code) for code in range(0x2066, 0x206A)]
ODD = ["\u2028", "\u2029", "\ufeff", "\u200b", "\ufffd", "\U0001F600", "ß", "ﬁ", "İ", "e\u0301", "'", '"', "<",
       ">", "&", "%", "\\", "/", ";", "=", "+", "-", "@", "\r\n", "{{", "}}", "%(name)s", "NULL"]
NUMBERS = ["0", "-1", "1e309", "NaN", "inf", "99999999999999999999999", "2147483648", "1.5", " 2 ", "٣", "0x10",
           "", " "]
MISSING = object()

piece = st.one_of(st.text(max_size=12), st.sampled_from(CONTROL + BIDI + ODD))
hostile = st.lists(piece, max_size=10).map("".join)
huge = st.builds(operator.mul, st.sampled_from(["x", "ü", "\x00", "\u202e", "\U0001F600", "ab\r\n", "1"]),
                 st.sampled_from([51, 121, 201, 255, 301, 501, 1001, 2001, 3001, 5001, 60_000]))
anything = st.one_of(st.just(MISSING), hostile, huge, st.sampled_from(NUMBERS),
                     st.lists(hostile, min_size=2, max_size=3))


def field(*valid, text=False):
    """Mostly one of the valid values (so that some requests are accepted), often something hostile."""
    options = [st.sampled_from(valid)] * 3 if valid else []
    if text and valid:
        options.append(st.builds(operator.add, st.sampled_from(valid), hostile))
    return st.one_of(*options, anything)


def choices(*valid):
    """A multiple choice: a few of the valid values, or anything."""
    return st.one_of(st.lists(st.sampled_from(valid), max_size=3, unique=True),
                     st.lists(st.sampled_from(valid), max_size=3, unique=True).flatmap(
                         lambda picked: st.lists(hostile, max_size=2).map(picked.__add__)),
                     anything)


def form(**fields):
    """A form's fields as hypothesis draws them; MISSING ones are left out of the request."""
    return st.fixed_dictionaries(fields).map(lambda drawn: {k: v for k, v in drawn.items() if v is not MISSING})


def csrf():
    """The page's token as a browser sends it, seldom a forged or missing one."""
    return st.one_of(*[st.just("valid")] * 9, hostile, st.just(MISSING))


email = st.one_of(st.from_regex(r"[a-z]{1,8}(\.[a-z]{1,5})?@(example\.org|b\u00fccher\.example)", fullmatch=True),
                  field(text=True))

# --- checking what happened ----------------------------------------------------------------------------------------


def committed_counts() -> dict[str, int]:
    db.session.remove()  # what a new request would see: only what was committed
    return {model.__tablename__: db.session.scalar(select(func.count()).select_from(model)) for model in WATCHED}


def unclean_text() -> list:
    found = []
    for model in STORED_TEXT:
        columns = [column.key for column in inspect(model).columns]
        for row in db.session.scalars(select(model)):
            for key in columns:
                if _has_unwanted(getattr(row, key)):
                    found.append((model.__name__, key, getattr(row, key)))
    return found


def _has_unwanted(value) -> bool:
    if isinstance(value, str):
        return bool(UNWANTED.search(value))
    if isinstance(value, (list, tuple)):
        return any(_has_unwanted(item) for item in value)
    if isinstance(value, dict):
        return any(_has_unwanted(key) or _has_unwanted(item) for key, item in value.items())
    return False


def whole_records() -> list[str]:
    """Records that only make sense together: a visitor's registration and its profile, a registration with an
    address and its mail."""
    problems = []
    profiles = set(db.session.scalars(select(VisitorProfile.registration_id)))
    mailed = set(db.session.scalars(select(OutboxMail.registration_id)))
    for registration in db.session.scalars(select(Registration)):
        if registration.badge_role == "visitor" and registration.id not in profiles:
            problems.append(f"visitor registration {registration.id} without a profile")
        if registration.email and registration.anonymised_at is None and registration.id not in mailed:
            problems.append(f"registration {registration.id} without its mail")
    return problems


def redirected(response) -> bool:
    return 300 <= response.status_code < 400


def post_and_check(client, url: str, data: dict, token: str, accepted_when=redirected):
    """POST data (with the CSRF token unless drawn otherwise); never a 500, a refusal changes nothing,
    an acceptance stores whole records of clean text."""
    if data.get("csrf_token", "valid") == "valid":
        data = {**data, "csrf_token": token}
    before = committed_counts()
    response = client.post(url, data=data)
    assert response.status_code < 500, f"{response.status_code} for {url} with {data!r}"
    after = committed_counts()
    if not accepted_when(response):
        assert after == before, f"refused ({response.status_code}) but stored: {before} -> {after}"
    new_exhibitors = after["exhibitor"] - before["exhibitor"]
    assert after["outbox_mail"] - before["outbox_mail"] >= new_exhibitors, "an Aussteller booked without a mail"
    assert unclean_text() == []
    assert whole_records() == []
    return response


def token_of(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    return csrf_from(page.get_data(as_text=True))


# --- the scene ----------------------------------------------------------------------------------------------------

@pytest.fixture
def scene(app, network):
    network.privacy_text = "Wir verarbeiten Ihre Angaben nur für diese Veranstaltung."
    kommune = factories.create_kommune(name="Gütersloh")
    factories.create_membership(network, kommune)
    organisation = factories.create_organisation(network, name="Jobcenter Gütersloh")
    event = factories.create_event(network, capacity=20, ask_accessibility=True, ask_dietary=True,
                                   topics=["Sprache", "Arbeit", "Wohnen"])
    for position, (kind, options) in enumerate([("short_text", []), ("long_text", []), ("yes_no", []),
                                                 ("single_choice", ["A", "B"]), ("multiple_choice", ["X", "Y"])]):
        factories.create_question(event, kind=kind, options=options, position=position, label=f"Frage {position}",
                                  required=position == 0)
    fair = factories.create_fair_event(network)
    booth_type = factories.create_booth_type(fair)
    booths = [factories.create_booth(fair, number=str(n), x=1 + 3.5 * n, booth_type_id=booth_type.id)
              for n in range(1, 4)]
    exhibitor = factories.create_exhibitor(fair, token="aussteller-link", booth_id=booths[0].id,
                                           offers=[("Praktikum", "Lager", "A2")])
    participant = factories.create_registration(event, token="teilnahme-link", person=factories.create_person(network))
    visitor = factories.create_visitor(fair, token="besuch-link")
    for registration in (participant, visitor):
        factories.create_outbox_mail(registration)
    factories.create_outbox_mail(participant, to_address=exhibitor.email)
    db.session.commit()
    return dict(network=network, event=event, fair=fair, organisation=organisation, kommune=kommune,
                booth_type=booth_type, booths=booths, exhibitor=exhibitor)


def registration_fields(scene, editing=False):
    event = scene["event"]
    questions = {question.kind: f"q_{question.id}" for question in event_questions(event)}
    fields = dict(
        given_name=field("Alex", "Zoë", text=True), family_name=field("Beispiel", "Ağaoğlu", text=True),
        function=field("Fallmanagerin", "", text=True),
        organisation_id=field(str(scene["organisation"].id), ""),
        new_organisation=field("", "Verein Brücke", text=True),
        organisation_type=field("Sonstige", "Jobcenter"), kommune_id=field(str(scene["kommune"].id), ""),
        accessibility_needs=field("", "Rollstuhl\r\nplatz", text=True), dietary_needs=field("", "vegan", text=True),
        topic_1=field("", "Sprache"), topic_2=field("", "Arbeit"), topic_3=field("", "Wohnen"),
        **{questions["short_text"]: field("Antwort", text=True),
           questions["long_text"]: field("", "Zeile\nZwei", text=True),
           questions["yes_no"]: field("Ja", "Nein", ""), questions["single_choice"]: field("A", "B", ""),
           questions["multiple_choice"]: choices("X", "Y")},
        csrf_token=csrf())
    if not editing:
        fields.update(email=email, consent=field("y", "y", ""), website=st.one_of(*[st.just(MISSING)] * 9, hostile))
    return fields


def event_questions(event):
    from netzwerk.registrations.models import Question

    return db.session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.position))


def exhibitor_fields(scene):
    offers = {}
    for row in range(4):
        offers.update({f"offers-{row}-kind": field("Praktikum", "Ausbildung"),
                       f"offers-{row}-title": field("", "Lagerhelfer:in", text=True),
                       f"offers-{row}-description": field("", "Zeile 1\nZeile 2", text=True),
                       f"offers-{row}-place": field("", "Merzig", text=True),
                       f"offers-{row}-german_level": field("none", "A2")})
    return dict(company=field("Bäckerei Sonne", text=True), contact_name=field("Jana Korn", text=True), email=email,
                phone=field("", "0151 234", text=True), sector=field("Gastronomie", "Handwerk"),
                company_size=field("", "klein"), booth_type_id=field(str(scene["booth_type"].id), ""),
                staff_count=field("1", "2", "3"), staff_names=field("", "Jana Korn\r\nAli Haddad", text=True),
                needs_power=field("y", ""), needs_table=field("y", ""), remarks=field("", "Bitte\nStrom", text=True),
                csrf_token=csrf(), **offers)


# --- public forms -------------------------------------------------------------------------------------------------

def test_event_registration_form(client, scene):
    url = f"/n/ankommen/{scene['event'].id}/anmelden"
    token = token_of(client, url)

    @FUZZ
    @given(form(**registration_fields(scene)))
    def register(data):
        post_and_check(client, url, data, token)

    register()


def test_fair_visitor_form(client, scene):
    url = f"/n/ankommen/{scene['fair'].id}/messe/besuchen"
    token = token_of(client, url)
    visitor = form(given_name=field("Amina", "Ömer", text=True), family_name=field("Haddad", text=True),
                   languages=choices("Arabisch", "Englisch"), german_level=field("none", "A2", "B1"),
                   sectors=choices("Pflege", "Gastronomie"), offer_types=choices("Ausbildung", "Praktikum"),
                   phone=field("", "0151 2345678", text=True), email=st.one_of(st.just(""), email),
                   consent=field("y", "y", ""), website=st.one_of(*[st.just(MISSING)] * 9, hostile), csrf_token=csrf())

    @FUZZ
    @given(visitor)
    def visit(data):
        post_and_check(client, url, data, token)

    visit()


def test_exhibitor_booking_form(client, scene):
    url = f"/n/ankommen/{scene['fair'].id}/messe/stand-buchen"
    token = token_of(client, url)
    booking = form(**exhibitor_fields(scene), consent=field("y", "y", ""),
                   preferred_booth_id=field("", *(str(booth.id) for booth in scene["booths"])),
                   website=st.one_of(*[st.just(MISSING)] * 9, hostile))

    @FUZZ
    @given(booking)
    def book(data):
        post_and_check(client, url, data, token)

    book()


def test_login_form(client, coordinator):
    token = token_of(client, "/anmelden")
    login = form(email=st.one_of(st.just(coordinator.email), email), password=field("falsch", text=True),
                 remember=field("y", ""), csrf_token=csrf())

    @FUZZ
    @given(login, st.one_of(st.just(""), hostile.map(lambda text: "?next=" + quote(text, safe=""))))
    def log_in(data, query):
        response = post_and_check(client, "/anmelden" + query, data, token)
        assert response.status_code != 302, "logged in with a wrong password"

    log_in()


# --- forms behind a private link ----------------------------------------------------------------------------------

def test_self_service_change_form(client, scene):
    url = "/anmeldung/teilnahme-link/aendern"
    token = token_of(client, url)

    @FUZZ
    @given(form(**registration_fields(scene, editing=True)))
    def change(data):
        post_and_check(client, url, data, token)

    change()


def test_self_service_cancel_and_calendar_link(client, scene):
    token = token_of(client, "/anmeldung/teilnahme-link/stornieren")

    @FUZZ
    @given(st.sampled_from(["/anmeldung/teilnahme-link/stornieren", "/anmeldung/teilnahme-link/kalender-link"]),
           form(csrf_token=csrf(), action=anything, confirm=anything))
    def act(url, data):
        post_and_check(client, url, data, token, accepted_when=lambda response: response.status_code in (200, 302))

    act()


def test_visitor_pages_behind_the_link(client, scene):
    token = token_of(client, "/anmeldung/besuch-link/messe")
    exhibitor_id = str(scene["exhibitor"].id)

    @FUZZ
    @given(st.one_of(
        st.tuples(st.just("/anmeldung/besuch-link/messe/profil"),
                  form(languages=choices("Arabisch", "Englisch"), german_level=field("none", "A2", "B1"),
                       sectors=choices("Pflege", "Gastronomie"), offer_types=choices("Ausbildung", "Praktikum"),
                       csrf_token=csrf())),
        st.tuples(st.just("/anmeldung/besuch-link/messe/wuensche"),
                  form(action=field("add", "remove", "up"), exhibitor_id=field(exhibitor_id), csrf_token=csrf())),
        st.tuples(st.just("/anmeldung/besuch-link/messe/termine"),
                  form(exhibitor_id=field(exhibitor_id), slot=field("0", "1"), csrf_token=csrf()))))
    def act(request):
        url, data = request
        post_and_check(client, url, data, token)

    act()


def test_exhibitor_management_link(client, scene):
    url = "/messe/aussteller/aussteller-link"
    token = token_of(client, url)

    @FUZZ
    @given(st.one_of(
        st.tuples(st.just(url), form(**exhibitor_fields(scene))),
        st.tuples(st.just(url + "/gespraeche"),
                  form(interviewers=field("0", "1", "2"), slots=choices("0", "1", "2"), csrf_token=csrf()))))
    def act(request):
        target, data = request
        post_and_check(client, target, data, token)

    act()


# --- every URL with a token or a slug -----------------------------------------------------------------------------

def secret_and_slug_rules(app):
    rules = [rule for rule in app.url_map.iter_rules() if {"token", "slug"} & rule.arguments]
    assert len(rules) >= 25, [rule.rule for rule in rules]
    return rules


def fill(rule, values: dict) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], rule.rule)


def test_every_token_and_slug_url_with_anything_in_it(app, client, scene):
    rules = secret_and_slug_rules(app)
    token = token_of(client, f"/n/ankommen/{scene['event'].id}/anmelden")
    known = {"event_id": str(scene["event"].id), "exhibitor_id": str(scene["exhibitor"].id), "interview_id": "1",
             "material_id": "1", "registration_id": "1", "series_id": "1"}

    @FUZZ
    @given(st.sampled_from(rules), st.one_of(hostile, huge, st.sampled_from(["", ".", "..", "%", "teilnahme-link/x"])),
           st.sampled_from(["GET", "POST"]))
    def visit(rule, secret, method):
        url = fill(rule, {**known, "token": quote(secret, safe=""), "slug": quote(secret, safe="")})
        before = committed_counts()
        response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
        # 308: Werkzeug's redirect from "//" to "/" (an empty token or slug)
        assert response.status_code in (308, 400, 404, 405), f"{response.status_code} for {method} {url[:200]}"
        assert committed_counts() == before

    visit()


def test_ids_beyond_the_database_range_are_not_found(app, client, scene):
    """An id no integer column holds names nothing (PostgreSQL would refuse to compare with it)."""
    rules = [rule for rule in app.url_map.iter_rules() if "slug" in rule.arguments and "event_id" in rule.arguments]

    @FUZZ
    @given(st.sampled_from(rules), st.sampled_from(["2147483648", "99999999999999999999", "0"]),
           st.sampled_from(["exhibitor_id", "event_id", "interview_id", "material_id", "registration_id"]))
    def visit(rule, big, which):
        known = {"slug": "ankommen", "event_id": str(scene["event"].id), "exhibitor_id": str(scene["exhibitor"].id),
                 "interview_id": "1", "token": "x", "material_id": "1", "registration_id": "1", "series_id": "1"}
        response = client.get(fill(rule, {**known, which: big}))
        assert response.status_code < 500
        if which in rule.arguments and big != "0":
            assert response.status_code == 404

    visit()
