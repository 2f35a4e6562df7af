"""Issue 6 through the real `kg` command: every encoding, every kind of bad file, names that break formats.

Each test runs `python -m kg ...` (or the click command in-process where a file must be made unreadable for
root) on articles written here; the names are made up.  Other proofs of the same issue live beside these
(see /work/notes/hostile-report.md): tests/test_documents*.py (reading), test_formats.py (hand-made names),
test_build.py (atomic outputs), test_views.py / test_browser.py (escaping), test_serve.py (endpoint limits).
"""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from kg.cli import main
from kg.rdf import validate
from kg.store import GraphStore

ARTICLE = ("青山县人民医院召开年度工作会议\n"
           "2023年5月6日，青山县人民医院院长{name}在会上作工作报告。他表示，医院将继续提升服务能力。\n")
TRADITIONAL = ("青山縣人民醫院召開年度工作會議\n"
               "2023年5月6日，青山縣人民醫院院長{name}在會上作工作報告。他表示，醫院將繼續提升服務能力。\n")
# one article per encoding, each naming another director: (file, bytes, the director's name in the graph)
ENCODED = [
    ("utf8.txt", ARTICLE.format(name="李明华").encode("utf-8"), "李明华"),
    ("utf8-bom.txt", b"\xef\xbb\xbf" + ARTICLE.format(name="王建国").encode("utf-8"), "王建国"),
    ("gb18030.txt", ARTICLE.format(name="赵志刚").encode("gb18030"), "赵志刚"),
    ("gbk.txt", ARTICLE.format(name="钱文博").encode("gbk"), "钱文博"),
    ("utf16.txt", ARTICLE.format(name="孙丽娟").encode("utf-16"), "孙丽娟"),
    ("big5.txt", TRADITIONAL.format(name="陳國強").encode("big5"), "陈国强"),
    ("invalid-bytes.txt", ARTICLE.format(name="郑晓东").encode("utf-8")[:60] + b"\xff\xfe\xc3\x28"
     + ARTICLE.format(name="郑晓东").encode("utf-8")[60:], "郑晓东"),
]
LEADERS = """PREFIX hkg: <https://w3id.org/hospital-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?text WHERE { ?f a hkg:PostHolding ; hkg:roleLabel "院长"@zh ; org:member ?p ;
  hkg:evidence ?e . ?p rdfs:label ?person . ?e hkg:sentenceText ?text }"""


def kg(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_kg_build_reads_every_encoding_and_keeps_traditional_evidence(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, data, _ in ENCODED:
        (folder / name).write_bytes(data)
    proc = kg("build", "news", "--out", "out", "--no-view", cwd=tmp_path)
    assert f"documents read: {len(ENCODED)}" in proc.stdout and "documents skipped: 0" in proc.stdout
    rows = json.loads(kg("query", LEADERS, "--out", "out", "--format", "json", cwd=tmp_path).stdout)
    found = {row["person"]: row["text"] for row in rows}
    assert set(found) == {person for _, _, person in ENCODED}
    assert found["陈国强"] == "2023年5月6日，青山縣人民醫院院長陳國強在會上作工作報告。"  # evidence as written
    assert found["李明华"] == "2023年5月6日，青山县人民医院院长李明华在会上作工作报告。"
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "青山縣人民醫院院長陳國強" in ttl and '"陈国强"@zh' in ttl
    assert ttl.count('"青山县人民医院"@zh') == 1  # one hospital, whatever the encoding


def _bad_folder(root: Path) -> Path:
    folder = root / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE.format(name="李明华"), encoding="utf-8")
    (folder / "good.html").write_text(
        "<html><head><title>绿水市中医院新闻</title><script>var x='绿水市中医院院长假人甲';</script>"
        "<style>p{}</style></head><body><nav>首页 | 院长信箱</nav><!-- 绿水市中医院院长假人乙 -->"
        "<p>绿水市中医院院长周文斌出席活动&amp;讲话。</p></body></html>", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\t\r\n\u3000 ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "noperm.txt").write_text(ARTICLE.format(name="假人丙"), encoding="utf-8")
    (folder / "noperm.txt").chmod(0)
    (folder / "folder.txt").mkdir()
    (folder / "folder.txt" / "inside.txt").write_text(ARTICLE.format(name="吴海燕"), encoding="utf-8")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    os.symlink(folder, folder / "self")  # a folder loop
    (folder / "long-line.txt").write_text("青山县人民医院" + "很长的一行文字，" * 12_000 + "。", encoding="utf-8")
    with open(folder / "big.txt", "wb") as f:  # 50 MB: over the size cap, refused without reading
        line = ("绿水市中医院举办健康讲座。" * 20 + "\n").encode()
        f.write(line * (50 * 2**20 // len(line) + 1))
    return folder


@pytest.fixture
def unreadable_for_root(monkeypatch):
    """chmod 0 does not stop root: make `open` refuse files named noperm* as the kernel would."""
    if os.geteuid() != 0:
        return
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if Path(str(file)).name.startswith("noperm"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)


def test_kg_build_over_every_kind_of_bad_file(tmp_path, monkeypatch, unreadable_for_root):
    _bad_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["build", "mixed", "mixed/folder.txt", "--out", "out", "--no-view"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    skipped = {line.split(":", 1)[0].removeprefix("  skipped "): line.split(":", 1)[1].strip()
               for line in lines if line.startswith("  skipped ")}
    assert skipped == {
        "mixed/big.txt": "larger than 20 MB (raise the cap with --max-mb)",
        "mixed/binary.txt": "binary file (NUL bytes); only text and HTML files are read",
        "mixed/blank.txt": "no text (only white space)",
        "mixed/empty.txt": "empty file",
        "mixed/loop-a.txt": "symlink loop; fix or remove the link",
        "mixed/loop-b.txt": "symlink loop; fix or remove the link",
        "mixed/noperm.txt": "permission denied; check the file's permissions",
    }
    assert f"documents skipped: {len(skipped)}" in lines
    # good.txt, good.html, long-line.txt and folder.txt/inside.txt (a folder is walked, once)
    assert "documents read: 4\n" in result.output  # (the progress bar may share its line)
    assert not any("Traceback" in line for line in lines)
    rows = runner.invoke(main, ["query", "leaders", "--out", "out", "--format", "csv"]).output
    assert "周文斌" in rows and "李明华" in rows and "吴海燕" in rows
    assert "假人" not in rows  # script and comment text of the page is not read
    strict = runner.invoke(main, ["build", "mixed", "--out", "out", "--no-view", "--strict"])
    assert strict.exit_code == 1 and "documents skipped: 7" in strict.output


def test_kg_build_of_only_bad_files_fails_with_the_reasons(tmp_path, monkeypatch):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    os.symlink("loop.txt", folder / "loop.txt")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "bad", "--out", "out", "--no-view"])
    assert result.exit_code == 2
    assert "skipped bad/loop.txt: symlink loop" in result.output
    assert "no article could be read" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# an article whose extracted names carry what breaks formats: quotes, angle brackets, spaces, #, %, emoji,
# control characters, and a file name with all of those and a line break
HOSTILE_FILE = '新闻 "引号" <尖> #井 %25 😀 \x01控制\n换行.txt'
HOSTILE_TEXT = """<script>alert(1)</script>青山县人民医院"院长"</script><img src=x onerror=alert(1)>
2023年5月6日，青山县人民医院院长李明华出席“<b>健康#100%😀</b>”活动启动仪式。
青山县人民医院与绿水市中医院签订合作协议，共建“胸痛中心</script>”。
青山县人民医院成立“卒中中心\x07”，副院长王<>强出席。
青山县人民医院加入“百县 工程\x1b[31m”项目，开展“'\\u0022 {{}} \\ 引号\"”活动。
"""


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "news").mkdir()
    (root / "news" / HOSTILE_FILE).write_text(HOSTILE_TEXT, encoding="utf-8")
    kg("build", "news", "--out", "out", cwd=root)
    return root


def test_names_extracted_from_a_hostile_article_carry_the_hostile_characters(hostile_build):
    ttl = (hostile_build / "out" / "graph.ttl").read_text(encoding="utf-8")
    labels = {str(o) for _, _, o in Graph().parse(data=ttl, format="turtle").triples((None, None, None))}
    assert any("<b>健康#100%😀</b>" in v for v in labels)  # (where a name ends is the extraction's business)
    assert any("百县 工程\x1b[31m" in v for v in labels)
    assert any("\x01控制\n换行.txt" in v for v in labels)


@pytest.mark.parametrize("fmt, rdflib_format, ox_format, quads", [
    ("turtle", "turtle", ox.RdfFormat.TURTLE, False),
    ("nt", "nt", ox.RdfFormat.N_TRIPLES, False),
    ("jsonld", "json-ld", ox.RdfFormat.JSON_LD, False),
    ("trig", "trig", ox.RdfFormat.TRIG, True),
    ("nquads", "nquads", ox.RdfFormat.N_QUADS, True),
])
def test_every_export_of_the_hostile_build_parses_back_to_the_store(hostile_build, fmt, rdflib_format, ox_format,
                                                                    quads):
    target = hostile_build / f"export.{fmt}"
    kg("export", "--out", "out", "--format", fmt, str(target), cwd=hostile_build)
    data = target.read_bytes()
    store = GraphStore(hostile_build / "out" / "store", read_only=True)
    stored = {q for q in store.quads()} if quads else {(s, p, o) for s, p, o, _ in store.quads()}
    if quads:
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        parsed = {(s, p, o, g.identifier if not isinstance(g, URIRef) else g) for s, p, o, g in ds.quads()}
    else:
        parsed = set(Graph().parse(data=data, format=rdflib_format))
    assert parsed == stored
    assert len(list(ox.parse(data, format=ox_format))) == len(parsed if quads else data_triples(data, ox_format))


def data_triples(data: bytes, ox_format: ox.RdfFormat) -> set:
    return {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=ox_format)}


def test_graphml_export_of_the_hostile_build_is_well_formed_xml(hostile_build):
    import networkx as nx

    target = hostile_build / "export.graphml"
    kg("export", "--out", "out", "--format", "graphml", str(target), cwd=hostile_build)  # crashed on \x01 before
    labels = {d["label"] for _, d in nx.read_graphml(target).nodes(data=True)}
    assert any("<b>健康#100%😀</b>" in v for v in labels) and any("百县 工程\ufffd[31m" in v for v in labels)


def test_the_hostile_build_conforms_to_the_shapes(hostile_build):
    ok, report = validate(Graph().parse(hostile_build / "out" / "graph.ttl", format="turtle"))
    assert ok, report


def test_extract_jsonl_of_the_hostile_article_is_one_json_line(hostile_build):
    proc = kg("extract", "news", "--jsonl", cwd=hostile_build)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert doc["doc"].endswith(HOSTILE_FILE) and "<b>健康#100%😀</b>" in json.dumps(doc, ensure_ascii=False)


# a page as news sites write them: doctype, GBK charset declared, scripts, styles, navigation, comments,
# share buttons, footer, entities, a site name after the headline in <title>, the date in a meta tag
PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>绿水市中医院召开2023年工作会议_绿水市中医院官网</title>
<meta name="pubdate" content="2023-03-08 09:30">
<style>.nav{color:red} p:before{content:"院长假人甲"}</style>
<script type="text/javascript">var s = "<p>绿水市中医院院长假人乙</p>"; document.write(s);</script>
</head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 新闻中心</div>
<!-- 广告位 绿水市中医院院长假人丙 -->
<div class="article"><h1>绿水市中医院召开2023年工作会议</h1>
<p>3月8日，绿水市中医院召开2023年工作会议。绿水市中医院院长周文斌作题为&ldquo;凝心聚力&rdquo;的报告&hellip;</p>
<p>会议强调&nbsp;，要提升服务能力&amp;水平。</p></div>
<div class="bdsharebuttonbox">分享到：<a href="#" class="bds_weixin"></a></div>
<div id="footer">版权所有 绿水市中医院 地址：某路1号</div>
<script>console.log("院长假人丁")</script>
</body></html>"""


def test_kg_build_of_a_real_world_html_page_keeps_text_title_and_date(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "page.html").write_bytes(PAGE.encode("gbk"))
    kg("build", "news", "--out", "out", "--no-view", cwd=tmp_path)
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    query = """PREFIX schema: <https://schema.org/> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?title ?date WHERE { ?d a schema:NewsArticle ; dcterms:title ?title ; schema:datePublished ?date }"""
    [(title, date)] = [(str(r[0]), str(r[1])) for r in g.query(query)]
    assert title == "绿水市中医院召开2023年工作会议" and date == "2023-03-08"
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "绿水市中医院院长周文斌作题为“凝心聚力”的报告…" in ttl  # entities decoded in the evidence
    assert "假人" not in ttl and "首页" not in ttl and "分享到" not in ttl and "版权所有" not in ttl
    rows = kg("query", "leaders", "--out", "out", "--format", "csv", cwd=tmp_path).stdout
    assert "周文斌" in rows and "绿水市中医院" in rows


def test_query_table_prints_no_control_characters_from_articles(hostile_build):
    query = "SELECT ?n WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?n }"
    table = kg("query", query, "--out", "out", cwd=hostile_build).stdout
    assert "百县 工程\ufffd[31m" in table and "\x1b" not in table  # no escape sequence reaches the terminal
    raw = json.loads(kg("query", query, "--out", "out", "--format", "json", cwd=hostile_build).stdout)
    assert any("百县 工程\x1b[31m" in row["n"] for row in raw)  # the data formats keep the text as it is


def test_build_summary_prints_no_control_characters_of_file_names(tmp_path, monkeypatch):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "\x1b[2J清屏.txt").write_bytes(b"")
    (tmp_path / "news" / "good.txt").write_text(ARTICLE.format(name="李明华"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "news", "--out", "out", "--no-view"])
    assert result.exit_code == 0, result.output
    assert "skipped news/\ufffd[2J清屏.txt: empty file" in result.output and "\x1b" not in result.output


def test_extract_skip_lines_print_no_control_characters_of_file_names(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "\x1b[2J清屏.txt").write_bytes(b"")
    proc = kg("extract", "news", "--jsonl", cwd=tmp_path)
    assert "skipped news/\ufffd[2J清屏.txt: empty file" in proc.stderr and "\x1b" not in proc.stderr


def test_pages_whose_declared_charset_lies_are_still_read(tmp_path):
    page = ('<html><head><meta charset="{cs}"><title>绿水市中医院新闻</title></head>'
            "<body><p>绿水市中医院院长{name}出席活动。</p></body></html>")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.html").write_bytes(page.format(cs="utf-8", name="周文斌").encode("gbk"))
    (tmp_path / "news" / "b.html").write_bytes(page.format(cs="big5", name="吴海燕").encode("utf-8"))
    (tmp_path / "news" / "c.htm").write_bytes(page.format(cs="x-no-such-charset", name="郑晓东").encode("gb18030"))
    proc = kg("build", "news", "--out", "out", "--no-view", cwd=tmp_path)
    assert "documents read: 3" in proc.stdout and "documents skipped: 0" in proc.stdout
    rows = kg("query", "leaders", "--out", "out", "--format", "csv", cwd=tmp_path).stdout
    assert all(name in rows for name in ("周文斌", "吴海燕", "郑晓东"))
    assert "\ufffd" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
