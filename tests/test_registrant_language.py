"""A person who registered in Arabic (or Ukrainian, ...) gets every mail in that language, and every page their
private link opens speaks it too, unless they choose another language there."""
import io
import re

import pytest
from flask import g
from pypdf import PdfReader
from sqlalchemy import select

from netzwerk.extensions import db
from netzwerk.mail.links import body_as_sent
from netzwerk.mail.models import OutboxMail
from netzwerk.mail.render import KINDS, render_registration_mail
from netzwerk.registrations.models import Registration

from . import factories
from .conftest import csrf_from

# What each language calls the things we look for (from its catalog).
WORDS = {
    "ar": {"dir": "rtl", "confirmed": "تم تأكيد التسجيل", "cancelled": "تم إلغاء التسجيل", "own": "تسجيلك",
           "fair": "معرضي", "guide": "دليل المعرض"},
    "uk": {"dir": "ltr", "confirmed": "Реєстрацію підтверджено", "cancelled": "Реєстрацію скасовано",
           "own": "Ваша реєстрація", "fair": "Мій ярмарок", "guide": "Путівник ярмарком"},
}


@pytest.fixture
def network(app):
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen",
                                       privacy_text="Wir verarbeiten Ihre Angaben nur für diese Veranstaltung.")
    db.session.commit()
    return network


def person(**extra):
    return {"given_name": "Amina", "family_name": "Haddad", "email": "amina@example.org", "consent": "y", **extra}


def mails_to(address: str) -> list[OutboxMail]:
    return db.session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id)).all()


def link_in(mail: OutboxMail) -> str:
    return re.search(r"http://localhost(/anmeldung/[\w-]+)", body_as_sent(mail)).group(1)


def another_device(app):
    """A client with no cookies of its own. The tests share one app context, whose `g` would hand it the first
    client's CSRF token: forgotten here, as a real second device never had it."""
    g.pop("csrf_token", None)
    return app.test_client()


def html_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def speaks(page: str, lang: str) -> bool:
    return f'<html lang="{lang}" dir="{"rtl" if lang in ("ar", "fa") else "ltr"}">' in page


@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_registered_in_a_language_gets_mails_and_private_pages_in_it(app, browser, network, lang):
    event = factories.create_event(network, capacity=20)
    db.session.commit()
    form = f"/n/ankommen/{event.id}/anmelden?lang={lang}"
    response = browser.submit(form, person())
    assert response.status_code == 302 and f"lang={lang}" in response.location  # the redirect keeps the language
    assert db.session.scalar(select(Registration.locale)) == lang

    confirmation = mails_to("amina@example.org")[-1]
    assert confirmation.subject.startswith(WORDS[lang]["confirmed"])
    assert f'<html lang="{lang}" dir="{WORDS[lang]["dir"]}">' in confirmation.body_html
    assert f"?lang={lang}" in confirmation.body_text  # the event page, in the reader's language

    # Opened from the mail on another device: no session, a browser that asks for German.
    other_device = another_device(app)
    link = link_in(confirmation)
    own = html_of(other_device.get(link, headers={"Accept-Language": "de"}))
    assert speaks(own, lang) and WORDS[lang]["own"] in own
    assert speaks(html_of(other_device.get(link + "/aendern")), lang)
    # The visitor's own choice wins for that page and goes on with its links.
    english = html_of(other_device.get(link + "?lang=en"))
    assert speaks(english, "en") and f'href="{link}/aendern?lang=en"' in english
    cancel_page = html_of(other_device.get(link + "/stornieren"))
    assert speaks(cancel_page, lang)
    done = other_device.post(link + "/stornieren", data={"csrf_token": csrf_from(cancel_page)})
    assert done.status_code == 302
    assert speaks(html_of(other_device.get(done.location)), lang)
    assert mails_to("amina@example.org")[-1].subject.startswith(WORDS[lang]["cancelled"])



@pytest.mark.parametrize("lang", ["ar", "uk"])
def test_fair_visitor_page_and_guide_speak_the_registration_language(app, browser, network, lang):
    event = factories.create_fair_event(network)
    db.session.commit()
    visitor = {"given_name": "Amina", "family_name": "Haddad", "german_level": "A2", "languages": ["Arabisch"],
               "email": "amina@example.org", "consent": "y"}
    response = browser.submit(f"/n/ankommen/{event.id}/messe/besuchen?lang={lang}", visitor)
    assert response.status_code == 302 and f"lang={lang}" in response.location
    link = link_in(mails_to("amina@example.org")[0])
    other_device = another_device(app)
    page = html_of(other_device.get(link + "/messe", headers={"Accept-Language": "de"}))
    assert speaks(page, lang) and WORDS[lang]["fair"] in page
    guide = other_device.get(link + "/messe/messefuehrer.pdf")
    assert guide.status_code == 200 and guide.content_type == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(guide.data)).pages)
    if lang == "uk":  # Arabic comes out of a PDF in shaped presentation forms: its text is checked elsewhere
        assert WORDS[lang]["guide"] in text


def test_every_mail_kind_is_written_in_the_registration_language(app, network):
    event = factories.create_event(network, translations={"title": {"ar": "لقاء الشبكة"}})
    registration = factories.create_registration(event, locale="ar", decision_message="Bis bald!")
    german = factories.create_registration(event)
    db.session.commit()
    with app.test_request_context():
        for kind in KINDS:
            mail = render_registration_mail(registration, kind, token="t" * 43)
            in_german = render_registration_mail(german, kind, token="t" * 43)
            assert mail.subject != in_german.subject and "لقاء الشبكة" in mail.subject, kind
            assert '<html lang="ar" dir="rtl">' in mail.body_html, kind
            if kind in ("approved", "rejected"):  # the coordinator's own words stay as written
                assert "Bis bald!" in mail.body_text


def test_personal_feed_speaks_the_language_the_person_registered_in(app, client, network):
    event = factories.create_event(network, title="Netzwerktreffen", status="published",
                                   translations={"title": {"uk": "Зустріч мережі"}})
    someone = factories.create_person(network)
    factories.create_registration(event, person=someone, locale="uk")
    db.session.commit()
    with app.test_request_context():
        from netzwerk.people.services import issue_feed_token
        token = issue_feed_token(someone)
    db.session.commit()
    feed = client.get(f"/kalender/{token}.ics").get_data(as_text=True)
    assert "SUMMARY:Зустріч мережі" in feed
