"""LibreOffice producer: the document as flat ODF text, converted by soffice.

Most agencies write their reports in Word or WPS and export a PDF; LibreOffice
Writer's PDF export is the closest freely available equivalent (CID fonts
subset per face, one text object per line, tables drawn as cell borders).
The .fodt sets page size and orientation, a running header, page-number fields
in the footer (including "共 N 页"), ruled tables with merged cells (covered
cells where spans reach), and repeated table header rows only where the case
asks for them.
"""

import os
import random
import shutil
import subprocess
import tempfile
from xml.sax.saxutils import escape

FONTS = ["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "WenQuanYi Zen Hei",
         "AR PL UMing CN"]

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')


def _text_props(font, size, bold=False):
    weight = ' fo:font-weight="bold" style:font-weight-asian="bold"' if bold else ""
    return ('<style:text-properties style:font-name="%s" style:font-name-asian="%s" '
            'fo:font-size="%spt" style:font-size-asian="%spt" fo:language="zh" fo:country="CN" '
            'style:language-asian="zh" style:country-asian="CN"%s/>' % (font, font, size, size, weight))


def _styles(font, body_pt, justify, cell_pt):
    align = "justify" if justify else "start"
    indent = 2 * body_pt
    p = []
    p.append('<style:style style:name="Title" style:family="paragraph">'
             '<style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple" fo:text-align="center" fo:margin-bottom="6pt"/>'
             + _text_props("TitleFont", body_pt + 6, True) + "</style:style>")
    for name, brk, master in (("Heading", "", ""), ("HeadingBreak", ' fo:break-before="page"', ""),
                              ("HeadingWide", "", ' style:master-page-name="Wide"'),
                              ("HeadingNarrow", "", ' style:master-page-name="Standard"')):
        p.append('<style:style style:name="%s" style:family="paragraph"%s>'
                 '<style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple" fo:margin-top="8pt" fo:margin-bottom="4pt" '
                 'fo:text-indent="%dpt" fo:keep-with-next="always"%s/>' % (name, master, indent, brk)
                 + _text_props("TitleFont", body_pt, True) + "</style:style>")
    p.append('<style:style style:name="Body" style:family="paragraph">'
             '<style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple" fo:text-align="%s" fo:text-indent="%dpt" '
             'fo:line-height="150%%"/>' % (align, indent) + _text_props("BodyFont", body_pt)
             + "</style:style>")
    p.append('<style:style style:name="Sub" style:family="paragraph">'
             '<style:paragraph-properties fo:text-indent="%dpt" fo:margin-top="4pt" '
             'fo:keep-with-next="always"/>' % indent + _text_props("TitleFont", body_pt, True)
             + "</style:style>")
    for name, al in (("CellC", "center"), ("CellL", "start")):
        p.append('<style:style style:name="%s" style:family="paragraph">'
                 '<style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple" fo:text-align="%s"/>' % (name, al)
                 + _text_props("BodyFont", cell_pt) + "</style:style>")
    p.append('<style:style style:name="Furniture" style:family="paragraph">'
             '<style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple" fo:text-align="center"/>'
             + _text_props("BodyFont", 9) + "</style:style>")
    return "\n".join(p)


def _page_layout(d, name="PL", landscape=None):
    if landscape is None:
        landscape = d["orientation"] == "landscape"
    w, h = ("29.7cm", "21cm") if landscape else ("21cm", "29.7cm")
    return ('<style:page-layout style:name="%s"><style:page-layout-properties fo:page-width="%s" '
            'fo:page-height="%s" style:print-orientation="%s" fo:margin-top="1.6cm" '
            'fo:margin-bottom="1.6cm" fo:margin-left="2.4cm" fo:margin-right="2.2cm"/>'
            '<style:header-style><style:header-footer-properties fo:min-height="0cm" '
            'fo:margin-bottom="0.4cm"/></style:header-style>'
            '<style:footer-style><style:header-footer-properties fo:min-height="0cm" '
            'fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>'
            % (name, w, h, "landscape" if landscape else "portrait"))


def _master(d, name="Standard", layout="PL"):
    out = ['<style:master-page style:name="%s" style:page-layout-name="%s">' % (name, layout)]
    if d["running_header"]:
        out.append('<style:header><text:p text:style-name="Furniture">%s</text:p></style:header>'
                   % escape(d["running_header"]))
    style = d["page_numbers"]
    if style:
        cur = '<text:page-number text:select-page="current"/>'
        cnt = "<text:page-count/>"
        text = {"dash": "- %s -" % cur, "di": "第 %s 页" % cur,
                "di_of": "第 %s 页 共 %s 页" % (cur, cnt), "plain": cur}[style]
        out.append('<style:footer><text:p text:style-name="Furniture">%s</text:p></style:footer>'
                   % text)
    out.append("</style:master-page>")
    return "".join(out)


def _table(t, index, width_cm):
    total = sum(t["widths"])
    name = "T%d" % index
    auto = ['<style:style style:name="%s" style:family="table"><style:table-properties '
            'style:width="%.2fcm" table:align="margins"/></style:style>' % (name, width_cm)]
    body = ['<table:table table:name="%s" table:style-name="%s">' % (name, name)]
    for i, w in enumerate(t["widths"]):
        auto.append('<style:style style:name="%s.C%d" style:family="table-column">'
                    '<style:table-column-properties style:column-width="%.3fcm"/></style:style>'
                    % (name, i, width_cm * w / total))
        body.append('<table:table-column table:style-name="%s.C%d"/>' % (name, i))
    ncols = t["ncols"]
    covered = set()
    for r, row in enumerate(t["rows"]):
        if r == 0 and t["head_rows"]:
            body.append("<table:table-header-rows>")
        body.append('<table:table-row table:style-name="Row">')
        cells = iter(row)
        c = 0
        while c < ncols:
            if (r, c) in covered:
                body.append("<table:covered-table-cell/>")
                c += 1
                continue
            cell = next(cells)
            attrs = ""
            if cell["cs"] > 1:
                attrs += ' table:number-columns-spanned="%d"' % cell["cs"]
            if cell["rs"] > 1:
                attrs += ' table:number-rows-spanned="%d"' % cell["rs"]
            for rr in range(r, r + cell["rs"]):
                for cc in range(c, c + cell["cs"]):
                    if (rr, cc) != (r, c):
                        covered.add((rr, cc))
            pstyle = "CellL" if cell["role"] in ("label", "section") else "CellC"
            body.append('<table:table-cell table:style-name="Cell" office:value-type="string"%s>'
                        '<text:p text:style-name="%s">%s</text:p></table:table-cell>'
                        % (attrs, pstyle, escape(cell["text"])))
            c += 1
        body.append("</table:table-row>")
        if t["head_rows"] and r == t["head_rows"] - 1:
            body.append("</table:table-header-rows>")
    body.append("</table:table>")
    return "".join(auto), "\n".join(body)


def to_fodt(d, rng):
    font = d["font"] or rng.choice(FONTS)
    title_font = rng.choice(["Noto Sans CJK SC", "Noto Serif CJK SC", font])
    body_pt = rng.choice([12, 14, 15])
    cell_pt = rng.choice([9, 10])
    width_cm = (29.7 if d["orientation"] == "landscape" else 21.0) - 4.6
    wide = False
    autos, parts = [], []
    t_index = 0
    for kind, payload in d["blocks"]:
        if kind == "title":
            parts.append('<text:p text:style-name="Title">%s</text:p>' % escape(payload))
        elif kind == "heading":
            style = "HeadingBreak" if d["split"] and payload.startswith("二、") else "Heading"
            if d["landscape_tables"] and payload[:2] in ("三、", "五、"):
                wide = payload.startswith("三、")
                style = "HeadingWide" if wide else "HeadingNarrow"
            parts.append('<text:p text:style-name="%s">%s</text:p>' % (style, escape(payload)))
        elif kind == "para":
            parts.append('<text:p text:style-name="Body">%s</text:p>' % escape(payload))
        elif kind == "subhead":
            parts.append('<text:p text:style-name="Sub">%s</text:p>' % escape(payload))
        else:
            t_index += 1
            auto, body = _table(payload, t_index, 29.7 - 4.6 if wide else width_cm)
            autos.append(auto)
            parts.append(body)
    cell_style = ('<style:style style:name="Cell" style:family="table-cell">'
                  '<style:table-cell-properties fo:border="0.5pt solid #000000" '
                  'fo:padding="%s" style:vertical-align="middle"/></style:style>'
                  '<style:style style:name="Row" style:family="table-row">'
                  '<style:table-row-properties fo:keep-together="always"/></style:style>'
                  % ("0.11cm" if d["split"] else "0.05cm"))
    xml = ['<?xml version="1.0" encoding="UTF-8"?>', "<office:document %s>" % NS,
           "<office:font-face-decls>",
           '<style:font-face style:name="BodyFont" svg:font-family="&apos;%s&apos;"/>' % font,
           '<style:font-face style:name="TitleFont" svg:font-family="&apos;%s&apos;"/>' % title_font,
           "</office:font-face-decls>",
           "<office:styles>", _styles(font, body_pt, d["justify"], cell_pt), "</office:styles>",
           "<office:automatic-styles>", _page_layout(d), _page_layout(d, "PLW", True), cell_style, "".join(autos),
           "</office:automatic-styles>",
           "<office:master-styles>", _master(d), _master(d, "Wide", "PLW"),
           "</office:master-styles>",
           "<office:body><office:text>", "\n".join(parts), "</office:text></office:body>",
           "</office:document>"]
    return "\n".join(xml), {"font": font, "title_font": title_font, "body_pt": body_pt,
                            "cell_pt": cell_pt}


def render(d, case, out_pdf):
    rng = random.Random(case + "/libreoffice")
    text, info = to_fodt(d, rng)
    work = tempfile.mkdtemp(prefix="nb-lo-")
    try:
        src = os.path.join(work, "report.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        profile = "file://" + os.path.join(work, "profile")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                        "--convert-to", "pdf", "--outdir", work, src],
                       check=True, capture_output=True, timeout=240)
        shutil.copyfile(os.path.join(work, "report.pdf"), out_pdf)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return info
