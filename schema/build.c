/*
 * build.c — nb_schema_build: from a normalized document to the contract
 * JSON, in the contract's key order.
 *
 * Order of work: classify lines (lines.c), find title and headings
 * (layout.c), refuse what is not a report, decide the template from the
 * tables' own labels (the year only breaks ties), rebuild the tables
 * (tables.c), refuse a report cut short, then assemble the JSON, run the
 * checks (checks.c) and attach the diagnostics gathered on the way.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "schema_internal.h"

static const char *const S_section_names[SEC_COUNT] = {
	"一、总体情况", "二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况", "六、其他需要报告的事项",
};

/* The JSON path of each section: the free-text ones are under `sections`,
 * the tables are tables of the contract. */
static const char *const S_section_fields[SEC_COUNT] = {
	"sections.overview", "active_disclosure", "applications", "reviews",
	"sections.problems", "sections.other",
};

typedef enum evidence { EV_NONE, EV_2019, EV_2021, EV_BOTH } evidence;

/* Which template the lines [start, end) speak for, by two patterns. */
static evidence S_evidence(sc_ctx *ctx, const sc_layout *layout, int section,
                           pat_id p2019, pat_id p2021)
{
	if (layout->heading[section] < 0)
		return EV_NONE;
	bool e19 = false, e21 = false;
	for (size_t i = layout->body_start[section]; i < layout->body_end[section];
	     i++) {
		const char *text = ctx->lines[i].text;
		if (!text || !*text)
			continue;
		e19 = e19 || nb_sc_match(ctx, p2019, text);
		e21 = e21 || nb_sc_match(ctx, p2021, text);
	}
	return e19 && e21 ? EV_BOTH : e21 ? EV_2021 : e19 ? EV_2019 : EV_NONE;
}

typedef struct decision {
	tpl_id id;
	bool by_year;    /* evidence absent or conflicting */
	bool hybrid;     /* 2021 二 with a single （六）其他处理 row */
	bool evidence;   /* any label evidence at all */
} decision;

static decision S_decide(sc_ctx *ctx, const sc_layout *layout)
{
	evidence ad = S_evidence(ctx, layout, SEC_ACTIVE, PAT_EVIDENCE_2019_AD,
	                         PAT_EVIDENCE_2021_AD);
	evidence app = S_evidence(ctx, layout, SEC_APPLICATIONS,
	                          PAT_EVIDENCE_2019_APP, PAT_EVIDENCE_2021_APP);
	decision d = {.id = TPL_2021, .evidence = ad != EV_NONE || app != EV_NONE};
	/* 三: the 2021 split rows decide; 其他处理 alone is the 2019 row */
	evidence app_kind = app == EV_2021 || app == EV_BOTH ? EV_2021 : app;
	if (ad == EV_2021) {
		d.id = TPL_2021;
		d.hybrid = app_kind == EV_2019;
	} else if (ad == EV_2019 && app_kind != EV_2021) {
		d.id = TPL_2019;
	} else if ((ad == EV_NONE || ad == EV_BOTH) && app_kind != EV_NONE) {
		d.id = app_kind == EV_2021 ? TPL_2021 : TPL_2019;
	} else {
		d.by_year = true;
		d.id = layout->year > 0 && layout->year <= 2020 ? TPL_2019 : TPL_2021;
	}
	return d;
}

/* ---- JSON of the tables ---- */

static json_t *S_cell_json(const sc_value *value)
{
	return value->has_value ? nb_sc_number(value->value) : json_null();
}

/* A table of the contract (its keys, its order) with the rebuilt cells of
 * `cells`: the rebuilder's rows are the same rows in the same order (both
 * are expanded from contract_data.h), so they pair by index. */
static json_t *S_table_json(const nb_contract_table *table,
                            const sc_table *cells)
{
	json_t *obj = json_object();
	for (size_t r = 0; r < table->n_rows; r++) {
		const nb_contract_row *row = &table->rows[r];
		json_t *cols = json_object();
		for (size_t c = 0; c < row->n_columns; c++)
			json_object_set_new(cols, row->columns[c].key,
			                    S_cell_json(&cells->cells[r][c]));
		json_object_set_new(obj, row->key, cols);
	}
	return obj;
}

static json_t *S_reviews_json(const nb_contract_table *table,
                              sc_value values[3][5])
{
	json_t *obj = json_object();
	for (size_t g = 0; g < table->n_rows && g < 3; g++) {
		const nb_contract_row *group = &table->rows[g];
		json_t *cols = json_object();
		for (size_t c = 0; c < group->n_columns && c < 5; c++)
			json_object_set_new(cols, group->columns[c].key,
			                    S_cell_json(&values[g][c]));
		json_object_set_new(obj, group->key, cols);
	}
	return obj;
}

/* ---- provenance ---- */

static json_t *S_origin(const sc_value *value)
{
	if (!value->present || !value->cell)
		return NULL;
	const sc_cell *cell = value->cell;
	/* Boxes to 0.01 pt: poppler's float noise is not information.  A
	 * reader without boxes (a page's table) gives null. */
	bool boxed = cell->box[0] || cell->box[1] || cell->box[2] || cell->box[3];
	json_t *box = boxed ? json_pack("[ffff]", round(cell->box[0] * 100) / 100,
	                                round(cell->box[1] * 100) / 100,
	                                round(cell->box[2] * 100) / 100,
	                                round(cell->box[3] * 100) / 100)
	                    : json_null();
	json_t *origin = json_object();
	json_object_set_new(origin, "page",
	                    value->page > 0 ? json_integer(value->page) : json_null());
	json_object_set_new(origin, "box", box);
	json_object_set_new(origin, "raw", json_string(cell->raw ? cell->raw : ""));
	/* one shape for every reader: where there are no pages and boxes,
	 * the table, row and column of the reader's grid, or the line */
	json_object_set_new(origin, "line", cell->line ? json_integer((json_int_t)cell->line)
	                                               : json_null());
	json_object_set_new(origin, "table", cell->table ? json_integer((json_int_t)cell->table)
	                                                 : json_null());
	json_object_set_new(origin, "row", cell->table ? json_integer((json_int_t)cell->row)
	                                               : json_null());
	json_object_set_new(origin, "column", cell->table ? json_integer((json_int_t)cell->column)
	                                                  : json_null());
	/* a cell read by OCR: how sure tesseract was, 0-100 */
	if (cell->ocr)
		json_object_set_new(origin, "confidence",
		                    json_integer((json_int_t)lround(cell->confidence * 100)));
	return origin;
}

static json_t *S_table_provenance(const nb_contract_table *table,
                                  const sc_table *cells)
{
	json_t *obj = json_object();
	for (size_t r = 0; cells->tpl && r < table->n_rows; r++) {
		const nb_contract_row *row = &table->rows[r];
		json_t *cols = json_object();
		for (size_t c = 0; c < row->n_columns; c++) {
			json_t *origin = S_origin(&cells->cells[r][c]);
			if (origin)
				json_object_set_new(cols, row->columns[c].key, origin);
		}
		if (json_object_size(cols))
			json_object_set_new(obj, row->key, cols);
		else
			json_decref(cols);
	}
	return obj;
}

static json_t *S_reviews_provenance(const nb_contract_table *table,
                                    sc_value values[3][5])
{
	json_t *obj = json_object();
	for (size_t g = 0; g < table->n_rows && g < 3; g++) {
		const nb_contract_row *group = &table->rows[g];
		json_t *cols = json_object();
		for (size_t c = 0; c < group->n_columns && c < 5; c++) {
			json_t *origin = S_origin(&values[g][c]);
			if (origin)
				json_object_set_new(cols, group->columns[c].key, origin);
		}
		if (json_object_size(cols))
			json_object_set_new(obj, group->key, cols);
		else
			json_decref(cols);
	}
	return obj;
}

/* ---- the whole report ---- */

typedef struct tables {
	bool present;        /* false: a pre-2019 report, no tables */
	decision d;
	sc_table active, applications;
	sc_value reviews[3][5];
} tables;

static void S_rows_not_found(sc_ctx *ctx, const sc_table *table,
                             const char *section, bool hybrid)
{
	for (size_t r = 0; r < table->tpl->n_rows; r++) {
		const char *key = table->tpl->rows[r].key;
		if (table->found[r])
			continue;
		if (hybrid && (!strcmp(key, "other_no_correction")
		               || !strcmp(key, "other_fee_unpaid")))
			continue;
		char field[160];
		snprintf(field, sizeof field, "%s.%s", section, key);
		nb_sc_diag(ctx, "warning", "row_not_found", 0, field,
		           "%s: row not found; left null", field);
	}
}

/* Rows found with at least one printed cell (a label alone in prose does
 * not make a table). */
static size_t S_found(const sc_table *table)
{
	size_t n = 0;
	for (size_t r = 0; r < table->tpl->n_rows; r++) {
		bool printed = false;
		for (size_t c = 0; c < table->tpl->rows[r].n_columns; c++)
			printed = printed || table->cells[r][c].present;
		n += table->found[r] && printed;
	}
	return n;
}

static void S_rebuild(sc_ctx *ctx, const sc_layout *layout, tables *t)
{
	const tpl_table *active = nb_tpl_active(t->d.id);
	const tpl_table *apps = nb_tpl_applications(t->d.id, t->d.hybrid);
	nb_sc_table_rebuild(ctx, active, layout->body_start[SEC_ACTIVE],
	                    layout->body_end[SEC_ACTIVE], "active_disclosure",
	                    &t->active);
	nb_sc_report_unplaced(ctx, layout->body_start[SEC_ACTIVE],
	                      layout->body_end[SEC_ACTIVE], "active_disclosure");
	nb_sc_table_rebuild(ctx, apps, layout->body_start[SEC_APPLICATIONS],
	                    layout->body_end[SEC_APPLICATIONS], "applications",
	                    &t->applications);
	nb_sc_report_unplaced(ctx, layout->body_start[SEC_APPLICATIONS],
	                      layout->body_end[SEC_APPLICATIONS], "applications");
}

static bool S_row_found(const sc_table *table, const char *key)
{
	for (size_t r = 0; r < table->tpl->n_rows; r++)
		if (!strcmp(table->tpl->rows[r].key, key))
			return table->found[r];
	return false;
}

/* A report cut short: no 四, 五 or 六, and its 三 table does not reach
 * 四、结转下年度继续办理 (or there is no table where one should be). */
static bool S_cut_short(const sc_layout *layout, const tables *t)
{
	if (layout->heading[SEC_REVIEWS] >= 0 || layout->heading[SEC_PROBLEMS] >= 0
	    || layout->heading[SEC_OTHER] >= 0)
		return false;
	if (!t->present)
		return layout->heading[SEC_APPLICATIONS] < 0;
	return !S_row_found(&t->applications, "carried_forward");
}

/* The diagnostics about the template and rows not found. */
static void S_table_diagnostics(sc_ctx *ctx, const sc_layout *layout,
                                const tables *t)
{
	if (t->d.by_year && layout->year > 0)
		nb_sc_diag(ctx, "info", "template_by_year", 0, "template",
		           "template %s chosen by the year %d: the tables' labels "
		           "do not decide it", t->d.id == TPL_2019 ? "2019" : "2021",
		           layout->year);
	else if (t->d.by_year)
		nb_sc_diag(ctx, "info", "template_by_year", 0, "template",
		           "template 2021 chosen with no year: the tables' labels "
		           "do not decide it");
	/* labels read by OCR may decide wrongly: the 2021 template is the one
	 * for reports on 2021 and later, the 2019 one for 2019 and 2020 */
	bool ocr = ctx->doc->n_ocr_pages > 0;
	if (ocr && !t->d.by_year && layout->year >= 2019
	    && (t->d.id == TPL_2019) != (layout->year <= 2020))
		nb_sc_diag(ctx, "warning", "ocr_text_doubtful", 0, "template",
		           "template %s decided by table labels read by OCR, but a "
		           "report on %d follows the %s template: check the tables",
		           t->d.id == TPL_2019 ? "2019" : "2021", layout->year,
		           layout->year <= 2020 ? "2019" : "2021");
	if (layout->heading[SEC_ACTIVE] >= 0)
		S_rows_not_found(ctx, &t->active, "active_disclosure", false);
	if (layout->heading[SEC_APPLICATIONS] >= 0)
		S_rows_not_found(ctx, &t->applications, "applications",
		                 t->d.hybrid);
	if (t->d.hybrid)
		nb_sc_diag(ctx, "warning", "other_unsplit", 0,
		           "applications.other_misc",
		           "applications: （六）其他处理 printed as one row; numbers "
		           "put in other_misc, other_no_correction and "
		           "other_fee_unpaid left null");
}

/*
 * Text extracted without its layout (plain pdftotext, mutool, pdfminer,
 * PyMuPDF) does not keep a table row on one line: every cell stands on a
 * line of its own, or the numbers come in blocks (column by column, or all
 * of them after all the labels), far from the labels they belong to.
 * Which number is whose cannot be told from the text, so such tables are
 * refused (unsupported_text_layout) rather than read from other lines.
 * Two signs, counted over the lines of the table sections (blank lines
 * aside), each weighed against the rows printed with their label:
 *  - lone: a line holding one value and nothing else;
 *  - stacked: a line of values with no label right under another such
 *    line.  A table read row by row has hardly any: the numbers of a
 *    wrapped label stand on a line of their own under the label, not
 *    under other numbers.
 */
void nb_sc_layout_signs(const sc_ctx *ctx, const sc_layout *layout,
                        sc_layout_signs *signs)
{
	static const int sections[] = {SEC_ACTIVE, SEC_APPLICATIONS, SEC_REVIEWS};
	memset(signs, 0, sizeof *signs);
	for (size_t k = 0; k < sizeof sections / sizeof sections[0]; k++) {
		int sec = sections[k];
		if (layout->heading[sec] < 0)
			continue;
		bool after_values = false;
		for (size_t i = layout->body_start[sec]; i < layout->body_end[sec];
		     i++) {
			const sc_line *line = &ctx->lines[i];
			if (line->n_cells == 0)
				continue;
			bool values_only = line->n_values > 0 && !*line->label;
			if (line->n_cells == 1 && line->n_values == 1)
				signs->lone++;
			else if (line->n_values > 0 && line->n_cells > 1)
				signs->rows++;
			signs->labelled += line->n_values > 0 && *line->label;
			signs->stacked += values_only && after_values;
			after_values = values_only;
		}
	}
}

bool nb_sc_numbers_apart(const sc_layout_signs *signs)
{
	return (signs->lone >= 12 && signs->lone > 4 * signs->rows)
	       || (signs->stacked >= 8 && signs->stacked >= signs->labelled);
}

/* How many lines of 三 carry the 本年新收 row with numbers: two mean two
 * tables 三 under one title (a body and its subordinate units printed as
 * one report), which no split can tell apart with certainty. */
static size_t S_new_received_rows(sc_ctx *ctx, const sc_layout *layout,
                                  const tables *t)
{
	if (layout->heading[SEC_APPLICATIONS] < 0)
		return 0;
	const tpl_table *apps = nb_tpl_applications(t->d.id, t->d.hybrid);
	const pcre2_code *re = NULL;
	for (size_t r = 0; r < apps->n_rows && !re; r++)
		if (!strcmp(apps->rows[r].key, "new_received"))
			re = nb_schema_pattern(ctx->schema, apps->rows[r].label);
	size_t n = 0;
	for (size_t i = layout->body_start[SEC_APPLICATIONS];
	     re && i < layout->body_end[SEC_APPLICATIONS]; i++) {
		const sc_line *line = &ctx->lines[i];
		n += line->n_values > 0 && *line->label
		     && nb_schema_match(ctx->schema, re, line->label, ctx->md);
	}
	return n;
}

/* A picture (an HTML <img>) stands in section k, between its heading and
 * the next section. */
static bool S_image_in_section(const sc_ctx *ctx, const sc_layout *layout,
                               int k)
{
	if (layout->heading[k] < 0 || !ctx->doc->n_images)
		return false;
	size_t from = ctx->lines[layout->heading[k]].line;
	size_t end = layout->body_end[k];
	size_t to = end < ctx->n_lines ? ctx->lines[end].line : NB_NO_LINE;
	if (to == NB_NO_LINE)
		to = ctx->doc->n_lines;
	if (from == NB_NO_LINE)
		return false;
	for (size_t i = 0; i < ctx->doc->n_images; i++)
		if (ctx->doc->images[i] > from && ctx->doc->images[i] <= to)
			return true;
	return false;
}

static const char *const S_table_names[SEC_COUNT] = {
	NULL, "二", "三", "四", NULL, NULL,
};

/* Error table_is_image for each table section holding a picture and no
 * table (`missing[k]`); how many there were. */
static size_t S_tables_as_images(sc_ctx *ctx, const sc_layout *layout,
                                 const bool missing[SEC_COUNT])
{
	size_t n = 0;
	for (int k = SEC_ACTIVE; k <= SEC_REVIEWS; k++)
		if (missing[k] && S_image_in_section(ctx, layout, k)) {
			nb_sc_diag(ctx, "error", "table_is_image", 0,
			           S_section_fields[k],
			           "table %s is a picture (<img>): its cells cannot "
			           "be read", S_table_names[k]);
			n++;
		}
	return n;
}

static bool S_reviews_found(const tables *t)
{
	for (size_t g = 0; g < 3; g++)
		for (size_t c = 0; c < 5; c++)
			if (t->reviews[g][c].present)
				return true;
	return false;
}

/* The reader gave up inside the input: every table not found whole may
 * have lost rows to it. */
static void S_losses(sc_ctx *ctx, const tables *t)
{
	for (size_t i = 0; i < ctx->doc->n_losses; i++) {
		bool whole[SEC_COUNT] = {false};
		if (t->present) {
			whole[SEC_ACTIVE] = S_found(&t->active) == t->active.tpl->n_rows;
			whole[SEC_APPLICATIONS] = S_found(&t->applications)
			                          == t->applications.tpl->n_rows;
			whole[SEC_REVIEWS] = S_reviews_found(t);
		}
		for (int k = SEC_ACTIVE; k <= SEC_REVIEWS; k++)
			if (!whole[k])
				nb_sc_diag(ctx, "warning", "input_not_read_whole", 0,
				           S_section_fields[k], "%s; table %s may be "
				           "incomplete", ctx->doc->losses[i],
				           S_table_names[k]);
	}
}

/* Tables, template and their diagnostics; false when the report is cut
 * short (err filled). */
static nb_status S_tables(sc_ctx *ctx, const sc_layout *layout, tables *t,
                     nb_error *err)
{
	sc_layout_signs signs;
	nb_sc_layout_signs(ctx, layout, &signs);
	if (nb_sc_numbers_apart(&signs)) {
		nb_error_set(err, NB_ERR_TEXT_LAYOUT, 0,
		             "the tables' numbers stand away from their labels "
		             "(%zu lines of one number, %zu lines of numbers under "
		             "other numbers, %zu rows with their label: text "
		             "extracted without its layout): which number is "
		             "whose cannot be told", signs.lone, signs.stacked,
		             signs.labelled);
		return NB_ERR_TEXT_LAYOUT;
	}
	/* rebuild into a scratch diagnostics list: a report without tables
	 * must not get row warnings */
	json_t *saved = ctx->diagnostics;
	json_t *found = json_array();
	ctx->diagnostics = found;
	t->d = S_decide(ctx, layout);
	size_t tables_three = S_new_received_rows(ctx, layout, t);
	if (tables_three > 1) {
		ctx->diagnostics = saved;
		json_decref(found);
		return nb_error_set(err, NB_ERR_MULTIPLE, 0,
		                    "%zu tables 三 (本年新收 rows) under one title: "
		                    "several reports printed as one, and which "
		                    "numbers are whose is unsure", tables_three);
	}
	S_rebuild(ctx, layout, t);
	t->present = t->d.evidence || S_found(&t->active) > 0
	             || S_found(&t->applications) > 0;
	ctx->diagnostics = saved;
	if (S_cut_short(layout, t)) {
		json_decref(found);
		if (ctx->doc->n_losses)
			nb_error_set(err, NB_ERR_TRUNCATED, 0,
			             "the report stops before the end of its "
			             "tables: %s", ctx->doc->losses[0]);
		else
			nb_error_set(err, NB_ERR_TRUNCATED, 0,
			             "the report stops before the end of its tables "
			             "(no section 四, 五 or 六)");
		return NB_ERR_TRUNCATED;
	}
	if (!t->present) {
		json_decref(found);
		bool missing[SEC_COUNT] = {false, true, true, true, false, false};
		if (!S_tables_as_images(ctx, layout, missing))
			nb_sc_diag(ctx, "error", "no_tables", 0, NULL,
			           "no 二/三/四 tables of the 2019 or 2021 template "
			           "(a report before 2019?); tables left empty");
		S_losses(ctx, t);
		return NB_OK;
	}
	json_array_extend(ctx->diagnostics, found);
	json_decref(found);
	S_table_diagnostics(ctx, layout, t);
	bool missing[SEC_COUNT] = {false};
	missing[SEC_ACTIVE] = S_found(&t->active) == 0;
	missing[SEC_APPLICATIONS] = S_found(&t->applications) == 0;
	missing[SEC_REVIEWS] = !S_reviews_found(t);
	S_tables_as_images(ctx, layout, missing);
	S_losses(ctx, t);
	if (layout->heading[SEC_REVIEWS] >= 0) {
		nb_sc_reviews_rebuild(ctx, layout->body_start[SEC_REVIEWS],
		                      layout->body_end[SEC_REVIEWS], t->reviews);
		nb_sc_report_unplaced(ctx, layout->body_start[SEC_REVIEWS],
		                      layout->body_end[SEC_REVIEWS], "reviews");
	}
	return NB_OK;
}

static json_t *S_source(const nb_doc *doc, const nb_source *source)
{
	json_t *obj = json_object();
	json_object_set_new(obj, "file",
	                    json_string(source && source->file ? source->file : ""));
	json_object_set_new(obj, "sha256",
	                    json_string(source && source->sha256 ? source->sha256
	                                                         : ""));
	json_object_set_new(obj, "kind",
	                    json_string(nb_source_kind_name(doc->kind)));
	json_object_set_new(obj, "pages", doc->pages > 0 ? json_integer(doc->pages)
	                                                 : json_null());
	json_object_set_new(obj, "producer", doc->producer
	                                             ? json_string(doc->producer)
	                                             : json_null());
	if (doc->encoding)
		json_object_set_new(obj, "encoding", json_string(doc->encoding));
	if (source && source->part > 0)
		json_object_set_new(obj, "part", json_integer(source->part));
	if (doc->n_ocr_pages) {
		json_t *pages = json_array();
		for (size_t i = 0; i < doc->n_ocr_pages; i++)
			json_array_append_new(pages, json_integer(doc->ocr_pages[i]));
		json_object_set_new(obj, "ocr", pages);
	}
	return obj;
}

static json_t *S_prose_json(sc_ctx *ctx, const sc_layout *layout, int k)
{
	if (layout->heading[k] < 0)
		return json_null();
	char *text = nb_sc_prose(ctx, layout->body_start[k], layout->body_end[k],
	                         layout->agency);
	json_t *value = text ? json_string(text) : NULL;
	return value ? value : json_null();
}

/* Was the report's first page read by OCR (its title, agency and year)? */
static bool S_title_by_ocr(sc_ctx *ctx)
{
	if (ctx->n_lines == 0)
		return false;
	int page = nb_sc_doc_line(ctx, 0)->page;
	for (size_t i = 0; i < ctx->doc->n_ocr_pages; i++)
		if (ctx->doc->ocr_pages[i] == page)
			return true;
	return false;
}

/* Is every character of `text` a Chinese one (or a bracket a body's name
 * may hold)?  OCR noise shows as a Latin letter, a digit or a stray mark. */
static bool S_all_han(const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	while (*p) {
		unsigned cp;
		if (*p < 0x80) {
			if (*p != '(' && *p != ')')
				return false;
			p++;
			continue;
		}
		if ((*p & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80
		    || (p[2] & 0xC0) != 0x80)
			return false; /* 2- and 4-byte sequences: no Han we expect */
		cp = ((unsigned)(*p & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6)
		     | (unsigned)(p[2] & 0x3F);
		if (!(cp >= 0x4E00 && cp <= 0x9FFF) && !(cp >= 0x3400 && cp <= 0x4DBF)
		    && cp != 0xFF08 && cp != 0xFF09 && cp != 0x3007)
			return false;
		p += 3;
	}
	return true;
}

/* The OCR confidence (0..1) of the first text line among the report's
 * first 40 that holds `text`; 1 when none does. */
static double S_line_confidence(sc_ctx *ctx, const char *text)
{
	for (size_t i = 0; i < ctx->n_lines && i < 40; i++) {
		const nb_line *line = nb_sc_doc_line(ctx, i);
		for (size_t c = 0; line->ocr && c < line->n_cells; c++)
			if (strstr(line->cells[c].text, text))
				return line->ocr_confidence;
	}
	return 1;
}

/* An agency on a line of its own above the title, both centred as titles
 * are: how far (in characters, the line's height) its line's centre
 * stands off the title's; 0 when the lines are not so.  Half a character
 * off means OCR lost one at the start or the end (河市教育局 for 白河市教育局:
 * the line box holds only what was read). */
static double S_agency_off_centre(sc_ctx *ctx, const char *agency)
{
	for (size_t i = 0; i + 1 < ctx->n_lines && i < 40; i++) {
		const nb_line *line = nb_sc_doc_line(ctx, i);
		if (!line->ocr || line->n_cells != 1
		    || strcmp(line->cells[0].text, agency) != 0)
			continue;
		const nb_line *title = nb_sc_doc_line(ctx, i + 1);
		double h = line->cells[0].y1 - line->cells[0].y0;
		if (!title->ocr || title->n_cells != 1 || h <= 0
		    || !strstr(title->cells[0].text, "报告"))
			return 0;
		double mine = (line->cells[0].x0 + line->cells[0].x1) / 2;
		double its = (title->cells[0].x0 + title->cells[0].x1) / 2;
		return fabs(mine - its) / h;
	}
	return 0;
}

/* An agency read by OCR is not checked by anything else: one that holds a
 * character no body's name has, or does not end as a body's name ends
 * (局, 厅, 政府, 办事处 …), or whose line tesseract was unsure of, or whose
 * line stands off the title's centre (a character lost), gets a warning. */
static void S_ocr_agency(sc_ctx *ctx, const sc_layout *layout)
{
	if (!layout->agency || !S_title_by_ocr(ctx))
		return;
	bool odd = !S_all_han(layout->agency);
	double confidence = S_line_confidence(ctx, layout->agency);
	double off;
	if (odd || !nb_sc_match(ctx, PAT_AGENCY, layout->agency))
		nb_sc_diag(ctx, "warning", "ocr_text_doubtful", 0, "agency",
		           "agency read by OCR as \"%s\", which %s: check it on "
		           "the page", layout->agency,
		           odd ? "holds a character no body's name has"
		               : "does not end as a body's name does");
	else if (confidence < SC_OCR_TEXT_CONFIDENCE)
		nb_sc_diag(ctx, "warning", "ocr_text_doubtful", 0, "agency",
		           "agency read by OCR as \"%s\" with confidence %.0f%%: "
		           "check it on the page", layout->agency, confidence * 100);
	else if ((off = S_agency_off_centre(ctx, layout->agency)) > 0.3)
		nb_sc_diag(ctx, "warning", "ocr_text_doubtful", 0, "agency",
		           "agency read by OCR as \"%s\", its line %.1f "
		           "characters off the title's centre: a character at its "
		           "start or end may be lost; check it on the page",
		           layout->agency, off);
}

static void S_layout_diagnostics(sc_ctx *ctx, const sc_layout *layout)
{
	/* poppler's own messages are info: what they cost shows in the table
	 * diagnostics and checks, each with its field */
	bool page = ctx->doc->kind == NB_SOURCE_HTML
	            || ctx->doc->kind == NB_SOURCE_MHTML;
	const char *code = page ? "html_warning"
	                   : ctx->doc->kind == NB_SOURCE_IMAGE ? "ocr_warning"
	                                                       : "pdf_warning";
	for (size_t i = 0; i < ctx->doc->n_warnings; i++)
		nb_sc_diag(ctx, "info", code, 0, NULL, "%s", ctx->doc->warnings[i]);
	if (!layout->agency)
		nb_sc_diag(ctx, "warning", "agency_missing", 0, "agency",
		           "no agency found in the title lines");
	S_ocr_agency(ctx, layout);
	if (layout->year == 0)
		nb_sc_diag(ctx, "warning", "year_missing", 0, "year",
		           "no year found in the title lines");
	for (int k = 0; k < SEC_COUNT; k++)
		if (layout->heading[k] < 0)
			nb_sc_diag(ctx, "warning", "section_missing", 0,
			           S_section_fields[k], "section heading %s not found",
			           S_section_names[k]);
}

/* ---- OCR'd cells in rules that do not add up ---- */

typedef struct ocr_doubt {
	sc_ctx *ctx;
	const nb_contract_table *table;
	const sc_table *cells;      /* active_disclosure, applications */
	sc_value (*reviews)[5];     /* or reviews */
	const char *rule;
	const char *where;
	double expected, actual;    /* the instance's two sides */
	json_t *named;              /* fields already warned about */
	bool counting;              /* first pass: count the OCR'd cells */
	size_t n_ocr;               /* the instance's cells read by OCR */
} ocr_doubt;

/* Do two whole numbers differ by one digit (one changed, one added or one
 * dropped), as a misread makes them? */
static bool S_one_digit_apart(double a, double b)
{
	if (a < 0 || b < 0 || a > 1e15 || b > 1e15 || a != floor(a)
	    || b != floor(b) || a == b)
		return false;
	char x[32], y[32];
	snprintf(x, sizeof x, "%.0f", a);
	snprintf(y, sizeof y, "%.0f", b);
	size_t nx = strlen(x), ny = strlen(y);
	if (nx == ny) {
		size_t diff = 0;
		for (size_t i = 0; i < nx; i++)
			diff += x[i] != y[i];
		return diff == 1;
	}
	if (nx + 1 != ny && ny + 1 != nx)
		return false;
	const char *longer = nx > ny ? x : y, *shorter = nx > ny ? y : x;
	for (size_t skip = 0; skip < strlen(longer); skip++) {
		bool same = true;
		for (size_t i = 0, j = 0; longer[i] && same; i++) {
			if (i == skip)
				continue;
			same = longer[i] == shorter[j++];
		}
		if (same)
			return true;
	}
	return false;
}

static void S_doubt_cell(void *data, const char *row, const char *column,
                         bool expected, bool old)
{
	(void)expected;
	ocr_doubt *d = data;
	if (old)
		return;
	const sc_value *value = NULL;
	for (size_t r = 0; r < d->table->n_rows && !value; r++) {
		const nb_contract_row *crow = &d->table->rows[r];
		if (strcmp(crow->key, row))
			continue;
		for (size_t c = 0; c < crow->n_columns && !value; c++) {
			if (strcmp(crow->columns[c].key, column))
				continue;
			if (d->reviews && r < 3 && c < 5)
				value = &d->reviews[r][c];
			else if (!d->reviews && d->cells->tpl)
				value = &d->cells->cells[r][c];
		}
	}
	if (!value)
		return;
	bool ocr = value->has_value && value->cell && value->cell->ocr;
	if (d->counting) {
		d->n_ocr += ocr;
		return;
	}
	char field[200];
	snprintf(field, sizeof field, "%s.%s.%s", d->table->key, row, column);
	if (d->n_ocr == 0 || json_object_get(d->named, field))
		return;
	if (!value->has_value) {
		/* a number OCR missed reads as a blank cell */
		json_object_set_new(d->named, field, json_true());
		nb_sc_diag(d->ctx, "warning", "ocr_check_failed", value->page,
		           field, "%s: blank as read by OCR in %s (%s), which does "
		           "not add up: a number missed here would explain it",
		           field, d->rule, d->where);
		return;
	}
	if (!ocr)
		return;
	/* the value that would make the instance add up (every term of the
	 * contract's rules within a year adds with +1) */
	double fixed = expected ? value->value + (d->actual - d->expected)
	                        : value->value + (d->expected - d->actual);
	bool one_digit = S_one_digit_apart(value->value, fixed);
	double confidence = value->cell->confidence;
	/* below the low mark the cell has its warning already */
	bool unsure = confidence < SC_OCR_CHECK_CONFIDENCE
	              && confidence >= SC_OCR_LOW_CONFIDENCE;
	json_object_set_new(d->named, field, json_true());
	if (one_digit)
		nb_sc_diag(d->ctx, "warning", "ocr_check_failed", value->page,
		           field, "%s: read by OCR as %g (confidence %.0f%%) in %s "
		           "(%s), which does not add up; %g, one digit apart, "
		           "would: check it on the page", field, value->value,
		           confidence * 100, d->rule, d->where, fixed);
	else if (unsure)
		nb_sc_diag(d->ctx, "warning", "ocr_check_failed", value->page,
		           field, "%s: read by OCR as %g (confidence %.0f%%) in %s "
		           "(%s), which does not add up: a misread here would "
		           "explain it", field, value->value, confidence * 100,
		           d->rule, d->where);
	else /* one of the instance's numbers is misread: which, no sign says */
		nb_sc_diag(d->ctx, "warning", "ocr_check_failed", value->page,
		           field, "%s: read by OCR as %g (confidence %.0f%%) in %s "
		           "(%s), which does not add up: one of its numbers is "
		           "misread, maybe this one", field, value->value,
		           confidence * 100, d->rule, d->where);
}

static void S_ocr_doubts(sc_ctx *ctx, const nb_contract_template *tpl,
                         tables *t, const json_t *checks)
{
	json_t *named = json_object();
	size_t i;
	json_t *check;
	json_array_foreach(checks, i, check) {
		const char *name = json_string_value(json_object_get(check, "rule"));
		const char *where = json_string_value(json_object_get(check, "where"));
		if (!name || !where || !json_is_false(json_object_get(check, "ok")))
			continue;
		const nb_contract_rule *rule = nb_contract_rule_named(name);
		const nb_contract_table *table =
			rule ? nb_contract_find_table(tpl, rule->table) : NULL;
		if (!table)
			continue;
		bool reviews = !strcmp(table->key, "reviews");
		ocr_doubt d = {
			.ctx = ctx, .table = table,
			.cells = !strcmp(table->key, "applications") ? &t->applications
			                                             : &t->active,
			.reviews = reviews ? t->reviews : NULL,
			.rule = name, .where = where, .named = named,
			.expected = json_number_value(json_object_get(check, "expected")),
			.actual = json_number_value(json_object_get(check, "actual")),
		};
		d.counting = true;
		nb_contract_rule_cells(rule, table, where, S_doubt_cell, &d);
		d.counting = false;
		nb_contract_rule_cells(rule, table, where, S_doubt_cell, &d);
	}
	json_decref(named);
}

static json_t *S_assemble(sc_ctx *ctx, const sc_layout *layout, tables *t,
                          const nb_source *source, int flags)
{
	json_t *report = json_object();
	json_object_set_new(report, "schema_version", json_string("1"));
	json_t *generator = json_pack("{s:s, s:s}", "name", "nianbao",
	                              "version", NB_VERSION);
	if (nb_build_commit())
		json_object_set_new(generator, "commit",
		                    json_string(nb_build_commit()));
	json_object_set_new(report, "generator", generator);
	json_object_set_new(report, "source", S_source(ctx->doc, source));
	json_t *agency = layout->agency ? json_string(layout->agency) : NULL;
	json_object_set_new(report, "agency", agency ? agency : json_null());
	json_object_set_new(report, "year", layout->year ? json_integer(layout->year)
	                                                 : json_null());
	json_object_set_new(report, "template",
	                    !t->present ? json_null()
	                    : json_string(t->d.id == TPL_2019 ? "2019" : "2021"));
	const nb_contract_template *tpl = nb_contract_template_named(
		t->d.id == TPL_2019 ? "2019" : "2021");
	json_object_set_new(report, "active_disclosure", t->present
	                    ? S_table_json(nb_contract_find_table(
	                              tpl, "active_disclosure"), &t->active)
	                    : json_object());
	json_object_set_new(report, "applications", t->present
	                    ? S_table_json(nb_contract_find_table(
	                              tpl, "applications"), &t->applications)
	                    : json_object());
	json_object_set_new(report, "reviews", t->present
	                    ? S_reviews_json(nb_contract_find_table(tpl, "reviews"),
	                                     t->reviews)
	                    : json_object());
	json_t *sections = json_object();
	json_object_set_new(sections, "overview", S_prose_json(ctx, layout, SEC_OVERVIEW));
	json_object_set_new(sections, "problems", S_prose_json(ctx, layout, SEC_PROBLEMS));
	json_object_set_new(sections, "other", S_prose_json(ctx, layout, SEC_OTHER));
	json_object_set_new(report, "sections", sections);
	json_t *checks = nb_checks_run(report, ctx->diagnostics);
	nb_sc_doubt_placed_rows(ctx, &t->applications, checks);
	if (t->present)
		S_ocr_doubts(ctx, tpl, t, checks);
	json_object_set_new(report, "checks", checks);
	json_object_set(report, "diagnostics", ctx->diagnostics);
	if (flags & NB_SCHEMA_PROVENANCE) {
		json_t *prov = json_object();
		json_object_set_new(prov, "active_disclosure", t->present
		                    ? S_table_provenance(nb_contract_find_table(
		                              tpl, "active_disclosure"), &t->active)
		                    : json_object());
		json_object_set_new(prov, "applications", t->present
		                    ? S_table_provenance(nb_contract_find_table(
		                              tpl, "applications"), &t->applications)
		                    : json_object());
		json_object_set_new(prov, "reviews", t->present
		                    ? S_reviews_provenance(nb_contract_find_table(
		                              tpl, "reviews"), t->reviews)
		                    : json_object());
		json_object_set_new(report, "provenance", prov);
	}
	return report;
}

static size_t S_headings_found(const sc_layout *layout)
{
	size_t n = 0;
	for (int k = 0; k < SEC_COUNT; k++)
		n += layout->heading[k] >= 0;
	return n;
}

/* One report from lines [start, end) of the walk's lines. */
static nb_status S_build_range(const sc_ctx *whole, size_t start, size_t end,
                               const nb_source *source, int flags,
                               json_t **out, nb_error *err)
{
	sc_ctx ctx = *whole;
	ctx.lines = whole->lines + start;
	ctx.n_lines = end - start;
	ctx.diagnostics = json_array();
	sc_layout layout;
	nb_sc_layout_find(&ctx, &layout);
	nb_status status = NB_OK;
	tables t;
	memset(&t, 0, sizeof t);
	bool report = layout.has_title
	              || (S_headings_found(&layout) >= 2
	                  && (layout.heading[SEC_OVERVIEW] >= 0
	                      || S_decide(&ctx, &layout).evidence));
	if (!report) {
		status = nb_error_set(err, NB_ERR_NOT_REPORT, 0,
		                      "no 政府信息公开工作年度报告 title and no "
		                      "section headings: not such a report");
	} else {
		S_layout_diagnostics(&ctx, &layout);
		status = S_tables(&ctx, &layout, &t, err);
		if (status == NB_OK)
			*out = S_assemble(&ctx, &layout, &t, source, flags);
	}
	json_decref(ctx.diagnostics);
	return status;
}

/* Is each part a report of its own: a title and the 三 table? */
static bool S_parts_whole(sc_ctx *ctx, const size_t *starts, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		sc_ctx part = *ctx;
		part.lines = ctx->lines + starts[k];
		part.n_lines = (k + 1 < n ? starts[k + 1] : ctx->n_lines) - starts[k];
		sc_layout layout;
		nb_sc_layout_find(&part, &layout);
		if (!layout.has_title || layout.heading[SEC_APPLICATIONS] < 0)
			return false;
	}
	return true;
}

nb_status nb_schema_build_all(const nb_schema *schema, const nb_doc *doc,
                              const nb_source *source, int flags,
                              json_t **out, nb_error *err)
{
	*out = NULL;
	sc_ctx ctx = {
		.schema = schema,
		.doc = doc,
		.arena = nb_arena_new(),
		.md = pcre2_match_data_create(32, NULL),
	};
	nb_sc_lines_build(&ctx);
	size_t starts[64];
	size_t n = nb_sc_report_starts(&ctx, starts, 64);
	nb_status status = NB_OK;
	if (n > 1 && !S_parts_whole(&ctx, starts, n)) {
		status = nb_error_set(err, NB_ERR_MULTIPLE, 0,
		                      "%zu 一、总体情况 headings, but not %zu reports "
		                      "each with its own title and tables: where one "
		                      "report ends is unsure", n, n);
		n = 0;
	}
	json_t *reports = json_array();
	for (size_t k = 0; k < n && status == NB_OK; k++) {
		nb_source part = source ? *source : (nb_source){0};
		part.part = n > 1 ? (int)k + 1 : 0;
		size_t start = n > 1 ? starts[k] : 0;
		size_t end = k + 1 < n ? starts[k + 1] : ctx.n_lines;
		json_t *report = NULL;
		status = S_build_range(&ctx, start, end, &part, flags, &report, err);
		if (status == NB_OK)
			json_array_append_new(reports, report);
	}
	pcre2_match_data_free(ctx.md);
	nb_arena_free(ctx.arena);
	if (status != NB_OK) {
		json_decref(reports);
		return status;
	}
	*out = reports;
	return NB_OK;
}

nb_status nb_schema_build_with(const nb_schema *schema, const nb_doc *doc,
                               const nb_source *source, int flags,
                               json_t **out, nb_error *err)
{
	json_t *reports = NULL;
	*out = NULL;
	nb_status status = nb_schema_build_all(schema, doc, source, flags,
	                                       &reports, err);
	if (status != NB_OK)
		return status;
	if (json_array_size(reports) != 1) {
		size_t n = json_array_size(reports);
		json_decref(reports);
		return nb_error_set(err, NB_ERR_MULTIPLE, 0,
		                    "%zu reports in one document", n);
	}
	*out = json_incref(json_array_get(reports, 0));
	json_decref(reports);
	return NB_OK;
}

nb_status nb_schema_build(const nb_normalizer *norm, const nb_doc *doc,
                          const nb_source *source, int flags, json_t **out,
                          nb_error *err)
{
	nb_schema *schema = nb_schema_new(norm, err);
	if (!schema) {
		*out = NULL;
		return err ? err->status : NB_ERR_IO;
	}
	nb_status status = nb_schema_build_with(schema, doc, source, flags, out,
	                                        err);
	nb_schema_free(schema);
	return status;
}
