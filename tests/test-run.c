// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_RUN: guest code that exits with MMIO, accesses without a syndrome,
 * PSCI calls, system events, and what interrupts a run (immediate_exit,
 * signals, KVM_SET_SIGNAL_MASK).
 *
 * Expected values: tests/conform/real-*.txt, section "run" (the same on
 * 6.1 and 6.12 unless a case says otherwise).  The guest runs with its MMU
 * off; its code is at RAM_GPA, the registers the programs use are set
 * through ONE_REG.  A simulator built without Unicorn runs no guest code:
 * the tests skip there.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <time.h>

#include "kvm_util.h"

#define RAM_GPA		0x40000000ULL
#define RAM_SIZE	0x10000UL
#define RO_GPA		0x40010000ULL
#define MMIO		0x40020000ULL
#define REPORT		0x40021000ULL
/* Seconds: a guest that never exits must fail its case, not hang make check. */
#define RUN_TIMEOUT	60

#define FN_PSCI_VERSION		0x84000000ULL
#define FN_CPU_ON64		0xc4000003ULL
#define FN_AFFINITY_INFO64	0xc4000004ULL
#define FN_SYSTEM_OFF		0x84000008ULL
#define FN_SYSTEM_RESET2_64	0xc4000012ULL

/* One vCPU (and a powered-off second one) with RAM at RAM_GPA running @code. */
struct guest {
	int vm, vcpu, vcpu1;
	struct kvm_run *run, *run1;
	uint8_t *ram;
};

static void guest_setup(struct guest *g, const char *kernel, const uint32_t *code, size_t n)
{
	g->vm = vm_create(kernel);
	g->ram = guest_mem(RAM_SIZE, code, n);
	vm_set_user_memory_region(g->vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)g->ram);
	g->vcpu = vm_create_vcpu(g->vm, 0);
	g->vcpu1 = vm_create_vcpu(g->vm, 1);
	vcpu_init(g->vcpu, FEATURE(PSCI_0_2));
	vcpu_init(g->vcpu1, FEATURE(PSCI_0_2) | FEATURE(POWER_OFF));
	g->run = vcpu_map_run(g->vcpu);
	g->run1 = vcpu_map_run(g->vcpu1);
	vcpu_set_reg(g->vcpu, CORE_REG(regs.pc), RAM_GPA);
	vcpu_set_reg(g->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(1)), MMIO);
	vcpu_set_reg(g->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(2)), 0x8877665544332211ULL);
	vcpu_set_reg(g->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(3)), 0xdeadbeefdeadbeefULL);
	vcpu_set_reg(g->vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(21)), REPORT);
	/* Without guest execution (configured without Unicorn) KVM_RUN stays EINVAL. */
	if (__vcpu_run_timed(g->vcpu, 500) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
}

static uint64_t xreg(int vcpu, unsigned int n)
{
	return vcpu_get_reg(vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(n)));
}

static void set_xreg(int vcpu, unsigned int n, uint64_t val)
{
	vcpu_set_reg(vcpu, CORE_REG_ID(KVM_REG_SIZE_U64, CORE_X(n)), val);
}

static uint64_t mmio_data(const struct kvm_run *run)
{
	uint64_t v;

	memcpy(&v, run->mmio.data, sizeof(v));
	return v;
}

/* Runs @vcpu again from RAM_GPA, forgetting its last exit (so no MMIO completes). */
static int __rerun(int vcpu, struct kvm_run *run)
{
	run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu_set_reg(vcpu, CORE_REG(regs.pc), RAM_GPA);
	return __vcpu_run(vcpu);
}

/* ---- MMIO --------------------------------------------------------------- */

struct mmio_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint32_t insn;
	uint64_t phys;
	uint32_t len;
	bool write;
	/* write: run.mmio.data after the exit (a fresh page: 0 where not written); read: x3 */
	uint64_t result;
};

/* The first exit of guest code, then (for reads) x3 once the read is completed. */
#define MMIO_CASE(n, i, p, l, w, r) ON_ALL_KERNELS(n, i, p, l, w, r)

/*
 * real-*.txt "run.mmio.<name>" and "run.mmio.<name>.next".  Reads take the
 * data 0xf7e6d5c4b3a29180: on the harness CPU the syndrome has no SSE bit,
 * so real KVM zero-extends even LDRSB/LDRSH/LDRSW (qemu-max.host, dabt_sse).
 */
static struct mmio_case mmio_cases[] = {
	MMIO_CASE("strb", 0x39000022 /* strb w2, [x1] */, MMIO, 1, true, 0x11),
	MMIO_CASE("strh", 0x79000022 /* strh w2, [x1] */, MMIO, 2, true, 0x2211),
	MMIO_CASE("str-w", 0xb9000022 /* str w2, [x1] */, MMIO, 4, true, 0x44332211),
	MMIO_CASE("str-x-imm", 0xf9000422 /* str x2, [x1, #8] */, MMIO + 8, 8, true,
		  0x8877665544332211ULL),
	MMIO_CASE("str-xzr", 0xf900003f /* str xzr, [x1] */, MMIO, 8, true, 0),
	MMIO_CASE("stlr", 0xc89ffc22 /* stlr x2, [x1] */, MMIO, 8, true, 0x8877665544332211ULL),
	MMIO_CASE("ldrb", 0x39400023 /* ldrb w3, [x1] */, MMIO, 1, false, 0x80),
	MMIO_CASE("ldrh", 0x79400023 /* ldrh w3, [x1] */, MMIO, 2, false, 0x9180),
	MMIO_CASE("ldr-w", 0xb9400023 /* ldr w3, [x1] */, MMIO, 4, false, 0xb3a29180),
	MMIO_CASE("ldr-x", 0xf9400023 /* ldr x3, [x1] */, MMIO, 8, false, 0xf7e6d5c4b3a29180ULL),
	MMIO_CASE("ldrsb-x", 0x39800023 /* ldrsb x3, [x1] */, MMIO, 1, false, 0x80),
	MMIO_CASE("ldrsh-w", 0x79c00023 /* ldrsh w3, [x1] */, MMIO, 2, false, 0x9180),
	MMIO_CASE("ldrsw", 0xb9800023 /* ldrsw x3, [x1] */, MMIO, 4, false, 0xb3a29180),
	MMIO_CASE("ldur", 0xf85f8023 /* ldur x3, [x1, #-8] */, MMIO - 8, 8, false,
		  0xf7e6d5c4b3a29180ULL),
	MMIO_CASE("ldar", 0x88dffc23 /* ldar w3, [x1] */, MMIO, 4, false, 0xb3a29180),
};

TEST_CASES(run, mmio, mmio_cases)
ParameterizedTest(struct mmio_case *c, run, mmio, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = { c->insn, 0xf90002a3 /* str x3, [x21] */ };
	struct guest g;

	guest_setup(&g, c->kernel, code, ARRAY_SIZE(code));
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO, "%s: exit %u", c->name, g.run->exit_reason);
	cr_expect_eq(g.run->mmio.phys_addr, c->phys, "%s: phys %#llx", c->name,
		     (unsigned long long)g.run->mmio.phys_addr);
	cr_expect_eq(g.run->mmio.len, c->len, "%s: len", c->name);
	cr_expect_eq(g.run->mmio.is_write, c->write, "%s: is_write", c->name);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA, "%s: pc at the access",
		     c->name);
	if (c->write) {
		/* Only len bytes are written (real-*.txt: the others keep what they had). */
		cr_expect_eq(mmio_data(g.run), c->result, "%s: data %#llx", c->name,
			     (unsigned long long)mmio_data(g.run));
	} else {
		uint64_t data = 0xf7e6d5c4b3a29180ULL;

		memcpy(g.run->mmio.data, &data, sizeof(data));
	}
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(g.run->mmio.phys_addr, REPORT, "%s: the next instruction ran", c->name);
	if (!c->write)
		cr_expect_eq(mmio_data(g.run), c->result, "%s: x3 %#llx", c->name,
			     (unsigned long long)mmio_data(g.run));
}

/* real-*.txt "run.mmio.readonly-str-x": a write to a READONLY slot is MMIO. */
KERNEL_TEST(run, readonly_slot_write_is_mmio, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = { 0xf90000a2 /* str x2, [x5] */ };
	uint8_t *rom = guest_mem(PAGE_SIZE, NULL, 0);
	struct guest g;

	memset(rom, 0x5a, PAGE_SIZE);
	g.vm = vm_create(kernel->name);
	g.ram = guest_mem(RAM_SIZE, code, ARRAY_SIZE(code));
	vm_set_user_memory_region(g.vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)g.ram);
	vm_set_user_memory_region(g.vm, 1, KVM_MEM_READONLY, RO_GPA, PAGE_SIZE,
				  (uint64_t)(uintptr_t)rom);
	g.vcpu = vm_create_vcpu(g.vm, 0);
	vcpu_init(g.vcpu, FEATURE(PSCI_0_2));
	g.run = vcpu_map_run(g.vcpu);
	vcpu_set_reg(g.vcpu, CORE_REG(regs.pc), RAM_GPA);
	set_xreg(g.vcpu, 2, 0x8877665544332211ULL);
	set_xreg(g.vcpu, 5, RO_GPA);
	if (__vcpu_run_timed(g.vcpu, 500) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(g.run->mmio.phys_addr, RO_GPA);
	cr_expect(g.run->mmio.is_write);
	cr_expect_eq(mmio_data(g.run), 0x8877665544332211ULL);
	cr_expect_eq(rom[0], 0x5a, "the READONLY page is not written");
}

/*
 * real-*.txt "run.pending.pc-skip": the read completes at the next
 * KVM_RUN and the PC advances from wherever the VMM has put it.
 */
KERNEL_TEST(run, pending_read_skips_the_pc_the_vmm_set, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xf9400023,	/* ldr x3, [x1] */
		0xf90002a3,	/* str x3, [x21] */
		0xd2955543,	/* mov x3, #0xaaaa: the VMM's new PC, skipped */
		0xf90002a3,	/* str x3, [x21] */
	};
	uint64_t data = 0x1122334455667788ULL;
	struct guest g;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	memcpy(g.run->mmio.data, &data, sizeof(data));
	vcpu_set_reg(g.vcpu, CORE_REG(regs.pc), RAM_GPA + 8);
	vcpu_run(g.vcpu);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + 12);
	cr_expect_eq(mmio_data(g.run), data, "x3 holds the read, not 0xaaaa");
}

/*
 * real-*.txt "run.pending.immediate-exit.run": the read is completed,
 * then EINTR; exit_reason is left as it was.
 */
KERNEL_TEST(run, immediate_exit_completes_pending_read, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = { 0xf9400023 /* ldr x3, [x1] */, 0xf90002a3 /* str x3, [x21] */ };
	uint64_t data = 0x1122334455667788ULL;
	struct guest g;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	memcpy(g.run->mmio.data, &data, sizeof(data));
	g.run->immediate_exit = 1;
	assert_errno(__vcpu_run(g.vcpu), EINTR);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(xreg(g.vcpu, 3), data);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + 4);
	assert_errno(__vcpu_run(g.vcpu), EINTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + 4, "completed once only");
}

/* real-*.txt "run.nisv.off.ldp", "run.nisv.on.ldp", "run.nisv.on.str-pre-index". */
KERNEL_TEST(run, no_syndrome_enosys_then_nisv_exit, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = { 0xa9401023 /* ldp x3, x4, [x1] */ };
	struct guest g;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	/* guest_setup's first run was the ENOSYS one. */
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_UNKNOWN);
	assert_errno(__vcpu_run(g.vcpu), ENOSYS);
	vm_enable_cap(g.vm, KVM_CAP_ARM_NISV_TO_USER, 0);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_ARM_NISV);
	cr_expect_eq(g.run->arm_nisv.esr_iss, 0x7, "translation fault, read");
	cr_expect_eq(g.run->arm_nisv.fault_ipa, MMIO);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA);
}

/*
 * real-*.txt "run.mmu.ldr": with stage 1 on, an MMIO exit gives the IPA
 * (0x40020000), not the virtual address the guest used (0xc0020000).
 */
KERNEL_TEST(run, mmio_with_mmu_on_gives_the_ipa)
{
	const uint32_t code[] = { 0xf94000c3 /* ldr x3, [x6] */ };
	const uint64_t pt = RAM_GPA + 0xa000, block_attr = (1ULL << 10) | 1;	/* AF, block */
	struct guest g;
	uint64_t *l1;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	l1 = (uint64_t *)(g.ram + (pt - RAM_GPA));
	l1[1] = RAM_GPA | block_attr;			/* VA 1 GiB: RAM, Normal NC */
	l1[3] = RAM_GPA | block_attr | (1ULL << 2);	/* VA 3 GiB: the same, Device */
	g.run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu_set_reg(g.vcpu, CORE_REG(regs.pc), RAM_GPA);
	set_xreg(g.vcpu, 6, 0xc0020000ULL);
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 10, 2, 0), 0x44);		/* MAIR_EL1 */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 2, 0, 2), 0x80800019);	/* TCR_EL1: T0SZ 25 */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 2, 0, 0), pt);		/* TTBR0_EL1 */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0),			/* SCTLR_EL1.M */
		     vcpu_get_reg(g.vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0)) | 1);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(g.run->mmio.phys_addr, MMIO, "phys %#llx",
		     (unsigned long long)g.run->mmio.phys_addr);
}

/*
 * Stage 1 with 52-bit output addresses, on a VM of 52 IPA bits (6.12, a
 * host with FEAT_LPA2): the guest maps RAM and an MMIO region above 2^50
 * with 4K pages and TCR_EL1.DS (FEAT_LPA2: OA[51:50] in descriptor bits
 * 9:8), or with 64K pages (FEAT_LPA: OA[51:48] in bits 15:12).  A store
 * and load through the RAM mapping reach the slot there; a store through
 * the MMIO mapping exits with its 52-bit IPA.  Real KVM gives the same on
 * the harness (suites-real); 6.1 offers no 52-bit IPA with 4K host pages.
 */
struct lpa_case {
	char kernel[KERNEL_NAME_MAX];
	bool k64;
};

static struct lpa_case lpa_cases[] = {
	ON_6_12(false),
	ON_6_12(true),
};

TEST_CASES(run, lpa_52bit_output_addresses, lpa_cases)
ParameterizedTest(struct lpa_case *c, run, lpa_52bit_output_addresses, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xf90000c2,	/* str x2, [x6] */
		0xf94000c3,	/* ldr x3, [x6] */
		0xf90000e3,	/* str x3, [x7] */
	};
	const uint64_t ram_size = 0x40000, high = 1ULL << 50, high_size = 0x10000;
	const uint64_t block = (1ULL << 10) | 1, dev = 1ULL << 2;	/* AF, block; AttrIndx 1 */
	uint64_t *l1, *l2, hi_oa, tcr;
	uint8_t *ram, *hiram;
	struct kvm_run *run;
	int kvm, vm, vcpu;

	require_host_cpu(HOST_DEFAULT);
	kvm = kvm_open(c->kernel);
	if (kvm_check_extension(kvm, KVM_CAP_ARM_VM_IPA_SIZE) < 52)
		cr_skip_test("the host offers no 52-bit IPA");
	vm = kvm_create_vm(kvm, KVM_VM_TYPE_ARM_IPA_SIZE(52));
	ram = guest_mem(ram_size, code, ARRAY_SIZE(code));
	hiram = guest_mem(high_size, NULL, 0);
	vm_set_user_memory_region(vm, 0, 0, RAM_GPA, ram_size, (uint64_t)(uintptr_t)ram);
	vm_set_user_memory_region(vm, 1, 0, high, high_size, (uint64_t)(uintptr_t)hiram);
	vcpu = vm_create_vcpu(vm, 0);
	vcpu_init(vcpu, 0);
	run = vcpu_map_run(vcpu);

	l1 = (uint64_t *)(ram + 0x10000);
	l2 = (uint64_t *)(ram + 0x20000);
	if (!c->k64) {
		/* T0SZ 16: level 0 (at +0x20000) -> level 1, whose 1 GiB blocks map the VAs. */
		l2[0] = (RAM_GPA + 0x10000) | 3;
		hi_oa = ((high >> 50) & 3) << 8;
		l1[1] = RAM_GPA | block;		/* VA 1 GiB: the code */
		l1[2] = hi_oa | block;			/* VA 2 GiB: RAM at 2^50 */
		l1[3] = hi_oa | block | dev;		/* VA 3 GiB: the same, Device */
		tcr = 16 | 6ULL << 32 | 1ULL << 59 | 1ULL << 23;	/* IPS 52, DS, EPD1 */
		vcpu_set_reg(vcpu, ARM64_SYS_REG(3, 0, 2, 0, 0), RAM_GPA + 0x20000);
	} else {
		/* T0SZ 16, 64K: level 1 -> level 2, whose 512 MiB blocks map the VAs. */
		l1[0] = (RAM_GPA + 0x20000) | 3;
		hi_oa = ((high >> 48) & 15) << 12;
		l2[2] = RAM_GPA | block;		/* VA 1 GiB */
		l2[4] = hi_oa | block;			/* VA 2 GiB */
		l2[6] = hi_oa | block | dev;		/* VA 3 GiB */
		tcr = 16 | 1ULL << 14 | 6ULL << 32 | 1ULL << 23;	/* TG0 64K, IPS 52, EPD1 */
		vcpu_set_reg(vcpu, ARM64_SYS_REG(3, 0, 2, 0, 0), RAM_GPA + 0x10000);
	}
	vcpu_set_reg(vcpu, CORE_REG(regs.pc), RAM_GPA);
	set_xreg(vcpu, 2, 0x0123456789abcdefULL);
	set_xreg(vcpu, 6, 0x80000000ULL + 0x100);
	set_xreg(vcpu, 7, 0xc0000000ULL + high_size);
	vcpu_set_reg(vcpu, ARM64_SYS_REG(3, 0, 10, 2, 0), 0x0044);		/* MAIR_EL1 */
	vcpu_set_reg(vcpu, ARM64_SYS_REG(3, 0, 2, 0, 2), tcr);			/* TCR_EL1 */
	vcpu_set_reg(vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0),			/* SCTLR_EL1.M */
		     vcpu_get_reg(vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0)) | 1);
	if (__vcpu_run_timed(vcpu, 5000) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	cr_assert_eq(run->exit_reason, KVM_EXIT_MMIO, "exit %u", run->exit_reason);
	cr_expect_eq(run->mmio.phys_addr, high + high_size, "phys %#llx",
		     (unsigned long long)run->mmio.phys_addr);
	cr_expect(run->mmio.is_write);
	cr_expect_eq(mmio_data(run), 0x0123456789abcdefULL);
	cr_expect_eq(*(uint64_t *)(hiram + 0x100), 0x0123456789abcdefULL);
	cr_expect_eq(vcpu_get_reg(vcpu, CORE_REG(regs.pc)), RAM_GPA + 8);
}

/*
 * The hardware's access flag update (FEAT_HAFDBS, which the harness's CPU
 * has): with TCR_EL1.HA a load through a block whose AF is clear sets the
 * flag in the guest's table instead of faulting.
 */
KERNEL_TEST(run, hardware_sets_the_access_flag, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xf94000c3,	/* ldr x3, [x6] */
		0xf90000e3,	/* str x3, [x7] */
	};
	const uint64_t pt = RAM_GPA + 0xa000, af = 1ULL << 10;
	struct guest g;
	uint64_t *l1, mmfr1;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	mmfr1 = vcpu_get_reg(g.vcpu, ARM64_SYS_REG(3, 0, 0, 7, 1));
	if (!(mmfr1 & 0xf))
		cr_skip_test("the host has no FEAT_HAFDBS");
	l1 = (uint64_t *)(g.ram + (pt - RAM_GPA));
	l1[1] = RAM_GPA | af | 1;		/* VA 1 GiB: RAM */
	l1[2] = RAM_GPA | 1;			/* VA 2 GiB: the same, AF clear */
	l1[3] = RAM_GPA | af | 1 | (1ULL << 2);	/* VA 3 GiB: Device */
	*(uint64_t *)(g.ram + 0x8000) = 0xfeedfacecafef00dULL;
	g.run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu_set_reg(g.vcpu, CORE_REG(regs.pc), RAM_GPA);
	set_xreg(g.vcpu, 6, 0x80008000ULL);
	set_xreg(g.vcpu, 7, 0xc0020000ULL);
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 10, 2, 0), 0x0044);		/* MAIR_EL1 */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 2, 0, 2),			/* TCR_EL1 */
		     0x80800019ULL | 5ULL << 32 | 1ULL << 39);		/* T0SZ 25, IPS 48, HA */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 2, 0, 0), pt);		/* TTBR0_EL1 */
	vcpu_set_reg(g.vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0),			/* SCTLR_EL1.M */
		     vcpu_get_reg(g.vcpu, ARM64_SYS_REG(3, 0, 1, 0, 0)) | 1);
	vcpu_run(g.vcpu);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO, "exit %u", g.run->exit_reason);
	cr_expect_eq(g.run->mmio.phys_addr, MMIO);
	cr_expect_eq(mmio_data(g.run), 0xfeedfacecafef00dULL);
	cr_expect_eq(l1[2], RAM_GPA | af | 1, "L1[2] %#llx", (unsigned long long)l1[2]);
}

/* ---- PSCI --------------------------------------------------------------- */

/* Guest code of the PSCI tests: one call, then report x0. */
static const uint32_t hvc_code[] = { 0xd4000002 /* hvc #0 */, 0xf90002a0 /* str x0, [x21] */ };

static void psci_call(struct guest *g, uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	set_xreg(g->vcpu, 0, fn);
	set_xreg(g->vcpu, 1, a1);
	set_xreg(g->vcpu, 2, a2);
	set_xreg(g->vcpu, 3, a3);
	assert_ret(__rerun(g->vcpu, g->run), 0);
}

/* real-*.txt "run.psci.version.args-cleared": x0 = 1.1, x1-x3 cleared. */
KERNEL_TEST(run, psci_version_clears_x1_to_x3, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name, hvc_code, ARRAY_SIZE(hvc_code));
	psci_call(&g, FN_PSCI_VERSION, 0x1111, 0x2222, 0x3333);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(xreg(g.vcpu, 0), 0x10001);
	for (unsigned int i = 1; i < 4; i++)
		cr_expect_eq(xreg(g.vcpu, i), 0, "x%u", i);
}

/*
 * real-*.txt "run.psci.cpu-on*": the target is runnable at once and shows
 * the entry point and context id before it runs; a second CPU_ON is
 * ALREADY_ON; an unknown MPIDR is INVALID_PARAMETERS.
 */
KERNEL_TEST(run, psci_cpu_on, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name, hvc_code, ARRAY_SIZE(hvc_code));
	cr_expect_eq(vcpu_get_mp_state(g.vcpu1), KVM_MP_STATE_STOPPED);
	psci_call(&g, FN_AFFINITY_INFO64, 1, 0, 0);
	cr_expect_eq(xreg(g.vcpu, 0), 1, "AFFINITY_INFO: off");
	psci_call(&g, FN_CPU_ON64, 5, RAM_GPA + 4, 0);
	cr_expect_eq(xreg(g.vcpu, 0), (uint64_t)-2, "CPU_ON of no vCPU");
	psci_call(&g, FN_CPU_ON64, 1, RAM_GPA + 4, 0xfeedc0ffee);
	cr_expect_eq(xreg(g.vcpu, 0), 0);
	cr_expect_eq(vcpu_get_mp_state(g.vcpu1), KVM_MP_STATE_RUNNABLE);
	cr_expect_eq(vcpu_get_reg(g.vcpu1, CORE_REG(regs.pc)), RAM_GPA + 4);
	cr_expect_eq(xreg(g.vcpu1, 0), 0xfeedc0ffee);
	cr_expect_eq(vcpu_get_reg(g.vcpu1, CORE_REG(regs.pstate)), 0x3c5);
	psci_call(&g, FN_CPU_ON64, 1, RAM_GPA + 4, 0);
	cr_expect_eq(xreg(g.vcpu, 0), (uint64_t)-4, "ALREADY_ON");
	set_xreg(g.vcpu1, 21, REPORT);
	vcpu_run(g.vcpu1);
	cr_assert_eq(g.run1->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(mmio_data(g.run1), 0xfeedc0ffee, "x0 at the entry point");
}

/*
 * real-*.txt "run.sysevent.off*", "run.sysevent.reset2.warm": the event,
 * x0 = INTERNAL_FAILURE, every vCPU stopped; a stopped vCPU's KVM_RUN
 * sleeps until a signal.
 */
KERNEL_TEST(run, psci_system_off_and_reset2, .timeout = RUN_TIMEOUT)
{
	struct guest g;

	guest_setup(&g, kernel->name, hvc_code, ARRAY_SIZE(hvc_code));
	vcpu_set_mp_state(g.vcpu1, KVM_MP_STATE_RUNNABLE);
	psci_call(&g, FN_SYSTEM_OFF, 0, 0, 0);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_SYSTEM_EVENT);
	cr_expect_eq(g.run->system_event.type, KVM_SYSTEM_EVENT_SHUTDOWN);
	cr_expect_eq(g.run->system_event.ndata, 1);
	cr_expect_eq(g.run->system_event.data[0], 0);
	cr_expect_eq(xreg(g.vcpu, 0), (uint64_t)-6);
	cr_expect_eq(vcpu_get_mp_state(g.vcpu), KVM_MP_STATE_STOPPED);
	cr_expect_eq(vcpu_get_mp_state(g.vcpu1), KVM_MP_STATE_STOPPED);
	g.run1->immediate_exit = 1;
	expect_errno(__vcpu_run(g.vcpu1), EINTR);
	expect_errno(__vcpu_run_timed(g.vcpu, 100), EINTR);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_INTR);

	vcpu_set_mp_state(g.vcpu, KVM_MP_STATE_RUNNABLE);
	psci_call(&g, FN_SYSTEM_RESET2_64, 0, 0, 0);
	cr_assert_eq(g.run->exit_reason, KVM_EXIT_SYSTEM_EVENT);
	cr_expect_eq(g.run->system_event.type, KVM_SYSTEM_EVENT_RESET);
	cr_expect_eq(g.run->system_event.data[0], KVM_SYSTEM_EVENT_RESET_FLAG_PSCI_RESET2);
}

/* ---- interruption ------------------------------------------------------- */

/*
 * real-*.txt "run.sig.*": a pending signal the thread blocks does not
 * interrupt KVM_RUN; under a KVM_SET_SIGNAL_MASK that lets it through it
 * does (EINTR, KVM_EXIT_INTR); only an 8-byte mask is taken.
 */
KERNEL_TEST(run, signal_mask, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = { 0xf90002a3 /* str x3, [x21] */ };
	uint64_t usr1 = 1ULL << (SIGUSR1 - 1);
	sigset_t set;
	struct guest g;
	int sig;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR1);
	expect_ret(__rerun(g.vcpu, g.run), 0);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	expect_errno(__vcpu_set_signal_mask(g.vcpu, 4, 0), EINVAL);
	expect_errno(__vcpu_set_signal_mask(g.vcpu, 16, 0), EINVAL);
	expect_ret(__vcpu_set_signal_mask(g.vcpu, 8, 0), 0);
	expect_errno(__rerun(g.vcpu, g.run), EINTR);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_INTR);
	expect_ret(__vcpu_set_signal_mask(g.vcpu, 8, usr1), 0);
	expect_ret(__rerun(g.vcpu, g.run), 0);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	expect_ret((int)__vcpu_ioctl(g.vcpu, KVM_SET_SIGNAL_MASK, NULL), 0);
	expect_ret(__rerun(g.vcpu, g.run), 0);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	sigwait(&set, &sig);
}

/* real-*.txt "run.sig.loop", "run.sig.wfi": a signal ends a guest that never exits. */
KERNEL_TEST(run, signal_ends_loop_and_wfi, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xd503207f,	/* wfi */
		0x14000000,	/* b . */
	};
	struct guest g;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	/* guest_setup's run: the WFI slept until the timer signal. */
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_INTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + 4, "past the WFI");
	expect_errno(__vcpu_run_timed(g.vcpu, 100), EINTR);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_INTR);
	cr_expect_eq(vcpu_get_reg(g.vcpu, CORE_REG(regs.pc)), RAM_GPA + 4, "in the loop");
}

/* ---- slot changes while a guest runs ------------------------------------ */

#define DATA_GPA	0x50000000ULL

struct runner {
	int vcpu;
	int r, err;
	atomic_bool done;
};

static void *runner_main(void *arg)
{
	struct runner *t = arg;

	t->r = __vcpu_run(t->vcpu);
	t->err = errno;
	atomic_store(&t->done, true);
	return NULL;
}

/*
 * A slot the guest reads in a loop is deleted while the vCPU runs, and the
 * VMM unmaps its memory as soon as the ioctl returns: the guest's next read
 * of it is an MMIO exit at its address, and nothing touches the unmapped
 * memory (the kernel waits for its vCPUs, synchronize_srcu(), before the
 * ioctl returns).
 */
KERNEL_TEST(run, slot_deleted_under_a_running_guest, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xf9400083,	/* 1: ldr x3, [x4] */
		0x17ffffff,	/* b 1b */
	};
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	struct runner t = { 0 };
	pthread_t thread;
	struct guest g;
	uint8_t *data;

	guest_setup(&g, kernel->name, code, ARRAY_SIZE(code));
	data = guest_mem(0x10000, NULL, 0);
	vm_set_user_memory_region(g.vm, 1, 0, DATA_GPA, 0x10000, (uint64_t)(uintptr_t)data);
	set_xreg(g.vcpu, 4, DATA_GPA);
	g.run->exit_reason = KVM_EXIT_UNKNOWN;
	vcpu_set_reg(g.vcpu, CORE_REG(regs.pc), RAM_GPA);
	t.vcpu = g.vcpu;
	cr_assert_eq(pthread_create(&thread, NULL, runner_main, &t), 0);
	nanosleep(&pause, NULL);
	cr_expect(!atomic_load(&t.done), "the guest reads its slot and runs on");
	vm_set_user_memory_region(g.vm, 1, 0, DATA_GPA, 0, (uint64_t)(uintptr_t)data);
	cr_assert_eq(munmap(data, 0x10000), 0);
	pthread_join(thread, NULL);
	expect_ret(t.r, 0);
	cr_expect_eq(g.run->exit_reason, KVM_EXIT_MMIO);
	cr_expect_eq(g.run->mmio.phys_addr, DATA_GPA);
	cr_expect_eq(g.run->mmio.is_write, 0);
}

/* ---- the dirty ring, harvested while the guest writes ------------------- */

#define RING_ENTRIES	256
#define RING_PAGES	512

struct harvester {
	int vm;
	struct kvm_dirty_gfn *ring;
	uint32_t next;			/* the next entry to look at */
	atomic_bool stop;
	unsigned long seen[RING_PAGES / 64];
	unsigned long harvested, bad;
};

/* As a VMM's collector thread: take the DIRTY entries in order, give them back. */
static void *harvester_main(void *arg)
{
	struct harvester *h = arg;

	while (!atomic_load(&h->stop)) {
		unsigned int n = 0;

		for (;;) {
			struct kvm_dirty_gfn *e = &h->ring[h->next % RING_ENTRIES];

			if (!(__atomic_load_n(&e->flags, __ATOMIC_ACQUIRE) & KVM_DIRTY_GFN_F_DIRTY))
				break;
			if (e->slot != 1 || e->offset >= RING_PAGES)
				h->bad++;
			else
				h->seen[e->offset / 64] |= 1UL << (e->offset % 64);
			__atomic_store_n(&e->flags, KVM_DIRTY_GFN_F_RESET, __ATOMIC_RELEASE);
			h->next++;
			n++;
		}
		if (n) {
			h->harvested += n;
			if (__vm_ioctl(h->vm, KVM_RESET_DIRTY_RINGS, NULL) < 0)
				h->bad++;
		}
		sched_yield();
	}
	return NULL;
}

/*
 * 6.12's dirty ring (real-*.txt "dl.ring" has its rules): a guest writes
 * 512 pages round after round while another thread harvests the ring and
 * resets it, and the vCPU thread re-enters after KVM_EXIT_DIRTY_RING_FULL:
 * every page is reported, no entry is wrong.  (Also the suite's data-race
 * check of the ring under TSan.)
 */
KERNEL_TEST(run, dirty_ring_harvested_while_the_guest_writes, .timeout = RUN_TIMEOUT)
{
	const uint32_t code[] = {
		0xaa0103e7,	/* 0: mov x7, x1 */
		0xd2804008,	/* mov x8, #512 */
		0xf90000e2,	/* 1: str x2, [x7] */
		0x914004e7,	/* add x7, x7, #1, lsl #12 */
		0xf1000508,	/* subs x8, x8, #1 */
		0x54ffffa1,	/* b.ne 1b */
		0xf90002a2,	/* str x2, [x21]: a round done */
		0x17fffff9,	/* b 0b */
	};
	struct harvester h = { 0 };
	unsigned int rounds = 0, full = 0;
	struct kvm_run *run;
	pthread_t thread;
	uint8_t *ram, *data;
	int vm, vcpu;

	vm = vm_create(kernel->name);
	if (__kvm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_ACQ_REL, 0,
			     RING_ENTRIES * sizeof(struct kvm_dirty_gfn)) < 0) {
		cr_expect_eq(errno, EINVAL, "a kernel without the ring refuses it");
		return;
	}
	ram = guest_mem(RAM_SIZE, code, ARRAY_SIZE(code));
	data = guest_mem(RING_PAGES * PAGE_SIZE, NULL, 0);
	vm_set_user_memory_region(vm, 0, 0, RAM_GPA, RAM_SIZE, (uint64_t)(uintptr_t)ram);
	vm_set_user_memory_region(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, DATA_GPA, RING_PAGES * PAGE_SIZE,
				  (uint64_t)(uintptr_t)data);
	vcpu = vm_create_vcpu(vm, 0);
	vcpu_init(vcpu, FEATURE(PSCI_0_2));
	run = vcpu_map_run(vcpu);
	h.vm = vm;
	h.ring = kvm_mmap(vcpu, RING_ENTRIES * sizeof(struct kvm_dirty_gfn),
			  PROT_READ | PROT_WRITE, MAP_SHARED, KVM_DIRTY_LOG_PAGE_OFFSET);
	vcpu_set_reg(vcpu, CORE_REG(regs.pc), RAM_GPA);
	set_xreg(vcpu, 1, DATA_GPA);
	set_xreg(vcpu, 21, REPORT);
	if (__vcpu_run_timed(vcpu, 500) < 0 && errno == EINVAL)
		cr_skip_test("KVM_RUN runs no guest code in this build");
	cr_assert_eq(pthread_create(&thread, NULL, harvester_main, &h), 0);
	while (rounds < 4) {
		if (run->exit_reason == KVM_EXIT_MMIO)
			rounds++;
		else if (run->exit_reason == KVM_EXIT_DIRTY_RING_FULL)
			full++;
		else
			cr_assert_fail("exit %u", run->exit_reason);
		cr_assert_eq(__vcpu_run(vcpu), 0, "KVM_RUN: %s", errno_name(errno));
	}
	atomic_store(&h.stop, true);
	pthread_join(thread, NULL);
	cr_expect_eq(h.bad, 0);
	cr_expect_geq(h.harvested, RING_PAGES);
	for (unsigned int i = 0; i < RING_PAGES / 64; i++)
		cr_expect_eq(h.seen[i], ~0UL, "pages %u-%u reported", i * 64, i * 64 + 63);
}
