// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Kernel profiles: which Linux release the simulator answers as.
 *
 * Where 6.1 and 6.12 differ, the arch code asks the profile instead of
 * testing release numbers, so adding a release is a matter of data.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kvm_host.h>

#include "kvmsim/kvmsim.h"
#include "kvm_caps.h"

/*
 * The host every profile models is the real-KVM harness's: qemu's
 * "-cpu max,pauth=off" with 2 CPUs (tests/real/).
 */
static const struct kvm_profile profiles[] = {
	{
		.name = "6.1", .major = 6, .minor = 1,
		.create_vcpu_id_u32 = true,
		.coalesced_ring_u32_room = true,
		.ipa_limit = 48,
		.va_bits = 48,
		.nr_cpus = 2,
		.caps = kvm_caps_6_1,
		.nr_caps = ARRAY_SIZE(kvm_caps_6_1),
	},
	{
		.name = "6.12", .major = 6, .minor = 12,
		.ipa_limit = 52,
		.va_bits = 52,
		.nr_cpus = 2,
		.caps = kvm_caps_6_12,
		.nr_caps = ARRAY_SIZE(kvm_caps_6_12),
	},
};

/* 6.12 is the newest modelled release, and what a new user expects. */
#define DEFAULT_PROFILE (&profiles[1])

KVMSIM_EXPORT const char *kvmsim_version(void)
{
	return PACKAGE_VERSION;
}

KVMSIM_EXPORT bool kvmsim_check_version(unsigned int major, unsigned int minor,
					unsigned int micro)
{
	/* The headers the library is built with are its release (test-adopt checks). */
	if (major != KVMSIM_VERSION_MAJOR || minor > KVMSIM_VERSION_MINOR)
		return false;
	/* Before 1.0 a minor release is a major one. */
	if (major == 0 && minor != KVMSIM_VERSION_MINOR)
		return false;
	return minor < KVMSIM_VERSION_MINOR || micro <= KVMSIM_VERSION_MICRO;
}

KVMSIM_EXPORT size_t kvmsim_kernel_count(void)
{
	return sizeof(profiles) / sizeof(profiles[0]);
}

KVMSIM_EXPORT const char *kvmsim_kernel_name(size_t index)
{
	if (index >= kvmsim_kernel_count()) {
		errno = EINVAL;
		return NULL;
	}
	return profiles[index].name;
}

KVMSIM_EXPORT const char *kvmsim_kernel_default(void)
{
	return DEFAULT_PROFILE->name;
}

/*
 * "6.12", "6.12.3" and "6.12.0-1-arm64" all select 6.12: a release string
 * matches when it starts with the profile's name and the next character
 * does not continue the minor number ("6.1" must not match "6.12").
 */
const struct kvm_profile *kvm_profile_find(const char *name)
{
	size_t i;

	for (i = 0; i < kvmsim_kernel_count(); i++) {
		const char *p = profiles[i].name;
		size_t len = strlen(p);

		if (strncmp(name, p, len) == 0 &&
		    (name[len] == '\0' || name[len] == '.' || name[len] == '-'))
			return &profiles[i];
	}
	return NULL;
}

const struct kvm_profile *kvm_profile_default(void)
{
	return DEFAULT_PROFILE;
}

/*
 * KVMSIM_KERNEL, or the default when it is unset or empty.  A release that
 * is not modelled is an error, not the default: NULL, said once on stderr
 * with the releases there are (the only place the user of an unchanged VMM
 * looks).
 */
const struct kvm_profile *kvm_profile_process_default(void)
{
	static atomic_bool said;
	const char *env = getenv("KVMSIM_KERNEL");
	const struct kvm_profile *profile;

	if (!env || !*env)
		return DEFAULT_PROFILE;
	profile = kvm_profile_find(env);
	if (!profile && !atomic_exchange(&said, true)) {
		fprintf(stderr, "kvmsim: KVMSIM_KERNEL=%s names no modelled kernel (modelled:", env);
		for (size_t i = 0; i < kvmsim_kernel_count(); i++)
			fprintf(stderr, " %s", profiles[i].name);
		fprintf(stderr, ")\n");
	}
	return profile;
}

const struct kvm_cap_answer *kvm_profile_cap(const struct kvm_profile *profile, long cap)
{
	size_t lo = 0, hi = profile->nr_caps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (profile->caps[mid].cap == cap)
			return &profile->caps[mid];
		if (profile->caps[mid].cap < cap)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

KVMSIM_EXPORT const char *kvmsim_kernel_lookup(const char *name)
{
	const struct kvm_profile *profile;

	if (!name) {
		errno = EINVAL;
		return NULL;
	}
	profile = kvm_profile_find(name);
	if (!profile) {
		errno = ENOENT;
		return NULL;
	}
	return profile->name;
}
