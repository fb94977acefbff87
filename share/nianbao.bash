# bash completion for nianbao — installed as
# share/bash-completion/completions/nianbao (make install).
# tests/install.sh checks that every option of `nianbao COMMAND --help` is here.
_nianbao()
{
	local cur prev words cword
	_init_completion || return
	local commands="extract text check compare csv codebook"
	if ((cword == 1)); then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	local command=${words[1]} options=""
	case $command in
	extract)
		options="--provenance --compact --files-from --jobs --output --resume
		         --timeout --max-memory --max-pages --progress-interval --convert
		         --ocr --ocr-dpi --tessdata --help -c -j -o"
		case $prev in
		-o | --output | --files-from) _filedir; return ;;
		--tessdata) _filedir -d; return ;;
		--ocr) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
		--ocr-dpi) return ;;
		-j | --jobs | --timeout | --max-memory | --max-pages | --progress-interval) return ;;
		esac
		;;
	text) options="--layout --grid --help" ;;
	check)
		options="--json --lang --help"
		[[ $prev == --lang ]] && { COMPREPLY=($(compgen -W "zh en" -- "$cur")); return; }
		;;
	compare)
		options="--json --changed-only --lang --help"
		[[ $prev == --lang ]] && { COMPREPLY=($(compgen -W "zh en" -- "$cur")); return; }
		;;
	csv)
		options="--bom --labels --amounts-in --output --help -o"
		case $prev in
		--amounts-in) COMPREPLY=($(compgen -W "万元 元" -- "$cur")); return ;;
		-o | --output) _filedir; return ;;
		esac
		;;
	codebook)
		options="--json --csv --template --help"
		[[ $prev == --template ]] && { COMPREPLY=($(compgen -W "2019 2021" -- "$cur")); return; }
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
		;;
	*) return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
	else
		_filedir
	fi
} && complete -F _nianbao nianbao
