"""PostgreSQL roles for shared deployments, and an event table that refuses to be rewritten.

Three group roles (NOLOGIN; give people login roles that are members of one of them):

- ``smreg_it`` reads everything and writes the accounts and the observed accounts;
- ``smreg_hr`` reads everything and writes people, their data keys, handovers and offboarding
  cases (and, on accounts, only what a handover moves: custodians, rotation date, version);
- ``smreg_auditor`` reads everything and writes nothing.

The writing roles may append to ``event`` (each change logs itself) and use the sequences of
the tables they write; the advisory lock that serialises appends is open to every role. The
store's owner keeps everything else: units, settings, brand terms, waivers, upgrades, rotation.

A trigger makes ``event`` refuse UPDATE, DELETE and TRUNCATE for everyone, its owner and
superusers included (they can still drop the trigger: that is a visible act, not a quiet edit).
Running the statements again changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import i18n
from registry.errors import RegistryError

if TYPE_CHECKING:
    from registry.db import Store

IT, HR, AUDITOR = "smreg_it", "smreg_hr", "smreg_auditor"
ROLES = (IT, HR, AUDITOR)
HR_TABLES = ("person", "person_key", "handover", "offboarding_case", "case_account")
IT_TABLES = ("account",)
# Tables whose name starts with this belong to IT too (observed accounts and their reviews).
IT_PREFIX = "observed"
# What a handover changes on an account; HR may change these columns and no others.
HR_ACCOUNT_COLUMNS = ("custodian_id", "backup_custodian_id", "rotated_on", "version")
EVENT_TABLE = "event"
GUARD = "smreg_event_append_only"

i18n.register(
    {
        "roles.sqlite": (
            "Database roles are a PostgreSQL feature; an SQLite store is protected by the file's permissions. See docs/deployment.md.",
            "Databaserollen zijn een functie van PostgreSQL; een SQLite-registratie wordt beschermd door de bestandsrechten. Zie docs/deployment.md.",
        ),
        "roles.not_allowed": (
            "This database user may not create roles or grant rights on the store's tables ({reason}). Run `smreg db roles --print` and have the tables' owner (with CREATEROLE) run that SQL.",
            "Deze databasegebruiker mag geen rollen aanmaken of rechten op de tabellen geven ({reason}). Voer `smreg db roles --print` uit en laat de eigenaar van de tabellen (met CREATEROLE) die SQL uitvoeren.",
        ),
    }
)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def statements(schema: str, tables: list[str], sequences: dict[str, list[str]]) -> list[str]:
    """The SQL that sets up the roles and the guard, for these tables and their sequences."""
    everyone = ", ".join(ROLES)
    writes = {IT: [t for t in tables if t in IT_TABLES or t.startswith(IT_PREFIX)],
              HR: [t for t in tables if t in HR_TABLES]}
    sql = [
        # CREATE ROLE has no IF NOT EXISTS; roles are shared by the cluster's databases, so another
        # database may create the same role at the same moment.
        f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        for role in ROLES
    ]
    sql.append(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {everyone}")
    for table in tables:
        sql.append(f"REVOKE ALL ON TABLE {_q(table)} FROM {everyone}")
        sql.append(f"GRANT SELECT ON TABLE {_q(table)} TO {everyone}")
    for role, owned in writes.items():
        for table in owned:
            sql.append(f"GRANT INSERT, UPDATE, DELETE ON TABLE {_q(table)} TO {role}")
            for sequence in sequences.get(table, []):
                sql.append(f"GRANT USAGE, SELECT ON SEQUENCE {_q(sequence)} TO {role}")
    if "account" in tables:
        sql.append(f"GRANT UPDATE ({', '.join(HR_ACCOUNT_COLUMNS)}) ON TABLE account TO {HR}")
    if EVENT_TABLE in tables:
        sql.append(f"GRANT INSERT ON TABLE {EVENT_TABLE} TO {IT}, {HR}")
        sql.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON TABLE {EVENT_TABLE} FROM PUBLIC")
    # Tables added by a later upgrade stay readable by all three until `db roles` runs again.
    sql.append(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_q(schema)} GRANT SELECT ON TABLES TO {everyone}")
    sql.append(
        f"CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'the smreg event log is append-only: % on event is refused', TG_OP "
        "USING ERRCODE = 'insufficient_privilege'; END $$"
    )
    sql.append(f"DROP TRIGGER IF EXISTS {GUARD} ON {EVENT_TABLE}")
    sql.append(f"CREATE TRIGGER {GUARD} BEFORE UPDATE OR DELETE OR TRUNCATE ON {EVENT_TABLE} "
               f"FOR EACH STATEMENT EXECUTE FUNCTION {GUARD}()")
    return sql


def _catalog(conn) -> tuple[str, list[str], dict[str, list[str]]]:
    from sqlalchemy import text

    schema = conn.execute(text("SELECT current_schema()")).scalar()
    tables = [row[0] for row in conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY c.relname"))]
    sequences: dict[str, list[str]] = {}
    for sequence, table in conn.execute(text(
        "SELECT s.relname, t.relname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_namespace n ON n.oid = s.relnamespace "
        "WHERE s.relkind = 'S' AND n.nspname = current_schema() ORDER BY s.relname")):
        sequences.setdefault(table, []).append(sequence)
    return schema, tables, sequences


def plan(store: Store) -> list[str]:
    """The statements ``apply`` would run on this store (for ``db roles --print``)."""
    _require_postgres(store)
    with store.engine.connect() as conn:
        return statements(*_catalog(conn))


def apply(store: Store) -> list[str]:
    """Create the roles and the guard in one transaction; returns the statements run."""
    _require_postgres(store)
    from sqlalchemy import text
    from sqlalchemy.exc import ProgrammingError

    try:
        with store.engine.begin() as conn:
            sql = statements(*_catalog(conn))
            for statement in sql:
                conn.execute(text(statement))
    except ProgrammingError as exc:
        reason = str(exc.orig).strip().splitlines()[0][:200]
        if "permission denied" in reason or "must be owner" in reason or "insufficient" in reason.lower():
            raise RegistryError("roles.not_allowed", reason=reason) from None
        raise
    return sql


def _require_postgres(store: Store) -> None:
    if store.dialect != "postgresql":
        raise RegistryError("roles.sqlite")
