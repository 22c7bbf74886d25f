/*
 * arm64.c - conformance sections for the arm64 vCPU: KVM_ARM_VCPU_INIT,
 * ONE_REG for every register class, KVM_GET_REG_LIST, FINALIZE.
 */
#include "conform.h"

void sec_arm64(void)
{
}
