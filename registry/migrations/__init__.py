"""Alembic migrations: the only way smreg's schema is created or changed.

``run_upgrade`` runs them in-process on an engine (``smreg init`` and ``smreg db upgrade``);
SQLite migrations use batch mode so columns can be altered.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def run_upgrade(engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def script_head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
