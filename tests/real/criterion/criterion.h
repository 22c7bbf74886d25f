/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * criterion.h - kvmsim's own, self-contained stand-in for Criterion
 * (https://github.com/Snaipe/Criterion): the subset of its C API that the
 * suites tests/test-*.c and tests/kvm_util.h use, source-compatible, so
 * that the same files build unchanged against either.  The runner, main()
 * included, is tests/real/criterion-compat.c; this header, parameterized.h
 * and redirect.h are what #include <criterion/...> finds with
 * -I$(top_srcdir)/tests/real.
 *
 * Where it is used: where libcriterion is not available or cannot run,
 * i.e. the suites built statically for aarch64 and run inside the
 * real-KVM guest (an initramfs with /dev, /proc and /sys, maybe no /tmp or
 * /dev/shm), and ThreadSanitizer builds (libcriterion's inheritable arena
 * cannot start under TSan, Criterion issue #274).  configure
 * --with-criterion=builtin selects it.
 *
 * Supported:
 *  - Test(suite, name, ...) and ParameterizedTest(Type *param, suite,
 *    name, ...) with ParameterizedTestParameters(suite, name) and
 *    cr_make_param_array() (<criterion/parameterized.h>).  The "..." are
 *    designated initialisers of struct criterion_test_extra_data: .init,
 *    .fini, .timeout, .signal, .exit_code, .disabled, .description.
 *  - The assertion macros of Criterion 2.x's classic API, cr_assert_* and
 *    cr_expect_*: plain conditions, eq/neq/lt/leq/gt/geq, null/not_null,
 *    zero/not_zero, float_eq/float_neq, str_* and arr_eq/arr_neq, fail; and
 *    cr_skip_test(), cr_log_info/warn/error(), cr_malloc() and friends.
 *  - cr_redirect_stdout/stderr() with cr_{assert,expect}_{stdout,stderr}_
 *    {eq,neq}_str() (<criterion/redirect.h>).
 *  - The command line: --tap[=-], --list, --filter=PATTERN, --verbose,
 *    --jobs=N, --help (see criterion-compat.c).  Output is always TAP 13.
 *
 * Not supported: TestSuite() (suite-wide extra data), theories, report
 * hooks, the "new" assertion API (<criterion/new/assert.h>), wide-string
 * and *_cmp assertions, cr_get_redirected_*() and file/stdin redirection,
 * a main() of the program's own, parallel jobs, and any output format but
 * TAP.
 *
 * How it runs (details in criterion-compat.c): every case, each parameter
 * of a parameterized test included, runs in its own fork()ed child,
 * sorted by suite, then name (strcmp), then parameter index.  A failed
 * cr_assert_*() ends its case there, from any call depth; cr_expect_*()
 * records the failure and goes on; both may be called from any thread of
 * the case.  What the case said goes to the runner through a shared
 * anonymous mapping, never through a file.
 *
 * The report is TAP version 13 on stdout, one "ok N - suite::name" (or
 * "suite::name [i]", i the parameter's index) per case; a failure's
 * messages follow as "#" diagnostics, a skip is "# SKIP reason".
 *
 * Differences from Criterion worth knowing: the operands of the
 * comparison macros are evaluated exactly once, into temporaries of their
 * common type (the type of "0 ? (a) : (b)"), which is also what their
 * values are printed from; a NULL string in the str_* macros compares
 * below every string instead of crashing; a case that exits with code 0
 * before its end (without .exit_code) fails; a disabled parameterized test
 * is one skipped case, as Criterion counts it.
 */
#ifndef CRITERION_H_
#define CRITERION_H_

/* What Criterion's own headers give their users too. */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- test descriptors ------------------------------------------------- */

/*
 * What the "..." of Test() and ParameterizedTest() initialise, by
 * designated initialisers (".timeout = 5").  Unset fields are zero.
 */
struct criterion_test_extra_data {
	void (*init)(void);	/* run in the case's child before the body */
	void (*fini)(void);	/* run after it, even after a failed cr_assert */
	int signal;		/* nonzero: pass iff the child dies of this signal */
	int exit_code;		/* pass iff the child exits with this code */
	bool disabled;		/* reported as skipped, never run */
	const char *description;	/* shown after the case's name */
	double timeout;		/* seconds (0: none); the child is then killed */
};

/*
 * What ParameterizedTestParameters() returns (cr_make_param_array()):
 * @length elements of @size bytes at @params; @cleanup, if set, is called
 * with it once every case of the test has run.
 */
struct criterion_test_params {
	size_t size;
	void *params;
	size_t length;
	void (*cleanup)(struct criterion_test_params *);
};

/* Internal: one Test() or ParameterizedTest(), as the runner finds it. */
struct cr_compat_test {
	const char *suite;
	const char *name;
	const char *file;
	unsigned int line;
	void (*run)(void *param);	/* calls the body (@param: NULL or one element) */
	struct criterion_test_params (*params)(void);	/* NULL: not parameterized */
	const struct criterion_test_extra_data *data;
};

/*
 * Internal: the ELF section that holds a pointer to every test's
 * descriptor; the runner walks it from __start_cr_compat_tests to
 * __stop_cr_compat_tests, symbols the linker defines for sections named
 * like C identifiers (and whose use keeps the section under --gc-sections).
 */
#define CR_COMPAT_SECTION	"cr_compat_tests"

/*
 * Internal: "retain" (SHF_GNU_RETAIN) where the compiler has it, so that
 * linkers that no longer let __start_/__stop_ keep a section alive (lld's
 * -z start-stop-gc, its default) keep the entries under --gc-sections too.
 */
#if defined(__has_attribute)
#if __has_attribute(retain)
#define CR_COMPAT_RETAIN_	retain,
#endif
#endif
#ifndef CR_COMPAT_RETAIN_
#define CR_COMPAT_RETAIN_
#endif

/* Internal: token pasting after expansion; the names of a test's objects. */
#define CR_COMPAT_CAT2_(a, b)		a##b
#define CR_COMPAT_CAT_(a, b)		CR_COMPAT_CAT2_(a, b)
#define CR_COMPAT_ID_(suite, name, what)	cr_compat_##suite##__##name##__##what

/* Internal: the extra data, the descriptor and its pointer in the section. */
#define CR_COMPAT_REGISTER_(sname, tname, params_fn, ...)		\
	static const struct criterion_test_extra_data			\
		CR_COMPAT_ID_(sname, tname, data) = { __VA_ARGS__ };	\
	static const struct cr_compat_test CR_COMPAT_ID_(sname, tname, test) = { \
		.suite = #sname,					\
		.name = #tname,						\
		.file = __FILE__,					\
		.line = __LINE__,					\
		.run = CR_COMPAT_ID_(sname, tname, run),		\
		.params = params_fn,					\
		.data = &CR_COMPAT_ID_(sname, tname, data),		\
	};								\
	static const struct cr_compat_test *const CR_COMPAT_ID_(sname, tname, entry) \
		__attribute__((CR_COMPAT_RETAIN_ used, section(CR_COMPAT_SECTION), \
			       aligned(sizeof(void *)))) =		\
		&CR_COMPAT_ID_(sname, tname, test);

/*
 * Test(suite, name, ...) { body }: defines the test case suite::name; the
 * optional "..." are designated initialisers of struct
 * criterion_test_extra_data (".init = f, .timeout = 2").  @suite and
 * @name are identifiers; the pair must be unique in the program.
 */
#define Test(suite, name, ...)						\
	static void CR_COMPAT_ID_(suite, name, body)(void);		\
	static void CR_COMPAT_ID_(suite, name, run)(void *cr_compat_param_) \
	{								\
		(void)cr_compat_param_;					\
		CR_COMPAT_ID_(suite, name, body)();			\
	}								\
	CR_COMPAT_REGISTER_(suite, name, NULL, __VA_ARGS__)		\
	static void CR_COMPAT_ID_(suite, name, body)(void)

/* ---- checks: runtime (criterion-compat.c) ----------------------------- */

/* Internal: how a check's operand is printed when it fails. */
enum cr_compat_kind {
	CR_COMPAT_NONE,		/* not printed */
	CR_COMPAT_BOOL,
	CR_COMPAT_SINT,		/* signed integer of @size bytes */
	CR_COMPAT_UINT,		/* unsigned integer of @size bytes */
	CR_COMPAT_FLOAT,	/* float, double or long double, by @size */
	CR_COMPAT_PTR,		/* a pointer */
	CR_COMPAT_STR,		/* @addr is a string (or NULL) */
	CR_COMPAT_MEM,		/* @size bytes at @addr */
};

/* Internal: one operand of a failed check: its text and where its value is. */
struct cr_compat_value {
	const char *text;
	const void *addr;
	size_t size;
	int kind;
};

/*
 * Internal: a check failed at @file:@line.  @expr (may be NULL) is what
 * was checked, @vals its @nvals operands, @fmt (a literal that the macros
 * prefix with one space, dropped) the user's message.  _assert_ ends the
 * case, _expect_ records the failure and returns.
 */
void cr_compat_assert_failed(const char *file, int line, const char *expr,
			     const struct cr_compat_value *vals, unsigned int nvals,
			     const char *fmt, ...)
	__attribute__((noreturn, format(printf, 6, 7)));
void cr_compat_expect_failed(const char *file, int line, const char *expr,
			     const struct cr_compat_value *vals, unsigned int nvals,
			     const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Internal: cr_skip_test()'s: ends the case as skipped. */
void cr_compat_skip(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
/* Internal: strcmp() and memcmp() where NULL is below everything else. */
int cr_compat_strcmp(const char *a, const char *b);
int cr_compat_memcmp(const void *a, const void *b, size_t size);

/* ---- checks: building blocks ------------------------------------------ */

/* Internal: CR_COMPAT_SINT/UINT/FLOAT/BOOL/PTR/NONE for the type of @x. */
#define CR_COMPAT_KIND_(x)						\
	_Generic((x),							\
		 _Bool: CR_COMPAT_BOOL,					\
		 char: ((char)-1 < 0 ? CR_COMPAT_SINT : CR_COMPAT_UINT), \
		 signed char: CR_COMPAT_SINT,				\
		 short: CR_COMPAT_SINT,					\
		 int: CR_COMPAT_SINT,					\
		 long: CR_COMPAT_SINT,					\
		 long long: CR_COMPAT_SINT,				\
		 unsigned char: CR_COMPAT_UINT,				\
		 unsigned short: CR_COMPAT_UINT,			\
		 unsigned int: CR_COMPAT_UINT,				\
		 unsigned long: CR_COMPAT_UINT,				\
		 unsigned long long: CR_COMPAT_UINT,			\
		 float: CR_COMPAT_FLOAT,				\
		 double: CR_COMPAT_FLOAT,				\
		 long double: CR_COMPAT_FLOAT,				\
		 default: (__builtin_classify_type(x) == 5 /* pointer */ ? \
			   CR_COMPAT_PTR : CR_COMPAT_NONE))

/* Internal: a struct cr_compat_value for the variable @var. */
#define CR_COMPAT_VALUE_(text, var)	{ (text), &(var), sizeof(var), CR_COMPAT_KIND_(var) }

/* Internal: report a failure of kind assert or expect; "..." is the message. */
#define CR_COMPAT_FAILED_(kind, expr, vals, nvals, ...)			\
	cr_compat_##kind##_failed(__FILE__, __LINE__, expr, vals, nvals, " " __VA_ARGS__)

/* Internal: a plain condition. */
#define CR_COMPAT_BOOL_(kind, cond, text, ...)				\
	do {								\
		if (!(cond))						\
			CR_COMPAT_FAILED_(kind, text, NULL, 0, __VA_ARGS__); \
	} while (0)

/*
 * Internal: @a @op @b, each operand evaluated once into a temporary of
 * their common type (named uniquely, so that checks nest without -Wshadow).
 */
#define CR_COMPAT_CMP_(kind, a, op, b, ta, tb, ...)			\
	CR_COMPAT_CMP2_(kind, a, op, b, ta, tb,				\
			CR_COMPAT_CAT_(cr_compat_a_, __COUNTER__),	\
			CR_COMPAT_CAT_(cr_compat_b_, __COUNTER__), __VA_ARGS__)
#define CR_COMPAT_CMP2_(kind, a, op, b, ta, tb, va, vb, ...)		\
	do {								\
		__typeof__(0 ? (a) : (b)) va = (a), vb = (b);		\
									\
		if (!(va op vb)) {					\
			const struct cr_compat_value cr_compat_v_[] = {	\
				CR_COMPAT_VALUE_(ta, va),		\
				CR_COMPAT_VALUE_(tb, vb),		\
			};						\
			CR_COMPAT_FAILED_(kind, ta " " #op " " tb, cr_compat_v_, 2, \
					  __VA_ARGS__);			\
		}							\
	} while (0)

/* Internal: @v @op 0 (or NULL), @v evaluated once. */
#define CR_COMPAT_ZERO_(kind, v, op, tv, ttext, ...)			\
	CR_COMPAT_ZERO2_(kind, v, op, tv, ttext,			\
			 CR_COMPAT_CAT_(cr_compat_v_, __COUNTER__), __VA_ARGS__)
#define CR_COMPAT_ZERO2_(kind, v, op, tv, ttext, vv, ...)		\
	do {								\
		__typeof__(0 ? (v) : (v)) vv = (v);			\
									\
		if (!(vv op 0)) {					\
			const struct cr_compat_value cr_compat_v_[] = {	\
				CR_COMPAT_VALUE_(tv, vv),		\
			};						\
			CR_COMPAT_FAILED_(kind, tv " " #op " " ttext, cr_compat_v_, 1, \
					  __VA_ARGS__);			\
		}							\
	} while (0)

/* Internal: |@a - @b| @op @eps, as long doubles. */
#define CR_COMPAT_FLOAT_(kind, a, b, eps, op, ta, tb, teps, ...)	\
	do {								\
		long double cr_compat_fa_ = (a), cr_compat_fb_ = (b);	\
		long double cr_compat_fd_ = cr_compat_fa_ - cr_compat_fb_; \
									\
		if (cr_compat_fd_ < 0)					\
			cr_compat_fd_ = -cr_compat_fd_;			\
		if (!(cr_compat_fd_ op (long double)(eps))) {		\
			const struct cr_compat_value cr_compat_v_[] = {	\
				CR_COMPAT_VALUE_(ta, cr_compat_fa_),	\
				CR_COMPAT_VALUE_(tb, cr_compat_fb_),	\
			};						\
			CR_COMPAT_FAILED_(kind, "|" ta " - " tb "| " #op " " teps, \
					  cr_compat_v_, 2, __VA_ARGS__); \
		}							\
	} while (0)

/* Internal: strings @a @op @b (cr_compat_strcmp()). */
#define CR_COMPAT_STR_(kind, a, op, b, ta, tb, ...)			\
	do {								\
		const char *cr_compat_sa_ = (a), *cr_compat_sb_ = (b);	\
									\
		if (!(cr_compat_strcmp(cr_compat_sa_, cr_compat_sb_) op 0)) { \
			const struct cr_compat_value cr_compat_v_[] = {	\
				{ ta, cr_compat_sa_, 0, CR_COMPAT_STR }, \
				{ tb, cr_compat_sb_, 0, CR_COMPAT_STR }, \
			};						\
			CR_COMPAT_FAILED_(kind, ta " " #op " " tb, cr_compat_v_, 2, \
					  __VA_ARGS__);			\
		}							\
	} while (0)

/* Internal: string @s empty (@want) or not. */
#define CR_COMPAT_STR_EMPTY_(kind, s, want, ts, ...)			\
	do {								\
		const char *cr_compat_s_ = (s);				\
									\
		if ((cr_compat_s_ && !*cr_compat_s_) != (want)) {	\
			const struct cr_compat_value cr_compat_v_[] = {	\
				{ ts, cr_compat_s_, 0, CR_COMPAT_STR },	\
			};						\
			CR_COMPAT_FAILED_(kind, (want) ? ts " is empty" : ts " is not empty", \
					  cr_compat_v_, 1, __VA_ARGS__); \
		}							\
	} while (0)

/* Internal: @size bytes at @a and @b, equal (@op ==) or not (@op !=). */
#define CR_COMPAT_ARR_(kind, a, op, b, size, ta, tb, tsize, ...)	\
	do {								\
		const void *cr_compat_ma_ = (a), *cr_compat_mb_ = (b);	\
		size_t cr_compat_mn_ = (size);				\
									\
		if (!(cr_compat_memcmp(cr_compat_ma_, cr_compat_mb_, cr_compat_mn_) op 0)) { \
			const struct cr_compat_value cr_compat_v_[] = {	\
				{ ta, cr_compat_ma_, cr_compat_mn_, CR_COMPAT_MEM }, \
				{ tb, cr_compat_mb_, cr_compat_mn_, CR_COMPAT_MEM }, \
			};						\
			CR_COMPAT_FAILED_(kind, ta "[0.." tsize "] " #op " " tb "[0.." \
					  tsize "]", cr_compat_v_, 2, __VA_ARGS__); \
		}							\
	} while (0)

/* ---- checks: the public macros ---------------------------------------- */

/*
 * Every check below comes in two forms: cr_assert_X() ends the test case
 * as failed when the check fails, from whatever depth of calls (it never
 * returns then); cr_expect_X() records the failure and returns, the case
 * going on (and failing at its end).  Each takes, after its operands, an
 * optional printf-style message: a string literal format and its
 * arguments, evaluated only when the check fails.  A failure is reported
 * with file:line, the check's expression, its operands' values where
 * their type allows (integers, floating point, pointers, strings, bytes),
 * then the message.
 */

/* cr_assert(cond, [fmt, ...]): @cond is true (nonzero). */
#define cr_assert(cond, ...)		CR_COMPAT_BOOL_(assert, cond, #cond, __VA_ARGS__)
#define cr_expect(cond, ...)		CR_COMPAT_BOOL_(expect, cond, #cond, __VA_ARGS__)

/* cr_assert_not(cond, [fmt, ...]): @cond is false (zero). */
#define cr_assert_not(cond, ...)					\
	CR_COMPAT_BOOL_(assert, !(cond), "!(" #cond ")", __VA_ARGS__)
#define cr_expect_not(cond, ...)					\
	CR_COMPAT_BOOL_(expect, !(cond), "!(" #cond ")", __VA_ARGS__)

/* cr_assert_fail([fmt, ...]): fails unconditionally. */
#define cr_assert_fail(...)		CR_COMPAT_FAILED_(assert, NULL, NULL, 0, __VA_ARGS__)
#define cr_expect_fail(...)		CR_COMPAT_FAILED_(expect, NULL, NULL, 0, __VA_ARGS__)

/*
 * cr_assert_eq(actual, expected, [fmt, ...]) and neq, lt, leq, gt, geq:
 * @actual ==, !=, <, <=, >, >= @expected, with C's operators (pointers
 * compare as pointers: for strings see cr_assert_str_*()).
 */
#define cr_assert_eq(a, b, ...)		CR_COMPAT_CMP_(assert, a, ==, b, #a, #b, __VA_ARGS__)
#define cr_expect_eq(a, b, ...)		CR_COMPAT_CMP_(expect, a, ==, b, #a, #b, __VA_ARGS__)
#define cr_assert_neq(a, b, ...)	CR_COMPAT_CMP_(assert, a, !=, b, #a, #b, __VA_ARGS__)
#define cr_expect_neq(a, b, ...)	CR_COMPAT_CMP_(expect, a, !=, b, #a, #b, __VA_ARGS__)
#define cr_assert_lt(a, b, ...)		CR_COMPAT_CMP_(assert, a, <, b, #a, #b, __VA_ARGS__)
#define cr_expect_lt(a, b, ...)		CR_COMPAT_CMP_(expect, a, <, b, #a, #b, __VA_ARGS__)
#define cr_assert_leq(a, b, ...)	CR_COMPAT_CMP_(assert, a, <=, b, #a, #b, __VA_ARGS__)
#define cr_expect_leq(a, b, ...)	CR_COMPAT_CMP_(expect, a, <=, b, #a, #b, __VA_ARGS__)
#define cr_assert_gt(a, b, ...)		CR_COMPAT_CMP_(assert, a, >, b, #a, #b, __VA_ARGS__)
#define cr_expect_gt(a, b, ...)		CR_COMPAT_CMP_(expect, a, >, b, #a, #b, __VA_ARGS__)
#define cr_assert_geq(a, b, ...)	CR_COMPAT_CMP_(assert, a, >=, b, #a, #b, __VA_ARGS__)
#define cr_expect_geq(a, b, ...)	CR_COMPAT_CMP_(expect, a, >=, b, #a, #b, __VA_ARGS__)

/* cr_assert_null(ptr, [fmt, ...]): @ptr is NULL; cr_assert_not_null(): it is not. */
#define cr_assert_null(v, ...)						\
	CR_COMPAT_ZERO_(assert, v, ==, #v, "NULL", __VA_ARGS__)
#define cr_expect_null(v, ...)						\
	CR_COMPAT_ZERO_(expect, v, ==, #v, "NULL", __VA_ARGS__)
#define cr_assert_not_null(v, ...)					\
	CR_COMPAT_ZERO_(assert, v, !=, #v, "NULL", __VA_ARGS__)
#define cr_expect_not_null(v, ...)					\
	CR_COMPAT_ZERO_(expect, v, !=, #v, "NULL", __VA_ARGS__)

/* cr_assert_zero(value, [fmt, ...]): @value is 0; cr_assert_not_zero(): it is not. */
#define cr_assert_zero(v, ...)		CR_COMPAT_ZERO_(assert, v, ==, #v, "0", __VA_ARGS__)
#define cr_expect_zero(v, ...)		CR_COMPAT_ZERO_(expect, v, ==, #v, "0", __VA_ARGS__)
#define cr_assert_not_zero(v, ...)	CR_COMPAT_ZERO_(assert, v, !=, #v, "0", __VA_ARGS__)
#define cr_expect_not_zero(v, ...)	CR_COMPAT_ZERO_(expect, v, !=, #v, "0", __VA_ARGS__)

/*
 * cr_assert_float_eq(actual, expected, epsilon, [fmt, ...]): |@actual -
 * @expected| <= @epsilon; cr_assert_float_neq(): > @epsilon.
 */
#define cr_assert_float_eq(a, b, eps, ...)				\
	CR_COMPAT_FLOAT_(assert, a, b, eps, <=, #a, #b, #eps, __VA_ARGS__)
#define cr_expect_float_eq(a, b, eps, ...)				\
	CR_COMPAT_FLOAT_(expect, a, b, eps, <=, #a, #b, #eps, __VA_ARGS__)
#define cr_assert_float_neq(a, b, eps, ...)				\
	CR_COMPAT_FLOAT_(assert, a, b, eps, >, #a, #b, #eps, __VA_ARGS__)
#define cr_expect_float_neq(a, b, eps, ...)				\
	CR_COMPAT_FLOAT_(expect, a, b, eps, >, #a, #b, #eps, __VA_ARGS__)

/*
 * cr_assert_str_eq(actual, expected, [fmt, ...]) and str_neq, str_lt,
 * str_leq, str_gt, str_geq: the strings compare so by strcmp() (a NULL
 * string is below every other and equal to NULL).
 */
#define cr_assert_str_eq(a, b, ...)	CR_COMPAT_STR_(assert, a, ==, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_eq(a, b, ...)	CR_COMPAT_STR_(expect, a, ==, b, #a, #b, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...)	CR_COMPAT_STR_(assert, a, !=, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_neq(a, b, ...)	CR_COMPAT_STR_(expect, a, !=, b, #a, #b, __VA_ARGS__)
#define cr_assert_str_lt(a, b, ...)	CR_COMPAT_STR_(assert, a, <, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_lt(a, b, ...)	CR_COMPAT_STR_(expect, a, <, b, #a, #b, __VA_ARGS__)
#define cr_assert_str_leq(a, b, ...)	CR_COMPAT_STR_(assert, a, <=, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_leq(a, b, ...)	CR_COMPAT_STR_(expect, a, <=, b, #a, #b, __VA_ARGS__)
#define cr_assert_str_gt(a, b, ...)	CR_COMPAT_STR_(assert, a, >, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_gt(a, b, ...)	CR_COMPAT_STR_(expect, a, >, b, #a, #b, __VA_ARGS__)
#define cr_assert_str_geq(a, b, ...)	CR_COMPAT_STR_(assert, a, >=, b, #a, #b, __VA_ARGS__)
#define cr_expect_str_geq(a, b, ...)	CR_COMPAT_STR_(expect, a, >=, b, #a, #b, __VA_ARGS__)

/* cr_assert_str_empty(str, [fmt, ...]): @str is "" (not NULL); str_not_empty: it is not. */
#define cr_assert_str_empty(s, ...)	CR_COMPAT_STR_EMPTY_(assert, s, true, #s, __VA_ARGS__)
#define cr_expect_str_empty(s, ...)	CR_COMPAT_STR_EMPTY_(expect, s, true, #s, __VA_ARGS__)
#define cr_assert_str_not_empty(s, ...)					\
	CR_COMPAT_STR_EMPTY_(assert, s, false, #s, __VA_ARGS__)
#define cr_expect_str_not_empty(s, ...)					\
	CR_COMPAT_STR_EMPTY_(expect, s, false, #s, __VA_ARGS__)

/*
 * cr_assert_arr_eq(actual, expected, size, [fmt, ...]): the @size bytes
 * at @actual and @expected (arrays or pointers) are equal, by memcmp();
 * cr_assert_arr_neq(): they differ.
 */
#define cr_assert_arr_eq(a, b, size, ...)				\
	CR_COMPAT_ARR_(assert, a, ==, b, size, #a, #b, #size, __VA_ARGS__)
#define cr_expect_arr_eq(a, b, size, ...)				\
	CR_COMPAT_ARR_(expect, a, ==, b, size, #a, #b, #size, __VA_ARGS__)
#define cr_assert_arr_neq(a, b, size, ...)				\
	CR_COMPAT_ARR_(assert, a, !=, b, size, #a, #b, #size, __VA_ARGS__)
#define cr_expect_arr_neq(a, b, size, ...)				\
	CR_COMPAT_ARR_(expect, a, !=, b, size, #a, #b, #size, __VA_ARGS__)

/*
 * cr_skip_test([fmt, ...]): ends the test case, from any call depth (or
 * thread), reported as skipped with the message as the reason; .fini
 * still runs.  Failures recorded before it win: the case then fails.
 */
#define cr_skip_test(...)	cr_compat_skip(__FILE__, __LINE__, " " __VA_ARGS__)

/* ---- logging ---------------------------------------------------------- */

enum criterion_logging_level {
	CRITERION_INFO = 1,
	CRITERION_IMPORTANT,
};

/* Internal: cr_log_*()'s; the message goes to stderr, prefixed with @level's tag. */
void cr_compat_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * cr_log_info(fmt, ...), cr_log_warn(), cr_log_error(): print a line to
 * the case's stderr, prefixed "[----]", "[WARN]" or "[ERR ]".
 */
#define cr_log_info(...)	cr_compat_log(0, " " __VA_ARGS__)
#define cr_log_warn(...)	cr_compat_log(1, " " __VA_ARGS__)
#define cr_log_error(...)	cr_compat_log(2, " " __VA_ARGS__)

/* ---- memory ----------------------------------------------------------- */

/*
 * cr_malloc(), cr_calloc(), cr_realloc(), cr_free(): what parameters that
 * outlive ParameterizedTestParameters() are allocated with.  Cases are
 * fork()ed children, so these are the C library's functions.
 */
void *cr_malloc(size_t size);
void *cr_calloc(size_t nmemb, size_t size);
void *cr_realloc(void *ptr, size_t size);
void cr_free(void *ptr);

#endif /* CRITERION_H_ */
