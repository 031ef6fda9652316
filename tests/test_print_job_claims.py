"""Print jobs: several print workers (each its own app and database session) never take the same job, on
SQLite as on PostgreSQL (issue 12: "a print job … taken by exactly one worker")."""
import threading
from collections import Counter

from sqlalchemy import select

from netzwerk import create_app
from netzwerk.badges.models import QUEUED, RUNNING, PrintJob
from netzwerk.badges.services import claim_next_job
from netzwerk.config import TestConfig
from netzwerk.extensions import db

from . import factories

JOBS = 60
WORKERS = 3


def queued_jobs(n: int) -> list[int]:
    network = factories.create_network(name="Ankommen in Deutschland", slug="ankommen")
    event = factories.create_event(network, title="Netzwerktreffen Gütersloh")
    jobs = [PrintJob(event=event, status=QUEUED, options={"registration_ids": [], "layout": {}}) for _ in range(n)]
    db.session.add_all(jobs)
    db.session.commit()
    return [job.id for job in jobs]


def test_racing_print_workers_take_each_job_exactly_once(app):
    job_ids = queued_jobs(JOBS)
    workers = [create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"])) for _ in range(WORKERS)]
    start = threading.Barrier(WORKERS)
    taken: list[int] = []
    errors = []

    def work(worker_app):
        with worker_app.app_context():
            try:
                start.wait()
                while (job := claim_next_job()) is not None:
                    taken.append(job.id)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()
                db.engine.dispose()

    threads = [threading.Thread(target=work, args=(worker_app,)) for worker_app in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert Counter(taken) == Counter(job_ids)  # every job once, none twice
    db.session.expire_all()
    jobs = db.session.scalars(select(PrintJob)).all()
    assert {job.status for job in jobs} == {RUNNING} and all(job.started_at for job in jobs)


def test_a_job_already_running_is_not_claimed_again(app):
    [first, second] = queued_jobs(2)
    assert claim_next_job().id == first
    assert claim_next_job().id == second
    assert claim_next_job() is None
