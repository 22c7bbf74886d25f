/*
 * ptrauth.c - conformance section arm64.ptrauth: pointer authentication
 * (KVM_ARM_VCPU_PTRAUTH_ADDRESS and _GENERIC).  On a host without it (the
 * harness's default CPU, -cpu max,pauth=off) the section shows the
 * refusals; on one with it (tests/real/hosts.sh: qemu-max-pauth-mte) what
 * a vCPU with the keys gets: its register list, the ten key registers,
 * ID_AA64ISAR1_EL1 and the rules for mixing features.
 */
#include "conform.h"

#define F_PTRAUTH	(BIT(F_PTRAUTH_ADDRESS) | BIT(F_PTRAUTH_GENERIC))
#define ID_ISAR1	SYS_ID(3, 0, 0, 6, 1)
/* APA, API, GPA, GPI: the pointer authentication fields of ID_AA64ISAR1_EL1. */
#define ISAR1_PAUTH	0xff000ff0ULL

/* The key registers: APxKEYLO_EL1 and APxKEYHI_EL1 for IA, IB, DA, DB, GA. */
static const ull keys[] = {
	SYS_ID(3, 0, 2, 1, 0), SYS_ID(3, 0, 2, 1, 1), SYS_ID(3, 0, 2, 1, 2),
	SYS_ID(3, 0, 2, 1, 3), SYS_ID(3, 0, 2, 2, 0), SYS_ID(3, 0, 2, 2, 1),
	SYS_ID(3, 0, 2, 2, 2), SYS_ID(3, 0, 2, 2, 3), SYS_ID(3, 0, 2, 3, 0),
	SYS_ID(3, 0, 2, 3, 1),
};
#define NR_KEYS (sizeof(keys) / sizeof(keys[0]))

static void caps(void)
{
	static const struct { long cap; const char *name; } c[] = {
		{ KVM_CAP_ARM_PTRAUTH_ADDRESS, "KVM_CAP_ARM_PTRAUTH_ADDRESS" },
		{ KVM_CAP_ARM_PTRAUTH_GENERIC, "KVM_CAP_ARM_PTRAUTH_GENERIC" },
	};
	int vm = (int)kio(kvm, KVM_CREATE_VM, 0);

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		L("ptrauth.caps sys KVM_CHECK_EXTENSION %s", c[i].name);
		R(kio(kvm, KVM_CHECK_EXTENSION, c[i].cap));
		emit();
		L("ptrauth.caps vm KVM_CHECK_EXTENSION %s", c[i].name);
		R(kio(vm, KVM_CHECK_EXTENSION, c[i].cap));
		emit();
	}
	kclose(vm);
}

/* Each way of asking for the keys, on a fresh VM: only both together with the host's support. */
static void init_rules(void)
{
	static const struct { const char *name; uint32_t f0; } t[] = {
		{ "address", BIT(F_PSCI_0_2) | BIT(F_PTRAUTH_ADDRESS) },
		{ "generic", BIT(F_PSCI_0_2) | BIT(F_PTRAUTH_GENERIC) },
		{ "both", BIT(F_PSCI_0_2) | F_PTRAUTH },
		{ "both+pmu", BIT(F_PSCI_0_2) | F_PTRAUTH | BIT(F_PMU_V3) },
		{ "both+el1-32", BIT(F_PSCI_0_2) | F_PTRAUTH | BIT(F_EL1_32BIT) },
		{ "both+power-off", BIT(F_PSCI_0_2) | F_PTRAUTH | BIT(F_POWER_OFF) },
	};
	char where[64];
	int vm, vcpu;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(where, sizeof(where), "ptrauth.init.%s", t[i].name);
		vcpu = new_vcpu(where, &vm, 0);
		vcpu_init0(where, vcpu, t[i].f0);
		/* A refused INIT leaves the vCPU uninitialised. */
		get_reg_list_n(where, vcpu);
		drop(vm, vcpu);
	}
}

/* The keys of a vCPU: read (reset value), then a value of each key's own written and read back. */
static void key_values(const char *where, int vcpu)
{
	uint8_t v[8];

	for (size_t i = 0; i < NR_KEYS; i++)
		get_reg(where, vcpu, keys[i], v);
	for (size_t i = 0; i < NR_KEYS; i++) {
		if (set_reg64(where, vcpu, keys[i], 0x0123456789abcdefULL ^ (i << 56)) == 0)
			get_reg(where, vcpu, keys[i], v);
	}
}

/* ID_AA64ISAR1_EL1: its value, then the pointer authentication fields cleared, then all set. */
static void isar1(const char *where, int vcpu)
{
	uint8_t v[8];
	ull val;

	if (get_reg(where, vcpu, ID_ISAR1, v))
		return;
	memcpy(&val, v, 8);
	set_reg64(where, vcpu, ID_ISAR1, val & ~ISAR1_PAUTH);
	set_reg64(where, vcpu, ID_ISAR1, val | 0x11000110ULL);
	get_reg(where, vcpu, ID_ISAR1, v);
}

/* One VM, two vCPUs: keys on the first only, then the other way round. */
static void mixing(void)
{
	static const struct { const char *name; uint32_t first, second; } t[] = {
		{ "keys-then-none", F_PTRAUTH, 0 },
		{ "none-then-keys", 0, F_PTRAUTH },
	};
	char where[64];
	int vm, v0, v1;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(where, sizeof(where), "ptrauth.mix.%s", t[i].name);
		v0 = new_vcpu(where, &vm, 0);
		v1 = (int)kio(vm, KVM_CREATE_VCPU, 1);
		vcpu_init0(where, v0, BIT(F_PSCI_0_2) | t[i].first);
		vcpu_init0(where, v1, BIT(F_PSCI_0_2) | t[i].second);
		get_reg_list_n(where, v0);
		get_reg_list_n(where, v1);
		isar1(where, v1);
		kclose(v1);
		drop(vm, v0);
	}
}

/* A second VCPU_INIT of the same vCPU with other pointer authentication features. */
static void reinit(void)
{
	uint8_t v[8];
	int vm, vcpu;

	vcpu = new_vcpu("ptrauth.reinit", &vm, 0);
	if (vcpu_init0("ptrauth.reinit", vcpu, BIT(F_PSCI_0_2) | F_PTRAUTH) == 0) {
		set_reg64("ptrauth.reinit", vcpu, keys[0], 0x1122334455667788ULL);
		vcpu_init0("ptrauth.reinit", vcpu, BIT(F_PSCI_0_2));
		vcpu_init0("ptrauth.reinit", vcpu, BIT(F_PSCI_0_2) | BIT(F_PTRAUTH_ADDRESS));
		/* The same features again: a reset, the key back to its reset value. */
		vcpu_init0("ptrauth.reinit", vcpu, BIT(F_PSCI_0_2) | F_PTRAUTH);
		get_reg("ptrauth.reinit", vcpu, keys[0], v);
	}
	drop(vm, vcpu);
}

/*
 * An INIT with the keys that a later check refuses (a register width the
 * VM does not take), then one without them: does the vCPU have keys?
 */
static void refused_state(void)
{
	const char *where = "ptrauth.refused-state";
	uint8_t v[8];
	int vm, vcpu, other;

	vcpu = new_vcpu(where, &vm, 0);
	other = (int)kio(vm, KVM_CREATE_VCPU, 1);
	vcpu_init0(where, other, BIT(F_PSCI_0_2));
	if (vcpu_init0(where, vcpu, BIT(F_PSCI_0_2) | F_PTRAUTH | BIT(F_EL1_32BIT)) != 0 &&
	    vcpu_init0(where, vcpu, BIT(F_PSCI_0_2)) == 0) {
		get_reg_list_n(where, vcpu);
		get_reg(where, vcpu, keys[0], v);
		get_reg(where, vcpu, ID_ISAR1, v);
	}
	kclose(other);
	drop(vm, vcpu);
}

void sec_arm64_ptrauth(void)
{
	uint8_t v[8];
	int vm, vcpu;

	section("arm64.ptrauth");
	caps();
	init_rules();

	/* A vCPU without the keys has no such registers. */
	vcpu = new_vcpu("ptrauth.none", &vm, 0);
	vcpu_init0("ptrauth.none", vcpu, BIT(F_PSCI_0_2));
	get_reg("ptrauth.none", vcpu, keys[0], v);
	set_reg64("ptrauth.none", vcpu, keys[9], 1);
	isar1("ptrauth.none", vcpu);
	drop(vm, vcpu);

	vcpu = new_vcpu("ptrauth.keys", &vm, 0);
	if (vcpu_init0("ptrauth.keys", vcpu, BIT(F_PSCI_0_2) | F_PTRAUTH) == 0) {
		dump_reglist("ptrauth", vcpu, 0);
		key_values("ptrauth.keys", vcpu);
		isar1("ptrauth.keys", vcpu);
	}
	drop(vm, vcpu);

	/* With SVE: the keys and the SVE registers together. */
	vcpu = new_vcpu("ptrauth.sve", &vm, 0);
	if (vcpu_init0("ptrauth.sve", vcpu, BIT(F_PSCI_0_2) | F_PTRAUTH | BIT(F_SVE)) == 0) {
		finalize("ptrauth.sve", vcpu, F_SVE);
		get_reg_list_n("ptrauth.sve", vcpu);
	}
	drop(vm, vcpu);

	mixing();
	reinit();
	refused_state();
}
