#!/usr/bin/env bash
# fuzz/run.sh BUILD_DIR SECONDS TARGET... — run each libFuzzer target
# BUILD_DIR/fuzz-TARGET for SECONDS (`make fuzz`, FUZZ_SECONDS), seeded with
# the target's regression inputs and the corpus files it reads: text
# reports (normalize, report, tables), PDFs (pdf: longer inputs, no leak
# detection, see fuzz/pdf.c) or expected JSON (records); with the template
# dictionary (fuzz/dictionary).  The growing corpus lives in
# BUILD_DIR/corpus-TARGET and is reused by the next run.
#
# A crash, leak, timeout (10 s for one input, 30 s for a PDF) or out-of-memory input is
# copied into tests/fuzz-regressions/TARGET/, where `make check` replays it
# (fuzz/replay.c) until the bug is fixed and the input committed.  Exit 1 if
# any target found something.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:?usage: run.sh BUILD_DIR SECONDS TARGET...}
seconds=${2:?seconds}
shift 2
status=0
for target in "$@"; do
	binary=$build/fuzz-$target
	seeds=$build/seeds-$target
	work=$build/corpus-$target
	artifacts=$build/artifacts-$target
	regressions=$root/tests/fuzz-regressions/$target
	rm -rf "$seeds" "$artifacts"
	mkdir -p "$seeds" "$work" "$artifacts"
	seed_glob=input.txt max_len=24576 leaks=1 timeout=10
	case $target in
	# poppler alone can take seconds on a mutated PDF (a broken hex string
	# makes it report every byte: millions of messages), more under ASan.
	pdf) seed_glob=input.pdf max_len=1048576 leaks=0 timeout=30 ;;
	pdfimages) seed_glob=input.pdf max_len=1048576 ;;
	docx) seed_glob=input.docx max_len=262144 ;;
	archive) seed_glob='input.[zt7r]*' max_len=524288 ;;
	records) seed_glob=expected.json max_len=65536 ;;
	markdown) seed_glob=input.md max_len=65536 ;;
	html) seed_glob='input.*htm*' max_len=131072 ;;
	# leptonica and the image codecs, then tesseract on what they decode
	image) seed_glob='input.[pjt][npi][gf]*' max_len=1048576 timeout=30 ;;
	esac
	for input in "$root"/corpus/*/$seed_glob; do
		[[ -e $input ]] || continue
		cp "$input" "$seeds/$(basename "$(dirname "$input")")-$(basename "$input")"
	done
	if [[ -d $regressions ]]; then cp "$regressions"/* "$seeds/" 2>/dev/null; fi
	log=$build/fuzz-$target.log
	"$binary" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
		-max_len="$max_len" -detect_leaks="$leaks" \
		-dict="$here/dictionary" -print_final_stats=1 \
		-artifact_prefix="$artifacts/" "$work" "$seeds" >"$log" 2>&1
	result=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	found=$(ls "$artifacts")
	if [[ $result == 0 && -z $found ]]; then
		echo "fuzz $target: ${execs:-?} inputs in $seconds s, no crash ($(ls "$work" | wc -l) in its corpus)"
		continue
	fi
	status=1
	mkdir -p "$regressions"
	echo "fuzz $target: FAILED after ${execs:-?} inputs (exit $result); log: $log"
	grep -m3 -E 'ERROR:|runtime error|Timeout|out-of-memory' "$log" | sed 's/^/    /'
	for artifact in $found; do
		cp "$artifacts/$artifact" "$regressions/$artifact"
		echo "    saved tests/fuzz-regressions/$target/$artifact"
	done
done
exit $status
