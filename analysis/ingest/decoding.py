"""Turn the bytes of a digest file into text, whatever encoding it came in."""

from __future__ import annotations

import codecs

_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def _guess_utf16_without_bom(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 text has a NUL in every other byte; which half tells the byte order.
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    return "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"


def decode_bytes(data: bytes) -> tuple[str | None, str]:
    """Return (text, encoding) or (None, reason) when the bytes are not text."""
    text, encoding_or_reason, _ = decode_bytes_noting(data)
    return text, encoding_or_reason


def decode_bytes_noting(data: bytes) -> tuple[str | None, str, list[str]]:
    """Return (text, encoding, notes) or (None, reason, []) when the bytes are not text.

    Order: byte-order mark, strict UTF-8, UTF-16 by NUL pattern, then line by
    line strict UTF-8 else strict GB18030. GB18030 decodes almost any byte
    sequence, so binary data is rejected first by its NUL and control-character
    content. Deciding per line keeps a file whose halves were saved in different
    encodings readable, and keeps one stray byte in a UTF-8 file from turning
    the whole file into GB18030 mojibake. A file cut off in the middle of its
    last character loses that character. `notes` says when either happened.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text, notes = _decode_tolerating_cut_end(data[len(bom) :], encoding)
            if text is None:
                return None, f"invalid {encoding} after byte-order mark at byte {notes[0]}", []
            return text, encoding, notes
    text, notes = _decode_tolerating_cut_end(data, "utf-8")
    if text is not None:
        # NUL and other control bytes are valid UTF-8: a zero-filled file decodes fine.
        if _looks_binary_text(text, any_nul=False):
            return None, "binary content: not a text file", []
        return text, "utf-8", notes
    utf16 = _guess_utf16_without_bom(data)
    if utf16 and not _looks_binary_text(data.decode(utf16, errors="replace")):
        text, notes = _decode_tolerating_cut_end(data, utf16)
        if text is None:
            return (
                None,
                f"looks like {utf16} without a byte-order mark, but is not valid UTF-16 at byte {notes[0]}",
                [],
            )
        return text, utf16, notes
    if _looks_binary(data):
        return None, "binary content: not a text file", []
    return _decode_lines(data)


def _decode_tolerating_cut_end(data: bytes, encoding: str) -> tuple[str | None, list]:
    """(text, notes), or (None, [offset of the bad byte])."""
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        if exc.reason not in ("unexpected end of data", "truncated data") or exc.end != len(data):
            return None, [exc.start]
        try:
            text = data[: exc.start].decode(encoding)
        except UnicodeDecodeError:
            return None, [exc.start]
        return text, [
            f"the file ends in the middle of a character ({len(data) - exc.start} byte(s) of "
            f"{encoding} dropped): it was probably cut off"
        ]


def _decode_lines(data: bytes) -> tuple[str | None, str, list[str]]:
    # b"\n" never occurs inside a GB18030 or UTF-8 multi-byte sequence, so splitting first is safe.
    lines = data.split(b"\n")
    parts: list[str] = []
    notes: list[str] = []
    gb_lines: list[int] = []
    utf8_non_ascii = False
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        text, cut = _decode_tolerating_cut_end(line, "utf-8") if last else (None, [])
        if text is None:
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        if text is not None:
            parts.append(text)
            notes.extend(cut)
            utf8_non_ascii = utf8_non_ascii or not line.isascii()
            continue
        try:
            parts.append(line.decode("gb18030"))
            gb_lines.append(number)
        except UnicodeDecodeError as exc:
            return (
                None,
                (
                    f"not UTF-8, UTF-16 or GB18030 (undecodable byte on line {number}, column {exc.start + 1})"
                ),
                [],
            )
    if not utf8_non_ascii:
        return "\n".join(parts), "gb18030", []
    if gb_lines:
        shown = ", ".join(str(n) for n in gb_lines[:10]) + (", …" if len(gb_lines) > 10 else "")
        notes.insert(
            0, f"the file mixes encodings: line(s) {shown} decoded as GB18030, the rest as UTF-8"
        )
    return "\n".join(parts), "utf-8+gb18030" if gb_lines else "utf-8", notes


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 50


def _looks_binary_text(text: str, any_nul: bool = True) -> bool:
    """Binary data can decode without error (zeros as UTF-8, zero-heavy data as UTF-16); its NULs
    and control characters give it away. A few NULs in UTF-8 text leave it text."""
    sample = text[:4096]
    if any_nul and "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 9 or 13 < ord(ch) < 32)
    return controls > len(sample) // 50
