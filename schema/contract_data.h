/*
 * contract_data.h — the contract's tables, written once (docs: the report
 * JSON contract; 国办公开办函〔2019〕60号 and 〔2021〕30号).
 *
 * Every table, row and column of both templates is one line below, as an
 * X-macro list; nothing else in the project spells a row or a column out.
 * Two files expand the lists: contract.c into the public contract table
 * (schema.h: keys, the templates' printed labels, English labels, units,
 * the check rules), which the JSON writer, the checks and `nianbao check`,
 * `compare` and `csv` walk; templates.c into the rebuilder's view (key,
 * label pattern, columns), which it compiles with pcre2.  Include it only
 * from those two files.
 *
 * Patterns are pcre2 (UTF + UCP) matched against the compact MATCH form of
 * the text (normalize/normalize.h: full-width punctuation folded to ASCII,
 * quotes folded) with all white space removed and numbering prefixes such
 * as 三、 (一) 1. 1、 (1) stripped from each cell; so a pattern names the
 * words of a label, never its spacing or numbering.  A row pattern is
 * unanchored unless it says ^…$; a row may be matched by an abbreviation
 * (国家秘密 for 1. 属于国家秘密).  Adding a label variant is adding an
 * alternative to a pattern.
 *
 * Shapes of the lists:
 *   column  C(key, label, patterns, english, unit)
 *   二 row  R(key, label, short_label, patterns, english, unit, columns,
 *             amount)   columns: the name of a column list; amount: index
 *                       of the column holding an amount in 万元, or -1
 *   三 row  A(key, label, short_label, patterns, english, outcome)
 *             every 三 row has the applicant columns, unit 件; outcome:
 *             one of the outcome rows （一）…（六） that （七）总计 sums
 *   四 row  G(key, label, patterns, english)
 *             a group; every group has the review columns, unit 件
 * `label` is the template's own wording of the row or column; `short_label`
 * the shortened one-line form the tools print (a template label of 三 is a
 * sentence under a group label).
 */
#ifndef NB_CONTRACT_DATA_H
#define NB_CONTRACT_DATA_H

/* ---- 二、主动公开政府信息情况, template "2019" --------------------------- */

#define NB_AD19_PUBLISH(C)                                                   \
	C("made", "本年新制作数量", "新制作?|制作数量", "made this year", "件")    \
	C("published", "本年新公开数量", "新公开?", "published this year", "件")  \
	C("total_published", "对外公开总数量", "公开总|对外公开",                  \
	  "total published", "件")
#define NB_AD19_ITEMS(C)                                                     \
	C("prior_items", "上一年项目数量", "上一?年项目", "items last year", "项") \
	C("change", "本年增/减", "增/?减|增加/减少", "change this year", "项")     \
	C("decisions", "处理决定数量", "处理决定", "decisions", "件")
#define NB_AD19_FEES(C)                                                      \
	C("prior_items", "上一年项目数量", "上一?年项目", "items last year", "项") \
	C("change", "本年增/减", "增/?减|增加/减少", "change this year", "项")
#define NB_AD19_PROCUREMENT(C)                                               \
	C("projects", "采购项目数量", "采购项目", "procurement projects", "项")    \
	C("amount", "采购总金额", "总金额|采购金额", "total amount", "万元")

#define NB_AD2019_ROWS(R)                                                    \
	R("regulations", "规章", "规章", "规章", "regulations", "件",             \
	  NB_AD19_PUBLISH, -1)                                                   \
	R("normative_documents", "规范性文件", "规范性文件", "规范性文件",         \
	  "normative documents", "件", NB_AD19_PUBLISH, -1)                       \
	R("licensing", "行政许可", "行政许可", "行政许可",                         \
	  "administrative licensing", NULL, NB_AD19_ITEMS, -1)                   \
	R("other_services", "其他对外管理服务事项", "其他对外管理服务事项",         \
	  "对外管理服务|其他对外管理", "other external administrative services",   \
	  NULL, NB_AD19_ITEMS, -1)                                                \
	R("penalty", "行政处罚", "行政处罚", "行政处罚",                           \
	  "administrative penalties", NULL, NB_AD19_ITEMS, -1)                   \
	R("coercion", "行政强制", "行政强制", "行政强制",                          \
	  "administrative coercion", NULL, NB_AD19_ITEMS, -1)                    \
	R("fees", "行政事业性收费", "行政事业性收费", "事业性收费",                 \
	  "administrative fees", "项", NB_AD19_FEES, -1)                          \
	R("procurement", "政府集中采购", "政府集中采购", "集中采购|政府采购",       \
	  "centralized government procurement", NULL, NB_AD19_PROCUREMENT, 1)

/* ---- 二、主动公开政府信息情况, template "2021" --------------------------- */

#define NB_AD21_DOCUMENTS(C)                                                 \
	C("issued", "本年制发件数", "制发", "issued this year", "件")              \
	C("repealed", "本年废止件数", "废止", "repealed this year", "件")          \
	C("in_force", "现行有效件数", "现行有效", "in force", "件")
#define NB_AD21_DECISIONS(C)                                                 \
	C("decisions", "本年处理决定数量", "处理决定", "decisions this year", "件")
#define NB_AD21_FEES(C)                                                      \
	C("amount", "本年收费金额（万元）", "收费金额|金额",                       \
	  "fees collected this year", "万元")

#define NB_AD2021_ROWS(R)                                                    \
	R("regulations", "规章", "规章", "规章", "regulations", "件",             \
	  NB_AD21_DOCUMENTS, -1)                                                 \
	R("normative_documents", "行政规范性文件", "行政规范性文件", "规范性文件", \
	  "administrative normative documents", "件", NB_AD21_DOCUMENTS, -1)     \
	R("licensing", "行政许可", "行政许可", "行政许可",                         \
	  "administrative licensing", "件", NB_AD21_DECISIONS, -1)               \
	R("penalty", "行政处罚", "行政处罚", "行政处罚",                           \
	  "administrative penalties", "件", NB_AD21_DECISIONS, -1)               \
	R("coercion", "行政强制", "行政强制", "行政强制",                          \
	  "administrative coercion", "件", NB_AD21_DECISIONS, -1)                \
	R("fees", "行政事业性收费", "行政事业性收费", "事业性收费",                 \
	  "administrative fees", "万元", NB_AD21_FEES, 0)

/* ---- 三、收到和处理政府信息公开申请情况 --------------------------------- */

/* header words may be cut where a narrow column wraps them */
#define NB_APPLICANTS(C)                                                     \
	C("natural_person", "自然人", "^自然人?$", "natural persons", "件")        \
	C("commercial_enterprise", "商业企业", "^商业企?业?$",                     \
	  "commercial enterprises", "件")                                         \
	C("research_institution", "科研机构", "^科研机?构?$",                      \
	  "research institutions", "件")                                          \
	C("nonprofit_organization", "社会公益组织", "^社会公?益?组?织?$",          \
	  "nonprofit organizations", "件")                                        \
	C("legal_service_institution", "法律服务机构", "^法律服?务?机?构?$",       \
	  "legal service institutions", "件")                                     \
	C("other_organization", "其他", "^其他$", "other organizations", "件")    \
	C("total", "总计", "^总计$", "total", "件")

#define NB_APP_HEAD(A)                                                       \
	A("new_received", "一、本年新收政府信息公开申请数量", "一、本年新收申请",    \
	  "新收", "new applications received", false)                             \
	A("carried_over", "二、上年结转政府信息公开申请数量", "二、上年结转申请",    \
	  "上年结转|上年度结转", "carried over from last year", false)             \
	A("granted", "三、本年度办理结果 （一）予以公开", "（一）予以公开",          \
	  "予以公开", "granted", true)                                            \
	A("partially_granted",                                                   \
	  "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",                \
	  "（二）部分公开", "部分公开|区分处理", "partially granted", true)         \
	A("denied_state_secret", "（三）不予公开 1.属于国家秘密",                   \
	  "（三）1.属于国家秘密", "国家秘密", "denied: state secret", true)          \
	A("denied_prohibited_by_law", "2.其他法律行政法规禁止公开",                 \
	  "（三）2.其他法律行政法规禁止公开",                                       \
	  "禁止公开|法律行政法规|其他法律行政",                                     \
	  "denied: prohibited by other laws", true)                              \
	A("denied_security_stability", "3.危及“三安全一稳定”",                    \
	  "（三）3.危及“三安全一稳定”", "三安全一稳|安全一稳定|危及",               \
	  "denied: endangers security or stability", true)                       \
	A("denied_third_party", "4.保护第三方合法权益",                             \
	  "（三）4.保护第三方合法权益", "第三方",                                   \
	  "denied: third-party rights", true)                                    \
	A("denied_internal_affairs", "5.属于三类内部事务信息",                      \
	  "（三）5.属于三类内部事务信息", "内部事务|三类内部",                      \
	  "denied: internal affairs", true)                                      \
	A("denied_process_info", "6.属于四类过程性信息",                            \
	  "（三）6.属于四类过程性信息", "过程性|四类过程",                          \
	  "denied: process information", true)                                   \
	A("denied_enforcement_files", "7.属于行政执法案卷",                         \
	  "（三）7.属于行政执法案卷", "执法案卷|行政执法案",                        \
	  "denied: enforcement files", true)                                     \
	A("denied_query_matters", "8.属于行政查询事项",                             \
	  "（三）8.属于行政查询事项", "查询事项|行政查询",                          \
	  "denied: administrative query matters", true)                          \
	A("unavailable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息",       \
	  "（四）1.本机关不掌握相关政府信息", "不掌握",                             \
	  "unavailable: not held", true)                                         \
	A("unavailable_needs_creation", "2.没有现成信息需要另行制作",               \
	  "（四）2.没有现成信息需要另行制作", "另行制作|没有现成",                  \
	  "unavailable: would have to be created", true)                         \
	A("unavailable_unclear", "3.补正后申请内容仍不明确",                        \
	  "（四）3.补正后申请内容仍不明确", "不明确|补正后申请",                    \
	  "unavailable: unclear after correction", true)                         \
	A("rejected_petition", "（五）不予处理 1.信访举报投诉类申请",               \
	  "（五）1.信访举报投诉类申请", "信访|举报投诉",                            \
	  "not processed: petitions and complaints", true)                       \
	A("rejected_duplicate", "2.重复申请", "（五）2.重复申请", "重复申请",      \
	  "not processed: duplicate", true)                                      \
	A("rejected_publication", "3.要求提供公开出版物",                           \
	  "（五）3.要求提供公开出版物", "出版物|公开出版|要求提供公开",             \
	  "not processed: publications requested", true)                         \
	A("rejected_excessive", "4.无正当理由大量反复申请",                         \
	  "（五）4.无正当理由大量反复申请", "大量反复|大量申请|无正当理由大量",     \
	  "not processed: excessive repeated requests", true)                    \
	A("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息",        \
	  "（五）5.要求确认或重新出具已获取信息",                                   \
	  "确认或重新|重新出具|已获取信息|行政机关确认",                            \
	  "not processed: confirmation of information held", true)
#define NB_APP_OTHER_2019(A)                                                 \
	A("other", "（六）其他处理", "（六）其他处理", "其他处理|^其他$",          \
	  "other handling", true)
#define NB_APP_SPLIT_OTHER(A)                                                \
	A("other_no_correction",                                                 \
	  "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", \
	  "（六）1.逾期不补正不再处理", "不补正|逾期不补",                          \
	  "other: no correction, not processed", true)                           \
	A("other_fee_unpaid",                                                    \
	  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", \
	  "（六）2.逾期未缴费不再处理", "未按收费|缴纳费用|逾期未缴|逾期未按",      \
	  "other: fee unpaid, not processed", true)
/* 3.其他 alone is other_misc; （六）其他处理 is only the group label */
#define NB_APP_OTHER_MISC(A)                                                 \
	A("other_misc", "3.其他", "（六）3.其他", "^其他(情形)?$",                \
	  "other: miscellaneous", true)
/* the hybrid layout (a 2021 report printing （六）其他处理 as one row, the
 * contract's "Hybrid layout"): that single row holds other_misc; a
 * rebuilder-only variant of the row above */
#define NB_APP_OTHER_MISC_HYBRID(A)                                          \
	A("other_misc", "3.其他", "（六）3.其他", "^(其他处理)?其他(处理|情形)?$", \
	  "other: miscellaneous", true)
#define NB_APP_TAIL(A)                                                       \
	A("outcome_total", "（七）总计", "（七）总计", "总计|合计",               \
	  "outcome total", false)                                                 \
	A("carried_forward", "四、结转下年度继续办理", "四、结转下年度继续办理",    \
	  "结转下年|下年度继续|继续办理", "carried forward to next year", false)

#define NB_APP2019_ROWS(A)                                                   \
	NB_APP_HEAD(A) NB_APP_OTHER_2019(A) NB_APP_TAIL(A)
#define NB_APP2021_ROWS(A)                                                   \
	NB_APP_HEAD(A) NB_APP_SPLIT_OTHER(A) NB_APP_OTHER_MISC(A) NB_APP_TAIL(A)
#define NB_APP2021_HYBRID_ROWS(A)                                            \
	NB_APP_HEAD(A) NB_APP_SPLIT_OTHER(A) NB_APP_OTHER_MISC_HYBRID(A)          \
	NB_APP_TAIL(A)

/* ---- 四、政府信息公开行政复议、行政诉讼情况 ----------------------------- */

#define NB_REVIEW_COLUMNS(C)                                                 \
	C("upheld", "结果维持", "维持", "upheld", "件")                            \
	C("corrected", "结果纠正", "纠正", "corrected", "件")                      \
	C("other", "其他结果", "^其他(结果)?$", "other result", "件")              \
	C("pending", "尚未审结", "尚未|审结", "pending", "件")                     \
	C("total", "总计", "^总计$", "total", "件")

#define NB_REVIEW_GROUPS(G)                                                  \
	G("administrative_review", "行政复议", "行政复议",                        \
	  "administrative review")                                                \
	G("litigation_direct", "行政诉讼·未经复议直接起诉", "未经复议|直接起诉",   \
	  "litigation without prior review")                                      \
	G("litigation_after_review", "行政诉讼·复议后起诉", "复议后起诉",          \
	  "litigation after review")

/* ---- the tables -------------------------------------------------------- */

/* T(key, label, short_label, english) */
#define NB_TABLE_ACTIVE(T)                                                   \
	T("active_disclosure", "二、主动公开政府信息情况",                        \
	  "二、主动公开政府信息情况", "proactive disclosure")
#define NB_TABLE_APPLICATIONS(T)                                             \
	T("applications", "三、收到和处理政府信息公开申请情况",                    \
	  "三、收到和处理政府信息公开申请情况", "applications received and handled")
#define NB_TABLE_REVIEWS(T)                                                  \
	T("reviews", "四、政府信息公开行政复议、行政诉讼情况",                      \
	  "四、行政复议、行政诉讼情况", "administrative review and litigation")

/* Every column list above, once: each view (contract.c, templates.c)
 * makes one array of each with NB_COLUMN_LISTS(ITS_MACRO). */
#define NB_COLUMN_LISTS(X)                                                     \
	X(NB_AD19_PUBLISH)                                                     \
	X(NB_AD19_ITEMS)                                                       \
	X(NB_AD19_FEES)                                                        \
	X(NB_AD19_PROCUREMENT)                                                 \
	X(NB_AD21_DOCUMENTS)                                                   \
	X(NB_AD21_DECISIONS)                                                   \
	X(NB_AD21_FEES)                                                        \
	X(NB_APPLICANTS)                                                       \
	X(NB_REVIEW_COLUMNS)

#endif
