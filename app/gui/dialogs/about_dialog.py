"""关于评论透镜: what the app is, and the licences of what it bundles.

The font (Noto Sans SC, SIL Open Font License 1.1, text from ``resources/fonts/OFL.txt``), Qt and
PySide6 (LGPL-3.0, with Qt's own 关于 Qt box) and the bundled Python libraries' notices
(:func:`app.gui.licences.notices_text`).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import tr
from app.gui.licences import notices_text
from app.paths import resource_path

FONT_LICENCE = ("fonts", "OFL.txt")


def font_licence_text() -> str:
    """The bundled font's licence (empty if the file is missing)."""
    try:
        return resource_path(*FONT_LICENCE).read_text(encoding="utf-8")
    except OSError:
        return ""


def licences_html() -> str:
    """The licence section of the dialog as simple HTML."""
    parts = [
        f"<h3>{html.escape(tr('字体', 'Font'))}</h3>",
        "<p>Noto Sans SC — SIL Open Font License 1.1 (OFL-1.1)</p>",
        f"<h3>{html.escape(tr('界面库', 'User interface toolkit'))}</h3>",
        "<p>Qt 6 / PySide6 / Shiboken6 — GNU Lesser General Public License v3 (LGPL-3.0). "
        + html.escape(
            tr(
                "这些库以独立的动态库随应用提供，可以替换为自己编译的版本。",
                "They ship as separate shared libraries that you may replace with your own build.",
            )
        )
        + "</p>",
        f"<h3>{html.escape(tr('随附的 Python 库', 'Bundled Python libraries'))}</h3>",
        "<pre>" + html.escape(notices_text()) + "</pre>",
    ]
    ofl = font_licence_text()
    if ofl:
        title = tr("Noto Sans SC 字体许可证全文", "Noto Sans SC licence, full text")
        parts += [f"<h3>{html.escape(title)}</h3>", "<pre>" + html.escape(ofl) + "</pre>"]
    return "".join(parts)


class AboutDialog(QDialog):
    """The about text, the licences below it, 关于 Qt and 关闭."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 560)
        self.text = QLabel(text, wordWrap=True)
        self.licences_title = QLabel(tr("许可证", "Licences"), objectName="sectionTitle")
        self.licences = QTextBrowser()
        self.licences.setOpenLinks(False)
        self.licences.setHtml(licences_html())
        self.licences.setAccessibleName(tr("许可证", "Licences"))
        self.about_qt = QPushButton(tr("关于 Qt", "About Qt"))
        self.about_qt.clicked.connect(lambda: QMessageBox.aboutQt(self))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.about_qt, QDialogButtonBox.ButtonRole.HelpRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.licences_title)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
