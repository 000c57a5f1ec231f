"""The weekly routine of docs/deployment.md, run as written (through a shell and the real ``smreg``
command) from a store where nothing was recorded yet: the first week records the first audit, the
second compares with it; every step exits as the page says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ok
from smtp_server import MailServer

ROOT = Path(__file__).resolve().parents[2]


def _script(page: str) -> str:
    """The shell script shown on the deployment page, from its ``#!/bin/sh`` to the end of its block."""
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    found = re.search(r"```sh\n(#!/bin/sh\n.*?)```", text, re.S)
    assert found, f"{page} shows the weekly script"
    return found.group(1)


@pytest.mark.parametrize("page", ["deployment.md", "deployment.nl.md"])
def test_the_weekly_script_runs_as_written_from_a_store_with_no_recorded_audit(page, store_url, tmp_path):
    ok(store_url, "init", "--org", "Stichting Voorbeeld", "--brand", "Voorbeeld", "--domain", "voorbeeld.nl")
    ok(store_url, "unit", "add", "ORG", "--name", "Stichting Voorbeeld", "--kind", "organisation")
    ok(store_url, "person", "add", "1001", "--name", "Sanne de Wit", "--unit", "ORG", "--email", "s.dewit@voorbeeld.nl")
    ok(store_url, "account", "add", "x", "VoorbeeldNL", "--unit", "ORG", "--custodian", "1001", "--vault", "op://a/b/c")
    ok(store_url, "person", "leave", "1001", "--on", "2026-06-30")
    script = _script(page)
    script = re.sub(r"SMREG_DATABASE_URL=\S+", lambda _: f"SMREG_DATABASE_URL='{store_url}'", script)
    script = script.replace("=/srv/smreg/", f"={tmp_path / 'srv'}/")  # the inbox and the archive
    (tmp_path / "weekly").write_text(script, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    with MailServer() as server:
        for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(server.port)), ("smtp.security", "none"),
                           ("smtp.from", "smreg@voorbeeld.nl")):
            ok(store_url, "config", "set", key, value)
        first = subprocess.run(["sh", str(tmp_path / "weekly")], env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr
        assert "de eerste vastgelegde audit" in first.stderr
        assert [message.to for message in server.take()] == ["s.dewit@voorbeeld.nl"]
        archive = next((tmp_path / "srv").glob("ar*/*"))
        recorded = json.loads((archive / "audit.json").read_text(encoding="utf-8"))
        assert "SM703" in {f["rule"] for f in recorded["findings"]}  # the custodian leaves soon
        second = subprocess.run(["sh", str(tmp_path / "weekly")], env=env, capture_output=True, text=True,
                                timeout=300)
        assert second.returncode == 0, second.stderr
    compared = json.loads((archive / "audit.json").read_text(encoding="utf-8"))
    assert compared["since"]["run"] == 1 and compared["summary"]["still_open"] >= 1
    assert (archive / "ownership.html").is_file() and (archive / "ownership.html.sig").is_file()
