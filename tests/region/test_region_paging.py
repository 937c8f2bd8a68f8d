"""Listing pages break between schools, so one school's change touches one page (region/paging.py)."""
from __future__ import annotations

import random

import pytest

from generator.region.paging import stable_pages

PER_PAGE = 50


def listing(schools: int, per_school: tuple[int, int], seed: int = 7) -> list[tuple[str, int]]:
    """(school, practice number) in listing order: a school's practices together."""
    rnd = random.Random(seed)
    return [(f"school-{s:04d}", n) for s in range(schools) for n in range(rnd.randint(*per_school))]


def school(item: tuple[str, int]) -> str:
    return item[0]


@pytest.mark.parametrize("per_school", [(5, 15), (1, 3), (0, 2)], ids=["catalog", "facet", "sparse-facet"])
def test_pages_keep_order_and_size(per_school):
    items = listing(1000, per_school)
    pages = stable_pages(items, school, PER_PAGE)
    assert [i for page in pages for i in page] == items
    assert max(len(p) for p in pages) <= 2 * PER_PAGE
    mean = len(items) / len(pages)
    assert PER_PAGE / 2 <= mean <= 2 * PER_PAGE, mean


@pytest.mark.parametrize("change", ["drop", "add", "drop-school"])
def test_one_schools_change_changes_one_or_two_pages(change):
    items = listing(1000, (5, 15))
    before = stable_pages(items, school, PER_PAGE)
    rnd = random.Random(change)
    for _ in range(20):
        target = f"school-{rnd.randrange(1000):04d}"
        mine = [i for i in items if i[0] == target]
        if change == "drop":
            changed = [i for i in items if i != mine[-1]]
        elif change == "add":
            at = items.index(mine[-1]) + 1
            changed = items[:at] + [(target, 99)] + items[at:]
        else:
            changed = [i for i in items if i[0] != target]
        after = stable_pages(changed, school, PER_PAGE)
        differ = {tuple(p) for p in after} - {tuple(p) for p in before}
        assert len(differ) <= 2, (target, len(differ))
        # and the pages keep their numbers, but for the end of the list
        assert abs(len(after) - len(before)) <= 1


def test_a_school_with_more_than_a_page_gets_pages_of_its_own():
    items = [("big", n) for n in range(130)] + [("small", n) for n in range(3)]
    pages = stable_pages(items, school, PER_PAGE)
    assert [len(p) for p in pages][:2] == [50, 50]
    assert [i for p in pages for i in p] == items


def test_an_empty_listing_is_one_empty_page():
    assert stable_pages([], school, PER_PAGE) == [[]]
