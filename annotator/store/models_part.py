"""Models trained on the project's decisions, stored in the project file (issue 15)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.store.base import ProjectBase, load_json
from annotator.store.events import now, to_json


@dataclass(frozen=True)
class StoredModel:
    """A trained model as the file keeps it: spaCy's config text and bytes, and what it scored."""

    kind: str
    spacy_version: str
    config: str
    data: bytes
    scores: dict[str, Any]
    trained_at: str
    decisions: int


@dataclass(frozen=True)
class TrainingMaterial:
    """What there is to train on: documents marked done, and their accepted entities and stances."""

    documents: int
    entities: int
    stances: int


@dataclass(frozen=True)
class ModelSummary:
    """A kept model without its bytes: when it was trained, on how many decisions, what it scored."""

    kind: str
    trained_at: str
    decisions: int
    scores: dict[str, Any]


class ModelsPart(ProjectBase):
    """The project's own models, one a kind (``"entities"``, ``"stance"``)."""

    def save_model(
        self,
        kind: str,
        *,
        spacy_version: str,
        config: str,
        data: bytes,
        scores: dict[str, Any],
        decisions: int,
    ) -> None:
        """Keep a newly trained model of ``kind`` in place of the one before, in one logged change."""
        with self.transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO models (kind, spacy_version, config, data, scores, trained_at,"
                " decisions) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, spacy_version, config, data, to_json(scores), now(), decisions),
            )
            self._log(
                "model.train",
                "model",
                None,
                document_id=None,
                after={"kind": kind, "spacy_version": spacy_version, "bytes": len(data), "scores": scores},
            )

    def model(self, kind: str) -> StoredModel | None:
        """The project's model of ``kind``, if one was trained."""
        row = self.conn.execute(
            "SELECT kind, spacy_version, config, data, scores, trained_at, decisions FROM models"
            " WHERE kind = ?",
            (kind,),
        ).fetchone()
        if row is None:
            return None
        scores = load_json(row[4], "models", kind, "scores")
        return StoredModel(row[0], row[1], row[2], bytes(row[3]), scores, row[5], row[6])

    def model_summary(self, kind: str) -> ModelSummary | None:
        """The project's model of ``kind`` without reading its bytes (a Train dialog shows it)."""
        row = self.conn.execute(
            "SELECT kind, trained_at, decisions, scores FROM models WHERE kind = ?", (kind,)
        ).fetchone()
        if row is None:
            return None
        return ModelSummary(row[0], row[1], row[2], load_json(row[3], "models", kind, "scores"))

    def training_material(self) -> TrainingMaterial:
        """Documents marked done, their accepted entities and their accepted quotes with a stance.

        The counts training starts from, read in one query (the stance model keeps only quotes whose
        stance is one of the project's stance labels, so it may train on fewer).
        """
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents WHERE status = 'done'),"
            " coalesce(sum(s.kind = 'entity'), 0),"
            " coalesce(sum(s.kind = 'quote' AND s.stance IS NOT NULL), 0)"
            " FROM spans s JOIN documents d ON d.id = s.document_id"
            " WHERE d.status = 'done' AND s.status = 'accepted'"
        ).fetchone()
        return TrainingMaterial(*row)

    def model_kinds(self) -> list[str]:
        """The kinds of model the project holds."""
        return [row[0] for row in self.conn.execute("SELECT kind FROM models ORDER BY kind")]

    def forget_model(self, kind: str) -> None:
        """Remove the project's model of ``kind`` (suggestions go back to the stock pipeline)."""
        with self.transaction():
            self.conn.execute("DELETE FROM models WHERE kind = ?", (kind,))
            self._log("model.forget", "model", None, document_id=None, after={"kind": kind})
