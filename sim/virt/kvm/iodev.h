/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * iodev.h - devices on a VM's I/O buses, as virt/kvm/iodev.h and the
 * kvm_io_bus part of include/linux/kvm_host.h have them: a guest access
 * that no memory slot takes is offered to the devices whose range holds
 * it, in address order, before it becomes an exit to the VMM.
 */
#ifndef KVMSIM_SIM_VIRT_KVM_IODEV_H
#define KVMSIM_SIM_VIRT_KVM_IODEV_H

#include <linux/kvm_host.h>

struct kvm_io_device;

/* What a device does with an access: 0 when it took it, else -EOPNOTSUPP. */
struct kvm_io_device_ops {
	int (*read)(struct kvm_vcpu *vcpu, struct kvm_io_device *dev, uint64_t addr, int len,
		    void *val);
	int (*write)(struct kvm_vcpu *vcpu, struct kvm_io_device *dev, uint64_t addr, int len,
		     const void *val);
	void (*destructor)(struct kvm_io_device *dev);
};

struct kvm_io_device {
	const struct kvm_io_device_ops *ops;
};

/* Devices a bus takes, ioeventfds not counted (the kernel's NR_IOBUS_DEVS). */
#define NR_IOBUS_DEVS	1000

/* With kvm->slots_lock held, as in the kernel. */
int kvm_io_bus_register_dev(struct kvm *kvm, enum kvm_bus bus, uint64_t addr, int len,
			    struct kvm_io_device *dev);
void kvm_io_bus_unregister_dev(struct kvm *kvm, enum kvm_bus bus, struct kvm_io_device *dev);
/* The same for an ioeventfd: counted apart, and not held to NR_IOBUS_DEVS. */
int kvm_io_bus_register_ioeventfd(struct kvm *kvm, enum kvm_bus bus, uint64_t addr, int len,
				  struct kvm_io_device *dev);
void kvm_io_bus_unregister_ioeventfd(struct kvm *kvm, enum kvm_bus bus,
				     struct kvm_io_device *dev);
/* From a vCPU: 0 when a device took the access, else -EOPNOTSUPP. */
int kvm_io_bus_write(struct kvm_vcpu *vcpu, enum kvm_bus bus, uint64_t addr, int len,
		     const void *val);
int kvm_io_bus_read(struct kvm_vcpu *vcpu, enum kvm_bus bus, uint64_t addr, int len, void *val);
/* At VM destruction: every device's destructor, then the buses. */
void kvm_io_bus_destroy(struct kvm *kvm);

/* coalesced_mmio.c */
int kvm_vm_ioctl_register_coalesced_mmio(struct kvm *kvm, unsigned long arg);
int kvm_vm_ioctl_unregister_coalesced_mmio(struct kvm *kvm, unsigned long arg);

/* eventfd.c */
int kvm_vm_ioctl_ioeventfd(struct kvm *kvm, unsigned long arg);

#endif /* KVMSIM_SIM_VIRT_KVM_IODEV_H */
