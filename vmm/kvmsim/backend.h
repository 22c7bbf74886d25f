/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * backend.h - one VMM source for the simulator and for real /dev/kvm.
 *
 * A VMM makes every KVM call through a struct kvm_backend_ops, chosen once
 * at run time: the "sim" backend is libkvmsim in the same process, the
 * "host" backend the kernel's /dev/kvm through plain system calls.  Both
 * answer as libc does: -1 (or MAP_FAILED) with errno set on failure.
 *
 *	const struct kvm_backend_ops *kvm = kvmsim_backend_get();
 *	int sys = kvm->open(NULL, O_RDWR | O_CLOEXEC);
 *	int vm = kvm->ioctl(sys, KVM_CREATE_VM, 0);
 *
 * The host backend only ever talks to arm64 KVM: on any other /dev/kvm (an
 * x86 machine's, or the host's seen through qemu-aarch64 user mode) its
 * open() fails with ENODEV before a single arm64 request is sent.
 */
#ifndef KVMSIM_BACKEND_H
#define KVMSIM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct kvm_backend_ops - the calls a VMM makes on KVM file descriptors.
 * @name:	"sim" or "host".
 * @open:	open(2) of @path with @flags (O_RDWR, O_CLOEXEC): "/dev/kvm",
 *		as a VMM passes it, or NULL for the same.  On the sim
 *		backend /dev/kvm models the release $KVMSIM_KERNEL names
 *		(unset: the default one; a release not modelled: EINVAL,
 *		said on stderr with the modelled ones); any other path is
 *		ENOENT, as the simulator has no other files.  A bare release
 *		instead of a path ("6.1": no '/') opens /dev/kvm of that
 *		release on the sim backend (ENOENT for one not modelled) and
 *		the running kernel's on the host backend.
 * @ioctl:	ioctl(2) on a system, VM or vCPU fd; @arg is the integer or
 *		the pointer the request takes.
 * @mmap:	mmap(2) of a vCPU fd (kvm_run at offset 0).
 * @munmap:	munmap(2) of what @mmap returned.
 * @close:	close(2) of a KVM fd.
 * @dup:	dup(2) of a KVM fd.
 * @fcntl_dupfd: fcntl(2) F_DUPFD or F_DUPFD_CLOEXEC of a KVM fd.
 *
 * On the sim backend, an fd that is not the simulator's - never was, or
 * was closed with close(2) instead of @close and its number reused - goes
 * to the system call itself, which answers as for any fd (EBADF for a
 * closed one, ENOTTY for a KVM ioctl on a plain file): each call first
 * checks with one fstat(2) that the fd is still the simulator's file.
 */
struct kvm_backend_ops {
	const char *name;
	int (*open)(const char *path, int flags);
	int (*ioctl)(int fd, unsigned long request, unsigned long arg);
	void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
	int (*munmap)(void *addr, size_t len);
	int (*close)(int fd);
	int (*dup)(int fd);
	int (*fcntl_dupfd)(int fd, int cmd, int minfd);
};

/* The in-process simulator (libkvmsim). */
extern const struct kvm_backend_ops kvmsim_backend_sim;
/* The kernel's /dev/kvm, arm64 KVM only. */
extern const struct kvm_backend_ops kvmsim_backend_host;

/**
 * kvmsim_backend_host_usable() - whether this machine's /dev/kvm is arm64 KVM.
 *
 * Opens /dev/kvm, asks it for an arm64-only capability and closes it.
 *
 * Return: true when the host backend can be used; false with errno set
 * otherwise (ENOENT: no /dev/kvm; EACCES: no permission; ENODEV: KVM of
 * another architecture).
 */
bool kvmsim_backend_host_usable(void);

/**
 * kvmsim_backend_select() - the backend a name stands for.
 * @name: "sim", "host" or "auto" (host when kvmsim_backend_host_usable(),
 *	  else sim); NULL or "" means $KVMSIM_BACKEND, and "auto" when that
 *	  is unset or empty.
 *
 * Choosing "host" does not open /dev/kvm; its open() says what is wrong.
 *
 * Return: the backend, or NULL with errno set to EINVAL for an unknown
 * name.
 */
const struct kvm_backend_ops *kvmsim_backend_select(const char *name);

/**
 * kvmsim_backend_get() - the process's backend: kvmsim_backend_select(NULL)
 * the first time, the same answer after that.
 *
 * Return: the backend, or NULL with errno set to EINVAL when
 * $KVMSIM_BACKEND names no backend.
 */
const struct kvm_backend_ops *kvmsim_backend_get(void);

#ifdef __cplusplus
}
#endif

#endif /* KVMSIM_BACKEND_H */
