"""The web interface's figures: every page's server time over a large store, and a bounded load test.

Both start the real ``smreg serve`` on 127.0.0.1 and talk to it over loopback only. The page
figure reads each response's ``Server-Timing`` header (the time from the request reaching smreg
to the response leaving it). The load test runs a fixed number of clients for a fixed time
against PostgreSQL with several worker processes, mixing page reads with handover steps on the
leavers' checklists, then checks that every step the server accepted is in the store.
"""

from __future__ import annotations

import os
import random
import re
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

PASSWORD = "benchmark password"
PAGES = ("/", "/accounts", "/accounts?custodian=left", "/accounts?findings=yes", "/accounts?q=school+12",
         "/accounts/1", "/accounts/1/edit", "/people", "/people?status=leaving", "/people/100001", "/offboarding",
         "{checklist}", "/audit", "/audit?severity=high", "/audit/rules/SM702", "/review", "/imports", "/reports")


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(store, *, accounts: int, persons: int, leavers: int, today, users: int = 1) -> list[str]:
    """Fill the store, open the leavers' offboarding cases, add web users; the leavers' employee ids."""
    import synthetic

    from registry.services import checklists, offboarding
    from registry.services import users as web_users

    synthetic.populate(store, accounts=accounts, persons=persons, leavers=leavers, today=today)
    with store.unit_of_work(actor="benchmark") as uow:
        offboarding.sync(uow, today=today)
        for i in range(users):
            web_users.add_user(uow, name=f"hr{i}", role="admin", password=PASSWORD, today=today)
        uow.commit()
    with store.unit_of_work(actor="benchmark", write=False) as uow:
        queue = checklists.queue(uow.session, today=today)
    return [entry.employee_id for entry in queue if entry.open_accounts]


def start(smreg: str, db: str, env: dict[str, str], log: Path, *, workers: int = 1) -> tuple[subprocess.Popen, str]:
    port = _port()
    process = subprocess.Popen([smreg, "--db", db, "serve", "--port", str(port), "--workers", str(workers),
                                "--insecure-cookies"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"smreg serve did not start: {log.read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def client(base: str, name: str):
    import httpx

    http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    http.get("/login")
    token = http.cookies.get("smreg_login")
    response = http.post("/login", data={"csrf": token, "name": name, "password": PASSWORD, "next": "/"})
    assert response.status_code == 303, response.text[:500]
    return http


def server_ms(response) -> float:
    return float(response.headers["server-timing"].split("dur=")[1])


def page_times(base: str, leaver: str, *, repeat: int = 5) -> list[tuple[str, float]]:
    """The median server time of each page (after one warm-up request), in milliseconds."""
    http = client(base, "hr0")
    out = []
    for path in PAGES:
        path = path.format(checklist=f"/offboarding/{leaver}")
        first = http.get(path)
        assert first.status_code == 200, (path, first.status_code)
        times = [server_ms(http.get(path)) for _ in range(repeat)]
        out.append((path, statistics.median(times)))
    return out


_FORM = re.compile(r'<form method="post" action="(/offboarding/[^"]+/tick)".*?</form>', re.S)


def _field(form: str, name: str) -> str | None:
    match = re.search(rf'name="{name}" value="([^"]*)"', form)
    return match.group(1) if match else None


def load(base: str, leavers: list[str], *, clients: int = 20, seconds: float = 60, seed: int = 3) -> dict:
    """``clients`` threads for ``seconds``: mostly page reads, one request in four a checklist tick."""
    reads = ("/", "/accounts", "/people", "/offboarding", "/audit", "/accounts?findings=yes")
    latencies: list[float] = []
    errors: list[str] = []
    accepted: list[tuple[str, str]] = []
    conflicts = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def work(number: int) -> None:
        rng = random.Random(seed + number)
        http = None
        csrf = None
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                if http is None:  # signing in counts as a request, and its failure as an error
                    http = client(base, f"hr{number}")
                elif rng.random() < 0.25:
                    leaver = rng.choice(leavers)
                    page = http.get(f"/offboarding/{leaver}")
                    forms = [m.group(0) for m in _FORM.finditer(page.text)]
                    if page.status_code != 200:
                        raise RuntimeError(f"checklist {page.status_code}")
                    if forms:
                        form = rng.choice(forms)
                        items = re.findall(r'name="item" value="([a-z_]+)"', form)
                        csrf = _field(form, "csrf")
                        account = _field(form, "account")
                        data = {"csrf": csrf, "account": account, "version": _field(form, "version"),
                                "receiver": (re.search(r'<option value="([^"]+)" selected', form) or
                                             re.search(r'<option value="([^"]+)"', form)).group(1),
                                "rotated_on": "", "item": rng.choice(items)}
                        done = http.post(f"/offboarding/{leaver}/tick", data=data)
                        if done.status_code == 303:
                            with lock:
                                accepted.append((account, data["item"]))
                        elif done.status_code == 409:
                            with lock:
                                conflicts[0] += 1
                        else:
                            raise RuntimeError(f"tick {done.status_code}")
                else:
                    response = http.get(rng.choice(reads))
                    if response.status_code != 200:
                        raise RuntimeError(f"read {response.status_code}")
            except Exception as exc:  # noqa: BLE001 - every failure counts as an error of the run
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    # Bounded: a request in flight at the end has its client's timeout (30 s) to finish, no more.
    for thread in threads:
        thread.join(timeout=max(0.0, stop_at + 35 - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    with lock:
        errors.extend(["client still waiting after the run's end"] * stuck)
        latencies = sorted(latencies)
    return {"requests": len(latencies), "errors": errors, "accepted": accepted, "conflicts": conflicts[0],
            "p50": latencies[len(latencies) // 2] if latencies else 0.0,
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0}


def lost_updates(store, accepted: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The accepted ticks whose evidence the store does not hold."""
    from registry.services import views

    with store.unit_of_work(actor="benchmark", write=False) as uow:
        held = views.recorded_evidence(uow, account_ids={int(a) for a, _ in accepted})
    return [(account, item) for account, item in accepted if item not in held.get(int(account), set())]


def environment(base: dict[str, str]) -> dict[str, str]:
    return {**base, **{k: v for k, v in os.environ.items() if k.startswith("SMREG_")}}
