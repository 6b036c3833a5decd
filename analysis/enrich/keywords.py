"""Keywords of news items: KeyBERT over mixed Chinese/English candidates, plus the bold terms.

`extract_keywords(docs, backend)` returns, per item, up to `top_n` (default 8)
keywords chosen by KeyBERT with Maximal Marginal Relevance (`use_mmr=True`,
`diversity` 0.5) among the candidates of `analysis.enrich.segmentation.candidate_terms`,
then the item's **bold** terms.

* origin ``"keybert"``: `score` is the cosine similarity between the keyword and
  the item text (headline + summary), as KeyBERT reports it (rounded to 4
  decimals); rows come best first. An item gets min(top_n, number of distinct
  candidates) of them.
* origin ``"bold"``: every bold term of the item that is a possible keyword at
  all (not a stop word, number or punctuation), in the digest's order, then the
  terms it sets in quotes (`quoted_terms`: 支持“客串”功能), with
  `score` 1.0 — the author marked it, no model judged it. A bold term that is a
  whole sentence (more than 12 CJK characters or more than 6 words, see
  `analysis.enrich.segmentation.is_sentence_like`) is still kept here, but never offered
  to KeyBERT. Shorter bold terms without function words (`Rubin芯片架构`,
  `多时间尺度更新`) are also KeyBERT candidates, so the same `keyword_norm` can
  appear once per origin for an item.

Within one origin an item never has two rows with the same `keyword_norm`
(``英伟达`` and ``NVIDIA`` in one item give one candidate: the first seen).

Batching (the ingest path runs this over thousands of items on a small CPU):
item texts and every candidate term of the batch that is not cached go into ONE
`backend.embed` call; item texts and candidate terms are kept in LRU caches
across calls (`analysis.enrich.embeddings.DOC_CACHE`, `TERM_CACHE`, keyed by the
backend's name), so a repeated batch, or categorising the same batch
afterwards, embeds nothing new. KeyBERT receives the precomputed
`doc_embeddings`/`word_embeddings` and a vectorizer whose vocabulary is exactly
the batch's candidates, so it does the selection but never embeds.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from analysis import settings
from analysis.enrich.embeddings import DOC_CACHE, TERM_CACHE, EmbeddingBackend, embed_cached
from analysis.enrich.entities import item_text as entities_item_text
from analysis.enrich.normalize import normalize_keyword
from analysis.enrich.reference import AliasTable, load_alias_table
from analysis.enrich.segmentation import (
    DOMAIN_LEXICON,
    MAX_CJK_CHARS,
    MAX_NAME_WORDS,
    RULES_VERSION,
    candidate_terms,
    cjk_length,
    clean_surface,
    is_general_vocabulary,
    is_generic_term,
    is_measure_phrase,
    is_sentence_like,
    is_valid_term,
    latin_word_count,
    marked_terms,
    tokenize,
    use_marked_terms,
)

__all__ = [
    "ItemText",
    "Keyword",
    "extract_keywords",
    "normalize_keyword",
    "item_text",
    "embedded_text",
    "mmr_select",
    "SELECTORS",
    "bold_is_candidate",
    "bold_keyword_terms",
    "strip_markup",
    "is_clean_keyword",
    "keyword_word_count",
    "digest_marked_terms",
    "lexicon_of",
    "marked_terms_in",
    "keyword_cache_key",
    "lexicon_hits",
    "strip_item_boilerplate",
    "MAX_KEYWORD_WORDS",
    "rank_tier",
]

ORIGIN_KEYBERT = "keybert"
ORIGIN_BOLD = "bold"
BOLD_SCORE = 1.0
MAX_KEYWORD_WORDS = 8  # no keyword row is longer (Latin words + Chinese words)


@dataclass
class ItemText:
    """The text of one news item that enrichment looks at."""

    headline: str
    summary: str
    bold_terms: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the digest's `#tags` for the item, if any

    @classmethod
    def from_item(cls, item) -> ItemText:
        """From an `analysis.records.Item` (or anything with headline, summary, bold_terms)."""
        return cls(
            item.headline or "",
            item.summary or "",
            list(item.bold_terms or []),
            list(getattr(item, "tags", None) or []),
        )


@dataclass
class Keyword:
    keyword: str  # display form: the surface in the text, NFKC, outer quotes stripped
    keyword_norm: str  # grouping key, see normalize_keyword
    score: float
    origin: str  # "keybert" or "bold"


def item_text(doc: ItemText) -> str:
    """An item's text (headline + summary): the same text that entities are read from."""
    return entities_item_text(doc.headline, doc.summary)


def embed_chars_setting() -> int:
    return settings.get_int("embed_chars")


def embedded_text(doc: ItemText, chars: int | None = None) -> str:
    """What gets embedded for an item: its text cut to `chars` characters (the `embed_chars`
    setting; 0 = whole). Candidates still come from the whole text."""
    chars = embed_chars_setting() if chars is None else chars
    text = item_text(doc)
    return text[:chars] if chars > 0 else text


# ------------------------------------------------------------------ normalisation


# ------------------------------------------------------------------ markup and bold terms

# `[text](url)` and `![alt](src)`: the text stays.
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*\)?")
# What is left of a link that a bold span straddles: `爱窝啦 Aivora](https://…)`.
_LINK_REMNANT = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)?")
_URL = re.compile(r"(?:https?|ftp)://\S*|www\.\S+", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_MARKUP_CHARS = str.maketrans({ch: " " for ch in "[]`*<>|"})
_OPENING, _CLOSING = "([{（【「『《〈", ")]}）】」』》〉"
_BRACKET = re.compile(f"[{re.escape(_OPENING + _CLOSING)}]")


def strip_markup(text: str) -> str:
    """Text without markdown link syntax, URLs, HTML tags, backticks or emphasis stars.

    Link texts stay (`[Genie 3](https://…)` → `Genie 3`), so do the words of a bold
    span that swallowed half a link (`爱窝啦 Aivora](https://…)` → `爱窝啦 Aivora`).
    """
    text = _MD_LINK.sub(lambda m: f" {m.group(1)} ", str(text))
    text = _LINK_REMNANT.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = text.replace("**", " ").translate(_MARKUP_CHARS)
    text = "".join(" " if _is_pictograph(ch) else ch for ch in text)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _is_pictograph(ch: str) -> bool:
    """Emoji and pictographs (🚀, ⭐️, 📬) and the joiners that build them: never in a keyword."""
    if ch in "\u200d\ufe0f\ufe0e":
        return True
    return ord(ch) > 0x2000 and unicodedata.category(ch) == "So"


def _brackets_balanced(text: str) -> bool:
    stack: list[str] = []
    for ch in text:
        if ch in _OPENING:
            stack.append(_CLOSING[_OPENING.index(ch)])
        elif ch in _CLOSING and (not stack or stack.pop() != ch):
            return False
    return not stack


def keyword_word_count(term: str) -> int:
    """Words of a keyword: Latin words plus Chinese words as the tokenizer cuts them."""
    return latin_word_count(term) + sum(1 for t in tokenize(term) if t.kind == "cjk")


def is_clean_keyword(term: str) -> bool:
    """No link markup or URL, brackets that pair up, at most `MAX_KEYWORD_WORDS` words."""
    return (
        bool(term)
        and "](" not in term
        and "[" not in term
        and "]" not in term
        and not _URL.search(term)
        and _brackets_balanced(term)
        and keyword_word_count(term) <= MAX_KEYWORD_WORDS
    )


_SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：,;!?:…]")
# Words that make a bold span a clause rather than a term (`AI的普及是一个协调问题`, `做什么`).
_CLAUSE_WORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "或者",
        "把",
        "被",
        "将",
        "不",
        "没",
        "会",
        "也",
        "都",
        "就",
        "而",
        "并",
        "对",
        "从",
        "向",
        "让",
        "使",
        "这",
        "那",
        "其",
        "之",
        "吗",
        "呢",
        "吧",
        "啊",
        "一个",
        "什么",
        "怎么",
        "如何",
        "为什么",
        "不会",
        "可以",
        "因为",
        "所以",
        "但是",
        "而是",
        "没有",
        "如果",
        "虽然",
    ]
)


# A bold span with one of these is a clause about a name, not a name: `OpenAI 发布 Sora 2`.
_NEWS_VERBS = re.compile(
    "发布|推出|宣布|上线|收购|完成|获得|达到|提出|成为|正在|改变|登顶|超过|首发|加入|离职|开源了|"
    r"\b(?:launch(?:es|ed)?|release[sd]?|announce[sd]?|acquires?|raises?|ships?|beats?)\b",
    re.IGNORECASE,
)


# A number with a percent sign or a multiplier is a claim about a name: `显存占用再降 90%`.
_CLAIM = re.compile(r"\d\s*(?:%|％|倍|x\b)")


def bold_is_candidate(term: str) -> bool:
    """May this bold term also be offered to KeyBERT? Only a term, never a clause or sentence."""
    text = clean_surface(term)
    if not text or not is_valid_term(text) or is_sentence_like(text):
        return False
    if not _brackets_balanced(text) or _NEWS_VERBS.search(text) or _CLAIM.search(text):
        return False
    if cjk_length(text) > MAX_CJK_CHARS or latin_word_count(text) > MAX_NAME_WORDS:
        return False
    if _SENTENCE_PUNCTUATION.search(text):
        return False
    if text in load_alias_table().surface_forms:
        return True
    tokens = tokenize(text)
    # English stop words may sit inside a short name (`Pay per crawl`), never at its ends.
    return all(
        token.text not in _CLAUSE_WORDS and (token.kind != "stop" or 0 < i < len(tokens) - 1)
        for i, token in enumerate(tokens)
    )


def _is_named_term(term: str, chinese_clause: bool) -> bool:
    """A name inside a clause: `GPT-5.2`, `DeepSeek`, `Sora 2`, a table or lexicon entry (英伟达).

    In an English clause Title Case alone is not enough (`The Illusion of Deep Learning`
    capitalises every word); in a Chinese one a capitalised Latin word is a name.
    """
    if term in load_alias_table().surface_forms or term in marked_terms():
        return True
    if re.search(r"[A-Za-z]", term):
        return bool(re.search(r"\d|[a-z][A-Z]|[A-Z]{2}", term)) or (
            chinese_clause and term[:1].isupper()
        )
    return len(term) >= 3 and term in DOMAIN_LEXICON


def bold_keyword_terms(raw_terms: list[str]) -> list[str]:
    """The keyword terms of an item's bold spans, in the digest's order, unique.

    Markup is stripped (`strip_markup`), a span whose brackets do not pair up is cut at
    them, and each piece that is a term (`bold_is_candidate`) is a term; a piece that is
    a clause or sentence (`OpenAI 发布 Sora 2`, `AI的普及是一个协调问题`) yields the names
    and fixed terms inside it instead of itself (`Sora 2`). Generic words (模型, API) are
    not terms.
    """
    out: dict[str, None] = {}
    for raw in raw_terms:
        whole = clean_surface(strip_markup(raw))
        parts = [whole] if _brackets_balanced(whole) and bold_is_candidate(whole) else None
        for part in parts or [p for p in (q.strip() for q in _BRACKET.split(whole)) if p]:
            text = clean_surface(part)
            if not text or not is_valid_term(text):
                continue
            if bold_is_candidate(text):
                pieces = [text]
            else:
                chinese = cjk_length(text) > 0
                pieces = [t for t in candidate_terms(text) if _is_named_term(t, chinese)]
            for piece in pieces:
                if not is_generic_term(piece) and is_clean_keyword(piece):
                    out.setdefault(piece)
    return list(out)


# A name a Chinese digest sets in quotes, as it would in bold (推出“智能体团队”功能, 支持“客串”);
# longer quoted text is speech.
_QUOTED_NAME = re.compile("[“「『]([^”」』“「『\n]{1,16})[”」』]")


def quoted_terms(doc: ItemText) -> list[str]:
    """The terms among what the item's headline and summary set in quotes (“客串”), unique;
    a quoted clause yields the names inside it, as a bold one does."""
    spans = [m.group(1) for m in _QUOTED_NAME.finditer(f"{doc.headline}\n{doc.summary}")]
    return [term for term in bold_keyword_terms(spans) if bold_is_candidate(term)]


def marked_keyword_terms(doc: ItemText) -> list[str]:
    """The keyword terms the digest marks in the item: its bold terms, then its quoted ones."""
    return list(dict.fromkeys([*bold_keyword_terms(doc.bold_terms), *quoted_terms(doc)]))


def _bold_keywords(doc: ItemText, table: AliasTable) -> list[Keyword]:
    rows: list[Keyword] = []
    seen: set[str] = set()
    for text in marked_keyword_terms(doc):
        norm = normalize_keyword(text, table)
        if norm and norm not in seen:
            seen.add(norm)
            rows.append(Keyword(text, norm, BOLD_SCORE, ORIGIN_BOLD))
    return rows


# ------------------------------------------------------------------ terms digests mark

# The subject of a Chinese headline, `宇树科技发布人形机器人`: a name.
_HEADLINE_SUBJECT = re.compile("^([一-鿿]{2,6}?)(?:发布|推出|开源|宣布|上线|完成|获得|启动|公布)")


def digest_marked_terms(doc: ItemText) -> list[str]:
    """Terms the digest itself marks in this item: bold terms, `#tags`, the headline's subject."""
    return marked_terms_in(doc.bold_terms, doc.tags, [doc.headline])


def lexicon_of(bold_terms, tags, headlines) -> list[str]:
    """The lexicon of many items (what `digest_marked_terms` finds in their bold terms, tags
    and headlines), sorted. Read with no marked terms in use: which bold pieces are terms
    depends on them, and the lexicon may not depend on what this process read before."""
    use_marked_terms(())
    return sorted(set(marked_terms_in(bold_terms, tags, headlines)))


def marked_terms_in(bold_terms, tags, headlines) -> list[str]:
    """The terms `digest_marked_terms` finds, over many items' bold terms, tags and headlines."""
    terms = list(bold_keyword_terms(list(bold_terms)))
    terms.extend(strip_markup(tag).lstrip("#＃") for tag in tags)
    for headline in headlines:
        match = _HEADLINE_SUBJECT.match(strip_markup(headline).lstrip("*# "))
        if match:
            terms.append(match.group(1))
    return [t for t in terms if t]


def _tables_sha256() -> str:
    from analysis.enrich.reference import COMPANIES_FILE, STOPWORD_FILES
    from analysis.enrich.segmentation import GENERIC_TERMS_FILE

    paths = (COMPANIES_FILE, GENERIC_TERMS_FILE, *STOPWORD_FILES)
    return _files_sha256(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=8)
def _files_sha256(stamps: tuple[tuple[str, int, int], ...]) -> str:
    from pathlib import Path

    from analysis.enrich.reference import file_sha256

    return file_sha256(*(Path(path) for path, _, _ in stamps))


def strip_item_boilerplate(doc: ItemText, templates: frozenset[str] = frozenset()) -> ItemText:
    """The item without its boilerplate sentences (`analysis.enrich.boilerplate`).

    A bold term survives only if its words are still in the kept text, so the bold
    `**Cohere Discord**` of "Cohere Discord 暂无新消息" goes with its sentence.
    """
    from analysis.enrich.boilerplate import strip_boilerplate

    headline = strip_boilerplate(doc.headline, templates)
    summary = strip_boilerplate(doc.summary, templates)
    if headline == doc.headline and summary == doc.summary:
        return doc
    kept = strip_markup(f"{headline}\n{summary}")
    bold = [b for b in doc.bold_terms if strip_markup(b) and strip_markup(b) in kept]
    return ItemText(headline, summary, bold, list(doc.tags))


def lexicon_hits(texts: list[str]) -> list[list[str]]:
    """Per text, the marked terms in use (`use_marked_terms`) that occur in it."""
    terms = marked_terms()
    if not terms:
        return [[] for _ in texts]
    automaton = _automaton(terms)
    return [sorted({value for _, value in automaton.iter(text)}) for text in texts]


_AUTOMATA: dict[frozenset, object] = {}


def _automaton(terms: frozenset[str]):
    import ahocorasick

    found = _AUTOMATA.get(terms)
    if found is None:
        found = ahocorasick.Automaton()
        for term in terms:
            found.add_word(term, term)
        found.make_automaton()
        _AUTOMATA.clear()
        _AUTOMATA[terms] = found
    return found


def keyword_cache_key(doc: ItemText, lexicon_hits: list[str] = (), embed_chars: int = 0) -> str:
    """The cache key of an item's keywords: every input that changes them, hashed.

    Text, bold terms, tags, the rules version, the alias table, stop-word and generic
    lists (which shape segmentation and filtering), the lexicon terms found in the
    item's text (a term another item marks changes how this one is cut), and how much of
    the text is embedded (`embed_chars`, 0 = all). The model is the cache's own column.
    """
    payload = [
        RULES_VERSION,
        _tables_sha256(),
        doc.headline,
        doc.summary,
        list(doc.bold_terms),
        list(doc.tags),
        sorted(set(lexicon_hits)),
    ] + ([embed_chars] if embed_chars else [])
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


# ------------------------------------------------------------------ extraction

_KEYBERT: dict[str, tuple[EmbeddingBackend, object]] = {}
_KEYBERT_LOCK = threading.Lock()


def _keybert_for(backend: EmbeddingBackend):
    """One KeyBERT per backend, always given the backend object (never a model name)."""
    entry = _KEYBERT.get(backend.name)
    if entry is None or entry[0] is not backend:
        from keybert import KeyBERT

        from analysis.enrich.embeddings import KeyBERTBackendAdapter

        with _KEYBERT_LOCK:
            entry = (backend, KeyBERT(model=KeyBERTBackendAdapter(backend)))
            _KEYBERT[backend.name] = entry
    return entry[1]


def _doc_candidates(doc: ItemText, text: str, table: AliasTable) -> tuple[list[str], list[str]]:
    """(candidate surfaces, their normalised forms), one candidate per normalised form.

    Candidates come from the item's text without markup and from its bold terms; generic
    words (`is_generic_term`), anything `is_clean_keyword` rejects and what would not be
    kept as a row (`rank_tier`, `UNKEPT_TIER`) are left out.
    """
    surfaces = candidate_terms(strip_markup(text))
    surfaces.extend(t for t in bold_keyword_terms(doc.bold_terms) if bold_is_candidate(t))
    chosen: list[str] = []
    norms: list[str] = []
    seen: set[str] = set()
    for surface in surfaces:
        if is_generic_term(surface) or not is_clean_keyword(surface):
            continue
        norm = normalize_keyword(surface, table)
        if (
            norm
            and norm not in seen
            and not is_generic_term(norm)
            and rank_tier(Keyword(surface, norm, 0.0, ORIGIN_KEYBERT), table) < UNKEPT_TIER
        ):
            seen.add(norm)
            chosen.append(surface)
            norms.append(norm)
    return chosen, norms


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    # The same arithmetic as scikit-learn's `normalize` inside KeyBERT's cosine_similarity,
    # so that both selectors see bit-identical similarities.
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    norms[norms == 0.0] = 1.0
    return matrix / norms[:, np.newaxis]


def mmr_select(
    doc_vector: np.ndarray, candidate_vectors: np.ndarray, top_n: int, diversity: float
) -> list[tuple[int, float]]:
    """Maximal Marginal Relevance over precomputed vectors: (candidate row, similarity to the
    document rounded to 4 decimals), best similarity first.

    The same choices as `keybert._mmr.mmr` (first pick: the candidate most similar to the
    document; then each step maximises (1 - diversity) * similarity to the document
    - diversity * the highest similarity to an already chosen candidate; ties go to the
    lower row), without its per-document scikit-learn calls and list bookkeeping.
    """
    count = len(candidate_vectors)
    if count == 0 or top_n <= 0:
        return []
    words = _unit_rows(np.asarray(candidate_vectors))
    doc = _unit_rows(np.asarray(doc_vector).reshape(1, -1))
    doc_similarity = (words @ doc.T)[:, 0]
    word_similarity = words @ words.T
    chosen = [int(np.argmax(doc_similarity))]
    taken = np.zeros(count, dtype=bool)
    taken[chosen[0]] = True
    closest = word_similarity[:, chosen[0]].copy()
    for _ in range(min(top_n - 1, count - 1)):
        score = (1 - diversity) * doc_similarity - diversity * closest
        score[taken] = -np.inf
        pick = int(np.argmax(score))
        chosen.append(pick)
        taken[pick] = True
        np.maximum(closest, word_similarity[:, pick], out=closest)
    picked = [(row, round(float(doc_similarity[row]), 4)) for row in chosen]
    return sorted(picked, key=lambda pair: pair[1], reverse=True)


def _select_numpy(
    per_doc: list[list[str]],
    words: list[str],
    doc_embeddings: np.ndarray,
    word_embeddings: np.ndarray,
    top_n: int,
    diversity: float,
    backend: EmbeddingBackend,
) -> list[list[tuple[str, float]]]:
    index_of = {word: i for i, word in enumerate(words)}
    selected = []
    for i, surfaces in enumerate(per_doc):
        # KeyBERT sees a document's candidates in vocabulary order; so does this.
        rows = sorted(index_of[s] for s in surfaces)
        picks = mmr_select(doc_embeddings[i], word_embeddings[rows], top_n, diversity)
        selected.append([(words[rows[row]], score) for row, score in picks])
    return selected


def _select_keybert(
    per_doc: list[list[str]],
    words: list[str],
    doc_embeddings: np.ndarray,
    word_embeddings: np.ndarray,
    top_n: int,
    diversity: float,
    backend: EmbeddingBackend,
) -> list[list[tuple[str, float]]]:
    from sklearn.feature_extraction.text import CountVectorizer

    # Documents are passed to KeyBERT as their index; the vectorizer's analyzer
    # maps an index to that item's candidates, and its fixed vocabulary is `words`,
    # so KeyBERT's word_embeddings rows line up with ours.
    vectorizer = CountVectorizer(
        analyzer=lambda key: per_doc[int(key)], vocabulary=words, lowercase=False
    )
    keys = [str(index) for index in range(len(per_doc))]
    result = _keybert_for(backend).extract_keywords(
        keys,
        vectorizer=vectorizer,
        use_mmr=True,
        diversity=diversity,
        top_n=top_n,
        doc_embeddings=np.asarray(doc_embeddings),
        word_embeddings=np.asarray(word_embeddings),
    )
    if len(per_doc) == 1:  # KeyBERT unwraps a single document's list
        result = [result]
    return [list(keywords) for keywords in result]


# How keywords are chosen among an item's candidates: the same MMR, two implementations.
# "numpy" is the default; "keybert" is the reference it is tested against.
SELECTORS = {"numpy": _select_numpy, "keybert": _select_keybert}


# Rows of this tier or above are not kept: a judged sample rejected 33 of 34 of them.
UNKEPT_TIER = 2


def rank_tier(keyword: Keyword, table: AliasTable | None = None) -> int:
    """0 for what a trend is made of, 2 for what rarely is; rows are ordered by it, and
    rows of `UNKEPT_TIER` are not kept.

    0: a bold term or a versioned / product name (`GPT-5.3-Codex`, `Claude Code`, `HunyuanImage`);
    1: other multi-word or longer terms (`agentic coding`, `上下文工程`, `Yann LeCun`);
    2: an organisation's own name or handle (its trend is the Companies page's), a single lowercase
       English word, a two-character Chinese word, a word of everyday Chinese that the
       item does not mark (`is_general_vocabulary`: 明显改善, 合作伙伴), a measure
       (`is_measure_phrase`: 参数量, 推理速度).
    """
    text = keyword.keyword
    table = table or load_alias_table()
    hit = table.surface_forms.get(text)
    if (hit is not None and not hit[1]) or (hit is None and table.handle_of(text)):
        return 2
    if keyword.origin == ORIGIN_BOLD or (hit is not None and hit[1]):
        return 0
    if is_general_vocabulary(text) or is_measure_phrase(text):
        return 2
    latin = re.search(r"[A-Za-z]", text)
    if latin and (re.search(r"\d", text) or re.search(r"[a-z][A-Z]", text)):
        return 0
    if " " in text or cjk_length(text) >= 3 or (latin and text[:1].isupper()):
        return 1
    return 2


def nr_candidates_for(top_n: int) -> int:
    """How many of an item's most similar candidates MMR chooses among (KeyBERT's own default is 20)."""
    return max(20, 2 * top_n)


def extract_keywords(
    docs: list[ItemText],
    backend: EmbeddingBackend,
    top_n: int = 8,
    diversity: float = 0.5,
    lexicon: list[str] | None = None,
    *,
    selector: str = "numpy",
    embed_chars: int | None = None,
) -> list[list[Keyword]]:
    """Keywords per item, KeyBERT/MMR keywords and the bold terms, ranked. See the module doc.

    `lexicon`: the terms the corpus's digests mark (`digest_marked_terms` over every item,
    `analysis.enrich.pipeline.corpus_lexicon`), which become the tokenizer's marked terms;
    without it, the marked terms of `docs` themselves. An item's keywords so depend on the
    item and the lexicon only, never on which batch or process computed them.

    Candidates of `UNKEPT_TIER` never reach MMR, and bold terms of it are no rows. MMR
    looks at an item's `nr_candidates_for(top_n)` candidates most similar to
    the item (as KeyBERT's max-sum mode does with `nr_candidates`): with short
    candidates, similarities to the item are low (0.0-0.4) and MMR's diversity
    term would otherwise prefer unrelated words such as `足够`.
    """
    if not docs:
        return []
    select = SELECTORS[selector]
    table = load_alias_table()
    if lexicon is None:
        lexicon = lexicon_of(
            [b for doc in docs for b in doc.bold_terms],
            [t for doc in docs for t in doc.tags],
            [doc.headline for doc in docs],
        )
    use_marked_terms(lexicon)
    texts = [item_text(doc) for doc in docs]
    embedded = [embedded_text(doc, embed_chars) for doc in docs]
    per_doc: list[list[str]] = []
    norm_of: dict[str, str] = {}
    vocabulary: dict[str, None] = {}
    for doc, text in zip(docs, texts, strict=False):
        surfaces, norms = _doc_candidates(doc, text, table)
        per_doc.append(surfaces)
        for surface, norm in zip(surfaces, norms, strict=False):
            norm_of[surface] = norm
            vocabulary.setdefault(surface, None)
    words = list(vocabulary)

    doc_embeddings, word_embeddings = embed_cached(
        backend, [(embedded, DOC_CACHE), (words, TERM_CACHE)]
    )
    if words:
        index_of = {word: i for i, word in enumerate(words)}
        limit = nr_candidates_for(top_n)
        for i, surfaces in enumerate(per_doc):
            if len(surfaces) > limit:
                rows = [index_of[s] for s in surfaces]
                similarity = word_embeddings[rows] @ doc_embeddings[i]
                keep = sorted(np.argsort(-similarity, kind="stable")[:limit])
                per_doc[i] = [surfaces[k] for k in keep]

    selected: list[list[tuple[str, float]]] = [[] for _ in docs]
    if words and top_n > 0:
        selected = select(
            per_doc, words, doc_embeddings, word_embeddings, top_n, diversity, backend
        )

    out: list[list[Keyword]] = []
    for doc, keywords in zip(docs, selected, strict=False):
        rows: list[Keyword] = []
        seen: set[str] = set()
        for word, score in keywords:
            word = str(word)
            norm = norm_of.get(word) or normalize_keyword(word, table)
            if norm in seen or not is_valid_term(word) or is_sentence_like(word):
                continue
            seen.add(norm)
            rows.append(Keyword(word, norm, float(score), ORIGIN_KEYBERT))
        rows.extend(_bold_keywords(doc, table))
        ranked = sorted(
            ((rank_tier(row, table), row) for row in rows),
            key=lambda pair: (pair[0], -pair[1].score),
        )
        out.append([row for tier, row in ranked if tier < UNKEPT_TIER])
    return out
