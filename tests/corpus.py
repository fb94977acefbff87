#!/usr/bin/python3
"""Corpus test: run the real nianbao binary on every case in corpus/ and compare.

Each case is a directory holding input.txt or input.pdf and one of
expected.json (the full contract JSON `nianbao extract corpus/<case>/input.<ext>`
must print, run from the repo root), expected.jsonl (a compilation: one
contract JSON per line, in document order, and nianbao's stdout must then be
JSONL with one report per line) or expected-error.json ({"exit": N, "code":
"..."}, for inputs that must be refused) or expected-records.jsonl (an
archive: the batch record of every member, a report or an error record
{"source": {"file", "sha256"}, "error": {"code"}}, written in archive order;
the exit status must then be 1 when any record is an error, else 0; records
are matched by source.file and source.part, in any order (batch records come
in completion order), and source.sha256 is compared, since --resume keys
members by it).  meta.json says how the case was
made: "breaks" lists the check rules the report breaks on purpose, "set" is
"tuned", "written-first" or "held-out" (corpus/README.md), and an optional
"pending" names the capability the case waits for.

Two meta.json keys serve the scanned cases (issue 14, corpus/README.md "Scanned
cases"): "eval_only": true leaves a heavy case to --eval; a run without --eval
prints `skip NAME (eval-only: make eval runs it)` for it and counts it in the last
line.  "compare": "ocr" compares a case read by OCR by what OCR can promise instead
of exactly: source (sha256 and producer aside) exactly; every wrong cell (agency,
year and template included) covered by a warning/error naming it (or a row/table
prefix) and at least "min_cell_accuracy" (default 0.99) of the cells right; each section
null where expected and otherwise at least "min_section_similarity" (default 0.97)
alike (difflib ratio over the NFKC text without white space); checks exactly when every
cell is right; every expected warning and error present, extra warnings allowed
(the honesty measure "right cells under a warning" counts them), extra errors only
with a field; infos not required.

For a report case the output must be valid against schema/report.schema.json
(python3-jsonschema, draft 2020-12) and equal to the expected report under the
project's comparison rules: a top-level "generator" key, source.sha256,
source.producer and diagnostic message/page are ignored (source.part, when
present on either side, is compared exactly); errors and warnings compare as an
exact multiset of (level, code, field), field being the diagnostic's "field" or
None; every expected info (level, code, field) must be present, and extra infos
are allowed (listed with --verbose); checks compare by (rule, where);
everything else exactly.  Every difference is printed as
`case: path: expected X, got Y`.

A pending case runs like any other: when it fails it is reported as
`pending` with its first differences and does not fail the run; when it
passes it is reported as `pending but passes: remove the pending mark` and
counts as a failure, so that the mark cannot outlive its reason.  The last line
is `corpus: N passed, N failed, N pending`.

A "cell" is every leaf of active_disclosure/applications/reviews plus agency,
year and template; the per-case line says how many of them came out right,
which is the measure --eval reports as field accuracy.  --eval also reports,
per case, per set and in total, two honesty measures: wrong cells not covered
by a warning/error (a wrong cell is covered when a warning or error of the
output names it, or a row, table or other dotted-path prefix of it, in
"field", or when an error has no field; this must be zero) and right cells
under a warning (correct cells covered by a warning; this should stay small).

--lint checks the corpus itself without a binary: expected files valid against
the schema, source.file and sha256 matching the case (source.part numbering the
reports of a compilation 1, 2, …), the checks array recomputed from the expected
cells by the contract's rules, total_blank diagnostics matching ok=null checks,
every diagnostic field a path that exists in the report, every warning of a
written-first or held-out case naming its field, expected-error codes going with
their exit status, and meta.json present with a valid "set", a non-empty
"pending" when there is one, and "breaks" matching the checks.

Run it with /usr/bin/python3 (Debian's, which sees python3-jsonschema).
"""

import argparse
import collections
import difflib
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys
import unicodedata

try:
    import jsonschema
except ImportError:  # pragma: no cover - only on a machine without the package
    sys.stderr.write("corpus.py: needs python3-jsonschema; run it with /usr/bin/python3\n")
    sys.exit(2)

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT_SECONDS = 60

APPLICANT_COLUMNS = ["natural_person", "commercial_enterprise", "research_institution",
                     "nonprofit_organization", "legal_service_institution",
                     "other_organization", "total"]
OUTCOME_ROWS_HEAD = ["granted", "partially_granted",
                     "denied_state_secret", "denied_prohibited_by_law",
                     "denied_security_stability", "denied_third_party",
                     "denied_internal_affairs", "denied_process_info",
                     "denied_enforcement_files", "denied_query_matters",
                     "unavailable_not_held", "unavailable_needs_creation",
                     "unavailable_unclear", "rejected_petition", "rejected_duplicate",
                     "rejected_publication", "rejected_excessive",
                     "rejected_confirmation"]
OUTCOME_ROWS = {
    "2019": OUTCOME_ROWS_HEAD + ["other"],
    "2021": OUTCOME_ROWS_HEAD + ["other_no_correction", "other_fee_unpaid", "other_misc"],
}
REVIEW_GROUPS = ["administrative_review", "litigation_direct", "litigation_after_review"]
TABLE_KEYS = ["active_disclosure", "applications", "reviews"]
FIELD_KEYS = ["agency", "year", "template"]
ERROR_EXITS = {"io_error": 3, "empty": 4, "not_utf8": 5, "not_a_pdf": 6, "damaged_pdf": 7,
               "encrypted": 8, "no_text_layer": 9, "not_a_report": 10, "truncated": 11,
               "too_large": 12, "unsupported_text_layout": 13, "multiple_reports": 14,
               "legacy_word": 15, "missing_library": 16, "archive": 17}
SETS = ("tuned", "written-first", "held-out")
EXPECTED_NAMES = ("expected.json", "expected.jsonl", "expected-error.json",
                  "expected-records.jsonl")
PENDING_SHOWN = 5  # differences shown for a pending case that fails


def application_rows(template):
    """Row keys of section 三 for a template, in contract order."""
    return (["new_received", "carried_over"] + OUTCOME_ROWS[template]
            + ["outcome_total", "carried_forward"])


# ---------------------------------------------------------------- checks

def _check_entry(rule, where, sum_cells, printed_cells):
    """One checks entry, plus True when it needs a total_blank diagnostic."""
    expected = sum(v or 0 for v in sum_cells)
    actual = sum(v or 0 for v in printed_cells)
    expected, actual = _tidy_number(expected), _tidy_number(actual)
    sum_blank = all(v is None for v in sum_cells)
    printed_blank = all(v is None for v in printed_cells)
    if (sum_blank and actual != 0) or (printed_blank and expected != 0):
        ok = None
    else:
        ok = abs(expected - actual) < 1e-9
    return {"rule": rule, "where": where, "ok": ok, "expected": expected, "actual": actual}


def _tidy_number(value):
    """Round float noise away and print integral sums as integers."""
    value = round(value, 6)
    return int(value) if value == int(value) else value


def compute_checks(doc):
    """The contract's checks array recomputed from a report's cells."""
    template = doc.get("template")
    if template not in OUTCOME_ROWS:
        return []
    apps, reviews = doc["applications"], doc["reviews"]
    checks = []
    for col in APPLICANT_COLUMNS:
        checks.append(_check_entry(
            "applications.balance", col,
            [apps["new_received"][col], apps["carried_over"][col]],
            [apps["outcome_total"][col], apps["carried_forward"][col]]))
    for col in APPLICANT_COLUMNS:
        checks.append(_check_entry(
            "applications.outcome_total", col,
            [apps[row][col] for row in OUTCOME_ROWS[template]],
            [apps["outcome_total"][col]]))
    for row in application_rows(template):
        checks.append(_check_entry(
            "applications.row_total", row,
            [apps[row][col] for col in APPLICANT_COLUMNS[:-1]],
            [apps[row]["total"]]))
    for group in REVIEW_GROUPS:
        cells = reviews[group]
        checks.append(_check_entry(
            "reviews.total", group,
            [cells["upheld"], cells["corrected"], cells["other"], cells["pending"]],
            [cells["total"]]))
    return checks


# ------------------------------------------------------------- comparing

def _show(value):
    return json.dumps(value, ensure_ascii=False)


def _same(a, b):
    """Equality that keeps true apart from 1 and null apart from 0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def _string_diff(expected, got):
    """Describe where two strings first differ, with a little context."""
    pos = 0
    while pos < min(len(expected), len(got)) and expected[pos] == got[pos]:
        pos += 1
    start = max(0, pos - 12)
    return "differs at char %d: expected %s, got %s" % (
        pos, _show(expected[start:pos + 24]), _show(got[start:pos + 24]))


def diff_values(path, expected, got, out):
    """Append (path, message) for every leaf where got differs from expected."""
    if isinstance(expected, dict) and isinstance(got, dict):
        for key in expected:
            sub = path + "." + key if path else key
            if key not in got:
                out.append((sub, "expected %s, got nothing (key missing)" % _show(expected[key])))
            else:
                diff_values(sub, expected[key], got[key], out)
        for key in got:
            if key not in expected:
                sub = path + "." + key if path else key
                out.append((sub, "unexpected key (got %s)" % _show(got[key])))
        return
    if isinstance(expected, list) and isinstance(got, list) and len(expected) == len(got):
        for index, (e_item, g_item) in enumerate(zip(expected, got)):
            diff_values("%s[%d]" % (path, index), e_item, g_item, out)
        return
    if _same(expected, got):
        return
    if isinstance(expected, str) and isinstance(got, str) and len(expected) > 40:
        out.append((path, _string_diff(expected, got)))
    else:
        out.append((path, "expected %s, got %s" % (_show(expected), _show(got))))


def diff_checks(expected, got, out):
    """Checks compare by (rule, where) -> ok, expected, actual."""
    def index(checks, label):
        table = {}
        for entry in checks:
            key = (entry.get("rule"), entry.get("where"))
            if key in table:
                out.append(("checks[%s %s]" % key, "duplicate entry in %s" % label))
            table[key] = entry
        return table
    exp_table, got_table = index(expected, "expected"), index(got, "output")
    for key, entry in exp_table.items():
        where = "checks[%s %s]" % key
        if key not in got_table:
            out.append((where, "expected %s, got nothing" % _show(
                [entry["ok"], entry["expected"], entry["actual"]])))
            continue
        for field in ("ok", "expected", "actual"):
            if not _same(entry.get(field), got_table[key].get(field)):
                out.append(("%s.%s" % (where, field), "expected %s, got %s" % (
                    _show(entry.get(field)), _show(got_table[key].get(field)))))
    for key in got_table:
        if key not in exp_table:
            out.append(("checks[%s %s]" % key, "unexpected entry"))


def diag_key(diagnostic):
    """(level, code, field) of a diagnostic; field None when it has none."""
    return (diagnostic.get("level"), diagnostic.get("code"), diagnostic.get("field"))


def _diag_label(key):
    level, code, field = key
    return "diagnostics[%s %s%s]" % (level, code, " " + field if field is not None else "")


def diff_diagnostics(expected, got, out, extra_infos=None):
    """Errors and warnings: exact multiset of (level, code, field).  Infos: every
    expected one must be there; extra ones are allowed and, when extra_infos is a
    list, appended to it."""
    exp_bag = collections.Counter(diag_key(d) for d in expected)
    got_bag = collections.Counter(diag_key(d) for d in got)
    for key in sorted(set(exp_bag) | set(got_bag), key=str):
        want, have = exp_bag[key], got_bag[key]
        if key[0] == "info":
            if have < want:
                out.append((_diag_label(key), "expected %d, got %d" % (want, have)))
            elif have > want and extra_infos is not None:
                extra_infos.append("%s x%d" % (_diag_label(key), have - want))
        elif want != have:
            out.append((_diag_label(key), "expected %d, got %d" % (want, have)))


def diff_report(expected, got, extra_infos=None):
    """Every difference between an expected and an actual report."""
    out = []
    ignored = ("checks", "diagnostics", "generator")
    exp_rest = {k: v for k, v in expected.items() if k not in ignored}
    got_rest = {k: v for k, v in got.items() if k not in ignored}
    for doc in (exp_rest, got_rest):
        if isinstance(doc.get("source"), dict):
            doc["source"] = {k: v for k, v in doc["source"].items()
                             if k not in ("sha256", "producer")}
    diff_values("", exp_rest, got_rest, out)
    diff_checks(expected.get("checks", []), got.get("checks", []), out)
    diff_diagnostics(expected.get("diagnostics", []), got.get("diagnostics", []), out,
                     extra_infos)
    return out


OCR_MIN_CELL_ACCURACY = 0.99
OCR_MIN_SECTION_SIMILARITY = 0.97
SECTION_KEYS = ("overview", "problems", "other")


def section_similarity(expected, got):
    """difflib ratio of two section texts, NFKC-normalised (OCR cannot tell a
    full-width parenthesis or colon from a half-width one) and with all white
    space removed."""
    a = "".join(unicodedata.normalize("NFKC", expected).split())
    b = "".join(unicodedata.normalize("NFKC", got).split())
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def diff_report_ocr(expected, got, meta, notes, extra_infos=None):
    """Differences that fail a case read by OCR ("compare": "ocr" in meta.json):
    see the module docstring.  Appends what was measured to notes."""
    out = []
    min_cells = float(meta.get("min_cell_accuracy", OCR_MIN_CELL_ACCURACY))
    min_similar = float(meta.get("min_section_similarity", OCR_MIN_SECTION_SIMILARITY))
    exact_keys = ("schema_version", "source")
    exp_rest = {k: expected.get(k) for k in exact_keys if k in expected}
    got_rest = {k: got.get(k) for k in exact_keys if k in got}
    for doc in (exp_rest, got_rest):
        if isinstance(doc.get("source"), dict):
            doc["source"] = {k: v for k, v in doc["source"].items()
                             if k not in ("sha256", "producer")}
    diff_values("", exp_rest, got_rest, out)
    diagnostics = [d for d in got.get("diagnostics", []) if isinstance(d, dict)] \
        if isinstance(got.get("diagnostics"), list) else []
    fields = [d.get("field") for d in diagnostics
              if d.get("level") in ("warning", "error") and isinstance(d.get("field"), str)]
    whole = any(d.get("level") == "error" and d.get("field") is None for d in diagnostics)
    right = total = covered_wrong = 0
    for path, value in cell_leaves(expected):
        total += 1
        found = lookup(got, path)
        if found is not KeyError and _same(value, found):
            right += 1
            continue
        shown = "nothing (key missing)" if found is KeyError else _show(found)
        if whole or any(_covers(field, path) for field in fields):
            covered_wrong += 1
        else:
            out.append((path, "expected %s, got %s, and no warning names it"
                        % (_show(value), shown)))
    notes.append("ocr cells %d/%d right, %d wrong under a warning" % (right, total, covered_wrong))
    if total and right < min_cells * total:
        out.append(("cells", "%d/%d right (%.2f%%), below the case's minimum %.2f%%"
                    % (right, total, 100.0 * right / total, 100.0 * min_cells)))
    exp_sections = expected.get("sections") or {}
    got_sections = got.get("sections") if isinstance(got.get("sections"), dict) else {}
    ratios = []
    for key in SECTION_KEYS:
        want, have = exp_sections.get(key), got_sections.get(key)
        path = "sections." + key
        if want is None or have is None or not isinstance(have, str):
            if not _same(want, have):
                out.append((path, "expected %s, got %s" % (
                    "null" if want is None else "text", _show(have)[:60])))
            continue
        ratio = section_similarity(want, have)
        ratios.append("%s %.3f" % (key, ratio))
        if ratio < min_similar:
            out.append((path, "similarity %.3f below the case's minimum %.3f; %s"
                        % (ratio, min_similar, _string_diff(want, have))))
    if ratios:
        notes.append("sections " + ", ".join(ratios))
    if right == total:
        diff_checks(expected.get("checks", []), got.get("checks", []), out)
    exp_bag = collections.Counter(diag_key(d) for d in expected.get("diagnostics", []))
    got_bag = collections.Counter(diag_key(d) for d in diagnostics)
    for key in sorted(exp_bag, key=str):
        if key[0] in ("warning", "error") and got_bag[key] < exp_bag[key]:
            out.append((_diag_label(key), "expected %d, got %d" % (exp_bag[key], got_bag[key])))
    for key in sorted(got_bag, key=str):
        if key[0] == "error" and key[2] is None and got_bag[key] > exp_bag[key]:
            out.append((_diag_label(key), "unexpected error naming no field (x%d)"
                        % (got_bag[key] - exp_bag[key])))
        elif key[0] in ("warning", "info") and got_bag[key] > exp_bag[key] \
                and extra_infos is not None:
            extra_infos.append("%s x%d" % (_diag_label(key), got_bag[key] - exp_bag[key]))
    return out


def cell_leaves(doc):
    """(path, value) for every counted cell: table leaves plus agency/year/template."""
    leaves = [(key, doc.get(key)) for key in FIELD_KEYS]

    def walk(path, value):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(path + "." + key, sub)
        else:
            leaves.append((path, value))
    for key in TABLE_KEYS:
        walk(key, doc.get(key, {}))
    return leaves


def lookup(doc, path):
    """The value at a dotted path, or a sentinel when it is absent."""
    value = doc
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return KeyError
        value = value[part]
    return value


def count_cells(expected, got):
    leaves = cell_leaves(expected)
    right = 0
    for path, value in leaves:
        found = lookup(got, path) if isinstance(got, dict) else KeyError
        if found is not KeyError and _same(value, found):
            right += 1
    return right, len(leaves)


def failed_rules(doc):
    return sorted({c.get("rule") for c in doc.get("checks", []) if c.get("ok") is False})


def _covers(field, path):
    """A diagnostic field covers a cell path when equal or a prefix at a dot boundary."""
    return path == field or path.startswith(field + ".")


def honesty(expected, got):
    """(wrong cells not covered by a warning/error, right cells under a warning)."""
    diagnostics = got.get("diagnostics", []) if isinstance(got, dict) else []
    if not isinstance(diagnostics, list):
        diagnostics = []
    diagnostics = [d for d in diagnostics if isinstance(d, dict)]
    whole = any(d.get("level") == "error" and d.get("field") is None for d in diagnostics)
    fields = [(d.get("level"), d.get("field")) for d in diagnostics
              if d.get("level") in ("warning", "error") and isinstance(d.get("field"), str)]
    uncovered = under_warning = 0
    for path, value in cell_leaves(expected):
        found = lookup(got, path) if isinstance(got, dict) else KeyError
        right = found is not KeyError and _same(value, found)
        covered_by = {level for level, field in fields if _covers(field, path)}
        if not right and not (whole or covered_by):
            uncovered += 1
        if right and "warning" in covered_by:
            under_warning += 1
    return uncovered, under_warning


def load_meta(case_dir):
    path = os.path.join(case_dir, "meta.json")
    return load_json(path) if os.path.exists(path) else {}


# -------------------------------------------------------------- running

class Run:
    """Outcome of one binary invocation."""

    def __init__(self, exit_code, stdout, stderr, problem):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.problem = problem  # None, or why the run itself failed


def run_binary(command, timeout):
    """Run a command from the repo root with a timeout, never raising."""
    try:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as error:
        return Run(None, b"", b"", "cannot run %s: %s" % (command[0], error))
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        return Run(None, stdout, stderr, "timeout after %g s" % timeout)
    if proc.returncode < 0:
        return Run(proc.returncode, stdout, stderr,
                   "crashed (signal %d)" % -proc.returncode)
    return Run(proc.returncode, stdout, stderr, None)


def find_input(case_dir):
    names = sorted(n for n in os.listdir(case_dir) if n.startswith("input."))
    return os.path.join(case_dir, names[0]) if len(names) == 1 else None


def load_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def parse_one_document(stdout):
    """Decode stdout as exactly one JSON document, or say why not."""
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, "stdout is not UTF-8: %s" % error
    if not text.strip():
        return None, "stdout is empty"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, "stdout is not one JSON document: %s" % error


def schema_errors(validator, doc):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return ["schema: %s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                                e.message[:200]) for e in errors]


class Result:
    def __init__(self, name, kind):
        self.name = name
        self.kind = kind          # "report" or "error"
        self.problems = []        # human lines, each a failure
        self.right = 0
        self.total = 0
        self.notes = []           # --eval details
        self.verbose = []         # --verbose details (extra infos)
        self.uncovered = 0        # wrong cells not covered by a warning/error
        self.under_warning = 0    # right cells under a warning
        self.measured = False     # honesty measures computed (an output was read)
        self.set = None
        self.pending = None
        self.ocr = False          # compared as a case read by OCR ("compare": "ocr")
        self.skipped = None       # why the case was not run (eval-only without --eval)

    @property
    def ok(self):
        return not self.problems


def load_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse_jsonl(stdout):
    """Decode stdout as JSON lines, or say why not."""
    try:
        text = stdout.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, "stdout is not UTF-8: %s" % error
    docs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            docs.append(json.loads(line))
        except json.JSONDecodeError as error:
            return None, "stdout line %d is not one JSON document: %s" % (number, error)
    if not docs:
        return None, "stdout is empty"
    return docs, None


def check_report_case(name, case_dir, command, timeout, validator, evaluate, compilation=False):
    result = Result(name, "report")
    meta = load_meta(case_dir)
    ocr = meta.get("compare") == "ocr"
    result.ocr = ocr
    if compilation:
        expected_docs = load_jsonl(os.path.join(case_dir, "expected.jsonl"))
    else:
        expected_docs = [load_json(os.path.join(case_dir, "expected.json"))]
    result.total = sum(len(cell_leaves(doc)) for doc in expected_docs)
    run = run_binary(command, timeout)
    if run.problem:
        result.problems.append(run.problem)
        return result
    if run.exit_code != 0:
        result.problems.append("exit %d (expected 0); stderr: %s"
                               % (run.exit_code, _first_line(run.stderr)))
    if compilation:
        got_docs, why = parse_jsonl(run.stdout)
    else:
        got, why = parse_one_document(run.stdout)
        got_docs = None if got is None else [got]
    if got_docs is None:
        result.problems.append(why)
        return result
    if len(got_docs) != len(expected_docs):
        result.problems.append("%d reports on stdout, expected %d"
                               % (len(got_docs), len(expected_docs)))
    result.measured = True
    for index, expected in enumerate(expected_docs):
        prefix = "part %d: " % (index + 1) if compilation else ""
        got = got_docs[index] if index < len(got_docs) else {}
        if index < len(got_docs):
            result.problems.extend(prefix + p for p in schema_errors(validator, got))
        if not isinstance(got, dict):
            got = {}
        right, _ = count_cells(expected, got)
        result.right += right
        uncovered, under_warning = honesty(expected, got)
        result.uncovered += uncovered
        result.under_warning += under_warning
        extra_infos = []
        differences = (diff_report_ocr(expected, got, meta, result.notes, extra_infos) if ocr
                       else diff_report(expected, got, extra_infos))
        for path, message in differences:
            result.problems.append("%s%s: %s" % (prefix, path, message))
        result.verbose.extend("%sextra info %s" % (prefix, e) for e in extra_infos)
    if evaluate:
        evaluate_case(result, case_dir, expected_docs, got_docs)
    return result


def evaluate_case(result, case_dir, expected_docs, got_docs):
    """--eval extras: template/year detection and checks vs meta.json breaks."""
    for key in ("template", "year"):
        wrong = [i for i, doc in enumerate(expected_docs)
                 if i >= len(got_docs) or not isinstance(got_docs[i], dict)
                 or not _same(doc.get(key), got_docs[i].get(key))]
        shown = [got_docs[i].get(key) if i < len(got_docs) and isinstance(got_docs[i], dict)
                 else None for i in range(len(expected_docs))]
        result.notes.append("%s %s (%s)" % (key, "WRONG" if wrong else "ok",
                                            _show(shown[0] if len(shown) == 1 else shown)))
    meta = load_meta(case_dir)
    breaks = (sorted(meta.get("breaks", [])) if "breaks" in meta
              else sorted({r for doc in expected_docs for r in failed_rules(doc)}))
    broken = sorted({r for doc in got_docs if isinstance(doc, dict) for r in failed_rules(doc)})
    if result.ocr and result.right < result.total:
        # the checks follow the cells; wrong cells read by OCR are judged above
        result.notes.append("checks not compared (cells differ)")
    elif broken == breaks:
        result.notes.append("checks agree")
    else:
        result.problems.append("checks: rules failing %s, meta breaks %s"
                               % (_show(broken), _show(breaks)))
        result.notes.append("checks DISAGREE")


def record_key(doc):
    source = doc.get("source") if isinstance(doc, dict) else None
    if not isinstance(source, dict):
        return (None, None)
    return (source.get("file"), source.get("part"))


def check_records_case(name, case_dir, command, timeout, validator, evaluate):
    """An archive: one batch record per member (scripts/corpus/archive.py)."""
    result = Result(name, "report")
    expected_docs = load_jsonl(os.path.join(case_dir, "expected-records.jsonl"))
    reports = [d for d in expected_docs if "error" not in d]
    result.total = sum(len(cell_leaves(doc)) for doc in reports)
    run = run_binary(command, timeout)
    if run.problem:
        result.problems.append(run.problem)
        return result
    want_exit = 1 if any("error" in d for d in expected_docs) else 0
    if run.exit_code != want_exit:
        result.problems.append("exit %d (expected %d); stderr: %s"
                               % (run.exit_code, want_exit, _first_line(run.stderr)))
    got_docs, why = parse_jsonl(run.stdout)
    if got_docs is None:
        result.problems.append(why)
        return result
    got_by_key = {}
    for doc in got_docs:
        key = record_key(doc)
        if key in got_by_key:
            result.problems.append("two records for %s" % _show(key))
        got_by_key[key] = doc
    expected_keys = [record_key(d) for d in expected_docs]
    for key in got_by_key:
        if key not in expected_keys:
            result.problems.append("a record for %s, which expects none" % _show(key))
    # no order: workers read shares of the archive in parallel and records
    # come in completion order, as in any batch (docs/batch.md)
    result.measured = True
    for expected in expected_docs:
        key = record_key(expected)
        label = "%s%s: " % (key[0].rsplit("!/", 1)[-1] if key[0] else "?",
                            " part %d" % key[1] if key[1] else "")
        got = got_by_key.get(key)
        if got is None:
            result.problems.append("%sno record" % label)
            got = {}
        want_sha = expected["source"].get("sha256")
        if got and got.get("source", {}).get("sha256") != want_sha:
            result.problems.append("%ssource.sha256 is %s, expected %s"
                                   % (label, _show(got.get("source", {}).get("sha256")),
                                      _show(want_sha)))
        if "error" in expected:
            got_code = got.get("error", {}).get("code") if isinstance(got.get("error"), dict) else None
            if got_code != expected["error"]["code"]:
                result.problems.append("%serror %s, expected error %s"
                                       % (label, _show(got_code), expected["error"]["code"]))
            continue
        if "error" in got:
            result.problems.append("%serror %s, expected a report"
                                   % (label, _show(got["error"].get("code"))))
            got = {}
        elif got:
            result.problems.extend(label + p for p in schema_errors(validator, got))
        right, _ = count_cells(expected, got)
        result.right += right
        uncovered, under_warning = honesty(expected, got)
        result.uncovered += uncovered
        result.under_warning += under_warning
        extra_infos = []
        for path, message in diff_report(expected, got, extra_infos):
            result.problems.append("%s%s: %s" % (label, path, message))
        result.verbose.extend("%sextra info %s" % (label, e) for e in extra_infos)
    if evaluate:
        result.notes.append("%d records, %d reports" % (len(expected_docs), len(reports)))
    return result


def _first_line(data):
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "(empty)"


def check_error_case(name, case_dir, command, timeout, input_rel):
    result = Result(name, "error")
    expected = load_json(os.path.join(case_dir, "expected-error.json"))
    run = run_binary(command, timeout)
    if run.problem:
        result.problems.append(run.problem)
        return result
    if run.exit_code != expected["exit"]:
        result.problems.append("exit %d, expected %d (%s)"
                               % (run.exit_code, expected["exit"], expected.get("code")))
    if run.stdout:
        result.problems.append("stdout not empty (%d bytes)" % len(run.stdout))
    lines = run.stderr.decode("utf-8", "replace").splitlines()
    if len(lines) != 1:
        result.problems.append("stderr has %d lines, expected exactly 1" % len(lines))
    if lines and not lines[0].startswith("nianbao: "):
        result.problems.append("stderr does not start with 'nianbao: ': %s" % lines[0])
    if lines and input_rel not in lines[0]:
        result.problems.append("stderr does not name %s: %s" % (input_rel, lines[0]))
    return result


# ---------------------------------------------------------------- lint

def lint_meta(case_dir, expected_docs):
    """Problems in meta.json: present, a valid set, pending, breaks."""
    meta_path = os.path.join(case_dir, "meta.json")
    if not os.path.exists(meta_path):
        return ["meta.json missing (it must say the case's set)"], None
    meta = load_json(meta_path)
    problems = []
    if meta.get("set") not in SETS:
        problems.append("meta.json set is %s, expected one of %s"
                        % (_show(meta.get("set")), ", ".join(SETS)))
    if "pending" in meta and not (isinstance(meta["pending"], str) and meta["pending"].strip()):
        problems.append("meta.json pending must be a non-empty string naming the capability")
    if "eval_only" in meta and not isinstance(meta["eval_only"], bool):
        problems.append("meta.json eval_only must be true or false")
    if "compare" in meta and meta["compare"] != "ocr":
        problems.append("meta.json compare must be \"ocr\" when present")
    for key in ("min_cell_accuracy", "min_section_similarity"):
        if key in meta and (meta.get("compare") != "ocr" or isinstance(meta[key], bool)
                            or not isinstance(meta[key], (int, float))
                            or not 0 <= meta[key] <= 1):
            problems.append("meta.json %s must be a number from 0 to 1, with compare \"ocr\""
                            % key)
    if expected_docs is not None:
        failing = sorted({r for doc in expected_docs for r in failed_rules(doc)})
        breaks = sorted(meta.get("breaks", []))
        if breaks != failing:
            problems.append("meta.json breaks %s, but checks fail %s"
                            % (_show(breaks), _show(failing)))
    return problems, meta


def lint_report(expected, rel, digest, validator, want_fields, part):
    """Problems in one expected report (of expected.json or one line of expected.jsonl)."""
    problems = list(schema_errors(validator, expected))
    source = expected.get("source", {})
    if source.get("file") != rel:
        problems.append("source.file is %s, expected %s" % (_show(source.get("file")), rel))
    if source.get("sha256") != digest:
        problems.append("source.sha256 is not the input's sha256 (%s)" % digest)
    if source.get("part") != part:
        problems.append("source.part is %s, expected %s"
                        % (_show(source.get("part")), _show(part)))
    recomputed = compute_checks(expected)
    for path, message in _diff_check_lists(expected.get("checks", []), recomputed):
        problems.append("%s: %s" % (path, message))
    blank = sum(1 for c in recomputed if c["ok"] is None)
    blank_diags = sum(1 for d in expected.get("diagnostics", [])
                      if (d.get("level"), d.get("code")) == ("warning", "total_blank"))
    if blank != blank_diags:
        problems.append("%d checks have ok=null but %d total_blank warnings"
                        % (blank, blank_diags))
    for d in expected.get("diagnostics", []):
        field = d.get("field")
        if field is not None and lookup(expected, field) is KeyError:
            problems.append("diagnostic %s %s: field %s is not a path of the report"
                            % (d.get("level"), d.get("code"), _show(field)))
        if want_fields and d.get("level") == "warning" and field is None:
            problems.append("warning %s names no field" % d.get("code"))
    return problems


def lint_case(name, case_dir, validator):
    """Problems in a case's own files (no binary involved)."""
    input_path = find_input(case_dir)
    if input_path is None:
        return ["needs exactly one input.* file"]
    present = [n for n in EXPECTED_NAMES if os.path.exists(os.path.join(case_dir, n))]
    if len(present) != 1:
        return ["needs exactly one of %s (has %s)" % (", ".join(EXPECTED_NAMES),
                                                      ", ".join(present) or "none")]
    if present[0] == "expected-error.json":
        expected = load_json(os.path.join(case_dir, "expected-error.json"))
        problems = []
        if ERROR_EXITS.get(expected.get("code")) != expected.get("exit"):
            problems.append("expected-error.json: code %s does not go with exit %s"
                            % (_show(expected.get("code")), _show(expected.get("exit"))))
        problems.extend(lint_meta(case_dir, None)[0])
        return problems
    if present[0] == "expected-records.jsonl":
        return lint_records(case_dir, validator)
    compilation = present[0] == "expected.jsonl"
    try:
        docs = (load_jsonl(os.path.join(case_dir, "expected.jsonl")) if compilation
                else [load_json(os.path.join(case_dir, "expected.json"))])
    except json.JSONDecodeError as error:
        return ["%s is not valid JSON: %s" % (present[0], error)]
    if compilation and len(docs) < 2:
        return ["expected.jsonl holds %d report(s); a compilation has at least 2" % len(docs)]
    meta_problems, meta = lint_meta(case_dir, docs)
    want_fields = bool(meta) and meta.get("set") in ("written-first", "held-out")
    rel = os.path.relpath(input_path, REPO_ROOT)
    with open(input_path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    problems = []
    for index, doc in enumerate(docs):
        prefix = "part %d: " % (index + 1) if compilation else ""
        problems.extend(prefix + p for p in lint_report(
            doc, rel, digest, validator, want_fields, index + 1 if compilation else None))
    return problems + meta_problems


def lint_records(case_dir, validator):
    """An archive case: every report line lints as a report of its member
    (source.file the archive's path, "!/", the member's), every error line
    names a code nianbao has."""
    try:
        docs = load_jsonl(os.path.join(case_dir, "expected-records.jsonl"))
    except json.JSONDecodeError as error:
        return ["expected-records.jsonl is not valid JSON: %s" % error]
    rel = os.path.relpath(find_input(case_dir), REPO_ROOT)
    reports = [d for d in docs if "error" not in d]
    meta_problems, meta = lint_meta(case_dir, reports)
    want_fields = bool(meta) and meta.get("set") in ("written-first", "held-out")
    problems = []
    for doc in docs:
        file = doc.get("source", {}).get("file") or ""
        if not file.startswith(rel + "!/"):
            problems.append("record of %s is not a member of %s" % (_show(file), rel))
        if "error" in doc:
            if doc["error"].get("code") not in ERROR_EXITS:
                problems.append("%s: unknown error code %s" % (file, _show(doc["error"].get("code"))))
            continue
        problems.extend("%s: %s" % (file, p) for p in lint_report(
            doc, file, doc.get("source", {}).get("sha256"), validator, want_fields,
            doc.get("source", {}).get("part")))
    return problems + meta_problems


def _diff_check_lists(expected, recomputed):
    out = []
    diff_checks(recomputed, expected, out)
    order = [(c["rule"], c["where"]) for c in expected]
    if not out and order != [(c["rule"], c["where"]) for c in recomputed]:
        out.append(("checks", "entries are not in contract order"))
    return [(p, m.replace("expected ", "recomputed ").replace("got ", "file has "))
            for p, m in out]


# ----------------------------------------------------------------- main

def list_cases(corpus_dir, name_filter):
    names = sorted(n for n in os.listdir(corpus_dir)
                   if os.path.isdir(os.path.join(corpus_dir, n)))
    return [n for n in names if name_filter is None or name_filter in n]


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Run nianbao on every corpus case and compare with the expected JSON.")
    parser.add_argument("--nianbao", help="path to the nianbao binary")
    parser.add_argument("--schema", default=os.path.join(REPO_ROOT, "schema", "report.schema.json"),
                        help="JSON Schema to validate every output against")
    parser.add_argument("--eval", action="store_true", dest="evaluate",
                        help="print detection details, field accuracy and the honesty measures")
    parser.add_argument("--filter", help="only cases whose name contains this")
    parser.add_argument("--set", choices=SETS, dest="only_set",
                        help="only the cases of this set (meta.json \"set\")")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list extra info diagnostics and every difference of pending cases")
    parser.add_argument("--wrap", help='command prefix, e.g. "valgrind -q --error-exitcode=1"')
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS,
                        help="seconds per case before the run counts as hung (default 60)")
    parser.add_argument("--lint", action="store_true",
                        help="check the corpus files themselves; no binary needed")
    parser.add_argument("corpus_dir", nargs="?", default=os.path.join(REPO_ROOT, "corpus"))
    args = parser.parse_args(argv)
    if not args.lint and not args.nianbao:
        parser.error("--nianbao is required (or use --lint)")
    return args


def run_case(args, name, validator):
    case_dir = os.path.join(os.path.abspath(args.corpus_dir), name)
    meta = load_meta(case_dir)
    if meta.get("eval_only") and not args.evaluate:
        result = Result(name, "skipped")
        result.skipped = "eval-only: make eval runs it"
    else:
        result = _run_case(args, name, case_dir, validator)
    result.set = meta.get("set")
    result.pending = meta.get("pending")
    return result


def _run_case(args, name, case_dir, validator):
    input_path = find_input(case_dir)
    if input_path is None:
        result = Result(name, "error")
        result.problems.append("needs exactly one input.* file")
        return result
    input_rel = os.path.relpath(input_path, REPO_ROOT)
    command = shlex.split(args.wrap or "") + [os.path.abspath(args.nianbao), "extract", input_rel]
    # options of the case (its `args` file, shell words): e.g. --ocr never
    # for the image-only PDF that stands for no_text_layer
    args_path = os.path.join(case_dir, "args")
    if os.path.exists(args_path):
        with open(args_path, encoding="utf-8") as f:
            command[-2:-1] = ["extract"] + shlex.split(f.read())
    if os.path.exists(os.path.join(case_dir, "expected.json")):
        return check_report_case(name, case_dir, command, args.timeout, validator, args.evaluate)
    if os.path.exists(os.path.join(case_dir, "expected.jsonl")):
        return check_report_case(name, case_dir, command, args.timeout, validator, args.evaluate,
                                 compilation=True)
    if os.path.exists(os.path.join(case_dir, "expected-records.jsonl")):
        return check_records_case(name, case_dir, command, args.timeout, validator,
                                  args.evaluate)
    if os.path.exists(os.path.join(case_dir, "expected-error.json")):
        return check_error_case(name, case_dir, command, args.timeout, input_rel)
    result = Result(name, "error")
    result.problems.append("no expected.json, expected.jsonl or expected-error.json")
    return result


def verdict(result):
    """"ok", "FAIL", "pending" (fails, waiting for its capability), "unpend"
    (pending but passes: a failure until the mark is removed) or "skip"
    (eval-only, run without --eval)."""
    if result.skipped:
        return "skip"
    if result.pending:
        return "unpend" if result.ok else "pending"
    return "ok" if result.ok else "FAIL"


def print_result(result, evaluate, verbose):
    status = verdict(result)
    if status == "skip":
        print("skip %s (%s)" % (result.name, result.skipped))
        return
    label = {"ok": "ok", "FAIL": "FAIL", "pending": "pending", "unpend": "FAIL"}[status]
    if result.kind == "report":
        line = "%s %s cells %d/%d" % (label, result.name, result.right, result.total)
        if evaluate and result.measured:
            line += ", uncovered wrong %d, right under warning %d" % (
                result.uncovered, result.under_warning)
        if evaluate and result.notes:
            line += " " + ", ".join(result.notes)
    else:
        line = "%s %s (error case)" % (label, result.name)
    if status == "pending":
        line += " [%s]" % result.pending
    print(line)
    if status == "unpend":
        print("%s: pending but passes: remove the pending mark (%s)" % (result.name, result.pending))
    shown = result.problems
    hidden = False
    if status == "pending" and not verbose:
        shown = result.problems[:PENDING_SHOWN]
    if status == "pending" and result.set == "held-out" and not verbose:
        # a held-out case's differences are not to be studied while coding
        # (corpus/README.md): counts only, --verbose for the rest
        shown, hidden = [], True
        if result.problems:
            print("%s: %d differences (held-out: --verbose shows them)"
                  % (result.name, len(result.problems)))
    for problem in shown:
        print("%s: %s" % (result.name, problem))
    if len(shown) < len(result.problems) and not hidden:
        print("%s: … %d more differences (--verbose shows them)"
              % (result.name, len(result.problems) - len(shown)))
    if verbose:
        for note in result.verbose:
            print("%s: %s" % (result.name, note))


def print_eval(results):
    """make eval: field accuracy and the honesty measures, per set and in total."""
    def line(label, group):
        reports = [r for r in group if r.kind == "report"]
        right = sum(r.right for r in reports)
        total = sum(r.total for r in reports)
        exact = sum(1 for r in reports if r.ok)
        errors = [r for r in group if r.kind == "error"]
        text = "%s: field accuracy %.2f%% (%d/%d), reports exact %d/%d" % (
            label, 100.0 * right / total if total else 0.0, right, total, exact, len(reports))
        if errors:
            text += ", error cases %d/%d ok" % (sum(1 for r in errors if r.ok), len(errors))
        text += ", wrong cells not covered by a warning/error %d, right cells under a warning %d" % (
            sum(r.uncovered for r in reports), sum(r.under_warning for r in reports))
        print(text)
    results = [r for r in results if not r.skipped]
    for name in SETS:
        group = [r for r in results if r.set == name]
        if group:
            line("set %s" % name, group)
    for name in SETS:
        group = [r for r in results if r.set == name and r.name.startswith("scan-")]
        if group:
            line("scanned (scan-*) %s" % name, group)
    line("total", results)


def main(argv):
    args = parse_args(argv)
    with open(args.schema, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    names = list_cases(args.corpus_dir, args.filter)
    if args.only_set:
        names = [n for n in names if load_meta(os.path.join(
            os.path.abspath(args.corpus_dir), n)).get("set") == args.only_set]
    if not names:
        print("no cases found")
        return 1
    if args.lint:
        failed = 0
        for name in names:
            problems = lint_case(name, os.path.join(os.path.abspath(args.corpus_dir), name),
                                 validator)
            print("%s %s" % ("ok" if not problems else "FAIL", name))
            for problem in problems:
                print("%s: %s" % (name, problem))
            failed += bool(problems)
        print("%d passed, %d failed" % (len(names) - failed, failed))
        return 1 if failed else 0
    results = []
    for name in names:
        result = run_case(args, name, validator)
        print_result(result, args.evaluate, args.verbose)
        sys.stdout.flush()
        results.append(result)
    counts = collections.Counter(verdict(r) for r in results)
    failed = counts["FAIL"] + counts["unpend"]
    if args.evaluate:
        print_eval(results)
    last = "corpus: %d passed, %d failed, %d pending" % (counts["ok"], failed, counts["pending"])
    if counts["skip"]:
        last += ", %d skipped (eval-only)" % counts["skip"]
    print(last)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
