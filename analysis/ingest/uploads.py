"""Saving an uploaded digest into the digest folder, safely."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from analysis.ingest.pipeline import DIGEST_SUFFIXES


class UploadRejected(ValueError):
    """The upload is refused; the message says why."""


def safe_file_name(name: str) -> str:
    """A file name that can only ever mean a file directly inside the digest folder.

    Folders, drive letters, `..`, control characters and leading dots are
    removed; what remains keeps its letters (Chinese included), digits, `-`,
    `_` and `.`.
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name))[-1]
    base = "".join(ch for ch in base if ch.isalnum() or ch in "-_. ")
    base = re.sub(r"\s+", "_", base).lstrip(".")
    base = re.sub(r"\.{2,}", ".", base)
    return base[:120]


def save_upload(folder: Path, name: str, data: bytes, *, max_bytes: int) -> Path:
    folder = Path(folder)
    clean = safe_file_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in DIGEST_SUFFIXES:
        raise UploadRejected(f"only {', '.join(sorted(DIGEST_SUFFIXES))} files are accepted")
    if len(data) > max_bytes:
        raise UploadRejected(f"{len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")
    if not Path(clean).stem:
        clean = f"upload-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    target = (folder / clean).resolve()
    if target.parent != folder.resolve():
        raise UploadRejected("the file name points outside the digest folder")
    if target.exists() and target.read_bytes() != data:
        target = target.with_name(f"{target.stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}")
    target.write_bytes(data)
    return target
