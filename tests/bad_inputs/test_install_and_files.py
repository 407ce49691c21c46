"""Fragile installs, the user's word files and crash traces (issue 17)."""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _runtime() -> dict[str, Requirement]:
    reqs = (Requirement(r) for r in _pyproject()["project"]["dependencies"])
    return {canonicalize_name(r.name): r for r in reqs}


def _optional() -> dict[str, Requirement]:
    extras = _pyproject()["project"]["optional-dependencies"].values()
    reqs = (Requirement(r) for group in extras for r in group)
    return {canonicalize_name(r.name): r for r in reqs}


def _build_module():
    spec = importlib.util.spec_from_file_location("rl_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- dependencies ----------------------------------------------------------------------------
def _third_party_imports() -> dict[str, list[str]]:
    """Top-level module -> files of app/ importing it, for modules that are not stdlib or app."""
    found: dict[str, list[str]] = {}
    for path in sorted([*APP.rglob("*.py"), ROOT / "main.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"app", "__future__"}:
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


# imported only inside ``try: ... except ImportError`` (snownlp: only tools/ imports it)
OPTIONAL_IMPORTS = {"psutil"}


def test_every_third_party_import_in_app_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    runtime, optional = _runtime(), _optional()
    undeclared = []
    for module, files in _third_party_imports().items():
        dists = {canonicalize_name(d) for d in distributions.get(module, [])}
        assert dists, f"{module} (imported by {files[0]}) is not installed"
        declared = runtime if module not in OPTIONAL_IMPORTS else {**runtime, **optional}
        if not dists & declared.keys():
            undeclared.append(f"{module} ({sorted(dists)}) imported by {files[0]}")
    assert undeclared == []


def test_minimum_versions_exclude_the_ones_that_break_and_allow_the_installed_ones():
    runtime = _runtime()
    calamine, rjieba = runtime["python-calamine"], runtime["rjieba"]
    # 0.2.x has no CalamineWorkbook.close(): every .xlsx import failed with AttributeError
    assert not calamine.specifier.contains("0.2.3")
    assert calamine.specifier.contains("0.3.0")
    # rjieba.Jieba.add_word arrived in 0.2.2 (the user and shop dictionaries need it)
    assert not rjieba.specifier.contains("0.2.1")
    assert rjieba.specifier.contains("0.2.2")
    for key, req in runtime.items():
        installed = importlib.metadata.version(req.name)
        assert req.specifier.contains(installed, prereleases=True), (key, installed)


@pytest.mark.parametrize(
    ("name", "next_breaking"),
    [
        ("pandas", "4.0"),
        ("numpy", "3.0"),
        ("pyside6-essentials", "7.0"),
        ("openpyxl", "3.2"),  # the big-sheet writer parses openpyxl's saved XML
        ("python-calamine", "1.0"),
        ("rjieba", "0.3"),
    ],
)
def test_upper_bounds_stop_below_the_next_breaking_release(name, next_breaking):
    spec = _runtime()[name].specifier
    assert not spec.contains(next_breaking)
    assert not spec.contains(str(Version(next_breaking).major + 1) + ".0")


def test_release_constraints_pin_every_runtime_dependency_within_its_range():
    build = _build_module()
    pins = build.read_pins()
    for key, req in _runtime().items():
        assert key in pins, f"{req.name} is not pinned in packaging/constraints.txt"
        assert req.specifier.contains(pins[key][1]), (req.name, pins[key][1])
    # (pinned == installed is the build's own check: a test machine may have newer releases)
    assert 'install -e ".[packaging]" -c packaging/constraints.txt' in (
        ROOT / ".github" / "workflows" / "build.yml"
    ).read_text(encoding="utf-8")


def test_build_refuses_versions_that_differ_from_the_pins(tmp_path, monkeypatch, capsys):
    build = _build_module()
    pins = tmp_path / "constraints.txt"
    pins.write_text("# comment\npandas==0.0.1\nno-such-dist-rl==1.0\n", encoding="utf-8")
    assert build.pin_mismatches(pins) == [
        f"pandas: pinned 0.0.1, installed {importlib.metadata.version('pandas')}",
        "no-such-dist-rl: pinned 1.0, installed not installed",
    ]
    monkeypatch.setattr(build, "CONSTRAINTS", pins)
    monkeypatch.setattr(build, "pin_mismatches", lambda path=pins: ["pandas: pinned 0.0.1"])
    monkeypatch.setattr(build, "run_pyinstaller", lambda clean: pytest.fail("built anyway"))
    assert build.build(clean=False) == 1
    assert "constraints.txt" in capsys.readouterr().err


# -- the user's word files -------------------------------------------------------------------
USER_WORDS = (
    "\ufeff# 我的店铺用词（评论透镜按行读取）\r\n拉胯款 3000\r\n\r\n# 颜色\r\n雾霾蓝\r\n奶咖色\r\n"
)


def test_adding_and_removing_words_keeps_comments_and_blank_lines_where_they_were():
    from app.core.text import segment as text
    from app.core.text.word_files import user_words_path

    path = user_words_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(USER_WORDS.encode("utf-8"))

    text.add_user_word("冰丝凉感")
    assert path.read_bytes().decode("utf-8") == USER_WORDS + "冰丝凉感\r\n"
    text.remove_user_word("雾霾蓝")
    assert (
        path.read_bytes().decode("utf-8") == USER_WORDS.replace("雾霾蓝\r\n", "") + "冰丝凉感\r\n"
    )
    assert text.user_words() == ["拉胯款", "奶咖色", "冰丝凉感"]

    stop = path.with_name("user_stopwords.txt")
    stop.write_text("# 不想在主题里看到的词\n亲\n\n宝贝", encoding="utf-8")  # no final newline
    text.add_user_stopword("掌柜")
    assert stop.read_text(encoding="utf-8") == "# 不想在主题里看到的词\n亲\n\n宝贝\n掌柜\n"
    text.remove_user_stopword("亲")
    assert stop.read_text(encoding="utf-8") == "# 不想在主题里看到的词\n\n宝贝\n掌柜\n"


def test_a_failed_save_leaves_the_word_list_as_it_was(monkeypatch):
    from app.core.errors import OutputError
    from app.core.text import segment as text
    from app.core.text import word_files

    path = word_files.user_words_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(USER_WORDS, encoding="utf-8", newline="")
    steps: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        steps.append("fsync")
        real_fsync(fd)

    def replace(src, dst):
        steps.append("replace")
        assert Path(src).parent == Path(dst).parent == path.parent  # same folder: one rename
        assert Path(src).read_bytes().endswith("冰丝凉感\r\n".encode())  # complete first
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    text.add_user_word("冰丝凉感")
    assert steps == ["fsync", "replace"]

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OutputError, match=r"无法保存词表.*词表没有改动"):
        text.add_user_word("雪纺")
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["user_words.txt"]  # no temp left


def test_a_word_list_saved_in_gbk_gets_a_readable_message():
    from app.core.errors import AppError
    from app.core.text import segment as text
    from app.core.text.word_files import user_words_path

    path = user_words_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("# 我的词\n雾霾蓝\n".encode("gbk"))
    with pytest.raises(AppError, match=r"不是 UTF-8 编码.*另存为"):
        text.user_words()
    with pytest.raises(AppError, match="不是 UTF-8 编码"):
        text.add_user_word("冰丝")
    assert path.read_bytes() == "# 我的词\n雾霾蓝\n".encode("gbk")


# -- crashes in native code and in threads ---------------------------------------------------
def _crash(script: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "REVIEWLENS_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONFAULTHANDLER", None)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


THREAD_ERROR = """
import threading
def work():
    raise RuntimeError("worker thread failed")
t = threading.Thread(target=work, name="worker-7"); t.start(); t.join()
"""


def test_a_native_crash_on_the_command_line_leaves_a_trace_in_the_log_folder(tmp_path):
    script = (
        "import faulthandler\n"
        "from app.cli import main\n"
        "code = main(['import', 'no-such-file.csv'])\n"
        "assert code == 1, code\n"
        f"{THREAD_ERROR}\n"
        "faulthandler._sigsegv()\n"
    )
    done = _crash(script, tmp_path)
    assert done.returncode != 0
    crash = (tmp_path / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in crash
    assert 'File "<string>", line' in crash  # the Python stack where it happened
    log = (tmp_path / "logs" / "reviewlens.log").read_text(encoding="utf-8")
    assert "uncaught error in thread worker-7" in log
    assert "RuntimeError: worker thread failed" in log


def test_a_native_crash_in_the_desktop_app_leaves_a_trace_in_the_log_folder(tmp_path):
    script = (
        "import faulthandler, threading\n"
        "from PySide6.QtCore import QTimer\n"
        "import app.gui.application as application\n"
        "start = application.create_application\n"
        "def create(*args):\n"
        "    made = start(*args)\n"
        "    QTimer.singleShot(200, lambda: threading.Thread(target=work, name='gui-worker').start())\n"
        "    QTimer.singleShot(1500, faulthandler._sigsegv)\n"
        "    return made\n"
        "def work():\n"
        "    raise ValueError('background job failed')\n"
        "application.create_application = create\n"
        "application.run_gui([])\n"
    )
    done = _crash(script, tmp_path)
    assert done.returncode != 0, done.stderr[-2000:]
    crash = (tmp_path / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Segmentation fault" in crash
    assert "run_gui" in crash  # the stack reaches the event loop of the app
    log = (tmp_path / "logs" / "reviewlens.log").read_text(encoding="utf-8")
    assert "uncaught error in thread gui-worker" in log
    assert "ValueError: background job failed" in log
