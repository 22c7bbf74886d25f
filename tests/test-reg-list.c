// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * KVM_GET_REG_LIST, in the manner of the kernel's get-reg-list selftest: per
 * configuration and kernel the blessed list (the same ids in the same
 * order), the count with E2BIG, bad buffers, and every listed register
 * read, written back with its own value, written with 0 and with all-ones
 * (read back, then restored), rejects included.
 *
 * Expected values: tests/conform/real-*.txt, section "arm64.reglist", and
 * for the pointer authentication host real-*-pauth-mte.txt's "reg.ptrauth".  The
 * blessed lists and what each register answered are generated from the
 * "reg.<cfg> ..." lines by tests/reg-lists/gen-reg-lists.awk into
 * reg-lists.h; the counts and features are written out below.
 *
 * The configurations of optional features (pmu, sve, el1-32) run where the
 * host offers them.  The base and psci0.1 lists are the same ids on qemu-n1
 * (real-*-n1.txt "reglist.base id[...]", "reglist.base KVM_GET_REG_LIST
 * n=4096 -> 0 n=242" on 6.1, "n=259" on 6.12), but what their registers
 * read is the host CPU's: the walk of every register runs on the host its
 * values were recorded on.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "kvm_util.h"

/* ---- the generated tables --------------------------------------------- */

/* A value as the transcripts print it. */
enum reg_val_kind {
	RV_NONE,	/* nothing read (the write before it failed) */
	RV_WORDS,	/* up to 512 bits, 64-bit words least significant first */
	RV_HASH,	/* wider: FNV-1a of the bytes and how many are non-zero */
	RV_VARY,	/* a counter: moves by itself */
};

struct reg_val {
	enum reg_val_kind kind;
	uint64_t w[8];
	uint32_t fnv;
	uint32_t nz;
};

#define NONE		{ RV_NONE, { 0 }, 0, 0 }
#define VARY		{ RV_VARY, { 0 }, 0, 0 }
#define VAL(...)	{ RV_WORDS, { __VA_ARGS__ }, 0, 0 }
#define HASH(h, n)	{ RV_HASH, { 0 }, (h), (n) }

/* One "reg.<cfg> NAME ID get -> ... set-same -> ... set-0 -> ... set-ones -> ..." line. */
struct reg_walk {
	uint64_t id;
	int get_err;
	struct reg_val get;
	int same_err;
	int zero_err;
	struct reg_val zero_rb;
	int ones_err;
	struct reg_val ones_rb;
};

struct reg_walk_list {
	const char *kernel;
	const char *cfg;
	const struct reg_walk *regs;
	size_t n;
};

#include "reg-lists.h"

static const struct reg_walk_list *blessed_list(const char *kernel, const char *cfg)
{
	for (size_t i = 0; i < ARRAY_SIZE(reg_walk_lists); i++)
		if (kernel_is(kernel, reg_walk_lists[i].kernel) &&
		    !strcmp(cfg, reg_walk_lists[i].cfg))
			return &reg_walk_lists[i];
	cr_assert_fail("no blessed list for %s on %s", cfg, kernel);
	return NULL;
}

/* ---- configurations ---------------------------------------------------- */

#define PSCI	FEATURE(PSCI_0_2)

struct reg_list_case {
	char kernel[KERNEL_NAME_MAX];
	char cfg[16];
	uint32_t features;
	uint64_t n;
	long host_cap;	/* 0, or the capability of the host CPU it needs */
};

#define PTRAUTH	(FEATURE(PTRAUTH_ADDRESS) | FEATURE(PTRAUTH_GENERIC))

/*
 * real-*.txt "reglist.<cfg> KVM_ARM_VCPU_INIT target=5 features=...",
 * "reglist.<cfg> KVM_GET_REG_LIST n=4096 -> 0 n=..."
 */
static struct reg_list_case reg_list_cases[] = {
	ON_6_1("base", PSCI, 242),
	ON_6_1("pmu", PSCI | FEATURE(PMU_V3), 316),
	ON_6_1("sve", PSCI | FEATURE(SVE), 261),
	ON_6_1("el1-32", PSCI | FEATURE(EL1_32BIT), 242),
	ON_6_1("psci0.1", 0, 242),
	ON_6_12("base", PSCI, 259),
	ON_6_12("pmu", PSCI | FEATURE(PMU_V3), 333),
	ON_6_12("sve", PSCI | FEATURE(SVE), 278),
	ON_6_12("el1-32", PSCI | FEATURE(EL1_32BIT), 259),
	ON_6_12("psci0.1", 0, 259),
	/* real-*-pauth-mte.txt "reglist.ptrauth ...": the host qemu-max-pauth-mte */
	ON_6_1("ptrauth", PSCI | PTRAUTH, 252, KVM_CAP_ARM_PTRAUTH_GENERIC),
	ON_6_12("ptrauth", PSCI | PTRAUTH, 269, KVM_CAP_ARM_PTRAUTH_GENERIC),
};

/* The configuration's vCPU, SVE finalized: the list is complete only then. */
static int cfg_vcpu(const struct reg_list_case *c)
{
	int vcpu;

	if (c->host_cap)
		require_host_cap(HOST_PAUTH_MTE, c->host_cap);
	else
		require_vcpu_features(c->features);
	vcpu = vcpu_create_init(c->kernel, c->features);

	if (c->features & FEATURE(SVE))
		vcpu_finalize(vcpu, KVM_ARM_VCPU_SVE);
	return vcpu;
}

TEST_CASES(reg_list, blessed_ids_in_order, reg_list_cases)
ParameterizedTest(struct reg_list_case *c, reg_list, blessed_ids_in_order)
{
	const struct reg_walk_list *blessed = blessed_list(c->kernel, c->cfg);
	struct kvm_reg_list *list = vcpu_get_reg_list(cfg_vcpu(c));

	cr_assert_eq(blessed->n, c->n, "%s %s: %zu blessed ids", c->kernel, c->cfg, blessed->n);
	cr_expect_eq(list->n, c->n, "%s %s: KVM_GET_REG_LIST n=%llu, want %llu", c->kernel,
		     c->cfg, (unsigned long long)list->n, (unsigned long long)c->n);
	for (size_t i = 0; i < blessed->n && i < list->n; i++)
		cr_expect_eq(list->reg[i], blessed->regs[i].id, "%s %s: id[%zu] %#llx, want %#llx",
			     c->kernel, c->cfg, i, (unsigned long long)list->reg[i],
			     (unsigned long long)blessed->regs[i].id);
	free(list);
}

/*
 * Too small a buffer is E2BIG with the true count written back.
 * real-*.txt "reglist.<cfg> KVM_GET_REG_LIST n=0 -> -1 E2BIG n=...", "n=<n-1> -> -1 E2BIG"
 */
TEST_CASES(reg_list, too_small_is_e2big_with_n, reg_list_cases)
ParameterizedTest(struct reg_list_case *c, reg_list, too_small_is_e2big_with_n)
{
	int vcpu = cfg_vcpu(c);
	struct kvm_reg_list *list = calloc(1, sizeof(*list) + c->n * sizeof(list->reg[0]));

	cr_assert(list);
	list->n = 0;
	assert_errno(__vcpu_get_reg_list(vcpu, list), E2BIG);
	cr_expect_eq(list->n, c->n, "%s %s: n=0 wrote back n=%llu", c->kernel, c->cfg,
		     (unsigned long long)list->n);
	list->n = c->n - 1;
	assert_errno(__vcpu_get_reg_list(vcpu, list), E2BIG);
	cr_expect_eq(list->n, c->n);
	list->n = c->n;
	assert_ret(__vcpu_get_reg_list(vcpu, list), 0);
	cr_expect_eq(list->n, c->n);
	/*
	 * Only the count's low 32 bits are looked at: 0x1ae000000000001 is 1,
	 * E2BIG.  Real KVM 6.1 and 6.12 on the fuzz seed reglist-n-32bit
	 * (tests/fuzz/replay-real.sh, run by make check-real).
	 */
	list->n = 0x1ae000000000001ULL;
	assert_errno(__vcpu_get_reg_list(vcpu, list), E2BIG);
	cr_expect_eq(list->n, c->n);
	free(list);
}

/* ---- every register ---------------------------------------------------- */

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static bool val_matches(const struct reg_val *want, const uint8_t *v, size_t size)
{
	size_t nz = 0;

	switch (want->kind) {
	case RV_VARY:
		return true;
	case RV_HASH:
		for (size_t i = 0; i < size; i++)
			nz += v[i] != 0;
		return fnv1a(v, size) == want->fnv && nz == want->nz;
	case RV_WORDS: {
		uint8_t bytes[sizeof(want->w)] = { 0 };

		/* Little-endian words: the register's bytes in order, on x86 and arm64. */
		memcpy(bytes, want->w, sizeof(bytes));
		return size <= sizeof(bytes) && !memcmp(v, bytes, size);
	}
	default:
		return false;
	}
}

/*
 * A write of @val; unless @want_rb is NULL (set-same), the value read back
 * and the register restored to @orig.
 */
static void check_write(int vcpu, const char *what, const struct reg_walk *r, const uint8_t *val,
			int want_err, const struct reg_val *want_rb, const uint8_t *orig,
			const char *where)
{
	const struct result want = ERR_OR_OK(want_err);
	uint8_t rb[256] = { 0 };

	expect_result(__vcpu_set_reg(vcpu, r->id, val), &want, "%s: %s", where, what);
	if (want_err || !want_rb)
		return;
	expect_ret(__vcpu_get_reg(vcpu, r->id, rb), 0);
	cr_expect(val_matches(want_rb, rb, KVM_REG_SIZE(r->id)), "%s: %s read back differs",
		  where, what);
	expect_ret(__vcpu_set_reg(vcpu, r->id, orig), 0);
}

/*
 * The list walked in order on one vCPU, as the transcripts' walk did it:
 * get, set-same, set-0 (read back, restore), set-ones (read back, restore).
 * real-*.txt "reg.<cfg> ..." (e.g. "reg.sve sve:vls ... set-same -> -1 EPERM"):
 * the values of qemu-max (which qemu-max-pauth-mte shares), and of
 * qemu-max-pauth-mte for "ptrauth".
 */
TEST_CASES(reg_list, every_register_read_and_written_back, reg_list_cases)
ParameterizedTest(struct reg_list_case *c, reg_list, every_register_read_and_written_back)
{
	const struct reg_walk_list *blessed = blessed_list(c->kernel, c->cfg);
	uint8_t zeros[256] = { 0 }, ones[256];
	int vcpu;

	require_host_cpu(c->host_cap ? HOST_PAUTH_MTE : HOST_DEFAULT);
	vcpu = cfg_vcpu(c);
	memset(ones, 0xff, sizeof(ones));
	for (size_t i = 0; i < blessed->n; i++) {
		const struct reg_walk *r = &blessed->regs[i];
		const struct result want_get = ERR_OR_OK(r->get_err);
		uint8_t v[256] = { 0 };
		char where[64];

		snprintf(where, sizeof(where), "%s %s id[%zu] %#llx", c->kernel, c->cfg, i,
			 (unsigned long long)r->id);
		expect_result(__vcpu_get_reg(vcpu, r->id, v), &want_get, "%s: get", where);
		if (r->get_err)
			continue;
		cr_expect(val_matches(&r->get, v, KVM_REG_SIZE(r->id)), "%s: value differs", where);
		check_write(vcpu, "set-same", r, v, r->same_err, NULL, v, where);
		check_write(vcpu, "set-0", r, zeros, r->zero_err, &r->zero_rb, v, where);
		check_write(vcpu, "set-ones", r, ones, r->ones_err, &r->ones_rb, v, where);
	}
}

/* ---- refusals ---------------------------------------------------------- */

/*
 * With SVE, the list waits for KVM_ARM_VCPU_FINALIZE; n is left alone.
 * real-*.txt "reglist.sve KVM_GET_REG_LIST n=4096 -> -1 EPERM n=4096"
 */
KERNEL_TEST(reg_list, sve_before_finalize_is_eperm)
{
	struct kvm_reg_list *list;
	int vcpu;

	require_vcpu_features(FEATURE(SVE));
	vcpu = vcpu_create_init(kernel->name, PSCI | FEATURE(SVE));
	list = calloc(1, sizeof(*list) + 4096 * sizeof(list->reg[0]));

	cr_assert(list);
	list->n = 4096;
	assert_errno(__vcpu_get_reg_list(vcpu, list), EPERM);
	cr_expect_eq(list->n, 4096);
	free(list);
}

/*
 * Bad buffers: the header unreadable; ids running into a PROT_NONE page;
 * only the header before it (n is written back, the ids fault); and n=0
 * there, which never reaches the ids.
 * real-*.txt "reglist.base KVM_GET_REG_LIST noaccess -> -1 EFAULT",
 * "... ids-run-into-noaccess -> -1 EFAULT n=", "... header-at-page-end ..."
 */
struct fault_case {
	char kernel[KERNEL_NAME_MAX];
	char name[32];
	size_t room;	/* bytes of the buffer before the PROT_NONE page */
	bool zero_n;	/* ask with n = 0 instead of the true count */
	struct result want;
	uint64_t n;	/* the true count, which is also n afterwards */
};

static struct fault_case fault_cases[] = {
	ON_6_1("ids-run-into-noaccess", 8 + 8 * 8, false, ERR(EFAULT), 242),
	ON_6_1("header-at-page-end", 8, false, ERR(EFAULT), 242),
	ON_6_1("n=0 header-at-page-end", 8, true, ERR(E2BIG), 242),
	ON_6_12("ids-run-into-noaccess", 8 + 8 * 8, false, ERR(EFAULT), 259),
	ON_6_12("header-at-page-end", 8, false, ERR(EFAULT), 259),
	ON_6_12("n=0 header-at-page-end", 8, true, ERR(E2BIG), 259),
};

TEST_CASES(reg_list, bad_buffer, fault_cases)
ParameterizedTest(struct fault_case *c, reg_list, bad_buffer)
{
	int vcpu = vcpu_create_init(c->kernel, PSCI);
	uint8_t *page = test_mem(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	struct kvm_reg_list *list = (void *)(page + PAGE_SIZE - c->room);

	cr_assert_eq(mprotect(page + PAGE_SIZE, PAGE_SIZE, PROT_NONE), 0);
	assert_errno(__vcpu_get_reg_list(vcpu, (void *)(uintptr_t)noaccess_addr()), EFAULT);
	list->n = c->zero_n ? 0 : c->n;
	assert_result(__vcpu_get_reg_list(vcpu, list), &c->want, "%s: %s", c->kernel, c->name);
	cr_expect_eq(list->n, c->n, "%s: %s: n=%llu afterwards", c->kernel, c->name,
		     (unsigned long long)list->n);
}
