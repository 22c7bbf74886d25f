// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A vCPU before KVM_ARM_VCPU_INIT: which ioctls refuse it (ENOEXEC), which
 * are not arm64's (EINVAL), which work, and KVM_GET/SET_MP_STATE.
 *
 * Expected values: tests/conform/real-*.txt, section "before_init"; the
 * same on 6.1 and 6.12.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define REG_PC		0x6030000000100040ULL	/* core register pc */
#define REG_MPIDR_EL1	0x603000000013c005ULL

struct before_init_case {
	char kernel[KERNEL_NAME_MAX];
	char name[40];
	unsigned long request;
	enum arg_kind arg_kind;
	unsigned long arg;
	struct result want;
};

/*
 * The "vCPU initialised?" check comes before anything is read, so even a
 * NULL argument is ENOEXEC.
 * real-*.txt "vcpu0 KVM_GET_ONE_REG NULL", "vcpu0 KVM_GET_REG_LIST NULL",
 * "vcpu0 KVM_RUN arg=", "vcpu0 KVM_ARM_VCPU_FINALIZE", "vcpu0 KVM_GET_REGS",
 * "vcpu0 KVM_SET_REGS", "vcpu0 KVM_GET_SREGS", "vcpu0 KVM_GET_FPU",
 * "vcpu0 KVM_GET_VCPU_EVENTS", "vcpu0 KVM_SET_GUEST_DEBUG (zeros)",
 * "vcpu0 KVM_HAS_DEVICE_ATTR group=0 attr=0"
 */
static struct before_init_case before_init_cases[] = {
	ON_ALL_KERNELS(IOCTL(KVM_GET_ONE_REG), INT(0), ERR(ENOEXEC)),
	ON_ALL_KERNELS(IOCTL(KVM_GET_REG_LIST), INT(0), ERR(ENOEXEC)),
	ON_ALL_KERNELS(IOCTL(KVM_RUN), INT(0), ERR(ENOEXEC)),
	/* KVM_RUN takes no argument: any is EINVAL, before the init check. */
	ON_ALL_KERNELS(IOCTL(KVM_RUN), INT(1), ERR(EINVAL)),
	ON_ALL_KERNELS(IOCTL(KVM_ARM_VCPU_FINALIZE), U32(4 /* KVM_ARM_VCPU_SVE */), ERR(ENOEXEC)),
	ON_ALL_KERNELS(IOCTL(KVM_ARM_VCPU_FINALIZE), U32(0), ERR(ENOEXEC)),
	ON_ALL_KERNELS(IOCTL(KVM_ARM_VCPU_FINALIZE), INT(0), ERR(ENOEXEC)),
	/* The generic register ioctls are not arm64's (ONE_REG instead). */
	ON_ALL_KERNELS(IOCTL(KVM_GET_REGS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(IOCTL(KVM_SET_REGS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(IOCTL(KVM_GET_SREGS), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(IOCTL(KVM_GET_FPU), ZEROS, ERR(EINVAL)),
	ON_ALL_KERNELS(IOCTL(KVM_GET_VCPU_EVENTS), ZEROS, ERR(ENOEXEC)),
	ON_ALL_KERNELS(IOCTL(KVM_SET_GUEST_DEBUG), ZEROS, RET(0)),
	ON_ALL_KERNELS(IOCTL(KVM_HAS_DEVICE_ATTR), ZEROS, ERR(ENXIO)),
};

TEST_CASES(vcpu, before_init, before_init_cases)
ParameterizedTest(struct before_init_case *c, vcpu, before_init)
{
	int vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	struct ioctl_arg_buf buf;
	unsigned long arg = ioctl_arg(&buf, c->arg_kind, c->arg);

	assert_result(__vcpu_ioctl(vcpu, c->request, arg), &c->want, "%s: %s arg %#lx",
		      c->kernel, c->name, c->arg);
}

/*
 * ONE_REG refuses every id, known or not, and writes nothing back.
 * real-*.txt "vcpu0 KVM_GET_ONE_REG pc -> -1 ENOEXEC val=untouched",
 * "vcpu0 KVM_SET_ONE_REG pc=", "vcpu0 KVM_GET_ONE_REG id=0", "vcpu0 KVM_GET_ONE_REG MPIDR_EL1"
 */
KERNEL_TEST(vcpu, one_reg_before_init_is_enoexec)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint64_t val = 0x1122334455667788ULL;
	struct kvm_one_reg reg = { .id = REG_PC, .addr = (uintptr_t)&val };

	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg), ENOEXEC);
	cr_assert_eq(val, 0x1122334455667788ULL, "KVM_GET_ONE_REG wrote %#llx",
		     (unsigned long long)val);
	assert_errno(__vcpu_ioctl(vcpu, KVM_SET_ONE_REG, &reg), ENOEXEC);
	reg.id = 0;
	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg), ENOEXEC);
	reg.id = REG_MPIDR_EL1;
	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_ONE_REG, &reg), ENOEXEC);
}

/*
 * KVM_GET_REG_LIST refuses before looking at n, and leaves it.
 * real-*.txt "vcpu0 KVM_GET_REG_LIST n=0 -> -1 ENOEXEC n=0", "n=1000 -> -1 ENOEXEC n=1000"
 */
KERNEL_TEST(vcpu, reg_list_before_init_is_enoexec)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);
	uint64_t list[1 + 1000] = { 0 };

	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_REG_LIST, list), ENOEXEC);
	cr_assert_eq(list[0], 0);
	list[0] = 1000;
	assert_errno(__vcpu_ioctl(vcpu, KVM_GET_REG_LIST, list), ENOEXEC);
	cr_assert_eq(list[0], 1000);
}

/*
 * A new vCPU is RUNNABLE (0); only RUNNABLE, STOPPED (5) and SUSPENDED (10)
 * may be set, and a refused state leaves the old one.
 * real-*.txt "vcpu0 KVM_GET_MP_STATE -> 0 mp_state=0", "vcpu0 KVM_SET_MP_STATE mp_state=",
 * "vcpu1 KVM_GET_MP_STATE -> 0 mp_state=0"
 */
KERNEL_TEST(vcpu, new_vcpu_is_runnable)
{
	int vm = vm_create(kernel->name);

	cr_assert_eq(vcpu_get_mp_state(vm_create_vcpu(vm, 0)), KVM_MP_STATE_RUNNABLE);
	cr_assert_eq(vcpu_get_mp_state(vm_create_vcpu(vm, 1)), KVM_MP_STATE_RUNNABLE);
}

/* From the state the transcript had before each: RUNNABLE, then STOPPED from 5 on. */
struct mp_state_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t before;
	uint32_t state;
	struct result want;
};

static struct mp_state_case mp_state_cases[] = {
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_RUNNABLE, RET(0)),
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, 1, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, 2, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, 3, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, 4, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_STOPPED, RET(0)),
	ON_ALL_KERNELS(KVM_MP_STATE_STOPPED, 6, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_STOPPED, 7, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_STOPPED, 8, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_STOPPED, 9, ERR(EINVAL)),
	ON_ALL_KERNELS(KVM_MP_STATE_STOPPED, KVM_MP_STATE_SUSPENDED, RET(0)),
};

TEST_CASES(vcpu, set_mp_state, mp_state_cases)
ParameterizedTest(struct mp_state_case *c, vcpu, set_mp_state)
{
	int vcpu = vm_create_vcpu(vm_create(c->kernel), 0);

	if (c->before != KVM_MP_STATE_RUNNABLE)
		vcpu_set_mp_state(vcpu, c->before);
	assert_result(__vcpu_set_mp_state(vcpu, c->state), &c->want,
		      "%s: KVM_SET_MP_STATE mp_state=%u", c->kernel, c->state);
	cr_assert_eq(vcpu_get_mp_state(vcpu), c->want.ret == 0 ? c->state : c->before);
}

/* real-*.txt "vcpu0 KVM_SET_MP_STATE mp_state=0 (back) -> 0" */
KERNEL_TEST(vcpu, set_mp_state_back_to_runnable)
{
	int vcpu = vm_create_vcpu(vm_create(kernel->name), 0);

	vcpu_set_mp_state(vcpu, KVM_MP_STATE_SUSPENDED);
	vcpu_set_mp_state(vcpu, KVM_MP_STATE_RUNNABLE);
	cr_assert_eq(vcpu_get_mp_state(vcpu), KVM_MP_STATE_RUNNABLE);
}
