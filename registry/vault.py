"""Credential-vault references: where an account's password lives — never the password itself.

Each scheme smreg understands is declared once in ``_SCHEMES`` with its shape and its parser; an
organisation can allow more schemes by name (``name://…``). A value that has no reference shape at
all may well be a pasted password, so it is refused, and the refused value is kept out of every
message, exception, repr and traceback this module produces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from registry import i18n, origin
from registry.errors import ValidationError
from registry.invisible import has_invisible


@dataclass(frozen=True, slots=True, repr=False)
class VaultRef:
    """A checked reference: its scheme, its normalised text, and warnings for the user."""

    scheme: str
    value: str
    warnings: tuple[str, ...] = ()

    def __repr__(self) -> str:
        # the reference is encrypted at rest; keep it out of logs that print objects
        return f"VaultRef(scheme={self.scheme!r})"


class _Refused(Exception):
    """Internal: why a value was refused, with parameters that never contain the value."""

    def __init__(self, key: str, **params: str) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class _Scheme:
    name: str
    label: str
    example: str
    parse: Callable[[str], tuple[str, list[str]]]  # value -> (normalised value, warning keys)


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_KEEPASS_UUID = re.compile(r"[0-9a-fA-F]{32}|" + _UUID.pattern)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_OR_SPACE = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")


def _hidden(text: str, *, spaces: bool = False) -> bool:
    """A control character (or white space) in ``text``, or one that renders as nothing or reorders it."""
    return (_CONTROL_OR_SPACE if spaces else _CONTROL).search(text) is not None or has_invisible(text)
_OP_NAME = re.compile(r"[A-Za-z0-9 _.-]+")
_OP_QUERY = re.compile(r"[a-z-]+=[A-Za-z0-9-]+(?:&[a-z-]+=[A-Za-z0-9-]+)*")
_AZURE_HOST = re.compile(
    r"([a-z][a-z0-9-]{1,22}[a-z0-9])\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net|microsoftazure\.de)"
)
_AZURE_NAME = re.compile(r"[A-Za-z0-9-]{1,127}")
_AZURE_VERSION = re.compile(r"[0-9a-fA-F]{32}")
_AWS_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):secret:([A-Za-z0-9/_+=.@-]{1,512})"
)
_SCHEME_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


_OP_PLAIN = re.compile(r"[A-Za-z0-9 _.-]+(?:/[A-Za-z0-9 _.-]+){2,3}")  # the common case, in one test


def _parse_1password(value: str) -> tuple[str, list[str]]:
    body, _, query = value[5:].partition("?")
    if not query and _OP_PLAIN.fullmatch(body):
        return "op://" + body, []
    segments = body.rstrip("/").split("/")
    # op://vault/item/field or op://vault/item/section/field
    if not 3 <= len(segments) <= 4 or not all(segments) or _hidden(body):
        raise _Refused("vault.malformed", label="1Password", example=i18n.t("vault.example.1password"))
    if query and not _OP_QUERY.fullmatch(query):
        raise _Refused("vault.malformed", label="1Password", example=i18n.t("vault.example.1password"))
    warnings = [] if all(_OP_NAME.fullmatch(s) for s in segments) else ["vault.1password.characters"]
    return "op://" + "/".join(segments) + (f"?{query}" if query else ""), warnings


def _parse_bitwarden(value: str) -> tuple[str, list[str]]:
    parts = value[12:].strip("/").split("/")
    if not parts[0] or len(parts) > 2 or not all(parts) or _hidden(value):
        raise _Refused("vault.malformed", label="Bitwarden", example=i18n.t("vault.example.bitwarden"))
    item = parts[0]
    if _UUID.fullmatch(item):
        parts[0] = item.lower()
        warnings = []
    else:
        warnings = ["vault.bitwarden.by_name"]
    return "bitwarden://" + "/".join(parts), warnings


def _parse_hashicorp(value: str) -> tuple[str, list[str]]:
    path, hash_sign, key = value[8:].partition("#")
    segments = path.strip("/").split("/")
    # a mount and at least one path segment; a '#' must be followed by the key's name
    if len(segments) < 2 or not all(segments) or (hash_sign and not key) or _hidden(value, spaces=True):
        raise _Refused("vault.malformed", label="HashiCorp Vault", example=i18n.t("vault.example.hashicorp"))
    warnings = [] if key else ["vault.hashicorp.no_key"]
    return "vault://" + "/".join(segments) + (f"#{key}" if key else ""), warnings


def _parse_keepass(value: str) -> tuple[str, list[str]]:
    database, _, entry = value[10:].partition("#")
    entry = entry.strip("/")
    if not database.strip() or not entry.strip() or _hidden(value):
        raise _Refused("vault.malformed", label="KeePass", example=i18n.t("vault.example.keepass"))
    # an entry named by its title alone is ambiguous: titles are not unique in a KeePass database
    warnings = [] if "/" in entry or _KEEPASS_UUID.fullmatch(entry) else ["vault.keepass.by_title"]
    return f"keepass://{database}#{entry}", warnings


def _parse_azure(value: str) -> tuple[str, list[str]]:
    refused = _Refused("vault.malformed", label="Azure Key Vault", example=i18n.t("vault.example.azure-keyvault"))
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise refused from None
    segments = parts.path.strip("/").split("/")
    if (
        parts.username is not None
        or parts.password is not None
        or port not in (None, 443)
        or _AZURE_HOST.fullmatch(host) is None
        or "--" in host.split(".", 1)[0]
        or len(segments) not in (2, 3)
        or segments[0] != "secrets"
        or _AZURE_NAME.fullmatch(segments[1]) is None
        or (len(segments) == 3 and _AZURE_VERSION.fullmatch(segments[2]) is None)
    ):
        raise refused
    version = f"/{segments[2].lower()}" if len(segments) == 3 else ""
    # the query (api-version) and fragment are not part of where the secret lives
    return f"https://{host}/secrets/{segments[1]}{version}", []


def _parse_aws(value: str) -> tuple[str, list[str]]:
    if _AWS_ARN.fullmatch(value) is None:
        raise _Refused(
            "vault.malformed", label="AWS Secrets Manager", example=i18n.t("vault.example.aws-secretsmanager")
        )
    return value, []


_SCHEMES: dict[str, _Scheme] = {
    scheme.name: scheme
    for scheme in (
        _Scheme("1password", "1Password", "op://vault/item/field", _parse_1password),
        _Scheme("bitwarden", "Bitwarden", "bitwarden://<item id>", _parse_bitwarden),
        _Scheme("hashicorp", "HashiCorp Vault", "vault://<mount>/<path>#<key>", _parse_hashicorp),
        _Scheme("keepass", "KeePass", "keepass://<database>#<group>/<entry>", _parse_keepass),
        _Scheme(
            "azure-keyvault",
            "Azure Key Vault",
            "https://<vault>.vault.azure.net/secrets/<name>",
            _parse_azure,
        ),
        _Scheme(
            "aws-secretsmanager",
            "AWS Secrets Manager",
            "arn:aws:secretsmanager:<region>:<account>:secret:<name>",
            _parse_aws,
        ),
    )
}

# URI scheme -> smreg scheme, for the schemes recognised by their prefix
_URI_SCHEMES = {"op": "1password", "bitwarden": "bitwarden", "vault": "hashicorp", "keepass": "keepass"}


i18n.register(
    {
        "vault.empty": (
            "The credential-vault reference is empty. Give the place where the password lives, for "
            "example op://vault/item/field.",
            "De verwijzing naar de wachtwoordkluis is leeg. Geef de plek waar het wachtwoord staat, "
            "bijvoorbeeld op://kluis/item/veld.",
        ),
        "vault.not_a_reference": (
            "This value is not a credential-vault reference, so it was not stored. Give the place "
            "where the password lives (for example op://vault/item/field), never the password itself.",
            "Deze waarde is geen verwijzing naar een wachtwoordkluis en is daarom niet opgeslagen. Geef "
            "de plek waar het wachtwoord staat (bijvoorbeeld op://kluis/item/veld), nooit het wachtwoord zelf.",
        ),
        "vault.unknown_scheme": (
            "This reference uses a vault scheme smreg does not know, so it was not stored. Known: "
            "{schemes}. Other schemes can be allowed in the configuration.",
            "Deze verwijzing gebruikt een kluisschema dat smreg niet kent en is daarom niet opgeslagen. "
            "Bekend: {schemes}. Andere schema's kunnen in de configuratie worden toegestaan.",
        ),
        "vault.url_unknown": (
            "This web address is not a credential-vault reference smreg knows, so it was not stored. "
            "An Azure Key Vault secret looks like https://<vault>.vault.azure.net/secrets/<name>.",
            "Dit webadres is geen verwijzing naar een wachtwoordkluis die smreg kent en is daarom niet "
            "opgeslagen. Een geheim in Azure Key Vault ziet eruit als https://<kluis>.vault.azure.net/secrets/<naam>.",
        ),
        "vault.malformed": (
            "This {label} reference is not complete or not well formed, so it was not stored. A "
            "{label} reference looks like {example}.",
            "Deze {label}-verwijzing is onvolledig of niet goed gevormd en is daarom niet opgeslagen. "
            "Een {label}-verwijzing ziet eruit als {example}.",
        ),
        "vault.example.1password": ("op://vault/item/field", "op://kluis/item/veld"),
        "vault.example.bitwarden": ("bitwarden://<item id>", "bitwarden://<item-id>"),
        "vault.example.hashicorp": ("vault://<mount>/<path>#<key>", "vault://<mount>/<pad>#<sleutel>"),
        "vault.example.keepass": ("keepass://<database>#<group>/<entry>", "keepass://<database>#<groep>/<item>"),
        "vault.example.azure-keyvault": ("https://<vault>.vault.azure.net/secrets/<name>",
                                         "https://<kluis>.vault.azure.net/secrets/<naam>"),
        "vault.example.aws-secretsmanager": ("arn:aws:secretsmanager:<region>:<account>:secret:<name>",
                                             "arn:aws:secretsmanager:<regio>:<account>:secret:<naam>"),
        "vault.bad_scheme_name": (
            "'{name}' cannot be used as a vault scheme name: use lower-case letters, digits, '+', '.' "
            "or '-', starting with a letter.",
            "'{name}' kan niet als naam van een kluisschema dienen: gebruik kleine letters, cijfers, "
            "'+', '.' of '-', beginnend met een letter.",
        ),
        "vault.1password.characters": (
            "The 1Password reference contains characters that secret references do not support in "
            "names (only letters, digits, '-', '_', '.' and spaces); if it does not resolve, use the "
            "ID of the vault, item or field instead of its name.",
            "De 1Password-verwijzing bevat tekens die geheimverwijzingen niet in namen ondersteunen "
            "(alleen letters, cijfers, '-', '_', '.' en spaties); als hij niet werkt, gebruik dan het "
            "ID van de kluis, het item of het veld in plaats van de naam.",
        ),
        "vault.bitwarden.by_name": (
            "Ambiguous: this Bitwarden reference identifies the item by name, and several items can "
            "share a name. Use the item's id.",
            "Dubbelzinnig: deze Bitwarden-verwijzing noemt het item bij naam, en meerdere items kunnen "
            "dezelfde naam hebben. Gebruik het id van het item.",
        ),
        "vault.keepass.by_title": (
            "Ambiguous: this KeePass reference gives the entry by title only, and several entries can "
            "share a title. Give the group path (group/title) or the entry's UUID.",
            "Dubbelzinnig: deze KeePass-verwijzing geeft het item alleen bij titel, en meerdere items "
            "kunnen dezelfde titel hebben. Geef het groepspad (groep/titel) of de UUID van het item.",
        ),
        "vault.hashicorp.no_key": (
            "Ambiguous: this HashiCorp Vault reference names a secret but not the key that holds the "
            "password. Add it after '#', for example #password.",
            "Dubbelzinnig: deze HashiCorp Vault-verwijzing noemt een geheim maar niet de sleutel met het "
            "wachtwoord. Voeg die toe na '#', bijvoorbeeld #password.",
        ),
    }
)


def known_schemes() -> list[str]:
    """The built-in scheme names, sorted."""
    return sorted(_SCHEMES)


_EXTRA_NAME = re.compile(r"[a-z][a-z0-9+.-]*")


def _extra_names(extra_schemes: Iterable[str]) -> frozenset[str]:
    names = set()
    for name in extra_schemes:
        folded = str(name).strip().lower()
        if _EXTRA_NAME.fullmatch(folded) is None:
            raise ValidationError("vault.bad_scheme_name", name=str(name))
        names.add(folded)
    return frozenset(names)


def _known_list(extras: frozenset[str]) -> str:
    listed = ["op:// (1Password)", "bitwarden://", "vault:// (HashiCorp Vault)", "keepass://"]
    listed += [f"{name}://" for name in sorted(extras)]
    listed += ["https://<vault>.vault.azure.net/secrets/… (Azure Key Vault)", "arn:aws:secretsmanager:…"]
    return ", ".join(listed)


def _classify(text: str, extras: frozenset[str]) -> str | None:
    """The scheme a value claims by its shape, or None when it has no reference shape."""
    match = _SCHEME_PREFIX.match(text)
    if match is not None:
        uri_scheme = match.group(1).lower()
        if uri_scheme in _URI_SCHEMES:
            return _URI_SCHEMES[uri_scheme]
        if uri_scheme in ("http", "https"):
            return "azure-keyvault"
        if uri_scheme in extras:
            return uri_scheme
        return ""  # scheme-shaped but unknown
    if text[:4].lower() == "arn:":
        return "aws-secretsmanager"
    return None


def _parse(value: object, extras: frozenset[str]) -> VaultRef:
    if not isinstance(value, str) or not value.strip():
        raise _Refused("vault.empty")
    text = value.strip()
    scheme = _classify(text, extras)
    if scheme is None:
        raise _Refused("vault.not_a_reference")
    if scheme == "":
        raise _Refused("vault.unknown_scheme", schemes=_known_list(extras))
    if scheme == "azure-keyvault":
        host = _host_of(text)
        if host is None or _AZURE_HOST.fullmatch(host) is None:
            raise _Refused("vault.url_unknown")
    entry = _SCHEMES.get(scheme)
    if entry is None:  # a configured extra scheme: its shape is the organisation's business
        rest = text[len(scheme) + 3 :]
        if not rest.strip("/") or _hidden(rest):
            raise _Refused("vault.malformed", label=scheme, example=f"{scheme}://…")
        return VaultRef(scheme, scheme + "://" + rest)
    normalised, warning_keys = entry.parse(text)
    return VaultRef(scheme, normalised, tuple(i18n.t(key) for key in warning_keys) if warning_keys else ())


def _host_of(url: str) -> str | None:
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def parse_vault_ref(value: str, *, extra_schemes: Iterable[str] = ()) -> VaultRef:
    """Check a credential-vault reference; ValidationError (never echoing the value) if it is not one."""
    extras = _extra_names(extra_schemes)
    try:
        return _parse(value, extras)
    except _Refused as refused:
        key, params = refused.key, refused.params
    # raised outside the except block, with the value gone from this frame: a refused value may be
    # a password, and neither the exception's context nor the traceback's locals may carry it
    del value
    origin.note_refused_secret("vault_ref")
    raise ValidationError(key, **params) from None


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_BASE32 = re.compile(r"[A-Z2-7]{16,}=*")  # how TOTP seeds are handed out
_DATE_LIKE = re.compile(r"[0-9:.+TZtz-]+")  # a date or a moment, however mistyped
_SELECTOR = re.compile(r"[a-z][a-z0-9-]*:[^:]+")  # platform:handle, person:<ref>, waiver:…


def may_be_secret(value: str) -> bool:
    """Whether a value someone typed could be a password or a TOTP seed, so that no message repeats it.

    The same judgement as the vault-reference check: what has the shape of a reference, an
    address or a path is not a secret. What mixes three kinds of character (lower case, upper
    case, digits, other signs), as password rules demand, or looks like a TOTP seed or a long
    token of letters and digits, may be one. A mistyped date, code or id mixes at most two.
    """
    text = value.strip()
    if len(text) < 6 or any(c.isspace() for c in text) or "/" in text or "\\" in text:
        return False
    if (_classify(text, frozenset()) is not None or _EMAIL.fullmatch(text) or _DATE_LIKE.fullmatch(text)
            or _SELECTOR.fullmatch(text)):
        return False
    if _BASE32.fullmatch(text):
        return True
    kinds = (any(c.islower() for c in text) + any(c.isupper() for c in text) + any(c.isdigit() for c in text)
             + any(not c.isalnum() for c in text))
    return kinds >= 3 or (len(text) >= 16 and kinds == 2 and any(c.isdigit() for c in text))


def scheme_of(value: str | None, *, extra_schemes: Iterable[str] = ()) -> str | None:
    """The known scheme of a stored reference by its shape, or None when absent or unknown."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        scheme = _classify(text, _extra_names(extra_schemes))
    except ValidationError:
        return None
    if not scheme:
        return None
    if scheme == "azure-keyvault":
        host = _host_of(text)
        return scheme if host is not None and _AZURE_HOST.fullmatch(host) else None
    if scheme == "aws-secretsmanager":
        return scheme if ":secretsmanager:" in text[:40] else None
    return scheme
