// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host CPU profiles: the values a kernel takes from the host CPU (ID
 * registers, cache geometry, firmware workaround levels) and the optional
 * vCPU features the host offers.  A profile is a text file (format in
 * sim/arch/arm64/hosts/qemu-max.host); the harness's three are built in
 * (qemu-max, the default; qemu-max-pauth-mte; qemu-n1), KVMSIM_HOST=NAME
 * picks one of them and KVMSIM_HOST=FILE (a value with a '/' or ending in
 * ".host") loads another.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host-builtin.h"
#include "kvm_arm.h"

static struct kvm_arm64_host host;
static int host_err;
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

static int parse_error(const char *src, unsigned int line, const char *what, const char *key)
{
	fprintf(stderr, "kvmsim: host profile %s, line %u: %s%s%s\n", src, line, what,
		key ? ": " : "", key ? key : "");
	return -EINVAL;
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end;

	errno = 0;
	*ret = strtoull(s, &end, 0);
	return errno || end == s || *end ? -EINVAL : 0;
}

/* "REG[/pmu|/sve|/ptrauth|/mte]", "CCSIDR.N", "WORKAROUND_N", "FW_FEAT_BMAP_N". */
static int parse_key(const char *key, struct kvm_arm64_host_reg *reg)
{
	char name[64], *slash;
	uint64_t n;

	if (strlen(key) >= sizeof(name))
		return -EINVAL;
	strcpy(name, key);
	reg->feature = 0;
	slash = strchr(name, '/');
	if (slash) {
		*slash++ = '\0';
		if (!strcmp(slash, "pmu"))
			reg->feature = KVM_ARM_VCPU_PMU_V3 + 1;
		else if (!strcmp(slash, "sve"))
			reg->feature = KVM_ARM_VCPU_SVE + 1;
		else if (!strcmp(slash, "ptrauth"))
			reg->feature = KVM_ARM_VCPU_PTRAUTH_ADDRESS + 1;
		else if (!strcmp(slash, "mte"))
			reg->feature = HOST_VARIANT_MTE + 1;
		else
			return -EINVAL;
	}
	if (!strncmp(name, "CCSIDR.", 7)) {
		if (parse_u64(name + 7, &n) || n >= KVM_ARM64_CSSELR_MAX)
			return -EINVAL;
		reg->enc = HOST_ENC_CCSIDR((uint32_t)n);
		return 0;
	}
	if (!strncmp(name, "WORKAROUND_", 11)) {
		if (parse_u64(name + 11, &n) || n < 1 || n > 3)
			return -EINVAL;
		reg->enc = HOST_ENC_WORKAROUND((uint32_t)n);
		return 0;
	}
	if (!strncmp(name, "FW_FEAT_BMAP_", 13)) {
		if (parse_u64(name + 13, &n) || n >= KVM_ARM_NR_FW_BMAPS)
			return -EINVAL;
		reg->enc = HOST_ENC_FW_BMAP((uint32_t)n);
		return 0;
	}
	return kvm_arm64_sys_reg_enc(name, &reg->enc);
}

static int parse_features(char *list, unsigned int *ret)
{
	static const struct { const char *name; unsigned int bit; } names[] = {
		{ "el1_32bit", HOST_EL1_32BIT }, { "pmu", HOST_PMU },
		{ "sve", HOST_SVE }, { "ptrauth", HOST_PTRAUTH }, { "el0_32bit", HOST_EL0_32BIT },
		{ "dabt_sse", HOST_DABT_SSE }, { "mte", HOST_MTE },
	};
	char *save, *tok;

	*ret = 0;
	for (tok = strtok_r(list, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			return -EINVAL;
		*ret |= names[i].bit;
	}
	return 0;
}

/* @text is @size bytes, which may hold a NUL: an error, never the end. */
static int parse_host(const char *src, const char *text, size_t size, struct kvm_arm64_host *h)
{
	unsigned int lineno = 0;
	const char *p = text, *end = text + size;

	memset(h, 0, sizeof(*h));
	while (p < end) {
		char line[256], key[64], *rest, *hash;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		uint64_t val;
		int n;

		lineno++;
		if (memchr(p, '\0', len))
			return parse_error(src, lineno, "a NUL byte: not a text file", NULL);
		if (len >= sizeof(line))
			return parse_error(src, lineno, "line too long", NULL);
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (nl != NULL);
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (sscanf(line, "%63s %n", key, &n) != 1)
			continue;
		rest = line + n;
		rest[strcspn(rest, "\r\n")] = '\0';
		while (*rest && rest[strlen(rest) - 1] <= ' ')
			rest[strlen(rest) - 1] = '\0';
		if (!strcmp(key, "host")) {
			snprintf(h->name, sizeof(h->name), "%s", rest);
		} else if (!strcmp(key, "features")) {
			if (parse_features(rest, &h->features))
				return parse_error(src, lineno, "unknown feature in", rest);
		} else if (!strcmp(key, "sve_vqs")) {
			if (parse_u64(rest, &h->sve_vqs) || h->sve_vqs >> ARCH_SVE_VQ_MAX)
				return parse_error(src, lineno, "bad sve_vqs", NULL);
		} else if (!strcmp(key, "pmu_counters")) {
			if (parse_u64(rest, &val) || val > 31)
				return parse_error(src, lineno, "bad pmu_counters", NULL);
			h->pmu_counters = (unsigned int)val;
		} else if (!strcmp(key, "kernel")) {
			unsigned int major, minor;

			if (sscanf(rest, "%u.%u", &major, &minor) != 2)
				return parse_error(src, lineno, "kernel wants MAJOR.MINOR", NULL);
			if (h->nr_kernels == sizeof(h->kernels) / sizeof(h->kernels[0]))
				return parse_error(src, lineno, "too many kernels", NULL);
			h->kernels[h->nr_kernels].major = major;
			h->kernels[h->nr_kernels].minor = minor;
			h->nr_kernels++;
		} else if (!strcmp(key, "ipa_limit")) {
			/* kvm_ipa_limit: the host's PARange as the kernel caps it. */
			if (!h->nr_kernels)
				return parse_error(src, lineno, "ipa_limit before any 'kernel' line", NULL);
			if (parse_u64(rest, &val) || val < ARM64_MIN_PARANGE_BITS || val > 52)
				return parse_error(src, lineno, "bad ipa_limit", rest);
			h->kernels[h->nr_kernels - 1].ipa_limit = (unsigned int)val;
		} else {
			struct kvm_arm64_host_reg reg;
			unsigned int k = h->nr_kernels - 1;

			if (!h->nr_kernels)
				return parse_error(src, lineno, "register before any 'kernel' line", NULL);
			if (parse_key(key, &reg))
				return parse_error(src, lineno, "unknown register", key);
			if (parse_u64(rest, &reg.val))
				return parse_error(src, lineno, "bad value", rest);
			if (h->kernels[k].nr == HOST_MAX_REGS)
				return parse_error(src, lineno, "too many registers", NULL);
			h->kernels[k].regs[h->kernels[k].nr++] = reg;
		}
	}
	if (!h->name[0] || !h->nr_kernels)
		return parse_error(src, lineno, "no 'host' or 'kernel' line", NULL);
	return 0;
}

/* Host profiles are some 5 KiB; this is plenty, and keeps /dev/zero out. */
#define HOST_PROFILE_MAX	(1024 * 1024)

/*
 * The contents of @path (*@ret_size bytes, NUL-terminated beyond them), or
 * NULL with what is wrong in @why.
 */
static char *read_profile(const char *path, size_t *ret_size, char *why, size_t why_len)
{
	size_t len = 0, cap = 65536;
	char *buf = NULL, *nb;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(why, why_len, "%s", strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(why, why_len, "it is a directory");
		goto fail;
	}
	buf = malloc(cap);
	if (!buf)
		goto fail_errno;
	for (;;) {
		if (len == cap - 1) {
			if (cap > HOST_PROFILE_MAX) {
				snprintf(why, why_len, "it is longer than %d bytes: not a host profile",
					 HOST_PROFILE_MAX);
				goto fail;
			}
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto fail_errno;
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_errno;
		if (!n)
			break;
		len += (size_t)n;
		if (len > HOST_PROFILE_MAX) {
			snprintf(why, why_len, "it is longer than %d bytes: not a host profile",
				 HOST_PROFILE_MAX);
			goto fail;
		}
	}
	close(fd);
	buf[len] = '\0';
	*ret_size = len;
	return buf;

fail_errno:
	snprintf(why, why_len, "%s", strerror(errno));
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static void host_load(void)
{
	const char *path = getenv("KVMSIM_HOST");
	char why[128];
	size_t size, len;
	char *text;

	host_err = kvm_sys_reg_table_init();
	if (host_err)
		return;
	if (!path || !*path) {
		host_err = parse_host("(built in)", kvm_arm64_builtin_hosts[0].text,
				      strlen(kvm_arm64_builtin_hosts[0].text), &host);
		return;
	}
	len = strlen(path);
	if (!strchr(path, '/') && !(len >= 5 && !strcmp(path + len - 5, ".host"))) {
		for (const struct kvm_arm64_builtin_host *b = kvm_arm64_builtin_hosts; b->name; b++)
			if (!strcmp(b->name, path)) {
				host_err = parse_host(b->name, b->text, strlen(b->text), &host);
				return;
			}
		fprintf(stderr, "kvmsim: no built-in host profile %s (KVMSIM_HOST); there are",
			path);
		for (const struct kvm_arm64_builtin_host *b = kvm_arm64_builtin_hosts; b->name; b++)
			fprintf(stderr, " %s", b->name);
		fprintf(stderr, ", or give a file's path\n");
		host_err = -EINVAL;
		return;
	}
	text = read_profile(path, &size, why, sizeof(why));
	if (!text) {
		fprintf(stderr, "kvmsim: cannot read host profile %s (KVMSIM_HOST): %s\n",
			path, why);
		host_err = -EINVAL;
		return;
	}
	host_err = parse_host(path, text, size, &host);
	free(text);
}

/* The process's host profile, loaded once. */
int kvm_arm64_host_get(const struct kvm_arm64_host **ret_host)
{
	pthread_once(&host_once, host_load);
	if (host_err)
		return host_err;
	*ret_host = &host;
	return 0;
}

/* KVM_CAP_ARM_VM_IPA_SIZE: @host's for @profile's release, else the release's. */
unsigned int kvm_arm64_ipa_limit(const struct kvm_arm64_host *h,
				 const struct kvm_profile *profile)
{
	for (unsigned int k = 0; k < h->nr_kernels; k++)
		if (h->kernels[k].major == profile->major &&
		    h->kernels[k].minor == profile->minor && h->kernels[k].ipa_limit)
			return h->kernels[k].ipa_limit;
	return profile->ipa_limit;
}

/*
 * The value of @enc for the VM's kernel release, preferring the entry for
 * one of @vcpu_features or for the VM's MTE.  False if the profile has none
 * (reads as 0).
 */
bool kvm_arm64_host_value(const struct kvm *kvm, uint32_t enc, uint32_t vcpu_features,
			  uint64_t *ret_val)
{
	const struct kvm_arm64 *arm = to_arm64_vm((struct kvm *)kvm);
	const struct kvm_arm64_host *h = arm->host;
	bool found = false;

	if (arm->mte_enabled)
		vcpu_features |= 1U << HOST_VARIANT_MTE;

	for (unsigned int k = 0; k < h->nr_kernels; k++) {
		if (h->kernels[k].major != kvm->profile->major ||
		    h->kernels[k].minor != kvm->profile->minor)
			continue;
		for (unsigned int i = 0; i < h->kernels[k].nr; i++) {
			const struct kvm_arm64_host_reg *r = &h->kernels[k].regs[i];

			if (r->enc != enc)
				continue;
			if (r->feature && !(vcpu_features & (1U << (r->feature - 1))))
				continue;
			*ret_val = r->val;
			found = true;
			if (r->feature)
				return true;
		}
	}
	return found;
}
