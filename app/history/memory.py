"""The shop file as the analysis's memory (:class:`app.core.text_memory.TextMemory`).

``text_results`` keeps each per-text stage's results per distinct text, in batches (a row holds
up to :data:`BATCH` texts: their 64-bit keys, results and scores, so reading a stage back is a
few large reads, not a million small ones); ``text_stages`` names what a stage's results depend
on; ``shop_model`` is the sentiment model adapted to this shop. ``shop add`` reads the new reviews' texts into it; ``shop analyze`` and the app then
read only the texts it does not hold. Keeping is best effort: a read-only or busy file only
means the texts are read again next time, never a failed analysis.

The memory travels to the analysis's child process as its path; each call opens the file
briefly (no connection is held between stages).
"""

from __future__ import annotations

import io
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.sentiment.model import SentimentModel
from app.core.text_memory import REFIT_GROWTH, model_stamp

log = logging.getLogger(__name__)

BATCH = 100_000  # texts per kept row
_BUSY_SECONDS = 30


class ShopMemory:
    """Per-text results and the adapted model kept in the shop file at ``path``.

    The kept model is replaced only with ``refit`` (an analysis of the shop's own reviews,
    which sees all of them: ``shop add`` reads one export with the kept model); a model is kept
    only when fitted on the shop's ``own`` reviews, so a competitor's reviews never shape how
    the shop's are judged.
    """

    def __init__(self, path: str | Path, *, refit: bool = True, own: bool = True) -> None:
        self.path = Path(path)
        self.refit, self.own = refit and own, own

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, isolation_level=None, timeout=_BUSY_SECONDS)) as db:
            yield db

    def recall(self, stage: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which ``keys`` the file holds under ``stage``, and their values and scores, in order."""
        try:
            with self._db() as db:
                number = _stage_id(db, stage)
                rows = (
                    db.execute(
                        "SELECT keys, vals, scores FROM text_results WHERE stage = ? ORDER BY id",
                        (number,),
                    ).fetchall()
                    if number is not None
                    else []
                )
            held_keys, values, scores = _joined(rows)
        except (sqlite3.Error, ValueError) as error:
            log.warning("kept results not read (%s): %s", stage.split("/")[0], error)
            held_keys, values, scores = _joined([])
        at = pd.Index(held_keys).get_indexer(keys)
        held = at >= 0
        return held, values[at[held]], scores[at[held]]

    def remember(
        self, stage: str, keys: np.ndarray, values: Sequence[str], scores: np.ndarray | None
    ) -> None:
        """Keep ``values`` (and ``scores``) of ``keys`` under ``stage`` (one transaction;
        a failure is logged and loses nothing but time next analysis)."""
        try:
            with self._db() as db:
                db.execute("BEGIN IMMEDIATE")
                if _stage_id(db, stage) is None:
                    _drop_outdated(db, stage)
                    db.execute("INSERT INTO text_stages (name) VALUES (?)", (stage,))
                number = _stage_id(db, stage)
                for at in range(0, len(keys), BATCH):
                    part = slice(at, at + BATCH)
                    db.execute(
                        "INSERT INTO text_results (stage, keys, vals, scores) VALUES (?, ?, ?, ?)",
                        (
                            number,
                            np.ascontiguousarray(keys[part], dtype="<i8").tobytes(),
                            json.dumps(list(values[part]), ensure_ascii=False),
                            None if scores is None else scores[part].astype("<f8").tobytes(),
                        ),
                    )
                db.execute("COMMIT")
        except sqlite3.Error as error:
            log.warning("results not kept (%s): %s", stage.split("/")[0], error)

    def shop_model(
        self, base: str, basis: tuple[int, int], fit: Callable[[], SentimentModel]
    ) -> SentimentModel:
        """The kept model, or a new fit (then kept) when none fits ``base`` and ``basis``."""
        kept = self._kept_model()
        if kept is not None:
            model, made_from, (rated, reviews) = kept
            grown = basis[0] > REFIT_GROWTH * rated or basis[1] > REFIT_GROWTH * reviews
            if made_from == base and not (grown and self.refit):
                return model
        model = fit()
        if self.own and (kept is None or self.refit):
            self._keep_model(model, base, basis)
        return model

    def _kept_model(self) -> tuple[SentimentModel, str, tuple[int, int]] | None:
        try:
            with self._db() as db:
                row = db.execute("SELECT weights, meta FROM shop_model WHERE id = 1").fetchone()
            if row is None:
                return None
            weights = np.load(io.BytesIO(row[0]), allow_pickle=False)
            meta = json.loads(row[1])
            model = SentimentModel(
                weights,
                np.asarray(meta["lex_coef"], dtype=np.float64),
                float(meta["bias"]),
                bits=int(meta["bits"]),
                max_n=int(meta["max_n"]),
                meta=meta["meta"],
            )
            return model, str(meta["base"]), (int(meta["rated"]), int(meta["reviews"]))
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError) as error:
            log.warning("kept sentiment model not read: %s", error)
            return None

    def _keep_model(self, model: SentimentModel, base: str, basis: tuple[int, int]) -> None:
        """Keep ``model`` and drop the judgements of any model kept before."""
        buffer = io.BytesIO()
        np.save(buffer, model.weights.astype(np.float32), allow_pickle=False)
        meta = {
            "lex_coef": [float(v) for v in model.lex_coef],
            "bias": model.bias,
            "bits": model.bits,
            "max_n": model.max_n,
            "meta": model.meta,
            "base": base,
            "rated": basis[0],
            "reviews": basis[1],
        }
        stamp = model_stamp(model)
        try:
            with self._db() as db:
                db.execute("BEGIN IMMEDIATE")
                old = db.execute(  # another model's judgements: never asked for again
                    "SELECT id FROM text_stages WHERE (name LIKE 'text/%' OR name LIKE "
                    "'clause/%') AND name NOT LIKE ?",
                    (f"%/{stamp}",),
                ).fetchall()
                for (number,) in old:
                    db.execute("DELETE FROM text_results WHERE stage = ?", (number,))
                    db.execute("DELETE FROM text_stages WHERE id = ?", (number,))
                db.execute(
                    "INSERT OR REPLACE INTO shop_model VALUES (1, ?, ?, ?, ?)",
                    (basis[1], stamp, buffer.getvalue(), json.dumps(meta, ensure_ascii=False)),
                )
                db.execute("COMMIT")
        except sqlite3.Error as error:
            log.warning("sentiment model not kept: %s", error)


def _joined(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Keys, values and scores (NaN: none) of kept batches, each key once (the first)."""
    if not rows:
        return np.zeros(0, dtype=np.int64), np.empty(0, dtype=object), np.zeros(0)
    keys = np.concatenate([np.frombuffer(k, dtype="<i8") for k, _, _ in rows])
    values = np.empty(len(keys), dtype=object)
    values[:] = [value for _, batch, _ in rows for value in json.loads(batch)]
    scores = np.concatenate(
        [
            np.frombuffer(s, dtype="<f8") if s is not None else np.full(len(k) // 8, np.nan)
            for k, _, s in rows
        ]
    )
    if len(values) != len(keys) or len(scores) != len(keys):
        raise ValueError("kept results do not match their keys")
    first = ~pd.Index(keys).duplicated()
    return keys[first], values[first], scores[first]


def _drop_outdated(db: sqlite3.Connection, stage: str) -> None:
    """Before ``stage`` is first kept: drop what it replaces, so stale results do not pile up —
    the same kind's results of another app version, and for tokens and units (dictionary
    stages) of another dictionary too (the user's words changed). Judgements of another model
    go when that model is replaced (:meth:`ShopMemory._keep_model`)."""
    kind, version = stage.split("/")[:2]
    for number, name in db.execute("SELECT id, name FROM text_stages").fetchall():
        other_kind, other_version = name.split("/")[:2]
        if other_kind == kind and (other_version != version or kind in ("tokens", "units")):
            db.execute("DELETE FROM text_results WHERE stage = ?", (number,))
            db.execute("DELETE FROM text_stages WHERE id = ?", (number,))


def _stage_id(db: sqlite3.Connection, stage: str) -> int | None:
    row = db.execute("SELECT id FROM text_stages WHERE name = ?", (stage,)).fetchone()
    return None if row is None else int(row[0])
