"""Every brand command works on a new organisation's store: brand terms, maybe, and nothing else."""

from __future__ import annotations

import pytest
from helpers import ok, smreg

OBSERVED = (
    "platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"
    "x,fioretti_fans,Fans van Fioretti,,,,2026-06-01,monitor\n"
    "instagram,\u0430nna.b,\u03a9mega,,,,,monitor\n"  # a Cyrillic а: folded one by one, not in the batch
    "tiktok,,,https://www.tiktok.com/@fioretti.nl/video/7300000000000000001,,,,monitor\n"
)


@pytest.fixture(params=[["--brand", "Fioretti"], []], ids=["brand-only", "nothing"])
def db(request, store_url) -> str:
    ok(store_url, "init", *request.param)
    return store_url


def test_every_brand_command_works_before_any_account_is_registered(db, tmp_path):
    path = tmp_path / "observed.csv"
    path.write_text(OBSERVED, encoding="utf-8")
    branded = bool(ok(db, "brand", "term", "list", "--format", "json").json())
    for args in (["scan", str(path)], ["scan", str(path), "--suspects-only"], ["scan", str(path), "--format", "json"],
                 ["scan", str(path), "--format", "csv"]):
        result = smreg(db, *args)
        assert result.exit_code == (1 if branded else 0), (args, result.stderr)
        assert "unexpected" not in result.stderr
    verdicts = smreg(db, "scan", str(path), "--format", "json").json()["results"]
    assert [v["verdict"] for v in verdicts] == (["suspect", "clear", "suspect"] if branded else ["clear"] * 3)
    assert verdicts[2]["handle"] == "fioretti.nl"  # the handle read from the video's address
    ok(db, "observe", "import", str(path))
    assert len(ok(db, "observe", "list", "--format", "json").json()) == 3
    ok(db, "brand", "logo", "list")
    audit = smreg(db, "audit", "--format", "json")
    assert audit.exit_code in (0, 1) and "unexpected" not in audit.stderr
    assert {f["rule"] for f in audit.json()["findings"]} <= {"SM601"}
