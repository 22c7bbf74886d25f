// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * System registers as userspace sees them (the kernel's
 * arch/arm64/kvm/sys_regs.c): one sorted table of descriptors, each with
 * its encoding, reset, write rule and visibility; KVM_GET_REG_LIST walks
 * it, ONE_REG looks registers up in it, and the DEMUX CCSIDR registers.
 *
 * Reset values and write rules are those real KVM showed on the harness
 * host (tests/conform, sections arm64.reglist and arm64.idregs).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_arm.h"
#include "sys_regs.h"

/* The kernel's reset_unknown() poison, as real KVM reads it back. */
#define POISON		0x1de7ec7edbadc0deULL

#define ENC(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

enum reset_kind {
	RST_ZERO,
	RST_VAL,		/* @reset */
	RST_UNKNOWN,		/* the poison */
	RST_UNKNOWN_MASK,	/* the poison & @reset */
	RST_PMU_MASK,		/* the poison & the implemented counters */
	RST_MPIDR,		/* from the vCPU id */
	RST_HOST,		/* the host profile's value */
};

enum write_kind {
	WR_RW,			/* any value, kept as written */
	WR_INVARIANT,		/* only the value it has */
	WR_ID,			/* ID register: see set_id_reg() */
	WR_CLIDR,
	WR_OSLSR,
	WR_PMU_SET,		/* write-one-to-set half of a PMU pair */
	WR_PMU_CLR,		/* write-one-to-clear half, stored in the entry before */
	WR_PMCR,
	WR_PMSWINC,		/* reads as 0, writes are dropped */
	WR_PMEVCNTR,
};

/* Visibility. */
#define VIS_PMU		(1U << 0)	/* vCPU has KVM_ARM_VCPU_PMU_V3 */
#define VIS_SVE		(1U << 1)	/* vCPU has KVM_ARM_VCPU_SVE */
#define VIS_NEW		(1U << 2)	/* only releases with sysreg_extra */
/* Listed before the table, as "invariant" registers (KVM_GET_REG_LIST). */
#define LIST_FIRST	(1U << 3)
/* LIST_FIRST only where the release keeps CLIDR/CTR invariant. */
#define LIST_FIRST_OLD	(1U << 4)
/* The vCPU's own register of the ID space: some releases reset it once only. */
#define ID_VCPU		(1U << 5)
#define VIS_PTRAUTH	(1U << 6)	/* vCPU has KVM_ARM_VCPU_PTRAUTH_* */
#define VIS_MTE		(1U << 7)	/* the VM enabled KVM_CAP_ARM_MTE */

/**
 * struct sys_reg_desc - one system register.
 * @name: architectural name.
 * @enc: op0, op1, CRn, CRm, op2 as in the low 16 bits of a ONE_REG id.
 * @reset_kind, @reset: its reset (enum reset_kind).
 * @write: how a KVM_SET_ONE_REG value is taken (enum write_kind).
 * @flags: VIS_* and LIST_*.
 * @lower: ID register fields a kernel with writable ID registers lets
 *	userspace lower (no higher than the host's value); a mask of less
 *	than a whole 4-bit field is a field of those bits alone, the rest of
 *	the 4 bits fixed.
 * @higher: ID register fields it lets userspace raise.
 * @min: per field, the lowest value it takes (the debug architecture).
 * @lower_old: fields an older kernel already let userspace lower; the
 *	VM's, not the vCPU's, on such a kernel.
 * For a WR_PMU_CLR register, @reset is the encoding of its set half.
 */
struct sys_reg_desc {
	const char *name;
	uint16_t enc;
	uint8_t reset_kind;
	uint8_t write;
	uint8_t flags;
	uint64_t reset;
	uint64_t lower;
	uint64_t higher;
	uint64_t min;
	uint64_t lower_old;
};

#define SYS_DESC(n, o0, o1, cn, cm, o2, rk, rv, wr, fl) \
	{ .name = (n), .enc = ENC(o0, o1, cn, cm, o2), .reset_kind = (rk), \
	  .reset = (rv), .write = (wr), .flags = (fl) }
#define RW(n, o0, o1, cn, cm, o2, rk, rv) SYS_DESC(n, o0, o1, cn, cm, o2, rk, rv, WR_RW, 0)
#define ID(n, cm, o2, lo, hi) \
	{ .name = (n), .enc = ENC(3, 0, 0, cm, o2), .reset_kind = RST_HOST, \
	  .write = WR_ID, .lower = (lo), .higher = (hi) }
#define ID_RES(n, cm, o2) ID(n, cm, o2, 0, 0)

#define DBG_REGS(n) \
	RW("DBGBVR" #n "_EL1", 2, 0, 0, n, 4, RST_ZERO, 0), \
	RW("DBGBCR" #n "_EL1", 2, 0, 0, n, 5, RST_ZERO, 0), \
	RW("DBGWVR" #n "_EL1", 2, 0, 0, n, 6, RST_ZERO, 0), \
	RW("DBGWCR" #n "_EL1", 2, 0, 0, n, 7, RST_ZERO, 0)
/* A pointer authentication key: KEYLO_EL1 and KEYHI_EL1 at op2 and op2 + 1. */
#define PTRAUTH_KEY(k, cm, o2) \
	SYS_DESC(k "KEYLO_EL1", 3, 0, 2, cm, o2, RST_UNKNOWN, 0, WR_RW, VIS_PTRAUTH), \
	SYS_DESC(k "KEYHI_EL1", 3, 0, 2, cm, (o2) + 1, RST_UNKNOWN, 0, WR_RW, VIS_PTRAUTH)
#define PMU(n, o0, o1, cn, cm, o2, rk, rv, wr) \
	SYS_DESC(n, o0, o1, cn, cm, o2, rk, rv, wr, VIS_PMU)
#define PMEVCNTR(n) \
	PMU("PMEVCNTR" #n "_EL0", 3, 3, 14, 8 + (n) / 8, (n) % 8, RST_UNKNOWN_MASK, \
	    0xffffffffULL, WR_PMEVCNTR)
#define PMEVTYPER(n) \
	PMU("PMEVTYPER" #n "_EL0", 3, 3, 14, 12 + (n) / 8, (n) % 8, RST_UNKNOWN_MASK, \
	    0xc800ffffULL, WR_RW)

/*
 * Sorted by encoding.  The lower/higher masks of the ID registers are the
 * fields real 6.12 accepted a lowered (raised) value for, on the harness
 * host; fields that are 0 there could not be probed and stay fixed.
 * The timer registers live in arch_timer.c.
 */
static const struct sys_reg_desc sys_reg_descs[] = {
	DBG_REGS(0), DBG_REGS(1),
	RW("MDCCINT_EL1", 2, 0, 0, 2, 0, RST_ZERO, 0),
	RW("MDSCR_EL1", 2, 0, 0, 2, 2, RST_ZERO, 0),
	DBG_REGS(2), DBG_REGS(3), DBG_REGS(4), DBG_REGS(5), DBG_REGS(6), DBG_REGS(7),
	DBG_REGS(8), DBG_REGS(9), DBG_REGS(10), DBG_REGS(11), DBG_REGS(12),
	DBG_REGS(13), DBG_REGS(14), DBG_REGS(15),
	SYS_DESC("OSLSR_EL1", 2, 0, 1, 1, 4, RST_VAL, 0x8, WR_OSLSR, 0),
	RW("DBGVCR32_EL2", 2, 4, 0, 7, 0, RST_ZERO, 0),

	SYS_DESC("MIDR_EL1", 3, 0, 0, 0, 0, RST_HOST, 0, WR_INVARIANT, LIST_FIRST),
	SYS_DESC("MPIDR_EL1", 3, 0, 0, 0, 5, RST_MPIDR, 0, WR_RW, ID_VCPU),
	SYS_DESC("REVIDR_EL1", 3, 0, 0, 0, 6, RST_HOST, 0, WR_INVARIANT, LIST_FIRST),
	ID("ID_PFR0_EL1", 1, 0, 0xf0f0fffULL, 0),
	ID("ID_PFR1_EL1", 1, 1, 0xf00ff00fULL, 0),
	/* A debug architecture older than Armv8 (CopDbg/DebugVer 6) is refused. */
	{ .name = "ID_DFR0_EL1", .enc = ENC(3, 0, 0, 1, 2), .reset_kind = RST_HOST,
	  .write = WR_ID, .lower = 0xf000fULL, .min = 0x6 },
	ID("ID_AFR0_EL1", 1, 3, 0, 0),
	ID("ID_MMFR0_EL1", 1, 4, 0xf0f0ff0fULL, 0),
	ID("ID_MMFR1_EL1", 1, 5, 0xf0000000ULL, 0),
	ID("ID_MMFR2_EL1", 1, 6, 0xfff0000ULL, 0),
	ID("ID_MMFR3_EL1", 1, 7, 0xfffffffULL, 0),
	ID("ID_ISAR0_EL1", 2, 0, 0xff0fff0ULL, 0),
	ID("ID_ISAR1_EL1", 2, 1, 0xffffffffULL, 0),
	ID("ID_ISAR2_EL1", 2, 2, 0xfffff0ffULL, 0),
	ID("ID_ISAR3_EL1", 2, 3, 0xfffffffULL, 0),
	ID("ID_ISAR4_EL1", 2, 4, 0xfffffULL, 0),
	ID("ID_ISAR5_EL1", 2, 5, 0xf0fffffULL, 0),
	ID("ID_MMFR4_EL1", 2, 6, 0xffff0ULL, 0xfULL),
	ID("ID_ISAR6_EL1", 2, 7, 0xfffffffULL, 0),
	ID("MVFR0_EL1", 3, 0, 0xf0ff0fffULL, 0),
	ID("MVFR1_EL1", 3, 1, 0xffffffffULL, 0),
	ID("MVFR2_EL1", 3, 2, 0xffULL, 0),
	ID_RES("S3_0_C0_C3_3", 3, 3),
	ID("ID_PFR2_EL1", 3, 4, 0xffULL, 0),
	ID("ID_DFR1_EL1", 3, 5, 0, 0),
	ID("ID_MMFR5_EL1", 3, 6, 0xfULL, 0),
	ID_RES("S3_0_C0_C3_7", 3, 7),
	/* CSV2 and CSV3 could be lowered before ID registers became writable. */
	{ .name = "ID_AA64PFR0_EL1", .enc = ENC(3, 0, 0, 4, 0), .reset_kind = RST_HOST,
	  .write = WR_ID, .lower = 0xff0f00f00f000fffULL, .lower_old = 0xff00000000000000ULL },
	ID("ID_AA64PFR1_EL1", 4, 1, 0xffULL, 0),
	ID_RES("ID_AA64PFR2_EL1", 4, 2),
	ID_RES("S3_0_C0_C4_3", 4, 3),
	ID("ID_AA64ZFR0_EL1", 4, 4, ~0ULL, 0),
	ID_RES("ID_AA64SMFR0_EL1", 4, 5),
	ID_RES("S3_0_C0_C4_6", 4, 6),
	ID_RES("ID_AA64FPFR0_EL1", 4, 7),
	{ .name = "ID_AA64DFR0_EL1", .enc = ENC(3, 0, 0, 5, 0), .reset_kind = RST_HOST,
	  .write = WR_ID, .lower = 0xf0000fULL, .min = 0x6 },
	ID_RES("ID_AA64DFR1_EL1", 5, 1),
	ID_RES("S3_0_C0_C5_2", 5, 2),
	ID_RES("S3_0_C0_C5_3", 5, 3),
	ID_RES("ID_AA64AFR0_EL1", 5, 4),
	ID_RES("ID_AA64AFR1_EL1", 5, 5),
	ID_RES("S3_0_C0_C5_6", 5, 6),
	ID_RES("S3_0_C0_C5_7", 5, 7),
	ID("ID_AA64ISAR0_EL1", 6, 0, 0xfffffffff0fffff0ULL, 0),
	ID("ID_AA64ISAR1_EL1", 6, 1, 0xffffff00fff00fULL, 0),
	ID_RES("ID_AA64ISAR2_EL1", 6, 2),
	ID_RES("ID_AA64ISAR3_EL1", 6, 3),
	ID_RES("S3_0_C0_C6_4", 6, 4),
	ID_RES("S3_0_C0_C6_5", 6, 5),
	ID_RES("S3_0_C0_C6_6", 6, 6),
	ID_RES("S3_0_C0_C6_7", 6, 7),
	ID("ID_AA64MMFR0_EL1", 7, 0, 0xf0f0ff0fULL, 0),
	ID("ID_AA64MMFR1_EL1", 7, 1, 0xf000fff00fULL, 0xf000000ULL),
	ID("ID_AA64MMFR2_EL1", 7, 2, 0xf0ff0000f00ff0ffULL, 0),
	ID_RES("ID_AA64MMFR3_EL1", 7, 3),
	ID_RES("ID_AA64MMFR4_EL1", 7, 4),
	ID_RES("S3_0_C0_C7_5", 7, 5),
	ID_RES("S3_0_C0_C7_6", 7, 6),
	ID_RES("S3_0_C0_C7_7", 7, 7),
	RW("SCTLR_EL1", 3, 0, 1, 0, 0, RST_VAL, 0x00c50078),
	RW("ACTLR_EL1", 3, 0, 1, 0, 1, RST_ZERO, 0),
	RW("CPACR_EL1", 3, 0, 1, 0, 2, RST_ZERO, 0),
	SYS_DESC("RGSR_EL1", 3, 0, 1, 0, 5, RST_UNKNOWN, 0, WR_RW, VIS_MTE),
	SYS_DESC("GCR_EL1", 3, 0, 1, 0, 6, RST_UNKNOWN, 0, WR_RW, VIS_MTE),
	SYS_DESC("ZCR_EL1", 3, 0, 1, 2, 0, RST_ZERO, 0, WR_RW, VIS_SVE),
	RW("TTBR0_EL1", 3, 0, 2, 0, 0, RST_UNKNOWN, 0),
	RW("TTBR1_EL1", 3, 0, 2, 0, 1, RST_UNKNOWN, 0),
	RW("TCR_EL1", 3, 0, 2, 0, 2, RST_ZERO, 0),
	SYS_DESC("TCR2_EL1", 3, 0, 2, 0, 3, RST_ZERO, 0, WR_RW, VIS_NEW),
	PTRAUTH_KEY("APIA", 1, 0),
	PTRAUTH_KEY("APIB", 1, 2),
	PTRAUTH_KEY("APDA", 2, 0),
	PTRAUTH_KEY("APDB", 2, 2),
	PTRAUTH_KEY("APGA", 3, 0),
	RW("AFSR0_EL1", 3, 0, 5, 1, 0, RST_UNKNOWN, 0),
	RW("AFSR1_EL1", 3, 0, 5, 1, 1, RST_UNKNOWN, 0),
	RW("ESR_EL1", 3, 0, 5, 2, 0, RST_UNKNOWN, 0),
	SYS_DESC("TFSR_EL1", 3, 0, 5, 6, 0, RST_UNKNOWN, 0, WR_RW, VIS_MTE),
	SYS_DESC("TFSRE0_EL1", 3, 0, 5, 6, 1, RST_UNKNOWN, 0, WR_RW, VIS_MTE),
	RW("FAR_EL1", 3, 0, 6, 0, 0, RST_UNKNOWN, 0),
	RW("PAR_EL1", 3, 0, 7, 4, 0, RST_UNKNOWN, 0),
	PMU("PMINTENSET_EL1", 3, 0, 9, 14, 1, RST_PMU_MASK, 0, WR_PMU_SET),
	PMU("PMINTENCLR_EL1", 3, 0, 9, 14, 2, RST_PMU_MASK, ENC(3, 0, 9, 14, 1), WR_PMU_CLR),
	RW("MAIR_EL1", 3, 0, 10, 2, 0, RST_UNKNOWN, 0),
	SYS_DESC("PIRE0_EL1", 3, 0, 10, 2, 2, RST_UNKNOWN, 0, WR_RW, VIS_NEW),
	SYS_DESC("PIR_EL1", 3, 0, 10, 2, 3, RST_UNKNOWN, 0, WR_RW, VIS_NEW),
	RW("AMAIR_EL1", 3, 0, 10, 3, 0, RST_ZERO, 0),
	RW("VBAR_EL1", 3, 0, 12, 0, 0, RST_ZERO, 0),
	RW("DISR_EL1", 3, 0, 12, 1, 1, RST_ZERO, 0),
	RW("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, RST_ZERO, 0),
	RW("TPIDR_EL1", 3, 0, 13, 0, 4, RST_UNKNOWN, 0),
	RW("CNTKCTL_EL1", 3, 0, 14, 1, 0, RST_ZERO, 0),
	SYS_DESC("CLIDR_EL1", 3, 1, 0, 0, 1, RST_HOST, 0, WR_CLIDR, LIST_FIRST_OLD | ID_VCPU),
	SYS_DESC("AIDR_EL1", 3, 1, 0, 0, 7, RST_HOST, 0, WR_INVARIANT, LIST_FIRST),
	RW("CSSELR_EL1", 3, 2, 0, 0, 0, RST_UNKNOWN, 0),
	/* Writable: IDC (one bit), DminLine, IminLine, each no higher than the host's. */
	{ .name = "CTR_EL0", .enc = ENC(3, 3, 0, 0, 1), .reset_kind = RST_HOST, .write = WR_ID,
	  .flags = LIST_FIRST_OLD, .lower = 0x100f000fULL },
	PMU("PMCR_EL0", 3, 3, 9, 12, 0, RST_HOST, 0, WR_PMCR),
	PMU("PMCNTENSET_EL0", 3, 3, 9, 12, 1, RST_PMU_MASK, 0, WR_PMU_SET),
	PMU("PMCNTENCLR_EL0", 3, 3, 9, 12, 2, RST_PMU_MASK, ENC(3, 3, 9, 12, 1), WR_PMU_CLR),
	PMU("PMOVSCLR_EL0", 3, 3, 9, 12, 3, RST_PMU_MASK, ENC(3, 3, 9, 14, 3), WR_PMU_CLR),
	PMU("PMSWINC_EL0", 3, 3, 9, 12, 4, RST_ZERO, 0, WR_PMSWINC),
	PMU("PMSELR_EL0", 3, 3, 9, 12, 5, RST_UNKNOWN_MASK, 0x1f, WR_RW),
	PMU("PMCCNTR_EL0", 3, 3, 9, 13, 0, RST_UNKNOWN, 0, WR_RW),
	PMU("PMUSERENR_EL0", 3, 3, 9, 14, 0, RST_ZERO, 0, WR_RW),
	PMU("PMOVSSET_EL0", 3, 3, 9, 14, 3, RST_PMU_MASK, 0, WR_PMU_SET),
	RW("TPIDR_EL0", 3, 3, 13, 0, 2, RST_UNKNOWN, 0),
	RW("TPIDRRO_EL0", 3, 3, 13, 0, 3, RST_UNKNOWN, 0),
	PMEVCNTR(0), PMEVCNTR(1), PMEVCNTR(2), PMEVCNTR(3), PMEVCNTR(4), PMEVCNTR(5),
	PMEVCNTR(6), PMEVCNTR(7), PMEVCNTR(8), PMEVCNTR(9), PMEVCNTR(10), PMEVCNTR(11),
	PMEVCNTR(12), PMEVCNTR(13), PMEVCNTR(14), PMEVCNTR(15), PMEVCNTR(16),
	PMEVCNTR(17), PMEVCNTR(18), PMEVCNTR(19), PMEVCNTR(20), PMEVCNTR(21),
	PMEVCNTR(22), PMEVCNTR(23), PMEVCNTR(24), PMEVCNTR(25), PMEVCNTR(26),
	PMEVCNTR(27), PMEVCNTR(28), PMEVCNTR(29), PMEVCNTR(30),
	PMEVTYPER(0), PMEVTYPER(1), PMEVTYPER(2), PMEVTYPER(3), PMEVTYPER(4),
	PMEVTYPER(5), PMEVTYPER(6), PMEVTYPER(7), PMEVTYPER(8), PMEVTYPER(9),
	PMEVTYPER(10), PMEVTYPER(11), PMEVTYPER(12), PMEVTYPER(13), PMEVTYPER(14),
	PMEVTYPER(15), PMEVTYPER(16), PMEVTYPER(17), PMEVTYPER(18), PMEVTYPER(19),
	PMEVTYPER(20), PMEVTYPER(21), PMEVTYPER(22), PMEVTYPER(23), PMEVTYPER(24),
	PMEVTYPER(25), PMEVTYPER(26), PMEVTYPER(27), PMEVTYPER(28), PMEVTYPER(29),
	PMEVTYPER(30),
	PMU("PMCCFILTR_EL0", 3, 3, 14, 15, 7, RST_ZERO, 0, WR_RW),
	RW("DACR32_EL2", 3, 4, 3, 0, 0, RST_UNKNOWN, 0),
	RW("IFSR32_EL2", 3, 4, 5, 0, 1, RST_UNKNOWN, 0),
	RW("FPEXC32_EL2", 3, 4, 5, 3, 0, RST_VAL, 0x700),
};

#define NR_SYS_REG_DESCS (sizeof(sys_reg_descs) / sizeof(sys_reg_descs[0]))

/* Index of the entry that stores a clear half's value (its set half). */
static unsigned int storage[NR_SYS_REG_DESCS];

/*
 * Encoding (16 bits) -> table index + 1, 0 for none: every ONE_REG of a
 * system register looks up its id, and a snapshot does so for hundreds of
 * registers per vCPU, so one load rather than a search.
 */
static uint16_t enc_index[1U << 16];
static pthread_once_t enc_index_once = PTHREAD_ONCE_INIT;

static void build_enc_index(void)
{
	for (unsigned int i = 0; i < NR_SYS_REG_DESCS; i++)
		enc_index[sys_reg_descs[i].enc & 0xffff] = (uint16_t)(i + 1);
}

static const struct sys_reg_desc *find_reg(uint32_t enc, unsigned int *ret_idx)
{
	unsigned int slot;

	if (enc > 0xffff)
		return NULL;
	pthread_once(&enc_index_once, build_enc_index);
	slot = enc_index[enc];
	if (!slot)
		return NULL;
	*ret_idx = slot - 1;
	return &sys_reg_descs[slot - 1];
}

/* The table must be sorted and fit the vCPU's array (kernel: check_sysreg_table()). */
int kvm_sys_reg_table_init(void)
{
	if (NR_SYS_REG_DESCS > KVM_ARM64_MAX_SYS_REGS) {
		fprintf(stderr, "kvmsim: %zu system registers, room for %d\n",
			(size_t)NR_SYS_REG_DESCS, KVM_ARM64_MAX_SYS_REGS);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < NR_SYS_REG_DESCS; i++) {
		const struct sys_reg_desc *r = &sys_reg_descs[i];

		if (i && sys_reg_descs[i - 1].enc >= r->enc) {
			fprintf(stderr, "kvmsim: sys_reg table unsorted at %s\n", r->name);
			return -EINVAL;
		}
		storage[i] = i;
		if (r->write != WR_PMU_CLR)
			continue;
		/* A clear half stores its value in its set half. */
		if (!find_reg((uint32_t)r->reset, &storage[i]) ||
		    sys_reg_descs[storage[i]].write != WR_PMU_SET) {
			fprintf(stderr, "kvmsim: %s has no set half\n", r->name);
			return -EINVAL;
		}
	}
	return 0;
}

static bool sys_reg_visible(struct kvm_vcpu *vcpu, const struct sys_reg_desc *r)
{
	const struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);

	if ((r->flags & VIS_PMU) && !vcpu_has_feature(v, KVM_ARM_VCPU_PMU_V3))
		return false;
	if ((r->flags & VIS_SVE) && !vcpu_has_feature(v, KVM_ARM_VCPU_SVE))
		return false;
	if ((r->flags & VIS_NEW) && !kvm_release(vcpu->kvm)->sysreg_extra)
		return false;
	if ((r->flags & VIS_PTRAUTH) && !vcpu_has_feature(v, KVM_ARM_VCPU_PTRAUTH_ADDRESS))
		return false;
	if ((r->flags & VIS_MTE) && !to_arm64_vm(vcpu->kvm)->mte_enabled)
		return false;
	return true;
}

static bool sys_reg_listed_first(struct kvm_vcpu *vcpu, const struct sys_reg_desc *r)
{
	if (r->flags & LIST_FIRST)
		return true;
	return (r->flags & LIST_FIRST_OLD) && kvm_release(vcpu->kvm)->invariant_clidr_ctr;
}


#define PMCR_N_SHIFT	11
#define PMCR_N_MASK	(0x1fULL << PMCR_N_SHIFT)

static uint64_t read_sys_reg(struct kvm_vcpu *vcpu, unsigned int idx);

/* read_sys_reg() of the register at @enc, which the table must have. */
static uint64_t read_sys_reg_enc(struct kvm_vcpu *vcpu, uint32_t enc)
{
	unsigned int idx;

	if (!find_reg(enc, &idx))
		abort();
	return read_sys_reg(vcpu, idx);
}

/* PMCR_EL0.N: the counters the vCPU has. */
static unsigned int pmcr_n(struct kvm_vcpu *vcpu)
{
	unsigned int idx;

	if (!find_reg(ENC(3, 3, 9, 12, 0), &idx))
		return 0;
	return (read_sys_reg(vcpu, idx) & PMCR_N_MASK) >> PMCR_N_SHIFT;
}

static uint64_t pmu_counter_mask(struct kvm_vcpu *vcpu)
{
	unsigned int n = pmcr_n(vcpu);

	return (1ULL << 31) | (n ? (1ULL << n) - 1 : 0);
}

static uint64_t host_value(struct kvm_vcpu *vcpu, uint32_t enc)
{
	uint64_t val = 0;

	kvm_arm64_host_value(vcpu->kvm, enc, vcpu_features(to_arm64_vcpu(vcpu)), &val);
	return val;
}

static uint64_t reset_value(struct kvm_vcpu *vcpu, const struct sys_reg_desc *r)
{
	unsigned int id = vcpu->vcpu_id;

	switch (r->reset_kind) {
	case RST_VAL:
		return r->reset;
	case RST_UNKNOWN:
		return POISON;
	case RST_UNKNOWN_MASK:
		return POISON & r->reset;
	case RST_PMU_MASK:
		return POISON & pmu_counter_mask(vcpu);
	case RST_MPIDR:
		/* Aff0: 16 vCPUs, as the GICv3 target list wants; then Aff1, Aff2. */
		return (1ULL << 31) | (id & 0xf) | (((id >> 4) & 0xff) << 8) |
		       (((uint64_t)(id >> 12) & 0xff) << 16);
	case RST_HOST:
		return host_value(vcpu, r->enc);
	default:
		return 0;
	}
}

/*
 * The first vCPU reset of the VM sets the VM's ID registers (the kernel's
 * reset_vm_ftr_id_reg()); later ones leave them.  Where the release resets
 * the vCPU's own ID-space registers once only, a re-init keeps them too.
 */
void kvm_reset_sys_regs(struct kvm_vcpu *vcpu)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct kvm_arm64_release *rel = arm->release;
	bool vm_regs = !__atomic_load_n(&arm->id_regs_initialized, __ATOMIC_ACQUIRE);

	/* PMCR_EL0 first: the PMU masks derive from its N. */
	for (int pass = 0; pass < 2; pass++)
		for (unsigned int i = 0; i < NR_SYS_REG_DESCS; i++) {
			const struct sys_reg_desc *r = &sys_reg_descs[i];

			if ((r->write == WR_PMCR) != (pass == 0) || storage[i] != i)
				continue;
			if (r->write == WR_ID) {
				if (vm_regs)
					__atomic_store_n(&arm->id_regs[i], reset_value(vcpu, r),
							 __ATOMIC_RELAXED);
				if (rel->vm_id_regs)
					continue;
			}
			if ((r->flags & ID_VCPU) && rel->vcpu_id_regs_reset_once && v->initialized)
				continue;
			v->sys_regs[i] = reset_value(vcpu, r);
		}
	if (vm_regs)
		__atomic_store_n(&arm->id_regs_initialized, true, __ATOMIC_RELEASE);
	for (unsigned int n = 0; n < KVM_ARM64_CSSELR_MAX; n++) {
		uint64_t val = 0;

		kvm_arm64_host_value(vcpu->kvm, HOST_ENC_CCSIDR(n), vcpu_features(v), &val);
		v->ccsidr[n] = (uint32_t)val;
	}
}

/*
 * ID registers (the kernel's read_id_reg()): the VM's where the release
 * says so; otherwise the vCPU's, but for the fields userspace could lower
 * (ID_AA64PFR0_EL1.CSV2/CSV3), which are the VM's.
 */
static uint64_t read_id_reg(struct kvm_vcpu *vcpu, unsigned int idx)
{
	const struct sys_reg_desc *r = &sys_reg_descs[idx];
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	uint64_t vm = __atomic_load_n(&arm->id_regs[idx], __ATOMIC_RELAXED);

	if (arm->release->vm_id_regs)
		return vm;
	return (to_arm64_vcpu(vcpu)->sys_regs[idx] & ~r->lower_old) | (vm & r->lower_old);
}

/* Field by field against the host's value; arm64_check_features() in the kernel. */
static int check_id_fields(struct kvm_vcpu *vcpu, const struct sys_reg_desc *r, uint64_t val)
{
	bool writable = kvm_release(vcpu->kvm)->writable_id_regs;
	uint64_t lower = writable ? r->lower : r->lower_old;
	uint64_t higher = writable ? r->higher : 0;
	uint64_t limit;

	if (!lower && !higher)
		return -EINVAL;
	limit = host_value(vcpu, r->enc);
	for (unsigned int f = 0; f < 64; f += 4) {
		uint64_t m = 0xfULL << f, want = val & m, lim = limit & m;
		uint64_t lm = lower & m, hm = higher & m;

		if (lm) {
			if ((want & lm) > (lim & lm) || ((want ^ lim) & ~lm))
				return -EINVAL;
		} else if (hm) {
			if ((want & hm) < (lim & hm) || ((want ^ lim) & ~hm))
				return -EINVAL;
		} else if (want != lim) {
			return -EINVAL;
		}
	}
	return 0;
}

/* Every field at least its minimum (the debug architecture's). */
static bool id_fields_at_least(uint64_t val, uint64_t min)
{
	for (unsigned int f = 0; f < 64; f += 4) {
		uint64_t m = 0xfULL << f;

		if ((val & m) < (min & m))
			return false;
	}
	return true;
}

/*
 * A debug architecture older than Armv8 is refused first (the kernel's
 * set_id_aa64dfr0_el1() and set_id_dfr0_el1() look before set_id_reg());
 * then, where the registers are the VM's, a VM that has run takes only
 * the value a register has, whatever it is (arm64.ran-once: EBUSY).
 */
static int set_id_reg(struct kvm_vcpu *vcpu, unsigned int idx, uint64_t val)
{
	const struct sys_reg_desc *r = &sys_reg_descs[idx];
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct kvm_arm64_release *rel = arm->release;
	uint64_t cur;
	int ret = 0;

	if (rel->writable_id_regs && !id_fields_at_least(val, r->min))
		return -EINVAL;
	pthread_mutex_lock(&arm->arch_lock);
	cur = read_id_reg(vcpu, idx);
	if (val == cur)
		goto out_unlock;
	if (rel->vm_id_regs && arm->has_ran_once) {
		ret = -EBUSY;
		goto out_unlock;
	}
	ret = check_id_fields(vcpu, r, val);
	if (ret)
		goto out_unlock;
	if (!rel->vm_id_regs)
		val = (arm->id_regs[idx] & ~r->lower_old) | (val & r->lower_old);
	__atomic_store_n(&arm->id_regs[idx], val, __ATOMIC_RELAXED);
out_unlock:
	pthread_mutex_unlock(&arm->arch_lock);
	return ret;
}

/*
 * Without a vGICv3 the first run hides the GIC CPU interface from the ID
 * registers (kvm_finalize_sys_regs()); with one they keep it.
 */
#define ID_PFR1_GIC		(0xfULL << 28)
#define ID_AA64PFR0_GIC		(0xfULL << 24)

void kvm_finalize_sys_regs(struct kvm_vcpu *vcpu)
{
	static const struct { uint32_t enc; uint64_t mask; } gic[] = {
		{ ENC(3, 0, 0, 1, 1), ID_PFR1_GIC },
		{ ENC(3, 0, 0, 4, 0), ID_AA64PFR0_GIC },
	};
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	unsigned int idx;

	if (!arm->release->hide_gic_at_run || kvm_irqchip_in_kernel(vcpu->kvm))
		return;
	for (size_t i = 0; i < ARRAY_SIZE(gic); i++)
		if (find_reg(gic[i].enc, &idx))
			__atomic_store_n(&arm->id_regs[idx], arm->id_regs[idx] & ~gic[i].mask,
					 __ATOMIC_RELAXED);
}

/* CLIDR_EL1: invariant on older kernels; newer ones refuse only RES0 bits. */
static int set_clidr(struct kvm_vcpu *vcpu, uint64_t *reg, uint64_t val)
{
	const uint64_t res0 = ~((1ULL << 47) - 1);

	if (val == *reg)
		return 0;
	if (!kvm_release(vcpu->kvm)->writable_id_regs || (val & res0))
		return -EINVAL;
	*reg = val;
	return 0;
}

/* PMCR_EL0 as read: where N is the VM's, the vCPU keeps the rest. */
static uint64_t read_pmcr(struct kvm_vcpu *vcpu, unsigned int idx)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	uint64_t val = to_arm64_vcpu(vcpu)->sys_regs[idx];

	if (!arm->release->vm_pmcr_n)
		return val;
	return (val & ~PMCR_N_MASK) |
	       ((uint64_t)__atomic_load_n(&arm->pmcr_n, __ATOMIC_RELAXED) << PMCR_N_SHIFT);
}

/*
 * N may only go down to what the host has, the rest is the low byte.
 * Where N is the VM's, a VM that has run ignores a new N, without an
 * error (arm64.ran-once "ran-once.pmu").
 */
static int set_pmcr(struct kvm_vcpu *vcpu, uint64_t *reg, uint64_t val)
{
	struct kvm_arm64 *arm = to_arm64_vm(vcpu->kvm);
	const struct kvm_arm64_host *host = arm->host;
	unsigned int n = (*reg >> 11) & 0x1f, want = (val >> 11) & 0x1f;

	if (!kvm_release(vcpu->kvm)->pmu_set_clr) {
		*reg = val;
		return 0;
	}
	if (arm->release->vm_pmcr_n) {
		pthread_mutex_lock(&arm->arch_lock);
		if (!arm->has_ran_once && want <= host->pmu_counters)
			__atomic_store_n(&arm->pmcr_n, want, __ATOMIC_RELAXED);
		pthread_mutex_unlock(&arm->arch_lock);
		*reg = val & 0xff;
		return 0;
	}
	if (want <= host->pmu_counters)
		n = want;
	*reg = (val & 0xff) | ((uint64_t)n << 11);
	return 0;
}

static int set_sys_reg(struct kvm_vcpu *vcpu, unsigned int idx, uint64_t val)
{
	const struct sys_reg_desc *r = &sys_reg_descs[idx];
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	uint64_t *reg = &v->sys_regs[storage[idx]];
	bool set_clr = kvm_release(vcpu->kvm)->pmu_set_clr;

	switch (r->write) {
	case WR_RW:
		*reg = val;
		return 0;
	case WR_INVARIANT:
		return val == *reg ? 0 : -EINVAL;
	case WR_ID:
		return set_id_reg(vcpu, idx, val);
	case WR_CLIDR:
		return set_clidr(vcpu, reg, val);
	case WR_OSLSR:
		/* Only the OS lock bit (OSLK, bit 1) may change. */
		if ((val ^ *reg) & ~(1ULL << 1))
			return -EINVAL;
		*reg = val;
		return 0;
	case WR_PMU_SET:
		if (set_clr)
			*reg |= val & pmu_counter_mask(vcpu);
		else
			*reg = val;
		return 0;
	case WR_PMU_CLR:
		if (set_clr)
			*reg &= ~(val & pmu_counter_mask(vcpu));
		else
			*reg = val;
		return 0;
	case WR_PMCR:
		return set_pmcr(vcpu, reg, val);
	case WR_PMSWINC:
		return 0;
	case WR_PMEVCNTR:
		/* Event counters were 32-bit until the PMUv3p5 rework. */
		*reg = set_clr ? val : (uint32_t)val;
		return 0;
	}
	return -EINVAL;
}

/* ---------------------------------------------------------------------- */
/* DEMUX: CCSIDR_EL1 per cache, selected by the id's value field.          */

static bool is_valid_ccsidr(struct kvm_vcpu *vcpu, unsigned int csselr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	unsigned int idx, level = csselr >> 1, ctype;

	if (csselr >= KVM_ARM64_CSSELR_MAX)
		return false;
	if (kvm_release(vcpu->kvm)->all_ccsidr)
		return true;
	/* Only the caches CLIDR_EL1 describes: Ctype 1 I, 2 D, 3 I+D, 4 unified. */
	if (!find_reg(ENC(3, 1, 0, 0, 1), &idx))
		return false;
	ctype = (v->sys_regs[idx] >> (3 * level)) & 7;
	if (csselr & 1)
		return ctype == 1 || ctype == 3;
	return ctype >= 2 && ctype <= 4;
}

static int demux_c15_get(struct kvm_vcpu *vcpu, uint64_t id, unsigned long uaddr)
{
	unsigned int val = id & KVM_REG_ARM_DEMUX_VAL_MASK;

	if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U32 ||
	    (id & KVM_REG_ARM_DEMUX_ID_MASK) != KVM_REG_ARM_DEMUX_ID_CCSIDR ||
	    (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK |
		    KVM_REG_ARM_DEMUX_ID_MASK | KVM_REG_ARM_DEMUX_VAL_MASK)) ||
	    !is_valid_ccsidr(vcpu, val))
		return -ENOENT;
	return copy_to_user(uaddr, &to_arm64_vcpu(vcpu)->ccsidr[val], sizeof(uint32_t));
}

static int demux_c15_set(struct kvm_vcpu *vcpu, uint64_t id, unsigned long uaddr)
{
	struct kvm_vcpu_arm64 *v = to_arm64_vcpu(vcpu);
	unsigned int csselr = id & KVM_REG_ARM_DEMUX_VAL_MASK;
	unsigned int idx, minline;
	uint32_t newval;
	uint64_t ctr;

	if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U32 ||
	    (id & KVM_REG_ARM_DEMUX_ID_MASK) != KVM_REG_ARM_DEMUX_ID_CCSIDR ||
	    (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK |
		    KVM_REG_ARM_DEMUX_ID_MASK | KVM_REG_ARM_DEMUX_VAL_MASK)) ||
	    !is_valid_ccsidr(vcpu, csselr))
		return -ENOENT;
	if (copy_from_user(&newval, uaddr, sizeof(newval)))
		return -EFAULT;
	if (newval == v->ccsidr[csselr])
		return 0;
	if (!kvm_release(vcpu->kvm)->all_ccsidr)
		return -EINVAL;
	/* A line may not be shorter than CTR_EL0's minimum for that cache kind. */
	if (!find_reg(ENC(3, 3, 0, 0, 1), &idx))
		return -EINVAL;
	ctr = read_sys_reg(vcpu, idx);
	minline = (csselr & 1) ? (ctr & 0xf) : ((ctr >> 16) & 0xf);
	if ((newval & 7) + 4 < minline + 2)
		return -EINVAL;
	v->ccsidr[csselr] = newval;
	return 0;
}


/* ---------------------------------------------------------------------- */
/* The guest's own PMU accesses: the kernel's access_pmu*() trap handlers.  */

#define PMU_EN		(1ULL << 0)	/* PMUSERENR_EL0: EL0 access to all */
#define PMU_SW		(1ULL << 1)	/* ... to PMSWINC */
#define PMU_CR		(1ULL << 2)	/* ... reads of the cycle counter */
#define PMU_ER		(1ULL << 3)	/* ... reads of event counters, PMSELR */
#define PMCR_E		(1ULL << 0)
#define PMCR_P		(1ULL << 1)
#define PMCR_C		(1ULL << 2)
#define PMCR_LC		(1ULL << 6)
#define PMCR_LP		(1ULL << 7)
#define PMU_CYCLE_IDX	31
#define PMU_EVENT_SW_INCR	0

#define ENC_PMCR	ENC(3, 3, 9, 12, 0)
#define ENC_PMCNTENSET	ENC(3, 3, 9, 12, 1)
#define ENC_PMCNTENCLR	ENC(3, 3, 9, 12, 2)
#define ENC_PMOVSCLR	ENC(3, 3, 9, 12, 3)
#define ENC_PMSWINC	ENC(3, 3, 9, 12, 4)
#define ENC_PMSELR	ENC(3, 3, 9, 12, 5)
#define ENC_PMCEID0	ENC(3, 3, 9, 12, 6)
#define ENC_PMCEID1	ENC(3, 3, 9, 12, 7)
#define ENC_PMCCNTR	ENC(3, 3, 9, 13, 0)
#define ENC_PMXEVTYPER	ENC(3, 3, 9, 13, 1)
#define ENC_PMXEVCNTR	ENC(3, 3, 9, 13, 2)
#define ENC_PMUSERENR	ENC(3, 3, 9, 14, 0)
#define ENC_PMINTENSET	ENC(3, 0, 9, 14, 1)
#define ENC_PMINTENCLR	ENC(3, 0, 9, 14, 2)
#define ENC_PMOVSSET	ENC(3, 3, 9, 14, 3)
#define ENC_PMMIR	ENC(3, 0, 9, 14, 6)
#define ENC_PMCCFILTR	ENC(3, 3, 14, 15, 7)
#define ENC_PMEVCNTR(n)	ENC(3, 3, 14, 8 + (n) / 8, (n) % 8)
#define ENC_PMEVTYPER(n) ENC(3, 3, 14, 12 + (n) / 8, (n) % 8)

#define ID_AA64DFR0_EL1	ENC(3, 0, 0, 5, 0)
#define ID_AA64PFR0_EL1	ENC(3, 0, 0, 4, 0)
#define PMUVER_V3P1	4
#define PMUVER_V3P5	6
#define PMUVER_IMP_DEF	0xf

bool kvm_arm_is_pmu_sysreg(uint32_t enc)
{
	unsigned int op1 = (enc >> 11) & 7, crn = (enc >> 7) & 0xf, crm = (enc >> 3) & 0xf;

	if (enc >> 14 != 3)
		return false;
	if (crn == 9)
		return (op1 == 3 && crm >= 12 && crm <= 14) ||
		       enc == ENC_PMINTENSET || enc == ENC_PMINTENCLR || enc == ENC_PMMIR;
	return crn == 14 && op1 == 3 && crm >= 8;
}

/* The vCPU's own copy of the register at @enc (its set half for a pair). */
static uint64_t *pmu_reg(struct kvm_vcpu *vcpu, uint32_t enc)
{
	unsigned int idx;

	if (!find_reg(enc, &idx))
		abort();
	return &to_arm64_vcpu(vcpu)->sys_regs[storage[idx]];
}

static unsigned int pmuver(struct kvm_vcpu *vcpu)
{
	unsigned int idx;

	if (!find_reg(ID_AA64DFR0_EL1, &idx))
		return 0;
	return (read_sys_reg(vcpu, idx) >> 8) & 0xf;
}

/* kvm_pmc_is_64bit(): the cycle counter, and event counters from PMUv3p5 (6.12). */
static bool pmc_is_64bit(struct kvm_vcpu *vcpu, unsigned int idx)
{
	unsigned int ver = pmuver(vcpu);

	return idx == PMU_CYCLE_IDX || (kvm_release(vcpu->kvm)->pmu_set_clr &&
					ver >= PMUVER_V3P5 && ver != PMUVER_IMP_DEF);
}

/* kvm_pmu_evtyper_mask(): EL1 and EL0 filters and the event number. */
static uint64_t pmu_evtyper_mask(struct kvm_vcpu *vcpu)
{
	unsigned int ver = pmuver(vcpu);

	if (!kvm_release(vcpu->kvm)->pmu_set_clr)
		return 0xc800ffffULL;
	return (1ULL << 31) | (1ULL << 30) |
	       (ver >= PMUVER_V3P1 && ver != PMUVER_IMP_DEF ? 0xffffULL : 0x3ffULL);
}

static uint64_t *pmc_counter(struct kvm_vcpu *vcpu, unsigned int idx)
{
	return pmu_reg(vcpu, idx == PMU_CYCLE_IDX ? ENC_PMCCNTR : ENC_PMEVCNTR(idx));
}

static uint64_t *pmc_typer(struct kvm_vcpu *vcpu, unsigned int idx)
{
	return pmu_reg(vcpu, idx == PMU_CYCLE_IDX ? ENC_PMCCFILTR : ENC_PMEVTYPER(idx));
}

/* kvm_pmu_handle_pmcr(): the low byte is the guest's; C and P act, and read as 0. */
static void guest_write_pmcr(struct kvm_vcpu *vcpu, uint64_t val)
{
	uint64_t *reg = pmu_reg(vcpu, ENC_PMCR);
	unsigned int ver = pmuver(vcpu);
	uint64_t pfr0 = 0;

	val &= 0xff;
	if (kvm_release(vcpu->kvm)->pmu_set_clr && (ver < PMUVER_V3P5 || ver == PMUVER_IMP_DEF))
		val &= ~PMCR_LP;
	kvm_arm_read_sys_reg(vcpu, ID_AA64PFR0_EL1, &pfr0);
	if ((pfr0 & 0xf) == 1)		/* no AArch32 at EL0 */
		val |= PMCR_LC;
	if (val & PMCR_C)
		*pmc_counter(vcpu, PMU_CYCLE_IDX) = 0;
	if (val & PMCR_P)
		for (unsigned int i = 0; i < pmcr_n(vcpu); i++)
			*pmc_counter(vcpu, i) = 0;
	*reg = (*reg & ~0xffULL) | (val & ~(PMCR_P | PMCR_C));
}

/* kvm_pmu_software_increment(): enabled SW_INCR counters count one. */
static void guest_pmswinc(struct kvm_vcpu *vcpu, uint64_t val)
{
	uint64_t *ovs = pmu_reg(vcpu, ENC_PMOVSSET);

	if (!(read_sys_reg_enc(vcpu, ENC_PMCR) & PMCR_E))
		return;
	val &= *pmu_reg(vcpu, ENC_PMCNTENSET) & pmu_counter_mask(vcpu) & ~(1ULL << PMU_CYCLE_IDX);
	for (unsigned int i = 0; i < pmcr_n(vcpu); i++) {
		uint64_t *cnt = pmc_counter(vcpu, i);
		uint64_t width = pmc_is_64bit(vcpu, i) ? ~0ULL : 0xffffffffULL;

		if (!(val & (1ULL << i)) || (*pmc_typer(vcpu, i) & 0xffff) != PMU_EVENT_SW_INCR)
			continue;
		*cnt = (*cnt & ~width) | ((*cnt + 1) & width);
		if (!(*cnt & width))
			*ovs |= 1ULL << i;
	}
}

/*
 * The counter a PMEVCNTR<n>/PMEVTYPER<n> encoding names (n from CRm[1:0]
 * and op2; PMCCFILTR gives 31, the cycle counter's), or, for the
 * PMXEV* registers (@selected), the one PMSELR_EL0.SEL selects.
 */
static unsigned int pmu_counter_idx(struct kvm_vcpu *vcpu, uint32_t enc, bool selected)
{
	if (selected)
		return (unsigned int)(*pmu_reg(vcpu, ENC_PMSELR) & 0x1f);
	return ((enc >> 3) & 3) * 8 + (enc & 7);
}

/*
 * kvm_arm_pmu_sysreg_access(): the guest's MRS (@is_read, into *@val) or
 * MSR (from *@val) of the PMU register at @enc, from EL0 when @el0.
 * 1: done; 0: the CPU's own register (PMCEID0/1, the host's events);
 * -1: UNDEFINED, the exception to inject (no PMU, a counter beyond
 * PMCR_EL0.N, EL0 without PMUSERENR_EL0's leave, a read of PMSWINC, a
 * write of PMCEID).  The counters hold what was written: they do not
 * count the guest's cycles and events.
 */
int kvm_arm_pmu_sysreg_access(struct kvm_vcpu *vcpu, uint32_t enc, bool el0, bool is_read,
			      uint64_t *val)
{
	const struct sys_reg_desc *r;
	uint64_t mask, userenr, *reg;
	unsigned int idx, n;
	bool set_clr = kvm_release(vcpu->kvm)->pmu_set_clr;

	if (enc == ENC_PMMIR) {		/* RAZ/WI, with or without a PMU */
		if (is_read)
			*val = 0;
		return 1;
	}
	if (!vcpu_has_feature(to_arm64_vcpu(vcpu), KVM_ARM_VCPU_PMU_V3))
		return -1;
	userenr = *pmu_reg(vcpu, ENC_PMUSERENR) & 0xf;
#define EL0_ALLOWS(bits)	(!el0 || (userenr & (bits)))
	mask = pmu_counter_mask(vcpu);
	n = pmcr_n(vcpu);
	switch (enc) {
	case ENC_PMCEID0:
	case ENC_PMCEID1:
		return is_read && EL0_ALLOWS(PMU_EN) ? 0 : -1;
	case ENC_PMCR:
		if (!EL0_ALLOWS(PMU_EN))
			return -1;
		if (is_read)
			*val = read_sys_reg_enc(vcpu, ENC_PMCR);
		else
			guest_write_pmcr(vcpu, *val);
		return 1;
	case ENC_PMCNTENSET: case ENC_PMCNTENCLR:
	case ENC_PMOVSSET: case ENC_PMOVSCLR:
	case ENC_PMINTENSET: case ENC_PMINTENCLR:
		if (enc == ENC_PMINTENSET || enc == ENC_PMINTENCLR ? el0 : !EL0_ALLOWS(PMU_EN))
			return -1;
		reg = pmu_reg(vcpu, enc == ENC_PMCNTENCLR ? ENC_PMCNTENSET :
				    enc == ENC_PMOVSCLR ? ENC_PMOVSSET :
				    enc == ENC_PMINTENCLR ? ENC_PMINTENSET : enc);
		if (is_read)
			*val = *reg & mask;
		else if (enc == ENC_PMCNTENSET || enc == ENC_PMOVSSET || enc == ENC_PMINTENSET)
			*reg |= *val & mask;
		else
			*reg &= ~(*val & mask);
		return 1;
	case ENC_PMSWINC:
		if (is_read || !EL0_ALLOWS(PMU_SW | PMU_EN))
			return -1;
		guest_pmswinc(vcpu, *val);
		return 1;
	case ENC_PMSELR:
		if (!EL0_ALLOWS(PMU_ER | PMU_EN))
			return -1;
		reg = pmu_reg(vcpu, ENC_PMSELR);
		if (is_read)
			*val = *reg & 0x1f;
		else
			*reg = set_clr ? *val : *val & 0x1f;
		return 1;
	case ENC_PMUSERENR:
		if (!is_read && el0)
			return -1;
		reg = pmu_reg(vcpu, ENC_PMUSERENR);
		if (is_read)
			*val = *reg & 0xf;
		else
			*reg = *val & 0xf;
		return 1;
	}
	/* A counter or its type: PMCCNTR, PMXEV*, PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR. */
	if (enc == ENC_PMCCNTR || enc == ENC_PMXEVCNTR || (enc >= ENC_PMEVCNTR(0) &&
							  enc <= ENC_PMEVCNTR(30))) {
		if (!EL0_ALLOWS(is_read ? (enc == ENC_PMCCNTR ? PMU_CR : PMU_ER) | PMU_EN : PMU_EN))
			return -1;
		idx = enc == ENC_PMCCNTR ? PMU_CYCLE_IDX :
		      pmu_counter_idx(vcpu, enc, enc == ENC_PMXEVCNTR);
		if (idx >= n && idx != PMU_CYCLE_IDX)
			return -1;
		reg = pmc_counter(vcpu, idx);
		if (is_read)
			*val = pmc_is_64bit(vcpu, idx) ? *reg : (uint32_t)*reg;
		else
			*reg = *val;
		return 1;
	}
	r = find_reg(enc, &idx);
	if (enc == ENC_PMXEVTYPER || (r && enc >= ENC_PMEVTYPER(0) && enc <= ENC_PMCCFILTR)) {
		if (!EL0_ALLOWS(PMU_EN))
			return -1;
		idx = pmu_counter_idx(vcpu, enc, enc == ENC_PMXEVTYPER);
		if (idx >= n && idx != PMU_CYCLE_IDX)
			return -1;
		reg = pmc_typer(vcpu, idx);
		if (is_read)
			*val = set_clr ? *reg : *reg & pmu_evtyper_mask(vcpu);
		else
			*reg = *val & pmu_evtyper_mask(vcpu);
		return 1;
	}
#undef EL0_ALLOWS
	return -1;		/* an encoding of the PMU's space that names nothing */
}

/* ---------------------------------------------------------------------- */
/* ONE_REG entry points and the list.                                      */

/* The table entry of a SYSREG id, or NULL: kernel's index_to_params(). */
static const struct sys_reg_desc *id_to_sys_reg(struct kvm_vcpu *vcpu, uint64_t id,
						unsigned int *ret_idx)
{
	const struct sys_reg_desc *r;

	if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64 ||
	    (id & KVM_REG_ARM_COPROC_MASK) != KVM_REG_ARM64_SYSREG ||
	    (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK | 0xffff)))
		return NULL;
	r = find_reg(id & 0xffff, ret_idx);
	if (!r || !sys_reg_visible(vcpu, r))
		return NULL;
	return r;
}

/* What a read of the register finds: the VM's part of it included. */
static uint64_t read_sys_reg(struct kvm_vcpu *vcpu, unsigned int idx)
{
	switch (sys_reg_descs[idx].write) {
	case WR_ID:
		return read_id_reg(vcpu, idx);
	case WR_PMCR:
		return read_pmcr(vcpu, idx);
	case WR_PMSWINC:
		return 0;
	case WR_PMU_SET:
	case WR_PMU_CLR:
		/* get_pmreg(): no counter beyond what PMCR_EL0.N has now. */
		if (kvm_release(vcpu->kvm)->pmu_set_clr)
			return to_arm64_vcpu(vcpu)->sys_regs[storage[idx]] & pmu_counter_mask(vcpu);
		return to_arm64_vcpu(vcpu)->sys_regs[storage[idx]];
	default:
		return to_arm64_vcpu(vcpu)->sys_regs[storage[idx]];
	}
}

/*
 * Where the run loop keeps the register at @enc in step with the CPU; NULL
 * if none, and for the registers the VM may hold part of (ID registers,
 * PMCR_EL0), which kvm_arm_read_sys_reg() reads.
 */
uint64_t *vcpu_sys_reg_ptr(struct kvm_vcpu *vcpu, uint32_t enc)
{
	unsigned int idx;

	if (!find_reg(enc, &idx) || sys_reg_descs[idx].write == WR_ID ||
	    sys_reg_descs[idx].write == WR_PMCR)
		return NULL;
	return &to_arm64_vcpu(vcpu)->sys_regs[storage[idx]];
}

bool kvm_arm_read_sys_reg(struct kvm_vcpu *vcpu, uint32_t enc, uint64_t *ret_val)
{
	unsigned int idx;

	if (!find_reg(enc, &idx))
		return false;
	*ret_val = read_sys_reg(vcpu, idx);
	return true;
}

int kvm_arm_sys_reg_get_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	unsigned int idx;
	uint64_t val;

	if ((reg->id & KVM_REG_ARM_COPROC_MASK) == KVM_REG_ARM_DEMUX)
		return demux_c15_get(vcpu, reg->id, reg->addr);
	if (!id_to_sys_reg(vcpu, reg->id, &idx))
		return -ENOENT;
	val = read_sys_reg(vcpu, idx);
	return copy_to_user(reg->addr, &val, sizeof(val));
}

/* Since Linux 6.0 the value is read before the id is looked up. */
int kvm_arm_sys_reg_set_reg(struct kvm_vcpu *vcpu, const struct kvm_one_reg *reg)
{
	unsigned int idx;
	uint64_t val;

	if ((reg->id & KVM_REG_ARM_COPROC_MASK) == KVM_REG_ARM_DEMUX)
		return demux_c15_set(vcpu, reg->id, reg->addr);
	if (copy_from_user(&val, reg->addr, sizeof(val)))
		return -EFAULT;
	if (!id_to_sys_reg(vcpu, reg->id, &idx))
		return -ENOENT;
	return set_sys_reg(vcpu, idx, val);
}

/*
 * One walk both counts and copies (kernel: walk_sys_regs()): with
 * @uind == 0 nothing is written.  Invariant registers come first, then the
 * table, then the CCSIDR registers.
 */
static int walk_sys_regs(struct kvm_vcpu *vcpu, unsigned long uind, unsigned long *ret_n)
{
	unsigned long n = 0;

	for (int pass = 0; pass < 2; pass++)
		for (unsigned int i = 0; i < NR_SYS_REG_DESCS; i++) {
			const struct sys_reg_desc *r = &sys_reg_descs[i];
			uint64_t id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | r->enc;

			if (!sys_reg_visible(vcpu, r) || sys_reg_listed_first(vcpu, r) != (pass == 0))
				continue;
			if (uind && copy_to_user(uind + n * sizeof(id), &id, sizeof(id)))
				return -EFAULT;
			n++;
		}
	for (unsigned int i = 0; i < KVM_ARM64_CSSELR_MAX; i++) {
		uint64_t id = KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX |
			      KVM_REG_ARM_DEMUX_ID_CCSIDR | i;

		if (!is_valid_ccsidr(vcpu, i))
			continue;
		if (uind && copy_to_user(uind + n * sizeof(id), &id, sizeof(id)))
			return -EFAULT;
		n++;
	}
	*ret_n = n;
	return 0;
}

unsigned long kvm_arm_num_sys_reg_descs(struct kvm_vcpu *vcpu)
{
	unsigned long n = 0;

	walk_sys_regs(vcpu, 0, &n);
	return n;
}

int kvm_arm_copy_sys_reg_indices(struct kvm_vcpu *vcpu, unsigned long uind)
{
	unsigned long n;

	return walk_sys_regs(vcpu, uind, &n);
}

/* The name the table gives the register at @enc (reg_names.c prints ids with it). */
const char *kvm_arm_sys_reg_name(uint32_t enc)
{
	unsigned int idx;
	const struct sys_reg_desc *r = find_reg(enc, &idx);

	return r ? r->name : NULL;
}

/* The encoding of the register called @name (host profiles name them). */
int kvm_arm64_sys_reg_enc(const char *name, uint32_t *ret_enc)
{
	for (unsigned int i = 0; i < NR_SYS_REG_DESCS; i++)
		if (!strcmp(sys_reg_descs[i].name, name)) {
			*ret_enc = sys_reg_descs[i].enc;
			return 0;
		}
	return -ENOENT;
}

/*
 * The bits of each feature ID register (op0 3, op1 0/1/3, CRn 0) that 6.12
 * lets userspace change, as KVM_ARM_GET_REG_WRITABLE_MASKS gave them on
 * every harness host, with and without vCPUs (section arm64.writable-masks);
 * every other entry of the range is 0.
 */
static const struct {
	uint8_t op1, crm, op2;
	uint64_t mask;
} id_writable_masks[] = {
	{ 0, 1, 0, 0xffffffff }, { 0, 1, 1, 0xffffffff }, { 0, 1, 2, 0xffffffff },
	{ 0, 1, 4, 0xffffffff }, { 0, 1, 5, 0xffffffff }, { 0, 1, 6, 0xffffffff },
	{ 0, 1, 7, 0xffffffff },
	{ 0, 2, 0, 0xffffffff }, { 0, 2, 1, 0xffffffff }, { 0, 2, 2, 0xffffffff },
	{ 0, 2, 3, 0xffffffff }, { 0, 2, 4, 0xffffffff }, { 0, 2, 5, 0xffffffff },
	{ 0, 2, 6, 0xffffffff }, { 0, 2, 7, 0xffffffff },
	{ 0, 3, 0, 0xffffffff }, { 0, 3, 1, 0xffffffff }, { 0, 3, 2, 0xffffffff },
	{ 0, 3, 4, 0xffffffff }, { 0, 3, 6, 0xffffffff },
	{ 0, 4, 0, 0xffff00f00f00ffffULL },	/* ID_AA64PFR0_EL1 */
	{ 0, 4, 1, 0xf000000ffULL },		/* ID_AA64PFR1_EL1 */
	{ 0, 4, 2, 0xf00000000ULL },		/* ID_AA64PFR2_EL1 */
	{ 0, 4, 4, 0xff0ff0f0fff00ffULL },	/* ID_AA64ZFR0_EL1 */
	{ 0, 4, 7, 0xf0000003ULL },		/* ID_AA64FPFR0_EL1 */
	{ 0, 5, 0, 0xf000f00f0fULL },		/* ID_AA64DFR0_EL1 */
	{ 0, 6, 0, 0xfffffffffffffff0ULL },	/* ID_AA64ISAR0_EL1 */
	{ 0, 6, 1, 0xffffffff00fff00fULL },	/* ID_AA64ISAR1_EL1 */
	{ 0, 6, 2, 0xffff0fffffff00ffULL },	/* ID_AA64ISAR2_EL1 */
	{ 0, 7, 0, 0xff00f000ffffff0fULL },	/* ID_AA64MMFR0_EL1 */
	{ 0, 7, 1, 0xfffff0f00ffff00fULL },	/* ID_AA64MMFR1_EL1 */
	{ 0, 7, 2, 0xf0ff000ff00fffffULL },	/* ID_AA64MMFR2_EL1 */
	{ 0, 7, 3, 0xf0f0fULL },		/* ID_AA64MMFR3_EL1 */
	{ 1, 0, 1, 0x7fffffffffffULL },		/* CLIDR_EL1 */
	{ 3, 0, 1, 0x300f000fULL },		/* CTR_EL0 */
};

/* KVM_ARM_GET_REG_WRITABLE_MASKS: the range's checks, then the masks. */
int kvm_vm_ioctl_get_reg_writable_masks(struct kvm *kvm, unsigned long arg)
{
	uint64_t masks[KVM_ARM_FEATURE_ID_RANGE_SIZE];
	struct reg_mask_range range;

	(void)kvm;
	if (copy_from_user(&range, arg, sizeof(range)))
		return -EFAULT;
	if (range.range != KVM_ARM_FEATURE_ID_RANGE)
		return -EINVAL;
	for (size_t i = 0; i < ARRAY_SIZE(range.reserved); i++)
		if (range.reserved[i])
			return -EINVAL;
	memset(masks, 0, sizeof(masks));
	for (size_t i = 0; i < ARRAY_SIZE(id_writable_masks); i++)
		masks[KVM_ARM_FEATURE_ID_RANGE_IDX(3, id_writable_masks[i].op1, 0,
						   id_writable_masks[i].crm,
						   id_writable_masks[i].op2)] = id_writable_masks[i].mask;
	return copy_to_user(range.addr, masks, sizeof(masks));
}
