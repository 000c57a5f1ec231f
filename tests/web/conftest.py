"""A real ``smreg serve`` process on 127.0.0.1 over a store on each backend, and Debian's Chromium.

The store is the small registry of ``helpers.small_registry`` with one leaver (1002, custodian of
x:VoorbeeldWest, left on 10-06-2026 without a handover: finding SM702) and one web user per role,
each with the password ``PASSWORD``. The server runs as a separate process, exactly as a user
starts it, with the test's fixed clock and key.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ok
from template_store import BACKENDS, small_registry_copy
from typer.testing import CliRunner

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long test password"
ROLES = ("it", "hr", "auditor", "admin")


def add_users(db: str) -> None:
    from cli.app import app

    runner = CliRunner()
    for role in ROLES:
        result = runner.invoke(app, ["--db", db, "--lang", "en", "user", "add", role, "--role", role],
                               input=f"{PASSWORD}\n{PASSWORD}\n", catch_exceptions=False)
        assert result.exit_code == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    db: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(db: str, log: Path, *extra: str, workers: int = 1) -> Server:
    port = _free_port()
    command = [sys.executable, "-c", "from cli.app import run; run()", "--db", db, "--lang", "en", "serve",
               "--port", str(port), "--workers", str(workers), *extra]
    handle = log.open("wb")
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=dict(os.environ))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"smreg serve stopped: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError("smreg serve did not start listening within 60 s")
    return Server(f"http://127.0.0.1:{port}", db, process, log)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(params=BACKENDS)
def web_store(request, tmp_path: Path) -> str:
    db = small_registry_copy(request.param, request, tmp_path)
    ok(db, "person", "leave", "1002", "--on", "2026-06-10")
    add_users(db)
    from audit.signing import generate_keypair

    generate_keypair(Path(os.environ["SMREG_SIGNING_DIR"]))
    return db


@pytest.fixture
def server(web_store: str, tmp_path: Path) -> Iterator[Server]:
    running = start_server(web_store, tmp_path / "serve.log")
    yield running
    stop_server(running)
    assert "Traceback" not in running.output()


@pytest.fixture
def dutch_server(web_store: str, tmp_path: Path) -> Iterator[Server]:
    """A server started in Dutch (``--lang nl``)."""
    running = start_server(web_store, tmp_path / "serve-nl.log", "--lang", "nl")
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh browser context (its own cookies) per call; all closed after the test."""
    contexts = []

    def new(*, lang: str = "en-GB", bypass_csp: bool = False):
        context = chromium.new_context(locale=lang, bypass_csp=bypass_csp)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


@pytest.fixture
def signed_in(browser_page, server: Server):
    """A browser page signed in as a user (the role's name), on the test server."""

    def sign_in(name: str, *, lang: str = "en-GB", bypass_csp: bool = False):
        page = browser_page(lang=lang, bypass_csp=bypass_csp)
        page.goto(server.url + "/login")
        page.fill("#f-name", name)
        page.fill("#f-password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        assert "/login" not in page.url, page.content()
        return page

    return sign_in
