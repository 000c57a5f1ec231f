"""Imports: upload an HR export or an accounts file, see the dry run (every bad row with its line), confirm.

The upload is written only into the server's private temporary folder (mode 0700), in a folder
of its own with a random name that the confirm form carries; the name ties it to the user who
uploaded it. The file keeps the name it had on the user's computer (made safe), so messages and
the event log speak of ``hr-export.csv``. The confirm runs the very same import again without
``dry_run``; the file and its folder are removed afterwards.
"""

from __future__ import annotations

import contextlib
import re
import secrets
from pathlib import Path

from starlette.routing import Route

from cli.web.core import Page, Refused, page
from registry import i18n

KINDS = {"accounts": "import_accounts", "persons": "import_persons"}
SUFFIXES = (".csv", ".txt", ".jsonl", ".json", ".xlsx")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,60}")
SHOWN = 50

i18n.register(
    {
        "web.imports.title": ("Imports", "Importeren"),
        "web.imports.kind": ("What the file holds", "Wat het bestand bevat"),
        "web.imports.kind.accounts": ("accounts", "accounts"),
        "web.imports.kind.persons": ("an HR export (people)", "een HR-export (personen)"),
        "web.imports.file": ("File (CSV, JSON lines or XLSX)", "Bestand (CSV, JSON-regels of XLSX)"),
        "web.imports.check": ("Check the file", "Bestand controleren"),
        "web.imports.confirm": ("Import it", "Importeren"),
        "web.imports.dry": ("Nothing is written yet. This is what the import would do:", "Er is nog niets geschreven. Dit zou de import doen:"),
        "web.imports.bad": ("The file has bad rows; nothing was written. Fix these and upload it again:",
                            "Het bestand heeft foute rijen; er is niets geschreven. Herstel deze en upload het opnieuw:"),
        "web.imports.done": ("The import is done.", "De import is klaar."),
        "web.imports.summary": ("{rows:row}: {added} to add, {changed} to change, {unchanged} unchanged.",
                                "{rows:row}: {added} toevoegen, {changed} wijzigen, {unchanged} ongewijzigd."),
        "web.imports.summary_done": ("{rows} rows: {added} added, {changed} changed, {unchanged} unchanged.",
                                     "{rows} rijen: {added} toegevoegd, {changed} gewijzigd, {unchanged} ongewijzigd."),
        "web.imports.no_file": ("Choose a file to upload.", "Kies een bestand om te uploaden."),
        "web.imports.bad_type": ("Upload a .csv, .txt, .jsonl, .json or .xlsx file.", "Upload een bestand .csv, .txt, .jsonl, .json of .xlsx."),
        "web.imports.gone": ("The uploaded file is no longer there; upload it again.", "Het geüploade bestand is er niet meer; upload het opnieuw."),
        "web.imports.problem": ("line {line}: {column}: {message}", "regel {line}: {column}: {message}"),
        "web.imports.more": ("… and {count} more", "… en nog {count}"),
    }
)


def _kind(p: Page) -> str:
    kind = p.form.get("kind", "")
    if kind not in KINDS:
        kind = "accounts"
    if not p.may(KINDS[kind]):
        raise Refused(kind)
    return kind


def _folder(p: Page, token: str) -> Path:
    return p.config.temp_dir / f"upload-{p.user.id}-{token}"


def _safe_name(name: str, suffix: str) -> str:
    """The uploaded file's own name, without folders or characters a file name should not hold."""
    stem = re.sub(r"[^\w .()-]+", "_", Path(name.replace("\\", "/")).stem).strip(" .") or "upload"
    return stem[:100] + suffix


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


@page()
def form(p: Page):
    return p.render("imports.html.j2", kinds=[k for k, need in KINDS.items() if p.may(need)], result=None)


def _run(p: Page, kind: str, path: Path, *, dry_run: bool):
    from cli.web.core import actor_for
    from registry import clock
    from registry.services import imports

    run = imports.import_accounts if kind == "accounts" else imports.import_persons
    return run(p.store, path, actor=actor_for(p), today=clock.today(), dry_run=dry_run)


def _outcome(p: Page, kind: str, path: Path, *, dry_run: bool, token: str = ""):
    from registry.errors import ImportRejected, RegistryError

    try:
        summary = _run(p, kind, path, dry_run=dry_run)
    except ImportRejected as rejected:
        _discard(path)
        problems = [i18n.t("web.imports.problem", line=line, column=column, message=message)
                    for line, column, message in rejected.problems]
        return p.render("imports.html.j2", status=400, kinds=[kind], result={"problems": problems}, kind=kind)
    except RegistryError as exc:
        _discard(path)
        return p.render("imports.html.j2", status=400, kinds=[kind], result={"problems": [str(exc)]}, kind=kind)
    if not dry_run:
        _discard(path)
    shown = {"rows": summary.rows, "added": len(summary.added), "changed": len(summary.changed), "unchanged": summary.unchanged}
    return p.render("imports.html.j2", kinds=[kind], kind=kind, token=token, suffix=path.suffix, result={
        "dry_run": dry_run, "counts": shown, "added": summary.added[:SHOWN], "changed": summary.changed[:SHOWN],
        "attention": summary.attention[:SHOWN], "notices": list(summary.notices) + list(summary.warnings),
        "more": max(0, len(summary.added) + len(summary.changed) - 2 * SHOWN)})


@page(upload=True)
def check(p: Page):
    from registry.errors import ValidationError

    kind = _kind(p)
    name, content = p.files.get("file", ("", b""))
    suffix = Path(name).suffix.lower()
    if not content:
        raise ValidationError("web.imports.no_file")
    if suffix not in SUFFIXES:
        raise ValidationError("web.imports.bad_type")
    token = secrets.token_urlsafe(24)
    folder = _folder(p, token)
    folder.mkdir(mode=0o700)
    path = folder / _safe_name(name, suffix)
    path.write_bytes(content)
    path.chmod(0o600)
    return _outcome(p, kind, path, dry_run=True, token=token)


@page()
def confirm(p: Page):
    from registry.errors import ValidationError

    kind = _kind(p)
    token, suffix = p.form.get("token", ""), p.form.get("suffix", "")
    if not TOKEN.fullmatch(token) or suffix not in SUFFIXES:
        raise ValidationError("web.imports.gone")
    folder = _folder(p, token)
    found = sorted(folder.iterdir()) if folder.is_dir() else []
    if len(found) != 1 or found[0].suffix.lower() != suffix:
        raise ValidationError("web.imports.gone")
    path = found[0]
    return _outcome(p, kind, path, dry_run=False)


ROUTES = [
    Route("/imports", form, methods=["GET"]),
    Route("/imports", check, methods=["POST"]),
    Route("/imports/confirm", confirm, methods=["POST"]),
]
