"""Print jobs: several print workers (each its own app and database session) never take the same job, on
SQLite as on PostgreSQL (issue 12: "a print job … taken by exactly one worker")."""
from collections import Counter

from sqlalchemy import select

from netzwerk import create_app
from netzwerk.badges.models import PrintJob, PrintJobStatus
from netzwerk.badges.services import claim_next_job
from netzwerk.config import TestConfig
from netzwerk.extensions import db

from . import factories
from .conftest import run_at_once

JOBS = 60
WORKERS = 3


def queued_jobs(n: int) -> list[int]:
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen")
    event = factories.create_event(network, title="Netzwerktreffen Gütersloh")
    jobs = [PrintJob(event=event, status=PrintJobStatus.QUEUED, options={"registration_ids": [], "layout": {}}) for _ in range(n)]
    db.session.add_all(jobs)
    db.session.commit()
    return [job.id for job in jobs]


def test_racing_print_workers_take_each_job_exactly_once(app):
    job_ids = queued_jobs(JOBS)
    workers = [create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"])) for _ in range(WORKERS)]
    taken: list[int] = []

    def work():
        while (job := claim_next_job()) is not None:
            taken.append(job.id)

    run_at_once(workers, work)
    assert Counter(taken) == Counter(job_ids)  # every job once, none twice
    db.session.expire_all()
    jobs = db.session.scalars(select(PrintJob)).all()
    assert {job.status for job in jobs} == {PrintJobStatus.RUNNING} and all(job.started_at for job in jobs)


def test_a_job_already_running_is_not_claimed_again(app):
    [first, second] = queued_jobs(2)
    assert claim_next_job().id == first
    assert claim_next_job().id == second
    assert claim_next_job() is None
