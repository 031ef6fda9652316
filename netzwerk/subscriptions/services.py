"""Subscribing with double opt-in, confirming, unsubscribing, erasing. Services flush; the route commits once.

A submitted address never tells whether it is subscribed: a new or pending one gets a (fresh) confirmation mail,
a confirmed one is left as it is, and the visitor sees the same page either way. Only the mailed link proves the
address, so only the link confirms or changes a confirmed subscription.
"""
import secrets
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from ..common.secret_links import row_by_token
from ..common.timing import utcnow
from ..common.tokens import hash_token
from ..extensions import db
from ..invitations.models import MailOptOut
from ..invitations.services import opt_out
from ..mail.models import OutboxMail
from ..people.models import Person
from .mail import confirmation_mail
from .models import Subscription, SubscriptionState

CONFIRM_WITHIN = timedelta(days=7)
SUBSCRIBED_TAG = "Informiert bleiben"  # the tag a confirmed subscriber's Person carries: invitations filter by it
# The German original of the consent; a changed text gets a new version (both are stored with each consent).
CONSENT_VERSION = "2026-12"


def consent_text() -> str:
    return _("Ich möchte per E-Mail Einladungen und Neuigkeiten dieses Netzwerks erhalten. Dafür werden mein Name, "
             "meine E-Mail-Adresse und meine Angaben gespeichert. Ich kann mich jederzeit mit dem Link in jeder Mail "
             "abmelden.")


def subscribe(network, data: dict, locale: str, now: datetime | None = None) -> None:
    """Record a pending subscription (or renew a pending or ended one) and mail its confirmation link; an already
    confirmed address is left untouched. The caller answers the same in every case."""
    now = now or utcnow()
    purge_expired(now)
    email = data["email"].strip().lower()
    subscription = db.session.scalar(select(Subscription).where(Subscription.network_id == network.id,
                                                                Subscription.email == email).with_for_update())
    if subscription is not None and subscription.state == SubscriptionState.CONFIRMED:
        return
    if subscription is not None and subscription.state == SubscriptionState.UNSUBSCRIBED:
        _offer_renewal(subscription, locale, now)
        return
    if subscription is None:
        subscription = Subscription(network_id=network.id, email=email)
        db.session.add(subscription)
    token = secrets.token_urlsafe(32)  # 256 bits
    with force_locale(locale):
        text = consent_text()
    subscription.given_name, subscription.family_name = data["given_name"].strip(), data["family_name"].strip()
    subscription.locale, subscription.kommune_id = locale, data.get("kommune_id")
    subscription.organisation_type = data.get("organisation_type") or ""
    subscription.state, subscription.token_hash = SubscriptionState.PENDING, hash_token(token)
    subscription.consent_text, subscription.consent_version, subscription.consented_at = text, CONSENT_VERSION, now
    subscription.expires_at, subscription.confirmed_at, subscription.unsubscribed_at = now + CONFIRM_WITHIN, None, None
    db.session.flush()
    db.session.add(OutboxMail(**confirmation_mail(subscription, token)))
    db.session.flush()


def _offer_renewal(subscription: Subscription, locale: str, now: datetime) -> None:
    """Someone typed an address that unsubscribed: only a fresh link goes to it. What is on record (names, the
    consent, when they left) stays until the link is clicked, and it is never purged: typing an address proves
    nothing."""
    token = secrets.token_urlsafe(32)
    subscription.token_hash, subscription.expires_at = hash_token(token), now + CONFIRM_WITHIN
    db.session.flush()
    db.session.add(OutboxMail(**confirmation_mail(subscription, token, locale=locale)))
    db.session.flush()


def may_confirm(subscription: Subscription, now: datetime | None = None) -> bool:
    """A pending subscription, or an unsubscribed one whose fresh link has not expired."""
    if subscription.state == SubscriptionState.PENDING:
        return not is_expired(subscription, now)
    return (subscription.state == SubscriptionState.UNSUBSCRIBED and subscription.expires_at is not None
            and subscription.expires_at > (now or utcnow()))


def find_by_token(token: str) -> Subscription | None:
    """The subscription a link's token belongs to, or None; the stored hash is compared in constant time."""
    return row_by_token(Subscription, token)


def is_expired(subscription: Subscription, now: datetime | None = None) -> bool:
    return (subscription.state == SubscriptionState.PENDING and subscription.expires_at is not None
            and subscription.expires_at <= (now or utcnow()))


def confirm(subscription: Subscription, now: datetime | None = None) -> None:
    """The link was clicked: the address is proven. The subscriber becomes (or is found among) the network's people,
    tagged as subscribed, and an earlier opt-out of that person ends (they asked again, with proof)."""
    now = now or utcnow()
    if subscription.state == SubscriptionState.CONFIRMED:
        return
    person = db.session.scalar(select(Person).where(Person.network_id == subscription.network_id,
                                                    func.lower(Person.email) == subscription.email)
                               .order_by(Person.id).limit(1))
    if person is None:
        person = Person(network_id=subscription.network_id, given_name=subscription.given_name,
                        family_name=subscription.family_name, email=subscription.email, tags=[SUBSCRIBED_TAG])
        db.session.add(person)
        subscription.person_created = True
    elif SUBSCRIBED_TAG not in (person.tags or []):
        person.tags = [*(person.tags or []), SUBSCRIBED_TAG]
    db.session.flush()
    db.session.execute(delete(MailOptOut).where(MailOptOut.person_id == person.id))
    if subscription.state == SubscriptionState.UNSUBSCRIBED:  # subscribing again: the consent is given anew
        subscription.consent_text, subscription.consent_version, subscription.consented_at = (
            consent_text(), CONSENT_VERSION, now)
        subscription.unsubscribed_at = None
    subscription.person_id, subscription.state = person.id, SubscriptionState.CONFIRMED
    subscription.confirmed_at, subscription.expires_at = now, None
    db.session.flush()


def unsubscribe(subscription: Subscription, now: datetime | None = None) -> None:
    """No more invitations or mailings: the person's opt-out, which every recipient list respects."""
    if subscription.person_id is not None:
        opt_out(subscription.person_id, source="link")
    subscription.state, subscription.unsubscribed_at, subscription.expires_at = (SubscriptionState.UNSUBSCRIBED,
                                                                                 now or utcnow(), None)
    db.session.flush()


def purge_expired(now: datetime | None = None) -> int:
    """Delete pending subscriptions whose link was not clicked in time (nobody agreed to keep them)."""
    result = db.session.execute(delete(Subscription).where(Subscription.state == SubscriptionState.PENDING,
                                                           Subscription.expires_at <= (now or utcnow()))
                                .execution_options(synchronize_session=False))
    return result.rowcount or 0


def erase(subscription: Subscription) -> None:
    """DSGVO erasure: the subscription goes, and the Person it made, with their registrations anonymised."""
    from ..privacy.services import erase_person
    person = subscription.person if subscription.person_created else None
    db.session.delete(subscription)
    db.session.flush()
    if person is not None:
        erase_person(person)


def subscriber_list(network_id: int) -> list[Subscription]:
    stmt = (select(Subscription).where(Subscription.network_id == network_id)
            .order_by(Subscription.family_name, Subscription.given_name, Subscription.id))
    return list(db.session.scalars(stmt))


def counts(network_id: int) -> dict[str, int]:
    found = dict(db.session.execute(select(Subscription.state, func.count()).where(Subscription.network_id == network_id)
                                    .group_by(Subscription.state)).all())
    return {state.value: found.get(state, 0) for state in SubscriptionState}


def subscribed_locale():
    """The language a person chose when subscribing, as a subquery correlated to Person (for invitations)."""
    return _confirmed_subscription(Subscription.locale)


def _confirmed_subscription(column):
    return (select(column).where(Subscription.person_id == Person.id, Subscription.state == SubscriptionState.CONFIRMED)
            .order_by(Subscription.id.desc()).limit(1).correlate(Person).scalar_subquery())


def subscribed_kommune_id():
    """The Kommune a person gave when subscribing, correlated to Person (for the invitations' and mailings' filters)."""
    return _confirmed_subscription(Subscription.kommune_id)


def subscribed_organisation_type():
    """The organisation type a person gave when subscribing, correlated to Person."""
    return _confirmed_subscription(Subscription.organisation_type)
