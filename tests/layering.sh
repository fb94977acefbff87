#!/usr/bin/env bash
# tests/layering.sh — dependencies point down the house only.
#
# The folders in pipeline order; a file may include headers of its own
# folder and of folders before it in this list, never of a later one (the
# library does not know the commands, extract does not know the schema).
# nianbao.h, the front door, sits between schema/ and api/.  tests/ and
# fuzz/ may include anything.  Run by `make check` (check-exports), which
# first proves the check can fail: `layering.sh --selftest` plants an
# include of tools/ in schema/ in a scratch tree and wants it refused.
#
#   tests/layering.sh [ROOT]     check the tree at ROOT (default: the repo)
set -u
if [[ ${1:-} == --selftest ]]; then
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	mkdir -p "$scratch/schema" "$scratch/tools"
	printf '#include "../tools/tools.h"\n' >"$scratch/schema/planted.c"
	: >"$scratch/tools/tools.h"
	if bash "$0" "$scratch" >/dev/null; then
		echo "layering: selftest: an include of tools/ in schema/ was not refused"
		exit 1
	fi
	echo "layering: selftest: a planted upward include is refused"
	exit 0
fi
cd "${1:-$(dirname "$0")/..}"
order=(base extract archive normalize schema FRONT api tools batch cli)
rank() {
	local i
	for i in "${!order[@]}"; do
		[[ ${order[$i]} == "$1" ]] && { echo "$i"; return; }
	done
	echo -1
}
bad=0
checked=0
for dir in base extract archive normalize schema api tools batch cli; do
	mine=$(rank "$dir")
	for file in "$dir"/*.[ch]; do
		[[ -e $file ]] || continue
		while IFS= read -r target; do
			checked=$((checked + 1))
			path=$(realpath -m --relative-to=. "$dir/$target")
			if [[ $path == nianbao.h ]]; then
				theirs=$(rank FRONT)
			else
				theirs=$(rank "${path%%/*}")
			fi
			if (( theirs < 0 )); then
				echo "layering: $file includes $target, outside the house"
				bad=$((bad + 1))
			elif (( theirs > mine )); then
				echo "layering: $file includes $target, which is above $dir/ (${order[*]})"
				bad=$((bad + 1))
			fi
		done < <(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
	done
done
if (( bad )); then
	echo "layering: $bad include(s) point up the pipeline"
	exit 1
fi
echo "layering: $checked includes, every one points down the pipeline"
