"""Every platform's URL parser against the page paths the platform really has.

A profile has pages of its own (posts, media, about, videos …) and the platform has pages that
are no profile at all (a post, a search, a tag). The handle is taken from the first kind, the
same way when an account is registered (``parse_handle``), when a scan or an observed-accounts
import reads a pasted link (``observed_handle``), and when the platform is not known beforehand
(``handle_from_url``); the second kind names no profile.
"""

from __future__ import annotations

import pytest

from registry.errors import ValidationError
from registry.platforms import handle_from_url, observed_handle, parse_handle, same_key

# (platform, pasted address, the handle it names)
PROFILE_PAGES = [
    ("x", "https://x.com/L1ndewijs/media", "L1ndewijs"),
    ("x", "https://x.com/LWSMaasland/status/1790000000000000001", "LWSMaasland"),
    ("x", "https://twitter.com/LWSMaasland/with_replies", "LWSMaasland"),
    ("x", "https://x.com/LWSMaasland/likes", "LWSMaasland"),
    ("x", "https://mobile.twitter.com/LWSMaasland/followers", "LWSMaasland"),
    ("x", "https://x.com/intent/user?screen_name=LWSMaasland", "LWSMaasland"),
    ("instagram", "https://www.instagram.com/lindewijs.fans/tagged/", "lindewijs.fans"),
    ("instagram", "https://www.instagram.com/stories/lindewijs.fans/3300000000000000001/", "lindewijs.fans"),
    ("instagram", "https://www.instagram.com/lindewijs.fans/reels/", "lindewijs.fans"),
    ("instagram", "https://www.instagram.com/_u/lindewijs.fans", "lindewijs.fans"),
    ("instagram", "https://instagram.com/lindewijs.fans?igsh=abc123", "lindewijs.fans"),
    ("threads", "https://www.threads.net/@lindewijs.fans/post/C9abcdEFgh", "lindewijs.fans"),
    ("threads", "https://www.threads.com/@lindewijs.fans", "lindewijs.fans"),
    ("facebook", "https://www.facebook.com/lindewijs.school/about", "lindewijs.school"),
    ("facebook", "https://www.facebook.com/lindewijs.school/photos/a.123/456/", "lindewijs.school"),
    ("facebook", "https://www.facebook.com/lindewijs.school/posts/pfbid02abc", "lindewijs.school"),
    ("facebook", "https://www.facebook.com/pg/lindewijs.school/about/", "lindewijs.school"),
    ("facebook", "https://www.facebook.com/groups/lindewijs.ouders/about", "groups/lindewijs.ouders"),
    ("facebook", "https://www.facebook.com/groups/lindewijs.ouders/posts/123456", "groups/lindewijs.ouders"),
    ("facebook", "https://m.facebook.com/profile.php?id=100012345678901", "100012345678901"),
    ("facebook", "https://www.facebook.com/p/Lindewijs-School-100089012345678/", "100089012345678"),
    ("facebook", "https://www.facebook.com/people/Lindewijs-School/100089012345678/", "100089012345678"),
    ("linkedin", "https://www.linkedin.com/company/lindewijs/posts/?feedView=all", "company/lindewijs"),
    ("linkedin", "https://www.linkedin.com/company/lindewijs/about/", "company/lindewijs"),
    ("linkedin", "https://nl.linkedin.com/in/jan-de-vries-123456/", "in/jan-de-vries-123456"),
    ("linkedin", "https://www.linkedin.com/in/jan-de-vries-123456/recent-activity/all/", "in/jan-de-vries-123456"),
    ("linkedin", "https://www.linkedin.com/school/lindewijs-academie/people/", "school/lindewijs-academie"),
    ("linkedin", "https://www.linkedin.com/showcase/lindewijs-bso/jobs/", "showcase/lindewijs-bso"),
    ("linkedin", "https://www.linkedin.com/groups/1234567/", "groups/1234567"),
    ("youtube", "https://www.youtube.com/@lws/videos", "@lws"),
    ("youtube", "https://www.youtube.com/@lws/shorts", "@lws"),
    ("youtube", "https://m.youtube.com/@lws/featured", "@lws"),
    ("youtube", "https://www.youtube.com/@lws/playlists?view=1", "@lws"),
    ("tiktok", "https://www.tiktok.com/@lws/video/7300000000000000001", "lws"),
    ("tiktok", "https://www.tiktok.com/@lws?lang=nl-NL", "lws"),
    ("tiktok", "https://m.tiktok.com/@lws/photo/7300000000000000001", "lws"),
    ("pinterest", "https://nl.pinterest.com/lindewijs/_saved/", "lindewijs"),
    ("pinterest", "https://www.pinterest.com/lindewijs/boards/", "lindewijs"),
    ("pinterest", "https://www.pinterest.co.uk/lindewijs/knutselen/", "lindewijs"),
    ("tumblr", "https://lindewijs.tumblr.com/post/123/een-titel", "lindewijs"),
    ("tumblr", "https://www.tumblr.com/lindewijs/123/een-titel", "lindewijs"),
    ("tumblr", "https://www.tumblr.com/blog/view/lindewijs", "lindewijs"),
    ("bluesky", "https://bsky.app/profile/lws.bsky.social/post/3kabc", "lws.bsky.social"),
    ("bluesky", "https://bsky.app/profile/lws.bsky.social/lists", "lws.bsky.social"),
    ("mastodon", "https://mastodon.social/@lws/111222333444", "lws@mastodon.social"),
    ("mastodon", "https://mastodon.social/@lws@scholen.social", "lws@scholen.social"),
    ("snapchat", "https://www.snapchat.com/add/lindewijs?share_id=abc", "lindewijs"),
    ("snapchat", "https://story.snapchat.com/@lindewijs", "lindewijs"),
]

# (platform, an address of that platform that is no profile)
NOT_PROFILES = [
    ("x", "https://x.com/home"),
    ("x", "https://x.com/i/lists/123"),
    ("x", "https://x.com/search?q=lindewijs"),
    ("x", "https://x.com/hashtag/lindewijs"),
    ("x", "https://x.com/explore/tabs/trending"),
    ("instagram", "https://www.instagram.com/p/C1abcDEFgh/"),
    ("instagram", "https://www.instagram.com/reel/C1abcDEFgh/"),
    ("instagram", "https://www.instagram.com/stories/highlights/17900000000000001/"),
    ("instagram", "https://www.instagram.com/explore/tags/lindewijs/"),
    ("facebook", "https://www.facebook.com/groups/feed/"),
    ("facebook", "https://www.facebook.com/groups/discover"),
    ("facebook", "https://www.facebook.com/watch/?v=123"),
    ("facebook", "https://www.facebook.com/events/123456/"),
    ("facebook", "https://www.facebook.com/hashtag/lindewijs"),
    ("facebook", "https://www.facebook.com/stories/123456/"),
    ("linkedin", "https://www.linkedin.com/posts/lindewijs_activity-7100000000000000000-abcd"),
    ("linkedin", "https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000000/"),
    ("linkedin", "https://www.linkedin.com/jobs/view/123456/"),
    ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("youtube", "https://www.youtube.com/results?search_query=lindewijs"),
    ("youtube", "https://www.youtube.com/channel/UC1234567890abcdefghijkl"),
    ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
    ("tiktok", "https://www.tiktok.com/tag/lindewijs"),
    ("tiktok", "https://vm.tiktok.com/ZMabcdef/"),
    ("tiktok", "https://www.tiktok.com/discover/lindewijs"),
    ("threads", "https://www.threads.net/search?q=lws"),
    ("pinterest", "https://www.pinterest.com/pin/123456789/"),
    ("pinterest", "https://pin.it/abcdef"),
    ("pinterest", "https://www.pinterest.com/search/pins/?q=lindewijs"),
    ("tumblr", "https://www.tumblr.com/tagged/lindewijs"),
    ("tumblr", "https://www.tumblr.com/explore/trending"),
    ("bluesky", "https://bsky.app/search?q=lindewijs"),
    ("mastodon", "https://mastodon.social/explore"),
    ("snapchat", "https://www.snapchat.com/discover/lindewijs/123"),
    ("snapchat", "https://www.snapchat.com/t/abcdef"),
]


@pytest.mark.parametrize(("platform", "address", "handle"), PROFILE_PAGES)
def test_a_page_of_a_profile_names_that_profile_in_every_entrance(platform, address, handle):
    assert observed_handle(platform, address) == handle
    assert parse_handle(platform, address).handle == handle
    assert handle_from_url(address) == (platform, handle)
    assert same_key(platform, address) == same_key(platform, handle)


@pytest.mark.parametrize(("platform", "address"), NOT_PROFILES)
def test_a_page_that_is_no_profile_names_no_handle(platform, address):
    with pytest.raises(ValidationError) as error:
        observed_handle(platform, address)
    assert error.value.key == "platform.url_not_profile"
    with pytest.raises(ValidationError):
        parse_handle(platform, address)
    assert handle_from_url(address) is None


@pytest.mark.parametrize(
    ("platform", "text", "handle"),
    [("x", "@LWSMaasland", "LWSMaasland"), ("instagram", " @lindewijs.fans ", "lindewijs.fans"),
     ("tiktok", "@lws", "lws"), ("youtube", "@lws", "@lws"), ("youtube", "lws", "@lws"),
     ("mastodon", "@lws@mastodon.social", "lws@mastodon.social"), ("x", "LWSMaasland", "LWSMaasland")],
)
def test_an_at_handle_loses_its_at_sign_where_the_platform_has_none(platform, text, handle):
    assert observed_handle(platform, text) == handle


def test_an_observed_handle_may_break_the_platform_rule_that_registering_enforces():
    # 25 characters: too long for X, yet seen in the wild and worth scanning
    assert observed_handle("x", "https://x.com/lindewijs_official_fanclub/media") == "lindewijs_official_fanclub"
    with pytest.raises(ValidationError):
        parse_handle("x", "lindewijs_official_fanclub")


def test_a_profile_on_another_platform_is_not_taken_as_a_handle_of_this_one():
    with pytest.raises(ValidationError) as error:
        observed_handle("x", "https://www.instagram.com/lindewijs.fans/")
    assert error.value.key == "platform.url_other"


def test_a_mastodon_users_path_names_the_user_when_the_platform_is_known():
    # any host may run Mastodon: without the platform only /@user says so with confidence
    address = "https://scholen.social/users/lws/statuses/1"
    assert observed_handle("mastodon", address) == "lws@scholen.social"
    assert handle_from_url(address) is None
