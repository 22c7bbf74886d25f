#!/bin/bash
# fetch-sources.sh - cache what building the kernel's arm64 KVM selftests
# needs from Debian's linux-source-6.1 and linux-source-6.12 packages.
# See --help.
#
# Only the parts of the kernel tree the selftests build reads are kept:
# tools/ (the selftests, their library and tools/include), and what
# "make headers ARCH=arm64" needs to produce the sanitised uapi headers in
# usr/include (the top Makefile, scripts/, include/uapi/, arch/arm64's
# Makefile, include/ and tools/), after which the headers are generated.
# Nothing of the kernel is ever part of kvmsim's own tree.

set -u

prog=fetch-sources.sh
here=$(cd "$(dirname "$0")" && pwd)
real_cache=${KVMSIM_REAL_CACHE:-/work/real-cache}

usage() {
	cat <<EOF2
Usage: $prog [--help] [--release R]... [CACHEDIR]

Makes sure CACHEDIR/R/src holds the kernel tree the selftests of release
R (6.1 and 6.12 by default) build from, with its uapi headers generated
(CACHEDIR/R/src/usr/include), and CACHEDIR/R/package says
"NAME VERSION" of the Debian package it came from.  CACHEDIR defaults to
\$KVMSIM_REAL_CACHE/selftests (\$KVMSIM_REAL_CACHE: /work/real-cache).

Nothing is done for a release already cached.  Otherwise (root needed):
apt is set up with tests/real/apt-sources.sh (arm64 and
bookworm-backports), and linux-source-R is fetched with apt-get download:
the version of the kernel tests/real/fetch-kernels.sh cached
(\$KVMSIM_REAL_CACHE/R/package) when apt still offers it, else the newest.
From its /usr/src/linux-source-R.tar.xz only Makefile, scripts/,
include/uapi/, arch/arm64/{Makefile,include,tools}/ and tools/ are
extracted (about 100 MB), then "make headers ARCH=arm64" is run there.
The .deb is removed afterwards.  Needs gcc and make for the host (the
headers step builds two small host tools).

  --release R   only release R (6.1 or 6.12; repeatable)

Exit status: 0 ok, 77 not root and not cached (automake "skip"), 1 any
other failure, 2 usage error.
EOF2
}

die() { echo "$prog: $*" >&2; exit 1; }

releases=() cachedir=''
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--release)
		[ $# -ge 2 ] || { echo "$prog: --release needs an argument" >&2; exit 2; }
		case $2 in 6.1|6.12) releases+=("$2") ;;
		*) echo "$prog: --release must be 6.1 or 6.12, not '$2'" >&2; exit 2 ;; esac
		shift 2 ;;
	-*) echo "$prog: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) [ -z "$cachedir" ] || { usage >&2; exit 2; }; cachedir=$1; shift ;;
	esac
done
[ ${#releases[@]} -gt 0 ] || releases=(6.1 6.12)
[ -n "$cachedir" ] || cachedir=$real_cache/selftests

have() {
	[ -s "$cachedir/$1/package" ] &&
	[ -f "$cachedir/$1/src/usr/include/linux/kvm.h" ] &&
	[ -f "$cachedir/$1/src/tools/testing/selftests/kvm/Makefile" ]
}

missing=()
for r in "${releases[@]}"; do
	have "$r" || missing+=("$r")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "$prog: selftests sources of ${missing[*]} not cached in $cachedir" \
		"and not root (apt setup needs root); skipping" >&2
	exit 77
fi
for tool in apt-get apt-cache dpkg-deb tar xz make gcc; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done

mkdir -p "$cachedir" || die "cannot create $cachedir"
"$here/../real/apt-sources.sh" || die "setting up apt failed (tests/real/apt-sources.sh)"

# Another apt/dpkg may hold the lock (a concurrent install): wait for it.
apt_opts=(-q -o DPkg::Lock::Timeout=1200)

for r in "${missing[@]}"; do
	name=linux-source-$r
	versions=$(apt-cache madison "$name" | awk '{ print $3 }')
	[ -n "$versions" ] || die "apt offers no $name (apt-get update? tests/real/apt-sources.sh --update)"
	# The version of the cached kernel, so the tests match the oracle.
	version=''
	if [ -s "$real_cache/$r/package" ]; then
		want=$(awk '{ print $2 }' "$real_cache/$r/package")
		echo "$versions" | grep -qxF "$want" && version=$want
	fi
	[ -n "$version" ] || version=$(echo "$versions" | sort -V | tail -n 1)

	work=$(mktemp -d "$cachedir/.fetch-$r.XXXXXX") || die "mktemp in $cachedir failed"
	echo "$prog: $r: fetching $name $version" >&2
	(cd "$work" && apt-get "${apt_opts[@]}" download "$name=$version") >&2 ||
		{ rm -rf "$work"; die "apt-get download $name=$version failed"; }
	deb=$(ls "$work"/*.deb 2>/dev/null | head -n 1)
	[ -n "$deb" ] || { rm -rf "$work"; die "no .deb downloaded for $name"; }

	echo "$prog: $r: extracting the parts the selftests build needs" >&2
	top=linux-source-$r
	mkdir -p "$work/src"
	if ! dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$top.tar.xz" |
		tar -xJ -C "$work/src" --strip-components=1 --wildcards \
			"$top/Makefile" "$top/scripts/*" "$top/include/uapi/*" \
			"$top/arch/arm64/Makefile" "$top/arch/arm64/include/*" \
			"$top/arch/arm64/tools/*" "$top/tools/*"; then
		rm -rf "$work"
		die "extracting $top.tar.xz from $deb failed"
	fi
	rm -f "$deb"

	echo "$prog: $r: make headers ARCH=arm64" >&2
	if ! make -s -C "$work/src" -j2 headers ARCH=arm64 >"$work/headers.log" 2>&1; then
		tail -20 "$work/headers.log" >&2
		rm -rf "$work"
		die "make headers in the $r tree failed"
	fi
	[ -f "$work/src/usr/include/linux/kvm.h" ] || { rm -rf "$work"; die "make headers made no linux/kvm.h"; }
	echo "$name $version" >"$work/package"
	rm -rf "$cachedir/$r" && mv "$work" "$cachedir/$r" || die "cannot move the $r tree into $cachedir"
	rm -f "$cachedir/$r/headers.log"
	echo "$prog: $r: cached in $cachedir/$r ($(du -sh "$cachedir/$r" | cut -f1))" >&2
done
exit 0
