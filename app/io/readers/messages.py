"""Every :class:`InputFileError` the readers raise, with its Chinese and English sentences.

Kept in one place so the wording stays consistent and is easy to review. Messages name the
file (never its contents) and tell the user what to do next.
"""

from __future__ import annotations

from pathlib import Path

from app.core.errors import InputFileError

SUPPORTED_ZH = "Excel（.xlsx/.xlsm/.xls）、CSV、TSV、TXT、JSON 或 JSON Lines"
SUPPORTED_EN = "Excel (.xlsx/.xlsm/.xls), CSV, TSV, TXT, JSON or JSON Lines"


def _name(path: str | Path) -> str:
    return Path(path).name or str(path)


def not_found(path: str | Path) -> InputFileError:
    return InputFileError(
        f"找不到文件“{path}”。请确认文件没有被移动、改名或删除，然后重新选择。",
        f"File not found: “{path}”. Check that it has not been moved, renamed or deleted, "
        "then choose it again.",
    )


def is_directory(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{path}”是一个文件夹，不是文件。请打开文件夹，选择里面的评价导出文件。",
        f"“{path}” is a folder, not a file. Open the folder and choose the review export in it.",
    )


def locked(path: str | Path) -> InputFileError:
    return InputFileError(
        f"无法打开“{_name(path)}”：文件正被其他程序占用（通常是 Excel 正打开着它）或没有读取权限。"
        "请在 Excel 里关闭这个文件后重试。",
        f"Cannot open “{_name(path)}”: another program is using it (usually Excel has it open) "
        "or you have no permission to read it. Close the file in Excel and try again.",
    )


def os_error(path: str | Path, error: OSError) -> InputFileError:
    return InputFileError(
        f"读取“{_name(path)}”时出错（{error.strerror or type(error).__name__}）。"
        "请确认文件在本机磁盘上并且可以打开，然后重试。",
        f"Reading “{_name(path)}” failed ({error.strerror or type(error).__name__}). "
        "Make sure the file is on a local disk and can be opened, then try again.",
    )


def empty_file(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”是空文件（0 字节），里面没有任何内容。可能导出没有完成，请重新导出后再导入。",
        f"“{_name(path)}” is empty (0 bytes). The export may not have finished; "
        "export it again and import the new file.",
    )


def only_blank(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”里只有空行，没有任何数据。请确认导出时选择了正确的商品和时间范围。",
        f"“{_name(path)}” contains only blank lines, no data. Check that the export covered "
        "the right products and dates.",
    )


def header_only(path: str | Path, sheet: str | None = None) -> InputFileError:
    where_zh = f"工作表“{sheet}”" if sheet else f"“{_name(path)}”"
    where_en = f"Sheet “{sheet}”" if sheet else f"“{_name(path)}”"
    return InputFileError(
        f"{where_zh}只有表头，没有评价数据行。请确认导出时选择了正确的商品和时间范围。",
        f"{where_en} has a header row but no data rows. Check that the export covered "
        "the right products and dates.",
    )


def garbage(path: str | Path) -> InputFileError:
    return InputFileError(
        f"无法识别“{_name(path)}”的格式：它不是 Excel 表格，也不是 CSV/文本或 JSON 文件，"
        f"可能已损坏。请从平台重新导出，支持的格式：{SUPPORTED_ZH}。",
        f"Cannot recognise the format of “{_name(path)}”: it is not an Excel workbook, a "
        f"CSV/text file or a JSON file, and may be damaged. Export it again; supported: "
        f"{SUPPORTED_EN}.",
    )


def other_format(path: str | Path, kind_zh: str, kind_en: str) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”是{kind_zh}，不是评价表格。请选择从平台导出的表格文件（{SUPPORTED_ZH}）。",
        f"“{_name(path)}” is {kind_en}, not a review table. Choose the table exported from "
        f"the platform ({SUPPORTED_EN}).",
    )


def zip_archive(path: str | Path, members: list[str]) -> InputFileError:
    inside = "、".join(members[:5])
    return InputFileError(
        f"“{_name(path)}”是一个压缩包（zip），不是表格。请先解压，再导入里面的表格文件"
        + (f"（例如 {inside}）。" if inside else "。"),
        f"“{_name(path)}” is a zip archive, not a table. Unzip it first and import the table "
        "inside" + (f" (e.g. {', '.join(members[:5])})." if inside else "."),
    )


def unsupported(path: str | Path) -> InputFileError:
    suffix = Path(path).suffix or "（无扩展名）"
    return InputFileError(
        f"不支持“{_name(path)}”这种文件（{suffix}），内容也无法识别为表格。支持的格式：{SUPPORTED_ZH}。",
        f"“{_name(path)}” ({Path(path).suffix or 'no extension'}) is not a supported file and "
        f"its content is not a recognisable table. Supported: {SUPPORTED_EN}.",
    )


def excel_lock_file(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”是 Excel 打开文件时自动生成的临时锁文件，不是数据。"
        "请选择文件名不带“~$”的原文件。",
        f"“{_name(path)}” is the temporary lock file Excel creates while a workbook is open, "
        "not data. Choose the original file (without “~$” in its name).",
    )


def corrupt_workbook(path: str | Path) -> InputFileError:
    return InputFileError(
        f"Excel 文件“{_name(path)}”已损坏或不完整（可能下载或复制没有完成）。"
        "请重新下载，或在 Excel 里打开后另存为 .xlsx 再导入。",
        f"The Excel file “{_name(path)}” is damaged or incomplete (the download or copy may "
        "not have finished). Download it again, or open it in Excel, save as .xlsx and import "
        "that.",
    )


def encrypted(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”文件设置了密码，请在 Excel 里取消密码后另存再导入。",
        f"“{_name(path)}” is password-protected. Remove the password in Excel, save the file "
        "again and import it.",
    )


def too_big_unzipped(path: str | Path, size: int) -> InputFileError:
    gb = size / 1024**3
    return InputFileError(
        f"Excel 文件“{_name(path)}”解压后过大（约 {gb:.1f} GB）或压缩比异常，可能已损坏或是恶意构造的文件，"
        "已拒绝读取。如确为正常导出，请在 Excel 里另存为 CSV 后导入。",
        f"The Excel file “{_name(path)}” would unpack to an unreasonable size (about {gb:.1f} GB) "
        "or is compressed suspiciously well; it may be damaged or malicious, so it was not read. "
        "If it is a genuine export, save it as CSV in Excel and import that.",
    )


def empty_sheet(path: str | Path, sheet: str) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”的工作表“{sheet}”是空的，没有任何数据。请选择包含评价的工作表。",
        f"Sheet “{sheet}” of “{_name(path)}” is empty. Choose the sheet that holds the reviews.",
    )


def unknown_sheet(path: str | Path, sheet: str, sheets: list[str]) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”里没有名为“{sheet}”的工作表。现有的工作表：{'、'.join(sheets)}。",
        f"“{_name(path)}” has no sheet named “{sheet}”. Its sheets are: {', '.join(sheets)}.",
    )


def no_sheets(path: str | Path) -> InputFileError:
    return InputFileError(
        f"Excel 文件“{_name(path)}”里没有任何工作表数据。",
        f"The Excel file “{_name(path)}” contains no worksheet data.",
    )


def bad_encoding_name(encoding: str) -> InputFileError:
    return InputFileError(
        f"不认识文字编码“{encoding}”。常用的编码有 utf-8、gb18030（含 GBK）和 utf-16。",
        f"Unknown text encoding “{encoding}”. Common ones are utf-8, gb18030 (covers GBK) "
        "and utf-16.",
    )


def wrong_encoding(path: str | Path, encoding: str) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”不是用 {encoding} 编码保存的，按这个编码读出来是乱码。"
        "请换一种编码，或不指定编码让程序自动识别。",
        f"“{_name(path)}” is not saved in {encoding}; reading it that way gives garbage. "
        "Choose another encoding, or leave it empty to detect it automatically.",
    )


def looks_garbled(path: str | Path, encoding: str) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”的文字编码无法可靠识别：按 {encoding} 读出来像乱码（很多生僻符号），"
        "为避免导入乱码没有读取。请用命令行参数 --encoding 指定正确的编码（常用：gb18030、utf-8、"
        "big5、cp1252），或在记事本/Excel 里把文件另存为 UTF-8 后再导入。",
        f"Cannot tell the text encoding of “{_name(path)}” reliably: read as {encoding} it looks "
        "like garbage (many rare symbols), so it was not imported. Give the right encoding with "
        "--encoding (common: gb18030, utf-8, big5, cp1252), or save the file as UTF-8 in Notepad "
        "or Excel and import that.",
    )


def nul_removed(count: int) -> tuple[str, str]:
    """Warning (zh, en): NUL bytes were stripped from a text file."""
    return (
        f"文件里有 {count} 个空字符（NUL，通常是导出程序的缺陷），已删除后读取。",
        f"{count} NUL {'character' if count == 1 else 'characters'} (usually a fault of the "
        "exporting program) removed before reading.",
    )


def mixed_lines(count: int, other: str, main: str) -> tuple[str, str]:
    """Warning (zh, en): a file whose lines use two encodings was decoded line by line."""
    return (
        f"文件混用了两种文字编码：{count} 行是 {other}，其余是 {main}；已逐行按各自的编码读取，"
        "请检查这些行的文字是否正常。",
        f"The file mixes two text encodings: {count} "
        f"{'line is' if count == 1 else 'lines are'} {other}, the rest {main}; each line was "
        "read with its own encoding. Check that those lines read correctly.",
    )


def bad_json(path: str | Path, line: int | None = None) -> InputFileError:
    at_zh = f"第 {line} 行" if line else "文件"
    at_en = f"line {line}" if line else "the file"
    return InputFileError(
        f"“{_name(path)}”不是有效的 JSON：{at_zh}有格式错误（可能文件不完整）。请重新导出。",
        f"“{_name(path)}” is not valid JSON: {at_en} is malformed (the file may be incomplete). "
        "Export it again.",
    )


def json_not_records(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”里没有评价记录列表。JSON 文件需要是一个由对象组成的列表"
        '（例如 [{"评价": "…", "评分": 5}, …]），或在某个键下包含这样的列表。',
        f"“{_name(path)}” holds no list of review records. A JSON file must be a list of "
        'objects (e.g. [{"review": "…", "rating": 5}, …]) or hold such a list under a key.',
    )


def cannot_read(path: str | Path, error: BaseException) -> InputFileError:
    return InputFileError(
        f"无法读取“{_name(path)}”，文件可能已损坏（技术信息：{type(error).__name__}）。"
        "请重新导出，或在 Excel 里打开后另存为 .xlsx 或 CSV 再导入。",
        f"Cannot read “{_name(path)}”; the file may be damaged (technical detail: "
        f"{type(error).__name__}). Export it again, or open it in Excel and save it as .xlsx "
        "or CSV, then import that.",
    )


def out_of_memory(path: str | Path) -> InputFileError:
    return InputFileError(
        f"“{_name(path)}”太大，内存不足以读入。请按时间分成几个较小的文件分别导入。",
        f"“{_name(path)}” is too large to fit in memory. Split it by date into smaller files "
        "and import them one by one.",
    )


# ---------------------------------------------------------------- table shapes (issue 17)
# Refusals for tables no review export has, and notes (zh, en) the import summary shows.


def too_many_columns(path: str | Path, count: int, sheet: str | None = None) -> InputFileError:
    where_zh = f"“{_name(path)}”" + (f"的工作表“{sheet}”" if sheet else "")
    where_en = f"“{_name(path)}”" + (f" (sheet “{sheet}”)" if sheet else "")
    return InputFileError(
        f"{where_zh}有 {count:,} 列，远多于评价导出表格（通常几列到几十列），不像是评价表格，"
        "已拒绝读取。请确认选对了文件；如果是把整段文字粘进了一行，请在 Excel 里整理后另存再导入。",
        f"{where_en} has {count:,} columns, far more than any review export (a few to a few "
        "dozen), so it was not read. Check that this is the right file; if text was pasted "
        "across one row, tidy it in Excel, save it again and import that.",
    )


def blank_rows_skipped(sheet: str, first: int, last: int) -> tuple[str, str]:
    return (
        f"工作表“{sheet}”第 {first:,}–{last:,} 行全是空行（表格远处有零星单元格），已跳过。",
        f"Rows {first:,}–{last:,} of sheet “{sheet}” are all empty (stray cells far below the "
        "table); skipped.",
    )


def _some_rows(rows: list[int]) -> tuple[str, str]:
    shown = rows[:5]
    zh = "、".join(map(str, shown)) + (f" 等 {len(rows):,} 行" if len(rows) > 5 else " 行")
    en = ", ".join(map(str, shown)) + (f" and {len(rows) - 5:,} more" if len(rows) > 5 else "")
    return zh, en


def stray_quotes(records: list[int]) -> list[tuple[str, str]]:
    if not records:
        return []
    zh, en = _some_rows(records)
    return [
        (
            f"第 {zh}的引号没有配对，会把下面的行都并进一个单元格；已把它当作普通字符读取，"
            "这些行已恢复，请核对这几行。",
            f"Row{'s' if len(records) > 1 else ''} {en}: an unmatched quote would have merged "
            "the rows below into one cell; it was read as a plain character and those rows "
            "were recovered. Please check these rows.",
        )
    ]


def wider_than_header(rows: list[int], extra: list[str]) -> tuple[str, str]:
    zh, en = _some_rows(rows)
    names = "、".join(f"“{c}”" for c in extra[:3])
    return (
        f"第 {zh}的单元格比表头多（可能评价里有没加引号的分隔符），多出的内容放在了{names}列，"
        "评价可能被截断，请核对。",
        f"{'Rows' if len(rows) > 1 else 'Row'} {en} {'have' if len(rows) > 1 else 'has'} more "
        "cells than the header (perhaps "
        f"unquoted delimiters in a review); the extra cells went to {', '.join(extra[:3])} and "
        "the review may be cut short. Please check them.",
    )
