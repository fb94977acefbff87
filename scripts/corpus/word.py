"""Word and OpenDocument cases (issue 15): the PDF generator's reports as .docx/.odt.

Usage: /usr/bin/python3 scripts/corpus/word.py [--only SUBSTRING ...]

Each case takes one report of cases.py (the same numbers, prose and labels the
PDF cases print), writes it as FODT with render_fodt.to_fodt, and lets
LibreOffice (`soffice --headless --convert-to docx|odt|doc`) save it; some
cases then edit the saved document's XML with zipfile the way Word and WPS
write it: tracked changes (a wrong number deleted, the right one inserted, a
field whose instruction is not text), headings numbered by numbering.xml, the
applications table split in two, WPS rows with w:gridBefore/w:gridAfter.  The
truth is truth.build of the same report with a "docx"/"odt" source; a .doc is
the legacy error.  Needs LibreOffice (Debian libreoffice-writer-nogui).
"""

import argparse
import hashlib
import io
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent.parent

import cases  # noqa: E402
import doc  # noqa: E402
import render_fodt  # noqa: E402
import truth  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# name, donor PDF case, format, edits, pending
WORD_CASES = [
    ("word-01-qingshan-bgs-2020", "pdf-libreoffice-02-qingshan-bgs-2020", "docx", ["wrappers"], None),
    ("word-02-jiangnan-zrzy-2021-tracked", "pdf-libreoffice-01-jiangnan-zrzy-2021", "docx",
     ["tracked", "numbered_headings"], None),
    ("word-03-yunzhou-zjj-2023-wps", "pdf-libreoffice-05-yunzhou-zjj-2023", "docx",
     ["grid_before_after", "split_table"], None),
    ("word-04-linjiang-scjg-2022-odt", "pdf-libreoffice-03-linjiang-scjg-2022", "odt", [], None),
    ("word-05-beiling-sthj-2019-odt", "pdf-libreoffice-04-beiling-sthj-2019", "odt", [], None),
    ("word-90-shimen-xzf-2021-legacy-doc", "pdf-libreoffice-06-shimen-xzf-2021", "doc", [], None),
]


def _soffice(src, fmt, work):
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless",
                    "--convert-to", fmt, "--outdir", work, src],
                   check=True, capture_output=True, timeout=240)
    return os.path.join(work, "report." + fmt)


def _rezip(data, edit):
    """`data` (a docx) with word/document.xml (and others) rewritten by `edit`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    files = {n: src.read(n) for n in src.namelist()}
    edit(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist() + [n for n in files if n not in src.namelist()]:
            info = zipfile.ZipInfo(n, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[n])
    return out.getvalue()


def _tables(xml):
    """(start, end) of every top-level <w:tbl> in document.xml."""
    out, depth, start = [], 0, 0
    for m in re.finditer(r"<w:tbl>|</w:tbl>", xml):
        if m.group(0) == "<w:tbl>":
            if depth == 0:
                start = m.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                out.append((start, m.end()))
    return out


def _rows(tbl):
    return [m for m in re.finditer(r"<w:tr[ >].*?</w:tr>", tbl, re.S)]


def _edit_tracked(files):
    """A wrong number deleted and the right one inserted (w:del/w:ins), and a
    field (w:instrText) before a paragraph's text: Word's revision marks."""
    xml = files["word/document.xml"].decode("utf-8")
    start, end = _tables(xml)[1]
    tbl = xml[start:end]
    done = 0

    def swap(m):
        nonlocal done
        if done >= 3:
            return m.group(0)
        done += 1
        rpr, value = m.group(1), m.group(2)
        wrong = str(int(value) + 7)
        return ('<w:del w:id="%d" w:author="审核" w:date="2024-01-10T09:00:00Z"><w:r>%s'
                '<w:delText>%s</w:delText></w:r></w:del>'
                '<w:ins w:id="%d" w:author="审核" w:date="2024-01-10T09:00:00Z"><w:r>%s'
                '<w:t>%s</w:t></w:r></w:ins>' % (100 + done, rpr, wrong, 200 + done, rpr,
                                                 value))
    tbl = re.sub(r"<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t>([1-9][0-9]*)</w:t></w:r>", swap, tbl,
                 flags=re.S)
    xml = xml[:start] + tbl + xml[end:]
    # a field in the title paragraph: its instruction is not text
    m = re.search(r"<w:r><w:rPr>(?:(?!</w:rPr>).)*</w:rPr><w:t>", xml, re.S)
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
             ' DOCPROPERTY Company </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
             '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    xml = xml[:m.start()] + field + xml[m.start():]
    files["word/document.xml"] = xml.encode("utf-8")


NUMBERING = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<w:numbering xmlns:w="%s"><w:abstractNum w:abstractNumId="7">'
             '<w:multiLevelType w:val="hybridMultilevel"/>'
             '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
             '<w:lvlText w:val="%%1、"/><w:lvlJc w:val="left"/></w:lvl>'
             '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
             '</w:numbering>' % W)


def _edit_numbered_headings(files):
    """Section headings numbered by Word (一、 in numbering.xml, not in the text)."""
    xml = files["word/document.xml"].decode("utf-8")
    numerals = "一二三四五六七八"
    count = 0

    def strip(m):
        nonlocal count
        p = m.group(0)
        text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
        if len(text) < 3 or text[0] not in numerals or text[1] != "、" or len(text) > 30:
            return p
        count += 1
        p = re.sub(r"(<w:t[^>]*>)" + text[0] + "、", r"\1", p, count=1)
        if "<w:pPr>" in p:
            p = p.replace("<w:pPr>", '<w:pPr><w:numPr><w:ilvl w:val="0"/>'
                          '<w:numId w:val="3"/></w:numPr>', 1)
        else:
            p = re.sub(r"^(<w:p[^>]*>)", r'\1<w:pPr><w:numPr><w:ilvl w:val="0"/>'
                       r'<w:numId w:val="3"/></w:numPr></w:pPr>', p)
        return p
    body, tables = xml, _tables(xml)
    # headings stand outside tables
    out, last = [], 0
    for s, e in tables:
        out.append(re.sub(r"<w:p[ >].*?</w:p>", strip, body[last:s], flags=re.S))
        out.append(body[s:e])
        last = e
    out.append(re.sub(r"<w:p[ >].*?</w:p>", strip, body[last:], flags=re.S))
    if count < 6:
        raise SystemExit("numbered headings: only %d headings found" % count)
    files["word/document.xml"] = "".join(out).encode("utf-8")
    files["word/numbering.xml"] = NUMBERING.encode("utf-8")
    ct = files["[Content_Types].xml"].decode("utf-8")
    if "numbering.xml" not in ct:
        ct = ct.replace("</Types>", '<Override PartName="/word/numbering.xml" ContentType='
                        '"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                        'numbering+xml"/></Types>')
        files["[Content_Types].xml"] = ct.encode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    if "numbering.xml" not in rels:
        rels = rels.replace("</Relationships>", '<Relationship Id="rIdNum" Type="http://schemas.'
                            'openxmlformats.org/officeDocument/2006/relationships/numbering" '
                            'Target="numbering.xml"/></Relationships>')
        files["word/_rels/document.xml.rels"] = rels.encode("utf-8")


def _edit_grid_before_after(files):
    """WPS rows: the applications table gets an empty grid column on each
    side; data rows skip them with w:gridBefore/w:gridAfter while the header
    rows' first and last cells span them (w:gridSpan)."""
    xml = files["word/document.xml"].decode("utf-8")
    start, end = _tables(xml)[1]
    tbl = xml[start:end]
    tbl = re.sub(r"<w:tblGrid>", '<w:tblGrid><w:gridCol w:w="120"/>', tbl, count=1)
    tbl = re.sub(r"</w:tblGrid>", '<w:gridCol w:w="120"/></w:tblGrid>', tbl, count=1)
    rows = _rows(tbl)
    out, last = [], 0
    for i, m in enumerate(rows):
        row = m.group(0)
        if i < 2:
            row = _widen_edge_cells(row)
        else:
            trpr = '<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>'
            if "<w:trPr>" in row:
                row = row.replace("<w:trPr>", "<w:trPr>" + trpr, 1)
            else:
                row = re.sub(r"^(<w:tr[^>]*>)", r"\1<w:trPr>" + trpr + "</w:trPr>", row)
        out.append(tbl[last:m.start()])
        out.append(row)
        last = m.end()
    out.append(tbl[last:])
    files["word/document.xml"] = (xml[:start] + "".join(out) + xml[end:]).encode("utf-8")


def _span_plus(tc):
    m = re.search(r'<w:gridSpan w:val="(\d+)"/>', tc)
    if m:
        return tc.replace(m.group(0), '<w:gridSpan w:val="%d"/>' % (int(m.group(1)) + 1), 1)
    if "<w:tcPr>" in tc:
        return tc.replace("<w:tcPr>", '<w:tcPr><w:gridSpan w:val="2"/>', 1)
    return re.sub(r"^<w:tc>", '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', tc)


def _widen_edge_cells(row):
    cells = list(re.finditer(r"<w:tc>.*?</w:tc>", row, re.S))
    first, lastc = cells[0], cells[-1]
    return (row[:first.start()] + _span_plus(first.group(0)) + row[first.end():lastc.start()]
            + _span_plus(lastc.group(0)) + row[lastc.end():])


def _edit_split_table(files):
    """The applications table split in two after its 12th row, a paragraph
    between (a table broken by hand across a page)."""
    xml = files["word/document.xml"].decode("utf-8")
    start, end = _tables(xml)[1]
    tbl = xml[start:end]
    head = tbl[:tbl.index("</w:tblGrid>") + len("</w:tblGrid>")]
    rows = _rows(tbl)
    cut = rows[12].start()
    tbl = tbl[:cut] + "</w:tbl><w:p><w:r><w:t>（续表）</w:t></w:r></w:p>" + head + tbl[cut:]
    files["word/document.xml"] = (xml[:start] + tbl + xml[end:]).encode("utf-8")


def _edit_wrappers(files):
    """Word's wrappers around text: a hyperlink around a run, a content
    control (w:sdt) around a paragraph, and the last section's paragraph in a
    text box written twice, as mc:AlternateContent Choice (wps) and Fallback
    (VML), of which a reader must take one."""
    xml = files["word/document.xml"].decode("utf-8")
    paras = list(re.finditer(r"<w:p>(?:(?!</w:p>).)*</w:p>", xml, re.S))
    body = [m for m in paras if '<w:pStyle w:val="Body"/>' in m.group(0)]
    first, last = body[0], body[-1]
    runs = re.search(r"</w:pPr>(.*)</w:p>$", last.group(0), re.S)
    inner = runs.group(1)
    box = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
           '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           '<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p>%s</w:p></w:txbxContent>'
           '</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
           '</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p>%s</w:p>'
           '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>'
           '</w:r>' % (inner, inner))
    new_last = last.group(0)[:runs.start(1)] + box + "</w:p>"
    p = first.group(0)
    r = re.search(r"<w:r>(?:(?!</w:r>).)*</w:r>", p, re.S)
    p = (p[:r.start()] + '<w:hyperlink r:id="rIdLink">' + r.group(0) + "</w:hyperlink>"
         + p[r.end():])
    new_first = '<w:sdt><w:sdtPr><w:alias w:val="正文"/></w:sdtPr><w:sdtContent>%s' \
                '</w:sdtContent></w:sdt>' % p
    xml = (xml[:first.start()] + new_first + xml[first.end():last.start()] + new_last
           + xml[last.end():])
    files["word/document.xml"] = xml.encode("utf-8")
    rels = files["word/_rels/document.xml.rels"].decode("utf-8")
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdLink" Type="http://schemas.'
                        'openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
                        'Target="http://example.org/" TargetMode="External"/></Relationships>')
    files["word/_rels/document.xml.rels"] = rels.encode("utf-8")


EDITS = {"wrappers": _edit_wrappers, "tracked": _edit_tracked, "numbered_headings": _edit_numbered_headings,
         "grid_before_after": _edit_grid_before_after, "split_table": _edit_split_table}


def make(name, donor, fmt, edits, pending):
    index = cases.case_names().index(donor)
    report = cases.make_report(index)
    d = doc.build(report)
    text, _info = render_fodt.to_fodt(d, random.Random(donor + "/libreoffice"))
    out_dir = REPO / "corpus" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("input.*"):
        old.unlink()
    work = tempfile.mkdtemp(prefix="nb-word-")
    try:
        src = os.path.join(work, "report.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        data = pathlib.Path(_soffice(src, fmt, work)).read_bytes()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for e in edits:
        data = _rezip(data, EDITS[e])
    path = out_dir / ("input." + fmt)
    path.write_bytes(data)
    rel = "corpus/%s/input.%s" % (name, fmt)
    meta = {"producer": "libreoffice", "made_from": donor, "format": fmt,
            "variations": [fmt] + edits, "breaks": [], "set": "written-first",
            "template": report["template"], "year": report["year"]}
    if pending:
        meta["pending"] = pending
    if fmt == "doc":
        (out_dir / "expected-error.json").write_text(
            truth.dumps({"exit": 15, "code": "legacy_word"}), encoding="utf-8")
    else:
        source = {"file": rel, "sha256": hashlib.sha256(data).hexdigest(), "kind": fmt,
                  "pages": None, "producer": None}
        expected = truth.build(report, source)
        meta["breaks"] = sorted({c["rule"] for c in expected["checks"] if c["ok"] is False})
        (out_dir / "expected.json").write_text(truth.dumps(expected), encoding="utf-8")
    (out_dir / "meta.json").write_text(truth.dumps(meta), encoding="utf-8")
    print("%-44s %-5s %6.0f KB" % (name, fmt, len(data) / 1024))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None)
    args = ap.parse_args()
    for name, donor, fmt, edits, pending in WORD_CASES:
        if args.only and not any(s in name for s in args.only):
            continue
        make(name, donor, fmt, edits, pending)
    return 0


if __name__ == "__main__":
    sys.exit(main())
