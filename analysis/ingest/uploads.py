"""Saving an uploaded digest into the digest folder, safely."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from analysis.ingest.pipeline import DIGEST_SUFFIXES, display_path
from analysis.records import Problem


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
    if len(base) <= MAX_NAME_CHARS and len(base.encode()) <= MAX_NAME_BYTES:
        return base
    # Shorten the stem, never the extension, which decides whether the file is accepted.
    suffix = Path(base).suffix if len(Path(base).suffix) <= 16 else ""
    stem = base[: len(base) - len(suffix)][: MAX_NAME_CHARS - len(suffix)]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem.rstrip(".") + suffix


MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # file systems allow 255 bytes per name; a Chinese character takes 3


def upload_target(folder: Path, name: str, data: bytes, *, max_bytes: int) -> Path:
    """Where `save_upload` would write this upload; raises UploadRejected when it would not."""
    folder = Path(folder)
    clean = safe_file_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in DIGEST_SUFFIXES:
        raise UploadRejected(f"only {', '.join(sorted(DIGEST_SUFFIXES))} files are accepted")
    if len(data) > max_bytes:
        raise UploadRejected(f"{len(data) / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit")
    if not Path(clean).stem:
        clean = f"upload-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
    target = (folder / clean).resolve()
    if target.parent != folder.resolve():
        raise UploadRejected("the file name points outside the digest folder")
    if target.exists() and target.read_bytes() != data:
        target = target.with_name(f"{target.stem}-{hashlib.sha256(data).hexdigest()[:8]}{suffix}")
    return target


def save_upload(folder: Path, name: str, data: bytes, *, max_bytes: int) -> Path:
    target = upload_target(folder, name, data, max_bytes=max_bytes)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def discard_rejected(new_files: list[Path], failures: list[Problem]) -> list[Path]:
    """Delete the uploads this ingest created that could not be ingested; returns them.

    A rejected upload left in the digest folder would fail again on every re-scan.
    Files that were in the folder before the upload are never touched.
    """
    failed = {p.source_path for p in failures}
    discarded = []
    for path in new_files:
        if display_path(str(path)) in failed and path.is_file():
            path.unlink()
            discarded.append(path)
    return discarded
