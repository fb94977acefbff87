#!/usr/bin/env bash
# tests/batch.sh — end-to-end tests of batch mode (`nianbao extract -j N`):
# the corpus plus the bad-input suite (tests/bad/make-bad.sh) in one batch,
# single-file equality, kill -9 + --resume, GNU parallel shards, timeouts,
# crashes, out-of-memory, limits, options and output rules.
#
#   NIANBAO=build/release/nianbao bash tests/batch.sh      (from the repo root)
#
# Prints "ok N - name", "not ok N - name" with the reasons, or
# "skip N - name (reason)", and last "N passed, N failed, N skipped"; exits 1
# if any test failed.  A skip is never a pass: it is counted apart, and with
# CI=true a skip for a missing tool fails (only an environment limit, like no
# RLIMIT_AS under AddressSanitizer, may skip in CI).  Under a sanitizer build
# every run's stderr is also searched for sanitizer reports.
set -uo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root" || exit 2
nianbao=${NIANBAO:-build/release/nianbao}
[[ $nianbao == /* ]] || nianbao=$root/$nianbao
check=(/usr/bin/python3 "$here/bad/check-records.py")
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0
failed=0
skipped=0
test_no=0
asan=false
if ldd "$nianbao" 2>/dev/null | grep -q libasan || grep -aq __asan_init "$nianbao"; then asan=true; fi

# result NAME PROBLEMS: pass when PROBLEMS is empty.
last_seconds=$SECONDS
result() {
	test_no=$((test_no + 1))
	local took=$((SECONDS - last_seconds))
	last_seconds=$SECONDS
	if [[ -z $2 ]]; then
		echo "ok $test_no - $1 (${took} s)"
		passed=$((passed + 1))
	else
		echo "not ok $test_no - $1"
		printf '%s\n' "$2" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# skip NAME KIND REASON: a test that could not run.  KIND "environment": a
# limit of this machine or build the test cannot work around (counted as
# skipped everywhere); KIND "tool": something the test needs is missing
# (counted as skipped, and as failed when CI=true).
skip() {
	test_no=$((test_no + 1))
	last_seconds=$SECONDS
	if [[ $2 == tool && ${CI:-} == true ]]; then
		echo "not ok $test_no - $1 (skipped in CI: $3)"
		failed=$((failed + 1))
	else
		echo "skip $test_no - $1 ($3)"
		skipped=$((skipped + 1))
	fi
}

# no_sanitizer_report FILE: a sanitizer report in a stderr capture.
sanitizer_report() {
	grep -E 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$1" | head -3
}

summary_line() { grep -E '^nianbao: [0-9]+ ok, [0-9]+ failed' "$1" | tail -1; }

# ---- inputs -------------------------------------------------------------------

bad=$tmp/bad
if ! bash "$here/bad/make-bad.sh" "$bad" >"$tmp/make-bad.err" 2>&1; then
	result "generate the bad-input suite" "$(cat "$tmp/make-bad.err")"
	echo "$passed passed, $failed failed, $skipped skipped"
	exit 1
fi
# Two PDFs that take minutes to read (1,990 pages of 15,000 glyphs sharing
# one content stream: 330 KB, ~16 s in a release build), so a worker stays
# on one until --timeout (5 s: long enough for any corpus PDF under ASan on
# a loaded machine); they also hold the batch still for the kill -9 test.
# (FIFOs served for this once; nianbao now refuses them at once.)
mkdir -p "$tmp/stall"
/usr/bin/python3 "$here/bad/minipdf.py" slow 1990 "$tmp/stall/hang-1.pdf"
cp "$tmp/stall/hang-1.pdf" "$tmp/stall/hang-2.pdf"
printf '%%\n' >>"$tmp/stall/hang-2.pdf" # other bytes, another sha256

# A copy of the corpus inputs, so that a corpus being regenerated while the
# tests run cannot change the files between two runs.  Cases read by OCR
# (meta.json "compare": "ocr" or "eval_only": true: the scans, corpus/README.md
# "Scanned cases") are left out: OCR takes seconds a page, more than this
# file's --timeout 5 allows under ASan; tests/corpus.py runs them.
corpus=$tmp/corpus
for input in corpus/*/input.*; do
	# an archive case is one input and several records: tests/cli.sh
	[[ $input == corpus/archive-* ]] && continue
	grep -qE '"(eval_only": true|compare": "ocr")' "$(dirname "$input")/meta.json" 2>/dev/null && continue
	case $input in corpus/scan-*|corpus/pdf-image-*) continue ;; esac
	mkdir -p "$tmp/$(dirname "$input")"
	cp "$input" "$tmp/$input"
done
expect=$tmp/expect.tsv
: >"$expect"
for input in "$corpus"/*/input.*; do printf '%s\t*\n' "$input" >>"$expect"; done
while IFS=$'\t' read -r path codes; do
	printf '%s/%s\t%s\n' "$bad" "$path" "$codes" >>"$expect"
done <"$bad/manifest.tsv"
printf '%s\ttimeout\n%s\ttimeout\n' "$tmp/stall/hang-1.pdf" "$tmp/stall/hang-2.pdf" >>"$expect"
total=$(wc -l <"$expect")
corpus_count=$(ls "$corpus"/*/input.* | wc -l)
batch_args=(-j 2 --timeout 5 "$corpus" "$tmp/stall/hang-1.pdf" "$tmp/stall/hang-2.pdf" "$bad")

# ---- the whole batch ----------------------------------------------------------

"$nianbao" extract -o "$tmp/full.jsonl" "${batch_args[@]}" >"$tmp/full.out" 2>"$tmp/full.err"
status=$?
problems=$("${check[@]}" expect "$expect" "$tmp/full.jsonl")
[[ $status == 1 ]] || problems+=$'\n'"exit status $status, want 1 (some inputs fail)"
[[ -s $tmp/full.out ]] && problems+=$'\n'"stdout not empty with -o"
problems+=$(sanitizer_report "$tmp/full.err")
result "corpus + bad inputs, -j 2: every input exactly one record with its code ($total inputs)" "${problems#$'\n'}"

records=$("${check[@]}" count "$tmp/full.jsonl")
ok_count=$("${check[@]}" ok "$tmp/full.jsonl")
dup_count=$("${check[@]}" duplicates "$tmp/full.jsonl")
failed_count=$((records - ok_count - dup_count))
summary=$(summary_line "$tmp/full.err")
problems=""
[[ $summary == "nianbao: $ok_count ok, $failed_count failed ("*"2 timeout"*"), $dup_count duplicates (bytes recorded under another path)"* ]] ||
	problems="summary line '$summary', want $ok_count ok, $failed_count failed, 2 timeout, $dup_count duplicates"
((dup_count > 0)) || problems+=$'\n'"no duplicate records, but the bad-input suite holds copies of one text"
errors=$(grep -c '^nianbao: error: ' "$tmp/full.err")
[[ $errors == "$failed_count" ]] || problems+=$'\n'"$errors error lines on stderr for $failed_count failed inputs"
result "summary line (with duplicates) and one error line per failed input" "${problems#$'\n'}"

problems=$("${check[@]}" single "$nianbao" "$expect" "$tmp/full.jsonl")
result "each record equals the single-file run of its input (extract -c)" "$problems"

problems=$(/usr/bin/python3 "$here/validate.py" --records --lines "$tmp/full.jsonl" 2>&1)
result "every record fits schema/record.schema.json (a report, an error or a duplicate record)" "$problems"

# the record schema itself: a duplicate record and an error record with a null
# sha256 fit; a record that is both, or an error without its hint, does not
zero_sha=$(printf '%064d' 0)
printf '%s\n' "{\"source\":{\"file\":\"b.pdf\",\"sha256\":\"$zero_sha\"},\"duplicate_of\":\"a.pdf\"}" \
	'{"source":{"file":"gone.pdf","sha256":null},"error":{"code":"io_error","message":"cannot open","hint":"check the path"}}' \
	>"$tmp/records-good.jsonl"
printf '%s\n' "{\"source\":{\"file\":\"b.pdf\",\"sha256\":\"$zero_sha\"},\"duplicate_of\":\"a.pdf\",\"error\":{\"code\":\"io_error\",\"message\":\"m\",\"hint\":\"h\"}}" \
	'{"source":{"file":"gone.pdf","sha256":null},"error":{"code":"io_error","message":"cannot open"}}' \
	>"$tmp/records-bad.jsonl"
problems=$(/usr/bin/python3 "$here/validate.py" --records --lines "$tmp/records-good.jsonl" 2>&1)
rejected=$(/usr/bin/python3 "$here/validate.py" --records --lines "$tmp/records-bad.jsonl" 2>&1 | grep -c 'records-bad.jsonl:[12]: ')
[[ $rejected == 2 ]] || problems+=$'\n'"$rejected of 2 malformed records rejected"
result "record schema: duplicate and error records accepted, malformed ones rejected" "${problems#$'\n'}"

# ---- kill -9 halfway, then --resume ---------------------------------------------

"$nianbao" extract -o "$tmp/killed.jsonl" "${batch_args[@]}" 2>"$tmp/killed.err" &
parent=$!
for _ in $(seq 1 600); do
	lines=$(cat "$tmp/killed.jsonl" 2>/dev/null | wc -l)
	((lines >= corpus_count)) && break
	sleep 0.05
done
workers=$(pgrep -P "$parent" | tr '\n' ' ')
{
	kill -9 "$parent"
	wait "$parent"
} 2>/dev/null # no "Killed" job notice
lines_at_kill=$("${check[@]}" count "$tmp/killed.jsonl")
sleep 0.3
problems=""
for pid in $workers; do
	# A zombie (state Z) is dead, only not yet reaped by whoever adopted it.
	state=$(ps -o stat= -p "$pid" 2>/dev/null)
	if [[ -n $state && $state != Z* ]]; then
		problems+="worker $pid outlived its parent (state $state)"$'\n'
		kill -9 "$pid"
	fi
done
((lines_at_kill < total)) || problems+="the run ended before the kill ($lines_at_kill records)"$'\n'
[[ -z $workers ]] && problems+="no workers seen"$'\n'
# A write cut short by the kill leaves a torn last line; make sure there is one.
printf '{"schema_version":"1","source":{"file":"corpus/torn' >>"$tmp/killed.jsonl"
"$nianbao" extract --resume -o "$tmp/killed.jsonl" "${batch_args[@]}" >/dev/null 2>"$tmp/resume.err"
problems+=$("${check[@]}" same "$tmp/full.jsonl" "$tmp/killed.jsonl")
grep -q 'cut off a torn last line' "$tmp/resume.err" || problems+=$'\n'"no note about the torn line"
resume_skipped=$(summary_line "$tmp/resume.err" | sed -n 's/.* \([0-9]*\) skipped (already in.*/\1/p')
[[ $resume_skipped == "$lines_at_kill" ]] || problems+=$'\n'"skipped '$resume_skipped', want $lines_at_kill (records before the kill)"
problems+=$(sanitizer_report "$tmp/resume.err")
result "kill -9 of the parent after $lines_at_kill of $total records, then --resume: same records as one run (a duplicate equal to the record it points to)" "${problems#$'\n'}"

"$nianbao" extract --resume -o "$tmp/killed.jsonl" "${batch_args[@]}" >/dev/null 2>"$tmp/again.err"
status=$?
problems=$("${check[@]}" same "$tmp/full.jsonl" "$tmp/killed.jsonl")
summary=$(summary_line "$tmp/again.err")
[[ $summary == "nianbao: 0 ok, 0 failed, $total skipped"* ]] || problems+=$'\n'"summary '$summary', want all $total skipped"
[[ $status == 0 ]] || problems+=$'\n'"exit $status, want 0 when nothing was left to do"
result "--resume of a finished run skips every input (the slow ones too) and writes nothing" "${problems#$'\n'}"

# ---- shards -------------------------------------------------------------------

if command -v parallel >/dev/null; then
	{ find "$corpus" -name 'input.*'; find "$bad" \( -type f -o -type l \) \( -name '*.pdf' -o -name '*.txt' -o -name '*.PDF' \); } | sort >"$tmp/paths.txt"
	"$nianbao" extract -j 2 --files-from - <"$tmp/paths.txt" >"$tmp/one.jsonl" 2>"$tmp/one.err"
	parallel --will-cite --pipe -N 7 "$nianbao" extract -j 1 --files-from - <"$tmp/paths.txt" >"$tmp/shards.jsonl" 2>"$tmp/shards.err"
	problems=$("${check[@]}" same "$tmp/one.jsonl" "$tmp/shards.jsonl")
	n=$("${check[@]}" count "$tmp/shards.jsonl")
	[[ $n == $(wc -l <"$tmp/paths.txt") ]] || problems+=$'\n'"$n records for $(wc -l <"$tmp/paths.txt") paths"
	problems+=$(sanitizer_report "$tmp/shards.err")
	result "parallel --pipe -N 7 shards of a path list = one run of the list ($n records)" "${problems#$'\n'}"
else
	result "GNU parallel installed (scripts/packages.txt)" "parallel not found"
fi

# ---- --resume keys by the bytes, whatever the path -------------------------------

mkdir -p "$tmp/moved/a" "$tmp/moved/b"
good_text=$corpus/text-01-shizuishan-2019/input.txt
cp "$good_text" "$tmp/moved/a/report.txt"
"$nianbao" extract -j 1 -o "$tmp/moved.jsonl" "$tmp/moved/a" 2>/dev/null
cp "$corpus/text-01-shizuishan-2019/input.txt" "$tmp/moved/b/renamed.txt"
"$nianbao" extract -j 1 --resume -o "$tmp/moved.jsonl" "$tmp/moved/a" "$tmp/moved/b" 2>/dev/null
problems=$(/usr/bin/python3 - "$tmp/moved.jsonl" "$tmp/moved" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
moved = sys.argv[2]
if len(lines) != 2:
    print("%d records, want 2" % len(lines)); sys.exit()
dup = lines[1]
want = {"source": {"file": moved + "/b/renamed.txt", "sha256": lines[0]["source"]["sha256"]},
        "duplicate_of": moved + "/a/report.txt"}
if dup != want:
    print("duplicate record %s, want %s" % (dup, want))
PY
)
problems+=$(/usr/bin/python3 "$here/validate.py" --records --lines "$tmp/moved.jsonl" 2>&1)
"$nianbao" extract -j 1 --resume -o "$tmp/moved.jsonl" "$tmp/moved" 2>/dev/null
(( $(wc -l <"$tmp/moved.jsonl") == 2 )) || problems+=$'\n'"a third run added records"
result "--resume: the same bytes under another path get a duplicate record (valid against record.schema.json), not a second extraction" "${problems#$'\n'}"

mkdir -p "$tmp/twice"
cp "$good_text" "$tmp/twice/1.txt"
cp "$good_text" "$tmp/twice/2.txt"
cp "$good_text" "$tmp/twice/3.txt"
"$nianbao" extract -j 3 -o "$tmp/twice.jsonl" "$tmp/twice" 2>"$tmp/twice.err"
status=$?
problems=$(/usr/bin/python3 - "$tmp/twice.jsonl" "$tmp/twice" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
d = sys.argv[2]
reports = [r for r in lines if "schema_version" in r]
dups = sorted((r["source"]["file"], r["duplicate_of"]) for r in lines if "duplicate_of" in r)
if len(lines) != 3 or len(reports) != 1:
    print("%d records, %d reports; want 3 records, 1 report" % (len(lines), len(reports)))
elif lines[0] is not reports[0]:
    print("a duplicate record came before the record it points to")
else:
    first = reports[0]["source"]["file"]
    want = sorted((d + "/%d.txt" % i, first) for i in (1, 2, 3) if d + "/%d.txt" % i != first)
    if dups != want:
        print("duplicates %s, want %s" % (dups, want))
PY
)
[[ $status == 0 ]] || problems+=$'\n'"exit $status, want 0"
[[ $(summary_line "$tmp/twice.err") == "nianbao: 1 ok, 0 failed, 2 duplicates"* ]] || problems+=$'\n'"summary: $(summary_line "$tmp/twice.err")"
result "one run, the same bytes three times (-j 3): one extraction, two duplicate records written after it" "${problems#$'\n'}"

# ---- Ctrl-C and SIGTERM ------------------------------------------------------------

# a report, a PDF that takes ~16 s (tests/bad/minipdf.py slow), a report: the
# signal comes while the slow one is in flight
mkdir -p "$tmp/stop"
cp "$good_text" "$tmp/stop/a.txt"
cp "$tmp/stall/hang-1.pdf" "$tmp/stop/b-slow.pdf"
cp "$corpus/text-000-wuzhong-2020/input.txt" "$tmp/stop/c.txt"
for sig in INT TERM; do
	out=$tmp/stop-$sig.jsonl
	"$nianbao" extract -j 1 --timeout 3 -o "$out" "$tmp/stop" 2>"$tmp/stop-$sig.err" &
	parent=$!
	for _ in $(seq 1 200); do
		[[ -s $out ]] && break
		sleep 0.05
	done
	sleep 0.3
	kill -"$sig" "$parent"
	wait "$parent"
	status=$?
	want=$([[ $sig == INT ]] && echo 130 || echo 143)
	problems=""
	[[ $status == "$want" ]] || problems="exit $status, want $want"
	grep -q "stopped by SIG$sig: 1 of 3 inputs done, 1 in flight abandoned" "$tmp/stop-$sig.err" || problems+=$'\n'"stderr: $(cat "$tmp/stop-$sig.err")"
	[[ $("${check[@]}" count "$out") == 1 && -z $(tail -c1 "$out") ]] || problems+=$'\n'"want 1 whole record: $(cut -c1-120 "$out")"
	cmd=$(sed -n 's/^nianbao: to go on: //p' "$tmp/stop-$sig.err")
	[[ $cmd == "nianbao extract --resume -o '$out' -j 1 --timeout 3 "*" -- '$tmp/stop'" ]] || problems+=$'\n'"resume command: '$cmd'"
	if [[ -n $cmd ]]; then
		eval "\"\$nianbao\"${cmd#nianbao}" >/dev/null 2>"$tmp/stop-resume.err"
		problems+=$("${check[@]}" expect <(printf '%s\tok\n%s\ttimeout\n%s\tok\n' "$tmp/stop/a.txt" "$tmp/stop/b-slow.pdf" "$tmp/stop/c.txt") "$out")
	fi
	problems+=$(sanitizer_report "$tmp/stop-$sig.err")
	result "SIG$sig while a slow file is in flight: it is abandoned, no torn record, exit $want, the printed command finishes the run" "${problems#$'\n'}"
done

# ---- stdin, directories, order -------------------------------------------------

find "$corpus" -name 'input.*' | "$nianbao" extract -j 2 --files-from - >"$tmp/stdin.jsonl" 2>"$tmp/stdin.err"
"$nianbao" extract -j 2 "$corpus" >"$tmp/dir.jsonl" 2>"$tmp/dir.err"
problems=$("${check[@]}" same "$tmp/stdin.jsonl" "$tmp/dir.jsonl")
result "paths on stdin (find | extract --files-from -) = the directory walked" "$problems"

find "$corpus" -name 'input.*' >"$tmp/list.txt"
"$nianbao" extract "$corpus" -o "$tmp/after.jsonl" -j 2 >"$tmp/after.out" 2>"$tmp/after.err"
problems=$("${check[@]}" same "$tmp/after.jsonl" "$tmp/dir.jsonl")
[[ -s $tmp/after.out ]] && problems+=$'\n'"records on stdout with -o after the paths"
"$nianbao" extract --files-from "$tmp/list.txt" -j 2 >"$tmp/list.jsonl" 2>/dev/null
problems+=$("${check[@]}" same "$tmp/list.jsonl" "$tmp/dir.jsonl")
result "options after the paths (DIR -o OUT -j 2) and --files-from LIST: the directory's records" "${problems#$'\n'}"

mkdir -p "$tmp/empty-dir"
"$nianbao" extract "$tmp/empty-dir" >"$tmp/empty.out" 2>"$tmp/empty.err"
status=$?
problems=""
[[ $status == 0 && ! -s $tmp/empty.out ]] || problems="exit $status, stdout $(wc -c <"$tmp/empty.out") bytes"
[[ $(summary_line "$tmp/empty.err") == "nianbao: 0 ok, 0 failed"* ]] || problems+=$'\n'"summary: $(cat "$tmp/empty.err")"
result "an empty directory: no records, exit 0" "${problems#$'\n'}"

# The walk says what it left out, by reason: a file of no input kind's
# name, a FIFO, and an entry it cannot stat (a dangling link of another name).
mkdir -p "$tmp/mixed"
cp "$corpus/text-01-shizuishan-2019/input.txt" "$tmp/mixed/report.txt"
printf 'x' >"$tmp/mixed/song.mp3"
mkfifo "$tmp/mixed/pipe.txt"
ln -s "$tmp/mixed/nowhere" "$tmp/mixed/gone.bin"
"$nianbao" extract -j 1 "$tmp/mixed" >"$tmp/mixed.jsonl" 2>"$tmp/mixed.err"
summary=$(summary_line "$tmp/mixed.err")
problems=""
[[ $summary == *"1 ok, 0 failed"* ]] || problems="summary '$summary'"
for reason in "1 skipped (unsupported type" "1 skipped (not regular files)" "1 skipped (unreadable)"; do
	[[ $summary == *"$reason"* ]] || problems+=$'\n'"summary '$summary' lacks '$reason'"
done
result "the walk counts what it skips, by reason (unsupported type, not regular, unreadable)" "${problems#$'\n'}"

"$nianbao" extract -j 1 "$bad/folder.pdf" >"$tmp/folder.jsonl" 2>/dev/null
problems=""
[[ $("${check[@]}" count "$tmp/folder.jsonl") == 1 ]] || problems="want 1 record"
grep -q "\"file\":\"$bad/folder.pdf/inside.txt\"" "$tmp/folder.jsonl" || problems+=$'\n'"no record for inside.txt"
result "a directory named like a PDF is walked, not extracted" "${problems#$'\n'}"

"$nianbao" extract -j 2 "$corpus" "$corpus/text-01-shizuishan-2019" "$corpus/text-01-shizuishan-2019/input.txt" >"$tmp/dup.jsonl" 2>/dev/null
n=$("${check[@]}" count "$tmp/dup.jsonl")
result "a file named three times (dir, subdir, file) gets one record" "$([[ $n == "$corpus_count" ]] || echo "$n records, want $corpus_count")"

# ---- archives: members are inputs --------------------------------------------

# A member that hangs its worker gets its timeout record; the archive is
# taken up again after it, so the member behind it still gets its report,
# and a --resume run has nothing left to do.
/usr/bin/python3 - "$tmp/stall/hang-1.pdf" "$corpus/text-01-shizuishan-2019/input.txt" "$tmp/hang.zip" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[3], "w", zipfile.ZIP_DEFLATED) as zf:
    zf.write(sys.argv[2], "a-good.txt")
    zf.write(sys.argv[1], "b-hang.pdf")
    zf.write(sys.argv[2], "c-good-again.txt")
    zf.writestr("d/", b"")
PY
"$nianbao" extract -j 1 --timeout 3 -o "$tmp/hang.jsonl" "$tmp/hang.zip" 2>"$tmp/hang.err"
status=$?
problems=$(/usr/bin/python3 - "$tmp/hang.jsonl" "$tmp/hang.zip" <<'PY'
import json, sys
records = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
got = [(r["source"]["file"].rsplit("!/", 1)[-1], r.get("error", {}).get("code"), "duplicate_of" in r)
       for r in records]
want = [("a-good.txt", None, False), ("b-hang.pdf", "timeout", False), ("c-good-again.txt", None, True)]
if got != want:
    print("records %s, want %s" % (got, want))
PY
)
[[ $status == 1 ]] || problems+=$'\n'"exit $status, want 1"
grep -q "1 skipped in archives (directories)" "$tmp/hang.err" || problems+=$'\n'"summary: $(tail -1 "$tmp/hang.err")"
"$nianbao" extract -j 1 --timeout 3 --resume -o "$tmp/hang.jsonl" "$tmp/hang.zip" 2>"$tmp/hang2.err"
(( $(wc -l <"$tmp/hang.jsonl") == 3 )) || problems+=$'\n'"--resume added records: $(tail -1 "$tmp/hang2.err")"
grep -q "3 skipped (already in" "$tmp/hang2.err" || problems+=$'\n'"--resume: $(tail -1 "$tmp/hang2.err")"
result "an archive whose member hangs: timeout record, the members after it read by a new worker, --resume skips all three" "${problems#$'\n'}"

# ---- crash, timeout, out of memory, limits -------------------------------------

good=$corpus/text-01-shizuishan-2019/input.txt
"$nianbao" extract -j 1 --timeout 60 "$tmp/stall/hang-1.pdf" "$good" >"$tmp/crash.jsonl" 2>"$tmp/crash.err" &
parent=$!
worker=""
for _ in $(seq 1 100); do
	worker=$(pgrep -P "$parent" | head -1)
	[[ -n $worker ]] && break
	sleep 0.05
done
sleep 0.3
[[ -n $worker ]] && kill -SEGV "$worker"
wait "$parent"
status=$?
problems=""
# (under ASan the worker reports the SEGV and exits 1 instead of dying by it)
grep -q '"code":"crashed","message":"worker died with ' "$tmp/crash.jsonl" || problems="no crashed record: $(head -c 300 "$tmp/crash.jsonl")"
grep -q "\"file\":\"$good\"" "$tmp/crash.jsonl" || problems+=$'\n'"the file after the crash has no record"
[[ $status == 1 ]] || problems+=$'\n'"exit $status, want 1"
result "a worker killed by SIGSEGV: crashed record, a new worker takes the next file" "${problems#$'\n'}"

start=$SECONDS
"$nianbao" extract -j 1 --timeout 1 "$tmp/stall/hang-2.pdf" "$good" >"$tmp/timeout.jsonl" 2>/dev/null
problems=""
grep -q '"code":"timeout","message":"no result after 1 s; worker killed"' "$tmp/timeout.jsonl" || problems="no timeout record: $(head -c 300 "$tmp/timeout.jsonl")"
grep -q "\"file\":\"$good\"" "$tmp/timeout.jsonl" || problems+=$'\n'"the file after the timeout has no record"
((SECONDS - start < 30)) || problems+=$'\n'"took $((SECONDS - start)) s"
result "a file that hangs: timeout record after --timeout 1, the batch goes on" "${problems#$'\n'}"

truncate -s 200M "$tmp/huge-but-allowed.txt"
if $asan; then
	skip "out_of_memory under --max-memory" environment "no RLIMIT_AS under AddressSanitizer"
else
	"$nianbao" extract -j 1 --max-memory 100 "$tmp/huge-but-allowed.txt" "$good" >"$tmp/oom.jsonl" 2>"$tmp/oom.err"
	problems=""
	grep -q '"code":"out_of_memory"' "$tmp/oom.jsonl" || problems="no out_of_memory record: $(head -c 300 "$tmp/oom.jsonl")"
	grep -q "\"file\":\"$good\"" "$tmp/oom.jsonl" || problems+=$'\n'"the next file has no record"
	[[ $(summary_line "$tmp/oom.err") == *"(1 out_of_memory)"* ]] || problems+=$'\n'"summary: $(summary_line "$tmp/oom.err")"
	result "a 200 MB input under --max-memory 100: out_of_memory, the batch goes on" "${problems#$'\n'}"
fi

truncate -s 300M "$tmp/too-big.pdf"
"$nianbao" extract -c "$tmp/too-big.pdf" >/dev/null 2>"$tmp/big.err"
status=$?
"$nianbao" extract -j 1 "$tmp/too-big.pdf" >"$tmp/big.jsonl" 2>/dev/null
problems=""
[[ $status == 12 ]] || problems="single file: exit $status, want 12 (too_large): $(cat "$tmp/big.err")"
grep -q '"sha256":null},"error":{"code":"too_large"' "$tmp/big.jsonl" || problems+=$'\n'"batch: $(head -c 300 "$tmp/big.jsonl")"
result "a 300 MB input: too_large (limit 256 MiB), exit 12 / record" "${problems#$'\n'}"

# Paths of PATH_MAX (4096) bytes or more cannot be opened: each still gets
# exactly one record, an io_error saying the path is too long.  The tree is
# built with relative cd, since no absolute path reaches its bottom.
long_name=$(printf 'd%.0s' $(seq 1 250))
deep=$tmp/deep
mkdir -p "$deep"
(
	# down to a directory whose path is 4039 or 4040 bytes long
	cd "$deep" || exit 1
	step=$(printf 'c%.0s' $(seq 1 100))
	while (( ${#PWD} + 101 <= 4039 )); do mkdir "$step" && cd "$step" || exit 1; done
	last=$((4040 - ${#PWD} - 1))
	if ((last > 0)); then
		mkdir "$(printf 'e%.0s' $(seq 1 $last))" && cd "$(printf 'e%.0s' $(seq 1 $last))" || exit 1
	fi
	cp "$good" ok.txt
	cp "$good" "$(printf 'f%.0s' $(seq 1 60)).txt"
	mkdir "$long_name" && cd "$long_name" && cp "$good" lost.txt
) || result "build a tree deeper than PATH_MAX" "mkdir failed"
"$nianbao" extract -j 1 "$deep" >"$tmp/deep.jsonl" 2>"$tmp/deep.err"
status=$?
problems=""
(( $(wc -l <"$tmp/deep.jsonl") == 3 )) || problems="$(wc -l <"$tmp/deep.jsonl") records, want 3 (ok.txt, the long file, the long directory)"
grep '/ok.txt"' "$tmp/deep.jsonl" | grep -q '"schema_version"' || problems+=$'\n'"no report for ok.txt"
(( $(grep -c '"code":"io_error","message":"path too long: ' "$tmp/deep.jsonl") == 2 )) || problems+=$'\n'"want 2 path too long records: $(cut -c1-100 "$tmp/deep.jsonl" | sed 's/dddd*/D/g')"
grep -q 'fffff.txt","sha256":null},"error":{"code":"io_error","message":"path too long' "$tmp/deep.jsonl" || problems+=$'\n'"the long file has no path too long record"
[[ $status == 1 ]] || problems+=$'\n'"exit $status, want 1"
result "a walk past PATH_MAX: one path too long record per long file or directory, none dropped" "${problems#$'\n'}"

long_file=$(cd "$deep" && find . -name 'ffff*.txt' | sed "s|^\.|$deep|")
long_dir=$(cd "$deep" && find . -name lost.txt | sed "s|^\.|$deep|; s|/lost.txt$||")
printf '%s\n%s\n%s\n' "$long_file" "$good" "$long_dir/lost.txt" | "$nianbao" extract -j 1 --files-from - >"$tmp/deep-stdin.jsonl" 2>/dev/null
problems=""
(( $(wc -l <"$tmp/deep-stdin.jsonl") == 3 )) || problems="$(wc -l <"$tmp/deep-stdin.jsonl") records, want 3"
(( $(grep -c '"code":"io_error","message":"path too long: ' "$tmp/deep-stdin.jsonl") == 2 )) || problems+=$'\n'"want 2 path too long records: $(cut -c1-100 "$tmp/deep-stdin.jsonl" | sed 's/dddd*/D/g')"
grep -q "\"file\":\"$good\"" "$tmp/deep-stdin.jsonl" || problems+=$'\n'"the short path has no record"
result "paths past PATH_MAX on stdin: one path too long record each" "${problems#$'\n'}"

# Text has limits of its own (base.h, docs/batch.md): 16 MiB, 200,000 lines,
# 200,000 cells.  A 20 MB text (a real report repeated) once took 27 bytes
# of memory per byte (7.3 GB for 200 MB); now it is refused before its
# lines are kept.
yes "$(cat corpus/text-000-wuzhong-2020/input.txt)" | head -c 20000000 >"$tmp/big-text.txt"
rss_file=$tmp/big-text.rss
if [[ -x /usr/bin/time ]] && ! $asan; then
	/usr/bin/time -f %M -o "$rss_file" "$nianbao" extract -c "$tmp/big-text.txt" >/dev/null 2>"$tmp/big-text.err"
	status=$?
else
	"$nianbao" extract -c "$tmp/big-text.txt" >/dev/null 2>"$tmp/big-text.err"
	status=$?
fi
"$nianbao" extract -j 1 "$tmp/big-text.txt" >"$tmp/big-text.jsonl" 2>/dev/null
problems=""
[[ $status == 12 ]] || problems="single file: exit $status, want 12 (too_large): $(head -c 300 "$tmp/big-text.err")"
grep -q 'text input is 20000000 bytes, over the limit of 16777216 for text' "$tmp/big-text.err" || problems+=$'\n'"message: $(head -c 300 "$tmp/big-text.err")"
grep -q '"code":"too_large","message":"text input is 20000000 bytes' "$tmp/big-text.jsonl" || problems+=$'\n'"batch: $(head -c 300 "$tmp/big-text.jsonl")"
if [[ -s $rss_file ]]; then
	rss=$(tail -1 "$rss_file")
	((rss < 100000)) || problems+=$'\n'"peak RSS ${rss} KB, want under 100 MB"
fi
result "a 20 MB text: too_large (text limit 16 MiB), exit 12 / record, peak RSS under 100 MB" "${problems#$'\n'}"

"$nianbao" extract -c --max-pages 100 "$bad/blank-500.pdf" >/dev/null 2>"$tmp/pages.err"
status=$?
"$nianbao" extract -j 1 --max-pages 100 "$bad/blank-500.pdf" >"$tmp/pages.jsonl" 2>/dev/null
problems=""
[[ $status == 12 ]] || problems="single file: exit $status, want 12: $(cat "$tmp/pages.err")"
grep -q '"code":"too_large"' "$tmp/pages.jsonl" || problems+=$'\n'"batch: $(head -c 300 "$tmp/pages.jsonl")"
result "500 pages with --max-pages 100: too_large in single-file and batch mode" "${problems#$'\n'}"

if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
	setpriv --reuid=65534 --regid=65534 --clear-groups "$nianbao" extract -c "$bad/unreadable.txt" >/dev/null 2>"$tmp/perm.err"
	status=$?
	if [[ $status == 127 || $status == 126 ]]; then
		skip "unreadable file as an unprivileged user" environment "the binary is not reachable for user nobody"
	else
		problems=""
		[[ $status == 3 ]] || problems="exit $status, want 3 (io_error): $(cat "$tmp/perm.err")"
		grep -q 'Permission denied' "$tmp/perm.err" || problems+=$'\n'"stderr: $(cat "$tmp/perm.err")"
		result "chmod 000 file read by an unprivileged user: io_error, exit 3" "${problems#$'\n'}"
	fi
	# A directory the walk cannot open gets an io_error record of its own.
	mkdir -p "$tmp/perm/locked"
	cp "$good" "$tmp/perm/locked/hidden.txt"
	cp "$good" "$tmp/perm/visible.txt"
	chmod 000 "$tmp/perm/locked"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$nianbao" extract -j 1 "$tmp/perm" >"$tmp/perm.jsonl" 2>"$tmp/perm.err"
	status=$?
	chmod 755 "$tmp/perm/locked"
	if [[ $status == 127 || $status == 126 ]]; then
		skip "unreadable directory in a walk" environment "the binary is not reachable for user nobody"
	else
		problems=""
		grep -q "\"file\":\"$tmp/perm/locked\",\"sha256\":null},\"error\":{\"code\":\"io_error\",\"message\":\"cannot open directory: Permission denied\"" "$tmp/perm.jsonl" ||
			problems="no io_error record for the directory: $(cat "$tmp/perm.jsonl" | head -c 300)"
		grep -q "\"file\":\"$tmp/perm/visible.txt\"" "$tmp/perm.jsonl" || problems+=$'\n'"no record for the readable file"
		[[ $status == 1 ]] || problems+=$'\n'"exit $status, want 1"
		result "a directory the walk cannot open: its own io_error record, the rest goes on" "${problems#$'\n'}"
	fi
else
	"$nianbao" extract -c "$bad/unreadable.txt" >/dev/null 2>"$tmp/perm.err"
	status=$?
	result "chmod 000 file: io_error, exit 3" "$([[ $status == 3 ]] || echo "exit $status: $(cat "$tmp/perm.err")")"
fi

# ---- options and output rules ---------------------------------------------------

echo '{"keep":"me"}' >"$tmp/exists.jsonl"
"$nianbao" extract -j 1 -o "$tmp/exists.jsonl" "$good" >/dev/null 2>"$tmp/exists.err"
status=$?
problems=""
[[ $status == 2 ]] || problems="exit $status, want 2"
[[ $(cat "$tmp/exists.jsonl") == '{"keep":"me"}' ]] || problems+=$'\n'"the existing output was changed"
grep -q 'exists; add --resume' "$tmp/exists.err" || problems+=$'\n'"stderr: $(cat "$tmp/exists.err")"
result "-o to an existing non-empty file without --resume: refused, exit 2, file untouched" "${problems#$'\n'}"

"$nianbao" extract -j 1 --resume -o "$tmp/exists.jsonl" "$good" >/dev/null 2>"$tmp/notrec.err"
status=$?
result "--resume on a file that is not nianbao output: refused, exit 2" "$([[ $status == 2 ]] || echo "exit $status")"

problems=""
for args in "-j 0" "-j x" "--progress-interval -1" "--timeout -1" "--timeout abc" "--max-memory 1e3" "--resume" "PATH -j" "--files-from $tmp/no-such-list"; do
	# shellcheck disable=SC2086
	"$nianbao" extract ${args/PATH/$good} "$good" >/dev/null 2>"$tmp/usage.err"
	status=$?
	[[ $status == 2 ]] || problems+="extract $args: exit $status, want 2"$'\n'
done
result "bad option values, --resume without -o, a value missing after the paths, an unreadable --files-from: usage error, exit 2" "$problems"

"$nianbao" extract -j 2 "$good" "$bad/empty.txt" >"$tmp/stdout.jsonl" 2>"$tmp/stdout.err"
status=$?
problems=""
[[ $status == 1 ]] || problems="exit $status, want 1"
[[ $("${check[@]}" count "$tmp/stdout.jsonl") == 2 ]] || problems+=$'\n'"want 2 records on stdout"
grep -q '^{' "$tmp/stdout.err" && problems+=$'\n'"a record on stderr"
[[ $(wc -l <"$tmp/stdout.err") == 2 ]] || problems+=$'\n'"stderr: $(cat "$tmp/stdout.err")"
result "without -o: records on stdout, one error line + summary on stderr, exit 1" "${problems#$'\n'}"

"$nianbao" extract -j 2 "$corpus" >&- 2>"$tmp/closed.err"
status=$?
problems=""
[[ $status == 2 ]] || problems="exit $status, want 2"
grep -q 'cannot write the output' "$tmp/closed.err" || problems+=$'\n'"stderr: $(head -3 "$tmp/closed.err")"
result "closed stdout: exit 2 with an error, no hang" "${problems#$'\n'}"

if command -v script >/dev/null; then
	script -qec "$nianbao extract -j 2 -o $tmp/tty.jsonl $corpus" /dev/null >"$tmp/tty.out" 2>&1
	problems=""
	grep -q 'files/s, ETA' "$tmp/tty.out" || problems="no progress line on a terminal"
	grep -q 'files/s, ETA' "$tmp/full.err" && problems+=$'\n'"a progress line in a run shorter than --progress-interval (60 s) with stderr a file"
	result "progress line redrawn on a terminal; none in a short run logged to a file" "${problems#$'\n'}"
else
	skip "progress line redrawn on a terminal; none in a short run logged to a file" tool "script (bsdutils) not found"
fi

# stderr to a file: a progress line every --progress-interval seconds (the
# slow PDF keeps the batch going for its --timeout of 3 s)
"$nianbao" extract -j 1 --timeout 3 --progress-interval 1 "$tmp/stop" >/dev/null 2>"$tmp/log.err"
"$nianbao" extract -j 1 --timeout 3 --progress-interval 0 "$tmp/stop" >/dev/null 2>"$tmp/log0.err"
problems=""
lines=$(grep -cE '^nianbao: [0-3]/3 files, [0-9.]+ files/s, ETA ([0-9]+m[0-9]{2}s|[0-9]+h[0-9]{2}m|\?), [0-9]+ failed$' "$tmp/log.err")
((lines >= 2)) || problems="$lines progress lines in about 3 s with --progress-interval 1, want 2 or more: $(cat "$tmp/log.err")"
grep -q $'\r' "$tmp/log.err" && problems+=$'\n'"a carriage return in a log file"
grep -q 'files/s, ETA' "$tmp/log0.err" && problems+=$'\n'"a progress line with --progress-interval 0"
result "stderr not a terminal: a whole progress line every --progress-interval seconds (done/total, files/s, ETA, failed); 0 = never" "${problems#$'\n'}"

"$nianbao" extract -j 3 "$good" >/dev/null 2>"$tmp/jobs.err"
status=$?
result "more jobs than inputs" "$([[ $status == 0 ]] || echo "exit $status: $(cat "$tmp/jobs.err")")"

# ---- scans: OCR in the workers ------------------------------------------------

# Two one-page scans (PDF pages rendered as a bilevel PNG at 100 dpi and a
# grey JPEG at 150 dpi), two workers: each reads its scan by OCR with a tesseract of
# its own.  A page alone is a report cut short, so both records are
# truncated errors: their messages name the sections OCR read.
mkdir -p "$tmp/scans"
pdftoppm -f 1 -l 1 -r 100 -mono -png corpus/pdf-libreoffice-01-jiangnan-zrzy-2021/input.pdf "$tmp/scans/a"
pdftoppm -f 3 -l 3 -r 150 -gray -jpeg corpus/pdf-libreoffice-01-jiangnan-zrzy-2021/input.pdf "$tmp/scans/b"
"$nianbao" extract -j 2 -o "$tmp/scans.jsonl" "$tmp/scans" 2>"$tmp/scans.err"
problems=""
n=$(wc -l <"$tmp/scans.jsonl")
[[ $n == 2 ]] || problems="$n records, want 2"
for f in a-1.png b-3.jpg; do
	grep -q "scans/$f\".*\"code\":\"truncated\"" "$tmp/scans.jsonl" \
		|| problems+=$'\n'"$f: no truncated record (read by OCR): $(grep "$f" "$tmp/scans.jsonl" | head -c 300)"
done
result "scans in a batch, -j 2: each worker reads its scan by OCR (PNG and JPEG walked)" "${problems#$'\n'}"

echo "$passed passed, $failed failed, $skipped skipped"
((failed == 0))
