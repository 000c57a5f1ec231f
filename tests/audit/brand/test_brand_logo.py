"""Avatars against logos: resized, re-compressed or slightly cropped copies match; others do not."""

import random

import pytest
from PIL import Image, ImageDraw

from audit.brand import LOGO_THRESHOLD, avatar_hash, avatar_matches, logo_hash
from registry.errors import ValidationError


def draw_logo(seed: int, size: int = 256) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", (size, size), tuple(rng.randint(170, 255) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        colour = tuple(rng.randint(0, 150) for _ in range(3))
        x, y = rng.randint(0, size // 2), rng.randint(0, size // 2)
        box = [x, y, x + rng.randint(size // 4, size // 2), y + rng.randint(size // 4, size // 2)]
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    draw.text((size // 8, size * 3 // 4), "LOGO", fill=(0, 0, 0))
    return image


def cut(image: Image.Image, left: float, top: float, right: float, bottom: float) -> Image.Image:
    w, h = image.size
    return image.crop((int(w * left), int(h * top), int(w * (1 - right)), int(h * (1 - bottom))))


@pytest.fixture(scope="module")
def logos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logos")
    found = []
    for seed in range(6):
        path = folder / f"logo{seed}.png"
        draw_logo(seed).save(path)
        found.append((draw_logo(seed), logo_hash(path)))
    return found


COPIES = {
    "resized small": lambda im: im.resize((48, 48)),
    "resized large": lambda im: im.resize((600, 600)),
    "JPEG at quality 15": lambda im: im.resize((120, 120)),
    "cropped 5% all round": lambda im: cut(im, 0.05, 0.05, 0.05, 0.05),
    "cropped on two sides": lambda im: cut(im, 0.05, 0.04, 0, 0),
    "cropped on one side": lambda im: cut(im, 0, 0, 0.06, 0),
    "cropped and JPEG": lambda im: cut(im, 0.03, 0.02, 0.04, 0),
}


@pytest.mark.parametrize("change", list(COPIES))
def test_a_changed_copy_of_a_logo_still_matches(tmp_path, logos, change):
    for image, digest in logos:
        path = tmp_path / "avatar.jpg"
        COPIES[change](image).save(path, "JPEG", quality=15 if "JPEG" in change else 90)
        matched, distance = avatar_matches(path, [digest], LOGO_THRESHOLD)
        assert matched, (change, distance)


def test_unrelated_images_do_not_match(tmp_path, logos):
    hashes = [digest for _, digest in logos]
    rng = random.Random(1)
    others = [draw_logo(1000 + seed) for seed in range(12)]
    others.append(Image.effect_noise((128, 128), 60).convert("RGB"))
    others.append(Image.linear_gradient("L").convert("RGB"))
    others.append(Image.new("RGB", (100, 100), tuple(rng.randint(0, 255) for _ in range(3))))
    for number, image in enumerate(others):
        path = tmp_path / f"other{number}.png"
        image.save(path)
        matched, distance = avatar_matches(path, hashes)
        assert not matched, (number, distance)


def test_a_transparent_logo_matches_its_copy_on_white(tmp_path):
    logo = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((30, 30, 170, 170), fill=(200, 30, 40, 255))
    logo.save(tmp_path / "logo.png")
    flat = Image.new("RGB", (200, 200), "white")
    flat.paste(logo, mask=logo.split()[3])
    flat.resize((64, 64)).save(tmp_path / "avatar.jpg", "JPEG", quality=30)
    assert avatar_matches(tmp_path / "avatar.jpg", [logo_hash(tmp_path / "logo.png")])[0]


def test_a_file_that_is_not_an_image_is_refused_clearly(tmp_path):
    path = tmp_path / "logo.png"
    path.write_text("not an image")
    with pytest.raises(ValidationError) as error:
        logo_hash(path)
    assert "logo.png" in str(error.value)


def test_a_logo_hash_is_hex_and_the_same_for_the_same_image(tmp_path):
    draw_logo(3).save(tmp_path / "a.png")
    draw_logo(3).save(tmp_path / "b.png")
    digest = logo_hash(tmp_path / "a.png")
    assert digest == logo_hash(tmp_path / "b.png")
    int(digest, 16)


def test_an_avatar_hash_is_the_first_pair_of_the_logo_hash(tmp_path):
    draw_logo(4).save(tmp_path / "a.png")
    assert logo_hash(tmp_path / "a.png").startswith(avatar_hash(tmp_path / "a.png"))
    assert len(avatar_hash(tmp_path / "a.png")) == 32


def test_a_hash_not_made_here_is_refused(tmp_path):
    draw_logo(3).save(tmp_path / "a.png")
    with pytest.raises(ValidationError):
        avatar_matches(tmp_path / "a.png", ["not-a-hash"])
