"""Regenerate the PDF corpus: render every case, post-process, verify, write truth.

Usage: /usr/bin/python3 scripts/corpus/generate.py [--verify-only] [--only SUBSTRING ...]

For each case in cases.py this renders the document through its producer
(LibreOffice, Chromium or cairo), applies the Word-like radical ToUnicode
edit where the case asks for it, re-reads the PDF with pdftotext to prove the
printed cells and paragraphs say what the truth says (failing loudly if not),
and writes corpus/<case>/input.pdf, expected.json and meta.json.  The one
image-only case is a page of another case rasterised and wrapped without a
text layer, with expected-error.json.  --verify-only renders nothing: it
re-reads the committed PDFs (needs only python3 and poppler-utils) and checks
that expected.json is what the generator makes.
"""

import argparse
import pathlib
import shutil
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent.parent

import cases  # noqa: E402
import doc  # noqa: E402
import postprocess  # noqa: E402
import truth  # noqa: E402
import verify  # noqa: E402


def _renderer(producer):
    if producer == "chromium":
        import render_html
        return render_html.render
    if producer == "libreoffice":
        import render_fodt
        return render_fodt.render
    if producer == "cairo":
        import render_cairo
        return render_cairo.render
    raise ValueError(producer)


def _meta(report, info, breaks, split):
    v = report["variations"]
    variations = []
    flags = [
        ("zero", lambda x: "zero_as_" + {"0": "0", "blank": "blank", "dash": "dash",
                                         "mixed": "mixed"}[x]),
        ("label_spaces", lambda x: "label_spaces" if x else None),
        ("paren", lambda x: "parentheses_" + x),
        ("numbering", lambda x: "numbering_" + x.strip()),
        ("fullwidth_digits", lambda x: "fullwidth_digits" if x else None),
        ("orientation", lambda x: x),
        ("page_numbers", lambda x: "page_numbers_" + x if x else "no_page_numbers"),
        ("running_header", lambda x: "running_header" if x else None),
        ("radicals", lambda x: "tounicode_radicals" if x else None),
        ("one_line_title", lambda x: "one_line_title" if x else None),
        ("scale", lambda x: "counts_" + x),
        ("blank_total", lambda x: "total_blank_" + x if x else None),
        ("amount_unit", lambda x: "amount_unit_" + x if x else None),
        ("amount_style", lambda x: "amount_unit_in_cell" if x == "suffix" else None),
        ("hybrid", lambda x: "hybrid_other_unsplit" if x else None),
        ("label_notes", lambda x: "label_notes" if x else None),
        ("justify", lambda x: "justified" if x else "ragged_right"),
        ("title_space", lambda x: "title_year_space" if x else None),
        ("subheads", lambda x: "subheadings_on_own_line" if x else None),
        ("heading_variant", lambda x: "section_heading_variants" if x else None),
        ("active_split_tables", lambda x: "active_disclosure_as_separate_tables" if x else None),
        ("letter_spacing", lambda x: "widened_character_spacing" if x else None),
        ("landscape_tables", lambda x: "landscape_table_pages" if x else None),
        ("watermark", lambda x: "watermark" if x else None),
        ("raised_marker", lambda x: "raised_marker" if x else None),
    ]
    for key, fmt in flags:
        name = fmt(v[key])
        if name:
            variations.append(name)
    if report["template"] == "2019" and report["year"] >= 2021:
        variations.append("late_adopter_2019_template")
    variations.append("applications_table_split_across_pages" if split
                      else "applications_table_on_one_page")
    if split:
        variations.append("header_repeated" if v["header_repeat"] else "header_not_repeated")
    variations.append("labels_wrap_in_cells")
    # A generated case is in the "tuned" set (corpus/README.md: the code was tuned on
    # it) unless cases.py says otherwise, as for cases written before their code.
    meta = {"producer": report["producer"], "variations": variations, "breaks": breaks,
            "set": v["set"], "planned_breaks": v["breaks"], "template": report["template"],
            "year": report["year"]}
    if v["pending"]:
        meta["pending"] = v["pending"]
    if v["watermark"]:
        meta["watermark"] = {"angle": v["watermark"],
                             "text": "内部资料 %d-05-12" % (report["year"] + 1)}
    meta.update(info)
    return meta


def make_case(index, tmp):
    report = cases.make_report(index)
    name = report["case"]
    d = doc.build(report)
    out_dir = REPO / "corpus" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    raw_pdf = pathlib.Path(tmp) / (name + ".pdf")
    info = _renderer(report["producer"])(d, name, raw_pdf) or {}
    pdf = out_dir / "input.pdf"
    if report["variations"]["radicals"]:
        info["radicals"] = postprocess.radicalize(raw_pdf, pdf)
    else:
        postprocess.finish(raw_pdf, pdf)
    source = truth.pdf_source(REPO, name)
    expected = truth.build(report, source)
    split = verify.verify_case(pdf, d, expected, report)
    breaks = sorted({c["rule"] for c in expected["checks"] if c["ok"] is False})
    planned = {"row_total": "applications.row_total", "balance": "applications.balance",
               "outcome_total": "applications.outcome_total", "reviews": "reviews.total"}
    for b in report["variations"]["breaks"]:
        if planned[b] not in breaks:
            raise SystemExit("%s: planned break %s does not show in the checks" % (name, b))
    (out_dir / "expected.json").write_text(truth.dumps(expected), encoding="utf-8")
    meta = _meta(report, info, breaks, split)
    meta["broken_checks"] = [{"rule": c["rule"], "where": c["where"]}
                             for c in expected["checks"] if c["ok"] is False]
    (out_dir / "meta.json").write_text(truth.dumps(meta), encoding="utf-8")
    print("%-44s %-11s %s p=%d %6.0f KB" % (name, report["producer"], report["template"],
                                            source["pages"], pdf.stat().st_size / 1024))
    return name


def check_case(index):
    """Without any renderer: re-verify a committed PDF and its truth files."""
    report = cases.make_report(index)
    name = report["case"]
    d = doc.build(report)
    out_dir = REPO / "corpus" / name
    pdf = out_dir / "input.pdf"
    expected = truth.build(report, truth.pdf_source(REPO, name))
    verify.verify_case(pdf, d, expected, report)
    if (out_dir / "expected.json").read_text(encoding="utf-8") != truth.dumps(expected):
        raise SystemExit("%s: expected.json differs from the truth the generator makes" % name)
    print("ok %s" % name)


def make_image_case(tmp):
    """A scanned report: one case's pages as images, no text layer at all."""
    _, slug, _year, _body = cases.IMAGE_CASE
    donor = [n for n in cases.case_names() if n.startswith("pdf-libreoffice-")][0]
    name = "pdf-image-01-" + slug
    out_dir = REPO / "corpus" / name
    out_dir.mkdir(parents=True, exist_ok=True)
    postprocess.image_only(REPO / "corpus" / donor / "input.pdf", out_dir / "input.pdf", tmp)
    verify.verify_no_text(out_dir / "input.pdf")
    (out_dir / "expected-error.json").write_text(
        truth.dumps({"exit": 9, "code": "no_text_layer"}), encoding="utf-8")
    # OCR reads a scan by default: this case stands for OCR turned off
    (out_dir / "args").write_text("--ocr never\n", encoding="utf-8")
    meta = {"producer": "img2pdf", "variations": ["image_only", "no_text_layer"],
            "breaks": [], "set": "tuned", "made_from": donor}
    (out_dir / "meta.json").write_text(truth.dumps(meta), encoding="utf-8")
    print("%-44s %-11s" % (name, "img2pdf"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*", default=None,
                    help="substrings of case names to (re)make; default all")
    ap.add_argument("--verify-only", action="store_true",
                    help="render nothing: re-verify the committed PDFs and truth")
    args = ap.parse_args()
    names = cases.case_names()
    if args.verify_only:
        for i, name in enumerate(names):
            if not args.only or any(s in name for s in args.only):
                check_case(i)
        return 0
    tmp = tempfile.mkdtemp(prefix="nb-corpus-")
    try:
        for i, name in enumerate(names):
            if args.only and not any(s in name for s in args.only):
                continue
            make_case(i, tmp)
        if not args.only or any(s in "pdf-image" for s in args.only):
            make_image_case(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    known = set(names) | {"pdf-image-01-" + cases.IMAGE_CASE[1]}
    stale = [p.name for p in (REPO / "corpus").glob("pdf-*") if p.name not in known]
    if stale:
        print("warning: case directories not made by this generator: " + ", ".join(stale))
    pdfs = list((REPO / "corpus").glob("pdf-*/input.pdf"))
    print("%d PDFs, %.1f MB" % (len(pdfs), sum(p.stat().st_size for p in pdfs) / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
