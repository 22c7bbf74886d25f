// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The Memory Tagging Extension of a VM: KVM_CAP_ARM_MTE (arch/arm64/kvm/arm.c),
 * the memory a slot of such a VM may use (mmu.c) and KVM_ARM_MTE_COPY_TAGS
 * (guest.c), as real KVM 6.1 and 6.12 answer (conformance section "arm64.mte").
 *
 * Tags belong to the VMM's pages, as on real KVM, where they sit beside the
 * data in physical memory: another slot over the same memory, or a slot
 * deleted and made again, sees them.  They are kept per VM, by the VMM's
 * page address, for the pages a copy has tagged: a page without an entry
 * reads as zero tags, as a page the kernel never tagged does.  Not seen:
 * the VMM unmapping or replacing such a page (real KVM then reads zeros),
 * and the guest itself, which the simulator runs without tag checks.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "kvm_arm.h"

#define MTE_GRANULE_SIZE	16
#define MTE_GRANULES_PER_PAGE	(PAGE_SIZE / MTE_GRANULE_SIZE)
#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC		0x01021994
#endif

/* A page's tags, two to a byte (the even granule in the low nibble). */
struct mte_page {
	struct mte_page *next;
	uint64_t hva;
	uint8_t tags[MTE_GRANULES_PER_PAGE / 2];
};

/**
 * struct kvm_mte_tags - the tagged pages of a VM, hashed by address.
 * Guarded by the VM's slots_lock, which KVM_ARM_MTE_COPY_TAGS holds
 * throughout, as the kernel does.
 */
struct kvm_mte_tags {
	struct mte_page **buckets;
	size_t nr_buckets;	/* a power of two */
	size_t nr_pages;
};

static size_t page_hash(uint64_t hva, size_t nr_buckets)
{
	return (size_t)(((hva >> PAGE_SHIFT) * 0x9e3779b97f4a7c15ULL) >> 32) & (nr_buckets - 1);
}

static struct mte_page *find_page(const struct kvm_mte_tags *t, uint64_t hva)
{
	struct mte_page *p;

	if (!t || !t->nr_buckets)
		return NULL;
	for (p = t->buckets[page_hash(hva, t->nr_buckets)]; p; p = p->next)
		if (p->hva == hva)
			return p;
	return NULL;
}

static int grow(struct kvm_mte_tags *t)
{
	size_t n = t->nr_buckets ? 2 * t->nr_buckets : 64;
	struct mte_page **b = calloc(n, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < t->nr_buckets; i++) {
		struct mte_page *p = t->buckets[i], *next;

		for (; p; p = next) {
			size_t h = page_hash(p->hva, n);

			next = p->next;
			p->next = b[h];
			b[h] = p;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->nr_buckets = n;
	return 0;
}

/* The entry of @hva, made (zero tags) if there is none; NULL without memory. */
static struct mte_page *get_page(struct kvm *kvm, uint64_t hva)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	struct kvm_mte_tags *t = arm->mte_tags;
	struct mte_page *p = find_page(t, hva);
	size_t h;

	if (p)
		return p;
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t)
			return NULL;
		arm->mte_tags = t;
	}
	if (t->nr_pages >= 2 * t->nr_buckets && grow(t))
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->hva = hva;
	h = page_hash(hva, t->nr_buckets);
	p->next = t->buckets[h];
	t->buckets[h] = p;
	t->nr_pages++;
	return p;
}

void kvm_arm_mte_destroy(struct kvm *kvm)
{
	struct kvm_mte_tags *t = to_arm64_vm(kvm)->mte_tags;

	if (!t)
		return;
	for (size_t i = 0; i < t->nr_buckets; i++) {
		struct mte_page *p = t->buckets[i], *next;

		for (; p; p = next) {
			next = p->next;
			free(p);
		}
	}
	free(t->buckets);
	free(t);
	to_arm64_vm(kvm)->mte_tags = NULL;
}

/* ---- KVM_ENABLE_CAP(KVM_CAP_ARM_MTE) ----------------------------------- */

/* Only on a host with MTE, and only before the first vCPU (its args unread). */
int kvm_arm_mte_enable(struct kvm *kvm)
{
	struct kvm_arm64 *arm = to_arm64_vm(kvm);
	int r = -EINVAL;

	pthread_mutex_lock(&kvm->lock);
	if ((arm->host->features & HOST_MTE) && !kvm->created_vcpus) {
		__atomic_store_n(&arm->mte_enabled, true, __ATOMIC_RELEASE);
		r = 0;
	}
	pthread_mutex_unlock(&kvm->lock);
	return r;
}

bool kvm_has_mte(struct kvm *kvm)
{
	return __atomic_load_n(&to_arm64_vm(kvm)->mte_enabled, __ATOMIC_ACQUIRE);
}

/* ---- The VMM's mappings, from /proc/self/maps -------------------------- */

/* One mapping: its range, access, sharing and what backs it. */
struct vma {
	uint64_t start, end;
	bool read, write, shared;
	bool mte_allowed;
};

/*
 * Whether real KVM would find VM_MTE_ALLOWED on a mapping of @path:
 * anonymous memory (a MAP_SHARED one shows as "/dev/zero (deleted)") and
 * shmem (memfd, SysV, tmpfs files); not other files, a private /dev/zero,
 * the kernel's special mappings, nor the simulator's own vCPU and VM pages
 * (KVM's anon_inode mappings on a real host).  A MAP_SHARED mapping of
 * /dev/zero, which real KVM refuses, looks like the anonymous kind here.
 */
static bool path_mte_allowed(const char *path)
{
	static const char *const anon[] = { "[heap]", "[stack", "[anon:", "[anon_shmem:" };
	char file[512];
	struct statfs fs;
	struct stat st;
	size_t n;

	if (!*path)
		return true;
	if (*path == '[') {
		for (size_t i = 0; i < ARRAY_SIZE(anon); i++)
			if (!strncmp(path, anon[i], strlen(anon[i])))
				return true;
		return false;
	}
	if (!strcmp(path, "/dev/zero (deleted)"))
		return true;
	if (!strncmp(path, "/memfd:kvm-vcpu:", 16) || !strncmp(path, "/memfd:kvm-vm ", 14))
		return false;
	if (!strncmp(path, "/memfd:", 7) || !strncmp(path, "/SYSV", 5))
		return true;
	n = strlen(path);
	if (n >= sizeof(file))
		return false;
	memcpy(file, path, n + 1);
	if (n > 10 && !strcmp(file + n - 10, " (deleted)"))
		file[n - 10] = '\0';
	/* A tmpfs file; not a device node on devtmpfs, such as /dev/zero. */
	return stat(file, &st) == 0 && S_ISREG(st.st_mode) &&
	       statfs(file, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
}

/*
 * The mappings meeting [@start, @end), in order, into a new array
 * (*@ret_vmas, free() it), with what backs them if @classify; their
 * number, or a negative errno.
 */
static long read_vmas(uint64_t start, uint64_t end, bool classify, struct vma **ret_vmas)
{
	struct vma *vmas = NULL, *grown;
	size_t nr = 0, cap = 0;
	char line[4096];
	FILE *maps;

	maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return -errno;
	while (fgets(line, sizeof(line), maps)) {
		unsigned long long s, e;
		char perms[8];
		int off = 0;
		size_t len;

		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s %n", &s, &e, perms, &off) < 3 || !off)
			continue;
		if (e <= start)
			continue;
		if (s >= end)
			break;
		if (nr == cap) {
			cap = cap ? 2 * cap : 8;
			grown = realloc(vmas, cap * sizeof(*vmas));
			if (!grown) {
				free(vmas);
				fclose(maps);
				return -ENOMEM;
			}
			vmas = grown;
		}
		len = strlen(line + off);
		if (len && line[off + len - 1] == '\n')
			line[off + len - 1] = '\0';
		vmas[nr++] = (struct vma){
			.start = s, .end = e,
			.read = perms[0] == 'r', .write = perms[1] == 'w',
			.shared = perms[3] == 's',
			.mte_allowed = classify && path_mte_allowed(line + off),
		};
	}
	fclose(maps);
	*ret_vmas = vmas;
	return (long)nr;
}

/* ---- Memory slots ------------------------------------------------------ */

/*
 * kvm_arch_prepare_memory_region()'s walk over the slot's mappings for a
 * VM with MTE (holes between them do not matter): 6.12 wants every one to
 * allow tags, 6.1 only refuses shared ones.
 */
int kvm_arm_mte_check_memslot(struct kvm *kvm, const struct kvm_memory_slot *new)
{
	uint64_t start = new->userspace_addr, end = start + (new->npages << PAGE_SHIFT);
	bool need_allowed = kvm_release(kvm)->mte_vma_allowed;
	struct vma *vmas = NULL;
	long nr = read_vmas(start, end, true, &vmas);
	int r = 0;

	/* Without /proc/self/maps there is nothing to go by: no refusal. */
	if (nr < 0)
		return nr == -ENOMEM ? -ENOMEM : 0;
	for (long i = 0; i < nr && !r; i++)
		if (need_allowed ? !vmas[i].mte_allowed : vmas[i].shared)
			r = -EINVAL;
	free(vmas);
	return r;
}

/* ---- KVM_ARM_MTE_COPY_TAGS --------------------------------------------- */

/* Copies in up to @n bytes, stopping at the first that faults: how many. */
static size_t copy_in(uint8_t *to, unsigned long from, size_t n)
{
	size_t i;

	if (!copy_from_user(to, from, n))
		return n;
	for (i = 0; i < n; i++)
		if (copy_from_user(to + i, from + i, 1))
			break;
	return i;
}

static size_t copy_out(unsigned long to, const uint8_t *from, size_t n)
{
	size_t i;

	if (!copy_to_user(to, from, n))
		return n;
	for (i = 0; i < n; i++)
		if (copy_to_user(to + i, from + i, 1))
			break;
	return i;
}

static bool dirty_logging(const struct kvm *kvm)
{
	for (size_t i = 0; i < kvm->nr_memslots; i++)
		if (kvm->memslots[i].flags & KVM_MEM_LOG_DIRTY_PAGES)
			return true;
	return false;
}

/*
 * What gfn_to_pfn_prot() asks of the page at @hva: mapped, and writable to
 * write (@nr < 0: the mappings are unknown, any page will do).
 */
static bool hva_usable(const struct vma *vmas, long nr, uint64_t hva, bool write)
{
	long lo = 0, hi = nr;

	if (nr < 0)
		return true;
	while (lo < hi) {
		long mid = lo + (hi - lo) / 2;

		if (hva < vmas[mid].start)
			hi = mid;
		else if (hva >= vmas[mid].end)
			lo = mid + 1;
		else
			return vmas[mid].read && (!write || vmas[mid].write);
	}
	return false;
}

/* One page's tags, to the user (@write false) or from the user: how many done. */
static long copy_page_tags(struct kvm *kvm, uint64_t hva, unsigned long tags, bool write)
{
	uint8_t buf[MTE_GRANULES_PER_PAGE];
	struct mte_page *p;
	size_t n;

	if (!write) {
		p = find_page(to_arm64_vm(kvm)->mte_tags, hva);
		for (size_t i = 0; i < MTE_GRANULES_PER_PAGE; i++)
			buf[i] = p ? (p->tags[i / 2] >> (4 * (i & 1))) & 0xf : 0;
		return (long)copy_out(tags, buf, sizeof(buf));
	}
	n = copy_in(buf, tags, sizeof(buf));
	p = find_page(to_arm64_vm(kvm)->mte_tags, hva);
	if (n < MTE_GRANULES_PER_PAGE && kvm_release(kvm)->mte_copy_clear_partial) {
		/* 6.12: a copy that faulted part-way leaves the page zero tags. */
		if (p)
			memset(p->tags, 0, sizeof(p->tags));
		return (long)n;
	}
	/* 6.1: the tags that came in stay, but a page not tagged yet still reads zero. */
	if (!p && n < MTE_GRANULES_PER_PAGE)
		return (long)n;
	if (!p)
		p = get_page(kvm, hva);
	if (!p)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned int shift = 4 * (i & 1);

		p->tags[i / 2] = (uint8_t)((p->tags[i / 2] & ~(0xfu << shift)) |
					   ((buf[i] & 0xfu) << shift));
	}
	return (long)n;
}

/*
 * The bytes of guest memory whose tags were copied, if any were, else 0 or
 * the error that stopped the first page: no slot, or memory the VMM cannot
 * read (write, to the guest) is EFAULT, so is a tag buffer that faults.
 */
static long copy_tags(struct kvm *kvm, const struct kvm_arm_copy_mte_tags *ct)
{
	bool write = !(ct->flags & KVM_ARM_TAGS_FROM_GUEST);
	unsigned long tags = (unsigned long)ct->addr;
	uint64_t gfn = ct->guest_ipa >> PAGE_SHIFT, done = 0;
	struct vma *vmas = NULL;
	long nr = 0, r = 0;

	if (write && kvm_release(kvm)->mte_copy_dirty_busy && dirty_logging(kvm))
		return -EBUSY;
	if (ct->length) {
		nr = read_vmas(0, UINT64_MAX, false, &vmas);
		if (nr == -ENOMEM)
			return nr;
	}
	for (; done < ct->length; done += PAGE_SIZE, gfn++, tags += MTE_GRANULES_PER_PAGE) {
		uint64_t hva = kvm_gpa_to_hva(kvm, gfn << PAGE_SHIFT, PAGE_SIZE, write);

		if (!hva) {
			r = -EFAULT;
			break;
		}
		if (!hva_usable(vmas, nr, hva, write)) {
			r = -EFAULT;
			break;
		}
		r = copy_page_tags(kvm, hva, tags, write);
		if (r < 0)
			break;
		if (r != MTE_GRANULES_PER_PAGE) {
			r = -EFAULT;
			break;
		}
		r = 0;
	}
	free(vmas);
	return done ? (long)done : r;
}

long kvm_vm_ioctl_mte_copy_tags(struct kvm *kvm, unsigned long arg)
{
	struct kvm_arm_copy_mte_tags ct;
	long r;

	if (copy_from_user(&ct, arg, sizeof(ct)))
		return -EFAULT;
	if (!kvm_has_mte(kvm))
		return -EINVAL;
	if (ct.reserved[0] || ct.reserved[1])
		return -EINVAL;
	if (ct.flags & ~(uint64_t)KVM_ARM_TAGS_FROM_GUEST)
		return -EINVAL;
	/* The ioctl's result is an int (6.12). */
	if (kvm_release(kvm)->mte_copy_int_max && ct.length > INT_MAX)
		return -EINVAL;
	if ((ct.length | ct.guest_ipa) & (PAGE_SIZE - 1))
		return -EINVAL;
	pthread_mutex_lock(&kvm->slots_lock);
	r = copy_tags(kvm, &ct);
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}
