/*
 * main.c — the nianbao command: subcommand dispatch, --help, and the
 * single-file commands `extract` and `text`.
 *
 * Conventions (jq's): data on stdout, one `nianbao: ...` line on stderr per
 * problem, documented exit codes (cli.h), stdout checked before exiting.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#if defined(__SANITIZE_ADDRESS__)
#define S_LEAK_CHECK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define S_LEAK_CHECK 1
#endif
#endif
#ifdef S_LEAK_CHECK
#include <sanitizer/lsan_interface.h>
#endif

static const char usage_text[] =
	"Usage: nianbao COMMAND [OPTIONS] FILE...\n"
	"\n"
	"Turns 政府信息公开工作年度报告 (PDF or UTF-8 text) into report JSON.\n"
	"\n"
	"Commands:\n"
	"  extract FILE           print the report as contract JSON (pretty)\n"
	"  extract [-j N] [-o OUT.jsonl] [--resume] DIR|FILE|ARCHIVE...\n"
	"                         batch: one JSON record per input line (JSONL);\n"
	"                         an archive (.zip .rar .7z .tar.gz) is a batch of\n"
	"                         its members (ARCHIVE!/path/in/archive)\n"
	"      --files-from LIST  also the paths in LIST, one a line ('-': stdin)\n"
	"      --provenance       add per-cell page, box (PDF points) and raw text\n"
	"      -c, --compact      one-line JSON for a single file\n"
	"      -j, --jobs N       worker processes (default: number of cores)\n"
	"      -o, --output FILE  write JSONL records to FILE (appended whole)\n"
	"      --resume           skip inputs whose sha256 has a record in OUT\n"
	"      --timeout SEC      per-file wall-clock limit in batch (default 120)\n"
	"      --max-memory MB    per-worker address-space limit (default 2048)\n"
	"      --max-pages N      refuse PDFs with more pages (default 2000)\n"
	"      --convert          convert legacy Word, WPS and RTF with soffice\n"
	"  text [--layout|--grid] FILE\n"
	"                         the normalized text; --layout: page, line, cell,\n"
	"                         box and text of every cell (TSV); --grid: the\n"
	"                         grids the tables are read from (TSV)\n"
	"  check [--json] FILE... broken consistency rules (勾稽关系), with the page\n"
	"                         and row of their cells; exit 1 if any, 66 if\n"
	"                         some of several reports could not be read\n"
	"  compare [--json] [--changed-only] OLD NEW\n"
	"                         year-over-year table and carry-over links\n"
	"  csv [--bom] [--labels] [--amounts-in 万元|元] [-o OUT] INPUT...\n"
	"                         one CSV row per cell (file,sha256,agency,year,\n"
	"                         template,section,row,column,value); --labels adds\n"
	"                         row_label_zh,column_label_zh,unit\n"
	"  codebook [--json|--csv] [--template 2019|2021]\n"
	"                         every key of the contract with its Chinese\n"
	"                         labels, English label, unit and template(s)\n"
	"\n"
	"Options:  -h, --help   this text;   --version   the version\n"
	"'nianbao COMMAND --help' tells one command.  Options may come before or\n"
	"after the paths ('--' ends them); a FILE '-' is one document on\n"
	"standard input in every command.\n"
	"\n"
	"Errors are one line on stderr: nianbao: error: FILE: MESSAGE\n";

static const char text_usage[] =
	"Usage: nianbao text [--layout|--grid] FILE|-\n"
	"The normalized text of one report (PDF or UTF-8 text; '-': standard\n"
	"input), a line per line, cells separated by a tab, pages by a form feed.\n"
	"  --layout   page, line, cell, box (PDF points) and text of every cell\n"
	"             (TSV with a header)\n"
	"  --grid     the grids the tables are read from: grid, row, line, page,\n"
	"             column, span and text of every grid cell (TSV)\n"
	"Exit: 0 ok; 2 usage; 3..14 the input's status (see 'nianbao --help').\n";

static int S_usage_error(const char *fmt, const char *arg)
{
	char message[256];
	snprintf(message, sizeof message, fmt, arg);
	nb_cli_note("%s (see 'nianbao --help')", message);
	return NB_EXIT_USAGE;
}

/* The exit codes of inputs come from the status table (base/status.c),
 * so --help cannot drift from what the commands return. */
void nb_cli_help(void)
{
	fputs(usage_text, stdout);
	fputs("\nExit status:\n"
	      "   0  success\n"
	      "   1  check: a rule is broken; batch: at least one input failed\n"
	      "   2  usage error, or output could not be written\n", stdout);
	const nb_status_row *rows = nb_status_table();
	for (int s = NB_ERR_IO; s < NB_STATUS_COUNT; s++)
		printf("  %2d  %-24s %s\n", rows[s].exit_code, rows[s].code,
		       rows[s].hint);
	printf("  %2d  check: of several reports, some could not be read\n",
	       NB_EXIT_UNREADABLE);
	printf(" %3d  the reader of standard output went away (| head): a quiet "
	       "exit\n", NB_EXIT_PIPE);
}


static void S_print_layout(const nb_doc *doc)
{
	printf("page\tline\tcell\tx0\ty0\tx1\ty1\ttext\n");
	for (size_t i = 0; i < doc->n_lines; i++) {
		const nb_line *line = &doc->lines[i];
		for (size_t c = 0; c < line->n_cells; c++) {
			const nb_cell *cell = &line->cells[c];
			printf("%d\t%zu\t%zu\t%.1f\t%.1f\t%.1f\t%.1f\t%s\n", line->page,
			       i + 1, c + 1, cell->x0, cell->y0, cell->x1, cell->y1,
			       cell->text);
		}
	}
}

/* The grids as the schema reads them: one row per grid cell. */
static void S_print_grid(const nb_doc *doc)
{
	printf("grid\trow\tline\tpage\tcol\tspan\ttext\n");
	for (size_t g = 0; g < doc->n_grids; g++) {
		const nb_grid *grid = &doc->grids[g];
		for (size_t r = 0; r < grid->n_rows; r++) {
			const nb_grid_row *row = &grid->rows[r];
			for (size_t c = 0; c < row->n_cells; c++) {
				const nb_grid_cell *cell = &row->cells[c];
				if (row->line == NB_NO_LINE)
					printf("%zu\t%zu\t\t%d\t%zu\t%zu\t%s\n", g + 1, r + 1,
					       row->page, cell->col, cell->col_span, cell->text);
				else
					printf("%zu\t%zu\t%zu\t%d\t%zu\t%zu\t%s\n", g + 1,
					       r + 1, row->line + 1, row->page, cell->col,
					       cell->col_span, cell->text);
			}
		}
	}
}

static void S_print_text(const nb_doc *doc)
{
	int page = doc->n_lines ? doc->lines[0].page : 1;
	for (size_t i = 0; i < doc->n_lines; i++) {
		const nb_line *line = &doc->lines[i];
		if (line->page != page) {
			printf("\f");
			page = line->page;
		}
		for (size_t c = 0; c < line->n_cells; c++)
			printf("%s%s", c ? "\t" : "", line->cells[c].text);
		printf("\n");
	}
}

int nb_cmd_text(int argc, char **argv)
{
	static const struct option options[] = {
		{"layout", no_argument, NULL, 'l'},
		{"grid", no_argument, NULL, 'g'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool layout = false, grid = false;
	int opt;
	optind = 1;
	while ((opt = nb_cli_getopt(argc, argv, "lgh", options)) != -1) {
		switch (opt) {
		case 'l': layout = true; break;
		case 'g': grid = true; break;
		case 'h': fputs(text_usage, stdout); return nb_cli_finish(NB_EXIT_OK);
		default: return nb_cli_bad_option("text", opt, argv, options);
		}
	}
	if (argc - optind != 1)
		return nb_cli_usage("text", "text needs exactly one FILE");
	const char *path = argv[optind];
	nb_error err = {0};
	nb_context *ctx = nb_context_new(NULL, &err);
	if (!ctx) {
		nb_cli_error(path, "%s", err.message);
		return NB_EXIT_USAGE;
	}
	unsigned char *data = NULL;
	size_t len = 0;
	nb_doc *doc = NULL;
	nb_status status = nb_file_read(path, nb_limits_input_bytes(NULL), &data,
	                                &len, &err);
	if (status == NB_OK)
		status = nb_read_doc(ctx, data, len, &doc, &err);
	free(data);
	nb_context_free(ctx);
	if (status != NB_OK) {
		nb_cli_error(path, "%s", err.message);
		return nb_exit_code(status);
	}
	if (grid)
		S_print_grid(doc);
	else if (layout)
		S_print_layout(doc);
	else
		S_print_text(doc);
	nb_doc_free(doc);
	return nb_cli_finish(NB_EXIT_OK);
}

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
	{"extract", nb_cmd_extract}, {"text", nb_cmd_text},
	{"check", nb_cmd_check},     {"compare", nb_cmd_compare},
	{"csv", nb_cmd_csv},         {"codebook", nb_cmd_codebook},
};

/* Leave the process once a command is done.  Everything nianbao allocated
 * is freed by then; _exit skips what the libraries would still do at exit
 * (poppler's GlobalParams alone frees some 10^4 table entries, fontconfig
 * and GLib tidy up): ~1 ms, 3 % of a one-report run (bench/findings.md).
 * stdio is flushed first; under AddressSanitizer the leak check that exit
 * would run happens here, so leaks are still caught. */
static _Noreturn void S_leave(int status)
{
	errno = 0;
	if (fflush(NULL) != 0 && status == NB_EXIT_OK) {
		if (nb_cli_stdout_gone()) {
			status = NB_EXIT_PIPE;
		} else {
			nb_cli_note("error: cannot write to standard output");
			status = NB_EXIT_USAGE;
		}
	}
#ifdef S_LEAK_CHECK
	__lsan_do_leak_check();
#endif
	_Exit(status);
}

/* `nianbao --version`: the version, the commit when built from git, and
 * the runtime versions of the libraries (a report's `generator` names the
 * first two). */
static void S_print_version(void)
{
	const char *commit = nb_build_commit();
	printf("nianbao %s%s%s%s\n", NB_VERSION, commit ? " (commit " : "",
	       commit ? commit : "", commit ? ")" : "");
	const char *name;
	char version[64];
	for (size_t i = 0; nb_library_version(i, &name, version, sizeof version); i++)
		printf("%s %s\n", name, version);
}

static int S_run(int argc, char **argv)
{
	if (argc < 2)
		return S_usage_error("%s", "missing COMMAND");
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0
	    || strcmp(name, "help") == 0) {
		nb_cli_help();
		return nb_cli_finish(NB_EXIT_OK);
	}
	if (strcmp(name, "--version") == 0) {
		S_print_version();
		return nb_cli_finish(NB_EXIT_OK);
	}
	enum { N_COMMANDS = sizeof commands / sizeof commands[0] };
	const char *names[N_COMMANDS];
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
		names[i] = commands[i].name;
	}
	const char *nearest = nb_cli_nearest(name, names, N_COMMANDS);
	if (nearest) {
		nb_cli_note("unknown command '%s'; did you mean '%s'? "
		            "(see 'nianbao --help')", name, nearest);
		return NB_EXIT_USAGE;
	}
	return S_usage_error("unknown command '%s'", name);
}

int main(int argc, char **argv)
{
	/* A reader that goes away (`nianbao … | head`) is a write error
	 * (EPIPE) seen at the end, and a quiet exit, not a signal halfway
	 * through a batch. */
	signal(SIGPIPE, SIG_IGN);
	/* A scanned page is pictures of tens of megabytes (the page rendered,
	 * its grey, its binary, their rotated copies), past glibc's largest
	 * threshold for mmap: each was mapped and unmapped anew, 120,000 page
	 * faults and 0.2 s of system time a page (bench/findings.md).  Kept
	 * in the heap and reused, for a few megabytes more at the peak. */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	S_leave(S_run(argc, argv));
}
