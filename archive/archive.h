/*
 * archive.h — archives of reports (.zip, .rar, .tar, .tar.gz, .7z) read
 * member by member, each member an input of its own.
 *
 * Why a folder of its own rather than a reader in extract/: an archive is
 * not a document.  extract/ turns one input's bytes into one nb_doc; an
 * archive is a list of inputs, each with its own name
 * (`archive.zip!/path/in/archive`), sha256, record and error.  So the
 * archive reader sits beside the readers, above extract/ (it asks
 * extract's nb_sniff whether a ZIP package is a Word or OpenDocument file,
 * which is a document, not an archive) and below the front door, which
 * refuses an archive in nb_read (NB_ERR_ARCHIVE) and leaves it to the
 * callers that give every input a record (batch mode) to walk it with
 * nb_archive_next.  It reads bytes only: it never opens a file, never
 * prints, keeps no global state, and libarchive is loaded on demand
 * (base/dynlib.c), not linked.
 *
 * One level of archives inside an archive is read (the members of
 * `a.zip!/b.zip` are `a.zip!/b.zip!/c.pdf`); an archive two levels down is
 * a member with NB_ERR_ARCHIVE.  A Word or OpenDocument member is a
 * document, not a level.  Limits against bombs (docs/batch.md): a
 * member's inflated size (the input size limit), the compression ratio
 * of a member, the inflated size of all members together and the number of
 * members; a member over one gets NB_ERR_LIMIT naming the limit.
 */
#ifndef NB_ARCHIVE_H
#define NB_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/base.h"
#include "../extract/extract.h"

enum {
	NB_ARCHIVE_MAX_MEMBERS = 100000, /**< members (all levels) of one archive */
	NB_ARCHIVE_MAX_RATIO = 1000,    /**< inflated : compressed bytes of one
	                                     member, checked from 1 MiB on */
};
/** Inflated bytes of all members together (all levels): this, or
 *  NB_ARCHIVE_MAX_GROWTH times the archive's own size when that is more. */
#define NB_ARCHIVE_MAX_TOTAL ((uint64_t)1 << 30)
#define NB_ARCHIVE_MAX_GROWTH 100

/** What an archive is made of, by its first bytes; NB_ARCHIVE_NONE for
 *  anything else, a Word or OpenDocument package included. */
typedef enum nb_archive_kind {
	NB_ARCHIVE_NONE,
	NB_ARCHIVE_ZIP,
	NB_ARCHIVE_RAR,
	NB_ARCHIVE_7Z,
	NB_ARCHIVE_TAR,      /**< plain, or inside gzip, bzip2, xz, zstd */
} nb_archive_kind;

/** By content only (extract/extract.c's sniffing table says why): a ZIP
 *  is an archive unless its central directory names a document's parts
 *  ([Content_Types].xml, word/, mimetype). */
nb_archive_kind nb_archive_sniff(const unsigned char *data, size_t len);
/** "zip", "rar", "7z", "tar" (static). */
const char *nb_archive_kind_name(nb_archive_kind kind);

/** Why a member is not an input. */
typedef enum nb_archive_skip {
	NB_ARCHIVE_SKIP_DIRECTORY,
	NB_ARCHIVE_SKIP_LINK,     /**< symbolic or hard link */
	NB_ARCHIVE_SKIP_SPECIAL,  /**< device, FIFO, socket */
	NB_ARCHIVE_SKIP_COUNT
} nb_archive_skip;

/** One input an archive yields: a member, or the archive itself when it
 *  cannot be read (then `file` is the archive's own name).  Borrowed from
 *  the nb_archive until the next nb_archive_next. */
typedef struct nb_archive_member {
	const char *file;  /**< "ARCHIVE!/path" (UTF-8), or ARCHIVE itself */
	/** The member's bytes, or NULL when they were not read (over a limit,
	 *  encrypted, damaged): then there is no sha256 to give. */
	const unsigned char *data;
	size_t len;
	nb_status status;  /**< NB_OK: read `data` as an input; else refused */
	nb_error error;    /**< why, when status is not NB_OK */
	/** The stored name was neither UTF-8 nor GB18030: `file` shows its
	 *  bytes as \xHH escapes. */
	bool name_escaped;
} nb_archive_member;

typedef struct nb_archive nb_archive;

/**
 * An iterator over the members of the archive held in `data` (borrowed:
 * it must outlive the nb_archive), named `name` (a path as given; records
 * show it in front of "!/").  `limits` (may be NULL) gives the member size
 * limit (the input size limit).  Never fails: an archive that cannot be
 * opened yields one member, itself, with the error.
 */
nb_archive *nb_archive_new(const unsigned char *data, size_t len,
                           const char *name, const nb_limits *limits);
/**
 * The same over the archive file open on `fd` (borrowed, positioned at
 * its start, `size` bytes long), read a block at a time rather than held
 * in memory: an archive may be larger than the input size limit, which
 * then bounds each member only.
 */
nb_archive *nb_archive_new_fd(int fd, size_t size, const char *name,
                              const nb_limits *limits);
void nb_archive_free(nb_archive *archive);

/**
 * Read only share `shard` of `shards` (0 ≤ shard < shards) of the
 * archive, so that several processes can read one archive in parallel:
 * the archive's own entries are numbered in order, and this iterator
 * yields (and counts as skipped) those whose number is `shard` modulo
 * `shards`, passing over the others without inflating them; an archive
 * inside goes whole to the share of its entry.  The archive's own errors
 * (cannot be opened, no files, damaged) come in share 0 only.  Limits on
 * the members' count and inflated total then hold per share.  Call it
 * before the first nb_archive_next.
 */
void nb_archive_set_shard(nb_archive *archive, unsigned shard, unsigned shards);

/** The next input into *member: true, or false at the end. */
bool nb_archive_next(nb_archive *archive, nb_archive_member *member);

/** Members left out so far, by reason (all levels). */
size_t nb_archive_skipped(const nb_archive *archive, nb_archive_skip reason);

#endif
