"""The compiled word cutter (jieba_fast) is used only because it cuts exactly as jieba does."""

from __future__ import annotations

import re

from conftest import DATA, PROJECT

from analysis.enrich.segmentation import _CJK_CLASS, _import_jieba, _Resources


def cjk_runs() -> list[str]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(DATA.glob("*.md"))]
    texts += [
        p.read_text(encoding="utf-8")
        for p in sorted((PROJECT / "data" / "digests").glob("*.md"))[:120]
    ]
    texts += [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("*.toml"))]
    runs = {m.group(0) for text in texts for m in re.finditer(f"[{_CJK_CLASS}]+", text)}
    return sorted(runs)


def test_jieba_fast_cuts_every_run_like_jieba():
    fast = _Resources(_import_jieba("jieba_fast"))
    reference = _Resources(_import_jieba("jieba"))
    assert type(fast.jieba).__module__.split(".")[0] == "jieba_fast"
    assert type(reference.jieba).__module__.split(".")[0] == "jieba"
    runs = cjk_runs()
    assert len(runs) > 2_000
    differing = [
        run
        for run in runs
        if list(fast.jieba.cut(run, HMM=True)) != list(reference.jieba.cut(run, HMM=True))
    ]
    assert differing == []
