"""Write the sample articles of tests/data/articles/ in their real encodings.

Run ``python tests/data/make_samples.py`` after changing a text; `test_documents_encodings` checks that
the files on disk are exactly what this script writes.  The texts were written for the tests (invented
hospitals and people), not copied from any article.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent / "articles"

SIMPLIFIED = (
    "青禾县人民医院召开职工代表大会\n"
    "发布时间：2023-05-10 来源：青禾县人民医院办公室\n"
    "5月9日，青禾县人民医院召开第三届职工代表大会。院长林志远作“工作报告”。\n"
    "会议指出，医院将建设胸痛中心和卒中中心！\n"
)
TRADITIONAL = (
    "臺北市立聯合醫院與陽明大學簽署合作協議\n"
    "發佈時間：2022年11月3日\n"
    "雙方將發展遠距會診。院長陳誌遠表示：「這是醫療體系的重要里程碑」。\n"
)
PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>青禾县人民医院揭牌远程会诊中心_新闻动态_青禾县人民医院</title>
<meta name="pubdate" content="2024-03-18 09:30:00"></head>
<body><nav>首页 | 新闻动态 | 联系我们</nav>
<h1>青禾县人民医院揭牌远程会诊中心</h1>
<p>3月16日，青禾县人民医院远程会诊中心揭牌。&ldquo;远程会诊&rdquo;让群众少跑路。</p>
<script>document.write("广告");</script>
<p>分享到：</p><footer>版权所有 青禾县人民医院</footer></body></html>
"""

SAMPLES: dict[str, tuple[str, str, bytes]] = {
    # name: (text, codec, prefix)
    "utf8.txt": (SIMPLIFIED, "utf-8", b""),
    "utf8_bom.txt": (SIMPLIFIED, "utf-8", codecs.BOM_UTF8),
    "gb18030.txt": (SIMPLIFIED, "gb18030", b""),
    "gbk_crlf.txt": (SIMPLIFIED.replace("\n", "\r\n"), "gbk", b""),
    "utf16le_bom.txt": (SIMPLIFIED, "utf-16-le", codecs.BOM_UTF16_LE),
    "utf16be_bom.txt": (SIMPLIFIED, "utf-16-be", codecs.BOM_UTF16_BE),
    "utf16le_nobom.txt": (SIMPLIFIED, "utf-16-le", b""),
    "big5.txt": (TRADITIONAL, "big5", b""),
    "page_gbk.html": (PAGE, "gbk", b""),
}


def sample_bytes(name: str) -> bytes:
    text, codec, prefix = SAMPLES[name]
    return prefix + text.encode(codec)


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for name in SAMPLES:
        (HERE / name).write_bytes(sample_bytes(name))


if __name__ == "__main__":
    main()
