// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * vCPU reset (the kernel's arch/arm64/kvm/reset.c): which feature sets the
 * host allows, and the register values a vCPU starts from.
 */
#include <errno.h>
#include <string.h>

#include "kvm_arm.h"

/* PSTATE at reset: EL1h with D, A, I, F masked; or AArch32 SVC, A, I, F masked. */
#define RESET_PSTATE_64		0x3c5ULL
#define RESET_PSTATE_32		0x1d3ULL

static bool host_has(struct kvm_vcpu *vcpu, unsigned int bit)
{
	return to_arm64_vm(vcpu->kvm)->host->features & bit;
}

/*
 * A 32-bit EL1 vCPU may not sit beside 64-bit ones, nor the reverse.
 * Called with the VM's arch_lock held, which guards every vCPU's
 * initialized/features.
 */
static bool width_allowed(struct kvm_vcpu *vcpu, uint32_t features)
{
	struct kvm *kvm = vcpu->kvm;
	bool is32 = features & (1U << KVM_ARM_VCPU_EL1_32BIT);
	unsigned int n = atomic_load(&kvm->online_vcpus);

	for (unsigned int i = 0; i < n; i++) {
		struct kvm_vcpu_arm64 *other = to_arm64_vcpu(kvm->vcpus[i]);

		if (&other->vcpu == vcpu || !other->initialized)
			continue;
		if (vcpu_has_feature(other, KVM_ARM_VCPU_EL1_32BIT) != is32)
			return false;
	}
	return true;
}

/* What the host and the other vCPUs allow; -EINVAL otherwise. */
int kvm_arm_vcpu_validate_features(struct kvm_vcpu *vcpu, uint32_t f)
{
	const uint32_t ptrauth = (1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS) |
				 (1U << KVM_ARM_VCPU_PTRAUTH_GENERIC);

	/* Real KVM takes EL1_32BIT together with SVE (both kernels). */
	if ((f & (1U << KVM_ARM_VCPU_EL1_32BIT)) && !host_has(vcpu, HOST_EL1_32BIT))
		return -EINVAL;
	/* MTE is AArch64's: a VM with it takes no 32-bit EL1 (6.1 and 6.12, arm64.mte). */
	if ((f & (1U << KVM_ARM_VCPU_EL1_32BIT)) && kvm_has_mte(vcpu->kvm))
		return -EINVAL;
	if ((f & (1U << KVM_ARM_VCPU_SVE)) && !host_has(vcpu, HOST_SVE))
		return -EINVAL;
	if ((f & (1U << KVM_ARM_VCPU_PMU_V3)) && !host_has(vcpu, HOST_PMU))
		return -EINVAL;
	/* Both pointer authentication bits, or neither. */
	if ((f & ptrauth) && ((f & ptrauth) != ptrauth || !host_has(vcpu, HOST_PTRAUTH)))
		return -EINVAL;
	if (!width_allowed(vcpu, f))
		return -EINVAL;
	return 0;
}

/*
 * A refused feature set @f: where the release enables SVE before it checks
 * pointer authentication and only that check failed, the vCPU keeps SVE
 * (the older kernel's GUEST_HAS_SVE flag, not its feature bit).
 */
void kvm_arm_vcpu_init_refused(struct kvm_vcpu *vcpu, uint32_t f)
{
	const uint32_t ptrauth = (1U << KVM_ARM_VCPU_PTRAUTH_ADDRESS) |
				 (1U << KVM_ARM_VCPU_PTRAUTH_GENERIC);
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if (!kvm_release(vcpu->kvm)->refused_init_keeps_sve || v->sve_left ||
	    !(f & (1U << KVM_ARM_VCPU_SVE)) || !(f & ptrauth) ||
	    kvm_arm_vcpu_validate_features(vcpu, f & ~ptrauth))
		return;
	v->sve_left = true;
	kvm_arm_vcpu_sve_reset(vcpu);
}

int kvm_reset_vcpu(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.regs.pstate = vcpu_has_feature(v, KVM_ARM_VCPU_EL1_32BIT) ?
			      RESET_PSTATE_32 : RESET_PSTATE_64;
	if (vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		kvm_arm_vcpu_sve_reset(vcpu);
	kvm_reset_sys_regs(vcpu);
	kvm_timer_vcpu_reset(vcpu);
	vcpu->mp_state.mp_state = vcpu_has_feature(v, KVM_ARM_VCPU_POWER_OFF) ?
				  KVM_MP_STATE_STOPPED : KVM_MP_STATE_RUNNABLE;
	return 0;
}
