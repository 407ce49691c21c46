"""Text encodings that were refused or silently imported as garbage (issue 17).

Each test writes its export in tmp_path and checks what a shop owner would: the reviews read
back exactly, the encoding named in the summary, and a warning or a refusal they can act on.
"""

from __future__ import annotations

import random

import pytest

from app.cli import main
from app.core.errors import InputFileError
from app.core.i18n import set_language
from app.core.ingest.ledger import build_import
from app.io.readers.read import read_file

HEADER = "评价内容,评分,评价时间"
ZH = [
    "质量很好，物流很快，下次还会再来",
    "衣服有点小，颜色和图片不一样",
    "客服态度差，发货太慢了",
    "非常满意，性价比高",
    "包装破损，东西还行",
    "味道不错，就是价格有点贵",
]
TW = [
    "質量很好，物流很快，下次還會再來",
    "衣服有點小，顏色和圖片不一樣",
    "客服態度差，發貨太慢了",
    "非常滿意，性價比高",
    "包裝破損，東西還行",
    "味道不錯，就是價格有點貴",
]
EU = [
    "Très bon produit - livraison rapide",
    "Qualité médiocre; déçu",
    "Größe passt nicht: zurückgeschickt",
    "Ça marche très bien! Je recommande",
    "Funktioniert einwandfrei. Würde ich wieder kaufen",
]


def _lines(texts: list[str], header: str = HEADER) -> list[str]:
    return [header] + [f"{t},{i % 5 + 1},2024-05-{i % 28 + 1:02d}" for i, t in enumerate(texts)]


def _csv(tmp_path, name: str, lines: list[str], encoding: str):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _texts(table) -> list[str]:
    return table.frame.iloc[:, 0].tolist()


def test_utf8_csv_with_a_few_nul_bytes_is_read_with_a_warning(tmp_path, capsys):
    data = "\n".join(_lines(ZH * 3)).encode("utf-8") + b"\n"
    cut = [data.index("物流".encode()), data.index("客服".encode()), data.index(b"2024")]
    for at in sorted(cut, reverse=True):
        data = data[:at] + b"\x00" + data[at:]
    path = tmp_path / "评价.csv"
    path.write_bytes(data)

    table = read_file(path)

    assert _texts(table) == ZH * 3
    assert table.encoding == "utf-8"
    result = build_import([table], saved_mappings=False)
    assert len(result.ledger) == len(ZH) * 3
    assert any("3 个空字符" in w and "评价.csv" in w for w in result.warnings)
    assert main(["import", str(path)]) == 0
    assert "3 个空字符" in capsys.readouterr().out

    # binary data with a few NULs is still no table
    rng = random.Random(17)
    noise = bytes(rng.randrange(1, 256) for _ in range(20_000))
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(noise[:5000] + b"\x00" + noise[5000:9000] + b"\x00\x00" + noise[9000:])
    with pytest.raises(InputFileError, match="无法识别"):
        read_file(garbage)


def test_half_utf8_half_gbk_is_read_line_by_line_with_a_warning(tmp_path):
    head = "\n".join(_lines(ZH[:4])).encode("utf-8")
    tail = "\n".join(_lines(ZH[4:], header="")[1:]).encode("gbk")
    path = tmp_path / "合并.csv"
    path.write_bytes(head + b"\n" + tail + b"\n")

    table = read_file(path)

    assert _texts(table) == ZH
    assert table.encoding == "utf-8+gb18030"
    result = build_import([table], saved_mappings=False)
    assert any("2 行是 gb18030" in w for w in result.warnings), result.warnings
    set_language("en")
    assert any("2 lines are gb18030" in w for w in build_import([table]).warnings)

    # a file that is just GBK stays plain gb18030, without a warning, even with a line that
    # is valid UTF-8 by chance (GBK 通 = cd a8)
    gbk = _csv(tmp_path, "gbk.csv", _lines([*ZH, "通"]), "gbk")
    plain = read_file(gbk)
    assert plain.encoding == "gb18030" and _texts(plain) == [*ZH, "通"]
    assert build_import([plain], saved_mappings=False).warnings == []


def test_utf8_head_with_gbk_rows_after_the_first_megabyte_keeps_both(tmp_path):
    filler = [f"{ZH[i % 6]}{i},5,2024-05-01" for i in range(30_000)]  # > 1 MB of UTF-8
    data = "\n".join([HEADER, *filler]).encode("utf-8") + b"\n"
    assert len(data) > 1 << 20
    path = tmp_path / "big.csv"
    path.write_bytes(data + "客服态度差,1,2024-05-02\n".encode("gbk"))

    table = read_file(path)

    assert _texts(table)[0] == ZH[0] + "0"  # the UTF-8 part is not read as GBK
    assert _texts(table)[-1] == "客服态度差"
    assert table.encoding == "utf-8+gb18030"
    assert any("1 行" in zh for zh, _en in table.warnings)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path, codec):
    texts = ["".join(ZH[i:] + ZH[:i]) for i in range(6)]  # Chinese: few ASCII code units
    lines = ["评价内容\t评分"] + [f"{t}\t{i % 5 + 1}" for i, t in enumerate(texts)]
    path = _csv(tmp_path, "评价.txt", lines, codec)
    assert path.read_bytes().count(0) < path.stat().st_size // 10

    table = read_file(path)

    assert _texts(table) == texts
    assert table.encoding == "utf-16"
    assert list(table.frame.columns) == ["评价内容", "评分"]


def test_big5_and_cp1252_are_detected_and_short_gbk_stays_gbk(tmp_path):
    big5 = read_file(_csv(tmp_path, "tw.csv", _lines(TW, "評價內容,評分,評價時間"), "big5"))
    assert (big5.encoding, _texts(big5)) == ("big5", TW)
    cp1252 = read_file(_csv(tmp_path, "fr.csv", _lines(EU, "commentaire,note,date"), "cp1252"))
    assert (cp1252.encoding, _texts(cp1252)) == ("cp1252", EU)
    # GBK is what most Chinese shops export: even one short review stays GBK
    for i, text in enumerate([*ZH, "好评", "很好", "不错，满意"]):
        table = read_file(_csv(tmp_path, f"{i}.csv", ["评价,评分", f"{text},5"], "gbk"))
        assert (table.encoding, _texts(table)) == ("gb18030", [text])
    gbk = read_file(_csv(tmp_path, "gbk.csv", _lines(ZH), "gbk"))
    assert (gbk.encoding, _texts(gbk)) == ("gb18030", ZH)


def test_html_export_honours_its_meta_charset(tmp_path):
    for texts, codec, name in [(TW, "big5", "big5"), (ZH, "gb2312", "gb18030")]:
        rows = "".join(f"<tr><td>{t}</td><td>5</td></tr>" for t in texts)
        page = (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={codec}">'
            f"</head><body><table><tr><th>评价内容</th><th>评分</th></tr>{rows}</table>"
            "</body></html>"
        )
        path = tmp_path / f"{codec}.xls"
        path.write_bytes(page.encode(codec, errors="xmlcharrefreplace"))

        table = read_file(path)

        assert table.file_format == "html"
        assert (table.encoding, _texts(table)) == (name, texts)


def test_text_that_decodes_only_as_garbage_is_refused(tmp_path, capsys):
    rng = random.Random(3)
    # bytes of GBK's user-defined area: they decode, but only to private-use characters
    rows = [
        bytes(rng.choice(range(0xAA, 0xB0)) if k % 2 == 0 else rng.randrange(0xA1, 0xFF)
              for k in range(24)) + b",5"
        for _ in range(20)
    ]  # fmt: skip
    path = tmp_path / "乱码.csv"
    path.write_bytes("评价内容,评分\n".encode("gbk") + b"\n".join(rows) + b"\n")

    with pytest.raises(InputFileError) as error:
        read_file(path)
    assert "乱码" in str(error.value) and "--encoding" in str(error.value)
    set_language("en")
    assert "looks like garbage" in str(error.value)
    set_language("zh")

    assert main(["import", str(path)]) != 0
    assert "--encoding" in capsys.readouterr().err + capsys.readouterr().out
    # the user's own choice is honoured
    assert read_file(path, encoding="gb18030").encoding == "gb18030"
