"""Reports: make an ownership, findings or offboarding report, signed, and download it with its signature.

The report and its ``.sig`` are written into the server's private temporary folder under a
random name tied to the user, and sent as downloads (never shown inside the site's pages).
"""

from __future__ import annotations

import re
import secrets

from starlette.responses import Response
from starlette.routing import Route

from cli.web.core import Missing, Page, page
from registry import i18n

FORMATS = ("html", "xlsx", "csv", "json")
KINDS = ("ownership", "findings", "offboarding")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,60}")

i18n.register(
    {
        "web.reports.title": ("Reports", "Rapporten"),
        "web.reports.kind": ("Report", "Rapport"),
        "web.reports.kind.ownership": ("ownership per unit", "eigendom per eenheid"),
        "web.reports.kind.findings": ("findings", "bevindingen"),
        "web.reports.kind.offboarding": ("offboarding cases", "vertrekdossiers"),
        "web.reports.format": ("Format", "Vorm"),
        "web.reports.as_of": ("As of (date, optional)", "Per (datum, niet verplicht)"),
        "web.reports.make": ("Make the report", "Rapport maken"),
        "web.reports.ready": ("The report is signed and ready:", "Het rapport is ondertekend en klaar:"),
        "web.reports.download": ("Download the report", "Rapport downloaden"),
        "web.reports.signature": ("Download the signature (.sig)", "Handtekening downloaden (.sig)"),
        "web.reports.verify": ("Check it offline with `smreg verify FILE`; key fingerprint {fingerprint}.",
                               "Controleer het offline met `smreg verify BESTAND`; vingerafdruk van de sleutel {fingerprint}."),
    }
)


def _folder(p: Page, token: str):
    return p.config.temp_dir / f"report-{p.user.id}-{token}"


@page(permission="report")
def form(p: Page):
    return p.render("reports.html.j2", kinds=KINDS, formats=FORMATS, made=None)


@page(permission="report")
def make(p: Page):
    from audit.reports import ReportFormat, build, render
    from registry.io.dates import parse_moment

    kind = p.form.get("kind") if p.form.get("kind") in KINDS else "ownership"
    fmt = p.form.get("format") if p.form.get("format") in FORMATS else "html"
    as_of = p.form.get("as_of", "").strip()
    moment = parse_moment(as_of) if as_of and kind != "offboarding" else None
    data = build.build(p.store, kind, moment=moment, lang=p.lang)
    content = render(data, ReportFormat(fmt))
    token = secrets.token_urlsafe(24)
    folder = _folder(p, token)
    folder.mkdir(mode=0o700)
    name = f"{kind}-report.{fmt}"
    path = folder / name
    path.write_bytes(content)
    signed = build.sign(p.store, path, as_of=data.as_of)
    return p.render("reports.html.j2", kinds=KINDS, formats=FORMATS, made={
        "token": token, "name": name, "signature": signed.path.name, "fingerprint": signed.fingerprint})


@page(permission="report")
def download(p: Page):
    from audit.reports import ReportFormat, media_type

    token, name = p.request.path_params["token"], p.request.path_params["name"]
    if not TOKEN.fullmatch(token) or "/" in name or name.startswith("."):
        raise Missing()
    path = _folder(p, token) / name
    if not path.is_file():
        raise Missing()
    fmt = name.rsplit(".", 2)[-2] if name.endswith(".sig") else name.rsplit(".", 1)[-1]
    kind = "application/octet-stream" if name.endswith(".sig") or fmt not in FORMATS else media_type(ReportFormat(fmt))
    return Response(path.read_bytes(), media_type=kind,
                    headers={"content-disposition": f'attachment; filename="{name}"'})


ROUTES = [
    Route("/reports", form, methods=["GET"]),
    Route("/reports", make, methods=["POST"]),
    Route("/reports/file/{token}/{name}", download, methods=["GET"]),
]
