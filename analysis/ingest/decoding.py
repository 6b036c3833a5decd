"""Turn the bytes of a digest file into text, whatever encoding it came in."""

from __future__ import annotations

import codecs

from charset_normalizer.constant import FREQUENCIES

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
    line strict UTF-8 else one legacy CJK encoding (GB18030, Big5, Shift-JIS,
    EUC-KR, EUC-JP: see `legacy_encoding`). GB18030 decodes almost any byte
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


# Legacy CJK encodings, in the order that wins a tie. A Japanese or Korean reading must
# first show its language (see `_language_evidence`), so it goes before GB18030; Big5 after
# it, because the digests are mostly simplified Chinese.
LEGACY_ENCODINGS = {
    "cp932": "Shift-JIS",
    "euc_jp": "EUC-JP",
    "cp949": "EUC-KR",
    "gb18030": "GB18030",
    "big5": "Big5",
}
_JAPANESE = {"cp932", "euc_jp"}
# The most frequent Hangul syllables (particles and endings), from charset-normalizer's tables.
_COMMON_HANGUL = frozenset(FREQUENCIES["Korean"])
MIN_KANA_SHARE = 0.15
MIN_HANGUL_SHARE = 0.5
MIN_COMMON_HANGUL = 3
MIN_COMMON_HANGUL_SHARE = 0.15
# Below this share of common characters a decoding is taken for mojibake, and the file is rejected.
MIN_COMMON_SHARE = 0.6


def _is_common(ch: str) -> bool:
    """Whether a character is everyday text in Chinese, Japanese or Korean.

    A wrong decoding of CJK bytes lands on rare ideographs, private-use points,
    half-width katakana, Hangul outside the 2,350 syllables of KS X 1001, Greek,
    Cyrillic and box drawing. Han characters count when they are in GB2312 level 1
    (the 3,755 most used simplified characters), Big5 level 1 (the 5,401 common
    traditional characters) or JIS X 0208 level 1 (the 2,965 common kanji).
    """
    code = ord(ch)
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return True  # ASCII, CJK punctuation, full-width forms
    if 0x3041 <= code <= 0x30FF:
        return True  # hiragana and katakana
    if 0xAC00 <= code <= 0xD7A3:
        return _encodes_in(ch, "euc_kr", 0xB0, 0xC8)
    if 0x4E00 <= code <= 0x9FFF:
        return (
            _encodes_in(ch, "gb2312", 0xB0, 0xD7)
            or _encodes_in(ch, "big5", 0xA4, 0xC6)
            or _encodes_in(ch, "shift_jis", 0x88, 0x98)
        )
    return ch in "“”‘’…—–·•、。「」『』【】《》〈〉・"


def _encodes_in(ch: str, encoding: str, first_lead: int, last_lead: int) -> bool:
    try:
        encoded = ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return len(encoded) == 2 and first_lead <= encoded[0] <= last_lead


def _is_neutral(ch: str) -> bool:
    # Accented Latin, general punctuation, arrows, maths, emoji: no CJK encoding's misreading
    # produces them in numbers, and real digests have them, so they count neither way.
    code = ord(ch)
    return (
        code < 0x300
        or 0x2000 <= code <= 0x2BFF
        or 0xFE00 <= code <= 0xFE0F
        or code >= 0x1F000
        or ch.isspace()
    )


def common_share(text: str) -> float:
    """Share of the CJK-range characters of `text` that are common CJK text (1.0 when none)."""
    wide = [ch for ch in text if not _is_neutral(ch)]
    if not wide:
        return 1.0
    return sum(map(_is_common, wide)) / len(wide)


def _language_evidence(encoding: str, text: str) -> bool:
    """Whether a Japanese or Korean reading looks like that language.

    EUC-KR, EUC-JP and GB2312 share one byte structure, and the same bytes give
    common characters in each. Japanese is told by its kana. Korean is told by
    Hangul carrying the most frequent syllables: bytes of Chinese read as EUC-KR give
    Hangul, but syllables spread evenly over all 2,350, rarely the frequent ones.
    """
    wide = [ch for ch in text if not _is_neutral(ch)]
    if not wide:
        return False
    if encoding in _JAPANESE:
        return sum(1 for ch in wide if 0x3041 <= ord(ch) <= 0x30FF) >= MIN_KANA_SHARE * len(wide)
    if encoding == "cp949":
        hangul = [ch for ch in wide if 0xAC00 <= ord(ch) <= 0xD7A3]
        frequent = sum(1 for ch in hangul if ch in _COMMON_HANGUL)
        return (
            len(hangul) >= MIN_HANGUL_SHARE * len(wide)
            and frequent >= MIN_COMMON_HANGUL
            and frequent >= MIN_COMMON_HANGUL_SHARE * len(hangul)
        )
    return True


def legacy_encoding(data: bytes) -> tuple[str | None, str]:
    """(encoding, its display name) for bytes in one legacy CJK encoding, or (None, reason).

    Every candidate that decodes the bytes strictly (and, for Japanese and Korean,
    shows its language) is scored by `common_share`; the best wins (ties go to the
    earlier in `LEGACY_ENCODINGS`). Text in none of them, or whose best decoding is
    still mostly rare characters, is refused, never stored as mojibake.
    """
    scored: list[tuple[float, int, str]] = []
    first_error: tuple[int, int] | None = None
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "gb18030":
                line = data.count(b"\n", 0, exc.start) + 1
                column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
                first_error = (line, column)
            continue
        if _language_evidence(encoding, text):
            scored.append((common_share(text), -rank, encoding))
    names = ", ".join(LEGACY_ENCODINGS[e] for e in ("gb18030", "big5", "cp932", "cp949", "euc_jp"))
    if not scored:
        where = (
            f" (undecodable byte on line {first_error[0]}, column {first_error[1]})"
            if first_error
            else ""
        )
        return None, f"not UTF-8, UTF-16, {names}{where}"
    share, _, best = max(scored)
    if share < MIN_COMMON_SHARE:
        return None, (
            f"not UTF-8 or UTF-16, and no legacy encoding ({names}) reads it as ordinary text "
            f"(at best {share:.0%} common characters, as {LEGACY_ENCODINGS[best]}): "
            "save the file as UTF-8"
        )
    return best, LEGACY_ENCODINGS[best]


def _decode_lines(data: bytes) -> tuple[str | None, str, list[str]]:
    # b"\n" never occurs inside a multi-byte sequence of UTF-8 or of these legacy encodings,
    # so splitting first is safe. Lines that are not UTF-8 share one legacy encoding.
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    notes: list[str] = []
    for number, line in enumerate(lines, start=1):
        last = number == len(lines)
        text, cut = _decode_tolerating_cut_end(line, "utf-8") if last else (None, [])
        if text is None:
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                continue
        utf8[number] = text
        notes.extend(cut)
    legacy_lines = [n for n in range(1, len(lines) + 1) if n not in utf8]
    encoding, name = legacy_encoding(b"\n".join(lines[n - 1] for n in legacy_lines))
    if encoding is None:
        reason = name
        if "line " in reason:  # the line number counts only the legacy lines: name the real one
            line = int(reason.split("line ")[1].split(",")[0])
            reason = reason.replace(f"line {line},", f"line {legacy_lines[line - 1]},")
        return None, reason, []
    parts = [
        utf8[n] if n in utf8 else lines[n - 1].decode(encoding) for n in range(1, len(lines) + 1)
    ]
    label = name.lower().replace("-", "_") if encoding != "gb18030" else "gb18030"
    utf8_non_ascii = any(not lines[n - 1].isascii() for n in utf8)
    if not utf8_non_ascii:
        return "\n".join(parts), label, notes
    shown = ", ".join(str(n) for n in legacy_lines[:10]) + (", …" if len(legacy_lines) > 10 else "")
    notes.insert(
        0, f"the file mixes encodings: line(s) {shown} decoded as {name}, the rest as UTF-8"
    )
    return "\n".join(parts), f"utf-8+{label}", notes


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
