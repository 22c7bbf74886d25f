/*
 * mmu.c - conformance section run.mmu-config: a guest that turns its
 * stage-1 MMU on with page tables of each shape an EL1 guest may use,
 * then loads through a translated address and stores what it read to
 * an MMIO address (the report).  Granules 4K, 16K and 64K; VA sizes
 * that start the walk at levels 0 to 3; blocks and pages at each level;
 * TTBR1's half; TCR_EL1.TG1 0b00 and 0b10.
 *
 * Each configuration gets a VM and vCPU of its own (no TLB state is
 * shared).  The data sits at RAM_GPA + DATA_OFF and is reached through
 * a high virtual address of the chosen half, mapped onto RAM's first
 * page or block; code, vectors and the report address are mapped at
 * their own addresses.  A translation the guest's tables do not give
 * ends in its own exception, whose vector stores ESR_EL1 to REPORT + 8.
 */
#include "conform.h"

#define M_RAM		0x40000000ULL	/* slot 0: code, vectors, data */
#define M_RAM_SIZE	0x20000ULL
#define M_PT		0x48000000ULL	/* slot 1: the page tables */
#define M_PT_SIZE	0x80000ULL
#define M_REPORT	0x40100000ULL	/* in no slot */
#define DATA_OFF	0x400
#define VBAR_OFF	0x800
#define MARK		0x5eed5eed12345678ULL

#define M_CORE(off)	(0x6030000000100000ULL | (off))
#define M_X(n)		M_CORE(2 * (n))
#define M_SCTLR		SYS_ID(3, 0, 1, 0, 0)
#define M_TTBR0		SYS_ID(3, 0, 2, 0, 0)
#define M_TTBR1		SYS_ID(3, 0, 2, 0, 1)
#define M_TCR		SYS_ID(3, 0, 2, 0, 2)
#define M_MAIR		SYS_ID(3, 0, 10, 2, 0)
#define M_VBAR		SYS_ID(3, 0, 12, 0, 0)

struct mmu_config {
	const char *name;
	unsigned int gbits;	/* granule: 12, 14, 16 */
	unsigned int tsz;	/* T0SZ, or T1SZ when @ttbr1 */
	unsigned int leaf;	/* level of the data's block or page */
	unsigned int tg1;	/* TCR_EL1.TG1 when the walk is TTBR0's */
	bool ttbr1;
};

static const struct mmu_config configs[] = {
	{ "4k.va48.l1-block", 12, 16, 1, 2, false },
	{ "4k.va48.l2-block", 12, 16, 2, 2, false },
	{ "4k.va48.l3-page", 12, 16, 3, 2, false },
	{ "4k.va48.l3-page.tg1-0", 12, 16, 3, 0, false },
	{ "4k.va40.l2-block", 12, 24, 2, 2, false },
	{ "4k.va39.l3-page", 12, 25, 3, 2, false },
	{ "4k.va39.l2-block.tg1-0", 12, 25, 2, 0, false },
	{ "4k.va31.l2-block", 12, 33, 2, 2, false },
	{ "4k.va31.l3-page", 12, 33, 3, 2, false },
	{ "4k.va48.ttbr1.l3-page", 12, 16, 3, 2, true },
	{ "16k.va48.l2-block", 14, 16, 2, 2, false },
	{ "16k.va47.l3-page", 14, 17, 3, 2, false },
	{ "16k.va36.l3-page", 14, 28, 3, 2, false },
	{ "64k.va48.l2-block", 16, 16, 2, 2, false },
	{ "64k.va42.l3-page", 16, 22, 3, 2, false },
	{ "64k.va33.l3-page", 16, 31, 3, 2, false },
	{ "64k.va42.ttbr1.l3-page", 16, 22, 3, 2, true },
};

/* The guest's tables, built in @pt (slot 1's memory) from M_PT on. */
struct tables {
	uint8_t *pt;
	ull next;
	unsigned int gbits, start;
};

static unsigned int level_shift(const struct tables *t, unsigned int level)
{
	return t->gbits + (3 - level) * (t->gbits - 3);
}

static ull new_table(struct tables *t)
{
	ull gpa = t->next;

	t->next += 1ULL << t->gbits;
	memset(t->pt + (gpa - M_PT), 0, 1ULL << t->gbits);
	return gpa;
}

static uint64_t *entry(struct tables *t, ull table, ull va, unsigned int level)
{
	ull idx = (va >> level_shift(t, level)) & ((1ULL << (t->gbits - 3)) - 1);

	return (uint64_t *)(t->pt + (table - M_PT)) + idx;
}

/*
 * Maps @va's block or page at @leaf to @pa's (Normal memory, AF, inner
 * shareable), with the descriptor bits @extra (AP[2]: read-only) too.
 */
static void map_attr(struct tables *t, ull root, ull va, ull pa, unsigned int leaf, ull extra)
{
	ull table = root, mask = (1ULL << level_shift(t, leaf)) - 1;

	for (unsigned int level = t->start; level < leaf; level++) {
		uint64_t *e = entry(t, table, va, level);

		if (!(*e & 1))
			*e = new_table(t) | 3;
		table = *e & 0x0000fffffffff000ULL & ~((1ULL << t->gbits) - 1);
	}
	*entry(t, table, va, leaf) = (pa & ~mask) | (1ULL << 10) | (3ULL << 8) | extra |
				     (leaf == 3 ? 3 : 1);
}

static void map(struct tables *t, ull root, ull va, ull pa, unsigned int leaf)
{
	map_attr(t, root, va, pa, leaf, 0);
}

/*
 * A VM with slot 0 at M_RAM (buf) and slot 1 at M_PT (@pt), and its vCPU
 * made and initialised, its kvm_run in @run; the vCPU's fd, or -1 with
 * nothing left open.
 */
static int mmu_vcpu(const char *where, int *vm, uint8_t *pt, struct kvm_run **run)
{
	int vcpu = new_vcpu(where, vm, 0);

	if (vcpu < 0)
		return -1;
	if (setmem(where, *vm, 0, 0, M_RAM, M_RAM_SIZE, (ull)(uintptr_t)buf) < 0 ||
	    setmem(where, *vm, 1, 0, M_PT, M_PT_SIZE, (ull)(uintptr_t)pt) < 0 ||
	    vcpu_init0(where, vcpu, BIT(F_PSCI_0_2)) < 0)
		goto fail;
	*run = kmmap(PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (*run != MAP_FAILED)
		return vcpu;
fail:
	kclose(vcpu);
	kclose(*vm);
	return -1;
}

static void run_config(const struct mmu_config *c)
{
	static const uint32_t code[] = {
		0xd5181000,	/* msr sctlr_el1, x0 */
		0xd5033fdf,	/* isb */
		0xf94000c3,	/* ldr x3, [x6] */
		0xf90002a3,	/* str x3, [x21]: the report */
		0x14000000,	/* b . */
	};
	static const uint32_t vector[] = {
		0xd5385203,	/* mrs x3, esr_el1 */
		0xf90006a3,	/* str x3, [x21, #8] */
		0x14000000,	/* b . */
	};
	unsigned int vabits = 64 - c->tsz, stride = c->gbits - 3;
	ull top = c->ttbr1 ? ~0ULL << vabits : 0, data_va, root, tg, tcr;
	struct tables t = { .pt = buf + M_RAM_SIZE, .next = M_PT, .gbits = c->gbits };
	char where[64];
	struct kvm_run *run;
	int vm, vcpu;
	long r;

	snprintf(where, sizeof(where), "mmu.%s", c->name);
	t.start = 4 - (vabits - c->gbits + stride - 1) / stride;
	memset(buf, 0, M_RAM_SIZE);
	memcpy(buf, code, sizeof(code));
	memcpy(buf + VBAR_OFF + 0x200, vector, sizeof(vector));	/* current EL, SPx */
	memcpy(buf + DATA_OFF, &(uint64_t){ MARK }, 8);
	/* The data through the half's highest 1/2 of its range, at a leaf-aligned VA. */
	data_va = top | (1ULL << (vabits - 1));
	root = new_table(&t);
	map(&t, root, data_va, M_RAM, c->leaf);
	data_va += DATA_OFF;

	vcpu = mmu_vcpu(where, &vm, t.pt, &run);
	if (vcpu < 0)
		return;
	if (c->ttbr1) {
		/* Code, vectors and report through TTBR0: a 4K-granule 39-bit half. */
		struct tables t0 = { .pt = t.pt, .next = t.next, .gbits = 12, .start = 1 };
		ull root0 = new_table(&t0);

		map(&t0, root0, M_RAM, M_RAM, 3);
		map(&t0, root0, M_REPORT, M_REPORT, 3);
		tg = c->gbits == 12 ? 2 : c->gbits == 14 ? 1 : 3;
		tcr = 25 | ((ull)c->tsz << 16) | (tg << 30) | (5ULL << 32);
		setr(where, vcpu, M_TTBR0, root0);
		setr(where, vcpu, M_TTBR1, root);
	} else {
		map(&t, root, M_RAM, M_RAM, c->leaf);
		map(&t, root, M_REPORT, M_REPORT, c->leaf);
		tg = c->gbits == 12 ? 0 : c->gbits == 14 ? 2 : 1;
		tcr = c->tsz | (tg << 14) | (1ULL << 23) | ((ull)c->tg1 << 30) | (5ULL << 32);
		setr(where, vcpu, M_TTBR0, root);
	}
	setr(where, vcpu, M_TCR, tcr);
	setr(where, vcpu, M_MAIR, 0x44);	/* attr0: Normal non-cacheable */
	setr(where, vcpu, M_VBAR, M_RAM + VBAR_OFF);
	setr(where, vcpu, REG_PC, M_RAM);
	setr(where, vcpu, M_X(0), getr(vcpu, M_SCTLR) | 1);
	setr(where, vcpu, M_X(6), data_va);
	setr(where, vcpu, M_X(21), M_REPORT);
	L("%s tcr=%#llx start-level=%u data-va=%#llx KVM_RUN", where, tcr, t.start, data_va);
	r = R(kio(vcpu, KVM_RUN, 0));
	if (r == 0 && run->exit_reason == KVM_EXIT_MMIO) {
		ull d;

		memcpy(&d, run->mmio.data, 8);
		if (run->mmio.phys_addr == M_REPORT && d == MARK)
			L(" MMIO report: the data read through the MMU");
		else if (run->mmio.phys_addr == M_REPORT + 8)
			L(" MMIO report: exception ESR_EL1=%#llx", d);
		else
			L(" MMIO addr=%#llx data=%#llx", (ull)run->mmio.phys_addr, d);
	} else if (r == 0) {
		L(" exit=%u", run->exit_reason);
	}
	emit();
	munmap(run, PAGE);
	kclose(vcpu);
	kclose(vm);
}

void sec_run_mmu_config(void)
{
	section("run.mmu-config");
	for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		run_config(&configs[i]);
}

/*
 * Section run.guest-exc: exceptions an EL1 guest takes for itself, with
 * its MMU on (4K granule, 48-bit VAs: the walk starts at level 0): SVC,
 * a translation fault on a load and on an instruction fetch, a permission
 * fault (a store to a read-only page).  (Not an alignment fault: the
 * simulator's engine does not check SCTLR_EL1.A, and the guest would spin.)
 * KVM never sees them: the guest's vector runs and reports ESR_EL1,
 * FAR_EL1 (aborts only: it is UNKNOWN after SVC) and ELR_EL1 by storing
 * them to MMIO addresses.
 */
#define X_UNMAPPED_VA	0x0000200000000000ULL
#define X_RO_VA		0x0000100000000000ULL

struct exc_case {
	const char *name;
	uint32_t insn;		/* at M_RAM + 8, with x6 = @addr */
	ull addr;
	bool far;
};

static const struct exc_case exc_cases[] = {
	{ "svc", 0xd4000841 /* svc #0x42 */, 0, false },
	{ "dabt.translation", 0xf94000c3 /* ldr x3, [x6] */, X_UNMAPPED_VA + 0x18, true },
	{ "iabt.translation", 0xd61f00c0 /* br x6 */, X_UNMAPPED_VA + 0x40, true },
	{ "dabt.permission", 0xf90000c3 /* str x3, [x6] */, X_RO_VA + DATA_OFF, true },
};

static void run_exc_case(const struct exc_case *c)
{
	const uint32_t code[] = {
		0xd5181000,	/* msr sctlr_el1, x0 */
		0xd5033fdf,	/* isb */
		c->insn,
		0x14000000,	/* b . */
	};
	static const uint32_t vector[] = {
		0xd5385203,	/* mrs x3, esr_el1 */
		0xf90006a3,	/* str x3, [x21, #8] */
		0xd5386003,	/* mrs x3, far_el1 */
		0xf9000aa3,	/* str x3, [x21, #16] */
		0xd5384023,	/* mrs x3, elr_el1 */
		0xf9000ea3,	/* str x3, [x21, #24] */
		0x14000000,	/* b . */
	};
	static const char *const what[] = { "ESR_EL1", "FAR_EL1", "ELR_EL1" };
	struct tables t = { .pt = buf + M_RAM_SIZE, .next = M_PT, .gbits = 12, .start = 0 };
	char where[64];
	struct kvm_run *run;
	ull root, tcr, sctlr;
	int vm, vcpu;

	snprintf(where, sizeof(where), "exc.%s", c->name);
	memset(buf, 0, M_RAM_SIZE);
	memcpy(buf, code, sizeof(code));
	memcpy(buf + VBAR_OFF + 0x200, vector, sizeof(vector));	/* current EL, SPx */
	root = new_table(&t);
	map(&t, root, M_RAM, M_RAM, 3);
	map(&t, root, M_REPORT, M_REPORT, 3);
	map_attr(&t, root, X_RO_VA, M_RAM, 3, 1ULL << 7);	/* AP[2]: read-only */

	vcpu = mmu_vcpu(where, &vm, t.pt, &run);
	if (vcpu < 0)
		return;
	tcr = 16 | (1ULL << 23) | (2ULL << 30) | (5ULL << 32);	/* T0SZ 16, EPD1, TG1 4K, IPS 48 */
	sctlr = getr(vcpu, M_SCTLR) | 1;
	setr(where, vcpu, M_TTBR0, root);
	setr(where, vcpu, M_TCR, tcr);
	setr(where, vcpu, M_MAIR, 0x44);
	setr(where, vcpu, M_VBAR, M_RAM + VBAR_OFF);
	setr(where, vcpu, REG_PC, M_RAM);
	setr(where, vcpu, M_X(0), sctlr);
	setr(where, vcpu, M_X(6), c->addr);
	setr(where, vcpu, M_X(21), M_REPORT);
	L("%s addr=%#llx KVM_RUN", where, c->addr);
	for (int n = 0; n < 3; n++) {
		long r = R(kio(vcpu, KVM_RUN, 0));
		unsigned int i;
		ull d = 0;

		if (r != 0)
			break;
		if (run->exit_reason != KVM_EXIT_MMIO) {
			L(" exit=%u", run->exit_reason);
			break;
		}
		memcpy(&d, run->mmio.data, 8);
		if (run->mmio.phys_addr < M_REPORT + 8 || run->mmio.phys_addr > M_REPORT + 24) {
			L(" MMIO addr=%#llx data=%#llx", (ull)run->mmio.phys_addr, d);
			break;
		}
		i = (unsigned int)((run->mmio.phys_addr - M_REPORT) / 8 - 1);
		if (i != 1 || c->far)
			L(" %s=%#llx", what[i], d);
		if (i == 2)
			break;
	}
	emit();
	munmap(run, PAGE);
	kclose(vcpu);
	kclose(vm);
}

void sec_run_guest_exc(void)
{
	section("run.guest-exc");
	for (size_t i = 0; i < sizeof(exc_cases) / sizeof(exc_cases[0]); i++)
		run_exc_case(&exc_cases[i]);
}
