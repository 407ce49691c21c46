"""The one place errors are shown: plain message for AppError, log + details for the rest.

Showing an error never exits the app and never touches the user's data or analysis.
"""

from __future__ import annotations

import contextlib
import traceback

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import AppError
from app.logging_setup import get_logger, log_path


def log_error(error: BaseException, context: str = "GUI") -> str:
    """Write ``error``'s traceback to the log file; return the log path (never review text)."""
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    with contextlib.suppress(OSError):
        get_logger().error("unexpected error in %s\n%s", context, details)
    return str(log_path())


def build_error_box(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """The message box for ``error`` (not shown yet)."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "评论透镜"))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if isinstance(error, AppError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(str(error))
        return box
    path = log_error(error)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setText(
        QCoreApplication.translate(
            "ErrorDialog", "出现了意外错误。你的数据没有丢失，可以继续使用。"
        )
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "ErrorDialog",
            "详细信息已记录在日志文件中：\n{path}\n如果问题反复出现，请把这个文件发给我们。",
        ).format(path=path)
    )
    box.setDetailedText(
        "".join(traceback.format_exception(type(error), error, error.__traceback__))
    )
    return box


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show ``error`` modally: AppError as its plain message, anything else with details."""
    build_error_box(parent, error).exec()
