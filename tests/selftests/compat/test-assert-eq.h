/* SPDX-License-Identifier: MIT */
/*
 * kvmsim's TEST_ASSERT_EQ() for building the kernel's KVM selftests of a
 * release whose include/test_util.h lacks it.
 *
 * Why: Debian's 6.1 source carries a backported fix of dirty_log_test.c
 * that calls TEST_ASSERT_EQ(), which 6.1's test_util.h does not define
 * (only the older ASSERT_EQ()); the test then fails to link.
 * tests/selftests/build.sh force-includes this file (-include) only when
 * the tree's test_util.h has no TEST_ASSERT_EQ of its own.
 *
 * Written for kvmsim.  The macro expands when used, after test_util.h has
 * been included, so it can rest on that header's ASSERT_EQ(), which checks
 * equality and reports both expressions and values.
 */
#ifndef KVMSIM_COMPAT_TEST_ASSERT_EQ_H
#define KVMSIM_COMPAT_TEST_ASSERT_EQ_H
#ifndef __ASSEMBLER__
#ifndef TEST_ASSERT_EQ
#define TEST_ASSERT_EQ(a, b) ASSERT_EQ(a, b)
#endif
#endif
#endif
