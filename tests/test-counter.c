// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The VM's counter offsets.  Creating a vCPU restarts the virtual counter
 * of every vCPU of the VM near 0.  KVM_ARM_SET_COUNTER_OFFSET (6.12,
 * KVM_CAP_COUNTER_OFFSET; on 6.1 an unknown ioctl, EINVAL) sets one offset
 * for the virtual and the physical counter of the whole VM; from then on
 * ONE_REG writes of the counters are taken and ignored, and new vCPUs no
 * longer restart the counter.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.counter"
 * (EBUSY while a vCPU is in KVM_RUN: section "run", run.busy).  Counters
 * move, so the checks compare readings within NEAR ticks.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define CNT		KVM_REG_ARM_TIMER_CNT
#define PCNT		KVM_REG_ARM_PTIMER_CNT
/* About a second at 62.5 MHz: readings closer than this are "the same". */
#define NEAR		(1ULL << 26)
/* A value no counter reaches by itself (2^60 ticks are centuries). */
#define FAR		(1ULL << 60)

static bool near(uint64_t a, uint64_t b)
{
	return a - b < NEAR || b - a < NEAR;
}

#define assert_near(a, b, what)							\
	cr_assert(near((a), (b)), "%s: %#llx, want about %#llx", (what),	\
		  (unsigned long long)(a), (unsigned long long)(b))

static int __set_counter_offset(int vm, uint64_t offset, uint64_t reserved)
{
	struct kvm_arm_counter_offset o = { .counter_offset = offset, .reserved = reserved };

	return (int)__vm_ioctl(vm, KVM_ARM_SET_COUNTER_OFFSET, &o);
}

static void set_counter_offset(int vm, uint64_t offset)
{
	TEST_ASSERT(__set_counter_offset(vm, offset, 0) == 0,
		    "KVM_ARM_SET_COUNTER_OFFSET %#llx failed: %s", (unsigned long long)offset,
		    errno_name(errno));
}

static int new_vcpu(int vm, unsigned long id)
{
	int vcpu = vm_create_vcpu(vm, id);

	vcpu_init(vcpu, PSCI);
	return vcpu;
}

/* ---- the ioctl's argument ------------------------------------------------ */

/* real-*.txt "counter.offset KVM_ARM_SET_COUNTER_OFFSET ...". */
struct arg_case {
	char kernel[KERNEL_NAME_MAX];
	char name[16];
	bool null;
	uint64_t reserved;
	struct result want;
};

static struct arg_case arg_cases[] = {
	ON_6_1("null", true, 0, ERR(EINVAL)),
	ON_6_1("reserved", false, 1, ERR(EINVAL)),
	ON_6_1("valid", false, 0, ERR(EINVAL)),
	ON_6_12("null", true, 0, ERR(EFAULT)),
	ON_6_12("reserved", false, 1, ERR(EINVAL)),
	ON_6_12("reserved-top", false, 1ULL << 63, ERR(EINVAL)),
	ON_6_12("valid", false, 0, RET(0)),
};

TEST_CASES(counter, offset_argument, arg_cases)
ParameterizedTest(struct arg_case *c, counter, offset_argument)
{
	int vm = vm_create(c->kernel);

	new_vcpu(vm, 0);
	if (c->null)
		assert_result(__vm_ioctl(vm, KVM_ARM_SET_COUNTER_OFFSET, NULL), &c->want,
			      "%s: %s", c->kernel, c->name);
	else
		assert_result(__set_counter_offset(vm, 0, c->reserved), &c->want, "%s: %s",
			      c->kernel, c->name);
}

/* ---- without the ioctl: vCPUs restart the counter ------------------------ */

/*
 * "counter.fresh CNT -> near 0", "counter.second vcpu0 CNT -> about
 * 0x1000000000000000 back", "counter.second vcpu1 CNT -> near 0".
 */
KERNEL_TEST(counter, new_vcpu_restarts_it)
{
	int vm = vm_create(kernel->name), v0 = new_vcpu(vm, 0), v1;

	assert_near(vcpu_get_reg(v0, CNT), 0, "a fresh vCPU's CNT");
	vcpu_set_reg(v0, CNT, FAR);
	assert_near(vcpu_get_reg(v0, CNT), FAR, "CNT after writing it");
	v1 = new_vcpu(vm, 1);
	assert_near(vcpu_get_reg(v0, CNT), 0, "vcpu0's CNT once vcpu1 exists");
	assert_near(vcpu_get_reg(v1, CNT), 0, "vcpu1's CNT");
}

/* ---- 6.12: one offset for both counters ---------------------------------- */

/*
 * "counter.offset CNT against PTIMER_CNT -> same" (offset 0), "counter.offset
 * CNT -> about 0x40000000 back", "counter.offset PTIMER_CNT -> about
 * 0x40000000 back".
 */
Test(counter, offset_moves_both_counters)
{
	int vm = vm_create("6.12"), v0 = new_vcpu(vm, 0), v1 = new_vcpu(vm, 1);
	uint64_t cnt, pcnt;

	set_counter_offset(vm, 0);
	assert_near(vcpu_get_reg(v0, CNT), vcpu_get_reg(v0, PCNT), "CNT against PTIMER_CNT");
	assert_near(vcpu_get_reg(v1, CNT), vcpu_get_reg(v1, PCNT), "vcpu1: CNT against PTIMER_CNT");
	cnt = vcpu_get_reg(v0, CNT);
	pcnt = vcpu_get_reg(v0, PCNT);
	set_counter_offset(vm, 1ULL << 30);
	assert_near(cnt - vcpu_get_reg(v0, CNT), 1ULL << 30, "CNT moved back by");
	assert_near(pcnt - vcpu_get_reg(v0, PCNT), 1ULL << 30, "PTIMER_CNT moved back by");
}

/*
 * "counter.write CNT after writing 0x1000000000000000 -> kept" (and
 * PTIMER_CNT), "counter.third vcpu0 CNT -> kept", "counter.third vcpu2 CNT
 * against vcpu0's -> kept"; 6.1 has no such ioctl and takes the writes.
 */
Test(counter, offset_outlasts_writes_and_new_vcpus)
{
	int vm = vm_create("6.12"), v0 = new_vcpu(vm, 0), v2;
	uint64_t cnt;

	set_counter_offset(vm, 1ULL << 30);
	cnt = vcpu_get_reg(v0, CNT);
	vcpu_set_reg(v0, CNT, FAR);
	assert_near(vcpu_get_reg(v0, CNT), cnt, "CNT after writing it");
	cnt = vcpu_get_reg(v0, PCNT);
	vcpu_set_reg(v0, PCNT, FAR);
	assert_near(vcpu_get_reg(v0, PCNT), cnt, "PTIMER_CNT after writing it");
	cnt = vcpu_get_reg(v0, CNT);
	v2 = new_vcpu(vm, 2);
	assert_near(vcpu_get_reg(v0, CNT), cnt, "vcpu0's CNT once vcpu2 exists");
	assert_near(vcpu_get_reg(v2, CNT), vcpu_get_reg(v0, CNT), "vcpu2's CNT against vcpu0's");
}

/* "counter.early ...": set before the VM's first vCPU, it holds for it. */
Test(counter, offset_before_the_first_vcpu)
{
	int vm = vm_create("6.12"), v0;

	set_counter_offset(vm, 0);
	v0 = new_vcpu(vm, 0);
	assert_near(vcpu_get_reg(v0, CNT), vcpu_get_reg(v0, PCNT), "CNT against PTIMER_CNT");
}
