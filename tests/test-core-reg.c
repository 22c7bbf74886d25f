// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Core registers through ONE_REG: which offset and size make an id (the
 * kernel's core_reg_addr() order of checks: the offset bound, ENOENT with its
 * ">=" quirk, then size, alignment and padding, EINVAL, then the copy,
 * EFAULT), pstate's mode per vCPU width with nothing written on failure,
 * V registers U128, FPSR/FPCR U32, AArch32 truncation, reset values, and V
 * registers refused once SVE is on.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.onereg" (the
 * same on 6.1 and 6.12) and the "reg.<cfg> core:..." lines of
 * "arm64.reglist".  Offsets are in 32-bit words into struct kvm_regs, whose
 * 864 bytes (216 = 0xd8 words, padding included) bound them.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define PSTATE		CORE_REG(regs.pstate)
#define SZ32		KVM_REG_SIZE_U32
#define SZ64		KVM_REG_SIZE_U64
#define SZ128		KVM_REG_SIZE_U128

/* ---- which offsets make a register, at each size ----------------------- */

/* Offsets first, first + step, ... up to last answer @want to get and set. */
struct offset_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t size;
	unsigned int first, last, step;
	struct result want;
};

/* real-*.txt "onereg.core get U32 core:0x0..0xd3 -> EINVAL", ... (get and set alike) */
static struct offset_case offset_cases[] = {
	/* 32 bits: only FPSR and FPCR (0xd4, 0xd5). */
	ON_ALL_KERNELS(SZ32, 0x00, 0xd3, 1, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ32, 0xd4, 0xd5, 1, RET(0)),
	/* The padding after FPCR is inside the bound, so not ENOENT. */
	ON_ALL_KERNELS(SZ32, 0xd6, 0xd6, 1, ERR(EINVAL)),
	/* off + 1 >= 0xd8: the last word is out of reach (">=", not ">"). */
	ON_ALL_KERNELS(SZ32, 0xd7, 0xdf, 1, ERR(ENOENT)),
	/* 64 bits: x0-x30, sp, pc, pstate, sp_el1, elr_el1, spsr[5], even offsets only. */
	ON_ALL_KERNELS(SZ64, 0x00, 0x50, 2, RET(0)),
	ON_ALL_KERNELS(SZ64, 0x01, 0x4f, 2, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ64, 0x51, 0xd5, 1, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ64, 0xd6, 0xdf, 1, ERR(ENOENT)),
	/* 128 bits: the V registers, every fourth word from 0x54. */
	ON_ALL_KERNELS(SZ128, 0x00, 0x53, 1, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ128, 0x54, 0xd0, 4, RET(0)),
	ON_ALL_KERNELS(SZ128, 0x55, 0xd1, 4, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ128, 0x56, 0xd2, 4, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ128, 0x57, 0xd3, 4, ERR(EINVAL)),
	ON_ALL_KERNELS(SZ128, 0xd4, 0xdf, 1, ERR(ENOENT)),
};

TEST_CASES(core_reg, offset_and_size, offset_cases)
ParameterizedTest(struct offset_case *c, core_reg, offset_and_size)
{
	int vcpu = vcpu_create_init(c->kernel, PSCI);

	for (unsigned int off = c->first; off <= c->last; off += c->step) {
		/* Zeros, except a valid pstate (EL1h, DAIF masked) for the write. */
		uint8_t v[16] = { [0] = off == CORE_PSTATE ? 0xc5 : 0 };
		uint64_t id = CORE_REG_ID(c->size, off);

		expect_result(__vcpu_get_reg(vcpu, id, v), &c->want, "%s: get U%u core:%#x",
			      c->kernel, 8 * KVM_REG_SIZE(id), off);
		expect_result(__vcpu_set_reg(vcpu, id, v), &c->want, "%s: set U%u core:%#x",
			      c->kernel, 8 * KVM_REG_SIZE(id), off);
	}
}

/* ---- the id's size field and the value pointer ------------------------- */

struct id_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint64_t id;
	struct result want;
};

/*
 * Sizes other than 32, 64 and 128 bits are EINVAL, except where the size
 * already pushes off + size past the bound: that check comes first (ENOENT).
 * real-*.txt "onereg.id core.U8 get -> -1 EINVAL", ..., "onereg.id core.sizeF get -> -1 ENOENT"
 */
static struct id_case size_cases[] = {
	ON_ALL_KERNELS("core.U8", CORE_REG_ID(KVM_REG_SIZE_U8, 0), ERR(EINVAL)),
	ON_ALL_KERNELS("core.U16", CORE_REG_ID(KVM_REG_SIZE_U16, 0), ERR(EINVAL)),
	ON_ALL_KERNELS("core.U256", CORE_REG_ID(KVM_REG_SIZE_U256, 0), ERR(EINVAL)),
	ON_ALL_KERNELS("core.U2048", CORE_REG_ID(KVM_REG_SIZE_U2048, 0), ERR(EINVAL)),
	/* 512 bytes: 128 words from 0 still end inside the 216. */
	ON_ALL_KERNELS("core.size9", CORE_REG_ID(9ULL << KVM_REG_SIZE_SHIFT, 0), ERR(EINVAL)),
	/* 32 KiB: past the bound. */
	ON_ALL_KERNELS("core.sizeF", CORE_REG_ID(0xfULL << KVM_REG_SIZE_SHIFT, 0), ERR(ENOENT)),
};

TEST_CASES(core_reg, size_field, size_cases)
ParameterizedTest(struct id_case *c, core_reg, size_field)
{
	assert_get_and_set(vcpu_create_init(c->kernel, PSCI), c->id, &c->want, "%s: %s", c->kernel,
			   c->name);
}

/* real-*.txt "onereg get core:0x0/64 addr=NULL -> -1 EFAULT", "addr=0x1", "addr=kernel-half", ... */
KERNEL_TEST(core_reg, bad_value_pointer_is_efault)
{
	expect_bad_value_pointers(vcpu_create_init(kernel->name, PSCI), CORE_REG(regs.regs[0]),
				  EFAULT, EFAULT);
}

/* ---- pstate ------------------------------------------------------------ */

#define MODE(m)		(1U << (m))

struct pstate_case {
	char kernel[KERNEL_NAME_MAX];
	bool aarch32;		/* an EL1_32BIT vCPU */
	uint64_t bits;		/* the rest of pstate: DAIF (and the AArch32 width bit) */
	uint32_t modes;		/* the modes (pstate bits 0-4) taken, MODE(m) each */
};

/*
 * Every mode, on a fresh vCPU of each width.  A 64-bit vCPU takes EL0t,
 * EL1t, EL1h and AArch32 usr (its EL0 may run AArch32, which the harness's
 * host supports), not EL2 (no nested virtualisation); a 32-bit one takes
 * only the AArch32 modes usr, fiq, irq, svc, abt, und, sys.
 * real-*.txt "onereg.pstate64.mode0x<m> set core:0x42/64=0x3c<m> -> ...",
 * "onereg.pstate32.mode0x<m> set core:0x42/64=0x1c<m> -> ..."
 */
#define MODES_64	(MODE(0x0) | MODE(0x4) | MODE(0x5) | MODE(0x10))
#define MODES_32	(MODE(0x10) | MODE(0x11) | MODE(0x12) | MODE(0x13) | MODE(0x17) | \
			 MODE(0x1b) | MODE(0x1f))
static struct pstate_case pstate_cases[] = {
	ON_ALL_KERNELS(false, 0x3c0, MODES_64),
	ON_ALL_KERNELS(true, 0x1c0, MODES_32),
};

TEST_CASES(core_reg, pstate_mode, pstate_cases)
ParameterizedTest(struct pstate_case *c, core_reg, pstate_mode)
{
	uint32_t features = PSCI | (c->aarch32 ? FEATURE(EL1_32BIT) : 0);
	int vcpu;

	require_vcpu_features(features);
	vcpu = vcpu_create_init(c->kernel, features);

	for (uint64_t m = 0; m < 0x20; m++) {
		const struct result want = OK_OR_ERR(c->modes & MODE(m), EINVAL);
		uint64_t pstate = c->bits | m;

		expect_result(__vcpu_set_reg(vcpu, PSTATE, &pstate), &want, "%s: %s pstate=%#llx",
			      c->kernel, c->aarch32 ? "32-bit" : "64-bit",
			      (unsigned long long)pstate);
	}
}

/*
 * Other bits do not matter to the check (NZCV, bits 32-63, IL and SS); a
 * refused pstate leaves the old one.  real-*.txt "onereg.pstate64.nzcv set
 * core:0x42/64=0xf00003c5 -> 0", ".high", ".il+ss", "onereg.pstate64 get
 * core:0x42/64 -> 0 val=0x3003c5", "onereg.pstate.bad set core:0x42/64=0x3d5 -> -1 EINVAL",
 * "onereg.pstate.after-bad get core:0x42/64 -> 0 val=0x3003c5"
 */
KERNEL_TEST(core_reg, refused_pstate_writes_nothing)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	uint64_t bad = 0x3d5;

	vcpu_set_reg(vcpu, PSTATE, 0xf00003c5);
	vcpu_set_reg(vcpu, PSTATE, 0xffffffff000003c5);
	vcpu_set_reg(vcpu, PSTATE, 0x3003c5);
	cr_assert_eq(vcpu_get_reg(vcpu, PSTATE), 0x3003c5);
	assert_errno(__vcpu_set_reg(vcpu, PSTATE, &bad), EINVAL);
	cr_assert_eq(vcpu_get_reg(vcpu, PSTATE), 0x3003c5);
}

/* ---- reset values ------------------------------------------------------ */

struct reset_case {
	char name[16];
	bool aarch32;		/* on an EL1_32BIT vCPU */
	uint64_t id;
	uint64_t val;
};

/*
 * Everything is 0 but pstate: EL1h with DAIF masked (0x3c5) on a 64-bit
 * vCPU, svc with AIF masked (0x1d3) on a 32-bit one.  The same on both
 * kernels.  real-*.txt "reg.base core:0x42/64 0x6030000000100042 get -> 0 0x3c5",
 * "onereg.el1-32 get core:0x42/64 -> 0 val=0x1d3", "reg.base core:<off>/<bits> ... get -> 0 0x0"
 */
static const struct reset_case reset_cases[] = {
	{ "pstate", false, PSTATE, 0x3c5 },
	{ "pstate", true, PSTATE, 0x1d3 },
	{ "x0", false, CORE_REG(regs.regs[0]), 0 },
	{ "x30", false, CORE_REG(regs.regs[30]), 0 },
	{ "sp", false, CORE_REG(regs.sp), 0 },
	{ "pc", false, CORE_REG(regs.pc), 0 },
	{ "sp_el1", false, CORE_REG(sp_el1), 0 },
	{ "elr_el1", false, CORE_REG(elr_el1), 0 },
	{ "spsr[EL1]", false, CORE_REG(spsr[KVM_SPSR_EL1]), 0 },
	{ "spsr[FIQ]", false, CORE_REG(spsr[KVM_SPSR_FIQ]), 0 },
	{ "fpsr", false, CORE_REG_ID(SZ32, CORE_FPSR), 0 },
	{ "fpcr", false, CORE_REG_ID(SZ32, CORE_FPCR), 0 },
};

/* The table's rows of one width, on a new vCPU of that width. */
static void expect_reset_values(const char *kernel, bool aarch32)
{
	int vcpu = vcpu_create_init(kernel, PSCI | (aarch32 ? FEATURE(EL1_32BIT) : 0));

	for (size_t i = 0; i < ARRAY_SIZE(reset_cases); i++) {
		const struct reset_case *c = &reset_cases[i];
		uint64_t val;

		if (c->aarch32 != aarch32)
			continue;
		val = vcpu_get_reg(vcpu, c->id);
		cr_expect_eq(val, c->val, "%s: %s%s = %#llx, want %#llx", kernel, c->name,
			     c->aarch32 ? " (32-bit)" : "", (unsigned long long)val,
			     (unsigned long long)c->val);
	}
}

KERNEL_TEST(core_reg, reset_values)
{
	expect_reset_values(kernel->name, false);
}

KERNEL_TEST(core_reg, reset_values_32bit)
{
	require_vcpu_features(FEATURE(EL1_32BIT));
	expect_reset_values(kernel->name, true);
}

/* ---- widths ------------------------------------------------------------ */

/*
 * V registers are 128 bits wide, FPSR and FPCR 32 bits: all of each is kept.
 * real-*.txt "reg.base core:0x54/128 ... set-ones -> 0 rb=0xffff...ffff (32 digits)",
 * "reg.base core:0xd4/32 ... set-ones -> 0 rb=0xffffffff"
 */
KERNEL_TEST(core_reg, v_fpsr_fpcr_keep_their_width)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	uint8_t ones[16], v[16];

	memset(ones, 0xff, sizeof(ones));
	for (int n = 0; n < 32; n++) {
		memset(v, 0, sizeof(v));
		assert_ret(__vcpu_set_reg(vcpu, CORE_REG_ID(SZ128, CORE_V(n)), ones), 0);
		assert_ret(__vcpu_get_reg(vcpu, CORE_REG_ID(SZ128, CORE_V(n)), v), 0);
		cr_assert_arr_eq(v, ones, sizeof(v), "V%d", n);
	}
	vcpu_set_reg(vcpu, CORE_REG_ID(SZ32, CORE_FPSR), 0xffffffff);
	vcpu_set_reg(vcpu, CORE_REG_ID(SZ32, CORE_FPCR), 0xffffffff);
	cr_assert_eq(vcpu_get_reg(vcpu, CORE_REG_ID(SZ32, CORE_FPSR)), 0xffffffff);
	cr_assert_eq(vcpu_get_reg(vcpu, CORE_REG_ID(SZ32, CORE_FPCR)), 0xffffffff);
}

struct aarch32_case {
	char kernel[KERNEL_NAME_MAX];
	char name[8];
	unsigned int off;
	uint64_t read;
};

/*
 * A 32-bit EL1 vCPU keeps the low 32 bits of the registers AArch32 has (x0,
 * pc); SP_EL0 has no AArch32 counterpart and keeps all 64.
 * real-*.txt "onereg.pstate32.x0 get core:0x0/64 -> 0 val=0x55667788",
 * "onereg.pstate32.pc get core:0x40/64 -> 0 val=0x55667788",
 * "onereg.pstate32.sp get core:0x3e/64 -> 0 val=0x1122334455667788"
 */
static struct aarch32_case aarch32_cases[] = {
	ON_ALL_KERNELS("x0", CORE_X(0), 0x55667788),
	ON_ALL_KERNELS("pc", CORE_PC, 0x55667788),
	ON_ALL_KERNELS("sp", CORE_SP, 0x1122334455667788),
};

TEST_CASES(core_reg, aarch32_truncation, aarch32_cases)
ParameterizedTest(struct aarch32_case *c, core_reg, aarch32_truncation)
{
	uint64_t id = CORE_REG_ID(SZ64, c->off);
	int vcpu;

	require_vcpu_features(FEATURE(EL1_32BIT));
	vcpu = vcpu_create_init(c->kernel, PSCI | FEATURE(EL1_32BIT));
	vcpu_set_reg(vcpu, id, 0x1122334455667788ULL);
	cr_assert_eq(vcpu_get_reg(vcpu, id), c->read, "%s: %s", c->kernel, c->name);
}

/* ---- SVE --------------------------------------------------------------- */

/*
 * With SVE the V registers are the low bits of the Z registers and are
 * reached only through those: EINVAL before and after finalize.
 * real-*.txt "sve get core:0x54/128 -> -1 EINVAL", "sve set core:0x54/128=... -> -1 EINVAL",
 * "sve.final get core:0x54/128 -> -1 EINVAL", "sve.plain get core:0x54/128 -> 0"
 */
KERNEL_TEST(core_reg, v_regs_refused_with_sve)
{
	uint64_t v0 = CORE_REG_ID(SZ128, CORE_V(0));
	uint8_t v[16] = { 0 };
	int plain, sve;

	require_vcpu_features(FEATURE(SVE));
	plain = vcpu_create_init(kernel->name, PSCI);
	sve = vcpu_create_init(kernel->name, PSCI | FEATURE(SVE));
	assert_ret(__vcpu_get_reg(plain, v0, v), 0);
	assert_errno(__vcpu_get_reg(sve, v0, v), EINVAL);
	assert_errno(__vcpu_set_reg(sve, v0, v), EINVAL);
	vcpu_finalize(sve, KVM_ARM_VCPU_SVE);
	assert_errno(__vcpu_get_reg(sve, v0, v), EINVAL);
	/* FPSR and FPCR stay core registers. real-*.txt "reg.sve core:0xd4/32 ... get -> 0" */
	assert_ret(__vcpu_get_reg(sve, CORE_REG_ID(SZ32, CORE_FPSR), v), 0);
}
