/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * parameterized.h - parameterized tests of kvmsim's Criterion stand-in
 * (see criterion.h for what it is and what it supports).
 *
 *	ParameterizedTestParameters(suite, name)
 *	{
 *		static struct row rows[] = { ... };
 *
 *		return cr_make_param_array(struct row, rows, 3);
 *	}
 *
 *	ParameterizedTest(struct row *row, suite, name, .timeout = 5)
 *	{
 *		... row is &rows[i] ...
 *	}
 *
 * The runner calls the parameters function once, in the parent, before
 * any case runs; each element is then its own case, in its own child,
 * named "suite::name [i]" (i from 0) in the report.  A disabled
 * parameterized test is a single skipped case, its parameters never asked
 * for.  An empty array gives no case at all.
 */
#ifndef CRITERION_PARAMETERIZED_H_
#define CRITERION_PARAMETERIZED_H_

#include <criterion/criterion.h>

/*
 * ParameterizedTestParameters(suite, name) { ... }: defines the function
 * that gives the parameters of ParameterizedTest(..., suite, name); its
 * body returns a struct criterion_test_params, normally
 * cr_make_param_array()'s.
 */
#define ParameterizedTestParameters(suite, name)			\
	static struct criterion_test_params CR_COMPAT_ID_(suite, name, params)(void)

/*
 * ParameterizedTest(Type *param, suite, name, ...) { body }: a test run
 * once per element of the array that ParameterizedTestParameters(suite,
 * name) gives, @param pointing at the element; "..." as for Test().
 */
#define ParameterizedTest(param, suite, name, ...)			\
	static struct criterion_test_params CR_COMPAT_ID_(suite, name, params)(void); \
	static void CR_COMPAT_ID_(suite, name, body)(__attribute__((unused)) param); \
	static void CR_COMPAT_ID_(suite, name, run)(void *cr_compat_param_) \
	{								\
		CR_COMPAT_ID_(suite, name, body)(cr_compat_param_);	\
	}								\
	CR_COMPAT_REGISTER_(suite, name, CR_COMPAT_ID_(suite, name, params), __VA_ARGS__) \
	static void CR_COMPAT_ID_(suite, name, body)(__attribute__((unused)) param)

/* Internal: the cleanup argument of cr_make_param_array(), or NULL. */
#define CR_COMPAT_CLEANUP_(dummy, cleanup, ...)	cleanup

/*
 * cr_make_param_array(Type, array, len, [cleanup]): the struct
 * criterion_test_params of @len elements of type @Type at @array (a
 * static array, or memory from cr_malloc()); @cleanup, a void
 * (*)(struct criterion_test_params *), if given, is called with it after
 * the test's last case, in the runner (e.g. to cr_free() the array).
 */
#define cr_make_param_array(Type, array, len, ...)			\
	((struct criterion_test_params){				\
		.size = sizeof(Type),					\
		.params = (void *)(uintptr_t)(array),			\
		.length = (len),					\
		.cleanup = CR_COMPAT_CLEANUP_(0, ##__VA_ARGS__, NULL),	\
	})

#endif /* CRITERION_PARAMETERIZED_H_ */
