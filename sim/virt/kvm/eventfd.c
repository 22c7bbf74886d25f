// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * eventfd.c - KVM_IOEVENTFD, as the kernel's virt/kvm/eventfd.c has it: a
 * guest store to an address the VMM registered (of the registered length,
 * and with the registered value when DATAMATCH is set) signals the VMM's
 * eventfd and the vCPU runs on; any other access to the address exits as
 * before.
 *
 * The kernel holds the eventfd's context; the simulator holds a duplicate
 * of the VMM's descriptor, so the ioeventfd outlives the VMM's close() as
 * in the kernel, and tells one eventfd from another by the id the kernel
 * shows in /proc/self/fdinfo ("eventfd-id", Linux 5.2 on).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iodev.h"

struct kvm_ioeventfd_dev {
	struct kvm_io_device dev;
	struct kvm *kvm;
	struct kvm_ioeventfd_dev *next;	/* kvm->ioeventfds, under slots_lock */
	enum kvm_bus bus_idx;
	uint64_t addr;
	int length;
	uint64_t datamatch;
	bool wildcard;
	int fd;			/* the simulator's own duplicate */
	long id;		/* the eventfd's id, or -1 where /proc does not say */
	int vmm_fd;		/* the number the VMM gave, for want of an id */
};

static struct kvm_ioeventfd_dev *to_ioeventfd(struct kvm_io_device *dev)
{
	return container_of(dev, struct kvm_ioeventfd_dev, dev);
}

/*
 * eventfd_ctx_fdget(): 0 and the eventfd's id in *@id when @fd is an
 * eventfd; -EBADF when @fd is no open file, -EINVAL when it is another kind.
 */
static int eventfd_id(int fd, long *id)
{
	char path[64], line[128];
	FILE *f;
	bool found = false;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f) {
		/* No /proc: the descriptor is taken for an eventfd, known by its number. */
		*id = -1;
		return 0;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "eventfd-id: %ld", id) == 1;
	fclose(f);
	return found ? 0 : -EINVAL;
}

/* ioeventfd_in_range(): whether the access is this ioeventfd's. */
static bool ioeventfd_in_range(const struct kvm_ioeventfd_dev *p, uint64_t addr, int len,
			       const void *val)
{
	uint64_t v = 0;

	if (addr != p->addr)
		return false;
	if (!p->length)
		return true;
	if (len != p->length)
		return false;
	if (p->wildcard)
		return true;
	memcpy(&v, val, (size_t)len);	/* little-endian: the low bytes */
	return v == p->datamatch;
}

static int ioeventfd_write(struct kvm_vcpu *vcpu, struct kvm_io_device *this, uint64_t addr,
			   int len, const void *val)
{
	struct kvm_ioeventfd_dev *p = to_ioeventfd(this);
	uint64_t one = 1;
	ssize_t n;

	(void)vcpu;
	if (!ioeventfd_in_range(p, addr, len, val))
		return -EOPNOTSUPP;
	/* eventfd_signal(): the count goes up by one; nothing to report back. */
	do
		n = write(p->fd, &one, sizeof(one));
	while (n < 0 && errno == EINTR);
	return 0;
}

static void ioeventfd_release(struct kvm_ioeventfd_dev *p)
{
	struct kvm_ioeventfd_dev **pp;

	for (pp = &p->kvm->ioeventfds; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	close(p->fd);
	free(p);
}

static void ioeventfd_destructor(struct kvm_io_device *this)
{
	ioeventfd_release(to_ioeventfd(this));
}

static const struct kvm_io_device_ops ioeventfd_ops = {
	.write = ioeventfd_write,
	.destructor = ioeventfd_destructor,
};

static enum kvm_bus ioeventfd_bus_from_flags(uint32_t flags)
{
	if (flags & KVM_IOEVENTFD_FLAG_PIO)
		return KVM_PIO_BUS;
	if (flags & KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY)
		return KVM_VIRTIO_CCW_NOTIFY_BUS;
	return KVM_MMIO_BUS;
}

/* Another ioeventfd on the bus would take the same accesses. */
static bool ioeventfd_check_collision(const struct kvm *kvm, const struct kvm_ioeventfd_dev *p)
{
	for (const struct kvm_ioeventfd_dev *q = kvm->ioeventfds; q; q = q->next) {
		if (q->bus_idx != p->bus_idx || q->addr != p->addr)
			continue;
		if (!q->length || !p->length)
			return true;
		if (q->length == p->length &&
		    (q->wildcard || p->wildcard || q->datamatch == p->datamatch))
			return true;
	}
	return false;
}

static int kvm_assign_ioeventfd_idx(struct kvm *kvm, enum kvm_bus bus_idx,
				    const struct kvm_ioeventfd *args)
{
	struct kvm_ioeventfd_dev *p;
	long id;
	int r = eventfd_id(args->fd, &id);

	if (r)
		return r;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->fd = fcntl(args->fd, F_DUPFD_CLOEXEC, 0);
	if (p->fd < 0) {
		r = -errno;
		free(p);
		return r;
	}
	p->dev.ops = &ioeventfd_ops;
	p->kvm = kvm;
	p->bus_idx = bus_idx;
	p->addr = args->addr;
	p->length = (int)args->len;
	p->id = id;
	p->vmm_fd = args->fd;
	if (args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH)
		p->datamatch = args->datamatch;
	else
		p->wildcard = true;

	pthread_mutex_lock(&kvm->slots_lock);
	if (ioeventfd_check_collision(kvm, p))
		r = -EEXIST;
	else
		r = kvm_io_bus_register_ioeventfd(kvm, bus_idx, p->addr, p->length, &p->dev);
	if (!r) {
		p->next = kvm->ioeventfds;
		kvm->ioeventfds = p;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	if (r) {
		close(p->fd);
		free(p);
	}
	return r;
}

/* Whether @p was registered with the eventfd open as @fd (id @id). */
static bool same_eventfd(const struct kvm_ioeventfd_dev *p, int fd, long id)
{
	if (id >= 0 || p->id >= 0)
		return id == p->id;
	return fd == p->vmm_fd;
}

static int kvm_deassign_ioeventfd_idx(struct kvm *kvm, enum kvm_bus bus_idx,
				      const struct kvm_ioeventfd *args)
{
	bool wildcard = !(args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH);
	struct kvm_ioeventfd_dev *p;
	long id;
	int r = eventfd_id(args->fd, &id);

	if (r)
		return r;
	r = -ENOENT;
	pthread_mutex_lock(&kvm->slots_lock);
	for (p = kvm->ioeventfds; p; p = p->next) {
		if (p->bus_idx != bus_idx || !same_eventfd(p, args->fd, id) ||
		    p->addr != args->addr || p->length != (int)args->len || p->wildcard != wildcard)
			continue;
		if (!p->wildcard && p->datamatch != args->datamatch)
			continue;
		kvm_io_bus_unregister_ioeventfd(kvm, bus_idx, &p->dev);
		ioeventfd_release(p);
		r = 0;
		break;
	}
	pthread_mutex_unlock(&kvm->slots_lock);
	return r;
}

static int kvm_deassign_ioeventfd(struct kvm *kvm, const struct kvm_ioeventfd *args)
{
	enum kvm_bus bus_idx = ioeventfd_bus_from_flags(args->flags);
	int r = kvm_deassign_ioeventfd_idx(kvm, bus_idx, args);

	/* A length-0 MMIO ioeventfd sits on the fast-MMIO bus too. */
	if (!args->len && bus_idx == KVM_MMIO_BUS)
		kvm_deassign_ioeventfd_idx(kvm, KVM_FAST_MMIO_BUS, args);
	return r;
}

static int kvm_assign_ioeventfd(struct kvm *kvm, const struct kvm_ioeventfd *args)
{
	enum kvm_bus bus_idx = ioeventfd_bus_from_flags(args->flags);
	int r;

	switch (args->len) {
	case 0:
	case 1:
	case 2:
	case 4:
	case 8:
		break;
	default:
		return -EINVAL;
	}
	if (args->addr + args->len < args->addr)
		return -EINVAL;
	if (args->flags & ~(uint32_t)KVM_IOEVENTFD_VALID_FLAG_MASK)
		return -EINVAL;
	if (!args->len && (args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH))
		return -EINVAL;
	r = kvm_assign_ioeventfd_idx(kvm, bus_idx, args);
	if (r)
		return r;
	/*
	 * The kernel keeps a length-0 MMIO ioeventfd on the fast-MMIO bus as
	 * well (arm64 never looks there); a failure there undoes the first.
	 */
	if (!args->len && bus_idx == KVM_MMIO_BUS) {
		r = kvm_assign_ioeventfd_idx(kvm, KVM_FAST_MMIO_BUS, args);
		if (r)
			kvm_deassign_ioeventfd_idx(kvm, bus_idx, args);
	}
	return r;
}

int kvm_vm_ioctl_ioeventfd(struct kvm *kvm, unsigned long arg)
{
	struct kvm_ioeventfd args;

	if (copy_from_user(&args, arg, sizeof(args)))
		return -EFAULT;
	if (args.flags & KVM_IOEVENTFD_FLAG_DEASSIGN)
		return kvm_deassign_ioeventfd(kvm, &args);
	return kvm_assign_ioeventfd(kvm, &args);
}
