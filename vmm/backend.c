// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The backend shim: the same KVM calls answered by the simulator in this
 * process or by the kernel's /dev/kvm.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvmsim/backend.h"
#include "kvmsim/kvmsim.h"

#define KVMSIM_EXPORT __attribute__((visibility("default")))

/* Reported by arm64 KVM only (arch/arm64/kvm/arm.c); other KVMs answer 0. */
#ifndef KVM_CAP_ARM_PSCI_0_2
#define KVM_CAP_ARM_PSCI_0_2 102
#endif

/* ---- sim: libkvmsim ---------------------------------------------------- */

/*
 * The path a VMM opens: /dev/kvm (or NULL) is the simulated device, of the
 * release $KVMSIM_KERNEL names (else the default one); the simulator has
 * no other files (ENOENT).  A bare release ("6.1", no '/') chooses that
 * release, as kvmsim_open() does.
 */
static int sim_open(const char *path, int flags)
{
	if (!path || !strcmp(path, "/dev/kvm"))
		return kvmsim_open(NULL, flags);
	if (strchr(path, '/') || !*path) {
		errno = ENOENT;
		return -1;
	}
	return kvmsim_open(path, flags);
}

/*
 * The VMM may have closed a simulated fd with close(2) and reused its
 * number (kvmsim_is_fd() checks, and forgets it then): an fd that is not
 * the simulator's gets the kernel's answer, EBADF for a closed one.
 */
static int sim_ioctl(int fd, unsigned long request, unsigned long arg)
{
	if (!kvmsim_is_fd(fd))
		return ioctl(fd, request, arg);
	return kvmsim_ioctl(fd, request, arg);
}

static void *sim_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	if (!kvmsim_is_fd(fd))
		return mmap(addr, len, prot, flags, fd, offset);
	return kvmsim_mmap(addr, len, prot, flags, fd, offset);
}

static int sim_close(int fd)
{
	if (!kvmsim_is_fd(fd))
		return close(fd);
	return kvmsim_close(fd);
}

static int sim_dup(int fd)
{
	if (!kvmsim_is_fd(fd))
		return dup(fd);
	return kvmsim_dup(fd);
}

static int sim_fcntl_dupfd(int fd, int cmd, int minfd)
{
	if (cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC) {
		errno = EINVAL;
		return -1;
	}
	if (!kvmsim_is_fd(fd))
		return fcntl(fd, cmd, minfd);
	return kvmsim_fcntl_dupfd(fd, cmd, minfd);
}

KVMSIM_EXPORT const struct kvm_backend_ops kvmsim_backend_sim = {
	.name = "sim",
	.open = sim_open,
	.ioctl = sim_ioctl,
	.mmap = sim_mmap,
	.munmap = munmap,
	.close = sim_close,
	.dup = sim_dup,
	.fcntl_dupfd = sim_fcntl_dupfd,
};

/* ---- host: /dev/kvm ---------------------------------------------------- */

/*
 * 0 when @fd is arm64 KVM, else -ENODEV.  Nothing arm64-specific is asked
 * before this: KVM_GET_API_VERSION and KVM_CHECK_EXTENSION mean the same
 * on every architecture.  Under qemu user mode the emulator refuses KVM
 * ioctls it does not translate, which lands here too.
 */
static int host_check_arm64(int fd)
{
	if (ioctl(fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		return -ENODEV;
	if (ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PSCI_0_2) <= 0)
		return -ENODEV;
	return 0;
}

/*
 * A path is opened as given; NULL, or a bare release name (which the
 * running kernel decides), is /dev/kvm.
 */
static int host_open(const char *path, int flags)
{
	int fd = open(path && strchr(path, '/') ? path : "/dev/kvm", flags);
	int r;

	if (fd < 0)
		return -1;
	r = host_check_arm64(fd);
	if (r) {
		close(fd);
		errno = -r;
		return -1;
	}
	return fd;
}

static int host_ioctl(int fd, unsigned long request, unsigned long arg)
{
	return ioctl(fd, request, arg);
}

static int host_fcntl_dupfd(int fd, int cmd, int minfd)
{
	if (cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC) {
		errno = EINVAL;
		return -1;
	}
	return fcntl(fd, cmd, minfd);
}

KVMSIM_EXPORT const struct kvm_backend_ops kvmsim_backend_host = {
	.name = "host",
	.open = host_open,
	.ioctl = host_ioctl,
	.mmap = mmap,
	.munmap = munmap,
	.close = close,
	.dup = dup,
	.fcntl_dupfd = host_fcntl_dupfd,
};

KVMSIM_EXPORT bool kvmsim_backend_host_usable(void)
{
	int fd = host_open(NULL, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* ---- choosing one ------------------------------------------------------ */

KVMSIM_EXPORT const struct kvm_backend_ops *kvmsim_backend_select(const char *name)
{
	if (!name || !*name)
		name = getenv("KVMSIM_BACKEND");
	if (!name || !*name || !strcmp(name, "auto")) {
		int saved = errno;
		bool host = kvmsim_backend_host_usable();

		errno = saved;
		return host ? &kvmsim_backend_host : &kvmsim_backend_sim;
	}
	if (!strcmp(name, "sim"))
		return &kvmsim_backend_sim;
	if (!strcmp(name, "host"))
		return &kvmsim_backend_host;
	errno = EINVAL;
	return NULL;
}

static pthread_once_t backend_once = PTHREAD_ONCE_INIT;
static const struct kvm_backend_ops *process_backend;
static int process_backend_errno;

static void backend_choose(void)
{
	process_backend = kvmsim_backend_select(NULL);
	if (!process_backend)
		process_backend_errno = errno;
}

KVMSIM_EXPORT const struct kvm_backend_ops *kvmsim_backend_get(void)
{
	pthread_once(&backend_once, backend_choose);
	if (!process_backend)
		errno = process_backend_errno;
	return process_backend;
}
