"""Chromium producer: the document as an HTML page printed by headless Chromium.

Many agencies publish reports that are web pages printed to PDF; Chromium's
Skia PDF backend writes text, fonts and tables quite differently from office
suites.  The page uses CSS paged media (@page margin boxes for the running
header and page numbers), ruled tables with rowspan/colspan, and a <thead>
only where the case wants the table header repeated on the next page.
"""

import html
import os
import random
import shutil
import subprocess
import tempfile


# Skia embeds these as CID TrueType subsets; Noto CJK (CFF) would become large
# Type 3 fonts, which one case asks for on purpose.
FONTS = ["WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN"]


def _css_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _page_css(d):
    size = "A4 landscape" if d["orientation"] == "landscape" else "A4"
    boxes = []
    if d["running_header"]:
        boxes.append("@top-center { content: %s; font-size: 9pt; }" % _css_string(d["running_header"]))
    style = d["page_numbers"]
    if style:
        content = {
            "dash": '"- " counter(page) " -"',
            "di": '"第 " counter(page) " 页"',
            "di_of": '"第 " counter(page) " 页 共 " counter(pages) " 页"',
            "plain": "counter(page)",
        }[style]
        boxes.append("@bottom-center { content: %s; font-size: 10pt; }" % content)
    wide = "@page wide { size: A4 landscape; } div.wide { page: wide; }" if d["landscape_tables"] else ""
    return "@page { size: %s; margin: 22mm 20mm 22mm 20mm; %s } %s" % (size, " ".join(boxes), wide)


def _table_html(t):
    total = sum(t["widths"])
    out = ['<table class="%s">' % t["name"], "<colgroup>"]
    out += ['<col style="width:%.2f%%">' % (100.0 * w / total) for w in t["widths"]]
    out.append("</colgroup>")
    head_rows = t["head_rows"]
    for i, row in enumerate(t["rows"]):
        if i == 0 and head_rows:
            out.append("<thead>")
        if i == head_rows:
            if head_rows:
                out.append("</thead>")
            out.append("<tbody>")
        out.append("<tr>")
        for c in row:
            attrs = ' class="%s"' % c["role"]
            if c["cs"] > 1:
                attrs += ' colspan="%d"' % c["cs"]
            if c["rs"] > 1:
                attrs += ' rowspan="%d"' % c["rs"]
            out.append("<td%s>%s</td>" % (attrs, html.escape(c["text"])))
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def to_html(d, rng):
    font = rng.choice(FONTS)
    if d["font"]:
        font = d["font"]
    body_pt = rng.choice([12, 13, 14])
    align = "justify" if d["justify"] else "left"
    css = """
%s
body { font-family: "%s"; font-size: %dpt; line-height: 1.6; margin: 0; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 6pt 0; font-weight: normal; }
h2 { font-size: %dpt; margin: 10pt 0 4pt 0; text-indent: 2em; font-weight: normal; }
p { text-indent: 2em; margin: 0; text-align: %s; }
table { border-collapse: collapse; width: 100%%; margin: 6pt 0; table-layout: fixed; }
td { border: 1px solid #000; padding: %s; font-size: 9.5pt; line-height: 1.3;
     text-align: center; vertical-align: middle; word-break: break-all; }
tr { break-inside: avoid; }
p.sub { margin-top: 4pt; }
%s
td.label { text-align: left; }
td.section { text-align: left; font-weight: normal; }
table.reviews td { font-size: 8.5pt; padding: 2pt 1pt; }
""" % (_page_css(d), font, body_pt, body_pt, align, "4pt 3pt" if d["split"] else "2pt 3pt",
       "p { letter-spacing: 0.06em; text-justify: inter-character; }" if d["letter_spacing"] else "")
    parts = ["<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">",
             "<title>%s</title><style>%s</style></head><body>" % (html.escape(d["title_text"]), css)]
    for kind, payload in d["blocks"]:
        if kind == "title":
            parts.append("<h1>%s</h1>" % html.escape(payload))
        elif kind == "heading":
            if d["landscape_tables"] and payload.startswith("三、"):
                parts.append('<div class="wide">')
            if d["landscape_tables"] and payload.startswith("五、"):
                parts.append("</div>")
            brk = ' style="break-before: page"' if d["split"] and payload.startswith("二、") else ""
            parts.append("<h2%s>%s</h2>" % (brk, html.escape(payload)))
        elif kind == "para":
            parts.append("<p>%s</p>" % html.escape(payload))
        elif kind == "subhead":
            parts.append('<p class="sub">%s</p>' % html.escape(payload))
        else:
            parts.append(_table_html(payload))
    parts.append("</body></html>")
    return "\n".join(parts), {"font": font, "body_pt": body_pt}


def render(d, case, out_pdf):
    rng = random.Random(case + "/chromium")
    page, info = to_html(d, rng)
    work = tempfile.mkdtemp(prefix="nb-chromium-")
    try:
        src = os.path.join(work, "report.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(page)
        profile = os.path.join(work, "profile")
        cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync",
               "--user-data-dir=" + profile, "--no-pdf-header-footer",
               "--print-to-pdf-no-header", "--print-to-pdf=" + str(out_pdf),
               "file://" + src]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return info
