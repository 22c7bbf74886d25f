// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Firmware pseudo-registers: KVM_REG_ARM_PSCI_VERSION and the versions each
 * feature set may choose, the SMCCC_ARCH_WORKAROUND_1/2/3 levels, and the
 * three firmware feature bitmaps with their writable bits.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.fw" (the same on
 * 6.1 and 6.12), "onereg.id fw.*" and "onereg.id bmap.*" of "arm64.onereg",
 * "reg.<cfg> fw:<n>" / "reg.<cfg> bmap:<n>" of "arm64.reglist", and what
 * a VM that has run still takes: section "arm64.ran-once".
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define PSCI_0_1	0x1ULL		/* PSCI_VERSION(0, 1): KVM's encoding of v0.1 */
#define PSCI_0_2	0x2ULL
#define PSCI_1_0	0x10000ULL
#define PSCI_1_1	0x10001ULL

/* ---- PSCI_VERSION ------------------------------------------------------- */

struct psci_case {
	char kernel[KERNEL_NAME_MAX];
	uint32_t features;
	uint64_t version;	/* what a new vCPU reads */
	uint64_t taken[4];	/* the versions it may choose instead, 0 after the last */
};

/*
 * With PSCI_0_2 the default is 1.1 and 0.2, 1.0 and 1.1 may be chosen; a
 * vCPU without it has PSCI 0.1 and only that.  Each value is tried on a new
 * vCPU; one accepted reads back.  real-*.txt "fw.psci0.2 get fw:0 -> 0 val=0x10001",
 * "fw.psci0.2 set fw:0=<v> -> ...", "fw.psci0.1 get fw:0 -> 0 val=0x1", "fw.psci0.1 set fw:0=<v>"
 */
static struct psci_case psci_cases[] = {
	ON_ALL_KERNELS(PSCI, PSCI_1_1, { PSCI_0_2, PSCI_1_0, PSCI_1_1 }),
	ON_ALL_KERNELS(0, PSCI_0_1, { PSCI_0_1 }),
};

static bool taken(const uint64_t *list, size_t n, uint64_t val)
{
	for (size_t i = 0; i < n && list[i]; i++)
		if (list[i] == val)
			return true;
	return false;
}

TEST_CASES(fw_reg, psci_version, psci_cases)
ParameterizedTest(struct psci_case *c, fw_reg, psci_version)
{
	static const uint64_t tried[] = { 0, PSCI_0_1, PSCI_0_2, PSCI_1_0, PSCI_1_1, 0x10002,
					  0x20000, ~0ULL };

	for (size_t i = 0; i < ARRAY_SIZE(tried); i++) {
		int vcpu = vcpu_create_init(c->kernel, c->features);
		bool ok = taken(c->taken, ARRAY_SIZE(c->taken), tried[i]);
		const struct result want = OK_OR_ERR(ok, EINVAL);

		cr_expect_eq(vcpu_get_reg(vcpu, KVM_REG_ARM_PSCI_VERSION), c->version);
		expect_result(__vcpu_set_reg(vcpu, KVM_REG_ARM_PSCI_VERSION, &tried[i]), &want,
			      "%s: features %#x, PSCI_VERSION %#llx", c->kernel, c->features,
			      (unsigned long long)tried[i]);
		cr_expect_eq(vcpu_get_reg(vcpu, KVM_REG_ARM_PSCI_VERSION),
			     ok ? tried[i] : c->version);
	}
}

/* ---- SMCCC workarounds -------------------------------------------------- */

struct workaround_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t id;
	uint64_t level;		/* what it reads */
	uint64_t highest;	/* the highest value it takes */
	char host[24];		/* "": every host; else the host CPU (require_host_cpu()) */
};

/*
 * Each workaround register reads the host's level (WORKAROUND_1:
 * NOT_REQUIRED, 2: NOT_AVAIL; 3: NOT_AVAIL on qemu-max, AVAIL on qemu-n1)
 * and takes the values up to one of its own, which leave the level as it
 * was; above, and with the ENABLED bit (0x10), EINVAL.
 * real-*.txt and real-*-n1.txt "fw.workaround set fw:<n>=<v> -> ...",
 * "fw.workaround get fw:<n> -> 0 val=..."
 */
static struct workaround_case workaround_cases[] = {
	ON_ALL_KERNELS(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1,
		       KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_1_NOT_REQUIRED, 2),
	ON_ALL_KERNELS(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2,
		       KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_2_NOT_AVAIL, 1),
	ON_ALL_KERNELS(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
		       KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_NOT_AVAIL, 0, HOST_DEFAULT),
	/*
	 * real-*-n1.txt "fw.workaround get fw:3 -> 0 val=0x1",
	 * "fw.workaround set fw:3=0x1 -> 0", "fw.workaround set fw:3=0x2 -> -1 EINVAL"
	 */
	ON_ALL_KERNELS(KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3,
		       KVM_REG_ARM_SMCCC_ARCH_WORKAROUND_3_AVAIL, 1, HOST_N1),
};

TEST_CASES(fw_reg, smccc_workaround, workaround_cases)
ParameterizedTest(struct workaround_case *c, fw_reg, smccc_workaround)
{
	static const uint64_t tried[] = { 0, 1, 2, 3, 4, 0x10, 0x11, 0x12, 0x13, 0x14 };
	int vcpu;

	require_host_cpu(c->host);
	vcpu = vcpu_create_init(c->kernel, PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(tried); i++) {
		const struct result want = OK_OR_ERR(tried[i] <= c->highest, EINVAL);

		expect_result(__vcpu_set_reg(vcpu, c->id, &tried[i]), &want, "%s: fw:%llu = %#llx",
			      c->kernel, (unsigned long long)(c->id & 0xffff),
			      (unsigned long long)tried[i]);
		cr_expect_eq(vcpu_get_reg(vcpu, c->id), c->level);
	}
}

/* ---- feature bitmaps ---------------------------------------------------- */

struct bmap_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t id;
	uint64_t all;		/* what it reads: every service offered */
};

/*
 * Every service is offered at first (STD: TRNG; STD_HYP: PV_TIME; VENDOR_HYP:
 * FUNC_FEAT and PTP); userspace may clear bits, never set one past them.
 * real-*.txt "fw.bmap get bmap:<n> -> 0 val=...", "fw.bmap set bmap:<n>=<v> -> ...",
 * "reg.base bmap:<n> ... set-0 -> 0 rb=0x0 restore -> 0 set-ones -> -1 EINVAL"
 */
static struct bmap_case bmap_cases[] = {
	ON_ALL_KERNELS(KVM_REG_ARM_STD_BMAP, 0x1),
	ON_ALL_KERNELS(KVM_REG_ARM_STD_HYP_BMAP, 0x1),
	ON_ALL_KERNELS(KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3),
};

TEST_CASES(fw_reg, feature_bitmap, bmap_cases)
ParameterizedTest(struct bmap_case *c, fw_reg, feature_bitmap)
{
	static const uint64_t tried[] = { 0x1, 0x2, 0x4, 0x8, 0x10, 1ULL << 34, ~0ULL };
	int vcpu = vcpu_create_init(c->kernel, PSCI);

	cr_assert_eq(vcpu_get_reg(vcpu, c->id), c->all);
	for (size_t i = 0; i < ARRAY_SIZE(tried); i++) {
		const struct result want = OK_OR_ERR(!(tried[i] & ~c->all), EINVAL);

		expect_result(__vcpu_set_reg(vcpu, c->id, &tried[i]), &want, "%s: bmap:%llu = %#llx",
			      c->kernel, (unsigned long long)(c->id & 0xffff),
			      (unsigned long long)tried[i]);
	}
	vcpu_set_reg(vcpu, c->id, 0);
	cr_assert_eq(vcpu_get_reg(vcpu, c->id), 0);
	vcpu_set_reg(vcpu, c->id, c->all);
}

/* ---- ids ---------------------------------------------------------------- */

struct id_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	uint64_t id;
};

/*
 * Only fw:0-3 and bmap:0-2 exist, and only at 64 bits.
 * real-*.txt "onereg.id fw.U32.0 get -> -1 ENOENT", "fw.4", "fw.0xffff", "bmap.U32.0", "bmap.3"
 */
static struct id_case id_cases[] = {
	ON_ALL_KERNELS("fw.U32.0", REG_WITH_SIZE(KVM_REG_ARM_FW_REG(0), KVM_REG_SIZE_U32)),
	ON_ALL_KERNELS("fw.4", KVM_REG_ARM_FW_REG(4)),
	ON_ALL_KERNELS("fw.0xffff", KVM_REG_ARM_FW_REG(0xffff)),
	ON_ALL_KERNELS("bmap.U32.0", REG_WITH_SIZE(KVM_REG_ARM_STD_BMAP, KVM_REG_SIZE_U32)),
	ON_ALL_KERNELS("bmap.3", KVM_REG_ARM_FW_FEAT_BMAP_REG(3)),
};

TEST_CASES(fw_reg, unknown_id_is_enoent, id_cases)
ParameterizedTest(struct id_case *c, fw_reg, unknown_id_is_enoent)
{
	const struct result enoent = ERR(ENOENT);

	assert_get_and_set(vcpu_create_init(c->kernel, PSCI), c->id, &enoent, "%s: %s", c->kernel,
			   c->name);
}

/*
 * A bad value pointer is EFAULT, for get and set alike.
 * real-*.txt "onereg get fw:0 addr=NULL -> -1 EFAULT", ..., "onereg set fw:0 addr=noaccess -> -1 EFAULT"
 */
KERNEL_TEST(fw_reg, bad_value_pointer_is_efault)
{
	expect_bad_value_pointers(vcpu_create_init(kernel->name, PSCI), KVM_REG_ARM_PSCI_VERSION,
				  EFAULT, EFAULT);
}

/* ---- once the VM has run ------------------------------------------------ */

struct ran_once_case {
	char kernel[KERNEL_NAME_MAX];
	char name[24];
	uint64_t id;
	uint64_t val;		/* what it reads, before and after the run */
	uint64_t other;		/* another value, taken before the run */
	struct result want;	/* setting @other after the run */
};

/*
 * The firmware feature bitmaps are the VM's, and once a vCPU of the VM has
 * run they keep their value: another one is EBUSY, their own is taken, on
 * the vCPU that ran, on one that did not and on one made after the run.
 * A bit no service has stays EINVAL.  PSCI_VERSION and the workaround
 * levels are not fixed by the run.
 * real-*.txt "ran-once.before bmap:<n> get=... set=0x0 -> 0 get=0x0 vcpu1.get=0x0 ...",
 * "ran-once.after.vcpu<n> bmap:<n> get=... set=0x0 -> -1 EBUSY get=... set=... -> 0",
 * "ran-once.after.vcpu<n> bmap:2 get=0x3 set=0x4 -> -1 EINVAL",
 * "ran-once.after.vcpu<n> fw:0 get=0x10001 set=0x10000 -> 0 get=0x10000"
 */
static struct ran_once_case ran_once_cases[] = {
	ON_ALL_KERNELS("STD_BMAP", KVM_REG_ARM_STD_BMAP, 0x1, 0, ERR(EBUSY)),
	ON_ALL_KERNELS("STD_HYP_BMAP", KVM_REG_ARM_STD_HYP_BMAP, 0x1, 0, ERR(EBUSY)),
	ON_ALL_KERNELS("VENDOR_HYP_BMAP", KVM_REG_ARM_VENDOR_HYP_BMAP, 0x3, 0, ERR(EBUSY)),
	ON_ALL_KERNELS("PSCI_VERSION", KVM_REG_ARM_PSCI_VERSION, PSCI_1_1, PSCI_1_0, RET(0)),
};

TEST_CASES(fw_reg, fixed_once_the_vm_has_run, ran_once_cases)
ParameterizedTest(struct ran_once_case *c, fw_reg, fixed_once_the_vm_has_run)
{
	int vm = vm_create(c->kernel);
	int vcpu[3] = { vm_create_vcpu(vm, 0), vm_create_vcpu(vm, 1) };

	vcpu_init(vcpu[0], PSCI);
	vcpu_init(vcpu[1], PSCI);
	/* Before: set through one vCPU, seen through the other. */
	vcpu_set_reg(vcpu[0], c->id, c->other);
	cr_expect_eq(vcpu_get_reg(vcpu[1], c->id), c->other, "%s: %s", c->kernel, c->name);
	vcpu_set_reg(vcpu[1], c->id, c->val);
	vcpu_run_immediate_exit(vcpu[0]);
	vcpu[2] = vm_create_vcpu(vm, 2);
	vcpu_init(vcpu[2], PSCI);
	for (size_t i = 0; i < ARRAY_SIZE(vcpu); i++) {
		cr_expect_eq(vcpu_get_reg(vcpu[i], c->id), c->val, "%s: %s, vCPU %zu", c->kernel,
			     c->name, i);
		expect_result(__vcpu_set_reg(vcpu[i], c->id, &c->other), &c->want,
			      "%s: %s = %#llx after the run, vCPU %zu", c->kernel, c->name,
			      (unsigned long long)c->other, i);
		cr_expect_eq(vcpu_get_reg(vcpu[i], c->id), c->want.ret ? c->val : c->other);
		vcpu_set_reg(vcpu[i], c->id, c->val);
	}
}

/*
 * A bit no service has is refused before the VM's state is looked at.
 * real-*.txt "ran-once.after.vcpu0 bmap:2 get=0x3 set=0x4 -> -1 EINVAL"
 */
KERNEL_TEST(fw_reg, unknown_bitmap_bit_after_the_run_is_einval)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	const uint64_t bad = 0x4;

	vcpu_run_immediate_exit(vcpu);
	assert_errno(__vcpu_set_reg(vcpu, KVM_REG_ARM_VENDOR_HYP_BMAP, &bad), EINVAL);
}
