#!/bin/sh
# cross-aarch64.sh - the aarch64 build of kvmsim-run's interposer, kvmsim
# trace's tracer and the reference VMM, with Debian's arm64 Unicorn linked
# in privately, for aarch64 programs under qemu-aarch64.  See --help.
set -u

prog=cross-aarch64.sh

usage() {
	cat <<EOF
Usage: $prog [OPTIONS] SRCDIR BUILDDIR

Cross-builds the kvmsim tree in SRCDIR for aarch64 in BUILDDIR (created),
the objects kvmsim-run and kvmsim trace need for aarch64 programs:
  BUILDDIR/vmm/.libs/libkvmsim-preload.so    the interposer
  BUILDDIR/tools/.libs/libkvmsim-trace.so    the tracer
  BUILDDIR/vmm/kvmsim-vmm                    the reference VMM (dynamic)
Guest execution (KVM_RUN) uses Debian's arm64 Unicorn: libunicorn-dev:arm64
is fetched once with 'apt-get download' and unpacked with 'dpkg-deb -x'
into a private sysroot (never installed on the system), and its static
libunicorn.a is linked into libkvmsim with --exclude-libs, so that none of
Unicorn's symbols is exported.  The tree's libraries are linked in
and the tree's libkvmsim.so beside them (no Unicorn library at run time).

Options:
  --sysroot=DIR   the private arm64 sysroot (default:
                  \${KVMSIM_REAL_CACHE:-/work/real-cache}/sysroot-arm64,
                  or BUILDDIR/sysroot when that cannot be written)
  --cc=CC         the aarch64 cross compiler (default: \$AARCH64_CC, else
                  aarch64-linux-gnu-gcc)
  --prefix=DIR    configure's prefix (kvmsim-run looks for the installed
                  aarch64 interposer in PKGLIBDIR/aarch64)
  --pkglibdir=DIR the native build's pkglibdir; the cross build's
                  libraries install into DIR/aarch64 (make install-aarch64)
  --make=MAKE     the make program (default: \$MAKE, else make)
  --fetch-only    only make sure the sysroot is there
  -h, --help      this text

Exit status: 0 built; 1 a step failed; 2 usage error; 77 cannot be built
here (no cross compiler, or Debian's arm64 Unicorn cannot be fetched: run
tests/real/apt-sources.sh as root); the reason is on stderr.
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }
skip() { echo "$prog: $* (exit 77)" >&2; exit 77; }

sysroot= cc=${AARCH64_CC:-} prefix= pkglibdir= fetch_only=no
make=${MAKE:-make}
while [ $# -gt 0 ]; do
	case $1 in
	-h|--help) usage; exit 0 ;;
	--sysroot=*) sysroot=${1#*=} ;;
	--cc=*) cc=${1#*=} ;;
	--prefix=*) prefix=${1#*=} ;;
	--pkglibdir=*) pkglibdir=${1#*=} ;;
	--make=*) make=${1#*=} ;;
	--fetch-only) fetch_only=yes ;;
	-*) echo "$prog: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ $# -eq 2 ] || [ "$fetch_only" = yes ] || { usage >&2; exit 2; }
srcdir=${1:-.} builddir=${2:-.}
[ -n "$cc" ] || cc=aarch64-linux-gnu-gcc

if [ -z "$sysroot" ]; then
	cache=${KVMSIM_REAL_CACHE:-/work/real-cache}
	if mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
		sysroot=$cache/sysroot-arm64
	else
		sysroot=$builddir/sysroot
	fi
fi
unicorn_a=$sysroot/usr/lib/aarch64-linux-gnu/libunicorn.a

# The sysroot: libunicorn-dev:arm64 only (the static library and the
# headers; Unicorn needs nothing but libc at run time).  Unpacked into a
# temporary directory, then moved into place, so that an interrupted fetch
# leaves no half sysroot.
fetch() {
	[ -r "$unicorn_a" ] && [ -r "$sysroot/usr/include/unicorn/unicorn.h" ] && return 0
	command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
		skip "no apt-get/dpkg-deb: cannot fetch Debian's libunicorn-dev:arm64"
	dpkg --print-foreign-architectures 2>/dev/null | grep -qx arm64 ||
		skip "apt has no arm64 architecture for libunicorn-dev:arm64 (run tests/real/apt-sources.sh as root)"
	mkdir -p "$(dirname "$sysroot")" || die "cannot create $(dirname "$sysroot")"
	tmp=$(mktemp -d "$sysroot.tmp.XXXXXX") || die "cannot create a directory beside $sysroot"
	# apt's sandbox user must be able to write the download directory.
	chmod 755 "$tmp"
	echo "$prog: fetching libunicorn-dev:arm64 into $sysroot" >&2
	if ! (cd "$tmp" && apt-get download -q libunicorn-dev:arm64 >&2); then
		rm -rf "$tmp"
		skip "apt-get download libunicorn-dev:arm64 failed (run tests/real/apt-sources.sh as root)"
	fi
	mkdir "$tmp/root" && dpkg-deb -x "$tmp"/libunicorn-dev_*_arm64.deb "$tmp/root" ||
		{ rm -rf "$tmp"; die "dpkg-deb -x failed"; }
	# Only the static library: -lunicorn must not find the .so symlink.
	rm -f "$tmp/root/usr/lib/aarch64-linux-gnu/libunicorn.so"
	basename "$tmp"/libunicorn-dev_*_arm64.deb > "$tmp/root/PACKAGE"
	rm -rf "$sysroot" && mv "$tmp/root" "$sysroot" && rm -rf "$tmp" ||
		die "cannot move the sysroot into $sysroot"
}
fetch
[ "$fetch_only" = no ] || { echo "$sysroot"; exit 0; }

command -v "$cc" >/dev/null 2>&1 || skip "no aarch64 cross compiler ($cc)"
srcdir=$(cd "$srcdir" && pwd) || die "no source directory $srcdir"
mkdir -p "$builddir" && cd "$builddir" || die "cannot create $builddir"

# (Re)configured when the options change: they are recorded in config.status.
# libdir is where make install-aarch64 puts the libraries, and so where the
# installed interposer's libkvmsim would be looked for.
opts="--host=aarch64-linux-gnu --with-unicorn --with-criterion=builtin --enable-silent-rules"
[ -z "$prefix" ] || opts="$opts --prefix=$prefix"
[ -z "$pkglibdir" ] || opts="$opts --libdir=$pkglibdir/aarch64"
unicorn_libs="-Wl,--wrap=memory_mapping -Wl,--wrap=cpu_exec_aarch64 -Wl,--wrap=tb_flush_aarch64 -Wl,--wrap=cpu_breakpoint_insert_aarch64 -Wl,--wrap=cpu_breakpoint_remove_by_ref_aarch64 -Wl,--wrap=helper_wfi_aarch64 -Wl,--wrap=helper_uc_hooksys64_aarch64 -Wl,--wrap=get_phys_addr_aarch64 -Wl,--exclude-libs,libunicorn.a -L$sysroot/usr/lib/aarch64-linux-gnu -lunicorn -lm -lpthread"
if ! grep -q -e "$opts" config.status 2>/dev/null ||
   ! grep -q -F -e "$unicorn_libs" config.status 2>/dev/null; then
	echo "  CROSS    $builddir (configure $opts)" >&2
	# shellcheck disable=SC2086 # one word per option
	PKG_CONFIG_LIBDIR=/nonexistent "$srcdir/configure" $opts CC="$cc" \
		UNICORN_CFLAGS="-I$sysroot/usr/include" UNICORN_LIBS="$unicorn_libs" \
		> configure.log 2>&1 || { tail -20 configure.log >&2; die "configure failed (see $builddir/configure.log)"; }
	grep -q '^#define HAVE_UNICORN 1' config.h || die "configure did not take $unicorn_a"
fi

# The interposer and the tracer share the one libkvmsim.so (Unicorn in
# it), found through libtool's run path into the build tree (installed:
# into PKGLIBDIR/aarch64, with libkvmsim.so).  -no-install: the VMM is the aarch64 program
# itself, not libtool's wrapper script around it.
# Its pkglibdir is its libdir: the modules' run path and install directory.
set -- vmm/libkvmsim-preload.la tools/libkvmsim-trace.la
[ -z "$pkglibdir" ] || set -- "$@" "pkglibdir=$pkglibdir/aarch64"
"$make" "$@" && "$make" vmm/kvmsim-vmm LDFLAGS=-no-install ||
	die "the aarch64 build failed in $builddir"
