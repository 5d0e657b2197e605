"""The side panel: what the selected span is, and a legend of labels and marks."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from annotator.actions.state import DocumentState, suggested_stance
from annotator.gui.plain import plain_tooltip
from annotator.gui.style import label_colour
from annotator.gui.train_tables import local_time
from annotator.store import Span
from annotator.trained import ENTITIES, project_model_of

MAX_TEXT = 280
LINES = {"Text": 4, "Speaker": 2, "Stance": 2}  # a suggested stance says what it is in words
SUGGESTED_TIP = "Suggested by the project's stance model, with its probability: not yet a decision"
FIELDS = ("Text", "Label", "Status", "Stance", "Type", "Speaker", "Resolved name", "Cue")


def stance_text(span: Span, confirm_key: str = "", short: bool = False) -> tuple[str, bool]:
    """The Stance field for ``span``, and whether it is only suggested (then shown faintly).

    A suggested stance is a question, not a decision: ``favor? 83 %`` over ``suggested — Y confirms``
    (two short lines: the panel is narrow), or over ``suggested: press Y`` when ``short``.
    """
    if span.stance:
        return span.stance, False
    guess = suggested_stance(span)
    if guess is None:
        return "—", False
    label, p = guess
    odds = f" {round(p * 100)} %" if p is not None else ""
    how = f"suggested — {confirm_key} confirms" if confirm_key else "suggested"
    if short and confirm_key:
        how = f"suggested: press {confirm_key}"
    return f"{label}?{odds}\n{how}", True


def speaker_tip(span: Span) -> str:
    """Why a suggested quote's speaker is shown faintly, with how often such a quote and speaker are right."""
    confidence = span.attributes.get("confidence")
    sure = (
        f" Quotes suggested this surely are right, speaker included, {confidence:.0%} of the time."
        if isinstance(confidence, float)
        else ""
    )
    return f"Suggested with the quote, not yet a decision: deciding the quote keeps this speaker.{sure}"


def source_text(span: Span) -> str:
    """What suggested ``span``, for the Status field's tooltip; "" for a span no model suggested."""
    if span.origin != "model" or not span.model:
        return ""
    project_model = project_model_of(span.model)
    if project_model is None:
        return f"Suggested by the pipeline {span.model}"
    kind, trained_at = project_model
    name = "entity" if kind == ENTITIES else kind
    return f"Suggested by the project's {name} model, trained {local_time(trained_at)}"


def _excerpt(state: DocumentState, span: Span | None) -> str:
    if span is None:
        return "—"
    text = " ".join(state.text[span.start : span.end].split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _wrapped_lines(label: QLabel, text: str) -> int:
    """How many lines ``text`` takes when ``label`` wraps it at its width."""
    metrics = label.fontMetrics()
    box = metrics.boundingRect(QRect(0, 0, label.width(), 100_000), Qt.TextFlag.TextWordWrap, text)
    return round(box.height() / metrics.lineSpacing())


class Inspector(QGroupBox):
    """Read-only facts about the selected span, kept in step with the store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected span", parent)
        # The key that confirms a suggested stance, named in the Stance field (the window sets it).
        self.confirm_key = "Y"
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values: dict[str, QLabel] = {}
        line = self.fontMetrics().lineSpacing()
        for name in FIELDS:
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)  # span text, labels and names are the project's
            value.setText("—")
            lines = LINES.get(name, 1)
            value.setWordWrap(lines > 1)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            # A fixed size: a longer text must not reflow the panel on every keypress.
            value.setFixedHeight(line * lines + 2)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(name, value)
            self.values[name] = value
        self.values["Text"].setObjectName("inspector-text")
        self.values["Stance"].setObjectName("inspector-stance")

    def show_span(self, state: DocumentState | None, span: Span | None) -> None:
        """Fill the fields for ``span`` (blank them for None)."""
        if state is None or span is None:
            for value in self.values.values():
                value.setText("—")
            self._show_faint("Stance", False)
            self.values["Status"].setToolTip("")
            self.values["Text"].setText("Nothing selected. Click a span, or press Tab to move on.")
            return
        is_quote = span.kind == "quote"
        speaker = state.speaker(span) if is_quote else None
        cue = state.cue(span) if is_quote else None
        stance, suggested = stance_text(span, self.confirm_key)
        field = self.values["Stance"]
        if suggested and field.fontMetrics().horizontalAdvance(stance.split("\n")[-1]) > field.width():
            stance = stance_text(span, self.confirm_key, short=True)[0]  # a narrow panel: the short form
        shown = {
            "Text": _excerpt(state, span),
            "Label": span.label if span.kind == "entity" or span.label != span.kind.upper() else span.kind,
            "Status": f"{span.status} ({span.origin})",
            "Stance": stance,
            "Type": span.attributes.get("type", "—") if is_quote else "—",
            "Speaker": _excerpt(state, speaker) if is_quote else "—",
            "Resolved name": span.attributes.get("speaker_name") or "—" if is_quote else "—",
            "Cue": _excerpt(state, cue) if is_quote else "—",
        }
        for name, text in shown.items():
            self.values[name].setText(self._fitted(name, str(text)))
        source = source_text(span)
        self.values["Status"].setToolTip(plain_tooltip(source) if source else "")
        self._show_faint("Stance", suggested)
        guessed = is_quote and span.status == "suggested" and bool(span.attributes.get("speaker_name"))
        for name in ("Speaker", "Resolved name"):
            self._show_faint(name, guessed, speaker_tip(span) if guessed else "")

    def is_faint(self, name: str) -> bool:
        """Whether field ``name`` shows a suggestion (greyed and in italics) rather than a decision."""
        return self.values[name].foregroundRole() == QPalette.ColorRole.PlaceholderText

    def _show_faint(self, name: str, faint: bool, tip: str = SUGGESTED_TIP) -> None:
        label = self.values[name]
        roles = QPalette.ColorRole
        label.setForegroundRole(roles.PlaceholderText if faint else roles.WindowText)
        font = label.font()
        font.setItalic(faint)
        label.setFont(font)
        label.setToolTip(tip if faint else "")

    def _fitted(self, name: str, text: str) -> str:
        """A wrapped field's ``text`` cut with an ellipsis where its lines end, wrapped as the label wraps."""
        label, right = self.values[name], Qt.TextElideMode.ElideRight
        width, lines = label.width(), LINES.get(name, 0)
        if "\n" in text and width > 0:  # lines of their own: each cut to the width
            return "\n".join(label.fontMetrics().elidedText(line, right, width) for line in text.split("\n"))
        if width <= 0 or not lines or _wrapped_lines(label, text) <= lines:
            return text
        short, long = 0, len(text)  # the longest start that, with "…", still wraps into the lines
        while short < long:
            middle = (short + long + 1) // 2
            if _wrapped_lines(label, text[:middle].rstrip() + "…") <= lines:
                short = middle
            else:
                long = middle - 1
        return text[:short].rstrip() + "…"


class LabelChip(QLabel):
    """One label of the legend in its colour; a click gives it to the selected text or entity."""

    clicked = Signal(str)

    def __init__(self, name: str, key: str, colour: str) -> None:
        """``colour`` must be checked already (``style.safe_colour``): it goes into a style sheet."""
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(f"{key} {name}" if key else name)
        self.name = name
        self.setObjectName(f"legend-{name}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the article keeps the focus and its selection
        shortcut = f" (key {key})" if key else " (or press L and type it)"
        self.setToolTip(plain_tooltip(f"Click: label the selected text or entity {name}{shortcut}"))
        self.setStyleSheet(
            f"QLabel {{ background:{colour}; color:#111; border-radius:3px; padding:1px 4px;"
            " border:1px solid transparent; }"
            " QLabel:hover { border:1px solid #333; }"
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.name)
        super().mouseReleaseEvent(event)


class Legend(QGroupBox):
    """Label colours with their keys (click one to use it), and what the marks mean."""

    label_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Legend", parent)
        self.setToolTip("Click a label to give it to the selected text or entity")
        self.layout_ = QVBoxLayout(self)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.layout_.addLayout(self.grid)
        marks = QLabel(
            "Filled: accepted · faint, dashed: suggested · <s>struck</s>: rejected<br>"
            "Quotes: bar and underline, "
            "<span style='color:#1f77b4'>▍direct</span> "
            "<span style='color:#d9822b'>▍indirect</span> "
            "<span style='color:#8e44ad'>▍mixed</span><br>"
            "Speaker: boxed · cue: underlined"
        )
        marks.setWordWrap(True)
        self.layout_.addWidget(marks)

    def set_labels(self, entity_labels: list[dict[str, str]]) -> None:
        """Show each label's colour, the first nine with their number key; each can be clicked."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item and item.widget():
                item.widget().deleteLater()
        for i, item in enumerate(entity_labels):
            chip = LabelChip(item["name"], str(i + 1) if i < 9 else "", label_colour(item))
            chip.clicked.connect(self.label_clicked)
            self.grid.addWidget(chip, i // 2, i % 2)

    def chips(self) -> list[LabelChip]:
        """The labels shown, in the project's order."""
        found = (self.grid.itemAt(i).widget() for i in range(self.grid.count()))
        return [chip for chip in found if isinstance(chip, LabelChip)]
