/*
 * arm64.c - conformance sections for the arm64 vCPU: KVM_ARM_VCPU_INIT,
 * ONE_REG for every register class, KVM_GET_REG_LIST, FINALIZE, the
 * vCPU's device attributes (PMU, timer and PV time groups), what a VM
 * refuses to change once one of its vCPUs has run, and the vCPU events.
 *
 * Registers are printed by class and fields (core:OFF, sys:OP0_OP1_CRN_CRM_OP2,
 * fw:N, bmap:N, sve:..., demux:..), followed by the raw id.  Values that
 * move on their own (the counters) are printed as "<vary>".
 */
#include "conform.h"

#include <stddef.h>

static int target = KVM_ARM_TARGET_GENERIC_V8;

const char *regname(ull id)
{
	static char sb[4][64];
	static int k;
	ull c = id & KVM_REG_ARM_COPROC_MASK, i = id & 0xffff;

	k = (k + 1) % 4;
	switch (c >> KVM_REG_ARM_COPROC_SHIFT) {
	case 0x10:
		snprintf(sb[k], sizeof(sb[k]), "core:0x%llx/%lu", id & 0xffff, REG_SIZE(id) * 8);
		break;
	case 0x11:
		snprintf(sb[k], sizeof(sb[k]), "demux:%llu.%llu", (i >> 8) & 0xff, i & 0xff);
		break;
	case 0x13:
		snprintf(sb[k], sizeof(sb[k]), "sys:%llu_%llu_%llu_%llu_%llu", (i >> 14) & 3,
			 (i >> 11) & 7, (i >> 7) & 15, (i >> 3) & 15, i & 7);
		break;
	case 0x14:
		snprintf(sb[k], sizeof(sb[k]), "fw:%llu", i);
		break;
	case 0x15:
		if (i == 0xffff)
			snprintf(sb[k], sizeof(sb[k]), "sve:vls");
		else if (i >= 0x600)
			snprintf(sb[k], sizeof(sb[k]), "sve:ffr.%llu", i & 31);
		else if (i >= 0x400)
			snprintf(sb[k], sizeof(sb[k]), "sve:p%llu.%llu", (i >> 5) & 15, i & 31);
		else
			snprintf(sb[k], sizeof(sb[k]), "sve:z%llu.%llu", (i >> 5) & 31, i & 31);
		break;
	case 0x16:
		snprintf(sb[k], sizeof(sb[k]), "bmap:%llu", i);
		break;
	default:
		snprintf(sb[k], sizeof(sb[k]), "coproc0x%llx:0x%llx", c >> 16, i);
		break;
	}
	return sb[k];
}

/* Registers whose value moves by itself: the virtual and physical counters. */
static int reg_varies(ull id)
{
	return id == KVM_REG_ARM_TIMER_CNT || id == SYS_ID(3, 3, 14, 0, 1);
}

void Lval(ull id, const uint8_t *v)
{
	size_t n = REG_SIZE(id);

	if (reg_varies(id)) {
		L("<vary>");
	} else if (n <= 8) {
		ull x = 0;

		memcpy(&x, v, n);
		L("0x%llx", x);
	} else if (n == 16) {
		ull lo, hi;

		memcpy(&lo, v, 8);
		memcpy(&hi, v + 8, 8);
		L("0x%016llx%016llx", hi, lo);
	} else if (n <= 64) {
		L("0x");
		for (size_t i = n; i > 0; i -= 8) {
			ull w;

			memcpy(&w, v + i - 8, 8);
			L("%016llx", w);
		}
	} else {
		L("fnv:%08x,nz:%zu", fnv1a(v, n), nonzero(v, n));
	}
}

long one_reg(int vcpu, unsigned long req, ull id, void *val)
{
	struct kvm_one_reg r = { .id = id, .addr = (ull)(uintptr_t)val };

	return kiop(vcpu, req, &r);
}

/* "WHERE get NAME -> r val" */
long get_reg(const char *where, int vcpu, ull id, uint8_t *val)
{
	L("%s get %s", where, regname(id));
	long r = R(one_reg(vcpu, KVM_GET_ONE_REG, id, val));
	if (r == 0) {
		L(" val=");
		Lval(id, val);
	}
	emit();
	return r;
}

long set_reg(const char *where, int vcpu, ull id, const void *val)
{
	uint8_t v[256];

	memset(v, 0, sizeof(v));
	memcpy(v, val, REG_SIZE(id) < sizeof(v) ? REG_SIZE(id) : sizeof(v));
	L("%s set %s=", where, regname(id));
	Lval(id, v);
	long r = R(one_reg(vcpu, KVM_SET_ONE_REG, id, v));
	emit();
	return r;
}

long set_reg64(const char *where, int vcpu, ull id, ull x)
{
	return set_reg(where, vcpu, id, &x);
}

long vcpu_init(const char *where, int vcpu, uint32_t tgt, const uint32_t *feat)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	init.target = tgt;
	memcpy(init.features, feat, sizeof(init.features));
	L("%s KVM_ARM_VCPU_INIT target=%u features=", where, tgt);
	for (int i = 0; i < 7; i++)
		L("%s0x%x", i ? "," : "", feat[i]);
	long r = R(kiop(vcpu, KVM_ARM_VCPU_INIT, &init));
	emit();
	return r;
}

long vcpu_init0(const char *where, int vcpu, uint32_t f0)
{
	uint32_t feat[7] = { f0 };

	return vcpu_init(where, vcpu, (uint32_t)target, feat);
}

long finalize(const char *where, int vcpu, int what)
{
	L("%s KVM_ARM_VCPU_FINALIZE what=%d", where, what);
	long r = R(kiop(vcpu, KVM_ARM_VCPU_FINALIZE, &what));
	emit();
	return r;
}

/* A fresh VM with one vCPU (id @id): returns the vCPU fd, *vm the VM fd. */
int new_vcpu(const char *where, int *vm, ul id)
{
	*vm = (int)kio(kvm, KVM_CREATE_VM, 0);
	if (*vm < 0) {
		L("%s KVM_CREATE_VM", where);
		R(-1);
		emit();
		return -1;
	}
	return (int)kio(*vm, KVM_CREATE_VCPU, id);
}

void drop(int vm, int vcpu)
{
	kclose(vcpu);
	kclose(vm);
}

/* ------------------------------------------------------------------------ */
/* KVM_ARM_VCPU_INIT                                                         */


/*
 * What a refused INIT that asked for SVE leaves for the next one: the INIT
 * is refused by a check after SVE's (pointer authentication asked for by
 * one bit, or on a host without it; a register width the VM does not
 * take), then the vCPU is initialised without SVE.
 */
static void init_refused_state(void)
{
	static const struct { const char *name; uint32_t f0; bool beside64; } t[] = {
		{ "sve-ptrauth1", BIT(F_PSCI_0_2) | BIT(F_SVE) | BIT(F_PTRAUTH_ADDRESS), false },
		{ "sve-ptrauth", BIT(F_PSCI_0_2) | BIT(F_SVE) | BIT(F_PTRAUTH_ADDRESS) |
				 BIT(F_PTRAUTH_GENERIC), false },
		{ "sve-width", BIT(F_PSCI_0_2) | BIT(F_SVE) | BIT(F_EL1_32BIT), true },
	};
	char where[64];
	uint8_t v[8];
	int vm, vcpu, other;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(where, sizeof(where), "init.refused-state.%s", t[i].name);
		vcpu = new_vcpu(where, &vm, 0);
		other = -1;
		if (t[i].beside64) {
			other = (int)kio(vm, KVM_CREATE_VCPU, 1);
			vcpu_init0(where, other, BIT(F_PSCI_0_2));
		}
		if (vcpu_init0(where, vcpu, t[i].f0) != 0 &&
		    vcpu_init0(where, vcpu, BIT(F_PSCI_0_2)) == 0) {
			get_reg_list_n(where, vcpu);
			get_reg(where, vcpu, ID_X0, v);
			run_immediate(where, vcpu);
			finalize(where, vcpu, F_SVE);
			get_reg_list_n(where, vcpu);
			get_reg(where, vcpu, SYS_ID(3, 0, 1, 2, 0), v);	/* ZCR_EL1 */
			run_immediate(where, vcpu);
		}
		if (other >= 0)
			kclose(other);
		drop(vm, vcpu);
	}
}

void sec_arm64_init(void)
{
	struct kvm_vcpu_init pref;
	char where[64];
	int vm, vcpu, v1;

	section("arm64.init");
	vm = (int)kio(kvm, KVM_CREATE_VM, 0);
	memset(&pref, 0, sizeof(pref));
	L("vm KVM_ARM_PREFERRED_TARGET");
	if (R(kiop(vm, KVM_ARM_PREFERRED_TARGET, &pref)) == 0) {
		target = (int)pref.target;
		L(" target=%u features=0x%x", pref.target, pref.features[0]);
	}
	emit();
	kclose(vm);

	/* Every target number: only the preferred one is accepted. */
	for (uint32_t t = 0; t <= 8; t++) {
		uint32_t feat[7] = { 0 };

		vcpu = new_vcpu("init.target", &vm, 0);
		snprintf(where, sizeof(where), "init.target%u", t);
		vcpu_init(where, vcpu, t, feat);
		drop(vm, vcpu);
	}
	/* Each feature bit alone, in each word. */
	for (int w = 0; w < 7; w++) {
		for (int b = 0; b < 32; b++) {
			uint32_t feat[7] = { 0 };

			if (w > 0 && b > 0 && b != 31)
				continue;
			feat[w] = BIT(b);
			vcpu = new_vcpu("init.feature", &vm, 0);
			snprintf(where, sizeof(where), "init.feature%d.bit%d", w, b);
			if (vcpu_init(where, vcpu, (uint32_t)target, feat) == 0 && w == 0 && b == 0)
				get_mp_state(where, vcpu);
			drop(vm, vcpu);
		}
	}
	/* Pointer authentication needs both bits (the harness CPU has none). */
	{
		static const uint32_t combos[] = {
			BIT(F_PTRAUTH_ADDRESS) | BIT(F_PTRAUTH_GENERIC),
			BIT(F_PSCI_0_2) | BIT(F_PMU_V3) | BIT(F_SVE),
			BIT(F_EL1_32BIT) | BIT(F_SVE),
			BIT(F_EL1_32BIT) | BIT(F_PMU_V3),
			BIT(F_POWER_OFF) | BIT(F_PSCI_0_2),
			0x7f,
		};
		for (size_t i = 0; i < sizeof(combos) / sizeof(combos[0]); i++) {
			vcpu = new_vcpu("init.combo", &vm, 0);
			snprintf(where, sizeof(where), "init.combo0x%x", combos[i]);
			vcpu_init0(where, vcpu, combos[i]);
			drop(vm, vcpu);
		}
	}
	/* The argument pointer. */
	vcpu = new_vcpu("init.arg", &vm, 0);
	L("init.arg KVM_ARM_VCPU_INIT NULL");
	R(kio(vcpu, KVM_ARM_VCPU_INIT, 0));
	emit();
	L("init.arg KVM_ARM_VCPU_INIT noaccess");
	R(kio(vcpu, KVM_ARM_VCPU_INIT, NOACCESS));
	emit();
	drop(vm, vcpu);

	/* Re-init: same features, POWER_OFF added or removed, others changed. */
	{
		static const struct { const char *w; uint32_t first, again; } re[] = {
			{ "init.reinit.same", BIT(F_PSCI_0_2), BIT(F_PSCI_0_2) },
			{ "init.reinit.add-poweroff", BIT(F_PSCI_0_2),
			  BIT(F_PSCI_0_2) | BIT(F_POWER_OFF) },
			{ "init.reinit.drop-poweroff", BIT(F_PSCI_0_2) | BIT(F_POWER_OFF),
			  BIT(F_PSCI_0_2) },
			{ "init.reinit.add-pmu", BIT(F_PSCI_0_2), BIT(F_PSCI_0_2) | BIT(F_PMU_V3) },
			{ "init.reinit.drop-psci", BIT(F_PSCI_0_2), 0 },
			{ "init.reinit.add-32bit", 0, BIT(F_EL1_32BIT) },
			{ "init.reinit.sve-same", BIT(F_SVE), BIT(F_SVE) },
		};
		for (size_t i = 0; i < sizeof(re) / sizeof(re[0]); i++) {
			ull x = 0x1234;
			uint8_t v[8];

			vcpu = new_vcpu(re[i].w, &vm, 0);
			vcpu_init0(re[i].w, vcpu, re[i].first);
			set_reg64(re[i].w, vcpu, ID_X0, x);
			if (re[i].first & BIT(F_SVE))
				finalize(re[i].w, vcpu, F_SVE);
			vcpu_init0(re[i].w, vcpu, re[i].again);
			get_reg(re[i].w, vcpu, ID_X0, v);
			get_mp_state(re[i].w, vcpu);
			drop(vm, vcpu);
		}
		/* Re-init with another target. */
		vcpu = new_vcpu("init.reinit.target", &vm, 0);
		vcpu_init0("init.reinit.target", vcpu, 0);
		{
			uint32_t feat[7] = { 0 };

			vcpu_init("init.reinit.target", vcpu, 0, feat);
		}
		drop(vm, vcpu);
	}

	/* Features within one VM: widths and feature sets per vCPU. */
	{
		static const struct { const char *w; uint32_t f0, f1; } mix[] = {
			{ "init.vm.same", BIT(F_PSCI_0_2), BIT(F_PSCI_0_2) },
			{ "init.vm.64-then-32", 0, BIT(F_EL1_32BIT) },
			{ "init.vm.32-then-64", BIT(F_EL1_32BIT), 0 },
			{ "init.vm.psci-then-pmu", BIT(F_PSCI_0_2), BIT(F_PSCI_0_2) | BIT(F_PMU_V3) },
			{ "init.vm.pmu-then-plain", BIT(F_PMU_V3), 0 },
			{ "init.vm.poweroff-then-on", BIT(F_POWER_OFF), 0 },
			{ "init.vm.plain-then-sve", 0, BIT(F_SVE) },
		};
		for (size_t i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
			vcpu = new_vcpu(mix[i].w, &vm, 0);
			v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
			vcpu_init0(mix[i].w, vcpu, mix[i].f0);
			vcpu_init0(mix[i].w, v1, mix[i].f1);
			get_mp_state(mix[i].w, v1);
			kclose(v1);
			drop(vm, vcpu);
		}
		/* A vCPU whose init failed, then a good one. */
		vcpu = new_vcpu("init.vm.after-failed", &vm, 0);
		v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
		vcpu_init0("init.vm.after-failed", vcpu, BIT(7));
		vcpu_init0("init.vm.after-failed", v1, BIT(F_PSCI_0_2));
		vcpu_init0("init.vm.after-failed", vcpu, 0);
		vcpu_init0("init.vm.after-failed", vcpu, BIT(F_PSCI_0_2));
		kclose(v1);
		drop(vm, vcpu);
		/* CREATE_VCPU after a vCPU ran INIT. */
		vcpu = new_vcpu("init.vm.create-after", &vm, 0);
		vcpu_init0("init.vm.create-after", vcpu, BIT(F_PSCI_0_2));
		v1 = create_vcpu("init.vm.create-after", vm, 1);
		vcpu_init0("init.vm.create-after", v1, BIT(F_PSCI_0_2));
		kclose(v1);
		drop(vm, vcpu);
	}

	/* A refused INIT with known bits set, then INIT without them. */
	{
		uint8_t v[8];

		vcpu = new_vcpu("init.refused-then", &vm, 0);
		vcpu_init0("init.refused-then", vcpu, BIT(F_PSCI_0_2) | BIT(7));
		vcpu_init0("init.refused-then", vcpu, 0);
		get_reg("init.refused-then", vcpu, ID_FW(0), v);
		vcpu_init0("init.refused-then", vcpu, BIT(F_PSCI_0_2));
		drop(vm, vcpu);
		vcpu = new_vcpu("init.refused-ptrauth", &vm, 0);
		vcpu_init0("init.refused-ptrauth", vcpu, BIT(F_PMU_V3) | BIT(F_PTRAUTH_ADDRESS));
		vcpu_init0("init.refused-ptrauth", vcpu, 0);
		get_reg_list_n("init.refused-ptrauth", vcpu);
		drop(vm, vcpu);
	}

	init_refused_state();

	/* MPIDR_EL1 from the vCPU id. */
	{
		static const ul ids[] = { 0, 1, 15, 16, 255, 256, 511 };

		vm = (int)kio(kvm, KVM_CREATE_VM, 0);
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			uint8_t v[8];

			snprintf(where, sizeof(where), "init.mpidr.id%lu", ids[i]);
			vcpu = (int)kio(vm, KVM_CREATE_VCPU, ids[i]);
			vcpu_init0(where, vcpu, BIT(F_PSCI_0_2));
			get_reg(where, vcpu, ID_MPIDR, v);
			kclose(vcpu);
		}
		kclose(vm);
	}
}

/* ------------------------------------------------------------------------ */
/* KVM_GET_REG_LIST and every listed register                                */

static uint64_t reglist[1 + 4096];	/* the count, then room for 4096 ids */

static long get_reg_list(const char *where, int vcpu, ull n, ull *ret_n)
{
	struct kvm_reg_list *l = (void *)reglist;

	l->n = n;
	L("%s KVM_GET_REG_LIST n=%llu", where, n);
	long r = R(kiop(vcpu, KVM_GET_REG_LIST, l));
	L(" n=%llu", (ull)l->n);
	emit();
	*ret_n = l->n;
	return r;
}

/* Just the count, for checks of which registers a vCPU got. */
void get_reg_list_n(const char *where, int vcpu)
{
	struct kvm_reg_list l = { .n = 0 };

	L("%s KVM_GET_REG_LIST n=0", where);
	R(kiop(vcpu, KVM_GET_REG_LIST, &l));
	L(" n=%llu", (ull)l.n);
	emit();
}

/* Bad buffers: the header, and ids running into a PROT_NONE page. */
static void reg_list_faults(const char *where, int vcpu, ull n)
{
	uint8_t *page = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kvm_reg_list *l;

	if (page == MAP_FAILED)
		return;
	mprotect(page + PAGE, PAGE, PROT_NONE);
	L("%s KVM_GET_REG_LIST noaccess", where);
	R(kio(vcpu, KVM_GET_REG_LIST, NOACCESS));
	emit();
	/* Room for the header and 8 ids before the PROT_NONE page. */
	l = (void *)(page + PAGE - 8 - 8 * 8);
	l->n = n;
	L("%s KVM_GET_REG_LIST n=%llu ids-run-into-noaccess", where, n);
	R(kiop(vcpu, KVM_GET_REG_LIST, l));
	L(" n=%llu", (ull)l->n);
	emit();
	/* The header is the last 8 bytes: n is written back, ids fault. */
	l = (void *)(page + PAGE - 8);
	l->n = n;
	L("%s KVM_GET_REG_LIST n=%llu header-at-page-end", where, n);
	R(kiop(vcpu, KVM_GET_REG_LIST, l));
	L(" n=%llu", (ull)l->n);
	emit();
	l->n = 0;
	L("%s KVM_GET_REG_LIST n=0 header-at-page-end", where);
	R(kiop(vcpu, KVM_GET_REG_LIST, l));
	L(" n=%llu", (ull)l->n);
	emit();
	munmap(page, 2 * PAGE);
}

/* Every listed register: read, write back, write 0, write ~0, restore. */
static void walk_regs(const char *cfg, int vcpu, const uint64_t *ids, ull n)
{
	uint8_t v[256], w[256], rb[256];

	for (ull i = 0; i < n; i++) {
		ull id = ids[i];
		size_t sz = REG_SIZE(id);
		long r;

		L("reg.%s %s 0x%llx get", cfg, regname(id), id);
		r = R(one_reg(vcpu, KVM_GET_ONE_REG, id, v));
		if (r == 0) {
			L(" ");
			Lval(id, v);
		}
		if (r == 0 && sz <= sizeof(v)) {
			L(" set-same");
			R(one_reg(vcpu, KVM_SET_ONE_REG, id, v));
			for (int pat = 0; pat < 2; pat++) {
				memset(w, pat ? 0xff : 0, sz);
				L(pat ? " set-ones" : " set-0");
				if (R(one_reg(vcpu, KVM_SET_ONE_REG, id, w)) == 0) {
					memset(rb, 0, sz);
					one_reg(vcpu, KVM_GET_ONE_REG, id, rb);
					L(" rb=");
					Lval(id, rb);
					L(" restore");
					R(one_reg(vcpu, KVM_SET_ONE_REG, id, v));
				}
			}
		}
		emit();
	}
}

void dump_reglist(const char *cfg, int vcpu, int sve)
{
	char where[64];
	ull n = 0, n2;

	snprintf(where, sizeof(where), "reglist.%s", cfg);
	if (sve) {
		uint8_t v[64];

		get_reg_list(where, vcpu, 4096, &n);
		get_reg(where, vcpu, ID_VLS, v);
		finalize(where, vcpu, F_SVE);
	}
	get_reg_list(where, vcpu, 0, &n);
	get_reg_list(where, vcpu, n ? n - 1 : 0, &n2);
	get_reg_list(where, vcpu, 4096, &n2);
	if (!strcmp(cfg, "base"))
		reg_list_faults(where, vcpu, n2);
	L("%s ids", where);
	L(" count=%llu fnv=%08x", n2, fnv1a((const uint8_t *)(reglist + 1), n2 * 8));
	emit();
	/* The list itself, in order. */
	for (ull i = 0; i < n2 && i < 4096; i++) {
		L("%s id[%llu] %s 0x%llx", where, i, regname(reglist[1 + i]),
		  (ull)reglist[1 + i]);
		emit();
	}
	{
		uint64_t *ids = malloc(n2 * sizeof(*ids) + 1);

		memcpy(ids, reglist + 1, n2 * sizeof(*ids));
		walk_regs(cfg, vcpu, ids, n2);
		free(ids);
	}
}

static void dump_config(const char *cfg, uint32_t f0, int sve)
{
	char where[64];
	int vm, vcpu;

	snprintf(where, sizeof(where), "reglist.%s", cfg);
	vcpu = new_vcpu(where, &vm, 0);
	if (vcpu_init0(where, vcpu, f0) == 0)
		dump_reglist(cfg, vcpu, sve);
	drop(vm, vcpu);
}

void sec_arm64_reglist(void)
{
	section("arm64.reglist");
	dump_config("base", BIT(F_PSCI_0_2), 0);
	dump_config("pmu", BIT(F_PSCI_0_2) | BIT(F_PMU_V3), 0);
	dump_config("sve", BIT(F_PSCI_0_2) | BIT(F_SVE), 1);
	dump_config("el1-32", BIT(F_PSCI_0_2) | BIT(F_EL1_32BIT), 0);
	dump_config("psci0.1", 0, 0);
}

/* ------------------------------------------------------------------------ */
/* ONE_REG: ids, sizes, bad pointers; core registers                         */

/* Print "what: rc -> offsets..." grouped by result, for a range of core ids. */
static void core_scan(const char *where, int vcpu, unsigned long req, ull size)
{
	uint8_t v[64];
	int res[256];
	const int n = 0xe0;

	for (int off = 0; off < n; off++) {
		memset(v, 0, sizeof(v));
		if (req == KVM_SET_ONE_REG && off == 0x42)
			v[0] = 0xc5;	/* a valid pstate */
		res[off] = one_reg(vcpu, req, CORE_ID(size, off), v) == 0 ? 0 : g_err;
	}
	for (int i = 0; i < n;) {
		int j = i;

		while (j + 1 < n && res[j + 1] == res[i])
			j++;
		L("%s %s U%lu core:0x%x..0x%x", where, req == KVM_GET_ONE_REG ? "get" : "set",
		  (ul)(8UL << (size >> KVM_REG_SIZE_SHIFT)), i, j);
		L(" -> %s", res[i] ? ename(res[i]) : "0");
		emit();
		i = j + 1;
	}
}

void sec_arm64_onereg(void)
{
	uint8_t v[256];
	int vm, vcpu, v32;

	section("arm64.onereg");
	vcpu = new_vcpu("onereg", &vm, 0);
	vcpu_init0("onereg", vcpu, BIT(F_PSCI_0_2));
	/* The argument and the value pointer. */
	L("onereg KVM_GET_ONE_REG NULL");
	R(kio(vcpu, KVM_GET_ONE_REG, 0));
	emit();
	L("onereg KVM_SET_ONE_REG noaccess");
	R(kio(vcpu, KVM_SET_ONE_REG, NOACCESS));
	emit();
	{
		static const ull ids[] = { ID_X0, ID_MPIDR, ID_FW(0), SYS_ID(3, 7, 15, 15, 7),
					   KVM_REG_ARM_TIMER_CTL, ID_ZREG(0, 0) };
		static const ull addrs[] = { 0, 1, 0xffff000000000000ULL };

		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			for (size_t a = 0; a < 4; a++) {
				ull ad = a < 3 ? addrs[a] : NOACCESS;
				const char *an = a == 0 ? "NULL" : a == 1 ? "0x1" :
						 a == 2 ? "kernel-half" : "noaccess";

				L("onereg get %s addr=%s", regname(ids[i]), an);
				R(one_reg(vcpu, KVM_GET_ONE_REG, ids[i], (void *)(uintptr_t)ad));
				emit();
				L("onereg set %s addr=%s", regname(ids[i]), an);
				R(one_reg(vcpu, KVM_SET_ONE_REG, ids[i], (void *)(uintptr_t)ad));
				emit();
			}
	}
	/* Ids: architecture bits, size field, coproc field. */
	{
		static const struct { const char *w; ull id; } bad[] = {
			{ "id=0", 0 },
			{ "arch=x86", 0x2030000000100000ULL },
			{ "arch=0x7", 0x7030000000100000ULL },
			{ "bit32", 0x6030000100100000ULL },
			{ "bits32-51", 0x603fffff00100000ULL },
			{ "core.U8", 0x6000000000100000ULL },
			{ "core.U16", 0x6010000000100000ULL },
			{ "core.U256", 0x6050000000100000ULL },
			{ "core.U2048", 0x6080000000100000ULL },
			{ "core.size9", 0x6090000000100000ULL },
			{ "core.sizeF", 0x60f0000000100000ULL },
			{ "coproc0", 0x6030000000000000ULL },
			{ "coproc0x12", 0x6030000000120000ULL },
			{ "coproc0x17", 0x6030000000170000ULL },
			{ "coproc0xfff", 0x603000000fff0000ULL },
			{ "sys.U32.mpidr", 0x602000000013c005ULL },
			{ "sys.U128.mpidr", 0x604000000013c005ULL },
			{ "sys.unknown", SYS_ID(3, 7, 15, 15, 7) },
			{ "sys.op0=0", SYS_ID(0, 0, 0, 0, 5) },
			{ "sys.op0=1", SYS_ID(1, 0, 0, 0, 5) },
			{ "sys.bit16+", 0x603000000013c005ULL | (1ULL << 30) },
			{ "fw.U32.0", 0x6020000000140000ULL },
			{ "fw.4", ID_FW(4) },
			{ "fw.0xffff", ID_FW(0xffff) },
			{ "bmap.U32.0", 0x6020000000160000ULL },
			{ "bmap.3", ID_BMAP(3) },
			{ "demux.U64.0", 0x6030000000110000ULL },
			{ "demux.0.14", 0x602000000011000eULL },
			{ "demux.0.255", 0x60200000001100ffULL },
			{ "demux.1.0", 0x6020000000110100ULL },
			{ "timer.U32.ctl", 0x602000000013df19ULL },
			{ "sve.vls", ID_VLS },
			{ "sve.z0", ID_ZREG(0, 0) },
			{ "sve.z0.1", ID_ZREG(0, 1) },
			{ "sve.p0", ID_PREG(0, 0) },
			{ "sve.ffr", ID_FFR(0) },
			{ "sve.U64.z0", 0x6030000000150000ULL },
			{ "sve.0x800", 0x6080000000150800ULL },
		};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			memset(v, 0, sizeof(v));
			L("onereg.id %s get", bad[i].w);
			R(one_reg(vcpu, KVM_GET_ONE_REG, bad[i].id, v));
			emit();
			L("onereg.id %s set", bad[i].w);
			R(one_reg(vcpu, KVM_SET_ONE_REG, bad[i].id, v));
			emit();
		}
	}
	/* Every core offset, at each size. */
	{
		static const ull sizes[] = { KVM_REG_SIZE_U32, KVM_REG_SIZE_U64, KVM_REG_SIZE_U128 };

		for (size_t s = 0; s < 3; s++) {
			core_scan("onereg.core", vcpu, KVM_GET_ONE_REG, sizes[s]);
			core_scan("onereg.core", vcpu, KVM_SET_ONE_REG, sizes[s]);
		}
	}
	/* pstate: every mode value, then other bits, on a 64-bit vCPU. */
	for (ull m = 0; m < 0x20; m++) {
		char w[64];

		snprintf(w, sizeof(w), "onereg.pstate64.mode0x%llx", m);
		set_reg64(w, vcpu, ID_PSTATE, m | 0x3c0);
	}
	set_reg64("onereg.pstate64.nzcv", vcpu, ID_PSTATE, 0xf00003c5ULL);
	set_reg64("onereg.pstate64.high", vcpu, ID_PSTATE, 0xffffffff000003c5ULL);
	set_reg64("onereg.pstate64.il+ss", vcpu, ID_PSTATE, 0x003003c5ULL);
	get_reg("onereg.pstate64", vcpu, ID_PSTATE, v);
	/* A 32-bit EL1 vCPU: modes, and what the 64-bit registers keep. */
	{
		int vm32;

		v32 = new_vcpu("onereg.el1-32", &vm32, 0);
		if (vcpu_init0("onereg.el1-32", v32, BIT(F_PSCI_0_2) | BIT(F_EL1_32BIT)) == 0) {
			get_reg("onereg.el1-32", v32, ID_PSTATE, v);
			for (ull m = 0; m < 0x20; m++) {
				char w[64];

				snprintf(w, sizeof(w), "onereg.pstate32.mode0x%llx", m);
				set_reg64(w, v32, ID_PSTATE, m | 0x1c0);
			}
			set_reg64("onereg.pstate32.x0", v32, ID_X0, 0x1122334455667788ULL);
			get_reg("onereg.pstate32.x0", v32, ID_X0, v);
			set_reg64("onereg.pstate32.pc", v32, CORE_ID(KVM_REG_SIZE_U64, 0x40),
				  0x1122334455667788ULL);
			get_reg("onereg.pstate32.pc", v32, CORE_ID(KVM_REG_SIZE_U64, 0x40), v);
			set_reg64("onereg.pstate32.sp", v32, CORE_ID(KVM_REG_SIZE_U64, 0x3e),
				  0x1122334455667788ULL);
			get_reg("onereg.pstate32.sp", v32, CORE_ID(KVM_REG_SIZE_U64, 0x3e), v);
		}
		drop(vm32, v32);
	}
	/* A failed set writes nothing. */
	set_reg64("onereg.pstate.bad", vcpu, ID_PSTATE, 0x3c5 | 0x10);
	get_reg("onereg.pstate.after-bad", vcpu, ID_PSTATE, v);
	drop(vm, vcpu);
}

/* ------------------------------------------------------------------------ */
/* Firmware pseudo-registers and the timer                                   */

void sec_arm64_fw(void)
{
	static const ull psci[] = { 0, 1, 2, 0x10000, 0x10001, 0x10002, 0x20000, ~0ULL };
	uint8_t v[8];
	char w[64];

	section("arm64.fw");
	for (int cfg = 0; cfg < 2; cfg++) {
		const char *cn = cfg ? "psci0.1" : "psci0.2";
		int vm, vcpu;

		for (size_t i = 0; i < sizeof(psci) / sizeof(psci[0]); i++) {
			vcpu = new_vcpu(cn, &vm, 0);
			vcpu_init0(cn, vcpu, cfg ? 0 : BIT(F_PSCI_0_2));
			snprintf(w, sizeof(w), "fw.%s", cn);
			if (i == 0)
				get_reg(w, vcpu, ID_FW(0), v);
			if (set_reg64(w, vcpu, ID_FW(0), psci[i]) == 0)
				get_reg(w, vcpu, ID_FW(0), v);
			drop(vm, vcpu);
		}
	}
	{
		int vm, vcpu = new_vcpu("fw", &vm, 0);

		vcpu_init0("fw", vcpu, BIT(F_PSCI_0_2));
		for (int r = 1; r <= 3; r++)
			for (ull x = 0; x <= 0x14; x++) {
				if (x > 4 && x < 0x10)
					continue;
				if (set_reg64("fw.workaround", vcpu, ID_FW(r), x) == 0)
					get_reg("fw.workaround", vcpu, ID_FW(r), v);
			}
		for (int r = 0; r <= 2; r++) {
			uint8_t orig[8];

			get_reg("fw.bmap", vcpu, ID_BMAP(r), orig);
			for (int b = 0; b < 64; b += (b < 4 ? 1 : 30))
				set_reg64("fw.bmap", vcpu, ID_BMAP(r), 1ULL << b);
			set_reg(("fw.bmap"), vcpu, ID_BMAP(r), orig);
		}
		/* Timer: CTL keeps 32 bits and shows ISTATUS while CVAL <= CNT. */
		set_reg64("fw.timer", vcpu, KVM_REG_ARM_TIMER_CVAL, ~0ULL);
		get_reg("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, v);
		set_reg64("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, 1);
		get_reg("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, v);
		set_reg64("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, 0x1ffffffffULL);
		get_reg("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, v);
		set_reg64("fw.timer", vcpu, KVM_REG_ARM_TIMER_CVAL, 0);
		get_reg("fw.timer", vcpu, KVM_REG_ARM_TIMER_CTL, v);
		/* CNT: a value written is read back (give or take the ticks since). */
		{
			ull cnt = 0, c2 = 0;

			set_reg64("fw.timer", vcpu, KVM_REG_ARM_TIMER_CNT, 1ULL << 40);
			one_reg(vcpu, KVM_GET_ONE_REG, KVM_REG_ARM_TIMER_CNT, &cnt);
			L("fw.timer get CNT after set 2^40 -> %s",
			  cnt >= 1ULL << 40 && cnt < (1ULL << 40) + (1ULL << 32) ? "near" : "far");
			emit();
			one_reg(vcpu, KVM_GET_ONE_REG, KVM_REG_ARM_TIMER_CNT, &c2);
			L("fw.timer get CNT again -> %s", c2 >= cnt ? "not-before" : "before");
			emit();
		}
		drop(vm, vcpu);
	}
}

/* ------------------------------------------------------------------------ */
/* SVE: vector lengths, finalize, Z/P/FFR                                    */

void sec_arm64_sve(void)
{
	uint8_t v[256], vls[64];
	int vm, vcpu, plain;

	section("arm64.sve");
	/* A host without SVE refuses the INIT: "restore" then writes zeroes. */
	memset(vls, 0, sizeof(vls));
	plain = new_vcpu("sve.plain", &vm, 0);
	vcpu_init0("sve.plain", plain, BIT(F_PSCI_0_2));
	finalize("sve.plain", plain, F_SVE);
	finalize("sve.plain", plain, 0);
	finalize("sve.plain", plain, 5);
	get_reg("sve.plain", plain, ID_VLS, v);
	get_reg("sve.plain", plain, ID_ZREG(0, 0), v);
	get_reg("sve.plain", plain, ID_PREG(0, 0), v);
	get_reg("sve.plain", plain, ID_FFR(0), v);
	get_reg("sve.plain", plain, ID_ZREG(0, 1), v);
	get_reg("sve.plain", plain, CORE_ID(KVM_REG_SIZE_U128, 0x54), v);
	drop(vm, plain);

	vcpu = new_vcpu("sve", &vm, 0);
	vcpu_init0("sve", vcpu, BIT(F_PSCI_0_2) | BIT(F_SVE));
	get_reg("sve", vcpu, ID_VLS, vls);
	get_reg("sve", vcpu, ID_ZREG(0, 0), v);
	get_reg("sve", vcpu, ID_PREG(0, 0), v);
	get_reg("sve", vcpu, ID_FFR(0), v);
	get_reg("sve", vcpu, CORE_ID(KVM_REG_SIZE_U128, 0x54), v);
	set_reg("sve", vcpu, CORE_ID(KVM_REG_SIZE_U128, 0x54), v);
	{
		uint64_t q[8];

		memset(q, 0, sizeof(q));
		set_reg("sve.vls.none", vcpu, ID_VLS, q);
		q[0] = 1;
		set_reg("sve.vls.128", vcpu, ID_VLS, q);
		get_reg("sve.vls.128", vcpu, ID_VLS, v);
		q[0] = 1ULL << 63;
		set_reg("sve.vls.8192", vcpu, ID_VLS, q);
		q[0] = 0;
		q[7] = 1ULL << 63;
		set_reg("sve.vls.top", vcpu, ID_VLS, q);
		q[7] = 0;
		q[0] = 0xf;
		set_reg("sve.vls.128-512", vcpu, ID_VLS, q);
		q[0] = 0xb;
		set_reg("sve.vls.holes", vcpu, ID_VLS, q);
		set_reg("sve.vls.restore", vcpu, ID_VLS, vls);
	}
	finalize("sve", vcpu, 0);
	finalize("sve", vcpu, F_SVE);
	finalize("sve", vcpu, F_SVE);
	get_reg("sve.final", vcpu, ID_VLS, v);
	set_reg("sve.final", vcpu, ID_VLS, vls);
	get_reg("sve.final", vcpu, ID_ZREG(0, 1), v);
	get_reg("sve.final", vcpu, ID_ZREG(31, 0), v);
	get_reg("sve.final", vcpu, ID_ZREG(32, 0), v);
	get_reg("sve.final", vcpu, ID_PREG(15, 0), v);
	get_reg("sve.final", vcpu, ID_PREG(16, 0), v);
	get_reg("sve.final", vcpu, ID_FFR(1), v);
	memset(v, 0xab, sizeof(v));
	set_reg("sve.final", vcpu, ID_ZREG(0, 0), v);
	get_reg("sve.final", vcpu, ID_ZREG(0, 0), v);
	get_reg("sve.final", vcpu, CORE_ID(KVM_REG_SIZE_U128, 0x54), v);
	memset(v, 0xff, sizeof(v));
	set_reg("sve.final", vcpu, ID_PREG(0, 0), v);
	get_reg("sve.final", vcpu, ID_PREG(0, 0), v);
	set_reg("sve.final", vcpu, ID_FFR(0), v);
	get_reg("sve.final", vcpu, ID_FFR(0), v);
	drop(vm, vcpu);

	/* A shorter vector length chosen before finalize. */
	vcpu = new_vcpu("sve.128", &vm, 0);
	vcpu_init0("sve.128", vcpu, BIT(F_PSCI_0_2) | BIT(F_SVE));
	{
		uint64_t q[8] = { 1 };

		set_reg("sve.128", vcpu, ID_VLS, q);
	}
	finalize("sve.128", vcpu, F_SVE);
	get_reg("sve.128", vcpu, ID_VLS, v);
	memset(v, 0xcd, sizeof(v));
	set_reg("sve.128", vcpu, ID_ZREG(0, 0), v);
	get_reg("sve.128", vcpu, ID_ZREG(0, 0), v);
	drop(vm, vcpu);
}

/* ------------------------------------------------------------------------ */
/* ID registers field by field (writable on 6.12, invariant on 6.1)          */

void sec_arm64_idregs(void)
{
	uint8_t v[8];
	int vm, vcpu;

	section("arm64.idregs");
	vcpu = new_vcpu("idregs", &vm, 0);
	vcpu_init0("idregs", vcpu, BIT(F_PSCI_0_2));
	for (int crm = 1; crm <= 7; crm++)
		for (int op2 = 0; op2 < 8; op2++) {
			ull id = SYS_ID(3, 0, 0, crm, op2), val = 0;

			if (one_reg(vcpu, KVM_GET_ONE_REG, id, &val) != 0)
				continue;
			for (int f = 0; f < 64; f += 4) {
				ull fv = (val >> f) & 0xf, x;
				char w[64];

				snprintf(w, sizeof(w), "idregs.%s.f%d", regname(id), f);
				if (fv) {
					x = val - (1ULL << f);
					if (set_reg64(w, vcpu, id, x) == 0) {
						get_reg(w, vcpu, id, v);
						set_reg64(w, vcpu, id, val);
					}
				}
				if (fv != 0xf) {
					x = val + (1ULL << f);
					if (set_reg64(w, vcpu, id, x) == 0) {
						get_reg(w, vcpu, id, v);
						set_reg64(w, vcpu, id, val);
					}
				}
			}
		}
	drop(vm, vcpu);
}

/* ------------------------------------------------------------------------ */
/* vCPU device attributes: PMU, timer and PV time groups                     */

#define G_PMU		0	/* KVM_ARM_VCPU_PMU_V3_CTRL */
#define G_TIMER		1	/* KVM_ARM_VCPU_TIMER_CTRL */
#define G_PVTIME	2	/* KVM_ARM_VCPU_PVTIME_CTRL */
#define A_PMU_IRQ	0
#define A_PMU_INIT	1
#define A_PMU_FILTER	2
#define A_PMU_SET_PMU	3
#define CANARY		0x5a5a5a5a5a5a5a5aULL	/* what GET finds in the buffer */

static const char *attr_req(unsigned long req)
{
	return req == KVM_HAS_DEVICE_ATTR ? "has" : req == KVM_GET_DEVICE_ATTR ? "get" : "set";
}

static long dev_attr(int vcpu, unsigned long req, uint32_t flags, uint32_t group, ull attr,
		     ull addr)
{
	struct kvm_device_attr a = { .flags = flags, .group = group, .attr = attr, .addr = addr };

	return kiop(vcpu, req, &a);
}

/* The u64 at @val as a filter: "{base,nevents,action}". */
static const char *filter_str(const uint64_t *val)
{
	static char sb[64];
	struct kvm_pmu_event_filter f;

	memcpy(&f, val, sizeof(f));
	snprintf(sb, sizeof(sb), "{0x%x,0x%x,%u}", f.base_event, f.nevents, f.action);
	return sb;
}

static uint64_t filter_val(uint16_t base, uint16_t n, uint8_t action)
{
	struct kvm_pmu_event_filter f = { .base_event = base, .nevents = n, .action = action };
	uint64_t v;

	memcpy(&v, &f, sizeof(v));
	return v;
}

/*
 * " has|get|set -> r": the call through a u64 buffer; set writes @v (shown
 * as a filter for the PMU's filter attribute), get shows what the buffer
 * holds afterwards (CANARY before).
 */
static long Lattr(int vcpu, unsigned long req, uint32_t group, ull attr, uint64_t v)
{
	uint64_t val = req == KVM_GET_DEVICE_ATTR ? CANARY : v;
	long r;

	L(" %s", attr_req(req));
	if (req == KVM_SET_DEVICE_ATTR) {
		if (group == G_PMU && attr == A_PMU_FILTER)
			L("=%s", filter_str(&val));
		else
			L("=0x%llx", (ull)v);
	}
	r = R(dev_attr(vcpu, req, 0, group, attr, (ull)(uintptr_t)&val));
	if (req == KVM_GET_DEVICE_ATTR && r == 0)
		L(" val=0x%llx", (ull)val);
	return r;
}

/* One line: "WHERE group=G attr=A" and the calls of @reqs ("hgs": has, get, set). */
static void attr_line(const char *where, int vcpu, uint32_t group, ull attr, const char *reqs,
		      uint64_t v)
{
	L("%s group=0x%x attr=0x%llx", where, group, attr);
	for (const char *c = reqs; *c; c++)
		Lattr(vcpu, *c == 'h' ? KVM_HAS_DEVICE_ATTR : *c == 'g' ? KVM_GET_DEVICE_ATTR :
			    KVM_SET_DEVICE_ATTR, group, attr, v);
	emit();
}

/* A plausible value to set for each attribute the table tries. */
static uint64_t attr_value(uint32_t group, ull attr)
{
	static const uint64_t timer_irqs[] = { 27, 30, 28, 26 };

	switch (group) {
	case G_PMU:
		return attr == A_PMU_IRQ ? 23 : attr == A_PMU_FILTER ? filter_val(0, 0x10, 0) :
		       attr == A_PMU_SET_PMU ? 0x7fff : 0;
	case G_TIMER:
		return attr < 4 ? timer_irqs[attr] : 5;
	case G_PVTIME:
		return 0x10000;
	default:
		return 0;
	}
}

long run_immediate(const char *where, int vcpu)
{
	struct kvm_run *run = kmmap((size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	long r;

	L("%s KVM_RUN immediate_exit=1", where);
	if (run == MAP_FAILED) {
		L(" mmap");
		RMAP(run);
		emit();
		return -1;
	}
	run->immediate_exit = 1;
	r = R(kio(vcpu, KVM_RUN, 0));
	emit();
	munmap(run, (size_t)mmap_size);
	return r;
}

/* KVM_ARM_VCPU_INIT for set-up: a line only when it fails. */
static long init_quiet(const char *where, int vcpu, uint32_t f0)
{
	struct kvm_vcpu_init init = { .target = (uint32_t)target, .features = { f0 } };
	long r = kiop(vcpu, KVM_ARM_VCPU_INIT, &init);

	if (r < 0) {
		L("%s KVM_ARM_VCPU_INIT features=0x%x", where, f0);
		R(r);
		emit();
	}
	return r;
}

/* Each group and attribute on a fresh vCPU of each kind: has, get, set, get. */
static void attr_table(void)
{
	static const struct { const char *name; int init; uint32_t f0; } cfgs[] = {
		{ "uninit", 0, 0 },
		{ "plain", 1, BIT(F_PSCI_0_2) },
		{ "pmu", 1, BIT(F_PSCI_0_2) | BIT(F_PMU_V3) },
	};
	static const uint32_t groups[] = { G_PMU, G_TIMER, G_PVTIME, 3, 0xffffffff };
	static const ull attrs[] = { 0, 1, 2, 3, 4, 0xffffffff00000000ULL };
	char where[64];
	int vm, vcpu;

	for (size_t c = 0; c < sizeof(cfgs) / sizeof(cfgs[0]); c++)
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
			for (size_t a = 0; a < sizeof(attrs) / sizeof(attrs[0]); a++) {
				snprintf(where, sizeof(where), "attr.%s", cfgs[c].name);
				vcpu = new_vcpu(where, &vm, 0);
				if (!cfgs[c].init || init_quiet(where, vcpu, cfgs[c].f0) == 0)
					attr_line(where, vcpu, groups[g], attrs[a], "hgsg",
						  attr_value(groups[g], attrs[a]));
				drop(vm, vcpu);
			}
}

/* The ioctl's argument, and the attribute's value pointer. */
static void attr_pointers(void)
{
	static const struct { const char *cfg; uint32_t group; ull attr; } cases[] = {
		{ "plain", G_TIMER, 0 },
		{ "plain", G_PVTIME, 0 },
		{ "pmu", G_PMU, A_PMU_IRQ },
		{ "pmu", G_PMU, A_PMU_FILTER },
		{ "pmu", G_PMU, A_PMU_SET_PMU },
		{ "pmu", G_PMU, A_PMU_INIT },
	};
	static const unsigned long reqs[] = { KVM_HAS_DEVICE_ATTR, KVM_GET_DEVICE_ATTR,
					      KVM_SET_DEVICE_ATTR };
	int vm, vcpu;

	vcpu = new_vcpu("attr.arg", &vm, 0);
	vcpu_init0("attr.arg", vcpu, BIT(F_PSCI_0_2));
	for (size_t r = 0; r < 3; r++) {
		L("attr.arg %s NULL", attr_req(reqs[r]));
		R(kio(vcpu, reqs[r], 0));
		emit();
		L("attr.arg %s noaccess", attr_req(reqs[r]));
		R(kio(vcpu, reqs[r], NOACCESS));
		emit();
	}
	drop(vm, vcpu);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int pmu = !strcmp(cases[i].cfg, "pmu");

		for (size_t a = 0; a < 5; a++) {
			static const char *const names[] = { "NULL", "0x1", "kernel-half", "noaccess",
							     "buf+0x1" };
			ull ad = a == 0 ? 0 : a == 1 ? 1 : a == 2 ? KHALF :
				 a == 3 ? NOACCESS : (ull)(uintptr_t)(buf + 1);
			struct kvm_userspace_memory_region m = {
				.memory_size = 0x10000, .userspace_addr = (ull)(uintptr_t)buf,
			};

			/* A fresh vCPU each time: a set that succeeds changes it. */
			vcpu = new_vcpu("attr.addr", &vm, 0);
			init_quiet("attr.addr", vcpu, BIT(F_PSCI_0_2) | (pmu ? BIT(F_PMU_V3) : 0));
			memset(buf, 0, 16);
			if (cases[i].group == G_PMU && cases[i].attr == A_PMU_FILTER) {
				uint64_t f = filter_val(0, 1, 0);

				memcpy(buf + 1, &f, sizeof(f));	/* misaligned on purpose */
			} else if (cases[i].group == G_PVTIME && kiop(vm, KVM_SET_USER_MEMORY_REGION, &m))
				L("attr.addr slot 0 at 0: failed ");
			L("attr.addr.%s group=0x%x attr=0x%llx addr=%s", cases[i].cfg, cases[i].group,
			  cases[i].attr, names[a]);
			for (size_t r = a ? 1 : 0; r < 3; r++) {
				L(" %s", attr_req(reqs[r]));
				R(dev_attr(vcpu, reqs[r], 0, cases[i].group, cases[i].attr, ad));
				if (a == 4 && reqs[r] == KVM_GET_DEVICE_ATTR && g_err == 0) {
					ull v;

					memcpy(&v, buf + 1, sizeof(v));
					L(" val=0x%llx", v);
				}
			}
			emit();
			drop(vm, vcpu);
		}
	}
}

/* kvm_device_attr.flags: nobody looks at it? */
static void attr_flags(void)
{
	static const uint32_t flags[] = { 1, 0x80000000, 0xffffffff };
	int vm, vcpu;
	uint64_t v;

	vcpu = new_vcpu("attr.flags", &vm, 0);
	vcpu_init0("attr.flags", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		v = CANARY;
		L("attr.flags flags=0x%x has group=0x1 attr=0x0", flags[i]);
		R(dev_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i], G_TIMER, 0, 0));
		emit();
		L("attr.flags flags=0x%x get group=0x1 attr=0x1", flags[i]);
		if (R(dev_attr(vcpu, KVM_GET_DEVICE_ATTR, flags[i], G_TIMER, 1,
			       (ull)(uintptr_t)&v)) == 0)
			L(" val=0x%llx", (ull)v);
		emit();
		L("attr.flags flags=0x%x has group=0x0 attr=0x1", flags[i]);
		R(dev_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i], G_PMU, A_PMU_INIT, 0));
		emit();
		L("attr.flags flags=0x%x has group=0x3 attr=0x0", flags[i]);
		R(dev_attr(vcpu, KVM_HAS_DEVICE_ATTR, flags[i], 3, 0, 0));
		emit();
	}
	drop(vm, vcpu);
}

/* The PMU: INIT, then everything else is refused; the event filter; SET_PMU. */
static void attr_pmu(void)
{
	static const struct { uint16_t base, n; uint8_t action; } filters[] = {
		{ 0, 0x10, 2 }, { 0, 0x10, 0xff }, { 0, 0, 0 }, { 0xffff, 1, 0 }, { 0xffff, 2, 0 },
		{ 0x8000, 0x8000, 1 }, { 0x8000, 0x8001, 1 }, { 0, 0xffff, 1 }, { 0x3ff, 1, 0 },
		{ 0x400, 1, 0 }, { 0x11, 1, 0 },
	};
	static const int ids[] = { 0x7fff, -1, 0, 1, 4 };
	int vm, vcpu, v1;
	uint8_t v[8];

	vcpu = new_vcpu("attr.pmu-init", &vm, 0);
	vcpu_init0("attr.pmu-init", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.pmu-init", vcpu, G_PMU, A_PMU_INIT, "sshg", 0);
	attr_line("attr.pmu-init", vcpu, G_PMU, A_PMU_IRQ, "hgs", 23);
	attr_line("attr.pmu-init", vcpu, G_PMU, A_PMU_FILTER, "hs", filter_val(0, 1, 0));
	attr_line("attr.pmu-init", vcpu, G_PMU, A_PMU_SET_PMU, "hs", 0x7fff);
	attr_line("attr.pmu-init", vcpu, G_PMU, 4, "hs", 0);
	vcpu_init0("attr.pmu-init.reinit", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.pmu-init.reinit", vcpu, G_PMU, A_PMU_INIT, "s", 0);
	run_immediate("attr.pmu-init", vcpu);
	drop(vm, vcpu);

	/* The filter is the VM's; PMCEID0/1, which it masks, through ONE_REG. */
	vcpu = new_vcpu("attr.pmu-filter", &vm, 0);
	v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
	vcpu_init0("attr.pmu-filter", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	vcpu_init0("attr.pmu-filter", v1, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	get_reg("attr.pmu-filter.before", vcpu, SYS_ID(3, 3, 9, 12, 6), v);
	get_reg("attr.pmu-filter.before", vcpu, SYS_ID(3, 3, 9, 12, 7), v);
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		attr_line("attr.pmu-filter", i % 2 ? v1 : vcpu, G_PMU, A_PMU_FILTER, "s",
			  filter_val(filters[i].base, filters[i].n, filters[i].action));
	get_reg("attr.pmu-filter.after", vcpu, SYS_ID(3, 3, 9, 12, 6), v);
	/* Bytes 5..7 (padding) and the filter running into a PROT_NONE page. */
	{
		uint8_t *page = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		uint64_t f = filter_val(0, 1, 0) | 0xffffff0000000000ULL;

		if (page != MAP_FAILED) {
			mprotect(page + PAGE, PAGE, PROT_NONE);
			L("attr.pmu-filter set=%s pad=0xffffff", filter_str(&f));
			R(dev_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, G_PMU, A_PMU_FILTER,
				   (ull)(uintptr_t)&f));
			emit();
			memcpy(page + PAGE - 4, &f, 4);
			L("attr.pmu-filter set=half-in-noaccess");
			R(dev_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, G_PMU, A_PMU_FILTER,
				   (ull)(uintptr_t)(page + PAGE - 4)));
			emit();
			munmap(page, 2 * PAGE);
		}
	}
	kclose(v1);
	drop(vm, vcpu);

	/* A filter that allows one event only, then one that denies. */
	vcpu = new_vcpu("attr.pmu-allow", &vm, 0);
	vcpu_init0("attr.pmu-allow", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.pmu-allow", vcpu, G_PMU, A_PMU_FILTER, "s", filter_val(0x11, 1, 0));
	drop(vm, vcpu);
	vcpu = new_vcpu("attr.pmu-deny", &vm, 0);
	vcpu_init0("attr.pmu-deny", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.pmu-deny", vcpu, G_PMU, A_PMU_FILTER, "s", filter_val(0, 0x20, 1));
	drop(vm, vcpu);

	/* SET_PMU: ids that name no PMU; then which ids below 64 do (the host's). */
	vcpu = new_vcpu("attr.pmu-set-pmu", &vm, 0);
	vcpu_init0("attr.pmu-set-pmu", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		attr_line("attr.pmu-set-pmu", vcpu, G_PMU, A_PMU_SET_PMU, "s", (uint32_t)ids[i]);
	{
		int n = 0, first = -1;

		for (int id = 0; id < 64; id++) {
			uint64_t x = (uint32_t)id;

			if (dev_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, G_PMU, A_PMU_SET_PMU,
				     (ull)(uintptr_t)&x) == 0) {
				if (first < 0)
					first = id;
				n++;
			}
		}
		/* Which id is the host's (its perf PMU type) is the host's business. */
		L("attr.pmu-set-pmu set ids 0..63: accepted=%d -> first=%d", n, first);
		emitv(1);
	}
	drop(vm, vcpu);

	/*
	 * SET_PMU after PMCR_EL0.N was lowered: does the VM get the chosen
	 * PMU's counters back (6.12 keeps N per VM, 6.1 per vCPU)?
	 */
	vcpu = new_vcpu("attr.pmu-set-pmu.pmcr-n", &vm, 0);
	vcpu_init0("attr.pmu-set-pmu.pmcr-n", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	set_reg64("attr.pmu-set-pmu.pmcr-n", vcpu, SYS_ID(3, 3, 9, 12, 0), 2ULL << 11);
	get_reg("attr.pmu-set-pmu.pmcr-n", vcpu, SYS_ID(3, 3, 9, 12, 0), v);
	{
		long r = -1;

		for (int id = 0; id < 64 && r != 0; id++) {
			uint64_t x = (uint32_t)id;

			r = dev_attr(vcpu, KVM_SET_DEVICE_ATTR, 0, G_PMU, A_PMU_SET_PMU,
				     (ull)(uintptr_t)&x);
		}
		L("attr.pmu-set-pmu.pmcr-n set the host's PMU -> %s", r == 0 ? "0" : "none accepted");
		emit();
	}
	get_reg("attr.pmu-set-pmu.pmcr-n", vcpu, SYS_ID(3, 3, 9, 12, 0), v);
	set_reg64("attr.pmu-set-pmu.pmcr-n", vcpu, SYS_ID(3, 3, 9, 12, 0), 3ULL << 11);
	attr_line("attr.pmu-set-pmu.pmcr-n", vcpu, G_PMU, A_PMU_INIT, "s", 0);
	get_reg("attr.pmu-set-pmu.pmcr-n", vcpu, SYS_ID(3, 3, 9, 12, 0), v);
	drop(vm, vcpu);
}

/* PV time: the stolen-time structure's IPA must be 64-byte aligned, in a slot. */
static void attr_pvtime(void)
{
	static const ull ipas[] = { 0x10008, 0x10020, 0x0, 0x20000, 0x30000, 1ULL << 40,
				    1ULL << 52, 0xffffffffffffffc0ULL, 0x1ffc0 };
	int vm, vcpu, v[2];

	vcpu = new_vcpu("attr.pvtime", &vm, 0);
	vcpu_init0("attr.pvtime", vcpu, BIT(F_PSCI_0_2));
	setmem("attr.pvtime", vm, 0, 0, 0x10000, 0x10000, (ull)(uintptr_t)buf);
	setmem("attr.pvtime", vm, 1, KVM_MEM_READONLY, 0x30000, 0x1000, (ull)(uintptr_t)robuf);
	for (int i = 0; i < 2; i++)
		v[i] = (int)kio(vm, KVM_CREATE_VCPU, (ul)(i + 1));
	attr_line("attr.pvtime", vcpu, G_PVTIME, 0, "g", 0);
	for (size_t i = 0; i < sizeof(ipas) / sizeof(ipas[0]); i++)
		attr_line("attr.pvtime", v[0], G_PVTIME, 0, "s", ipas[i]);
	attr_line("attr.pvtime.vcpu1", v[0], G_PVTIME, 0, "g", 0);
	attr_line("attr.pvtime", vcpu, G_PVTIME, 0, "sg", 0x10000);
	attr_line("attr.pvtime.again", vcpu, G_PVTIME, 0, "sg", 0x10040);
	attr_line("attr.pvtime.again", vcpu, G_PVTIME, 0, "s", 0x10008);
	attr_line("attr.pvtime.again", vcpu, G_PVTIME, 0, "s", 0x0);
	/* Another vCPU may use the same IPA; an uninitialised one too. */
	attr_line("attr.pvtime.vcpu2", v[1], G_PVTIME, 0, "sg", 0x10000);
	vcpu_init0("attr.pvtime.vcpu2", v[1], BIT(F_PSCI_0_2));
	attr_line("attr.pvtime.vcpu2.after-init", v[1], G_PVTIME, 0, "g", 0);
	/* The slot goes; a re-init; the vCPU runs: the IPA stays. */
	setmem("attr.pvtime", vm, 0, 0, 0x10000, 0, 0);
	attr_line("attr.pvtime.slot-gone", vcpu, G_PVTIME, 0, "g", 0);
	vcpu_init0("attr.pvtime.reinit", vcpu, BIT(F_PSCI_0_2));
	attr_line("attr.pvtime.reinit", vcpu, G_PVTIME, 0, "g", 0);
	run_immediate("attr.pvtime", vcpu);
	attr_line("attr.pvtime.after-run", vcpu, G_PVTIME, 0, "g", 0);
	for (int i = 0; i < 2; i++)
		kclose(v[i]);
	drop(vm, vcpu);
}

/* Which vCPU has a PMU: features of the VM, of a refused INIT; KVM_RUN. */
static void attr_pmu_vcpus(void)
{
	int vm, vcpu, v1;

	/* An uninitialised vCPU beside one with a PMU. */
	vcpu = new_vcpu("attr.beside-pmu", &vm, 0);
	v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
	vcpu_init0("attr.beside-pmu", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.beside-pmu.vcpu1", v1, G_PMU, A_PMU_INIT, "h", 0);
	attr_line("attr.beside-pmu.vcpu1", v1, G_PMU, A_PMU_FILTER, "s", filter_val(0, 1, 0));
	attr_line("attr.beside-pmu.vcpu1", v1, G_PMU, A_PMU_INIT, "ss", 0);
	vcpu_init0("attr.beside-pmu.vcpu1", v1, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	attr_line("attr.beside-pmu.vcpu1.after-init", v1, G_PMU, A_PMU_INIT, "hs", 0);
	kclose(v1);
	drop(vm, vcpu);
	vcpu = new_vcpu("attr.beside-plain", &vm, 0);
	v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
	vcpu_init0("attr.beside-plain", vcpu, BIT(F_PSCI_0_2));
	attr_line("attr.beside-plain.vcpu1", v1, G_PMU, A_PMU_INIT, "hs", 0);
	kclose(v1);
	drop(vm, vcpu);

	/* An INIT refused for an unknown bit, with PMU_V3 among the known ones. */
	vcpu = new_vcpu("attr.refused-init", &vm, 0);
	vcpu_init0("attr.refused-init", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3) | BIT(7));
	attr_line("attr.refused-init", vcpu, G_PMU, A_PMU_INIT, "hs", 0);
	run_immediate("attr.refused-init", vcpu);
	drop(vm, vcpu);

	/* KVM_RUN: a vCPU with a PMU needs its INIT first; then the VM has run. */
	vcpu = new_vcpu("attr.run", &vm, 0);
	v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
	vcpu_init0("attr.run", vcpu, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	vcpu_init0("attr.run", v1, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	run_immediate("attr.run.no-pmu-init", vcpu);
	attr_line("attr.run.no-pmu-init", vcpu, G_PMU, A_PMU_FILTER, "s", filter_val(0, 1, 0));
	attr_line("attr.run", vcpu, G_PMU, A_PMU_INIT, "s", 0);
	run_immediate("attr.run.pmu-init", vcpu);
	run_immediate("attr.run.pmu-init.again", vcpu);
	attr_line("attr.run.vcpu1", v1, G_PMU, A_PMU_FILTER, "s", filter_val(0, 1, 0));
	attr_line("attr.run.vcpu1", v1, G_PMU, A_PMU_FILTER, "s", filter_val(0, 1, 2));
	attr_line("attr.run.vcpu1", v1, G_PMU, A_PMU_SET_PMU, "s", 0x7fff);
	attr_line("attr.run.vcpu1", v1, G_PMU, A_PMU_IRQ, "s", 23);
	{
		int ok = 0, busy = 0;

		/* The host's PMU too is refused now; no other id is found. */
		for (int id = 0; id < 64; id++) {
			uint64_t x = (uint32_t)id;

			if (dev_attr(v1, KVM_SET_DEVICE_ATTR, 0, G_PMU, A_PMU_SET_PMU,
				     (ull)(uintptr_t)&x) == 0)
				ok++;
			else if (g_err == EBUSY)
				busy++;
		}
		L("attr.run.vcpu1 set-pmu ids 0..63 -> accepted=%d busy=%d", ok, busy);
		emit();
	}
	run_immediate("attr.run.vcpu1", v1);
	attr_line("attr.run.vcpu1", v1, G_PMU, A_PMU_INIT, "hs", 0);
	run_immediate("attr.run.vcpu1", v1);
	kclose(v1);
	drop(vm, vcpu);
}

void sec_arm64_vcpu_attr(void)
{
	section("arm64.vcpu-attr");
	attr_table();
	attr_pointers();
	attr_flags();
	attr_pmu();
	attr_pvtime();
	attr_pmu_vcpus();
}

/* ------------------------------------------------------------------------ */
/* What the VM refuses to change once one of its vCPUs has run               */

/* How a row makes its "other" value from the one the register has. */
enum { ALT_VAL, ALT_SUB, ALT_ADD, ALT_FIELD0 };
/* Rows tried before the run only; rows tried on the vCPU made after it too. */
#define RO_BEFORE	1
#define RO_NEW		2

struct ro_reg {
	ull id;
	int kind;
	ull x;		/* the value, the amount, or field [3:0]'s new value */
	int flags;
};

static const struct ro_reg ro_regs[] = {
	{ ID_FW(0), ALT_VAL, 0x10000, RO_NEW },			/* PSCI 1.0 */
	{ ID_FW(1), ALT_VAL, 0, 0 },
	{ ID_FW(2), ALT_VAL, 1, 0 },
	{ ID_FW(3), ALT_VAL, 1, 0 },
	{ ID_BMAP(0), ALT_VAL, 0, RO_NEW },
	{ ID_BMAP(1), ALT_VAL, 0, 0 },
	{ ID_BMAP(2), ALT_VAL, 0, 0 },
	{ ID_BMAP(2), ALT_VAL, 0x4, 0 },			/* a bit no service has */
	{ SYS_ID(3, 0, 0, 0, 0), ALT_VAL, 0, RO_NEW },		/* MIDR_EL1 */
	{ ID_MPIDR, ALT_ADD, 1, 0 },
	{ SYS_ID(3, 0, 0, 1, 0), ALT_SUB, 1, 0 },		/* ID_PFR0_EL1.State0 */
	{ SYS_ID(3, 0, 0, 1, 1), ALT_SUB, 1, RO_NEW },		/* ID_PFR1_EL1.ProgMod */
	{ SYS_ID(3, 0, 0, 1, 1), ALT_SUB, 1ULL << 28, RO_BEFORE }, /* ... GIC */
	{ SYS_ID(3, 0, 0, 4, 0), ALT_SUB, 1, 0 },		/* ID_AA64PFR0_EL1.EL0 */
	{ SYS_ID(3, 0, 0, 4, 0), ALT_SUB, 1ULL << 56, RO_NEW },	/* ... CSV2 */
	{ SYS_ID(3, 0, 0, 4, 0), ALT_SUB, 1ULL << 24, RO_BEFORE }, /* ... GIC */
	{ SYS_ID(3, 0, 0, 4, 0), ALT_ADD, 1, 0 },		/* ... EL0 raised */
	{ SYS_ID(3, 0, 0, 5, 0), ALT_SUB, 1, 0 },		/* ID_AA64DFR0_EL1.DebugVer */
	{ SYS_ID(3, 0, 0, 5, 0), ALT_FIELD0, 5, 0 },		/* ... below Armv8's */
	{ SYS_ID(3, 0, 0, 6, 0), ALT_SUB, 0x10, RO_NEW },	/* ID_AA64ISAR0_EL1.AES */
	{ SYS_ID(3, 0, 0, 7, 0), ALT_SUB, 1, 0 },		/* ID_AA64MMFR0_EL1.PARange */
	{ SYS_ID(3, 1, 0, 0, 1), ALT_VAL, 0, 0 },		/* CLIDR_EL1 */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_SUB, 1, 0 },		/* CTR_EL0.IminLine */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_ADD, 1, RO_BEFORE },	/* ... raised */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_SUB, 1ULL << 16, RO_BEFORE }, /* ... DminLine */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_SUB, 1ULL << 20, RO_BEFORE }, /* ... ERG */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_SUB, 1ULL << 24, RO_BEFORE }, /* ... CWG */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_SUB, 1ULL << 28, RO_BEFORE }, /* ... IDC */
	{ SYS_ID(3, 3, 0, 0, 1), ALT_ADD, 1ULL << 29, RO_BEFORE }, /* ... DIC raised */
};

#define ID_PMCR		SYS_ID(3, 3, 9, 12, 0)

static ull ro_alt(const struct ro_reg *r, ull val)
{
	switch (r->kind) {
	case ALT_SUB:
		return val - r->x;
	case ALT_ADD:
		return val + r->x;
	case ALT_FIELD0:
		return (val & ~0xfULL) | r->x;
	default:
		return r->x;
	}
}

/* " NAME=0x..." or " NAME -> -1 ERRNO": a get, its value in *@val. */
static long ro_get(const char *name, int vcpu, ull id, ull *val)
{
	long r = one_reg(vcpu, KVM_GET_ONE_REG, id, val);

	if (r == 0) {
		L(" %s=0x%llx", name, *val);
	} else {
		L(" %s", name);
		R(r);
	}
	return r;
}

static long ro_set(const char *name, int vcpu, ull id, ull val)
{
	L(" %s=0x%llx", name, val);
	return R(one_reg(vcpu, KVM_SET_ONE_REG, id, &val));
}

/*
 * Before any run: the other value set on @v0 and read on both vCPUs; the
 * value set back through @v1 (does @v0 see it?), then through @v0.
 */
static void ro_before(const char *where, int v0, int v1, const struct ro_reg *r)
{
	ull val = 0, x = 0;

	L("%s %s", where, regname(r->id));
	if (ro_get("get", v0, r->id, &val) == 0) {
		ro_set("set", v0, r->id, ro_alt(r, val));
		ro_get("get", v0, r->id, &x);
		ro_get("vcpu1.get", v1, r->id, &x);
		ro_set("vcpu1.set", v1, r->id, val);
		ro_get("get", v0, r->id, &x);
		ro_set("set", v0, r->id, val);
	}
	emit();
}

/* After: the other value, then the value the register has. */
static void ro_after(const char *where, int vcpu, const struct ro_reg *r)
{
	ull val = 0, x = 0;

	L("%s %s", where, regname(r->id));
	if (ro_get("get", vcpu, r->id, &val) == 0) {
		ro_set("set", vcpu, r->id, ro_alt(r, val));
		ro_get("get", vcpu, r->id, &x);
		ro_set("set", vcpu, r->id, val);
		ro_get("get", vcpu, r->id, &x);
	}
	emit();
}

/* A changed value, then both vCPUs initialised again: is it still there? */
static void ro_reinit(const int *v, uint32_t psci)
{
	static const struct ro_reg regs[] = {
		{ SYS_ID(3, 0, 0, 4, 0), ALT_SUB, 1ULL << 56, 0 },	/* CSV2 */
		{ SYS_ID(3, 0, 0, 6, 0), ALT_SUB, 0x10, 0 },	/* AES */
		{ ID_MPIDR, ALT_ADD, 0x100, 0 },
		{ SYS_ID(3, 1, 0, 0, 1), ALT_VAL, 0, 0 },	/* CLIDR_EL1 */
	};
	const size_t n = sizeof(regs) / sizeof(regs[0]);
	ull val[sizeof(regs) / sizeof(regs[0])] = { 0 }, x;

	for (size_t i = 0; i < n; i++) {
		L("ran-once.before.reinit %s", regname(regs[i].id));
		if (ro_get("get", v[0], regs[i].id, &val[i]) == 0)
			ro_set("set", v[0], regs[i].id, ro_alt(&regs[i], val[i]));
		emit();
	}
	vcpu_init0("ran-once.before.reinit", v[1], psci);
	vcpu_init0("ran-once.before.reinit", v[0], psci);
	for (size_t i = 0; i < n; i++) {
		L("ran-once.before.reinit %s", regname(regs[i].id));
		ro_get("get", v[0], regs[i].id, &x);
		ro_get("vcpu1.get", v[1], regs[i].id, &x);
		ro_set("set", v[0], regs[i].id, val[i]);
		emit();
	}
}

/* Which of the VM's capabilities may still be enabled after the run. */
static void ro_caps(const char *where, int vm)
{
	enable_cap(where, vm, CAP_ARM_NISV_TO_USER, 0, 0, 0);
	enable_cap(where, vm, CAP_ARM_SYSTEM_SUSPEND, 0, 0, 0);
	enable_cap(where, vm, CAP_ARM_EAGER_SPLIT_CHUNK_SIZE, 0, 0, 0);
}

/* PMCR_EL0.N: the VM's number of counters (6.12), after a run too. */
static void ro_pmu(void)
{
	static const struct ro_reg pmcr = { ID_PMCR, ALT_SUB, 1ULL << 11, 0 };
	int vm, v0, v1;

	v0 = new_vcpu("ran-once.pmu", &vm, 0);
	v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
	init_quiet("ran-once.pmu", v0, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	init_quiet("ran-once.pmu", v1, BIT(F_PSCI_0_2) | BIT(F_PMU_V3));
	ro_before("ran-once.pmu.before", v0, v1, &pmcr);
	attr_line("ran-once.pmu", v0, G_PMU, A_PMU_INIT, "s", 0);
	run_immediate("ran-once.pmu", v0);
	ro_after("ran-once.pmu.after.vcpu0", v0, &pmcr);
	ro_after("ran-once.pmu.after.vcpu1", v1, &pmcr);
	kclose(v1);
	drop(vm, v0);
}

void sec_arm64_ran_once(void)
{
	const size_t n = sizeof(ro_regs) / sizeof(ro_regs[0]);
	const uint32_t psci = BIT(F_PSCI_0_2);
	int vm, v[4];

	section("arm64.ran-once");
	v[0] = new_vcpu("ran-once", &vm, 0);
	v[1] = create_vcpu("ran-once", vm, 1);
	vcpu_init0("ran-once", v[0], psci);
	vcpu_init0("ran-once", v[1], psci);
	for (size_t i = 0; i < n; i++)
		ro_before("ran-once.before", v[0], v[1], &ro_regs[i]);
	ro_reinit(v, psci);
	run_immediate("ran-once", v[0]);
	v[2] = create_vcpu("ran-once.after", vm, 2);
	vcpu_init0("ran-once.after.vcpu2", v[2], psci);
	for (int c = 0; c < 3; c++) {
		char where[64];

		snprintf(where, sizeof(where), "ran-once.after.vcpu%d", c);
		for (size_t i = 0; i < n; i++)
			if (!(ro_regs[i].flags & RO_BEFORE))
				ro_after(where, v[c], &ro_regs[i]);
	}
	/* KVM_ARM_VCPU_INIT after the run: again, and of a vCPU made after it. */
	vcpu_init0("ran-once.after.vcpu0.reinit", v[0], psci);
	vcpu_init0("ran-once.after.vcpu1.reinit", v[1], psci);
	v[3] = create_vcpu("ran-once.after", vm, 3);
	vcpu_init0("ran-once.after.vcpu3", v[3], 0);
	vcpu_init0("ran-once.after.vcpu3", v[3], psci | BIT(F_POWER_OFF));
	vcpu_init0("ran-once.after.vcpu3", v[3], psci);
	for (size_t i = 0; i < n; i++)
		if (ro_regs[i].flags & RO_NEW)
			ro_after("ran-once.after.vcpu3", v[3], &ro_regs[i]);
	run_immediate("ran-once.after.vcpu0.reinit", v[0]);
	run_immediate("ran-once.after.vcpu1", v[1]);
	ro_after("ran-once.after.vcpu1.ran", v[1], &ro_regs[4]);
	ro_caps("ran-once.after", vm);
	for (int c = 1; c < 4; c++)
		kclose(v[c]);
	drop(vm, v[0]);
	ro_pmu();
}

/* ------------------------------------------------------------------------ */
/* KVM_GET_VCPU_EVENTS / KVM_SET_VCPU_EVENTS                                 */

#define ID_ESR_EL1	SYS_ID(3, 0, 5, 2, 0)
#define ID_FAR_EL1	SYS_ID(3, 0, 6, 0, 0)
#define ID_ELR_EL1	CORE_ID(KVM_REG_SIZE_U64, 0x46)
#define ID_SPSR_EL1	CORE_ID(KVM_REG_SIZE_U64, 0x48)

/* Every field of a GET into a buffer of 0xff, and how many other bytes are not zero. */
static long events_get(const char *where, int vcpu)
{
	struct kvm_vcpu_events e;

	memset(&e, 0xff, sizeof(e));
	L("%s KVM_GET_VCPU_EVENTS", where);
	long r = R(kiop(vcpu, KVM_GET_VCPU_EVENTS, &e));
	if (r == 0)
		L(" serror_pending=%u serror_has_esr=%u ext_dabt_pending=%u serror_esr=0x%llx"
		  " pad_nz=%zu reserved_nz=%zu", e.exception.serror_pending,
		  e.exception.serror_has_esr, e.exception.ext_dabt_pending,
		  (ull)e.exception.serror_esr, nonzero(e.exception.pad, sizeof(e.exception.pad)),
		  nonzero((const uint8_t *)e.reserved, sizeof(e.reserved)));
	emit();
	return r;
}

/* @pad and @rsv: index + 1 of the pad byte or reserved word set to 1 (0: none). */
static long events_set(const char *where, int vcpu, int pending, int has_esr, int dabt, ull esr,
		       int pad, int rsv)
{
	struct kvm_vcpu_events e;

	memset(&e, 0, sizeof(e));
	e.exception.serror_pending = (uint8_t)pending;
	e.exception.serror_has_esr = (uint8_t)has_esr;
	e.exception.ext_dabt_pending = (uint8_t)dabt;
	e.exception.serror_esr = esr;
	if (pad)
		e.exception.pad[pad - 1] = 1;
	if (rsv)
		e.reserved[rsv - 1] = 1;
	L("%s KVM_SET_VCPU_EVENTS serror_pending=%d serror_has_esr=%d ext_dabt_pending=%d"
	  " serror_esr=0x%llx", where, pending, has_esr, dabt, esr);
	if (pad)
		L(" pad[%d]=1", pad - 1);
	if (rsv)
		L(" reserved[%d]=1", rsv - 1);
	long r = R(kiop(vcpu, KVM_SET_VCPU_EVENTS, &e));
	emit();
	return r;
}

/* The registers an exception entry writes: is an injection visible before a run? */
static void events_regs(const char *where, int vcpu)
{
	static const ull ids[] = { REG_PC, ID_PSTATE, ID_ESR_EL1, ID_FAR_EL1, ID_ELR_EL1,
				   ID_SPSR_EL1 };
	uint8_t val[8];

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		get_reg(where, vcpu, ids[i], val);
}

void sec_arm64_events(void)
{
	int vm, vm32, v0, v1, v32;

	section("arm64.events");
	v0 = new_vcpu("events", &vm, 0);
	events_set("events.uninit", v0, 1, 0, 0, 0, 0, 0);
	events_get("events.uninit", v0);
	vcpu_init0("events", v0, 0);
	events_get("events", v0);
	L("events KVM_GET_VCPU_EVENTS NULL");
	R(kio(v0, KVM_GET_VCPU_EVENTS, 0));
	emit();
	L("events KVM_SET_VCPU_EVENTS NULL");
	R(kio(v0, KVM_SET_VCPU_EVENTS, 0));
	emit();
	events_set("events", v0, 0, 0, 0, 0, 0, 0);
	events_get("events.zeros", v0);
	/* With an SError asked for: a refusal must leave none pending. */
	for (int i = 1; i <= 5; i++)
		events_set("events.pad", v0, 1, 0, 0, 0, i, 0);
	for (int i = 1; i <= 12; i++)
		events_set("events.reserved", v0, 1, 0, 0, 0, 0, i);
	events_get("events.refused", v0);
	events_set("events.esr-only", v0, 0, 1, 0, 0x1234, 0, 0);
	events_get("events.esr-only", v0);
	events_set("events.serror", v0, 1, 0, 0, 0, 0, 0);
	events_get("events.serror", v0);
	events_set("events.serror", v0, 0, 0, 0, 0, 0, 0);
	events_get("events.serror.then-zeros", v0);
	events_set("events.serror-esr", v0, 1, 1, 0, 0x1234, 0, 0);
	events_get("events.serror-esr", v0);
	events_set("events.serror-esr", v0, 1, 1, 0, 1ULL << 24, 0, 0);
	events_get("events.serror-esr", v0);
	events_set("events.serror-esr", v0, 1, 1, 0, 1ULL << 25, 0, 0);
	events_set("events.serror-esr", v0, 1, 1, 0, 1ULL << 63, 0, 0);
	events_get("events.serror-esr.refused", v0);
	vcpu_init0("events.reinit", v0, 0);
	events_get("events.reinit", v0);

	/* The external data abort, on a vCPU with known PC and FAR. */
	v1 = create_vcpu("events.dabt", vm, 1);
	vcpu_init0("events.dabt", v1, 0);
	set_reg64("events.dabt", v1, REG_PC, 0x1000);
	set_reg64("events.dabt", v1, ID_FAR_EL1, 0x5555);
	events_set("events.dabt", v1, 0, 0, 1, 0, 0, 0);
	events_get("events.dabt", v1);
	events_regs("events.dabt", v1);
	events_set("events.dabt.both", v1, 1, 1, 1, 0x42, 0, 0);
	events_get("events.dabt.both", v1);
	events_regs("events.dabt.both", v1);
	kclose(v1);
	drop(vm, v0);

	/* A 32-bit EL1 vCPU. */
	v32 = new_vcpu("events.el1-32", &vm32, 0);
	if (vcpu_init0("events.el1-32", v32, BIT(F_EL1_32BIT)) == 0) {
		set_reg64("events.el1-32", v32, REG_PC, 0x1000);
		set_reg64("events.el1-32", v32, ID_FAR_EL1, 0x5555);
		events_get("events.el1-32", v32);
		events_set("events.el1-32", v32, 0, 0, 1, 0, 0, 0);
		events_get("events.el1-32", v32);
		events_regs("events.el1-32", v32);
		events_set("events.el1-32", v32, 1, 1, 0, 0x1234, 0, 0);
		events_get("events.el1-32", v32);
	}
	drop(vm32, v32);
}
