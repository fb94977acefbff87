#!/usr/bin/env bash
# tests/cli.sh — the command's conventions, end to end (jq's shtest style):
# exit codes, stdout/stderr separation, --help, usage errors, a closed
# stdout.  Run from the repo root as: NIANBAO=build/release/nianbao bash tests/cli.sh
set -u
export LC_ALL=C
nb=${NIANBAO:?set NIANBAO to the nianbao binary}
sample=corpus/text-000-wuzhong-2020/input.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
# skip DESCRIPTION REASON: a test this machine cannot run (/dev/full missing is a
# limit of the environment, not a missing tool, so it stays a skip under CI=true).
skip() { skipped=$((skipped + 1)); echo "SKIP: $1 ($2)"; }

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
	local want=$1 what=$2; shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok; else fail "$what: exit $got, want $want"; fi
}

expect_exit 0 "--help" -- "$nb" --help
grep -q "Exit status" "$tmp/out" && ok || fail "--help lists exit codes"
[ ! -s "$tmp/err" ] && ok || fail "--help writes nothing on stderr"
expect_exit 0 "--version" -- "$nb" --version
grep -q '^nianbao [0-9]' "$tmp/out" && ok || fail "--version prints the version"
for lib in poppler pcre2 utf8proc jansson; do
	grep -qE "^$lib [0-9]" "$tmp/out" && ok || fail "--version prints the version of $lib"
done
cp "$tmp/out" "$tmp/version"
expect_exit 2 "no command" -- "$nb"
expect_exit 2 "unknown command" -- "$nb" frobnicate
grep -q "^nianbao: unknown command 'frobnicate'" "$tmp/err" && ok || fail "unknown command message"
expect_exit 2 "extract without file" -- "$nb" extract
expect_exit 2 "bad option" -- "$nb" extract --no-such-option "$sample"

# LICENSE is the GPL 3 text, CITATION.cff cites this version.
if [ -f /usr/share/common-licenses/GPL-3 ]; then
	cmp -s LICENSE /usr/share/common-licenses/GPL-3 && ok || fail "LICENSE is the GPL-3 text"
else
	grep -q "GNU GENERAL PUBLIC LICENSE" LICENSE && grep -q "Version 3, 29 June 2007" LICENSE \
		&& ok || fail "LICENSE is the GPL-3 text"
fi
grep -qx 'license: GPL-3.0-or-later' CITATION.cff && ok || fail "CITATION.cff: GPL-3.0-or-later"
grep -qx "version: \"$(sed -n '1s/^nianbao \([^ ]*\).*/\1/p' "$tmp/version")\"" CITATION.cff \
	&& ok || fail "CITATION.cff cites the version --version prints"

# A good report: JSON on stdout, nothing on stderr.
expect_exit 0 "extract sample" -- "$nb" extract "$sample"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema_version"]=="1"' "$tmp/out" \
	&& ok || fail "extract prints one JSON document"
[ ! -s "$tmp/err" ] && ok || fail "extract of a good report is silent on stderr"
# Every report says what wrote it: the generator of --version.
/usr/bin/python3 - "$tmp/out" "$tmp/version" <<'PY' && ok || fail "extract: a generator object naming nianbao, its version and commit"
import json, re, sys
generator = json.load(open(sys.argv[1], encoding="utf-8"))["generator"]
first = open(sys.argv[2], encoding="utf-8").readline()
m = re.match(r"nianbao (\S+)(?: \(commit (\S+)\))?$", first.strip())
assert m, first
assert generator["name"] == "nianbao" and generator["version"] == m.group(1), generator
assert generator.get("commit") == m.group(2), (generator, first)
PY
# --resume matches records by their bytes, whatever wrote them.
"$nb" extract -o "$tmp/resume.jsonl" "$sample" 2>/dev/null
sed -i 's/"generator":{[^}]*}/"generator":{"name":"nianbao","version":"0.0.1"}/' "$tmp/resume.jsonl"
grep -q '"version":"0.0.1"' "$tmp/resume.jsonl" && ok || fail "resume test: the record's generator was rewritten"
expect_exit 0 "--resume over a record of another version" -- "$nb" extract -o "$tmp/resume.jsonl" --resume "$sample"
[ "$(wc -l <"$tmp/resume.jsonl")" -eq 1 ] && ok || fail "--resume ignores generator: the record is kept, not redone"
expect_exit 0 "extract --compact" -- "$nb" extract -c "$sample"
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || fail "--compact prints one line"

# Bad inputs: one stderr line naming the file, the documented code, no stdout.
bad_case() {
	local want=$1 name=$2 file=$3
	expect_exit "$want" "$name" -- "$nb" extract "$file"
	[ ! -s "$tmp/out" ] && ok || fail "$name: no partial JSON on stdout"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qF "nianbao: error: $file: " "$tmp/err" \
		&& ok || fail "$name: one error line naming the file: $(cat "$tmp/err")"
}
: >"$tmp/empty.txt"
bad_case 4 "empty file" "$tmp/empty.txt"
printf '   \n\n \t\n' >"$tmp/blank.txt"
bad_case 4 "white space only" "$tmp/blank.txt"
head -c 4096 /dev/urandom >"$tmp/random.bin"; printf '\0\0\0' >>"$tmp/random.bin"
bad_case 6 "binary garbage" "$tmp/random.bin"
printf 'caf\xe9 au lait, r\xe9sum\xe9 du rapport\n' >"$tmp/latin1.txt"
bad_case 5 "text in no encoding nianbao reads" "$tmp/latin1.txt"
iconv -f UTF-8 -t GBK "$sample" >"$tmp/gbk.txt"
expect_exit 0 "GBK text is read" -- "$nb" extract "$tmp/gbk.txt"
grep -q '"encoding": "GB18030"' "$tmp/out" && ok || fail "GBK text: source.encoding GB18030"

# Web pages (issue 13): a page made at test time, pathological ones each
# finishing fast with its error or diagnostics.
page=corpus/html-03-songxi-rsj-2019-thead-split/input.html
expect_exit 0 "an HTML page" -- "$nb" extract "$page"
grep -q '"kind": "html"' "$tmp/out" && ok || fail "HTML page: source.kind html"
for cmd in check csv; do
	"$nb" $cmd "$page" >/dev/null 2>&1; rc=$?
	[ "$rc" -le 1 ] && ok || fail "$cmd reads an HTML page (exit $rc)"
done
expect_exit 0 "compare reads pages" -- "$nb" compare "$page" corpus/html-02-linhai-swj-2020-word/input.htm
/usr/bin/python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
head = open("corpus/html-03-songxi-rsj-2019-thead-split/input.html", encoding="utf-8").read()
with open(tmp + "/deep.html", "w") as f:  # 100,000 nested elements
    f.write(head.replace("<main>", "<main>" + "<div>" * 100000, 1))
with open(tmp + "/bomb.html", "w") as f:  # entity expansion, HTML and XML style
    ents = "".join('<!ENTITY e%d "&e%d;&e%d;&e%d;&e%d;">' % (i, i - 1, i - 1, i - 1, i - 1)
                   for i in range(1, 30))
    f.write('<!DOCTYPE html [<!ENTITY e0 "lol">' + ents + ']>' + head.split("\n", 1)[1]
            .replace("<main>", "<main><p>&e29;</p>", 1))
with open(tmp + "/big.html", "w") as f:  # a 50 MB page
    f.write("<html><body>" + "<p>政府信息公开</p>" * 2500000 + "</body></html>")
PY
for f in deep bomb big; do
	start=$(date +%s)
	timeout 60 "$nb" extract "$tmp/$f.html" >"$tmp/out" 2>"$tmp/err"; rc=$?
	[ "$rc" -ne 124 ] && [ "$rc" -lt 128 ] && [ $(( $(date +%s) - start )) -le 20 ] \
		&& ok || fail "$f.html: finishes fast (exit $rc)"
done
timeout 60 "$nb" extract "$tmp/deep.html" >"$tmp/out" 2>&1
grep -q 'not read\|input_not_read_whole' "$tmp/out" \
	&& ok || fail "deep nesting: the error or a warning says what was not read"
printf '今天天气很好，我们去公园散步。\n明天也许会下雨。\n' >"$tmp/prose.txt"
bad_case 10 "not a report" "$tmp/prose.txt"
bad_case 3 "missing file" "$tmp/no-such-file.txt"
printf '%%PDF-1.7\n1 0 obj\n<<' >"$tmp/cut.pdf"
bad_case 7 "truncated PDF" "$tmp/cut.pdf"
bad_case 8 "encrypted PDF" tests/pdf/encrypted.pdf
bad_case 9 "image-only PDF" tests/pdf/image-only.pdf
grep -q "no text layer.* 1 page" "$tmp/err" && ok || fail "no_text_layer names the page count"
bad_case 10 "a PDF that is not such a report" tests/pdf/landscape.pdf

# A compilation (汇编): one compact JSON line per report, in document order,
# each with source.part; in batch mode the same lines, appended together.
comp=corpus/text-30-zhongning-2022-compilation/input.txt
expect_exit 0 "extract a compilation" -- "$nb" extract "$comp"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "a compilation: three JSONL reports, parts 1-3"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
parts = [json.loads(line)["source"]["part"] for line in lines]
assert parts == [1, 2, 3], parts
PY
expect_exit 0 "batch over a compilation" -- "$nb" extract -j 1 "$comp"
[ "$(grep -c '"part":' "$tmp/out")" -eq 3 ] && ok || fail "batch: one record per report of a compilation"
expect_exit 14 "two tables 三 under one title" -- "$nb" extract corpus/text-31-tongxin-2021-two-tables/input.txt
grep -q "multiple_reports\|tables 三" "$tmp/err" && ok || fail "multiple_reports says why"

# A FIFO or a device would block or never end: refused at once, no hang
# (a FIFO nobody writes to; `timeout` turns a hang into exit 124).
mkfifo "$tmp/report.fifo"
expect_exit 3 "a FIFO" -- timeout 10 "$nb" extract "$tmp/report.fifo"
grep -q "not a regular file" "$tmp/err" && ok || fail "a FIFO: says it is not a regular file"
expect_exit 3 "a device" -- timeout 10 "$nb" extract /dev/zero
expect_exit 3 "text on a FIFO" -- timeout 10 "$nb" text "$tmp/report.fifo"

# A file name that is not UTF-8 (GBK, from an old archive) still gives
# valid JSON: undecodable bytes show as U+FFFD in source.file.
odd_name="$tmp/$(printf 'gbk\xd6\xd0')report.txt"
cp "$sample" "$odd_name"
expect_exit 0 "a GBK file name" -- "$nb" extract -c "$odd_name"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); assert "\ufffd" in d["source"]["file"]' "$tmp/out" \
	&& ok || fail "a GBK file name: valid UTF-8 JSON with U+FFFD"

# Over the input-size limit: refused from the file size, before reading.
truncate -s 300M "$tmp/huge.txt"
bad_case 12 "input over 256 MiB" "$tmp/huge.txt"
rm -f "$tmp/huge.txt"

# --provenance: every printed cell points at its page, box and raw text.
pdf=corpus/pdf-libreoffice-01-jiangnan-zrzy-2021/input.pdf
expect_exit 0 "extract --provenance" -- "$nb" extract --provenance "$pdf"
/usr/bin/python3 tests/validate.py "$tmp/out" >/dev/null 2>&1 && ok || fail "--provenance output fits the schema"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "--provenance: a page, a box and the raw text of every number"
import json, re, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
prov, seen = report["provenance"], 0
for section in ("active_disclosure", "applications", "reviews"):
    for row, cells in report[section].items():
        for column, value in cells.items():
            if value is None:
                continue
            origin = prov[section][row][column]
            assert origin["page"] >= 1, (row, column)
            x0, y0, x1, y1 = origin["box"]
            assert 0 <= x0 < x1 and 0 <= y0 < y1, (row, column, origin)
            digits = re.sub(r"[^0-9.]", "", origin["raw"].translate(
                {ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}))
            assert float(digits) == abs(value), (row, column, origin, value)
            seen += 1
assert seen > 100, seen
PY
# One provenance shape for every reader: a page's table gives table, row
# and column (no page, no box); text gives its line.
expect_exit 0 "extract --provenance of a page" -- "$nb" extract --provenance corpus/html-01-taoyuan-nync-2022-cms-gbk/input.html
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "--provenance of a page: table, row and column of every number"
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
seen = 0
for section in ("active_disclosure", "applications", "reviews"):
    for row, cells in report["provenance"][section].items():
        for column, origin in cells.items():
            if origin is None or report[section][row][column] is None:
                continue
            assert origin["page"] is None and origin["box"] is None, origin
            assert origin["table"] >= 1 and origin["row"] >= 1 and origin["column"] >= 1, origin
            assert origin["line"] is None, origin
            seen += 1
assert seen > 100, seen
PY
expect_exit 0 "extract --provenance of text" -- "$nb" extract --provenance "$sample"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "--provenance of text: the line of every number"
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
origin = report["provenance"]["applications"]["new_received"]["total"]
assert origin["line"] >= 1 and origin["table"] is None, origin
PY
expect_exit 0 "extract without --provenance" -- "$nb" extract "$pdf"
grep -q '"provenance"' "$tmp/out" && fail "provenance only when asked" || ok

# text: the normalized lines; --layout: one TSV row per cell.
expect_exit 0 "text" -- "$nb" text "$sample"
grep -q "吴忠市商务和投资促进局" "$tmp/out" && ok || fail "text prints the report text"
expect_exit 0 "text --layout" -- "$nb" text --layout "$sample"
head -1 "$tmp/out" | grep -q "^page	line	cell	x0	y0	x1	y1	text$" && ok || fail "text --layout header"

# Markdown (issue 13): a file of one 10 MB line gets its error, quickly:
# a pipe-table row that never ends (cmark-gfm's table extension is
# quadratic in a row's cells) is too_large, 10 MB of prose after a table
# is not a report.  A Markdown report with empty `||` cells and a row with
# more cells than its header is read, the extra cell said in a warning.
{
	printf '| 信息内容 | 本年制发件数 |\n|---|---|\n'
	head -c 10485760 /dev/zero | tr '\0' '|'
} >"$tmp/long-row.md"
expect_exit 12 "a Markdown file with a 10 MB table row" -- timeout 60 "$nb" extract "$tmp/long-row.md"
grep -q "table cells" "$tmp/err" && ok || fail "10 MB row: $(head -c 200 "$tmp/err")"
{
	printf '| 信息内容 | 本年制发件数 |\n|---|---|\n'
	head -c 10485760 /dev/zero | tr '\0' 'a'
} >"$tmp/long-line.md"
expect_exit 10 "a Markdown file with a 10 MB line of text" -- timeout 60 "$nb" extract "$tmp/long-line.md"
md=corpus/md-90-extra-cells-pandoc-2022/input.md
expect_exit 0 "Markdown with a row longer than its header" -- "$nb" extract "$md"
grep -q '"kind": "markdown"' "$tmp/out" && ok || fail "Markdown: source.kind markdown"
grep -q '"code": "table_cells_mismatch"' "$tmp/out" && ok || fail "Markdown: table_cells_mismatch warning"

# Every command has its own --help, on stdout, exit 0.
for cmd in extract text check compare csv codebook; do
	expect_exit 0 "$cmd --help" -- "$nb" "$cmd" --help
	grep -q "^Usage: nianbao $cmd" "$tmp/out" && ok || fail "$cmd --help: its own usage"
done

# Options may come after the paths (GNU permutation); '--' ends them.
expect_exit 0 "extract FILE --compact" -- "$nb" extract "$sample" --compact
[ "$(wc -l <"$tmp/out")" -eq 1 ] && ok || fail "an option after the path is taken"
expect_exit 0 "check FILE --json" -- "$nb" check "$sample" --json
head -c1 "$tmp/out" | grep -q '{' && ok || fail "check FILE --json prints JSON"
expect_exit 0 "csv FILE --labels" -- "$nb" csv "$sample" --labels
head -1 "$tmp/out" | grep -q 'row_label_zh' && ok || fail "csv FILE --labels"
cp "$sample" "$tmp/-c"
expect_exit 0 "extract -- -c (a file named -c)" -- "$nb" extract -- "$tmp/-c"
grep -q '"schema_version"' "$tmp/out" && ok || fail "'--' ends the options: a file named -c is read"

# '-' is one document on standard input in every command.
"$nb" extract --compact "$sample" >"$tmp/by-path"
"$nb" extract --compact - <"$sample" >"$tmp/by-stdin" && ok || fail "extract - reads stdin"
python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); a["source"].pop("file"); b["source"].pop("file"); sys.exit(a != b)' "$tmp/by-path" "$tmp/by-stdin" && ok || fail "extract - gives the report extract FILE gives"
"$nb" text - <"$sample" | grep -q "吴忠市商务和投资促进局" && ok || fail "text - reads stdin"
"$nb" check --json - <"$sample" 2>/dev/null | grep -q '"ok":true' && ok || fail "check - reads stdin"
"$nb" csv - <"$sample" | grep -c , | grep -qv '^1$' && ok || fail "csv - reads stdin"
"$nb" compare "$sample" - <"$sample" >/dev/null && ok || fail "compare FILE - reads stdin"
expect_exit 2 "extract - with other inputs" -- "$nb" extract - "$sample"
grep -q -- "--files-from -" "$tmp/err" && ok || fail "extract - FILE points at --files-from"

# An unknown command or option names the nearest one.
expect_exit 2 "a typo of a command" -- "$nb" extarct "$sample"
grep -q "did you mean 'extract'" "$tmp/err" && ok || fail "unknown command suggests extract: $(cat "$tmp/err")"
expect_exit 2 "a typo of an option" -- "$nb" check --jsno "$sample"
grep -q "did you mean '--json'" "$tmp/err" && ok || fail "unknown option suggests --json: $(cat "$tmp/err")"
expect_exit 2 "a typo of an option after the path" -- "$nb" extract "$sample" --provenanse
grep -q "did you mean '--provenance'" "$tmp/err" && ok || fail "unknown option suggests --provenance: $(cat "$tmp/err")"
expect_exit 2 "an option without its value" -- "$nb" csv "$sample" -o
grep -q "option '-o' needs a value" "$tmp/err" && ok || fail "missing value message: $(cat "$tmp/err")"
expect_exit 2 "nothing near" -- "$nb" codebook --zzzzzzzz
grep -q "did you mean" "$tmp/err" && fail "no suggestion when nothing is near" || ok

# A reader that goes away (| head) is a quiet exit: no error text.
for cmd in "extract $sample" "text $sample" "codebook" "csv $sample" "extract -j 2 corpus"; do
	# shellcheck disable=SC2086
	"$nb" $cmd 2>"$tmp/pipe.err" | head -c 1 >/dev/null
	status=${PIPESTATUS[0]}
	{ [ "$status" -eq 0 ] || [ "$status" -eq 141 ]; } && ok || fail "$cmd | head: exit $status"
	grep -q "cannot write\|Broken pipe" "$tmp/pipe.err" && fail "$cmd | head: error text: $(cat "$tmp/pipe.err")" || ok
done

# A closed or full stdout is an error, not a silent success.
if [ -w /dev/full ]; then
	expect_exit 2 "stdout is /dev/full" -- sh -c "'$nb' extract '$sample' >/dev/full"
else
	skip "stdout is /dev/full" "/dev/full is not writable here"
fi

# The exit codes of --help come from the status table: every code 3-16
# with its name, and a hint on the same line.
"$nb" --help >"$tmp/help"
for pair in 3:io_error 4:empty 5:not_utf8 6:not_a_pdf 7:damaged_pdf 8:encrypted \
            9:no_text_layer 10:not_a_report 11:truncated 12:too_large \
            13:unsupported_text_layout 14:multiple_reports 15:legacy_word \
            16:missing_library 17:archive; do
	grep -qE "^ +${pair%%:*}  ${pair#*:} +[^ ]" "$tmp/help" && ok || fail "--help lists exit ${pair%%:*} ${pair#*:} with a hint"
done

# ---- archives (issue 15) --------------------------------------------------------
# An archive is a batch of its members: one record each, source.file
# ARCHIVE!/member, exit 1 when any member failed.  The shapes that go
# wrong, made here with Python's zipfile.
/usr/bin/python3 - "$tmp" <<'PY'
import io, sys, zipfile
tmp = sys.argv[1]
sample = open("corpus/text-000-wuzhong-2020/input.txt", "rb").read()
with zipfile.ZipFile(tmp + "/empty.zip", "w"):
    pass
def zip_bytes(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()
full = zip_bytes([("a.txt", sample), ("b.txt", sample + b"\n")])
open(tmp + "/truncated.zip", "wb").write(full[: len(full) * 2 // 3])
open(tmp + "/junk.zip", "wb").write(zip_bytes([
    ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200)), ("readme.txt", "请见附件。\n".encode()),
    ("data.bin", bytes(range(256)) * 4)]))
# a member with traditional PKWARE encryption: its flag bit 0 set and 12
# bytes of header (libarchive tells it from the flag; the bytes are noise)
enc = bytearray(zip_bytes([("secret.txt", sample)]))
enc[6] |= 1                                   # local header flags
cd = enc.rfind(b"PK\x01\x02")
enc[cd + 8] |= 1                              # central directory flags
open(tmp + "/encrypted.zip", "wb").write(bytes(enc))
# GBK names without the UTF-8 flag, as Chinese Windows writes them
buf = io.BytesIO()
name = "吴忠市2020年报.txt".encode("gbk")
stand_in = "x" * len(name)
with zipfile.ZipFile(buf, "w") as zf:
    zf.writestr(stand_in, sample)
open(tmp + "/gbk.zip", "wb").write(buf.getvalue().replace(stand_in.encode(), name))
# a name in no charset nianbao knows (0xFF starts no GB18030 character)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as zf:
    zf.writestr("xx-report.txt", sample)
open(tmp + "/odd-name.zip", "wb").write(buf.getvalue().replace(b"xx-report", b"\xff\xfe-report"))
PY
expect_exit 1 "an empty zip" -- "$nb" extract "$tmp/empty.zip"
grep -q '"code":"empty"' "$tmp/out" && grep -q "empty.zip: an archive with no files" "$tmp/err" \
	&& ok || fail "an empty zip: one empty record for the archive itself: $(cat "$tmp/out" "$tmp/err")"
expect_exit 1 "a truncated zip" -- "$nb" extract "$tmp/truncated.zip"
/usr/bin/python3 - "$tmp/out" "$tmp/truncated.zip" <<'PY' && ok || fail "a truncated zip: its first member read, then a damaged record: $(cut -c1-300 "$tmp/out")"
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
first = [r for r in records if r["source"]["file"] == sys.argv[2] + "!/a.txt"]
assert len(first) == 1 and "error" not in first[0], records
assert any(r.get("error", {}).get("code") == "damaged_pdf" for r in records), records
PY
# (logo.png is a PNG signature and zeros: an image that cannot be decoded)
expect_exit 1 "a zip of no reports" -- "$nb" extract "$tmp/junk.zip"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "a zip of no reports: an error record per member: $(cut -c1-300 "$tmp/out")"
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
codes = sorted((r["source"]["file"].rsplit("!/", 1)[1], r["error"]["code"]) for r in records)
assert codes == [("data.bin", "not_a_pdf"), ("logo.png", "damaged_pdf"), ("readme.txt", "not_a_report")], codes
PY
expect_exit 1 "an encrypted member" -- "$nb" extract "$tmp/encrypted.zip"
grep -q '"file":"[^"]*encrypted.zip!/secret.txt","sha256":null},"error":{"code":"encrypted"' "$tmp/out" \
	&& ok || fail "an encrypted member: an encrypted record: $(cut -c1-300 "$tmp/out")"
expect_exit 0 "a zip with GBK names" -- "$nb" extract "$tmp/gbk.zip"
grep -q "\"file\":\"$tmp/gbk.zip!/吴忠市2020年报.txt\"" "$tmp/out" \
	&& ok || fail "GBK member names in source.file as UTF-8: $(cut -c1-200 "$tmp/out")"
expect_exit 0 "a member name in no known charset" -- "$nb" extract "$tmp/odd-name.zip"
grep -q '"file":"[^"]*odd-name.zip!/\\\\xFF\\\\xFE-report.txt"' "$tmp/out" \
	&& grep -q "odd-name.zip!/.xFF.xFE-report.txt: the member's name is neither UTF-8 nor GB18030" "$tmp/err" \
	&& ok || fail "a name in no known charset: escaped, with a warning: $(cut -c1-200 "$tmp/out") $(cat "$tmp/err")"
expect_exit 17 "text of an archive" -- "$nb" text "$tmp/gbk.zip"
grep -q "a zip archive" "$tmp/err" && ok || fail "text of an archive: says it is an archive"
expect_exit 17 "an archive on standard input" -- sh -c "'$nb' extract - <'$tmp/gbk.zip'"
grep -q "give its path" "$tmp/err" && ok || fail "an archive on standard input: asks for its path"
# --resume works on members: a second run skips every member
"$nb" extract -o "$tmp/members.jsonl" "$tmp/gbk.zip" "$tmp/junk.zip" 2>/dev/null
expect_exit 0 "--resume over an archive" -- "$nb" extract -o "$tmp/members.jsonl" --resume "$tmp/gbk.zip" "$tmp/junk.zip"
[ "$(wc -l <"$tmp/members.jsonl")" -eq 4 ] && grep -q "4 skipped (already in" "$tmp/err" \
	&& ok || fail "--resume skips the members already recorded: $(cat "$tmp/err")"

# An archive larger than the input size limit (256 MiB) is read from the
# file a block at a time, each member still under the limit: a tar whose
# first member is a report and whose second declares 300 MiB (the file is
# sparse: its zeros cost no disk).
/usr/bin/python3 - "$tmp/big.tar" <<'PY'
import sys, tarfile
path = sys.argv[1]
sample = open("corpus/text-000-wuzhong-2020/input.txt", "rb").read()
def header(name, size):
    info = tarfile.TarInfo(name)
    info.size = size
    return info.tobuf(format=tarfile.GNU_FORMAT)
pad = lambda n: b"\0" * (-n % 512)
big = 300 << 20
with open(path, "wb") as f:
    f.write(header("report.txt", len(sample)) + sample + pad(len(sample)))
    f.write(header("zeros.bin", big))
    f.truncate(f.tell() + big + 1024)
PY
expect_exit 1 "an archive over the input size limit" -- "$nb" extract "$tmp/big.tar"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || fail "an archive over the input size limit: the report read, the 300 MiB member too_large: $(cut -c1-300 "$tmp/out")"
import json, sys
records = [json.loads(l) for l in open(sys.argv[1])]
files = {r["source"]["file"].split("!/")[1]: r for r in records}
assert files["report.txt"].get("error") is None, files["report.txt"]
assert files["report.txt"]["template"] in ("2019", "2021"), "no template"
assert files["zeros.bin"]["error"]["code"] == "too_large", files["zeros.bin"]
PY

# --convert: a legacy Word file through soffice; without soffice on PATH
# the legacy_word error says so (the conversion itself is in make eval).
legacy=corpus/word-90-shimen-xzf-2021-legacy-doc/input.doc
expect_exit 15 "--convert without soffice" -- env PATH=/nonexistent "$nb" extract --convert "$legacy"
grep -q "needs LibreOffice's soffice on PATH" "$tmp/err" && ok || fail "--convert without soffice: $(cat "$tmp/err")"
expect_exit 15 "a legacy file without --convert" -- "$nb" extract "$legacy"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
