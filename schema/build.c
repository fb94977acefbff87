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
#include <string.h>

#include "schema_internal.h"

static const char *const S_section_names[SEC_COUNT] = {
	"一、总体情况", "二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况", "六、其他需要报告的事项",
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

static json_t *S_table_json(const sc_table *table)
{
	json_t *obj = json_object();
	for (size_t r = 0; r < table->tpl->n_rows; r++) {
		const tpl_row *row = &table->tpl->rows[r];
		json_t *cols = json_object();
		for (size_t c = 0; c < row->n_columns; c++)
			json_object_set_new(cols, row->columns[c].key,
			                    S_cell_json(&table->cells[r][c]));
		json_object_set_new(obj, row->key, cols);
	}
	return obj;
}

static json_t *S_reviews_json(sc_value values[3][5])
{
	size_t n_groups = 0, n_columns = 0;
	const tpl_column *groups = nb_tpl_review_groups(&n_groups);
	const tpl_column *columns = nb_tpl_review_columns(&n_columns);
	json_t *obj = json_object();
	for (size_t g = 0; g < n_groups; g++) {
		json_t *cols = json_object();
		for (size_t c = 0; c < n_columns; c++)
			json_object_set_new(cols, columns[c].key,
			                    S_cell_json(&values[g][c]));
		json_object_set_new(obj, groups[g].key, cols);
	}
	return obj;
}

/* ---- provenance ---- */

static json_t *S_origin(const sc_value *value)
{
	if (!value->present || !value->cell)
		return NULL;
	const sc_cell *cell = value->cell;
	/* Boxes to 0.01 pt: poppler's float noise is not information. */
	json_t *box = json_pack("[ffff]", round(cell->x0 * 100) / 100,
	                        round(cell->y0 * 100) / 100,
	                        round(cell->x1 * 100) / 100,
	                        round(cell->y1 * 100) / 100);
	json_t *origin = json_object();
	json_object_set_new(origin, "page",
	                    value->page > 0 ? json_integer(value->page) : json_null());
	json_object_set_new(origin, "box", box);
	json_object_set_new(origin, "raw", json_string(cell->raw ? cell->raw : ""));
	return origin;
}

static json_t *S_table_provenance(const sc_table *table)
{
	json_t *obj = json_object();
	for (size_t r = 0; table->tpl && r < table->tpl->n_rows; r++) {
		const tpl_row *row = &table->tpl->rows[r];
		json_t *cols = json_object();
		for (size_t c = 0; c < row->n_columns; c++) {
			json_t *origin = S_origin(&table->cells[r][c]);
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

static json_t *S_reviews_provenance(sc_value values[3][5])
{
	size_t n_groups = 0, n_columns = 0;
	const tpl_column *groups = nb_tpl_review_groups(&n_groups);
	const tpl_column *columns = nb_tpl_review_columns(&n_columns);
	json_t *obj = json_object();
	for (size_t g = 0; g < n_groups; g++) {
		json_t *cols = json_object();
		for (size_t c = 0; c < n_columns; c++) {
			json_t *origin = S_origin(&values[g][c]);
			if (origin)
				json_object_set_new(cols, columns[c].key, origin);
		}
		if (json_object_size(cols))
			json_object_set_new(obj, groups[g].key, cols);
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
		nb_sc_diag(ctx, "warning", "row_not_found", 0,
		           "%s.%s: row not found; left null", section, key);
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
	nb_sc_table_rebuild(ctx, apps, layout->body_start[SEC_APPLICATIONS],
	                    layout->body_end[SEC_APPLICATIONS], "applications",
	                    &t->applications);
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
		nb_sc_diag(ctx, "info", "template_by_year", 0,
		           "template %s chosen by the year %d: the tables' labels "
		           "do not decide it", t->d.id == TPL_2019 ? "2019" : "2021",
		           layout->year);
	else if (t->d.by_year)
		nb_sc_diag(ctx, "info", "template_by_year", 0,
		           "template 2021 chosen with no year: the tables' labels "
		           "do not decide it");
	if (layout->heading[SEC_ACTIVE] >= 0)
		S_rows_not_found(ctx, &t->active, "active_disclosure", false);
	if (layout->heading[SEC_APPLICATIONS] >= 0)
		S_rows_not_found(ctx, &t->applications, "applications",
		                 t->d.hybrid);
	if (t->d.hybrid)
		nb_sc_diag(ctx, "warning", "other_unsplit", 0,
		           "applications: （六）其他处理 printed as one row; numbers "
		           "put in other_misc, other_no_correction and "
		           "other_fee_unpaid left null");
}

/* Tables, template and their diagnostics; false when the report is cut
 * short (err filled). */
static bool S_tables(sc_ctx *ctx, const sc_layout *layout, tables *t,
                     nb_error *err)
{
	/* rebuild into a scratch diagnostics list: a report without tables
	 * must not get row warnings */
	json_t *saved = ctx->diagnostics;
	json_t *found = json_array();
	ctx->diagnostics = found;
	t->d = S_decide(ctx, layout);
	S_rebuild(ctx, layout, t);
	t->present = t->d.evidence || S_found(&t->active) > 0
	             || S_found(&t->applications) > 0;
	ctx->diagnostics = saved;
	if (S_cut_short(layout, t)) {
		json_decref(found);
		nb_error_set(err, NB_ERR_TRUNCATED, 0,
		             "the report stops before the end of its tables "
		             "(no section 四, 五 or 六)");
		return false;
	}
	if (!t->present) {
		json_decref(found);
		nb_sc_diag(ctx, "error", "no_tables", 0,
		           "no 二/三/四 tables of the 2019 or 2021 template "
		           "(a report before 2019?); tables left empty");
		return true;
	}
	json_array_extend(ctx->diagnostics, found);
	json_decref(found);
	S_table_diagnostics(ctx, layout, t);
	if (layout->heading[SEC_REVIEWS] >= 0)
		nb_sc_reviews_rebuild(ctx, layout->body_start[SEC_REVIEWS],
		                      layout->body_end[SEC_REVIEWS], t->reviews);
	return true;
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
	                    json_string(doc->kind == NB_SOURCE_PDF ? "pdf" : "text"));
	json_object_set_new(obj, "pages", doc->pages > 0 ? json_integer(doc->pages)
	                                                 : json_null());
	json_object_set_new(obj, "producer", doc->producer
	                                             ? json_string(doc->producer)
	                                             : json_null());
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

static void S_layout_diagnostics(sc_ctx *ctx, const sc_layout *layout)
{
	for (size_t i = 0; i < ctx->doc->n_warnings; i++)
		nb_sc_diag(ctx, "warning", "pdf_warning", 0, "%s", ctx->doc->warnings[i]);
	if (!layout->agency)
		nb_sc_diag(ctx, "warning", "agency_missing", 0,
		           "no agency found in the title lines");
	if (layout->year == 0)
		nb_sc_diag(ctx, "warning", "year_missing", 0,
		           "no year found in the title lines");
	for (int k = 0; k < SEC_COUNT; k++)
		if (layout->heading[k] < 0)
			nb_sc_diag(ctx, "warning", "section_missing", 0,
			           "section heading %s not found", S_section_names[k]);
}

static json_t *S_assemble(sc_ctx *ctx, const sc_layout *layout, tables *t,
                          const nb_source *source, int flags)
{
	json_t *report = json_object();
	json_object_set_new(report, "schema_version", json_string("1"));
	json_object_set_new(report, "source", S_source(ctx->doc, source));
	json_t *agency = layout->agency ? json_string(layout->agency) : NULL;
	json_object_set_new(report, "agency", agency ? agency : json_null());
	json_object_set_new(report, "year", layout->year ? json_integer(layout->year)
	                                                 : json_null());
	json_object_set_new(report, "template",
	                    !t->present ? json_null()
	                    : json_string(t->d.id == TPL_2019 ? "2019" : "2021"));
	json_object_set_new(report, "active_disclosure",
	                    t->present ? S_table_json(&t->active) : json_object());
	json_object_set_new(report, "applications",
	                    t->present ? S_table_json(&t->applications)
	                               : json_object());
	json_object_set_new(report, "reviews",
	                    t->present ? S_reviews_json(t->reviews) : json_object());
	json_t *sections = json_object();
	json_object_set_new(sections, "overview", S_prose_json(ctx, layout, SEC_OVERVIEW));
	json_object_set_new(sections, "problems", S_prose_json(ctx, layout, SEC_PROBLEMS));
	json_object_set_new(sections, "other", S_prose_json(ctx, layout, SEC_OTHER));
	json_object_set_new(report, "sections", sections);
	json_object_set_new(report, "checks",
	                    nb_checks_run(report, ctx->diagnostics));
	json_object_set(report, "diagnostics", ctx->diagnostics);
	if (flags & NB_SCHEMA_PROVENANCE) {
		json_t *prov = json_object();
		json_object_set_new(prov, "active_disclosure",
		                    t->present ? S_table_provenance(&t->active)
		                               : json_object());
		json_object_set_new(prov, "applications",
		                    t->present ? S_table_provenance(&t->applications)
		                               : json_object());
		json_object_set_new(prov, "reviews",
		                    t->present ? S_reviews_provenance(t->reviews)
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

nb_status nb_schema_build_with(const nb_schema *schema, const nb_doc *doc,
                               const nb_source *source, int flags,
                               json_t **out, nb_error *err)
{
	*out = NULL;
	sc_ctx ctx = {
		.schema = schema,
		.doc = doc,
		.arena = nb_arena_new(),
		.md = pcre2_match_data_create(32, NULL),
		.diagnostics = json_array(),
	};
	nb_sc_lines_build(&ctx);
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
		if (!S_tables(&ctx, &layout, &t, err))
			status = NB_ERR_TRUNCATED;
		else
			*out = S_assemble(&ctx, &layout, &t, source, flags);
	}
	json_decref(ctx.diagnostics);
	pcre2_match_data_free(ctx.md);
	nb_arena_free(ctx.arena);
	return status;
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
