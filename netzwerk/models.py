"""Every model, imported in one place so that Alembic and the mappers see them all."""
from .auth.models import LoginSession, LoginThrottle, User, network_manager  # noqa: F401
from .badges.models import PrintJob  # noqa: F401
from .common.ratelimit_storage import RateLimitCounter  # noqa: F401  (also registers `database://`)
from .documentation.models import Material, TableNote  # noqa: F401
from .events.models import AgendaItem, Event, agenda_speaker  # noqa: F401
from .fair.models import Booth, BoothType, Exhibitor, Fair, FairOutcome, Interview, InterviewWish, Offer, VisitorProfile  # noqa: F401
from .feedback.models import FeedbackAnswer, FeedbackInvitation, FeedbackSurvey  # noqa: F401
from .invitations.models import Invitation, InvitationLink, MailOptOut  # noqa: F401
from .kommunen.models import Kommune, Membership  # noqa: F401
from .mail.models import OutboxMail  # noqa: F401
from .mailings.models import Mailing, MailingRecipient, MailingTemplate, ReminderRule, ReminderSend  # noqa: F401
from .networks.models import Network  # noqa: F401
from .organisations.models import Organisation  # noqa: F401
from .people.models import Person  # noqa: F401
from .registrations.models import Question, Registration  # noqa: F401
from .series.models import EventSeries, SeriesSubscription  # noqa: F401
from .subscriptions.models import Subscription  # noqa: F401
from .tables.models import GroupTable, Seat, TablePlan, TableRound  # noqa: F401
