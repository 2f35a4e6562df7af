"""The blind held-out sets (tests/blind, tests/blind2, tests/blind3, tests/blind4): gold well-formed, a gold-built
prediction scores 1.0, and a regression guard on extraction quality for text the rules were not written against.

blind and blind2 were later used to find classes of error (blind2: its TUNE half t01-t12 first, then its HELD half
h01-h12), blind3 too from 6dfb512 on; blind4 is held out whole: scored only, never fitted.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import load_jsonl, score
from tests.conftest import SHARED

SHARED_SCORER = SHARED / "eval" / "score.py"  # ../shared beside the project


@dataclass(frozen=True)
class BlindSet:
    name: str
    measured_relations_f1: float  # the guard is this - 0.05 (floor 0.6)
    articles: int
    encodings: dict[str, str] = field(default_factory=dict)
    shape: Callable[[list[str]], bool] = lambda names: True  # what else the README promises of the file names

    @property
    def folder(self) -> Path:
        return Path(__file__).parent / self.name

    @property
    def gold(self) -> Path:
        return self.folder / "gold.jsonl"

    @property
    def guard(self) -> float:
        return max(0.6, self.measured_relations_f1 - 0.05)


SETS = [
    # 0.828 at first measurement (2853b53); 0.942 before the tests/blind2 session's fixes
    BlindSet("blind", 0.986, 20, {"b07.txt": "gb18030"}),
    # 0.867 before any rule was fitted to it (TUNE 0.887, HELD 0.848); 0.922 after the TUNE-half fixes (HELD 0.848)
    BlindSet("blind2", 0.989, 24, {"t04.txt": "gbk", "h04.txt": "gb18030"},
             lambda names: sum(n.startswith("t") for n in names) == 12 and sum(n.startswith("h") for n in names) == 12),
    # 0.832 at 4317d2b against the gold as first committed, 0.840 after the gold review (optional readings added,
    # README.md); 0.802 before this session's extraction work, 0.849 after it (b480e51). From 6dfb512 on blind3 was
    # used to find classes of error (no longer held out): 0.849 -> 0.943 (659a961)
    BlindSet("blind3", 0.967, 20, {"c08.txt": "gbk", "c14.txt": "gb18030"},
             lambda names: sum(n.endswith(".html") for n in names) == 2),
    # 0.786 at the baseline 7a73ca8 (0.781 against the gold as first committed; README.md), measured once after the
    # gold was final; held out whole, never fitted; scored (not opened) after the fixes found on blind3: 0.820 (e3907e9)
    BlindSet("blind4", 0.820, 20, {"d02.txt": "gbk", "d06.txt": "gb18030", "d09.html": "gbk"},
             lambda names: sum(n.endswith(".html") for n in names) == 3),
]
by_name = pytest.mark.parametrize("bs", SETS, ids=[s.name for s in SETS])


def golds(bs: BlindSet) -> dict[str, dict]:
    return load_jsonl(bs.gold)


def text_of(bs: BlindSet, name: str) -> str:
    raw = (bs.folder / name).read_bytes().decode(bs.encodings.get(name, "utf-8"))
    raw = raw.replace("&copy;", "©").replace("&nbsp;", " ").replace("&gt;", ">")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).replace("“", "").replace("”", "")


def ids_used(g: dict) -> set[str]:
    used = {g["subject"]} if g["subject"] else set()
    for block in (g, g["optional"]):
        used |= {x for p, _, o in block["posts"] for x in (p, o)}
        used |= {c[0] for c in block["centres"]}
        used |= {x for a, b, _ in block["partnerships"] for x in (a, b)}
        used |= {o for o, _ in block["initiatives"]}
    return used | set(g["optional"]["entities"])


def perfect_prediction(g: dict) -> dict:
    """A prediction made of the gold's canonical names and required facts only."""
    ents, opt = g["entities"], set(g["optional"]["entities"])

    def name(i: str) -> str:
        return ents[i]["names"][0]

    req = [i for i in ents if i not in opt]
    return {
        "doc": g["doc"],
        "subject": name(g["subject"]) if g["subject"] else None,
        "institutions": [name(i) for i in req if ents[i]["type"] == "MedicalInstitution"],
        "organizations": [name(i) for i in req if ents[i]["type"] == "Organization"],
        "persons": [name(i) for i in req if ents[i]["type"] == "Person"],
        "posts": [{"person": name(p), "role": r, "org": name(o)} for p, r, o in g["posts"]],
        "centres": [{"org": name(o), "name": c, "level": lv} for o, c, lv in g["centres"]],
        "partnerships": [{"a": name(a), "b": name(b), "kind": k} for a, b, k in g["partnerships"]],
        "initiatives": [{"org": name(o), "name": n} for o, n in g["initiatives"]],
    }


@by_name
def test_articles_and_gold_match(bs: BlindSet) -> None:
    articles = sorted(p.name for p in bs.folder.iterdir() if p.suffix in {".txt", ".html"})
    assert len(articles) == bs.articles and bs.shape(articles)
    assert sorted(golds(bs)) == articles


@by_name
def test_encodings_are_what_the_readme_says(bs: BlindSet) -> None:
    for name, enc in bs.encodings.items():
        raw = (bs.folder / name).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert "医院" in raw.decode(enc)


@by_name
def test_gold_ids_exist_and_names_come_from_the_text(bs: BlindSet) -> None:
    for doc, g in golds(bs).items():
        ents = g["entities"]
        assert ids_used(g) <= set(ents), doc
        text = text_of(bs, doc)
        seen: dict[str, str] = {}
        for eid, ent in ents.items():
            assert any(re.sub(r"\s+", "", n) in text for n in ent["names"]), (doc, eid)
            if ent["type"] == "Person":
                assert ent["names"][0] in text, (doc, eid)
            for n in ent["names"]:
                assert seen.setdefault(n, eid) == eid, f"{doc}: alias {n} shared"


@by_name
def test_gold_has_no_fact_both_required_and_optional(bs: BlindSet) -> None:
    for doc, g in golds(bs).items():
        for key in ("posts", "centres", "partnerships", "initiatives"):
            req = [tuple(f) for f in g[key]]
            assert len(req) == len(set(req)), (doc, key)
            assert not set(req) & {tuple(f) for f in g["optional"][key]}, (doc, key)


@by_name
def test_gold_built_prediction_scores_one(bs: BlindSet) -> None:
    gs = golds(bs)
    report = score(gs, {d: perfect_prediction(g) for d, g in gs.items()})
    for kind, s in report.scores().items():
        if kind != "subject_accuracy":
            assert s["f1"] == 1.0, kind
    assert report.subject_accuracy == 1.0


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="shared scorer not present")
@by_name
def test_gold_built_prediction_scores_one_with_the_shared_scorer(bs: BlindSet, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(perfect_prediction(g), ensure_ascii=False) + "\n"
                            for g in golds(bs).values()), encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED_SCORER), "--gold", str(bs.gold), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    scores = json.loads(out)["scores"]
    assert all(v["f1"] == 1.0 for k, v in scores.items() if isinstance(v, dict))


@by_name
def test_relations_f1_regression_guard(bs: BlindSet) -> None:
    result = CliRunner().invoke(main, ["eval", "--gold", str(bs.gold), str(bs.folder), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == bs.articles and not report["missing_predictions"]
    f1 = report["scores"]["relations"]["f1"]
    assert f1 >= bs.guard, f"{bs.name} relations F1 {f1:.3f} fell below the guard {bs.guard:.3f}"
