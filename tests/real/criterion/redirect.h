/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * redirect.h - capturing a test case's stdout or stderr, in kvmsim's
 * Criterion stand-in (see criterion.h).
 *
 *	Test(suite, name, .init = cr_redirect_stderr)
 *	{
 *		fprintf(stderr, "hello\n");
 *		cr_expect_stderr_eq_str("hello\n");
 *	}
 *
 * The capture is an anonymous in-memory file (memfd_create(), tmpfile()
 * where that is missing) put on file descriptor 1 or 2 of the case's
 * child, so it holds what the C library, other libraries and the
 * simulator write there, and what exec()ed children write too.  It never
 * needs /tmp or /dev/shm where memfd_create() works.
 */
#ifndef CRITERION_REDIRECT_H_
#define CRITERION_REDIRECT_H_

#include <criterion/criterion.h>

/*
 * cr_redirect_stdout(), cr_redirect_stderr(): from now on (typically as
 * .init), the case's stdout or stderr is captured instead of shown.
 */
void cr_redirect_stdout(void);
void cr_redirect_stderr(void);

/*
 * Internal: everything captured on @fd (1 or 2) so far, after flushing
 * the stream; NULL if it is not redirected.  The text stays valid until
 * the next call.
 */
const char *cr_compat_captured(int fd);

/* Internal: the captured text of @fd @op @str. */
#define CR_COMPAT_STREAM_(kind, fd, fdname, op, str, tstr, ...)		\
	do {								\
		const char *cr_compat_got_ = cr_compat_captured(fd);	\
		const char *cr_compat_want_ = (str);			\
									\
		if (!cr_compat_got_ ||					\
		    !(cr_compat_strcmp(cr_compat_got_, cr_compat_want_) op 0)) { \
			const struct cr_compat_value cr_compat_v_[] = {	\
				{ fdname, cr_compat_got_, 0, CR_COMPAT_STR }, \
				{ tstr, cr_compat_want_, 0, CR_COMPAT_STR }, \
			};						\
			CR_COMPAT_FAILED_(kind, cr_compat_got_ ? fdname " " #op " " tstr : \
					  fdname " " #op " " tstr " (" fdname \
					  " is not redirected)", cr_compat_v_, 2, __VA_ARGS__); \
		}							\
	} while (0)

/*
 * cr_assert_stdout_eq_str(str, [fmt, ...]): everything the case wrote to
 * its redirected stdout so far is @str; _neq_str: it is not.  Likewise
 * for stderr, and cr_expect_*() forms (see criterion.h).  A stream that
 * was not redirected fails the check.
 */
#define cr_assert_stdout_eq_str(s, ...)					\
	CR_COMPAT_STREAM_(assert, 1, "stdout", ==, s, #s, __VA_ARGS__)
#define cr_expect_stdout_eq_str(s, ...)					\
	CR_COMPAT_STREAM_(expect, 1, "stdout", ==, s, #s, __VA_ARGS__)
#define cr_assert_stdout_neq_str(s, ...)				\
	CR_COMPAT_STREAM_(assert, 1, "stdout", !=, s, #s, __VA_ARGS__)
#define cr_expect_stdout_neq_str(s, ...)				\
	CR_COMPAT_STREAM_(expect, 1, "stdout", !=, s, #s, __VA_ARGS__)
#define cr_assert_stderr_eq_str(s, ...)					\
	CR_COMPAT_STREAM_(assert, 2, "stderr", ==, s, #s, __VA_ARGS__)
#define cr_expect_stderr_eq_str(s, ...)					\
	CR_COMPAT_STREAM_(expect, 2, "stderr", ==, s, #s, __VA_ARGS__)
#define cr_assert_stderr_neq_str(s, ...)				\
	CR_COMPAT_STREAM_(assert, 2, "stderr", !=, s, #s, __VA_ARGS__)
#define cr_expect_stderr_neq_str(s, ...)				\
	CR_COMPAT_STREAM_(expect, 2, "stderr", !=, s, #s, __VA_ARGS__)

#endif /* CRITERION_REDIRECT_H_ */
