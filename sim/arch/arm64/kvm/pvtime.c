// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * PV time (the kernel's arch/arm64/kvm/pvtime.c): where in guest memory a
 * vCPU's stolen-time structure lives, KVM_ARM_VCPU_PVTIME_CTRL, and the
 * structure itself: zeroed when the guest asks for it (PV_TIME_ST), its
 * stolen time advanced at each KVM_RUN by what the vCPU's thread waited on
 * a run queue since (the kernel's sched_info.run_delay; here the thread's
 * /proc schedstat).  Both modelled kernels are built with scheduler
 * statistics, so PV time is always offered.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "kvm_arm.h"

#define PVTIME_ALIGN	64
#define ST_SIZE		64	/* struct pvclock_vcpu_stolen_time */
#define ST_STOLEN_TIME	8	/* its le64 stolen_time */

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

/* The calling thread's run-queue wait in ns (schedstat's second field); 0 when unknown. */
static uint64_t run_delay(void)
{
	unsigned long long running, waiting;
	char buf[128];
	ssize_t n;
	int fd;

	fd = open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return sscanf(buf, "%llu %llu", &running, &waiting) == 2 ? waiting : 0;
}

/* PV_TIME_ST: the structure zeroed and its IPA, or INVALID_GPA when none was placed. */
uint64_t kvm_init_stolen_time(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint8_t zero[ST_SIZE] = { 0 };

	if (v->steal.base == INVALID_GPA)
		return INVALID_GPA;
	v->steal.last_steal = run_delay();
	kvm_write_guest(vcpu->kvm, vcpu, v->steal.base, zero, sizeof(zero));
	return v->steal.base;
}

/* At each KVM_RUN (the kernel's KVM_REQ_RECORD_STEAL on vcpu_load). */
void kvm_update_stolen_time(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t steal, last = v->steal.last_steal;

	if (v->steal.base == INVALID_GPA)
		return;
	if (kvm_read_guest(vcpu->kvm, v->steal.base + ST_STOLEN_TIME, &steal, sizeof(steal)))
		return;
	v->steal.last_steal = run_delay();
	steal += v->steal.last_steal - last;
	kvm_write_guest(vcpu->kvm, vcpu, v->steal.base + ST_STOLEN_TIME, &steal, sizeof(steal));
}
