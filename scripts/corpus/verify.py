"""Prove each generated PDF says what its truth says, independently of nianbao.

The PDF is read back with poppler's pdftotext.  In -layout mode every table
row that prints numbers must show exactly its printed numbers, in order, on
one line, and these rows must follow each other in document order (blank
cells print nothing).  In -raw mode every label, title and paragraph must be
present (whitespace ignored, page furniture removed, radicals mapped back).
The truth itself is re-derived from the printed strings, so a truth value
that differs from what the PDF shows fails here.  Any mismatch raises
SystemExit with the case, row and both sides.
"""

import html
import re
import subprocess
import unicodedata

import doc
import postprocess
import truth

NUM_TOKEN = re.compile(r"^(-?\d+(\.\d+)?(（万元）|元)?|—)$")


class VerifyError(SystemExit):
    pass


def _fail(pdf, what):
    raise VerifyError("verify %s: %s" % (pdf, what))


def _pdftotext(pdf, mode):
    out = subprocess.run(["pdftotext", mode, "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


# The cairo watermark is drawn at 22 pt, turned: its words' boxes are taller
# than this (a 19 pt title in a tall font can be too, but is not watermark text).
WATERMARK_MIN_HEIGHT = 26.0


def _small_digits(found):
    """Words that are one digit printed much smaller than the page's numbers
    (a raised footnote marker): (kept words, how many were left out)."""
    heights = sorted(float(y1) - float(y0) for _x0, y0, _x1, y1, t in found
                     if re.fullmatch(r"\d+", t))
    if not heights:
        return found, 0
    typical = heights[len(heights) // 2]
    kept = [w for w in found if not (re.fullmatch(r"\d", w[4])
                                     and float(w[3]) - float(w[1]) < 0.7 * typical)]
    return kept, len(found) - len(kept)


def _bbox_lines(pdf, watermark=None, markers=None):
    """Pages as lists of visual lines: words clustered by baseline, left to right.

    pdftotext -layout shuffles rows beside a wrapped multi-row label; word
    boxes clustered here keep each table row's numbers on one line.  With
    `watermark` (its text), the watermark's words are left out and must be
    on every page.  With `markers` (a list), raised footnote digits are left
    out (each makes a line of its own), and their count per page appended."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for n, page in enumerate(out.split("<page ")[1:], 1):
        found = _WORD.findall(page)
        if watermark:
            tall = [t for _x0, y0, _x1, y1, t in found
                    if float(y1) - float(y0) >= WATERMARK_MIN_HEIGHT and t in watermark]
            if len(tall) < 10:
                _fail(pdf, "page %d: watermark words %s" % (n, tall))
            found = [w for w in found if not (float(w[3]) - float(w[1]) >= WATERMARK_MIN_HEIGHT
                                              and w[4] in watermark)]
        if markers is not None:
            found, small = _small_digits(found)
            markers.append(small)
        words = [(float(y1), float(x0), html.unescape(t)) for x0, _y0, _x1, y1, t in found]
        words.sort()
        lines, current, base = [], [], None
        for y1, x0, t in words:
            if base is not None and y1 - base > 3.0:
                lines.append(current)
                current = []
            if not current:
                base = y1
            current.append((x0, t))
        if current:
            lines.append(current)
        pages.append("\n".join(" ".join(t for _, t in sorted(l)) for l in lines))
    return pages


def _unradical(text):
    return "".join(postprocess.UNRADICAL.get(ch, ch) for ch in text)


def _furniture(d, pages):
    lines = set()
    if d["running_header"]:
        lines.add(re.sub(r"\s+", "", d["running_header"]))
    for p in range(1, pages + 1):
        t = doc.page_number_text(d["page_numbers"], p, pages)
        if t:
            lines.add(re.sub(r"\s+", "", t))
    return lines


def _body_lines(pages_text, furniture):
    """Lines of all pages minus running headers and page numbers, radicals undone."""
    out = []
    for page_no, page in enumerate(pages_text, 1):
        for line in page.splitlines():
            line = _unradical(line)
            if re.sub(r"\s+", "", line) in furniture:
                continue
            out.append((page_no, line))
    return out


def _squash(text):
    return re.sub(r"\s+", "", text)


def _check_numbers(pdf, d, lines):
    heads = [b[1] for b in d["blocks"] if b[0] == "heading"]
    start = next((i for i, (_, l) in enumerate(lines) if _squash(l) == heads[1]), None)
    end = next((i for i, (_, l) in enumerate(lines) if _squash(l) == heads[4]), None)
    if start is None or end is None:
        _fail(pdf, "section headings 二/五 not found")
    got = []
    for _, line in lines[start:end]:
        tokens = [t for t in line.split() if NUM_TOKEN.match(t)]
        if tokens:
            got.append(tokens)
    want = []
    for kind, t in d["blocks"]:
        if kind != "table":
            continue
        for row in t["rows"]:
            tokens = [c["text"] for c in row if c["role"] == "num" and c["text"]]
            if tokens:
                want.append(tokens)
    if got != want:
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                _fail(pdf, "table row %d prints %s, truth says %s" % (i, g, w))
        _fail(pdf, "%d number rows read, %d expected" % (len(got), len(want)))


def _check_truth_matches_print(pdf, report, expected):
    """Every truth cell equals the number its printed string shows."""
    def parse(text):
        t = text.replace("（万元）", "").replace("元", "")
        if t in ("", "—"):
            return None
        return float(t) if "." in t else int(t)

    groups = [("active_disclosure", report["active"]), ("applications", report["applications"]),
              ("reviews", report["reviews"])]
    for key, cells in groups:
        for row, cols in expected[key].items():
            for col, value in cols.items():
                printed = parse(cells[row][col].text)
                if printed != value:
                    _fail(pdf, "%s.%s.%s truth %r, printed %r" % (key, row, col, value,
                                                                  cells[row][col].text))


def _split_over_pages(label, per_page):
    """A spanning cell's text may be cut by a page break: head on one page, tail on the next."""
    for a, b in zip(per_page, per_page[1:]):
        for k in range(1, len(label)):
            if label[:k] in a and label[k:] in b:
                return True
    return False


def _check_text(pdf, d, expected, raw_lines):
    flat = "".join(_squash(l) for _, l in raw_lines)
    pages = max(p for p, _ in raw_lines)
    per_page = ["".join(_squash(l) for p, l in raw_lines if p == n) for n in range(1, pages + 1)]
    for kind, payload in d["blocks"]:
        if kind in ("title", "heading", "para", "subhead"):
            if _squash(payload) not in flat:
                _fail(pdf, "text missing: %s" % payload[:40])
        elif kind == "note":        # footnotes (their raised digits are counted apart)
            for marker, text in payload:
                if _squash(text) not in flat:
                    _fail(pdf, "footnote missing: %s%s" % (marker, text))
        else:
            for row in payload["rows"]:
                for c in row:
                    label = _squash(c["text"])
                    if (c["role"] != "num" and label not in flat
                            and not _split_over_pages(label, per_page)):
                        _fail(pdf, "label missing: %s" % c["text"])
    printed = [p for k, p in d["blocks"] if k in ("para", "subhead")]
    for section in ("overview", "problems", "other"):
        for para in expected["sections"][section].split("\n"):
            norm = unicodedata.normalize("NFKC", para)
            if not any(unicodedata.normalize("NFKC", p) == norm for p in printed):
                _fail(pdf, "truth paragraph not printed: %s" % para[:40])


def _check_split(pdf, d, lines):
    """Pages of the 三 table's first and last row; header repetition as planned."""
    first = [p for p, l in lines if "本年新收政府信息" in _squash(l)]
    last = [p for p, l in lines if "结转下年度继续" in _squash(l)]
    if not first or not last:
        _fail(pdf, "applications table rows not found")
    split = first[0] != last[-1]
    if d["split"] and not split:
        _fail(pdf, "the 三 table was meant to break across pages but did not")
    table = [t for k, t in d["blocks"] if k == "table" and t["name"] == "applications"][0]
    header_pages = {p for p, l in lines if "申请人情况" in _squash(l)}
    if split and table["head_rows"] and last[-1] not in header_pages:
        _fail(pdf, "header not repeated on the page where the table ends")
    if not table["head_rows"] and len(header_pages) != 1:
        _fail(pdf, "header printed more than once though not repeated")
    return split


def verify_case(pdf, d, expected, report):
    # A watermark is text turned 30-45 degrees over the tables: its digits are
    # not the report's.  Its words are left out of the layout read (-nodiag
    # cannot do it: poppler decides "diagonal" per font change, and after a
    # turned run in the same font it drops the report's own text as well).
    # In -raw reading order it is drawn first on each page, before the text.
    wm = d.get("watermark")
    # A raised small footnote digit after a number is drawn apart from it (a
    # line of its own here): each one is left out, and counted.
    marked = [c for k, t in d["blocks"] if k == "table" for row in t["rows"] for c in row
              if c.get("marker")]
    markers = [] if marked else None
    layout = _bbox_lines(pdf, wm[1] if wm else None, markers)
    if marked and sum(markers) != 2 * len(marked):      # in the cell and in its note
        _fail(pdf, "%d raised digits seen, %d markers and notes printed"
              % (sum(markers), 2 * len(marked)))
    raw = _pdftotext(pdf, "-raw")
    if wm:      # its pieces are lines of their own there, which may cut a paragraph
        mark = _squash(wm[1])
        raw = ["\n".join(l for l in page.splitlines() if not (_squash(l) and _squash(l) in mark))
               for page in raw]
    if len(layout) != expected["source"]["pages"]:
        _fail(pdf, "page count %d vs pdfinfo %d" % (len(layout), expected["source"]["pages"]))
    furniture = _furniture(d, len(layout))
    if report["variations"]["radicals"]:
        if not any(ch in "".join(layout) for ch in postprocess.UNRADICAL):
            _fail(pdf, "no radical in the text layer")
    lines = _body_lines(layout, furniture)
    _check_numbers(pdf, d, lines)
    _check_truth_matches_print(pdf, report, expected)
    _check_text(pdf, d, expected, _body_lines(raw, furniture))
    for c in expected["checks"]:
        if c["rule"] not in ("applications.balance", "applications.outcome_total",
                             "applications.row_total", "reviews.total"):
            _fail(pdf, "unknown rule")
    if expected["agency"] != report["agency"] or expected["template"] not in ("2019", "2021"):
        _fail(pdf, "agency/template")
    truth.compute_checks(expected["template"], expected["applications"], expected["reviews"])
    return _check_split(pdf, d, lines)


def verify_no_text(pdf):
    text = "".join(_pdftotext(pdf, "-raw"))
    if text.strip():
        _fail(pdf, "image-only PDF has a text layer")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    if len(fonts) > 2:
        _fail(pdf, "image-only PDF has fonts")
