"""A long fuzzing campaign over the whole pipeline (outside the default test suite).

Runs the properties of tests/test_fuzz_pipeline.py (random Unicode, markup and bytes -> reading ->
extraction -> RDF -> every format parsed back) round after round, each round with a fresh seed and
larger, longer texts than the default run, until the time budget is spent.  Every failure is shrunk by
hypothesis, printed with its seed and kept; the slowest extractions are reported too (a text that takes
seconds is a finding: the default run caught a cubic case this way).

    python bench/fuzz_campaign.py --minutes 15            # all properties, random seeds
    python bench/fuzz_campaign.py --minutes 2 --seed 7     # reproducible

Prints one line per round and a summary: examples run per property, failures, slowest texts.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import test_fuzz_pipeline as fp  # noqa: E402  (the strategies and checks of the default run)

from kg.documents import document_from_text  # noqa: E402
from kg.extract import extract  # noqa: E402

long_texts = st.lists(fp.pieces, max_size=600).map("".join)
# repetitive texts: a few pieces repeated many times (the shape of the cubic case 医院医院…)
repeated = st.tuples(st.lists(fp.pieces, min_size=1, max_size=4).map("".join), st.integers(50, 1500)).map(
    lambda t: t[0] * t[1])


def timed_extract(text: str, path: str, slow: list[tuple[float, int, str]]) -> None:
    doc = document_from_text(text, path)
    t0 = time.perf_counter()
    doc = extract(doc)
    seconds = time.perf_counter() - t0
    slow.append((seconds, len(text), text[:80]))
    slow.sort(reverse=True)
    del slow[10:]
    fp.check_evidence(doc)
    fp.round_trip([doc])


def properties(slow: list) -> dict:
    """The properties of one round, as plain callables taking (max_examples, seed)."""

    def text_and_paths(n: int, s: int) -> None:
        @seed(s)
        @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(long_texts, fp.paths)
        def run(text, path):
            timed_extract(text, path, slow)
        run()

    def repeats(n: int, s: int) -> None:
        @seed(s)
        @settings(max_examples=max(1, n // 10), deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(repeated)
        def run(text):
            timed_extract(text, "news/r.txt", slow)
        run()

    def several(n: int, s: int) -> None:
        @seed(s)
        @settings(max_examples=max(1, n // 2), deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(st.lists(long_texts, min_size=2, max_size=5))
        def run(texts):
            docs = [extract(document_from_text(t, f"news/{i}.txt")) for i, t in enumerate(texts)]
            fp.round_trip(docs)
        run()

    def markup(n: int, s: int) -> None:
        @seed(s)
        @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(fp.markup)
        def run(page):
            fp.pipeline_of_bytes(page.encode("utf-8"), ".html")
        run()

    def raw_bytes(n: int, s: int) -> None:
        @seed(s)
        @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.one_of(st.binary(max_size=4000), long_texts.flatmap(lambda t: st.sampled_from(
            ["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5", "cp950"]).map(
            lambda enc: t.encode(enc, errors="replace")))))
        def run(data):
            fp.pipeline_of_bytes(data)
        run()

    return {"text+paths": (text_and_paths, 1), "repeated": (repeats, 10), "several docs": (several, 2),
            "markup": (markup, 1), "bytes": (raw_bytes, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=15.0, help="time budget")
    parser.add_argument("--examples", type=int, default=300, help="examples per property per round")
    parser.add_argument("--seed", type=int, default=None, help="seed of the first round (default: random)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    slow: list[tuple[float, int, str]] = []
    props = properties(slow)
    counts = {name: 0 for name in props}
    failures: list[tuple[str, int, str]] = []
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for name, (prop, divisor) in props.items():
            if time.monotonic() >= deadline:
                break
            s = rng.randrange(2**32)
            t0 = time.perf_counter()
            try:
                prop(args.examples, s)
                status = "ok"
            except Exception as e:  # noqa: BLE001 - a finding: report it and go on
                status = f"FAILED ({type(e).__name__})"
                failures.append((name, s, "".join(traceback.format_exception(e))[-3000:]))
            counts[name] += max(1, args.examples // divisor)
            print(f"round {rounds:3d} {name:13s} seed {s:10d} {time.perf_counter() - t0:6.1f} s  {status}",
                  flush=True)
    print(f"\n{rounds} rounds in {args.minutes:g} min; examples per property: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + f"; total {sum(counts.values())}")
    print("slowest extractions (s, characters, start of text):")
    for seconds, n, text in slow:
        print(f"  {seconds:6.2f} {n:6d} {text!r}")
    print(f"failures: {len(failures)}")
    for name, s, tb in failures:
        print(f"--- {name} seed {s}\n{tb}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
