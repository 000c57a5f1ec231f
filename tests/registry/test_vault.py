"""Credential-vault references: every scheme accepted, ambiguity warned, passwords refused unseen."""

from __future__ import annotations

import traceback

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registry import i18n
from registry.errors import ValidationError
from registry.vault import VaultRef, known_schemes, may_be_secret, parse_vault_ref, scheme_of


@pytest.fixture(scope="module", autouse=True)
def english():
    previous = i18n.get_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


def refused(value: str, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_vault_ref(value, **kwargs)
    return caught.value


# fmt: off
ACCEPTED = [
    ("op://Social/AloysiusAcademie/password", "1password", "op://Social/AloysiusAcademie/password"),
    (" op://Social/Aloysius Academie/login/password/ ", "1password", "op://Social/Aloysius Academie/login/password"),
    ("op://Social/x-account/one-time password?attribute=otp", "1password", "op://Social/x-account/one-time password?attribute=otp"),
    ("bitwarden://5E0F6F0A-8F8B-4F39-9D3C-0C1F2B3A4D5E", "bitwarden", "bitwarden://5e0f6f0a-8f8b-4f39-9d3c-0c1f2b3a4d5e"),
    ("vault://kv/social/dezontv#password", "hashicorp", "vault://kv/social/dezontv#password"),
    ("keepass://social.kdbx#Social/Instagram", "keepass", "keepass://social.kdbx#Social/Instagram"),
    ("keepass:///srv/kluis/social.kdbx#0123456789abcdef0123456789ABCDEF", "keepass", "keepass:///srv/kluis/social.kdbx#0123456789abcdef0123456789ABCDEF"),
    ("https://aloysius-kv.vault.azure.net/secrets/insta-pw", "azure-keyvault", "https://aloysius-kv.vault.azure.net/secrets/insta-pw"),
    ("https://Aloysius-KV.vault.azure.net/secrets/insta-pw/0123456789ABCDEF0123456789abcdef/?api-version=7.4", "azure-keyvault", "https://aloysius-kv.vault.azure.net/secrets/insta-pw/0123456789abcdef0123456789abcdef"),
    ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:social/insta-AbCdEf", "aws-secretsmanager", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:social/insta-AbCdEf"),
]
# fmt: on


@pytest.mark.parametrize(("value", "scheme", "normalised"), ACCEPTED)
def test_a_reference_of_each_scheme_is_accepted_and_normalised(value, scheme, normalised):
    ref = parse_vault_ref(value)
    assert (ref.scheme, ref.value, ref.warnings) == (scheme, normalised, ())


def test_every_built_in_scheme_has_an_accepted_example():
    assert {row[1] for row in ACCEPTED} == set(known_schemes())


def test_the_known_schemes_are_listed_sorted():
    assert known_schemes() == [
        "1password",
        "aws-secretsmanager",
        "azure-keyvault",
        "bitwarden",
        "hashicorp",
        "keepass",
    ]


def test_a_configured_extra_scheme_is_accepted_under_its_own_name():
    ref = parse_vault_ref("passbolt://resources/1234", extra_schemes=["Passbolt"])
    assert (ref.scheme, ref.value) == ("passbolt", "passbolt://resources/1234")


def test_an_extra_scheme_is_unknown_unless_configured():
    assert refused("passbolt://resources/1234").key == "vault.unknown_scheme"


def test_a_badly_named_extra_scheme_is_refused_by_name():
    with pytest.raises(ValidationError) as caught:
        parse_vault_ref("op://a/b/c", extra_schemes=["no spaces"])
    assert caught.value.key == "vault.bad_scheme_name"


def test_the_repr_shows_the_scheme_only():
    assert repr(parse_vault_ref("op://Social/Insta/password")) == "VaultRef(scheme='1password')"


# --- warnings ---------------------------------------------------------------------------------


def test_a_bitwarden_item_given_by_name_is_accepted_with_an_ambiguity_warning():
    ref = parse_vault_ref("bitwarden://Instagram school")
    assert ref.scheme == "bitwarden"
    assert len(ref.warnings) == 1
    assert "Ambiguous" in ref.warnings[0] and "id" in ref.warnings[0]


def test_a_keepass_entry_given_by_title_only_is_accepted_with_an_ambiguity_warning():
    ref = parse_vault_ref("keepass://social.kdbx#Instagram")
    assert ref.scheme == "keepass"
    assert len(ref.warnings) == 1
    assert "several entries can share a title" in ref.warnings[0]


def test_a_keepass_entry_with_a_group_path_or_uuid_has_no_warning():
    assert parse_vault_ref("keepass://social.kdbx#Social/Instagram").warnings == ()
    assert parse_vault_ref("keepass://social.kdbx#0123456789abcdef0123456789abcdef").warnings == ()


def test_a_1password_name_with_unsupported_characters_is_accepted_with_a_warning():
    ref = parse_vault_ref("op://Social/Insta (school)/password")
    assert ref.scheme == "1password"
    assert len(ref.warnings) == 1 and "ID" in ref.warnings[0]


def test_a_hashicorp_secret_without_a_key_is_accepted_with_a_warning():
    ref = parse_vault_ref("vault://kv/social/dezontv")
    assert ref.value == "vault://kv/social/dezontv"
    assert len(ref.warnings) == 1 and "#password" in ref.warnings[0]


def test_warnings_are_rendered_in_the_current_language():
    i18n.set_language("nl")
    try:
        ref = parse_vault_ref("bitwarden://Instagram school")
    finally:
        i18n.set_language("en")
    assert "Dubbelzinnig" in ref.warnings[0]


# --- malformed references of a known scheme ---------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "op://Social/Insta",
        "op://Social//password",
        "op://a/b/c/d/e",
        "bitwarden://",
        "vault://kv",
        "vault://kv/social#",
        "vault://kv/so cial#password",
        "keepass://social.kdbx",
        "keepass://#Social/Instagram",
        "https://aloysius-kv.vault.azure.net/keys/insta-pw",
        "https://aloysius-kv.vault.azure.net/secrets/insta-pw/notahexversion",
        "arn:aws:secretsmanager:eu-west-1:1234:secret:social",
        "arn:aws:s3:::bucket",
    ],
)
def test_an_incomplete_reference_of_a_known_scheme_is_refused_with_its_shape(value):
    err = refused(value)
    assert err.key == "vault.malformed"
    assert "reference looks like" in str(err)


def test_an_unknown_scheme_is_refused_with_the_known_schemes_and_that_more_can_be_configured():
    err = refused("lastpass://Social/Insta")
    assert err.key == "vault.unknown_scheme"
    for shown in (
        "op://",
        "bitwarden://",
        "vault://",
        "keepass://",
        "vault.azure.net",
        "arn:aws:secretsmanager",
    ):
        assert shown in str(err)
    assert "configur" in str(err)


def test_an_ordinary_web_address_is_not_a_reference():
    assert refused("https://www.aloysius.nl/wachtwoorden").key == "vault.url_unknown"


def test_an_empty_reference_is_refused_as_empty():
    assert refused("   ").key == "vault.empty"


# --- passwords are refused and never shown ----------------------------------------------------

PASSWORDS = [
    "Hunter2!",
    "correct horse battery staple",
    "Zomer2024#Aloysius",
    "op:/Social/Insta/password-but-a-typo",
    "p@ss://word",
    "tr0ub4dor&3",
]


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_password_is_refused_as_not_a_reference(password):
    err = refused(password)
    assert err.key == "vault.not_a_reference"
    assert str(err) == (
        "This value is not a credential-vault reference, so it was not stored. Give the place where "
        "the password lives (for example op://vault/item/field), never the password itself."
    )


def _everything_shown(err: ValidationError) -> list[str]:
    return [
        str(err),
        repr(err),
        repr(err.args),
        repr(err.params),
        "".join(traceback.format_exception(err)),
        repr(err.__context__),
        repr(err.__cause__),
    ]


@pytest.mark.parametrize(
    "value",
    [
        *PASSWORDS,
        "Geheim://wachtwoord123",
        "op://Social/Hunter2",
        "https://aloysius.nl/?password=Hunter2",
        "arn:aws:iam::Hunter2",
    ],
)
def test_a_refused_value_appears_in_no_message_args_params_repr_or_traceback(value):
    err = refused(value)
    for text in _everything_shown(err):
        assert value not in text
        assert value.strip() not in text
    assert err.__context__ is None and err.__cause__ is None


@pytest.mark.parametrize("value", ["Hunter2!", "lastpass://Hunter2", "op://Hunter2/x"])
def test_a_refused_value_is_not_in_the_locals_of_the_frames_that_raised(value):
    err = refused(value)
    frames = traceback.walk_tb(err.__traceback__)
    next(frames)  # this test's own frame holds the value it passed in
    for frame, _ in frames:
        for local in frame.f_locals.values():
            assert value not in repr(local)


# --- scheme_of for the audit ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        *((row[0], row[1]) for row in ACCEPTED),
        ("op://Social/Insta", "1password"),  # malformed, but its scheme is known
        (None, None),
        ("", None),
        ("Hunter2!", None),
        ("lastpass://Social/Insta", None),
        ("https://www.aloysius.nl/", None),
        ("arn:aws:s3:::bucket", None),
    ],
)
def test_scheme_of_names_the_known_scheme_of_a_stored_reference(value, scheme):
    assert scheme_of(value) == scheme


def test_scheme_of_knows_configured_extra_schemes():
    assert scheme_of("passbolt://x", extra_schemes=["passbolt"]) == "passbolt"
    assert scheme_of("passbolt://x") is None


# --- properties -------------------------------------------------------------------------------

_REFERENCE_LIKE = st.one_of(
    st.text(),
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(
            ["op://", "bitwarden://", "vault://", "keepass://", "https://", "arn:", "x://", "OP://"]
        ),
        st.text(),
    ),
)


@settings(max_examples=400, deadline=None)
@given(value=_REFERENCE_LIKE)
def test_any_text_either_parses_to_a_reference_or_raises_a_validation_error(value):
    try:
        ref = parse_vault_ref(value)
    except ValidationError:
        return
    assert isinstance(ref, VaultRef)
    assert ref.scheme in known_schemes()
    assert scheme_of(ref.value) == ref.scheme
    assert parse_vault_ref(ref.value).value == ref.value


@settings(max_examples=200, deadline=None)
@given(value=_REFERENCE_LIKE)
def test_no_part_of_a_refused_value_is_echoed(value):
    marked = value + "Qx7!secret"  # a marker the messages cannot contain by chance
    try:
        parse_vault_ref(marked)
    except ValidationError as err:
        for text in _everything_shown(err):
            assert "Qx7!secret" not in text


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.none(), _REFERENCE_LIKE))
def test_scheme_of_never_raises(value):
    assert scheme_of(value) in (None, *known_schemes())


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.sampled_from(list("aZ9 _.-/é\u200b?=&")), max_size=30))
def test_the_quick_path_for_plain_1password_references_decides_as_the_full_check(body):
    import re

    from registry import vault

    def outcome():
        try:
            return vault._parse_1password("op://" + body)
        except vault._Refused as refused:
            return refused.key

    quick = outcome()
    plain, vault._OP_PLAIN = vault._OP_PLAIN, re.compile(r"(?!)")  # a pattern that never matches
    try:
        assert outcome() == quick
    finally:
        vault._OP_PLAIN = plain


@pytest.mark.parametrize("value", ["Zomer2026!xQ", "P@ssw0rd-Lindewijs", "welkomZomer24", "JBSWY3DPEHPK3PXP",
                                   "k3j4h5k3j4h5k6j7q9"])
def test_values_shaped_like_passwords_or_totp_seeds_count_as_secrets(value):
    """What no error repeats (see cli.common.hide_secrets)."""
    assert may_be_secret(value)


@pytest.mark.parametrize("value", ["2026-31-12", "31-12-2026T10:00", "WESTT", "officieel2", "1001", "x:VoorbeeldWest",
                                   "op://Social/VoorbeeldWest/password", "j.de.vries@voorbeeld.nl",
                                   "reports/Report_2026.html", "instagram", "1234567890123456789"])
def test_ordinary_values_do_not(value):
    assert not may_be_secret(value)

@pytest.mark.parametrize("value", ["Ab1!x", "Abcde1 fgh", "x:Zomer2026!", "Zomer2026!\\x", "2026-13-45T25:61Z",
                                   "ABCDEFGHIJKLMNO", "abcdefghijklmnop", "k3j4h5k3j4h5k6j", "  1001  "])
def test_the_edges_of_what_counts_as_a_secret_are_ordinary(value):
    assert not may_be_secret(value)


@pytest.mark.parametrize("value", ["Abc!12", "  Zomer2026!xQ  ", "ABCDEFGHIJKLMNOP", "JBSWY3DPEHPK3PXP====",
                                   "zomer2026welkom!", "Zomer@2026"])
def test_the_edges_of_what_counts_as_a_secret_are_secrets(value):
    assert may_be_secret(value)


CHARACTERS = "names (only letters, digits, '-', '_', '.' and spaces)"


@pytest.mark.parametrize(
    ("value", "normalised", "warned"),
    [
        ("op://Social/Insta/password/", "op://Social/Insta/password", False),
        ("op://a/b (x)/c", "op://a/b (x)/c", True),
        ("op://a/b (x)/login/c", "op://a/b (x)/login/c", True),
        ("op://a/b (x)/c/", "op://a/b (x)/c", True),
        ("op://a/b (x)/c?attribute=otp", "op://a/b (x)/c?attribute=otp", True),
        ("op://a/b/c?attribute=otp&ssh-format=openssh", "op://a/b/c?attribute=otp&ssh-format=openssh", False),
        ("bitwarden://5E0F6F0A-8F8B-4F39-9D3C-0C1F2B3A4D5E/Password",
         "bitwarden://5e0f6f0a-8f8b-4f39-9d3c-0c1f2b3a4d5e/Password", False),
        ("bitwarden:///Insta/", "bitwarden://Insta", True),
        ("bitwarden://Insta/totp", "bitwarden://Insta/totp", True),
    ],
)
def test_1password_and_bitwarden_references_are_normalised_exactly(value, normalised, warned):
    ref = parse_vault_ref(value)
    assert ref.value == normalised
    if value.startswith("op://"):
        assert ref.warnings == ((i18n.t("vault.1password.characters"),) if warned else ())
        assert any(CHARACTERS in w for w in ref.warnings) == warned
    else:
        assert ref.warnings == ((i18n.t("vault.bitwarden.by_name"),) if warned else ())


@pytest.mark.parametrize(
    "value",
    ["op://a/b (x)", "op://a/b (x)/c/d/e", "op://a//b (x)/c", "op://a/b\u200b (x)/c", "op://a/b/c?attribute=",
     "op://a/b/c?ATTRIBUTE=otp", "op://a/b (x)/c?x", "bitwarden://a//b", "bitwarden://a/b/c", "bitwarden://a\u200bb",
     "bitwarden:////"],
)
def test_malformed_1password_and_bitwarden_references_are_refused(value):
    error = refused(value)
    assert error.key == "vault.malformed"
    assert ("1Password" if value.startswith("op:") else "Bitwarden") in str(error)


def test_a_refusal_carries_its_key_and_parameters_but_never_the_value():
    from registry import vault

    inner = vault._Refused("vault.malformed", label="Bitwarden")
    assert inner.args == ("vault.malformed",) and inner.key == "vault.malformed"
    assert inner.params == {"label": "Bitwarden"}
