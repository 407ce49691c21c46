"""The command line: ``python main.py import FILE...`` (and later ``analyze``).

Messages are Chinese by default, English with ``--lang en``. Expected problems (bad files,
unknown columns, unwritable outputs) print one plain sentence and exit 1; usage errors exit 2;
unexpected errors print a short message, write the traceback to the log file, and exit 3.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from app import __version__
from app.core.errors import AppError
from app.core.i18n import set_language, tr
from app.core.ingest.model import ROLES, SUBSCORES
from app.core.progress import Cancelled
from app.logging_setup import install_crash_handlers

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_UNEXPECTED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (so temporary files are removed), exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def raise_terminated(signum: int, _frame: object = None) -> None:
    """A signal handler: unwind this process with :class:`Terminated`."""
    raise Terminated(signum)


def _catch_stop_signals() -> dict[int, Any]:
    """Turn SIGTERM/SIGHUP into :class:`Terminated`; returns the handlers to restore."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, raise_terminated) for signum in STOP_SIGNALS}


class _Parser(argparse.ArgumentParser):
    """argparse with its own messages in the chosen language."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(tr(f"参数错误：{message}", f"Usage error: {message}"), file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parse_map(value: str) -> tuple[str, str]:
    role, sep, column = value.partition("=")
    role, column = role.strip(), column.strip()
    valid = (*ROLES, SUBSCORES)
    if not sep or not role or not column:
        raise argparse.ArgumentTypeError(
            tr(
                f"“{value}” 应写成 角色=列名，例如 rating=评分",
                f"“{value}” must be ROLE=COLUMN, e.g. rating=评分",
            )
        )
    if role not in valid:
        raise argparse.ArgumentTypeError(
            tr(
                f"没有“{role}”这个角色；可用：{', '.join(valid)}",
                f"No role “{role}”; valid: {', '.join(valid)}",
            )
        )
    return role, column


def _parse_date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr(
                f"日期“{value}”看不懂，请写成 2024-05-31",
                f"Cannot read date “{value}”; use 2024-05-31",
            )
        ) from None


def _add_import_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=tr(
            "评价导出文件：csv / tsv / txt / xlsx / xls / json / jsonl，可一次给多个，会合并",
            "review export files: csv / tsv / txt / xlsx / xls / json / jsonl; several are merged",
        ),
    )
    parser.add_argument(
        "--map",
        dest="mapping",
        action="append",
        type=_parse_map,
        default=[],
        metavar="ROLE=COLUMN",
        help=tr(
            "手动指定列的角色，可重复，例如 --map text=评论 --map rating=评分。角色："
            + ", ".join((*ROLES, SUBSCORES)),
            "set a column's role by hand, repeatable, e.g. --map text=评论 --map rating=评分. Roles: "
            + ", ".join((*ROLES, SUBSCORES)),
        ),
    )
    parser.add_argument(
        "--sheet",
        help=tr(
            "xlsx 有多个工作表时，读取这个工作表（默认自动选出含评价的那个）",
            "for a workbook with several sheets, read this one (default: the one holding reviews)",
        ),
    )
    parser.add_argument(
        "--encoding",
        help=tr(
            "文本文件的编码，例如 gb18030 / utf-8 / utf-16（默认自动识别）",
            "encoding of text files, e.g. gb18030 / utf-8 / utf-16 (default: detected)",
        ),
    )
    parser.add_argument(
        "--reference-date",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help=tr(
            "把“3天前”“20小时前”这类相对日期换算成日期时所依据的日期（默认今天）",
            "date that relative dates such as 3天前 are counted from (default: today)",
        ),
    )
    parser.add_argument(
        "--save-mapping",
        action="store_true",
        help=tr(
            "记住这次的列角色，以后表头相同的文件自动使用",
            "remember this column mapping for future files with the same header",
        ),
    )
    parser.add_argument(
        "--no-saved-mapping",
        action="store_true",
        help=tr("不使用以前记住的列角色", "ignore column mappings saved earlier"),
    )
    parser.add_argument(
        "--export-csv",
        metavar="PATH",
        help=tr(
            "把每一行输入（保留或删除及原因）写入 CSV（UTF-8 带 BOM，Excel 可直接打开）",
            "write every input row (kept, or dropped with its reason) to a CSV (UTF-8 with BOM)",
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=tr(
            "替换只读的输出文件（报告、CSV、图表）；没有这个选项时只读文件不会被替换。"
            "输入文件无论如何都不会被覆盖",
            "replace read-only output files (report, CSV, charts); without it a read-only file "
            "is left alone. An input file is never overwritten",
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser, with help texts in the current language."""
    parser = _Parser(
        prog="python main.py",
        description=tr(
            "ReviewLens 评论透镜：把网店评价导出文件变成看得懂的结论。不带参数运行打开图形界面。",
            "ReviewLens: turn shop review exports into decisions. Run without arguments for the GUI.",
        ),
    )
    parser.add_argument("--version", action="version", version=f"ReviewLens {__version__}")
    parser.add_argument(
        "--screenshots",
        nargs="+",
        metavar=("DIR", "FILE"),
        help=tr(
            "不显示窗口，导入文件（默认示例数据）并分析，把每个页面截图保存到 DIR",
            "without showing a window, import FILEs (default: the sample), analyse, and save a "
            "PNG of every page into DIR",
        ),
    )
    parser.add_argument(
        "--selftest",
        action="store_true",
        help=tr(
            "不打开窗口，分析示例数据并检查报告、图表、字体和模型，确认安装完好",
            "without a window, analyse the sample and check report, charts, font and model "
            "to prove the installation works",
        ),
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help=tr("界面和消息语言（默认中文）", "language of messages (default: zh)"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    importer = commands.add_parser(
        "import",
        help=tr(
            "读取评价导出文件并打印摘要：识别的平台、编码、列，保留和删除的行数及原因",
            "read review exports and print a summary: platform, encoding, columns, kept and dropped rows",
        ),
        description=tr(
            "读取评价导出文件，识别列，清洗，并说明每一行的去向。",
            "Read review exports, recognise the columns, clean, and account for every row.",
        ),
    )
    _add_import_options(importer)
    from app.cli_analyze import add_analyze_options

    analyzer = commands.add_parser(
        "analyze",
        help=tr(
            "读取并分析评价：好评/差评、方面、主题；可写出 Excel 报告、图表和逐行 CSV",
            "read and analyse reviews: praise/complaints, aspects, themes; optional report, charts, CSV",
        ),
        description=tr(
            "从导出文件一步得到分析结果：python main.py analyze 评价.xlsx -o 报告.xlsx --charts 图表",
            "From exports to a finished analysis: python main.py analyze reviews.xlsx -o report.xlsx",
        ),
    )
    _add_import_options(analyzer)
    add_analyze_options(analyzer)
    from app.cli_shop import add_shop_commands

    shop = add_shop_commands(commands, import_options=_add_import_options, parse_date=_parse_date)
    for sub in (importer, analyzer, *shop):
        sub.add_argument(
            "--lang",
            choices=("zh", "en"),
            default=argparse.SUPPRESS,
            help=tr("消息语言", "language of messages"),
        )
    return parser


def _language_from_argv(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1] if argv[index + 1] in ("zh", "en") else "zh"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("zh", "en") else "zh"
    return "zh"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python main.py <command>``; returns the exit code."""
    install_crash_handlers()  # native crashes and thread errors leave a trace in the log folder
    argv = list(sys.argv[1:] if argv is None else argv)
    _use_utf8_output()
    set_language(_language_from_argv(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    if args.selftest:
        from app.selftest import run_selftest  # lazy: never loads Qt

        return run_selftest()
    if args.screenshots:
        from app.gui.screenshots import main as screenshots  # lazy: loads Qt

        return screenshots(args.screenshots[0], args.screenshots[1:])
    if args.command is None:
        from app.gui.application import run_gui  # lazy: the command line never loads Qt

        return run_gui([])
    previous = _catch_stop_signals()
    try:
        return _run_command(args)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _flush_stdout()


def _run_command(args: argparse.Namespace) -> int:
    try:
        if args.command == "import":
            from app.cli_import import run_import

            return run_import(args)
        if args.command == "analyze":
            from app.cli_analyze import run_analyze

            return run_analyze(args)
        if args.command == "shop":
            from app.cli_shop import run_shop

            return run_shop(args)
        raise AssertionError(args.command)
    except AppError as error:
        print(tr("错误：", "Error: ") + str(error), file=sys.stderr)
        return EXIT_INPUT
    except (Cancelled, KeyboardInterrupt):
        print(tr("已取消。", "Cancelled."), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as stop:
        print(
            tr("已停止：收到结束信号。", "Stopped: the process was told to end."), file=sys.stderr
        )
        return 128 + stop.signum
    except Exception:
        from app.logging_setup import log_exception

        log_path = log_exception("command line")
        print(
            tr(
                f"出现了意外错误，详细信息已写入 {log_path}。请把这个文件发给我们。",
                f"An unexpected error occurred; details were written to {log_path}. "
                "Please send us that file.",
            ),
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


def _flush_stdout() -> None:
    """Whatever is still buffered; a closed pipe (``… | head -1``) is not an error."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        from app.cli_import import quiet_stdout

        quiet_stdout()
    except (AttributeError, OSError, ValueError):
        pass


def _use_utf8_output() -> None:
    """Print Chinese on consoles whose code page is not UTF-8 (e.g. cp936 on Windows)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="replace")
