/*
 * counter.c - conformance section arm64.counter: the VM's counter offsets.
 *
 * Creating a vCPU restarts the virtual counter of every vCPU of its VM
 * near 0.  6.12's KVM_ARM_SET_COUNTER_OFFSET (KVM_CAP_COUNTER_OFFSET) sets
 * one offset for the virtual and the physical counter of the whole VM
 * instead; the questions are what then happens to writes of the counters
 * through ONE_REG and to vCPUs created later.  Counters move while the
 * program runs, so the lines say how values compare ("about 2^30 back",
 * "kept"), never the values.
 */
#include "conform.h"

#define ID_CNT		SYS_ID(3, 3, 14, 3, 2)	/* KVM_REG_ARM_TIMER_CNT */
#define ID_PCNT		SYS_ID(3, 3, 14, 0, 1)	/* KVM_REG_ARM_PTIMER_CNT (6.12) */
/* Differences below this are "the same" (about a second at 62.5 MHz). */
#define NEAR		(1ULL << 26)

/* A counter read: the value, or the errno of the failed read. */
struct count {
	ull v;
	int err;
};

static struct count rd(int vcpu, ull id)
{
	struct count c = { 0, 0 };

	if (one_reg(vcpu, KVM_GET_ONE_REG, id, &c.v) < 0)
		c.err = g_err;
	return c;
}

static const char *cname(ull id)
{
	return id == ID_CNT ? "CNT" : "PTIMER_CNT";
}

/* Whether @a and @b are less than NEAR apart (modulo 2^64). */
static int near(ull a, ull b)
{
	return a - b < NEAR || b - a < NEAR;
}

/*
 * How @after compares with @before (read earlier): about the same, about
 * @delta back or on, or otherwise.
 */
static void Lmove(const struct count *before, const struct count *after, ull delta)
{
	if (before->err || after->err)
		L(" -> -1 %s", ename(before->err ? before->err : after->err));
	else if (near(after->v, before->v))
		L(" -> kept");
	else if (delta && near(before->v - after->v, delta))
		L(" -> about %#llx back", delta);
	else if (delta && near(after->v - before->v, delta))
		L(" -> about %#llx on", delta);
	else
		L(" -> moved otherwise");
}

static void set_offset(const char *where, int vm, ull off, ull reserved)
{
	struct counter_offset o = { off, reserved };

	L("%s KVM_ARM_SET_COUNTER_OFFSET offset=%#llx reserved=%#llx", where, off, reserved);
	R(kiop(vm, SET_COUNTER_OFFSET, &o));
	emit();
}

/* The virtual counter against the physical one: the same after offset 0. */
static void Lvirt_phys(const char *where, int vcpu)
{
	struct count v = rd(vcpu, ID_CNT), p = rd(vcpu, ID_PCNT);

	L("%s CNT against PTIMER_CNT", where);
	if (v.err || p.err)
		L(" -> -1 %s", ename(v.err ? v.err : p.err));
	else
		L(" -> %s", near(v.v, p.v) ? "same" : "differ");
	emit();
}

/* A ONE_REG write of @id, then whether the counter took it. */
static void write_count(const char *where, int vcpu, ull id, ull val)
{
	struct count before = rd(vcpu, id), after;

	set_reg64(where, vcpu, id, val);
	after = rd(vcpu, id);
	L("%s %s after writing %#llx", where, cname(id), val);
	if (!after.err && near(after.v, val))
		L(" -> written");
	else
		Lmove(&before, &after, 0);
	emit();
}

/*
 * A vCPU @id more for @vm: what it did to vcpu0's CNT (about @delta back
 * when it restarted the counter), *@before vcpu0's CNT read before it.
 */
static int add_vcpu(const char *where, int vm, int vcpu0, ul id, ull delta,
		    struct count *before)
{
	struct count after;
	int vcpu;

	*before = rd(vcpu0, ID_CNT);
	vcpu = create_vcpu(where, vm, id);
	vcpu_init0(where, vcpu, BIT(F_PSCI_0_2));
	after = rd(vcpu0, ID_CNT);
	L("%s vcpu0 CNT", where);
	Lmove(before, &after, delta);
	emit();
	return vcpu;
}

void sec_arm64_counter(void)
{
	struct count a, b;
	int vm, vcpu, v1, v2;

	section("arm64.counter");

	/* A fresh vCPU's virtual counter; a second vCPU restarts the VM's. */
	vcpu = new_vcpu("counter.fresh", &vm, 0);
	vcpu_init0("counter.fresh", vcpu, BIT(F_PSCI_0_2));
	a = rd(vcpu, ID_CNT);
	L("counter.fresh CNT -> %s", a.err ? ename(a.err) : a.v < NEAR ? "near 0" : "not near 0");
	emit();
	write_count("counter.fresh", vcpu, ID_CNT, 1ULL << 60);
	v1 = add_vcpu("counter.second", vm, vcpu, 1, 1ULL << 60, &a);
	b = rd(v1, ID_CNT);
	L("counter.second vcpu1 CNT -> %s", b.err ? ename(b.err) : b.v < NEAR ? "near 0" : "not near 0");
	emit();

	/* KVM_ARM_SET_COUNTER_OFFSET: its argument, then both counters. */
	L("counter.offset KVM_ARM_SET_COUNTER_OFFSET NULL");
	R(kio(vm, SET_COUNTER_OFFSET, 0));
	emit();
	set_offset("counter.offset", vm, 0, 1);
	set_offset("counter.offset", vm, 0, 1ULL << 63);
	set_offset("counter.offset", vm, 0, 0);
	Lvirt_phys("counter.offset", vcpu);
	Lvirt_phys("counter.offset.vcpu1", v1);
	for (int i = 0; i < 2; i++) {
		ull id = i ? ID_PCNT : ID_CNT;

		a = rd(vcpu, id);
		set_offset("counter.offset", vm, 1ULL << 30, 0);
		b = rd(vcpu, id);
		L("counter.offset %s", cname(id));
		Lmove(&a, &b, 1ULL << 30);
		emit();
		set_offset("counter.offset", vm, 0, 0);
	}
	set_offset("counter.offset", vm, 1ULL << 30, 0);

	/*
	 * ONE_REG writes once the offset is set; a vCPU created after it.  The
	 * values written are ones no counter reaches by itself (2^60 ticks
	 * are centuries), so that "written" cannot happen by chance.
	 */
	write_count("counter.write", vcpu, ID_CNT, 1ULL << 60);
	write_count("counter.write", vcpu, ID_PCNT, 1ULL << 60);
	write_count("counter.write", vcpu, ID_CNT, 1ULL << 61);
	v2 = add_vcpu("counter.third", vm, vcpu, 2, 1ULL << 61, &a);
	b = rd(v2, ID_CNT);
	L("counter.third vcpu2 CNT against vcpu0's");
	Lmove(&a, &b, 0);
	emit();
	kclose(v1);
	kclose(v2);
	drop(vm, vcpu);

	/* The offset set before the VM has a vCPU. */
	vm = create_vm("counter.early", 0);
	set_offset("counter.early", vm, 0, 0);
	vcpu = create_vcpu("counter.early", vm, 0);
	vcpu_init0("counter.early", vcpu, BIT(F_PSCI_0_2));
	Lvirt_phys("counter.early", vcpu);
	drop(vm, vcpu);
}
