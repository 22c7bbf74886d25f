// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-replay: runs fuzz-ioctl's inputs once each and prints every call
 * with its result, for comparing the simulator with real KVM input by
 * input (tests/fuzz/replay-real.sh).  Built with the simulator it runs on
 * the simulator; built with FUZZ_REAL (statically, for aarch64) on the
 * real /dev/kvm.
 *
 *   fuzz-replay [--kernel=6.1|6.12] FILE...
 *   fuzz-replay [--kernel=6.1|6.12] --pack PACK
 *
 * A pack is the inputs of a corpus in one file (what the real-KVM guest
 * gets): per input, its name, a NUL, its size as 4 bytes little-endian,
 * its bytes.  Each input's calls follow a line "# input NAME".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-ioctl.h"

static int replay(const char *name, const uint8_t *data, size_t size)
{
	printf("# input %s\n", name);
	LLVMFuzzerTestOneInput(data, size);
	return fflush(stdout) ? -1 : 0;
}

static uint8_t *read_all(FILE *f, size_t *ret_size)
{
	uint8_t *buf = NULL, *grown;
	size_t len = 0, cap = 0, n;

	do {
		if (cap - len < 65536) {
			grown = realloc(buf, cap + 1048576);
			if (!grown) {
				free(buf);
				return NULL;
			}
			buf = grown;
			cap += 1048576;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	*ret_size = len;
	return buf;
}

static int replay_pack(const uint8_t *p, size_t size)
{
	while (size) {
		const uint8_t *nul = memchr(p, '\0', size);
		size_t name_len, len;

		if (!nul || (size_t)(nul - p) + 5 > size)
			return -1;
		name_len = (size_t)(nul - p) + 1;
		len = nul[1] | (size_t)nul[2] << 8 | (size_t)nul[3] << 16 | (size_t)nul[4] << 24;
		if (len > size - name_len - 4)
			return -1;
		if (replay((const char *)p, nul + 5, len))
			return -1;
		p += name_len + 4 + len;
		size -= name_len + 4 + len;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: fuzz-replay [--kernel=6.1|6.12] FILE...\n"
		       "       fuzz-replay [--kernel=6.1|6.12] --pack PACK\n"
		       "Runs each fuzz-ioctl input once, printing its calls and their results.\n");
		return 0;
	}
	fuzz_log = stdout;
	if (i < argc && !strncmp(argv[i], "--kernel=", 9))
		fuzz_kernel = argv[i++] + 9;
	if (i + 1 < argc && !strcmp(argv[i], "--pack")) {
		FILE *f = fopen(argv[i + 1], "rb");
		uint8_t *pack;
		size_t size;

		if (!f || !(pack = read_all(f, &size))) {
			fprintf(stderr, "fuzz-replay: %s: %s\n", argv[i + 1], strerror(errno));
			return 2;
		}
		fclose(f);
		status = replay_pack(pack, size) ? 1 : 0;
		if (status)
			fprintf(stderr, "fuzz-replay: %s: not a pack\n", argv[i + 1]);
		free(pack);
		return status;
	}
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *data;
		size_t size;
		const char *base = strrchr(argv[i], '/');

		if (!f || !(data = read_all(f, &size))) {
			fprintf(stderr, "fuzz-replay: %s: %s\n", argv[i], strerror(errno));
			status = 2;
			if (f)
				fclose(f);
			continue;
		}
		fclose(f);
		if (replay(base ? base + 1 : argv[i], data, size))
			status = 1;
		free(data);
	}
	return status;
}
