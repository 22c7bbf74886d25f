// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * System registers through ONE_REG: reset values (MPIDR_EL1 from the vCPU
 * id, SCTLR_EL1, the ID registers of the harness's CPU, ...), ID and
 * invariant registers refusing a changed value as each kernel does, the ID
 * fields 6.12 lets userspace lower, unknown ids and wrong sizes, EFAULT
 * before ENOENT on set, the PMU registers, and CCSIDR through DEMUX.
 *
 * Expected values: tests/conform/real-*.txt, sections "arm64.init"
 * (init.mpidr.*), "arm64.reglist" (the "reg.<cfg> sys:..." and
 * "reg.<cfg> demux:..." lines), "arm64.onereg", "arm64.idregs", and
 * "arm64.ran-once" (which registers are the VM's, what a VM that has run
 * still takes).  Registers are named sys:OP0_OP1_CRN_CRM_OP2 there.
 *
 * What a register holds from the host CPU (MIDR_EL1, the ID registers,
 * CLIDR_EL1, CCSIDR, the PMU's) differs between hosts: those rows have a
 * host column, qemu-max's from real-K.txt (qemu-max-pauth-mte shares them)
 * and qemu-n1's from real-K-n1.txt, the same lines.  Rows without one hold
 * on every host of the harness.  The PMU's cases run where the host has one.
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define SYS(...)	ARM64_SYS_REG(__VA_ARGS__)

#define MIDR_EL1		SYS(3, 0, 0, 0, 0)
#define MPIDR_EL1		SYS(3, 0, 0, 0, 5)
#define REVIDR_EL1		SYS(3, 0, 0, 0, 6)
#define ID_PFR0_EL1		SYS(3, 0, 0, 1, 0)
#define ID_PFR1_EL1		SYS(3, 0, 0, 1, 1)
#define ID_AA64PFR0_EL1		SYS(3, 0, 0, 4, 0)
#define ID_AA64PFR2_EL1		SYS(3, 0, 0, 4, 2)	/* 0 on the harness's CPU */
#define ID_AA64DFR0_EL1		SYS(3, 0, 0, 5, 0)
#define ID_AA64ISAR0_EL1	SYS(3, 0, 0, 6, 0)
#define ID_AA64MMFR0_EL1	SYS(3, 0, 0, 7, 0)
#define ID_AA64MMFR1_EL1	SYS(3, 0, 0, 7, 1)
#define SCTLR_EL1		SYS(3, 0, 1, 0, 0)
#define CPACR_EL1		SYS(3, 0, 1, 0, 2)
#define TTBR0_EL1		SYS(3, 0, 2, 0, 0)
#define MAIR_EL1		SYS(3, 0, 10, 2, 0)
#define CNTKCTL_EL1		SYS(3, 0, 14, 1, 0)
#define OSLSR_EL1		SYS(2, 0, 1, 1, 4)
#define CLIDR_EL1		SYS(3, 1, 0, 0, 1)
#define CSSELR_EL1		SYS(3, 2, 0, 0, 0)
#define CTR_EL0			SYS(3, 3, 0, 0, 1)
#define FPEXC32_EL2		SYS(3, 4, 5, 3, 0)
#define PMINTENSET_EL1		SYS(3, 0, 9, 14, 1)
#define PMCR_EL0		SYS(3, 3, 9, 12, 0)
#define PMSELR_EL0		SYS(3, 3, 9, 12, 5)
#define PMEVCNTR0_EL0		SYS(3, 3, 14, 8, 0)

/* What the kernel's reset_unknown() leaves: a recognisable "bad code". */
#define UNKNOWN		0x1de7ec7edbadc0deULL

/* ---- reset values ------------------------------------------------------ */

struct reset_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint32_t features;
	uint64_t id;
	uint64_t val;
	char host[24];	/* "": every host; else the host CPU (require_host_cpu()) */
};

/* The host column of the tables: qemu-max (and qemu-max-pauth-mte), qemu-n1. */
#define D	HOST_DEFAULT
#define N1	HOST_N1

/* real-*.txt and real-*-n1.txt "reg.base sys:<reg> <id> get -> 0 <val>", "reg.pmu ..." */
static const struct reset_case reset_cases[] = {
	ON_ALL_KERNELS("MIDR_EL1", PSCI, MIDR_EL1, 0xf0510, D),
	ON_ALL_KERNELS("MIDR_EL1", PSCI, MIDR_EL1, 0x414fd0c1, N1),
	ON_ALL_KERNELS("REVIDR_EL1", PSCI, REVIDR_EL1, 0),
	ON_ALL_KERNELS("SCTLR_EL1", PSCI, SCTLR_EL1, 0xc50078),
	ON_ALL_KERNELS("CPACR_EL1", PSCI, CPACR_EL1, 0),
	ON_ALL_KERNELS("TTBR0_EL1", PSCI, TTBR0_EL1, UNKNOWN),
	ON_ALL_KERNELS("MAIR_EL1", PSCI, MAIR_EL1, UNKNOWN),
	ON_ALL_KERNELS("CSSELR_EL1", PSCI, CSSELR_EL1, UNKNOWN),
	ON_ALL_KERNELS("CNTKCTL_EL1", PSCI, CNTKCTL_EL1, 0),
	/* OSLSR_EL1.OSLM = 0b10: the OS lock is implemented (and unlocked). */
	ON_ALL_KERNELS("OSLSR_EL1", PSCI, OSLSR_EL1, 0x8),
	ON_ALL_KERNELS("FPEXC32_EL2", PSCI, FPEXC32_EL2, 0x700),
	ON_ALL_KERNELS("CTR_EL0", PSCI, CTR_EL0, 0x9444c004),
	/*
	 * 6.12 builds CLIDR from the cache levels it exposes.  qemu-n1's
	 * under 6.1 has ICB (bits 32:30) too.
	 */
	ON_6_1("CLIDR_EL1", PSCI, CLIDR_EL1, 0x2000023, D),
	ON_6_1("CLIDR_EL1", PSCI, CLIDR_EL1, 0x82000023, N1),
	ON_6_12("CLIDR_EL1", PSCI, CLIDR_EL1, 0x2000021),
	ON_ALL_KERNELS("ID_PFR0_EL1", PSCI, ID_PFR0_EL1, 0x1020131, D),
	ON_ALL_KERNELS("ID_PFR0_EL1", PSCI, ID_PFR0_EL1, 0x10131, N1),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1", PSCI, ID_AA64PFR0_EL1, 0x1101001021110222, D),
	/* qemu-n1: EL1 and EL2 (bits 7:4, 11:8) AArch64 only. */
	ON_ALL_KERNELS("ID_AA64PFR0_EL1", PSCI, ID_AA64PFR0_EL1, 0x1100000011110112, N1),
	ON_ALL_KERNELS("ID_AA64PFR2_EL1", PSCI, ID_AA64PFR2_EL1, 0),
	/*
	 * DebugVer (bits 3:0): 9 (Armv8.8 debug) on 6.12, 6 (Armv8.2) on 6.1;
	 * no PMU, PMUVer 0.  qemu-n1 under 6.12: 8.
	 */
	ON_6_1("ID_AA64DFR0_EL1", PSCI, ID_AA64DFR0_EL1, 0x10305006),
	ON_6_12("ID_AA64DFR0_EL1", PSCI, ID_AA64DFR0_EL1, 0x10305009, D),
	ON_6_12("ID_AA64DFR0_EL1", PSCI, ID_AA64DFR0_EL1, 0x10305008, N1),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1", PSCI, ID_AA64ISAR0_EL1, 0x1221111110212120, D),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1", PSCI, ID_AA64ISAR0_EL1, 0x100010211120, N1),
	ON_ALL_KERNELS("ID_AA64MMFR0_EL1", PSCI, ID_AA64MMFR0_EL1, 0x32310201126, D),
	ON_ALL_KERNELS("ID_AA64MMFR0_EL1", PSCI, ID_AA64MMFR0_EL1, 0x101125, N1),
	ON_6_1("ID_AA64MMFR1_EL1", PSCI, ID_AA64MMFR1_EL1, 0x1010211122, D),
	ON_6_12("ID_AA64MMFR1_EL1", PSCI, ID_AA64MMFR1_EL1, 0x11010211122, D),
	ON_ALL_KERNELS("ID_AA64MMFR1_EL1", PSCI, ID_AA64MMFR1_EL1, 0x10212122, N1),
	/*
	 * PMU registers (reg.pmu), qemu-max's PMU: PMCR_EL0.N = 6 counters;
	 * the rest UNKNOWN, masked.
	 */
	ON_6_1("PMCR_EL0", PSCI | FEATURE(PMU_V3), PMCR_EL0, 0x410130ac, D),
	ON_6_12("PMCR_EL0", PSCI | FEATURE(PMU_V3), PMCR_EL0, 0x3000, D),
	ON_ALL_KERNELS("PMINTENSET_EL1", PSCI | FEATURE(PMU_V3), PMINTENSET_EL1, 0x8000001e, D),
	ON_ALL_KERNELS("PMSELR_EL0", PSCI | FEATURE(PMU_V3), PMSELR_EL0, 0x1e, D),
	ON_ALL_KERNELS("PMEVCNTR0_EL0", PSCI | FEATURE(PMU_V3), PMEVCNTR0_EL0, 0xdbadc0de, D),
};

/* The table's rows of the kernel and the host with (without) a PMU, on one new vCPU. */
static void expect_reset_values(const char *kernel, const char *host, bool pmu)
{
	uint32_t features = PSCI | (pmu ? FEATURE(PMU_V3) : 0);
	int vcpu = vcpu_create_init(kernel, features);

	for (size_t i = 0; i < ARRAY_SIZE(reset_cases); i++) {
		const struct reset_case *c = &reset_cases[i];
		uint64_t val;

		if (!kernel_is(kernel, c->kernel) || c->features != features ||
		    (c->host[0] && strcmp(c->host, host)))
			continue;
		val = vcpu_get_reg(vcpu, c->id);
		cr_expect_eq(val, c->val, "%s %s: %s = %#llx, want %#llx", c->kernel, host,
			     c->name, (unsigned long long)val, (unsigned long long)c->val);
	}
}

struct host_case {
	char kernel[KERNEL_NAME_MAX];
	char host[24];
};

static struct host_case host_cases[] = {
	ON_ALL_KERNELS(HOST_DEFAULT),
	ON_ALL_KERNELS(HOST_N1),
};

TEST_CASES(sys_reg, reset_values, host_cases)
ParameterizedTest(struct host_case *c, sys_reg, reset_values)
{
	require_host_cpu(c->host);
	expect_reset_values(c->kernel, c->host, false);
}

KERNEL_TEST(sys_reg, pmu_reset_values)
{
	require_vcpu_features(FEATURE(PMU_V3));
	require_host_cpu(HOST_DEFAULT);
	expect_reset_values(kernel->name, HOST_DEFAULT, true);
}

struct mpidr_case {
	char kernel[KERNEL_NAME_MAX];
	unsigned long vcpu_id;
	uint64_t mpidr;
};

/*
 * Bit 31 (RES1) and the vCPU id spread over the affinity fields, 16 CPUs
 * per Aff0 (the GICv3 target-list limit).
 * real-*.txt "init.mpidr.id<n> get sys:3_0_0_0_5 -> 0 val=..."
 */
static struct mpidr_case mpidr_cases[] = {
	ON_ALL_KERNELS(0, 0x80000000),
	ON_ALL_KERNELS(1, 0x80000001),
	ON_ALL_KERNELS(15, 0x8000000f),
	ON_ALL_KERNELS(16, 0x80000100),
	ON_ALL_KERNELS(255, 0x80000f0f),
	ON_ALL_KERNELS(256, 0x80001000),
	ON_ALL_KERNELS(511, 0x80001f0f),
};

TEST_CASES(sys_reg, mpidr_from_vcpu_id, mpidr_cases)
ParameterizedTest(struct mpidr_case *c, sys_reg, mpidr_from_vcpu_id)
{
	int vcpu = vm_create_vcpu(vm_create(c->kernel), c->vcpu_id);

	vcpu_init(vcpu, PSCI);
	cr_assert_eq(vcpu_get_reg(vcpu, MPIDR_EL1), c->mpidr, "%s: vCPU %lu", c->kernel,
		     c->vcpu_id);
}

/* ---- which values a register takes -------------------------------------- */

struct write_case {
	char kernel[KERNEL_NAME_MAX];
	char name[32];
	uint64_t id;
	uint64_t val;
	struct result want;
	char host[24];	/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * ID and invariant registers take their own value back and refuse others;
 * 6.12 lets userspace lower the fields it knows how to hide (a field value
 * at or below the host's), 6.1 only CSV2/CSV3 of ID_AA64PFR0_EL1.  A field
 * is never raised.  An accepted value reads back as written.
 * real-*.txt and real-*-n1.txt "idregs.sys:<reg>.f<bit> set sys:<reg>=<val> -> ...",
 * "reg.base sys:<reg> ... set-same -> ... set-0 -> ... set-ones -> ..."
 */
static struct write_case write_cases[] = {
	ON_ALL_KERNELS("MIDR_EL1 same", MIDR_EL1, 0xf0510, RET(0), D),
	ON_ALL_KERNELS("MIDR_EL1 same", MIDR_EL1, 0x414fd0c1, RET(0), N1),
	ON_ALL_KERNELS("MIDR_EL1 0", MIDR_EL1, 0, ERR(EINVAL)),
	ON_ALL_KERNELS("CTR_EL0 0", CTR_EL0, 0, ERR(EINVAL)),
	ON_ALL_KERNELS("OSLSR_EL1 0", OSLSR_EL1, 0, ERR(EINVAL)),
	ON_6_1("CLIDR_EL1 0", CLIDR_EL1, 0, ERR(EINVAL)),
	ON_6_12("CLIDR_EL1 0", CLIDR_EL1, 0, RET(0)),
	ON_ALL_KERNELS("CLIDR_EL1 ~0", CLIDR_EL1, ~0ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("REVIDR_EL1 ~0", REVIDR_EL1, ~0ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("ID_AA64PFR2_EL1 ~0", ID_AA64PFR2_EL1, ~0ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("ID_AA64PFR2_EL1 0", ID_AA64PFR2_EL1, 0, RET(0)),
	/* ID_PFR0_EL1 = 0x1020131 (qemu-n1: 0x10131): State0 (f0) lowered / raised. */
	ON_6_1("ID_PFR0_EL1.f0 lower", ID_PFR0_EL1, 0x1020130, ERR(EINVAL), D),
	ON_6_12("ID_PFR0_EL1.f0 lower", ID_PFR0_EL1, 0x1020130, RET(0), D),
	ON_ALL_KERNELS("ID_PFR0_EL1.f0 raise", ID_PFR0_EL1, 0x1020132, ERR(EINVAL), D),
	ON_ALL_KERNELS("ID_PFR0_EL1.f12 raise", ID_PFR0_EL1, 0x1021131, ERR(EINVAL), D),
	ON_6_1("ID_PFR0_EL1.f0 lower", ID_PFR0_EL1, 0x10130, ERR(EINVAL), N1),
	ON_6_12("ID_PFR0_EL1.f0 lower", ID_PFR0_EL1, 0x10130, RET(0), N1),
	ON_ALL_KERNELS("ID_PFR0_EL1.f0 raise", ID_PFR0_EL1, 0x10132, ERR(EINVAL), N1),
	ON_6_1("ID_PFR0_EL1 0", ID_PFR0_EL1, 0, ERR(EINVAL)),
	ON_6_12("ID_PFR0_EL1 0", ID_PFR0_EL1, 0, RET(0)),
	/* ID_AA64PFR0_EL1 = 0x1101001021110222 */
	ON_6_1("ID_AA64PFR0_EL1.f0 lower", ID_AA64PFR0_EL1, 0x1101001021110221, ERR(EINVAL), D),
	ON_6_12("ID_AA64PFR0_EL1.f0 lower", ID_AA64PFR0_EL1, 0x1101001021110221, RET(0), D),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f0 raise", ID_AA64PFR0_EL1, 0x1101001021110223,
		       ERR(EINVAL), D),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f16 lower", ID_AA64PFR0_EL1, 0x1101001021100222,
		       ERR(EINVAL), D),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f56 lower", ID_AA64PFR0_EL1, 0x1001001021110222, RET(0),
		       D),
	/* GIC (f24): 6.12 lets it be hidden (ran-once.before sys:3_0_0_4_0 ...). */
	ON_6_1("ID_AA64PFR0_EL1.f24 lower", ID_AA64PFR0_EL1, 0x1101001020110222, ERR(EINVAL), D),
	ON_6_12("ID_AA64PFR0_EL1.f24 lower", ID_AA64PFR0_EL1, 0x1101001020110222, RET(0), D),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f60 lower", ID_AA64PFR0_EL1, 0x0101001021110222, RET(0),
		       D),
	/* qemu-n1: ID_AA64PFR0_EL1 = 0x1100000011110112 */
	ON_6_1("ID_AA64PFR0_EL1.f0 lower", ID_AA64PFR0_EL1, 0x1100000011110111, ERR(EINVAL), N1),
	ON_6_12("ID_AA64PFR0_EL1.f0 lower", ID_AA64PFR0_EL1, 0x1100000011110111, RET(0), N1),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f0 raise", ID_AA64PFR0_EL1, 0x1100000011110113,
		       ERR(EINVAL), N1),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f16 lower", ID_AA64PFR0_EL1, 0x1100000011100112,
		       ERR(EINVAL), N1),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f56 lower", ID_AA64PFR0_EL1, 0x1000000011110112, RET(0),
		       N1),
	ON_6_1("ID_AA64PFR0_EL1.f24 lower", ID_AA64PFR0_EL1, 0x1100000010110112, ERR(EINVAL), N1),
	ON_6_12("ID_AA64PFR0_EL1.f24 lower", ID_AA64PFR0_EL1, 0x1100000010110112, RET(0), N1),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.f60 lower", ID_AA64PFR0_EL1, 0x0100000011110112, RET(0),
		       N1),
	/* ID_PFR1_EL1 = 0x10011001 (qemu-n1: 0x10010000): GIC (f28) */
	ON_6_1("ID_PFR1_EL1.f28 lower", ID_PFR1_EL1, 0x11001, ERR(EINVAL), D),
	ON_6_12("ID_PFR1_EL1.f28 lower", ID_PFR1_EL1, 0x11001, RET(0), D),
	ON_6_1("ID_PFR1_EL1.f28 lower", ID_PFR1_EL1, 0x10000, ERR(EINVAL), N1),
	ON_6_12("ID_PFR1_EL1.f28 lower", ID_PFR1_EL1, 0x10000, RET(0), N1),
	/*
	 * CTR_EL0 = 0x9444c004: 6.12 lets IminLine (f0), DminLine (f16) and IDC
	 * (bit 28) be lowered, nothing raised, ERG and CWG not changed.
	 * real-*.txt "ran-once.before sys:3_3_0_0_1 get=0x9444c004 set=<v> -> ..."
	 */
	ON_6_1("CTR_EL0.IminLine lower", CTR_EL0, 0x9444c003, ERR(EINVAL)),
	ON_6_12("CTR_EL0.IminLine lower", CTR_EL0, 0x9444c003, RET(0)),
	ON_ALL_KERNELS("CTR_EL0.IminLine raise", CTR_EL0, 0x9444c005, ERR(EINVAL)),
	ON_6_1("CTR_EL0.DminLine lower", CTR_EL0, 0x9443c004, ERR(EINVAL)),
	ON_6_12("CTR_EL0.DminLine lower", CTR_EL0, 0x9443c004, RET(0)),
	ON_ALL_KERNELS("CTR_EL0.ERG lower", CTR_EL0, 0x9434c004, ERR(EINVAL)),
	ON_ALL_KERNELS("CTR_EL0.CWG lower", CTR_EL0, 0x9344c004, ERR(EINVAL)),
	ON_6_1("CTR_EL0.IDC clear", CTR_EL0, 0x8444c004, ERR(EINVAL)),
	ON_6_12("CTR_EL0.IDC clear", CTR_EL0, 0x8444c004, RET(0)),
	ON_ALL_KERNELS("CTR_EL0.DIC set", CTR_EL0, 0xb444c004, ERR(EINVAL)),
	/*
	 * ID_AA64DFR0_EL1 = 0x10305006 (6.1, qemu-n1 too), 0x10305009 (6.12;
	 * qemu-n1: 0x10305008)
	 */
	ON_6_1("ID_AA64DFR0_EL1.f0 lower", ID_AA64DFR0_EL1, 0x10305005, ERR(EINVAL)),
	ON_6_12("ID_AA64DFR0_EL1.f0 lower", ID_AA64DFR0_EL1, 0x10305008, RET(0), D),
	ON_6_12("ID_AA64DFR0_EL1.f0 raise", ID_AA64DFR0_EL1, 0x1030500a, ERR(EINVAL), D),
	ON_6_12("ID_AA64DFR0_EL1.f0 lower", ID_AA64DFR0_EL1, 0x10305007, RET(0), N1),
	ON_6_12("ID_AA64DFR0_EL1.f0 raise", ID_AA64DFR0_EL1, 0x10305009, ERR(EINVAL), N1),
	ON_6_1("ID_AA64DFR0_EL1.f20 lower", ID_AA64DFR0_EL1, 0x10205006, ERR(EINVAL)),
	ON_6_12("ID_AA64DFR0_EL1.f20 lower", ID_AA64DFR0_EL1, 0x10205009, RET(0), D),
	ON_6_12("ID_AA64DFR0_EL1.f20 lower", ID_AA64DFR0_EL1, 0x10205008, RET(0), N1),
	/* ID_AA64ISAR0_EL1 = 0x1221111110212120 (qemu-n1: 0x100010211120) */
	ON_6_1("ID_AA64ISAR0_EL1.f4 lower", ID_AA64ISAR0_EL1, 0x1221111110212110, ERR(EINVAL), D),
	ON_6_12("ID_AA64ISAR0_EL1.f4 lower", ID_AA64ISAR0_EL1, 0x1221111110212110, RET(0), D),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1.f0 raise", ID_AA64ISAR0_EL1, 0x1221111110212121,
		       ERR(EINVAL), D),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1.f24 raise", ID_AA64ISAR0_EL1, 0x1221111111212120,
		       ERR(EINVAL), D),
	ON_6_1("ID_AA64ISAR0_EL1.f4 lower", ID_AA64ISAR0_EL1, 0x100010211110, ERR(EINVAL), N1),
	ON_6_12("ID_AA64ISAR0_EL1.f4 lower", ID_AA64ISAR0_EL1, 0x100010211110, RET(0), N1),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1.f0 raise", ID_AA64ISAR0_EL1, 0x100010211121, ERR(EINVAL),
		       N1),
	ON_ALL_KERNELS("ID_AA64ISAR0_EL1.f24 raise", ID_AA64ISAR0_EL1, 0x100011211120, ERR(EINVAL),
		       N1),
	/* ID_AA64MMFR0_EL1 = 0x32310201126 (qemu-n1: 0x101125) */
	ON_6_1("ID_AA64MMFR0_EL1.f0 lower", ID_AA64MMFR0_EL1, 0x32310201125, ERR(EINVAL), D),
	ON_6_12("ID_AA64MMFR0_EL1.f0 lower", ID_AA64MMFR0_EL1, 0x32310201125, RET(0), D),
	ON_ALL_KERNELS("ID_AA64MMFR0_EL1.f4 lower", ID_AA64MMFR0_EL1, 0x32310201116, ERR(EINVAL),
		       D),
	ON_6_1("ID_AA64MMFR0_EL1.f0 lower", ID_AA64MMFR0_EL1, 0x101124, ERR(EINVAL), N1),
	ON_6_12("ID_AA64MMFR0_EL1.f0 lower", ID_AA64MMFR0_EL1, 0x101124, RET(0), N1),
	ON_ALL_KERNELS("ID_AA64MMFR0_EL1.f4 lower", ID_AA64MMFR0_EL1, 0x101115, ERR(EINVAL), N1),
	/* Ordinary registers take anything. */
	ON_ALL_KERNELS("MPIDR_EL1 0", MPIDR_EL1, 0, RET(0)),
	ON_ALL_KERNELS("MPIDR_EL1 ~0", MPIDR_EL1, ~0ULL, RET(0)),
	ON_ALL_KERNELS("SCTLR_EL1 ~0", SCTLR_EL1, ~0ULL, RET(0)),
	ON_ALL_KERNELS("FPEXC32_EL2 ~0", FPEXC32_EL2, ~0ULL, RET(0)),
};

TEST_CASES(sys_reg, write, write_cases)
ParameterizedTest(struct write_case *c, sys_reg, write)
{
	uint64_t before;
	int vcpu;

	require_host_cpu(c->host);
	vcpu = vcpu_create_init(c->kernel, PSCI);
	before = vcpu_get_reg(vcpu, c->id);

	assert_result(__vcpu_set_reg(vcpu, c->id, &c->val), &c->want, "%s: %s", c->kernel,
		      c->name);
	cr_assert_eq(vcpu_get_reg(vcpu, c->id), c->want.ret == 0 ? c->val : before,
		     "%s: %s read back", c->kernel, c->name);
}

/*
 * PMU registers keep the bits the PMU has: 6.12 masks PMCR_EL0 to its
 * writable bits, 6.1 keeps all 64.  qemu-max's PMU.
 * real-*.txt "reg.pmu sys:3_3_9_12_0 ... set-ones -> 0 rb=..."
 */
struct pmu_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t id;
	uint64_t ones_read;
};

static struct pmu_case pmu_cases[] = {
	ON_6_1(PMCR_EL0, ~0ULL),
	ON_6_12(PMCR_EL0, 0x30ff),
	ON_ALL_KERNELS(PMSELR_EL0, ~0ULL),
	ON_6_1(PMEVCNTR0_EL0, 0xffffffff),
	ON_6_12(PMEVCNTR0_EL0, ~0ULL),
};

TEST_CASES(sys_reg, pmu_write_all_ones, pmu_cases)
ParameterizedTest(struct pmu_case *c, sys_reg, pmu_write_all_ones)
{
	int vcpu;

	require_vcpu_features(FEATURE(PMU_V3));
	require_host_cpu(HOST_DEFAULT);
	vcpu = vcpu_create_init(c->kernel, PSCI | FEATURE(PMU_V3));

	vcpu_set_reg(vcpu, c->id, ~0ULL);
	cr_assert_eq(vcpu_get_reg(vcpu, c->id), c->ones_read, "%s: %#llx", c->kernel,
		     (unsigned long long)c->id);
}

static bool listed(const struct kvm_reg_list *list, uint64_t id)
{
	for (uint64_t i = 0; i < list->n; i++)
		if (list->reg[i] == id)
			return true;
	return false;
}

/*
 * The PMU registers come with PMU_V3 only: 74 more ids on both kernels.
 * real-*.txt "reglist.pmu id[...] sys:3_3_9_12_0", absent from "reglist.base id[...]"
 */
KERNEL_TEST(sys_reg, pmu_regs_listed_with_pmu_only)
{
	struct kvm_reg_list *base, *pmu;

	require_vcpu_features(FEATURE(PMU_V3));
	base = vcpu_get_reg_list(vcpu_create_init(kernel->name, PSCI));
	pmu = vcpu_get_reg_list(vcpu_create_init(kernel->name, PSCI | FEATURE(PMU_V3)));

	cr_expect(!listed(base, PMCR_EL0));
	cr_expect(listed(pmu, PMCR_EL0));
	cr_expect(listed(pmu, PMINTENSET_EL1));
	cr_expect_eq(pmu->n - base->n, 74);
	free(base);
	free(pmu);
}

/* ---- ids that are not registers ---------------------------------------- */

struct id_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint64_t id;
	struct result want;
};

/*
 * Ids outside arm64's scheme are EINVAL; arm64 ids of no register (unknown
 * encodings, a coproc field of no class, a system register at another size)
 * ENOENT, the same for get and set.
 * real-*.txt "onereg.id <name> get -> ...", "onereg.id <name> set -> ..."
 */
static struct id_case id_cases[] = {
	ON_ALL_KERNELS("id=0", 0, ERR(EINVAL)),
	ON_ALL_KERNELS("arch=x86", 0x2030000000100000ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("arch=0x7", 0x7030000000100000ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("bit32", 0x6030000100100000ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("bits32-51", 0x603fffff00100000ULL, ERR(EINVAL)),
	ON_ALL_KERNELS("coproc0", 0x6030000000000000ULL, ERR(ENOENT)),
	ON_ALL_KERNELS("coproc0x12", 0x6030000000120000ULL, ERR(ENOENT)),
	ON_ALL_KERNELS("coproc0x17", 0x6030000000170000ULL, ERR(ENOENT)),
	ON_ALL_KERNELS("coproc0xfff", 0x603000000fff0000ULL, ERR(ENOENT)),
	ON_ALL_KERNELS("sys.U32.mpidr", REG_WITH_SIZE(MPIDR_EL1, KVM_REG_SIZE_U32), ERR(ENOENT)),
	ON_ALL_KERNELS("sys.U128.mpidr", REG_WITH_SIZE(MPIDR_EL1, KVM_REG_SIZE_U128), ERR(ENOENT)),
	ON_ALL_KERNELS("sys.unknown", SYS(3, 7, 15, 15, 7), ERR(ENOENT)),
	ON_ALL_KERNELS("sys.op0=0", SYS(0, 0, 0, 0, 5), ERR(ENOENT)),
	ON_ALL_KERNELS("sys.op0=1", SYS(1, 0, 0, 0, 5), ERR(ENOENT)),
	ON_ALL_KERNELS("sys.bit16+", MPIDR_EL1 | (1ULL << 30), ERR(ENOENT)),
	/* CCSIDR: selectors past the cache levels, another DEMUX id, the wrong size. */
	ON_ALL_KERNELS("demux.U64.0", REG_WITH_SIZE(DEMUX_CCSIDR(0), KVM_REG_SIZE_U64), ERR(ENOENT)),
	ON_ALL_KERNELS("demux.0.14", DEMUX_CCSIDR(14), ERR(ENOENT)),
	ON_ALL_KERNELS("demux.0.255", DEMUX_CCSIDR(255), ERR(ENOENT)),
	ON_ALL_KERNELS("demux.1.0", DEMUX_CCSIDR(0) | (1 << KVM_REG_ARM_DEMUX_ID_SHIFT),
		       ERR(ENOENT)),
};

TEST_CASES(sys_reg, not_a_register, id_cases)
ParameterizedTest(struct id_case *c, sys_reg, not_a_register)
{
	assert_get_and_set(vcpu_create_init(c->kernel, PSCI), c->id, &c->want, "%s: %s", c->kernel,
			   c->name);
}

struct addr_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t id;
	int get_err, set_err;
};

/*
 * A bad value pointer is EFAULT for a register; for an unknown one, get
 * says ENOENT, but set copies the value in first (since Linux 6.0) and
 * says EFAULT.
 * real-*.txt "onereg get sys:3_0_0_0_5 addr=NULL -> -1 EFAULT", ..., "onereg get sys:3_7_15_15_7
 * addr=NULL -> -1 ENOENT", "onereg set sys:3_7_15_15_7 addr=NULL -> -1 EFAULT", ...
 */
static struct addr_case addr_cases[] = {
	ON_ALL_KERNELS(MPIDR_EL1, EFAULT, EFAULT),
	ON_ALL_KERNELS(SYS(3, 7, 15, 15, 7), ENOENT, EFAULT),
};

TEST_CASES(sys_reg, bad_value_pointer, addr_cases)
ParameterizedTest(struct addr_case *c, sys_reg, bad_value_pointer)
{
	expect_bad_value_pointers(vcpu_create_init(c->kernel, PSCI), c->id, c->get_err,
				  c->set_err);
}

/* ---- CCSIDR ------------------------------------------------------------ */

struct ccsidr_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t csselr;
	uint32_t val;
	struct result want_zero, want_ones;
	char host[24];	/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * 6.1 gives the host's CCSIDR for CSSELR 0-2 and takes only that value
 * back; 6.12 gives 14 made-up ones (0x2) and takes any but 0.
 * real-*.txt and real-*-n1.txt "reg.base demux:0.<n> 0x60200000001100<n> get -> 0 ...
 * set-0 -> ... set-ones -> ..."
 */
static struct ccsidr_case ccsidr_cases[] = {
	ON_6_1(0, 0x701fe00a, ERR(EINVAL), ERR(EINVAL), D),
	ON_6_1(1, 0x201fe012, ERR(EINVAL), ERR(EINVAL), D),
	ON_6_1(2, 0x70ffe07a, ERR(EINVAL), ERR(EINVAL), D),
	ON_6_1(0, 0x701fe01a, ERR(EINVAL), ERR(EINVAL), N1),
	ON_6_1(1, 0x201fe01a, ERR(EINVAL), ERR(EINVAL), N1),
	ON_6_1(2, 0x70ffe03a, ERR(EINVAL), ERR(EINVAL), N1),
	ON_6_12(0, 0x2, ERR(EINVAL), RET(0)),
	ON_6_12(1, 0x2, ERR(EINVAL), RET(0)),
	ON_6_12(7, 0x2, ERR(EINVAL), RET(0)),
	ON_6_12(13, 0x2, ERR(EINVAL), RET(0)),
};

TEST_CASES(sys_reg, ccsidr, ccsidr_cases)
ParameterizedTest(struct ccsidr_case *c, sys_reg, ccsidr)
{
	uint64_t id = DEMUX_CCSIDR(c->csselr);
	uint32_t zero = 0, ones = ~0U;
	int vcpu;

	require_host_cpu(c->host);
	vcpu = vcpu_create_init(c->kernel, PSCI);

	cr_assert_eq(vcpu_get_reg(vcpu, id), c->val, "%s: CCSIDR[%u]", c->kernel, c->csselr);
	vcpu_set_reg(vcpu, id, c->val);
	assert_result(__vcpu_set_reg(vcpu, id, &zero), &c->want_zero, "%s: CCSIDR[%u] = 0",
		      c->kernel, c->csselr);
	assert_result(__vcpu_set_reg(vcpu, id, &ones), &c->want_ones, "%s: CCSIDR[%u] = ~0",
		      c->kernel, c->csselr);
	cr_assert_eq(vcpu_get_reg(vcpu, id), c->want_ones.ret == 0 ? ones : c->val);
}

/* ---- the VM's registers, and a VM that has run --------------------------- */

struct scope_case {
	char kernel[KERNEL_NAME_MAX];
	char name[32];
	uint64_t id;
	uint64_t other;		/* a value vCPU 0 takes */
	bool vm_wide;		/* vCPU 1 reads it too */
	bool kept;		/* vCPU 0 still reads it after a new KVM_ARM_VCPU_INIT */
	char host[24];		/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * On 6.12 the ID registers and CTR_EL0 are the VM's: set through one vCPU,
 * read through any, and a re-init leaves them; on 6.1 only CSV2/CSV3 of
 * ID_AA64PFR0_EL1 are (the other ID fields cannot change there).  MPIDR_EL1
 * and CLIDR_EL1 are each vCPU's own; 6.12 resets them at the first
 * KVM_ARM_VCPU_INIT only.
 * real-*.txt and real-*-n1.txt "ran-once.before sys:<reg> get=... set=<v> -> 0 get=<v>
 * vcpu1.get=...", "ran-once.before.reinit sys:<reg> get=... vcpu1.get=..."
 */
static struct scope_case scope_cases[] = {
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1001001021110222, true,
		       true, D),
	ON_ALL_KERNELS("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1000000011110112, true,
		       true, N1),
	ON_6_12("ID_AA64ISAR0_EL1.AES lower", ID_AA64ISAR0_EL1, 0x1221111110212110, true, true, D),
	ON_6_12("ID_AA64ISAR0_EL1.AES lower", ID_AA64ISAR0_EL1, 0x100010211110, true, true, N1),
	ON_6_1("MPIDR_EL1", MPIDR_EL1, 0x80000100, false, false),
	ON_6_12("MPIDR_EL1", MPIDR_EL1, 0x80000100, false, true),
	ON_6_12("CLIDR_EL1 0", CLIDR_EL1, 0, false, true),
};

TEST_CASES(sys_reg, vm_or_vcpu_register, scope_cases)
ParameterizedTest(struct scope_case *c, sys_reg, vm_or_vcpu_register)
{
	uint64_t before0, before1;
	int vm, v0, v1;

	require_host_cpu(c->host);
	vm = vm_create(c->kernel);
	v0 = vm_create_vcpu(vm, 0);
	v1 = vm_create_vcpu(vm, 1);
	vcpu_init(v0, PSCI);
	vcpu_init(v1, PSCI);
	before0 = vcpu_get_reg(v0, c->id);
	before1 = vcpu_get_reg(v1, c->id);
	vcpu_set_reg(v0, c->id, c->other);
	cr_expect_eq(vcpu_get_reg(v1, c->id), c->vm_wide ? c->other : before1, "%s: %s, vCPU 1",
		     c->kernel, c->name);
	vcpu_init(v1, PSCI);
	vcpu_init(v0, PSCI);
	cr_expect_eq(vcpu_get_reg(v0, c->id), c->kept ? c->other : before0,
		     "%s: %s after a re-init", c->kernel, c->name);
}

struct ran_once_case {
	char kernel[KERNEL_NAME_MAX];
	char name[32];
	uint64_t id;
	uint64_t val;		/* what it reads after the run */
	uint64_t other;		/* a value it is given after the run */
	struct result want;
	char host[24];		/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * Once a vCPU of the VM has run, 6.12's ID registers take only the value
 * they have (EBUSY for any other, even one they would refuse anyway),
 * whichever vCPU asks: the one that ran, one that did not, one made after
 * the run.  A debug architecture below Armv8 is still EINVAL, looked at
 * first.  The run hid the GIC (no vGIC): ID_AA64PFR0_EL1.GIC and
 * ID_PFR1_EL1.GIC read 0 now.  6.1 keeps taking what it took before
 * (CSV2 lowered); CLIDR_EL1 and MPIDR_EL1 are not fixed.
 * real-*.txt "ran-once.after.vcpu<n> sys:<reg> get=<val> set=<other> -> ..."
 */
static struct ran_once_case ran_once_cases[] = {
	ON_6_12("ID_AA64PFR0_EL1.EL0 lower", ID_AA64PFR0_EL1, 0x1101001020110222,
		0x1101001020110221, ERR(EBUSY), D),
	ON_6_12("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1101001020110222,
		0x1001001020110222, ERR(EBUSY), D),
	ON_6_12("ID_AA64PFR0_EL1.EL0 raise", ID_AA64PFR0_EL1, 0x1101001020110222,
		0x1101001020110223, ERR(EBUSY), D),
	ON_6_1("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1101001021110222,
	       0x1001001021110222, RET(0), D),
	ON_6_1("ID_AA64PFR0_EL1.EL0 lower", ID_AA64PFR0_EL1, 0x1101001021110222,
	       0x1101001021110221, ERR(EINVAL), D),
	ON_6_12("ID_PFR1_EL1.ProgMod lower", ID_PFR1_EL1, 0x11001, 0x11000, ERR(EBUSY), D),
	ON_6_1("ID_PFR1_EL1.ProgMod lower", ID_PFR1_EL1, 0x10011001, 0x10011000, ERR(EINVAL), D),
	ON_6_12("ID_PFR0_EL1.State0 lower", ID_PFR0_EL1, 0x1020131, 0x1020130, ERR(EBUSY), D),
	ON_6_12("ID_AA64DFR0_EL1.DebugVer lower", ID_AA64DFR0_EL1, 0x10305009, 0x10305008,
		ERR(EBUSY), D),
	ON_6_12("ID_AA64DFR0_EL1.DebugVer 5", ID_AA64DFR0_EL1, 0x10305009, 0x10305005,
		ERR(EINVAL), D),
	ON_6_12("ID_AA64ISAR0_EL1.AES lower", ID_AA64ISAR0_EL1, 0x1221111110212120,
		0x1221111110212110, ERR(EBUSY), D),
	ON_6_12("ID_AA64MMFR0_EL1.PARange lower", ID_AA64MMFR0_EL1, 0x32310201126, 0x32310201125,
		ERR(EBUSY), D),
	ON_6_12("CTR_EL0.IminLine lower", CTR_EL0, 0x9444c004, 0x9444c003, ERR(EBUSY)),
	ON_6_1("CTR_EL0.IminLine lower", CTR_EL0, 0x9444c004, 0x9444c003, ERR(EINVAL)),
	ON_6_12("CLIDR_EL1 0", CLIDR_EL1, 0x2000021, 0, RET(0)),
	ON_6_1("CLIDR_EL1 0", CLIDR_EL1, 0x2000023, 0, ERR(EINVAL), D),
	ON_ALL_KERNELS("MIDR_EL1 0", MIDR_EL1, 0xf0510, 0, ERR(EINVAL), D),
	/*
	 * qemu-n1: real-*-n1.txt "ran-once.after.vcpu<n> ...".  Its ProgMod
	 * (ID_PFR1_EL1 bits 3:0) is 0 already: the value one below is tried.
	 */
	ON_6_12("ID_AA64PFR0_EL1.EL0 lower", ID_AA64PFR0_EL1, 0x1100000010110112,
		0x1100000010110111, ERR(EBUSY), N1),
	ON_6_12("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1100000010110112,
		0x1000000010110112, ERR(EBUSY), N1),
	ON_6_12("ID_AA64PFR0_EL1.EL0 raise", ID_AA64PFR0_EL1, 0x1100000010110112,
		0x1100000010110113, ERR(EBUSY), N1),
	ON_6_1("ID_AA64PFR0_EL1.CSV2 lower", ID_AA64PFR0_EL1, 0x1100000011110112,
	       0x1000000011110112, RET(0), N1),
	ON_6_1("ID_AA64PFR0_EL1.EL0 lower", ID_AA64PFR0_EL1, 0x1100000011110112,
	       0x1100000011110111, ERR(EINVAL), N1),
	ON_6_12("ID_PFR1_EL1 one below", ID_PFR1_EL1, 0x10000, 0xffff, ERR(EBUSY), N1),
	ON_6_1("ID_PFR1_EL1 one below", ID_PFR1_EL1, 0x10010000, 0x1000ffff, ERR(EINVAL), N1),
	ON_6_12("ID_PFR0_EL1.State0 lower", ID_PFR0_EL1, 0x10131, 0x10130, ERR(EBUSY), N1),
	ON_6_12("ID_AA64DFR0_EL1.DebugVer lower", ID_AA64DFR0_EL1, 0x10305008, 0x10305007,
		ERR(EBUSY), N1),
	ON_6_12("ID_AA64DFR0_EL1.DebugVer 5", ID_AA64DFR0_EL1, 0x10305008, 0x10305005,
		ERR(EINVAL), N1),
	ON_6_12("ID_AA64ISAR0_EL1.AES lower", ID_AA64ISAR0_EL1, 0x100010211120, 0x100010211110,
		ERR(EBUSY), N1),
	ON_6_12("ID_AA64MMFR0_EL1.PARange lower", ID_AA64MMFR0_EL1, 0x101125, 0x101124,
		ERR(EBUSY), N1),
	ON_6_1("CLIDR_EL1 0", CLIDR_EL1, 0x82000023, 0, ERR(EINVAL), N1),
	ON_ALL_KERNELS("MIDR_EL1 0", MIDR_EL1, 0x414fd0c1, 0, ERR(EINVAL), N1),
};

TEST_CASES(sys_reg, after_the_vm_has_run, ran_once_cases)
ParameterizedTest(struct ran_once_case *c, sys_reg, after_the_vm_has_run)
{
	int vm, vcpu[3];

	require_host_cpu(c->host);
	vm = vm_create(c->kernel);
	vcpu[0] = vm_create_vcpu(vm, 0);
	vcpu[1] = vm_create_vcpu(vm, 1);

	vcpu_init(vcpu[0], PSCI);
	vcpu_init(vcpu[1], PSCI);
	vcpu_run_immediate_exit(vcpu[0]);
	vcpu[2] = vm_create_vcpu(vm, 2);
	vcpu_init(vcpu[2], PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(vcpu); i++) {
		cr_expect_eq(vcpu_get_reg(vcpu[i], c->id), c->val, "%s: %s, vCPU %zu reads %#llx",
			     c->kernel, c->name, i,
			     (unsigned long long)vcpu_get_reg(vcpu[i], c->id));
		vcpu_set_reg(vcpu[i], c->id, c->val);
		expect_result(__vcpu_set_reg(vcpu[i], c->id, &c->other), &c->want, "%s: %s, vCPU %zu",
			      c->kernel, c->name, i);
		cr_expect_eq(vcpu_get_reg(vcpu[i], c->id), c->want.ret ? c->val : c->other);
		vcpu_set_reg(vcpu[i], c->id, c->val);
	}
}

struct pmcr_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t val;		/* PMCR_EL0 at reset */
	uint64_t fewer;		/* N one lower */
	bool vm_wide;		/* vCPU 1 sees N lowered through vCPU 0 */
	bool fixed;		/* after the run, N stays (the write still succeeds) */
};

/*
 * 6.12 keeps PMCR_EL0.N for the VM and ignores a new N once it has run;
 * 6.1 keeps N per vCPU and takes it at any time.  qemu-max's PMU.
 * real-*.txt "ran-once.pmu.before sys:3_3_9_12_0 ...", "ran-once.pmu.after.vcpu<n> ..."
 */
static struct pmcr_case pmcr_cases[] = {
	ON_6_1(0x410130ac, 0x410128ac, false, false),
	ON_6_12(0x3000, 0x2800, true, true),
};

TEST_CASES(sys_reg, pmcr_n_once_the_vm_has_run, pmcr_cases)
ParameterizedTest(struct pmcr_case *c, sys_reg, pmcr_n_once_the_vm_has_run)
{
	const uint32_t features = PSCI | FEATURE(PMU_V3);
	struct kvm_device_attr init = { .group = KVM_ARM_VCPU_PMU_V3_CTRL,
					.attr = KVM_ARM_VCPU_PMU_V3_INIT };
	int vm, v0, v1;

	require_vcpu_features(features);
	require_host_cpu(HOST_DEFAULT);
	vm = vm_create(c->kernel);
	v0 = vm_create_vcpu(vm, 0);
	v1 = vm_create_vcpu(vm, 1);
	vcpu_init(v0, features);
	vcpu_init(v1, features);
	vcpu_set_reg(v0, PMCR_EL0, c->fewer);
	cr_expect_eq(vcpu_get_reg(v0, PMCR_EL0), c->fewer, "%s", c->kernel);
	cr_expect_eq(vcpu_get_reg(v1, PMCR_EL0), c->vm_wide ? c->fewer : c->val, "%s: vCPU 1",
		     c->kernel);
	vcpu_set_reg(v0, PMCR_EL0, c->val);
	vcpu_ioctl(v0, KVM_SET_DEVICE_ATTR, &init);
	vcpu_run_immediate_exit(v0);
	for (int i = 0; i < 2; i++) {
		int vcpu = i ? v1 : v0;

		vcpu_set_reg(vcpu, PMCR_EL0, c->fewer);
		cr_expect_eq(vcpu_get_reg(vcpu, PMCR_EL0), c->fixed ? c->val : c->fewer,
			     "%s: vCPU %d after the run", c->kernel, i);
		vcpu_set_reg(vcpu, PMCR_EL0, c->val);
	}
}
