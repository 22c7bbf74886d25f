// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The vCPU's device attributes, KVM_{HAS,GET,SET}_DEVICE_ATTR on a vCPU fd:
 * the PMU group (KVM_ARM_VCPU_PMU_V3_CTRL: its INIT, the event filter,
 * SET_PMU, the interrupt that needs a vGIC), the timer group (the timers'
 * interrupt numbers, 2 timers on 6.1 and 4 on 6.12), the PV time group
 * (the stolen-time structure's IPA), unknown groups; the argument and
 * value pointers; which vCPU has a PMU (6.1: its own features, even from a
 * refused INIT; 6.12: the VM's) and what KVM_RUN asks of it.  There is no
 * in-kernel irqchip in these tests: setting an interrupt is refused.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.vcpu-attr".
 * The cases of a vCPU with a PMU run where the host has one (KVM_CAP_ARM_PMU_V3).
 *
 * The attribute calls are helpers of this file (__vcpu_has_attr() and the
 * like); __vcpu_run_immediate() is kvm_util.h's.
 */
#include <criterion/criterion.h>

#include "kvm_util.h"

#define PSCI		FEATURE(PSCI_0_2)
#define PMU		FEATURE(PMU_V3)
#define BIT7		(1U << 7)	/* unknown to both kernels: ENOENT */
#define CANARY		0x5a5a5a5a5a5a5a5aULL
#define UNKNOWN_ATTR	0xffffffff00000000ULL	/* not 0 when cut to 32 bits */

/* ---- helpers: one attribute call ------------------------------------------ */

static int __vcpu_device_attr(int vcpu, unsigned long cmd, uint32_t flags, uint32_t group,
			      uint64_t attr, uint64_t addr)
{
	struct kvm_device_attr a = { .flags = flags, .group = group, .attr = attr, .addr = addr };

	return (int)__vcpu_ioctl(vcpu, cmd, &a);
}

static int __vcpu_has_attr(int vcpu, uint32_t group, uint64_t attr)
{
	return __vcpu_device_attr(vcpu, KVM_HAS_DEVICE_ATTR, 0, group, attr, 0);
}

static int __vcpu_get_attr(int vcpu, uint32_t group, uint64_t attr, void *val)
{
	return __vcpu_device_attr(vcpu, KVM_GET_DEVICE_ATTR, 0, group, attr, (uintptr_t)val);
}

static int __vcpu_set_attr(int vcpu, uint32_t group, uint64_t attr, const void *val)
{
	return __vcpu_device_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, group, attr, (uintptr_t)val);
}

/* The PMU's INIT, which takes no value. */
static int __vcpu_pmu_init(int vcpu)
{
	return __vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, NULL);
}

static int __vcpu_set_filter(int vcpu, uint16_t base, uint16_t n, uint8_t action)
{
	struct kvm_pmu_event_filter f = { .base_event = base, .nevents = n, .action = action };

	return __vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER, &f);
}

static int __vcpu_set_pmu(int vcpu, int32_t id)
{
	return __vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_SET_PMU, &id);
}

static int __vcpu_set_pvtime(int vcpu, uint64_t ipa)
{
	return __vcpu_set_attr(vcpu, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA, &ipa);
}

static uint64_t vcpu_get_pvtime(int vcpu)
{
	uint64_t ipa = CANARY;

	TEST_ASSERT(__vcpu_get_attr(vcpu, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA,
				    &ipa) == 0,
		    "KVM_GET_DEVICE_ATTR of the PV time IPA failed: %s", errno_name(errno));
	return ipa;
}

/*
 * A vCPU of @kind: created only, initialised (PSCI), with a PMU too (the
 * test is skipped on a host without one).
 */
enum vcpu_kind { UNINIT, PLAIN, WITH_PMU };

static int vcpu_of_kind(const char *kernel, enum vcpu_kind kind)
{
	int vcpu;

	if (kind == WITH_PMU)
		require_vcpu_features(PMU);
	vcpu = vm_create_vcpu(vm_create(kernel), 0);

	if (kind != UNINIT)
		vcpu_init(vcpu, kind == WITH_PMU ? PSCI | PMU : PSCI);
	return vcpu;
}

static const char *const kind_names[] = { "uninit", "plain", "pmu" };

/* ---- each group and attribute ------------------------------------------- */

struct attr_case {
	char kernel[KERNEL_NAME_MAX];
	enum vcpu_kind kind;
	uint32_t group;
	uint64_t attr;
	struct result has;
	struct result get;
	uint64_t got;		/* what a successful get leaves in a u64 of CANARY */
	uint64_t set_val;	/* the u64 set points at */
	struct result set;
};

/*
 * A fresh vCPU per row: has, get, set (the value at a u64), get again.
 * The PMU's group: ENXIO for has without a PMU, ENODEV for set; get of
 * the interrupt is EINVAL with or without (no irqchip), any other get
 * ENXIO.  The timers' interrupts: 27 and 30 on both kernels, the EL2
 * timers' 28 and 26 on 6.12 only, read as 4 bytes; set is EINVAL, even
 * for an unknown attribute.  PV time: the IPA reads all ones until set;
 * set of an IPA no memory slot holds is EINVAL.  An attribute above 32
 * bits is not cut down to 0.
 * real-*.txt "attr.<kind> group=0x<g> attr=0x<a> has -> ... get -> ... set=... -> ... get -> ..."
 */
#define NOT_THERE	ERR(ENXIO), ERR(ENXIO), 0
#define TIMER(a, irq)	KVM_ARM_VCPU_TIMER_CTRL, a, RET(0), RET(0), 0x5a5a5a5a00000000ULL | (irq), \
			irq, ERR(EINVAL)
#define PVTIME_UNSET	RET(0), RET(0), ~0ULL, 0x10000, ERR(EINVAL)
static struct attr_case attr_cases[] = {
	/* PMU group without a PMU. */
	ON_ALL_KERNELS(UNINIT, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, ERR(ENXIO),
		       ERR(EINVAL), 0, 23, ERR(ENODEV)),
	ON_ALL_KERNELS(UNINIT, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, NOT_THERE, 0,
		       ERR(ENODEV)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, ERR(ENXIO),
		       ERR(EINVAL), 0, 23, ERR(ENODEV)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, NOT_THERE, 0,
		       ERR(ENODEV)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PMU_V3_CTRL, 4, NOT_THERE, 0, ERR(ENODEV)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PMU_V3_CTRL, UNKNOWN_ATTR, NOT_THERE, 0, ERR(ENODEV)),
	/* PMU group with a PMU (the filter's u64: events 0-15 allowed). */
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, RET(0),
		       ERR(EINVAL), 0, 23, ERR(EINVAL)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, RET(0),
		       ERR(ENXIO), 0, 0, RET(0)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER, RET(0),
		       ERR(ENXIO), 0, 0x100000, RET(0)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_SET_PMU, RET(0),
		       ERR(ENXIO), 0, 0x7fff, ERR(ENXIO)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, 4, NOT_THERE, 0, ERR(ENXIO)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, UNKNOWN_ATTR, NOT_THERE, 0, ERR(ENXIO)),
	/* Timer group: any vCPU. */
	ON_ALL_KERNELS(UNINIT, TIMER(KVM_ARM_VCPU_TIMER_IRQ_VTIMER, 27)),
	ON_ALL_KERNELS(PLAIN, TIMER(KVM_ARM_VCPU_TIMER_IRQ_VTIMER, 27)),
	ON_ALL_KERNELS(PLAIN, TIMER(KVM_ARM_VCPU_TIMER_IRQ_PTIMER, 30)),
	ON_6_1(PLAIN, KVM_ARM_VCPU_TIMER_CTRL, KVM_ARM_VCPU_TIMER_IRQ_HVTIMER, NOT_THERE, 28,
	       ERR(EINVAL)),
	ON_6_1(PLAIN, KVM_ARM_VCPU_TIMER_CTRL, KVM_ARM_VCPU_TIMER_IRQ_HPTIMER, NOT_THERE, 26,
	       ERR(EINVAL)),
	ON_6_12(PLAIN, TIMER(KVM_ARM_VCPU_TIMER_IRQ_HVTIMER, 28)),
	ON_6_12(PLAIN, TIMER(KVM_ARM_VCPU_TIMER_IRQ_HPTIMER, 26)),
	ON_6_12(WITH_PMU, TIMER(KVM_ARM_VCPU_TIMER_IRQ_HPTIMER, 26)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_TIMER_CTRL, 4, NOT_THERE, 5, ERR(EINVAL)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_TIMER_CTRL, UNKNOWN_ATTR, NOT_THERE, 5, ERR(EINVAL)),
	/* PV time group. */
	ON_ALL_KERNELS(UNINIT, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA, PVTIME_UNSET),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA, PVTIME_UNSET),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA, PVTIME_UNSET),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PVTIME_CTRL, 1, NOT_THERE, 0x10000, ERR(ENXIO)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PVTIME_CTRL, UNKNOWN_ATTR, NOT_THERE, 0x10000,
		       ERR(ENXIO)),
	/* Groups no kernel knows. */
	ON_ALL_KERNELS(UNINIT, 3, 0, NOT_THERE, 0, ERR(ENXIO)),
	ON_ALL_KERNELS(PLAIN, 3, 0, NOT_THERE, 0, ERR(ENXIO)),
	ON_ALL_KERNELS(WITH_PMU, 3, 1, NOT_THERE, 0, ERR(ENXIO)),
	ON_ALL_KERNELS(WITH_PMU, 0xffffffff, 0, NOT_THERE, 0, ERR(ENXIO)),
};

TEST_CASES(vcpu_attr, each_group_and_attribute, attr_cases)
ParameterizedTest(struct attr_case *c, vcpu_attr, each_group_and_attribute)
{
	int vcpu = vcpu_of_kind(c->kernel, c->kind);
	uint64_t val;

	assert_result(__vcpu_has_attr(vcpu, c->group, c->attr), &c->has,
		      "%s %s: has group %u attr %#llx", c->kernel, kind_names[c->kind], c->group,
		      (unsigned long long)c->attr);
	for (int again = 0; again < 2; again++) {
		val = CANARY;
		assert_result(__vcpu_get_attr(vcpu, c->group, c->attr, &val), &c->get,
			      "%s %s: get group %u attr %#llx%s", c->kernel, kind_names[c->kind],
			      c->group, (unsigned long long)c->attr, again ? " after set" : "");
		if (c->get.ret == 0)
			cr_assert_eq(val, c->got, "%s: read %#llx", c->kernel,
				     (unsigned long long)val);
		if (again)
			break;
		val = c->set_val;
		assert_result(__vcpu_set_attr(vcpu, c->group, c->attr, &val), &c->set,
			      "%s %s: set group %u attr %#llx", c->kernel, kind_names[c->kind],
			      c->group, (unsigned long long)c->attr);
	}
}

/* ---- pointers and flags -------------------------------------------------- */

/*
 * The ioctl's argument is copied in first: EFAULT for every call.
 * real-*.txt "attr.arg has|get|set NULL|noaccess -> -1 EFAULT"
 */
KERNEL_TEST(vcpu_attr, argument_pointer)
{
	static const unsigned long cmds[] = { KVM_HAS_DEVICE_ATTR, KVM_GET_DEVICE_ATTR,
					      KVM_SET_DEVICE_ATTR };
	int vcpu = vcpu_of_kind(kernel->name, PLAIN);

	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		assert_errno(__vcpu_ioctl(vcpu, cmds[i], NULL), EFAULT);
		assert_errno(__vcpu_ioctl(vcpu, cmds[i], noaccess_addr()), EFAULT);
	}
}

struct pointer_case {
	char kernel[KERNEL_NAME_MAX];
	enum vcpu_kind kind;
	uint32_t group;
	uint64_t attr;
	struct result get, set;	/* through a pointer no access can use */
};

/*
 * What a bad value pointer (NULL, 0x1, the kernel's half, PROT_NONE) gets:
 * EFAULT where the value is used; the checks before (no irqchip for the
 * interrupts, unknown to get) come first; the PMU's INIT ignores it; has
 * does not look (tried with NULL).
 * real-*.txt "attr.addr.<kind> group=0x<g> attr=0x<a> addr=<addr> [has -> 0] get -> ... set -> ..."
 */
static struct pointer_case pointer_cases[] = {
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_TIMER_CTRL, KVM_ARM_VCPU_TIMER_IRQ_VTIMER, ERR(EFAULT),
		       ERR(EINVAL)),
	ON_ALL_KERNELS(PLAIN, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA, ERR(EFAULT),
		       ERR(EFAULT)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, ERR(EINVAL),
		       ERR(EINVAL)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER, ERR(ENXIO),
		       ERR(EFAULT)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_SET_PMU, ERR(ENXIO),
		       ERR(EFAULT)),
	ON_ALL_KERNELS(WITH_PMU, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT, ERR(ENXIO),
		       RET(0)),
};

TEST_CASES(vcpu_attr, bad_value_pointer, pointer_cases)
ParameterizedTest(struct pointer_case *c, vcpu_attr, bad_value_pointer)
{
	const uint64_t addrs[] = { 0, 1, KERNEL_HALF_ADDR, noaccess_addr() };
	static const char *const names[] = { "NULL", "0x1", "kernel-half", "noaccess" };

	for (size_t i = 0; i < ARRAY_SIZE(addrs); i++) {
		/* A fresh vCPU each time: a set that succeeds changes it. */
		int vcpu = vcpu_of_kind(c->kernel, c->kind);

		if (!addrs[i])
			assert_ret(__vcpu_device_attr(vcpu, KVM_HAS_DEVICE_ATTR, 0, c->group,
						      c->attr, 0), 0);
		assert_result(__vcpu_device_attr(vcpu, KVM_GET_DEVICE_ATTR, 0, c->group, c->attr,
						 addrs[i]), &c->get,
			      "%s: get group %u attr %#llx addr=%s", c->kernel, c->group,
			      (unsigned long long)c->attr, names[i]);
		assert_result(__vcpu_device_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, c->group, c->attr,
						 addrs[i]), &c->set,
			      "%s: set group %u attr %#llx addr=%s", c->kernel, c->group,
			      (unsigned long long)c->attr, names[i]);
	}
}

/*
 * A value at an odd address is read and written all the same; the timer's
 * interrupt is an int (4 bytes).
 * real-*.txt "attr.addr.plain group=0x1 attr=0x0 addr=buf+0x1 get -> 0 val=0x1b",
 * "attr.addr.pmu group=0x0 attr=0x2 addr=buf+0x1 get -> -1 ENXIO set -> 0"
 */
KERNEL_TEST(vcpu_attr, unaligned_value)
{
	uint8_t *mem = test_mem(PAGE_SIZE, PROT_READ | PROT_WRITE);
	struct kvm_pmu_event_filter f = { .base_event = 0, .nevents = 1 };
	int vcpu = vcpu_of_kind(kernel->name, WITH_PMU);
	uint64_t val;

	memset(mem, 0, 16);
	assert_ret(__vcpu_get_attr(vcpu, KVM_ARM_VCPU_TIMER_CTRL, KVM_ARM_VCPU_TIMER_IRQ_VTIMER,
				   mem + 1), 0);
	memcpy(&val, mem + 1, sizeof(val));
	cr_assert_eq(val, 27);
	memcpy(mem + 1, &f, sizeof(f));
	assert_ret(__vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER,
				   mem + 1), 0);
}

/*
 * kvm_device_attr.flags is not looked at.
 * real-*.txt "attr.flags flags=0x<f> has|get group=0x<g> attr=0x<a> -> ..."
 */
KERNEL_TEST(vcpu_attr, flags_ignored)
{
	static const uint32_t flags[] = { 1, 0x80000000, 0xffffffff };
	int vcpu = vcpu_of_kind(kernel->name, WITH_PMU);

	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		uint64_t val = CANARY;

		assert_ret(__vcpu_device_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i],
					      KVM_ARM_VCPU_TIMER_CTRL, 0, 0), 0);
		assert_ret(__vcpu_device_attr(vcpu, KVM_GET_DEVICE_ATTR, flags[i],
					      KVM_ARM_VCPU_TIMER_CTRL,
					      KVM_ARM_VCPU_TIMER_IRQ_PTIMER, (uintptr_t)&val), 0);
		cr_assert_eq(val, 0x5a5a5a5a0000001eULL);
		assert_ret(__vcpu_device_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i],
					      KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT,
					      0), 0);
		assert_errno(__vcpu_device_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i], 3, 0, 0),
			     ENXIO);
	}
}

/* ---- the PMU --------------------------------------------------------------- */

/*
 * After INIT every set is EBUSY, INIT included, and stays so across a
 * re-init of the vCPU; has still answers.
 * real-*.txt "attr.pmu-init group=0x0 attr=0x1 set=0x0 -> 0 set=0x0 -> -1 EBUSY has -> 0 get
 * -> -1 ENXIO", "attr.pmu-init ... set... -> -1 EBUSY", "attr.pmu-init.reinit ... -> -1 EBUSY",
 * "attr.pmu-init KVM_RUN immediate_exit=1 -> -1 EINTR"
 */
KERNEL_TEST(vcpu_attr, pmu_init_then_busy)
{
	int vcpu = vcpu_of_kind(kernel->name, WITH_PMU);
	int32_t irq = 23, id = 0x7fff;
	uint64_t zero = 0;

	assert_ret(__vcpu_pmu_init(vcpu), 0);
	assert_errno(__vcpu_pmu_init(vcpu), EBUSY);
	assert_ret(__vcpu_has_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT), 0);
	assert_errno(__vcpu_get_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT,
				     &zero), ENXIO);
	assert_errno(__vcpu_get_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ,
				     &irq), EINVAL);
	assert_errno(__vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ,
				     &irq), EBUSY);
	assert_errno(__vcpu_set_filter(vcpu, 0, 1, KVM_PMU_EVENT_ALLOW), EBUSY);
	assert_errno(__vcpu_set_pmu(vcpu, id), EBUSY);
	assert_errno(__vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, 4, &zero), EBUSY);
	vcpu_init(vcpu, PSCI | PMU);
	assert_errno(__vcpu_pmu_init(vcpu), EBUSY);
	assert_errno(__vcpu_run_immediate(vcpu), EINTR);
}

struct filter_case {
	char kernel[KERNEL_NAME_MAX];
	uint16_t base, n;
	uint8_t action;
	struct result want;
};

/*
 * A filter's range must lie within the 65536 event numbers of the host's
 * PMU (base + n is not cut to 16 bits), its action ALLOW (0) or DENY (1).
 * real-*.txt "attr.pmu-filter group=0x0 attr=0x2 set={<base>,<n>,<action>} -> ..."
 */
static struct filter_case filter_cases[] = {
	ON_ALL_KERNELS(0, 0x10, 2, ERR(EINVAL)),
	ON_ALL_KERNELS(0, 0x10, 0xff, ERR(EINVAL)),
	ON_ALL_KERNELS(0, 0, KVM_PMU_EVENT_ALLOW, RET(0)),
	ON_ALL_KERNELS(0xffff, 1, KVM_PMU_EVENT_ALLOW, RET(0)),
	ON_ALL_KERNELS(0xffff, 2, KVM_PMU_EVENT_ALLOW, ERR(EINVAL)),
	ON_ALL_KERNELS(0x8000, 0x8000, KVM_PMU_EVENT_DENY, RET(0)),
	ON_ALL_KERNELS(0x8000, 0x8001, KVM_PMU_EVENT_DENY, ERR(EINVAL)),
	ON_ALL_KERNELS(0, 0xffff, KVM_PMU_EVENT_DENY, RET(0)),
	ON_ALL_KERNELS(0x3ff, 1, KVM_PMU_EVENT_ALLOW, RET(0)),
	ON_ALL_KERNELS(0x400, 1, KVM_PMU_EVENT_ALLOW, RET(0)),
	ON_ALL_KERNELS(0x11, 1, KVM_PMU_EVENT_ALLOW, RET(0)),
};

TEST_CASES(vcpu_attr, pmu_filter, filter_cases)
ParameterizedTest(struct filter_case *c, vcpu_attr, pmu_filter)
{
	int vcpu = vcpu_of_kind(c->kernel, WITH_PMU);

	assert_result(__vcpu_set_filter(vcpu, c->base, c->n, c->action), &c->want,
		      "%s: filter {%#x, %#x, %u}", c->kernel, c->base, c->n, c->action);
}

/*
 * The filter's padding is not looked at; a filter running into a PROT_NONE
 * page is EFAULT.  The PMCEID registers it masks are no ONE_REG registers.
 * real-*.txt "attr.pmu-filter set={0x0,0x1,0} pad=0xffffff -> 0",
 * "attr.pmu-filter set=half-in-noaccess -> -1 EFAULT",
 * "attr.pmu-filter.before get sys:3_3_9_12_6 -> -1 ENOENT", "... sys:3_3_9_12_7 -> -1 ENOENT",
 * "attr.pmu-filter.after get sys:3_3_9_12_6 -> -1 ENOENT"
 */
KERNEL_TEST(vcpu_attr, pmu_filter_memory)
{
	uint8_t *page = test_mem(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	struct kvm_pmu_event_filter f = { .base_event = 0, .nevents = 1,
					  .pad = { 0xff, 0xff, 0xff } };
	int vcpu = vcpu_of_kind(kernel->name, WITH_PMU);
	uint64_t val;

	assert_errno(__vcpu_get_reg(vcpu, ARM64_SYS_REG(3, 3, 9, 12, 6), &val), ENOENT);
	assert_ret(__vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER, &f),
		   0);
	assert_errno(__vcpu_get_reg(vcpu, ARM64_SYS_REG(3, 3, 9, 12, 6), &val), ENOENT);
	assert_errno(__vcpu_get_reg(vcpu, ARM64_SYS_REG(3, 3, 9, 12, 7), &val), ENOENT);
	cr_assert_eq(mprotect(page + PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	memcpy(page + PAGE_SIZE - 4, &f, 4);
	assert_errno(__vcpu_set_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_FILTER,
				     page + PAGE_SIZE - 4), EFAULT);
}

/*
 * SET_PMU takes the perf type of a host PMU: exactly one id below 64 on
 * the harness's host (which one is the host's: 8 under 6.1, 10 under
 * 6.12 there); others are ENXIO.
 * real-*.txt "attr.pmu-set-pmu group=0x0 attr=0x3 set=<id> -> -1 ENXIO",
 * "attr.pmu-set-pmu set ids 0..63: accepted=1 -> first=... [vary]"
 */
KERNEL_TEST(vcpu_attr, set_pmu_takes_the_host_pmu)
{
	static const int32_t bad[] = { 0x7fff, -1, 0, 1, 4 };
	int vcpu = vcpu_of_kind(kernel->name, WITH_PMU);
	int accepted = 0;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		expect_result(__vcpu_set_pmu(vcpu, bad[i]), (&(const struct result)ERR(ENXIO)),
			      "%s: SET_PMU %d", kernel->name, bad[i]);
	for (int32_t id = 0; id < 64; id++)
		accepted += __vcpu_set_pmu(vcpu, id) == 0;
	cr_assert_eq(accepted, 1, "%s: %d ids taken", kernel->name, accepted);
}

/* ---- which vCPU has a PMU, and KVM_RUN ----------------------------------- */

struct beside_case {
	char kernel[KERNEL_NAME_MAX];
	struct result has, filter, init, init_again, init_after_vcpu_init;
};

/*
 * A vCPU not initialised yet, beside one with a PMU: 6.12 gives it the
 * VM's features, PMU included; 6.1 only its own (none yet).  An INIT made
 * before its VCPU_INIT still counts after.
 * real-*.txt "attr.beside-pmu.vcpu1 group=0x0 attr=0x1 has -> ...", "attr.beside-pmu.vcpu1
 * group=0x0 attr=0x2 set=... -> ...", "attr.beside-pmu.vcpu1 group=0x0 attr=0x1 set=0x0 -> ...
 * set=0x0 -> ...", "attr.beside-pmu.vcpu1.after-init group=0x0 attr=0x1 has -> 0 set=0x0 -> ..."
 */
static struct beside_case beside_cases[] = {
	ON_6_1(ERR(ENXIO), ERR(ENODEV), ERR(ENODEV), ERR(ENODEV), RET(0)),
	ON_6_12(RET(0), RET(0), RET(0), ERR(EBUSY), ERR(EBUSY)),
};

TEST_CASES(vcpu_attr, uninitialised_beside_pmu, beside_cases)
ParameterizedTest(struct beside_case *c, vcpu_attr, uninitialised_beside_pmu)
{
	int vm, vcpu, other;

	require_vcpu_features(PMU);
	vm = vm_create(c->kernel);
	vcpu = vm_create_vcpu(vm, 0);
	other = vm_create_vcpu(vm, 1);

	vcpu_init(vcpu, PSCI | PMU);
	assert_result(__vcpu_has_attr(other, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT),
		      &c->has, "%s: has", c->kernel);
	assert_result(__vcpu_set_filter(other, 0, 1, KVM_PMU_EVENT_ALLOW), &c->filter,
		      "%s: filter", c->kernel);
	assert_result(__vcpu_pmu_init(other), &c->init, "%s: INIT", c->kernel);
	assert_result(__vcpu_pmu_init(other), &c->init_again, "%s: INIT again", c->kernel);
	vcpu_init(other, PSCI | PMU);
	assert_ret(__vcpu_has_attr(other, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT), 0);
	assert_result(__vcpu_pmu_init(other), &c->init_after_vcpu_init,
		      "%s: INIT after VCPU_INIT", c->kernel);
}

/*
 * Beside a vCPU without a PMU, no kernel gives one.
 * real-*.txt "attr.beside-plain.vcpu1 group=0x0 attr=0x1 has -> -1 ENXIO set=0x0 -> -1 ENODEV"
 */
KERNEL_TEST(vcpu_attr, uninitialised_beside_plain)
{
	int vm = vm_create(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0), other = vm_create_vcpu(vm, 1);

	vcpu_init(vcpu, PSCI);
	assert_errno(__vcpu_has_attr(other, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT),
		     ENXIO);
	assert_errno(__vcpu_pmu_init(other), ENODEV);
}

struct refused_case {
	char kernel[KERNEL_NAME_MAX];
	struct result has, init;
	char host[24];	/* "": any host with a PMU; else the host CPU (require_host_cpu()) */
};

/*
 * An INIT refused for an unknown bit: 6.1 keeps the known bits it set on
 * the way, PMU_V3 among them, so the vCPU has a PMU; 6.12 keeps none.
 * KVM_RUN still finds the vCPU uninitialised.  On a host without a PMU
 * (qemu-n1) 6.1's INIT of that PMU finds none: ENODEV.
 * real-*.txt and real-*-n1.txt "attr.refused-init group=0x0 attr=0x1 has
 * -> ... set=0x0 -> ...", "attr.refused-init KVM_RUN immediate_exit=1 -> -1 ENOEXEC"
 */
static struct refused_case refused_cases[] = {
	ON_6_1(RET(0), RET(0)),
	ON_6_12(ERR(ENXIO), ERR(ENODEV)),
	ON_6_1(RET(0), ERR(ENODEV), HOST_N1),
	ON_6_12(ERR(ENXIO), ERR(ENODEV), HOST_N1),
};

TEST_CASES(vcpu_attr, after_refused_init, refused_cases)
ParameterizedTest(struct refused_case *c, vcpu_attr, after_refused_init)
{
	int vcpu;

	if (c->host[0])
		require_host_cpu(c->host);
	else
		require_vcpu_features(PMU);
	vcpu = vcpu_of_kind(c->kernel, UNINIT);

	assert_errno(__vcpu_init(vcpu, PSCI | PMU | BIT7), ENOENT);
	assert_result(__vcpu_has_attr(vcpu, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT),
		      &c->has, "%s: has", c->kernel);
	assert_result(__vcpu_pmu_init(vcpu), &c->init, "%s: INIT", c->kernel);
	assert_errno(__vcpu_run_immediate(vcpu), ENOEXEC);
}

/*
 * KVM_RUN of a vCPU with a PMU is EINVAL until its PMU INIT, every time;
 * then the VM has run: the filter and the choice of PMU are EBUSY for
 * every vCPU (after the checks of the value), while INIT is still taken.
 * real-*.txt "attr.run.no-pmu-init KVM_RUN immediate_exit=1 -> -1 EINVAL", "attr.run.no-pmu-init
 * group=0x0 attr=0x2 set=... -> 0", "attr.run.pmu-init KVM_RUN ... -> -1 EINTR", "attr.run.vcpu1
 * ... -> ...", "attr.run.vcpu1 set-pmu ids 0..63 -> accepted=0 busy=1"
 */
KERNEL_TEST(vcpu_attr, run_needs_pmu_init)
{
	int32_t irq = 23;
	int busy = 0;
	int vm, vcpu, other;

	require_vcpu_features(PMU);
	vm = vm_create(kernel->name);
	vcpu = vm_create_vcpu(vm, 0);
	other = vm_create_vcpu(vm, 1);
	vcpu_init(vcpu, PSCI | PMU);
	vcpu_init(other, PSCI | PMU);
	assert_errno(__vcpu_run_immediate(vcpu), EINVAL);
	assert_ret(__vcpu_set_filter(vcpu, 0, 1, KVM_PMU_EVENT_ALLOW), 0);
	assert_ret(__vcpu_pmu_init(vcpu), 0);
	assert_errno(__vcpu_run_immediate(vcpu), EINTR);
	assert_errno(__vcpu_run_immediate(vcpu), EINTR);

	assert_errno(__vcpu_set_filter(other, 0, 1, KVM_PMU_EVENT_ALLOW), EBUSY);
	assert_errno(__vcpu_set_filter(other, 0, 1, 2), EINVAL);
	assert_errno(__vcpu_set_pmu(other, 0x7fff), ENXIO);
	assert_errno(__vcpu_set_attr(other, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ,
				     &irq), EINVAL);
	for (int32_t id = 0; id < 64; id++) {
		cr_assert_neq(__vcpu_set_pmu(other, id), 0, "%s: SET_PMU %d taken", kernel->name,
			      id);
		busy += errno == EBUSY;
	}
	cr_assert_eq(busy, 1);
	assert_errno(__vcpu_run_immediate(other), EINVAL);
	assert_ret(__vcpu_has_attr(other, KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_INIT), 0);
	assert_ret(__vcpu_pmu_init(other), 0);
	assert_errno(__vcpu_run_immediate(other), EINTR);
}

/* ---- PV time ------------------------------------------------------------- */

/* A VM with RAM at 0x10000 (64 KiB) and a read-only page at 0x30000. */
static int pvtime_vm(const char *kernel)
{
	void *ram = test_mem(0x10000, PROT_READ | PROT_WRITE);
	void *rom = test_mem(PAGE_SIZE, PROT_READ);
	int vm = vm_create(kernel);

	vm_set_user_memory_region(vm, 0, 0, 0x10000, 0x10000, (uintptr_t)ram);
	vm_set_user_memory_region(vm, 1, KVM_MEM_READONLY, 0x30000, PAGE_SIZE, (uintptr_t)rom);
	return vm;
}

struct ipa_case {
	char kernel[KERNEL_NAME_MAX];
	uint64_t ipa;
	struct result want;
};

/*
 * The stolen-time structure: 64-byte aligned, in a writable memory slot
 * (its last 64 bytes will do).
 * real-*.txt "attr.pvtime group=0x2 attr=0x0 set=<ipa> -> ..."
 */
static struct ipa_case ipa_cases[] = {
	ON_ALL_KERNELS(0x10008, ERR(EINVAL)),
	ON_ALL_KERNELS(0x10020, ERR(EINVAL)),
	ON_ALL_KERNELS(0x0, ERR(EINVAL)),
	ON_ALL_KERNELS(0x20000, ERR(EINVAL)),
	ON_ALL_KERNELS(0x30000, ERR(EINVAL)),
	ON_ALL_KERNELS(1ULL << 40, ERR(EINVAL)),
	ON_ALL_KERNELS(1ULL << 52, ERR(EINVAL)),
	ON_ALL_KERNELS(0xffffffffffffffc0ULL, ERR(EINVAL)),
	ON_ALL_KERNELS(0x1ffc0, RET(0)),
	ON_ALL_KERNELS(0x10000, RET(0)),
};

TEST_CASES(vcpu_attr, pvtime_ipa, ipa_cases)
ParameterizedTest(struct ipa_case *c, vcpu_attr, pvtime_ipa)
{
	int vcpu = vm_create_vcpu(pvtime_vm(c->kernel), 0);

	vcpu_init(vcpu, PSCI);
	assert_result(__vcpu_set_pvtime(vcpu, c->ipa), &c->want, "%s: IPA %#llx", c->kernel,
		      (unsigned long long)c->ipa);
	cr_assert_eq(vcpu_get_pvtime(vcpu), c->want.ret == 0 ? c->ipa : ~0ULL);
}

/*
 * Set once (alignment is still checked first, then EEXIST before the
 * slot); the IPA stays through the slot's deletion, a re-init and a run.
 * Another vCPU may take the same IPA, before its VCPU_INIT too.
 * real-*.txt "attr.pvtime group=0x2 attr=0x0 set=0x10000 -> 0 get -> 0 val=0x10000",
 * "attr.pvtime.again ...", "attr.pvtime.vcpu2 ...", "attr.pvtime.slot-gone ...",
 * "attr.pvtime.reinit ...", "attr.pvtime.after-run ..."
 */
KERNEL_TEST(vcpu_attr, pvtime_set_once)
{
	int vm = pvtime_vm(kernel->name);
	int vcpu = vm_create_vcpu(vm, 0), other = vm_create_vcpu(vm, 1);

	vcpu_init(vcpu, PSCI);
	assert_ret(__vcpu_set_pvtime(vcpu, 0x10000), 0);
	cr_assert_eq(vcpu_get_pvtime(vcpu), 0x10000);
	assert_errno(__vcpu_set_pvtime(vcpu, 0x10040), EEXIST);
	assert_errno(__vcpu_set_pvtime(vcpu, 0x10008), EINVAL);
	assert_errno(__vcpu_set_pvtime(vcpu, 0x0), EEXIST);

	assert_ret(__vcpu_set_pvtime(other, 0x10000), 0);
	vcpu_init(other, PSCI);
	cr_assert_eq(vcpu_get_pvtime(other), 0x10000);

	vm_delete_memory_region(vm, 0);
	cr_assert_eq(vcpu_get_pvtime(vcpu), 0x10000);
	vcpu_init(vcpu, PSCI);
	cr_assert_eq(vcpu_get_pvtime(vcpu), 0x10000);
	assert_errno(__vcpu_run_immediate(vcpu), EINTR);
	cr_assert_eq(vcpu_get_pvtime(vcpu), 0x10000);
}
