// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of the KVM ioctls the arm64 ABI defines (uapi/linux/kvm.h), for
 * the simulator's messages, fault-injection rules and tracing.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include <linux/kvm_host.h>

#include "names.h"

#define MAX_ERRNO	4095	/* the kernel's: larger "errors" are values */

#define IOCTL(n) { n, #n }

static const struct {
	unsigned int nr;
	const char *name;
} kvm_ioctls[] = {
	IOCTL(KVM_GET_API_VERSION),
	IOCTL(KVM_CREATE_VM),
	IOCTL(KVM_CHECK_EXTENSION),
	IOCTL(KVM_GET_VCPU_MMAP_SIZE),
	IOCTL(KVM_CREATE_VCPU),
	IOCTL(KVM_GET_DIRTY_LOG),
	IOCTL(KVM_SET_USER_MEMORY_REGION),
	IOCTL(KVM_SET_USER_MEMORY_REGION2),
	IOCTL(KVM_CREATE_IRQCHIP),
	IOCTL(KVM_IRQ_LINE),
	IOCTL(KVM_GET_IRQCHIP),
	IOCTL(KVM_SET_IRQCHIP),
	IOCTL(KVM_IRQ_LINE_STATUS),
	IOCTL(KVM_SET_GSI_ROUTING),
	IOCTL(KVM_IRQFD),
	IOCTL(KVM_IOEVENTFD),
	IOCTL(KVM_SIGNAL_MSI),
	IOCTL(KVM_ARM_SET_DEVICE_ADDR),
	IOCTL(KVM_SET_PMU_EVENT_FILTER),
	IOCTL(KVM_ARM_MTE_COPY_TAGS),
	IOCTL(KVM_ARM_SET_COUNTER_OFFSET),
	IOCTL(KVM_ARM_GET_REG_WRITABLE_MASKS),
	IOCTL(KVM_CLEAR_DIRTY_LOG),
	IOCTL(KVM_RESET_DIRTY_RINGS),
	IOCTL(KVM_SET_MEMORY_ATTRIBUTES),
	IOCTL(KVM_CREATE_GUEST_MEMFD),
	IOCTL(KVM_CREATE_DEVICE),
	IOCTL(KVM_RUN),
	IOCTL(KVM_GET_REGS),
	IOCTL(KVM_SET_REGS),
	IOCTL(KVM_GET_SREGS),
	IOCTL(KVM_SET_SREGS),
	IOCTL(KVM_TRANSLATE),
	IOCTL(KVM_INTERRUPT),
	IOCTL(KVM_SET_SIGNAL_MASK),
	IOCTL(KVM_GET_FPU),
	IOCTL(KVM_SET_FPU),
	IOCTL(KVM_GET_MP_STATE),
	IOCTL(KVM_SET_MP_STATE),
	IOCTL(KVM_SET_GUEST_DEBUG),
	IOCTL(KVM_GET_VCPU_EVENTS),
	IOCTL(KVM_SET_VCPU_EVENTS),
	IOCTL(KVM_GET_ONE_REG),
	IOCTL(KVM_SET_ONE_REG),
	IOCTL(KVM_ARM_VCPU_INIT),
	IOCTL(KVM_ARM_PREFERRED_TARGET),
	IOCTL(KVM_GET_REG_LIST),
	IOCTL(KVM_ARM_VCPU_FINALIZE),
	IOCTL(KVM_PRE_FAULT_MEMORY),
	IOCTL(KVM_ENABLE_CAP),
	IOCTL(KVM_GET_STATS_FD),
	IOCTL(KVM_SET_DEVICE_ATTR),
	IOCTL(KVM_GET_DEVICE_ATTR),
	IOCTL(KVM_HAS_DEVICE_ATTR),
};

const char *kvm_ioctl_name(unsigned int ioctl)
{
	for (size_t i = 0; i < ARRAY_SIZE(kvm_ioctls); i++)
		if (kvm_ioctls[i].nr == ioctl)
			return kvm_ioctls[i].name;
	return NULL;
}

int kvm_ioctl_lookup(const char *name, size_t len, unsigned int *ret_ioctl)
{
	for (size_t i = 0; i < ARRAY_SIZE(kvm_ioctls); i++) {
		if (strlen(kvm_ioctls[i].name) == len &&
		    !strncasecmp(kvm_ioctls[i].name, name, len)) {
			*ret_ioctl = kvm_ioctls[i].nr;
			return 0;
		}
	}
	return -ENOENT;
}

const char *kvm_errno_name(int err)
{
	return err > 0 ? strerrorname_np(err) : NULL;
}

int kvm_errno_lookup(const char *name, size_t len, int *ret_err)
{
	const char *known;

	for (int err = 1; err <= MAX_ERRNO; err++) {
		known = strerrorname_np(err);
		if (known && strlen(known) == len && !strncmp(known, name, len)) {
			*ret_err = err;
			return 0;
		}
	}
	return -ENOENT;
}
