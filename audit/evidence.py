"""One signed evidence pack for an auditor: every file of a period in one ZIP, with a signed manifest.

The pack holds the ownership and findings reports as of the period's end, the period report, the
offboarding cases of the period with their handovers and evidence dates, the attestations and
the waivers in force at the end, the rule catalogue with its controls, the event log's head and
the log entries of the period. ``manifest.json`` names every file with its size and SHA-256;
``manifest.sig`` is the Ed25519 signature of the manifest's exact bytes (64 raw bytes), so the
pack verifies with only ``openssl`` or Python's ``cryptography`` (docs/reports/README.md).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from audit.reports.bulk import no_cycle_collection
from registry import i18n
from registry.errors import IntegrityError, NotFound

if TYPE_CHECKING:
    from registry.db import Store

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PUBLIC_KEY = "signing_key.pub.pem"
# A fixed time inside the archive, so the same evidence gives the same bytes.
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

i18n.register(
    {
        "evidence.not_a_pack": ("{file} is not an evidence pack: it has no manifest.json.",
                                "{file} is geen bewijspakket: er zit geen manifest.json in."),
        "evidence.unsigned": ("{file} has no signature (manifest.sig); it was written without --sign.",
                              "{file} heeft geen handtekening (manifest.sig); het is zonder --sign gemaakt."),
        "evidence.bad_signature": ("The manifest of {file} does not match its signature with this public key: it was changed, or signed with another key.",
                                   "Het manifest van {file} past niet bij de handtekening met deze publieke sleutel: het is gewijzigd, of met een andere sleutel ondertekend."),
        "evidence.file_changed": ("{name} in {file} does not match the manifest: it was changed after the pack was made.",
                                  "{name} in {file} past niet bij het manifest: het is gewijzigd nadat het pakket is gemaakt."),
        "evidence.file_missing": ("{name} is in the manifest of {file} but not in the archive.",
                                  "{name} staat in het manifest van {file} maar niet in het archief."),
        "evidence.file_extra": ("{name} is in {file} but not in its manifest.",
                                "{name} zit in {file} maar staat niet in het manifest."),
    }
)


@dataclass(frozen=True)
class Pack:
    path: Path
    files: int
    signed: bool
    fingerprint: str | None


def _json(value: object) -> bytes:
    from audit.reports.to_json import dumps

    return dumps(value, default=str)


def contents(store: Store, *, start: date, end: date, lang: str) -> dict[str, bytes]:
    """Every file of the pack but the manifest, by name."""
    from audit import controls
    from audit.reports import ReportFormat, build, period, render
    from audit.rules import all_rules
    from registry import clock, events

    moment = period._moment(end)
    files: dict[str, bytes] = {}
    # The registry at the period's end is rebuilt from the log once and shared: the ownership and
    # findings reports take its audit, the period report its figures, the waivers and rules files
    # its settings. A period not yet over is reported as the registry stands now.
    if moment < clock.now():
        audit = build.audited(store, moment)
        state_end = audit[0]
    else:
        audit = build.audited(store, None)
        state_end = figures_state(store, moment)
    ownership = build.ownership(store, lang=lang, audit=audit)
    files["ownership.html"] = render(ownership, ReportFormat.HTML)
    files["ownership.json"] = render(ownership, ReportFormat.JSON)
    del ownership
    findings = build.findings(store, lang=lang, audit=audit)
    files["findings.html"] = render(findings, ReportFormat.HTML)
    files["findings.json"] = render(findings, ReportFormat.JSON)
    del findings, audit
    figures = period.build(store, start=start, end=end, lang=lang, at_end=state_end)
    files["period.html"] = render(figures, ReportFormat.HTML)
    files["period.json"] = render(figures, ReportFormat.JSON)
    with store.reader() as reader:
        entries = reader.rows(
            "SELECT seq, at, action, subject, body, origin, result, hash FROM event"
            " WHERE at > :start AND at <= :end ORDER BY seq",
            {"start": clock.stamp(period._moment(date.fromordinal(start.toordinal() - 1))),
             "end": clock.stamp(moment)})
        cases = reader.rows(
            "SELECT p.ref, c.end_date, c.opened_on, c.closed_on FROM offboarding_case c JOIN person p ON p.id = c.person_id")
    log_lines = []
    handovers, attestations = [], []
    for seq, at, action, subject, body, origin, result, digest in entries:
        # origin and result as stored (JSON text and a code; null before schema 0010), like the body
        log_lines.append(json.dumps({"seq": seq, "at": at, "action": action, "subject": subject,
                                     "record": body, "origin": origin, "result": result, "hash": digest},
                                    ensure_ascii=False))
        handover = subject.startswith("handover:")
        if not (handover or action in ("account.attested", "account.updated")):
            continue  # only handovers and verifications are read further: no need to decode the rest
        after = (json.loads(body).get("data") or {}).get("after") or {}
        if handover:
            handovers.append({"seq": seq, "at": at, **after})
        if action == "account.attested" or (action == "account.updated" and after.get("verified_on")
                                             and after.get("verified_on", "")[:10] >= start.isoformat()):
            attestations.append({"seq": seq, "at": at, "account": subject, "verified_on": after.get("verified_on")})
    files["log/entries.jsonl"] = ("\n".join(log_lines) + "\n").encode("utf-8") if log_lines else b""
    seq, digest = events.head(store)
    files["log/head.json"] = _json({"seq": seq, "hash": digest})
    in_period = [{"person": ref, "end_date": str(end_date)[:10], "opened_on": str(opened)[:10] if opened else None,
                  "closed_on": str(closed)[:10] if closed else None}
                 for ref, end_date, opened, closed in cases
                 if end_date is not None and start.isoformat() <= str(end_date)[:10] <= end.isoformat()]
    files["offboarding/cases.json"] = _json({"cases": in_period, "handovers": handovers})
    files["attestations.json"] = _json(attestations)
    files["waivers.json"] = _json([{"fingerprint": fp, "rule": w.rule, "reason": w.reason, "until": w.until}
                                   for fp, w in sorted(state_end.waivers.items()) if w.until >= end])
    mapping = controls.effective(state_end.settings)
    files["rules.json"] = _json([{"id": r.id, "name": r.name, "severity": r.severity.value, "clause": r.clause,
                                  "title": r.explained(lang).title, "controls": controls.as_json(mapping.of(r.id))}
                                 for r in all_rules()])
    return files


def figures_state(store: Store, moment):
    """The registry as recorded at ``moment``."""
    from audit import state
    from audit.engine import require_existed

    with store.reader() as reader:
        require_existed(reader, moment)
        return state.from_log(reader, moment=moment)


def manifest(files: dict[str, bytes], **about: object) -> bytes:
    """The manifest: what the pack is about, and every file's size and SHA-256."""
    listed = [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
              for name, data in sorted(files.items())]
    return _json({**about, "files": listed})


@no_cycle_collection()
def write(store: Store, out: Path, *, start: date, end: date, lang: str, sign: bool) -> Pack:
    """Write the pack to ``out`` (atomically); sign its manifest with this installation's key."""
    from audit import signing
    from registry import clock, events
    from registry.io.writers import write_bytes_atomic

    files = contents(store, start=start, end=end, lang=lang)
    seq, digest = events.head(store)
    body = manifest(files, pack="smreg evidence", version=1, period={"from": start.isoformat(), "to": end.isoformat()},
                    generated_at=clock.now().isoformat(), log_head={"seq": seq, "hash": digest})
    extra: dict[str, bytes] = {MANIFEST: body}
    fingerprint = None
    if sign:
        key_path = store.settings.signing_dir / "signing_key.pem"
        if not key_path.exists():
            raise NotFound("report.no_signing_key", path=key_path)
        key = signing.load_private_key(key_path)
        extra[SIGNATURE] = key.sign(body)
        extra[PUBLIC_KEY] = signing.export_public_key(key_path)
        fingerprint = signing.fingerprint(key)
    import io

    buffer = io.BytesIO()
    # Level 3 compresses a 45 MB ownership page twice as fast as the default and a quarter larger.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as archive:
        for name, data in [*sorted(files.items()), *extra.items()]:
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=3)
    write_bytes_atomic(out, buffer.getvalue())
    return Pack(out, len(files), sign, fingerprint)


@dataclass(frozen=True)
class Checked:
    files: int
    fingerprint: str
    period: dict
    log_head: dict


def verify(path: Path, *, public_key_path: Path) -> Checked:
    """Check the manifest's signature with the public key, then every file against the manifest."""
    from cryptography.exceptions import InvalidSignature

    from audit import signing

    key = signing.load_public_key(public_key_path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise IntegrityError("evidence.not_a_pack", file=str(path)) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise IntegrityError("evidence.not_a_pack", file=str(path))
        if SIGNATURE not in names:
            raise IntegrityError("evidence.unsigned", file=str(path))
        body = archive.read(MANIFEST)
        try:
            key.verify(archive.read(SIGNATURE), body)
        except InvalidSignature:
            raise IntegrityError("evidence.bad_signature", file=str(path)) from None
        listed = json.loads(body)
        expected = {item["name"]: item["sha256"] for item in listed["files"]}
        for name, digest in expected.items():
            if name not in names:
                raise IntegrityError("evidence.file_missing", name=name, file=str(path))
            if hashlib.sha256(archive.read(name)).hexdigest() != digest:
                raise IntegrityError("evidence.file_changed", name=name, file=str(path))
        for name in sorted(names - set(expected) - {MANIFEST, SIGNATURE, PUBLIC_KEY}):
            raise IntegrityError("evidence.file_extra", name=name, file=str(path))
    return Checked(len(expected), signing.fingerprint(key), listed["period"], listed["log_head"])


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == ".zip" and zipfile.is_zipfile(path)
