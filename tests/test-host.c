// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host CPU profiles: what KVM offers depends on the host CPU, and the
 * simulator takes it from a host profile (sim/arch/arm64/hosts/NAME.host).
 * One table row per host of the real-KVM harness (tests/real/hosts.sh):
 *   qemu-max            the default: 32-bit EL1, PMU, SVE; no pointer
 *                       authentication or MTE
 *   qemu-max-pauth-mte  the same with pointer authentication and MTE
 *   qemu-n1             an Armv8.2 core with none of the optional
 *                       features and a 48-bit IPA limit on 6.12 too
 * The capabilities that say a feature is there, KVM_ARM_VCPU_INIT asking
 * for each, the largest IPA size a VM may have, the ID register that says
 * whether EL1 can be 32-bit, and 6.1's PMU attribute on a vCPU whose INIT
 * was refused (the VM looks for the host's PMU there).
 *
 * Expected values: tests/conform/real-K.txt (qemu-max), real-K-n1.txt and
 * tests/capture/real-K*.host ("features", "ipa_limit", ID_AA64PFR0_EL1),
 * all recorded on real KVM.  On real KVM a row runs on its own host only
 * (require_host(): tests/real/suites-real.sh says which host it booted).
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define PTRAUTH		(FEATURE(PTRAUTH_ADDRESS) | FEATURE(PTRAUTH_GENERIC))
#define ID_AA64PFR0	ARM64_SYS_REG(3, 0, 0, 4, 0)
#define G_PMU		KVM_ARM_VCPU_PMU_V3_CTRL
#define A_PMU_INIT	KVM_ARM_VCPU_PMU_V3_INIT

/* ---- KVM_CHECK_EXTENSION ------------------------------------------------- */

/*
 * real-K.txt / real-K-n1.txt "sys KVM_CHECK_EXTENSION cap=..." and "vm ...";
 * qemu-max-pauth-mte: real-K-pauth-mte.host "features ... ptrauth mte" and
 * "ipa_limit" (kvmsim capture asks the same capabilities).
 */
struct cap_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	char name[24];
	long cap;
	long want;
};

#define CAP_ROWS(kernel, host, el1_32, pmu, sve, pauth, mte, ipa)	\
	{ kernel, host, "el1-32bit", KVM_CAP_ARM_EL1_32BIT, el1_32 },	\
	{ kernel, host, "pmu-v3", KVM_CAP_ARM_PMU_V3, pmu },		\
	{ kernel, host, "sve", KVM_CAP_ARM_SVE, sve },			\
	{ kernel, host, "ptrauth-address", KVM_CAP_ARM_PTRAUTH_ADDRESS, pauth }, \
	{ kernel, host, "ptrauth-generic", KVM_CAP_ARM_PTRAUTH_GENERIC, pauth }, \
	{ kernel, host, "mte", KVM_CAP_ARM_MTE, mte },			\
	{ kernel, host, "vm-ipa-size", KVM_CAP_ARM_VM_IPA_SIZE, ipa }

static struct cap_case cap_cases[] = {
	CAP_ROWS("6.1", HOST_DEFAULT, 1, 1, 1, 0, 0, 48),
	CAP_ROWS("6.12", HOST_DEFAULT, 1, 1, 1, 0, 0, 52),
	CAP_ROWS("6.1", HOST_PAUTH_MTE, 1, 1, 1, 1, 1, 48),
	CAP_ROWS("6.12", HOST_PAUTH_MTE, 1, 1, 1, 1, 1, 52),
	CAP_ROWS("6.1", HOST_N1, 0, 0, 0, 0, 0, 48),
	CAP_ROWS("6.12", HOST_N1, 0, 0, 0, 0, 0, 48),
};

TEST_CASES(host, caps, cap_cases)
ParameterizedTest(struct cap_case *c, host, caps)
{
	const struct result want = RET(c->want);
	int kvm, vm;

	require_host(c->host);
	kvm = kvm_open(c->kernel);
	vm = kvm_create_vm(kvm, 0);
	expect_result(__kvm_check_extension(kvm, c->cap), &want, "%s %s: %s on /dev/kvm",
		      c->kernel, c->host, c->name);
	expect_result(__kvm_check_extension(vm, c->cap), &want, "%s %s: %s on a VM",
		      c->kernel, c->host, c->name);
	kvm_close(vm);
	kvm_close(kvm);
}

/* ---- KVM_ARM_VCPU_INIT per feature ---------------------------------------- */

/* real-K.txt / real-K-n1.txt "init.feature0.bitN", "init.combo0x60". */
struct init_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	char name[16];
	uint32_t features;
	struct result want;
};

#define INIT_ROWS(host, has)						\
	ON_ALL_KERNELS(host, "psci-0.2", PSCI, RET(0)),			\
	ON_ALL_KERNELS(host, "el1-32bit", FEATURE(EL1_32BIT), has),	\
	ON_ALL_KERNELS(host, "pmu-v3", FEATURE(PMU_V3), has),		\
	ON_ALL_KERNELS(host, "sve", FEATURE(SVE), has),			\
	ON_ALL_KERNELS(host, "ptrauth", PTRAUTH, ERR(EINVAL))

static struct init_case init_cases[] = {
	INIT_ROWS(HOST_DEFAULT, RET(0)),
	INIT_ROWS(HOST_N1, ERR(EINVAL)),
};

TEST_CASES(host, init, init_cases)
ParameterizedTest(struct init_case *c, host, init)
{
	int vcpu;

	require_host(c->host);
	vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	assert_result(__vcpu_init(vcpu, c->features), &c->want, "%s %s: %s features %#x",
		      c->kernel, c->host, c->name, c->features);
}

/* ---- the IPA size limit --------------------------------------------------- */

/* real-K.txt / real-K-n1.txt "create_vm.ipaN KVM_CREATE_VM type=N". */
struct ipa_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	unsigned int ipa;
	struct result want;
};

static struct ipa_case ipa_cases[] = {
	ON_ALL_KERNELS(HOST_DEFAULT, 48, NEW_FD),
	ON_6_1(HOST_DEFAULT, 49, ERR(EINVAL)),
	ON_6_1(HOST_DEFAULT, 52, ERR(EINVAL)),
	ON_6_12(HOST_DEFAULT, 49, NEW_FD),
	ON_6_12(HOST_DEFAULT, 52, NEW_FD),
	ON_ALL_KERNELS(HOST_N1, 32, NEW_FD),
	ON_ALL_KERNELS(HOST_N1, 44, NEW_FD),
	ON_ALL_KERNELS(HOST_N1, 48, NEW_FD),
	ON_ALL_KERNELS(HOST_N1, 49, ERR(EINVAL)),
	ON_ALL_KERNELS(HOST_N1, 52, ERR(EINVAL)),
};

TEST_CASES(host, ipa_size, ipa_cases)
ParameterizedTest(struct ipa_case *c, host, ipa_size)
{
	int kvm, vm;

	require_host(c->host);
	kvm = kvm_open(c->kernel);
	expect_result(vm = __kvm_create_vm(kvm, KVM_VM_TYPE_ARM_IPA_SIZE(c->ipa)), &c->want, "%s %s: KVM_CREATE_VM of a %u-bit IPA space", c->kernel,
		      c->host, c->ipa);
	if (vm >= 0)
		kvm_close(vm);
	kvm_close(kvm);
}

/* ---- what the ID registers say ------------------------------------------- */

/*
 * tests/capture/real-K*.host ID_AA64PFR0_EL1: EL1 (bits 7:4) is 2 where
 * EL1 can be AArch32, 1 on qemu-n1 (AArch64 only; EL0 can still be 32-bit).
 */
struct idreg_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	uint64_t pfr0;
};

static struct idreg_case idreg_cases[] = {
	ON_ALL_KERNELS(HOST_DEFAULT, 0x1101001021110222ULL),
	ON_ALL_KERNELS(HOST_PAUTH_MTE, 0x1101001021110222ULL),
	ON_ALL_KERNELS(HOST_N1, 0x1100000011110112ULL),
};

TEST_CASES(host, id_aa64pfr0, idreg_cases)
ParameterizedTest(struct idreg_case *c, host, id_aa64pfr0)
{
	int vcpu;

	require_host(c->host);
	vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	vcpu_init(vcpu, PSCI);
	cr_expect_eq(vcpu_get_reg(vcpu, ID_AA64PFR0), c->pfr0,
		     "%s %s: ID_AA64PFR0_EL1 %#llx, want %#llx", c->kernel, c->host,
		     (unsigned long long)vcpu_get_reg(vcpu, ID_AA64PFR0),
		     (unsigned long long)c->pfr0);
}

/* ---- 6.1: a PMU that a refused INIT left ---------------------------------- */

/*
 * real-K.txt / real-K-n1.txt "attr.refused-init": an INIT refused for an
 * unknown bit, PMU_V3 among the known ones.  6.1 keeps PMU_V3 (the
 * attribute is there), and setting it looks for the host's PMU: ENODEV on
 * a host without one.  6.12 keeps nothing.
 */
struct refused_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
	struct result has, set;
};

static struct refused_case refused_cases[] = {
	ON_6_1(HOST_DEFAULT, RET(0), RET(0)),
	ON_6_12(HOST_DEFAULT, ERR(ENXIO), ERR(ENODEV)),
	ON_6_1(HOST_N1, RET(0), ERR(ENODEV)),
	ON_6_12(HOST_N1, ERR(ENXIO), ERR(ENODEV)),
};

static int vcpu_attr(int vcpu, unsigned long cmd, uint32_t group, uint64_t attr)
{
	struct kvm_device_attr a = { .group = group, .attr = attr };

	return (int)__vcpu_ioctl(vcpu, cmd, &a);
}

TEST_CASES(host, refused_init_pmu, refused_cases)
ParameterizedTest(struct refused_case *c, host, refused_init_pmu)
{
	int vcpu;

	require_host(c->host);
	vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	assert_errno(__vcpu_init(vcpu, PSCI | FEATURE(PMU_V3) | 1U << 7), ENOENT);
	expect_result(vcpu_attr(vcpu, KVM_HAS_DEVICE_ATTR, G_PMU, A_PMU_INIT), &c->has,
		      "%s %s: KVM_HAS_DEVICE_ATTR PMU_V3_INIT", c->kernel, c->host);
	expect_result(vcpu_attr(vcpu, KVM_SET_DEVICE_ATTR, G_PMU, A_PMU_INIT), &c->set,
		      "%s %s: KVM_SET_DEVICE_ATTR PMU_V3_INIT", c->kernel, c->host);
	assert_errno(__vcpu_run_immediate(vcpu), ENOEXEC);
}
