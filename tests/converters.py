#!/usr/bin/python3
"""Converter texts: nianbao on the text other tools extract from the PDF corpus.

scripts/converters/make-texts writes TEXTS/<tool>/<case>.txt, the text of
corpus/<case>/input.pdf as plain `pdftotext`, `pdftotext -raw`, `mutool draw
-F txt`, pdfminer's `pdf2txt` and PyMuPDF's `page.get_text()` give it.  Such
text has no layout nianbao can trust in general; the requirement (issue 12
item 5) is that nianbao gives the right numbers or refuses with
unsupported_text_layout, never numbers from another line and never a silent
null for a row whose numbers are printed elsewhere.

Each text is run with `nianbao extract` and classified against the case's
expected.json (the PDF's truth):

  refused    exit 13, unsupported_text_layout (the honest refusal);
  correct    exit 0, every cell (table leaves plus agency, year, template,
             as tests/corpus.py counts them) equal to the truth;
  covered    exit 0, some cells differ, each covered by a warning or error
             whose field is the cell's path or a dotted prefix of it, or by
             an error without field;
  uncovered  exit 0 and at least one differing cell that nothing covers
             (a number from another line, a silent null): must be 0;
  other      any other exit (another refusal, a crash, a timeout), listed
             with its stderr; counted apart, and a failure only when it is
             a crash or a timeout.

The last lines are a table per tool (texts, refused, correct, covered,
uncovered, other, and the uncovered cells) and the total; the exit status is
1 when any text is uncovered or crashed.  Run it with /usr/bin/python3.
"""

import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (tests/corpus.py: cells, coverage, running)

TOOLS = ("pdftotext", "pdftotext-raw", "mutool", "pdfminer", "pymupdf")
CLASSES = ("refused", "correct", "covered", "uncovered", "other")


def classify(nianbao, text_path, expected, timeout):
    """(class, uncovered cells, detail) of one converter text."""
    run = corpus.run_binary([nianbao, "extract", text_path], timeout)
    if run.problem:
        return "other", 0, run.problem, True
    if run.exit_code == 13:
        return "refused", 0, "", False
    if run.exit_code != 0:
        return "other", 0, "exit %d: %s" % (run.exit_code,
                                            corpus._first_line(run.stderr)), False
    got, why = corpus.parse_one_document(run.stdout)
    if not isinstance(got, dict):
        return "other", 0, why or "not one report", False
    uncovered, _ = corpus.honesty(expected, got)
    right, total = corpus.count_cells(expected, got)
    if uncovered:
        wrong = [path for path, value in corpus.cell_leaves(expected)
                 if not corpus._same(value, corpus.lookup(got, path))]
        return "uncovered", uncovered, "%d/%d cells right, %d wrong uncovered, e.g. %s" % (
            right, total, uncovered, ", ".join(wrong[:4])), False
    if right == total:
        return "correct", 0, "", False
    return "covered", 0, "%d/%d cells right, the rest covered" % (right, total), False


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nianbao", required=True, help="path to the nianbao binary")
    parser.add_argument("--corpus", default=os.path.join(corpus.REPO_ROOT, "corpus"),
                        help="where corpus/<case>/expected.json are")
    parser.add_argument("--timeout", type=float, default=corpus.TIMEOUT_SECONDS)
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="one line per text, not only the problems")
    parser.add_argument("texts", help="the directory make-texts wrote")
    args = parser.parse_args(argv)
    nianbao = os.path.abspath(args.nianbao)
    counts = collections.OrderedDict()
    failed = False
    for tool in TOOLS:
        tool_dir = os.path.join(args.texts, tool)
        if not os.path.isdir(tool_dir):
            continue
        row = counts.setdefault(tool, collections.Counter())
        for name in sorted(os.listdir(tool_dir)):
            if not name.endswith(".txt"):
                continue
            case = name[:-len(".txt")]
            truth = os.path.join(args.corpus, case, "expected.json")
            if not os.path.exists(truth):
                continue
            expected = corpus.load_json(truth)
            kind, cells, detail, broke = classify(
                nianbao, os.path.abspath(os.path.join(tool_dir, name)), expected, args.timeout)
            row["texts"] += 1
            row[kind] += 1
            row["cells"] += cells
            failed = failed or broke or kind == "uncovered"
            if args.verbose or kind in ("uncovered", "other"):
                print("%-9s %s/%s%s" % (kind, tool, case, ": " + detail if detail else ""))
    header = ("tool", "texts") + CLASSES + ("uncovered cells",)
    print("| " + " | ".join(header) + " |")
    print("|---" + "|---:" * (len(header) - 1) + "|")
    total = collections.Counter()
    for tool, row in counts.items():
        total.update(row)
        print("| " + " | ".join([tool, str(row["texts"])] + [str(row[k]) for k in CLASSES]
                                + [str(row["cells"])]) + " |")
    print("| all | " + " | ".join([str(total["texts"])] + [str(total[k]) for k in CLASSES]
                                  + [str(total["cells"])]) + " |")
    print("converters: %d texts, %d wrong and uncovered" % (total["texts"], total["uncovered"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
