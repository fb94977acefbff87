#!/usr/bin/env bash
# tests/tools.sh — `nianbao check`, `compare` and `csv` end to end, on corpus
# files (corpus/*/expected.json is contract JSON; corpus/*/input.* are the
# reports) and on JSON made here (next-year reports of one body, an agency
# name with a comma and quotes, JSONL with an error record).
# Run from the repo root: NIANBAO=build/release/nianbao bash tests/tools.sh
# The last line is "N passed, N failed"; the exit status is 1 on a failure.
set -u
export LC_ALL=C.UTF-8
nb=${NIANBAO:?set NIANBAO to the nianbao binary}
py=/usr/bin/python3
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# run COMMAND...: stdout in $tmp/out, stderr in $tmp/err, exit status in $rc
run() { "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
expect_rc() { [ "$rc" -eq "$1" ] && ok || fail "$2: exit $rc, want $1 ($(head -c 300 "$tmp/err"))"; }
has()     { grep -qF -- "$1" "$tmp/out" && ok || fail "$2: stdout lacks '$1'"; }
has_err() { grep -qF -- "$1" "$tmp/err" && ok || fail "$2: stderr lacks '$1': $(cat "$tmp/err")"; }
quiet()   { [ ! -s "$tmp/err" ] && ok || fail "$1: stderr not empty: $(head -c 300 "$tmp/err")"; }
pycheck() { local what=$1; shift; "$py" -c "$@" && ok || fail "$what"; }

good=corpus/text-02-jinfeng-2021/expected.json        # 2021, all rules hold
breaks=corpus/text-09-dawukou-2024-breaks/expected.json # balance + row_total broken
blank=corpus/text-11-haiyuan-2025-blanktotal/expected.json # 总计 left blank
old2019=corpus/text-04-helan-2020/expected.json
other_body=corpus/text-03-xixia-2022/expected.json
for f in "$good" "$breaks" "$blank" "$old2019" "$other_body"; do
	[ -f "$f" ] || { echo "missing corpus file $f"; echo "0 passed, 1 failed"; exit 1; }
done

# Made-up reports: NEW = the good report one year later, carried_over equal
# to the old carried_forward, a few changed cells; BROKEN_NEW breaks the
# carry-over link; EDITED breaks a rule the file's own checks say holds.
"$py" - "$good" "$tmp" <<'EOF'
import copy, json, sys
old = json.load(open(sys.argv[1], encoding="utf-8"))
out = sys.argv[2]
new = copy.deepcopy(old)
new["year"] = old["year"] + 1
new["source"]["file"] = "next-year.pdf"
apps = new["applications"]
for column, value in old["applications"]["carried_forward"].items():
    apps["carried_over"][column] = value
apps["granted"]["natural_person"] = (apps["granted"]["natural_person"] or 0) + 5
new["active_disclosure"]["fees"]["amount"] = 4068.208
for row in ("regulations", "normative_documents"):
    reg = new["active_disclosure"][row]
    reg["issued"], reg["repealed"] = 2, 1
    reg["in_force"] = (old["active_disclosure"][row]["in_force"] or 0) + 1
json.dump(new, open(out + "/next.json", "w", encoding="utf-8"), ensure_ascii=False)
broken = copy.deepcopy(new)
broken["applications"]["carried_over"]["natural_person"] = 99
json.dump(broken, open(out + "/next-broken.json", "w", encoding="utf-8"), ensure_ascii=False)
edited = copy.deepcopy(old)
edited["applications"]["new_received"]["natural_person"] += 1
json.dump(edited, open(out + "/edited.json", "w", encoding="utf-8"), ensure_ascii=False)
odd = copy.deepcopy(old)
odd["agency"] = '某局, "测试"\n第二行'
odd["source"]["file"] = "dir, with comma/报告 \"1\".pdf"
json.dump(odd, open(out + "/odd.json", "w", encoding="utf-8"), ensure_ascii=False)
with open(out + "/batch.jsonl", "w", encoding="utf-8") as batch:
    batch.write(json.dumps(old, ensure_ascii=False) + "\n")
    batch.write(json.dumps({"source": {"file": "locked.pdf", "sha256": None},
                            "error": {"code": "encrypted", "message": "needs a password"}}) + "\n")
    batch.write(json.dumps(odd, ensure_ascii=False) + "\n")
EOF

########## check ##########
run "$nb" check "$good"; expect_rc 0 "check: a report whose rules hold"
has "all 42 rules hold" "check: says all rules hold"; quiet "check good"

run "$nb" check "$breaks"; expect_rc 1 "check: a report that breaks rules"
has "3 of 42 rules broken" "check: counts broken rules"
has "broken: applications.balance, column natural_person 自然人: expected" "check: names rule, column, label"
has "broken: applications.row_total, row new_received 一、本年新收申请: expected" "check: names the row"
has "printed" "check: expected vs printed"

run "$nb" check "$blank"; expect_rc 0 "check: blank totals are not broken rules"
has "cannot check: applications.row_total, row granted （一）予以公开: 总计 total left blank" "check: blank total"
has "cannot check: reviews.total, group administrative_review 行政复议" "check: blank review total"

run "$nb" check "$tmp/edited.json"; expect_rc 1 "check: recomputes the rules (edited cell)"
has "applications.row_total, row new_received" "check: edited row found"

# --json over every corpus report: broken/blank entries equal the
# expected.json's own ok=false / ok=null checks, report by report.
run "$nb" check --json corpus/*/expected.json; expect_rc 1 "check --json corpus (some break on purpose)"
pycheck "check --json: one object per report, broken/blank match each expected.json" '
import glob, json, sys
files = sorted(glob.glob("corpus/*/expected.json"))
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == len(files), (len(lines), len(files))
for path, line in zip(files, lines):
    got = json.loads(line)
    want = json.load(open(path, encoding="utf-8"))
    assert got["file"] == want["source"]["file"] and got["input"] == path, path
    assert got["agency"] == want["agency"] and got["year"] == want["year"], path
    key = lambda c: (c["rule"], c["where"], c["ok"], c["expected"], c["actual"])
    assert sorted(map(key, got["broken"])) == sorted(key(c) for c in want["checks"] if c["ok"] is False), path
    assert sorted(map(key, got["blank"])) == sorted(key(c) for c in want["checks"] if c["ok"] is None), path
    # A report without tables (template null) has nothing to check: ok null.
    want_ok = None if want["template"] is None else (not got["broken"])
    assert got["ok"] == want_ok and got["checked"] == len(want["checks"]), path
' "$tmp/out"

# Where a broken rule is: the page and row of its cells (provenance, which
# check reads a document with); a summary line; unreadable wins the exit.
run "$nb" check corpus/pdf-libreoffice-01-jiangnan-zrzy-2021/input.pdf "$breaks"
[ "$rc" -eq 1 ] && ok || fail "check: a PDF and a broken report: exit $rc, want 1"
run "$nb" check corpus/text-09-dawukou-2024-breaks/input.txt; expect_rc 1 "check: a broken text report"
has "    at page 1: 一、本年新收申请, 二、上年结转申请, （七）总计, 四、结转下年度继续办理" "check: names the page and rows of a broken rule's cells"
has "1 reports, 1 with broken rules, 0 unreadable" "check: the summary line"
run "$nb" check --json corpus/text-09-dawukou-2024-breaks/input.txt; expect_rc 1 "check --json: a broken text report"
"$py" tests/validate.py --schema schema/check.schema.json --lines "$tmp/out" >"$tmp/v" 2>&1 && ok || fail "check --json fits schema/check.schema.json: $(head -5 "$tmp/v")"
pycheck "check --json: each broken entry names its cells with page and row label" '
import json, sys
line = json.loads(open(sys.argv[1], encoding="utf-8").readline())
entry = next(e for e in line["broken"] if e["rule"] == "applications.row_total")
assert entry["at"] and all(c["page"] == 1 and c["row_label"] == "一、本年新收申请" for c in entry["at"]), entry
assert {c["field"] for c in entry["at"]} >= {"applications.new_received.natural_person", "applications.new_received.total"}
' "$tmp/out"
run "$nb" check "$breaks" "$tmp/no-such-file.json"; expect_rc 66 "check: unreadable wins over a broken rule"
has "2 reports, 1 with broken rules, 1 unreadable" "check: summary counts the unreadable input"
run "$nb" check "$breaks" tests/pdf/landscape.pdf; expect_rc 66 "check: not_a_report counts as unreadable"
has "2 reports, 1 with broken rules, 1 unreadable" "check: not_a_report in the summary"
run "$nb" check --json corpus/*/expected.json "$tmp/batch.jsonl"
"$py" tests/validate.py --schema schema/check.schema.json --lines "$tmp/out" >"$tmp/v" 2>&1 && ok || fail "check --json (corpus, error record) fits the schema: $(head -5 "$tmp/v")"

run "$nb" check "$tmp/no-such-file.json"; expect_rc 3 "check: a single unreadable input exits with its status"
has_err "nianbao: error: $tmp/no-such-file.json: " "check: error line names the file"
[ "$(cat "$tmp/out")" = "1 reports, 0 with broken rules, 1 unreadable" ] && ok || fail "check: only the summary on stdout for an unreadable input: $(cat "$tmp/out")"
run "$nb" check "$tmp/no-such-file.json" "$good"; expect_rc 66 "check: an unreadable input among several"
has "all 42 rules hold" "check: the other inputs are still checked"
run "$nb" check "$tmp/batch.jsonl"; expect_rc 66 "check: JSONL with an error record"
has_err "nianbao: error: locked.pdf: error record (encrypted)" "check: error record on stderr"
[ "$(grep -c 'rules hold' "$tmp/out")" -eq 2 ] && ok || fail "check: both good JSONL records checked"
run "$nb" check --json "$tmp/batch.jsonl"; expect_rc 66 "check --json: JSONL with an error record"
has_err "nianbao: 3 reports, 0 with broken rules, 1 unreadable" "check --json: the summary line on stderr"
pycheck "check --json: one line per record, the error record marked" '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [l["ok"] for l in lines] == [True, None, True], lines
assert lines[1]["file"] == "locked.pdf" and lines[1]["error"] == "encrypted"
' "$tmp/out"
echo '{"foo": 1}' >"$tmp/foo.json"
run "$nb" check "$tmp/foo.json"; expect_rc 10 "check: JSON that is not a report"
has_err "nianbao: error: $tmp/foo.json: record 1 is not a nianbao report" "check: says it is not a report"
run "$nb" csv "$tmp/foo.json"; expect_rc 10 "csv: JSON that is not a report"
run "$nb" compare "$tmp/foo.json" "$good"; expect_rc 10 "compare: JSON that is not a report"
# A string where a number belongs is not a blank cell: the record is
# refused, naming the field, by check, compare and csv alike.
"$py" - "$good" "$tmp/string-cell.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
report["applications"]["new_received"]["total"] = "11"
json.dump(report, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
string_why='applications.new_received.total: "11" is not a number'
run "$nb" check "$tmp/string-cell.json"; expect_rc 10 "check: a string cell"
has_err "nianbao: error: $tmp/string-cell.json: record 1 is not a nianbao report: $string_why" "check: names the string cell"
run "$nb" compare "$good" "$tmp/string-cell.json"; expect_rc 10 "compare: a string cell"
has_err "nianbao: error: $tmp/string-cell.json: not a nianbao report: $string_why" "compare: names the string cell"
run "$nb" csv "$tmp/string-cell.json"; expect_rc 10 "csv: a string cell"
has_err "record 1 is not a nianbao report: $string_why" "csv: names the string cell"
run "$nb" check "$tmp/string-cell.json" "$good"; expect_rc 66 "check: a string cell among several inputs"
has "all 42 rules hold" "check: the other input is still checked"
# A record of another schema_version, or without one, or missing a table
# section, is refused with a line naming what is wrong.
"$py" - "$good" "$tmp" <<'EOF'
import json, sys
out = sys.argv[2]
def save(name, report):
    json.dump(report, open(out + "/" + name, "w", encoding="utf-8"), ensure_ascii=False)
report = json.load(open(sys.argv[1], encoding="utf-8"))
save("version-2.json", dict(report, schema_version="2"))
save("no-version.json", {k: v for k, v in report.items() if k != "schema_version"})
save("no-applications.json", {k: v for k, v in report.items() if k != "applications"})
EOF
for case in 'version-2.json|schema_version is "2", not "1"' \
            'no-version.json|no schema_version (want "1")' \
            'no-applications.json|no "applications" section'; do
	file=$tmp/${case%%|*} why=${case#*|}
	run "$nb" check "$file"; expect_rc 10 "check: ${case%%|*}"
	has_err "nianbao: error: $file: record 1 is not a nianbao report: $why" "check: ${case%%|*} named"
	run "$nb" compare "$good" "$file"; expect_rc 10 "compare: ${case%%|*}"
	has_err "nianbao: error: $file: not a nianbao report: $why" "compare: ${case%%|*} named"
	run "$nb" csv "$file"; expect_rc 10 "csv: ${case%%|*}"
done
run "$nb" check; expect_rc 2 "check without FILE"
run "$nb" check --no-such-option "$good"; expect_rc 2 "check with a bad option"

# A report read directly from text: the extractor, then the rules.
run "$nb" check corpus/text-09-dawukou-2024-breaks/input.txt; expect_rc 1 "check on a text report"
has "applications.balance, column natural_person" "check on text: the broken balance"
run "$nb" check corpus/text-02-jinfeng-2021/input.txt; expect_rc 0 "check on a good text report"

########## compare ##########
run "$nb" compare "$good" "$tmp/next.json"; expect_rc 0 "compare: two years of one body"
[ "$(grep -c '^warning' "$tmp/out")" -eq 0 ] && ok || fail "compare: no warning for one body, consecutive years"
has "三、收到和处理政府信息公开申请情况 applications" "compare: section headings"
has "4068.208" "compare: decimals as printed"
grep -E '^  granted （一）予以公开 +natural_person 自然人 +[0-9]+ +[0-9]+ +\+5$' "$tmp/out" >/dev/null \
	&& ok || fail "compare: a changed cell with its change: $(grep 'granted' "$tmp/out" | head -1)"
has "years.carried_over natural_person 自然人: OLD carried_forward 1, NEW carried_over 1: ok" "compare: carry-over link per column"
[ "$(grep -c 'years.carried_over.*: ok$' "$tmp/out")" -eq 7 ] && ok || fail "compare: all 7 carry-over links hold"
grep -q 'years.in_force regulations 规章: .*: ok$' "$tmp/out" && ok || fail "compare: in-force link holds"
run "$nb" compare "$good" "$tmp/next-broken.json"; expect_rc 0 "compare: a broken link is content, not failure"
grep -q 'years.carried_over natural_person 自然人: OLD carried_forward 1, NEW carried_over 99: BROKEN' "$tmp/out" \
	&& ok || fail "compare: broken carry-over link shown"

run "$nb" compare --json "$good" "$tmp/next.json"; expect_rc 0 "compare --json"
pycheck "compare --json: every cell of the template with old/new/change from the files" '
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
old = json.load(open(sys.argv[2], encoding="utf-8")); new = json.load(open(sys.argv[3], encoding="utf-8"))
assert c["warnings"] == [] and c["not_comparable"] == []
cells = [(s, r, k) for s in ("active_disclosure", "applications", "reviews") for r in old[s] for k in old[s][r]]
assert [(e["section"], e["row"], e["column"]) for e in c["cells"]] == cells
for e in c["cells"]:
    o, n = old[e["section"]][e["row"]][e["column"]], new[e["section"]][e["row"]][e["column"]]
    assert e["old"] == o and e["new"] == n, e
    assert e["change"] == (None if o is None or n is None else round(n - o, 3)), e
assert [l["rule"] for l in c["links"]] == ["years.carried_over"] * 7 + ["years.in_force"] * 2
assert all(l["ok"] is True for l in c["links"]), c["links"]
assert c["old"]["year"] + 1 == c["new"]["year"]
' "$tmp/out" "$good" "$tmp/next.json"

run "$nb" compare "$good" "$other_body"; expect_rc 0 "compare: another body"
has "warning: not the same body" "compare: warns when the agency differs"
run "$nb" compare "$tmp/next.json" "$good"; expect_rc 0 "compare: swapped years"
has "warning: not consecutive years" "compare: warns on non-consecutive years"
run "$nb" compare --json "$old2019" "$good"; expect_rc 0 "compare: 2019 template against 2021"
pycheck "compare --json across templates: shared cells only, the rest listed" '
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
codes = [w["code"] for w in c["warnings"]]
assert "templates_differ" in codes, codes
assert len(c["cells"]) == 22 * 7 + 15 + 3, len(c["cells"])
rows = {(e["section"], e["row"]) for e in c["cells"]}
assert ("applications", "other") not in rows and ("applications", "other_misc") not in rows
assert ("active_disclosure", "licensing") in rows and ("active_disclosure", "regulations") not in rows
only = {(e["only_in"], e["row"]) for e in c["not_comparable"]}
assert ("old", "other") in only and ("new", "other_misc") in only and ("old", "procurement") in only
assert len(c["not_comparable"]) == 54
assert all(l["rule"] == "years.carried_over" for l in c["links"])
' "$tmp/out"
run "$nb" compare "$old2019" "$good"
has "warning: different templates" "compare: warns on different templates"
has "only in OLD (template 2019):" "compare: lists cells not comparable"

# Links between consecutive years only; --changed-only; the JSON schema.
run "$nb" compare --json "$old2019" "$good"
"$py" tests/validate.py --schema schema/compare.schema.json "$tmp/out" >"$tmp/v" 2>&1 && ok || fail "compare --json (2020 vs 2021) fits schema/compare.schema.json: $(head -5 "$tmp/v")"
run "$nb" compare --json "$good" "$tmp/next.json"
"$py" tests/validate.py --schema schema/compare.schema.json "$tmp/out" >"$tmp/v" 2>&1 && ok || fail "compare --json fits the schema: $(head -5 "$tmp/v")"
pycheck "compare: consecutive years, links assessed" 'import json,sys; c=json.load(open(sys.argv[1])); assert c["links_assessable"] is True and len(c["links"]) == 9' "$tmp/out"
run "$nb" compare --json "$tmp/next.json" "$good"; expect_rc 0 "compare: swapped years (JSON)"
"$py" tests/validate.py --schema schema/compare.schema.json "$tmp/out" >"$tmp/v" 2>&1 && ok || fail "compare --json (swapped) fits the schema: $(head -5 "$tmp/v")"
pycheck "compare: years not consecutive, links not assessable" 'import json,sys; c=json.load(open(sys.argv[1])); assert c["links_assessable"] is False and c["links"] == []' "$tmp/out"
run "$nb" compare "$tmp/next.json" "$good"
has "across the years: not assessable" "compare: says the links are not assessable"
grep -q "years.carried_over" "$tmp/out" && fail "compare: no link between years not consecutive" || ok
run "$nb" compare --changed-only --json "$good" "$tmp/next.json"; expect_rc 0 "compare --changed-only"
pycheck "compare --changed-only: only the cells that changed" '
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
got = {(x["section"], x["row"], x["column"]) for x in c["cells"]}
assert ("applications", "granted", "natural_person") in got and ("active_disclosure", "fees", "amount") in got, got
assert all(x["old"] != x["new"] for x in c["cells"]), c["cells"]
assert len(c["links"]) == 9
' "$tmp/out"
run "$nb" compare --changed-only "$good" "$tmp/next.json"
has "granted" "compare --changed-only (text): a changed row"

run "$nb" compare "$good"; expect_rc 2 "compare with one file"
run "$nb" compare "$tmp/batch.jsonl" "$good"; expect_rc 2 "compare: a file with several reports"
has_err "holds 3 reports" "compare: says why"
run "$nb" compare "$tmp/no-such-file.json" "$good"; expect_rc 3 "compare: unreadable OLD"
has_err "nianbao: error: $tmp/no-such-file.json: " "compare: error line names the file"
run "$nb" compare corpus/text-02-jinfeng-2021/input.txt "$tmp/next.json"; expect_rc 0 "compare: a text report against JSON"
[ "$(grep -c 'years.carried_over.*: ok$' "$tmp/out")" -eq 7 ] && ok || fail "compare: text input gives the same links"

########## csv ##########
run "$nb" csv corpus/*/expected.json; expect_rc 0 "csv over the corpus"
# The only notes: the reports without tables (pre-2019, tables as pictures,
# prose only) give no rows.
[ "$(grep -v '^nianbao: note: no tables in corpus/text-15-pre2019-2017/' "$tmp/err" \
	| grep -v '^nianbao: note: no tables in corpus/html-0[56]-' | grep -c .)" -eq 0 ] \
	&& ok || fail "csv corpus: unexpected stderr: $(head -c 300 "$tmp/err")"
cp "$tmp/out" "$tmp/corpus.csv"
head -c 60 "$tmp/corpus.csv" | grep -q '^file,sha256,agency,year,template,section,row,column,value' && ok || fail "csv header"
"$py" tests/csv_roundtrip.py "$tmp/corpus.csv" corpus/*/expected.json >"$tmp/rt" && ok || fail "csv round trip (corpus): $(cat "$tmp/rt")"

run "$nb" csv --bom -o "$tmp/bom.csv" corpus/*/expected.json; expect_rc 0 "csv --bom -o"
[ ! -s "$tmp/out" ] && ok || fail "csv -o: nothing on stdout"
[ "$(head -c 3 "$tmp/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || fail "csv --bom starts with the BOM"
cmp -s <(tail -c +4 "$tmp/bom.csv") "$tmp/corpus.csv" && ok || fail "csv -o writes the same rows as stdout"
ls "$tmp" | grep -q '\.tmp' && fail "csv -o left a temporary file" || ok

run "$nb" csv "$tmp/batch.jsonl"; expect_rc 0 "csv: JSONL with an error record"
has_err "nianbao: note: skipped error record for locked.pdf: encrypted" "csv: note for a skipped error record"
cp "$tmp/out" "$tmp/batch.csv"
"$py" tests/csv_roundtrip.py "$tmp/batch.csv" "$tmp/batch.jsonl" >"$tmp/rt" && ok || fail "csv round trip (comma, quotes, newline in agency): $(cat "$tmp/rt")"
grep -qF '"某局, ""测试""' "$tmp/batch.csv" && ok || fail "csv: agency quoted, quotes doubled"
pycheck "csv: blank cells are empty, not 0" '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
report = json.load(open(sys.argv[2], encoding="utf-8"))
nulls = {(s, r, k) for s in ("active_disclosure", "applications", "reviews") for r in report[s] for k in report[s][r] if report[s][r][k] is None}
assert nulls, "the sample should hold blank cells"
got = {(x["section"], x["row"], x["column"]) for x in rows if x["value"] == "" and x["file"] == report["source"]["file"]}
assert got == nulls, (len(got), len(nulls))
' "$tmp/corpus.csv" "$other_body"

run "$nb" csv "$tmp/no-such-file.json"; expect_rc 3 "csv: a single unreadable input"
has_err "nianbao: error: $tmp/no-such-file.json: " "csv: error line names the file"
run "$nb" csv "$tmp/no-such-file.json" "$good"; expect_rc 1 "csv: an unreadable input among several"
[ "$(grep -c 'jinfeng' "$tmp/out")" -eq 200 ] && ok || fail "csv: the good input is still converted"
run "$nb" csv -o "$tmp/no-such-dir/out.csv" "$good"; expect_rc 2 "csv: output cannot be written"
run "$nb" csv; expect_rc 2 "csv without INPUT"

# The researcher's path: an archive → JSONL (batch extract) → CSV.
: >"$tmp/empty.txt"
run "$nb" extract -o "$tmp/archive.jsonl" corpus/text-02-jinfeng-2021/input.txt \
	corpus/pdf-chromium-02-donghai-bgt-2021/input.pdf "$tmp/empty.txt"
expect_rc 1 "batch extract with one bad input"
run "$nb" csv -o "$tmp/archive.csv" "$tmp/archive.jsonl"; expect_rc 0 "csv of batch JSONL"
has_err "nianbao: note: skipped error record for $tmp/empty.txt: empty" "csv: the failed input's record skipped"
"$py" tests/csv_roundtrip.py "$tmp/archive.csv" "$tmp/archive.jsonl" >"$tmp/rt" && ok || fail "csv round trip (batch JSONL): $(cat "$tmp/rt")"
[ "$(($(wc -l <"$tmp/archive.csv") - 1))" -eq 400 ] && ok || fail "csv of batch JSONL: 2 x 200 rows"

# Reports read directly: text and PDF through the extractor.
run "$nb" csv corpus/text-02-jinfeng-2021/input.txt corpus/pdf-chromium-02-donghai-bgt-2021/input.pdf
expect_rc 0 "csv on text and PDF reports"
[ "$(($(wc -l <"$tmp/out") - 1))" -eq 400 ] && ok || fail "csv on text and PDF: 2 x 200 rows"

# --labels: the template's labels and the unit; an amount carries the unit
# the report prints (元 by its amount_unit diagnostic, 万元 printed with the
# number), --amounts-in converts only those; a bare 2019 amount stays.
units=corpus/text-08-zhongwei-2020-units
run "$nb" csv --labels "$units/input.txt" corpus/text-000-wuzhong-2020/input.txt "$old2019"
expect_rc 0 "csv --labels"
head -1 "$tmp/out" | grep -q '^file,sha256,agency,year,template,section,row,column,value,row_label_zh,column_label_zh,unit' \
	&& ok || fail "csv --labels: header"
cp "$tmp/out" "$tmp/labels.csv"
run "$nb" csv --amounts-in 万元 "$units/input.txt" corpus/text-000-wuzhong-2020/input.txt "$old2019"
expect_rc 0 "csv --amounts-in 万元"
cp "$tmp/out" "$tmp/wanyuan.csv"
run "$nb" csv --amounts-in 元 "$units/input.txt" corpus/text-000-wuzhong-2020/input.txt
cp "$tmp/out" "$tmp/yuan.csv"
pycheck "csv --labels/--amounts-in: units as printed, converted only when said" '
import csv, json, sys
def amounts(path):
    return {r["file"]: (r["value"], r["unit"]) for r in csv.DictReader(open(path, encoding="utf-8", newline=""))
            if r["row"] == "procurement" and r["column"] == "amount"}
labels, wan, yuan = (amounts(p) for p in sys.argv[1:4])
u, w, bare = sys.argv[4], "corpus/text-000-wuzhong-2020/input.txt", sys.argv[5]
assert labels[u] == ("251000", "元") and labels[w] == ("495", "万元"), labels
assert wan[u] == ("25.1", "万元") and wan[w] == ("495", "万元"), wan
assert yuan[u] == ("251000", "元") and yuan[w] == ("4950000", "元"), yuan
bare_file = json.load(open(bare, encoding="utf-8"))["source"]["file"]
assert labels[bare_file][1] == "" and wan[bare_file] == labels[bare_file], (labels[bare_file], wan[bare_file])
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
r = next(r for r in rows if r["row"] == "outcome_total" and r["column"] == "natural_person")
assert (r["row_label_zh"], r["column_label_zh"], r["unit"]) == ("（七）总计", "自然人", "件"), r
' "$tmp/labels.csv" "$tmp/wanyuan.csv" "$tmp/yuan.csv" "$units/input.txt" "$old2019"
run "$nb" csv --amounts-in 千元 "$good"; expect_rc 2 "csv --amounts-in: only 万元 or 元"

# generator says what wrote a report, not what it says: check and compare
# read past it (a report of another nianbao version compares unchanged).
"$py" - "$good" "$tmp/other-generator.json" <<'EOF'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
report["generator"] = {"name": "nianbao", "version": "0.0.1", "commit": "abc1234"}
json.dump(report, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
run "$nb" check "$tmp/other-generator.json"; expect_rc 0 "check: a report with another generator"
run "$nb" compare --json "$good" "$tmp/other-generator.json"; expect_rc 0 "compare: another generator"
pycheck "compare: a report against itself by another generator changes nothing" '
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))
assert all(cell["change"] in (0, None) for cell in c["cells"]), [x for x in c["cells"] if x["change"]]
' "$tmp/out"

# Chinese: --lang zh, or LANG=zh_CN.UTF-8 (LC_ALL unset): rule names in the
# template's own words; JSON keys stay English.
run "$nb" check --lang zh corpus/text-09-dawukou-2024-breaks/input.txt; expect_rc 1 "check --lang zh"
has "42条规则中3条不成立" "check --lang zh: the count"
has "不成立：第一项加第二项之和，等于第三项加第四项之和（新收+上年结转=办理结果总计+结转下年度）" "check --lang zh: table 三's own words"
has "总计=各类申请人之和" "check --lang zh: row_total in Chinese"
has "位于第1页：一、本年新收申请" "check --lang zh: where"
has "共1份报告，1份有规则不成立，0份无法读取" "check --lang zh: the summary"
run env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$nb" check "$breaks"; expect_rc 1 "check under LANG=zh_CN.UTF-8"
has "条不成立" "check: LANG=zh_CN.UTF-8 speaks Chinese"
run "$nb" check --lang zh --json "$breaks"
pycheck "check --lang zh --json: keys and rule names stay English" 'import json,sys; d=json.loads(open(sys.argv[1]).readline()); assert d["broken"][0]["rule"] == "applications.balance" and "ok" in d' "$tmp/out"
run "$nb" compare --lang zh "$old2019" "$good"; expect_rc 0 "compare --lang zh"
has "警告：两份报告模板不同" "compare --lang zh: warnings"
run "$nb" compare --lang zh "$good" "$tmp/next.json"
has "上年结转=上年报告的结转下年度（years.carried_over natural_person）" "compare --lang zh: the carry-over link"
run "$nb" check --lang fr "$good"; expect_rc 2 "check --lang: zh or en only"

########## codebook ##########
# From the one contract table: its keys are exactly the cells csv writes,
# in the same order, for each template.
for pair in "2021:$good" "2019:$old2019"; do
	tpl=${pair%%:*} report=${pair#*:}
	run "$nb" codebook --csv --template "$tpl"; expect_rc 0 "codebook --csv --template $tpl"
	cp "$tmp/out" "$tmp/codebook-$tpl.csv"
	run "$nb" csv "$report"; cp "$tmp/out" "$tmp/report-$tpl.csv"
	pycheck "codebook $tpl: the keys of a $tpl report's CSV, in order, with labels and units" '
import csv, sys
book = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
cells = list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
assert [b["key"] for b in book] == [".".join((c["section"], c["row"], c["column"])) for c in cells]
assert all(b["row_label_zh"] and b["column_label_zh"] and b["english"] and b["unit"] for b in book)
assert all(sys.argv[3] in b["templates"].split() for b in book)
' "$tmp/codebook-$tpl.csv" "$tmp/report-$tpl.csv" "$tpl"
done
run "$nb" codebook --json; expect_rc 0 "codebook --json"
pycheck "codebook --json: both templates, labels as printed" '
import json, sys
book = json.load(open(sys.argv[1], encoding="utf-8"))
by_key = {}
for e in book:
    by_key.setdefault(e["key"], []).append(e)
fees = by_key["active_disclosure.fees.amount"][0]
assert fees["column_label_zh"] == "本年收费金额（万元）" and fees["unit"] == "万元" and fees["templates"] == ["2021"], fees
np = by_key["applications.new_received.natural_person"]
assert len(np) == 1 and np[0]["templates"] == ["2019", "2021"] and np[0]["column_label_zh"] == "自然人", np
assert sum(len(e["templates"]) for e in book) == 198 + 200
' "$tmp/out"
run "$nb" codebook; expect_rc 0 "codebook (text)"
has "applications.outcome_total.total" "codebook: text lists keys"
has "（七）总计 | 总计" "codebook: text shows the printed labels"
run "$nb" codebook --template 2020; expect_rc 2 "codebook: unknown template"
has_err "2019 or 2021" "codebook: says which templates exist"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
