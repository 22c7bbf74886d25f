/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Names of KVM ioctls and of errnos, both ways. */
#ifndef SIM_VIRT_KVM_NAMES_H
#define SIM_VIRT_KVM_NAMES_H

#include <stddef.h>

/* "KVM_SET_ONE_REG" for its number, NULL for one the arm64 ABI lacks. */
const char *kvm_ioctl_name(unsigned int ioctl);
/* The ioctl named by the @len bytes at @name (any case); -ENOENT if none. */
int kvm_ioctl_lookup(const char *name, size_t len, unsigned int *ret_ioctl);
/* "EFAULT" for EFAULT; NULL for a number libc has no name for. */
const char *kvm_errno_name(int err);
/* The errno named by the @len bytes at @name ("EFAULT"); -ENOENT if none. */
int kvm_errno_lookup(const char *name, size_t len, int *ret_err);

#endif /* SIM_VIRT_KVM_NAMES_H */
