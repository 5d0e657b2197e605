"""The review panel: the current disagreement with each annotator's version, numbered, and what is left.

Everything shown comes from the project (names, labels, span text), so every label is plain
text. The panel only shows and asks; ``review_mode.ReviewMode`` decides what a key does.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.marks import QUOTE, Mark
from annotator.agreement.review import Disagreement
from annotator.gui.plain import plain_label, plain_tooltip

EXCERPT = 90  # characters of a span shown before it is cut in the middle


def excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` on one line, cut in the middle with … past ``EXCERPT`` characters."""
    words = " ".join(text[start:end].split())
    if len(words) <= EXCERPT:
        return words
    half = EXCERPT // 2 - 1
    return f"{words[:half]} … {words[-half:]}"


def describe(mark: Mark, text: str, where: tuple[int, int] | None = None) -> str:
    """One annotator's span in words: ``PERSON «Bo Lee», stance favor`` or a quote's type, speaker, cue.

    A quote's own words are left out when it covers just ``where`` (the words shown above it).
    """
    words = f" «{excerpt(text, mark.start, mark.end)}»"
    if mark.kind == QUOTE and (mark.start, mark.end) == where:
        words = ""
    parts = [f"{'quote' if mark.kind == QUOTE else mark.label}{words}"]
    if mark.kind == QUOTE:
        parts[0] += f" {mark.quote_type}" if mark.quote_type else ", no type"
        for name, where in (("speaker", mark.speaker), ("cue", mark.cue)):
            parts.append(f"{name} «{excerpt(text, *where)}»" if where else f"no {name}")
    if mark.stance:
        parts.append(f"stance {mark.stance}")
    return ", ".join(parts)


def version_lines(disagreement: Disagreement, text: str) -> list[tuple[str, str]]:
    """(annotator, their version in words) for each annotator of ``disagreement``, in its order."""
    lines = []
    for name, marks in disagreement.versions.items():
        where = (disagreement.start, disagreement.end)
        shown = "; ".join(describe(mark, text, where) for mark in marks) if marks else "(nothing here)"
        lines.append((name, shown))
    return lines


def left_text(here: int | None, everywhere: int | None, counting: tuple[int, int] | None) -> str:
    """How many disagreements are left in the document and in all (``counting``: done, total so far)."""
    parts = []
    if here is not None:
        parts.append(f"{here} disagreement{'s' * (here != 1)} left in this document")
    if everywhere is not None:
        parts.append(f"{everywhere} in all")
    elif counting is not None:
        done, total = counting
        parts.append(f"counting the rest… ({done} of {total} documents)")
    return ", ".join(parts) + "." if parts else ""


class ReviewPanel(QGroupBox):
    """Shows one disagreement at a time; its buttons do what the review keys do."""

    take = Signal(int)  # the version's number, from 1
    take_all = Signal()
    take_none = Signal()
    step = Signal(int)  # +1 next, -1 previous

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Review", parent)
        self.setObjectName("review-panel")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        self.comparing = self._label(bold=True)
        self.where = self._label()
        self.where.setObjectName("review-where")
        self.rows = QVBoxLayout()
        self.rows.setSpacing(6)
        self.message = self._label()
        self.left = self._label()
        self.left.setObjectName("review-left")
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.all_button = QPushButton("Both (B)")
        self.all_button.clicked.connect(self.take_all.emit)
        none_button = QPushButton("Neither (N)")
        none_button.clicked.connect(self.take_none.emit)
        for button in (self.all_button, none_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            buttons.addWidget(button)
        buttons.addStretch()
        for text, step, tip in (("◀", -1, "Previous disagreement (Shift+Tab)"), ("▶", 1, "Next (Tab)")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("▶") + 28)
            button.clicked.connect(lambda _checked=False, s=step: self.step.emit(s))
            buttons.addWidget(button)
        hint = self._label(
            "1–9 take that version, B both, N or 0 neither; Tab, Shift+Tab walk; Ctrl+Z undoes."
        )
        for widget in (self.comparing, self.where):
            layout.addWidget(widget)
        layout.addLayout(self.rows)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        layout.addWidget(self.left)
        layout.addWidget(hint)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(scroll)
        self.version_labels: list[QLabel] = []

    @staticmethod
    def _label(text: str = "", bold: bool = False) -> QLabel:
        label = plain_label(text)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if bold:
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
        return label

    def set_names(self, names: Sequence[str], here: Sequence[str] | None = None) -> None:
        """Say whose versions are compared, and (``here``) who of them marked this document done."""
        said = f"Comparing {', '.join(names)}" if len(names) > 1 else f"Reviewing {names[0]}"
        if here is not None and list(here) != list(names):
            said += f"; here only {', '.join(here)} marked the document done"
        self.comparing.setText(said)

    def show_disagreement(
        self, kind: str, text: str, disagreement: Disagreement, position: tuple[int, int]
    ) -> None:
        """Show ``disagreement`` of the document ``text``: where it is and each version, numbered."""
        number, count = position
        what = "Quote" if kind == QUOTE else "Entity"
        self.where.setText(
            f"{what} {number} of {count} open here: «{excerpt(text, disagreement.start, disagreement.end)}»"
        )
        self._fill(version_lines(disagreement, text))
        count = len(disagreement.versions)
        self.all_button.setText("Take (B)" if count == 1 else "Both (B)" if count == 2 else "All (B)")
        self.message.hide()
        self.buttons.show()

    def show_nothing(self, message: str) -> None:
        """No disagreement to show: say why (``message``) instead."""
        self.where.setText("")
        self._fill([])
        self.message.setText(message)
        self.message.show()
        self.buttons.hide()

    def set_left(self, text: str) -> None:
        """The counts line (see :func:`left_text`)."""
        self.left.setText(text)

    def lines(self) -> list[str]:
        """The versions as shown: ``1  ana: PERSON «Bo Lee», stance favor``."""
        return [f"{number}  {label.text()}" for number, label in enumerate(self.version_labels, 1)]

    def _fill(self, lines: list[tuple[str, str]]) -> None:
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.version_labels = []
        for number, (name, shown) in enumerate(lines, 1):
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setAlignment(Qt.AlignmentFlag.AlignTop)
            button = QPushButton(str(number) if number < 10 else "·")
            button.setEnabled(number < 10)
            button.setToolTip(plain_tooltip(f"Take {name}'s version ({number})") if number < 10 else "")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("9") + 22)
            button.clicked.connect(lambda _checked=False, n=number: self.take.emit(n))
            label = self._label(f"{name}: {shown}")
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(label, 1)
            self.rows.addWidget(row)
            self.version_labels.append(label)
