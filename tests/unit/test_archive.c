/*
 * test_archive.c — unit tests of the archive reader (archive/archive.h):
 * what is an archive and what is a document, member names in every
 * charset a ZIP meets, one nested level and no more, members that are not
 * inputs, the limits, and what an unreadable archive yields.
 *
 * The archives are written in memory with libarchive (names as raw bytes,
 * as Chinese Windows writes them: libarchive's writer in the C locale
 * copies them and sets no UTF-8 flag).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "nianbao.h"

typedef struct member {
	const char *name;   /* raw bytes; a trailing '/' is a directory */
	const void *data;
	size_t len;
	const char *link;   /* a symbolic link to this, or NULL */
} member;

/* A ZIP (or another format: "zip", "7zip", "pax") of `members`; malloc'd. */
static unsigned char *S_archive(const char *format, const member *members,
                                size_t n, size_t *len)
{
	size_t cap = 1 << 20;
	for (size_t i = 0; i < n; i++)
		cap += members[i].len;
	unsigned char *buf = malloc(cap);
	struct archive *a = archive_write_new();
	assert_int_equal(archive_write_set_format_by_name(a, format), ARCHIVE_OK);
	assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_copy_pathname(e, members[i].name);
		size_t name_len = strlen(members[i].name);
		if (members[i].link) {
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_copy_symlink(e, members[i].link);
		} else if (name_len && members[i].name[name_len - 1] == '/') {
			archive_entry_set_filetype(e, AE_IFDIR);
		} else {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)members[i].len);
		}
		archive_entry_set_perm(e, 0644);
		assert_true(archive_write_header(a, e) >= ARCHIVE_WARN);
		if (members[i].len)
			archive_write_data(a, members[i].data, members[i].len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

/* The members an archive yields: "file|status|len" lines into out. */
static void S_walk(const unsigned char *data, size_t len, char *out, size_t size,
                   size_t skipped[NB_ARCHIVE_SKIP_COUNT], bool *escaped)
{
	nb_archive *ar = nb_archive_new(data, len, "a.zip", NULL);
	nb_archive_member m;
	size_t used = 0;
	out[0] = '\0';
	if (escaped)
		*escaped = false;
	while (nb_archive_next(ar, &m)) {
		used += (size_t)snprintf(out + used, size - used, "%s|%s|%zu\n", m.file,
		                         nb_status_code(m.status), m.len);
		if (escaped)
			*escaped |= m.name_escaped;
		assert_true(used < size);
	}
	for (int i = 0; skipped && i < NB_ARCHIVE_SKIP_COUNT; i++)
		skipped[i] = nb_archive_skipped(ar, (nb_archive_skip)i);
	nb_archive_free(ar);
}

static void test_sniff(void **state)
{
	(void)state;
	member docx[] = {{"[Content_Types].xml", "<Types/>", 8, NULL},
	                 {"word/document.xml", "<w:document/>", 13, NULL}};
	member odt[] = {{"mimetype", "application/vnd.oasis.opendocument.text", 39, NULL}};
	size_t len;
	unsigned char *zip = S_archive("zip", docx, 2, &len);
	assert_int_equal(nb_archive_sniff(zip, len), NB_ARCHIVE_NONE);
	/* a zip holding that .docx, stored: the inner names show in its bytes,
	 * but they are not the zip's own */
	member outer[] = {{"report.docx", zip, len, NULL}};
	size_t outer_len;
	unsigned char *packed = S_archive("zip", outer, 1, &outer_len);
	assert_int_equal(nb_archive_sniff(packed, outer_len), NB_ARCHIVE_ZIP);
	free(packed);
	free(zip);
	zip = S_archive("zip", odt, 1, &len);
	assert_int_equal(nb_archive_sniff(zip, len), NB_ARCHIVE_NONE);
	free(zip);
	member text[] = {{"a.txt", "x", 1, NULL}};
	zip = S_archive("7zip", text, 1, &len);
	assert_int_equal(nb_archive_sniff(zip, len), NB_ARCHIVE_7Z);
	free(zip);
	zip = S_archive("pax", text, 1, &len);
	assert_int_equal(nb_archive_sniff(zip, len), NB_ARCHIVE_TAR);
	free(zip);
	assert_int_equal(nb_archive_sniff((const unsigned char *)"Rar!\x1a\x07\x01\x00", 8),
	                 NB_ARCHIVE_RAR);
	assert_int_equal(nb_archive_sniff((const unsigned char *)"%PDF-1.7\n", 9),
	                 NB_ARCHIVE_NONE);
	assert_int_equal(nb_archive_sniff((const unsigned char *)"PK", 2), NB_ARCHIVE_NONE);
	/* nb_read refuses an archive: it is several inputs */
	member two[] = {{"a.txt", "x", 1, NULL}, {"b.txt", "y", 1, NULL}};
	zip = S_archive("zip", two, 2, &len);
	nb_error err = {0};
	nb_context *ctx = nb_context_new(NULL, &err);
	nb_result *result = nb_read(ctx, "two.zip", zip, len);
	assert_int_equal(nb_result_status(result), NB_ERR_ARCHIVE);
	assert_int_equal(nb_status_info(NB_ERR_ARCHIVE)->exit_code, 17);
	nb_result_free(result);
	nb_context_free(ctx);
	free(zip);
}

static void test_names(void **state)
{
	(void)state;
	/* 报告 in UTF-8, in GBK (B1 A8 B8 E6), and bytes in neither */
	member m[] = {{"\xe6\x8a\xa5\xe5\x91\x8a-utf8.txt", "1", 1, NULL},
	              {"\xb1\xa8\xb8\xe6-gbk.txt", "2", 1, NULL},
	              {"./dir/\xff\xfe.txt", "3", 1, NULL}};
	size_t len;
	unsigned char *zip = S_archive("zip", m, 3, &len);
	char out[1024];
	bool escaped;
	S_walk(zip, len, out, sizeof out, NULL, &escaped);
	assert_string_equal(out, "a.zip!/报告-utf8.txt|ok|1\n"
	                         "a.zip!/报告-gbk.txt|ok|1\n"
	                         "a.zip!/dir/\\xFF\\xFE.txt|ok|1\n");
	assert_true(escaped);
	free(zip);
}

static void test_skipped_and_nested(void **state)
{
	(void)state;
	member deepest[] = {{"deep.txt", "d", 1, NULL}};
	size_t deepest_len;
	unsigned char *z3 = S_archive("zip", deepest, 1, &deepest_len);
	member middle[] = {{"in.txt", "i", 1, NULL}, {"z3.zip", z3, deepest_len, NULL}};
	size_t middle_len;
	unsigned char *z2 = S_archive("pax", middle, 2, &middle_len);
	member top[] = {{"d/", NULL, 0, NULL},
	                {"d/a.txt", "a", 1, NULL},
	                {"d/link.txt", NULL, 0, "a.txt"},
	                {"z2.tar", z2, middle_len, NULL},
	                {"b.txt", "bb", 2, NULL}};
	size_t len;
	unsigned char *tar = S_archive("pax", top, 5, &len);
	char out[2048];
	size_t skipped[NB_ARCHIVE_SKIP_COUNT];
	S_walk(tar, len, out, sizeof out, skipped, NULL);
	char want[512];
	snprintf(want, sizeof want,
	         "a.zip!/d/a.txt|ok|1\n"
	         "a.zip!/z2.tar!/in.txt|ok|1\n"
	         "a.zip!/z2.tar!/z3.zip|archive|%zu\n"
	         "a.zip!/b.txt|ok|2\n",
	         deepest_len);
	assert_string_equal(out, want);
	assert_int_equal(skipped[NB_ARCHIVE_SKIP_DIRECTORY], 1);
	assert_int_equal(skipped[NB_ARCHIVE_SKIP_LINK], 1);
	/* in two shares (two workers): entries 0, 2, 4 (the directory, the
	 * link, b.txt) and 1, 3 (a.txt, the tar inside); together
	 * every member once, the nested archive whole in its share, the
	 * directory and the link counted once */
	char shares[2][512] = {"", ""};
	size_t skipped_total[NB_ARCHIVE_SKIP_COUNT] = {0};
	for (unsigned s = 0; s < 2; s++) {
		nb_archive *ar = nb_archive_new(tar, len, "a.zip", NULL);
		nb_archive_set_shard(ar, s, 2);
		nb_archive_member m;
		size_t used = 0;
		while (nb_archive_next(ar, &m))
			used += (size_t)snprintf(shares[s] + used, sizeof shares[s] - used,
			                         "%s|%s\n", m.file, nb_status_code(m.status));
		for (int i = 0; i < NB_ARCHIVE_SKIP_COUNT; i++)
			skipped_total[i] += nb_archive_skipped(ar, (nb_archive_skip)i);
		nb_archive_free(ar);
	}
	assert_string_equal(shares[0], "a.zip!/b.txt|ok\n");
	assert_string_equal(shares[1], "a.zip!/d/a.txt|ok\n"
	                               "a.zip!/z2.tar!/in.txt|ok\n"
	                               "a.zip!/z2.tar!/z3.zip|archive\n");
	assert_int_equal(skipped_total[NB_ARCHIVE_SKIP_DIRECTORY], 1);
	assert_int_equal(skipped_total[NB_ARCHIVE_SKIP_LINK], 1);
	free(tar);
	free(z2);
	free(z3);
}

static void test_limits_and_damage(void **state)
{
	(void)state;
	/* a member over the member size limit (here 1 MiB): refused, the next
	 * one read */
	size_t big_len = 20 << 20;
	char *big = calloc(1, big_len);
	member m[] = {{"big.txt", big, big_len, NULL}, {"small.txt", "s", 1, NULL}};
	size_t len;
	unsigned char *zip = S_archive("zip", m, 2, &len);
	nb_limits limits = {.max_input_bytes = 1 << 20};
	nb_archive *ar = nb_archive_new(zip, len, "a.zip", &limits);
	nb_archive_member member_out;
	assert_true(nb_archive_next(ar, &member_out));
	assert_int_equal(member_out.status, NB_ERR_LIMIT);
	assert_non_null(strstr(member_out.error.message, "member size limit"));
	assert_null(member_out.data);
	assert_true(nb_archive_next(ar, &member_out));
	assert_string_equal(member_out.file, "a.zip!/small.txt");
	assert_int_equal(member_out.status, NB_OK);
	assert_false(nb_archive_next(ar, &member_out));
	nb_archive_free(ar);
	/* the ratio: 20 MiB of zeros deflate to some 20 KiB; stopped once
	 * 16 MiB came from at most one 16 KiB block */
	ar = nb_archive_new(zip, len, "a.zip", NULL);
	assert_true(nb_archive_next(ar, &member_out));
	assert_int_equal(member_out.status, NB_ERR_LIMIT);
	assert_non_null(strstr(member_out.error.message, "compression ratio"));
	nb_archive_free(ar);
	/* an empty zip, and bytes that are no archive: the archive itself */
	member none[1] = {{"unused", NULL, 0, NULL}};
	free(zip);
	zip = S_archive("zip", none, 0, &len);
	char out[512];
	S_walk(zip, len, out, sizeof out, NULL, NULL);
	assert_string_equal(out, "a.zip|empty|0\n");
	free(zip);
	S_walk((const unsigned char *)"PK\3\4 cut", 9, out, sizeof out, NULL, NULL);
	assert_string_equal(out, "a.zip|damaged_pdf|0\n");
	/* a zip inside whose first member's deflated bytes are garbage: that
	 * member is damaged, and the outer archive goes on to its next member
	 * (libarchive cannot go on inside the damaged one) */
	char text[4096];
	uint32_t seed = 1;
	for (size_t i = 0; i < sizeof text; i++) {
		seed = seed * 1103515245u + 12345u;
		text[i] = (char)('a' + (seed >> 16) % 26);
	}
	member inner_m[] = {{"x.txt", text, sizeof text, NULL},
	                    {"y.txt", "y", 1, NULL}};
	size_t inner_len;
	unsigned char *inner = S_archive("zip", inner_m, 2, &inner_len);
	for (size_t i = 200; i < 400 && i < inner_len; i++)
		inner[i] ^= 0x5a; /* inside x.txt's deflated data */
	member outer_m[] = {{"in.zip", inner, inner_len, NULL},
	                    {"after.txt", "after", 5, NULL}};
	unsigned char *outer = S_archive("zip", outer_m, 2, &len);
	S_walk(outer, len, out, sizeof out, NULL, NULL);
	assert_non_null(strstr(out, "a.zip!/in.zip!/x.txt|damaged_pdf|0\n"));
	assert_non_null(strstr(out, "a.zip!/after.txt|ok|5\n"));
	free(outer);
	free(inner);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_skipped_and_nested),
		cmocka_unit_test(test_limits_and_damage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
