#!/bin/sh
# SPDX-License-Identifier: MIT
#
# fetch-headers.sh - unpack a newer Debian linux-libc-dev as an arm64 header
# tree for check-abi.sh (ABI_EXTRA_SYSROOTS).
#
# Usage: fetch-headers.sh DESTDIR [VERSION-PREFIX]     (default prefix: 6.12)
#
# Downloads linux-libc-dev (Architecture: all from 6.x on; it carries every
# architecture's asm/ headers) with apt-get download; needs an apt source
# that offers that version (for 6.12 on Debian 12: bookworm-backports) and
# an up-to-date apt cache.  Assembles DESTDIR/linux-PREFIX-arm64/include
# with linux/, asm-generic/ and arm64's asm/, and prints the matching
# ABI_EXTRA_SYSROOTS entry on stdout, e.g.
#   ABI_EXTRA_SYSROOTS=$(tests/abi/fetch-headers.sh /var/cache/kvmsim) make check
# Nothing is downloaded again when the tree is already there.

set -eu

case ${1-} in
''|-h|--help)
	sed -n '4,16s/^# \{0,1\}//p' "$0"
	[ -n "${1-}" ]; exit $?
	;;
esac
dest=$1
prefix=${2:-6.12}
name=linux-$prefix
tree=$dest/$name-arm64/include

if [ ! -f "$tree/linux/kvm.h" ] || [ ! -f "$tree/asm/kvm.h" ]; then
	version=$(apt-cache madison linux-libc-dev |
		awk -v p="$prefix" '$3 ~ ("^" p "[.-]") { print $3; exit }')
	if [ -z "$version" ]; then
		echo "fetch-headers.sh: no linux-libc-dev $prefix.* in the apt cache" \
			"(add the suite that has it, e.g. bookworm-backports, and run apt-get update)" >&2
		exit 1
	fi
	mkdir -p "$dest"
	work=$(mktemp -d "$dest/.fetch.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	(cd "$work" && apt-get download "linux-libc-dev=$version" >&2)
	dpkg-deb -x "$work"/linux-libc-dev_*.deb "$work/x"
	inc=$work/x/usr/include
	[ -f "$inc/aarch64-linux-gnu/asm/kvm.h" ] ||
		{ echo "fetch-headers.sh: $version has no arm64 asm/ headers" >&2; exit 1; }
	mkdir -p "$work/t"
	cp -R "$inc/linux" "$inc/asm-generic" "$work/t/"
	# the asm/ entries are symlinks into usr/lib/linux/uapi: copy their targets
	cp -RL "$inc/aarch64-linux-gnu/asm" "$work/t/asm"
	rm -rf "$tree"
	mkdir -p "$(dirname "$tree")"
	mv "$work/t" "$tree"
fi
echo "$name=$(cd "$tree" && pwd)"
