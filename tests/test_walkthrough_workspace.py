"""A coordinator's normal week in the workspace, as a colleague new to the tool walked it in a browser: what they
stumbled over, as stories."""
import csv
import io
import shutil

import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail
from netzwerk.tables.models import GroupTable, Seat, TableRound

from . import factories
from .conftest import CHROMIUM
from .test_badges_routes import text_of
from .test_registration_admin import bulk, list_url, page, register_people
from .test_tables_routes import people, seats_of, set_up, solve
from .test_tables_routes import url as tables_url

# --- user management ----------------------------------------------------------------------------------------------

def test_a_new_account_without_a_password_is_refused_with_a_message_not_a_500(browser, admin):
    """The field said "Leer lassen, um das Passwort nicht zu ändern." on a new account; left empty, it gave a 500."""
    browser.login(admin)
    form = browser.get("/manage/zugaenge/neu").get_data(as_text=True)
    assert "Leer lassen, um das Passwort nicht zu ändern." not in form

    response = browser.submit("/manage/zugaenge/neu", {"name": "Lea Brandt", "email": "lea@example.org",
                                                       "role": "coordinator", "active": "y", "password": ""})

    assert response.status_code == 422
    assert "Ein neuer Zugang braucht ein Passwort." in response.get_data(as_text=True)


def test_an_accounts_password_may_still_be_left_empty_when_editing(browser, admin, coordinator):
    browser.login(admin)
    form = browser.get(f"/manage/zugaenge/{coordinator.id}").get_data(as_text=True)
    assert "Leer lassen, um das Passwort nicht zu ändern." in form
    response = browser.submit(f"/manage/zugaenge/{coordinator.id}", {
        "name": "Miriam Neu", "email": coordinator.email, "role": "coordinator", "active": "y", "password": ""})
    assert response.status_code == 302


# --- print ---------------------------------------------------------------------------------------------------------

def test_table_lists_say_tisch_once(signed_in, network):
    """The PDF read "Tisch Tisch 1" above every table."""
    event = factories.create_event(network, title="Netzwerktreffen Heinsberg")
    db.session.commit()
    people(network, event, 8)
    set_up(signed_in, event, rounds=1, tables=2, capacity=4)
    solve(signed_in, event)

    text = text_of(signed_in.get(f"/manage/veranstaltungen/{event.id}/druck/tischlisten.pdf").data)

    assert "Tisch 1" in text and "Tisch 2" in text
    assert "Tisch Tisch" not in text


# --- cancelling registrations ----------------------------------------------------------------------------------------

def _registrations_event(network):
    event = factories.create_event(network, capacity=2, title="Netzwerktreffen Heinsberg")
    db.session.commit()
    return event


def test_cancelling_the_selected_registrations_asks_first_and_names_them(app, signed_in, network):
    """"Stornieren" sat beside "Freigeben" and acted at once: mails went out, places went to the waiting list, and
    nothing brought them back."""
    event = _registrations_event(network)
    first, second, waiting = register_people(app, event, 3)

    asked = bulk(signed_in, event, "cancel", [first, second])

    html = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "2 Anmeldungen stornieren?" in html and first.full_name in html and second.full_name in html
    db.session.expire_all()
    assert [first.state, second.state] == ["confirmed", "confirmed"]
    assert not db.session.scalar(select(OutboxMail).where(OutboxMail.kind == "cancelled"))

    confirmed = signed_in.submit(f"/manage/veranstaltungen/{event.id}/anmeldungen/sammelaktion",
                                 {"action": "cancel", "confirmed": "1",
                                  "registration_ids": [str(first.id), str(second.id)]}, form_url=list_url(event))
    assert confirmed.status_code == 302
    db.session.expire_all()
    assert [first.state, second.state, waiting.state] == ["cancelled", "cancelled", "confirmed"]
    assert "2 Anmeldungen storniert." in page(signed_in, confirmed.location)


def test_the_confirmation_keeps_the_lists_filter_and_its_cancel_link_leads_back(app, signed_in, network):
    event = _registrations_event(network)
    first, _second = register_people(app, event, 2)
    filtered = f"/manage/veranstaltungen/{event.id}/anmeldungen/sammelaktion?state=confirmed"

    html = signed_in.submit(filtered, {"action": "cancel", "registration_ids": [str(first.id)]},
                            form_url=list_url(event)).get_data(as_text=True)

    assert f'action="{filtered}"' in html and "1 Anmeldung stornieren?" in html
    assert f'href="{list_url(event, state="confirmed")}"' in html


def test_cancelling_one_registration_on_its_page_asks_first(app, signed_in, network):
    event = _registrations_event(network)
    [registration] = register_people(app, event, 1)
    action = f"/manage/veranstaltungen/{event.id}/anmeldungen/{registration.id}/cancel"
    edit = f"/manage/veranstaltungen/{event.id}/anmeldungen/{registration.id}"

    asked = signed_in.submit(action, {}, form_url=edit)

    assert asked.status_code == 200 and "1 Anmeldung stornieren?" in asked.get_data(as_text=True)
    db.session.expire_all()
    assert registration.state == "confirmed"
    assert signed_in.submit(action, {"confirmed": "1"}, form_url=edit).status_code == 302
    db.session.expire_all()
    assert registration.state == "cancelled"


# --- table groups --------------------------------------------------------------------------------------------------

def _seated_event(signed_in, network):
    event = factories.create_event(network, title="Netzwerktreffen Heinsberg")
    db.session.commit()
    people(network, event, 8)
    set_up(signed_in, event, rounds=2, tables=2, capacity=4)
    solve(signed_in, event)
    return event


def test_deleting_a_round_asks_first(signed_in, network):
    """"Löschen" beside "Sperren" took the round and everyone's seats in it at one click, published or not."""
    event = _seated_event(signed_in, network)
    round_ = db.session.scalars(select(TableRound).where(TableRound.event_id == event.id)
                                .order_by(TableRound.position)).first()
    delete_url = tables_url(event, f"/runden/{round_.id}/loeschen")
    assert f'href="{delete_url}"' in page(signed_in, tables_url(event))

    asked = page(signed_in, delete_url)

    assert "Wollen Sie „Runde 1“ wirklich löschen?" in asked and f'href="{tables_url(event)}"' in asked
    assert db.session.get(TableRound, round_.id) is not None
    deleted = signed_in.submit(delete_url)
    assert deleted.status_code == 302 and "„Runde 1“ wurde gelöscht." in page(signed_in, deleted.location)
    db.session.expire_all()
    assert db.session.get(TableRound, round_.id) is None
    assert all(len(row) == 1 for row in seats_of(event).values())


def test_deleting_a_table_asks_first(signed_in, network):
    event = _seated_event(signed_in, network)
    table = db.session.scalars(select(GroupTable).where(GroupTable.event_id == event.id)
                               .order_by(GroupTable.id)).first()
    delete_url = tables_url(event, f"/tische/{table.id}/loeschen")
    assert f'href="{delete_url}"' in page(signed_in, tables_url(event, f"/tische/{table.id}"))

    assert "Wollen Sie „Tisch 1“ wirklich löschen?" in page(signed_in, delete_url)
    assert db.session.get(GroupTable, table.id) is not None
    assert signed_in.submit(delete_url).status_code == 302
    db.session.expire_all()
    assert db.session.get(GroupTable, table.id) is None


def test_a_refused_move_says_why_at_the_top_of_the_page(signed_in, network):
    """The page came back at its top, the reason far below beside the move form: it looked as if nothing happened."""
    event = _seated_event(signed_in, network)
    round_ = db.session.scalars(select(TableRound).where(TableRound.event_id == event.id)
                                .order_by(TableRound.position)).first()
    seats = db.session.scalars(select(Seat).where(Seat.round_id == round_.id)).all()
    full_table = seats[0].table_id
    mover = next(seat.registration_id for seat in seats if seat.table_id != full_table)

    refused = signed_in.submit(tables_url(event, "/verschieben"),
                               {"registration_id": mover, "round_id": round_.id, "table_id": full_table},
                               form_url=tables_url(event))

    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    top = html[html.index("<h1"):html.index('id="rounds-heading"')]
    assert 'role="alert"' in top and "ist in dieser Runde voll" in top


@pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("width", [1280, 820])
def test_the_add_round_button_stays_inside_its_column(chromium, live_url, coordinator, network, width):
    """At 1280 px "Hinzufügen" stuck out of the rounds' column into the tables' one."""
    event = factories.create_event(network, title="Netzwerktreffen Heinsberg")
    db.session.commit()
    context = chromium.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/anmelden")
    page.get_by_label("E-Mail").fill(coordinator.email)
    page.get_by_label("Passwort").fill(factories.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_url}{tables_url(event)}")

    button = page.get_by_role("button", name="Hinzufügen").bounding_box()
    column = page.locator("section[aria-labelledby=rounds-heading]").bounding_box()
    context.close()
    assert button["x"] + button["width"] <= column["x"] + column["width"] + 0.5


# --- export --------------------------------------------------------------------------------------------------------

def test_the_export_carries_the_function_people_entered(app, signed_in, network):
    """The form asks for the Funktion and the import reads it, but the export left it out."""
    event = _registrations_event(network)
    [registration] = register_people(app, event, 1, function="Fallmanagerin")

    response = signed_in.get(f"/manage/veranstaltungen/{event.id}/anmeldungen/export.csv")

    header, row = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))[:2]
    assert dict(zip(header, row))["Funktion"] == "Fallmanagerin"
    assert header.index("Funktion") == header.index("E-Mail") + 1


# --- the event form ------------------------------------------------------------------------------------------------

def test_the_choice_of_vor_ort_online_or_hybrid_is_not_headed_online_raum(signed_in):
    """A meeting in the Kreishaus had its "Teilnahme: vor Ort" under the heading "Online-Raum"."""
    html = page(signed_in, "/manage/veranstaltungen/neu")

    fieldset = html[html.index('<legend class="h6">', html.index("Zeit</legend>") + 1):html.index('name="format"')]
    assert "Teilnahme und Online-Raum</legend>" in fieldset
