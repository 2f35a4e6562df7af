"""The faster POS Viterbi (`kg.extract.viterbi`) gives jieba's own path on real text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jieba.posseg import POSTokenizer
from jieba.posseg.char_state_tab import P as char_states
from jieba.posseg.prob_emit import P as emit
from jieba.posseg.prob_start import P as start
from jieba.posseg.prob_trans import P as trans
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from kg.extract import segment
from kg.extract.viterbi import viterbi

ROOT = Path(__file__).resolve().parents[1]


def _runs() -> list[str]:
    """Han runs of the seed articles and of the blind set, cut into the short spans the stages tag."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "blind").glob("*.txt"))[:4]]
    spans: set[str] = set()
    for text in texts:
        for run in re.findall(r"[\u4e00-\u9fff]+", text):
            for i in range(0, len(run), 5):
                spans.add(run[i : i + 2 + i % 13])
    return sorted(spans)


RUNS = _runs()


def test_spans_to_compare_are_many():
    assert len(RUNS) > 1500


def test_same_path_and_probability_as_jieba():
    for text in RUNS:
        prob, route = jieba_viterbi(text, char_states, start, trans, emit)
        assert viterbi(text) == (prob, tuple(route)), text


@pytest.mark.parametrize("text", ["", "张", "𠀀𠀀", "ＡＢ医院", "abc医院123"])
def test_odd_input_tags_like_jieba(text):
    plain = POSTokenizer(segment.tokenizer())
    assert segment.pos_tags(text) == tuple((p.word, p.flag) for p in plain.cut(text))


def test_pos_tags_agree_with_jieba_on_text_spans():
    plain = POSTokenizer(segment.tokenizer())
    for text in RUNS[::5]:
        assert segment.pos_tags(text) == tuple((p.word, p.flag) for p in plain.cut(text)), text
