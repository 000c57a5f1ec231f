"""A scripted week of ``smreg notify`` against a real SMTP server, on SQLite and PostgreSQL.

A leaver appears in the HR file, time moves on, a suspect appears, the handover is completed: each
day's run sends exactly the expected messages, each once, with reminders after seven days.
"""

from __future__ import annotations

import pytest
from helpers import ok
from smtp_server import MailServer
from template_store import BACKENDS

MONDAY = "2026-06-01T07:00:00+00:00"


def day(n: int) -> dict[str, str]:
    return {"SMREG_CLOCK": f"2026-06-{n:02d}T07:00:00+00:00"}


def build(db: str, port: int) -> None:
    env = {"SMREG_CLOCK": MONDAY}
    ok(db, "init", "--org", "Stichting Lindewijs", "--brand", "Lindewijs", "--domain", "lindewijs.nl", env=env)
    ok(db, "unit", "add", "ORG", "--name", "Stichting Lindewijs", "--kind", "organisation", env=env)
    ok(db, "person", "add", "3001", "--name", "Ilse de Leider", "--unit", "ORG", "--email", "i.deleider@lindewijs.nl",
       env=env)
    ok(db, "unit", "add", "ZON", "--name", "Basisschool De Zon", "--kind", "school", "--parent", "ORG", env=env)
    for args in (("3002", "Carla Mulder", "c.mulder@lindewijs.nl"), ("3003", "Bo Bakker", "b.bakker@lindewijs.nl")):
        ok(db, "person", "add", args[0], "--name", args[1], "--unit", "ZON", "--email", args[2], env=env)
    ok(db, "unit", "update", "ZON", "--lead", "3001", env=env)
    ok(db, "account", "add", "x", "LindewijsZon", "--unit", "ZON", "--custodian", "3002", "--kind", "official",
       "--backup-custodian", "3003", "--vault", "op://Social/LindewijsZon/password",
       "--recovery-contact", "social@lindewijs.nl", env=env)
    for key, value in (("smtp.host", "127.0.0.1"), ("smtp.port", str(port)), ("smtp.security", "none"),
                       ("smtp.from", "smreg@lindewijs.nl"), ("notify.hr", "hr@lindewijs.nl"),
                       ("notify.comms", "communicatie@lindewijs.nl")):
        ok(db, "config", "set", key, value, env=env)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "week.db")
    return request.getfixturevalue("pg_url")


def test_a_scripted_week_sends_each_message_once_on_the_expected_days(db, tmp_path):
    with MailServer() as server:
        build(db, server.port)
        hr = tmp_path / "hr.csv"
        hr.write_text("Personeelsnummer;Naam;E-mail;Eenheid;Datum uit dienst\n"
                      "3001;Ilse de Leider;i.deleider@lindewijs.nl;ORG;\n"
                      "3002;Carla Mulder;c.mulder@lindewijs.nl;ZON;19-06-2026\n"
                      "3003;Bo Bakker;b.bakker@lindewijs.nl;ZON;\n", encoding="utf-8")
        ok(db, "person", "import", str(hr), env=day(1))

        # Monday: the leaver, the unit lead's view of it, and HR's digest.
        first = ok(db, "notify", env=day(1))
        assert "Sent 3 of 3 messages." in first.stderr
        got = server.take()
        assert [r.to for r in got] == ["c.mulder@lindewijs.nl", "hr@lindewijs.nl", "i.deleider@lindewijs.nl"]
        carla, hr_mail, lead = got
        assert carla.message["Subject"] == "[Stichting Lindewijs] Accounts overdragen bij vertrek"
        assert "x:LindewijsZon: Carla Mulder vertrekt op 19-06-2026 en er is nog geen overdracht vastgelegd." in carla.part("plain")
        assert [name for name, _ in carla.attachments()] == ["vertrekchecklist-3002.html"]
        assert "LindewijsZon" in carla.attachments()[0][1]
        assert lead.part("plain").startswith("Beste Ilse de Leider,")
        assert "Carla Mulder (3002), ZON, einddatum 19-06-2026: 0 van 1 accounts overgedragen." in hr_mail.part("plain")
        assert "x:LindewijsZon: nog geen overdracht vastgelegd (ontvanger: Bo Bakker (3003))." in hr_mail.part("plain")

        # Tuesday: nothing new, no reminder yet.
        second = ok(db, "notify", env=day(2))
        assert "Nothing is due" in second.stderr and server.take() == []

        # Wednesday: an outside account starts using the name; only communications hears of it.
        observed = tmp_path / "observed.csv"
        observed.write_text("platform,handle,display_name,url,platform_id,avatar,first_seen,source\n"
                            "instagram,l1ndewijs.fans,Fans van Lindewijs,,,,2026-06-03,monitor\n", encoding="utf-8")
        ok(db, "observe", "import", str(observed), env=day(3))
        ok(db, "notify", env=day(3))
        got = server.take()
        assert [r.to for r in got] == ["communicatie@lindewijs.nl"]
        assert "instagram:l1ndewijs.fans (Fans van Lindewijs): gebruikt een merknaam" in got[0].part("plain")

        # Next Monday, seven days on: reminders for the leaver, not for the suspect.
        ok(db, "notify", env=day(8))
        assert [r.to for r in server.take()] == ["c.mulder@lindewijs.nl", "hr@lindewijs.nl", "i.deleider@lindewijs.nl"]

        # Tuesday: the handover is completed; from then on nobody hears of it again.
        ok(db, "handover", "x:LindewijsZon", "--to", "3003", "--on", "2026-06-09", "--rotated-on", "2026-06-09",
           "--recovery-moved", "--mfa-reset", "--sessions-revoked", "--vault-updated", env=day(9))
        for n in (9, 16, 23):
            ok(db, "notify", env=day(n))
        assert [r.to for r in server.take()] == []



def test_a_custodian_is_asked_once_a_year_to_confirm_an_account_and_stops_hearing_once_confirmed(db, tmp_path):
    with MailServer() as server:
        build(db, server.port)
        ok(db, "account", "add", "youtube", "@lindewijszon", "--unit", "ZON", "--custodian", "3003", "--vault",
           "op://Social/yt/password", "--created-on", "2025-03-01", env=day(1))
        ok(db, "config", "set", "notify.language", "en", env=day(1))
        ok(db, "notify", env=day(1))
        got = server.take()
        assert [r.to for r in got] == ["b.bakker@lindewijs.nl"]
        text = got[0].part("plain")
        assert got[0].message["Subject"] == "[Stichting Lindewijs] Please confirm your work accounts"
        assert "youtube:@lindewijszon: never confirmed." in text
        assert "`smreg attest youtube:@lindewijszon`" in text
        ok(db, "attest", "youtube:@lindewijszon", env=day(2))
        ok(db, "notify", env=day(9))
        assert server.take() == []


def test_with_a_web_address_the_message_links_to_the_page_instead_of_attaching(db, tmp_path):
    with MailServer() as server:
        build(db, server.port)
        ok(db, "config", "set", "web.url", "https://smreg.lindewijs.nl/", env=day(1))
        ok(db, "person", "leave", "3002", "--on", "2026-06-19", env=day(1))
        ok(db, "notify", env=day(1))
        carla = next(r for r in server.take() if r.to == "c.mulder@lindewijs.nl")
        assert carla.attachments() == []
        assert "https://smreg.lindewijs.nl/offboarding/3002" in carla.part("plain")


def test_the_demo_writes_its_notifications_as_files_and_shows_one(tmp_path):
    from email import message_from_bytes, policy

    result = ok(str(tmp_path / "unused.db"), "demo", "--dir", str(tmp_path / "demo"))
    assert "Notifications (" in result.stdout and "as `smreg notify --out` writes them" in result.stdout
    files = sorted((tmp_path / "demo" / "mail").glob("*.eml"))
    assert files and str(files[0]) in result.stdout
    digest = message_from_bytes(next(f for f in files if f.name.endswith("hr_lindewijs.nl.eml")).read_bytes(),
                                policy=policy.default)
    assert digest["Subject"] == "[Stichting Lindewijs] Openstaande vertrekdossiers"
    assert "accounts overgedragen." in digest.get_body(preferencelist=("plain",)).get_content()
