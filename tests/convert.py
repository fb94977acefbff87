#!/usr/bin/python3
"""`nianbao extract --convert` on the legacy Word cases (make eval; needs
LibreOffice, so not make check, which tests only the error without soffice).

Every corpus case whose meta.json says "format": "doc" (a .doc saved by
LibreOffice from a PDF case's report, "made_from") is extracted with
--convert and must come out as that PDF case's report: every cell, the
agency, year and template, source.kind "docx" and source.converted_from
"doc", valid against the schema.  Prints `convert: N cases, cells right
c/t` and exits 1 on any difference.

  /usr/bin/python3 tests/convert.py --nianbao build/release/nianbao [corpus]
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402  (the corpus runner's comparison rules)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nianbao", required=True)
    parser.add_argument("corpus_dir", nargs="?", default=os.path.join(corpus.REPO_ROOT, "corpus"))
    args = parser.parse_args(argv)
    if not shutil.which("soffice"):
        print("convert: soffice is not on PATH (apt-get install libreoffice-writer-nogui)")
        return 1
    with open(os.path.join(corpus.REPO_ROOT, "schema", "report.schema.json"), encoding="utf-8") as f:
        validator = corpus.jsonschema.Draft202012Validator(json.load(f))
    cases = [n for n in sorted(os.listdir(args.corpus_dir))
             if corpus.load_meta(os.path.join(args.corpus_dir, n)).get("format") == "doc"]
    right = total = failed = 0
    for name in cases:
        case_dir = os.path.join(args.corpus_dir, name)
        meta = corpus.load_meta(case_dir)
        truth_dir = os.path.join(args.corpus_dir, meta["made_from"])
        expected = corpus.load_json(os.path.join(truth_dir, "expected.json"))
        run = subprocess.run([os.path.abspath(args.nianbao), "extract", "--convert",
                              corpus.find_input(case_dir)], capture_output=True, timeout=300)
        problems = []
        got = {}
        if run.returncode != 0:
            problems.append("exit %d: %s" % (run.returncode, run.stderr.decode(errors="replace").strip()))
        else:
            got = json.loads(run.stdout)
            problems += corpus.schema_errors(validator, got)
            source = got.get("source", {})
            if (source.get("kind"), source.get("converted_from")) != ("docx", "doc"):
                problems.append("source kind %s, converted_from %s; want docx, doc"
                                % (source.get("kind"), source.get("converted_from")))
        r, t = corpus.count_cells(expected, got)
        right += r
        total += t
        if r != t:
            problems.append("cells %d/%d" % (r, t))
        # a batch worker converts too, with a profile of its own
        batch = subprocess.run([os.path.abspath(args.nianbao), "extract", "--convert", "-j", "1",
                                corpus.find_input(case_dir)], capture_output=True, timeout=300)
        lines = batch.stdout.decode().splitlines()
        if batch.returncode != 0 or len(lines) != 1 or \
                json.loads(lines[0]).get("source", {}).get("converted_from") != "doc":
            problems.append("batch --convert: exit %d, %d records" % (batch.returncode, len(lines)))
        print("%s %s cells %d/%d (truth: %s)" % ("FAIL" if problems else "ok", name, r, t,
                                                meta["made_from"]))
        for problem in problems:
            print("%s: %s" % (name, problem))
        failed += bool(problems)
    print("convert: %d cases, %d failed, cells right %d/%d" % (len(cases), failed, right, total))
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
