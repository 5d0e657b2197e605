"""The project file: documents, spans, relations, settings and the event log."""

from __future__ import annotations

import json
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.paths import default_annotator, default_project_path
from annotator.store.base import DamagedRow, StoreError, load_json
from annotator.store.bulk import SuggestionWriter
from annotator.store.connection import connect, use_wal
from annotator.store.documents import DocumentsPart
from annotator.store.events import to_json
from annotator.store.layers import LayersPart
from annotator.store.models_part import ModelsPart
from annotator.store.overview_reads import OverviewReadsPart
from annotator.store.reads import ReadsPart
from annotator.store.relations import RelationsPart
from annotator.store.schema import SCHEMA_VERSION, check_project, migrate, refuse_upgrade, schema_version
from annotator.store.settings import DEFAULTS
from annotator.store.window_reads import WindowReadsPart
from annotator.vocabulary import SPAN_KINDS, SPAN_STATUSES

if TYPE_CHECKING:
    import sqlite_utils


class Project(
    DocumentsPart, RelationsPart, ReadsPart, WindowReadsPart, OverviewReadsPart, LayersPart, ModelsPart
):
    """An open project file. Every public method that writes is one transaction.

    Its parts: documents (:class:`DocumentsPart`), spans (``SpansPart``) and the
    links between them (:class:`RelationsPart`), all on the connection,
    transactions and event log of ``ProjectBase``. Here: opening and closing the
    file, settings and stats.
    """

    def __init__(
        self, path: Path | str, *, annotator: str | None = None, read_only: bool = False, session: str = ""
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        # Where the file was copied before this opening upgraded its schema (None: no upgrade).
        self.backup: Path | None = None
        self.conn = connect(self.path, read_only=read_only)
        self.conn.session = session
        try:
            self._check_and_migrate()
        except BaseException:
            self.conn.close()
            raise
        # An assigned file's changes are its owner's, whoever's login opens it.
        self.annotator = annotator or self.owner or default_annotator()

    def _check_and_migrate(self) -> None:
        """Refuse a file that is not a project this version opens, untouched; then bring it up to date.

        Nothing is written before the file is known to be a project: not even WAL,
        which lives in the file's header. Read-only, a project that would need an
        upgrade is refused too. Another program may create or migrate the file at the
        same moment: :func:`migrate` reads the version again under the write lock.
        """
        found = check_project(self.conn, self.path)
        if self.read_only:
            if found != SCHEMA_VERSION:
                raise refuse_upgrade(self.path, found)
            return
        use_wal(self.conn)
        try:
            self.backup = migrate(self.conn, self.path)
        except sqlite3.OperationalError:
            if self.conn.in_transaction or schema_version(self.conn) != SCHEMA_VERSION:
                raise

    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        annotator: str | None = None,
        read_only: bool = False,
        session: str = "",
    ) -> Project:
        """Open (creating if needed) the project at ``path``, or the default one.

        ``read_only``: for commands that only read (stats, export). Nothing is
        created and nothing written: a missing file is a :class:`StoreError`, and a
        project of an earlier schema is refused (:class:`SchemaError`) rather than
        upgraded; every write through it fails. ``session``: whose writes these are
        (``annotator.store.new_session``; see :meth:`others_logged_since`).
        """
        target = Path(path) if path is not None else default_project_path()
        if read_only:
            if not target.is_file():
                raise StoreError(f"there is no project at {target}")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
        return cls(target, annotator=annotator, read_only=read_only, session=session)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils' view of the file, for ad-hoc queries (imported on first use: it pulls in numpy)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def suggestion_writer(self, document_id: int, model: str, annotator: str) -> SuggestionWriter:
        """A fast writer for one document's new model suggestions (inside :meth:`transaction`)."""
        return SuggestionWriter(self.conn, document_id, model, annotator)

    def close(self) -> None:
        """Close the file; WAL content is checkpointed by SQLite."""
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def settings(self) -> dict[str, Any]:
        """All settings; defaults for those never set, and for damaged ones (:meth:`settings_problems`)."""
        return self._read_settings()[0]

    def settings_problems(self) -> list[str]:
        """What is wrong with the stored settings :meth:`settings` replaced by defaults, one line each."""
        return self._read_settings()[1]

    def _read_settings(self) -> tuple[dict[str, Any], list[str]]:
        stored: dict[str, Any] = {}
        problems: list[str] = []
        for key, raw in self.conn.execute("SELECT key, value FROM settings"):
            try:
                stored[key] = _decode_setting(key, raw)
            except DamagedRow as error:
                problems.append(f"{error}; the default is used until the setting is changed")
        return {**DEFAULTS, **stored}, problems

    def setting(self, key: str) -> Any:
        """One setting's value (its default if never set, or if what is stored is damaged)."""
        return self._setting(key)[0]

    def _setting(self, key: str) -> tuple[Any, bool]:
        """One setting's value, and whether the stored one was damaged (and the default given instead)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if key not in DEFAULTS:
            if row is None:
                raise StoreError(f"there is no setting {key!r}")
            return load_json(row[0], "settings", key, "value", want=None), False
        if row is None:
            return DEFAULTS[key], False
        try:
            return _decode_setting(key, row[0]), False
        except DamagedRow:
            return DEFAULTS[key], True

    def set_setting(self, key: str, value: Any) -> None:
        """Change one project setting (logged like every other change)."""
        if key not in DEFAULTS:
            raise StoreError(f"there is no setting {key!r}; known: {', '.join(DEFAULTS)}")
        wrong = _setting_problem(key, json.loads(to_json(value)))
        if wrong:
            raise StoreError(f"the setting {key!r} cannot be {value!r}: it {wrong}")
        with self.transaction():
            before, damaged = self._setting(key)
            if before == value and not damaged:
                return
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, to_json(value)),
            )
            self._log(
                "settings.set", "settings", None, document_id=None, before={key: before}, after={key: value}
            )

    def stats(self) -> dict[str, Any]:
        """Counts a user asks about: documents by status, spans by kind and status."""
        documents = self.count_by_status()
        spans: dict[str, dict[str, int]] = {kind: dict.fromkeys(SPAN_STATUSES, 0) for kind in SPAN_KINDS}
        labels: dict[str, int] = {}
        # One pass over the spans_counts index gives both the kind/status counts and the labels.
        for kind, status, label, count in self.conn.execute(
            "SELECT kind, status, label, count(*) FROM spans GROUP BY kind, status, label"
        ):
            spans[kind][status] += count
            if kind == "entity" and status == "accepted":
                labels[label] = count
        labels = dict(sorted(labels.items(), key=lambda item: -item[1]))
        stances = dict(
            self.conn.execute("SELECT stance, count(*) FROM spans WHERE stance IS NOT NULL GROUP BY stance")
        )
        return {
            "project": str(self.path),
            "documents": {"total": sum(documents.values()), **documents},
            "spans": spans,
            "accepted_entity_labels": labels,
            "stances": stances,
            "relations": int(self.conn.execute("SELECT count(*) FROM relations").fetchone()[0]),
            "events": int(self.conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0),
        }


def _decode_setting(key: str, raw: Any) -> Any:
    """The stored setting ``key`` decoded and of the kind its default is, or :class:`DamagedRow`."""
    value = load_json(raw, "settings", key, "value", want=None)
    wrong = _setting_problem(key, value)
    if wrong:
        raise DamagedRow("settings", key, "value", wrong)
    return value


def _setting_problem(key: str, value: Any) -> str | None:
    """What is wrong with ``value`` for the setting ``key`` (its default's kind), or None."""
    if key == "entity_labels":
        good = isinstance(value, list) and all(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and isinstance(item.get("colour", ""), str)
            for item in value
        )
        return None if good else "is not a list of labels, each with a name and a colour"
    if key in ("suggest_labels", "stance_labels"):
        good = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if good else "is not a list of names"
    if key == "topic":
        return None if isinstance(value, str) else "is not a text"
    if key == "require_stance":
        return None if isinstance(value, bool) else "is not true or false"
    if key == "pipeline":
        return None if value is None or isinstance(value, str) else "is not a pipeline name"
    if key == "retrain_every":
        good = isinstance(value, int) and not isinstance(value, bool) and value >= 0
        return None if good else "is not a count of 0 or more"
    return None
