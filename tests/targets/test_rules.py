"""The scoring rules and the completion, with their edge cases (no database)."""

from decimal import Decimal as D

import pytest

from apps.targets import rules
from apps.targets.scoring import year_elapsed


def points(rule, completion, weight=10, **params):
    return rules.get(rule).points(D(completion), D(weight), params)


def test_completion_is_the_percent_of_the_target():
    assert rules.completion(D(3), D(4)) == D("75.0")
    assert rules.completion(D(2), D(3)) == D("66.7")


def test_zero_target_is_complete_unless_progress_is_negative():
    assert rules.completion(D(0), D(0)) == 100
    assert rules.completion(D(5), D(0)) == 100
    assert rules.completion(D(-1), D(0)) == 0


def test_negative_progress_is_completion_zero_never_negative():
    assert rules.completion(D(-3), D(10)) == 0
    assert points("proportional", rules.completion(D(-3), D(10))) == 0
    assert points("bonus", -50) == 0  # a negative completion given directly counts as 0


def test_a_rate_without_base_has_no_completion():
    assert rules.completion(None, D(100)) is None


def test_proportional_caps_over_achievement():
    assert points("proportional", 50) == D("5.00")
    assert points("proportional", 120) == D("12.00")
    assert points("proportional", 300) == D("12.00")
    assert points("proportional", 300, cap=100) == D("10.00")
    assert points("proportional", "66.7", weight=15) == D("10.01")


def test_all_or_nothing():
    assert points("all_or_nothing", "99.9") == 0
    assert points("all_or_nothing", 100) == 10
    assert points("all_or_nothing", 250) == 10


def test_bonus_above_target_up_to_its_limit():
    assert points("bonus", 80) == D("8.00")
    assert points("bonus", 100) == D("10.00")
    assert points("bonus", 120) == D("12.00")  # 20 points over × 0.1
    assert points("bonus", 200) == D("15.00")  # bonus limited to 5
    assert points("bonus", 130, per_percent="0.5", most=20) == D("25.00")


def test_penalty_below_the_floor_deducts():
    assert points("penalty", 59) == D("-2.00")
    assert points("penalty", 60) == D("6.00")
    assert points("penalty", 150) == D("10.00")
    assert points("penalty", 0, deduction=5) == D("-5.00")
    assert points("penalty", 30, floor=0) == D("3.00")


def test_unknown_and_empty_parameters_fall_back_to_defaults():
    assert points("proportional", 200, cap="") == D("12.00")
    assert points("proportional", 200, other=1) == D("12.00")


@pytest.mark.parametrize(
    "day, share",
    [
        ("2026-01-01", "0.3"),
        ("2026-06-30", "49.6"),
        ("2026-12-31", "100"),
        ("2027-02-01", "100"),
        ("2025-12-31", "0"),
    ],
)
def test_share_of_the_year_elapsed(day, share):
    import datetime

    assert year_elapsed(2026, datetime.date.fromisoformat(day)) == D(share)
