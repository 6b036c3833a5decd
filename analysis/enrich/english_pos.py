"""What an English word can be, from lemminflect's lexicon of word forms.

Keyword candidates come from running text, so an English sentence's verbs, adverbs and
adjectives (`improves`, `twice`, `persistent`) and its subject-verb pairs (`model beats`)
would otherwise reach keyword lists. A tagger model would need a download; the lexicon
ships with the package and answers which parts of speech a form can have, which is
enough for the cases that are never a term.
"""

from __future__ import annotations

from functools import lru_cache

import lemminflect

# Words that open a noun phrase: after one of them, an ambiguous `-s` word is a verb
# with its object (`beats the record`), not a plural noun.
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "your",
        "my",
        "this",
        "these",
        "those",
        "every",
        "each",
        "all",
        "some",
        "any",
        "another",
        "both",
        "no",
        "more",
        "most",
    ]
)
# Before an `-s` word, these make it a verb: its subject (`it turns`, `a notebook that
# trains`), a second verb of the same subject (`acquires Pollen and ships Reachy Mini`), or
# an adverb of the predicate (`now hosts`).
BEFORE_A_VERB = frozenset(
    ["it", "he", "she", "that", "which", "who", "and", "also", "now", "still", "already", "then"]
)
# Before a base form, these make it a verb (`to build`, `can call`).
BEFORE_AN_INFINITIVE = frozenset(
    ["to", "can", "could", "will", "would", "may", "might", "must", "should", "cannot"]
)


# Before an `-ing` form, these make it a verb with its object (`before touching code`).
BEFORE_A_CLAUSE = frozenset(
    ["before", "after", "without", "while", "when", "since", "upon", "instead of"]
)


@lru_cache(maxsize=65536)
def _readings(word: str) -> dict[str, tuple[str, ...]]:
    return lemminflect.getAllLemmas(word)


def names_nothing_alone(word: str) -> bool:
    """`twice`, `faster`, `persistent`, `open`, `improves`, `led`: the lexicon knows the form
    only as an adverb, an adjective or an inflected verb.

    Kept: nouns, words the lexicon does not know (`agentic`, `open-weight`), gerunds
    (`reasoning`) and base verb forms, which the lexicon lists without their noun use
    (`compute`).
    """
    readings = _readings(word)
    if not readings or "NOUN" in readings:
        return False
    if set(readings) == {"VERB"}:
        return not (word.endswith("ing") or word in readings["VERB"])
    return True


def can_be_third_person_verb(word: str) -> bool:
    """`beats`, `ships`, `turns`: the form is the `-s` form of a verb (it may be a plural noun too)."""
    return any(
        word in lemminflect.getInflection(lemma, "VBZ") for lemma in _readings(word).get("VERB", ())
    )


def can_be_base_verb(word: str) -> bool:
    """`build`, `call`: the form is a verb's base form (it may be a noun too)."""
    return word in _readings(word).get("VERB", ())


def can_be_participle(word: str) -> bool:
    """`beating`, `using`: an `-ing` form the lexicon knows as a verb."""
    return word.endswith("ing") and "VERB" in _readings(word)


def is_plural_noun(word: str) -> bool:
    """`users`, `agents`: the form is a noun's plural (`improves` is a verb only)."""
    return any(
        word != lemma and word in lemminflect.getInflection(lemma, "NNS")
        for lemma in _readings(word).get("NOUN", ())
    )


def is_verb_only(word: str) -> bool:
    """`improve`, `write`: the lexicon knows the form as a verb and nothing else."""
    return set(_readings(word)) == {"VERB"}
