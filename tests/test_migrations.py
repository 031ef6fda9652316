"""The Alembic migrations build the whole schema from nothing, and match the models exactly."""
from sqlalchemy import inspect

from netzwerk import create_app
from netzwerk.config import TestConfig
from netzwerk.extensions import db


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
