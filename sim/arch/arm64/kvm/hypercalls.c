// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Firmware pseudo-registers (the kernel's arch/arm64/kvm/hypercalls.c):
 * the PSCI version, the SMCCC workaround levels and the three firmware
 * feature bitmaps.
 */
#include <errno.h>

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
static uint64_t psci_version(struct kvm_vcpu *vcpu)
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
		*ret_val = psci_version(vcpu);
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

/* Only bits the host offers may be set. */
static int set_bmap(struct kvm_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	unsigned int n = (unsigned int)(id & 0xffff);

	if (val & ~host_fw(vcpu, HOST_ENC_FW_BMAP(n)))
		return -EINVAL;
	pthread_mutex_lock(&arm->arch_lock);
	arm->fw_bmap[n] = val;
	pthread_mutex_unlock(&arm->arch_lock);
	return 0;
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
