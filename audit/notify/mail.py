"""Mail out: a composed message as an RFC 5322 message, sent over SMTP or written as ``.eml``.

SMTP goes with STARTTLS (the default, port 587) or implicit TLS (``smtp.security tls``, port 465);
``none`` is for a relay on the same host only. The password is never in the store: it comes from
``SMREG_SMTP_PASSWORD`` or, when the ``keyring`` package is installed, from the system keyring
(service ``smreg-smtp``, the SMTP user name).
"""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.errors import RegistryError, UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from audit.notify.compose import Composed

i18n.register(
    {
        "notify.no_server": (
            "No mail server is set. Set one with `smreg config set smtp.host mail.example.org` (and smtp.from), or use --out DIR to write the messages as files.",
            "Er is geen mailserver ingesteld. Stel er een in met `smreg config set smtp.host mail.voorbeeld.nl` (en smtp.from), of schrijf de berichten met --out MAP naar bestanden.",
        ),
        "notify.no_sender": (
            "No sender address is set. Set it with `smreg config set smtp.from smreg@example.org`.",
            "Er is geen afzenderadres ingesteld. Stel het in met `smreg config set smtp.from smreg@voorbeeld.nl`.",
        ),
        "notify.no_password": (
            "The SMTP user {user} needs a password: put it in the environment variable SMREG_SMTP_PASSWORD, or in the system keyring (service smreg-smtp). It is never kept in the store.",
            "De SMTP-gebruiker {user} heeft een wachtwoord nodig: zet het in de omgevingsvariabele SMREG_SMTP_PASSWORD of in de sleutelbos van het systeem (dienst smreg-smtp). Het wordt nooit in de registratie bewaard.",
        ),
        "notify.server_failed": (
            "The mail server {host} failed ({reason}). What was sent is recorded; the rest goes out on the next run.",
            "De mailserver {host} gaf een fout ({reason}). Wat verstuurd is, is vastgelegd; de rest gaat bij de volgende run mee.",
        ),
        "notify.login_failed": (
            "The mail server {host} refused the login of {user}. Check smtp.user and the password; nothing was sent.",
            "De mailserver {host} weigerde de aanmelding van {user}. Controleer smtp.user en het wachtwoord; er is niets verstuurd.",
        ),
    }
)


class MailFailed(RegistryError):
    """The mail server failed part-way; exit 75 (try again later)."""

    exit_code = 75


def message(composed: Composed, *, sender: str, to: str, name: str | None, now: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = composed.subject
    msg["From"] = sender
    msg["To"] = formataddr((name or "", to))
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(composed.text)
    msg.add_alternative(composed.html, subtype="html")
    for filename, body in composed.attachments:
        msg.add_attachment(body, maintype="text", subtype="html", filename=filename)
    return msg


def write_eml(msg: EmailMessage, directory: Path, index: int) -> Path:
    """The message as ``NNN-<recipient>.eml``, readable by its owner only (it names people)."""
    directory.mkdir(parents=True, exist_ok=True)
    local = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in str(msg["To"].addresses[0].addr_spec))
    path = directory / f"{index:03d}-{local[:80]}.eml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(msg.as_bytes())
    return path


def password(user: str) -> str:
    secret = os.environ.get("SMREG_SMTP_PASSWORD")
    if secret:
        return secret
    try:
        import keyring  # optional: pip install keyring
    except ImportError:
        keyring = None
    if keyring is not None:
        found = keyring.get_password("smreg-smtp", user)
        if found:
            return found
    raise UsageError("notify.no_password", user=user)


class Transport:
    """One SMTP connection for the whole run, opened on the first message."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.host = str(settings.get("smtp.host") or "")
        if not self.host:
            raise UsageError("notify.no_server")
        self.sender = str(settings.get("smtp.from") or "")
        if not self.sender:
            raise UsageError("notify.no_sender")
        self.port = int(settings.get("smtp.port") or 587)
        self.security = str(settings.get("smtp.security") or "starttls")
        self.user = str(settings.get("smtp.user") or "")
        self.ca_file = str(settings.get("smtp.ca_file") or "") or None
        self._secret = password(self.user) if self.user else None
        self._smtp: smtplib.SMTP | None = None

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def _open(self) -> smtplib.SMTP:
        try:
            if self.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=30, context=self._context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=30)
                if self.security == "starttls":
                    smtp.starttls(context=self._context())
            if self.user:
                smtp.login(self.user, self._secret or "")
        except smtplib.SMTPAuthenticationError:
            raise MailFailed("notify.login_failed", host=self.host, user=self.user) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise MailFailed("notify.server_failed", host=self.host, reason=_reason(exc)) from None
        return smtp

    def send(self, msg: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._open()
        try:
            refused = self._smtp.send_message(msg, from_addr=self.sender)
        except (OSError, smtplib.SMTPException) as exc:
            self._smtp = None
            raise MailFailed("notify.server_failed", host=self.host, reason=_reason(exc)) from None
        if refused:
            raise MailFailed("notify.server_failed", host=self.host, reason=_reason(next(iter(refused.values()))))

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def _reason(exc: Any) -> str:
    """The server's words without anything the client sent (no addresses, no secrets)."""
    if isinstance(exc, tuple) and len(exc) == 2:
        code, text = exc
        return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"[:160]
    code = getattr(exc, "smtp_code", None)
    if code is not None:
        text = getattr(exc, "smtp_error", b"")
        return f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"[:160]
    return type(exc).__name__
