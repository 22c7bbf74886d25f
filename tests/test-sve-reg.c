// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SVE registers and KVM_ARM_VCPU_FINALIZE: KVM_REG_ARM64_SVE_VLS before and
 * after finalize, the Z, P and FFR slices (EPERM before finalize), which
 * FINALIZE calls are refused, and the vector length cutting Z registers.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.sve" (the same
 * on 6.1 and 6.12).  The harness's CPU offers every vector length from 128
 * to 2048 bits (VLS 0xffff), so one 2048-bit slice holds a whole register.
 * The cases of a vCPU with SVE run where the host offers it (sve_vcpu()).
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define SVE		FEATURE(SVE)
#define VLS		KVM_REG_ARM64_SVE_VLS
#define Z(n, i)		KVM_REG_ARM64_SVE_ZREG(n, i)
#define P(n, i)		KVM_REG_ARM64_SVE_PREG(n, i)
#define FFR(i)		KVM_REG_ARM64_SVE_FFR(i)
#define V0		CORE_REG_ID(KVM_REG_SIZE_U128, CORE_V(0))
/*
 * Register numbers past the end, built by hand (the uapi macros wrap them):
 * "Z32" is the P0 index at Z size, "P16" the FFR index at P size.
 */
#define Z32_SLICE0	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U2048 | (32 << 5))
#define P16_SLICE0	(KVM_REG_ARM64 | KVM_REG_ARM64_SVE | KVM_REG_SIZE_U256 | \
			 KVM_REG_ARM64_SVE_PREG_BASE | (16 << 5))

#define ALL_VQS		0xffffULL	/* vector lengths 1-16 quadwords */

struct reg_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint64_t id;
	struct result want;
};

static void get_reg_case(int vcpu, const struct reg_case *c)
{
	uint8_t v[256];

	memset(v, 0x5a, sizeof(v));
	assert_result(__vcpu_get_reg(vcpu, c->id, v), &c->want, "%s: get %s", c->kernel, c->name);
	/* What is read of these registers is all zeros (a fresh vCPU's). */
	if (c->want.ret == 0 && c->id != VLS) {
		uint8_t zeros[256] = { 0 };

		cr_assert_arr_eq(v, zeros, KVM_REG_SIZE(c->id), "%s: %s not zero", c->kernel,
				 c->name);
	}
}

/*
 * A vCPU with SVE, not finalized: the test is skipped on a host without SVE
 * (KVM_CAP_ARM_SVE), and models the default host on the simulator.
 */
static int sve_vcpu(const char *kernel)
{
	require_vcpu_features(SVE);
	return vcpu_create_init(kernel, PSCI | SVE);
}

/* ---- a vCPU without SVE ------------------------------------------------- */

/*
 * No SVE register exists; the V registers are plain core registers.
 * real-*.txt "sve.plain get sve:vls -> -1 ENOENT", ..., "sve.plain get core:0x54/128 -> 0"
 */
static struct reg_case plain_cases[] = {
	ON_ALL_KERNELS("vls", VLS, ERR(ENOENT)),
	ON_ALL_KERNELS("z0.0", Z(0, 0), ERR(ENOENT)),
	ON_ALL_KERNELS("p0.0", P(0, 0), ERR(ENOENT)),
	ON_ALL_KERNELS("ffr.0", FFR(0), ERR(ENOENT)),
	ON_ALL_KERNELS("z0.1", Z(0, 1), ERR(ENOENT)),
	ON_ALL_KERNELS("v0", V0, RET(0)),
};

TEST_CASES(sve_reg, without_sve, plain_cases)
ParameterizedTest(struct reg_case *c, sve_reg, without_sve)
{
	get_reg_case(vcpu_create_init(c->kernel, PSCI), c);
}

struct finalize_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t features;
	int what;
	struct result want;
};

/*
 * Only SVE is finalized, and only once, on a vCPU that has it.
 * real-*.txt "sve.plain KVM_ARM_VCPU_FINALIZE what=4 -> -1 EINVAL", "what=0", "what=5",
 * "sve KVM_ARM_VCPU_FINALIZE what=0 -> -1 EINVAL", "what=4 -> 0"
 */
static struct finalize_case finalize_cases[] = {
	ON_ALL_KERNELS(PSCI, KVM_ARM_VCPU_SVE, ERR(EINVAL)),
	ON_ALL_KERNELS(PSCI, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(PSCI, 5, ERR(EINVAL)),
	ON_ALL_KERNELS(PSCI | SVE, 0, ERR(EINVAL)),
	ON_ALL_KERNELS(PSCI | SVE, KVM_ARM_VCPU_SVE, RET(0)),
};

TEST_CASES(sve_reg, finalize, finalize_cases)
ParameterizedTest(struct finalize_case *c, sve_reg, finalize)
{
	int vcpu;

	require_vcpu_features(c->features);
	vcpu = vcpu_create_init(c->kernel, c->features);

	assert_result(__vcpu_finalize(vcpu, c->what), &c->want, "%s: features %#x what=%d",
		      c->kernel, c->features, c->what);
}

/* real-*.txt "sve KVM_ARM_VCPU_FINALIZE what=4 -> 0", "sve KVM_ARM_VCPU_FINALIZE what=4 -> -1 EPERM" */
KERNEL_TEST(sve_reg, finalize_twice_is_eperm)
{
	int vcpu = sve_vcpu(kernel->name);

	vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	assert_errno(__vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE), EPERM);
}

/* ---- before finalize ----------------------------------------------------- */

/*
 * Before finalize only the vector lengths can be read; the V registers
 * are gone already.
 * real-*.txt "sve get sve:vls -> 0 val=...ffff", "sve get sve:z0.0 -> -1 EPERM",
 * "sve get sve:p0.0 -> -1 EPERM", "sve get sve:ffr.0 -> -1 EPERM", "sve get core:0x54/128 -> -1 EINVAL"
 */
static struct reg_case before_cases[] = {
	ON_ALL_KERNELS("vls", VLS, RET(0)),
	ON_ALL_KERNELS("z0.0", Z(0, 0), ERR(EPERM)),
	ON_ALL_KERNELS("p0.0", P(0, 0), ERR(EPERM)),
	ON_ALL_KERNELS("ffr.0", FFR(0), ERR(EPERM)),
	ON_ALL_KERNELS("v0", V0, ERR(EINVAL)),
};

TEST_CASES(sve_reg, before_finalize, before_cases)
ParameterizedTest(struct reg_case *c, sve_reg, before_finalize)
{
	get_reg_case(sve_vcpu(c->kernel), c);
}

struct vls_case {
	char kernel[KERNEL_NAME_MAX];
	char name[8];
	uint64_t vls[8];	/* bit vq-1 of the 512-bit map */
	struct result want;
};

/*
 * The set must be non-empty, within the host's lengths (at most 16 quadwords
 * here) and without holes below its top, which the host has none of.
 * real-*.txt "sve.vls.none set sve:vls=0x0...0 -> -1 EINVAL", "sve.vls.128 ... -> 0",
 * "sve.vls.8192 -> -1 EINVAL", "sve.vls.top", "sve.vls.128-512 -> 0", "sve.vls.holes -> -1 EINVAL",
 * "sve.vls.restore -> 0", "sve.vls.128 get sve:vls -> 0 val=0x...01"
 */
static struct vls_case vls_cases[] = {
	ON_ALL_KERNELS("none", { 0 }, ERR(EINVAL)),
	ON_ALL_KERNELS("128", { 0x1 }, RET(0)),
	ON_ALL_KERNELS("8192", { 1ULL << 63 }, ERR(EINVAL)),
	ON_ALL_KERNELS("top", { [7] = 1ULL << 63 }, ERR(EINVAL)),
	ON_ALL_KERNELS("128-512", { 0xf }, RET(0)),
	ON_ALL_KERNELS("holes", { 0xb }, ERR(EINVAL)),
	ON_ALL_KERNELS("all", { ALL_VQS }, RET(0)),
};

TEST_CASES(sve_reg, set_vls, vls_cases)
ParameterizedTest(struct vls_case *c, sve_reg, set_vls)
{
	int vcpu = sve_vcpu(c->kernel);
	uint64_t got[8] = { 0 };

	assert_result(__vcpu_set_reg(vcpu, VLS, c->vls), &c->want, "%s: VLS %s", c->kernel,
		      c->name);
	if (c->want.ret != 0)
		return;
	assert_ret(__vcpu_get_reg(vcpu, VLS, got), 0);
	cr_assert_arr_eq(got, c->vls, sizeof(got), "%s: VLS %s read back", c->kernel, c->name);
}

/* ---- after finalize ------------------------------------------------------ */

/*
 * VLS is read-only now.  real-*.txt "sve.final get sve:vls -> 0 val=...ffff",
 * "sve.final set sve:vls=...ffff -> -1 EPERM"
 */
KERNEL_TEST(sve_reg, vls_fixed_after_finalize)
{
	int vcpu = sve_vcpu(kernel->name);
	const uint64_t all[8] = { ALL_VQS };
	uint64_t got[8] = { 0 };

	vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	assert_ret(__vcpu_get_reg(vcpu, VLS, got), 0);
	cr_assert_arr_eq(got, all, sizeof(got));
	assert_errno(__vcpu_set_reg(vcpu, VLS, all), EPERM);
}

/*
 * Slice 0 of Z0-Z31, P0-P15 and FFR, nothing else: a further slice is
 * ENOENT, an index of the wrong size EINVAL.  All read 0 at first.
 * real-*.txt "sve.final get sve:z0.1 -> -1 ENOENT", "sve.final get sve:z31.0 -> 0
 * val=fnv:e6a1d1c5,nz:0", "get sve:p0.0 -> -1 EINVAL" (the Z32 id), "sve.final get sve:p15.0 -> 0",
 * "get sve:ffr.0 -> 0" (the P16 id), "sve.final get sve:ffr.1 -> -1 ENOENT", "sve.final get core:0x54/128"
 */
static struct reg_case after_cases[] = {
	ON_ALL_KERNELS("z0.1", Z(0, 1), ERR(ENOENT)),
	ON_ALL_KERNELS("z31.0", Z(31, 0), RET(0)),
	ON_ALL_KERNELS("z32.0", Z32_SLICE0, ERR(EINVAL)),
	ON_ALL_KERNELS("p15.0", P(15, 0), RET(0)),
	ON_ALL_KERNELS("p16.0", P16_SLICE0, RET(0)),
	ON_ALL_KERNELS("ffr.1", FFR(1), ERR(ENOENT)),
	ON_ALL_KERNELS("v0", V0, ERR(EINVAL)),
};

TEST_CASES(sve_reg, after_finalize, after_cases)
ParameterizedTest(struct reg_case *c, sve_reg, after_finalize)
{
	int vcpu = sve_vcpu(c->kernel);

	vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	get_reg_case(vcpu, c);
}

struct fill_case {
	char kernel[KERNEL_NAME_MAX];
	char name[8];
	uint64_t id;
	uint8_t fill;
};

/*
 * Z, P and FFR keep every byte written (the full 2048-bit length).
 * real-*.txt "sve.final set sve:z0.0=fnv:cc12bac5,nz:256 -> 0", "sve.final get sve:z0.0 -> 0
 * val=fnv:cc12bac5,nz:256", "sve.final set sve:p0.0=0xff...ff -> 0", "sve.final set sve:ffr.0=..."
 */
static struct fill_case fill_cases[] = {
	ON_ALL_KERNELS("z0.0", Z(0, 0), 0xab),
	ON_ALL_KERNELS("p0.0", P(0, 0), 0xff),
	ON_ALL_KERNELS("ffr.0", FFR(0), 0xff),
};

TEST_CASES(sve_reg, keeps_written_value, fill_cases)
ParameterizedTest(struct fill_case *c, sve_reg, keeps_written_value)
{
	int vcpu = sve_vcpu(c->kernel);
	uint8_t v[256], got[256] = { 0 };

	vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	memset(v, c->fill, sizeof(v));
	assert_ret(__vcpu_set_reg(vcpu, c->id, v), 0);
	assert_ret(__vcpu_get_reg(vcpu, c->id, got), 0);
	cr_assert_arr_eq(got, v, KVM_REG_SIZE(c->id), "%s: %s", c->kernel, c->name);
}

/*
 * With 128-bit vectors only chosen, a Z slice keeps its first 16 bytes and
 * reads zeros beyond.  real-*.txt "sve.128 set sve:vls=...01 -> 0",
 * "sve.128 get sve:vls -> 0 val=...01", "sve.128 get sve:z0.0 -> 0 val=fnv:4321aad5,nz:16"
 */
KERNEL_TEST(sve_reg, vector_length_cuts_z)
{
	int vcpu = sve_vcpu(kernel->name);
	const uint64_t vq1[8] = { 0x1 };
	uint64_t got_vls[8] = { 0 };
	uint8_t v[256], got[256], want[256] = { 0 };

	assert_ret(__vcpu_set_reg(vcpu, VLS, vq1), 0);
	vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	assert_ret(__vcpu_get_reg(vcpu, VLS, got_vls), 0);
	cr_assert_arr_eq(got_vls, vq1, sizeof(got_vls));
	memset(v, 0xcd, sizeof(v));
	memset(want, 0xcd, 16);
	assert_ret(__vcpu_set_reg(vcpu, Z(0, 0), v), 0);
	assert_ret(__vcpu_get_reg(vcpu, Z(0, 0), got), 0);
	cr_assert_arr_eq(got, want, sizeof(got));
}

/*
 * An INIT asking for SVE that the pointer authentication check refuses,
 * then one without SVE: 6.1 has enabled SVE before that check and does not
 * undo it, so the vCPU has SVE and waits for FINALIZE (its register list
 * and KVM_RUN are EPERM until then, then it lists the SVE registers); 6.12
 * gives a plain vCPU.  The refusals that come before SVE's (a 32-bit EL1
 * beside a 64-bit vCPU) leave nothing on either.
 * real-*.txt "init.refused-state.sve-ptrauth1 ...", "... .sve-ptrauth ...",
 * "... .sve-width ..."
 */
struct refused_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint32_t refused;
	bool beside64;
	bool sve_left;
	uint64_t n;	/* the register list, finalized where SVE was left */
};

static struct refused_case refused_cases[] = {
	ON_6_1("ptrauth1", PSCI | SVE | FEATURE(PTRAUTH_ADDRESS), false, true, 261),
	ON_6_1("ptrauth", PSCI | SVE | FEATURE(PTRAUTH_ADDRESS) | FEATURE(PTRAUTH_GENERIC),
	       false, true, 261),
	ON_6_1("width", PSCI | SVE | FEATURE(EL1_32BIT), true, false, 242),
	ON_6_12("ptrauth1", PSCI | SVE | FEATURE(PTRAUTH_ADDRESS), false, false, 259),
	ON_6_12("ptrauth", PSCI | SVE | FEATURE(PTRAUTH_ADDRESS) | FEATURE(PTRAUTH_GENERIC),
		false, false, 259),
	ON_6_12("width", PSCI | SVE | FEATURE(EL1_32BIT), true, false, 259),
};

TEST_CASES(sve_reg, refused_init_leaves, refused_cases)
ParameterizedTest(struct refused_case *c, sve_reg, refused_init_leaves)
{
	struct kvm_reg_list list = { .n = 0 };
	int vm, vcpu;

	/*
	 * On a host with pointer authentication "ptrauth" is not refused; on
	 * one without SVE there is no SVE to leave behind.
	 */
	require_host_without_cap(KVM_CAP_ARM_PTRAUTH_GENERIC);
	require_vcpu_features(SVE);
	vm = vm_create(c->kernel);
	vcpu = vm_create_vcpu(vm, 0);
	if (c->beside64)
		vcpu_init(vm_create_vcpu(vm, 1), PSCI);
	assert_errno(__vcpu_init(vcpu, c->refused), EINVAL);
	vcpu_init(vcpu, PSCI);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.regs[0])), 0);
	if (c->sve_left) {
		expect_errno(__vcpu_get_reg_list(vcpu, &list), EPERM);
		expect_errno(__vcpu_run_immediate(vcpu), EPERM);
		vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
		cr_expect_eq(vcpu_get_reg(vcpu, ARM64_SYS_REG(3, 0, 1, 2, 0)), 0);	/* ZCR_EL1 */
	} else {
		expect_errno(__vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE), EINVAL);
	}
	expect_errno(__vcpu_get_reg_list(vcpu, &list), E2BIG);
	cr_expect_eq(list.n, c->n, "%s %s: %llu registers", c->kernel, c->name,
		     (unsigned long long)list.n);
	expect_errno(__vcpu_run_immediate(vcpu), EINTR);
}
