/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz-ioctl.c's entry point, and what replay.c sets before calling it. */
#ifndef TESTS_FUZZ_FUZZ_IOCTL_H
#define TESTS_FUZZ_FUZZ_IOCTL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where each call and its result is written; NULL (fuzzing): nowhere. */
extern FILE *fuzz_log;
/* The kernel every input is run with instead of the one its first byte picks. */
extern const char *fuzz_kernel;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* TESTS_FUZZ_FUZZ_IOCTL_H */
