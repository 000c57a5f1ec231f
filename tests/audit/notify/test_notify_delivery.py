"""How ``smreg notify`` delivers: over STARTTLS with a password from the environment, as files, and
through a mail server that refuses or drops the connection half-way — never a message twice."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
from pathlib import Path

import pytest
from helpers import ok, smreg
from smtp_server import MailServer
from template_store import BACKENDS, small_registry_copy

SECRET_VAULT = "op://Geheim/PlantedItem/password"
SECRET_RECOVERY = "planted.recovery@gmail.com"
SMTP_PASSWORD = "Sm7p-Pa55word-never-stored"


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    """Three leavers' accounts (three custodians and a lead to tell), with secrets planted on one of them."""
    url = small_registry_copy(request.param, request, tmp_path)
    ok(url, "person", "update", "1002", "--email", "p.vanleeuwen@voorbeeld.nl")
    ok(url, "person", "update", "1003", "--email", "k.jansen@voorbeeld.nl")
    ok(url, "account", "add", "tiktok", "zonklas", "--unit", "ZON", "--custodian", "1003", "--vault", SECRET_VAULT,
       "--recovery-contact", SECRET_RECOVERY, "--display-name", "<script>alert(1)</script>=HYPERLINK(\"x\")")
    for person in ("1001", "1002", "1003"):
        ok(url, "person", "leave", person, "--on", "2026-06-30")
    ok(url, "config", "set", "notify.language", "en")
    return url


def _configure(db: str, port: int, *extra: tuple[str, str]) -> None:
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "none"),
                       ("smtp.from", "smreg@voorbeeld.nl"), *extra):
        ok(db, "config", "set", key, value)


def test_a_server_that_refuses_half_way_keeps_what_was_sent_and_sends_only_the_rest_next_time(db):
    with MailServer() as server:
        _configure(db, server.port)
        server.handler.refuse_from = 2
        first = smreg(db, "notify")
        assert first.exit_code == 75
        assert "Sent 1 of 3 messages." in first.stderr
        assert "451 4.3.0 try again later" in first.stderr and "the rest goes out on the next run" in first.stderr
        sent_first = [r.to for r in server.take()]
        assert len(sent_first) == 1
        server.handler.refuse_from = None
        ok(db, "notify")
        sent_then = [r.to for r in server.take()]
        assert sorted(sent_first + sent_then) == ["k.jansen@voorbeeld.nl", "p.vanleeuwen@voorbeeld.nl",
                                                  "s.dewit@voorbeeld.nl"]
        assert "Nothing is due" in ok(db, "notify").stderr and server.take() == []


def test_a_dropped_connection_loses_nothing_and_sends_nothing_twice(db):
    with MailServer() as server:
        _configure(db, server.port)
        server.handler.drop_at = 2
        first = smreg(db, "notify")
        assert first.exit_code == 75 and "Sent 1 of 3 messages." in first.stderr
        before = [r.to for r in server.take()]
        server.handler.drop_at = None
        ok(db, "notify")
        after = [r.to for r in server.take()]
        assert len(before) == 1 and len(after) == 2 and not set(before) & set(after)


def test_an_unreachable_server_records_nothing(db):
    with MailServer() as server:
        port = server.port
    _configure(db, port)
    down = smreg(db, "notify")
    assert down.exit_code == 75 and "failed" in down.stderr and "Traceback" not in down.stderr
    with MailServer() as server:
        _configure(db, server.port)
        ok(db, "notify")
        assert len(server.take()) == 3


def test_a_dry_run_sends_and_records_nothing(db):
    with MailServer() as server:
        _configure(db, server.port)
        dry = ok(db, "notify", "--dry-run")
        assert "Would send 3 messages" in dry.stdout and "to Kees Jansen <k.jansen@voorbeeld.nl>" in dry.stdout
        assert server.take() == []
        ok(db, "notify")
        assert len(server.take()) == 3


def test_messages_hold_no_vault_reference_or_recovery_contact_and_render_hostile_names_inert(db, tmp_path):
    out = tmp_path / "mail"
    written = ok(db, "notify", "--out", str(out))
    assert "Wrote 3 messages" in written.stderr
    files = sorted(out.iterdir())
    assert len(files) == 3 and all(oct(f.stat().st_mode & 0o777) == "0o600" for f in files)
    for path in files:
        raw = path.read_bytes()
        assert SECRET_VAULT.encode() not in raw and SECRET_RECOVERY.encode() not in raw
        assert b"op://" not in raw
    from email import message_from_bytes, policy

    kees = message_from_bytes(next(f for f in files if "k.jansen" in f.name).read_bytes(), policy=policy.default)
    html = kees.get_body(preferencelist=("html",)).get_content()
    text = kees.get_body(preferencelist=("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "tiktok:zonklas (<script>alert(1)</script>=HYPERLINK" in text  # plain text shows it as it is, inert
    for _, body in [(a.get_filename(), a.get_content()) for a in kees.iter_attachments()]:
        assert "<script>alert" not in body and SECRET_VAULT not in body
    # Written messages count as sent.
    assert "Nothing is due" in ok(db, "notify", "--out", str(out)).stderr


def test_a_second_run_while_one_holds_the_lock_does_nothing(db):
    from registry import settings
    from registry.db import Store
    from registry.services import locks

    store = Store(settings.resolve(db))
    with locks.exclusive(store, "notify"):
        busy = smreg(db, "notify", "--dry-run")
    assert busy.exit_code == 75
    assert "Another `smreg notify` is still running on this store" in busy.stderr


def test_without_a_mail_server_the_user_is_told_how_to_set_one(db):
    missing = smreg(db, "notify")
    assert missing.exit_code == 2 and "smreg config set smtp.host" in missing.stderr


def _certificate(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_starttls_with_a_password_from_the_environment_that_is_never_stored(db, tmp_path, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == SMTP_PASSWORD.encode(), handled=False)

    # The server's clock must accept the certificate's dates; the certificate is valid 2026–2036.
    with MailServer(tls_context=context, require_starttls=True, authenticator=authenticator,
                    auth_require_tls=True) as server:
        _configure(db, server.port, ("smtp.security", "starttls"), ("smtp.user", "smreg"), ("smtp.ca_file", str(cert)))
        without = smreg(db, "notify")
        assert without.exit_code == 2 and "SMREG_SMTP_PASSWORD" in without.stderr
        wrong = smreg(db, "notify", env={"SMREG_SMTP_PASSWORD": "not-it"})
        assert wrong.exit_code == 75 and "refused the login of smreg" in wrong.stderr and "not-it" not in wrong.stderr
        sent = smreg(db, "notify", env={"SMREG_SMTP_PASSWORD": SMTP_PASSWORD})
        assert sent.exit_code == 0, sent.stderr
        assert len(server.take()) == 3 and logins[-1] == (b"smreg", SMTP_PASSWORD.encode())
        assert SMTP_PASSWORD not in sent.stdout + sent.stderr
    if "://" not in db:
        for suffix in ("", "-wal", "-shm"):
            path = Path(db + suffix)
            if path.exists():
                assert SMTP_PASSWORD.encode() not in path.read_bytes()
    shown = ok(db, "config", "show", "--format", "json").stdout
    assert SMTP_PASSWORD not in shown


def test_implicit_tls_checks_the_server_certificate(db, tmp_path):
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    with MailServer(ssl_context=context) as server:
        _configure(db, server.port, ("smtp.security", "tls"))
        untrusted = smreg(db, "notify")
        assert untrusted.exit_code == 75 and "SSLCertVerificationError" in untrusted.stderr
        ok(db, "config", "set", "smtp.ca_file", str(cert))
        ok(db, "notify")
        assert len(server.take()) == 3
