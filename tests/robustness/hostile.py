"""A corpus of malformed and hostile import files, generated in a test's temp dir (nothing big is committed).

Each case is a file name, its bytes, the words its problem must contain, the line
it must name (None for a whole-file problem), the severity, and how many
documents must still come out of it.
"""

from __future__ import annotations

import codecs
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.importing.records import MAX_DOCUMENT_CHARS

TEXT = "Mayor Ana Ruiz said the harbour will reopen."
GOOD_LINE = {"text": "A good line that must be imported.", "meta": {"n": 1}}


@dataclass(frozen=True)
class Hostile:
    """One hostile file and what importing it must say."""

    name: str
    data: bytes
    reason: str
    line: int | None = None
    severity: str = "error"
    imported: int = 0
    # The file is a symbolic link to this path, relative to its folder (``data``, if any, written there).
    link_to: str | None = None
    fifo: bool = False

    @property
    def in_folder(self) -> bool:
        """Whether the case is about what a folder import reads (a link named on its own is followed)."""
        return self.link_to is not None or self.fifo

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if self.link_to is not None:
            if self.data:
                (folder / self.link_to).write_bytes(self.data)
            path.symlink_to(self.link_to)
        elif self.fifo:
            os.mkfifo(path)
        else:
            path.write_bytes(self.data)
        return path


def _jsonl(*lines: Any) -> bytes:
    """Lines as JSON (strings kept raw), each bad line followed by a good one is the caller's choice."""
    encoded = [line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines]
    return ("\n".join(encoded) + "\n").encode("utf-8")


def _span_line(**span: Any) -> dict[str, Any]:
    return {"text": TEXT, "spans": [{"label": "PERSON", **span}]}


def _bad_span(name: str, reason: str, **span: Any) -> Hostile:
    """A line whose one span is refused: the document still comes in, the span does not."""
    return Hostile(name, _jsonl(GOOD_LINE, _span_line(**span)), reason, line=2, imported=2)


def _bad_line(name: str, line: Any, reason: str, severity: str = "error", kept: bool = False) -> Hostile:
    """A bad second line between two good ones; ``kept``: its document is imported all the same."""
    good_too = {"text": "Another good line, the third.", "meta": {}}
    return Hostile(name, _jsonl(GOOD_LINE, line, good_too), reason, 2, severity, 2 + kept)


def _deep(levels: int) -> dict[str, Any]:
    value: Any = "bottom"
    for _ in range(levels):
        value = {"down": value}
    return value


CASES: list[Hostile] = [
    # ---------------------------------------------------------------- plain text
    Hostile("empty.txt", b"", "the file is empty"),
    Hostile("whitespace.txt", b"  \n\t\r\n   \f\n", "empty or only whitespace"),
    Hostile("nul.txt", b"Some text\x00with a NUL byte", "NUL bytes"),
    Hostile("png-as.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "NUL bytes"),
    Hostile("utf16-no-bom.txt", TEXT.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
    Hostile("utf16-be-no-bom.txt", TEXT.encode("utf-16-be"), "UTF-16 without a byte-order mark"),
    Hostile("utf16-bom.txt", TEXT.encode("utf-16"), "", imported=1),
    Hostile("utf16-be-bom.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "", imported=1),
    Hostile("utf32-bom.txt", TEXT.encode("utf-32"), "", imported=1),
    Hostile("utf8-bom.txt", codecs.BOM_UTF8 + TEXT.encode(), "", imported=1),
    Hostile(
        "utf16-bom-odd.txt", codecs.BOM_UTF16_LE + b"A\x00B", "not valid UTF-16 despite its byte-order mark"
    ),
    Hostile("invalid-utf8.txt", b"Caf\xc3 \x81\x8d\x8f\x90\x9d", "not valid UTF-8 (byte 0xC3 at byte 3)"),
    Hostile(
        "latin1.txt",
        "Le café de Zoë à Noël.".encode("cp1252"),
        "read as Windows-1252",
        severity="warning",
        imported=1,
    ),
    Hostile("gbk.txt", "北京市政府今天宣布新的交通计划。".encode("gbk"), "not plausibly Windows-1252"),
    Hostile("control-chars.txt", b"\xff" + bytes(range(1, 9)) * 20, "too many control characters"),
    Hostile(
        "page.txt",
        b"<!DOCTYPE html>\n<html><head><title>News</title></head><body><p>Text.</p></body></html>\n",
        "looks like HTML",
        severity="warning",
        imported=1,
    ),
    Hostile("cr-only.txt", b"First line.\rSecond line.\r", "", imported=1),
    Hostile("lone-bom.txt", codecs.BOM_UTF8, "empty or only whitespace"),
    # ---------------------------------------------------------------- JSON Lines
    _bad_line("not-json.jsonl", "this is not JSON", "invalid JSON"),
    _bad_line("truncated.jsonl", '{"text": "cut off in the mid', "invalid JSON"),
    _bad_line("array-line.jsonl", [1, 2, 3], "expected a JSON object, got a list"),
    _bad_line("string-line.jsonl", '"just a string"', "expected a JSON object, got a string"),
    _bad_line("no-text.jsonl", {"content": TEXT}, 'no "text" field'),
    _bad_line("text-number.jsonl", {"text": 42}, '"text" must be a string, not a number'),
    _bad_line("text-null.jsonl", {"text": None}, '"text" must be a string, not null'),
    _bad_line("text-object.jsonl", {"text": {"body": TEXT}}, '"text" must be a string, not an object'),
    _bad_line("text-whitespace.jsonl", {"text": " \n\t "}, "empty or only whitespace"),
    _bad_line("text-nul.jsonl", {"text": "a\u0000b"}, "NUL character"),
    _bad_line("lone-surrogate.jsonl", '{"text": "half an emoji \\ud83d here"}', "unpaired surrogate"),
    _bad_line("deep-json.jsonl", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    _bad_line("deep-meta.jsonl", {"text": TEXT, "meta": _deep(40)}, "nests more than", "warning", True),
    _bad_line("meta-list.jsonl", {"text": TEXT, "meta": [1, 2]}, '"meta" must be an object', "warning", True),
    _bad_line("spans-string.jsonl", {"text": TEXT, "spans": "PERSON"}, '"spans" must be a list', kept=True),
    _bad_line("span-number.jsonl", {"text": TEXT, "spans": [7]}, "span 1: expected an object", kept=True),
    _bad_line("bad-answer.jsonl", {"text": TEXT, "answer": "maybe"}, "unknown answer", kept=True),
    _bad_line("html.jsonl", {"text": "<html><body>Hi</body></html>"}, "looks like HTML", "warning", True),
    _bad_line(
        "relation-label.jsonl",
        {
            "text": TEXT,
            "spans": [{"start": 0, "end": 5, "label": "QUOTE"}, {"start": 6, "end": 14, "label": "PERSON"}],
            "relations": [
                {
                    "head_span": {"start": 0, "end": 5, "label": "QUOTE"},
                    "child_span": {"start": 6, "end": 14, "label": "PERSON"},
                    "label": "LIKES",
                }
            ],
        },
        "neither SPEAKER nor CUE",
        kept=True,
    ),
    _bad_line(
        "relation-number.jsonl", {"text": TEXT, "relations": [3]}, "relation 1: expected an object", kept=True
    ),
    Hostile(
        "invalid-utf8-bytes.jsonl",
        json.dumps(GOOD_LINE).encode() + b'\n{"text": "caf\xe9"}\n',
        "not valid UTF-8 (byte 0xE9",
        line=2,
        imported=1,
    ),
    Hostile(
        "pretty.jsonl",
        json.dumps(GOOD_LINE, indent=2).encode(),
        "not JSON Lines: write one object per line",
        1,
    ),
    Hostile("utf16-bom.jsonl", _jsonl(GOOD_LINE).decode().encode("utf-16"), "", imported=1),
    Hostile(
        "utf16-no-bom.jsonl", _jsonl(GOOD_LINE).decode().encode("utf-16-le"), "UTF-16 without a byte-order"
    ),
    _bad_span("span-negative.jsonl", "negative offset -3-4", start=-3, end=4),
    _bad_span("span-reversed.jsonl", "reversed offsets 9-2", start=9, end=2),
    _bad_span("span-empty.jsonl", "empty span 5-5", start=5, end=5),
    _bad_span("span-out-of-range.jsonl", "lies outside the text (length 44)", start=40, end=4000),
    _bad_span("span-float.jsonl", "offsets must be whole numbers", start=1.5, end=4),
    _bad_span("span-bool.jsonl", "offsets must be whole numbers", start=True, end=4),
    _bad_span("span-string.jsonl", "offsets must be whole numbers", start="6", end="14"),
    _bad_span("span-huge.jsonl", "lies outside the text", start=6, end=10**30),
    _bad_span("span-no-label.jsonl", "has no label", start=6, end=14, label=None),
    _bad_span("span-text-differs.jsonl", "differs from the document's", start=6, end=14, text="Bob"),
    _bad_span("span-kind.jsonl", "unknown kind 'villain'", start=6, end=14, kind="villain"),
    _bad_span("span-status.jsonl", "unknown status 'maybe'", start=6, end=14, status="maybe"),
    _bad_span("span-attributes.jsonl", "attributes must be an object", start=6, end=14, attributes=[1]),
    _bad_span("span-stance.jsonl", "stance must be a string", start=6, end=14, stance=3),
    # ---------------------------------------------------------------- CSV
    Hostile("no-text-column.csv", b"title,body\nA,B\n", 'no "text" column (columns: title, body)', 1),
    Hostile("csv-nul.csv", b"text\nfine\x00\n", "NUL bytes"),
    Hostile("csv-utf16-bom.csv", "text,title\nHello there,Hi\n".encode("utf-16"), "", imported=1),
    Hostile(
        "csv-empty-text.csv", b"text,title\n  ,A\nReal text,B\n", "empty or only whitespace", 2, imported=1
    ),
    Hostile(
        "csv-short-row.csv", b"title,text\nOnly a title\nT,Real text\n", "fields and no text", 2, imported=1
    ),
    Hostile("csv-extra-fields.csv", b"text\nOne,two,three\n", "the extra ones are dropped", 2, "warning", 1),
    # ---------------------------------------------------------------- issue 13: one largest document
    Hostile("too-long.txt", b"x" * (MAX_DOCUMENT_CHARS + 1), "1,000,001 characters long: more than the"),
    _bad_line("too-long.jsonl", {"text": "x" * (MAX_DOCUMENT_CHARS + 1)}, "1,000,001 characters long"),
    Hostile(
        "too-long-utf16.jsonl",
        _jsonl(GOOD_LINE, {"text": "x" * (MAX_DOCUMENT_CHARS + 1)}).decode().encode("utf-16"),
        "1,000,001 characters long",
        2,
        imported=1,
    ),
    Hostile(
        "too-long.csv",
        b"text\nFine.\n" + b"x" * (MAX_DOCUMENT_CHARS + 1) + b"\nFine too.\n",
        "1,000,001 characters long",
        3,
        imported=2,
    ),
    # ---------------------------------------------------------------- issue 13: JSON Python will not read
    _bad_line("big-int.jsonl", '{"text": "x", "n": ' + "7" * 5000 + "}", "a number of 5000 digits"),
    _bad_line("nan-meta.jsonl", '{"text": "NaN in meta.", "meta": {"p": NaN}}', "is NaN", "warning", True),
    _bad_line("huge-float.jsonl", '{"text": "A huge float.", "x": 1e999}', "is 1e999", "warning", True),
    _bad_line("surrogate-key.jsonl", '{"text": "x", "\\udfff": 1}', "holds an unpaired surrogate"),
    Hostile(
        "bom-mid-file.jsonl",
        _jsonl(GOOD_LINE) + codecs.BOM_UTF8 + _jsonl({"text": "After a second mark."}),
        "starts with a byte-order mark",
        2,
        "warning",
        2,
    ),
    Hostile(
        "cr-only.jsonl",
        b'{"text": "Mac line one."}\rnot json\r{"text": "Mac line three."}\r',
        "invalid JSON",
        2,
        imported=2,
    ),
    _bad_line(
        "echo-huge-answer.jsonl", {"text": TEXT, "answer": "n" * 100_000}, "unknown answer 'nnn", kept=True
    ),
    # ---------------------------------------------------------------- issue 13: doccano, titles, CSV quotes
    _bad_line(
        "doccano-label-and-entities.jsonl",
        {
            "text": TEXT,
            "label": [[0, 5, "PERSON"], [40, 4000, "PERSON"]],
            "entities": [{"id": 1, "start_offset": 6, "end_offset": 14, "label": "PERSON"}],
        },
        '"label" span 2: 40-4000 lies outside',
        kept=True,
    ),
    _bad_line("title-number.jsonl", {"text": TEXT, "title": 2024}, '"title" is a number', "warning", True),
    Hostile(
        "unclosed-quote.csv",
        b'title,text\nA,Fine.\nB,"Never closed.\nC,Third.\nD,Fourth.\n',
        "a quote opened in this row never closes",
        3,
        imported=3,
    ),
    Hostile(
        "stray-quote.csv",
        b'text\n"Quoted" then not.\nFine.\n',
        "a stray quote? The row is skipped",
        2,
        imported=1,
    ),
    Hostile(
        "csv-utf16-broken.csv",
        "text\nFine.\n".encode("utf-16") + b"\x00\xd8" + "x\n".encode("utf-16-le"),
        "not valid UTF-16 despite its byte-order mark",
    ),
    Hostile(
        "csv-joined.csv",
        codecs.BOM_UTF8 + b"text\nOne.\n" + codecs.BOM_UTF8 + b"text\nTwo.\n",
        "repeats the header row",
        3,
        "warning",
        2,
    ),
    # ---------------------------------------------------------------- issue 13: what a folder holds
    Hostile("dangling-link.txt", b"", "a broken link", link_to="nowhere.txt"),
    Hostile("loop-link.txt", b"", "a broken link", link_to="loop-link.txt"),
    Hostile("link-out.txt", b"-----BEGIN PRIVATE KEY-----", "outside", link_to="../private-key.txt"),
    Hostile("pipe.txt", b"", "not a regular file", fifo=True),
    Hostile("caf\udce9-not-utf8-name.txt", b"A file whose name is not UTF-8.", "", imported=1),
    # ---------------------------------------------------------------- other
    Hostile("slides.pdf", b"%PDF-1.4\n", "unsupported file type '.pdf'"),
]
