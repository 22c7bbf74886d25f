// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Timer registers: the virtual timer's CTL, CNT and CVAL with the uapi's
 * swapped CNT/CVAL encodings, CTL's 32 bits and its ISTATUS bit, CNT
 * following a written value, and the physical timer's registers, which
 * 6.12 lists and 6.1 does not.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.fw" (lines
 * "fw.timer ..."), and the "reglist.base id[...]" and "reg.base sys:3_3_14_*"
 * lines of "arm64.reglist".
 */
#include <criterion/criterion.h>
#include <stdlib.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define NO_WRITE	0x5a5a5a5a5a5a5a5aULL	/* a row's "leave it as it is" */
#define ISTATUS		0x4ULL

/*
 * The ids, and where KVM_GET_REG_LIST puts them: right after the firmware
 * bitmaps, CTL, CNT, CVAL of the virtual timer, then on 6.12 those of the
 * physical timer.  CNT is 3,3,14,3,2 (architecturally CNTV_CVAL_EL0) and
 * CVAL 3,3,14,0,2 (CNTVCT_EL0): a slip kept as ABI.
 * real-*.txt "reglist.base id[82] sys:3_3_14_3_1 0x603000000013df19", "id[83] sys:3_3_14_3_2
 * 0x603000000013df1a", "id[84] sys:3_3_14_0_2 0x603000000013df02", "id[85] sys:3_3_14_2_1 ..."
 */
struct list_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t n;
	uint64_t ids[6];
};

static struct list_case list_cases[] = {
	ON_6_1(3, { 0x603000000013df19, 0x603000000013df1a, 0x603000000013df02 }),
	ON_6_12(6, { 0x603000000013df19, 0x603000000013df1a, 0x603000000013df02,
		     0x603000000013df11, 0x603000000013df01, 0x603000000013df12 }),
};

TEST_CASES(timer_reg, listed_after_bitmaps, list_cases)
ParameterizedTest(struct list_case *c, timer_reg, listed_after_bitmaps)
{
	struct kvm_reg_list *list = vcpu_get_reg_list(vcpu_create_init(c->kernel, PSCI));
	uint64_t at = 0;

	while (at < list->n && list->reg[at] != KVM_REG_ARM_VENDOR_HYP_BMAP)
		at++;
	cr_assert_lt(at + 1 + c->n, list->n);
	cr_assert_eq(c->ids[0], KVM_REG_ARM_TIMER_CTL);
	cr_assert_eq(c->ids[1], KVM_REG_ARM_TIMER_CNT);
	cr_assert_eq(c->ids[2], KVM_REG_ARM_TIMER_CVAL);
	for (uint64_t i = 0; i < c->n; i++)
		cr_expect_eq(list->reg[at + 1 + i], c->ids[i], "%s: timer id %llu", c->kernel,
			     (unsigned long long)i);
	/* Then the ID registers (MIDR_EL1): no further timer id. */
	cr_expect_eq(list->reg[at + 1 + c->n], ARM64_SYS_REG(3, 0, 0, 0, 0));
	free(list);
}

/* ---- CTL ---------------------------------------------------------------- */

struct ctl_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t ctl_id, cval_id;
	uint64_t ctl;		/* written first, unless NO_WRITE */
	uint64_t cval;		/* then this, unless NO_WRITE */
	uint64_t read;		/* what CTL reads afterwards */
};

/*
 * CTL keeps 32 bits; ISTATUS (bit 2) is not stored but reads as whether
 * CVAL has been reached, so with CVAL 0 (its reset value) it is set.
 * real-*.txt "fw.timer set sys:3_3_14_0_2=0xffffffffffffffff", "fw.timer get sys:3_3_14_3_1 -> 0 val=0x0",
 * "fw.timer set sys:3_3_14_3_1=0x1ffffffff", "... val=0xfffffffb", "fw.timer set sys:3_3_14_0_2=0x0",
 * "... val=0xffffffff", "reg.base sys:3_3_14_3_1 ... get -> 0 0x4 ... set-0 -> 0 rb=0x4 ...
 * set-ones -> 0 rb=0xffffffff", the same for sys:3_3_14_2_1 on 6.12.
 */
#define VIRT	KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CVAL
#define PHYS	KVM_REG_ARM_PTIMER_CTL, KVM_REG_ARM_PTIMER_CVAL
static struct ctl_case ctl_cases[] = {
	ON_ALL_KERNELS(VIRT, NO_WRITE, NO_WRITE, ISTATUS),
	ON_ALL_KERNELS(VIRT, NO_WRITE, ~0ULL, 0),
	ON_ALL_KERNELS(VIRT, 1, ~0ULL, 1),
	ON_ALL_KERNELS(VIRT, 0x1ffffffff, ~0ULL, 0xfffffffb),
	ON_ALL_KERNELS(VIRT, 0x1ffffffff, 0, 0xffffffff),
	ON_ALL_KERNELS(VIRT, 0, NO_WRITE, ISTATUS),
	ON_ALL_KERNELS(VIRT, ~0ULL, NO_WRITE, 0xffffffff),
	ON_6_12(PHYS, NO_WRITE, NO_WRITE, ISTATUS),
	ON_6_12(PHYS, 0, NO_WRITE, ISTATUS),
	ON_6_12(PHYS, ~0ULL, NO_WRITE, 0xffffffff),
};

TEST_CASES(timer_reg, ctl, ctl_cases)
ParameterizedTest(struct ctl_case *c, timer_reg, ctl)
{
	int vcpu = vcpu_create_init(c->kernel, PSCI);

	if (c->ctl != NO_WRITE)
		vcpu_set_reg(vcpu, c->ctl_id, c->ctl);
	if (c->cval != NO_WRITE)
		vcpu_set_reg(vcpu, c->cval_id, c->cval);
	cr_assert_eq(vcpu_get_reg(vcpu, c->ctl_id), c->read, "%s: CTL %#llx", c->kernel,
		     (unsigned long long)c->ctl_id);
}

/* ---- CVAL and CNT -------------------------------------------------------- */

struct cval_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t id;
};

/*
 * CVAL resets to 0 and keeps all 64 bits.
 * real-*.txt "reg.base sys:3_3_14_0_2 ... get -> 0 0x0 ... set-ones -> 0 rb=0xffffffffffffffff",
 * "reg.base sys:3_3_14_2_2 ..." (6.12)
 */
static struct cval_case cval_cases[] = {
	ON_ALL_KERNELS(KVM_REG_ARM_TIMER_CVAL),
	ON_6_12(KVM_REG_ARM_PTIMER_CVAL),
};

TEST_CASES(timer_reg, cval_keeps_64_bits, cval_cases)
ParameterizedTest(struct cval_case *c, timer_reg, cval_keeps_64_bits)
{
	int vcpu = vcpu_create_init(c->kernel, PSCI);

	cr_assert_eq(vcpu_get_reg(vcpu, c->id), 0);
	vcpu_set_reg(vcpu, c->id, ~0ULL);
	cr_assert_eq(vcpu_get_reg(vcpu, c->id), ~0ULL);
}

/*
 * A written count is read back, plus the ticks since, and goes on from there.
 * real-*.txt "fw.timer set sys:3_3_14_3_2=<vary> -> 0", "fw.timer get CNT after set 2^40 -> near",
 * "fw.timer get CNT again -> not-before"
 */
KERNEL_TEST(timer_reg, cnt_follows_written_value)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	uint64_t cnt, again;

	vcpu_set_reg(vcpu, KVM_REG_ARM_TIMER_CNT, 1ULL << 40);
	cnt = vcpu_get_reg(vcpu, KVM_REG_ARM_TIMER_CNT);
	cr_assert(cnt >= 1ULL << 40 && cnt < (1ULL << 40) + (1ULL << 32), "CNT %#llx",
		  (unsigned long long)cnt);
	again = vcpu_get_reg(vcpu, KVM_REG_ARM_TIMER_CNT);
	cr_assert_geq(again, cnt);
}

/* ---- refusals ------------------------------------------------------------ */

/*
 * Timer registers are 64-bit ids only; a bad value pointer is EFAULT.
 * real-*.txt "onereg.id timer.U32.ctl get -> -1 ENOENT", "onereg get sys:3_3_14_3_1 addr=NULL -> -1 EFAULT", ...
 */
KERNEL_TEST(timer_reg, refusals)
{
	int vcpu = vcpu_create_init(kernel->name, PSCI);
	const struct result enoent = ERR(ENOENT);

	assert_get_and_set(vcpu, REG_WITH_SIZE(KVM_REG_ARM_TIMER_CTL, KVM_REG_SIZE_U32), &enoent,
			   "U32 CTL");
	expect_bad_value_pointers(vcpu, KVM_REG_ARM_TIMER_CTL, EFAULT, EFAULT);
}
