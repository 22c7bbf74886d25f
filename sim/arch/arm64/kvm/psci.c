// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PSCI over HVC (the kernel's arch/arm64/kvm/psci.c): the function sets of
 * PSCI 0.1 (KVM's own function ids), 0.2, 1.0 and 1.1, as the VM's
 * KVM_REG_ARM_PSCI_VERSION selects them.  Results go to x0, x1-x3 are
 * cleared, except where a call leaves to userspace with a system event.
 */
#include <string.h>

#include <linux/psci.h>

#include "kvm_arm.h"

#define PSCI_VER(maj, min)		PSCI_VERSION(maj, min)
/* An SMC32 id with the SMC64 bit: the uapi header names only some of them. */
#define FN64(fn)			((fn) | PSCI_0_2_64BIT)
#define SMCCC_VERSION_FUNC_ID		0x80000000U


static void smccc_set_retval(struct kvm_vcpu *vcpu, uint64_t a0, uint64_t a1, uint64_t a2,
			     uint64_t a3)
{
	vcpu_set_reg(vcpu, 0, a0);
	vcpu_set_reg(vcpu, 1, a1);
	vcpu_set_reg(vcpu, 2, a2);
	vcpu_set_reg(vcpu, 3, a3);
}

static bool vcpu_is_32bit(struct kvm_vcpu *vcpu)
{
	return to_arm64_vcpu(vcpu)->regs.regs.pstate & 0x10;
}

static uint64_t vcpu_mpidr_aff(struct kvm_vcpu *vcpu)
{
	uint64_t *mpidr = vcpu_sys_reg_ptr(vcpu, SYS_MPIDR_EL1);

	return mpidr ? *mpidr & MPIDR_HWID_BITMASK : 0;
}

/* The SMC32 functions take 32-bit arguments: the upper halves are dropped in place. */
static void narrow_to_32bit(struct kvm_vcpu *vcpu)
{
	for (unsigned int i = 1; i < 4; i++)
		vcpu_set_reg(vcpu, i, (uint32_t)vcpu_get_reg(vcpu, i));
}

static struct kvm_vcpu *mpidr_to_vcpu(struct kvm *kvm, uint64_t mpidr)
{
	unsigned int n = atomic_load(&kvm->online_vcpus);

	for (unsigned int i = 0; i < n; i++)
		if (vcpu_mpidr_aff(kvm->vcpus[i]) == (mpidr & MPIDR_HWID_BITMASK))
			return kvm->vcpus[i];
	return NULL;
}

/*
 * CPU_ON: the target is reset to the entry point with the context id in
 * x0 before it next runs (or is looked at); it is runnable at once.
 */
static long psci_vcpu_on(struct kvm_vcpu *source)
{
	struct kvm_arm64 *arm = to_arm64_vm(source->kvm);
	uint64_t cpu_id = vcpu_get_reg(source, 1);
	struct kvm_vcpu *vcpu;
	long r = PSCI_RET_SUCCESS;

	if (cpu_id & ~MPIDR_HWID_BITMASK)
		return PSCI_RET_INVALID_PARAMS;
	vcpu = mpidr_to_vcpu(source->kvm, cpu_id);
	if (!vcpu)
		return PSCI_RET_INVALID_PARAMS;
	pthread_mutex_lock(&arm->run_lock);
	if (!kvm_arm_vcpu_stopped(vcpu)) {
		r = kvm_psci_version(source) != PSCI_VER(0, 1) ? PSCI_RET_ALREADY_ON :
								  PSCI_RET_INVALID_PARAMS;
	} else {
		struct vcpu_reset_state *rs = &to_arm64_vcpu(vcpu)->reset_state;

		rs->pc = vcpu_get_reg(source, 2);
		rs->r0 = vcpu_get_reg(source, 3);
		/* Release: vcpu_apply_reset() looks without the lock. */
		__atomic_store_n(&rs->reset, true, __ATOMIC_RELEASE);
		__atomic_store_n(&vcpu->mp_state.mp_state, KVM_MP_STATE_RUNNABLE, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&arm->run_cond);
	}
	pthread_mutex_unlock(&arm->run_lock);
	return r;
}

static long psci_affinity_info(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;
	uint64_t target = vcpu_get_reg(vcpu, 1), level = vcpu_get_reg(vcpu, 2), mask;
	unsigned int n = atomic_load(&kvm->online_vcpus), matching = 0;

	if (target & ~MPIDR_HWID_BITMASK || level > 3)
		return PSCI_RET_INVALID_PARAMS;
	mask = MPIDR_HWID_BITMASK & ~((1ULL << (level * 8)) - 1);
	target &= mask;
	for (unsigned int i = 0; i < n; i++) {
		struct kvm_vcpu *tmp = kvm->vcpus[i];

		if ((vcpu_mpidr_aff(tmp) & mask) != target)
			continue;
		matching++;
		if (!kvm_arm_vcpu_stopped(tmp))
			return PSCI_0_2_AFFINITY_LEVEL_ON;
	}
	return matching ? PSCI_0_2_AFFINITY_LEVEL_OFF : PSCI_RET_INVALID_PARAMS;
}

/*
 * SYSTEM_OFF and the resets stop every vCPU before userspace sees the
 * event, so that none runs on until the VMM has re-initialised them.
 */
static void prepare_system_event(struct kvm_vcpu *vcpu, uint32_t type, uint64_t flags)
{
	struct kvm *kvm = vcpu->kvm;
	unsigned int n = atomic_load(&kvm->online_vcpus);

	for (unsigned int i = 0; i < n; i++)
		kvm_arm_vcpu_power_off(kvm->vcpus[i]);
	memset(&vcpu->run->system_event, 0, sizeof(vcpu->run->system_event));
	vcpu->run->system_event.type = type;
	vcpu->run->system_event.ndata = 1;
	vcpu->run->system_event.data[0] = flags;
	vcpu->run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
}

static int psci_0_2_call(struct kvm_vcpu *vcpu)
{
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 0);
	long val;

	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
		val = PSCI_VER(0, 2);
		break;
	case PSCI_0_2_FN_CPU_SUSPEND:
	case FN64(PSCI_0_2_FN_CPU_SUSPEND):
		/* Suspend is a WFI: every state keeps the registers. */
		kvm_vcpu_wfi(vcpu);
		val = PSCI_RET_SUCCESS;
		break;
	case PSCI_0_2_FN_CPU_OFF:
		kvm_arm_vcpu_power_off(vcpu);
		val = PSCI_RET_SUCCESS;
		break;
	case PSCI_0_2_FN_CPU_ON:
		narrow_to_32bit(vcpu);
		/* fall through */
	case FN64(PSCI_0_2_FN_CPU_ON):
		val = psci_vcpu_on(vcpu);
		break;
	case PSCI_0_2_FN_AFFINITY_INFO:
		narrow_to_32bit(vcpu);
		/* fall through */
	case FN64(PSCI_0_2_FN_AFFINITY_INFO):
		val = psci_affinity_info(vcpu);
		break;
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
		val = PSCI_0_2_TOS_MP;
		break;
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
		prepare_system_event(vcpu, fn == PSCI_0_2_FN_SYSTEM_OFF ? KVM_SYSTEM_EVENT_SHUTDOWN :
				     KVM_SYSTEM_EVENT_RESET, 0);
		/* A VMM that resumes the vCPU anyway shows the guest a failure. */
		smccc_set_retval(vcpu, (uint64_t)PSCI_RET_INTERNAL_FAILURE, 0, 0, 0);
		return 0;
	default:
		val = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	smccc_set_retval(vcpu, (uint64_t)val, 0, 0, 0);
	return 1;
}

static long psci_features(struct kvm_vcpu *vcpu, uint32_t minor)
{
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 1);

	if ((fn & PSCI_0_2_64BIT) && vcpu_is_32bit(vcpu))
		return PSCI_RET_NOT_SUPPORTED;
	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
	case PSCI_0_2_FN_CPU_SUSPEND:
	case FN64(PSCI_0_2_FN_CPU_SUSPEND):
	case PSCI_0_2_FN_CPU_OFF:
	case PSCI_0_2_FN_CPU_ON:
	case FN64(PSCI_0_2_FN_CPU_ON):
	case PSCI_0_2_FN_AFFINITY_INFO:
	case FN64(PSCI_0_2_FN_AFFINITY_INFO):
	case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
	case PSCI_0_2_FN_SYSTEM_OFF:
	case PSCI_0_2_FN_SYSTEM_RESET:
	case PSCI_1_0_FN_PSCI_FEATURES:
	case SMCCC_VERSION_FUNC_ID:
		return PSCI_RET_SUCCESS;
	case PSCI_1_0_FN_SYSTEM_SUSPEND:
	case FN64(PSCI_1_0_FN_SYSTEM_SUSPEND):
		return to_arm64_vm(vcpu->kvm)->system_suspend ? PSCI_RET_SUCCESS :
								 PSCI_RET_NOT_SUPPORTED;
	case PSCI_1_1_FN_SYSTEM_RESET2:
	case FN64(PSCI_1_1_FN_SYSTEM_RESET2):
		return minor >= 1 ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

static int psci_1_x_call(struct kvm_vcpu *vcpu, uint32_t minor)
{
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 0), type;
	long val;

	switch (fn) {
	case PSCI_0_2_FN_PSCI_VERSION:
		val = PSCI_VER(1, minor);
		break;
	case PSCI_1_0_FN_PSCI_FEATURES:
		val = psci_features(vcpu, minor);
		break;
	case PSCI_1_0_FN_SYSTEM_SUSPEND:
	case FN64(PSCI_1_0_FN_SYSTEM_SUSPEND):
		if (!to_arm64_vm(vcpu->kvm)->system_suspend)
			return psci_0_2_call(vcpu);
		if (fn == PSCI_1_0_FN_SYSTEM_SUSPEND)
			narrow_to_32bit(vcpu);
		/* Userspace decides: no data, the registers as the guest left them. */
		memset(&vcpu->run->system_event, 0, sizeof(vcpu->run->system_event));
		vcpu->run->system_event.type = KVM_SYSTEM_EVENT_SUSPEND;
		vcpu->run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
		return 0;
	case PSCI_1_1_FN_SYSTEM_RESET2:
	case FN64(PSCI_1_1_FN_SYSTEM_RESET2):
		if (minor < 1)
			return psci_0_2_call(vcpu);
		if (fn == PSCI_1_1_FN_SYSTEM_RESET2)
			narrow_to_32bit(vcpu);
		type = (uint32_t)vcpu_get_reg(vcpu, 1);
		if (type <= PSCI_1_1_RESET_TYPE_SYSTEM_WARM_RESET || type >= PSCI_1_1_RESET_TYPE_VENDOR_START) {
			prepare_system_event(vcpu, KVM_SYSTEM_EVENT_RESET,
					     KVM_SYSTEM_EVENT_RESET_FLAG_PSCI_RESET2);
			vcpu_set_reg(vcpu, 0, (uint64_t)PSCI_RET_INTERNAL_FAILURE);
			return 0;
		}
		val = PSCI_RET_INVALID_PARAMS;
		break;
	default:
		return psci_0_2_call(vcpu);
	}
	smccc_set_retval(vcpu, (uint64_t)val, 0, 0, 0);
	return 1;
}

static int psci_0_1_call(struct kvm_vcpu *vcpu)
{
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 0);
	long val;

	switch (fn) {
	case KVM_PSCI_FN_CPU_OFF:
		kvm_arm_vcpu_power_off(vcpu);
		val = PSCI_RET_SUCCESS;
		break;
	case KVM_PSCI_FN_CPU_ON:
		val = psci_vcpu_on(vcpu);
		break;
	default:
		val = PSCI_RET_NOT_SUPPORTED;
		break;
	}
	smccc_set_retval(vcpu, (uint64_t)val, 0, 0, 0);
	return 1;
}

/* 1: back to the guest; 0: to userspace (system event). */
int kvm_psci_call(struct kvm_vcpu *vcpu)
{
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 0);

	/* A 32-bit guest may not call the SMC64 functions. */
	if ((fn & PSCI_0_2_64BIT) && vcpu_is_32bit(vcpu)) {
		smccc_set_retval(vcpu, (uint64_t)PSCI_RET_NOT_SUPPORTED, 0, 0, 0);
		return 1;
	}
	switch (kvm_psci_version(vcpu)) {
	case PSCI_VER(1, 1):
		return psci_1_x_call(vcpu, 1);
	case PSCI_VER(1, 0):
		return psci_1_x_call(vcpu, 0);
	case PSCI_VER(0, 2):
		return psci_0_2_call(vcpu);
	default:
		return psci_0_1_call(vcpu);
	}
}
