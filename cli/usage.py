"""The words of the command-line library itself (Usage, Options, "[required]", "No such option"…)
in the user's language.

The library writes them in English only. Help pages go through :class:`HelpFormatter`, which
translates headings, the usage line and the notes after each option; usage errors are re-raised
as :class:`UsageError`, which writes the same lines as the library, translated. The language is
the one the help texts use (:data:`cli.lang.LANG`): help is printed before any option runs.
"""

from __future__ import annotations

import re

try:  # typer ≥ 0.22 carries its own copy of click
    from typer._click import exceptions as click_errors
    from typer._click.core import Context as ClickContext
    from typer._click.formatting import HelpFormatter as ClickFormatter
except ImportError:  # pragma: no cover - older typer on the real click
    from click import exceptions as click_errors
    from click.core import Context as ClickContext
    from click.formatting import HelpFormatter as ClickFormatter

from cli.lang import LANG

HEADINGS = {"Usage: ": "Gebruik: ", "Options": "Opties", "Arguments": "Argumenten", "Commands": "Opdrachten"}
# The library's sentences and their Dutch, tried in order; ``\g<n>`` keeps what the library filled in.
SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), dutch) for pattern, dutch in (
        (r"^Show this message and exit\.$", "Toon deze hulp en stop."),
        (r"^Show the version and exit\.$", "Toon de versie en stop."),
        (r"^No such option: (?P<o>.+?) \(Possible options: (?P<p>.+)\)$",
         "Onbekende optie: \\g<o> (mogelijke opties: \\g<p>)."),
        (r"^No such option: (?P<o>.+?)(?: Did you mean (?P<m>.+)\?)$", "Onbekende optie: \\g<o>. Bedoelt u \\g<m>?"),
        (r"^No such option: (?P<o>.+)$", "Onbekende optie: \\g<o>."),
        (r"^No such command '(?P<c>.+)'\. Did you mean (?P<m>.+)\?$", "Onbekende opdracht '\\g<c>'. Bedoelt u \\g<m>?"),
        (r"^No such command '(?P<c>.+)'\.$", "Onbekende opdracht '\\g<c>'."),
        (r"^Missing argument '(?P<a>.+)'\.(?P<rest>.*)$", "Argument '\\g<a>' ontbreekt.\\g<rest>"),
        (r"^Missing option '(?P<a>.+)'\.(?P<rest>.*)$", "Optie '\\g<a>' ontbreekt.\\g<rest>"),
        (r"^Missing parameter: (?P<a>.+)$", "Er ontbreekt een waarde: \\g<a>."),
        (r"^Missing command\.$", "Er ontbreekt een opdracht."),
        (r"^Option '(?P<o>.+)' requires an argument\.$", "Optie '\\g<o>' vraagt een waarde."),
        (r"^Option '(?P<o>.+)' requires (?P<n>\d+) arguments\.$", "Optie '\\g<o>' vraagt \\g<n> waarden."),
        (r"^Option '(?P<o>.+)' does not take a value\.$", "Optie '\\g<o>' neemt geen waarde."),
        (r"^Got unexpected extra arguments? \((?P<a>.+)\)$", "Onverwacht extra argument (\\g<a>)."),
        (r"^Invalid value for (?P<p>.+?): (?P<v>.+)$", "Ongeldige waarde voor \\g<p>: \\g<v>"),
        (r"^Invalid value: (?P<v>.+)$", "Ongeldige waarde: \\g<v>"),
        (r"^(?P<v>'.*') is not one of (?P<c>.+)\.$", "\\g<v> is geen geldige keuze; kies uit \\g<c>."),
        (r"^(?P<v>'.*') is not a valid (?P<t>integer|float|boolean)\.?$", "\\g<v> is geen geldig getal."),
        (r"^(?:File|Directory|Path) (?P<p>'.*') does not exist\.$", "\\g<p> bestaat niet."),
        (r"^(?:File|Directory|Path) (?P<p>'.*') is not readable\.$", "\\g<p> is niet leesbaar."),
        (r"^(?:File|Directory|Path) (?P<p>'.*') is not writable\.$", "\\g<p> is niet beschrijfbaar."),
        (r"^Try '(?P<c>.+)' for help\.$", "Zie '\\g<c>' voor hulp."),
        (r"^Aborted!$", "Afgebroken."),
    )
)
NOTES = {"required": "verplicht", "default": "standaard", "env var": "omgevingsvariabele"}
METAVARS = {"[OPTIONS]": "[OPTIES]", "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]...", "[ARGS]...": "[ARGUMENTEN]..."}


_SUGGESTED = re.compile(r"(?P<head>Did you mean )(?P<m>'[^']*'(?:, '[^']*')+)\?$")


def _either(listed: str, word: str) -> str:
    """``'a', 'b', 'c'`` as a reader lists alternatives: ``'a', 'b' or 'c'``."""
    items = re.findall(r"'[^']*'", listed)
    return ", ".join(items[:-1]) + f" {word} " + items[-1] if len(items) > 1 else listed


def words(text: str) -> str:
    """The library's sentence ``text`` in the user's language (in English, only its lists mended)."""
    if LANG != "nl":
        return _SUGGESTED.sub(lambda m: m["head"] + _either(m["m"], "or") + "?", text)
    text = text.replace("Value error, ", "")
    for pattern, dutch in SENTENCES:
        match = pattern.match(text)
        if match:
            named = match.groupdict()
            if "v" in named:  # the value's own sentence, e.g. "'x' is not one of …"
                dutch = dutch.replace("\\g<v>", words(named["v"]).replace("\\", "\\\\"))
            if named.get("m"):  # the suggestions: 'a', 'b' of 'c'
                dutch = dutch.replace("\\g<m>", _either(named["m"], "of").replace("\\", "\\\\"))
            return match.expand(dutch)
    return text


def notes(text: str) -> str:
    """"Help text  [env var: X; required]" with the bracketed notes translated."""
    head, sep, tail = text.rpartition("[")
    if not sep or not tail.endswith("]"):
        return words(text)
    notes = []
    for note in tail[:-1].split("; "):
        name, colon, value = note.partition(":")
        notes.append(NOTES.get(name, name) + colon + value)
    return f"{words(head.rstrip())}  [{'; '.join(notes)}]" if head.strip() else f"[{'; '.join(notes)}]"


class HelpFormatter(ClickFormatter):
    """Help pages with the library's own words in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if LANG == "nl":
            for english, dutch in METAVARS.items():
                args = args.replace(english, dutch)
        super().write_usage(prog, args, HEADINGS["Usage: "] if LANG == "nl" and prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading) if LANG == "nl" else heading)

    def write_dl(self, rows, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if LANG == "nl":
            rows = [(term, notes(text)) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class Context(ClickContext):
    """Every command's context: help is written by :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class UsageError(click_errors.UsageError):
    """A usage error of the library, shown as the library shows it, in the user's language."""

    def __init__(self, original: click_errors.UsageError) -> None:
        from cli.common import hide_secrets

        super().__init__(hide_secrets(words(original.format_message())), original.ctx)
        self.exit_code = original.exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:  # type: ignore[no-untyped-def]
        from registry import i18n

        if file is None:
            file = click_errors.get_text_stderr()
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = words(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.") + "\n"
            click_errors.echo(f"{ctx.get_usage()}\n{hint}", file=file, color=ctx.color)
        click_errors.echo(i18n.t("cli.error", message=self.message), file=file, color=ctx.color if ctx else None)


def translated(error: click_errors.ClickException) -> click_errors.ClickException:
    """The library's error, to be shown in the user's language."""
    if isinstance(error, click_errors.NoArgsIsHelpError | UsageError):
        return error  # the help page itself, already translated
    if isinstance(error, click_errors.UsageError):
        return UsageError(error)
    from cli.common import hide_secrets

    error.message = hide_secrets(words(error.format_message()))
    return error


def use_everywhere(command) -> None:  # type: ignore[no-untyped-def]
    """Give ``command`` and every command below it :class:`Context`."""
    command.context_class = Context
    for sub in (getattr(command, "commands", None) or {}).values():
        use_everywhere(sub)
