"""A password typed into the wrong option is never repeated in the error that refuses it.

Every error smreg shows passes through one filter (``cli.common.hide_secrets``) that replaces
each command-line value shaped like a password or a TOTP seed with «hidden». The sweep below
gives such a value to every option of every command that takes a value, and checks that no
refusal repeats it; mistyped dates, codes and ids are still repeated, so the user sees what went wrong.
"""

from __future__ import annotations

import pytest
import typer.main
from helpers import ok, small_registry, smreg

from cli.app import app
from cli.reference import walk

PASSWORD = "Zomer2026!xQ"
# Commands that keep running (a web server) or reach out to other machines are left out of the sweep.
LEFT_OUT = {("serve",), ("notify",)}


def _invocations():
    """(command path, option, arguments): each option that takes a value given the password, with
    the command's other required parameters filled with ordinary values."""
    for full, command in walk(typer.main.get_command(app), []):
        path = tuple(full)
        if getattr(command, "commands", None) or not path or path in LEFT_OUT:
            continue
        params = [p for p in command.params if p.name != "help"]
        for option in params:
            if option.param_type_name != "option" or option.is_flag or option.count:
                continue
            if option.opts[0] in ("--db", "--lang", "--actor"):
                continue
            args = [*path, option.opts[0], PASSWORD]
            for other in params:
                if other is option or not other.required:
                    continue
                value = "op://Social/x/password" if "vault" in other.name else "1001"
                args += [value] if other.param_type_name == "argument" else [other.opts[0], value]
            yield pytest.param(args, id=" ".join([*path, option.opts[0]]))


INVOCATIONS = list(_invocations())


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("options") / "s.db")
    small_registry(db)
    return db


def test_the_sweep_reaches_the_options_named_in_the_threat_model():
    swept = {param.id for param in INVOCATIONS}
    for expected in ("account update --rotated-on", "account update --platform-id", "account add --kind",
                     "audit --fail-on", "person update --end", "waive --until"):
        assert expected in swept
    assert len(swept) > 100


@pytest.mark.parametrize("args", INVOCATIONS)
def test_a_password_typed_into_an_option_is_not_repeated_in_its_error(store, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an --out given the password writes a file of that name here
    result = smreg(store, *args, env={"SMREG_SMTP_PASSWORD": ""})
    if result.exit_code != 0:
        assert PASSWORD not in result.stdout and PASSWORD not in result.stderr, result.stderr


@pytest.mark.parametrize("option", ["--rotated-on", "--platform-id", "--kind"])
def test_the_refusal_still_says_what_is_wrong_with_the_value(store, option):
    result = smreg(store, "account", "update", "x:VoorbeeldWest", option, PASSWORD)
    assert result.exit_code == 3 and "«hidden»" in result.stderr and PASSWORD not in result.stderr
    dutch = smreg(store, "account", "update", "x:VoorbeeldWest", option, PASSWORD, lang="nl")
    assert "«verborgen»" in dutch.stderr and PASSWORD not in dutch.stderr


def test_a_mistyped_date_or_code_is_still_repeated(store):
    assert "'2026-31-12'" in smreg(store, "account", "update", "x:VoorbeeldWest", "--rotated-on", "2026-31-12").stderr
    assert "'WESTT'" in smreg(store, "account", "update", "x:VoorbeeldWest", "--unit", "WESTT").stderr
    assert "'officieel2'" in smreg(store, "account", "update", "x:VoorbeeldWest", "--kind", "officieel2").stderr
    ok(store, "account", "list")
