"""Direct tests of the small helpers that several modules share."""

import pytest

from extract.model import box_union


def test_box_union_holds_every_box():
    # two word boxes side by side, the second taller: the union spans both
    assert box_union([(10, 5, 20, 15), (25, 2, 40, 18)]) == (10, 2, 40, 18)
    # one box is its own union; pixels stay integers, points stay floats
    assert box_union([(1, 2, 3, 4)]) == (1, 2, 3, 4)
    assert box_union([(0.5, 1.0, 2.0, 3.5), (1.0, 0.25, 1.5, 4.0)]) == (0.5, 0.25, 2.0, 4.0)
    # a box inside another adds nothing
    assert box_union([(0, 0, 100, 100), (10, 10, 20, 20)]) == (0, 0, 100, 100)


def test_box_union_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        box_union([])
