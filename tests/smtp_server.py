"""A real SMTP server on loopback for the notification tests (aiosmtpd), with ways to fail.

``refuse_from`` makes the server answer the Nth message and every later one with a temporary
error; ``drop_at`` makes it close the connection while the Nth message is being sent. Nothing
listens anywhere but 127.0.0.1.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    rcpt: list[str]
    message: EmailMessage

    @property
    def to(self) -> str:
        return self.rcpt[0]

    def part(self, kind: str) -> str:
        body = self.message.get_body(preferencelist=(kind,))
        return body.get_content() if body is not None else ""

    def attachments(self) -> list[tuple[str, str]]:
        return [(a.get_filename(), a.get_content()) for a in self.message.iter_attachments()]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse_from: int | None = None
    drop_at: int | None = None
    seen: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.drop_at is not None and self.seen == self.drop_at:
            session.transport.close()
            return "421 closing"
        if self.refuse_from is not None and self.seen >= self.refuse_from:
            return "451 4.3.0 try again later"
        self.received.append(Received(list(envelope.rcpt_tos),
                                      message_from_bytes(envelope.original_content, policy=policy.default)))
        return "250 OK"


class MailServer:
    def __init__(self, **controller_options) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **controller_options)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def take(self) -> list[Received]:
        """What arrived since the last take, by recipient."""
        got = sorted(self.handler.received, key=lambda r: r.to)
        self.handler.received = []
        return got
