"""The shop file as the analysis's memory: only new reviews are segmented and judged, and the
result is the one a fresh analysis gives (real shop files in tmp_path, no mocks of the store)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest

from app.core import pipeline
from app.core.ingest.ledger import build_import
from app.core.pipeline import AnalysisConfig, read_texts, run_analysis
from app.core.sentiment.model import SentimentModel
from app.core.text.segment import Dictionary
from app.core.text_memory import REFIT_GROWTH, dictionary_stamp, model_stamp, text_keys
from app.history import schema
from app.history.memory import ShopMemory
from app.history.queries import held_reviews
from app.history.session import add_files, shop_config
from app.history.store import open_history
from app.io.readers.read import read_file
from tests.history.exports import write_export


def _read(imported, progress, cancel, config):
    read_texts(imported, config, progress=progress, cancel=cancel)


@pytest.fixture
def counted(monkeypatch):
    """How many texts each per-text stage was asked to read."""
    seen = {"segment": 0, "judge": 0, "units": 0}

    def counting(name, fn):
        def wrapper(first, *args):
            texts = args[-1]
            seen[name] += len(texts)
            return fn(first, *args)

        return wrapper

    monkeypatch.setattr(pipeline, "segment_chunk", counting("segment", pipeline.segment_chunk))
    monkeypatch.setattr(pipeline, "judge", counting("judge", pipeline.judge))
    monkeypatch.setattr(pipeline, "units_chunk", counting("units", pipeline.units_chunk))
    return seen


def _held(shop):
    with open_history(shop) as history:
        return held_reviews(history)


def test_an_analysis_from_the_memory_equals_a_fresh_one(tmp_path):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "a.csv", range(120)))], read=_read)
    held = _held(shop)
    fresh = run_analysis(held)
    remembered = run_analysis(held, shop_config(shop))
    for column in ("sentiment", "text_sentiment", "sentiment_score", "themes", "aspects"):
        pd.testing.assert_series_equal(fresh.reviews[column], remembered.reviews[column])
    for column in ("tokens", "polarity", "score", "units", "theme"):
        pd.testing.assert_series_equal(fresh.clauses[column], remembered.clauses[column])
    pd.testing.assert_frame_equal(fresh.themes, remembered.themes)


def test_adding_an_export_reads_only_its_new_reviews(tmp_path, counted):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "a.csv", range(60)))], read=_read)
    assert counted["segment"] > 0 and counted["judge"] > 0
    for name in counted:
        counted[name] = 0

    run_analysis(_held(shop), shop_config(shop))  # everything was read at `shop add`
    assert counted == {"segment": 0, "judge": 0, "units": 0}

    # an overlapping export: 40..69, ten of them new, each with its own first clause 第N次买这个杯子
    outcome = add_files(shop, [str(write_export(tmp_path / "b.csv", range(40, 70)))], read=_read)
    assert outcome.added.new == 10
    assert counted["segment"] == 10  # the other clauses were read before
    assert counted["judge"] == 10 + 10  # the ten texts, then their ten new clauses
    for name in counted:
        counted[name] = 0
    run_analysis(_held(shop), shop_config(shop))
    assert counted == {"segment": 0, "judge": 0, "units": 0}


def test_the_shop_model_is_kept_until_its_basis_grows_by_a_quarter(tmp_path):
    memory = ShopMemory(_empty_shop(tmp_path))
    base = SentimentModel.load()
    fits = []

    def fit():
        fits.append(1)
        return SentimentModel(
            base.weights + len(fits) / 1000, base.lex_coef, base.bias, bits=base.bits,
            max_n=base.max_n, meta={"adapted": True, "adapted_on": 400},
        )  # fmt: skip

    first = memory.shop_model("base", (400, 1000), fit)
    memory.remember(f"clause/x/{model_stamp(first)}", np.array([1]), ["praise"], np.array([0.5]))
    again = memory.shop_model("base", (int(400 * REFIT_GROWTH), 1100), fit)
    assert len(fits) == 1 and model_stamp(again) == model_stamp(first)
    assert again.meta["adapted_on"] == 400 and np.array_equal(again.weights, first.weights)

    grown = memory.shop_model("base", (int(400 * REFIT_GROWTH) + 1, 1100), fit)
    assert len(fits) == 2 and model_stamp(grown) != model_stamp(first)
    held, _, _ = memory.recall(f"clause/x/{model_stamp(first)}", np.array([1]))
    assert not held.any()  # the old model's judgements are gone with it

    memory.shop_model("another bundled model", (400, 1000), fit)
    assert len(fits) == 3  # a new version of the bundled model: refitted


def test_recall_returns_values_and_scores_in_the_order_asked(tmp_path):
    memory = ShopMemory(_empty_shop(tmp_path))
    keys = text_keys(["物流很快", "盖子有点紧", "颜色和图片一样"])
    memory.remember("clause/v/m", keys[:2], ["praise", "complaint"], np.array([0.75, -0.5]))
    held, values, scores = memory.recall("clause/v/m", keys[::-1])
    assert held.tolist() == [False, True, True]
    assert values.tolist() == ["complaint", "praise"] and scores.tolist() == [-0.5, 0.75]
    assert not memory.recall("tokens/v/d", keys)[0].any()  # another stage holds nothing


def test_a_changed_dictionary_is_another_stage():
    one = Dictionary("jieba", (("保温杯", 10),))
    assert dictionary_stamp(one) == dictionary_stamp(Dictionary("jieba", (("保温杯", 10),)))
    assert dictionary_stamp(one) != dictionary_stamp(Dictionary("jieba", (("保温杯", 11),)))
    assert dictionary_stamp(one) != dictionary_stamp(Dictionary("rjieba", (("保温杯", 10),)))


def test_a_memory_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "a.csv", range(30)))])
    locker = sqlite3.connect(shop, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        monkeypatch.setattr("app.history.memory._BUSY_SECONDS", 0.1)  # the app waits 30 s
        imported = build_import([read_file(str(tmp_path / "a.csv"))])
        result = run_analysis(imported, AnalysisConfig(memory=ShopMemory(shop)))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert len(result.reviews) == 30
    assert result.reviews["sentiment"].eq(run_analysis(imported).reviews["sentiment"]).all()


def test_migration_from_schema_2_adds_the_memory_tables(tmp_path):
    path = tmp_path / "old.reviewlens"
    db = sqlite3.connect(path, isolation_level=None)
    schema.create_v1(db)
    schema.MIGRATIONS[0](db)  # version 2, as the previous release wrote it
    db.execute("PRAGMA user_version = 2")
    db.close()
    with open_history(path) as history:
        tables = {r[0] for r in history.db.execute("SELECT name FROM sqlite_master")}
        version = history.db.execute("PRAGMA user_version").fetchone()[0]
    assert version == 3 and {"text_results", "text_stages", "shop_model", "snapshot"} <= tables


def _empty_shop(tmp_path):
    from app.history.session import create_shop

    return create_shop(tmp_path / "memory.reviewlens")


def _kept_basis(shop):
    with sqlite3.connect(shop) as db:
        return db.execute("SELECT basis FROM shop_model").fetchone()[0]


def test_only_an_analysis_of_the_shops_own_reviews_refits_its_model(tmp_path):
    shop = tmp_path / "店.reviewlens"
    add_files(shop, [str(write_export(tmp_path / "a.csv", range(40)))], read=_read)
    assert _kept_basis(shop) == 40
    theirs = write_export(tmp_path / "rival.csv", range(1000, 1200))
    add_files(shop, [str(theirs)], source="对手A", read=_read)
    assert _kept_basis(shop) == 40  # 200 of the rival's reviews: the shop's model stays
    add_files(shop, [str(write_export(tmp_path / "b.csv", range(40, 100)))], read=_read)
    assert _kept_basis(shop) == 40  # an import reads with the kept model …
    run_analysis(_held(shop), shop_config(shop))
    assert _kept_basis(shop) == 100  # … the analysis of all 100 (> 40 × 1.25) refits it
    run_analysis(_held(shop), shop_config(shop, own=False))  # a comparison never keeps one
    assert _kept_basis(shop) == 100


def test_results_of_an_old_dictionary_or_app_version_do_not_pile_up(tmp_path):
    memory = ShopMemory(_empty_shop(tmp_path))
    keys, scores = text_keys(["盖子有点紧"]), np.array([-0.5])
    memory.remember("tokens/0.1.0/dict-a", keys, ["盖子 有点 紧"], None)
    memory.remember("clause/0.1.0/model-a", keys, ["complaint"], scores)
    memory.remember("tokens/0.1.0/dict-b", keys, ["盖子 有点紧"], None)  # a word was added
    assert not memory.recall("tokens/0.1.0/dict-a", keys)[0].any()
    assert memory.recall("clause/0.1.0/model-a", keys)[0].all()  # another kind: kept
    memory.remember("clause/0.2.0/model-a", keys, ["complaint"], scores)  # the app upgraded
    assert not memory.recall("clause/0.1.0/model-a", keys)[0].any()
    assert memory.recall("tokens/0.1.0/dict-b", keys)[1].tolist() == ["盖子 有点紧"]
