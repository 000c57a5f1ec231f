"""Each reason of the vocabulary: a name that earns it, and a near miss that stays clear."""

import pytest
from PIL import Image, ImageDraw

from audit.brand import REASONS, Detector, ObservedRow, RegisteredAccount, logo_hash

REGISTERED = [RegisteredAccount(1, "x", "AloysiusAcademie", "Aloysius Academie", "official")]
detector = Detector(["Aloysius", "Zilverreiger"], REGISTERED)


def verdict(handle, display_name="", platform="instagram"):
    return detector.check(ObservedRow(2, platform, handle, display_name))


CASES = [
    # reason, a name that shows it, a near miss
    ("exact", "aloysius", "aloys"),
    ("case", "ALOYSIUS", "ALOYS"),
    ("separator", "a.l.o.y.s.i.u.s", "a.l.o.y.s"),
    ("affix", "aloysiusfans", "aloysfans"),
    ("leet", "al0ysiu5", "al0ys"),
    ("homoglyph", "\u0430lo\u0443sius", "\u0430lo\u0443s"),
    ("homoglyph", "aIoysius", "aIoys"),
    ("invisible", "alo\u200dysius", "alo\u200dys"),
    ("invisible", "\u202ealoysius", "\u202ealoys"),
    ("typo", "aloyisus", "aloysjansen"),
    ("typo", "zilvereiger", "zilverreis"),
]


@pytest.mark.parametrize(("reason", "positive", "near_miss"), CASES)
def test_a_disguise_is_found_and_named_and_its_near_miss_stays_clear(reason, positive, near_miss):
    found = verdict(positive)
    assert found.verdict == "suspect"
    assert reason in found.reasons
    assert verdict(near_miss).verdict == "clear"


def test_the_reasons_come_in_the_order_of_the_vocabulary():
    for handle in ("AL0YSIUS_fans", "\u202e\u0430loysius_nl", "aloyzius.fans"):
        reasons = verdict(handle).reasons
        assert list(reasons) == sorted(reasons, key=REASONS.index)


def test_exact_means_the_term_is_there_letter_for_letter():
    assert verdict("aloysiusnl").reasons == ("exact", "affix")
    assert "exact" not in verdict("aloy_sius").reasons


def test_a_capitalised_term_is_not_a_case_change():
    assert "case" not in verdict("Aloysius_nl").reasons
    assert "case" in verdict("AloYsius_nl").reasons


def test_the_logo_is_a_reason_too(tmp_path):
    logo = Image.new("RGB", (200, 200), "white")
    draw = ImageDraw.Draw(logo)
    draw.ellipse((20, 20, 180, 180), fill=(20, 60, 140))
    draw.rectangle((60, 50, 100, 160), fill=(250, 200, 40))
    logo.save(tmp_path / "logo.png")
    logo.resize((48, 48)).save(tmp_path / "avatar.png")
    other = Image.new("RGB", (200, 200), (240, 240, 240))
    ImageDraw.Draw(other).polygon([(10, 190), (100, 10), (190, 190)], fill=(200, 30, 40))
    other.save(tmp_path / "other.png")
    with_logo = Detector(["Aloysius"], [], logo_hashes=[logo_hash(tmp_path / "logo.png")])

    found = with_logo.check(ObservedRow(2, "x", "schoolnieuws", avatar=str(tmp_path / "avatar.png")))
    assert (found.verdict, found.rule, found.field, found.reasons) == ("suspect", "SM602", "avatar", ("logo",))
    near = with_logo.check(ObservedRow(3, "x", "schoolnieuws", avatar=str(tmp_path / "other.png")))
    assert near.verdict == "clear"
    both = with_logo.check(ObservedRow(4, "x", "aloysius_nl", avatar=str(tmp_path / "avatar.png")))
    assert both.rule == "SM601" and both.reasons[-1] == "logo"
