"""A coordinator's normal week in the workspace, as a colleague new to the tool walked it in a browser: what they
stumbled over, as stories."""
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.mail.models import OutboxMail

from . import factories
from .test_badges_routes import text_of
from .test_registration_admin import bulk, list_url, page, register_people
from .test_tables_routes import people, set_up, solve

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
