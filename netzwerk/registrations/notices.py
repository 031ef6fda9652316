"""The mails a registration's changes send. Registrations import nothing of the outbox: the mail feature, which
reads registrations back (Postausgang, calendar invitations), gives its writer here in its init_app."""
from collections.abc import Callable

Write = Callable[..., object | None]  # (registration, kind, token=None) -> a mail not yet queued, or None
Queue = Callable[[object, object], object]  # (mail, registration) -> the mail, queued for the registration

_outbox: dict[str, Callable] = {}


def send_through(write: Write, queue: Queue) -> None:
    _outbox.update(write=write, queue=queue)


def write_mail(registration, kind: str, token: str | None = None):
    """The mail, written but not yet queued: a registration not yet in the database can have it written early;
    None when there is no address."""
    return _outbox["write"](registration, kind, token=token)


def queue_mail(mail, registration):
    return _outbox["queue"](mail, registration)


def notify(registration, kind: str, token: str | None = None):
    """Queue a mail to the registrant (a token becomes the personal link); None when there is no address."""
    mail = write_mail(registration, kind, token)
    return queue_mail(mail, registration) if mail is not None else None
