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
    """Return (text, encoding) or (None, reason) when the bytes are not text.

    Order: byte-order mark, strict UTF-8, UTF-16 by NUL pattern, strict GB18030.
    GB18030 decodes almost any byte sequence, so binary data is rejected first
    by its NUL and control-character content.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError as exc:
                return None, f"invalid {encoding} after byte-order mark at byte {exc.start}"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _guess_utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        return None, "binary content: not a text file"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8, UTF-16 or GB18030 (undecodable byte at offset {exc.start})"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 50
