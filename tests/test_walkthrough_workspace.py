"""A coordinator's normal week in the workspace, as a colleague new to the tool walked it in a browser: what they
stumbled over, as stories."""
from netzwerk.extensions import db

from . import factories
from .test_badges_routes import text_of
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
