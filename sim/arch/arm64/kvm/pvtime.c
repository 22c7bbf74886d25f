// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PV time (the kernel's arch/arm64/kvm/pvtime.c): where in guest memory a
 * vCPU's stolen-time structure lives, KVM_ARM_VCPU_PVTIME_CTRL.  Both
 * modelled kernels are built with scheduler statistics, so PV time is
 * always offered.
 */
#include <errno.h>

#include "kvm_arm.h"

#define PVTIME_ALIGN	64

void kvm_arm_pvtime_vcpu_init(struct kvm_vcpu *vcpu)
{
	to_arm64_vcpu(vcpu)->steal.base = INVALID_GPA;
}

/*
 * Set once per vCPU, initialised or not, in a writable memory slot; the
 * IPA outlives the slot, a re-init and KVM_RUN (arm64.vcpu-attr
 * "attr.pvtime").  No check keeps two vCPUs apart.
 */
int kvm_arm_pvtime_set_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm *kvm = vcpu->kvm;
	const struct kvm_memory_slot *slot;
	uint64_t ipa;
	int r = 0;

	if (attr->attr != KVM_ARM_VCPU_PVTIME_IPA)
		return -ENXIO;
	if (copy_from_user(&ipa, attr->addr, sizeof(ipa)))
		return -EFAULT;
	if (ipa % PVTIME_ALIGN)
		return -EINVAL;
	if (v->steal.base != INVALID_GPA)
		return -EEXIST;
	pthread_mutex_lock(&kvm->slots_lock);
	slot = kvm_find_memslot(kvm, ipa >> PAGE_SHIFT);
	if (!slot || (slot->flags & KVM_MEM_READONLY))
		r = -EINVAL;
	pthread_mutex_unlock(&kvm->slots_lock);
	if (!r)
		v->steal.base = ipa;
	return r;
}

int kvm_arm_pvtime_get_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	uint64_t ipa = to_arm64_vcpu(vcpu)->steal.base;

	if (attr->attr != KVM_ARM_VCPU_PVTIME_IPA)
		return -ENXIO;
	return copy_to_user(attr->addr, &ipa, sizeof(ipa));
}

int kvm_arm_pvtime_has_attr(struct kvm_vcpu *vcpu, const struct kvm_device_attr *attr)
{
	return attr->attr == KVM_ARM_VCPU_PVTIME_IPA ? 0 : -ENXIO;
}
