// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * copy_from_user / copy_to_user for a simulator that shares the caller's
 * address space.
 *
 * The kernel survives any pointer a VMM passes: a NULL, unmapped,
 * read-only or kernel-half address costs the VMM an EFAULT, never a crash.
 * The simulator must be as forgiving, so it never dereferences a caller's
 * pointer directly: process_vm_readv/writev on its own process reads and
 * writes through the page tables and reports EFAULT where a load or store
 * would fault.
 */
#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

#include <linux/kvm_host.h>

/*
 * The arm64 kernels' user address space ends at 2^48 (48-bit VA); a range
 * reaching past it is the kernel's, which access_ok() refuses up front.
 */
#define TASK_SIZE_MAX	(1UL << 48)

bool access_ok(unsigned long addr, size_t n)
{
	return n <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - n;
}

static int user_rw(void *local, unsigned long remote, size_t n, bool write)
{
	struct iovec liov = { .iov_base = local, .iov_len = n };
	struct iovec riov = { .iov_base = (void *)remote, .iov_len = n };
	ssize_t done;

	if (!n)
		return 0;
	if (!access_ok(remote, n))
		return -EFAULT;
	do {
		done = write ? process_vm_writev(getpid(), &liov, 1, &riov, 1, 0)
			     : process_vm_readv(getpid(), &liov, 1, &riov, 1, 0);
	} while (done < 0 && errno == EINTR);
	/* A short transfer means the range crosses into an unmapped page. */
	return done == (ssize_t)n ? 0 : -EFAULT;
}

int copy_from_user(void *to, unsigned long from, size_t n)
{
	return user_rw(to, from, n, false);
}

int copy_to_user(unsigned long to, const void *from, size_t n)
{
	return user_rw((void *)from, to, n, true);
}
