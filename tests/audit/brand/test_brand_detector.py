"""The detector's verdicts: official, SM603, SM601 (high and medium), clear; nothing built in."""

from audit.brand import Detector, ObservedRow, RegisteredAccount, Verdict, handle_name

REGISTERED = [
    RegisteredAccount(1, "x", "AloysiusAcademie", "Aloysius Academie", "official"),
    RegisteredAccount(2, "instagram", "aloysius.stichting", "Aloysius Stichting", "official"),
    RegisteredAccount(3, "linkedin", "company/aloysius-stichting", "Aloysius Stichting", "official"),
    RegisteredAccount(4, "facebook", "aloysiusstichting", "Aloysius Stichting", "official"),
    RegisteredAccount(5, "tiktok", "obs_de_zon", "OBS De Zon", "official"),
    RegisteredAccount(6, "x", "juf_sanne_dezon", "Juf Sanne", "work"),
]
detector = Detector(["Aloysius"], REGISTERED)


def check(platform, handle, display_name="", d=detector):
    return d.check(ObservedRow(7, platform, handle, display_name))


def test_a_registered_account_seen_again_is_official_by_the_platforms_rules():
    for platform, handle in [
        ("x", "AloysiusAcademie"),
        ("x", "aloysiusacademie"),
        ("twitter", "https://twitter.com/AloysiusAcademie"),
        ("instagram", "@aloysius.stichting"),
        ("facebook", "Aloysius.Stichting"),
        ("linkedin", "https://www.linkedin.com/company/aloysius-stichting/"),
        ("x", "juf_sanne_dezon"),
    ]:
        found = check(platform, handle)
        assert (found.verdict, found.score, found.rule, found.reasons) == ("official", 100, None, ()), handle


def test_the_same_handle_on_another_platform_copies_the_registered_account():
    found = check("x", "aloysius.stichting")
    assert (found.verdict, found.rule, found.severity) == ("suspect", "SM603", "high")
    assert found.resembles == "instagram:aloysius.stichting"
    assert found.term == "Aloysius"


def test_a_near_copy_names_the_account_it_imitates():
    assert check("x", "ALOYSIUS_ACADEMIE").resembles == "x:AloysiusAcademie"
    assert check("instagram", "obs_de_z0n").resembles == "tiktok:obs_de_zon"
    assert check("x", "AloysiusAcadamie").resembles == "x:AloysiusAcademie"
    assert check("tiktok", "obs_de_zon_official").resembles == "tiktok:obs_de_zon"


def test_a_copy_prefers_the_registered_account_on_its_own_platform():
    assert check("facebook", "aloysius_stichting_nl").resembles == "facebook:aloysiusstichting"


def test_a_registered_handle_inside_another_word_is_not_a_copy():
    assert check("instagram", "obs_de_zonnebloem").verdict == "clear"


def test_a_work_account_is_registered_but_not_imitated_under_sm603():
    assert check("x", "juf_sanne_dezon_").verdict == "clear"


def test_a_brand_term_in_the_handle_is_sm601_high():
    found = check("x", "aloysius_fans")
    assert (found.verdict, found.rule, found.severity, found.field, found.term) == (
        "suspect", "SM601", "high", "handle", "Aloysius"
    )  # fmt: skip


def test_a_brand_term_only_in_the_display_name_is_sm601_medium():
    found = check("x", "pvanleeuwen", "Aloysius Academie | docent")
    assert (found.verdict, found.rule, found.severity, found.field) == ("suspect", "SM601", "medium", "display_name")
    assert found.score < check("x", "aloysius_academie_docent").score


def test_an_unrelated_account_is_clear_with_nothing_to_explain():
    found = check("x", "lotte_smit", "Lotte Smit")
    assert found == Verdict(7, "x", "lotte_smit", "Lotte Smit", "clear", 0, None, None, (), None, None, None, 7)


def test_the_json_object_has_exactly_the_fields_of_the_scan_output():
    found = check("x", "al0ysius_west")
    assert list(found.to_json()) == [
        "row", "line", "platform", "handle", "display_name", "verdict", "score", "term", "field", "reasons", "resembles", "rule",
    ]  # fmt: skip
    assert found.to_json()["reasons"] == ["separator", "affix", "leet"]
    assert found.to_json()["score"] == 93


def test_nothing_about_an_organisation_is_built_in():
    bare = Detector([], [])
    assert check("x", "aloysius", d=bare).verdict == "clear"
    other = Detector(["Zilverreiger"], [RegisteredAccount(1, "x", "SGZilverreiger", None, "official")])
    assert check("x", "aloysius", d=other).verdict == "clear"
    assert check("x", "zilv3rreiger", d=other).verdict == "suspect"
    assert check("x", "SGZilverreiger", d=other).verdict == "official"


def test_an_injected_key_function_decides_what_is_the_same_handle():
    calls = []

    def exact_key(platform, value):
        calls.append((platform, value))
        return value

    strict = Detector(["Aloysius"], [RegisteredAccount(1, "x", "AloysiusAcademie", None, "official")], key_fn=exact_key)
    assert check("x", "AloysiusAcademie", d=strict).verdict == "official"
    assert check("x", "aloysiusacademie", d=strict).verdict == "suspect"  # case counts for this key
    assert ("x", "AloysiusAcademie") in calls


def test_platform_names_and_aliases_are_made_canonical():
    assert check("Twitter", "someone").platform == "x"
    assert check("Mastodon-like", "someone").platform == "mastodon-like"


def test_the_name_part_of_a_handle_is_what_is_matched():
    assert handle_name("https://x.com/AloysiusWest?lang=nl") == "AloysiusWest"
    assert handle_name("company/aloysius-stichting") == "aloysius-stichting"
    assert handle_name("@juf@mastodon.social") == "juf"
    assert handle_name("@aloysius") == "aloysius"
    assert handle_name("https://www.aloysius.nl/") == "aloysius.nl"


def test_a_term_given_twice_or_in_another_spelling_is_looked_for_once():
    twice = Detector(["Aloysius", "ALOYSIUS", " aloysius "], [])
    assert len(twice._terms.targets) == 1
    assert check("x", "aloysiusnl", d=twice).term == "Aloysius"


def test_verdicts_of_many_rows_come_in_input_order_one_per_row():
    rows = [ObservedRow(i, "x", h) for i, h in enumerate(["lotte", "aloysius", "AloysiusAcademie", "jan"], 2)]
    assert [v.verdict for v in detector.check_many(rows)] == ["clear", "suspect", "official", "clear"]
    assert [v.row for v in detector.check_many(rows, suspects_only=True)] == [3]


def test_typos_of_a_registered_handle_count_only_in_what_is_its_own():
    schools = [
        RegisteredAccount(i, "x", handle, None, "official")
        for i, handle in enumerate(["lindecollege", "eikcollege", "basisschoolzon", "basisschoolmaan"], 1)
    ]
    d = Detector(["Aloysius"], schools)
    # "college" and "basisschool" are shared by registered handles: a different name around them is no copy
    assert check("x", "lieke_college", d=d).verdict == "clear"
    assert check("x", "basisschool.ingrid33", d=d).verdict == "clear"
    # the whole handle, copied, still is
    assert check("instagram", "basisschoolzon_fans", d=d).resembles == "x:basisschoolzon"
    assert check("instagram", "Linde_College", d=d).resembles == "x:lindecollege"


def test_a_copy_of_an_account_whose_handle_is_a_longer_term_imitates_that_account():
    registered = [RegisteredAccount(1, "instagram", "lindewijs.academie", None, "official"),
                  RegisteredAccount(2, "x", "LindewijsAcad", None, "official"),
                  RegisteredAccount(3, "mastodon", "lindewijs", None, "official")]
    d = Detector(["Lindewijs", "Lindewijs Academie"], registered)
    for handle in ("l\u0456ndewijs.academie", "lindewijs.academle"):
        found = check("instagram", handle, d=d)
        assert (found.rule, found.resembles) == ("SM603", "instagram:lindewijs.academie"), handle
    # a handle that is just the brand is no one account: a copy of it is plain use of the brand
    plain = check("mastodon", "l1ndewijs", d=d)
    assert (plain.rule, plain.resembles) == ("SM601", None)
