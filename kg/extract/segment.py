"""Extractor stage `segment`: jieba word segmentation of every sentence, with a domain dictionary.

The dictionary is built once, lazily, from the general lexicons (post titles, institution suffixes,
government body words), never from names found in articles.  `doc.tokens` holds ``(word, start, end)``
with offsets into `doc.text`; other stages use the token boundaries to decide where a name may end.
Part-of-speech tagging (6x slower than plain cutting) is left to the few places that need it
(`pos_tags`).
"""

from __future__ import annotations

import logging
import threading
from bisect import bisect_left, bisect_right
from functools import cache, lru_cache

from kg.extract import lexicon
from kg.extract.pipeline import stage
from kg.model import Document

_LOCK = threading.Lock()
_DOMAIN_LEXICONS = ("post_titles", "institution_suffixes", "government_bodies", "org_suffixes")


@cache
def tokenizer():
    """The jieba Tokenizer with the domain words added (built on first use)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _LOCK:
        tok = jieba.Tokenizer()
        tok.initialize()
        for name in _DOMAIN_LEXICONS:
            try:
                entries = lexicon.words(name)
            except FileNotFoundError:
                continue
            for word in entries:
                if len(word) > 1:
                    tok.add_word(word, freq=200000)
    return tok


def cut(text: str) -> list[str]:
    """Words of `text` (domain-aware jieba, no HMM guess at unknown words)."""
    return tokenizer().lcut(text, HMM=True)


@lru_cache(maxsize=65536)
def pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """(word, POS) pairs of a short `text`: only for candidate spans, it is slow (answers are memoized:
    the stages ask about the same span several times)."""
    tagger = _posseg()
    return tuple((p.word, p.flag) for p in tagger.cut(text))


@cache
def _posseg():
    """jieba's POS tagger over the domain tokenizer, its tag table read in one pass (4x faster)."""
    import jieba.posseg
    from jieba.posseg import pair

    from kg.extract.viterbi import viterbi

    class _Tagger(jieba.posseg.POSTokenizer):
        def _POSTokenizer__cut(self, sentence):  # jieba's private HMM step, with the faster exact Viterbi
            _, pos_list = viterbi(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield pair(sentence[nexti:], pos_list[nexti][1])

        def __init__(self, tok):
            self.tokenizer = tok
            with tok.get_dict_file() as f:
                lines = f.read().decode("utf-8").splitlines()
            self.word_tag_tab = {}
            for line in lines:
                parts = line.split(" ")
                if len(parts) == 3:
                    self.word_tag_tab[parts[0]] = parts[2]
            self.word_tag_tab.update(tok.user_word_tag_tab)

    return _Tagger(tokenizer())


class Boundaries:
    """Token boundaries of a document, for quick 'is this offset a word boundary' questions."""

    def __init__(self, doc: Document):
        self.starts = sorted({s for _, s, _ in doc.tokens})
        self.ends = sorted({e for _, _, e in doc.tokens})
        self._set = set(self.starts) | set(self.ends)
        self.by_start = {t[1]: t for t in doc.tokens}  # tokens do not overlap: one per offset
        self.by_end = {t[2]: t for t in doc.tokens}

    def at(self, offset: int) -> bool:
        return offset in self._set

    def inside(self, start: int, end: int) -> list[int]:
        """Boundaries strictly inside (start, end)."""
        lo = bisect_right(self.starts, start)
        hi = bisect_left(self.starts, end)
        return self.starts[lo:hi]


def boundaries(doc: Document) -> Boundaries:
    cached = getattr(doc, "_kg_boundaries", None)
    if cached is None or cached[0] != len(doc.tokens):
        cached = (len(doc.tokens), Boundaries(doc))
        object.__setattr__(doc, "_kg_boundaries", cached)
    return cached[1]


def tokens_in(doc: Document, start: int, end: int) -> list[tuple[str, int, int]]:
    """Tokens lying inside [start, end)."""
    return [t for t in doc.tokens if t[1] >= start and t[2] <= end]


@stage("segment")
def segment(doc: Document) -> Document:
    tok = tokenizer()
    out: list[tuple[str, int, int]] = []
    for sent in doc.sentences:
        pos = sent.start
        for word in tok.lcut(sent.text, HMM=True):
            out.append((word, pos, pos + len(word)))
            pos += len(word)
    doc.tokens = out
    return doc
