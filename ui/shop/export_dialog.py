"""File → Export …: which day (today, another day, or everything), then where to save."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.dates import to_date


class ExportDialog(QDialog):
    """`day()` after acceptance: a date, or None for everything."""

    def __init__(
        self, title: str, explanation: str, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._today = today
        self.today_choice = QRadioButton(f"Today ({today:%a %d %b %Y})")
        self.day_choice = QRadioButton("Another day:")
        self.all_choice = QRadioButton("Everything on record")
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setEnabled(False)
        group = QButtonGroup(self)
        for button in (self.today_choice, self.day_choice, self.all_choice):
            group.addButton(button)
        self.today_choice.setChecked(True)
        explanation_label = QLabel(explanation)
        explanation_label.setWordWrap(True)
        another = QHBoxLayout()
        another.addWidget(self.day_choice)
        another.addWidget(self.date_edit)
        another.addStretch(1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose file…")
        layout = QVBoxLayout(self)
        layout.addWidget(explanation_label)
        layout.addWidget(self.today_choice)
        layout.addLayout(another)
        layout.addWidget(self.all_choice)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.day_choice.toggled.connect(self.date_edit.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def day(self) -> date | None:
        if self.all_choice.isChecked():
            return None
        if self.day_choice.isChecked():
            return to_date(self.date_edit.date())
        return self._today
