"""What came of the fair: per Aussteller and visitor one outcome (`OutcomeKind`), recorded afterwards."""
from sqlalchemy import select

from ..extensions import db
from ..registrations.models import Registration
from .models import Exhibitor, FairOutcome, Interview, OutcomeKind, OutcomeRecorder

EXHIBITOR, COORDINATOR = OutcomeRecorder.EXHIBITOR, OutcomeRecorder.COORDINATOR


def outcome_labels() -> dict[str, str]:
    """Value -> label in the page's language, in order, for the select fields."""
    return {kind.value: str(kind.label) for kind in OutcomeKind}


def outcomes_of(exhibitor_ids: list[int]) -> dict[tuple[int, int], str]:
    """(exhibitor id, registration id) -> outcome, for a page of Aussteller in one query."""
    if not exhibitor_ids:
        return {}
    rows = db.session.execute(select(FairOutcome.exhibitor_id, FairOutcome.registration_id, FairOutcome.outcome)
                              .where(FairOutcome.exhibitor_id.in_(exhibitor_ids)))
    return {(exhibitor_id, registration_id): outcome for exhibitor_id, registration_id, outcome in rows}


def may_record(exhibitor: Exhibitor, registration_id: int) -> bool:
    """An Aussteller records outcomes for its interviews; a contact without one needs a visitor of the same fair."""
    interview = db.session.scalar(select(Interview.id).where(Interview.exhibitor_id == exhibitor.id,
                                                             Interview.registration_id == registration_id))
    if interview is not None:
        return True
    return db.session.scalar(select(Registration.id).where(Registration.id == registration_id,
                                                           Registration.event_id == exhibitor.event_id)) is not None


def record_outcome(exhibitor: Exhibitor, registration_id: int, outcome: str, recorded_by: str) -> FairOutcome | None:
    """Set (or change) what came of the Aussteller's contact with the visitor; an empty outcome removes it."""
    if outcome and outcome not in OutcomeKind:
        raise ValueError(outcome)
    row = db.session.scalar(select(FairOutcome).where(FairOutcome.exhibitor_id == exhibitor.id,
                                                      FairOutcome.registration_id == registration_id))
    if not outcome:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if row is None:
        row = FairOutcome(event_id=exhibitor.event_id, exhibitor_id=exhibitor.id, registration_id=registration_id)
        db.session.add(row)
    row.outcome, row.recorded_by = outcome, recorded_by
    db.session.flush()
    return row
