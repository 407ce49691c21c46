"""The owner's change marks and the cut-off of "new since the last import"."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from app.core.errors import InputFileError
from app.history.append import append_import
from app.history.marks import add_change, changes, last_import_cutoff, parse_change
from app.history.store import open_history
from tests.history.exports import write_export
from tests.history.test_append import _import


def test_a_change_is_read_with_either_colon_and_kept_once(tmp_path):
    fix = parse_change("2026-02-01：换了顺丰")
    assert (fix.date, fix.description) == (pd.Timestamp("2026-02-01"), "换了顺丰")
    with open_history(tmp_path / "店.reviewlens", create=True) as shop:
        assert add_change(shop, fix) is True
        assert add_change(shop, parse_change("2026-02-01:换了顺丰")) is False
        add_change(shop, parse_change("2026-01-15:新批次面料"))
    with open_history(tmp_path / "店.reviewlens") as shop:  # stored in the file
        assert [f.description for f in changes(shop)] == ["新批次面料", "换了顺丰"]


@pytest.mark.parametrize("value", ["换了顺丰", "2026-13-45:换了顺丰", "2026-02-01:", ":换了顺丰"])
def test_a_change_without_a_day_or_a_description_is_a_plain_error(value):
    with pytest.raises(InputFileError, match="日期:做了什么"):
        parse_change(value)


def test_the_cutoff_is_the_newest_day_held_before_the_latest_import(tmp_path):
    with open_history(tmp_path / "店.reviewlens", create=True) as shop:
        append_import(shop, _import(write_export(tmp_path / "jan.csv", range(31))))
        assert last_import_cutoff(shop) is None  # one import: nothing is "since last time"
        append_import(shop, _import(write_export(tmp_path / "feb.csv", range(20, 59))))
        assert last_import_cutoff(shop) == date(2026, 1, 31)
