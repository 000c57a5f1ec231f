"""The ``smreg`` command: global options, sub-commands grouped by noun, errors to exit codes.

Exit codes: 0 done; 1 findings at or above --fail-on; 2 usage error; 3 bad input (validation,
import errors, not found); 4 integrity failure (log chain, signature, key). Errors are one or
two sentences on standard error; ``--debug`` adds the traceback.

The global options (``--db``, ``--lang``, ``--actor``, ``--debug``) may also be written after the
sub-command: ``smreg account list --db FILE`` is ``smreg --db FILE account list``. Shell completion
for bash, zsh and fish comes from ``_SMREG_COMPLETE=bash_source smreg`` (or ``zsh_source``,
``fish_source``).
"""

import os
from collections.abc import MutableMapping

import typer
import typer.core
import typer.main

try:  # typer ≥ 0.22 carries its own copy of click
    from typer._click.core import Command
    from typer._click.exceptions import ClickException
    from typer._click.utils import make_default_short_help
except ImportError:  # pragma: no cover - older typer on the real click
    from click.core import Command
    from click.exceptions import ClickException
    from click.utils import make_default_short_help

from cli import messages  # noqa: F401 - registers the CLI's texts
from cli.commands import COMMANDS
from cli.common import STATE, hide_secrets, new_command
from cli.lang import LANG, H
from registry import i18n as _i18n


def _load_texts() -> None:
    """The audit's and the command line's texts, for a message raised where they were not imported."""
    _i18n.import_package("audit", skip=("bench",))
    _i18n.import_package("cli")


_i18n.add_loader(_load_texts)


# The root's options that take a value, and those that do not: found after the sub-command too.
GLOBAL_WITH_VALUE = ("--db", "--lang", "--actor")
GLOBAL_FLAGS = ("--debug",)
COMPLETE_VAR = "_SMREG_COMPLETE"
SHELLS = ("bash", "zsh", "fish")


def hoist_global_options(args: list[str]) -> list[str]:
    """The arguments with every global option after the sub-command moved in front of it."""
    front, rest, i = [], [], 0
    while i < len(args) and args[i].startswith("-"):  # the root's own options come first
        step = 2 if args[i] in GLOBAL_WITH_VALUE else 1
        front += args[i:i + step]
        i += step
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg in GLOBAL_WITH_VALUE and i + 1 < len(args):
            front += args[i:i + 2]
            i += 2
            continue
        if arg in GLOBAL_FLAGS or arg.split("=", 1)[0] in GLOBAL_WITH_VALUE and "=" in arg:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


def _completion_instruction() -> None:
    """Shell completion as ``_SMREG_COMPLETE=bash_source`` (click's order) or ``source_bash`` (typer's)."""
    value = os.environ.get(COMPLETE_VAR)
    if not value:
        return
    first, _, second = value.partition("_")
    if first in SHELLS:
        os.environ[COMPLETE_VAR] = f"{second}_{first}"
    from typer._completion_classes import completion_init

    completion_init()


class LazyCommands(MutableMapping):
    """The root's sub-commands by name (:data:`cli.commands.COMMANDS`), each module imported when first asked for."""

    def __init__(self) -> None:
        self._loaded: dict[str, Command] = {}

    def __getitem__(self, name: str):  # type: ignore[no-untyped-def]
        if name not in self._loaded:
            if name not in COMMANDS:
                raise KeyError(name)
            self._load(COMMANDS[name][0])
        return self._loaded[name]

    def _load(self, module_name: str) -> None:
        """Build every top-level command that ``module_name`` declares."""
        import importlib

        from cli.usage import use_everywhere

        module = importlib.import_module(module_name)
        holder = typer.Typer(rich_markup_mode=None)
        if hasattr(module, "register"):
            module.register(holder)
        else:
            holder.add_typer(module.app, name=next(name for name, row in COMMANDS.items() if row[0] == module_name))
        for name, command in typer.main.get_group(holder).commands.items():
            use_everywhere(command)
            self._loaded.setdefault(name, command)

    def __setitem__(self, name: str, command) -> None:  # type: ignore[no-untyped-def]
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        raise KeyError(name)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS


class SmregGroup(typer.core.TyperGroup):
    """The root command: every error below it becomes an exit code and one clear sentence.

    Its sub-commands come from :data:`cli.commands.COMMANDS` and are built only when used, so
    ``smreg --help`` and each command start without importing the others.
    """

    def __init__(self, **attrs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**attrs)
        self.commands = LazyCommands()

    def format_commands(self, ctx, formatter) -> None:  # type: ignore[no-untyped-def]
        """The commands with their short help, from the table: listing them imports none of them."""
        from cli.commands import help_of

        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(help_of(name), limit)) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def list_commands(self, ctx) -> list[str]:  # type: ignore[no-untyped-def]
        return list(COMMANDS)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        import sys

        from cli.usage import Context

        _completion_instruction()
        self.context_class = Context  # each sub-command gets it when it is built
        # errors found before the root's options are read (an unknown command) speak the help's language
        _i18n.set_language(LANG)
        args = hoist_global_options(list(sys.argv[1:] if args is None else args))
        STATE.given = tuple(args)
        return super().main(args=args, prog_name=prog_name or "smreg", complete_var=complete_var,
                            standalone_mode=standalone_mode, **extra)

    def make_context(self, info_name, args, parent=None, **extra):
        from cli.usage import translated

        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except ClickException as exc:
            raise translated(exc) from None

    def invoke(self, ctx):
        from cli.usage import translated
        from registry import i18n
        from registry.errors import RegistryError

        click = typer
        new_command()
        try:
            with _attempt(self, [*getattr(ctx, "_protected_args", ()), *ctx.args]):
                return super().invoke(ctx)
        except typer.Exit:
            raise
        except typer.Abort:
            click.echo(i18n.t("cli.aborted"), err=True)
            raise typer.Exit(1) from None
        except ClickException as exc:
            raise translated(exc) from None
        except RegistryError as exc:
            from registry.errors import ImportRejected

            _debug_traceback()
            if isinstance(exc, ImportRejected):
                from cli.imports import print_rejection

                print_rejection(exc)
                raise typer.Exit(exc.exit_code) from None
            click.echo(hide_secrets(i18n.t("cli.error", message=str(exc))), err=True)
            for line, column, message in getattr(exc, "problems", None) or ():
                click.echo(hide_secrets(i18n.t("cli.problem", line=line, column=column, message=message)), err=True)
            for text in getattr(exc, "lines", None) or ():
                click.echo(hide_secrets(f"  {text}"), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo(i18n.t("cli.interrupted"), err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - never a traceback unless --debug
            from registry.db import translate_db_error

            _debug_traceback()
            known = translate_db_error(exc, STATE.db or "")
            if known is not None:
                click.echo(i18n.t("cli.error", message=str(known)), err=True)
                raise typer.Exit(known.exit_code) from None
            click.echo(i18n.t("cli.unexpected", kind=type(exc).__name__), err=True)
            raise typer.Exit(1) from None


def _attempt(group, words: list[str]):
    """The command's origin for the event log (cli, scheduled or demo) and its name (``account.add``)."""
    from contextlib import ExitStack

    from registry import origin

    path = []
    while words and hasattr(group, "commands") and words[0] in group.commands:
        group = group.commands[words[0]]
        path.append(words.pop(0))
    command = ".".join(path) or "smreg"
    stack = ExitStack()
    stack.enter_context(origin.origin_as(origin.command_line_origin(command)))
    stack.enter_context(origin.attempting(command))
    return stack


def _debug_traceback() -> None:
    if STATE.debug:
        import traceback

        traceback.print_exc()


app = typer.Typer(
    cls=SmregGroup,
    name="smreg",
    help=H(
        "Registry and audit of the organisation's work social-media accounts: who holds what, handovers at departure, brand misuse, signed reports.",
        "Register en audit van de werkaccounts op sociale media van de organisatie: wie beheert wat, overdracht bij vertrek, misbruik van de naam, ondertekende rapporten.",
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"smreg {version('smreg')}")
        raise typer.Exit()


@app.callback()
def root(
    db: str = typer.Option(None, "--db", envvar="SMREG_DATABASE_URL", show_envvar=True,
                           help=H("The store: an SQLite file path or a postgresql+psycopg:// URL.",
                                  "De registratie: een pad naar een SQLite-bestand of een postgresql+psycopg://-adres.")),
    lang: str = typer.Option(None, "--lang", help=H("Language: nl or en (else SMREG_LANG, else the locale).",
                                                    "Taal: nl of en (anders SMREG_LANG, anders de landinstelling).")),
    actor: str = typer.Option(None, "--actor", envvar="SMREG_ACTOR", show_envvar=True,
                              help=H("Who the event log records as making the change (else the login name).",
                                     "Wie het logboek vastlegt als degene die wijzigt (anders de inlognaam).")),
    debug: bool = typer.Option(False, "--debug", help=H("Show the traceback of an error.", "Toon bij een fout de technische details.")),
    version: bool = typer.Option(False, "--version", is_eager=True, expose_value=False, callback=_version,
                                 help=H("Show smreg's version and exit.", "Toon de versie van smreg en stop.")),
) -> None:
    from registry import i18n

    if lang and lang.strip().lower()[:2] not in i18n.LANGUAGES:
        raise typer.BadParameter(H("use nl or en", "gebruik nl of en"), param_hint="--lang")
    i18n.set_language(i18n.detect_language(lang))
    STATE.db = db
    STATE.actor = actor
    STATE.debug = debug


def run() -> None:
    """The console entry point."""
    app(prog_name="smreg")
