"""The idea list pages through ideas that have the same support, without skipping or
repeating one."""
from datetime import timedelta

import pytest

from tests.ideas.conftest import text, titles


@pytest.fixture
def app_settings():
    return {"PAGE_SIZE": 2}


def test_the_list_pages_through_ideas_with_equal_support(client, make_user, make_idea,
                                                         traveller):
    for k in range(5):
        make_idea(title=f"Idea number {k}")
        traveller.shift(timedelta(minutes=1))
    seen = []
    url = "/ideas?sort=support"
    while url:
        page = text(client.get(url))
        seen += titles(page)
        url = (page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
               .replace("&amp;", "&") if 'rel="next"' in page else None)
    assert seen == [f"Idea number {k}" for k in (4, 3, 2, 1, 0)]
