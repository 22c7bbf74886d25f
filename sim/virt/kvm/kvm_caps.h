/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * KVM_CHECK_EXTENSION answers of each modelled kernel, recorded from real
 * KVM by the conformance harness (tests/conform/).  Included by profile.c
 * only.  Placeholder until the recording lands.
 */
#ifndef KVMSIM_SIM_VIRT_KVM_KVM_CAPS_H
#define KVMSIM_SIM_VIRT_KVM_KVM_CAPS_H

#include "kvm_profile.h"

static const struct kvm_cap_answer kvm_caps_6_1[] = {
	{ KVM_CAP_IRQCHIP, 1, 1 },
};

static const struct kvm_cap_answer kvm_caps_6_12[] = {
	{ KVM_CAP_IRQCHIP, 1, 1 },
};

#endif /* KVMSIM_SIM_VIRT_KVM_KVM_CAPS_H */
