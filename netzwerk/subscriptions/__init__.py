"""Announcement subscriptions ("Informiert bleiben"): people not yet in a network's data ask to be invited, with
double opt-in (DSGVO). `routes/public.py` (the form, the confirmation and unsubscribe links), `routes/admin.py`
(the coordinators' list, erasing one). Confirming makes the subscriber one of the network's people, so invitations
(netzwerk.invitations.recipients) reach them; unsubscribing records their `MailOptOut`."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from ..invitations.recipients import add_locale_source
    from .commands import purge_subscriptions
    from .models import SubscriptionState
    from .routes import admin, public
    from .services import subscribed_locale

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.cli.add_command(purge_subscriptions)
    register_vocabularies(subscription_state=SubscriptionState)
    add_locale_source(subscribed_locale)
