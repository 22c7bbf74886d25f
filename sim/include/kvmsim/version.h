/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * version.h - the version of the kvmsim headers a program is built with.
 *
 * KVMSIM_VERSION is the release these headers belong to (make check fails
 * if it and the library's kvmsim_version() ever disagree in the tree).
 * KVMSIM_CHECK_VERSION() tests it at compile time; kvmsim_check_version()
 * (kvmsim.h) tests the library the program runs with.
 */
#ifndef KVMSIM_VERSION_H
#define KVMSIM_VERSION_H

#define KVMSIM_VERSION_MAJOR	0
#define KVMSIM_VERSION_MINOR	1
#define KVMSIM_VERSION_MICRO	0
#define KVMSIM_VERSION		"0.1.0"

/* Whether these headers are of release major.minor.micro or a later one. */
#define KVMSIM_CHECK_VERSION(major, minor, micro)				\
	(KVMSIM_VERSION_MAJOR > (major) ||					\
	 (KVMSIM_VERSION_MAJOR == (major) && KVMSIM_VERSION_MINOR > (minor)) || \
	 (KVMSIM_VERSION_MAJOR == (major) && KVMSIM_VERSION_MINOR == (minor) && \
	  KVMSIM_VERSION_MICRO >= (micro)))

#endif
