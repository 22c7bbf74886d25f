/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64 VM and vCPU state (the kernel's arch/arm64/include/asm/kvm_host.h).
 * The arch types embed the generic ones; to_arm64_*() get back.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H
#define KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H

#include <linux/kvm_host.h>

/* The IPA size of a VM created with type 0. */
#define KVM_PHYS_SHIFT		40
/* The smallest IPA size a VM may ask for (ARM64_MIN_PARANGE_BITS). */
#define ARM64_MIN_PARANGE_BITS	32

/* The one vCPU target arm64 KVM offers on these kernels' CPUs. */
#define KVM_ARM_TARGET_PREFERRED	KVM_ARM_TARGET_GENERIC_V8

/**
 * struct kvm_arm64 - an arm64 VM.
 * @phys_shift: IPA size in bits, from the KVM_CREATE_VM type.
 * @return_nisv_to_user: KVM_CAP_ARM_NISV_TO_USER enabled.
 * @system_suspend: KVM_CAP_ARM_SYSTEM_SUSPEND enabled.
 * @split_chunk_size: KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE (0: off).
 */
struct kvm_arm64 {
	struct kvm kvm;
	unsigned int phys_shift;
	bool return_nisv_to_user;
	bool system_suspend;
	uint64_t split_chunk_size;
};

/**
 * struct kvm_vcpu_arm64 - an arm64 vCPU.
 * @initialized: KVM_ARM_VCPU_INIT has succeeded.
 */
struct kvm_vcpu_arm64 {
	struct kvm_vcpu vcpu;
	bool initialized;
};

static inline struct kvm_arm64 *to_arm64_vm(struct kvm *kvm)
{
	return container_of(kvm, struct kvm_arm64, kvm);
}

static inline struct kvm_vcpu_arm64 *to_arm64_vcpu(struct kvm_vcpu *vcpu)
{
	return container_of(vcpu, struct kvm_vcpu_arm64, vcpu);
}

static inline uint64_t kvm_phys_size(struct kvm *kvm)
{
	return 1ULL << to_arm64_vm(kvm)->phys_shift;
}

#endif /* KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H */
