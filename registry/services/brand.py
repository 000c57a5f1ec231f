"""The organisation's official logos, kept as perceptual hashes for avatar matching (P-I.6c).

The image is never stored: the caller hashes it (``audit.brand.logo_hash``) and hands the hash
here, so the registry needs no image code. Each logo added is an event with subject ``logo:<id>``
whose snapshot holds the hash, so an audit as of a past moment compares avatars with the logos
of that moment.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from registry import i18n
from registry.errors import Conflict, ValidationError

if TYPE_CHECKING:

    from registry.db import UnitOfWork
    from registry.models import BrandLogo

_HEX = re.compile(r"[0-9a-f]{32,4000}")

i18n.register(
    {
        "brand.logo_exists": (
            "This logo is already registered (as '{name}', id {id}).",
            "Dit logo is al vastgelegd (als '{name}', id {id}).",
        ),
        "brand.logo_bad_hash": (
            "The logo's hash is not valid; add the logo from its image file.",
            "De hash van het logo is ongeldig; voeg het logo toe vanuit het afbeeldingsbestand.",
        ),
    }
)


def snapshot(logo: BrandLogo) -> dict[str, Any]:
    return {"id": logo.id, "name": logo.name, "hash": logo.hash, "added_on": logo.added_on.isoformat()}


def add_logo(uow: UnitOfWork, name: str, logo_hash: str, *, today: date) -> BrandLogo:
    """Register an official logo by its name (the image's file name) and perceptual hash."""
    from sqlmodel import select

    from registry.models import BrandLogo

    clean = logo_hash.strip().lower()
    if not _HEX.fullmatch(clean):
        raise ValidationError("brand.logo_bad_hash")
    for row in uow.session.exec(select(BrandLogo)).all():
        if row.hash == clean:
            raise Conflict("brand.logo_exists", name=row.name, id=row.id)
    logo = BrandLogo(name=" ".join(name.split())[:200] or "logo", hash=clean, added_on=today)
    uow.session.add(logo)
    uow.session.flush()
    uow.log.record("brand.logo_added", f"logo:{logo.id}", after=snapshot(logo))
    return logo


def logos(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Every registered logo as ``brand logo list`` shows it, oldest first (the hash shortened)."""
    from sqlmodel import select

    from registry.models import BrandLogo

    return [{"id": logo.id, "name": logo.name, "added_on": logo.added_on, "hash": logo.hash[:16] + "…"}
            for logo in uow.session.exec(select(BrandLogo).order_by(BrandLogo.id))]
