"""The shop file as the analysis's memory (:class:`app.core.text_memory.TextMemory`).

``text_results`` keeps each per-text stage's result per distinct text (a 64-bit key of the text;
the stage name says what the result depends on), ``shop_model`` the sentiment model adapted to
this shop. ``shop add`` reads the new reviews' texts into it; ``shop analyze`` and the app then
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

from app.core.sentiment.model import SentimentModel
from app.core.text_memory import REFIT_GROWTH, model_stamp

log = logging.getLogger(__name__)

BATCH = 50_000  # keys per query / insert batch
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

    def recall(self, stage: str, keys: np.ndarray) -> tuple[np.ndarray, list[str], np.ndarray]:
        """Which ``keys`` the file holds under ``stage``, and their values and scores, in order."""
        found: dict[int, tuple[str, float | None]] = {}
        try:
            with self._db() as db:
                number = _stage_id(db, stage)
                for at in range(0, len(keys) if number is not None else 0, BATCH):
                    batch = json.dumps(keys[at : at + BATCH].tolist())
                    rows = db.execute(
                        "SELECT key, value, score FROM text_results WHERE stage = ? AND key IN "
                        "(SELECT value FROM json_each(?))",
                        (number, batch),
                    )
                    found.update((key, (value, score)) for key, value, score in rows)
        except sqlite3.Error as error:
            log.warning("kept results not read (%s): %s", stage.split("/")[0], error)
            found = {}
        listed = keys.tolist()
        held = np.fromiter((k in found for k in listed), dtype=bool, count=len(listed))
        pairs = [found[k] for k, h in zip(listed, held.tolist(), strict=True) if h]
        scores = np.array([np.nan if s is None else s for _, s in pairs], dtype=float)
        return held, [v for v, _ in pairs], scores

    def remember(
        self, stage: str, keys: np.ndarray, values: Sequence[str], scores: np.ndarray | None
    ) -> None:
        """Keep ``values`` (and ``scores``) of ``keys`` under ``stage`` (one transaction;
        a failure is logged and loses nothing but time next analysis)."""
        numbers = scores.tolist() if scores is not None else [None] * len(keys)
        try:
            with self._db() as db:
                db.execute("BEGIN IMMEDIATE")
                if _stage_id(db, stage) is None:
                    _drop_outdated(db, stage)
                    db.execute("INSERT INTO text_stages (name) VALUES (?)", (stage,))
                number = _stage_id(db, stage)
                rows = zip([number] * len(keys), keys.tolist(), values, numbers, strict=True)
                db.executemany("INSERT OR REPLACE INTO text_results VALUES (?, ?, ?, ?)", rows)
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
