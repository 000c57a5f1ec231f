"""The web pages speak the browser's language, else the language the server was started in."""

from __future__ import annotations

import httpx


def test_a_browser_naming_no_language_gets_the_servers_and_one_naming_english_gets_english(dutch_server):
    with httpx.Client(base_url=dutch_server.url) as http:
        plain = http.get("/login", headers={"accept-language": ""}).text
        english = http.get("/login", headers={"accept-language": "en-GB,en;q=0.9"}).text
        german = http.get("/login", headers={"accept-language": "de-DE"}).text
    assert '<html lang="nl"' in plain and '<html lang="nl"' in german
    assert '<html lang="en"' in english
