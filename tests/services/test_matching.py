"""Matching: requests in the topics a resident offers, offers in the topics they seek."""
from datetime import timedelta

from buurt.market.matching import matches_for
from buurt.posts.models import CloseReason, PostState


def test_requests_match_what_the_resident_offers(make_user, make_post):
    helper = make_user(offer=["computerhulp"])
    wanted = make_post("request", topic="computerhulp")
    make_post("request", topic="tuin")                 # a topic the helper does not offer
    make_post("offer", topic="computerhulp")           # an offer does not answer an offer
    assert matches_for(helper) == [wanted]


def test_offers_match_what_the_resident_seeks(make_user, make_post):
    seeker = make_user(seek=["vervoer"])
    ride = make_post("offer", topic="vervoer")
    make_post("request", topic="vervoer")              # someone else's request is no answer
    make_post("offer", topic="koken")
    assert matches_for(seeker) == [ride]


def test_only_published_posts_match(make_user, make_post):
    helper = make_user(offer=["klussen"])
    published = make_post("request", topic="klussen")
    for state in (PostState.PENDING, PostState.REMOVED, PostState.HIDDEN,
                  PostState.NEEDS_CLARIFICATION, PostState.SCHEDULED, PostState.PAUSED):
        make_post("request", topic="klussen", state=state)
    make_post("request", topic="klussen", state=PostState.CLOSED,
              closed_reason=CloseReason.WITHDRAWN)
    assert matches_for(helper) == [published]


def test_own_posts_never_match(make_user, make_post):
    resident = make_user(offer=["tuin"], seek=["tuin"])
    make_post("request", topic="tuin", author=resident)
    make_post("offer", topic="tuin", author=resident)
    other = make_post("request", topic="tuin")
    assert matches_for(resident) == [other]


def test_own_neighbourhood_first_then_newest(make_user, make_post, make_neighbourhood, centrum):
    oost = make_neighbourhood("oost", ["1091"])
    helper = make_user(offer=["koken"], neighbourhood=centrum)
    far_newest = make_post("request", topic="koken", author=make_user(neighbourhood=oost))
    near_old = make_post("request", topic="koken", age=timedelta(days=5))
    near_new = make_post("request", topic="koken", age=timedelta(days=1))
    far_old = make_post("request", topic="koken", age=timedelta(days=9),
                        author=make_user(neighbourhood=oost))
    assert matches_for(helper) == [near_new, near_old, far_newest, far_old]


def test_several_topics_merge_newest_first(make_user, make_post):
    resident = make_user(offer=["koken", "tuin"], seek=["vervoer"])
    a = make_post("request", topic="tuin", age=timedelta(hours=3))
    b = make_post("offer", topic="vervoer", age=timedelta(hours=1))
    c = make_post("request", topic="koken", age=timedelta(hours=2))
    assert matches_for(resident) == [b, c, a]


def test_limit_keeps_the_newest(make_user, make_post):
    helper = make_user(offer=["dieren"])
    posts = [make_post("request", topic="dieren", age=timedelta(hours=h)) for h in range(6)]
    assert matches_for(helper, limit=4) == posts[:4]


def test_limit_counts_own_neighbourhood_before_others(make_user, make_post,
                                                      make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    helper = make_user(offer=["oppas"])
    near = [make_post("request", topic="oppas", age=timedelta(days=d)) for d in (3, 4)]
    far = make_post("request", topic="oppas", author=make_user(neighbourhood=oost))
    make_post("request", topic="oppas", age=timedelta(days=1),
              author=make_user(neighbourhood=oost))
    assert matches_for(helper, limit=3) == near + [far]


def test_no_topics_no_matches(make_user, make_post):
    make_post("request", topic="zorg")
    assert matches_for(make_user()) == []


def test_matching_uses_a_fixed_number_of_statements(make_user, make_post, count_queries,
                                                     make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091"])
    helper = make_user(offer=["klussen", "tuin", "koken"], seek=["vervoer", "zorg"])
    helper_id = helper.id

    def statements():
        from buurt.core.extensions import db
        db.session.expire_all()
        user = db.session.get(type(helper), helper_id)
        _ = user.topic_links
        with count_queries() as queries:
            found = matches_for(user)
        return len(queries), len(found)

    make_post("request", topic="klussen")
    few = statements()
    for i in range(30):
        make_post("request", topic=["klussen", "tuin", "koken"][i % 3],
                  author=make_user(neighbourhood=oost if i % 2 else None))
        make_post("offer", topic=["vervoer", "zorg"][i % 2])
    many = statements()
    assert few[1] == 1 and many[1] == 20
    # Own neighbourhood, other neighbourhoods when the page is not full yet, then the load.
    assert few[0] == 3 and many[0] <= 3
