"""Neighbourhoods: postcode areas and placing a resident."""
import pytest

from buurt.people import neighbourhoods
from buurt.people.neighbourhoods import NeighbourhoodError


@pytest.mark.parametrize("typed, area", [
    ("1015", "1015"), ("1015AB", "1015"), ("1015 ab", "1015"), (" 1015 AB ", "1015"),
    ("1015  Ab", "1015"), ("0123", None), ("101", None), ("10155", None), ("1015 A", None),
    ("ABCD", None), ("", None), (None, None), ("1015 ABC", None),
])
def test_postcode_area(typed, area):
    assert neighbourhoods.postcode_area(typed) == area


def test_the_only_neighbourhood_takes_every_postcode(centrum):
    assert neighbourhoods.for_postcode("9999") == centrum


def test_postcodes_place_residents_once_there_are_several(centrum, make_neighbourhood):
    oost = make_neighbourhood("oost", ["1091", "1092"])
    assert neighbourhoods.for_postcode("1092") == oost
    assert neighbourhoods.for_postcode("9999") is None


def test_create_keeps_areas_unique(centrum, make_neighbourhood):
    make_neighbourhood("oost", ["1091"])
    with pytest.raises(NeighbourhoodError, match="1091"):
        neighbourhoods.create(slug="west", name="West", postcodes=["1091", "1051"])
    with pytest.raises(NeighbourhoodError, match="exists"):
        neighbourhoods.create(slug="oost", name="Oost", postcodes=["1093"])


@pytest.mark.parametrize("slug, codes", [("Oost!", ["1091"]), ("oost", ["10911"]),
                                         ("oost", ["1091AB"]), ("", ["1091"])])
def test_create_refuses_bad_input(centrum, slug, codes):
    with pytest.raises(NeighbourhoodError):
        neighbourhoods.create(slug=slug, name="Oost", postcodes=codes)
