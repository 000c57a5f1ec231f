"""Handles per platform: validation by the platform's rule, canonical form, URLs in and out."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from registry import i18n
from registry.errors import ValidationError
from registry.platforms import (
    Handle,
    handle_from_url,
    parse_handle,
    platform_label,
    platform_names,
    resolve_platform,
    rule_text,
    same_key,
)

ALL_PLATFORMS = [
    "bluesky",
    "facebook",
    "instagram",
    "linkedin",
    "mastodon",
    "pinterest",
    "snapchat",
    "threads",
    "tiktok",
    "tumblr",
    "website",
    "whatsapp",
    "x",
    "youtube",
]


@pytest.fixture(scope="module", autouse=True)
def english():
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@contextlib.contextmanager
def speaking(lang: str):
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n.set_language("en")


def refusal(platform: str, value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_handle(platform, value)
    return caught.value


# --- the platform list ------------------------------------------------------------------------


def test_the_platform_names_are_the_canonical_names_sorted():
    assert platform_names() == ALL_PLATFORMS


@pytest.mark.parametrize(
    ("name", "canonical"),
    [("Twitter", "x"), (" X ", "x"), ("LinkedIn", "linkedin"), ("bsky", "bluesky"), ("YouTube", "youtube")],
)
def test_platform_names_and_aliases_resolve_to_the_canonical_name(name, canonical):
    assert resolve_platform(name) == canonical


def test_an_unknown_platform_is_refused_with_the_list_of_known_platforms():
    err = refusal("myspace", "tom")
    assert err.key == "platform.unknown"
    assert "myspace" in str(err)
    for name in ALL_PLATFORMS:
        assert name in str(err)


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_every_platform_has_a_rule_in_english_and_dutch_and_a_label(platform):
    english_rule = rule_text(platform)
    with speaking("nl"):
        dutch_rule = rule_text(platform)
    assert english_rule and dutch_rule and english_rule != dutch_rule
    assert not english_rule.startswith("platform.rule.")
    assert platform_label(platform)


# --- valid handles ----------------------------------------------------------------------------

# fmt: off
VALID = [
    ("x", "AloysiusWest", "AloysiusWest", "aloysiuswest", "https://x.com/AloysiusWest"),
    ("x", "@0xRicker", "0xRicker", "0xricker", "https://x.com/0xRicker"),
    ("x", "12345", "12345", "12345", "https://x.com/12345"),
    ("twitter", "  @Aloysius_NL ", "Aloysius_NL", "aloysius_nl", "https://x.com/Aloysius_NL"),
    ("instagram", "aloysius.stichting", "aloysius.stichting", "aloysius.stichting", "https://www.instagram.com/aloysius.stichting"),
    ("instagram", "@__Disco__Dude", "__Disco__Dude", "__disco__dude", "https://www.instagram.com/__Disco__Dude"),
    ("threads", "@aloysius.stichting", "aloysius.stichting", "aloysius.stichting", "https://www.threads.net/@aloysius.stichting"),
    ("facebook", "John.Smith55", "John.Smith55", "johnsmith55", "https://www.facebook.com/John.Smith55"),
    ("facebook", "groups/Ouders4B", "groups/Ouders4B", "groups/ouders4b", "https://www.facebook.com/groups/Ouders4B"),
    ("linkedin", "company/aloysius-stichting", "company/aloysius-stichting", "company/aloysius-stichting", "https://www.linkedin.com/company/aloysius-stichting"),
    ("linkedin", "in/peter-m%C3%BCller-81a8", "in/peter-müller-81a8", "in/peter-müller-81a8", "https://www.linkedin.com/in/peter-m%C3%BCller-81a8"),
    ("linkedin", "School/Aloysius-College", "school/Aloysius-College", "school/aloysius-college", "https://www.linkedin.com/school/Aloysius-College"),
    ("linkedin", "groups/1234567", "groups/1234567", "groups/1234567", "https://www.linkedin.com/groups/1234567"),
    ("youtube", "DeZonTV", "@DeZonTV", "@dezontv", "https://www.youtube.com/@DeZonTV"),
    ("youtube", "@школа_123", "@школа_123", "@школа_123", "https://www.youtube.com/@%D1%88%D0%BA%D0%BE%D0%BB%D0%B0_123"),
    ("tiktok", "@De.Zon_School", "De.Zon_School", "de.zon_school", "https://www.tiktok.com/@De.Zon_School"),
    ("pinterest", "Aloysius_NL", "Aloysius_NL", "aloysius_nl", "https://www.pinterest.com/Aloysius_NL"),
    ("tumblr", "Aloysius-Blog", "aloysius-blog", "aloysius-blog", "https://www.tumblr.com/aloysius-blog"),
    ("tumblr", "aloysius.tumblr.com", "aloysius", "aloysius", "https://www.tumblr.com/aloysius"),
    ("bluesky", "@Aloysius.BSKY.Social", "aloysius.bsky.social", "aloysius.bsky.social", "https://bsky.app/profile/aloysius.bsky.social"),
    ("bluesky", "aloysius.nl", "aloysius.nl", "aloysius.nl", "https://bsky.app/profile/aloysius.nl"),
    ("mastodon", "@Jan@Mastodon.Social", "Jan@mastodon.social", "jan@mastodon.social", "https://mastodon.social/@Jan"),
    ("mastodon", "jan.de-vries@onderwijs.social", "jan.de-vries@onderwijs.social", "jan.de-vries@onderwijs.social", "https://onderwijs.social/@jan.de-vries"),
    ("whatsapp", "  Ouders   groep 4B 🎉 ", "Ouders groep 4B 🎉", "ouders groep 4b 🎉", None),
    ("whatsapp", "Familie 👨\u200d👩\u200d👧", "Familie 👨\u200d👩\u200d👧", "familie 👨\u200d👩\u200d👧", None),
    ("snapchat", "dezon.school", "dezon.school", "dezon.school", "https://www.snapchat.com/add/dezon.school"),
    ("website", "https://www.Aloysius.nl/blog/", "www.aloysius.nl/blog", "aloysius.nl/blog", "https://www.aloysius.nl/blog"),
    ("website", "aloysius.nl", "aloysius.nl", "aloysius.nl", "https://aloysius.nl"),
]
# fmt: on


@pytest.mark.parametrize(("platform", "value", "handle", "key", "url"), VALID)
def test_a_valid_handle_is_accepted_and_canonicalised(platform, value, handle, key, url):
    assert parse_handle(platform, value) == Handle(resolve_platform(platform), handle, key, url)


def test_every_platform_has_a_valid_example():
    assert {resolve_platform(row[0]) for row in VALID} == set(ALL_PLATFORMS)


def test_a_decomposed_handle_is_stored_in_composed_form():
    assert parse_handle("youtube", "@Jose\u0301TV") == parse_handle("youtube", "@JoséTV")
    assert parse_handle("youtube", "@Jose\u0301TV").handle == "@JoséTV"


# --- pasted profile URLs ----------------------------------------------------------------------

# fmt: off
URLS = [
    ("x", "AloysiusWest", "https://x.com/AloysiusWest"),
    ("x", "AloysiusWest", "http://www.twitter.com/AloysiusWest/"),
    ("x", "AloysiusWest", "https://mobile.twitter.com/AloysiusWest?s=20"),
    ("x", "AloysiusWest", "x.com/AloysiusWest#top"),
    ("x", "AloysiusWest", "https://x.com/AloysiusWest/status/1234567890"),
    ("instagram", "aloysius.stichting", "https://www.instagram.com/aloysius.stichting/?hl=nl"),
    ("instagram", "aloysius.stichting", "instagram.com/aloysius.stichting"),
    ("instagram", "aloysius.stichting", "http://m.instagram.com/aloysius.stichting"),
    ("threads", "aloysius.stichting", "https://www.threads.net/@aloysius.stichting"),
    ("threads", "aloysius.stichting", "threads.com/@aloysius.stichting/"),
    ("facebook", "John.Smith55", "https://www.facebook.com/John.Smith55/"),
    ("facebook", "John.Smith55", "https://m.facebook.com/John.Smith55?ref=bookmarks"),
    ("facebook", "John.Smith55", "web.facebook.com/John.Smith55"),
    ("facebook", "100012345678", "https://www.facebook.com/profile.php?id=100012345678"),
    ("facebook", "groups/Ouders4B", "https://www.facebook.com/groups/Ouders4B/"),
    ("linkedin", "company/aloysius-stichting", "https://www.linkedin.com/company/aloysius-stichting/"),
    ("linkedin", "company/aloysius-stichting", "https://nl.linkedin.com/company/aloysius-stichting/about/"),
    ("linkedin", "company/aloysius-stichting", "linkedin.com/company/aloysius-stichting?trk=public"),
    ("linkedin", "in/peter-müller-81a8", "https://www.linkedin.com/in/peter-m%C3%BCller-81a8/"),
    ("youtube", "@DeZonTV", "https://www.youtube.com/@DeZonTV"),
    ("youtube", "@DeZonTV", "https://m.youtube.com/@DeZonTV/videos"),
    ("youtube", "@DeZonTV", "youtube.com/@DeZonTV?sub_confirmation=1"),
    ("tiktok", "De.Zon_School", "https://www.tiktok.com/@De.Zon_School?lang=nl"),
    ("tiktok", "De.Zon_School", "m.tiktok.com/@De.Zon_School/"),
    ("pinterest", "Aloysius_NL", "https://nl.pinterest.com/Aloysius_NL/"),
    ("pinterest", "Aloysius_NL", "https://www.pinterest.nl/Aloysius_NL/_saved/"),
    ("tumblr", "aloysius", "https://aloysius.tumblr.com/"),
    ("tumblr", "aloysius", "https://www.tumblr.com/aloysius"),
    ("tumblr", "aloysius", "http://aloysius.tumblr.com/post/123/title"),
    ("bluesky", "aloysius.bsky.social", "https://bsky.app/profile/aloysius.bsky.social"),
    ("bluesky", "aloysius.bsky.social", "bsky.app/profile/Aloysius.bsky.social/post/3kabc"),
    ("mastodon", "Jan@mastodon.social", "https://mastodon.social/@Jan"),
    ("mastodon", "Jan@mastodon.social", "https://mastodon.social/users/Jan"),
    ("mastodon", "Jan@mastodon.social", "https://mastodon.social/web/@Jan/"),
    ("mastodon", "Jan@mastodon.social", "https://fosstodon.org/@Jan@mastodon.social"),
    ("snapchat", "dezon.school", "https://www.snapchat.com/add/dezon.school"),
    ("snapchat", "dezon.school", "snapchat.com/@dezon.school"),
    ("website", "www.aloysius.nl/blog", "http://www.aloysius.nl/blog?utm_source=x#top"),
    ("website", "www.aloysius.nl/blog", "www.aloysius.nl/blog/"),
]
# fmt: on


@pytest.mark.parametrize(("platform", "bare", "url"), URLS)
def test_a_pasted_profile_url_gives_the_same_handle_as_the_bare_handle(platform, bare, url):
    assert parse_handle(platform, url) == parse_handle(platform, bare)


def test_every_platform_with_profiles_has_url_examples():
    assert {row[0] for row in URLS} == set(ALL_PLATFORMS) - {"whatsapp"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://twitter.com/AloysiusWest", ("x", "AloysiusWest")),
        ("x.com/AloysiusWest", ("x", "AloysiusWest")),
        ("https://www.linkedin.com/in/jan-jansen-1a2b3c/", ("linkedin", "in/jan-jansen-1a2b3c")),
        ("https://www.instagram.com/aloysius.stichting/", ("instagram", "aloysius.stichting")),
        ("https://www.youtube.com/@DeZonTV/videos", ("youtube", "@DeZonTV")),
        ("https://www.tiktok.com/@dezon", ("tiktok", "dezon")),
        ("https://www.threads.net/@dezon", ("threads", "dezon")),
        ("https://bsky.app/profile/dezon.bsky.social", ("bluesky", "dezon.bsky.social")),
        ("https://nl.pinterest.com/dezon_school/", ("pinterest", "dezon_school")),
        ("https://dezon.tumblr.com/", ("tumblr", "dezon")),
        ("https://www.facebook.com/BasisschoolDeZon", ("facebook", "BasisschoolDeZon")),
        ("https://onderwijs.social/@Jan", ("mastodon", "Jan@onderwijs.social")),
        ("https://www.snapchat.com/add/dezon.school", ("snapchat", "dezon.school")),
    ],
)
def test_the_platform_and_handle_are_detected_from_a_profile_url(url, expected):
    assert handle_from_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://www.aloysius.nl/blog",
        "https://example.org/users/jan",
        "https://medium.com/@jan",
        "https://x.com/home",
        "https://www.youtube.com/watch?v=abc",
        "https://chat.whatsapp.com/AbCdEfGhIjK123",
        "https://x.com/al-oysius",
        "AloysiusWest",
        "",
        "ftp://x.com/AloysiusWest",
    ],
)
def test_an_address_that_is_no_known_profile_is_not_detected(url):
    assert handle_from_url(url) is None


def test_a_profile_url_of_another_platform_names_the_right_platform():
    err = refusal("x", "https://www.instagram.com/aloysius.stichting/")
    assert err.key == "platform.url_other"
    assert err.params["owner_name"] == "instagram"
    assert "Instagram" in str(err)


def test_a_website_address_that_is_a_social_profile_is_sent_to_its_platform():
    err = refusal("website", "https://x.com/AloysiusWest")
    assert err.key == "platform.url_other"
    assert err.params["owner_name"] == "x"


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("youtube", "https://www.youtube.com/channel/UC1234567890"),
        ("x", "https://x.com/home"),
        ("x", "https://example.org/AloysiusWest"),
        ("tiktok", "https://vm.tiktok.com/ZMabc123/"),
    ],
)
def test_an_address_that_is_not_a_profile_is_refused_with_the_rule(platform, url):
    err = refusal(platform, url)
    assert err.key == "platform.url_not_profile"
    assert rule_text(platform) in str(err)


def test_an_address_with_a_password_in_it_is_refused_without_echoing_it():
    err = refusal("website", "https://jan:Geheim123@aloysius.nl/")
    assert err.key == "platform.url_credentials"
    assert "Geheim123" not in str(err) and "Geheim123" not in repr(err.params)


# --- invalid handles --------------------------------------------------------------------------

# fmt: off
INVALID = [
    ("x", "al-oysius"),
    ("x", "AloysiusWestKustNoord"),  # 21 characters
    ("x", "Aloysius West"),
    ("instagram", ".aloysius"),
    ("instagram", "aloysius."),
    ("instagram", "alo..ysius"),
    ("instagram", "a" * 31),
    ("instagram", "aloy$ius"),
    ("threads", "alo..ysius"),
    ("facebook", "john"),
    ("facebook", "john_smith"),
    ("facebook", "john-smith"),
    ("linkedin", "aloysius"),
    ("linkedin", "in/ab"),
    ("linkedin", "groups/abc"),
    ("linkedin", "in/peter müller"),
    ("linkedin", "company/x!y"),
    ("youtube", "@ab"),
    ("youtube", "@" + "a" * 31),
    ("youtube", "@dezon tv"),
    ("youtube", "@schооl"),  # Latin with two Cyrillic о
    ("tiktok", "dezon."),
    ("tiktok", "a"),
    ("tiktok", "de zon"),
    ("pinterest", "ab"),
    ("pinterest", "de-zon"),
    ("tumblr", "de_zon"),
    ("tumblr", "a" * 33),
    ("bluesky", "aloysius"),
    ("bluesky", "aloysius.local"),
    ("bluesky", "alice.bsky.123"),
    ("bluesky", "-alice.bsky.social"),
    ("bluesky", "alice..bsky.social"),
    ("bluesky", "älice.bsky.social"),
    ("mastodon", "jan"),
    ("mastodon", "jan@"),
    ("mastodon", "jan.@mastodon.social"),
    ("mastodon", "j an@mastodon.social"),
    ("mastodon", "jan@localhost"),
    ("mastodon", "a" * 31 + "@mastodon.social"),
    ("whatsapp", "a" * 101),
    ("snapchat", "1dezon"),
    ("snapchat", "de"),
    ("snapchat", "dezon!school"),
    ("website", "localhost"),
    ("website", "not a site"),
    ("website", "http://192.168.1.1/admin"),
]
# fmt: on


@pytest.mark.parametrize(("platform", "value"), INVALID)
def test_an_invalid_handle_is_refused_with_the_platform_rule_in_english(platform, value):
    err = refusal(platform, value)
    assert err.key in ("platform.invalid", "platform.website.invalid", "platform.whatsapp.invalid")
    assert rule_text(platform) in str(err)


@pytest.mark.parametrize(("platform", "value"), INVALID)
def test_an_invalid_handle_is_refused_with_the_platform_rule_in_dutch(platform, value):
    with speaking("nl"):
        err = refusal(platform, value)
        dutch_rule = rule_text(platform)
        assert dutch_rule in str(err)
    assert dutch_rule != rule_text(platform)


def test_every_platform_has_an_invalid_example():
    assert {row[0] for row in INVALID} == set(ALL_PLATFORMS)


def test_an_invalid_x_handle_message_names_the_handle_and_the_rule():
    err = refusal("x", "al-oysius")
    assert str(err) == (
        "'al-oysius' is not a valid X handle: X handles are 1–15 letters, digits or underscores. "
        "Correct the handle or paste the profile URL."
    )
    with speaking("nl"):
        assert str(refusal("x", "al-oysius")) == (
            "'al-oysius' is geen geldige X-handle: X-handles bestaan uit 1–15 letters, cijfers of "
            "underscores. Verbeter de handle of plak de URL van het profiel."
        )


@pytest.mark.parametrize(
    ("platform", "value"), [("x", "home"), ("instagram", "Explore"), ("pinterest", "search")]
)
def test_a_word_the_platform_keeps_for_its_own_pages_is_refused(platform, value):
    err = refusal(platform, value)
    assert err.key == "platform.reserved"
    assert value in str(err) and rule_text(platform) in str(err)


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
def test_an_empty_handle_is_refused(platform):
    assert refusal(platform, "   ").key == "platform.empty"


# --- spoofing characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "value", "spelled"),
    [
        ("x", "alo\u200cysius", "\\u200c"),
        ("x", "\u202eAloysius", "\\u202e"),
        ("instagram", "aloysius\u200b.nl", "\\u200b"),
        ("youtube", "@de\u3164zon", "\\u3164"),
        ("linkedin", "in/peter\u00admuller", "\\u00ad"),
        ("mastodon", "jan\u2066@mastodon.social", "\\u2066"),
        ("whatsapp", "Ouders\u200b4B", "\\u200b"),
        ("website", "aloysius.nl/blog\u200b", "\\u200b"),
    ],
)
def test_a_handle_with_invisible_or_bidi_characters_is_refused_not_cleaned(platform, value, spelled):
    err = refusal(platform, value)
    assert err.key == "platform.hidden_characters"
    assert spelled in str(err)
    assert rule_text(platform) in str(err)


def test_invisible_characters_keep_an_observed_handle_apart_from_the_registered_one():
    assert same_key("x", "alo\u200cysius") != same_key("x", "aloysius")


# --- what counts as the same handle -----------------------------------------------------------


def test_facebook_ignores_dots_and_case_when_comparing_usernames():
    keys = {parse_handle("facebook", v).key for v in ("johnsmith55", "John.Smith55", "john.smith.55")}
    assert keys == {"johnsmith55"}


def test_facebook_keeps_the_username_as_typed_for_display():
    assert parse_handle("facebook", "John.Smith55").handle == "John.Smith55"


def test_the_same_mastodon_user_on_another_instance_is_another_account():
    assert (
        parse_handle("mastodon", "jan@mastodon.social").key
        != parse_handle("mastodon", "jan@fosstodon.org").key
    )


def test_mastodon_user_names_and_instances_ignore_case():
    assert (
        parse_handle("mastodon", "Jan@Mastodon.Social").key
        == parse_handle("mastodon", "jan@mastodon.social").key
    )


def test_a_mastodon_instance_in_unicode_and_in_punycode_is_one_instance():
    unicode_form = parse_handle("mastodon", "jan@münchen.social")
    assert unicode_form.key == parse_handle("mastodon", "jan@xn--mnchen-3ya.social").key
    assert unicode_form.url == "https://xn--mnchen-3ya.social/@jan"


def test_x_handles_differing_only_in_case_are_the_same_handle():
    assert parse_handle("x", "AloysiusWest").key == parse_handle("twitter", "aloysiuswest").key


def test_a_website_with_and_without_www_is_the_same_site():
    assert (
        parse_handle("website", "www.aloysius.nl/blog").key
        == parse_handle("website", "https://aloysius.nl/blog/").key
    )


def test_a_website_path_keeps_its_case_in_the_key():
    assert parse_handle("website", "aloysius.nl/Blog").key != parse_handle("website", "aloysius.nl/blog").key


# --- WhatsApp invite links are secrets -------------------------------------------------------

INVITE = "https://chat.whatsapp.com/AbCdEfGhIjK123xyz"


@pytest.mark.parametrize("platform", ["whatsapp", "website", "x"])
def test_a_whatsapp_invite_link_is_refused_as_a_secret_and_never_echoed(platform):
    err = refusal(platform, INVITE)
    assert err.key == "platform.whatsapp_invite"
    assert "secret" in str(err) and "name" in str(err)
    for text in (str(err), repr(err), repr(err.args), repr(err.params)):
        assert "AbCdEfGhIjK123xyz" not in text


def test_the_lenient_key_of_an_invite_link_does_not_contain_the_link():
    key = same_key("whatsapp", INVITE)
    assert "AbCdEfGhIjK123xyz".casefold() not in key
    assert key == same_key("whatsapp", INVITE)
    assert key != same_key("whatsapp", INVITE + "Q")


def test_a_whatsapp_group_has_no_url():
    assert parse_handle("whatsapp", "Team 4B").url is None
    assert refusal("whatsapp", "https://example.org/groep").key == "platform.whatsapp_url"


# --- lenient keys for observed accounts -------------------------------------------------------


def test_same_key_accepts_handles_that_break_the_rule():
    assert same_key("x", "Aloy$ius") == "aloy$ius"
    assert same_key("x", "ALOYSIUS_ACADEMIE") == "aloysius_academie"


def test_same_key_reads_pasted_urls():
    assert same_key("x", "https://twitter.com/AloysiusWest/") == "aloysiuswest"


def test_same_key_of_an_unknown_platform_is_plain_casefolding():
    assert same_key("myspace", "  Tom ") == "tom"


# --- properties -------------------------------------------------------------------------------

_LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DNS_LABEL = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
_TLD = st.from_regex(r"[a-z][a-z0-9]{1,5}", fullmatch=True).filter(
    lambda tld: tld not in {"alt", "arpa", "example", "internal", "invalid", "local", "localhost", "onion"}
)
_DOMAIN = st.builds(
    lambda labels, tld: ".".join([*labels, tld]), st.lists(_DNS_LABEL, min_size=1, max_size=3), _TLD
)
_INSTAGRAM = (
    st.lists(st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True), min_size=1, max_size=5)
    .map(".".join)
    .filter(lambda s: len(s) <= 30)
)

VALID_HANDLES = {
    "x": st.from_regex(r"[A-Za-z0-9_]{1,15}", fullmatch=True),
    "instagram": _INSTAGRAM,
    "threads": _INSTAGRAM,
    "facebook": st.one_of(
        st.from_regex(r"[A-Za-z0-9.]{5,50}", fullmatch=True),
        st.from_regex(r"groups/[A-Za-z0-9._-]{1,30}", fullmatch=True),
    ),
    "linkedin": st.one_of(
        st.builds(
            lambda kind, slug: f"{kind}/{slug}",
            st.sampled_from(["in", "company", "school", "showcase"]),
            st.text(alphabet="abcXYZ019-_äéüñßжø", min_size=3, max_size=40),
        ),
        st.from_regex(r"groups/[0-9]{1,12}", fullmatch=True),
    ),
    "youtube": st.one_of(
        st.from_regex(r"@[A-Za-z0-9_.-]{3,30}", fullmatch=True),
        st.text(alphabet="школа12_-.", min_size=3, max_size=30).map(lambda s: "@" + s),
    ),
    "tiktok": st.from_regex(r"[A-Za-z0-9_.]{1,29}[A-Za-z0-9_]", fullmatch=True),
    "pinterest": st.from_regex(r"[A-Za-z0-9_]{3,30}", fullmatch=True),
    "tumblr": st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?", fullmatch=True),
    "bluesky": _DOMAIN.filter(lambda d: len(d) <= 253),
    "mastodon": st.builds(
        lambda user, domain: f"{user}@{domain}",
        st.from_regex(r"[A-Za-z0-9_]{1,10}(?:[.-][A-Za-z0-9_]{1,5}){0,2}", fullmatch=True),
        _DOMAIN,
    ),
    "whatsapp": st.text(alphabet="Oudersgroep 4B-!éü🎉", min_size=1, max_size=100).filter(str.strip),
    "snapchat": st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{2,14}", fullmatch=True),
    "website": st.builds(
        lambda domain, path: domain + "".join("/" + p for p in path),
        _DOMAIN,
        st.lists(st.text(alphabet="abcXYZ09-_~ü", min_size=1, max_size=8), max_size=3),
    ),
}


def draw_valid(data, platform: str) -> tuple[str, Handle]:
    """A generated valid handle and its parse; words a platform reserves (x.com/home) are skipped."""
    value = data.draw(VALID_HANDLES[platform])
    try:
        return value, parse_handle(platform, value)
    except ValidationError as err:
        assume(err.key != "platform.reserved")
        raise


def test_every_platform_has_a_generator_of_valid_handles():
    assert set(VALID_HANDLES) == set(ALL_PLATFORMS)


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_valid_handle_round_trips_through_its_profile_url(platform, data):
    _, handle = draw_valid(data, platform)
    if handle.url is not None:
        assert parse_handle(platform, handle.url).key == handle.key
        detected = None if platform == "website" else (platform, parse_handle(platform, handle.url).handle)
        assert handle_from_url(handle.url) == detected


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_parse_handle_is_idempotent_on_its_own_output(platform, data):
    _, handle = draw_valid(data, platform)
    assert parse_handle(platform, handle.handle) == handle


@pytest.mark.parametrize("platform", ALL_PLATFORMS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_the_lenient_key_of_a_valid_handle_is_its_registered_key(platform, data):
    value, handle = draw_valid(data, platform)
    assert same_key(platform, value) == handle.key
    assert same_key(platform, f"  {value} ") == handle.key


@settings(max_examples=150, deadline=None)
@given(platform=st.sampled_from([*ALL_PLATFORMS, "twitter", "myspace", ""]), text=st.text())
def test_same_key_never_raises_on_any_text(platform, text):
    assert isinstance(same_key(platform, text), str)


@settings(max_examples=150, deadline=None)
@given(
    platform=st.sampled_from(ALL_PLATFORMS),
    text=st.one_of(st.text(), st.builds(lambda h, t: f"https://{h}/{t}", _DOMAIN, st.text())),
)
def test_parse_handle_raises_nothing_but_validation_errors(platform, text):
    with contextlib.suppress(ValidationError):
        handle = parse_handle(platform, text)
        assert parse_handle(platform, handle.handle) == handle


@settings(max_examples=100, deadline=None)
@given(text=st.text())
def test_handle_from_url_never_raises(text):
    for candidate in (text, "https://" + text, "https://x.com/" + text):
        result = handle_from_url(candidate)
        assert result is None or parse_handle(*result).handle == result[1]


def test_an_x_handle_longer_than_fifteen_is_accepted_with_a_warning():
    handle = parse_handle("x", "AloysiusAcademie")
    assert handle.key == "aloysiusacademie"
    assert len(handle.warnings) == 1 and "16 characters" in handle.warnings[0]
    assert parse_handle("x", "AloysiusWest").warnings == ()
