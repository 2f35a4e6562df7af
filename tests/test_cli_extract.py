"""`kg extract` through click's runner: one bad article never stops the batch."""

from __future__ import annotations

import importlib
import json

from click.testing import CliRunner

from kg.cli import main


def test_extract_skips_an_article_whose_extraction_fails(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("东山县人民医院院长陈立新主持会议。", encoding="utf-8")
    (tmp_path / "b.txt").write_text("西河县中医院党委书记林海出席。", encoding="utf-8")
    stages = importlib.import_module("kg.extract")  # the package (kg.extract the name is a function)
    real = stages.extract

    def flaky(doc, stages=None):
        if doc.name == "a.txt":
            raise RuntimeError("boom")
        return real(doc, stages)

    monkeypatch.setattr(stages, "extract", flaky)
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--jsonl"])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [d["doc"] for d in lines] == ["b.txt"]
    assert "a.txt: extraction failed (RuntimeError: boom)" in result.stderr


def test_extract_size_cap_is_an_option(tmp_path):
    (tmp_path / "a.txt").write_text("东山县人民医院院长陈立新主持会议。" * 100, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--jsonl", "--max-mb", "0.001"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "larger than" in result.stderr and "--max-mb" in result.stderr


def test_view_rejects_an_impossible_as_of_date(tmp_path):
    result = CliRunner().invoke(main, ["view", "--out", str(tmp_path), "--as-of", "2023-13-45"])
    assert result.exit_code == 2
    assert "is not a date" in result.output
