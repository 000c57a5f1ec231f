"""Creating a store: schema, encryption key, organisation settings, brand terms, signing keys."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from registry import crypto
from registry.errors import Conflict

if TYPE_CHECKING:
    from registry.db import Store


@dataclass
class InitResult:
    where: str
    key_file: Path | None
    key_created: bool
    signing_key: Path | None
    signing_created: bool
    warnings: list[str] = field(default_factory=list)


def initialise(store: Store, *, actor: str, organisation: str | None = None, brands: list[str] = (),
               domains: list[str] = (), logos: list[tuple[str, str]] = (),
               signing: Callable[[Path], object] | None = None) -> InitResult:
    """Create the store. ``signing`` makes the report-signing key pair in a folder (the caller
    passes ``audit.signing.generate_keypair``; the registry does not sign reports itself)."""
    """Create the store; ``logos`` are (name, perceptual hash) pairs the caller computed from the images."""
    from registry.services import config, keys

    if store.exists():
        raise Conflict("store.exists", where=store.where)
    # Validate what we can before touching anything.
    clean_domains = [config.check_domain(d) for d in domains]
    key_created = False
    if not store.cipher.available:
        key = crypto.new_key()
        crypto.write_key_file(store.settings.key_file, [key])
        store.cipher = crypto.Cipher([key], str(store.settings.key_file))
        key_created = True
    path = store.settings.sqlite_path
    if path is not None:
        # The store holds personal data: readable by its owner only (SQLite gives its -wal and
        # -shm files the same mode).
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
    store.upgrade()
    with store.unit_of_work(actor=actor) as uow:
        keys.write_key_check(uow.session, store.cipher)
        if organisation:
            config.put(uow, "organisation", " ".join(organisation.split()))
        if clean_domains:
            config.put(uow, "domains", clean_domains)
        for term in brands:
            config.add_brand_term(uow, term)
        if logos:
            from registry import clock
            from registry.services import brand

            for name, logo_hash in logos:
                brand.add_logo(uow, name, logo_hash, today=clock.today())
        uow.log.record("store.created", "store", after={"schema": store.revision()})
        uow.commit()
    signing_key, signing_created = None, False
    if signing:
        signing_key, signing_created = ensure_signing_key(store.settings.signing_dir, signing)
    return InitResult(
        where=store.where,
        key_file=None if store.settings.key_env else store.settings.key_file,
        key_created=key_created,
        signing_key=signing_key,
        signing_created=signing_created,
    )


def ensure_signing_key(directory: Path, generate: Callable[[Path], object]) -> tuple[Path, bool]:
    """The report-signing key pair, created when missing."""
    private = directory / "signing_key.pem"
    if private.exists():
        return private, False
    generate(directory)
    return private, True
