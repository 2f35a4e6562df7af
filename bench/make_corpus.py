"""Make a large, realistic corpus for benchmarks from the seeds and the dev articles (read at run time).

Each output article is one of the real articles with its hospital, organisation, person and place names
replaced by generated ones (deterministic for a given --seed): the names to replace come from the gold
annotations beside the articles, places are the administrative-division prefixes of those names
(…省 / …市 / …县 / …区, and their bare stems).  Generated places come from a pool about a fifth the size
of the corpus, so the same generated hospital appears in several articles, as in a real news feed.
Nothing is copied into the repository: write into bench/out/ (git-ignored) or any folder outside git.

    python bench/make_corpus.py --count 10000 --out bench/out/corpus-10k
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SURNAMES = Path(__file__).resolve().parents[1] / "kg" / "extract" / "lexicon" / "surnames.txt"
PLACE_CHARS = ("安宁平和泰康永丰昌盛兴华阳明东西南北江河山海湖林云青白金石清远长新城德福寿嘉定武文荣庆恒汉"
               "源川岭泉溪桥田原台峰岩霞松柏桃梅兰竹凤龙鹤鹿临沂丹凌广济通利宜崇信义仁")
GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志斌波宁俊峰晨雪琳璐浩宇欣怡嘉"
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(省|市|县|区)")


def load_templates(shared: Path = SHARED) -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(name, type)]) for every seed and dev article that has gold annotations."""
    out = []
    for folder, gold in ((shared / "seeds", shared / "gold" / "seeds.jsonl"),
                         (shared / "corpus" / "dev", shared / "gold" / "dev.jsonl")):
        for line in gold.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            path = folder / rec["doc"]
            if not path.is_file():
                continue
            names = [(n, e["type"]) for e in rec["entities"].values() for n in e["names"]]
            out.append((path.read_text(encoding="utf-8-sig"), names))
    if not out:
        sys.exit(f"no articles with gold annotations under {shared}")
    return out


def place_stems(names: list[tuple[str, str]]) -> list[str]:
    """The administrative-division stems that institution and organisation names start with."""
    stems: list[str] = []
    for name, etype in names:
        if etype == "Person":
            continue
        pos = 0
        while m := _PLACE.match(name, pos):
            stem = m.group(1)
            if not (set(stem) & set("院校级") or stem.startswith(("中共", "政协"))):
                stems.append(stem)
            pos = m.end()
    found = set(stems)  # 中共乐清 (from 中共乐清市委) -> 乐清 when 乐清 is a stem too
    found = {s for s in found if not any(s != t and s.endswith(t) for t in found)}
    return sorted(found, key=len, reverse=True)


class NameMaker:
    """Deterministic generated names: a pool of places, persons from general surnames."""

    def __init__(self, seed: int, places: int):
        rng = random.Random(seed)
        self.surnames = [s.split()[0] for s in SURNAMES.read_text(encoding="utf-8").split("\n")
                         if s.strip() and not s.startswith("#") and len(s.split()[0]) == 1][:120] or list("王李张刘陈")
        pool: set[str] = set()
        two = min(places, len(PLACE_CHARS) * (len(PLACE_CHARS) - 1) * 3 // 4)  # then 3 characters: no endless draw
        while len(pool) < places:
            pool.add("".join(rng.sample(PLACE_CHARS, 2 if len(pool) < two else 3)))
        self.places = sorted(pool)

    def person(self, rng: random.Random, length: int) -> str:
        given = max(1, length - 1)
        return rng.choice(self.surnames) + "".join(rng.choice(GIVEN_CHARS) for _ in range(given))


def rewrite(text: str, names: list[tuple[str, str]], maker: NameMaker, rng: random.Random) -> str:
    """`text` with its places and persons replaced (longest names first, one pass)."""
    mapping: dict[str, str] = {}
    for stem in place_stems(names):
        mapping[stem] = rng.choice(maker.places)
    for name, etype in names:
        if etype == "Person" and name not in mapping and len(name) >= 2:
            mapping[name] = maker.person(rng, len(name))
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def make_corpus(count: int, out: Path, seed: int = 7) -> tuple[int, int]:
    """Write `count` articles under `out` (1,000 per folder); returns (files, characters)."""
    templates = load_templates()
    maker = NameMaker(seed, max(50, count // 5))
    chars = 0
    for i in range(count):
        text, names = templates[i % len(templates)]
        body = rewrite(text, names, maker, random.Random(f"{seed}-{i}"))
        target = out / f"{i // 1000:03d}" / f"a{i:06d}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        chars += len(body)
    return count, chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "out" / "corpus-10k")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    t0 = time.perf_counter()
    files, chars = make_corpus(args.count, args.out, args.seed)
    secs = time.perf_counter() - t0
    print(f"wrote {files} articles, {chars / 1e6:.1f} M characters, to {args.out} in {secs:.1f} s")


if __name__ == "__main__":
    main()
