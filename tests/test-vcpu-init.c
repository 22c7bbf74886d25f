// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_ARM_VCPU_INIT: the target check, each feature bit and the host's
 * rules for them, the argument pointer, re-init (what it resets, which
 * feature changes it refuses), the width and feature rules between the
 * vCPUs of one VM, and what a refused INIT leaves behind, with the
 * differences between 6.1 and 6.12.  The before-init refusals (ENOEXEC) are
 * tests/test-vcpu.c's.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.init"; the
 * harness's default CPU has no pointer authentication.  The cases of the
 * optional features (32-bit EL1, PMU, SVE) run where the host offers them
 * (require_vcpu_features()); which of them a host offers is checked by
 * tests/test-sys.c's capability rows, and here by feature_bit's row of each
 * host.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define POWER_OFF	FEATURE(POWER_OFF)
#define EL1_32BIT	FEATURE(EL1_32BIT)
#define PSCI		FEATURE(PSCI_0_2)
#define PMU		FEATURE(PMU_V3)
#define SVE		FEATURE(SVE)
#define PTRAUTH_ADDRESS	FEATURE(PTRAUTH_ADDRESS)
#define PTRAUTH_GENERIC	FEATURE(PTRAUTH_GENERIC)
#define BIT7		(1U << 7)	/* KVM_ARM_VCPU_HAS_EL2: refused with ENOENT */
#define X0		CORE_REG(regs.regs[0])

static int new_vcpu(const char *kernel)
{
	return vm_create_vcpu(vm_create(kernel), 0);
}

/* ---- target and features ------------------------------------------------- */

/*
 * Only the preferred target (KVM_ARM_TARGET_GENERIC_V8 = 5) is accepted.
 * real-*.txt "init.target<n> KVM_ARM_VCPU_INIT target=<n> features=0x0,... -> ..."
 */
KERNEL_TEST(vcpu_init, only_preferred_target)
{
	const uint32_t features[7] = { 0 };

	for (uint32_t target = 0; target <= 8; target++) {
		const struct result want = OK_OR_ERR(target == PREFERRED_TARGET, EINVAL);

		expect_result(__vcpu_init_target(new_vcpu(kernel->name), target, features), &want,
			      "%s: target=%u", kernel->name, target);
	}
}

struct feature_case {
	char kernel[KERNEL_NAME_MAX];
	unsigned int word;
	uint32_t tried;		/* the bits tried, each alone */
	uint32_t taken;		/* those accepted */
	uint32_t einval;	/* those refused with EINVAL; the rest are ENOENT */
	char host[24];		/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * Bits 0-4 are features qemu-max has; 5 and 6 (pointer authentication)
 * are known but the host lacks them, EINVAL (each alone, on
 * qemu-max-pauth-mte too); bit 7 (HAS_EL2: no nested virtualisation here)
 * and up are ENOENT, in every word.  qemu-n1 has only POWER_OFF and
 * PSCI_0_2 of them: 32-bit EL1, the PMU and SVE are EINVAL there.
 * real-*.txt and real-*-n1.txt "init.feature<w>.bit<b> KVM_ARM_VCPU_INIT
 * target=5 features=... -> ..."
 */
#define ENDS	(1U | 1U << 31)
static struct feature_case feature_cases[] = {
	ON_ALL_KERNELS(0, ~0U, POWER_OFF | EL1_32BIT | PSCI | PMU | SVE,
		       PTRAUTH_ADDRESS | PTRAUTH_GENERIC, HOST_DEFAULT),
	ON_ALL_KERNELS(0, ~0U, POWER_OFF | PSCI,
		       EL1_32BIT | PMU | SVE | PTRAUTH_ADDRESS | PTRAUTH_GENERIC, HOST_N1),
	ON_ALL_KERNELS(1, ENDS, 0, 0),
	ON_ALL_KERNELS(2, ENDS, 0, 0),
	ON_ALL_KERNELS(3, ENDS, 0, 0),
	ON_ALL_KERNELS(4, ENDS, 0, 0),
	ON_ALL_KERNELS(5, ENDS, 0, 0),
	ON_ALL_KERNELS(6, ENDS, 0, 0),
};

TEST_CASES(vcpu_init, feature_bit, feature_cases)
ParameterizedTest(struct feature_case *c, vcpu_init, feature_bit)
{
	require_host_cpu(c->host);
	for (unsigned int bit = 0; bit < 32; bit++) {
		uint32_t features[7] = { 0 }, f = 1U << bit;
		const struct result want = OK_OR_ERR(c->taken & f, c->einval & f ? EINVAL : ENOENT);

		if (!(c->tried & f))
			continue;
		features[c->word] = f;
		expect_result(__vcpu_init_target(new_vcpu(c->kernel), PREFERRED_TARGET, features),
			      &want, "%s: features[%u] bit %u", c->kernel, c->word, bit);
	}
}

struct combo_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t features;
	struct result want;
};

/*
 * Known features combine freely, 32-bit EL1 with SVE and with the PMU
 * included (where the host has them); pointer authentication stays refused
 * with both its bits, on a host without it.
 * real-*.txt "init.combo0x<f> KVM_ARM_VCPU_INIT target=5 features=0x<f>,... -> ..."
 */
static struct combo_case combo_cases[] = {
	ON_ALL_KERNELS(PTRAUTH_ADDRESS | PTRAUTH_GENERIC, ERR(EINVAL)),
	ON_ALL_KERNELS(PSCI | PMU | SVE, RET(0)),
	ON_ALL_KERNELS(EL1_32BIT | SVE, RET(0)),
	ON_ALL_KERNELS(EL1_32BIT | PMU, RET(0)),
	ON_ALL_KERNELS(POWER_OFF | PSCI, RET(0)),
	ON_ALL_KERNELS(0x7f, ERR(EINVAL)),
};

TEST_CASES(vcpu_init, feature_combination, combo_cases)
ParameterizedTest(struct combo_case *c, vcpu_init, feature_combination)
{
	if (c->features & (PTRAUTH_ADDRESS | PTRAUTH_GENERIC))
		require_host_without_cap(KVM_CAP_ARM_PTRAUTH_GENERIC);
	else
		require_vcpu_features(c->features);
	assert_result(__vcpu_init(new_vcpu(c->kernel), c->features), &c->want,
		      "%s: features %#x", c->kernel, c->features);
}

/* real-*.txt "init.feature0.bit0 KVM_GET_MP_STATE -> 0 mp_state=5" */
KERNEL_TEST(vcpu_init, power_off_starts_stopped)
{
	int vcpu = new_vcpu(kernel->name);

	vcpu_init(vcpu, POWER_OFF);
	cr_assert_eq(vcpu_get_mp_state(vcpu), KVM_MP_STATE_STOPPED);
}

/* real-*.txt "init.arg KVM_ARM_VCPU_INIT NULL -> -1 EFAULT", "init.arg KVM_ARM_VCPU_INIT noaccess -> -1 EFAULT" */
KERNEL_TEST(vcpu_init, bad_argument_is_efault)
{
	int vcpu = new_vcpu(kernel->name);

	assert_errno(__vcpu_ioctl(vcpu, KVM_ARM_VCPU_INIT, NULL), EFAULT);
	assert_errno(__vcpu_ioctl(vcpu, KVM_ARM_VCPU_INIT, noaccess_addr()), EFAULT);
}

/* ---- re-init --------------------------------------------------------------- */

struct reinit_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint32_t first, again;
	struct result want;
	uint64_t x0;		/* x0 afterwards, 0x1234 written between the two */
	uint32_t mp_state;	/* and the mp_state */
};

/*
 * INIT again resets the registers and must ask for the same features;
 * 6.12 leaves POWER_OFF out of that comparison.  A refused re-init changes
 * nothing.  An SVE vCPU may be re-initialised after finalize.
 * real-*.txt "init.reinit.<name> KVM_ARM_VCPU_INIT ...", "init.reinit.<name> get core:0x0/64",
 * "init.reinit.<name> KVM_GET_MP_STATE"
 */
static struct reinit_case reinit_cases[] = {
	ON_ALL_KERNELS("same", PSCI, PSCI, RET(0), 0, KVM_MP_STATE_RUNNABLE),
	ON_6_1("add-poweroff", PSCI, PSCI | POWER_OFF, ERR(EINVAL), 0x1234, KVM_MP_STATE_RUNNABLE),
	ON_6_12("add-poweroff", PSCI, PSCI | POWER_OFF, RET(0), 0, KVM_MP_STATE_STOPPED),
	ON_6_1("drop-poweroff", PSCI | POWER_OFF, PSCI, ERR(EINVAL), 0x1234, KVM_MP_STATE_STOPPED),
	ON_6_12("drop-poweroff", PSCI | POWER_OFF, PSCI, RET(0), 0, KVM_MP_STATE_RUNNABLE),
	ON_ALL_KERNELS("add-pmu", PSCI, PSCI | PMU, ERR(EINVAL), 0x1234, KVM_MP_STATE_RUNNABLE),
	ON_ALL_KERNELS("drop-psci", PSCI, 0, ERR(EINVAL), 0x1234, KVM_MP_STATE_RUNNABLE),
	ON_ALL_KERNELS("add-32bit", 0, EL1_32BIT, ERR(EINVAL), 0x1234, KVM_MP_STATE_RUNNABLE),
	ON_ALL_KERNELS("sve-same", SVE, SVE, RET(0), 0, KVM_MP_STATE_RUNNABLE),
};

TEST_CASES(vcpu_init, reinit, reinit_cases)
ParameterizedTest(struct reinit_case *c, vcpu_init, reinit)
{
	int vcpu;

	require_vcpu_features(c->first | c->again);
	vcpu = new_vcpu(c->kernel);

	vcpu_init(vcpu, c->first);
	vcpu_set_reg(vcpu, X0, 0x1234);
	if (c->first & SVE)
		vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	assert_result(__vcpu_init(vcpu, c->again), &c->want, "%s: reinit.%s", c->kernel, c->name);
	cr_assert_eq(vcpu_get_reg(vcpu, X0), c->x0, "%s: reinit.%s: x0", c->kernel, c->name);
	cr_assert_eq(vcpu_get_mp_state(vcpu), c->mp_state, "%s: reinit.%s: mp_state", c->kernel,
		     c->name);
}

/* real-*.txt "init.reinit.target KVM_ARM_VCPU_INIT target=0 features=0x0,... -> -1 EINVAL" */
KERNEL_TEST(vcpu_init, reinit_with_other_target_is_einval)
{
	int vcpu = new_vcpu(kernel->name);
	const uint32_t features[7] = { 0 };

	vcpu_init(vcpu, 0);
	assert_errno(__vcpu_init_target(vcpu, 0, features), EINVAL);
}

/* ---- vCPUs of one VM ------------------------------------------------------- */

struct vm_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint32_t first, second;	/* features of vCPU 0, then of vCPU 1 */
	struct result want;	/* vCPU 1's INIT */
};

/*
 * All vCPUs of a VM have one width; 6.12 also wants the same features in
 * all of them (POWER_OFF aside), 6.1 does not.
 * real-*.txt "init.vm.<name> KVM_ARM_VCPU_INIT ..." (the second line of each)
 */
static struct vm_case vm_cases[] = {
	ON_ALL_KERNELS("same", PSCI, PSCI, RET(0)),
	ON_ALL_KERNELS("64-then-32", 0, EL1_32BIT, ERR(EINVAL)),
	ON_ALL_KERNELS("32-then-64", EL1_32BIT, 0, ERR(EINVAL)),
	ON_6_1("psci-then-pmu", PSCI, PSCI | PMU, RET(0)),
	ON_6_12("psci-then-pmu", PSCI, PSCI | PMU, ERR(EINVAL)),
	ON_6_1("pmu-then-plain", PMU, 0, RET(0)),
	ON_6_12("pmu-then-plain", PMU, 0, ERR(EINVAL)),
	ON_ALL_KERNELS("poweroff-then-on", POWER_OFF, 0, RET(0)),
	ON_6_1("plain-then-sve", 0, SVE, RET(0)),
	ON_6_12("plain-then-sve", 0, SVE, ERR(EINVAL)),
};

TEST_CASES(vcpu_init, same_vm, vm_cases)
ParameterizedTest(struct vm_case *c, vcpu_init, same_vm)
{
	int vm, vcpu0, vcpu1;

	require_vcpu_features(c->first | c->second);
	vm = vm_create(c->kernel);
	vcpu0 = vm_create_vcpu(vm, 0);
	vcpu1 = vm_create_vcpu(vm, 1);

	vcpu_init(vcpu0, c->first);
	assert_result(__vcpu_init(vcpu1, c->second), &c->want, "%s: vm.%s", c->kernel, c->name);
	/* real-*.txt "init.vm.<name> KVM_GET_MP_STATE -> 0 mp_state=0" */
	cr_assert_eq(vcpu_get_mp_state(vcpu1), KVM_MP_STATE_RUNNABLE);
}

/* real-*.txt "init.vm.create-after KVM_CREATE_VCPU id=0x1 -> fd", "... KVM_ARM_VCPU_INIT ... -> 0" */
KERNEL_TEST(vcpu_init, create_vcpu_after_init)
{
	int vm = vm_create(kernel->name);

	vcpu_init(vm_create_vcpu(vm, 0), PSCI);
	vcpu_init(vm_create_vcpu(vm, 1), PSCI);
}

/* ---- after a refused INIT -------------------------------------------------- */

struct refused_case {
	char kernel[KERNEL_NAME_MAX];
	struct result plain;	/* vCPU 0's INIT without features, then */
	struct result psci;	/* with PSCI_0_2 */
};

/*
 * vCPU 0 refused (an unknown bit), vCPU 1 initialised with PSCI_0_2: on 6.1
 * vCPU 0 is still free to choose, then bound to its choice; 6.12 has
 * taken the VM's features from vCPU 1.
 * real-*.txt "init.vm.after-failed KVM_ARM_VCPU_INIT ..."
 */
static struct refused_case after_failed_cases[] = {
	ON_6_1(RET(0), ERR(EINVAL)),
	ON_6_12(ERR(EINVAL), RET(0)),
};

TEST_CASES(vcpu_init, after_failed_in_vm, after_failed_cases)
ParameterizedTest(struct refused_case *c, vcpu_init, after_failed_in_vm)
{
	int vm = vm_create(c->kernel);
	int vcpu0 = vm_create_vcpu(vm, 0), vcpu1 = vm_create_vcpu(vm, 1);

	assert_errno(__vcpu_init(vcpu0, BIT7), ENOENT);
	vcpu_init(vcpu1, PSCI);
	assert_result(__vcpu_init(vcpu0, 0), &c->plain, "%s: features 0", c->kernel);
	assert_result(__vcpu_init(vcpu0, PSCI), &c->psci, "%s: features PSCI", c->kernel);
}

struct refused_then_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t psci_version;	/* after INIT without features */
	struct result psci;	/* INIT again with PSCI_0_2 */
};

/*
 * A refused INIT with PSCI_0_2 and an unknown bit, then INIT without
 * features: 6.1 kept PSCI_0_2 from the refused call (PSCI 1.1, and
 * re-init with PSCI_0_2 is "the same"), 6.12 did not (PSCI 0.1).
 * real-*.txt "init.refused-then get fw:0 -> 0 val=...", "init.refused-then KVM_ARM_VCPU_INIT
 * target=5 features=0x4,... -> ..."
 */
static struct refused_then_case refused_then_cases[] = {
	ON_6_1(0x10001, RET(0)),
	ON_6_12(0x1, ERR(EINVAL)),
};

TEST_CASES(vcpu_init, refused_init_leftovers, refused_then_cases)
ParameterizedTest(struct refused_then_case *c, vcpu_init, refused_init_leftovers)
{
	int vcpu = new_vcpu(c->kernel);

	assert_errno(__vcpu_init(vcpu, PSCI | BIT7), ENOENT);
	vcpu_init(vcpu, 0);
	cr_assert_eq(vcpu_get_reg(vcpu, KVM_REG_ARM_PSCI_VERSION), c->psci_version);
	assert_result(__vcpu_init(vcpu, PSCI), &c->psci, "%s: re-init with PSCI", c->kernel);
}

struct refused_pmu_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t n;
};

/*
 * A refused INIT with PMU_V3 leaves no PMU registers behind: the list is
 * the base one (PTRAUTH_ADDRESS alone is refused on every host).  A case
 * of a host with a PMU.
 * real-*.txt "init.refused-ptrauth KVM_GET_REG_LIST n=0 -> -1 E2BIG n=..."
 */
static struct refused_pmu_case refused_pmu_cases[] = {
	ON_6_1(242),
	ON_6_12(259),
};

TEST_CASES(vcpu_init, refused_pmu_leaves_no_registers, refused_pmu_cases)
ParameterizedTest(struct refused_pmu_case *c, vcpu_init, refused_pmu_leaves_no_registers)
{
	struct kvm_reg_list list = { .n = 0 };
	int vcpu;

	require_vcpu_features(PMU);
	vcpu = new_vcpu(c->kernel);

	assert_errno(__vcpu_init(vcpu, PMU | PTRAUTH_ADDRESS), EINVAL);
	vcpu_init(vcpu, 0);
	assert_errno(__vcpu_get_reg_list(vcpu, &list), E2BIG);
	cr_assert_eq(list.n, c->n);
}
