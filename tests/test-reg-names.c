// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * <kvmsim/regs.h>: register ids to names and back, the libc-style return
 * values and errno of kvmsim_reg_name(), kvmsim_reg_describe() and
 * kvmsim_reg_id().  (tests/cli-regs.sh runs the same functions through
 * "kvmsim regid" on every register real KVM lists.)
 */
#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "kvmsim/regs.h"

/* The name is in the struct: Criterion runs each case in a new process. */
struct name_case {
	uint64_t id;
	char name[32];
};

ParameterizedTestParameters(reg_names, names_its_registers)
{
	static struct name_case cases[] = {
		{ 0x6030000000100040ULL, "regs.pc" },
		{ 0x603000000010000eULL, "regs.regs[7]" },
		{ 0x6040000000100054ULL, "fp_regs.vregs[0]" },
		{ 0x60200000001000d5ULL, "fp_regs.fpcr" },
		{ 0x6030000000100050ULL, "spsr[4]" },
		{ 0x603000000013c005ULL, "MPIDR_EL1" },
		{ 0x603000000013c7a0ULL, "S3_0_C15_C4_0" },
		{ 0x603000000013df1aULL, "TIMER_CNT" },
		{ 0x603000000013df02ULL, "TIMER_CVAL" },
		{ 0x6030000000140002ULL, "SMCCC_ARCH_WORKAROUND_2" },
		{ 0x6030000000160001ULL, "STD_HYP_BMAP" },
		{ 0x60800000001503e0ULL, "z31" },
		{ 0x6050000000150601ULL, "ffr.slice1" },
		{ 0x606000000015ffffULL, "vls" },
		{ 0x602000000011000dULL, "CCSIDR_EL1[13]" },
	};

	return cr_make_param_array(struct name_case, cases, sizeof(cases) / sizeof(cases[0]));
}

ParameterizedTest(struct name_case *c, reg_names, names_its_registers)
{
	char buf[64];
	uint64_t id = 0;

	cr_assert_eq(kvmsim_reg_name(c->id, buf, sizeof(buf)), (int)strlen(c->name));
	cr_assert_str_eq(buf, c->name);
	cr_assert_eq(kvmsim_reg_id(c->name, &id), 0, "%s", c->name);
	cr_assert_eq(id, c->id, "%s: 0x%llx", c->name, (unsigned long long)id);
}

Test(reg_names, name_is_truncated_like_snprintf)
{
	char buf[4];

	cr_assert_eq(kvmsim_reg_name(0x603000000013c005ULL, buf, sizeof(buf)), 9);
	cr_assert_str_eq(buf, "MPI");
	cr_assert_eq(kvmsim_reg_name(0x603000000013c005ULL, NULL, 0), 9);
}

Test(reg_names, malformed_id_is_einval_with_the_reason)
{
	char buf[128] = "x";

	errno = 0;
	cr_assert_eq(kvmsim_reg_name(0x6020000000100040ULL, buf, sizeof(buf)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(buf, "");
	errno = 0;
	cr_assert_eq(kvmsim_reg_describe(0x6020000000100040ULL, buf, sizeof(buf)), -1);
	cr_assert_eq(errno, EINVAL);
	cr_assert_str_eq(buf, "size U32 does not match regs.pc, which is U64");
}

Test(reg_names, describe_gives_class_name_and_details)
{
	char buf[128];

	cr_assert_gt(kvmsim_reg_describe(0x6030000000100040ULL, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "core regs.pc (u64)");
	cr_assert_gt(kvmsim_reg_describe(0x603000000013c005ULL, buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "sysreg MPIDR_EL1 (3,0,0,0,5)");
}

Test(reg_names, aliases_and_case_are_accepted)
{
	static const char *const pc_names[] = { "pc", "PC", "regs.pc", "REGS.PC" };
	uint64_t id;

	for (size_t i = 0; i < sizeof(pc_names) / sizeof(pc_names[0]); i++) {
		id = 0;
		cr_assert_eq(kvmsim_reg_id(pc_names[i], &id), 0, "%s", pc_names[i]);
		cr_assert_eq(id, 0x6030000000100040ULL, "%s", pc_names[i]);
	}
	cr_assert_eq(kvmsim_reg_id("cntvct_el0", &id), 0);
	cr_assert_eq(id, 0x603000000013df1aULL);
	cr_assert_eq(kvmsim_reg_id("KVM_REG_ARM64_SVE_VLS", &id), 0);
	cr_assert_eq(id, 0x606000000015ffffULL);
}

Test(reg_names, unknown_name_is_enoent_and_leaves_the_id)
{
	uint64_t id = 42;

	errno = 0;
	cr_assert_eq(kvmsim_reg_id("FROB_EL1", &id), -1);
	cr_assert_eq(errno, ENOENT);
	cr_assert_eq(id, 42);
}

Test(reg_names, number_out_of_range_is_erange)
{
	static const char *const names[] = {
		"x31", "v32", "spsr[5]", "z32", "p16", "ffr.slice32", "CCSIDR_EL1[14]",
		"S4_0_C0_C0_0", "S3_8_C0_C0_0", "S3_0_C16_C0_0", "S3_0_C0_C16_0", "S3_0_C0_C0_8",
	};
	uint64_t id = 42;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		errno = 0;
		cr_assert_eq(kvmsim_reg_id(names[i], &id), -1, "%s", names[i]);
		cr_assert_eq(errno, ERANGE, "%s", names[i]);
	}
	cr_assert_eq(id, 42);
}

Test(reg_names, null_arguments_are_einval)
{
	uint64_t id;

	errno = 0;
	cr_assert_eq(kvmsim_reg_id(NULL, &id), -1);
	cr_assert_eq(errno, EINVAL);
	errno = 0;
	cr_assert_eq(kvmsim_reg_id("pc", NULL), -1);
	cr_assert_eq(errno, EINVAL);
	errno = 0;
	cr_assert_eq(kvmsim_reg_name(0x6030000000100040ULL, NULL, 8), -1);
	cr_assert_eq(errno, EINVAL);
}
