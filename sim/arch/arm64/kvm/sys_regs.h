/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The system register table's names, for whoever prints register ids
 * (reg_names.c): the table in sys_regs.c is the one list of names.  The
 * other way, name to encoding, is kvm_arm64_sys_reg_enc() (kvm_arm.h).
 */
#ifndef KVMSIM_SIM_ARCH_ARM64_KVM_SYS_REGS_H
#define KVMSIM_SIM_ARCH_ARM64_KVM_SYS_REGS_H

#include <stdint.h>

/* The table's name of the register at @enc (op0..op2, the id's low 16 bits), or NULL. */
const char *kvm_arm_sys_reg_name(uint32_t enc);

#endif /* KVMSIM_SIM_ARCH_ARM64_KVM_SYS_REGS_H */
