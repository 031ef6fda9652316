"""A coordinator shapes an event's registration form: own questions, their order, the optional fields."""
import pytest
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.registrations.models import Question

from . import factories


@pytest.fixture
def event(coordinator):
    event = factories.create_event(coordinator.networks[0])
    db.session.commit()
    return event


def base(event):
    return f"/manage/veranstaltungen/{event.id}"


def questions_of(event):
    return db.session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.position)).all()


def add(browser, event, label, kind="short_text", **extra):
    data = {"label": label, "kind": kind, "help_text": "", "options": "", **extra}
    response = browser.submit(f"{base(event)}/fragen/neu", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def test_coordinator_adds_edits_and_deletes_questions(browser, coordinator, event):
    browser.login(coordinator)
    add(browser, event, "Welche Rolle haben Sie?", required="y")
    add(browser, event, "Welcher Workshop?", kind="single_choice", options="Sprache\n\nArbeit\nSprache\n")
    first, second = questions_of(event)
    assert (first.required, first.position) == (True, 1)
    assert (second.kind, second.options, second.position) == ("single_choice", ["Sprache", "Arbeit"], 2)
    page = browser.get(f"{base(event)}/fragen").get_data(as_text=True)
    assert "Welcher Workshop?" in page and "Einfachauswahl" in page

    form = browser.get(f"{base(event)}/fragen/{second.id}").get_data(as_text=True)
    assert "Sprache\nArbeit" in form
    browser.submit(f"{base(event)}/fragen/{second.id}", {"label": "Welcher Workshop am Nachmittag?",
                                                          "kind": "multiple_choice", "options": "A\nB\nC"})
    db.session.expire_all()
    assert (second.label, second.kind, second.options) == ("Welcher Workshop am Nachmittag?", "multiple_choice", ["A", "B", "C"])

    assert "wirklich löschen" in browser.get(f"{base(event)}/fragen/{first.id}/loeschen").get_data(as_text=True)
    assert browser.submit(f"{base(event)}/fragen/{first.id}/loeschen").status_code == 302
    assert [q.id for q in questions_of(event)] == [second.id]


def test_choice_questions_need_options_and_say_so_beside_the_field(browser, coordinator, event):
    browser.login(coordinator)
    response = browser.submit(f"{base(event)}/fragen/neu",
                              {"label": "Welcher Tag?", "kind": "single_choice", "options": "Montag"})
    assert response.status_code == 422
    assert 'id="options-error"' in response.get_data(as_text=True)
    assert not questions_of(event)


def test_questions_are_reordered_with_up_and_down(browser, coordinator, event):
    browser.login(coordinator)
    for label in ("Eins", "Zwei", "Drei"):
        add(browser, event, label)
    three = questions_of(event)[2]
    list_url = f"{base(event)}/fragen"
    move_url = f"{base(event)}/fragen/{three.id}/verschieben"
    assert browser.submit(move_url, {"direction": "up"}, form_url=list_url).status_code == 302
    assert [q.label for q in questions_of(event)] == ["Eins", "Drei", "Zwei"]
    browser.submit(move_url, {"direction": "up"}, form_url=list_url)
    browser.submit(move_url, {"direction": "up"}, form_url=list_url)  # already first: stays
    assert [q.label for q in questions_of(event)] == ["Drei", "Eins", "Zwei"]
    browser.submit(move_url, {"direction": "down"}, form_url=list_url)
    assert [q.label for q in questions_of(event)] == ["Eins", "Drei", "Zwei"]
    assert browser.submit(move_url, {"direction": "sideways"}, form_url=list_url).status_code == 400
    # The public form asks in the same order.
    page = browser.get(f"/n/ankommen/{event.id}/anmelden").get_data(as_text=True)
    assert page.index("Eins") < page.index("Drei") < page.index("Zwei")


def test_registration_settings_switch_on_the_optional_fields(browser, coordinator, event):
    browser.login(coordinator)
    response = browser.submit(f"{base(event)}/anmeldung", {
        "requires_approval": "y", "ask_dietary": "y", "topics": "Spracherwerb\n Ausbildung \n\n", "retention_days": "180"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (event.requires_approval, event.ask_accessibility, event.ask_dietary) == (True, False, True)
    assert event.topics == ["Spracherwerb", "Ausbildung"] and event.retention_days == 180
    assert "Spracherwerb\nAusbildung" in browser.get(f"{base(event)}/anmeldung").get_data(as_text=True)
    page = browser.get(f"/n/ankommen/{event.id}/anmelden").get_data(as_text=True)
    assert "Ernährung" in page and 'name="accessibility_needs"' not in page and "2. Wahl" in page and "3. Wahl" not in page
    assert "geprüft und freigegeben" in page
    bad = browser.submit(f"{base(event)}/anmeldung", {"retention_days": "0"})
    assert bad.status_code == 422 and 'id="retention_days-error"' in bad.get_data(as_text=True)


def test_coordinator_of_another_network_is_refused(browser, event):
    other = factories.create_user(email="andere@example.org", networks=[factories.create_network()])
    question = Question(event_id=event.id, kind="short_text", label="Frage", position=1)
    db.session.add(question)
    db.session.commit()
    browser.login(other)
    for path in ("/fragen", "/fragen/neu", f"/fragen/{question.id}", f"/fragen/{question.id}/loeschen", "/anmeldung"):
        assert browser.get(base(event) + path).status_code == 403, path
    moved = browser.client.post(f"{base(event)}/fragen/{question.id}/verschieben", data={"direction": "up"})
    assert moved.status_code in (400, 403)


def test_question_of_another_event_is_not_found(browser, coordinator, event):
    other_event = factories.create_event(coordinator.networks[0], title="Fachkonferenz")
    question = Question(event_id=other_event.id, kind="short_text", label="Frage", position=1)
    db.session.add(question)
    db.session.commit()
    browser.login(coordinator)
    assert browser.get(f"{base(event)}/fragen/{question.id}").status_code == 404
    assert browser.get(f"{base(event)}/fragen/{question.id}/loeschen").status_code == 404


def test_questions_page_needs_a_login(client, event):
    response = client.get(f"{base(event)}/fragen")
    assert response.status_code == 302 and "/anmelden" in response.location


def test_question_list_runs_a_fixed_number_of_queries(browser, coordinator, event, count_queries):
    browser.login(coordinator)
    for n in range(3):
        db.session.add(Question(event_id=event.id, kind="single_choice", label=f"Frage {n}", options=["a", "b"], position=n))
    db.session.commit()
    with count_queries() as few:
        browser.get(f"{base(event)}/fragen")
    for n in range(3, 13):
        db.session.add(Question(event_id=event.id, kind="short_text", label=f"Frage {n}", position=n))
    db.session.commit()
    with count_queries() as many:
        browser.get(f"{base(event)}/fragen")
    assert many.n == few.n
