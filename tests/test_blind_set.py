"""The blind held-out set (tests/blind): gold well-formed, a gold-built prediction scores 1.0, and a
regression guard on extraction quality for text the extraction rules were not written against."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import load_jsonl, score
from tests.conftest import SHARED

BLIND = Path(__file__).parent / "blind"
GOLD = BLIND / "gold.jsonl"
SHARED_SCORER = SHARED / "eval" / "score.py"  # ../shared beside the project
# Measured 2026-11-24 on the extractor at commit 2853b53: relations F1 0.828. Guard = measured - 0.05, floor 0.6.
MEASURED_RELATIONS_F1 = 0.986  # 0.828 at first measurement; 0.942 before the tests/blind2 session's fixes
GUARD = max(0.6, MEASURED_RELATIONS_F1 - 0.05)
ENCODINGS = {"b07.txt": "gb18030"}


def golds() -> dict[str, dict]:
    return load_jsonl(GOLD)


def text_of(name: str) -> str:
    raw = (BLIND / name).read_bytes().decode(ENCODINGS.get(name, "utf-8"))
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


def test_blind_set_has_twenty_articles_with_gold() -> None:
    articles = sorted(p.name for p in BLIND.iterdir() if p.suffix in {".txt", ".html"})
    assert len(articles) == 20
    assert sorted(golds()) == articles


def test_blind_gold_ids_exist_and_names_come_from_the_text() -> None:
    for doc, g in golds().items():
        ents = g["entities"]
        assert ids_used(g) <= set(ents), doc
        text = text_of(doc)
        seen: dict[str, str] = {}
        for eid, ent in ents.items():
            assert any(re.sub(r"\s+", "", n) in text for n in ent["names"]), (doc, eid)
            if ent["type"] == "Person":
                assert ent["names"][0] in text, (doc, eid)
            for n in ent["names"]:
                assert seen.setdefault(n, eid) == eid, f"{doc}: alias {n} shared"


def test_blind_gold_built_prediction_scores_one() -> None:
    gs = golds()
    report = score(gs, {d: perfect_prediction(g) for d, g in gs.items()})
    for kind, s in report.scores().items():
        if kind != "subject_accuracy":
            assert s["f1"] == 1.0, kind
    assert report.subject_accuracy == 1.0


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="shared scorer not present")
def test_blind_gold_built_prediction_scores_one_with_the_shared_scorer(tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(perfect_prediction(g), ensure_ascii=False) + "\n" for g in golds().values()),
                    encoding="utf-8")
    out = subprocess.run([sys.executable, str(SHARED_SCORER), "--gold", str(GOLD), "--pred", str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    scores = json.loads(out)["scores"]
    assert all(v["f1"] == 1.0 for k, v in scores.items() if isinstance(v, dict))


def test_blind_relations_f1_regression_guard() -> None:
    result = CliRunner().invoke(main, ["eval", "--gold", str(GOLD), str(BLIND), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["documents"] == 20 and not report["missing_predictions"]
    f1 = report["scores"]["relations"]["f1"]
    assert f1 >= GUARD, f"blind relations F1 {f1:.3f} fell below the guard {GUARD:.3f}"
