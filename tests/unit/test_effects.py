"""Effect estimates against cases computed by hand (the arithmetic is in each test)."""

import math

import pytest

from socinv.core.effects import (
    Status,
    change_against_baseline,
    difference_in_differences,
    progress,
    status,
)


def test_change_against_baseline() -> None:
    # 40 -> 30: absolute 30 - 40 = -10; relative -10 / 40 = -0.25
    assert change_against_baseline(40, 30) == (-10, -0.25)
    # 0.20 -> 0.25: absolute 0.05; relative 0.05 / 0.20 = 0.25
    absolute, relative = change_against_baseline(0.20, 0.25)
    assert absolute == pytest.approx(0.05) and relative == pytest.approx(0.25)


def test_relative_change_from_zero_is_none() -> None:
    assert change_against_baseline(0, 5) == (5, None)


def test_relative_change_follows_the_direction_with_a_negative_baseline() -> None:
    # -10 -> -5: absolute +5; relative 5 / |-10| = +0.5 (it went up)
    assert change_against_baseline(-10, -5) == (5, 0.5)


def test_progress_higher_is_better() -> None:
    # baseline 60, target 80, actual 75: (75 - 60) / (80 - 60) = 15 / 20 = 0.75
    assert progress(60, 80, 75, "higher") == pytest.approx(0.75)


def test_progress_lower_is_better() -> None:
    # baseline 40, target 20, actual 25: (25 - 40)·(-1) / ((20 - 40)·(-1)) = 15 / 20 = 0.75
    assert progress(40, 20, 25, "lower") == pytest.approx(0.75)


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        # higher is better, baseline 60, target 80 (the way is 20):
        (60, 80, 78, "higher", Status.ON_TRACK),  # 18/20 = 0.90 >= 0.9
        (60, 80, 85, "higher", Status.ON_TRACK),  # 25/20 = 1.25, beyond the target
        (60, 80, 77, "higher", Status.AT_RISK),  # 17/20 = 0.85
        (60, 80, 70, "higher", Status.AT_RISK),  # 10/20 = 0.50 >= 0.5
        (60, 80, 69, "higher", Status.OFF_TRACK),  # 9/20 = 0.45
        (60, 80, 55, "higher", Status.OFF_TRACK),  # -5/20 = -0.25, the wrong way
        # lower is better, baseline 0.40, target 0.20 (the way is 0.20):
        (0.40, 0.20, 0.22, "lower", Status.ON_TRACK),  # 0.18/0.20 = 0.9
        (0.40, 0.20, 0.30, "lower", Status.AT_RISK),  # 0.10/0.20 = 0.5
        (0.40, 0.20, 0.35, "lower", Status.OFF_TRACK),  # 0.05/0.20 = 0.25
        (0.40, 0.20, 0.45, "lower", Status.OFF_TRACK),  # went up
    ],
)
def test_status_rule(baseline, target, actual, direction, expected) -> None:
    assert status(baseline, target, actual, direction) == expected


def test_status_thresholds_can_be_changed() -> None:
    # 15/20 = 0.75: at risk by default, on track with on_track_share 0.75
    assert status(60, 80, 75, "higher") == "at_risk"
    assert status(60, 80, 75, "higher", on_track_share=0.75) == "on_track"
    # 9/20 = 0.45: off track by default, at risk with at_risk_share 0.4
    assert status(60, 80, 69, "higher", at_risk_share=0.4) == "at_risk"


def test_a_hold_the_level_target_is_met_or_not() -> None:
    # target equal to the baseline: no way to go; met when at least as good as the target
    assert progress(50, 50, 55, "higher") is None
    assert status(50, 50, 50, "higher") == "on_track"
    assert status(50, 50, 49, "higher") == "off_track"
    assert status(50, 50, 49, "lower") == "on_track"
    # "limit the rise to 55" with lower is better: 54 meets it, 56 does not
    assert status(50, 55, 54, "lower") == "on_track"
    assert status(50, 55, 56, "lower") == "off_track"


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="direction"):
        status(1, 2, 3, "up")
    with pytest.raises(ValueError):
        status(1, 2, 3, "higher", on_track_share=0.4, at_risk_share=0.5)


def test_difference_in_differences_point_estimate() -> None:
    # project 0.30 -> 0.20 (change -0.10); comparison 0.32 -> 0.29 (change -0.03)
    # DiD = -0.10 - (-0.03) = -0.07
    result = difference_in_differences(0.30, 0.20, 0.32, 0.29)
    assert result.estimate == pytest.approx(-0.07)
    assert not result.has_interval and result.low is None and result.standard_error is None


def test_difference_in_differences_interval_by_hand() -> None:
    # n_treat = 100, n_comp = 400
    # Var = 0.30·0.70/100 + 0.20·0.80/100 + 0.32·0.68/400 + 0.29·0.71/400
    #     = 0.0021 + 0.0016 + 0.000544 + 0.00051475 = 0.00475875
    # SE = sqrt(0.00475875) = 0.0689837...
    # 95 %: -0.07 ± 1.959964 · 0.0689837 = -0.07 ± 0.135206 -> (-0.205206, 0.065206)
    result = difference_in_differences(0.30, 0.20, 0.32, 0.29, n_treat=100, n_comp=400)
    assert result.estimate == pytest.approx(-0.07)
    assert result.standard_error == pytest.approx(math.sqrt(0.00475875))
    assert result.standard_error == pytest.approx(0.0689837, abs=1e-7)
    assert result.low == pytest.approx(-0.205206, abs=1e-6)
    assert result.high == pytest.approx(0.065206, abs=1e-6)
    assert result.confidence == 0.95


def test_difference_in_differences_with_sizes_per_period() -> None:
    # all four p = 0.5, so each variance term is 0.25/n:
    # n: treat 50 before, 100 after; comp 200 both
    # Var = 0.25/50 + 0.25/100 + 0.25/200 + 0.25/200 = 0.005 + 0.0025 + 0.00125 + 0.00125
    #     = 0.01 -> SE = 0.1; estimate 0; 95 % half-width 1.959964 · 0.1 = 0.1959964
    result = difference_in_differences(0.5, 0.5, 0.5, 0.5, n_treat=(50, 100), n_comp=200)
    assert result.estimate == 0
    assert result.standard_error == pytest.approx(0.1)
    assert result.high == pytest.approx(0.1959964, abs=1e-7)
    assert result.low == pytest.approx(-0.1959964, abs=1e-7)


def test_no_interval_without_proportions_or_sizes() -> None:
    # rates per 1 000 inhabitants: 12 -> 9 against 11 -> 10.5: DiD = -3 - (-0.5) = -2.5
    result = difference_in_differences(12, 9, 11, 10.5, n_treat=100, n_comp=100, proportions=False)
    assert result.estimate == pytest.approx(-2.5) and not result.has_interval
    assert not difference_in_differences(0.3, 0.2, 0.3, 0.3, n_treat=100).has_interval


def test_difference_in_differences_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        difference_in_differences(30, 20, 32, 29, n_treat=100, n_comp=100)
    with pytest.raises(ValueError, match="n_treat"):
        difference_in_differences(0.3, 0.2, 0.3, 0.3, n_treat=0, n_comp=100)
    with pytest.raises(ValueError, match="finite"):
        difference_in_differences(float("nan"), 0.2, 0.3, 0.3)
