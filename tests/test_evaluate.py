"""`kg.evaluate` and `kg eval`: the gold format's matching rules, and agreement with the shared scorer."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import EvaluationError, format_table, load_jsonl, normal_centre, normal_role, score

GOLD = {
    "doc": "x.txt",
    "entities": {
        "H1": {"type": "MedicalInstitution", "names": ["青山县人民医院", "青山县医院"]},
        "H2": {"type": "MedicalInstitution", "names": ["白河市中医院"]},
        "O1": {"type": "Organization", "names": ["青山县卫健局"]},
        "P1": {"type": "Person", "names": ["李明"]},
    },
    "subject": "H1",
    "posts": [["P1", "党委书记", "H1"]],
    "centres": [["H1", "胸痛中心", "国家级"]],
    "partnerships": [["H1", "H2", "医联体"]],
    "initiatives": [["H1", "清廉医院建设"]],
    "optional": {"entities": ["O1"], "centres": [["H1", "区域医疗中心", None]], "initiatives": [["H1", "智慧医疗"]]},
}


def scores_of(pred: dict) -> dict:
    return score({"x.txt": GOLD}, {"x.txt": {"doc": "x.txt", **pred}}).scores()


def test_evaluate_perfect_prediction_with_aliases_and_variants() -> None:
    pred = {
        "subject": "青山县医院",
        "institutions": ["青山县人民医院", "白河市中医院"],
        "persons": ["李明"],
        "posts": [{"person": "李明", "role": "院党委书记", "org": "青山县医院"}],
        "centres": [{"org": "青山县人民医院", "name": "国家级胸痛中心"}],
        "partnerships": [{"a": "白河市中医院", "b": "青山县人民医院", "kind": "医联体"}],
        "initiatives": [{"org": "青山县人民医院", "name": "“清廉医院”建设"}],
    }
    s = scores_of(pred)
    for kind in ("institutions", "persons", "posts", "centres", "partnerships", "partnership_kinds", "initiatives"):
        assert s[kind]["f1"] == 1.0, kind
    assert s["subject_accuracy"] == 1.0
    assert s["organizations"]["fn"] == 0  # O1 is optional


def test_evaluate_optional_facts_are_neutral() -> None:
    org = "青山县人民医院"
    pred = {"centres": [{"org": org, "name": "区域医疗中心"}], "initiatives": [{"org": org, "name": "智慧医疗"}]}
    s = scores_of(pred)
    assert (s["centres"]["tp"], s["centres"]["fp"], s["centres"]["fn"]) == (0, 0, 1)
    assert s["initiatives"]["fp"] == 0


@pytest.mark.parametrize(
    ("name", "hit"),
    [("清廉医院建设", True), ("清廉医院", True), ("清廉医院建设工作推进年度计划实施方案", False), ("清廉", False)],
)
def test_evaluate_initiatives_match_leniently(name: str, hit: bool) -> None:
    s = scores_of({"initiatives": [{"org": "青山县人民医院", "name": name}]})
    assert s["initiatives"]["tp"] == int(hit)


def test_evaluate_pairs_are_unordered_and_kinds_scored_apart() -> None:
    s = scores_of({"partnerships": [{"a": "白河市中医院", "b": "青山县人民医院", "kind": "托管"}]})
    assert s["partnerships"]["tp"] == 1
    assert (s["partnership_kinds"]["tp"], s["partnership_kinds"]["fp"]) == (0, 1)


def test_evaluate_normalises_names_roles_and_centres() -> None:
    assert normal_centre("国家级胸痛中心") == "胸痛中心"
    assert normal_centre("省级卒中中心") == "卒中中心"
    assert normal_role("院党委书记") == "党委书记"
    assert normal_role("院长") == "院长"


def test_evaluate_missing_prediction_is_listed() -> None:
    report = score({"x.txt": GOLD}, {})
    assert report.missing == ["x.txt"]
    assert report.scores()["relations"]["r"] == 0.0
    assert "without a prediction: 1" in format_table(report)


def test_evaluate_bad_file_says_what_to_do(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json}\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="one JSON object"):
        load_jsonl(bad)


def test_eval_command_table_json_and_per_doc(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    pred.write_text(json.dumps({"doc": "x.txt", "subject": "青山县人民医院", "centres": []}) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["eval", "--gold", str(gold), str(pred), "--per-doc"])
    assert table.exit_code == 0, table.output
    assert "x.txt\tcentres\tmissed\t('H1', '胸痛中心')" in table.output
    assert "subject accuracy: 1.000" in table.output
    as_json = runner.invoke(main, ["eval", "--gold", str(gold), str(pred), "--json", "--per-doc"])
    data = json.loads(as_json.output)
    assert data["scores"]["centres"]["fn"] == 1 and "x.txt" in data["per_doc"]


def test_eval_command_extracts_articles(tmp_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text("青山县人民医院建立了胸痛中心。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), str(article), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["missing_predictions"] == []


def perturbed_predictions(golds: dict[str, dict], seed: int) -> dict[str, dict]:
    """Predictions from gold: random aliases, some facts dropped, some made up, some optional ones."""
    rnd = random.Random(seed)
    preds = {}
    for doc, g in golds.items():
        ents = g["entities"]

        def name(eid: str, ents: dict = ents) -> str:
            return rnd.choice(ents[eid]["names"])

        def keep(items: list) -> list:
            return [x for x in items if rnd.random() > 0.25]

        opt = g.get("optional", {})
        all_centres = g["centres"] + opt.get("centres", [])
        preds[doc] = {
            "doc": doc,
            "subject": name(g["subject"]) if g.get("subject") and rnd.random() > 0.2 else "无名医院",
            "institutions": [name(e) for e, v in ents.items() if v["type"] == "MedicalInstitution"] + ["某医院"],
            "organizations": [name(e) for e, v in ents.items() if v["type"] == "Organization" and rnd.random() > 0.3],
            "persons": [name(e) for e, v in ents.items() if v["type"] == "Person"],
            "posts": [{"person": name(p), "role": "院" + r, "org": name(o)} for p, r, o in keep(g["posts"])],
            "centres": [{"org": name(o), "name": "省级" + c} for o, c, *_ in keep(all_centres)]
            + [{"org": "某医院", "name": "杂项中心"}],
            "partnerships": [{"a": name(b), "b": name(a), "kind": k} for a, b, k in keep(g["partnerships"])]
            + [{"a": name(a), "b": name(b), "kind": "合作"} for a, b, _ in keep(g["partnerships"])],
            "initiatives": [{"org": name(o), "name": f"“{n}”活动"} for o, n in keep(g["initiatives"])]
            + [{"org": name(o), "name": n} for o, n in keep(opt.get("initiatives", []))]
            + [{"org": name(g["subject"]) if g.get("subject") else "x", "name": "两个维护"}],
        }
    return preds


@pytest.mark.parametrize("gold_name", ["seeds.jsonl", "dev.jsonl"])
def test_evaluate_agrees_with_shared_scorer(shared_dir: Path, tmp_path: Path, gold_name: str) -> None:
    gold_file = shared_dir / "gold" / gold_name
    golds = load_jsonl(gold_file)
    preds = perturbed_predictions(golds, seed=7)
    pred_file = tmp_path / "pred.jsonl"
    pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()), encoding="utf-8")
    scorer = shared_dir / "eval" / "score.py"
    shared = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold_file), "--pred", str(pred_file), "--json"],
        capture_output=True, text=True, check=True,
    )
    expected = json.loads(shared.stdout)["scores"]
    assert score(golds, load_jsonl(pred_file)).scores() == expected
