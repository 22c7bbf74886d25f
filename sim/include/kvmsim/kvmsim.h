/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kvmsim.h - public API of libkvmsim, the in-process arm64 KVM simulator.
 *
 * libkvmsim models the Linux KVM ioctl interface for arm64 as a given
 * kernel release answers it.  Functions follow libc's convention: they
 * return -1 (or NULL) and set errno on failure, exactly where the kernel's
 * system call would.
 */
#ifndef KVMSIM_KVMSIM_H
#define KVMSIM_KVMSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "kvmsim/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * kvmsim_version() - the library's version string.
 *
 * Return: a static string such as "0.1.0".
 */
const char *kvmsim_version(void);

/**
 * kvmsim_check_version() - whether the library a program runs with serves
 * a program built against headers of release @major.@minor.@micro.
 * @major, @minor, @micro: usually KVMSIM_VERSION_MAJOR, _MINOR and _MICRO.
 *
 * Return: true when the library is of the same major release and of that
 * minor.micro or a later one (before 1.0, the same minor release: 0.x
 * releases may change the API), else false.
 */
bool kvmsim_check_version(unsigned int major, unsigned int minor, unsigned int micro);

/**
 * kvmsim_kernel_count() - how many kernel releases the simulator models.
 *
 * Return: the number of kernel profiles, at least one.
 */
size_t kvmsim_kernel_count(void);

/**
 * kvmsim_kernel_name() - name of a modelled kernel release.
 * @index: 0 to kvmsim_kernel_count() - 1, oldest first.
 *
 * Return: a static string such as "6.1" or "6.12", or NULL with errno set
 * to EINVAL when @index is out of range.
 */
const char *kvmsim_kernel_name(size_t index);

/**
 * kvmsim_kernel_default() - the kernel release modelled unless told otherwise.
 *
 * Return: a static string naming one of the modelled kernels.
 */
const char *kvmsim_kernel_default(void);

/**
 * kvmsim_kernel_lookup() - find a modelled kernel by name.
 * @name: a release such as "6.12"; "6.12.3" or "6.12.0-1-arm64" name the
 *        same profile, since the model is per major.minor release.
 *
 * Return: the profile's canonical name, or NULL with errno set to ENOENT
 * when no modelled kernel matches (or EINVAL for a NULL @name).
 */
const char *kvmsim_kernel_lookup(const char *name);

/**
 * kvmsim_open() - open a simulated /dev/kvm.
 * @kernel: the kernel release to model (see kvmsim_kernel_lookup()), or
 *	NULL for the process default: $KVMSIM_KERNEL, or
 *	kvmsim_kernel_default() when that is unset or empty.
 * @flags: open(2) flags; O_CLOEXEC is honoured, as on the real device.
 *
 * The result is a real file descriptor of the process.  Pass it, and the VM
 * and vCPU fds its ioctls create, to kvmsim_ioctl(), kvmsim_mmap(),
 * kvmsim_dup*() and kvmsim_close(): the simulator must see every close and
 * dup of its fds (the shim and kvmsim-run's interposer see to that).
 *
 * Return: the fd, or -1 with errno set (ENOENT: @kernel is no modelled
 * kernel; EINVAL: $KVMSIM_KERNEL is none, which stderr then says, with
 * the modelled ones, or KVMSIM_INJECT is malformed).
 */
int kvmsim_open(const char *kernel, int flags);

/**
 * kvmsim_ioctl() - ioctl(2) on a simulated fd.
 * @fd: a /dev/kvm, VM or vCPU fd of the simulator.
 * @request: the ioctl number.
 *
 * The optional third argument is the ioctl's argument, as for ioctl(2).
 * Every pointer in it is read and written as the kernel would: a bad one
 * gives EFAULT, never a crash.  The calling process's children (after
 * fork) get EIO on their parent's VM and vCPU fds, as from the kernel.
 *
 * Return: the ioctl's result, or -1 with errno set as the modelled kernel
 * sets it (EBADF when @fd is not a simulated fd).
 */
int kvmsim_ioctl(int fd, unsigned long request, ...);

/**
 * kvmsim_mmap() - mmap(2) of a simulated fd.
 *
 * A vCPU fd maps as the kernel's does: page 0 is struct kvm_run (the
 * simulator's own, shared for MAP_SHARED mappings), page 1 the VM's
 * coalesced-MMIO ring, and any further page maps but raises SIGBUS when
 * touched.  /dev/kvm and VM fds fail with ENODEV.
 *
 * Return: the address, or MAP_FAILED with errno set.
 */
void *kvmsim_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);

/**
 * kvmsim_close() - close(2) of a simulated fd.
 *
 * A VM lives on while any of its vCPU fds is open; closing the last fd of
 * a VM frees it and its vCPUs.
 *
 * Return: 0, or -1 with errno set (EBADF when @fd is not a simulated fd).
 */
int kvmsim_close(int fd);

/**
 * kvmsim_dup() - dup(2) of a simulated fd; kvmsim_dup2(), kvmsim_dup3()
 * and kvmsim_fcntl_dupfd() (F_DUPFD, F_DUPFD_CLOEXEC) likewise.  The new
 * fd refers to the same VM or vCPU.
 *
 * Return: the new fd, or -1 with errno set.
 */
int kvmsim_dup(int fd);
int kvmsim_dup2(int oldfd, int newfd);
int kvmsim_dup3(int oldfd, int newfd, int flags);
int kvmsim_fcntl_dupfd(int fd, int cmd, int minfd);

/**
 * kvmsim_is_fd() - whether @fd is one of the simulator's fds.
 *
 * Also whether it still is: an fd closed with close(2) instead of
 * kvmsim_close(), whose number the next open() may have reused, is no
 * longer the simulator's (one fstat(2) tells), and is forgotten.  The
 * other kvmsim_*() calls do not check; the shim's sim backend asks this
 * first and gives other fds to the system calls.
 */
bool kvmsim_is_fd(int fd);

/**
 * kvmsim_fds_closed() - fds @first to @last (inclusive) were closed, or
 * replaced, by calls the simulator did not see: close_range(2), dup2(2)
 * of another file onto one of them.  The simulator forgets those that
 * were its own, as if kvmsim_close() had been called; numbers that were
 * not its own are ignored.  An interposer such as kvmsim-run's calls this.
 */
void kvmsim_fds_closed(unsigned int first, unsigned int last);

#ifdef __cplusplus
}
#endif

#endif /* KVMSIM_KVMSIM_H */
