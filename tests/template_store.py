"""The small registry of ``helpers.small_registry``, built once per backend and copied for each test.

Building a store runs the migrations and creates keys, which costs most of a test's time; a copy
costs a file copy on SQLite and ``CREATE DATABASE … TEMPLATE`` on PostgreSQL. Each copy comes
with the key it was built with, at the test's own key-file path.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest
from helpers import small_registry

_templates: dict[str, tuple[str, Path]] = {}


def _forget_engine(url: str) -> None:
    from registry import db, settings

    engine = db._engines.pop(settings.resolve(url).database_url, None)
    if engine is not None:
        engine.dispose()


def _build(kind: str, request: pytest.FixtureRequest) -> tuple[str, Path]:
    base = request.getfixturevalue("tmp_path_factory").mktemp(f"template-{kind}")
    key = base / "keys" / "key"
    if kind == "sqlite":
        url = str(base / "template.db")
    else:
        admin = request.getfixturevalue("pg_admin")
        name = f"smreg_template_{os.getpid()}_{secrets.token_hex(4)}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = f"{str(admin.url.render_as_string(hide_password=False)).rsplit('/', 1)[0]}/{name}"
        request.session.config.add_cleanup(lambda: _drop(admin, name))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMREG_KEY_FILE", str(key))
        patch.setenv("SMREG_SIGNING_DIR", str(base / "keys"))
        small_registry(url)
    _forget_engine(url)
    if kind == "sqlite":
        import sqlite3

        # Everything into the main file, so that copying that one file copies the store.
        with sqlite3.connect(url) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")
    return url, key


def _drop(admin, name: str) -> None:
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def small_registry_copy(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store address (``kind`` is sqlite or postgresql) holding a fresh copy of the small registry."""
    if kind not in _templates:
        _templates[kind] = _build(kind, request)
    template, key = _templates[kind]
    target_key = Path(os.environ["SMREG_KEY_FILE"])
    target_key.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(key, target_key)
    if kind == "sqlite":
        target = str(tmp_path / "smreg.db")
        shutil.copy2(template, target)
        return target
    admin = request.getfixturevalue("pg_admin")
    name = f"smreg_test_{os.getpid()}_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    url = f"{template.rsplit('/', 1)[0]}/{name}"

    def drop() -> None:
        _forget_engine(url)
        _drop(admin, name)

    request.addfinalizer(drop)
    return url


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
