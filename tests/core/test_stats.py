"""Wilson intervals and the z-test against published numbers."""

from __future__ import annotations

import pytest

from app.core.changes.stats import rate_table, two_proportion_p, wilson_interval


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [  # Newcombe (1998), Statistics in Medicine 17:857, table I, method 3 (Wilson, no correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_published_values(count, n, low, high):
    got_low, got_high = wilson_interval(count, n)
    assert float(got_low) == pytest.approx(low, abs=5e-5)
    assert float(got_high) == pytest.approx(high, abs=5e-5)


def test_no_reviews_has_no_interval_and_no_difference():
    low, high = wilson_interval(0, 0)
    assert low != low and high != high  # NaN: nothing to show
    assert float(two_proportion_p(0, 0, 0, 0)[0]) == 1.0


def test_z_test_p_value():
    # 40/200 vs 10/200: pooled 12.5 %, z = 4.536, two-sided p = 5.7e-6
    assert float(two_proportion_p(40, 200, 10, 200)[0]) == pytest.approx(5.74e-6, rel=1e-2)
    # 20/200 vs 20/200: no difference at all
    assert float(two_proportion_p(20, 200, 20, 200)[0]) == pytest.approx(1.0)


def test_rate_table_needs_thirty_reviews_a_side_and_ten_of_the_thing():
    table = rate_table([8, 4, 6], [200, 29, 200], [1, 0, 2], [200, 200, 200])
    assert table["enough"].tolist() == [False, False, False]  # 9 / 4 / 8 tag reviews, 29 a side
    table = rate_table([10], [30], [0], [30])
    assert table["enough"].tolist() == [True] and table["solid"].tolist() == [True]


def test_small_shares_keep_one_decimal_so_two_of_863_is_not_zero():
    from app.core.changes.common import pct

    assert [pct(x) for x in (0, 2 / 863, 0.05, 0.073, 0.2, 1.0)] == [
        "0%",
        "0.2%",
        "5%",
        "7.3%",
        "20%",
        "100%",
    ]
