"""The handle rules and URL parsers at their edges: LinkedIn's kinds and lengths, Tumblr's blog addresses."""

from __future__ import annotations

import pytest

from registry.errors import ValidationError
from registry.platforms import observed_handle, parse_handle, same_key


@pytest.mark.parametrize("text, handle", [
    ("in/abc", "in/abc"),
    ("IN/JanJansen", "in/JanJansen"),
    ("Company/Lindewijs", "company/Lindewijs"),
    ("company/a", "company/a"),
    ("school/x", "school/x"),
    ("showcase/" + "s" * 100, "showcase/" + "s" * 100),
    ("groups/" + "1" * 20, "groups/" + "1" * 20),
    ("https://www.linkedin.com/COMPANY/Lindewijs/", "company/Lindewijs"),
])
def test_linkedin_handles_within_the_rule_are_kept_with_the_kind_in_lower_case(text, handle):
    assert parse_handle("linkedin", text).handle == handle


@pytest.mark.parametrize("text", [
    "in/ab",                      # a person needs three characters
    "groups/lindewijs",           # a group is a number
    "groups/" + "1" * 21,         # at most 20 digits
    "company/" + "c" * 101,       # at most 100 characters
    "company/lindewijs.nl",       # no dots
    "page/lindewijs",             # not one of LinkedIn's kinds
    "lindewijs",                  # no kind at all
])
def test_linkedin_handles_outside_the_rule_are_refused(text):
    with pytest.raises(ValidationError):
        parse_handle("linkedin", text)


def test_linkedin_keys_ignore_case_in_kind_and_name_alike():
    key = parse_handle("linkedin", "in/JanJansen").key
    assert key == "in/janjansen"
    assert same_key("linkedin", "IN/JANJANSEN") == key
    assert same_key("linkedin", "https://nl.linkedin.com/In/JanJansen/") == key
    assert same_key("linkedin", "company/JanJansen") != key


@pytest.mark.parametrize("url, blog", [
    ("https://lindewijs.tumblr.com/", "lindewijs"),
    ("https://lindewijs.tumblr.com/post/1/titel", "lindewijs"),
    ("https://www.tumblr.com/lindewijs", "lindewijs"),
    ("https://www.tumblr.com/blog/lindewijs", "lindewijs"),
    ("https://www.tumblr.com/blog/view/lindewijs", "lindewijs"),
    ("https://m.tumblr.com/lindewijs", "lindewijs"),          # the mobile site is not a blog
    ("https://media.tumblr.com/lindewijs", "lindewijs"),
])
def test_tumblr_blogs_are_read_from_the_subdomain_or_the_path(url, blog):
    assert observed_handle("tumblr", url) == blog
    assert parse_handle("tumblr", url).handle == blog


def test_a_tumblr_address_with_a_deeper_subdomain_reads_the_blog_from_its_path():
    assert observed_handle("tumblr", "https://a.b.tumblr.com/lindewijs") == "lindewijs"


@pytest.mark.parametrize("url", ["https://www.tumblr.com/", "https://www.tumblr.com/blog/view"])
def test_a_tumblr_address_naming_no_blog_is_not_a_profile(url):
    with pytest.raises(ValidationError):
        observed_handle("tumblr", url)
