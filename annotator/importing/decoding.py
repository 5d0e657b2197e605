"""Turning bytes into exact text: byte-order marks, UTF-16, a Latin-1 fallback, binary files."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import BinaryIO

# Longest BOM first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CHUNK = 1 << 20
# Control characters (other than tab, newlines, form feed) allowed in text, per thousand.
_MAX_CONTROLS_PER_MILLE = 5
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_CONTROLS = frozenset(chr(c) for c in (*range(32), 127)) - _TEXT_CONTROLS
# Western text in Windows-1252 is mostly ASCII; far more accented letters means another encoding.
_MAX_NON_ASCII_PERCENT = 30
_FALLBACK = "cp1252"


class NotText(Exception):
    """The bytes are not text this importer can read; the message says why."""


def bom_encoding(head: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``head`` (it strips the mark)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return None


def binary_reason(chunk: bytes) -> str | None:
    """Why a chunk without BOM is not text (NUL bytes), or None."""
    if b"\x00" in chunk:
        return "it is not text: it holds NUL bytes (a binary file, or UTF-16 without a byte-order mark)"
    return None


def _utf8_error(error: UnicodeDecodeError, offset: int = 0) -> str:
    return f"not valid UTF-8 (byte 0x{error.object[error.start]:02X} at byte {offset + error.start})"


def _fallback_warning(error: UnicodeDecodeError, offset: int = 0) -> str:
    return (
        f"{_utf8_error(error, offset)}: read as Windows-1252 (Latin-1); check accented letters, "
        "and save the file as UTF-8 to avoid this warning"
    )


def _check_fallback(chunk: bytes, utf8_reason: str) -> None:
    """Raise unless ``chunk`` reads as plausible Windows-1252 text."""
    try:
        text = chunk.decode(_FALLBACK)
    except UnicodeDecodeError as error:
        raise NotText(
            f"{utf8_reason}, and not Windows-1252 (Latin-1) text either: save the file as UTF-8"
        ) from error
    controls = sum(text.count(c) for c in _CONTROLS)
    if controls * 1000 > _MAX_CONTROLS_PER_MILLE * max(len(text), 1):
        raise NotText(f"{utf8_reason}, and too many control characters for text: a binary file?")
    accented = len(text) - len(text.encode("ascii", "ignore"))
    if accented * 100 > _MAX_NON_ASCII_PERCENT * max(len(text), 1):
        raise NotText(
            f"{utf8_reason}, and not plausibly Windows-1252 either (another encoding, such as "
            "GBK or Shift-JIS?): save the file as UTF-8"
        )


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Decode a whole text file exactly: (text, warning or None); ``NotText`` if it is not text.

    A byte-order mark chooses the codec and is dropped; otherwise UTF-8, or
    Windows-1252 with a warning when the bytes are clearly text in that encoding.
    """
    codec = bom_encoding(data)
    if codec is not None:
        try:
            return data.decode(codec), None
        except UnicodeDecodeError as error:
            raise NotText(
                f"not valid {codec.upper()} despite its byte-order mark ({error.reason})"
            ) from error
    reason = binary_reason(data)
    if reason:
        raise NotText(reason)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        _check_fallback(data, _utf8_error(error))
        return data.decode(_FALLBACK), _fallback_warning(error)


def detect_encoding(path: Path) -> tuple[str, str | None]:
    """The codec to stream ``path`` with, and a warning if it is not UTF-8; ``NotText`` if binary.

    Reads the file in chunks (twice if it is not UTF-8), never all of it at once.
    """
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
        codec = bom_encoding(head)
        if codec is not None:
            _check_stream(stream, head, codec)
            return codec, None
        decoder = codecs.getincrementaldecoder("utf-8")()
        offset, chunk = 0, head
        try:
            while chunk:
                reason = binary_reason(chunk)
                if reason:
                    raise NotText(reason)
                decoder.decode(chunk)
                offset += len(chunk)
                chunk = stream.read(_CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            stream.seek(0)
            while chunk := stream.read(_CHUNK):
                _check_fallback(chunk, _utf8_error(error, offset))
            return _FALLBACK, _fallback_warning(error, offset)
    return "utf-8", None


def _check_stream(stream: BinaryIO, head: bytes, codec: str) -> None:
    """Raise ``NotText`` unless ``head`` and the rest of ``stream`` decode with ``codec``."""
    decoder = codecs.getincrementaldecoder(codec)()
    offset, chunk = 0, head
    try:
        while chunk:
            decoder.decode(chunk)
            offset += len(chunk)
            chunk = stream.read(_CHUNK)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise NotText(
            f"not valid {codec.upper()} despite its byte-order mark ({error.reason}, "
            f"at byte {offset + error.start})"
        ) from error
