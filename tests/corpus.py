#!/usr/bin/python3
"""Corpus test: run the real nianbao binary on every case in corpus/ and compare.

Each case is a directory holding input.txt or input.pdf and either
expected.json (the full contract JSON `nianbao extract corpus/<case>/input.<ext>`
must print, run from the repo root) or expected-error.json ({"exit": N,
"code": "..."}, for inputs that must be refused).  An optional meta.json says
how the case was made; its "breaks" lists the check rules the report breaks on
purpose.

For a report case the output must be exactly one JSON document, valid against
schema/report.schema.json (python3-jsonschema, draft 2020-12), and equal to
expected.json under the project's comparison rules: source.sha256,
source.producer and diagnostic message/page are ignored, error and warning
diagnostics compare as a multiset of (level, code, field) and every expected
info must be present (extra infos are allowed), checks compare by (rule,
where), everything else exactly.  Every difference is printed as `case: path: expected X, got Y`.

A "cell" is every leaf of active_disclosure/applications/reviews plus agency,
year and template; the per-case line says how many of them came out right,
which is the measure --eval reports as field accuracy.

--lint checks the corpus itself without a binary: expected files valid against
the schema, source.file and sha256 matching the case, the checks array
recomputed from the expected cells by the contract's rules, total_blank
diagnostics matching ok=null checks, meta.json "breaks" matching the checks.

Run it with /usr/bin/python3 (Debian's, which sees python3-jsonschema).
"""

import argparse
import collections
import hashlib
import json
import os
import shlex
import signal
import subprocess
import sys

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
               "too_large": 12}


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


def diff_diagnostics(expected, got, out):
    """Errors and warnings compare as a multiset of (level, code, field),
    exactly; every expected info must be present, extra infos are allowed
    (poppler's pdf_warning, a unit noted in passing)."""
    def key(d):
        return (d.get("level"), d.get("code"), d.get("field"))

    def bag(items, infos):
        return collections.Counter(key(d) for d in items
                                   if (d.get("level") == "info") == infos)
    for infos in (False, True):
        exp_bag, got_bag = bag(expected, infos), bag(got, infos)
        for k in sorted(set(exp_bag) | set(got_bag), key=str):
            short = exp_bag[k] > got_bag[k]
            if exp_bag[k] != got_bag[k] and (short or not infos):
                out.append(("diagnostics[%s %s %s]" % k, "expected %d, got %d"
                            % (exp_bag[k], got_bag[k])))


def diff_report(expected, got):
    """Every difference between an expected and an actual report."""
    out = []
    exp_rest = {k: v for k, v in expected.items() if k not in ("checks", "diagnostics")}
    got_rest = {k: v for k, v in got.items() if k not in ("checks", "diagnostics")}
    for doc in (exp_rest, got_rest):
        if isinstance(doc.get("source"), dict):
            doc["source"] = {k: v for k, v in doc["source"].items()
                             if k not in ("sha256", "producer")}
    diff_values("", exp_rest, got_rest, out)
    diff_checks(expected.get("checks", []), got.get("checks", []), out)
    diff_diagnostics(expected.get("diagnostics", []), got.get("diagnostics", []), out)
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

    @property
    def ok(self):
        return not self.problems


def check_report_case(name, case_dir, command, timeout, validator, evaluate):
    result = Result(name, "report")
    expected = load_json(os.path.join(case_dir, "expected.json"))
    result.total = len(cell_leaves(expected))
    run = run_binary(command, timeout)
    if run.problem:
        result.problems.append(run.problem)
        return result
    if run.exit_code != 0:
        result.problems.append("exit %d (expected 0); stderr: %s"
                               % (run.exit_code, _first_line(run.stderr)))
    got, why = parse_one_document(run.stdout)
    if got is None:
        result.problems.append(why)
        return result
    result.problems.extend(schema_errors(validator, got))
    if not isinstance(got, dict):
        return result
    result.right, _ = count_cells(expected, got)
    for path, message in diff_report(expected, got):
        result.problems.append("%s: %s" % (path, message))
    if evaluate:
        evaluate_case(result, case_dir, expected, got)
    return result


def evaluate_case(result, case_dir, expected, got):
    """--eval extras: template/year detection and checks vs meta.json breaks."""
    for key in ("template", "year"):
        verdict = "ok" if _same(expected.get(key), got.get(key)) else "WRONG"
        result.notes.append("%s %s (%s)" % (key, verdict, _show(got.get(key))))
    meta_path = os.path.join(case_dir, "meta.json")
    breaks = (sorted(load_json(meta_path).get("breaks", [])) if os.path.exists(meta_path)
              else failed_rules(expected))
    broken = failed_rules(got)
    if broken == breaks:
        result.notes.append("checks agree")
    else:
        result.problems.append("checks: rules failing %s, meta breaks %s"
                               % (_show(broken), _show(breaks)))
        result.notes.append("checks DISAGREE")


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

def lint_case(name, case_dir, validator):
    """Problems in a case's own files (no binary involved)."""
    problems = []
    input_path = find_input(case_dir)
    if input_path is None:
        return ["needs exactly one input.* file"]
    has_expected = os.path.exists(os.path.join(case_dir, "expected.json"))
    has_error = os.path.exists(os.path.join(case_dir, "expected-error.json"))
    if has_expected == has_error:
        return ["needs exactly one of expected.json and expected-error.json"]
    if has_error:
        expected = load_json(os.path.join(case_dir, "expected-error.json"))
        if ERROR_EXITS.get(expected.get("code")) != expected.get("exit"):
            problems.append("expected-error.json: code %s does not go with exit %s"
                            % (_show(expected.get("code")), _show(expected.get("exit"))))
        return problems
    expected = load_json(os.path.join(case_dir, "expected.json"))
    problems.extend(schema_errors(validator, expected))
    source = expected.get("source", {})
    rel = os.path.relpath(input_path, REPO_ROOT)
    if source.get("file") != rel:
        problems.append("source.file is %s, expected %s" % (_show(source.get("file")), rel))
    with open(input_path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if source.get("sha256") != digest:
        problems.append("source.sha256 is not the input's sha256 (%s)" % digest)
    recomputed = compute_checks(expected)
    for path, message in _diff_check_lists(expected.get("checks", []), recomputed):
        problems.append("%s: %s" % (path, message))
    blank = sum(1 for c in recomputed if c["ok"] is None)
    blank_diags = sum(1 for d in expected.get("diagnostics", [])
                      if (d.get("level"), d.get("code")) == ("warning", "total_blank"))
    if blank != blank_diags:
        problems.append("%d checks have ok=null but %d total_blank warnings"
                        % (blank, blank_diags))
    meta_path = os.path.join(case_dir, "meta.json")
    if os.path.exists(meta_path):
        breaks = sorted(load_json(meta_path).get("breaks", []))
        if breaks != failed_rules(expected):
            problems.append("meta.json breaks %s, but checks fail %s"
                            % (_show(breaks), _show(failed_rules(expected))))
    return problems


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
                        help="print detection details and field accuracy")
    parser.add_argument("--filter", help="only cases whose name contains this")
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
    input_path = find_input(case_dir)
    if input_path is None:
        result = Result(name, "error")
        result.problems.append("needs exactly one input.* file")
        return result
    input_rel = os.path.relpath(input_path, REPO_ROOT)
    command = shlex.split(args.wrap or "") + [os.path.abspath(args.nianbao), "extract", input_rel]
    if os.path.exists(os.path.join(case_dir, "expected.json")):
        return check_report_case(name, case_dir, command, args.timeout, validator, args.evaluate)
    if os.path.exists(os.path.join(case_dir, "expected-error.json")):
        return check_error_case(name, case_dir, command, args.timeout, input_rel)
    result = Result(name, "error")
    result.problems.append("no expected.json or expected-error.json")
    return result


def print_result(result, evaluate):
    status = "ok" if result.ok else "FAIL"
    if result.kind == "report":
        line = "%s %s cells %d/%d" % (status, result.name, result.right, result.total)
        if evaluate and result.notes:
            line += " " + ", ".join(result.notes)
    else:
        line = "%s %s (error case)" % (status, result.name)
    print(line)
    for problem in result.problems:
        print("%s: %s" % (result.name, problem))


def main(argv):
    args = parse_args(argv)
    with open(args.schema, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    names = list_cases(args.corpus_dir, args.filter)
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
        print_result(result, args.evaluate)
        sys.stdout.flush()
        results.append(result)
    failed = sum(1 for r in results if not r.ok)
    if args.evaluate:
        reports = [r for r in results if r.kind == "report"]
        right = sum(r.right for r in reports)
        total = sum(r.total for r in reports)
        exact = sum(1 for r in reports if r.ok)
        errors = [r for r in results if r.kind == "error"]
        if errors:
            print("error cases: %d/%d ok" % (sum(1 for r in errors if r.ok), len(errors)))
        print("field accuracy: %.2f%% (%d/%d), reports exact: %d/%d"
              % (100.0 * right / total if total else 0.0, right, total, exact, len(reports)))
    else:
        print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
