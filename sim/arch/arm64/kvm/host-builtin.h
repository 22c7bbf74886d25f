/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The host profiles built into the library (host-default.c, generated). */
#ifndef KVMSIM_HOST_BUILTIN_H
#define KVMSIM_HOST_BUILTIN_H

struct kvm_arm64_builtin_host {
	const char *name;	/* hosts/NAME.host */
	const char *text;
};

/* The first is the default host; a NULL name ends the table. */
extern const struct kvm_arm64_builtin_host kvm_arm64_builtin_hosts[];

#endif
