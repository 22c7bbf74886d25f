// SPDX-License-Identifier: LGPL-2.1-or-later
/* Kernel profiles: which Linux releases the simulator models, and lookup. */
#include <errno.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "kvmsim/kvmsim.h"

Test(profile, models_6_1_and_6_12_oldest_first)
{
	cr_assert_eq(kvmsim_kernel_count(), 2);
	cr_assert_str_eq(kvmsim_kernel_name(0), "6.1");
	cr_assert_str_eq(kvmsim_kernel_name(1), "6.12");
}

Test(profile, default_is_6_12)
{
	cr_assert_str_eq(kvmsim_kernel_default(), "6.12");
}

Test(profile, name_out_of_range_is_einval)
{
	errno = 0;
	cr_assert_null(kvmsim_kernel_name(kvmsim_kernel_count()));
	cr_assert_eq(errno, EINVAL);
}

/* Inline strings: Criterion runs each case in a fresh process image. */
struct lookup_case {
	char name[24];
	char expect[8];		/* "": not found */
};

static struct lookup_case lookup_cases[] = {
	{ "6.1",            "6.1" },
	{ "6.12",           "6.12" },
	{ "6.1.0-27-arm64", "6.1" },
	{ "6.12.9",         "6.12" },
	{ "6.12.9+bpo-arm64", "6.12" },
	{ "6.10",           "" },	/* not 6.1 */
	{ "6.120",          "" },
	{ "5.15",           "" },
	{ "",               "" },
};

ParameterizedTestParameters(profile, lookup)
{
	return cr_make_param_array(struct lookup_case, lookup_cases,
				   sizeof(lookup_cases) / sizeof(lookup_cases[0]));
}

ParameterizedTest(struct lookup_case *c, profile, lookup)
{
	const char *got;

	errno = 0;
	got = kvmsim_kernel_lookup(c->name);
	if (c->expect[0]) {
		cr_assert_not_null(got, "lookup of '%s' failed", c->name);
		cr_assert_str_eq(got, c->expect);
	} else {
		cr_assert_null(got, "lookup of '%s' found '%s'", c->name, got);
		cr_assert_eq(errno, ENOENT);
	}
}

Test(profile, lookup_of_null_is_einval)
{
	errno = 0;
	cr_assert_null(kvmsim_kernel_lookup(NULL));
	cr_assert_eq(errno, EINVAL);
}
