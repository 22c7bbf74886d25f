// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * arm64 KVM: VM creation, capabilities, the VM and vCPU ioctls of
 * arch/arm64/kvm/arm.c, and the ops table generic code calls through.
 */
#include <errno.h>
#include <string.h>

#include <asm/kvm_host.h>

/* kvm_init_stage2_mmu()'s type checks: an IPA size, or 0 for 40 bits. */
static int kvm_arm64_init_vm(struct kvm *kvm, unsigned long type)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	unsigned int phys_shift;

	if (type & ~KVM_VM_TYPE_ARM_IPA_SIZE_MASK)
		return -EINVAL;
	phys_shift = KVM_VM_TYPE_ARM_IPA_SIZE(type);
	if (phys_shift) {
		if (phys_shift > kvm->profile->ipa_limit || phys_shift < ARM64_MIN_PARANGE_BITS)
			return -EINVAL;
	} else {
		phys_shift = KVM_PHYS_SHIFT;
	}
	arm->phys_shift = phys_shift;
	return 0;
}

static void kvm_arm64_destroy_vm(struct kvm *kvm)
{
}

static long kvm_arm64_check_extension(const struct kvm_profile *profile, struct kvm *kvm, long ext)
{
	const struct kvm_cap_answer *answer;

	switch (ext) {
	case KVM_CAP_NR_VCPUS:
		return profile->nr_cpus < KVM_MAX_VCPUS ? profile->nr_cpus : KVM_MAX_VCPUS;
	case KVM_CAP_MAX_VCPUS:
	case KVM_CAP_MAX_VCPU_ID:
		return kvm ? (long)kvm->max_vcpus : KVM_MAX_VCPUS;
	case KVM_CAP_ARM_VM_IPA_SIZE:
		return profile->ipa_limit;
	}
	answer = kvm_profile_cap(profile, ext);
	if (!answer)
		return 0;
	return kvm ? answer->vm : answer->sys;
}

/* arm64 has no system-fd ioctls of its own. */
static long kvm_arm64_dev_ioctl(const struct kvm_profile *profile, unsigned int ioctl,
				unsigned long arg)
{
	return -EINVAL;
}

static int kvm_vm_ioctl_preferred_target(unsigned long arg)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = KVM_ARM_TARGET_PREFERRED;
	return copy_to_user(arg, &init, sizeof(init));
}

static long kvm_arm64_vm_ioctl(struct kvm *kvm, unsigned int ioctl, unsigned long arg)
{
	switch (ioctl) {
	case KVM_ARM_PREFERRED_TARGET:
		return kvm_vm_ioctl_preferred_target(arg);
	default:
		return -EINVAL;
	}
}

/*
 * Eager page splitting (6.12): 0 turns it off, otherwise a block size the
 * host supports; only while the VM has no memory slot.
 */
static int kvm_arm64_set_split_chunk_size(struct kvm *kvm, uint64_t size)
{
	long sizes = kvm_arm64_check_extension(kvm->profile, kvm, KVM_CAP_ARM_SUPPORTED_BLOCK_SIZES);
	int r = -EINVAL;

	if (!sizes)
		return -EINVAL;	/* not a capability of this kernel */
	pthread_mutex_lock(&kvm->slots_lock);
	if (!kvm->nr_memslots &&
	    (!size || ((size & (size - 1)) == 0 && (size & (uint64_t)sizes)))) {
		to_arm64_vm(kvm)->split_chunk_size = size;
		r = 0;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_arm64_vm_enable_cap(struct kvm *kvm, const struct kvm_enable_cap *cap)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);

	if (cap->flags)
		return -EINVAL;
	switch (cap->cap) {
	case KVM_CAP_ARM_NISV_TO_USER:
		arm->return_nisv_to_user = true;
		return 0;
	case KVM_CAP_ARM_SYSTEM_SUSPEND:
		arm->system_suspend = true;
		return 0;
	case KVM_CAP_ARM_EAGER_SPLIT_CHUNK_SIZE:
		return kvm_arm64_set_split_chunk_size(kvm, cap->args[0]);
	default:
		return -EINVAL;
	}
}

static int kvm_arm64_vcpu_precreate(struct kvm *kvm, unsigned int id)
{
	return 0;
}

static int kvm_arm64_vcpu_create(struct kvm_vcpu *vcpu)
{
	return 0;
}

static void kvm_arm64_vcpu_destroy(struct kvm_vcpu *vcpu)
{
}

/* Any state but these three is refused; SUSPENDED needs no VM opt-in here. */
static int kvm_arm64_vcpu_set_mp_state(struct kvm_vcpu *vcpu, const struct kvm_mp_state *mp_state)
{
	switch (mp_state->mp_state) {
	case KVM_MP_STATE_RUNNABLE:
	case KVM_MP_STATE_STOPPED:
	case KVM_MP_STATE_SUSPENDED:
		vcpu->mp_state = *mp_state;
		return 0;
	default:
		return -EINVAL;
	}
}

static int kvm_arm64_vcpu_set_guest_debug(struct kvm_vcpu *vcpu, unsigned long arg)
{
	struct kvm_guest_debug dbg;

	if (copy_from_user(&dbg, arg, sizeof(dbg)))
		return -EFAULT;
	if (dbg.control & ~(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP |
			    KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW))
		return -EINVAL;
	return 0;
}

static long kvm_arm64_vcpu_ioctl(struct kvm_vcpu *vcpu, unsigned int ioctl, unsigned long arg)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	switch (ioctl) {
	case KVM_SET_ONE_REG:
	case KVM_GET_ONE_REG:
	case KVM_GET_REG_LIST:
	case KVM_ARM_VCPU_FINALIZE:
	case KVM_GET_VCPU_EVENTS:
	case KVM_SET_VCPU_EVENTS:
		if (!v->initialized)
			return -ENOEXEC;
		return -EINVAL;
	case KVM_SET_GUEST_DEBUG:
		return kvm_arm64_vcpu_set_guest_debug(vcpu, arg);
	case KVM_SET_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
	case KVM_HAS_DEVICE_ATTR: {
		struct kvm_device_attr attr;

		if (copy_from_user(&attr, arg, sizeof(attr)))
			return -EFAULT;
		/* No vCPU attribute group (PMU, timer, PV time) is modelled yet. */
		return -ENXIO;
	}
	default:
		return -EINVAL;
	}
}

static int kvm_arm64_vcpu_run(struct kvm_vcpu *vcpu)
{
	if (!to_arm64_vcpu(vcpu)->initialized)
		return -ENOEXEC;
	return -EINVAL;
}

/* kvm_arch_prepare_memory_region(): a slot must lie inside the VM's IPA space. */
static int kvm_arm64_prepare_memory_region(struct kvm *kvm, const struct kvm_memory_slot *old,
					   const struct kvm_memory_slot *new,
					   enum kvm_mr_change change)
{
	if (change != KVM_MR_CREATE && change != KVM_MR_MOVE && change != KVM_MR_FLAGS_ONLY)
		return 0;
	if (new->base_gfn + new->npages > kvm_phys_size(kvm) >> PAGE_SHIFT)
		return -EFAULT;
	return 0;
}

const struct kvm_arch_ops kvm_arm64_ops = {
	.name = "arm64",
	.vm_size = sizeof(struct kvm_arm64),
	.vcpu_size = sizeof(struct kvm_vcpu_arm64),
	.init_vm = kvm_arm64_init_vm,
	.destroy_vm = kvm_arm64_destroy_vm,
	.check_extension = kvm_arm64_check_extension,
	.dev_ioctl = kvm_arm64_dev_ioctl,
	.vm_ioctl = kvm_arm64_vm_ioctl,
	.vm_enable_cap = kvm_arm64_vm_enable_cap,
	.vcpu_precreate = kvm_arm64_vcpu_precreate,
	.vcpu_create = kvm_arm64_vcpu_create,
	.vcpu_destroy = kvm_arm64_vcpu_destroy,
	.vcpu_ioctl = kvm_arm64_vcpu_ioctl,
	.vcpu_set_mp_state = kvm_arm64_vcpu_set_mp_state,
	.vcpu_run = kvm_arm64_vcpu_run,
	.prepare_memory_region = kvm_arm64_prepare_memory_region,
};
