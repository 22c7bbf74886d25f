// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Binary statistics (the kernel's virt/kvm/binary_stats.c and the
 * KVM_GET_STATS_FD halves of kvm_main.c): a read-only file per VM and per
 * vCPU laid out as a header, an id string, the descriptors and the values.
 *
 * The kernel gives each KVM_GET_STATS_FD call a file of its own, with its
 * own position, that reads the live counters.  Here the object's content
 * lives in one memfd of the simulator's, made at the first call; each call
 * opens it anew, read-only, through /proc/self/fd.  A vCPU's values are
 * written there whenever KVM_RUN returns (kvm_stats_sync()).
 *
 * Unlike the kernel's file (section vm.stats), this one can be mapped,
 * and lseek() moves it: the kernel's does not move (noop_llseek).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm_host.h>

/* The file's parts, in order; the kernel's fixed sizes. */
#define STATS_ID_OFFSET		sizeof(struct kvm_stats_header)
#define STATS_DESC_OFFSET	(STATS_ID_OFFSET + KVM_STATS_NAME_SIZE)
#define STATS_DESC_SIZE		(sizeof(struct kvm_stats_desc) + KVM_STATS_NAME_SIZE)

#define GENERIC_STAT(name, f, u, e, sz) \
	{ #name, KVM_STATS_TYPE_##f | KVM_STATS_UNIT_##u, e, sz, \
	  offsetof(struct kvm_vcpu_stat_generic, name) }

/* What every architecture's vCPU shows first (KVM_GENERIC_VCPU_STATS). */
const struct kvm_stat_def kvm_generic_vcpu_stats[KVM_NR_GENERIC_VCPU_STATS] = {
	GENERIC_STAT(halt_successful_poll, CUMULATIVE, NONE, 0, 1),
	GENERIC_STAT(halt_attempted_poll, CUMULATIVE, NONE, 0, 1),
	GENERIC_STAT(halt_poll_invalid, CUMULATIVE, NONE, 0, 1),
	GENERIC_STAT(halt_wakeup, CUMULATIVE, NONE, 0, 1),
	GENERIC_STAT(halt_poll_success_ns, CUMULATIVE, SECONDS, -9, 1),
	GENERIC_STAT(halt_poll_fail_ns, CUMULATIVE, SECONDS, -9, 1),
	GENERIC_STAT(halt_wait_ns, CUMULATIVE, SECONDS, -9, 1),
	GENERIC_STAT(halt_poll_success_hist, LOG_HIST, SECONDS, -9, KVM_STATS_HIST_BUCKETS),
	GENERIC_STAT(halt_poll_fail_hist, LOG_HIST, SECONDS, -9, KVM_STATS_HIST_BUCKETS),
	GENERIC_STAT(halt_wait_hist, LOG_HIST, SECONDS, -9, KVM_STATS_HIST_BUCKETS),
	GENERIC_STAT(blocking, INSTANT, BOOLEAN, 0, 1),
};

/* A VM's (KVM_GENERIC_VM_STATS); arm64 adds none. */
static const struct kvm_stat_def vm_stats[] = {
	{ "remote_tlb_flush", KVM_STATS_TYPE_CUMULATIVE, 0, 1,
	  offsetof(struct kvm_vm_stat, remote_tlb_flush) },
	{ "remote_tlb_flush_requests", KVM_STATS_TYPE_CUMULATIVE, 0, 1,
	  offsetof(struct kvm_vm_stat, remote_tlb_flush_requests) },
};

static size_t stats_data_size(const struct kvm_stat_def *defs, size_t n)
{
	size_t end = 0;

	for (size_t i = 0; i < n; i++)
		if (defs[i].offset + 8 * defs[i].size > end)
			end = defs[i].offset + 8 * defs[i].size;
	return end;
}

/* Header, id and descriptors, then room for the values: the file's bytes. */
static int stats_write_layout(int fd, const char *id, const struct kvm_stat_def *defs,
			      size_t n, size_t *ret_data_offset)
{
	size_t data_offset = STATS_DESC_OFFSET + n * STATS_DESC_SIZE;
	size_t len = data_offset + stats_data_size(defs, n);
	struct kvm_stats_header h = {
		.name_size = KVM_STATS_NAME_SIZE,
		.num_desc = (uint32_t)n,
		.id_offset = STATS_ID_OFFSET,
		.desc_offset = STATS_DESC_OFFSET,
		.data_offset = (uint32_t)data_offset,
	};
	uint8_t *b = calloc(1, len);
	int r = 0;

	if (!b)
		return -ENOMEM;
	memcpy(b, &h, sizeof(h));
	strncpy((char *)b + STATS_ID_OFFSET, id, KVM_STATS_NAME_SIZE - 1);
	for (size_t i = 0; i < n; i++) {
		struct kvm_stats_desc *d = (void *)(b + STATS_DESC_OFFSET + i * STATS_DESC_SIZE);

		d->flags = defs[i].flags;
		d->exponent = defs[i].exponent;
		d->size = defs[i].size;
		d->offset = defs[i].offset;
		strncpy(d->name, defs[i].name, KVM_STATS_NAME_SIZE - 1);
	}
	if (pwrite(fd, b, len, 0) != (ssize_t)len)
		r = -errno ? -errno : -EIO;
	free(b);
	*ret_data_offset = data_offset;
	return r;
}

/*
 * The object's stats file, made at the first call: @f->fd stays the
 * simulator's (out of the VMM's way, kvm_fd_hide()).
 */
static int stats_file_init(struct kvm_stats_file *f, const char *id,
			   const struct kvm_stat_def *defs, size_t n)
{
	size_t data_offset;
	int fd, r;

	if (f->fd >= 0)
		return 0;
	fd = memfd_create("kvm-stats", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = stats_write_layout(fd, id, defs, n, &data_offset);
	if (!r)
		r = kvm_fd_hide(fd);
	if (r < 0) {
		close(fd);
		return r;
	}
	f->fd = r;
	f->data_offset = data_offset;
	f->data_size = stats_data_size(defs, n);
	return 0;
}

/* Another file on the same content: read-only, a position of its own. */
static int stats_file_open(const struct kvm_stats_file *f)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", f->fd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static void stats_file_write(const struct kvm_stats_file *f, const void *data)
{
	if (f->fd >= 0 && pwrite(f->fd, data, f->data_size, (off_t)f->data_offset) < 0)
		return;	/* the values stay as they were; nothing to report */
}

void kvm_stats_file_close(struct kvm_stats_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

int kvm_vm_ioctl_get_stats_fd(struct kvm *kvm)
{
	char id[KVM_STATS_NAME_SIZE];
	int r;

	snprintf(id, sizeof(id), "kvm-%d", kvm->pid);
	pthread_mutex_lock(&kvm->lock);
	r = stats_file_init(&kvm->stats_file, id, vm_stats, ARRAY_SIZE(vm_stats));
	if (!r) {
		stats_file_write(&kvm->stats_file, &kvm->stat);
		r = stats_file_open(&kvm->stats_file);
	}
	pthread_mutex_unlock(&kvm->lock);
	return r;
}

/* With vcpu->mutex held, as every vCPU ioctl. */
int kvm_vcpu_ioctl_get_stats_fd(struct kvm_vcpu *vcpu)
{
	const struct kvm_arch_ops *ops = vcpu->kvm->ops;
	struct kvm_stat_def defs[KVM_NR_GENERIC_VCPU_STATS + KVM_ARCH_VCPU_STATS_MAX];
	size_t n = KVM_NR_GENERIC_VCPU_STATS;
	char id[KVM_STATS_NAME_SIZE];
	int r;

	memcpy(defs, kvm_generic_vcpu_stats, sizeof(kvm_generic_vcpu_stats));
	for (size_t i = 0; i < ops->nr_vcpu_stats && n < ARRAY_SIZE(defs); i++, n++) {
		defs[n] = ops->vcpu_stats[i];
		defs[n].offset += offsetof(struct kvm_vcpu_stat, arch);
	}
	snprintf(id, sizeof(id), "kvm-%d/vcpu-%u", vcpu->kvm->pid, vcpu->vcpu_id);
	r = stats_file_init(&vcpu->stats_file, id, defs, n);
	if (r)
		return r;
	kvm_stats_sync(vcpu);
	return stats_file_open(&vcpu->stats_file);
}

void kvm_stats_sync(struct kvm_vcpu *vcpu)
{
	stats_file_write(&vcpu->stats_file, &vcpu->stat);
}
