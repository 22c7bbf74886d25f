// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which ioctls each kind of fd takes: unknown numbers, non-KVM ioctls and
 * KVM ioctls meant for another kind of fd.  arm64 KVM answers EINVAL to
 * all of them, never ENOTTY.
 *
 * Expected values: tests/conform/real-*.txt, section "sys", lines
 * "<fd> ioctl <name>"; the same on 6.1 and 6.12.
 */
#include <sys/ioctl.h>

#include <criterion/criterion.h>

#include "kvm_util.h"

struct ioctl_case {
	char kernel[KERNEL_NAME_MAX];
	enum kvm_fd_kind fd;
	char name[40];
	unsigned long request;
	enum arg_kind arg_kind;
	unsigned long arg;
	struct result want;
};

static struct ioctl_case ioctl_cases[] = {
	/* real-*.txt "sys ioctl ..." */
	ON_ALL_KERNELS(SYS_FD, IOCTL(TCGETS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, "_IO(KVMIO,0xff)", _IO(KVMIO, 0xff), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, "ioctl(0)", 0, INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, "_IOW(KVMIO,0x00,u64)", _IOW(KVMIO, 0x00, uint64_t), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_GET_API_VERSION), INT(0), RET(12)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_GET_VCPU_MMAP_SIZE), INT(0), RET(8192)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_CHECK_EXTENSION), INT(KVM_CAP_USER_MEMORY), RET(1)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_RUN), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_GET_MP_STATE), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), ZEROS, ERR(EINVAL)),
	/* real-*.txt "vm ioctl ..." */
	ON_ALL_KERNELS(VM_FD, IOCTL(TCGETS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, "_IO(KVMIO,0xff)", _IO(KVMIO, 0xff), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, "ioctl(0)", 0, INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, "_IOW(KVMIO,0x00,u64)", _IOW(KVMIO, 0x00, uint64_t), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_GET_API_VERSION), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_GET_VCPU_MMAP_SIZE), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_CHECK_EXTENSION), INT(KVM_CAP_USER_MEMORY), RET(1)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_RUN), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_GET_MP_STATE), ZEROS, ERR(EINVAL)),
	/* All zeros: deleting slot 0, which does not exist. */
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), ZEROS, RET(0)),
	/* real-*.txt "vm ioctl KVM_CREATE_VM type=0" */
	ON_ALL_KERNELS(VM_FD, IOCTL(KVM_CREATE_VM), INT(0), ERR(EINVAL)),
	/* real-*.txt "vcpu0 ioctl ..." */
	ON_ALL_KERNELS(VCPU_FD, IOCTL(TCGETS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, "_IO(KVMIO,0xff)", _IO(KVMIO, 0xff), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, "ioctl(0)", 0, INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, "_IOW(KVMIO,0x00,u64)", _IOW(KVMIO, 0x00, uint64_t), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_GET_API_VERSION), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_GET_VCPU_MMAP_SIZE), INT(0), ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_CHECK_EXTENSION), INT(KVM_CAP_USER_MEMORY), ERR(EINVAL)),
	/* A vCPU's own ioctl: the vCPU is not initialised yet. */
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_RUN), INT(0), ERR(ENOEXEC)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_GET_MP_STATE), ZEROS, RET(0)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_SET_USER_MEMORY_REGION), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_ARM_PREFERRED_TARGET), ZEROS, ERR(EINVAL)),
	/* real-*.txt "vcpu0 ioctl KVM_CREATE_VCPU id=1", "sys ioctl KVM_CREATE_VCPU id=1" */
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_CREATE_VCPU), INT(1), ERR(EINVAL)),
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_CREATE_VCPU), INT(1), ERR(EINVAL)),
	/* real-*.txt "vcpu0 KVM_ENABLE_CAP cap=", "sys KVM_ENABLE_CAP cap=" (section enable_cap) */
	ON_ALL_KERNELS(SYS_FD, IOCTL(KVM_ENABLE_CAP), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(VCPU_FD, IOCTL(KVM_ENABLE_CAP), ZEROS, ERR(EINVAL)),
};

TEST_CASES(ioctl, on_each_kind_of_fd, ioctl_cases)
ParameterizedTest(struct ioctl_case *c, ioctl, on_each_kind_of_fd)
{
	int fd = kvm_open_fd_kind(c->kernel, c->fd);
	struct ioctl_arg_buf buf;
	unsigned long arg = ioctl_arg(&buf, c->arg_kind, c->arg);

	assert_result(__kvm_ioctl(fd, c->request, arg), &c->want, "%s: %s ioctl %s",
		      c->kernel, fd_kind_name(c->fd), c->name);
}

