// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Names of arm64 ONE_REG ids, both ways (<kvmsim/regs.h>): what the kvmsim
 * command's regid, reglist and trace print.  An id is taken apart in the
 * order arm64 KVM checks it (guest.c): architecture, the bits above the
 * size, the class, then the class's own fields; what does not fit is
 * explained rather than named.  System register names come from the table
 * in sys_regs.c; the other classes are laid out by the uapi.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kvm_arm.h"
#include "sys_regs.h"
#include "kvmsim/regs.h"

#define NR_CORE_WORDS	(sizeof(struct kvm_regs) / sizeof(uint32_t))
#define CORE_OFF(field)	(offsetof(struct kvm_regs, field) / sizeof(uint32_t))

/* Bits 32-51: between the size and the class, always zero on arm64. */
#define ID_HIGH_MASK	0x000fffff00000000ULL
/* Bits 28-31 and, per class, the index bits it does not use. */
#define ID_INDEX_MASK	(~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK))

#define SYSREG_ENC_MASK	0xffffULL
#define SVE_INDEX_VLS	0xffffULL

static const char *const size_names[] = {
	"U8", "U16", "U32", "U64", "U128", "U256", "U512", "U1024", "U2048",
};

static const char *const spsr_names[KVM_NR_SPSR] = {
	"SPSR_EL1", "SPSR_ABT", "SPSR_UND", "SPSR_IRQ", "SPSR_FIQ",
};

/*
 * struct kvm_regs, field by field: @count registers of @size bytes from
 * word @off.  An array's name is @name, the index, then "]"; its alias
 * (x7, v3) is @alias and the index.
 */
static const struct core_field {
	const char *name;
	const char *alias;
	unsigned int off;
	unsigned int count;
	unsigned int size;
} core_fields[] = {
	{ "regs.regs[", "x", CORE_OFF(regs.regs[0]), 31, 8 },
	{ "regs.sp", "sp", CORE_OFF(regs.sp), 1, 8 },
	{ "regs.pc", "pc", CORE_OFF(regs.pc), 1, 8 },
	{ "regs.pstate", "pstate", CORE_OFF(regs.pstate), 1, 8 },
	{ "sp_el1", NULL, CORE_OFF(sp_el1), 1, 8 },
	{ "elr_el1", NULL, CORE_OFF(elr_el1), 1, 8 },
	{ "spsr[", NULL, CORE_OFF(spsr[0]), KVM_NR_SPSR, 8 },
	{ "fp_regs.vregs[", "v", CORE_OFF(fp_regs.vregs[0]), 32, 16 },
	{ "fp_regs.fpsr", "fpsr", CORE_OFF(fp_regs.fpsr), 1, 4 },
	{ "fp_regs.fpcr", "fpcr", CORE_OFF(fp_regs.fpcr), 1, 4 },
};

/* Registers with fixed ids; the first name of an id is the one printed. */
static const struct named_id {
	const char *name;
	uint64_t id;
	const char *what;
} named_ids[] = {
	{ "PSCI_VERSION", KVM_REG_ARM_PSCI_VERSION, "u64" },
	{ "SMCCC_ARCH_WORKAROUND_1", KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1, "u64, Spectre-v2" },
	{ "SMCCC_ARCH_WORKAROUND_2", KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2, "u64, Spectre-v4" },
	{ "SMCCC_ARCH_WORKAROUND_3", KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3, "u64, Spectre-BHB" },
	{ "STD_BMAP", KVM_REG_ARM_STD_BMAP, "u64, standard services" },
	{ "STD_HYP_BMAP", KVM_REG_ARM_STD_HYP_BMAP, "u64, standard hypervisor services" },
	{ "VENDOR_HYP_BMAP", KVM_REG_ARM_VENDOR_HYP_BMAP, "u64, vendor hypervisor services" },
	{ "TIMER_CTL", KVM_REG_ARM_TIMER_CTL, "3,3,14,3,1: CNTV_CTL_EL0" },
	/* The uapi gives CNT and CVAL each other's encoding, for good. */
	{ "TIMER_CNT", KVM_REG_ARM_TIMER_CNT,
	  "3,3,14,3,2: the virtual count CNTVCT_EL0, in CNTV_CVAL_EL0's encoding "
	  "as KVM's ABI has it" },
	{ "TIMER_CVAL", KVM_REG_ARM_TIMER_CVAL,
	  "3,3,14,0,2: CNTV_CVAL_EL0, in CNTVCT_EL0's encoding as KVM's ABI has it" },
	{ "PTIMER_CTL", KVM_REG_ARM_PTIMER_CTL, "3,3,14,2,1: CNTP_CTL_EL0" },
	{ "PTIMER_CNT", KVM_REG_ARM_PTIMER_CNT, "3,3,14,0,1: CNTPCT_EL0" },
	{ "PTIMER_CVAL", KVM_REG_ARM_PTIMER_CVAL, "3,3,14,2,2: CNTP_CVAL_EL0" },
	{ "vls", KVM_REG_ARM64_SVE_VLS, "u512, the vector lengths" },
	/* Aliases. */
	{ "SVE_VLS", KVM_REG_ARM64_SVE_VLS, NULL },
	{ "CNTV_CTL_EL0", KVM_REG_ARM_TIMER_CTL, NULL },
	{ "CNTVCT_EL0", KVM_REG_ARM_TIMER_CNT, NULL },
	{ "CNTV_CVAL_EL0", KVM_REG_ARM_TIMER_CVAL, NULL },
	{ "CNTP_CTL_EL0", KVM_REG_ARM_PTIMER_CTL, NULL },
	{ "CNTPCT_EL0", KVM_REG_ARM_PTIMER_CNT, NULL },
	{ "CNTP_CVAL_EL0", KVM_REG_ARM_PTIMER_CVAL, NULL },
};

/* Cache kinds a CSSELR_EL1 value selects (bit 0: instruction cache). */
#define NR_CSSELR	14

/**
 * struct reg_text - an id taken apart.
 * @class: "core", "sysreg", ...; NULL when the id is no register.
 * @name: the register's name.
 * @detail: what goes in parentheses; or, without @class, the reason.
 */
struct reg_text {
	const char *class;
	char name[64];
	char detail[256];
};

static __attribute__((format(printf, 3, 4))) int put(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return r;
}

#define NAME(t, ...)	put((t)->name, sizeof((t)->name), __VA_ARGS__)
#define DETAIL(t, ...)	put((t)->detail, sizeof((t)->detail), __VA_ARGS__)

static __attribute__((format(printf, 2, 3))) bool fail(struct reg_text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->detail, sizeof(t->detail), fmt, ap);
	va_end(ap);
	t->class = NULL;
	return false;
}

static const char *size_name(uint64_t id)
{
	return size_names[(id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT];
}

static size_t size_bytes(uint64_t id)
{
	return (size_t)1 << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

static bool size_is(struct reg_text *t, uint64_t id, uint64_t size, const char *what)
{
	if ((id & KVM_REG_SIZE_MASK) == size)
		return true;
	return fail(t, "size %s does not match %s, which %s %s", size_name(id), what,
		    strchr(what, ' ') ? "are" : "is",
		    size_names[size >> KVM_REG_SIZE_SHIFT]);
}

/* Index bits a class leaves unused (@used: the ones it has) must be zero. */
static bool no_stray_bits(struct reg_text *t, uint64_t id, uint64_t used, const char *class)
{
	uint64_t stray = id & ID_INDEX_MASK & ~used;

	if (!stray)
		return true;
	return fail(t, "bits 0x%llx are set outside the %s index (bits 0x%llx)",
		    (unsigned long long)stray, class, (unsigned long long)used);
}

static void lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* ---------------------------------------------------------------------- */
/* Taking an id apart.                                                     */

static bool decode_core(struct reg_text *t, uint64_t id)
{
	uint64_t off = id & ID_INDEX_MASK;
	const struct core_field *f = NULL;
	unsigned int idx, words, start;
	char name[32];

	/* The kernel's core_reg_addr(): bounds first, then start and size. */
	if (off >= NR_CORE_WORDS)
		return fail(t, "core offset 0x%llx is beyond struct kvm_regs (0x%zx 32-bit words)",
			    (unsigned long long)off, NR_CORE_WORDS);
	for (size_t i = 0; i < ARRAY_SIZE(core_fields); i++) {
		const struct core_field *c = &core_fields[i];

		if (off >= c->off && off < c->off + c->count * c->size / 4)
			f = c;
	}
	if (!f)
		return fail(t, "core offset 0x%llx is padding in struct kvm_regs, no register",
			    (unsigned long long)off);
	words = f->size / 4;
	idx = (unsigned int)(off - f->off) / words;
	start = f->off + idx * words;
	if (f->count > 1)
		put(name, sizeof(name), "%s%u]", f->name, idx);
	else
		put(name, sizeof(name), "%s", f->name);
	if (off != start)
		return fail(t, "core offset 0x%llx is misaligned: it is inside %s, which starts at 0x%x",
			    (unsigned long long)off, name, start);
	if ((size_t)f->size != size_bytes(id))
		return fail(t, "size %s does not match %s, which is U%u", size_name(id), name,
			    f->size * 8);
	t->class = "core";
	NAME(t, "%s", name);
	if (f->off == CORE_OFF(spsr[0]))
		DETAIL(t, "%s, u64", spsr_names[idx]);
	else if (f->alias && f->count > 1)
		DETAIL(t, "%s%u, u%u", f->alias, idx, f->size * 8);
	else if (f->off == CORE_OFF(regs.sp))
		DETAIL(t, "SP_EL0, u64");
	else
		DETAIL(t, "u%u", f->size * 8);
	return true;
}

static bool decode_named(struct reg_text *t, uint64_t id, const char *class)
{
	for (size_t i = 0; i < ARRAY_SIZE(named_ids); i++)
		if (named_ids[i].id == id && named_ids[i].what) {
			t->class = class;
			NAME(t, "%s", named_ids[i].name);
			DETAIL(t, "%s", named_ids[i].what);
			return true;
		}
	return false;
}

static bool decode_sysreg(struct reg_text *t, uint64_t id)
{
	unsigned int enc = (unsigned int)(id & SYSREG_ENC_MASK);
	unsigned int op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 0xf;
	unsigned int crm = (enc >> 3) & 0xf, op2 = enc & 7;
	const char *name;

	if (!no_stray_bits(t, id, SYSREG_ENC_MASK, "sysreg (op0, op1, CRn, CRm, op2)"))
		return false;
	if (!size_is(t, id, KVM_REG_SIZE_U64, "system registers"))
		return false;
	/* The timer's ids are system register ids, and arm64 KVM takes them first. */
	if (decode_named(t, id, "timer"))
		return true;
	t->class = "sysreg";
	name = kvm_arm_sys_reg_name(enc);
	if (name) {
		NAME(t, "%s", name);
		DETAIL(t, "%u,%u,%u,%u,%u", op0, op1, crn, crm, op2);
	} else {
		NAME(t, "S%u_%u_C%u_C%u_%u", op0, op1, crn, crm, op2);
		DETAIL(t, "%u,%u,%u,%u,%u; not a register the simulator knows",
		       op0, op1, crn, crm, op2);
	}
	return true;
}

static bool decode_fw(struct reg_text *t, uint64_t id, const char *class, unsigned int nr,
		      const char *names)
{
	if (!no_stray_bits(t, id, 0xffff, class))
		return false;
	if ((id & 0xffff) >= nr)
		return fail(t, "%s index %llu is no register (0-%u: %s)", class,
			    (unsigned long long)(id & 0xffff), nr - 1, names);
	if (!size_is(t, id, KVM_REG_SIZE_U64,
		     strcmp(class, "fw") ? "firmware feature bitmaps" : "firmware registers"))
		return false;
	return decode_named(t, id, class);
}

static bool decode_sve(struct reg_text *t, uint64_t id)
{
	unsigned int idx = (unsigned int)(id & 0xffff), slice = idx & 0x1f;
	char name[24];

	if (!no_stray_bits(t, id, 0xffff, "SVE"))
		return false;
	if (idx == SVE_INDEX_VLS)
		return size_is(t, id, KVM_REG_SIZE_U512, "vls") && decode_named(t, id, "sve");
	if (idx < KVM_REG_ARM64_SVE_PREG_BASE) {
		put(name, sizeof(name), "z%u", idx >> 5);
		if (!size_is(t, id, KVM_REG_SIZE_U2048, "the Z registers"))
			return false;
	} else if (idx < KVM_REG_ARM64_SVE_FFR_BASE) {
		put(name, sizeof(name), "p%u", (idx - KVM_REG_ARM64_SVE_PREG_BASE) >> 5);
		if (!size_is(t, id, KVM_REG_SIZE_U256, "the P registers"))
			return false;
	} else if (idx < KVM_REG_ARM64_SVE_FFR_BASE + KVM_ARM64_SVE_MAX_SLICES) {
		put(name, sizeof(name), "ffr");
		if (!size_is(t, id, KVM_REG_SIZE_U256, "ffr"))
			return false;
	} else {
		return fail(t, "SVE index 0x%x is none of Z (0x000-0x3ff), P (0x400-0x5ff), "
			    "FFR (0x600-0x61f) and VLS (0xffff)", idx);
	}
	t->class = "sve";
	if (slice)
		NAME(t, "%s.slice%u", name, slice);
	else
		NAME(t, "%s", name);
	DETAIL(t, "%s, slice %u", size_name(id), slice);
	lower(t->detail);
	return true;
}

static bool decode_demux(struct reg_text *t, uint64_t id)
{
	unsigned int sel = (unsigned int)(id & KVM_REG_ARM_DEMUX_VAL_MASK);

	if (!no_stray_bits(t, id, KVM_REG_ARM_DEMUX_ID_MASK | KVM_REG_ARM_DEMUX_VAL_MASK, "DEMUX"))
		return false;
	if ((id & KVM_REG_ARM_DEMUX_ID_MASK) != KVM_REG_ARM_DEMUX_ID_CCSIDR)
		return fail(t, "DEMUX id %llu is unknown (0: CCSIDR)",
			    (unsigned long long)((id & KVM_REG_ARM_DEMUX_ID_MASK) >>
						 KVM_REG_ARM_DEMUX_ID_SHIFT));
	if (sel >= NR_CSSELR)
		return fail(t, "CSSELR_EL1 value %u is out of range (0-%u)", sel, NR_CSSELR - 1);
	if (!size_is(t, id, KVM_REG_SIZE_U32, "CCSIDR_EL1"))
		return false;
	t->class = "demux";
	NAME(t, "CCSIDR_EL1[%u]", sel);
	DETAIL(t, "u32, CSSELR_EL1 %u: level %u %s cache", sel, (sel >> 1) + 1,
	       sel & 1 ? "instruction" : "data or unified");
	return true;
}

static const char *arch_name(uint64_t arch)
{
	static const struct { uint64_t arch; const char *name; } arches[] = {
		{ KVM_REG_GENERIC, "KVM_REG_GENERIC" }, { KVM_REG_PPC, "KVM_REG_PPC" },
		{ KVM_REG_X86, "KVM_REG_X86" }, { KVM_REG_IA64, "KVM_REG_IA64" },
		{ KVM_REG_ARM, "KVM_REG_ARM, 32-bit arm" }, { KVM_REG_S390, "KVM_REG_S390" },
		{ KVM_REG_MIPS, "KVM_REG_MIPS" }, { KVM_REG_RISCV, "KVM_REG_RISCV" },
		{ KVM_REG_LOONGARCH, "KVM_REG_LOONGARCH" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].arch == arch)
			return arches[i].name;
	return "no architecture";
}

static bool decode(uint64_t id, struct reg_text *t)
{
	uint64_t arch = id & KVM_REG_ARCH_MASK;
	unsigned int size = (unsigned int)((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
	unsigned int coproc = (unsigned int)((id & KVM_REG_ARM_COPROC_MASK) >> KVM_REG_ARM_COPROC_SHIFT);

	memset(t, 0, sizeof(*t));
	if (arch != KVM_REG_ARM64)
		return fail(t, "architecture field 0x%02llx is %s, not KVM_REG_ARM64 (0x60)",
			    (unsigned long long)(arch >> 56), arch_name(arch));
	if (id & ID_HIGH_MASK)
		return fail(t, "bits 0x%llx (32-51) are set; arm64 ids have none there",
			    (unsigned long long)(id & ID_HIGH_MASK));
	if (size >= ARRAY_SIZE(size_names))
		return fail(t, "size field %u is no KVM_REG_SIZE_* (0-8: U8-U2048)", size);
	switch (coproc << KVM_REG_ARM_COPROC_SHIFT) {
	case KVM_REG_ARM_CORE:
		return decode_core(t, id);
	case KVM_REG_ARM_DEMUX:
		return decode_demux(t, id);
	case KVM_REG_ARM64_SYSREG:
		return decode_sysreg(t, id);
	case KVM_REG_ARM_FW:
		return decode_fw(t, id, "fw", 4,
				 "PSCI_VERSION, SMCCC_ARCH_WORKAROUND_1, _2, _3");
	case KVM_REG_ARM64_SVE:
		return decode_sve(t, id);
	case KVM_REG_ARM_FW_FEAT_BMAP:
		return decode_fw(t, id, "fw-bmap", KVM_ARM_NR_FW_BMAPS,
				 "STD_BMAP, STD_HYP_BMAP, VENDOR_HYP_BMAP");
	}
	return fail(t, "class (coproc) 0x%x is no arm64 register class (core 0x10, demux 0x11, "
		    "sysreg 0x13, fw 0x14, sve 0x15, fw-bmap 0x16)", coproc);
}

KVMSIM_EXPORT int kvmsim_reg_name(uint64_t id, char *buf, size_t len)
{
	struct reg_text t;

	if (!buf && len) {
		errno = EINVAL;
		return -1;
	}
	if (!decode(id, &t)) {
		if (len)
			buf[0] = '\0';
		errno = EINVAL;
		return -1;
	}
	return put(buf, len, "%s", t.name);
}

KVMSIM_EXPORT int kvmsim_reg_describe(uint64_t id, char *buf, size_t len)
{
	struct reg_text t;

	if (!buf && len) {
		errno = EINVAL;
		return -1;
	}
	if (!decode(id, &t)) {
		put(buf, len, "%s", t.detail);
		errno = EINVAL;
		return -1;
	}
	return put(buf, len, "%s %s (%s)", t.class, t.name, t.detail);
}

/* ---------------------------------------------------------------------- */
/* From a name.                                                            */

/*
 * Whether @s is @pre (any case), a decimal number and @post: the number in
 * *ret_n, and the rest of @s after it in *ret_end when @post is NULL.
 */
static bool match_num(const char *s, const char *pre, const char *post, unsigned long *ret_n,
		      const char **ret_end)
{
	size_t lp = strlen(pre);
	unsigned long n;
	char *end;

	if (strncasecmp(s, pre, lp) || !isdigit((unsigned char)s[lp]))
		return false;
	errno = 0;
	n = strtoul(s + lp, &end, 10);
	if (errno == ERANGE)
		n = ULONG_MAX;
	if (post ? strcasecmp(end, post) != 0 : !ret_end)
		return false;
	if (ret_end)
		*ret_end = end;
	*ret_n = n;
	return true;
}

/* 0 and the id, -ENOENT when @name is no core register, -ERANGE for x31 and the like. */
static int core_id(const char *name, uint64_t *ret_id)
{
	for (size_t i = 0; i < ARRAY_SIZE(core_fields); i++) {
		const struct core_field *f = &core_fields[i];
		uint64_t size = f->size == 4 ? KVM_REG_SIZE_U32 :
				f->size == 8 ? KVM_REG_SIZE_U64 : KVM_REG_SIZE_U128;
		unsigned long n = 0;

		if (f->count == 1) {
			if (strcasecmp(name, f->name) && (!f->alias || strcasecmp(name, f->alias)))
				continue;
		} else if (!match_num(name, f->name, "]", &n, NULL) &&
			   !(f->alias && match_num(name, f->alias, "", &n, NULL))) {
			continue;
		}
		if (n >= f->count)
			return -ERANGE;
		*ret_id = KVM_REG_ARM64 | size | KVM_REG_ARM_CORE | (f->off + n * f->size / 4);
		return 0;
	}
	for (unsigned int i = 0; i < KVM_NR_SPSR; i++)
		if (!strcasecmp(name, spsr_names[i])) {
			*ret_id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
				  (CORE_OFF(spsr[0]) + 2 * i);
			return 0;
		}
	return -ENOENT;
}

/* z0, p15.slice1, ffr: Z, P and FFR slices. */
static int sve_id(const char *name, uint64_t *ret_id)
{
	unsigned long n = 0, slice = 0;
	const char *rest;
	uint64_t id;

	if (!strncasecmp(name, "ffr", 3)) {
		rest = name + 3;
	} else if (match_num(name, "z", NULL, &n, &rest)) {
		if (n >= KVM_ARM64_SVE_NUM_ZREGS)
			return -ERANGE;
	} else if (match_num(name, "p", NULL, &n, &rest)) {
		if (n >= KVM_ARM64_SVE_NUM_PREGS)
			return -ERANGE;
	} else {
		return -ENOENT;
	}
	if (*rest && !match_num(rest, ".slice", "", &slice, NULL))
		return -ENOENT;
	if (slice >= KVM_ARM64_SVE_MAX_SLICES)
		return -ERANGE;
	switch (tolower((unsigned char)name[0])) {
	case 'z':
		id = KVM_REG_ARM64_SVE_ZREG(n, slice);
		break;
	case 'p':
		id = KVM_REG_ARM64_SVE_PREG(n, slice);
		break;
	default:
		id = KVM_REG_ARM64_SVE_FFR(slice);
		break;
	}
	*ret_id = id;
	return 0;
}

/* PSCI_VERSION, KVM_REG_ARM_PSCI_VERSION, TIMER_CNT, CNTVCT_EL0, vls, ... */
static int named_id(const char *name, uint64_t *ret_id)
{
	if (!strncasecmp(name, "KVM_REG_ARM64_", 14))
		name += 14;
	else if (!strncasecmp(name, "KVM_REG_ARM_", 12))
		name += 12;
	for (size_t i = 0; i < ARRAY_SIZE(named_ids); i++)
		if (!strcasecmp(name, named_ids[i].name)) {
			*ret_id = named_ids[i].id;
			return 0;
		}
	return -ENOENT;
}

static int demux_id(const char *name, uint64_t *ret_id)
{
	unsigned long n;

	if (!match_num(name, "CCSIDR_EL1[", "]", &n, NULL) &&
	    !match_num(name, "CCSIDR[", "]", &n, NULL))
		return -ENOENT;
	if (n >= NR_CSSELR)
		return -ERANGE;
	*ret_id = KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX |
		  KVM_REG_ARM_DEMUX_ID_CCSIDR | n;
	return 0;
}

/* MPIDR_EL1 (the table's names) or S3_0_C0_C0_5 (any encoding). */
static int sysreg_id(const char *name, uint64_t *ret_id)
{
	static const unsigned long max[5] = { 3, 7, 15, 15, 7 };
	static const char *const seps[5] = { "s", "_", "_c", "_c", "_" };
	unsigned long f[5];
	char upper[64];
	uint32_t enc;
	const char *p = name;
	size_t i;

	for (i = 0; name[i] && i < sizeof(upper) - 1; i++)
		upper[i] = (char)toupper((unsigned char)name[i]);
	upper[i] = '\0';
	if (!name[i] && !kvm_arm64_sys_reg_enc(upper, &enc)) {
		*ret_id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | enc;
		return 0;
	}
	for (i = 0; i < 5; i++)
		if (!match_num(p, seps[i], i == 4 ? "" : NULL, &f[i], i == 4 ? NULL : &p))
			return -ENOENT;
	for (i = 0; i < 5; i++)
		if (f[i] > max[i])
			return -ERANGE;
	*ret_id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG |
		  (f[0] << 14) | (f[1] << 11) | (f[2] << 7) | (f[3] << 3) | f[4];
	return 0;
}

KVMSIM_EXPORT int kvmsim_reg_id(const char *name, uint64_t *ret_id)
{
	int (*const lookups[])(const char *, uint64_t *) = {
		core_id, sve_id, named_id, demux_id, sysreg_id,
	};
	int err = -ENOENT;
	uint64_t id;

	if (!name || !ret_id) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(lookups); i++) {
		int r = lookups[i](name, &id);

		if (!r) {
			*ret_id = id;
			return 0;
		}
		if (r == -ERANGE)
			err = r;
	}
	errno = -err;
	return -1;
}
