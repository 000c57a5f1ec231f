"""The command line as users type it: global options anywhere, --version, shell completion, and the
library's own words (Usage, Options, "No such option") in the user's language."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from helpers import ok, small_registry, smreg
from typer.testing import CliRunner

from cli.app import app, hoist_global_options


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return result


def dutch(*args: str) -> subprocess.CompletedProcess:
    """smreg in a fresh process, as a shell runs it: help texts are chosen when the CLI is imported."""
    env = {**os.environ, "SMREG_LANG": "en"}
    return subprocess.run([sys.executable, "-c", "from cli.app import run; run()", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_global_options_work_after_the_sub_command(tmp_path):
    db = str(tmp_path / "g.db")
    small_registry(db)
    listed = run("account", "list", "--db", db, "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert {row["handle"] for row in listed.stdout and __import__("json").loads(listed.stdout)} == {
        "VoorbeeldWest", "de.zon.school"}
    dutch_list = run("person", "list", "--db", db, "--lang", "nl")
    assert dutch_list.exit_code == 0 and "personeelsnr" in dutch_list.stdout
    equals_form = run("unit", "show", "ZON", "--lang=nl", f"--db={db}")
    assert equals_form.exit_code == 0 and "valt onder" in equals_form.stdout
    assert "--debug" in hoist_global_options(["audit", "--debug"])[:1]


def test_hoisting_keeps_the_sub_commands_own_options_and_what_follows_a_double_dash():
    assert hoist_global_options(["--db", "a.db", "person", "add", "7", "--name", "Anna", "--lang", "nl"]) == [
        "--db", "a.db", "--lang", "nl", "person", "add", "7", "--name", "Anna"]
    assert hoist_global_options(["account", "add", "x", "--", "--db"]) == ["account", "add", "x", "--", "--db"]


def test_smreg_version_prints_the_installed_version():
    from importlib.metadata import version

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"smreg {version('smreg')}"


@pytest.mark.parametrize(("shell", "marker"), [("bash", "complete -o default -F _smreg_completion smreg"),
                                               ("zsh", "#compdef smreg"), ("fish", "complete --command smreg")])
def test_each_shell_gets_its_completion_script_in_either_order_of_the_instruction(shell, marker):
    for instruction in (f"{shell}_source", f"source_{shell}"):
        result = run(env={"_SMREG_COMPLETE": instruction})
        assert result.exit_code == 0, result.output
        assert marker in result.stdout


def test_completion_offers_the_commands_and_sub_commands():
    assert run(env={"_SMREG_COMPLETE": "complete_bash", "COMP_WORDS": "smreg acc", "COMP_CWORD": "1"}).stdout.split() \
        == ["account"]
    assert "list" in run(env={"_SMREG_COMPLETE": "complete_bash", "COMP_WORDS": "smreg account li",
                              "COMP_CWORD": "2"}).stdout.split()
    fish = run(env={"_SMREG_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "smreg person l",
                    "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert "list" in fish.stdout and "leave" in fish.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_a_command_with_the_script_smreg_prints():
    smreg_bin = shutil.which("smreg")
    assert smreg_bin, "the console script is installed with the package"
    script = ('eval "$(_SMREG_COMPLETE=bash_source smreg)"; COMP_WORDS=(smreg aud); COMP_CWORD=1; '
              '_smreg_completion smreg; echo "${COMPREPLY[@]}"')
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PATH": os.path.dirname(smreg_bin) + os.pathsep + os.environ["PATH"]})
    assert done.stdout.split() == ["audit"]


def test_the_librarys_words_are_dutch_under_lang_nl():
    helped = dutch("--lang", "nl", "account", "add", "--help")
    assert helped.returncode == 0
    text = " ".join(helped.stdout.split())
    for word in ("Gebruik: smreg account add [OPTIES]", "Argumenten:", "Opties:", "[verplicht]",
                 "Toon deze hulp en stop.", "[standaard: table]"):
        assert word in text, word
    for english in ("Usage:", "Options:", "Arguments:", "[required]", "Show this message"):
        assert english not in text, english
    root = " ".join(dutch("--help", "--lang", "nl").stdout.split())
    assert "Opdrachten:" in root and "[omgevingsvariabele: SMREG_DATABASE_URL]" in root


@pytest.mark.parametrize(("args", "sentence"), [
    (["person", "list", "--bogus"], "Fout: Onbekende optie: --bogus."),
    (["account", "add", "x"], "Fout: Argument 'handle' ontbreekt."),
    (["unit", "lisst"], "Fout: Onbekende opdracht 'lisst'. Bedoelt u 'list'?"),
    (["nergens"], "Fout: Onbekende opdracht 'nergens'."),
    (["person", "eave"], "Fout: Onbekende opdracht 'eave'. Bedoelt u 'leave' of 'erase'?"),
    (["audit", "--fail-on", "bad"], "Fout: Ongeldige waarde voor '--fail-on': 'bad' is geen geldige keuze; kies uit "
                                    "info, laag, middel, hoog, kritiek."),
    (["person", "add", "7"], "Fout: Optie '--name' ontbreekt."),
    (["log", "show", "--last"], "Fout: Optie '--last' vraagt een waarde."),
])
def test_usage_errors_are_dutch_under_lang_nl_and_exit_2(args, sentence):
    done = dutch("--lang", "nl", *args)
    assert done.returncode == 2
    assert sentence in done.stderr.splitlines()
    if args[0] != "log":  # an option without its value is found before the command's context exists
        assert "Gebruik: smreg" in done.stderr and "voor hulp." in done.stderr
    assert "Error:" not in done.stderr and "Usage:" not in done.stderr


def test_usage_errors_stay_the_librarys_english_under_lang_en(tmp_path):
    result = smreg(str(tmp_path / "e.db"), "person", "list", "--bogus")
    assert result.exit_code == 2
    assert "Error: No such option: --bogus" in result.stderr and "Usage: smreg person list" in result.stderr


def test_a_missing_unit_or_person_is_named_in_a_sentence_in_both_languages(tmp_path):
    db = str(tmp_path / "m.db")
    ok(db, "init", "--org", "Stichting Voorbeeld")
    for lang, unit, person in (("en", "There is no unit 'NOPE'", "There is no person with employee id '999'"),
                               ("nl", "Er is geen eenheid 'NOPE'", "Er is geen persoon met personeelsnummer '999'")):
        result = smreg(db, "account", "add", "x", "T", "--unit", "NOPE", "--custodian", "999", "--vault",
                       "op://a/b/c", lang=lang)
        assert result.exit_code == 3 and unit in result.stderr, result.stderr
        assert "unit.not_found" not in result.stderr
        shown = smreg(db, "person", "show", "999", lang=lang)
        assert shown.exit_code == 3 and person in shown.stderr
