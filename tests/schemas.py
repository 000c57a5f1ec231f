"""JSON Schema checks with ``jsonschema``: smreg's documented report schemas and the official SARIF 2.1.0 schema.

``check`` validates against the draft the schema names and also checks the ``date`` and
``date-time`` formats (jsonschema checks ``date-time`` only with an extra package installed).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from jsonschema import FormatChecker
from jsonschema.validators import validator_for

ROOT = Path(__file__).resolve().parents[1]
REPORT_SCHEMAS = ROOT / "docs" / "reports"
# OASIS SARIF 2.1.0 (errata 01), from oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json.
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif" / "sarif-schema-2.1.0.json"

FORMATS = FormatChecker()


@FORMATS.checks("date", raises=ValueError)
def _date(value: object) -> bool:
    return not isinstance(value, str) or date.fromisoformat(value) is not None


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value) is not None


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def report_schema(name: str) -> dict:
    """A documented schema of docs/reports by its name, e.g. ``ownership``."""
    return load(REPORT_SCHEMAS / f"{name}.schema.json")


def check(instance: object, schema: dict) -> None:
    """Raise ``jsonschema.ValidationError`` (the first error) unless the instance matches."""
    cls = validator_for(schema)
    cls.check_schema(schema)
    cls(schema, format_checker=FORMATS).validate(instance)


def check_sarif(document: object) -> None:
    check(document, load(SARIF_SCHEMA))
