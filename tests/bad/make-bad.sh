#!/usr/bin/env bash
# tests/bad/make-bad.sh DIR — generate the bad-input suite into DIR (made
# at test time, so no binary junk is committed) and write DIR/manifest.tsv:
# one line per input a batch over DIR must record,
#     <path relative to DIR> TAB <allowed codes, '|'-separated; "ok" = report>
#
# Inputs: an empty file, random bytes, a corpus PDF cut at every 10% of its
# length, an encrypted PDF (qpdf, with a user password), an image-only PDF,
# a PDF of 500 blank pages, a page with 200,001 glyphs, a GBK text, a
# directory named like a report (walked, never recorded itself), a file
# made unreadable with chmod 000 (root reads it anyway: then it is a normal
# report), a dangling link, a symbolic link loop, and paths with spaces,
# Chinese characters, and bytes that are not UTF-8.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: make-bad.sh DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
manifest=$out/manifest.tsv
: >"$manifest"
expect() { printf '%s\t%s\n' "$1" "$2" >>"$manifest"; }

# Sources: the first text report and the first PDF of the corpus that
# have an expected.json (i.e. good reports).
text_src=""
pdf_src=""
for case_dir in "$root"/corpus/*/; do
	[[ -f $case_dir/expected.json ]] || continue
	if [[ -z $text_src && -f $case_dir/input.txt ]]; then text_src=$case_dir/input.txt; fi
	if [[ -z $pdf_src && -f $case_dir/input.pdf ]]; then pdf_src=$case_dir/input.pdf; fi
done
[[ -n $text_src && -n $pdf_src ]] || { echo "make-bad.sh: corpus has no text or PDF report" >&2; exit 2; }

: >"$out/empty.txt"
expect empty.txt empty

# Random bytes, the same every run; named .pdf as a mislabelled download.
/usr/bin/python3 -c 'import random, sys; sys.stdout.buffer.write(random.Random(5).randbytes(65536))' >"$out/random.pdf"
expect random.pdf not_a_pdf

size=$(stat -c %s "$pdf_src")
for pct in 10 20 30 40 50 60 70 80 90; do
	head -c $((size * pct / 100)) "$pdf_src" >"$out/cut-$pct.pdf"
	expect "cut-$pct.pdf" "damaged_pdf|truncated|not_a_report|no_text_layer"
done

qpdf --encrypt user-password owner-password 256 -- "$pdf_src" "$out/encrypted.pdf"
expect encrypted.pdf encrypted

/usr/bin/python3 "$here/minipdf.py" image "$out/image-only.pdf"
expect image-only.pdf no_text_layer
/usr/bin/python3 "$here/minipdf.py" blank 500 "$out/blank-500.pdf"
expect blank-500.pdf no_text_layer
# More characters on one page than the 20,000 limit (poppler keeps up to
# about 50,000 of them): too_large.
/usr/bin/python3 "$here/minipdf.py" glyphs 30000 "$out/many-glyphs.pdf"
expect many-glyphs.pdf too_large

iconv -f UTF-8 -t GBK "$text_src" >"$out/gbk.txt"
expect gbk.txt ok
printf 'caf\xe9 au lait\n' >"$out/latin1.txt"
expect latin1.txt not_utf8
head -c 3000 "$root/corpus/html-03-songxi-rsj-2019-thead-split/input.html" >"$out/cut.html"
expect cut.html "truncated|not_a_report"
printf 'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="x"\n\n--x\nContent-Type: image/png\n\nabc\n--x--\n' >"$out/no-page.mht"
expect no-page.mht damaged_pdf

mkdir -p "$out/folder.pdf"
cp "$text_src" "$out/folder.pdf/inside.txt"
expect folder.pdf/inside.txt ok

cp "$text_src" "$out/unreadable.txt"
chmod 000 "$out/unreadable.txt"
if [[ -r $out/unreadable.txt ]]; then
	expect unreadable.txt ok # running as root: chmod 000 does not stop reads
else
	expect unreadable.txt io_error
fi

ln -sf does-not-exist.pdf "$out/dangling-link.pdf"
expect dangling-link.pdf io_error
ln -sfn . "$out/loop"

mkdir -p "$out/年报 副本"
cp "$text_src" "$out/年报 副本/2020年 报告 (终稿).txt"
expect "年报 副本/2020年 报告 (终稿).txt" ok
cp "$pdf_src" "$out/年报 副本/扫描 件.PDF"
expect "年报 副本/扫描 件.PDF" ok

# A GBK-encoded file name ("年报"), as unzipped from an old Windows archive.
cp "$text_src" "$out/$(printf 'gbk-name-\xc4\xea\xb1\xa8.txt')"
expect "$(printf 'gbk-name-\xc4\xea\xb1\xa8.txt')" ok

# Not inputs: other extensions are not walked (.md is Markdown, an input).
echo "notes" >"$out/notes.log"
