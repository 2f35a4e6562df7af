"""Scoring extracted facts against gold annotations (the gold format and matching rules of EXTRACTION.md).

A gold file holds one JSON object per document: `entities` (id -> type and names, the first canonical, the
others accepted aliases), `subject`, the required facts (`posts`, `centres`, `partnerships`, `initiatives`)
and an `optional` block with the same keys plus optional entity ids.  A prediction is the
`kg extract --jsonl` object.  Names match after NFKC, removal of white space and quote marks; centre
names also after removal of leading level words; roles after removal of a leading 院/集团 before a title;
initiative names leniently (one contains the other and is at least 40% of its length).  A prediction
matching an optional fact is neither a true nor a false positive.

    >>> report = score(load_jsonl("gold.jsonl"), load_jsonl("pred.jsonl"))
    >>> print(format_table(report))
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

QUOTE_MARKS = set("\"'“”‘’「」『』《》〈〉【】")
LEVEL_WORDS = ("国家级", "省级", "市级", "县级", "国家", "中国", "省", "高级", "标准版", "基层版", "示范")
ROLE_PREFIXES = ("医院", "集团", "本院", "该院", "我院", "院")
TITLE_STARTS = ("党", "纪", "院长", "副院长", "常务副院长", "工会", "团委", "总")
KINDS = (
    "institutions", "organizations", "persons", "posts_pair", "posts", "centres",
    "partnerships", "partnership_kinds", "initiatives",
)
RELATION_KINDS = ("posts", "centres", "partnerships", "initiatives")
ENTITY_KINDS = {"institutions": "MedicalInstitution", "organizations": "Organization", "persons": "Person"}


class EvaluationError(KgError):
    """A gold or prediction file could not be read."""


def normal(text: object) -> str:
    """NFKC, no white space, no quote marks."""
    if text is None:
        return ""
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))
    return "".join(c for c in s if c not in QUOTE_MARKS)


def normal_centre(text: object) -> str:
    """A centre name without its leading level words (国家级胸痛中心 -> 胸痛中心)."""
    s = normal(text)
    stripped = True
    while stripped:
        stripped = False
        for w in LEVEL_WORDS:
            if s.startswith(w) and len(s) - len(w) >= 3:
                s, stripped = s[len(w):], True
    return s


def normal_role(text: object) -> str:
    """院党委书记 -> 党委书记; 院长 and 院办主任 stay as they are."""
    s = normal(text)
    for p in ROLE_PREFIXES:
        if s.startswith(p) and s[len(p):].startswith(TITLE_STARTS):
            return s[len(p):]
    return s


def load_jsonl(path: str | Path) -> dict[str, dict]:
    """Objects of a JSON Lines file keyed by their `doc`."""
    docs: dict[str, dict] = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvaluationError(f"cannot read {path}: {e}; give an existing JSON Lines file") from e
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"{path}:{n}: not JSON ({e}); each line must be one JSON object") from e
        if "doc" not in obj:
            raise EvaluationError(f"{path}:{n}: no 'doc' key; every object names its document file")
        docs[obj["doc"]] = obj
    return docs


class NameIndex:
    """Predicted names -> gold entity ids (through canonical names and aliases); unknown names stay apart."""

    def __init__(self, gold: dict):
        self.ids: dict[str, str] = {}
        for eid, ent in gold.get("entities", {}).items():
            for name in ent["names"]:
                self.ids.setdefault(normal(name), eid)

    def __call__(self, name: object) -> str:
        key = normal(name)
        return self.ids.get(key, "?" + key)


def gold_facts(gold: dict, optional: bool) -> dict[str, set]:
    """The required (or the optional) facts of a gold document as comparable tuples."""
    block = gold.get("optional", {}) if optional else gold
    entities = gold.get("entities", {})
    if optional:
        ids = set(block.get("entities", []))
    else:
        ids = set(entities) - set(gold.get("optional", {}).get("entities", []))
    out: dict[str, set] = {k: {e for e in ids if entities[e]["type"] == t} for k, t in ENTITY_KINDS.items()}
    posts = block.get("posts", [])
    parts = block.get("partnerships", [])
    out["posts_pair"] = {(p, o) for p, _, o in posts}
    out["posts"] = {(p, normal_role(r), o) for p, r, o in posts}
    out["centres"] = {(o, normal_centre(c)) for o, c, *_ in block.get("centres", [])}
    out["partnerships"] = {frozenset((a, b)) for a, b, _ in parts}
    out["partnership_kinds"] = {(frozenset((a, b)), normal(k)) for a, b, k in parts}
    out["initiatives"] = {(o, normal(n)) for o, n in block.get("initiatives", [])}
    return out


def predicted_facts(pred: dict, ids: NameIndex) -> dict[str, set]:
    """The facts of a prediction object, names mapped to gold ids."""

    def strings(key: str) -> list[str]:
        return [x for x in pred.get(key) or [] if isinstance(x, str)]

    def objects(key: str) -> list[dict]:
        return [x for x in pred.get(key) or [] if isinstance(x, dict)]

    out: dict[str, set] = {k: {ids(n) for n in strings(k)} for k in ENTITY_KINDS}
    posts, parts = objects("posts"), objects("partnerships")
    out["posts_pair"] = {(ids(p.get("person")), ids(p.get("org"))) for p in posts}
    out["posts"] = {(ids(p.get("person")), normal_role(p.get("role")), ids(p.get("org"))) for p in posts}
    out["centres"] = {(ids(c.get("org")), normal_centre(c.get("name"))) for c in objects("centres")}
    out["partnerships"] = {frozenset((ids(p.get("a")), ids(p.get("b")))) for p in parts}
    out["partnership_kinds"] = {(frozenset((ids(p.get("a")), ids(p.get("b")))), normal(p.get("kind"))) for p in parts}
    out["initiatives"] = {(ids(i.get("org")), normal(i.get("name"))) for i in objects("initiatives")}
    return out


def initiatives_match(pred: tuple[str, str], gold: tuple[str, str]) -> bool:
    """Same org, and one name contains the other and is at least 40% of its length."""
    (p_org, p_name), (g_org, g_name) = pred, gold
    if p_org != g_org or not p_name or not g_name:
        return False
    short, long_ = sorted((p_name, g_name), key=len)
    return len(short) >= 2 and len(short) >= 0.4 * len(long_) and short in long_


@dataclass
class Tally:
    """Counts of one kind of fact, and what was missed or extra (per document)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return round(p, 4), round(r, 4), round(f, 4)


def show(fact: object) -> str:
    """A fact as text, pairs with their two sides in sorted order (stable across runs)."""
    if isinstance(fact, frozenset):
        return "frozenset({" + ", ".join(repr(x) for x in sorted(fact)) + "})"
    if isinstance(fact, tuple):
        return "(" + ", ".join(show(x) if isinstance(x, frozenset) else repr(x) for x in fact) + ")"
    return str(fact)


def compare(kind: str, pred: set, required: set, optional: set) -> Tally:
    """One kind of fact in one document: exact matching, lenient for initiatives."""
    if kind != "initiatives":
        return Tally(
            len(pred & required), len(pred - required - optional), len(required - pred),
            sorted(map(show, required - pred)), sorted(map(show, pred - required - optional)),
        )
    left = set(required)
    tally = Tally()
    for p in sorted(pred):
        hit = next((g for g in sorted(left) if initiatives_match(p, g)), None)
        if hit is not None:
            left.discard(hit)
            tally.tp += 1
        elif not any(initiatives_match(p, g) for g in required | optional):
            tally.fp += 1
            tally.extra.append(show(p))
    tally.fn, tally.missed = len(left), sorted(map(show, left))
    return tally


@dataclass
class Report:
    """Scores over a set of documents: totals per kind, per-document tallies, subject accuracy."""

    totals: dict[str, Tally]
    per_doc: dict[str, dict[str, Tally]]
    subject_accuracy: float
    missing: list[str]

    @property
    def relations(self) -> Tally:
        out = Tally()
        for k in RELATION_KINDS:
            out.add(self.totals[k])
        return out

    def scores(self) -> dict[str, dict]:
        rows = {k: self.totals[k] for k in KINDS} | {"relations": self.relations}
        out: dict[str, dict] = {}
        for k, t in rows.items():
            p, r, f = t.prf()
            out[k] = {"p": p, "r": r, "f1": f, "tp": t.tp, "fp": t.fp, "fn": t.fn}
        out["subject_accuracy"] = self.subject_accuracy
        return out

    def to_json(self, per_doc: bool = False) -> dict:
        out: dict = {"documents": len(self.per_doc), "missing_predictions": self.missing, "scores": self.scores()}
        if per_doc:
            out["per_doc"] = {
                doc: {k: {"missed": t.missed, "extra": t.extra} for k, t in kinds.items() if t.missed or t.extra}
                for doc, kinds in self.per_doc.items()
            }
        return out


def score(golds: dict[str, dict], preds: dict[str, dict]) -> Report:
    """Score predictions (by document name) against gold documents; a document without one scores empty."""
    totals = {k: Tally() for k in KINDS}
    per_doc: dict[str, dict[str, Tally]] = {}
    subject_ok = 0
    for doc, gold in golds.items():
        pred = preds.get(doc, {})
        ids = NameIndex(gold)
        required, optional, got = gold_facts(gold, False), gold_facts(gold, True), predicted_facts(pred, ids)
        if gold.get("subject"):
            subject_ok += ids(pred.get("subject")) == gold["subject"]
        else:
            subject_ok += not pred.get("subject")
        per_doc[doc] = {}
        for kind in KINDS:
            tally = compare(kind, got[kind], required[kind], optional[kind])
            totals[kind].add(tally)
            per_doc[doc][kind] = tally
    accuracy = round(subject_ok / len(golds), 4) if golds else 0.0
    return Report(totals, per_doc, accuracy, sorted(set(golds) - set(preds)))


def format_table(report: Report, per_doc: bool = False) -> str:
    """The plain-text table (and, with `per_doc`, one line per miss and extra)."""
    lines: list[str] = []
    if per_doc:
        for doc, kinds in report.per_doc.items():
            for kind, t in kinds.items():
                lines += [f"{doc}\t{kind}\tmissed\t{m}" for m in t.missed]
                lines += [f"{doc}\t{kind}\textra\t{e}" for e in t.extra]
        lines.append("")
    lines.append(f"documents: {len(report.per_doc)}   without a prediction: {len(report.missing)}")
    lines.append(f"{'kind':<18}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
    scores = report.scores()
    for k in (*KINDS, "relations"):
        s = scores[k]
        lines.append(f"{k:<18}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append(f"subject accuracy: {report.subject_accuracy:.3f}")
    return "\n".join(lines)


def predictions_for(paths: Iterable[str | Path]) -> dict[str, dict]:
    """Prediction objects for `paths`: `.jsonl` files are read as predictions, anything else is extracted."""
    preds: dict[str, dict] = {}
    articles: list[str | Path] = []
    for p in paths:
        if str(p).endswith(".jsonl"):
            preds.update(load_jsonl(p))
        else:
            articles.append(p)
    if articles:
        from kg.documents import read_documents
        from kg.errors import DocumentError
        from kg.extract import extract

        for item in read_documents(articles):
            if not isinstance(item, DocumentError):
                doc = extract(item)
                preds[doc.name] = doc.to_json()
    return preds
