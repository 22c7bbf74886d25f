// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fault injection and scripted exits (kvmsim/inject.h): the simulator's
 * own API, with nothing on real KVM to compare it with, so what is
 * asserted here is the contract of the header (every case skips on real
 * KVM).  Each case runs in its own process (Criterion), so rules and
 * KVMSIM_INJECT start empty.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>

#include "kvm_util.h"
#include "kvmsim/inject.h"

#define PC	CORE_REG(regs.pc)

static void inject(const char *rules)
{
	char msg[256] = "";

	cr_assert_eq(kvmsim_inject(rules, msg, sizeof(msg)), 0, "kvmsim_inject(\"%s\"): %s", rules,
		     msg);
}

/* KVM_SET_ONE_REG of @val fails with @err. */
static void expect_set_fails(int vcpu, uint64_t id, uint64_t val, int err)
{
	expect_result(__vcpu_set_reg(vcpu, id, &val), (&(const struct result)ERR(err)),
		      "set %#llx", (unsigned long long)id);
}

static int vcpu0(void)
{
	return vcpu_create_init(NULL, FEATURE(PSCI_0_2));
}

Test(inject, nth_call_fails_before_anything_changes)
{
	require_sim();
	int vcpu = vcpu0();

	inject("KVM_SET_ONE_REG#3=EFAULT");
	vcpu_set_reg(vcpu, PC, 0x1000);
	vcpu_set_reg(vcpu, PC, 0x2000);
	expect_set_fails(vcpu, PC, 0x3000, EFAULT);
	cr_expect_eq(vcpu_get_reg(vcpu, PC), 0x2000);
	vcpu_set_reg(vcpu, PC, 0x4000);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, plus_fails_every_later_call)
{
	require_sim();
	int vm = vm_create(NULL);

	inject("KVM_CREATE_VCPU#2+=ENOMEM");
	cr_expect_geq(__vm_create_vcpu(vm, 0), 0);
	for (unsigned long id = 1; id < 4; id++)
		expect_result(__vm_create_vcpu(vm, id), (&(const struct result)ERR(ENOMEM)),
			      "KVM_CREATE_VCPU %lu", id);
	/* A '+' rule never runs out, so it is never pending. */
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, fd_kind_and_vcpu_id_choose_the_calls)
{
	require_sim();
	int sys = kvm_open(NULL), vm = kvm_create_vm(sys, 0);
	int v0 = vm_create_vcpu(vm, 0), v1 = vm_create_vcpu(vm, 1);
	uint64_t val;

	vcpu_init(v0, 0);
	vcpu_init(v1, 0);
	inject("KVM_GET_ONE_REG@vcpu1=EIO KVM_CHECK_EXTENSION@vm=EBADF");
	cr_expect_eq(__vcpu_get_reg(v0, PC, &val), 0);
	expect_result(__vcpu_get_reg(v1, PC, &val), (&(const struct result)ERR(EIO)), "vCPU 1");
	cr_expect_eq(__vcpu_get_reg(v1, PC, &val), 0, "taken once only");
	cr_expect_eq(kvm_check_extension(sys, KVM_CAP_ONE_REG), 1, "the system fd");
	expect_result(__kvm_check_extension(vm, KVM_CAP_ONE_REG),
		      (&(const struct result)ERR(EBADF)), "the VM fd");
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, a_failing_call_is_not_checked_first)
{
	require_sim();
	int vcpu = vcpu0();

	/* No argument is looked at: a NULL pointer does not turn it into EFAULT. */
	inject("KVM_SET_ONE_REG=EPERM 0xae80=E2BIG");
	expect_result(__vcpu_ioctl(vcpu, KVM_SET_ONE_REG, NULL), (&(const struct result)ERR(EPERM)),
		      "KVM_SET_ONE_REG(NULL)");
	/* 0xae80 is KVM_RUN, given by number; its argument must be 0, but is not looked at. */
	expect_result(__vcpu_ioctl(vcpu, KVM_RUN, 1), (&(const struct result)ERR(E2BIG)),
		      "KVM_RUN(1)");
}

Test(inject, open_and_mmap_fail)
{
	require_sim();
	int vcpu;

	inject("open=EACCES mmap@vcpu#2=ENOMEM");
	expect_result(__kvm_open(NULL, O_RDWR), (&(const struct result)ERR(EACCES)), "open");
	vcpu = vcpu0();
	cr_assert_neq(__kvm_mmap(vcpu, PAGE_SIZE, PROT_READ, MAP_SHARED, 0), MAP_FAILED);
	cr_expect_eq(__kvm_mmap(vcpu, PAGE_SIZE, PROT_READ, MAP_SHARED, 0), MAP_FAILED);
	cr_expect_eq(errno, ENOMEM, "%s", errno_name(errno));
}

Test(inject, eintr_from_kvm_run_reads_as_a_signal)
{
	require_sim();
	int vcpu = vcpu0();
	struct kvm_run *run = vcpu_map_run(vcpu);

	run->exit_reason = KVM_EXIT_MMIO;
	inject("KVM_RUN=EINTR");
	expect_result(__vcpu_run(vcpu), (&(const struct result)ERR(EINTR)), "KVM_RUN");
	cr_expect_eq(run->exit_reason, KVM_EXIT_INTR);
}

/* ---- scripted exits ----------------------------------------------------- */

/* Strings as arrays: Criterion copies parameters into the test's process. */
struct exit_case {
	char rule[64];
	uint32_t reason;
	uint64_t a, b, c;	/* the exit's first fields, as exit_fields() reads them */
};

static void exit_fields(const struct kvm_run *run, uint64_t *a, uint64_t *b, uint64_t *c)
{
	uint64_t data = 0;

	*a = *b = *c = 0;
	switch (run->exit_reason) {
	case KVM_EXIT_MMIO:
		memcpy(&data, run->mmio.data, sizeof(data));
		*a = run->mmio.phys_addr;
		*b = run->mmio.len | (uint64_t)run->mmio.is_write << 32;
		*c = data;
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		*a = run->system_event.type;
		*b = run->system_event.ndata;
		*c = run->system_event.data[1];
		break;
	case KVM_EXIT_FAIL_ENTRY:
		*a = run->fail_entry.hardware_entry_failure_reason;
		*b = run->fail_entry.cpu;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		*a = run->internal.suberror;
		*b = run->internal.ndata;
		*c = run->internal.data[0];
		break;
	case KVM_EXIT_ARM_NISV:
		*a = run->arm_nisv.esr_iss;
		*b = run->arm_nisv.fault_ipa;
		break;
	case KVM_EXIT_DEBUG:
		*a = run->debug.arch.hsr | (uint64_t)run->debug.arch.hsr_high << 32;
		*b = run->debug.arch.far;
		break;
	}
}

ParameterizedTestParameters(inject, scripted_exit)
{
	static const struct exit_case cases[] = {
		{ "KVM_RUN=exit:mmio:0x9000000:1:w:0x48", KVM_EXIT_MMIO, 0x9000000, 1 | 1ULL << 32,
		  0x48 },
		{ "KVM_RUN=exit:mmio:0x9000018:4:r", KVM_EXIT_MMIO, 0x9000018, 4, 0 },
		{ "KVM_RUN=exit:mmio:0x10:8:w:0x8877665544332211", KVM_EXIT_MMIO, 0x10,
		  8 | 1ULL << 32, 0x8877665544332211ULL },
		{ "KVM_RUN@vcpu=exit:system_event:reset", KVM_EXIT_SYSTEM_EVENT,
		  KVM_SYSTEM_EVENT_RESET, 0, 0 },
		{ "KVM_RUN@vcpu0=exit:system_event:shutdown:0:7", KVM_EXIT_SYSTEM_EVENT,
		  KVM_SYSTEM_EVENT_SHUTDOWN, 2, 7 },
		{ "KVM_RUN=exit:system_event:9", KVM_EXIT_SYSTEM_EVENT, 9, 0, 0 },
		{ "KVM_RUN=exit:fail_entry:0x10:3", KVM_EXIT_FAIL_ENTRY, 0x10, 3, 0 },
		{ "KVM_RUN=exit:internal_error:1:0xabc", KVM_EXIT_INTERNAL_ERROR, 1, 1, 0xabc },
		{ "KVM_RUN=exit:arm_nisv:0x45:0x40001000", KVM_EXIT_ARM_NISV, 0x45, 0x40001000, 0 },
		{ "KVM_RUN=exit:debug:0xf2000000:0x40000010", KVM_EXIT_DEBUG, 0xf2000000,
		  0x40000010, 0 },
		{ "KVM_RUN=exit:shutdown", KVM_EXIT_SHUTDOWN, 0, 0, 0 },
		{ "KVM_RUN=exit:0", KVM_EXIT_UNKNOWN, 0, 0, 0 },
		{ "KVM_RUN=exit:17", KVM_EXIT_INTERNAL_ERROR, 0, 0, 0 },
	};

	return cr_make_param_array(struct exit_case, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(const struct exit_case *c, inject, scripted_exit)
{
	require_sim();
	int vcpu = vcpu0();
	struct kvm_run *run = vcpu_map_run(vcpu);
	uint64_t a, b, cc;

	/* Leftovers of an earlier exit must not show through. */
	memset(&run->internal, 0xff, sizeof(run->internal));
	run->flags = 0xffff;
	inject(c->rule);
	cr_assert_eq(__vcpu_run(vcpu), 0, "%s: KVM_RUN: %s", c->rule, errno_name(errno));
	cr_expect_eq(run->exit_reason, c->reason, "%s: exit_reason %u", c->rule, run->exit_reason);
	cr_expect_eq(run->flags, 0, "%s", c->rule);
	exit_fields(run, &a, &b, &cc);
	cr_expect_eq(a, c->a, "%s: %#llx", c->rule, (unsigned long long)a);
	cr_expect_eq(b, c->b, "%s: %#llx", c->rule, (unsigned long long)b);
	cr_expect_eq(cc, c->c, "%s: %#llx", c->rule, (unsigned long long)cc);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, scripted_exits_come_in_order_per_vcpu)
{
	require_sim();
	int vm = vm_create(NULL), v0 = vm_create_vcpu(vm, 0), v1 = vm_create_vcpu(vm, 1);
	struct kvm_run *run0, *run1;

	vcpu_init(v0, 0);
	vcpu_init(v1, 0);
	run0 = vcpu_map_run(v0);
	run1 = vcpu_map_run(v1);
	inject("KVM_RUN@vcpu1=exit:system_event:reset KVM_RUN@vcpu0=exit:mmio:0x100:2:r "
	       "KVM_RUN@vcpu0=exit:fail_entry:5");
	cr_expect_eq(kvmsim_inject_pending(), 3);
	vcpu_run(v0);
	cr_expect_eq(run0->exit_reason, KVM_EXIT_MMIO);
	vcpu_run(v0);
	cr_expect_eq(run0->exit_reason, KVM_EXIT_FAIL_ENTRY);
	vcpu_run(v1);
	cr_expect_eq(run1->exit_reason, KVM_EXIT_SYSTEM_EVENT);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, an_exit_waits_until_the_guest_would_run)
{
	require_sim();
	int vm = vm_create(NULL), vcpu = vm_create_vcpu(vm, 0);
	struct kvm_run *run = vcpu_map_run(vcpu);

	inject("KVM_RUN#2=EIO KVM_RUN=exit:shutdown");
	/* Not initialised: ENOEXEC, as without rules; the exit is not due yet. */
	expect_result(__vcpu_run(vcpu), (&(const struct result)ERR(ENOEXEC)), "before init");
	vcpu_init(vcpu, 0);
	/* The 2nd KVM_RUN fails at the system call, before the exit rule sees it. */
	expect_result(__vcpu_run(vcpu), (&(const struct result)ERR(EIO)), "2nd KVM_RUN");
	run->immediate_exit = 1;
	expect_result(__vcpu_run(vcpu), (&(const struct result)ERR(EINTR)), "immediate_exit");
	cr_expect_eq(kvmsim_inject_pending(), 1);
	run->immediate_exit = 0;
	vcpu_run(vcpu);
	cr_expect_eq(run->exit_reason, KVM_EXIT_SHUTDOWN);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, a_stopped_vcpu_takes_its_exit_once_started)
{
	require_sim();
	int vm = vm_create(NULL), vcpu = vm_create_vcpu(vm, 0);
	struct kvm_run *run = vcpu_map_run(vcpu);

	vcpu_init(vcpu, FEATURE(POWER_OFF));
	inject("KVM_RUN=exit:shutdown");
	/* Stopped, it waits in KVM_RUN as on real KVM, until a signal ends the wait. */
	expect_result(__vcpu_run_timed(vcpu, 100), (&(const struct result)ERR(EINTR)), "stopped");
	cr_expect_eq(run->exit_reason, KVM_EXIT_INTR);
	cr_expect_eq(kvmsim_inject_pending(), 1);
	vcpu_set_mp_state(vcpu, KVM_MP_STATE_RUNNABLE);
	vcpu_run(vcpu);
	cr_expect_eq(run->exit_reason, KVM_EXIT_SHUTDOWN);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, clear_drops_every_rule)
{
	require_sim();
	int vcpu = vcpu0();

	inject("KVM_GET_ONE_REG#1+=EIO KVM_RUN=exit:shutdown");
	cr_expect_eq(kvmsim_inject_pending(), 1);
	kvmsim_inject_clear();
	cr_expect_eq(kvmsim_inject_pending(), 0);
	cr_expect_eq(vcpu_get_reg(vcpu, PC), 0);
}

/* ---- malformed rules ---------------------------------------------------- */

struct bad_rule {
	char rules[48];
	char says[32];		/* part of the message */
};

ParameterizedTestParameters(inject, malformed_rules_add_nothing)
{
	static const struct bad_rule cases[] = {
		{ "KVM_RUN", "no '='" },
		{ "KVM_RUNX=EIO", "neither a KVM ioctl" },
		{ "KVM_SET_ONE_REG#0=EIO", "counts start at #1" },
		{ "KVM_SET_ONE_REG#x=EIO", "count 'x' is not a number" },
		{ "KVM_SET_ONE_REG#+=EIO", "count '' is not a number" },
		{ "KVM_RUN=EBOGUS", "neither an errno" },
		{ "KVM_RUN=0", "neither an errno" },
		{ "KVM_RUN=4096", "neither an errno" },
		{ "KVM_RUN@cpu0=EIO", "fd 'cpu0'" },
		{ "KVM_RUN@vcpux=EIO", "vCPU id 'x'" },
		{ "open@sys=EIO", "open takes no '@fd'" },
		{ "KVM_SET_ONE_REG=exit:shutdown", "only KVM_RUN returns exits" },
		{ "KVM_RUN@vm=exit:shutdown", "KVM_RUN is a vCPU ioctl" },
		{ "KVM_RUN=exit:mmio:0x10:9:r", "MMIO length 9" },
		{ "KVM_RUN=exit:mmio:0x10:1:w:0x100", "does not fit in 1 bytes" },
		{ "KVM_RUN=exit:mmio:0x10:1:x", "mmio:ADDR:LEN:r" },
		{ "KVM_RUN=exit:system_event", "system_event:TYPE" },
		{ "KVM_RUN=exit:fail_entry", "fail_entry:REASON" },
		{ "KVM_RUN=exit:warp", "unknown exit 'warp'" },
		{ "0x10000ae80=EIO", "more than 32 bits" },
		/* One bad rule and nothing of the line is added. */
		{ "KVM_RUN=EIO; KVM_RUN=exit:nope", "rule 'KVM_RUN=exit:nope'" },
	};

	return cr_make_param_array(struct bad_rule, cases, ARRAY_SIZE(cases));
}

ParameterizedTest(const struct bad_rule *c, inject, malformed_rules_add_nothing)
{
	require_sim();
	char msg[256] = "";

	errno = 0;
	cr_expect_eq(kvmsim_inject(c->rules, msg, sizeof(msg)), -1, "%s", c->rules);
	cr_expect_eq(errno, EINVAL, "%s: %s", c->rules, errno_name(errno));
	cr_expect(strstr(msg, c->says), "%s: message \"%s\" lacks \"%s\"", c->rules, msg, c->says);
	cr_expect_eq(kvmsim_inject_pending(), 0, "%s", c->rules);
}

/* ---- KVMSIM_INJECT ------------------------------------------------------ */

Test(inject, environment_is_read_at_the_first_open)
{
	require_sim();
	int vcpu;

	setenv("KVMSIM_INJECT", "KVM_SET_ONE_REG@vcpu0#2=ENOSPC", 1);
	vcpu = vcpu0();
	vcpu_set_reg(vcpu, PC, 0x1000);
	expect_set_fails(vcpu, PC, 0x2000, ENOSPC);
	cr_expect_eq(kvmsim_inject_pending(), 0);
}

Test(inject, malformed_environment_fails_every_open, .init = cr_redirect_stderr)
{
	require_sim();
	setenv("KVMSIM_INJECT", "KVM_RUN=EWHAT", 1);
	for (int i = 0; i < 2; i++)
		expect_result(__kvm_open(NULL, O_RDWR), (&(const struct result)ERR(EINVAL)), "open %d",
			      i);
	fflush(stderr);
	cr_expect_stderr_eq_str("kvmsim: KVMSIM_INJECT: rule 'KVM_RUN=EWHAT': 'EWHAT' is neither "
				"an errno (EFAULT or 1 to 4095) nor exit:...\n");
}
