/*
 * digest.c — the sha256 that names an input in every record
 * (source.sha256, the key of --resume).
 *
 * nettle rather than GLib's GChecksum: nettle's x86-64 build picks the
 * CPU's SHA instructions at run time, which hash a 0.5 MB PDF in ~0.3 ms
 * where GLib's portable C takes ~1.2 ms, i.e. 3-5 % of reading a small
 * report (bench/findings.md).
 */
#include <nettle/sha2.h>

#include "base.h"

void nb_sha256_hex_of(const uint8_t digest[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 32; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 0xF];
	}
	hex[64] = '\0';
}

void nb_sha256_hex(const void *data, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	nb_sha256_hex_of(digest, hex);
}
