"""HTML pages -> article text: furniture dropped, entities decoded, blocks as lines, title and date kept."""

from __future__ import annotations

import pytest

from kg.documents import read_document
from kg.html_text import html_to_text, looks_like_html

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>青禾县人民医院开展义诊活动 - 新闻中心 - 青禾县人民医院</title>
  <meta property="article:published_time" content="2022-08-15T10:20:00+08:00">
  <style>.x { content: "样式文字"; }</style>
  <script>var ad = "<p>脚本文字</p>";</script>
</head>
<body>
  <header><div class="logo">网站页头</div></header>
  <nav><a href="/">首页</a> | <a href="/news">新闻中心</a></nav>
  <noscript>请开启脚本</noscript>
  <template><p>模板文字</p></template>
  <main>
    <article>
      <h1>青禾县人民医院开展义诊活动</h1>
      <!-- 编辑备注：不要发布 -->
      <p>8月14日，青禾县人民医院在&nbsp;东湖社区开展&ldquo;健康进社区&rdquo;义诊活动&hellip;</p>
      <p>院长林志远
         带队参加。<br>共服务群众200余人次。</p>
      <div>分享到：</div>
      <form><label>评论内容</label><textarea>表单文字</textarea></form>
      <p hidden>隐藏文字</p><p style="display: none">也隐藏</p>
    </article>
  </main>
  <aside>相关新闻 侧栏文字</aside>
  <footer>版权所有 青禾县人民医院 页脚文字</footer>
</body>
</html>
"""


def test_page_furniture_is_dropped():
    text = html_to_text(PAGE).text
    for gone in ("样式文字", "脚本文字", "网站页头", "首页", "请开启脚本", "模板文字", "编辑备注",
                 "表单文字", "评论内容", "隐藏文字", "也隐藏", "侧栏文字", "页脚文字"):  # fmt: skip
        assert gone not in text, gone


def test_entities_blocks_and_breaks():
    lines = html_to_text(PAGE).text.split("\n")
    assert lines == [
        "青禾县人民医院开展义诊活动",
        "8月14日，青禾县人民医院在 东湖社区开展“健康进社区”义诊活动…",
        "院长林志远带队参加。",  # a line break between two Chinese characters vanishes
        "共服务群众200余人次。",
        "分享到：",
    ]


def test_title_and_meta_date():
    page = html_to_text(PAGE)
    assert page.title == "青禾县人民医院开展义诊活动"  # the h1, since <title> holds it plus the site name
    assert page.published == "2022-08-15T10:20:00+08:00"


def test_document_from_an_html_file(tmp_path):
    path = tmp_path / "page.HTM"
    path.write_text(PAGE, encoding="utf-8")
    doc = read_document(path)
    assert doc.published == "2022-08-15"
    assert doc.title == "青禾县人民医院开展义诊活动"
    assert [s.text for s in doc.sentences] == [
        "青禾县人民医院开展义诊活动",
        "8月14日，青禾县人民医院在 东湖社区开展“健康进社区”义诊活动…",
        "院长林志远带队参加。",
        "共服务群众200余人次。",
    ]  # 分享到： is clutter: in the text, but no sentence
    assert "分享到：" in doc.text


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ('<meta name="pubdate" content="2021-05-10 08:00">', "2021-05-10 08:00"),
        ('<meta name="PublishDate" content="2021/5/9">', "2021/5/9"),
        ('<meta name="date" content="2020-01">', "2020-01"),
        ('<meta itemprop="datePublished" content="2019-12-31">', "2019-12-31"),
        ("", None),
    ],
)
def test_date_meta_tags(head, published):
    page = html_to_text(f"<html><head>{head}</head><body><p>正文。</p></body></html>")
    assert page.published == published


def test_title_tag_without_h1():
    page = html_to_text("<html><head><title> 医院新闻 </title></head><body><p>正文。</p></body></html>")
    assert page.title == "医院新闻"


def test_h1_not_in_title_keeps_title():
    page = html_to_text("<title>院务公开</title><h1>网站名称</h1><p>正文。</p>")
    assert page.title == "院务公开"


def test_article_header_is_kept_but_page_header_dropped():
    page = html_to_text(
        "<body><header>站点</header><article><header><h2>文章标题</h2><p>发布时间：2021-01-02</p></header>"
        "<p>正文。</p></article></body>"
    )
    assert page.text.split("\n") == ["文章标题", "发布时间：2021-01-02", "正文。"]


def test_tables_and_pre():
    page = html_to_text("<table><tr><td>姓名</td><td>职务</td></tr><tr><td>林志远</td><td>院长</td></tr></table>")
    assert page.text.split("\n") == ["姓名 职务", "林志远 院长"]
    assert html_to_text("<pre>第一行\n  第二行</pre>").text == "第一行\n第二行"


def test_deeply_nested_markup_does_not_recurse():
    markup = "<div>" * 5000 + "深处的文字。" + "</div>" * 5000
    assert "深处的文字。" in html_to_text(markup).text


def test_broken_markup():
    page = html_to_text("<p>未闭合的段落<p>第二段<div><b>粗体</i></span>文字</p><<>>&amp;&bogus;")
    assert "未闭合的段落" in page.text and "粗体文字" in page.text


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("  \n<html>\n<body>", True),
        ("<!-- saved --><HTML><BODY>", True),
        ("<p>一</p><p>二</p><p>三</p><br><div>四</div>", True),
        ("医院召开会议。\n院长 <b> 讲话", False),
        ("a < b and c > d", False),
    ],
)
def test_looks_like_html(text, html):
    assert looks_like_html(text) is html


def test_big5_page_is_converted_and_keeps_the_original(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"><title>醫院新聞</title></head>'
        "<body><h1>聯合醫院舉辦義診活動</h1><p>院長陳誌遠表示：「醫療服務要進社區」。</p></body></html>"
    )
    path = tmp_path / "trad.html"
    path.write_bytes(page.encode("big5"))
    doc = read_document(path)
    assert doc.encoding in ("big5", "cp950")
    assert doc.text == "联合医院举办义诊活动\n院长陈志远表示：「医疗服务要进社区」。"
    assert doc.original == "聯合醫院舉辦義診活動\n院長陳誌遠表示：「醫療服務要進社區」。"
    assert doc.title == "医院新闻"  # <title> (the h1 is not in it), in Simplified like the text


def test_furniture_named_by_class_or_id_is_dropped():
    page = html_to_text(
        '<body><div class="main-nav">首页 新闻</div><ul class="breadcrumb"><li>当前栏目</li></ul>'
        '<div class="news_title">医院新闻标题</div><div class="article-content"><p>正文第一段。</p>'
        '<div class="bdsharebuttonbox">分享按钮</div></div>'
        '<table><tr><td class="copyright">版权信息</td></tr></table><div id="footer">页脚</div>'
        '<div class="pager">1 2 3</div><div class="navigator-free">保留的文字。</div></body>'
    )
    assert page.text.split("\n") == ["医院新闻标题", "正文第一段。", "保留的文字。"]


CHROME_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>我院与省城医院签约_新闻动态_松溪县第二人民医院</title>
<meta name="keywords" content="松溪县第二人民医院,医联体">
</head><body>
<div class="logo"><img src="/img/logo.png" alt="松溪县第二人民医院"></div>
<div class="content"><h1>我院与省城医院签约</h1><p>我院院长张明出席签约仪式。</p></div>
<div class="footer"><p>版权所有&nbsp;&copy;&nbsp;松溪县第二人民医院&nbsp;&nbsp;地址：某省某县</p></div>
</body></html>"""


def test_site_lines_come_from_the_page_chrome() -> None:
    page = html_to_text(CHROME_PAGE)
    assert page.title == "我院与省城医院签约"
    assert page.site is not None and page.site.splitlines()[0] == "松溪县第二人民医院"
    assert "松溪县第二人民医院" not in page.text  # the footer is still dropped from the article text
    assert "新闻动态" not in page.site  # only the last part of the <title> names the site


@pytest.mark.parametrize(
    "title, h1, site",
    [
        ("甲乙两院签约-新闻中心-溪口镇卫生院", "甲乙两院签约", "溪口镇卫生院"),
        ("溪口镇卫生院 - 甲乙两院签约", "甲乙两院签约", "溪口镇卫生院"),  # the site's name first
        ("甲乙两院签约", "甲乙两院签约", None),  # a headline alone names no site
    ],
)
def test_site_from_the_title_is_the_part_that_is_not_the_headline(title, h1, site) -> None:
    page = html_to_text(f"<html><head><title>{title}</title></head><body><h1>{h1}</h1><p>正文。</p></body></html>")
    assert page.site == site


def test_read_document_keeps_the_site_lines(tmp_path) -> None:
    path = tmp_path / "page.html"
    path.write_text(CHROME_PAGE, encoding="utf-8")
    assert read_document(path).site.splitlines()[0] == "松溪县第二人民医院"


@pytest.mark.parametrize(
    "footer",
    [
        "Copyright &copy; 2010-2026 溪口镇卫生院 All Rights Reserved",
        "溪口镇卫生院 版权所有 地址：某县某镇",
        "<p>版权所有：<span>溪口镇卫生院</span></p>",
        "主办单位：溪口镇卫生院 技术支持：某网络公司",
    ],
)
def test_site_from_the_footer_forms(footer) -> None:
    page = html_to_text(f'<html><body><h1>新闻</h1><p>正文。</p><div class="footer">{footer}</div></body></html>')
    assert page.site == "溪口镇卫生院"


def test_an_organiser_named_in_the_prose_is_no_site() -> None:
    page = html_to_text("<html><body><p>本次培训由甲县人民医院主办，乙县人民医院承办。</p></body></html>")
    assert page.site is None


def test_site_lines_of_a_traditional_page_are_simplified(tmp_path) -> None:
    page = (
        "<html><head><title>院長出席義診活動_新聞中心_溪口鎮衛生院</title></head>"
        "<body><h1>院長出席義診活動</h1><p>我院院長陳誌遠出席義診活動。</p></body></html>"
    )
    path = tmp_path / "trad_site.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).site == "溪口镇卫生院"


def test_site_from_a_logo_written_as_text() -> None:
    page = html_to_text(
        '<html><body><header><div class="logo">溪口镇卫生院</div></header><h1>新闻</h1><p>正文。</p></body></html>'
    )
    assert page.site == "溪口镇卫生院"


def test_only_the_first_logo_names_the_site() -> None:
    page = html_to_text(
        '<html><body><div class="top"><img src="/img/logo.png" alt="溪口镇卫生院"></div><h1>新闻</h1><p>正文。</p>'
        '<div class="partners"><img src="/img/logo_p1.png" alt="省城第一人民医院"></div></body></html>'
    )
    assert page.site == "溪口镇卫生院"
