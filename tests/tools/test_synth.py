"""The invented exports: realistic variety for benchmarks, the bundled sample unchanged."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import numpy as np
import pytest

from app.core.text.clauses import explode_distinct
from app.samples import SAMPLE_ROWS, sample_path
from tools.samples import main, write_csv
from tools.synth import generate

COURIER_WORDS = ("物流", "快递", "发货", "配送", "送货", "派送", "到货", "顺丰", "中通", "韵达")
CONTRASTS = ("但", "不过", "就是", "只是", "可惜", "不足")
SOUR_WORDS = (
    "就起球", "就缩水", "就变形", "就掉色", "已经起球", "已经变形", "开线", "松了", "漏水", "就掉漆",
    "不行了", "没用了", "没声音", "充不进电", "断连", "掉到", "有异味", "裂了", "失望", "后悔",
    "没人理", "不会再买", "也没用",
)  # fmt: skip


@pytest.fixture(scope="module")
def realistic():
    return generate(5000, seed=11, variety="realistic")


def _clause_stats(texts: list[str]) -> tuple[float, float]:
    owner, codes, _distinct = explode_distinct(texts)
    per_review = np.bincount(owner, minlength=len(texts)).mean()
    return per_review, len(np.unique(codes)) / len(codes)


def test_realistic_texts_vary_like_real_exports(realistic):
    texts = [review.text for review in realistic]
    per_review, distinct_clauses = _clause_stats(texts)
    assert 3 <= per_review <= 5
    assert distinct_clauses >= 0.5
    assert 0.85 <= len(set(texts)) / len(texts) < 1  # placeholders and default praise repeat
    lengths = np.array([len(t) for t in texts])
    assert np.median(lengths) < lengths.mean() < 60  # a long tail of long reviews
    assert np.percentile(lengths, 99) > 3 * np.median(lengths)


def test_phrase_mode_stays_degenerate_for_contrast():
    texts = [review.text for review in generate(5000, seed=11)]
    assert _clause_stats(texts)[1] < 0.05


def test_realistic_mode_is_deterministic_per_seed():
    first = generate(300, seed=5, variety="realistic")
    assert first == generate(300, seed=5, variety="realistic")
    assert [r.text for r in first] != [r.text for r in generate(300, seed=6, variety="realistic")]


def test_unknown_variety_is_refused():
    with pytest.raises(ValueError, match="variety"):
        generate(10, variety="lorem")


def test_realistic_mode_keeps_the_built_in_patterns(realistic):
    ratings = {p: {r.rating for r in realistic if r.polarity == p} for p in ("praise", "complaint")}
    assert min(ratings["praise"]) >= 4 and max(ratings["complaint"]) <= 3
    mixed5 = [r for r in realistic if r.polarity == "mixed" and r.rating == 5]
    assert len(mixed5) > 50  # 5 stars with a complaint inside
    assert all(any(c in r.text for c in CONTRASTS) for r in mixed5)

    shirts = [r for r in realistic if "尺码:" in r.sku and r.polarity != "placeholder"]
    too_small = re.compile(r"偏小|小了|[太很点些特超巨贼]小|还是小|紧")
    small = {
        size: np.mean([bool(too_small.search(r.text)) for r in shirts if f"尺码:{size}" in r.sku])
        for size in ("M", "L", "XL")
    }
    assert small["XL"] > 0.25 > 0.1 > max(small["M"], small["L"])  # XL runs small

    end = datetime(2026, 11, 15, 21, 0, 0)
    late = end - timedelta(days=60)
    unhappy = [r for r in realistic if r.polarity in ("complaint", "mixed")]

    def courier_share(rows: list) -> float:
        return np.mean([any(w in r.text for w in COURIER_WORDS) for r in rows])

    before = courier_share([r for r in unhappy if r.date < late])
    after = courier_share([r for r in unhappy if r.date >= late])
    assert after > before + 0.15  # courier trouble grows in the last months

    def sour_share(polarities: tuple[str, ...]) -> float:
        followups = [r.followup_text for r in realistic if r.polarity in polarities]
        return np.mean([any(w in f for w in SOUR_WORDS) for f in followups if f])

    assert 0.25 < sour_share(("praise", "mixed")) < 0.55  # some happy buyers turn sour later
    assert sour_share(("complaint",)) > 0.95
    assert any(r.polarity == "placeholder" for r in realistic)
    ids = [r.order_id for r in realistic]
    assert len(set(ids)) < len(ids)  # exact duplicates exported twice


def test_bundled_sample_is_unchanged(tmp_path):
    written = write_csv(tmp_path / "sample.csv", SAMPLE_ROWS)
    assert written.read_bytes() == sample_path().read_bytes()


def test_cli_writes_realistic_files_for_benchmarks(tmp_path, capsys):
    assert main(["--rows", "60", "-o", str(tmp_path / "cli.csv")]) == 0
    expected = write_csv(tmp_path / "direct.csv", 60, variety="realistic")
    assert (tmp_path / "cli.csv").read_bytes() == expected.read_bytes()
    phrases = ["--rows", "60", "--variety", "phrases", "-o", str(tmp_path / "p.csv")]
    assert main(phrases) == 0
    assert (tmp_path / "p.csv").read_bytes() == write_csv(tmp_path / "d2.csv", 60).read_bytes()


def test_every_template_renders_for_every_product():
    import random

    from tools import synth_phrases as ph
    from tools import synth_varied as sv
    from tools.synth import PRODUCTS

    rng = random.Random(0)
    lists = [n for n in dir(ph) if n.isupper() and isinstance(getattr(ph, n), tuple)]
    for index, (_product, skus, aspects) in enumerate(PRODUCTS):
        slots = sv._sku_slots(index, skus[-1])
        for aspect in aspects:
            subjects, good, bad, _short = sv._pools(index, aspect)
            words = ph.ASPECT_WORDS[aspect]
            slots.update(s=subjects, A=words[0] + words[2], P=words[1] + words[3], S=("好",))
            for template in good + bad + sv._compiled("SHORT_TEMPLATES"):
                text = sv._render(rng, template, slots)
                assert text and "{" not in text and "}" not in text
        flat = [n for n in lists if all(isinstance(t, str) for t in getattr(ph, n))]
        templates = [t for n in flat for t in sv._compiled(n)]
        templates += sv._followup_pools(index, True)[1] + sv._followup_pools(index, False)[1]
        for template in templates:
            assert "{" not in sv._render(rng, template, slots)
