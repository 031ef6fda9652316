"""Every workspace route, enumerated from the URL map: login required, roles and network scope enforced."""
import pytest

from netzwerk.badges.models import PrintJob
from netzwerk.common.timing import utcnow
from netzwerk.documentation.models import Material
from netzwerk.extensions import db
from netzwerk.mailings.models import Mailing, MailingTemplate, ReminderRule
from netzwerk.subscriptions.models import Subscription
from netzwerk.tables.models import GroupTable, TableRound

from . import factories
from .conftest import csrf_from

ADMIN_ONLY = {"auth.users", "auth.user_form"}
OWN_ACCOUNT = {"auth.change_password"}
CHECKIN_PAGES = {"checkin.events"}


def workspace_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/manage")),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def foreign(app):
    """Objects of a network the logged-in coordinator does not manage."""
    network = factories.create_network(name="Fremdes Netzwerk", logo=b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                                       logo_type="image/svg+xml",
                                       signature=b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                                       signature_type="image/svg+xml")
    kommune = factories.create_kommune(name="Fremdstadt")
    membership = factories.create_membership(network, kommune)
    organisation = factories.create_organisation(network, kommune=kommune)
    person = factories.create_person(network, organisation=organisation)
    # A Migrationsmesse: every other feature works on any kind of event, the fair's pages only on this one.
    event = factories.create_event(network, kind="Migrationsmesse")
    item = factories.create_agenda_item(event)
    user = factories.create_user(networks=[network])
    registration = factories.create_registration(event, state="attended")  # gets a certificate too
    question = factories.create_question(event)
    mail = factories.create_outbox_mail(registration)
    job = PrintJob(event=event, total=1, options={"registration_ids": [registration.id]}, status="done",
                   pdf=b"%PDF-1.7", filename="namensschilder.pdf")
    db.session.add(job)
    round_ = TableRound(event=event, position=0, label="Runde 1")
    table = GroupTable(event_id=event.id, label="1", capacity=4, topics={})
    material = Material(event=event, kind="file", title="Folien", filename="folien.pdf",
                        media_type="application/pdf", size=8, data=b"%PDF-1.4")
    db.session.add_all([round_, table, material])
    factories.create_fair(event, background=b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                          background_type="image/svg+xml")
    booth_type = factories.create_booth_type(event)
    booth = factories.create_booth(event, booth_type_id=booth_type.id)
    exhibitor = factories.create_exhibitor(event)
    subscription = Subscription(network_id=network.id, given_name="Fremde", family_name="Abonnentin",
                                email="fremd@example.org", consent_text="…", consent_version="1", consented_at=utcnow(),
                                token_hash="0" * 64)
    db.session.add(subscription)
    mailing = Mailing(network_id=network.id, event_id=event.id, subject="Hallo", body="Hallo {vorname}")
    template = MailingTemplate(network_id=network.id, name="Vorlage", subject="Hallo", body="Text")
    rule = ReminderRule(event_id=event.id)
    db.session.add_all([mailing, template, rule])
    series = factories.create_series(network)
    db.session.commit()
    return {
        "network_id": network.id, "kommune_id": kommune.id, "membership_id": membership.id,
        "organisation_id": organisation.id, "person_id": person.id, "event_id": event.id,
        "item_id": item.id, "user_id": user.id, "registration_id": registration.id,
        "question_id": question.id, "mail_id": mail.id, "fmt": "csv", "action": "reissue",
        "job_id": job.id, "document": "teilnahmeliste", "round_id": round_.id, "table_id": table.id,
        "booth_type_id": booth_type.id, "booth_id": booth.id, "exhibitor_id": exhibitor.id,
        "fair_document": "standschilder", "mailing_id": mailing.id, "template_id": template.id, "rule_id": rule.id,
        "material_id": material.id,
        "subscription_id": subscription.id,
        "series_id": series.id,
        "chart": "nichterschienen",
    }


def request(client, rule, url):
    if "GET" in rule.methods:
        return client.get(url)
    # The login form carries a token for visitors; signed-in users land on the dashboard's logout form.
    token = csrf_from(client.get("/anmelden", follow_redirects=True).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def test_anonymous_visitors_are_sent_to_login_from_every_workspace_route(app, client, foreign):
    rules = workspace_rules(app)
    assert len(rules) > 20
    for rule in rules:
        url = app.url_for(rule.endpoint, **{name: foreign[name] for name in rule.arguments})
        response = request(client, rule, url)
        assert response.status_code == 302, f"{rule.rule} answered {response.status_code}"
        assert "/anmelden" in response.headers["Location"], rule.rule


def test_coordinator_of_another_network_is_refused_everywhere(app, browser, coordinator, foreign):
    browser.login(coordinator)
    for rule in workspace_rules(app):
        url = app.url_for(rule.endpoint, **{name: foreign[name] for name in rule.arguments})
        response = request(browser.client, rule, url)
        if rule.endpoint in ADMIN_ONLY or rule.arguments:
            assert response.status_code == 403, f"{rule.rule} answered {response.status_code}"
        else:
            assert response.status_code in (200, 302), f"{rule.rule} answered {response.status_code}"
            assert "Fremdes Netzwerk" not in response.get_data(as_text=True), rule.rule


def test_invitations_are_workspace_routes_and_walked_above(app):
    """Inviting a network's people is a workspace action: every route of it is in the walks above."""
    endpoints = {rule.endpoint for rule in workspace_rules(app)}
    assert {"invitation_admin.index", "invitation_admin.new", "invitation_admin.remind_unanswered",
            "invitation_admin.setting"} <= endpoints


def test_subscribers_are_workspace_routes_and_walked_above(app):
    """The network's subscribers ("Informiert bleiben") and erasing one are workspace routes: walked above."""
    endpoints = {rule.endpoint for rule in workspace_rules(app)}
    assert {"subscription_admin.index", "subscription_admin.erase_one"} <= endpoints


def test_mailings_and_reminders_are_workspace_routes_and_walked_above(app):
    """Mailing a network's people and scheduling its reminders are workspace actions, walked above."""
    endpoints = {rule.endpoint for rule in workspace_rules(app)}
    assert {"mailing_admin.index", "mailing_admin.new_for_network", "mailing_admin.new_for_event",
            "mailing_admin.detail", "mailing_admin.new_template", "mailing_admin.edit_template",
            "mailing_admin.delete_template", "reminder_admin.index", "reminder_admin.defaults", "reminder_admin.edit",
            "reminder_admin.delete"} <= endpoints


def test_series_are_workspace_routes_and_walked_above(app):
    endpoints = {rule.endpoint for rule in workspace_rules(app)}
    assert {"series_admin.index", "series_admin.new", "series_admin.detail", "events.clone"} <= endpoints


def test_checkin_helpers_have_no_workspace(app, browser):
    helper = factories.create_user(role="checkin")
    db.session.commit()
    browser.login(helper)
    for rule in workspace_rules(app):
        if rule.endpoint in OWN_ACCOUNT | CHECKIN_PAGES or "GET" not in rule.methods or rule.arguments:
            continue
        assert browser.get(app.url_for(rule.endpoint)).status_code == 403, rule.rule


def test_admin_reaches_every_network(app, browser, admin, foreign):
    browser.login(admin)
    for rule in workspace_rules(app):
        if "GET" not in rule.methods:
            continue
        url = app.url_for(rule.endpoint, **{name: foreign[name] for name in rule.arguments})
        assert browser.get(url).status_code == 200, rule.rule
