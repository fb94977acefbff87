"""Prove the corpus verifier can fail: tamper with a truth and expect a rejection.

Usage: /usr/bin/python3 scripts/corpus/selftest.py   (needs poppler-utils only)

Takes one committed case per producer, checks that it verifies as generated,
then changes one thing at a time (a truth cell, a printed number, a label, a
paragraph) and requires verify.py to reject each change.  Prints
'N passed, N failed' and exits non-zero on any failure.
"""

import copy
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
REPO = HERE.parent.parent

import cases  # noqa: E402
import doc  # noqa: E402
import truth  # noqa: E402
import verify  # noqa: E402


def _setup(index):
    report = cases.make_report(index)
    d = doc.build(report)
    expected = truth.build(report, truth.pdf_source(REPO, report["case"]))
    pdf = REPO / "corpus" / report["case"] / "input.pdf"
    return pdf, d, expected, report


def _table(d, name):
    return [t for k, t in d["blocks"] if k == "table" and t["name"] == name][0]


def tamper_truth_cell(pdf, d, expected, report):
    expected = copy.deepcopy(expected)
    cell = expected["applications"]["granted"]
    cell["natural_person"] = (cell["natural_person"] or 0) + 1
    verify.verify_case(pdf, d, expected, report)


def tamper_printed_number(pdf, d, expected, report):
    rows = _table(d, "applications")["rows"]
    for c in rows[3]:
        if c["role"] == "num" and c["text"]:
            c["text"] = c["text"] + "1"
            break
    verify.verify_case(pdf, d, expected, report)


def tamper_label(pdf, d, expected, report):
    rows = _table(d, "active")["rows"]
    rows[2][0]["text"] = "行政复议决定"
    verify.verify_case(pdf, d, expected, report)


def tamper_paragraph(pdf, d, expected, report):
    expected = copy.deepcopy(expected)
    expected["sections"]["overview"] += "本段并未印在报告中。"
    verify.verify_case(pdf, d, expected, report)


def main():
    passed = failed = 0
    names = cases.case_names()
    picks = [next(i for i, n in enumerate(names) if n.startswith("pdf-" + p))
             for p in ("libreoffice", "chromium", "cairo")]
    for index in picks:
        try:
            verify.verify_case(*_setup(index))
            passed += 1
        except SystemExit as e:
            print("FAIL %s does not verify: %s" % (names[index], e))
            failed += 1
        for tamper in (tamper_truth_cell, tamper_printed_number, tamper_label, tamper_paragraph):
            try:
                tamper(*_setup(index))
                print("FAIL %s: %s was not caught" % (names[index], tamper.__name__))
                failed += 1
            except SystemExit:
                passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
