// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pointer authentication: KVM_ARM_VCPU_PTRAUTH_ADDRESS and _GENERIC, asked
 * for together, on a host that has them; the ten key registers a vCPU with
 * them gets (reset value, any value written back); ID_AA64ISAR1_EL1's
 * pointer authentication fields, fixed; features mixed in a VM (6.1 lets
 * them differ per vCPU, 6.12 not) and over a second VCPU_INIT.  The
 * register list with the keys is in test-reg-list ("ptrauth").
 *
 * Two host CPUs: the harness's default (-cpu max,pauth=off), without
 * pointer authentication, and qemu-max-pauth-mte (tests/real/hosts.sh).
 * Expected values: tests/conform/real-*.txt (default host) and
 * real-*-pauth-mte.txt, section "arm64.ptrauth".
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define PTRAUTH		(FEATURE(PTRAUTH_ADDRESS) | FEATURE(PTRAUTH_GENERIC))
#define ID_AA64ISAR1	ARM64_SYS_REG(3, 0, 0, 6, 1)
/* APA, API, GPA, GPI. */
#define ISAR1_PAUTH	0xff000ff0ULL
/* What the kernel's reset_unknown() writes. */
#define RESET_UNKNOWN	0x1de7ec7edbadc0deULL

/* APxKEYLO_EL1 / APxKEYHI_EL1 for IA, IB, DA, DB, GA. */
static const uint64_t keys[] = {
	ARM64_SYS_REG(3, 0, 2, 1, 0), ARM64_SYS_REG(3, 0, 2, 1, 1),
	ARM64_SYS_REG(3, 0, 2, 1, 2), ARM64_SYS_REG(3, 0, 2, 1, 3),
	ARM64_SYS_REG(3, 0, 2, 2, 0), ARM64_SYS_REG(3, 0, 2, 2, 1),
	ARM64_SYS_REG(3, 0, 2, 2, 2), ARM64_SYS_REG(3, 0, 2, 2, 3),
	ARM64_SYS_REG(3, 0, 2, 3, 0), ARM64_SYS_REG(3, 0, 2, 3, 1),
};

/* The pointer authentication host (the simulator models it; real KVM: skip without). */
static void pauth_host(void)
{
	require_host_cap(HOST_PAUTH_MTE, KVM_CAP_ARM_PTRAUTH_GENERIC);
}

/* ---- KVM_ARM_VCPU_INIT ---------------------------------------------------- */

/*
 * real-*-pauth-mte.txt "ptrauth.init.<name> KVM_ARM_VCPU_INIT ... -> ...";
 * real-*.txt (no pointer authentication): every one -> -1 EINVAL.
 */
struct init_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	bool host_pauth;
	uint32_t features;
	struct result want;
};

#define INIT_ROWS(pauth, both)							\
	ON_ALL_KERNELS("address", pauth, PSCI | FEATURE(PTRAUTH_ADDRESS), ERR(EINVAL)), \
	ON_ALL_KERNELS("generic", pauth, PSCI | FEATURE(PTRAUTH_GENERIC), ERR(EINVAL)), \
	ON_ALL_KERNELS("both", pauth, PSCI | PTRAUTH, both),			\
	ON_ALL_KERNELS("both+pmu", pauth, PSCI | PTRAUTH | FEATURE(PMU_V3), both), \
	ON_ALL_KERNELS("both+el1-32", pauth, PSCI | PTRAUTH | FEATURE(EL1_32BIT), both), \
	ON_ALL_KERNELS("both+power-off", pauth, PSCI | PTRAUTH | FEATURE(POWER_OFF), both)

static struct init_case init_cases[] = {
	INIT_ROWS(true, RET(0)),
	INIT_ROWS(false, ERR(EINVAL)),
};

TEST_CASES(ptrauth, init, init_cases)
ParameterizedTest(struct init_case *c, ptrauth, init)
{
	int vcpu;

	if (c->host_pauth)
		pauth_host();
	else
		require_host_without_cap(KVM_CAP_ARM_PTRAUTH_GENERIC);
	vcpu = vm_create_vcpu(vm_create(c->kernel), 0);
	assert_result(__vcpu_init(vcpu, c->features), &c->want, "%s: %s features %#x",
		      c->kernel, c->name, c->features);
	/* A refused INIT leaves the vCPU uninitialised. */
	if (c->want.err)
		assert_errno(__vcpu_get_reg_list(vcpu, &(struct kvm_reg_list){ .n = 0 }), ENOEXEC);
}

/* real-*.txt "ptrauth.caps {sys,vm} KVM_CHECK_EXTENSION KVM_CAP_ARM_PTRAUTH_* -> 0"; -pauth-mte: 1 */
KERNEL_TEST(ptrauth, capabilities)
{
	int vm;

	pauth_host();
	vm = vm_create(kernel->name);
	expect_ret(__vm_ioctl(vm, KVM_CHECK_EXTENSION, (void *)KVM_CAP_ARM_PTRAUTH_ADDRESS), 1);
	expect_ret(__vm_ioctl(vm, KVM_CHECK_EXTENSION, (void *)KVM_CAP_ARM_PTRAUTH_GENERIC), 1);
}

/* ---- the keys ----------------------------------------------------------------- */

/*
 * real-*-pauth-mte.txt "ptrauth.keys get sys:3_0_2_1_0 -> 0 val=0x1de7ec7edbadc0de",
 * "ptrauth.keys set sys:3_0_2_1_0=0x123456789abcdef -> 0" and the value read back.
 */
KERNEL_TEST(ptrauth, keys_reset_and_written_back)
{
	int vcpu;

	pauth_host();
	vcpu = vcpu_create_init(kernel->name, PSCI | PTRAUTH);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		cr_expect_eq(vcpu_get_reg(vcpu, keys[i]), RESET_UNKNOWN, "key %zu", i);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		uint64_t val = 0x0123456789abcdefULL ^ ((uint64_t)i << 56);

		vcpu_set_reg(vcpu, keys[i], val);
		cr_expect_eq(vcpu_get_reg(vcpu, keys[i]), val, "key %zu", i);
	}
}

/* real-*.txt and -pauth-mte.txt "ptrauth.none get sys:3_0_2_1_0 -> -1 ENOENT", "set sys:3_0_2_3_1=0x1 -> -1 ENOENT" */
KERNEL_TEST(ptrauth, no_keys_without_the_feature)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	uint64_t val = 1;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		expect_errno(__vcpu_get_reg(vcpu, keys[i], &val), ENOENT);
		expect_errno(__vcpu_set_reg(vcpu, keys[i], &val), ENOENT);
	}
}

/*
 * Another VCPU_INIT of the vCPU must ask for the same features; the same
 * ones reset the keys.
 * real-*-pauth-mte.txt "ptrauth.reinit KVM_ARM_VCPU_INIT ... features=0x4 -> -1 EINVAL",
 * "features=0x24 -> -1 EINVAL", "features=0x64 -> 0", "get sys:3_0_2_1_0 -> 0 val=0x1de7ec7edbadc0de"
 */
KERNEL_TEST(ptrauth, reinit)
{
	int vcpu;

	pauth_host();
	vcpu = vcpu_create_init(kernel->name, PSCI | PTRAUTH);
	vcpu_set_reg(vcpu, keys[0], 0x1122334455667788ULL);
	expect_errno(__vcpu_init(vcpu, PSCI), EINVAL);
	expect_errno(__vcpu_init(vcpu, PSCI | FEATURE(PTRAUTH_ADDRESS)), EINVAL);
	expect_ret(__vcpu_init(vcpu, PSCI | PTRAUTH), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, keys[0]), RESET_UNKNOWN);
}

/* ---- ID_AA64ISAR1_EL1 and the VM ------------------------------------------ */

/*
 * Two vCPUs of one VM, with and without the keys: 6.1 takes both, each
 * reading its own ID_AA64ISAR1_EL1; 6.12 wants one set of features per VM.
 * Either way the pointer authentication fields cannot be written.
 * real-*-pauth-mte.txt "ptrauth.mix.<name> ...", "ptrauth.keys set sys:3_0_0_6_1=... -> -1 EINVAL"
 */
struct mix_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint32_t first, second;
	struct result want;
};

static struct mix_case mix_cases[] = {
	ON_6_1("keys-then-none", PTRAUTH, 0, RET(0)),
	ON_6_1("none-then-keys", 0, PTRAUTH, RET(0)),
	ON_6_12("keys-then-none", PTRAUTH, 0, ERR(EINVAL)),
	ON_6_12("none-then-keys", 0, PTRAUTH, ERR(EINVAL)),
};

static void expect_isar1_fixed(int vcpu, bool keys_on, const char *where)
{
	uint64_t isar1 = vcpu_get_reg(vcpu, ID_AA64ISAR1), val;

	cr_expect_eq((isar1 & ISAR1_PAUTH) != 0, keys_on, "%s: ID_AA64ISAR1_EL1 %#llx", where,
		     (unsigned long long)isar1);
	val = isar1 & ~ISAR1_PAUTH;
	if (val != isar1)
		expect_errno(__vcpu_set_reg(vcpu, ID_AA64ISAR1, &val), EINVAL);
	val = isar1 | 0x11000110ULL;
	if (val != isar1)
		expect_errno(__vcpu_set_reg(vcpu, ID_AA64ISAR1, &val), EINVAL);
	cr_expect_eq(vcpu_get_reg(vcpu, ID_AA64ISAR1), isar1, "%s", where);
}

TEST_CASES(ptrauth, mixed_in_a_vm, mix_cases)
ParameterizedTest(struct mix_case *c, ptrauth, mixed_in_a_vm)
{
	int vm, v0, v1;

	pauth_host();
	vm = vm_create(c->kernel);
	v0 = vm_create_vcpu(vm, 0);
	v1 = vm_create_vcpu(vm, 1);
	vcpu_init(v0, PSCI | c->first);
	expect_isar1_fixed(v0, c->first != 0, "first vCPU");
	assert_result(__vcpu_init(v1, PSCI | c->second), &c->want, "%s: %s", c->kernel, c->name);
	if (!c->want.err)
		expect_isar1_fixed(v1, c->second != 0, "second vCPU");
}
