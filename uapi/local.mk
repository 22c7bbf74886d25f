## uapi/: the arm64 KVM ABI under the kernel's own header names, for hosts
## whose <linux/kvm.h> is not arm64's.  Installed beside libkvmsim's headers;
## kvmsim.pc puts them on the include path on such hosts only.

uapilinuxdir = $(includedir)/kvmsim/uapi/linux
uapiasmdir = $(includedir)/kvmsim/uapi/asm
if USE_UAPI
uapilinux_HEADERS = uapi/linux/kvm.h uapi/linux/psci.h
uapiasm_HEADERS = uapi/asm/kvm.h
else
EXTRA_DIST += uapi/linux/kvm.h uapi/linux/psci.h uapi/asm/kvm.h
endif
