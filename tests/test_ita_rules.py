"""ITA arithmetic and level rules (normalize.ita), with values read from the samples."""

import pytest

from expected import EXPECTED_SCORES
from normalize.ita import level_consistent, level_for, overall_from_indicators, tool_means

SAMPLE_003 = EXPECTED_SCORES["003_2db37be08ce2af76"]
SAMPLE_001 = EXPECTED_SCORES["001_8921beb29c9612d0"]


def test_overall_recomputes_the_stated_scores():
    assert overall_from_indicators(SAMPLE_003) == pytest.approx(77.98, abs=0.01)
    assert overall_from_indicators(SAMPLE_001) == pytest.approx(91.76, abs=0.01)


def test_overall_needs_all_ten():
    partial = dict(SAMPLE_003)
    del partial[7]
    assert overall_from_indicators(partial) is None
    assert tool_means(partial) is None


@pytest.mark.parametrize(
    ("year", "overall", "expected"),
    [
        (2565, 77.98, "B"),
        (2566, 86.75, "A"),
        (2562, 95.0, "AA"),
        (2564, 94.99, "A"),
        (2563, 49.99, "F"),
        (2563, 50.0, "E"),
        (2561, 80.0, None),
        (None, 80.0, None),
    ],
)
def test_letter_levels(year, overall, expected):
    assert level_for(year, overall, None) == expected


def test_tier_levels_use_tool_means():
    means = tool_means(SAMPLE_001)  # OIT mean 82.0 < 85
    assert level_for(2568, 91.76, means) == "ผ่าน"
    assert level_for(2568, 91.76, None) is None  # needs the tool means
    assert level_for(2567, 96.0, {"IIT": 96.0, "EIT": 95.5, "OIT": 97.0}) == "ผ่านดีเยี่ยม"
    assert level_for(2567, 96.0, {"IIT": 96.0, "EIT": 90.0, "OIT": 97.0}) == "ผ่านดี"
    assert level_for(2567, 80.0, None) == "ต้องปรับปรุง"
    assert level_for(2568, 69.99, None) == "ต้องปรับปรุงโดยด่วน"


def test_pass_means_85_in_every_year():
    assert level_consistent("ผ่าน", "A", 86.75) is True  # sample 002, 2566
    assert level_consistent("ผ่าน", "B", 77.98) is False
    assert level_consistent("ไม่ผ่าน", "B", 77.98) is True
    assert level_consistent("ผ่านดี", "ผ่าน", 91.76) is False  # sample 001's second statement
    assert level_consistent("B", "B", 77.98) is True
    assert level_consistent("A", None, None) is None
