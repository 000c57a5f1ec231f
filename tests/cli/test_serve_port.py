"""``smreg serve`` on a port another program listens on is refused in one sentence, before it says
anything is served."""

from __future__ import annotations

import socket

import pytest
from helpers import ok, smreg


@pytest.fixture
def taken_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


@pytest.mark.parametrize(("lang", "sentence"), [
    ("nl", "Poort {port} is al in gebruik. Kies een andere poort met --port."),
    ("en", "Port {port} is already in use. Choose another with --port."),
])
def test_serve_on_a_port_in_use_is_refused_before_announcing_anything(tmp_path, taken_port, lang, sentence):
    db = str(tmp_path / "reg.db")
    ok(db, "init", "--org", "Test", "--brand", "Test", "--domain", "test.nl")
    result = smreg(db, "serve", "--port", str(taken_port), lang=lang)
    assert result.exit_code == 3 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith(sentence.format(port=taken_port))
    assert "Errno" not in result.stderr and "http://" not in result.stderr
