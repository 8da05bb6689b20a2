from fractions import Fraction

import pytest

from aggregation.shares import ShareRule
from core.text import near_key

RULE = ShareRule()


@pytest.mark.parametrize(
    ("n", "total", "level"),
    [
        (36, 41, "most"),
        (30, 40, "most"),  # exactly 3/4
        (29, 40, "majority"),
        (21, 40, "majority"),
        (20, 40, "many"),  # exactly 1/2: the plan's Đa số is "above 1/2"
        (11, 40, "many"),
        (10, 40, "some"),  # exactly 1/4: the plan's Nhiều is "above 1/4"
        (3, 40, "some"),
        (2, 40, "few"),
        (1, 41, "few"),  # a single dissent
        (1, 3, "few"),
        (2, 4, "few"),  # two opinions, exactly half: still only "Có ý kiến"
        (2, 3, "majority"),
        (1, 1, "few"),  # a lone comment is not "Hầu hết"
        (3, 3, "most"),
    ],
)
def test_levels(n: int, total: int, level: str) -> None:
    assert RULE.level(n, total) == level


def test_phrases_print_counts() -> None:
    assert RULE.phrase(36, 41) == "Hầu hết ý kiến (36/41)"
    assert RULE.phrase(31, 48) == "Đa số ý kiến (31/48)"
    assert RULE.phrase(20, 40) == "Nhiều ý kiến (20/40)"
    assert RULE.phrase(10, 40) == "Một số ý kiến (10/40)"
    assert RULE.phrase(1, 41) == "Có ý kiến (1/41)"


def test_two_of_eight_is_a_few_opinions_not_a_quarter() -> None:
    """README: "Có ý kiến" is tried first, so at 2 of 8 (exactly 1/4, and only two opinions) it wins over the
    quarter rule's "Một số ý kiến"; three opinions at 1/4 keep "Một số ý kiến"; with `few_max: 1`, 2 of 8 is
    "Một số ý kiến" again."""
    assert RULE.level(2, 8) == "few" and RULE.phrase(2, 8) == "Có ý kiến (2/8)"
    assert RULE.phrase(3, 12) == "Một số ý kiến (3/12)"
    one = ShareRule.from_settings({"report": {"shares": {"few_max": 1}}})
    assert one.phrase(2, 8) == "Một số ý kiến (2/8)"
    many = ShareRule.from_settings({"report": {"shares": {"quarter": "many"}}})
    assert many.phrase(2, 8) == "Có ý kiến (2/8)" and many.phrase(3, 12) == "Nhiều ý kiến (3/12)"


def test_configurable_from_settings() -> None:
    rule = ShareRule.from_settings({"report": {"shares": {"half": "majority", "quarter": "many", "few_max": 0}}})
    assert rule.level(20, 40) == "majority"
    assert rule.level(10, 40) == "many"
    assert rule.level(1, 41) == "some"
    assert ShareRule.from_settings({"report": {"shares": {"most": "0.8"}}}).most == Fraction(4, 5)
    with pytest.raises(ValueError):
        ShareRule.from_settings({"report": {"shares": {"half": "lots"}}})


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Giữ vững hoà bình", "giữ vững hòa bình"),
        ("Thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "Khỏe  mạnh"),
        ("  Nhất trí  với dự thảo. ", "nhất trí với dự thảo"),
        ("Hòa bình", "Ho\u0300a bi\u0300nh"),  # NFD input
        ("Hoà bình", "Hoa\u0300 bi\u0300nh"),  # NFD, old tone placement
    ],
)
def test_near_duplicates_share_a_key(a: str, b: str) -> None:
    assert near_key(a) == near_key(b)


def test_different_words_keep_different_keys() -> None:
    assert near_key("hoàn thành") != near_key("hòa thành")
    assert near_key("hoặc") == "hoặc"
    assert near_key("nhất trí") != near_key("không nhất trí")
