"""Write the web-page corpus (issue 13): reports as the HTML that sites serve.

Usage: /usr/bin/python3 scripts/corpus/pages.py [--check]

Every case is a report drawn by cases.make_report_named (numbers, prose and
printed strings seeded with the case name), laid out by doc.build, and written
in the shape of one kind of page: a CMS article in GBK with its site chrome, a
page Word saved as HTML, a page whose table 三 is printed as two <table>s with
<thead>/<th>, a browser's saved MHTML, a page whose tables are pictures, and a
page with prose and no tables.  expected.json comes from truth.build — the
generator's own numbers, never nianbao's output — with the diagnostics each
shape must cause added here by hand.  --check rewrites nothing and fails when a
committed file differs from what this script writes.
"""

import argparse
import base64
import hashlib
import html
import json
import pathlib
import quopri
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent.parent

import cases  # noqa: E402
import doc  # noqa: E402
import truth  # noqa: E402

PENDING = "issue 13: HTML pages"

# name, shape, year, body index, overrides, input file name
PAGES = [
    ("html-01-taoyuan-nync-2022-cms-gbk", "cms", 2022, 18,
     {"zero": "mixed", "label_spaces": True}, "input.html"),
    ("html-02-linhai-swj-2020-word", "word", 2020, 10,
     {"numbering": "1、", "paren": "half"}, "input.htm"),
    ("html-03-songxi-rsj-2019-thead-split", "split", 2019, 20,
     {"scale": "small", "zero": "blank"}, "input.html"),
    ("html-04-changning-yjj-2021-mhtml", "mhtml", 2021, 22,
     {"scale": "large"}, "input.mht"),
    ("html-05-baihe-jyj-2023-table-images", "images", 2023, 8, {}, "input.html"),
    ("html-06-shimen-xzf-2018-prose-only", "prose", 2018, 17, {}, "input.shtml"),
]

SITE = "桃源县人民政府门户网站"


def esc(text):
    return html.escape(text, quote=False)


# ---------------------------------------------------------------- cells

def split_digits(text, wrap):
    """12 as 1<span>2</span>: what CMS editors and Word leave in cells."""
    if len(text) >= 2 and text.isdigit():
        return esc(text[:1]) + wrap % esc(text[1:])
    return esc(text)


def cms_cell(c):
    text = c["text"]
    if c["role"] == "num":
        if text == "":
            inner = "&nbsp;"
        else:
            inner = split_digits(text, "<span>%s</span>")
        return '<p style="text-align:center"><span style="font-size:14px">%s</span></p>' % inner
    # labels: ASCII spaces of the printed label become full-width spaces
    return '<p><span style="font-family:仿宋_GB2312">%s</span></p>' % esc(text.replace(" ", "\u3000"))


def word_cell(c):
    text = c["text"]
    span = "<span style='font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"'>"
    if text == "":
        inner = "<span lang=EN-US><o:p>&nbsp;</o:p></span>"
    elif c["role"] == "num":
        inner = split_digits(text, "</span><span lang=EN-US style='font-size:10.5pt'>%s") + "<o:p></o:p>"
        inner = "<span lang=EN-US style='font-size:10.5pt'>" + inner + "</span>"
        return "<p class=MsoNormal align=center style='text-align:center'>%s</p>" % inner
    else:
        inner = span + esc(text) + "<span lang=EN-US><o:p></o:p></span></span>"
    return "<p class=MsoNormal align=center style='text-align:center'>%s</p>" % inner


def plain_cell(c):
    return esc(c["text"])


def table_html(rows, cell_fn, attrs="", head_rows=0, th=False, tr_attrs=None):
    out = ["<table%s>" % attrs]
    for i, row in enumerate(rows):
        if i == 0 and head_rows:
            out.append("<thead>")
        if head_rows and i == head_rows:
            out.append("</thead><tbody>")
        out.append("<tr%s>" % (tr_attrs(i) if tr_attrs else ""))
        tag = "th" if th and i < head_rows else "td"
        for c in row:
            a = ""
            if c["cs"] > 1:
                a += ' colspan="%d"' % c["cs"]
            if c["rs"] > 1:
                a += ' rowspan="%d"' % c["rs"]
            out.append("<%s%s>%s</%s>" % (tag, a, cell_fn(c), tag))
        out.append("</tr>")
    if head_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


# ---------------------------------------------------------------- bodies

def body_blocks(d, para, heading, title, table):
    parts = []
    for kind, payload in d["blocks"]:
        if kind == "title":
            parts.append(title(payload))
        elif kind == "heading":
            parts.append(heading(payload))
        elif kind in ("para", "subhead"):
            parts.append(para(payload))
        else:
            parts.append(table(payload))
    return "\n".join(parts)


def cms_page(d, report):
    title_text = d["title_text"]
    body = body_blocks(
        d,
        lambda p: '<p style="text-indent:2em;line-height:2"><span style="font-family:仿宋_GB2312;font-size:16px">%s</span></p>' % esc(p),
        lambda h: '<p style="text-indent:2em"><strong><span style="font-family:黑体">%s</span></strong></p>' % esc(h),
        lambda t: '<p style="text-align:center"><strong><span style="font-size:22px">%s</span></strong></p>' % esc(t),
        lambda t: table_html(t["rows"], cms_cell,
                             ' border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse"'))
    return """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<title>%(title)s_%(site)s</title>
<meta name="keywords" content="政府信息公开,年度报告" />
<link rel="stylesheet" href="/css/style.css" />
<style type="text/css">.nav li{float:left} .hide{display:none}</style>
<script type="text/javascript">var _tab = "<table><tr><td>规章</td><td>9</td></tr></table>"; function share(){}</script>
</head>
<body>
<div class="top"><div class="logo"><img src="/images/logo.png" alt="%(site)s" /></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>
<table class="xxgk-info" width="100%%">
<tr><td>索引号：</td><td>431322000/%(next)d-00013</td><td>发布机构：</td><td>%(agency)s</td></tr>
<tr><td>名　称：</td><td>%(title)s</td><td>文　号：</td><td></td></tr>
<tr><td>发文日期：</td><td>%(next)d-01-20</td><td>主题分类：</td><td>政务公开</td></tr>
</table>
<div class="article">
<h1 class="hide">%(title)s</h1>
<div class="info">来源：%(agency)s　发布时间：%(next)d-01-20 09:30　浏览次数：<span id="hits">1024</span>　字体：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]</div>
<!-- 正文开始 <table><tr><td>行政许可</td><td>99</td></tr></table> -->
<div class="content" id="zoom">
%(body)s
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div style="display:none">%(year)d年政府信息公开工作年度报告 规章 7 7 7</div>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="/a/1.html">%(agency)s%(prev)d年政府信息公开工作年度报告</a></li>
<li><a href="/a/2.html">%(agency)s%(prev2)d年政府信息公开工作年度报告</a></li></ul></div>
<div class="footer"><p>主办：桃源县人民政府办公室　承办：桃源县政务服务中心　技术支持：喆网科技</p>
<p>网站标识码：4313220001　湘ICP备05000001号　<script>document.write("访问量")</script></p></div>
</body>
</html>
""" % {"title": esc(title_text), "site": SITE, "agency": esc(report["agency"]), "body": body,
       "year": report["year"], "next": report["year"] + 1, "prev": report["year"] - 1,
       "prev2": report["year"] - 2}


def word_page(d, report):
    def para(p):
        return ("<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt'>"
                "<span style='font-size:16.0pt;font-family:仿宋_GB2312'>%s<span lang=EN-US><o:p></o:p></span></span></p>" % esc(p))

    def heading(h):
        return ("<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-size:16.0pt;font-family:黑体'>"
                "%s</span></b><b><span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></b></p>" % esc(h))

    def title(t):
        y = str(report["year"])
        if t.startswith(y):
            inner = "<span lang=EN-US>%s</span><span style='font-family:方正小标宋简体'>%s</span>" % (y, esc(t[len(y):]))
        else:
            inner = "<span style='font-family:方正小标宋简体'>%s</span>" % esc(t)
        return ("<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt'>"
                "%s<span lang=EN-US><o:p></o:p></span></span></b></p>" % inner)

    def table(t):
        rows = table_html(
            t["rows"], word_cell,
            " class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'",
            tr_attrs=lambda i: " style='mso-yfti-irow:%d%s'" % (i, ";mso-yfti-firstrow:yes" if i == 0 else ""))
        spacer = "<![if !supportMisalignedColumns]>\n<tr height=0>%s</tr>\n<![endif]>" % (
            "<td width=60 style='border:none'></td>" * len(t["widths"]))
        return rows.replace("</table>", spacer + "\n</table>") + "\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>"

    body = body_blocks(d, para, heading, title, table)
    return """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<title>%(title)s</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>admin</o:Author>
  <o:Pages>6</o:Pages>
  <o:Words>2800</o:Words>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face {font-family:宋体; panose-1:2 1 6 0 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt;}
@page WordSection1 {size:595.3pt 841.9pt; margin:72.0pt 90.0pt 72.0pt 90.0pt;}
div.WordSection1 {page:WordSection1;}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable {mso-style-name:普通表格;}
</style>
<![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

%(body)s

</div>

</body>

</html>
""" % {"title": esc(d["title_text"]), "body": body}


def split_applications(rows):
    """Table 三 as two <table>s (续表): the header repeated in both, the
    row-spanning 三、本年度办理结果 cell cut where the second table starts."""
    head, body = rows[:3], rows[3:]
    cut = next(i for i, r in enumerate(body) if "无法提供" in r[0]["text"])
    first, second = [list(r) for r in body[:cut]], [list(r) for r in body[cut:]]
    # rows of the 三 span that fall in the first table: from its row to the cut
    start = next(i for i, r in enumerate(first) if r[0]["text"] == "三、本年度办理结果")
    whole = first[start][0]["rs"]
    in_first = cut - start
    first[start][0] = dict(first[start][0], rs=in_first)
    second[0] = [doc.cell("三、本年度办理结果", "label", rs=whole - in_first)] + second[0]
    return head + first, head + second


def split_page(d, report):
    def table(t):
        if t["name"] == "applications":
            a, b = split_applications(t["rows"])
            return (table_html(a, plain_cell, ' border="1"', head_rows=3, th=True)
                    + '\n<p style="text-align:right">（续表）</p>\n'
                    + table_html(b, plain_cell, ' border="1"', head_rows=3, th=True))
        if t["name"] == "reviews":
            return table_html(t["rows"], plain_cell, ' border="1"', head_rows=3, th=True)
        return table_html(t["rows"], plain_cell, ' border="1"')

    body = body_blocks(d, lambda p: "<p>%s</p>" % esc(p), lambda h: "<h3>%s</h3>" % esc(h),
                       lambda t: "<h2>%s</h2>" % esc(t), table)
    # <title> before the charset <meta>: libxml2 alone reads such a page as Latin-1
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<title>%(title)s</title>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
</head>
<body>
<header><nav><a href="/">首页</a> | <a href="/xxgk/">信息公开</a> | <a href="/bsfw/">办事服务</a></nav></header>
<main><article>
%(body)s
<p style="text-align:right">%(agency)s</p>
<p style="text-align:right">%(next)d年1月15日</p>
</article></main>
<aside><h4>热点信息</h4><ul><li><a href="/x/1">关于开展%(year)d年度统计工作的通知</a></li></ul></aside>
<footer>版权所有：松溪县人民政府　地址：松溪县城关镇</footer>
</body>
</html>
""" % {"title": esc(d["title_text"]), "body": body, "agency": esc(report["agency"]),
       "year": report["year"], "next": report["year"] + 1}


def mhtml_inner(d, report):
    """The article of a saved page: no title in the body, only in <title>."""
    blocks = [(k, p) for k, p in d["blocks"] if k != "title"]
    d = dict(d, blocks=blocks)
    body = body_blocks(d, lambda p: "<p>%s</p>" % esc(p), lambda h: "<p><b>%s</b></p>" % esc(h),
                       lambda t: "", lambda t: table_html(t["rows"], plain_cell, ' border="1" class="MsoTable"'))
    return """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>%(title)s - 云州市人民政府</title>
<link rel="stylesheet" type="text/css" href="http://www.yunzhou.gov.cn/css/main.css">
</head>
<body><div id="head"><img src="http://www.yunzhou.gov.cn/images/banner.png"></div>
<div id="nav"><a href="/">网站首页</a> <a href="/zwgk/">政务公开</a></div>
<div id="main"><div class="detail">
<div class="time">发布日期：%(next)d-01-28　来源：%(agency)s</div>
%(body)s
</div></div>
<div id="foot">云州市人民政府办公室主办 版权所有</div>
</body></html>
""" % {"title": esc(d["title_text"]), "body": body, "agency": esc(report["agency"]),
       "next": report["year"] + 1}


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def mhtml_file(d, report):
    page = mhtml_inner(d, report).encode("gb18030")
    qp = quopri.encodestring(page).decode("ascii").replace("\n", "\r\n")
    boundary = "----=_NextPart_000_0000_01D8A7B2.5C3E1F40"
    image = base64.encodebytes(PNG).decode("ascii")
    subject = "=?gb2312?B?%s?=" % base64.b64encode(d["title_text"].encode("gb18030")).decode("ascii")
    parts = [
        "From: <Saved by Windows Internet Explorer 11>",
        "Subject: " + subject,
        "Date: Fri, 28 Jan %d 10:12:33 +0800" % (report["year"] + 1),
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        '\tboundary="%s"' % boundary,
        "X-MimeOLE: Produced By Microsoft MimeOLE V10.0.19041.1",
        "",
        "This is a multi-part message in MIME format.",
        "",
        "--" + boundary,
        'Content-Type: text/html;',
        '\tcharset="gb2312"',
        "Content-Transfer-Encoding: quoted-printable",
        "Content-Location: http://www.yunzhou.gov.cn/zwgk/ndbg/202201/t20220128_1.html",
        "",
        qp,
        "--" + boundary,
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: http://www.yunzhou.gov.cn/images/banner.png",
        "",
        image,
        "--" + boundary + "--",
        "",
    ]
    return "\r\n".join(parts).encode("ascii")


def images_page(d, report):
    n = [0]

    def table(t):
        n[0] += 1
        return ('<p style="text-align:center"><img src="/u/cms/www/%d01/20093%03d.png" width="640" alt="" /></p>'
                % (report["year"] + 1, n[0]))
    body = body_blocks(d, lambda p: "<p>%s</p>" % esc(p), lambda h: "<p><strong>%s</strong></p>" % esc(h),
                       lambda t: '<h2 style="text-align:center">%s</h2>' % esc(t), table)
    return """<!DOCTYPE html>
<html><head><meta charset="UTF-8"><title>%(title)s-白河市人民政府</title></head>
<body><div class="nav"><a href="/">首页</a></div>
<div class="main">%(body)s</div>
<div class="foot">白河市人民政府 主办</div></body></html>
""" % {"title": esc(d["title_text"]), "body": body}


def prose_page(d, report):
    # a report before 2019: sections only, the figures in its paragraphs
    body = body_blocks(d, lambda p: "<p>%s</p>" % esc(p), lambda h: "<p><strong>%s</strong></p>" % esc(h),
                       lambda t: '<div class="title">%s</div>' % esc(t), lambda t: "")
    return """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%(title)s</title></head>
<body><div id="content">%(body)s</div><!--#include virtual="/ssi/footer.shtml" --></body></html>
""" % {"title": esc(d["title_text"]), "body": body}


# ---------------------------------------------------------------- truth

def expected_for(report, shape, rel, data, encoding):
    kind = "mhtml" if shape == "mhtml" else "html"
    source = {"file": rel, "sha256": hashlib.sha256(data).hexdigest(), "kind": kind,
              "pages": None, "producer": None, "encoding": encoding}
    exp = truth.build(report, source)
    if shape in ("images", "prose"):
        exp["template"] = None
        exp["active_disclosure"], exp["applications"], exp["reviews"] = {}, {}, {}
        exp["checks"] = []
        if shape == "images":
            exp["diagnostics"] = [
                {"level": "error", "code": "table_is_image",
                 "message": "table %s is a picture (<img>): its cells cannot be read" % name,
                 "page": None, "field": field}
                for name, field in (("二", "active_disclosure"), ("三", "applications"),
                                    ("四", "reviews"))]
        else:
            exp["diagnostics"] = [{"level": "error", "code": "no_tables",
                                   "message": "no 二/三/四 tables", "page": None}]
    return exp


SHAPES = {"cms": cms_page, "word": word_page, "split": split_page, "images": images_page,
          "prose": prose_page}


def make(entry):
    name, shape, year, body, over, file_name = entry
    over = dict(over)
    if shape == "prose":
        over["template"] = "2019"  # numbers drawn, never printed
    report = cases.make_report_named(name, "html", year, body, over)
    d = doc.build(report)
    if shape == "mhtml":
        data, encoding = mhtml_file(d, report), "GB18030"
    else:
        page = SHAPES[shape](d, report)
        if shape in ("cms", "word"):
            data, encoding = page.encode("gb18030"), "GB18030"
        else:
            data, encoding = page.encode("utf-8"), "UTF-8"
    rel = "corpus/%s/%s" % (name, file_name)
    expected = expected_for(report, shape, rel, data, encoding)
    variations = {
        "cms": ["CMS article page", "GBK labelled gb2312, a GBK-only character in the footer",
                "site chrome: navigation, breadcrumb, index table of page metadata, share widget, "
                "related links, footer, script, style, comment, hidden element",
                "cells as <p><span>, labels with full-width spaces, 1<span>2</span> digits",
                "&nbsp; for blank cells", "title in a hidden <h1> and in <title> with the site name"],
        "word": ["Word 'save as HTML': mso classes, conditional comments, <o:p>",
                 "GBK labelled gb2312", "digits split across <span lang=EN-US>",
                 "<![if !supportMisalignedColumns]> spacer rows", "2019 template"],
        "split": ["table 三 printed as two <table>s (续表), header repeated in each",
                  "<thead>/<th>", "<title> before <meta charset>", "2019 template"],
        "mhtml": ["MHTML saved by a browser", "text/html part quoted-printable, charset gb2312",
                  "an image part in base64", "no title in the body: agency and year from <title> "
                  "minus the site name"],
        "images": ["every table an <img>"],
        "prose": ["a report before 2019: prose, no tables"],
    }[shape]
    meta = {"producer": "scripts/corpus/pages.py (%s)" % shape, "variations": variations,
            "breaks": sorted({c["rule"] for c in expected["checks"] if c["ok"] is False}),
            "set": "written-first",
            "pending": "issue 13: MHTML" if shape == "mhtml" else PENDING, "template": expected["template"],
            "year": year}
    return name, file_name, data, expected, meta


NEWS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>我县召开2023年春季农业生产工作会议-凤鸣县人民政府</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/xwzx/">新闻中心</a></div>
<div class="article"><h1>我县召开2023年春季农业生产工作会议</h1>
<p>3月2日，我县召开2023年春季农业生产工作会议，安排部署春耕备耕工作。</p>
<p>会议要求，各乡镇要抓好粮食播种面积落实，全年粮食播种面积稳定在32.5万亩以上。</p>
<table border="1"><tr><td>乡镇</td><td>面积（万亩）</td></tr><tr><td>城关镇</td><td>4.2</td></tr>
<tr><td>河口乡</td><td>3.1</td></tr></table>
</div><div class="foot">凤鸣县人民政府办公室 主办</div></body></html>
"""


def extra_cases():
    """Refusals and legacy text: (name, file name, input bytes, expected
    file name, expected object, meta)."""
    out = []
    _, _, word, _, _ = make(PAGES[1])
    cut = word.index("无法提供".encode("gb18030"))
    out.append(("html-90-linhai-swj-2020-truncated", "input.htm", word[:cut],
                "expected-error.json", {"exit": 11, "code": "truncated"},
                {"producer": "scripts/corpus/pages.py (the Word page of html-02 cut inside table 三)",
                 "variations": ["a download that stopped inside table 三: no closing tags, "
                                "no sections 四, 五, 六"]}))
    out.append(("html-91-fengming-news-not-a-report", "input.html", NEWS.encode("utf-8"),
                "expected-error.json", {"exit": 10, "code": "not_a_report"},
                {"producer": "scripts/corpus/pages.py (a news article)",
                 "variations": ["a news page of a government site with a small table"]}))
    sample = REPO / "corpus" / "text-000-wuzhong-2020"
    text = (sample / "input.txt").read_bytes().decode("utf-8")
    data = b"\xff\xfe" + text.encode("utf-16-le")
    exp = json.loads((sample / "expected.json").read_text(encoding="utf-8"))
    name = "text-95-wuzhong-2020-utf16"
    exp["source"] = {"file": "corpus/%s/input.txt" % name,
                     "sha256": hashlib.sha256(data).hexdigest(), "kind": "text",
                     "pages": None, "producer": None, "encoding": "UTF-16LE"}
    out.append((name, "input.txt", data, "expected.json", exp,
                {"producer": "the shared sample (text-000) in UTF-16LE with a BOM",
                 "variations": ["UTF-16LE with BOM (Windows Notepad's 'Unicode')"]}))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    bad = 0
    for entry in PAGES:
        name, file_name, data, expected, meta = make(entry)
        out = REPO / "corpus" / name
        files = {file_name: data, "expected.json": truth.dumps(expected).encode("utf-8")}
        meta_path = out / "meta.json"
        if meta_path.exists():
            # the pending mark is the corpus's to remove, not the generator's
            old = json.loads(meta_path.read_text(encoding="utf-8"))
            if "pending" not in old:
                meta.pop("pending")
            meta["set"] = old.get("set", meta["set"])
        files["meta.json"] = truth.dumps(meta).encode("utf-8")
        for fname, content in files.items():
            path = out / fname
            if args.check:
                if not path.exists() or path.read_bytes() != content:
                    print("%s: %s differs from the generator" % (name, fname))
                    bad += 1
            else:
                out.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        print("%-44s %6d bytes" % (name, len(data)))
    for name, file_name, data, exp_name, exp, meta in extra_cases():
        out = REPO / "corpus" / name
        meta.update({"breaks": [], "set": "written-first",
                     "pending": "issue 13: legacy encodings" if name.startswith("text-")
                     else PENDING})
        meta_path = out / "meta.json"
        if meta_path.exists():
            old = json.loads(meta_path.read_text(encoding="utf-8"))
            if "pending" not in old:
                meta.pop("pending")
        files = {file_name: data, exp_name: truth.dumps(exp).encode("utf-8"),
                 "meta.json": truth.dumps(meta).encode("utf-8")}
        for fname, content in files.items():
            path = out / fname
            if args.check:
                if not path.exists() or path.read_bytes() != content:
                    print("%s: %s differs from the generator" % (name, fname))
                    bad += 1
            else:
                out.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
        print("%-44s %6d bytes" % (name, len(data)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
