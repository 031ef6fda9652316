"""The Alembic migrations build the whole schema from nothing, and match the models exactly."""
import logging
import re

from sqlalchemy import CheckConstraint, func, inspect, select

from netzwerk import create_app
from netzwerk.config import TestConfig
from netzwerk.extensions import db

from . import factories


def test_migrations_upgrade_an_empty_database_to_head_in_sync_with_the_models(empty_database_uri):
    app = create_app(TestConfig(empty_database_uri))
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        assert {table.name for table in db.metadata.sorted_tables} <= tables
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    downgrade = runner.invoke(args=["db", "downgrade", "base"])
    assert downgrade.exit_code == 0, downgrade.output
    with app.app_context():
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_migrating_leaves_the_logs_of_a_running_process_on(empty_database_uri):
    """Alembic's logging set-up once disabled every logger that existed: after a migration in a running process the
    development server's request log and the app's own logs went silent."""
    app = create_app(TestConfig(empty_database_uri))
    request_log, app_log = logging.getLogger("werkzeug"), logging.getLogger("netzwerk.mail.sender")
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    assert not request_log.disabled and not app_log.disabled
    with app.app_context():
        db.engine.dispose()


def _literals(sqltext: str) -> set[str]:
    """The quoted values of a CHECK ... IN (...) however the database spells it back (PostgreSQL adds casts)."""
    return {value.replace("''", "'") for value in re.findall(r"'((?:[^']|'')*)'", sqltext)}


def test_migrations_give_every_vocabulary_column_the_models_check(empty_database_uri):
    """Alembic's compare does not look at CHECK constraints: the names and allowed values are compared here."""
    app = create_app(TestConfig(empty_database_uri))
    upgrade = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            expected = {constraint.name: _literals(str(constraint.sqltext)) for constraint in table.constraints
                        if isinstance(constraint, CheckConstraint)}
            found = {check["name"]: _literals(check["sqltext"]) for check in inspector.get_check_constraints(table.name)}
            assert found == expected, table.name
        db.engine.dispose()


def test_upgrading_a_database_with_data_keeps_every_row(empty_database_uri):
    """SQLite recreates tables in batch mode: with foreign keys on, dropping the old table would delete (or refuse
    to delete) the rows that point at it. Every row of parents and children is still there after going back to
    0010 and up again through every later migration. (The rows are written at the head, where the factories'
    models match the tables.)"""
    app = create_app(TestConfig(empty_database_uri))
    runner = app.test_cli_runner()
    before = runner.invoke(args=["db", "upgrade"])
    assert before.exit_code == 0, before.output
    with app.app_context():
        network = factories.create_network()
        kommune = factories.create_kommune()
        factories.create_membership(network, kommune)
        organisation = factories.create_organisation(network)
        person = factories.create_person(network, organisation=organisation)
        event = factories.create_event(network)
        factories.create_agenda_item(event)
        factories.create_question(event)
        registration = factories.create_registration(event, person=person, kommune=kommune, organisation=organisation)
        factories.create_outbox_mail(registration)
        fair_event = factories.create_fair_event(network)
        factories.create_fair(fair_event)
        factories.create_exhibitor(fair_event, offers=[("Praktikum", "Praktikum Lager", "A2")])
        factories.create_visitor(fair_event)
        factories.create_user(networks=[network])
        db.session.commit()
        counts = _row_counts()
        db.session.remove()
    downgrade = runner.invoke(args=["db", "downgrade", "0010"])
    assert downgrade.exit_code == 0, downgrade.output
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    with app.app_context():
        assert _row_counts() == counts
        assert all(counts[name] for name in ("registration", "outbox_mail", "agenda_item", "offer", "visitor_profile",
                                             "membership", "network_manager"))
        db.engine.dispose()


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}
