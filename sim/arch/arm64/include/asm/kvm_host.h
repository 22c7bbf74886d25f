/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * arm64 VM and vCPU state (the kernel's arch/arm64/include/asm/kvm_host.h).
 * The arch types embed the generic ones; to_arm64_*() get back.
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H
#define KVMSIM_SIM_ARCH_ARM64_INCLUDE_ASM_KVM_HOST_H

#include <linux/kvm_host.h>

#include <pthread.h>

struct kvm_arm64_release;
struct kvm_arm64_host;

/* Room for the system register table (sys_regs.c checks it at start-up). */
#define KVM_ARM64_MAX_SYS_REGS	256
/* CSSELR_EL1 values: 7 levels, data/unified and instruction. */
#define KVM_ARM64_CSSELR_MAX	14
/* KVM_ARM_VCPU_INIT feature bits these kernels know (POWER_OFF..PTRAUTH_GENERIC). */
#define KVM_VCPU_MAX_FEATURES	7
/* Firmware feature bitmaps: standard, standard hypervisor, vendor. */
#define KVM_ARM_NR_FW_BMAPS	3
/* The highest vector length the ABI can describe: 2048 bits. */
#define SVE_VQ_MAX		16
#define SVE_VQ_BYTES		16

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
 * @release: what the modelled kernel release does differently (arm.c).
 * @host: the host CPU profile (host.c).
 * @features_configured: a vCPU has been initialised; since 6.7-era kernels
 *	every vCPU of the VM must then ask for @vm_features.
 * @vm_features: features[0] of the first successful KVM_ARM_VCPU_INIT.
 * @psci_version: the PSCI version the firmware register selects.
 * @fw_bmap: the firmware feature bitmaps (KVM_REG_ARM_FW_FEAT_BMAP).
 * @timer_offset: virtual and physical counter offsets.
 */
struct kvm_arm64 {
	struct kvm kvm;
	const struct kvm_arm64_release *release;
	const struct kvm_arm64_host *host;
	unsigned int phys_shift;
	bool return_nisv_to_user;
	bool system_suspend;
	uint64_t split_chunk_size;
	/* Guarded by the VM's lock (arch_lock). */
	pthread_mutex_t arch_lock;
	bool features_configured;
	uint32_t vm_features;
	uint32_t psci_version;
	uint64_t fw_bmap[KVM_ARM_NR_FW_BMAPS];
	int64_t timer_offset[2];	/* virtual, physical: host count - offset */
};

/**
 * struct kvm_vcpu_arm64 - an arm64 vCPU.
 * @initialized: KVM_ARM_VCPU_INIT has succeeded.
 * @features: features[0] of that KVM_ARM_VCPU_INIT.
 * @stale_features: known feature bits an older kernel kept from an INIT
 *	it refused with ENOENT; the next INIT adds them.
 * @regs: the core registers, laid out as struct kvm_regs.
 * @sys_regs: values of the system registers, indexed by descriptor.
 * @ccsidr: CCSIDR_EL1 per CSSELR_EL1 value (6.12 keeps them per vCPU).
 * @timer_ctl: CNTV_CTL_EL0 / CNTP_CTL_EL0 as written (ISTATUS computed).
 * @timer_cval: CNTV_CVAL_EL0 / CNTP_CVAL_EL0.
 * @sve_vqs: vector lengths chosen (bit n: (n+1) quadwords).
 * @sve_finalized: KVM_ARM_VCPU_FINALIZE(KVM_ARM_VCPU_SVE) done.
 * @sve_state: Z0-31, P0-15, FFR at the maximum vector length, once
 *	finalized.
 */
struct kvm_vcpu_arm64 {
	struct kvm_vcpu vcpu;
	bool initialized;
	uint32_t features;
	uint32_t stale_features;
	struct kvm_regs regs;
	uint64_t sys_regs[KVM_ARM64_MAX_SYS_REGS];
	uint32_t ccsidr[KVM_ARM64_CSSELR_MAX];
	uint32_t timer_ctl[2];
	uint64_t timer_cval[2];
	uint64_t sve_vqs;
	bool sve_finalized;
	uint8_t *sve_state;
};

static inline bool vcpu_has_feature(const struct kvm_vcpu_arm64 *v, unsigned int f)
{
	return v->features & (1U << f);
}

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
