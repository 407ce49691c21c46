"""Write invented review exports: the bundled sample and files for benchmarks.

``python -m tools.samples`` regenerates ``resources/samples/taobao_sample.csv``, the file behind
"try the sample" and the README's first command (texts from fixed phrases, ``variety="phrases"``).
``python -m tools.samples --rows 200000 --format xlsx -o big.xlsx`` writes a large file for
benchmarks, with texts as varied as real exports (``variety="realistic"``, the default for any
output but the bundled sample; ``--variety`` chooses); ``--text-length 200`` makes the reviews
about 200 characters long on average (see :func:`lengthen`).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import random
from pathlib import Path

from app.io.atomic import atomic_path
from app.samples import SAMPLE_ROWS, sample_path
from tools.synth import VARIETIES, SynthReview, generate

HEADER = (
    "订单编号", "宝贝标题", "宝贝规格", "买家会员名", "买家信用", "评分", "初评内容", "初评时间",
    "追评内容", "追评时间", "掌柜回复",
)  # fmt: skip


_ENDS = frozenset("。！!~～…?？，,、 👍")


def lengthen(reviews: list[SynthReview], length: int, *, seed: int = 7) -> list[SynthReview]:
    """The reviews with texts of about ``length`` characters on average, as long reviews are:
    each text (not the platform placeholders) gets further texts of other reviews of its
    polarity (mixed: of any) appended until it reaches its own goal, drawn between a quarter
    and 1.75 times the average, so texts stay distinct and their lengths vary. Duplicated rows
    stay duplicates."""
    rng = random.Random(seed + 1)
    pools: dict[str, list[str]] = {"praise": [], "complaint": [], "mixed": []}
    for review in reviews:
        if review.polarity in pools:
            pools[review.polarity].append(review.text)
    pools["mixed"] = pools["praise"] + pools["complaint"] + pools["mixed"]
    placeholders = sum(review.polarity not in pools for review in reviews)
    # Appending stops past the goal (by ~26 characters on average); placeholders stay short.
    goal = max(length * len(reviews) / max(len(reviews) - placeholders, 1) - 26, 1)
    done: dict[int, SynthReview] = {}
    out = []
    for review in reviews:
        if review.polarity not in pools or not pools[review.polarity]:
            out.append(review)
            continue
        if id(review) not in done:
            pool, wanted = pools[review.polarity], goal * rng.uniform(0.25, 1.75)
            parts, size = [review.text], len(review.text)
            while size < wanted:
                if parts[-1][-1:] not in _ENDS:
                    parts.append(rng.choice("，。！"))
                parts.append(rng.choice(pool))
                size += len(parts[-1]) + 1
            done[id(review)] = dataclasses.replace(review, text="".join(parts))
        out.append(done[id(review)])
    return out


def _reviews(rows: int, seed: int, variety: str, text_length: int | None) -> list[SynthReview]:
    reviews = generate(rows, seed=seed, variety=variety)
    return lengthen(reviews, text_length, seed=seed) if text_length else reviews


def _row(review: SynthReview, index: int) -> list[str]:
    # Two date formats in one column, as real Taobao exports have.
    fmt = "%Y/%-m/%-d %H:%M" if int(review.order_id) % 3 == 0 else "%Y-%m-%d %H:%M:%S"
    followup_date = review.followup_date.strftime(fmt) if review.followup_date else ""
    return [
        review.order_id,
        review.product,
        review.sku,
        review.user,
        str(1 + index % 5),  # buyer credit level: a trap, never a rating
        str(review.rating),
        review.text,
        review.date.strftime(fmt),
        review.followup_text,
        followup_date,
        f"掌柜回复:{review.reply}" if review.reply else "",
    ]


def write_csv(
    path: Path,
    rows: int,
    *,
    encoding: str = "gb18030",
    seed: int = 7,
    variety: str = "phrases",
    text_length: int | None = None,
) -> Path:
    """A Taobao-style CSV with a title row above the header; written atomically.
    ``variety``: see :func:`tools.synth.generate` ("realistic" for benchmarks); ``text_length``:
    see :func:`lengthen` (None: texts as generated)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["评价列表（导出时间 2026-11-20）"])
    writer.writerow(HEADER)
    for index, review in enumerate(_reviews(rows, seed, variety, text_length)):
        writer.writerow(_row(review, index))
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: int,
    *,
    seed: int = 7,
    variety: str = "phrases",
    text_length: int | None = None,
) -> Path:
    """The same export as an xlsx workbook (write-only mode, fast enough for 1M rows)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("评价")
    sheet.append(["评价列表（导出时间 2026-11-20）"])
    sheet.append(list(HEADER))
    for index, review in enumerate(_reviews(rows, seed, variety, text_length)):
        sheet.append(_row(review, index))
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.samples", description="Write invented review exports."
    )
    parser.add_argument("-o", "--output", type=Path, default=sample_path(), help="output file")
    parser.add_argument("--rows", type=int, default=SAMPLE_ROWS, help="number of reviews")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--encoding", default="gb18030", help="CSV encoding (default gb18030)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--variety",
        choices=VARIETIES,
        help="texts from fixed phrases or as varied as real exports (default: phrases for the "
        "bundled sample, realistic for any other output)",
    )
    parser.add_argument(
        "--text-length", type=int, help="average review length in characters (long reviews)"
    )
    args = parser.parse_args(argv)
    variety = args.variety or (
        "phrases" if args.output.resolve() == sample_path().resolve() else "realistic"
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "xlsx":
        write_xlsx(
            args.output, args.rows, seed=args.seed, variety=variety, text_length=args.text_length
        )
    else:
        write_csv(
            args.output,
            args.rows,
            encoding=args.encoding,
            seed=args.seed,
            variety=variety,
            text_length=args.text_length,
        )
    print(args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
