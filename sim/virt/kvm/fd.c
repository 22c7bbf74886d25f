// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The file layer: simulated /dev/kvm, VM and vCPU files as real fds.
 *
 * Every simulated fd is a memfd of the process, so close(), dup(), fcntl(),
 * poll(), O_CLOEXEC and fd numbering are the kernel's own.  A vCPU's memfd
 * holds its kvm_run page at offset 0, which makes the VMM's MAP_SHARED
 * mappings and the simulator's vcpu->run one page, shared by the kernel's
 * page-fault path.  A VM is one memfd too, and costs the VMM one fd as on
 * real KVM: the pages its vCPUs share live in memory files the simulator
 * keeps only mapped, not open.
 *
 * This file is also the system-call boundary: the public kvmsim_*()
 * functions turn the simulator's negative errnos into -1 and errno, here
 * and nowhere else.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm_host.h>

#include "kvmsim/kvmsim.h"
#include "inject.h"

enum kvm_file_kind {
	KVM_FILE_DEV,	/* /dev/kvm */
	KVM_FILE_VM,
	KVM_FILE_VCPU,
	KVM_FILE_DEVICE,	/* KVM_CREATE_DEVICE's */
};

/*
 * One open file, shared by the fds dup() makes of it.  @refs counts the fd
 * table entries plus the calls in flight, so a close() racing an ioctl()
 * frees nothing under the ioctl (the kernel's fdget/fput).
 *
 * Lookups take no lock (every ioctl makes one), so a file's memory is
 * never given back to malloc: a released file goes to file_pool for the
 * next one, and a lookup that raced its release sees refs at 0 or the fd
 * pointing elsewhere, and lets go (the kernel's SLAB_TYPESAFE_BY_RCU files).
 */
struct kvm_file {
	atomic_int refs;
	enum kvm_file_kind kind;
	const struct kvm_profile *profile;	/* KVM_FILE_DEV */
	struct kvm *kvm;			/* KVM_FILE_VM */
	struct kvm_vcpu *vcpu;			/* KVM_FILE_VCPU */
	struct kvm_device *device;		/* KVM_FILE_DEVICE */
	dev_t dev;				/* the memfd's identity, */
	ino_t ino;				/* see file_is_at() */
	struct kvm_file *next_free;		/* in file_pool */
};

static pthread_mutex_t file_pool_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kvm_file *file_pool;

/*
 * fd number -> file.  Readers load the table and a slot atomically;
 * writers hold fdtab_lock.  A table outgrown stays allocated (on the
 * @older chain), as a reader may still be looking at it.
 */
struct fdtab {
	size_t len;
	struct fdtab *older;
	_Atomic(struct kvm_file *) slot[];
};
static pthread_mutex_t fdtab_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(struct fdtab *) fdtab;

static atomic_ulong mm_generation = 1;

/*
 * ThreadSanitizer would go on seeing the parent's write lock on the lock
 * the child re-initialises; tell it the lock was released.
 */
#ifdef __SANITIZE_THREAD__
#include <sanitizer/tsan_interface.h>
#define tsan_forget_lock(lock)					\
	do {							\
		__tsan_mutex_pre_unlock((lock), 0);		\
		__tsan_mutex_post_unlock((lock), 0);		\
	} while (0)
#else
#define tsan_forget_lock(lock)	((void)0)
#endif

unsigned long kvm_mm_generation(void)
{
	return atomic_load_explicit(&mm_generation, memory_order_relaxed);
}

/*
 * fork(): the child shares no VM with its parent.  The lock is held across
 * fork so that the child's copy of the table is consistent.
 */
static void atfork_prepare(void)
{
	pthread_mutex_lock(&fdtab_lock);
	pthread_mutex_lock(&file_pool_lock);
}

static void atfork_parent(void)
{
	pthread_mutex_unlock(&file_pool_lock);
	pthread_mutex_unlock(&fdtab_lock);
}

/*
 * The child's only thread is not the one that took the lock (glibc records
 * the writer's TID), so it gets a fresh lock rather than an unlock.
 */
static void atfork_child(void)
{
	atomic_fetch_add(&mm_generation, 1);
	tsan_forget_lock(&fdtab_lock);
	tsan_forget_lock(&file_pool_lock);
	pthread_mutex_init(&fdtab_lock, NULL);
	pthread_mutex_init(&file_pool_lock, NULL);
}

__attribute__((constructor)) static void fd_layer_init(void)
{
	pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
}

static void file_free(struct kvm_file *file)
{
	pthread_mutex_lock(&file_pool_lock);
	file->next_free = file_pool;
	file_pool = file;
	pthread_mutex_unlock(&file_pool_lock);
}

static void file_release(struct kvm_file *file)
{
	switch (file->kind) {
	case KVM_FILE_DEV:
		break;
	case KVM_FILE_VM:
		kvm_put_kvm(file->kvm);
		break;
	case KVM_FILE_VCPU:
		kvm_put_kvm(file->vcpu->kvm);
		break;
	case KVM_FILE_DEVICE:
		kvm_device_release(file->device);
		break;
	}
	file_free(file);
}

static struct kvm_file *file_alloc(void)
{
	struct kvm_file *file;

	pthread_mutex_lock(&file_pool_lock);
	file = file_pool;
	if (file)
		file_pool = file->next_free;
	pthread_mutex_unlock(&file_pool_lock);
	if (!file)
		file = calloc(1, sizeof(*file));
	return file;
}

static void file_put(struct kvm_file *file)
{
	if (atomic_fetch_sub(&file->refs, 1) == 1)
		file_release(file);
}

static struct kvm_file *fdtab_peek(int fd)
{
	struct fdtab *tab = atomic_load_explicit(&fdtab, memory_order_acquire);

	if (!tab || fd < 0 || (size_t)fd >= tab->len)
		return NULL;
	return atomic_load_explicit(&tab->slot[fd], memory_order_acquire);
}

/* The file behind @fd with a reference taken, or NULL. */
static struct kvm_file *file_get(int fd)
{
	struct kvm_file *file = fdtab_peek(fd);
	int refs;

	if (!file)
		return NULL;
	/* A reference only while the file lives ... */
	refs = atomic_load_explicit(&file->refs, memory_order_relaxed);
	do {
		if (!refs)
			return NULL;
	} while (!atomic_compare_exchange_weak(&file->refs, &refs, refs + 1));
	/* ... and is still the one at @fd, not a recycled one gone elsewhere. */
	if (fdtab_peek(fd) != file) {
		file_put(file);
		return NULL;
	}
	return file;
}

/*
 * Enters @file at @fd; takes one reference.  A file still found there is
 * one whose fd the VMM closed behind the simulator's back (close(2), not
 * kvmsim_close()): the kernel has given the number to @file, so the old
 * entry is dropped.
 */
static int fdtab_set(int fd, struct kvm_file *file)
{
	struct kvm_file *old = NULL;
	struct fdtab *tab;
	int r = 0;

	pthread_mutex_lock(&fdtab_lock);
	tab = atomic_load_explicit(&fdtab, memory_order_relaxed);
	if (!tab || (size_t)fd >= tab->len) {
		size_t len = tab ? tab->len : 64;
		struct fdtab *grown;

		while (len <= (size_t)fd)
			len *= 2;
		grown = calloc(1, sizeof(*grown) + len * sizeof(grown->slot[0]));
		if (!grown) {
			r = -ENOMEM;
			goto out;
		}
		grown->len = len;
		grown->older = tab;
		for (size_t i = 0; tab && i < tab->len; i++)
			atomic_init(&grown->slot[i], atomic_load_explicit(&tab->slot[i],
									  memory_order_relaxed));
		atomic_store_explicit(&fdtab, grown, memory_order_release);
		tab = grown;
	}
	atomic_fetch_add(&file->refs, 1);
	old = atomic_exchange_explicit(&tab->slot[fd], file, memory_order_acq_rel);
out:
	pthread_mutex_unlock(&fdtab_lock);
	if (old)
		file_put(old);
	return r;
}

/* Removes @fd from the table; returns its file (with the table's reference) or NULL. */
static struct kvm_file *fdtab_clear(int fd)
{
	struct kvm_file *file = NULL;
	struct fdtab *tab;

	pthread_mutex_lock(&fdtab_lock);
	tab = atomic_load_explicit(&fdtab, memory_order_relaxed);
	if (tab && fd >= 0 && (size_t)fd < tab->len)
		file = atomic_exchange_explicit(&tab->slot[fd], NULL, memory_order_acq_rel);
	pthread_mutex_unlock(&fdtab_lock);
	return file;
}

/*
 * Whether @fd is still @file's.  The VMM may close a simulated fd with
 * close(2) rather than kvmsim_close() and get its number back from the
 * next open(): every file is a memfd of its own, so the inode tells.
 */
static bool file_is_at(const struct kvm_file *file, int fd)
{
	struct stat st;
	int saved = errno;
	bool same = !fstat(fd, &st) && st.st_ino == file->ino && st.st_dev == file->dev;

	errno = saved;
	return same;
}

/* @fd is no longer @file's: forget it, if the table still has it there. */
static void fdtab_drop_stale(int fd, struct kvm_file *file)
{
	struct kvm_file *expected = file;
	struct fdtab *tab;
	bool dropped = false;

	pthread_mutex_lock(&fdtab_lock);
	tab = atomic_load_explicit(&fdtab, memory_order_relaxed);
	if (tab && fd >= 0 && (size_t)fd < tab->len)
		dropped = atomic_compare_exchange_strong(&tab->slot[fd], &expected, NULL);
	pthread_mutex_unlock(&fdtab_lock);
	if (dropped)
		file_put(file);
}

/* Wraps an existing @fd in a new file of @kind; the file owns one reference. */
static int file_install(int fd, enum kvm_file_kind kind, void *object,
			const struct kvm_profile *profile)
{
	struct kvm_file *file;
	struct stat st;
	int r;

	if (fstat(fd, &st))
		return -errno;
	file = file_alloc();
	if (!file)
		return -ENOMEM;
	atomic_store_explicit(&file->refs, 0, memory_order_relaxed);
	file->dev = st.st_dev;
	file->ino = st.st_ino;
	file->kvm = NULL;
	file->vcpu = NULL;
	file->device = NULL;
	file->kind = kind;
	file->profile = profile;
	if (kind == KVM_FILE_VM)
		file->kvm = object;
	else if (kind == KVM_FILE_VCPU)
		file->vcpu = object;
	else if (kind == KVM_FILE_DEVICE)
		file->device = object;
	r = fdtab_set(fd, file);
	if (r) {
		file_free(file);
		return r;
	}
	return fd;
}

static int new_memfd(const char *name, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (size && ftruncate(fd, (off_t)size) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	return fd;
}

/* A memfd of @size bytes with its first page mapped shared at *@ret_page. */
static int new_memfd_mapped(const char *name, size_t size, void **ret_page)
{
	int fd = new_memfd(name, size);
	void *page;

	if (fd < 0)
		return fd;
	page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (page == MAP_FAILED) {
		close(fd);
		return -ENOMEM;
	}
	*ret_page = page;
	return fd;
}

int kvm_fd_install_vm(struct kvm *kvm)
{
	int fd = new_memfd("kvm-vm", 0);
	int r;

	if (fd < 0)
		return fd;
	r = file_install(fd, KVM_FILE_VM, kvm, NULL);
	if (r < 0)
		close(fd);
	return r;
}

/*
 * The vCPU file holds kvm_run only: any other page of a mapping of it lies
 * past the end of the memfd and raises SIGBUS when touched, which is what
 * kvm_vcpu_fault() gives for pages it has nothing for.  The pages it does
 * have (the coalesced ring, the dirty ring) are the VM's, and vcpu_mmap()
 * lays them over the mapping.
 */
int kvm_vcpu_alloc_run(struct kvm_vcpu *vcpu)
{
	char name[32];
	void *run;
	int fd;

	snprintf(name, sizeof(name), "kvm-vcpu:%u", vcpu->vcpu_id);
	fd = new_memfd_mapped(name, PAGE_SIZE, &run);
	if (fd < 0)
		return fd;
	vcpu->run = run;
	vcpu->fd = fd;
	return 0;
}

void kvm_vcpu_free_run(struct kvm_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, PAGE_SIZE);
	vcpu->run = NULL;
}

int kvm_fd_install_vcpu(struct kvm_vcpu *vcpu)
{
	return file_install(vcpu->fd, KVM_FILE_VCPU, vcpu, NULL);
}

int kvm_fd_install_device(struct kvm_device *dev)
{
	int fd = new_memfd(dev->ops->name, 0);
	int r;

	if (fd < 0)
		return fd;
	r = file_install(fd, KVM_FILE_DEVICE, dev, NULL);
	if (r < 0)
		close(fd);
	return r;
}

void kvm_vcpu_discard_fd(struct kvm_vcpu *vcpu)
{
	close(vcpu->fd);
	vcpu->fd = -1;
}

/*
 * The VM's pages: the pages every vCPU fd of the VM maps, the way
 * kvm_vcpu_fault() hands out pages that are not the vCPU's own - the
 * coalesced-MMIO ring, and each vCPU's dirty ring once a dirty ring size
 * is set.  Each is a memfd that the simulator maps shared and closes at
 * once, so that the VM costs the VMM no fd beyond its own, as on real KVM
 * (EMFILE comes at the same VM count).  A VMM's mapping of them is a new
 * mapping of the simulator's (mremap() with old size 0, which duplicates a
 * shared mapping); its name, /memfd:kvm-vcpu:..., marks them as KVM's own
 * pages in /proc/self/maps (see mte.c).
 */
/*
 * Whether mremap() with old size 0 duplicates a shared mapping here.
 * qemu-aarch64 user mode (7.2) refuses it with ENOMEM; there the pages'
 * memfd is kept open instead, one more fd per VM and per dirty ring, so
 * that a VMM's mapping can map the file itself.
 */
static bool mremap_dups(void)
{
	static int works = -1;
	void *a, *b;

	if (__atomic_load_n(&works, __ATOMIC_RELAXED) >= 0)
		return works;
	a = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	b = a == MAP_FAILED ? MAP_FAILED : mremap(a, 0, PAGE_SIZE, MREMAP_MAYMOVE);
	if (b != MAP_FAILED)
		munmap(b, PAGE_SIZE);
	if (a != MAP_FAILED)
		munmap(a, PAGE_SIZE);
	__atomic_store_n(&works, b != MAP_FAILED, __ATOMIC_RELAXED);
	return b != MAP_FAILED;
}

/* @ret_fd: the memfd where mremap_dups() is false, else -1. */
static int new_pages(const char *name, size_t size, void **ret_pages, int *ret_fd)
{
	void *pages;
	int fd = new_memfd(name, size);

	if (fd < 0)
		return fd;
	pages = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (pages == MAP_FAILED) {
		close(fd);
		return -ENOMEM;
	}
	if (mremap_dups()) {
		close(fd);
		fd = -1;
	} else {
		fd = kvm_fd_hide(fd);
	}
	*ret_pages = pages;
	*ret_fd = fd;
	return 0;
}

/*
 * The kernel has no fd for the simulator's own files (the uaccess
 * fallback's pipe), so they must not shift the numbers the VMM's
 * next fds get: they move to the upper half of the fd range, out of the
 * way of the lowest-free numbering the VMM sees.
 */
int kvm_fd_hide(int fd)
{
	struct rlimit lim;
	int high;

	if (getrlimit(RLIMIT_NOFILE, &lim) || lim.rlim_cur < 8)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, (int)(lim.rlim_cur > INT_MAX ? INT_MAX / 2 :
						  lim.rlim_cur / 2));
	if (high < 0)
		return fd;
	close(fd);
	return high;
}

int kvm_vm_alloc_pages(struct kvm *kvm)
{
	void *ring;
	int r = new_pages("kvm-vcpu:coalesced-ring", PAGE_SIZE, &ring, &kvm->pages_fd);

	if (r)
		return r;
	kvm->coalesced_mmio_ring = ring;
	return 0;
}

void kvm_vm_free_pages(struct kvm *kvm)
{
	if (kvm->coalesced_mmio_ring)
		munmap(kvm->coalesced_mmio_ring, PAGE_SIZE);
	kvm->coalesced_mmio_ring = NULL;
	if (kvm->pages_fd >= 0)
		close(kvm->pages_fd);
	kvm->pages_fd = -1;
}

/* The dirty rings are made per vCPU (kvm_dirty_ring_alloc()): nothing to reserve. */
int kvm_vm_reserve_dirty_rings(struct kvm *kvm, uint32_t size)
{
	(void)kvm;
	(void)size;
	return 0;
}

/* kvm_dirty_ring_alloc(): vCPU @index's ring, @size bytes, mapped for the simulator. */
int kvm_dirty_ring_alloc(struct kvm *kvm, struct kvm_dirty_ring *ring,
			 unsigned int index, uint32_t size)
{
	void *gfns;
	int r;

	(void)kvm;
	r = new_pages("kvm-vcpu:dirty-ring", size, &gfns, &ring->fd);
	if (r)
		return r;
	ring->dirty_gfns = gfns;
	ring->size = size / sizeof(struct kvm_dirty_gfn);
	ring->index = index;
	ring->dirty_index = 0;
	ring->reset_index = 0;
	return 0;
}

void kvm_dirty_ring_free(struct kvm_dirty_ring *ring)
{
	if (ring->dirty_gfns) {
		munmap(ring->dirty_gfns, (size_t)ring->size * sizeof(struct kvm_dirty_gfn));
		if (ring->fd >= 0)
			close(ring->fd);
	}
	ring->dirty_gfns = NULL;
	ring->fd = -1;
}

/* ---- the system-call boundary ---------------------------------------- */

static int syscall_result(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

KVMSIM_EXPORT int kvmsim_open(const char *kernel, int flags)
{
	const struct kvm_profile *profile;
	int fd, r;

	if (kernel) {
		profile = kvm_profile_find(kernel);
		if (!profile)
			return syscall_result(-ENOENT);
	} else {
		profile = kvm_profile_process_default();
		if (!profile)
			return syscall_result(-EINVAL);
	}
	r = kvm_inject_open();
	if (r)
		return syscall_result(r);
	fd = memfd_create("kvm", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
	if (fd < 0)
		return -1;
	r = file_install(fd, KVM_FILE_DEV, NULL, profile);
	if (r < 0)
		close(fd);
	return syscall_result(r);
}

/*
 * Also checks that @fd is still the simulator's file (file_is_at()); a
 * number the VMM closed and reused behind its back is forgotten here.
 */
KVMSIM_EXPORT bool kvmsim_is_fd(int fd)
{
	struct kvm_file *file = file_get(fd);
	bool ours;

	if (!file)
		return false;
	ours = file_is_at(file, fd);
	if (!ours)
		fdtab_drop_stale(fd, file);
	file_put(file);
	return ours;
}

static enum kvm_inject_target inject_target(const struct kvm_file *file)
{
	switch (file->kind) {
	case KVM_FILE_VM:
	case KVM_FILE_DEVICE:
		return INJECT_VM;
	case KVM_FILE_VCPU:
		return INJECT_VCPU;
	default:
		return INJECT_SYS;
	}
}

KVMSIM_EXPORT int kvmsim_ioctl(int fd, unsigned long request, ...)
{
	struct kvm_file *file;
	unsigned long arg;
	unsigned int ioctl;
	va_list ap;
	long r;

	va_start(ap, request);
	arg = va_arg(ap, unsigned long);
	va_end(ap);

	file = file_get(fd);
	if (!file)
		return syscall_result(-EBADF);
	/* The kernel's ioctl numbers are 32 bits; the upper half is dropped. */
	ioctl = (unsigned int)request;
	r = kvm_inject_ioctl(inject_target(file), file->vcpu, ioctl);
	if (r)
		goto out;
	switch (file->kind) {
	case KVM_FILE_DEV:
		r = kvm_dev_ioctl(file->profile, ioctl, arg);
		break;
	case KVM_FILE_VM:
		r = kvm_vm_ioctl(file->kvm, ioctl, arg);
		break;
	case KVM_FILE_VCPU:
		r = kvm_vcpu_ioctl(file->vcpu, ioctl, arg);
		break;
	case KVM_FILE_DEVICE:
		r = kvm_device_ioctl(file->device, ioctl, arg);
		break;
	default:
		r = -EINVAL;
	}
out:
	file_put(file);
	return syscall_result(r);
}

/* kvm_page_in_dirty_ring(): page @pgoff of a vCPU fd is dirty-ring memory. */
static bool page_in_dirty_ring(const struct kvm *kvm, uint64_t pgoff)
{
	return pgoff >= KVM_DIRTY_LOG_PAGE_OFFSET &&
	       pgoff < KVM_DIRTY_LOG_PAGE_OFFSET + kvm->dirty_ring_size / PAGE_SIZE;
}

/*
 * kvm_vcpu_mmap(): the dirty ring may only be mapped shared and not
 * executable.  As in the kernel, only the first and the last page of the
 * mapping are looked at.
 */
static int vcpu_mmap_check(const struct kvm_vcpu *vcpu, uint64_t pgoff, uint64_t npages,
			   int prot, int flags)
{
	const struct kvm *kvm = vcpu->kvm;

	if ((page_in_dirty_ring(kvm, pgoff) || page_in_dirty_ring(kvm, pgoff + npages - 1)) &&
	    ((prot & PROT_EXEC) || !(flags & MAP_SHARED)))
		return -EINVAL;
	return 0;
}

/*
 * Maps pages [@first, @end) of the vCPU fd, part of the mapping @map of
 * pages from @pgoff, from the simulator's mapping @pages of the VM's pages
 * instead: shared, a new mapping of the same pages; private, a copy of
 * them as they are now (the kernel's would follow them until written).
 */
static int overlay(char *map, uint64_t pgoff, uint64_t first, uint64_t end, int prot,
		   int flags, void *pages, int pages_fd, off_t pages_off)
{
	char *at = map + (first - pgoff) * PAGE_SIZE;
	size_t len = (end - first) * PAGE_SIZE;
	void *p;

	if ((flags & MAP_SHARED) && pages_fd >= 0)
		p = mmap(at, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, pages_fd, pages_off);
	else if (flags & MAP_SHARED)
		p = mremap(pages, 0, len, MREMAP_MAYMOVE | MREMAP_FIXED, at);
	else
		p = mmap(at, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (!(flags & MAP_SHARED))
		memcpy(at, pages, len);
	if (mprotect(at, len, prot))
		return -errno;
	return 0;
}

/*
 * kvm_vcpu_mmap + kvm_vcpu_fault: any offset maps; page 0 is kvm_run (the
 * vCPU file's own page), page KVM_COALESCED_MMIO_PAGE_OFFSET the VM's
 * coalesced-MMIO ring, pages from KVM_DIRTY_LOG_PAGE_OFFSET the vCPU's
 * dirty ring; anything else raises SIGBUS when touched.  The VM's pages are
 * laid over the mapping of the vCPU file (overlay()), shared or private
 * as asked, so every vCPU of a VM sees one ring page.
 */
static void *vcpu_mmap(struct kvm_vcpu *vcpu, void *addr, size_t len, int prot,
		       int flags, int fd, off_t offset)
{
	const struct kvm *kvm = vcpu->kvm;
	uint64_t pgoff, npages, first, end;
	char *map;
	int r;

	/* Zero, oversized or misaligned arguments: mmap() itself refuses them below. */
	if (len && len <= SIZE_MAX - PAGE_SIZE && offset >= 0 && !(offset & (PAGE_SIZE - 1))) {
		r = vcpu_mmap_check(vcpu, (uint64_t)offset >> PAGE_SHIFT,
				    (len + PAGE_SIZE - 1) >> PAGE_SHIFT, prot, flags);
		if (r) {
			errno = -r;
			return MAP_FAILED;
		}
	}
	map = mmap(addr, len, prot, flags, fd, offset);
	if (map == MAP_FAILED)
		return map;
	pgoff = (uint64_t)offset >> PAGE_SHIFT;
	npages = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;

	r = 0;
	if (pgoff <= KVM_COALESCED_MMIO_PAGE_OFFSET && pgoff + npages > KVM_COALESCED_MMIO_PAGE_OFFSET)
		r = overlay(map, pgoff, KVM_COALESCED_MMIO_PAGE_OFFSET,
			    KVM_COALESCED_MMIO_PAGE_OFFSET + 1, prot, flags,
			    kvm->coalesced_mmio_ring, kvm->pages_fd, 0);
	if (!r && kvm->dirty_ring_size) {
		first = pgoff > KVM_DIRTY_LOG_PAGE_OFFSET ? pgoff : KVM_DIRTY_LOG_PAGE_OFFSET;
		end = KVM_DIRTY_LOG_PAGE_OFFSET + kvm->dirty_ring_size / PAGE_SIZE;
		if (pgoff + npages < end)
			end = pgoff + npages;
		if (first < end)
			r = overlay(map, pgoff, first, end, prot, flags,
				    (char *)vcpu->dirty_ring.dirty_gfns +
				    (first - KVM_DIRTY_LOG_PAGE_OFFSET) * PAGE_SIZE,
				    vcpu->dirty_ring.fd,
				    (off_t)(first - KVM_DIRTY_LOG_PAGE_OFFSET) * PAGE_SIZE);
	}
	if (r) {
		munmap(map, len);
		errno = -r;
		return MAP_FAILED;
	}
	return map;
}

KVMSIM_EXPORT void *kvmsim_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	struct kvm_file *file = file_get(fd);
	void *map;
	int r;

	if (!file) {
		errno = EBADF;
		return MAP_FAILED;
	}
	r = kvm_inject_mmap(inject_target(file), file->vcpu);
	if (r) {
		map = MAP_FAILED;
		errno = -r;
	} else if (file->kind == KVM_FILE_VCPU) {
		map = vcpu_mmap(file->vcpu, addr, len, prot, flags, fd, offset);
	} else {
		/*
		 * /dev/kvm, VM files and the arm64 devices have no mmap: the
		 * kernel's ENODEV.
		 */
		map = MAP_FAILED;
		errno = ENODEV;
	}
	file_put(file);
	return map;
}

KVMSIM_EXPORT int kvmsim_close(int fd)
{
	struct kvm_file *file = fdtab_clear(fd);
	int r;

	if (!file)
		return syscall_result(-EBADF);
	r = close(fd);
	file_put(file);
	return r;
}

KVMSIM_EXPORT void kvmsim_fds_closed(unsigned int first, unsigned int last)
{
	struct kvm_file *gone[64], *file;
	unsigned long fd = first;
	struct fdtab *tab;
	bool more;
	size_t n;

	/* In batches, so that no file is released under the table's lock. */
	do {
		n = 0;
		pthread_mutex_lock(&fdtab_lock);
		tab = atomic_load_explicit(&fdtab, memory_order_relaxed);
		for (; tab && fd < tab->len && fd <= last && n < ARRAY_SIZE(gone); fd++) {
			file = atomic_exchange_explicit(&tab->slot[fd], NULL, memory_order_acq_rel);
			if (file)
				gone[n++] = file;
		}
		more = tab && fd < tab->len && fd <= last;
		pthread_mutex_unlock(&fdtab_lock);
		while (n)
			file_put(gone[--n]);
	} while (more);
}

/* dup()/dup3()/F_DUPFD: @newfd is a new fd to the same file as @oldfd. */
static int adopt_dup(struct kvm_file *file, int newfd)
{
	struct kvm_file *old;
	int r;

	if (newfd < 0) {
		r = -errno;
		file_put(file);
		return syscall_result(r);
	}
	/* dup2/dup3 closed whatever @newfd was; drop it if it was ours. */
	old = fdtab_clear(newfd);
	if (old)
		file_put(old);
	r = fdtab_set(newfd, file);
	file_put(file);
	if (r) {
		close(newfd);
		return syscall_result(r);
	}
	return newfd;
}

KVMSIM_EXPORT int kvmsim_dup(int fd)
{
	struct kvm_file *file = file_get(fd);

	if (!file)
		return syscall_result(-EBADF);
	return adopt_dup(file, dup(fd));
}

KVMSIM_EXPORT int kvmsim_dup3(int oldfd, int newfd, int flags)
{
	struct kvm_file *file = file_get(oldfd);

	if (!file)
		return syscall_result(-EBADF);
	if (oldfd == newfd) {
		/* dup2 of an fd onto itself is a no-op; dup3 refuses it. */
		file_put(file);
		return flags == -1 ? newfd : syscall_result(-EINVAL);
	}
	return adopt_dup(file, flags == -1 ? dup2(oldfd, newfd) : dup3(oldfd, newfd, flags));
}

KVMSIM_EXPORT int kvmsim_dup2(int oldfd, int newfd)
{
	return kvmsim_dup3(oldfd, newfd, -1);
}

KVMSIM_EXPORT int kvmsim_fcntl_dupfd(int fd, int cmd, int minfd)
{
	struct kvm_file *file;

	if (cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC)
		return syscall_result(-EINVAL);
	file = file_get(fd);
	if (!file)
		return syscall_result(-EBADF);
	return adopt_dup(file, fcntl(fd, cmd, minfd));
}
