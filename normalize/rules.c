/*
 * rules.c — every normalization rule of nianbao, as data.
 *
 * The character rules rewrite a string after the code-point pass (radicals
 * fixed, NFKC or NFC applied); they run in table order, each on the result
 * of the one before.  The line patterns classify whole lines for the
 * document pass (page furniture, headings, closed sentences).  To add a
 * variant, add a row here and a case to tests/normalize/rules.txt; the code
 * in normalize.c and doc.c does not change.
 *
 * All patterns are pcre2 with PCRE2_UTF | PCRE2_UCP, compiled once by
 * nb_normalizer_new.
 */
#include "normalize_internal.h"

/* A CJK character: ideographs, radicals, CJK symbols and punctuation
 * (、。《》「」…), full-width and half-width forms. */
#define CJK "[\\p{Han}\\x{2E80}-\\x{2FDF}\\x{3001}-\\x{303F}" \
            "\\x{31C0}-\\x{31EF}\\x{FE30}-\\x{FE4F}\\x{FF00}-\\x{FFEF}]"
/* For prose: CJK plus the punctuation Chinese text sets around it
 * (“”‘’ … — ·), so "说 “公开”" loses its space. */
#define CJK_PUNCT "[\\p{Han}\\x{2E80}-\\x{2FDF}\\x{3001}-\\x{303F}" \
                  "\\x{31C0}-\\x{31EF}\\x{FE30}-\\x{FE4F}\\x{FF00}-\\x{FFEF}" \
                  "\\x{2018}-\\x{201F}\\x{2026}\\x{2014}\\x{00B7}]"
/* Every dash a report may print for a minus sign, a range or a blank cell:
 * hyphen, non-breaking hyphen, figure dash, en/em dash, horizontal bar,
 * minus sign, hyphen bullet, box-drawing lines, small/full-width hyphen. */
#define DASHES "\\x{2010}-\\x{2015}\\x{2212}\\x{2043}\\x{2500}\\x{2501}" \
               "\\x{FE58}\\x{FE63}\\x{FF0D}"

/* Double quotes of every kind: “ ” „ ‟ 「 」 『 』 〝 〞 〟 and the vertical
 * and full-width forms. */
#define DOUBLE_QUOTES "[\\x{201C}-\\x{201F}\\x{300C}-\\x{300F}" \
                      "\\x{301D}-\\x{301F}\\x{FE41}-\\x{FE44}\\x{FF02}]"

/* Every character \s matches with PCRE2_UCP, spelled out: ASCII white
 * space, NEL, the Unicode separators Zs, Zl and Zp, and U+180E (pcre2 keeps
 * it as horizontal space though Unicode 6.3 moved it out).  As a trigger, a
 * list of code points lets pcre2 skip to the first candidate byte, which \s
 * under UCP does not; tests/unit/test_normalize.c checks the two agree on
 * every code point. */
#define WHITE_SPACE "[\\t\\n\\x0B\\f\\r \\x{85}\\x{A0}\\x{1680}\\x{180E}" \
                    "\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}" \
                    "\\x{205F}\\x{3000}]"

/* A rule whose pattern is one character class is its own trigger; the
 * white-space rules all need a white-space character. */
const nb_rule_def nb_norm_rules[] = {
	/* MATCH: one ASCII form for every dash, quote and bracket variant. */
	{NB_RULE_MATCH, "dash-run", "[-" DASHES "]{2,}", "-",
	 "[-" DASHES "]"},
	{NB_RULE_MATCH, "dash", "[" DASHES "]", "-", "[" DASHES "]"},
	{NB_RULE_MATCH, "double-quote", DOUBLE_QUOTES, "\"", DOUBLE_QUOTES},
	{NB_RULE_MATCH, "single-quote", "[\\x{2018}-\\x{201B}\\x{FF07}]", "'",
	 "[\\x{2018}-\\x{201B}\\x{FF07}]"},
	{NB_RULE_MATCH, "open-bracket",
	 "[\\x{3010}\\x{3014}\\x{3016}\\x{3018}\\x{301A}\\x{FF3B}]", "[",
	 "[\\x{3010}\\x{3014}\\x{3016}\\x{3018}\\x{301A}\\x{FF3B}]"},
	{NB_RULE_MATCH, "close-bracket",
	 "[\\x{3011}\\x{3015}\\x{3017}\\x{3019}\\x{301B}\\x{FF3D}]", "]",
	 "[\\x{3011}\\x{3015}\\x{3017}\\x{3019}\\x{301B}\\x{FF3D}]"},
	{NB_RULE_MATCH, "open-paren", "[\\x{FF08}\\x{FE59}]", "(",
	 "[\\x{FF08}\\x{FE59}]"},
	{NB_RULE_MATCH, "close-paren", "[\\x{FF09}\\x{FE5A}]", ")",
	 "[\\x{FF09}\\x{FE5A}]"},
	{NB_RULE_MATCH, "full-stop-dot", "\\x{FF0E}", ".", "\\x{FF0E}"},
	/* MATCH: no white space next to a CJK character. */
	{NB_RULE_MATCH, "space-near-cjk", "\\s+(?=" CJK ")|(?<=" CJK ")\\s+", "",
	 WHITE_SPACE},
	/* PROSE: no white space between two CJK characters or punctuation. */
	{NB_RULE_PROSE, "space-between-cjk",
	 "(?<=" CJK_PUNCT ")\\s+(?=" CJK_PUNCT ")", "", WHITE_SPACE},
	/* Both: runs of white space become one space, ends trimmed. */
	{NB_RULE_MATCH | NB_RULE_PROSE, "space-run", "\\s{2,}", " ", WHITE_SPACE},
	{NB_RULE_MATCH | NB_RULE_PROSE, "trim", "^\\s+|\\s+$", "", WHITE_SPACE},
};

const size_t nb_norm_n_rules = sizeof nb_norm_rules / sizeof nb_norm_rules[0];

const char *const nb_line_patterns[NB_LINE_N_PATTERNS] = {
	/* Page numbers as printed in footers: "- 3 -", "—3—", "·3·", "第 3 页",
	 * "第3页 共12页", "第 3 页/共 12 页", "3 / 12", "3/12", "Page 3",
	 * "Page 3 of 12", "共12页 第3页". */
	[NB_LINE_PAGE_NUMBER] =
		"^\\s*(?:"
		"[-\\x{2010}-\\x{2015}\\x{2212}\\x{FF0D}~·•]+\\s*\\d{1,4}\\s*"
		"[-\\x{2010}-\\x{2015}\\x{2212}\\x{FF0D}~·•]+"
		"|第\\s*\\d{1,4}\\s*页(?:\\s*[,，/／]?\\s*共\\s*\\d{1,4}\\s*页)?"
		"|共\\s*\\d{1,4}\\s*页\\s*[,，/／]?\\s*第\\s*\\d{1,4}\\s*页"
		"|\\d{1,4}\\s*[/／]\\s*\\d{1,4}"
		"|(?i:page)\\s*\\d{1,4}(?:\\s*(?i:of)\\s*\\d{1,4})?"
		")\\s*$",
	/* A lone small integer: a page number only where the document pass
	 * also sees a blank line or a page change next to it. */
	[NB_LINE_LONE_NUMBER] = "^\\s*\\d{1,3}\\s*$",
	/* The start of a heading or numbered item: 一、 （一） (一) 1. 1、 1．
	 * （1） 第…条/章/节/项 and the report's section titles. */
	[NB_LINE_HEADING] =
		"^\\s*(?:"
		"[一二三四五六七八九十]{1,3}\\s*[、.．]"
		"|[（(]\\s*[一二三四五六七八九十\\d]{1,3}\\s*[）)]"
		"|\\d{1,2}\\s*[、.．](?!\\d)"
		"|第[一二三四五六七八九十百\\d]{1,4}[条章节项部分]"
		"|[①-⑳]"
		")",
	/* Closing punctuation: the line ends a sentence, a clause that may
	 * stand alone, or a closing quote or bracket (。！？；：…”’）). */
	[NB_LINE_CLOSED] = "[。！？；：!?;:…”’」』）)\\]】〕\"']\\s*$",
	/* Clause punctuation somewhere in the line: a paragraph's line, not a
	 * title or a table label, which rarely carry any.  The 、 of a
	 * heading's numbering ("一、总体情况") does not count. */
	[NB_LINE_CLAUSE] =
		"[，；：。,;:]|(?<![一二三四五六七八九十\\d])、",
	/* A running header naming the report: "XX局2020年政府信息公开工作年度
	 * 报告", "政府信息公开工作报告" at the top of a page. */
	[NB_LINE_RUNNING_TITLE] = "(?:年度报告|工作报告|年报)\\s*$",
};

/* Longest first, so that "万元" wins over "元" and "人次" over "人". */
const char *const nb_token_units[] = {
	"万元", "亿元", "千元", "人次", "百分点",
	"元", "万", "件", "个", "条", "次", "项", "人", "家", "份", "篇", "%",
	NULL,
};
