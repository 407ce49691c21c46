"""Measure the opinion-unit tags: ``python -m tools.evaluate_tags --data DIR [--write]``.

On aste_zh_restaurant (gold ``aspects`` per sentence: [{aspect, opinion, polarity}]) each
distinct sentence is one review, run through the real pipeline (a temporary CSV export, the
importer, ``run_analysis``), then the opinion units of its clauses and ``find_tags``:
(1) (target, opinion) precision/recall against the gold triplets per polarity, exact and
partial (one string contains the other); (2) tag purity against the sentence's gold aspects;
(3) labels naming their target; (4) coverage of sentences with a praise/complaint aspect;
(5) the most frequent complaint aspects found as complaint tags; (6) timing. Prints figures,
tag labels, targets and aspect words, never review text; ``--write`` replaces the "Tags
(opinion units)" section of ``resources/THEMES_EVALUATION.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from app.core.themes.tags import CANONICAL, MAX_TAGS, MIN_REVIEWS, canonical_target

SECTION = "## Tags (opinion units)"
GOLD_POLARITY = {"pos": "praise", "neg": "complaint"}
CHUNK = 2000  # clauses per units chunk


@dataclass(frozen=True)
class Gold:
    """One gold triplet; ``polarity`` is pos | neg | neu."""

    aspect: str
    opinion: str
    polarity: str


@dataclass(frozen=True)
class Pred:
    """What a unit says, as the metrics see it: ``polarity`` is praise | complaint."""

    target: str
    opinion: str
    polarity: str


@dataclass
class TagView:
    """A tag as the metrics see it: its sentences are the sentence index of each clause."""

    label: str
    target: str
    polarity: str
    sentences: list[int]


def same(a: str, b: str, partial: bool) -> bool:
    """Equal, or with ``partial`` one contains the other; "" matches only ""."""
    if not a or not b:
        return a == b
    return a == b or (partial and (a in b or b in a))


def pair_matches(pred: Pred, gold: Gold, partial: bool, target_only: bool = False) -> bool:
    """Target vs gold aspect and (unless ``target_only``) opinion vs gold opinion."""
    return same(pred.target, gold.aspect, partial) and (
        target_only or same(pred.opinion, gold.opinion, partial)
    )


def extraction(
    preds: Sequence[Sequence[Pred]],
    golds: Sequence[Sequence[Gold]],
    partial: bool,
    target_only: bool = False,
) -> dict[str, dict[str, float]]:
    """Per polarity: units, gold triplets, units matching a gold triplet of their sentence
    and polarity (precision), gold triplets matched by such a unit (recall). A unit matching
    only a neutral triplet of its sentence is left out of precision (counted in ``on_neutral``)."""
    out: dict[str, dict[str, float]] = {}
    for gold_pol, polarity in GOLD_POLARITY.items():
        n_pred = n_gold = hit_pred = hit_gold = on_neutral = 0
        for units, triplets in zip(preds, golds, strict=True):
            mine = [u for u in units if u.polarity == polarity]
            wanted = [g for g in triplets if g.polarity == gold_pol]
            neutral = [g for g in triplets if g.polarity == "neu"]
            for u in mine:
                if any(pair_matches(u, g, partial, target_only) for g in wanted):
                    hit_pred += 1
                    n_pred += 1
                elif any(pair_matches(u, g, partial, target_only) for g in neutral):
                    on_neutral += 1
                else:
                    n_pred += 1
            n_gold += len(wanted)
            hit_gold += sum(
                any(pair_matches(u, g, partial, target_only) for u in mine) for g in wanted
            )
        out[polarity] = {
            "units": n_pred,
            "gold": n_gold,
            "precision": hit_pred / n_pred if n_pred else 0.0,
            "recall": hit_gold / n_gold if n_gold else 0.0,
            "on_neutral": on_neutral,
        }
    return out


def names(gold: Gold, target: str, partial: bool, opinions: bool = False) -> bool:
    """Whether the gold aspect names ``target`` (canonical); with ``opinions`` also a gold
    opinion containing it (the gold puts attributes there: aspect 鱼汤, opinion 味道浓郁)."""
    if gold.aspect and same(canonical_target(gold.aspect), target, partial):
        return True
    return opinions and bool(target) and any(w in gold.opinion for w in synonyms(target))


def tag_purity(
    tag: TagView, golds: Sequence[Sequence[Gold]], partial: bool, opinions: bool = False
) -> float:
    """Share of the tag's clauses whose sentence has a gold aspect naming the tag's target
    (both canonicalised; ``partial``: one contains the other)."""
    if not tag.sentences:
        return 0.0
    target = canonical_target(tag.target)
    hits = sum(any(names(g, target, partial, opinions) for g in golds[s]) for s in tag.sentences)
    return hits / len(tag.sentences)


def purity_summary(
    tags: Sequence[TagView], golds: Sequence[Sequence[Gold]], partial: bool, opinions: bool = False
) -> tuple[float, float, list[float]]:
    """Clause-weighted mean purity, median over tags, and each tag's purity."""
    each = [tag_purity(t, golds, partial, opinions) for t in tags]
    clauses = sum(len(t.sentences) for t in tags)
    weighted = sum(p * len(t.sentences) for p, t in zip(each, tags, strict=True))
    return (
        weighted / clauses if clauses else 0.0,
        statistics.median(each) if each else 0.0,
        each,
    )


def synonyms(target: str) -> set[str]:
    """The target and every word merged into it."""
    return {target} | {word for word, canon in CANONICAL.items() if canon == target}


def label_names_target(tag: TagView) -> bool:
    return any(word in tag.label for word in synonyms(tag.target))


def coverage(tags: Iterable[TagView], golds: Sequence[Sequence[Gold]]) -> tuple[int, int]:
    """(sentences with a praise/complaint gold triplet that have a clause in a tag, such
    sentences)."""
    tagged = {s for t in tags for s in t.sentences}
    wanted = [i for i, g in enumerate(golds) if any(x.polarity in GOLD_POLARITY for x in g)]
    return sum(i in tagged for i in wanted), len(wanted)


def coverage_ceiling(golds: Sequence[Sequence[Gold]]) -> tuple[float, float]:
    """Coverage a perfect extractor would reach: tags = the gold aspects (canonical) themselves,
    one per aspect and polarity, (a) every one held by at least MIN_REVIEWS sentences, (b) only
    the MAX_TAGS most frequent per polarity as well."""
    wanted = [
        {
            (canonical_target(x.aspect), x.polarity)
            for x in g
            if x.polarity in GOLD_POLARITY and x.aspect
        }
        for g in golds
        if any(x.polarity in GOLD_POLARITY for x in g)
    ]
    held = Counter(key for keys in wanted for key in keys)
    floor = {key for key, n in held.items() if n >= MIN_REVIEWS}
    top = {
        key
        for polarity in GOLD_POLARITY
        for key, _ in Counter({k: n for k, n in held.items() if k[1] == polarity}).most_common(
            MAX_TAGS
        )
    }
    n = len(wanted) or 1
    return sum(bool(k & floor) for k in wanted) / n, sum(bool(k & top) for k in wanted) / n


def frequent_complaints(
    golds: Sequence[Sequence[Gold]], tags: Sequence[TagView], n: int = 10
) -> list[tuple[str, int, str, str]]:
    """The ``n`` most frequent negative gold aspects (canonicalised): (aspect, triplets, label of
    the biggest complaint tag whose target equals it or "", label of one whose target contains
    it or is contained in it or "")."""
    counts = Counter(
        canonical_target(g.aspect) for gs in golds for g in gs if g.polarity == "neg" and g.aspect
    )
    complaint = sorted(
        (t for t in tags if t.polarity == "complaint"), key=lambda t: -len(t.sentences)
    )
    out = []
    for aspect, count in counts.most_common(n):
        exact = next((t.label for t in complaint if canonical_target(t.target) == aspect), "")
        near = next(
            (t.label for t in complaint if same(canonical_target(t.target), aspect, True)), ""
        )
        out.append((aspect, count, exact, near))
    return out


def load_gold(data: Path, split: str) -> tuple[list[str], list[list[Gold]], int]:
    """Distinct sentences, their gold triplets (copies' triplets merged) and the rows read."""
    rows = pd.read_csv(data / "aste_zh_restaurant.csv", encoding="utf-8-sig")
    if split != "all":
        rows = rows[rows["split"] == split]
    by_text: dict[str, list[Gold]] = {}
    for text, raw in zip(rows["text"].astype(str), rows["aspects"], strict=True):
        items = json.loads(raw) if isinstance(raw, str) else []
        found = by_text.setdefault(text, [])
        for item in items:
            g = Gold(str(item.get("aspect") or ""), str(item.get("opinion") or ""),
                     str(item.get("polarity") or ""))  # fmt: skip
            if g not in found:
                found.append(g)
    return list(by_text), list(by_text.values()), len(rows)


def pct(x: float) -> str:
    return f"{x:.1%}"


def analyse(texts: list[str]) -> dict[str, object]:
    """Run the real pipeline on ``texts`` (one review each); return clauses with units, the
    sentence of each review, the tags and timings."""
    import tempfile
    from functools import partial

    from app.core.aspects.taxonomy import load_taxonomy
    from app.core.ingest.ledger import build_import
    from app.core.pipeline import run_analysis
    from app.core.text.segment import current_dictionary
    from app.core.themes.tags import find_tags
    from app.core.themes.units import units_chunk
    from app.io.readers.read import read_file
    from app.runtime.parallel import map_chunks

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "aste_export.csv"
        pd.DataFrame({"评价内容": texts}).to_csv(path, index=False, encoding="utf-8-sig")
        imported = build_import([read_file(path)])
    start = time.perf_counter()
    result = run_analysis(imported, map_chunks=map_chunks)
    pipeline_s = time.perf_counter() - start
    reviews = result.reviews
    # source_row counts the header as row 1
    sentence_of_review = {
        rid: int(row) - 2 for rid, row in zip(reviews.index, reviews["source_row"], strict=True)
    }
    mismatched = sum(
        texts[sentence_of_review[rid]] != text
        for rid, text in zip(reviews.index, reviews["text"], strict=True)
    )
    clauses = result.clauses.copy()
    pairs = list(zip(clauses["clause"].tolist(), clauses["polarity"].tolist(), strict=True))
    chunks = [pairs[i : i + CHUNK] for i in range(0, len(pairs), CHUNK)]
    start = time.perf_counter()
    encoded = map_chunks(partial(units_chunk, current_dictionary()), chunks)
    units_s = time.perf_counter() - start
    start = time.perf_counter()
    serial = map_chunks(partial(units_chunk, current_dictionary()), chunks, workers=1)
    units_here_s = time.perf_counter() - start
    if serial != encoded:
        raise RuntimeError("units differ between workers and this process")
    wired = "units" in result.clauses.columns  # run_analysis makes them itself once wired
    if not wired:
        clauses["units"] = [u for part in encoded for u in part]
    taxonomy = load_taxonomy()
    tagged, tags_s = {}, 0.0
    for polarity in ("complaint", "praise"):
        start = time.perf_counter()
        tagged[polarity] = find_tags(clauses, polarity, taxonomy)
        tags_s += time.perf_counter() - start
    return {
        "clauses": clauses,
        "sentence_of_review": sentence_of_review,
        "tagged": tagged,
        "kept": len(reviews),
        "dropped": {str(k): int(v) for k, v in imported.drop_reasons().items()},
        "mismatched": mismatched,
        "pipeline_s": pipeline_s,
        "units_s": units_s,
        "units_here_s": units_here_s,
        "wired": wired,
        "tags_s": tags_s,
    }


def evaluate(data: Path, split: str) -> list[str]:
    from app.core.themes.units import decode

    texts, golds, n_rows = load_gold(data, split)
    run = analyse(texts)
    clauses: pd.DataFrame = run["clauses"]  # type: ignore[assignment]
    sentence_of_review: dict[int, int] = run["sentence_of_review"]  # type: ignore[assignment]
    sentence_of_clause = dict(
        zip(clauses["clause_id"], clauses["review_id"].map(sentence_of_review), strict=True)
    )
    preds: list[list[Pred]] = [[] for _ in texts]
    for rid, cell in zip(clauses["review_id"], clauses["units"], strict=True):
        for u in decode(cell):
            preds[sentence_of_review[rid]].append(Pred(u.target, u.opinion, u.polarity))
    tags = [
        TagView(t.label, t.target, polarity, [sentence_of_clause[c] for c in t.clause_ids])
        for polarity, found in run["tagged"].items()  # type: ignore[attr-defined]
        for t in found.themes
    ]
    out = [
        SECTION,
        "",
        f"Generated by `python -m tools.evaluate_tags --data ../shared/data --split {split}"
        " --write`. Figures, tag labels, targets and aspect words only; no review text.",
        "",
        f"aste_zh_restaurant ({split}): {n_rows:,} rows, {len(texts):,} distinct sentences"
        f" (copies' triplets merged), {run['kept']:,} kept by the importer"
        f" (dropped: {run['dropped'] or 'none'}; text mismatches {run['mismatched']}),"
        f" {len(clauses):,} clauses, {sum(map(len, preds)):,} units,"
        f" {len(tags)} tags ({sum(t.polarity == 'complaint' for t in tags)} complaint);"
        f" units {'from run_analysis' if run['wired'] else 'built here (units_chunk)'}.",
        "",
        "### 1. (target, opinion) extraction vs gold triplets",
        "",
        "| polarity | units | gold | P exact | R exact | P partial | R partial "
        "| units on neutral gold (partial) | P target only (partial) | R target only |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    exact, part = extraction(preds, golds, False), extraction(preds, golds, True)
    target = extraction(preds, golds, True, target_only=True)
    for polarity in ("complaint", "praise"):
        e, p = exact[polarity], part[polarity]
        out.append(
            f"| {polarity} | {p['units']:,} | {e['gold']:,} | {pct(e['precision'])} | "
            f"{pct(e['recall'])} | {pct(p['precision'])} | {pct(p['recall'])} | "
            f"{p['on_neutral']:,} | {pct(target[polarity]['precision'])} | "
            f"{pct(target[polarity]['recall'])} |"
        )
    n_neu = sum(g.polarity == "neu" for gs in golds for g in gs)
    n_empty = sum(not g.aspect for gs in golds for g in gs if g.polarity in GOLD_POLARITY)
    out += [
        "",
        f"Neutral gold triplets: {n_neu:,} (excluded from P/R). Gold praise/complaint"
        f" triplets with no aspect: {n_empty:,} (only a unit without target matches them).",
        "",
        "### 2–4. Tags",
        "",
        "Purity: share of a tag's clauses whose sentence has a gold aspect equal to the tag's"
        " target (canonical; partial: one contains the other); *or opinion*: the target (or a"
        " synonym) also counts when written inside a gold opinion (the gold often puts"
        " attributes there: aspect = the dish, opinion = 味道浓郁).",
        "",
        "| metric | exact | partial | partial, or opinion | target |",
        "|---|---|---|---|---|",
    ]
    w_e, m_e, each_e = purity_summary(tags, golds, False)
    w_p, m_p, each_p = purity_summary(tags, golds, True)
    w_o, m_o, _ = purity_summary(tags, golds, True, opinions=True)
    named = [label_names_target(t) for t in tags]
    covered, total = coverage(tags, golds)
    wanted = [i for i, g in enumerate(golds) if any(x.polarity in GOLD_POLARITY for x in g)]
    with_unit = sum(bool(preds[i]) for i in wanted)
    with_target = sum(any(u.target for u in preds[i]) for i in wanted)
    ceiling = coverage_ceiling(golds)
    out += [
        f"| purity, clause-weighted mean | {pct(w_e)} | {pct(w_p)} | {pct(w_o)} | ≥ 75 % |",
        f"| purity, median over tags | {pct(m_e)} | {pct(m_p)} | {pct(m_o)} | ≥ 75 % |",
        f"| label names its target | {sum(named)}/{len(tags)} "
        f"({pct(sum(named) / len(tags) if tags else 0)}) | | | ≥ 90 % |",
        f"| coverage: sentences with a praise/complaint aspect in a tag | {covered:,}/{total:,}"
        f" ({pct(covered / total if total else 0)}) | | | ≥ 75 % |",
        "",
        f"Where coverage is lost: of {total:,} such sentences, {with_unit:,} have a unit,"
        f" {with_target:,} a unit with a target, {covered:,} a clause in a tag (a target/sense"
        " held by fewer than 3 reviews is no tag).",
        "",
        "Ceiling: a perfect extractor (tags = the gold aspects themselves) would cover"
        f" {pct(ceiling[0])} under the floor of {MIN_REVIEWS} reviews a tag, and"
        f" {pct(ceiling[1])} with {MAX_TAGS} tags per polarity; this set is many restaurants, each"
        " dish named by a few sentences, where a shop's export names its few products again and"
        " again.",
        "",
        "### 5. The 10 most frequent complaint aspects (canonical) as complaint tags",
        "",
        "| aspect | gold triplets | complaint tag, same target | tag, target contains/within |",
        "|---|---|---|---|",
    ]
    top = frequent_complaints(golds, tags)
    for aspect, count, exact_label, near_label in top:
        out.append(f"| {aspect} | {count} | {exact_label or '—'} | {near_label or '—'} |")
    found_exact = sum(bool(x[2]) for x in top)
    found_near = sum(bool(x[3]) for x in top)
    out += [
        "",
        f"Found: {found_exact}/{len(top)} same target, {found_near}/{len(top)} with containment"
        " (target ≥ 8/10).",
        "",
        "### 6. Timing (2 shared cores)",
        "",
        "| stage | seconds | rows/s |",
        "|---|---|---|",
        f"| run_analysis (import already read) | {run['pipeline_s']:.1f} | "
        f"{len(texts) / run['pipeline_s']:,.0f} sentences/s |",
        f"| units (map_chunks of units_chunk, workers) | {run['units_s']:.1f} | "
        f"{len(clauses) / run['units_s']:,.0f} clauses/s |",
        f"| units, one process (after the above) | {run['units_here_s']:.1f} | "
        f"{len(clauses) / run['units_here_s']:,.0f} clauses/s |",
        f"| find_tags, both polarities | {run['tags_s']:.2f} | "
        f"{2 * len(clauses) / run['tags_s']:,.0f} clauses/s |",
        "",
        "### Worst tags",
        "",
    ]
    out += worst_lines(tags, preds, golds, each_e, each_p, named)
    out.append(
        "- coverage: the most frequent gold aspects of sentences in no tag: "
        + uncovered(tags, golds)
    )
    return out


def uncovered(tags: Iterable[TagView], golds: Sequence[Sequence[Gold]], n: int = 8) -> str:
    """The ``n`` most frequent canonical praise/complaint gold aspects ("" shown as 〈none〉) of
    sentences with no clause in a tag."""
    tagged = {s for t in tags for s in t.sentences}
    counts = Counter(
        canonical_target(g.aspect) or "〈none〉"
        for i, gs in enumerate(golds)
        if i not in tagged
        for g in gs
        if g.polarity in GOLD_POLARITY
    )
    return ", ".join(f"{a} {c}" for a, c in counts.most_common(n)) or "—"


def tag_extraction_precision(
    tag: TagView, preds: Sequence[Sequence[Pred]], golds: Sequence[Sequence[Gold]]
) -> float:
    """Share of the tag's clauses whose sentence has a gold triplet of the tag's polarity whose
    aspect names the tag's target (partial, canonicalised)."""
    gold_pol = {v: k for k, v in GOLD_POLARITY.items()}[tag.polarity]
    target = canonical_target(tag.target)
    if not tag.sentences:
        return 0.0
    hits = sum(
        any(
            g.polarity == gold_pol and g.aspect and same(canonical_target(g.aspect), target, True)
            for g in golds[s]
        )
        for s in tag.sentences
    )
    return hits / len(tag.sentences)


def worst_lines(
    tags: Sequence[TagView],
    preds: Sequence[Sequence[Pred]],
    golds: Sequence[Sequence[Gold]],
    each_exact: Sequence[float],
    each_partial: Sequence[float],
    named: Sequence[bool],
) -> list[str]:
    """The 5 worst tags per metric (biggest first among equals): label [target] figure."""

    def show(items: Iterable[tuple[TagView, str]]) -> str:
        return (
            "; ".join(f"{t.label} [{t.target}, {t.polarity}] {figure}" for t, figure in items)
            or "—"
        )

    def by(values: Sequence[float]) -> list[int]:
        return sorted(range(len(tags)), key=lambda i: (values[i], -len(tags[i].sentences)))[:5]

    polar = [tag_extraction_precision(t, preds, golds) for t in tags]
    lenient = [tag_purity(t, golds, True, opinions=True) for t in tags]
    big_unnamed = sorted(
        (i for i, ok in enumerate(named) if not ok), key=lambda i: -len(tags[i].sentences)
    )[:5]
    return [
        "- purity (exact): "
        + show(
            (tags[i], f"{each_exact[i]:.0%} of {len(tags[i].sentences)}") for i in by(each_exact)
        ),
        "- purity (partial): "
        + show(
            (tags[i], f"{each_partial[i]:.0%} of {len(tags[i].sentences)}")
            for i in by(each_partial)
        ),
        "- purity (partial, or opinion): "
        + show((tags[i], f"{lenient[i]:.0%} of {len(tags[i].sentences)}") for i in by(lenient)),
        "- same-polarity gold aspect (extraction per tag): "
        + show((tags[i], f"{polar[i]:.0%} of {len(tags[i].sentences)}") for i in by(polar)),
        "- label does not name its target (biggest): "
        + show((tags[i], f"{len(tags[i].sentences)} clauses") for i in big_unnamed),
    ]


def write_section(path: Path, lines: list[str]) -> None:
    """Replace (or append) the section in ``path``: from its heading to the next ``## ``."""
    old = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    try:
        start = old.index(SECTION)
    except ValueError:
        start = len(old)
    end = next((i for i in range(start + 1, len(old)) if old[i].startswith("## ")), len(old))
    head = old[:start]
    if head and head[-1].strip():
        head.append("")
    tail = old[end:]
    new = head + lines + (["", *tail] if tail else [])
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text("\n".join(new) + "\n", encoding="utf-8")
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluate_tags", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--split", default="all", choices=("all", "train", "dev", "test"))
    parser.add_argument("--write", action="store_true", help="update THEMES_EVALUATION.md")
    args = parser.parse_args(argv)
    source = args.data / "aste_zh_restaurant.csv"
    if not source.is_file():
        sys.stderr.write(f"找不到评测数据 / evaluation data not found: {source}\n")
        return 2
    lines = evaluate(args.data, args.split)
    sys.stdout.write("\n".join(lines) + "\n")
    if args.write:
        from app.paths import resources_dir

        write_section(resources_dir() / "THEMES_EVALUATION.md", lines)
    return 0


if __name__ == "__main__":
    from app.runtime import policy

    policy.declare()
    raise SystemExit(main())
