#!/usr/bin/env bash
# tests/install.sh — `make install` and `make uninstall` into a temporary
# prefix: every file lands where docs say, the man page reads cleanly with
# `man -l` (man-db) and lists every command and exit code, the completions
# know every option `nianbao COMMAND --help` prints, a tiny C program builds
# against the installed headers through pkg-config and runs, and uninstall
# leaves no file behind.
#
#   BUILD=release bash tests/install.sh          (from the repo root; make install-test)
set -u
export LC_ALL=C.UTF-8
build=${BUILD:-release}
make=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
passed=0 failed=0
ok()   { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

"$make" -s --no-print-directory BUILD="$build" install PREFIX="$prefix" >"$tmp/install.log" 2>&1 \
	&& ok || { fail "make install: $(tail -5 "$tmp/install.log")"; echo "$passed passed, $failed failed"; exit 1; }
for f in bin/nianbao share/man/man1/nianbao.1 share/bash-completion/completions/nianbao \
         share/zsh/site-functions/_nianbao share/nianbao/schema/report.schema.json \
         share/nianbao/schema/record.schema.json share/nianbao/schema/check.schema.json \
         share/nianbao/schema/compare.schema.json share/nianbao/docs/README.md \
         share/nianbao/docs/batch.md share/nianbao/docs/tools.md lib/libnianbao.a \
         include/nianbao/nianbao.h include/nianbao/base/base.h include/nianbao/extract/extract.h \
         include/nianbao/archive/archive.h include/nianbao/normalize/normalize.h include/nianbao/schema/schema.h \
         lib/pkgconfig/nianbao.pc; do
	[ -s "$prefix/$f" ] && ok || fail "installed: $f"
done
nb=$prefix/bin/nianbao
"$nb" --version | grep -q '^nianbao [0-9]' && ok || fail "the installed binary runs"

# The man page: man-db renders it without a warning; it has every command,
# every exit code of `nianbao --help` (generated from it) and examples.
man_page=$prefix/share/man/man1/nianbao.1
MANWIDTH=100 man --warnings -l "$man_page" >"$tmp/man.txt" 2>"$tmp/man.err" && ok || fail "man -l exit $?"
[ ! -s "$tmp/man.err" ] && ok || fail "man -l warnings: $(head -5 "$tmp/man.err")"
for section in NAME SYNOPSIS COMMANDS "EXIT STATUS" EXAMPLES; do
	grep -q "^$section" "$tmp/man.txt" && ok || fail "man page section $section"
done
for cmd in extract text check compare csv codebook; do
	grep -q "Usage: nianbao $cmd" "$tmp/man.txt" && ok || fail "man page: $cmd"
done
"$nb" --help | sed -n '/^Exit status:/,$p' | grep -oE '^ *[0-9]+  [a-z_0-9]*' >"$tmp/codes"
[ "$(wc -l <"$tmp/codes")" -ge 15 ] && ok || fail "--help lists the exit codes"
while read -r code name; do
	grep -qE "^ +$code +$name" "$tmp/man.txt" && ok || fail "man page: exit $code $name"
done <"$tmp/codes"

# Completions: syntax, and every option each command's --help prints.
bash -n "$prefix/share/bash-completion/completions/nianbao" && ok || fail "bash completion syntax"
if command -v zsh >/dev/null; then
	zsh -n "$prefix/share/zsh/site-functions/_nianbao" && ok || fail "zsh completion syntax"
fi
for cmd in extract text check compare csv codebook; do
	for opt in $("$nb" "$cmd" --help | grep -oE -- '(^| |\[)--[a-z][a-z-]*' | tr -d ' [' | sort -u); do
		grep -q -- "$opt" "$prefix/share/bash-completion/completions/nianbao" && ok || fail "bash completion lacks $cmd $opt"
		grep -q -- "$opt" "$prefix/share/zsh/site-functions/_nianbao" && ok || fail "zsh completion lacks $cmd $opt"
	done
done

# A C program against the installed headers and pkg-config file.
cat >"$tmp/prog.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <nianbao/nianbao.h>

int main(int argc, char **argv)
{
	nb_error err = {0};
	nb_context *ctx = nb_context_new(NULL, &err);
	if (!ctx || argc != 2)
		return 2;
	nb_result *result = nb_read_file(ctx, argv[1]);
	int status = nb_result_status(result);
	printf("%s %zu\n", nb_status_code(status), nb_result_count(result));
	nb_result_free(result);
	nb_context_free(ctx);
	return status;
}
C
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
if cc -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags nianbao) -o "$tmp/prog" "$tmp/prog.c" \
	$(pkg-config --libs nianbao) 2>"$tmp/cc.err"; then
	ok
	[ "$("$tmp/prog" corpus/text-000-wuzhong-2020/input.txt)" = "ok 1" ] && ok || fail "the C program reads a report"
else
	fail "cc against the installed headers: $(head -5 "$tmp/cc.err")"
fi

"$make" -s --no-print-directory BUILD="$build" uninstall PREFIX="$prefix" >/dev/null 2>&1 && ok || fail "make uninstall"
left=$(find "$prefix" -type f -o -type l -o -name '*nianbao*')
[ -z "$left" ] && ok || fail "left after uninstall: $left"

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
