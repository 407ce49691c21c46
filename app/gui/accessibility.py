"""Accessible names for the parts Qt builds inside our widgets.

A screen reader announces a widget by its accessible name. The pages name their own widgets
(in the UI language, again on a language switch); :func:`name_inner_parts` names what Qt adds
inside them: a combo box's drop-down list, a date field's text box, a line edit's clear button
and a table's select-all corner; and a field placed right after a caption ("报告语言：") gets that
caption as its label (its buddy), which is what screen readers read. Safe to call again.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QWidget,
)

from app.core.i18n import tr


def spoken_name(widget: QWidget) -> str:
    """The name a screen reader announces (the set name, else what Qt derives, e.g. a label)."""
    if widget.accessibleName():
        return widget.accessibleName()
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


FIELDS = (QComboBox, QLineEdit, QAbstractSpinBox, QAbstractItemView)


def label_fields(root: QWidget) -> None:
    """Make a caption ending in a colon the buddy of the unnamed field right after it."""
    for layout in root.findChildren(QBoxLayout):
        widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
        for caption, field in pairwise(widgets):
            if (
                isinstance(caption, QLabel)
                and caption.buddy() is None
                and caption.text().rstrip().endswith((":", "："))
                and isinstance(field, FIELDS)
                and not field.accessibleName()
            ):
                caption.setBuddy(field)


def name_inner_parts(root: QWidget) -> None:
    """Name the inner parts of every combo, date field, line edit and table under ``root``."""
    label_fields(root)
    for combo in root.findChildren(QComboBox):
        name = spoken_name(combo)
        if name:
            combo.view().setAccessibleName(tr(f"{name}：选项", f"{name}: choices"))
    for spin in root.findChildren(QAbstractSpinBox):
        edit = spin.findChild(QLineEdit)
        if edit is not None and spoken_name(spin):
            edit.setAccessibleName(spoken_name(spin))
    for edit in root.findChildren(QLineEdit):
        for button in edit.findChildren(QToolButton):
            if not button.text():
                button.setAccessibleName(tr("清除输入", "Clear the text"))
    for table in root.findChildren(QTableView):
        corner = table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(tr("全选", "Select all"))
