"""File ▸ Export's dialog: the format, where to, which documents and spans, and whether tokens go in."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.gui.modal import give_back
from annotator.gui.plain import ask, warn

if TYPE_CHECKING:
    from annotator.exporting.options import ExportOptions, Format

JSONL = "Prodigy JSONL (.jsonl)"
DOCBIN = "spaCy DocBin (.spacy)"
DOCBIN_FOLDER = "spaCy DocBin folder (large projects)"
QUOTES_CSV = "Quotes table (.csv)"
FORMATS = (JSONL, DOCBIN, DOCBIN_FOLDER, QUOTES_CSV)
SUFFIXES = {JSONL: ".jsonl", DOCBIN: ".spacy", QUOTES_CSV: ".csv"}
OPTION_FORMATS: dict[str, Format] = {
    JSONL: "jsonl",
    DOCBIN: "spacy",
    DOCBIN_FOLDER: "spacy",
    QUOTES_CSV: "quotes-csv",
}
FOLDER_SUFFIX = "-spacy"
EXPORT_SUFFIX = "-export"


def named(stem: Path, format_name: str) -> Path:
    """``stem`` (a path, no suffix) as the format names it: ``.jsonl``, ``.spacy``, ``.csv`` or a folder."""
    if format_name == DOCBIN_FOLDER:
        return stem.with_name(stem.name + FOLDER_SUFFIX)
    return stem.with_name(stem.name + SUFFIXES[format_name])


def taken(target: Path, format_name: str) -> bool:
    """Whether an export to ``target``, split or not, would replace something that exists."""
    if format_name == DOCBIN_FOLDER:
        parts = [target / "train", target / "dev"]
    else:
        parts = [target.with_name(f"{target.stem}.{part}{target.suffix}") for part in ("train", "dev")]
    return any(path.exists() for path in (target, *parts))


def free_target(stem: Path, format_name: str) -> Path:
    """``stem`` named for the format, or with ``-2``, ``-3``... added: the first that replaces nothing."""
    target, number = named(stem, format_name), 1
    while taken(target, format_name):
        number += 1
        target = named(stem.with_name(f"{stem.name}-{number}"), format_name)
    return target


def default_target(project: Path, format_name: str) -> Path:
    """``news.annotator`` -> ``news-export.jsonl``, ``news-export.spacy`` or the folder ``news-export-spacy``.

    Never the name of something that exists (``-2``, ``-3``... are added): the
    project's folder often holds the file it was imported from, ``news.jsonl``.
    """
    return free_target(project.with_name(project.stem + EXPORT_SUFFIX), format_name)


class ExportDialog(QDialog):
    """Where to, in which format, and which documents and spans.

    ``counts`` holds the project's number of documents per status. "Only documents
    marked done" starts ticked once any document is done: a document not done holds
    only the spans decided so far, and would teach a model that the rest of its text
    has no entities.
    """

    def __init__(self, project: Path, counts: Mapping[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.counts = counts
        self.setWindowTitle("Export")
        form = QFormLayout(self)
        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.format.setToolTip(
            "A DocBin folder holds numbered .spacy files of 500 documents each: spacy train reads the "
            "folder as one corpus, and exporting it needs little memory however big the project. The "
            "quotes table has a row per quote (speaker, cue, stance) for a spreadsheet, pandas or R."
        )
        self.path = QLineEdit(str(default_target(project, JSONL)))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        self.done_only = QCheckBox("Only documents marked done")
        self.done_only.setChecked(counts.get("done", 0) > 0)
        self.written = QLabel()
        self.written.setWordWrap(True)
        self.include_all = QCheckBox("Also suggested and rejected spans (with their status)")
        self.tokens = QCheckBox("Include Prodigy's token list")
        self.tokens.setChecked(True)
        self.tokens.setToolTip(
            "Each line gets its tokens, and each span and link its token indexes. Without them the file "
            "is about a tenth of the size and written many times faster; Prodigy tokenises such lines "
            "itself."
        )
        self.split = QDoubleSpinBox()
        self.split.setRange(0.0, 0.9)
        self.split.setSingleStep(0.05)
        self.split.setSpecialValueText("no split")
        self.split.setToolTip("Share of documents written to a separate dev file (or dev folder)")
        form.addRow("Format", self.format)
        self.path_label = QLabel("File")
        form.addRow(self.path_label, row)
        form.addRow("", self.done_only)
        form.addRow("", self.written)
        form.addRow("", self.include_all)
        form.addRow("", self.tokens)
        form.addRow("Dev share", self.split)
        self.format.currentTextChanged.connect(self._format_chosen)
        self.done_only.toggled.connect(self._say_written)
        self._say_written()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)
        self.form = form
        self.resize(600, self.sizeHint().height())

    def _format_chosen(self, name: str) -> None:
        current = Path(self.path.text())
        stem = current.stem if current.suffix in SUFFIXES.values() else current.name
        self.path.setText(str(free_target(current.with_name(stem.removesuffix(FOLDER_SUFFIX)), name)))
        self.form.setRowVisible(self.tokens, name == JSONL)
        self.form.setRowVisible(self.split, name != QUOTES_CSV)
        self._say_written()
        self.layout().activate()
        self.resize(self.width(), self.sizeHint().height())
        self.path_label.setText("Folder" if name == DOCBIN_FOLDER else "File")

    def _say_written(self) -> None:
        """Say how many documents the export will write, and how many of them are not done."""
        done = self.counts.get("done", 0)
        if self.done_only.isChecked():
            self.written.setText(
                f"{_documents(done)} marked done will be written."
                if done
                else "No document is marked done yet."
            )
            return
        skipped = self.counts.get("skipped", 0) if OPTION_FORMATS[self.format.currentText()] == "spacy" else 0
        written = sum(self.counts.values()) - skipped
        text = f"{_documents(written)} will be written"
        if skipped:
            text += f" (the {skipped} skipped left out)"
        if written > done:
            text += (
                f", {written - done} of them not marked done: they hold only the spans decided so far, "
                "and would teach a model that the rest of their text has no entities"
            )
        self.written.setText(text + ".")

    def _browse(self) -> None:
        # OK asks before replacing anything (the split parts too), so the file dialog does not ask first.
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export to", self.path.text(), options=QFileDialog.Option.DontConfirmOverwrite
        )
        give_back(self)
        if chosen:
            self.path.setText(chosen)

    def accept(self) -> None:
        """Close with OK, unless the export would replace files or folders the user does not want replaced."""
        from annotator.exporting import replaced_by

        try:
            existing = replaced_by(self.target(), self.options())
        except ValueError as error:  # options that do not fit together
            warn(self, "Export", str(error))
            return
        if existing and not confirm_replace(self, existing):
            return
        super().accept()

    def target(self) -> Path:
        """The file or folder to export to."""
        return Path(self.path.text()).expanduser()

    def options(self) -> ExportOptions:
        """What the export writes: the format (a DocBin file or folder is told by its target) and choices."""
        from annotator.exporting.options import ExportOptions  # the export package, only once it is used

        name = self.format.currentText()
        share = self.split.value() if name != QUOTES_CSV else 0
        return ExportOptions(
            format=OPTION_FORMATS[name],
            include_all=self.include_all.isChecked(),
            done_only=self.done_only.isChecked(),
            split=share if share > 0 else None,
            tokens=self.tokens.isChecked() or name != JSONL,
        )


def _documents(count: int) -> str:
    return f"{count:,} document{'s' * (count != 1)}"


def confirm_replace(parent: QWidget, paths: list[Path]) -> bool:
    """Ask whether to replace ``paths`` (files, or folders of shards); No is the default."""
    names = "\n".join(f"  {path}" + "/" * path.is_dir() for path in paths)
    these = "This exists" if len(paths) == 1 else "These exist"
    them = "it" if len(paths) == 1 else "them"
    return ask(parent, "Replace?", f"{these} already:\n{names}\n\nThe export would replace {them}. Replace?")
