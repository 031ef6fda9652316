"""The Alembic migrations build the whole schema from nothing, and match the models exactly."""
import uuid

import pytest
from sqlalchemy import create_engine, inspect, text

from netzwerk import create_app
from netzwerk.config import TestConfig, with_driver
from netzwerk.extensions import db

from .conftest import POSTGRES_URL


@pytest.fixture
def empty_database_uri(tmp_path):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    url, schema = with_driver(POSTGRES_URL), f"migrate_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{url}?options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


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
