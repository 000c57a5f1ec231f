"""Today's audit for the web pages, on SQLite and PostgreSQL: kept while the log's head stays, worked
out again after a change, and once for all the requests that ask while it is being worked out."""

from __future__ import annotations

import threading
import time

import pytest
from helpers import ok
from template_store import BACKENDS, small_registry_copy

from audit import engine, live
from registry import settings
from registry.db import Store


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    return small_registry_copy(request.param, request, tmp_path)


def test_requests_asking_at_once_share_one_audit_and_a_change_brings_a_new_one(db, monkeypatch):
    store = Store(settings.resolve(db))
    runs: list[int] = []
    real = engine.run

    def slow_run(on_store):
        runs.append(1)
        time.sleep(0.3)  # long enough for every request below to arrive while it runs
        return real(on_store)

    monkeypatch.setattr(engine, "run", slow_run)
    results: list[object] = []
    asking = [threading.Thread(target=lambda: results.append(live.today(store))) for _ in range(5)]
    for thread in asking:
        thread.start()
    for thread in asking:
        thread.join()
    assert len(runs) == 1 and len(results) == 5 and all(r is results[0] for r in results)
    assert live.today(store) is results[0] and len(runs) == 1
    assert not any(f.rule == "SM702" for f in results[0].findings)
    ok(db, "person", "leave", "1002", "--on", "2026-06-10")
    after = live.today(store)
    assert len(runs) == 2 and any(f.rule == "SM702" for f in after.findings)
