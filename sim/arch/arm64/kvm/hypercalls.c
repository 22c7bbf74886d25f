// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Firmware pseudo-registers (the kernel's arch/arm64/kvm/hypercalls.c):
 * the PSCI version, the SMCCC workaround levels and the three firmware
 * feature bitmaps; and the SMCCC calls a guest makes with HVC, which the
 * bitmaps gate (PSCI itself is psci.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "kvm_arm.h"

#define PSCI_VER(maj, min)	(((uint64_t)(maj) << 16) | (min))
#define WA_LEVEL_MASK		0xfULL
#define WA2_ENABLED		(1ULL << 4)
#define WA2_NOT_AVAIL		0
#define WA2_UNKNOWN		1
#define WA2_AVAIL		2

static const uint64_t fw_reg_ids[] = {
	KVM_REG_ARM_PSCI_VERSION,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
	KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
	KVM_REG_ARM_STD_BMAP,
	KVM_REG_ARM_STD_HYP_BMAP,
	KVM_REG_ARM_VENDOR_HYP_BMAP,
};

static uint64_t host_fw(struct kvm_vcpu *vcpu, uint32_t enc)
{
	uint64_t val = 0;

	kvm_arm64_host_value(vcpu->kvm, enc, 0, &val);
	return val;
}

void kvm_arm_init_hypercalls(struct kvm *kvm)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);

	/* The newest PSCI the kernel speaks, until userspace picks another. */
	arm->psci_version = PSCI_VER(1, 1);
	for (unsigned int i = 0; i < KVM_ARM_NR_FW_BMAPS; i++)
		kvm_arm64_host_value(kvm, HOST_ENC_FW_BMAP(i), 0, &arm->fw_bmap[i]);
}

unsigned long kvm_arm_get_fw_num_regs(struct kvm_vcpu *vcpu)
{
	return sizeof(fw_reg_ids) / sizeof(fw_reg_ids[0]);
}

int kvm_arm_copy_fw_reg_indices(struct kvm_vcpu *vcpu, unsigned long uindices)
{
	return copy_to_user(uindices, fw_reg_ids, sizeof(fw_reg_ids));
}

/* PSCI 0.1 for vCPUs without KVM_ARM_VCPU_PSCI_0_2, else the VM's choice. */
uint32_t kvm_psci_version(struct kvm_vcpu *vcpu)
{
	if (!vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_PSCI_0_2))
		return PSCI_VER(0, 1);
	return to_arm64_vm(vcpu->kvm)->psci_version;
}

static int fw_reg_value(struct kvm_vcpu *vcpu, uint64_t id, uint64_t *ret_val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	switch (id) {
	case KVM_REG_ARM_PSCI_VERSION:
		*ret_val = kvm_psci_version(vcpu);
		return 0;
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		*ret_val = host_fw(vcpu, HOST_ENC_WORKAROUND((uint32_t)(id & 0xffff)));
		return 0;
	case KVM_REG_ARM_STD_BMAP:
	case KVM_REG_ARM_STD_HYP_BMAP:
	case KVM_REG_ARM_VENDOR_HYP_BMAP:
		pthread_mutex_lock(&arm->arch_lock);
		*ret_val = arm->fw_bmap[id & 0xffff];
		pthread_mutex_unlock(&arm->arch_lock);
		return 0;
	default:
		return -ENOENT;
	}
}

int kvm_arm_get_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint64_t val;
	int r;

	if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -ENOENT;
	r = fw_reg_value(vcpu, reg->id, &val);
	if (r)
		return r;
	return copy_to_user(reg->addr, &val, sizeof(val));
}

/*
 * A workaround level may be set to what the host offers or lower; for
 * workaround 2, "unknown" stands in for "not available" and the enable
 * bit only goes with "available".
 */
static int set_workaround(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	uint64_t host = host_fw(vcpu, HOST_ENC_WORKAROUND((uint32_t)(id & 0xffff)));
	uint64_t level = val & WA_LEVEL_MASK;

	if (id != KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2)
		return val & ~WA_LEVEL_MASK || level > host ? -EINVAL : 0;
	if (val & ~(WA_LEVEL_MASK | WA2_ENABLED))
		return -EINVAL;
	if ((val & WA2_ENABLED) && level != WA2_AVAIL)
		return -EINVAL;
	if (level > host && !(host == WA2_NOT_AVAIL && level == WA2_UNKNOWN))
		return -EINVAL;
	return 0;
}

static int set_psci_version(struct kvm_vcpu *vcpu, uint64_t val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	if (!vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_PSCI_0_2))
		return val == PSCI_VER(0, 1) ? 0 : -EINVAL;
	if (val != PSCI_VER(0, 2) && val != PSCI_VER(1, 0) && val != PSCI_VER(1, 1))
		return -EINVAL;
	arm->psci_version = (uint32_t)val;
	return 0;
}

/*
 * Only bits the host offers may be set; once the VM has run, only the
 * value the bitmap has (arm64.ran-once: EBUSY on both releases, the
 * unknown bit still EINVAL).
 */
static int set_bmap(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	unsigned int n = (unsigned int)(id & 0xffff);
	int r = 0;

	if (val & ~host_fw(vcpu, HOST_ENC_FW_BMAP(n)))
		return -EINVAL;
	pthread_mutex_lock(&arm->arch_lock);
	if (arm->has_ran_once && val != arm->fw_bmap[n])
		r = -EBUSY;
	else
		arm->fw_bmap[n] = val;
	pthread_mutex_unlock(&arm->arch_lock);
	return r;
}

int kvm_arm_set_fw_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	uint64_t val;

	if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -ENOENT;
	if (copy_from_user(&val, reg->addr, sizeof(val)))
		return -EFAULT;
	switch (reg->id) {
	case KVM_REG_ARM_PSCI_VERSION:
		return set_psci_version(vcpu, val);
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1:
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2:
	case KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3:
		return set_workaround(vcpu, reg->id, val);
	case KVM_REG_ARM_STD_BMAP:
	case KVM_REG_ARM_STD_HYP_BMAP:
	case KVM_REG_ARM_VENDOR_HYP_BMAP:
		return set_bmap(vcpu, reg->id, val);
	default:
		return -ENOENT;
	}
}

/* ---- SMCCC calls ------------------------------------------------------- */

#define SMCCC_RET_SUCCESS		0
#define SMCCC_RET_NOT_SUPPORTED		(-1)
#define SMCCC_RET_NOT_REQUIRED		(-2)
#define SMCCC_RET_INVALID_PARAMETER	(-3)
#define SMCCC_ARCH_WORKAROUND_UNAFFECTED 1
#define SMCCC_VERSION_1_1		0x10001U

#define FN_SMCCC_VERSION		0x80000000U
#define FN_SMCCC_ARCH_FEATURES		0x80000001U
#define FN_WORKAROUND_1			0x80008000U
#define FN_WORKAROUND_2			0x80007fffU
#define FN_WORKAROUND_3			0x80003fffU
#define FN_PV_TIME_FEATURES		0xc5000020U
#define FN_PV_TIME_ST			0xc5000021U
#define FN_VENDOR_KVM_FEATURES		0x86000000U
#define FN_VENDOR_CALL_UID		0x8600ff01U
#define FN_TRNG_VERSION			0x84000050U
#define FN_TRNG_FEATURES		0x84000051U
#define FN_TRNG_GET_UUID		0x84000052U
#define FN_TRNG_RND32			0x84000053U
#define FN_TRNG_RND64			0xc4000053U
#define KVM_PSCI_FN_FIRST		0x95c1ba5eU	/* KVM's PSCI 0.1 ids, 4 of them */

#define STD_BIT_TRNG_V1_0		(1ULL << 0)
#define STD_HYP_BIT_PV_TIME		(1ULL << 0)
#define VENDOR_HYP_BIT_FUNC_FEAT	(1ULL << 0)

/* KVM's UUID (VENDOR_HYP_CALL_UID) and the TRNG's, as four little-endian words. */
static const uint32_t kvm_vendor_uid[4] = { 0xb66fb428, 0xe911c52e, 0x564bcaa9, 0x743a004d };
static const uint32_t trng_uuid[4] = { 0x00e0210d, 0xeb118443, 0x44527080, 0x4c5a4e55 };

/* What ARCH_FEATURES says for a workaround, from the host's firmware level. */
static long workaround_answer(struct kvm_vcpu *vcpu, unsigned int n)
{
	uint64_t level = host_fw(vcpu, HOST_ENC_WORKAROUND(n));

	if (n == 2) {
		/* Levels: not available, unknown, available, not required. */
		return level == WA2_AVAIL ? SMCCC_RET_SUCCESS :
		       level == 3 ? SMCCC_RET_NOT_REQUIRED : SMCCC_RET_NOT_SUPPORTED;
	}
	/* Levels: not available, available, not required (unaffected). */
	return level == 1 ? SMCCC_RET_SUCCESS :
	       level == 2 ? SMCCC_ARCH_WORKAROUND_UNAFFECTED : SMCCC_RET_NOT_SUPPORTED;
}

static long arch_features(struct kvm_vcpu *vcpu, uint32_t fn)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);

	switch (fn) {
	case FN_WORKAROUND_1:
		return workaround_answer(vcpu, 1);
	case FN_WORKAROUND_2:
		return workaround_answer(vcpu, 2);
	case FN_WORKAROUND_3:
		return workaround_answer(vcpu, 3);
	case FN_PV_TIME_FEATURES:
		return arm->fw_bmap[1] & STD_HYP_BIT_PV_TIME ? SMCCC_RET_SUCCESS :
							       SMCCC_RET_NOT_SUPPORTED;
	default:
		return SMCCC_RET_NOT_SUPPORTED;
	}
}

/* TRNG 1.0: @bits random bits (at most 96 or 192) in x1-x3, the highest first. */
static void trng_rnd(uint64_t val[4], uint64_t bits, bool smc64)
{
	unsigned int width = smc64 ? 64 : 32, max = 3 * width;
	uint64_t rnd[3] = { 0 };

	if (!bits || bits > max || getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		val[0] = (uint64_t)(long)SMCCC_RET_INVALID_PARAMETER;
		return;
	}
	val[0] = SMCCC_RET_SUCCESS;
	for (unsigned int i = 0; i < 3; i++) {
		unsigned int lo = (2 - i) * width;
		uint64_t mask = width == 64 ? ~0ULL : 0xffffffffULL;

		if (bits <= lo)
			continue;
		if (bits - lo < width)
			mask = (1ULL << (bits - lo)) - 1;
		val[i + 1] = rnd[i] & mask;
	}
}

static bool trng_call(uint32_t fn, uint64_t arg, uint64_t val[4])
{
	switch (fn) {
	case FN_TRNG_VERSION:
		val[0] = 0x10000;	/* 1.0 */
		return true;
	case FN_TRNG_FEATURES:
		val[0] = arg >= FN_TRNG_VERSION && arg <= FN_TRNG_RND32 ? SMCCC_RET_SUCCESS :
			 arg == FN_TRNG_RND64 ? SMCCC_RET_SUCCESS :
			 (uint64_t)(long)SMCCC_RET_NOT_SUPPORTED;
		return true;
	case FN_TRNG_GET_UUID:
		for (unsigned int i = 0; i < 4; i++)
			val[i] = trng_uuid[i];
		return true;
	case FN_TRNG_RND32:
	case FN_TRNG_RND64:
		trng_rnd(val, arg, fn == FN_TRNG_RND64);
		return true;
	default:
		return false;
	}
}

/* Functions the firmware bitmaps switch off answer NOT_SUPPORTED. */
static bool smccc_call_allowed(struct kvm_vcpu *vcpu, uint32_t fn)
{
	const uint64_t *bmap = to_arm64_vm(vcpu->kvm)->fw_bmap;

	if (fn >= FN_TRNG_VERSION && fn <= FN_TRNG_RND32)
		return bmap[0] & STD_BIT_TRNG_V1_0;
	switch (fn) {
	case FN_TRNG_RND64:
		return bmap[0] & STD_BIT_TRNG_V1_0;
	case FN_PV_TIME_FEATURES:
	case FN_PV_TIME_ST:
		return bmap[1] & STD_HYP_BIT_PV_TIME;
	case FN_VENDOR_KVM_FEATURES:
	case FN_VENDOR_CALL_UID:
		return bmap[2] & VENDOR_HYP_BIT_FUNC_FEAT;
	case FN_SMCCC_VERSION:
	case FN_SMCCC_ARCH_FEATURES:
		return true;
	default:
		/* PSCI (standard service, functions 0-0x1f) and KVM's PSCI 0.1 ids. */
		if ((fn & 0x3f000000U) == 0x04000000U && (fn & 0xffffU) <= 0x1f)
			return true;
		return fn >= KVM_PSCI_FN_FIRST && fn < KVM_PSCI_FN_FIRST + 4;
	}
}

/* ---- the SMCCC filter (6.12) ------------------------------------------ */

struct kvm_smccc_range {
	uint32_t start, end;	/* inclusive */
	uint8_t action;		/* KVM_SMCCC_FILTER_* */
};

/*
 * The architecture's calls, SMC32 and SMC64 (function numbers 0-0xffff of
 * the Arm Architecture service): the kernel puts them in every VM's filter
 * with the action HANDLE, so a VMM can never take them over.
 */
static const struct kvm_smccc_range smccc_arch_ranges[] = {
	{ 0x80000000U, 0x8000ffffU, KVM_SMCCC_FILTER_HANDLE },
	{ 0xc0000000U, 0xc000ffffU, KVM_SMCCC_FILTER_HANDLE },
};

static bool ranges_overlap(const struct kvm_smccc_range *r, uint32_t start, uint32_t end)
{
	return start <= r->end && r->start <= end;
}

/* kvm_smccc_set_filter(); the kernel's maple-tree insert refuses any overlap. */
int kvm_smccc_set_filter(struct kvm *kvm, unsigned long uaddr)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct kvm_smccc_filter filter;
	struct kvm_smccc_range *ranges;
	uint32_t start, end;
	int r = 0;

	if (copy_from_user(&filter, uaddr, sizeof(filter)))
		return -EFAULT;
	for (size_t i = 0; i < sizeof(filter.pad); i++)
		if (filter.pad[i])
			return -EINVAL;
	start = filter.base;
	end = start + filter.nr_functions - 1;
	/* An empty range is EINVAL even from base 0, where end does not wrap below (recorded). */
	if (!filter.nr_functions || end < start || filter.action > KVM_SMCCC_FILTER_FWD_TO_USER)
		return -EINVAL;

	pthread_mutex_lock(&arm->arch_lock);
	if (arm->has_ran_once) {
		r = -EBUSY;
		goto out;
	}
	for (size_t i = 0; i < ARRAY_SIZE(smccc_arch_ranges); i++)
		if (ranges_overlap(&smccc_arch_ranges[i], start, end))
			r = -EEXIST;
	for (size_t i = 0; i < arm->nr_smccc_filter; i++)
		if (ranges_overlap(&arm->smccc_filter[i], start, end))
			r = -EEXIST;
	if (r)
		goto out;
	ranges = realloc(arm->smccc_filter, (arm->nr_smccc_filter + 1) * sizeof(*ranges));
	if (!ranges) {
		r = -ENOMEM;
		goto out;
	}
	ranges[arm->nr_smccc_filter++] = (struct kvm_smccc_range){ start, end, filter.action };
	arm->smccc_filter = ranges;
out:
	pthread_mutex_unlock(&arm->arch_lock);
	return r;
}

void kvm_smccc_destroy_filter(struct kvm *kvm)
{
	free(to_arm64_vm(kvm)->smccc_filter);
	to_arm64_vm(kvm)->smccc_filter = NULL;
}

/* kvm_smccc_filter_get_action(): HANDLE where no range says otherwise. */
static uint8_t smccc_filter_action(struct kvm *kvm, uint32_t fn)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	uint8_t action = KVM_SMCCC_FILTER_HANDLE;

	pthread_mutex_lock(&arm->arch_lock);
	for (size_t i = 0; i < arm->nr_smccc_filter; i++)
		if (ranges_overlap(&arm->smccc_filter[i], fn, fn))
			action = arm->smccc_filter[i].action;
	pthread_mutex_unlock(&arm->arch_lock);
	return action;
}

/* kvm_prepare_hypercall_exit(): the call, for the VMM to answer in x0-x3. */
static void kvm_prepare_hypercall_exit(struct kvm_vcpu *vcpu, uint32_t fn, bool smc)
{
	struct kvm_run *run = vcpu->run;

	run->exit_reason = KVM_EXIT_HYPERCALL;
	memset(&run->hypercall, 0, sizeof(run->hypercall));
	run->hypercall.nr = fn;
	/* An AArch64 HVC or SMC is a 32-bit instruction: never EXIT_16BIT. */
	run->hypercall.flags = smc ? KVM_HYPERCALL_EXIT_SMC : 0;
}

/*
 * An HVC (and on newer kernels an SMC): 1 back to the guest, 0 to
 * userspace.  The function id is x0's low 32 bits.  The filter's DENY and
 * FWD_TO_USER come before the firmware bitmaps.
 */
int kvm_smccc_call_handler(struct kvm_vcpu *vcpu, bool smc)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	uint32_t fn = (uint32_t)vcpu_get_reg(vcpu, 0);
	uint64_t val[4] = { (uint64_t)(long)SMCCC_RET_NOT_SUPPORTED, 0, 0, 0 };

	switch (smccc_filter_action(vcpu->kvm, fn)) {
	case KVM_SMCCC_FILTER_DENY:
		goto out;
	case KVM_SMCCC_FILTER_FWD_TO_USER:
		kvm_prepare_hypercall_exit(vcpu, fn, smc);
		return 0;
	default:
		break;
	}
	if (!smccc_call_allowed(vcpu, fn))
		goto out;
	switch (fn) {
	case FN_SMCCC_VERSION:
		val[0] = SMCCC_VERSION_1_1;
		break;
	case FN_SMCCC_ARCH_FEATURES:
		val[0] = (uint64_t)arch_features(vcpu, (uint32_t)vcpu_get_reg(vcpu, 1));
		break;
	case FN_PV_TIME_FEATURES:
		fn = (uint32_t)vcpu_get_reg(vcpu, 1);
		if (fn == FN_PV_TIME_FEATURES || fn == FN_PV_TIME_ST)
			val[0] = SMCCC_RET_SUCCESS;
		break;
	case FN_PV_TIME_ST:
		val[0] = kvm_init_stolen_time(vcpu);	/* INVALID_GPA is NOT_SUPPORTED */
		break;
	case FN_VENDOR_CALL_UID:
		for (unsigned int i = 0; i < 4; i++)
			val[i] = kvm_vendor_uid[i];
		break;
	case FN_VENDOR_KVM_FEATURES:
		val[0] = arm->fw_bmap[2];
		break;
	default:
		if (trng_call(fn, vcpu_get_reg(vcpu, 1), val))
			break;
		return kvm_psci_call(vcpu);
	}
out:
	for (unsigned int i = 0; i < 4; i++)
		vcpu_set_reg(vcpu, i, val[i]);
	return 1;
}
