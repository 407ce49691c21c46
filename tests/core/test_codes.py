"""Integer codes for repeated texts: the same answers as factorising the texts themselves."""

import numpy as np
import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.text import codes as codes_mod
from app.core.text.codes import clause_codes, factorize_chunked, factorize_keyed, first_rows
from app.io.readers.read import read_file
from app.samples import sample_path


def _texts(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    words = np.array(
        ["物流很快", "质量一般", "尺码偏小", "客服不回复", "不错", None, "很好"], object
    )
    return words[rng.integers(0, len(words), n)]


@pytest.mark.parametrize(("chunk", "block"), [(3, 2), (7, 3), (1000, 64), (100, 4096)])
def test_chunked_factorize_equals_one_factorize(monkeypatch, chunk, block):
    monkeypatch.setattr(codes_mod, "CHUNK", chunk)
    monkeypatch.setattr(codes_mod, "BLOCK", block)
    texts = _texts(500)
    checks = []
    got_codes, got_uniques = factorize_chunked(texts, lambda: checks.append(1))
    want_codes, want_uniques = pd.factorize(texts, use_na_sentinel=True)
    assert got_codes.tolist() == want_codes.tolist()  # missing (None) stays -1
    assert got_uniques.tolist() == list(want_uniques)
    assert len(checks) >= (500 // chunk if chunk < 500 else 0)  # a cancel check per chunk


def test_chunked_factorize_of_mixed_cells_equals_one_factorize(monkeypatch):
    """Cells read as numbers, texts and blanks: equal values (1, 1.0) share a code as in pandas."""
    monkeypatch.setattr(codes_mod, "CHUNK", 4)
    monkeypatch.setattr(codes_mod, "BLOCK", 3)
    cells = np.array(["1", 1, None, 1.0, "a", np.nan, 2, "1", pd.NA, 2.5, "a", 1, 2.0], object)
    got_codes, got_uniques = factorize_chunked(cells)
    want_codes, want_uniques = pd.factorize(cells, use_na_sentinel=True)
    assert got_codes.tolist() == want_codes.tolist()
    assert [(type(v), v) for v in got_uniques] == [(type(v), v) for v in want_uniques]


def test_first_rows():
    assert first_rows(np.array([2, 0, 2, -1, 0]), 4).tolist() == [1, -1, 0, -1]


def test_clause_codes_from_the_code_column_equal_factorising_the_texts():
    texts = np.array(["快递慢", "质量好", "快递慢", "偏小", "质量好", "偏小", "很香"], object)
    frame = pd.DataFrame({"clause": texts, "clause_code": pd.factorize(texts)[0][::1] + 10})
    plain = frame.drop(columns="clause_code")
    for rows in (None, np.array([6, 2, 4, 0]), frame["clause"].str.len().to_numpy() == 2):
        got_codes, got_texts = clause_codes(frame, rows)
        want_codes, want_texts = clause_codes(plain, rows)
        assert got_codes.tolist() == want_codes.tolist()
        assert got_texts.tolist() == want_texts.tolist()


def test_keyed_factorize_equals_factorising_every_value():
    keys = np.array([5, 1, 5, 3, 1, 9, 3])
    tokens = np.array(
        ["快递 慢", "质量 好", "快递 慢", "很 好", "质量 好", "快递 慢", "很 好"], object
    )
    got_codes, got_uniques = factorize_keyed(tokens, keys)
    want_codes, want_uniques = pd.factorize(tokens)
    assert got_codes.tolist() == want_codes.tolist()
    assert got_uniques.tolist() == list(want_uniques)


def test_keyed_factorize_can_count_missing_values_as_a_value():
    keys = np.array([2, 7, 2, 4])
    tokens = np.array([None, "好 评", None, np.nan], object)
    got_codes, got_uniques = factorize_keyed(tokens, keys, missing="")
    want_codes, want_uniques = pd.factorize(pd.Series(tokens, dtype=object).fillna(""))
    assert got_codes.tolist() == want_codes.tolist() == [0, 1, 0, 0]
    assert got_uniques.tolist() == list(want_uniques)


def test_the_clause_frame_numbers_equal_clause_texts_alike():
    imported = build_import([read_file(sample_path())])
    clauses = run_analysis(imported, AnalysisConfig(theme_edits=False)).clauses
    pairs = clauses[["clause", "clause_code"]].drop_duplicates()
    assert pairs["clause"].is_unique and pairs["clause_code"].is_unique


def test_chunked_take_equals_indexing(monkeypatch):
    monkeypatch.setattr(codes_mod, "CHUNK", 4)
    values = np.array(["快递慢", "质量好", "偏小"], dtype=object)
    codes = np.array([2, 0, 0, 1, 2, 2, 1, 0, 1, 2, 0], dtype=np.int64)
    checks = []
    got = codes_mod.take_chunked(values, codes, lambda: checks.append(1))
    assert got.tolist() == values[codes].tolist()
    assert len(checks) >= 3  # a cancel check per chunk
