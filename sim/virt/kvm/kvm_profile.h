/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Kernel profiles, internal view: see profile.c. */
#ifndef KVMSIM_SIM_VIRT_KVM_KVM_PROFILE_H
#define KVMSIM_SIM_VIRT_KVM_KVM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * struct kvm_cap_answer - what KVM_CHECK_EXTENSION returns for one capability.
 * @cap: KVM_CAP_* number.
 * @sys: the answer on /dev/kvm; negative: that errno.
 * @vm: the answer on a VM fd; negative: that errno.
 */
struct kvm_cap_answer {
	long cap;
	long sys;
	long vm;
};

/**
 * struct kvm_profile - a modelled kernel release on the modelled host.
 * @name: "6.1", "6.12".
 * @create_vcpu_id_u32: KVM_CREATE_VCPU truncates its argument to 32 bits.
 * @coalesced_ring_u32_room: the coalesced-MMIO ring's free entries are
 *	(first - last - 1) in 32-bit arithmetic, modulo the ring's size, so
 *	that with last behind first the ring is "full" early (vm.coalesced:
 *	85 of 169 entries once first is 3); later kernels compare last + 1
 *	with first.
 * @ipa_limit: largest IPA size a VM may ask for (KVM_CAP_ARM_VM_IPA_SIZE).
 * @va_bits: size of the user address space; a memory slot's userspace_addr
 *	range must end below 2^@va_bits (48 on 6.1's kernel, 52 on 6.12's).
 * @nr_cpus: host CPUs online (KVM_CAP_NR_VCPUS is bounded by it).
 * @caps: answers of KVM_CHECK_EXTENSION not computed from the above,
 *	sorted by @cap; capabilities not listed answer 0.
 */
struct kvm_profile {
	const char *name;
	unsigned int major;
	unsigned int minor;
	bool create_vcpu_id_u32;
	bool coalesced_ring_u32_room;
	unsigned int ipa_limit;
	unsigned int va_bits;
	unsigned int nr_cpus;
	const struct kvm_cap_answer *caps;
	size_t nr_caps;
};

/* The profile @name selects (see kvmsim_kernel_lookup()), or NULL. */
const struct kvm_profile *kvm_profile_find(const char *name);
const struct kvm_profile *kvm_profile_default(void);
/* KVMSIM_KERNEL's profile, the default if it is unset; NULL (said on stderr) if it names none. */
const struct kvm_profile *kvm_profile_process_default(void);
/* The answer for @cap (from @profile->caps), or NULL. */
const struct kvm_cap_answer *kvm_profile_cap(const struct kvm_profile *profile, long cap);

#endif /* KVMSIM_SIM_VIRT_KVM_KVM_PROFILE_H */
