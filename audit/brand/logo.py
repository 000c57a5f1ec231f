"""Does an avatar show one of the organisation's logos? Perceptual hashes, robust to small changes.

A logo's hash is a ladder of (pHash, dHash) pairs: one of the whole image and one for each of a
few slightly cropped versions (all sides, one side, two sides), because avatars are often cut a
little off the logo and both hashes move a lot under a crop while hardly at all under resizing
or JPEG re-compression. An avatar is hashed once, whole, and its distance to a logo is the
smallest sum of the two Hamming distances over the ladder (0..128).
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Sequence

from registry import i18n
from registry.errors import ValidationError

# Crops of the logo (left, top, right, bottom, as fractions) whose hashes make up the ladder.
_CROP = 0.04
_LADDER = (
    (0, 0, 0, 0),
    (_CROP, _CROP, _CROP, _CROP),
    (_CROP, 0, 0, 0),
    (0, _CROP, 0, 0),
    (0, 0, _CROP, 0),
    (0, 0, 0, _CROP),
    (_CROP, _CROP, 0, 0),
    (0, _CROP, _CROP, 0),
    (0, 0, _CROP, _CROP),
    (_CROP, 0, 0, _CROP),
)
_PAIR_HEX = 32  # a 64-bit pHash and a 64-bit dHash, 16 hex digits each
# Sum of both distances at or under which an avatar counts as the logo. Same logo, resized,
# JPEG-compressed or cut by up to ~6% stays under 15; different images stay above 28.
LOGO_THRESHOLD = 20

i18n.register(
    {
        "brand.logo_not_image": (
            "{file} is not an image that can be read (PNG, JPEG, GIF, WebP, BMP). Give the logo as an image file.",
            "{file} is geen leesbare afbeelding (PNG, JPEG, GIF, WebP, BMP). Geef het logo als afbeeldingsbestand.",
        ),
        "brand.logo_hash_invalid": (
            "'{value}' is not a logo hash made by smreg. Add the logo again from its image file.",
            "'{value}' is geen logo-hash die smreg heeft gemaakt. Voeg het logo opnieuw toe vanuit het afbeeldingsbestand.",
        ),
    }
)


# More than any logo or profile photo needs; a larger file is refused before it is read.
IMAGE_MAX_BYTES = 8 << 20


def _read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file of at most IMAGE_MAX_BYTES; OSError for anything else.

    Opened without blocking and checked on the open file itself, so a FIFO or a device put in
    the file's place never makes the reading wait or run on.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > IMAGE_MAX_BYTES:
            raise OSError("not a regular file of a sensible size")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(IMAGE_MAX_BYTES + 1)
    finally:
        os.close(fd)


def _open(image_path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
    """The image flattened onto white (transparent corners would otherwise read as black)."""
    from PIL import Image, UnidentifiedImageError

    try:
        data = _read_regular(image_path)
    except OSError:
        raise ValidationError("brand.logo_not_image", file=os.fspath(image_path)) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.mode in ("RGBA", "LA", "P") or "transparency" in image.info:
                rgba = image.convert("RGBA")
                flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                flat.alpha_composite(rgba)
                return flat.convert("RGB")
            return image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("brand.logo_not_image", file=os.fspath(image_path)) from None


def _pair(image) -> str:  # type: ignore[no-untyped-def]
    import imagehash

    return f"{imagehash.phash(image)}{imagehash.dhash(image)}"


def logo_hash(image_path: str | os.PathLike[str]) -> str:
    """The perceptual hash of a logo image, as hex; ValidationError when it is not an image."""
    image = _open(image_path)
    width, height = image.size
    pairs = []
    for left, top, right, bottom in _LADDER:
        box = (round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom)))
        pairs.append(_pair(image.crop(box) if box != (0, 0, width, height) else image))
    return "".join(pairs)


def avatar_hash(image_path: str | os.PathLike[str]) -> str:
    """The perceptual hash of an avatar: one (pHash, dHash) pair of the whole image, as hex.

    The first pair of a :func:`logo_hash` is the same; comparing an avatar needs no more.
    """
    return _pair(_open(image_path))


def _pairs(logo: str) -> list[tuple[int, int]]:
    text = logo.strip().lower()
    if not text or len(text) % _PAIR_HEX:
        raise ValidationError("brand.logo_hash_invalid", value=logo[:40])
    try:
        return [
            (int(text[i : i + 16], 16), int(text[i + 16 : i + 32], 16)) for i in range(0, len(text), _PAIR_HEX)
        ]
    except ValueError:
        raise ValidationError("brand.logo_hash_invalid", value=logo[:40]) from None


class LogoSet:
    """Logo hashes parsed once, to compare many avatars with."""

    def __init__(self, logo_hashes: Sequence[str]) -> None:
        self._pairs = [pair for logo in logo_hashes for pair in _pairs(logo)]

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def nearest(self, pair: str) -> int:
        """The distance of an image's (pHash, dHash) hex to the nearest logo; 128 without logos."""
        phash, dhash = int(pair[:16], 16), int(pair[16:], 16)
        return min(((phash ^ p).bit_count() + (dhash ^ d).bit_count() for p, d in self._pairs), default=128)

    def distance(self, image_path: str | os.PathLike[str]) -> int | None:
        """The avatar's distance to the nearest logo (0..128); None when it cannot be read."""
        try:
            return self.nearest(avatar_hash(image_path))
        except ValidationError:
            return None


def avatar_matches(
    image_path: str | os.PathLike[str], logo_hashes: Sequence[str], threshold: int = LOGO_THRESHOLD
) -> tuple[bool, int]:
    """(whether the avatar shows one of the logos, its distance to the nearest one).

    Raises ValidationError when the avatar is not an image; the distance is 128 without logos.
    """
    distance = LogoSet(logo_hashes).nearest(avatar_hash(image_path))
    return distance <= threshold, distance
