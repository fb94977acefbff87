"""The Markdown and copied-table corpus (issue 13): reports in the shapes
converters and browsers give, with truth from the generator's own numbers.

Usage: /usr/bin/python3 scripts/corpus/markdown.py [--check]

Each case is a generated report (cases.py numbers, doc.py printed document)
written out the way one tool writes a document with merged table cells:

- pandoc: pipe tables; a merged cell's text in its first cell, the cells it
  covers left empty (`||` where pandoc packs them);
- MinerU: `#` headings, paragraphs, every table as one line of HTML
  (`<table>` with rowspan/colspan);
- Docling: pipe tables, a merged label or header cell's text repeated into
  every cell it covers, across and down (a value spanning columns is printed
  once);
- marker: pipe tables with `<br>` inside wrapped cells, bold headings;
- pieces: MinerU's tables broken at page ends, the 三 table in three
  pieces, one group label left outside as a paragraph;
- copied: what a browser's copy of the page gives: prose lines, and table
  rows as tab-separated cells where a cell that spans rows appears only on
  its first row (no empty field for it on the rows below).

--check regenerates in memory and fails when a committed file differs.
"""

import argparse
import hashlib
import html
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent.parent

import cases  # noqa: E402
import doc  # noqa: E402
import truth  # noqa: E402

# name, shape, year, body, overrides, meta variations
CASES = [
    ("md-01-pandoc-songxi-2021", "pandoc", 2021, 20, {"scale": "medium"},
     ["pandoc pipe tables", "merged cells as an empty cell (`||`) beside their text",
      "template 2021"]),
    ("md-02-mineru-baihe-2019", "mineru", 2019, 8, {"scale": "medium"},
     ["MinerU: HTML <table> with rowspan/colspan inside Markdown", "template 2019"]),
    ("md-03-docling-linhai-2022", "docling", 2022, 10, {"scale": "large"},
     ["Docling: merged cells repeated into every spanned cell, across and down",
      "template 2021"]),
    ("md-04-marker-qinghe-2020", "marker", 2020, 13, {"scale": "small", "zero": "blank"},
     ["marker: pipe tables, <br> inside cells, bold table titles", "zero printed blank",
      "template 2019"]),
    ("md-05-pieces-yunzhou-2023", "pieces", 2023, 7, {"scale": "medium"},
     ["MinerU tables broken at page ends: 二 in pieces, 三 in three pieces",
      "a group label left outside the table as a paragraph", "template 2021"]),
    ("copy-01-shimen-2020", "copied", 2020, 17, {"scale": "small", "zero": "blank"},
     ["table copied from a browser: tab-separated, a label that spans rows only on its first line",
      "zero printed blank (empty tab fields)", "template 2019"]),
    ("copy-02-dongcheng-2023", "copied", 2023, 19, {"scale": "medium", "zero": "blank"},
     ["table copied from a browser: tab-separated, a label that spans rows only on its first line",
      "zero printed blank (empty tab fields)", "template 2021"]),
    ("md-90-extra-cells-pandoc-2022", "pandoc", 2022, 22, {"scale": "small"},
     ["the 规章 row of 二 has one cell more than its table's header (the parsers drop it)",
      "template 2021"]),
]

EXTRA_CELL = "md-90-extra-cells-pandoc-2022"


def _extra_cell(text, expected):
    """One cell more than the header on the 规章 row: the reader keeps it,
    the row's numbers no longer fit its columns (null, with warnings)."""
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("| 规章 |"))
    lines[at] = lines[at] + " 3 |"
    row = expected["active_disclosure"]["regulations"]
    for key in row:
        row[key] = None
    field = "active_disclosure.regulations"
    expected["diagnostics"] += [
        {"level": "warning", "code": "row_columns_mismatch",
         "message": "more numbers than columns", "page": None, "field": field},
        {"level": "warning", "code": "table_cells_mismatch",
         "message": "5 cells in a table of 4 columns", "page": None, "field": field},
    ]
    return "\n".join(lines)


def _report(index, spec):
    name, shape, year, body, over, _ = spec
    saved = cases.CASES
    cases.CASES = [(name, shape, year, body, over)]
    try:
        report = cases.make_report(0)
    finally:
        cases.CASES = saved
    report["case"] = name
    return report


def _placed(table):
    """The grid of a doc.py table: (row, col) -> (cell, top-left?), and the
    cells that start in each row with their column."""
    ncols = table["ncols"]
    taken = {}
    starts = []
    for r, row in enumerate(table["rows"]):
        c = 0
        mine = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            mine.append((c, cell))
            for dr in range(cell["rs"]):
                for dc in range(cell["cs"]):
                    taken[(r + dr, c + dc)] = (cell, dr == 0 and dc == 0)
            c += cell["cs"]
        starts.append(mine)
    return taken, starts, ncols


def _pipe_row(cells, pad=False):
    if pad:
        return "| " + " | ".join(cells) + " |"
    out = "|"
    for c in cells:
        out += (" %s |" % c) if c else "|"
    return out


def _pipe_table(table, shape):
    taken, _, ncols = _placed(table)
    lines = []
    for r in range(len(table["rows"])):
        cells = []
        for c in range(ncols):
            cell, first = taken.get((r, c), (None, False))
            text = cell["text"] if cell else ""
            if shape == "docling":
                # values are never repeated: a number spanning columns is
                # printed once, its other cells empty
                cells.append(text if first or cell is None or cell["role"] != "num"
                             else "")
            elif shape == "marker":
                cells.append(text.replace("（", "<br>（", 1) if first and len(text) > 16
                             and text.find("（") > 0 else (text if first else ""))
            else:
                cells.append(text if first else "")
        lines.append(_pipe_row(cells, pad=shape == "docling"))
        if r == 0:
            lines.append("|" + "|".join(["---"] * ncols) + "|" if shape != "docling"
                         else "|" + "|".join(["-" * 5] * ncols) + "|")
    return lines


def _html_table(table, rows=None):
    rows = table["rows"] if rows is None else rows
    out = "<table>"
    for row in rows:
        out += "<tr>"
        for cell in row:
            attrs = ""
            if cell["rs"] > 1:
                attrs += ' rowspan="%d"' % cell["rs"]
            if cell["cs"] > 1:
                attrs += ' colspan="%d"' % cell["cs"]
            out += "<td%s>%s</td>" % (attrs, html.escape(cell["text"], quote=False))
        out += "</tr>"
    return out + "</table>"


def _tab_table(table):
    _, starts, _ = _placed(table)
    return ["\t".join(cell["text"] for _, cell in row) for row in starts]


def _pieces(table):
    """A table broken where a page ends: the applications table in three
    pieces, a group label cell left outside as a paragraph (MinerU drops a
    label cell whose rowspan crosses the break and prints its text as loose
    text), the active table in two."""
    rows = table["rows"]
    if table["name"] == "active":
        half = len(rows) // 2
        while rows[half][0]["role"] != "section":
            half += 1
        return [_html_table(table, rows[:half]), _html_table(table, rows[half:])]
    if table["name"] != "applications":
        return [_html_table(table)]
    # first break: before 二、上年结转 (row 4); second: inside （四）无法提供,
    # whose group label goes outside the table
    first = rows[:4]
    label_at = None
    for r, row in enumerate(rows):
        for cell in row:
            if cell["text"].endswith("无法提供") and cell["rs"] > 1:
                label_at = r
    second = [list(row) for row in rows[4:label_at]]
    # 三、本年度办理结果 spans into the second piece: printed on its first row
    group = rows[5][0]
    second[1] = [dict(group, rs=label_at - 5)] + second[1][1:]
    third = []
    for r in range(label_at, len(rows)):
        row = [dict(c) for c in rows[r]]
        if r == label_at:
            row = row[1:]
        third.append(row)
    loose = rows[label_at][0]["text"]
    return [_html_table(table, first), _html_table(table, second), loose,
            _html_table(table, third)]


def _heading(level, text):
    return "#" * level + " " + text


def render(report, shape):
    d = doc.build(report)
    out = []
    for kind, body in d["blocks"]:
        if kind == "title":
            if shape == "copied":
                out.append(body)
            else:
                out.append(_heading(1, body))
            out.append("")
        elif kind == "heading":
            out.append(body if shape == "copied" else
                       ("**%s**" % body if shape == "marker" else _heading(2, body)))
            out.append("")
        elif kind in ("para", "subhead"):
            out.append(body)
            out.append("")
        elif kind == "table":
            if shape == "copied":
                out += _tab_table(body)
            elif shape in ("pandoc", "docling", "marker"):
                out += _pipe_table(body, shape)
            elif shape == "mineru":
                out.append(_html_table(body))
            elif shape == "pieces":
                for piece in _pieces(body):
                    out.append(piece)
                    out.append("")
                continue
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _source(rel, data, kind):
    return {"file": rel, "sha256": hashlib.sha256(data).hexdigest(), "kind": kind,
            "pages": None, "producer": None}


def make(spec, index, check):
    name, shape, _, _, _, variations = spec
    report = _report(index, spec)
    text = render(report, shape)
    ext = "txt" if shape == "copied" else "md"
    out_dir = REPO / "corpus" / name
    rel = "corpus/%s/input.%s" % (name, ext)
    kind = "text" if shape == "copied" else "markdown"
    expected = truth.build(report, _source(rel, text.encode("utf-8"), kind))
    if name == EXTRA_CELL:
        text = _extra_cell(text, expected)
        expected["source"] = _source(rel, text.encode("utf-8"), kind)
    data = text.encode("utf-8")
    meta = {"producer": {"copied": "browser copy (hand-written)"}.get(
                shape, shape + " (hand-written in its shape)"),
            "set": "written-first", "variations": variations,
            "breaks": sorted({c["rule"] for c in expected["checks"] if c["ok"] is False}),
            "pending": "issue 13: markdown and copied tables"}
    files = {"input." + ext: data,
             "expected.json": truth.dumps(expected).encode("utf-8")}
    if check:
        for fname, content in files.items():
            if (out_dir / fname).read_bytes() != content:
                raise SystemExit("%s/%s differs from what the generator makes" % (name, fname))
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for fname, content in files.items():
        (out_dir / fname).write_bytes(content)
    meta_path = out_dir / "meta.json"
    if meta_path.exists():
        old = json.loads(meta_path.read_text(encoding="utf-8"))
        if "pending" not in old:
            meta.pop("pending")
    meta_path.write_text(truth.dumps(meta), encoding="utf-8")
    print(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    for i, spec in enumerate(CASES):
        make(spec, i, args.check)
    return 0


if __name__ == "__main__":
    sys.exit(main())
