"""Helpers for tests: run the CLI through typer's runner, build small registries."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from cli.app import app

# What a message key looks like when it reaches a user instead of its text: `unit.not_found {'code': 'NOPE'}`.
RAW_KEY_RE = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+ \{'")


def raw_key_line(output: str) -> str | None:
    """The first line of ``output`` that shows a raw message key with its values, if any."""
    found = RAW_KEY_RE.search(output)
    if found is None:
        return None
    return output[output.rfind("\n", 0, found.start()) + 1:].split("\n", 1)[0]


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def smreg(db: str, *args: str, lang: str = "en", env: dict[str, str] | None = None) -> Result:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "--lang", lang, *args], env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def ok(db: str, *args: str, **kw) -> Result:
    result = smreg(db, *args, **kw)
    assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}"
    return result


def small_registry(db: str) -> None:
    """An organisation with two units, three people and two accounts."""
    ok(db, "init", "--org", "Stichting Voorbeeld", "--brand", "Voorbeeld", "--domain", "voorbeeld.nl")
    ok(db, "unit", "add", "ORG", "--name", "Stichting Voorbeeld", "--kind", "organisation")
    ok(db, "unit", "add", "WEST", "--name", "Sector West", "--kind", "sector", "--parent", "ORG")
    ok(db, "unit", "add", "ZON", "--name", "Basisschool De Zon", "--kind", "school", "--parent", "WEST")
    ok(db, "person", "add", "1001", "--name", "Sanne de Wit", "--unit", "ZON", "--email", "s.dewit@voorbeeld.nl")
    ok(db, "person", "add", "1002", "--name", "Pieter van Leeuwen", "--unit", "WEST")
    ok(db, "person", "add", "1003", "--name", "Kees Jansen", "--unit", "ZON")
    ok(db, "account", "add", "x", "VoorbeeldWest", "--unit", "WEST", "--custodian", "1002", "--vault",
       "op://Social/VoorbeeldWest/password", "--kind", "official", "--backup-custodian", "1001",
       "--recovery-contact", "social@voorbeeld.nl")
    ok(db, "account", "add", "instagram", "https://www.instagram.com/de.zon.school/", "--unit", "ZON",
       "--custodian", "1001", "--vault", "bitwarden://5e0f6f0a-8f8b-4f39-9d3c-0c1f2b3a4d5e", "--purpose", "communicatie")


def store_bytes(store_url: str, tmp_path: Path) -> list[bytes]:
    """The store as files: SQLite's database, WAL and shared-memory files, or a PostgreSQL dump."""
    if not store_url.startswith("postgresql"):
        return [path.read_bytes() for path in Path(store_url).parent.glob(Path(store_url).name + "*")]
    from registry.db import make_engine

    make_engine(store_url).dispose()
    dump = subprocess.run([shutil.which("pg_dump") or "pg_dump", store_url.replace("+psycopg", "")],
                          capture_output=True, check=True).stdout
    assert b"CREATE TABLE" in dump
    return [dump]
