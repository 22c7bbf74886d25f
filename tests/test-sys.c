// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The system fd (/dev/kvm): API version, vCPU mmap size, capabilities on
 * the system and VM fds, a read-only open.
 *
 * Expected values: real KVM's transcripts, tests/conform/real-6.1.txt and
 * real-6.12.txt, section "sys"; each group cites its lines' prefix.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

/* real-*.txt "sys KVM_GET_API_VERSION arg=0 -> 12" and "arg=1 -> -1 EINVAL" */
KERNEL_TEST(sys, api_version_is_12)
{
	int kvm = kvm_open(kernel->name);

	assert_ret(__kvm_ioctl(kvm, KVM_GET_API_VERSION, 0), 12);
}

KERNEL_TEST(sys, api_version_with_an_argument_is_einval)
{
	int kvm = kvm_open(kernel->name);

	assert_errno(__kvm_ioctl(kvm, KVM_GET_API_VERSION, 1), EINVAL);
}

/* real-*.txt "sys KVM_GET_VCPU_MMAP_SIZE arg=0 -> 8192" and "arg=1 -> -1 EINVAL" */
KERNEL_TEST(sys, vcpu_mmap_size_is_two_pages)
{
	int kvm = kvm_open(kernel->name);

	assert_ret(__kvm_ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0), 8192);
}

KERNEL_TEST(sys, vcpu_mmap_size_with_an_argument_is_einval)
{
	int kvm = kvm_open(kernel->name);

	assert_errno(__kvm_ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 1), EINVAL);
}

/*
 * Every capability either fd answers other than 0, per kernel.
 * real-*.txt "sys KVM_CHECK_EXTENSION cap=" and "vm KVM_CHECK_EXTENSION cap="
 * (section sys).  KVM_CAP_NR_VCPUS is the host's CPU count ([vary]): below.
 * The capabilities of the host CPU's optional features and its IPA limit
 * have a row per host (the last column; the others are the same on every
 * host of the harness): qemu-max's from real-K.txt, qemu-n1's from
 * real-K-n1.txt, the same lines.
 */
struct cap_case {
	char kernel[KERNEL_NAME_MAX];
	long cap;
	char name[40];
	struct result sys, vm;
	char host[24];	/* "": every host; else the host CPU (require_host_cpu()) */
};

#define CAP(name)	KVM_CAP_##name, #name
#define ON_BOTH_FDS(v)	RET(v), RET(v)

static struct cap_case cap_cases[] = {
	ON_ALL_KERNELS(CAP(IRQCHIP), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(USER_MEMORY), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(NR_MEMSLOTS), ON_BOTH_FDS(32767)),
	ON_ALL_KERNELS(CAP(MP_STATE), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(COALESCED_MMIO), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(SYNC_MMU), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(DESTROY_MEMORY_REGION_WORKS), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(SET_GUEST_DEBUG), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(IRQ_ROUTING), ON_BOTH_FDS(4096)),
	ON_ALL_KERNELS(CAP(JOIN_MEMORY_REGIONS_WORKS), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(IRQFD), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(IOEVENTFD), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(INTERNAL_ERROR_DATA), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(VCPU_EVENTS), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(MAX_VCPUS), ON_BOTH_FDS(512)),
	ON_ALL_KERNELS(CAP(ONE_REG), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(SIGNAL_MSI), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(READONLY_MEM), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(IRQFD_RESAMPLE), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_PSCI), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_SET_DEVICE_ADDR), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(DEVICE_CTRL), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_EL1_32BIT), ON_BOTH_FDS(1), HOST_DEFAULT),
	ON_ALL_KERNELS(CAP(ARM_EL1_32BIT), ON_BOTH_FDS(0), HOST_N1),
	ON_ALL_KERNELS(CAP(ENABLE_CAP_VM), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_PSCI_0_2), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(CHECK_EXTENSION_VM), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(GUEST_DEBUG_HW_BPS), ON_BOTH_FDS(6)),
	ON_ALL_KERNELS(CAP(GUEST_DEBUG_HW_WPS), ON_BOTH_FDS(4)),
	ON_ALL_KERNELS(CAP(IOEVENTFD_ANY_LENGTH), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_PMU_V3), ON_BOTH_FDS(1), HOST_DEFAULT),
	ON_ALL_KERNELS(CAP(ARM_PMU_V3), ON_BOTH_FDS(0), HOST_N1),
	ON_ALL_KERNELS(CAP(VCPU_ATTRIBUTES), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(MAX_VCPU_ID), ON_BOTH_FDS(512)),
	/* The one capability the two fds answer differently ("caps-differing-from-sys 131"). */
	ON_ALL_KERNELS(CAP(MSI_DEVID), ERR(EINVAL), RET(0)),
	ON_ALL_KERNELS(CAP(IMMEDIATE_EXIT), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_USER_IRQ), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_INJECT_SERROR_ESR), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(COALESCED_PIO), ON_BOTH_FDS(1)),
	ON_6_1(CAP(ARM_VM_IPA_SIZE), ON_BOTH_FDS(48), HOST_DEFAULT),
	ON_6_12(CAP(ARM_VM_IPA_SIZE), ON_BOTH_FDS(52), HOST_DEFAULT),
	/* qemu-n1 has no LPA2: 48 on 6.12 too. */
	ON_ALL_KERNELS(CAP(ARM_VM_IPA_SIZE), ON_BOTH_FDS(48), HOST_N1),
	ON_ALL_KERNELS(CAP(MANUAL_DIRTY_LOG_PROTECT2), ON_BOTH_FDS(3)),
	ON_ALL_KERNELS(CAP(ARM_SVE), ON_BOTH_FDS(1), HOST_DEFAULT),
	ON_ALL_KERNELS(CAP(ARM_SVE), ON_BOTH_FDS(0), HOST_N1),
	ON_ALL_KERNELS(CAP(ARM_IRQ_LINE_LAYOUT_2), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_NISV_TO_USER), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_INJECT_EXT_DABT), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(HALT_POLL), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(STEAL_TIME), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(SET_GUEST_DEBUG2), ON_BOTH_FDS(196611)),
	ON_ALL_KERNELS(CAP(PTP_KVM), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(BINARY_STATS_FD), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(SYSTEM_EVENT_DATA), ON_BOTH_FDS(1)),
	ON_ALL_KERNELS(CAP(ARM_SYSTEM_SUSPEND), ON_BOTH_FDS(1)),
	/* New in 6.12 (0 on 6.1, so not listed there). */
	ON_6_12(CAP(DIRTY_LOG_RING_ACQ_REL), ON_BOTH_FDS(1048576)),
	ON_6_12(CAP(DIRTY_LOG_RING_WITH_BITMAP), ON_BOTH_FDS(1)),
	ON_6_12(CAP(COUNTER_OFFSET), ON_BOTH_FDS(1)),
	ON_6_12(CAP(ARM_SUPPORTED_BLOCK_SIZES), ON_BOTH_FDS(1075843072)),
	ON_6_12(CAP(ARM_SUPPORTED_REG_MASK_RANGES), ON_BOTH_FDS(1)),
	ON_6_12(CAP(USER_MEMORY2), ON_BOTH_FDS(1)),
};

TEST_CASES(sys, check_extension, cap_cases)
ParameterizedTest(struct cap_case *c, sys, check_extension)
{
	int kvm, vm;

	require_host_cpu(c->host);
	kvm = kvm_open(c->kernel);
	vm = kvm_create_vm(kvm, 0);
	assert_result(__kvm_check_extension(kvm, c->cap), &c->sys,
		      "%s: sys KVM_CHECK_EXTENSION %s", c->kernel, c->name);
	assert_result(__kvm_check_extension(vm, c->cap), &c->vm,
		      "%s: vm KVM_CHECK_EXTENSION %s", c->kernel, c->name);
}

static bool cap_listed(const char *kernel, long cap)
{
	for (size_t i = 0; i < ARRAY_SIZE(cap_cases); i++)
		if (cap_cases[i].cap == cap && kernel_is(kernel, cap_cases[i].kernel))
			return true;
	return false;
}

/*
 * real-*.txt "sys KVM_CHECK_EXTENSION cap=" 0 to 260: all the others are 0
 * (real-K-n1.txt too; qemu-max-pauth-mte answers 1 for its own two features'
 * capabilities: tests/test-ptrauth.c, tests/test-mte.c).
 */
KERNEL_TEST(sys, check_extension_of_every_other_cap_is_0)
{
	int kvm = kvm_open(kernel->name);
	int vm = kvm_create_vm(kvm, 0);
	const struct result zero = RET(0);

	for (long cap = 0; cap <= 260; cap++) {
		if (cap == KVM_CAP_NR_VCPUS || cap_listed(kernel->name, cap))
			continue;
		expect_result(__kvm_check_extension(kvm, cap), &zero, "sys cap %ld", cap);
		expect_result(__kvm_check_extension(vm, cap), &zero, "vm cap %ld", cap);
	}
}

/*
 * The argument is a long: no truncation to 32 bits, so USER_MEMORY (3) with
 * bit 32 set is an unknown capability.
 * real-*.txt "sys KVM_CHECK_EXTENSION cap=0x..." and "vm KVM_CHECK_EXTENSION cap=0x..."
 */
KERNEL_TEST(sys, check_extension_of_a_64_bit_cap_is_0)
{
	static const unsigned long sys_caps[] = {
		~0UL, 0x80000000UL, 0x100000000UL, 0x100000003UL, 0xffffffff00000003UL,
	};
	static const unsigned long vm_caps[] = { ~0UL, 0x100000003UL };
	const struct result zero = RET(0);
	int kvm = kvm_open(kernel->name);
	int vm = kvm_create_vm(kvm, 0);

	for (size_t i = 0; i < ARRAY_SIZE(sys_caps); i++)
		expect_result(__kvm_ioctl(kvm, KVM_CHECK_EXTENSION, sys_caps[i]), &zero,
			      "sys cap %#lx", sys_caps[i]);
	for (size_t i = 0; i < ARRAY_SIZE(vm_caps); i++)
		expect_result(__kvm_ioctl(vm, KVM_CHECK_EXTENSION, vm_caps[i]), &zero,
			      "vm cap %#lx", vm_caps[i]);
}

/*
 * The host's online CPUs, at most KVM_CAP_MAX_VCPUS: the transcripts mark
 * the value [vary] ("cap=KVM_CAP_NR_VCPUS(9) -> 2 [vary]"), so only its range
 * is asserted.
 */
KERNEL_TEST(sys, nr_vcpus_is_between_1_and_max_vcpus)
{
	int kvm = kvm_open(kernel->name);
	int vm = kvm_create_vm(kvm, 0);
	long sys_n = kvm_check_extension(kvm, KVM_CAP_NR_VCPUS);
	long vm_n = kvm_check_extension(vm, KVM_CAP_NR_VCPUS);

	cr_assert(sys_n >= 1 && sys_n <= 512, "sys NR_VCPUS %ld", sys_n);
	cr_assert(vm_n >= 1 && vm_n <= 512, "vm NR_VCPUS %ld", vm_n);
}

/*
 * /dev/kvm opened O_RDONLY still makes VMs and vCPUs.
 * real-*.txt "sys-ro open", "sys-ro KVM_GET_API_VERSION", "sys-ro KVM_CHECK_EXTENSION",
 * "sys-ro KVM_CREATE_VM", "sys-ro.vm KVM_CREATE_VCPU"
 */
KERNEL_TEST(sys, read_only_open_creates_vms_and_vcpus)
{
	int kvm = __kvm_open(kernel->name, O_RDONLY | O_CLOEXEC);
	int vm;

	cr_assert(kvm >= 0, "open O_RDONLY: %s", errno_name(errno));
	assert_ret(__kvm_ioctl(kvm, KVM_GET_API_VERSION, 0), 12);
	assert_ret(__kvm_check_extension(kvm, KVM_CAP_USER_MEMORY), 1);
	vm = kvm_create_vm(kvm, 0);
	vm_create_vcpu(vm, 0);
}
