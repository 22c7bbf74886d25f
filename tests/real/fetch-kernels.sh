#!/bin/sh
# fetch-kernels.sh - make sure the Debian arm64 kernels used as the KVM oracle
# are cached locally.  See --help.
#
# The real-KVM harness boots Debian's own arm64 kernels under qemu (they ship
# CONFIG_KVM=y), so the "oracle" is an exact, reproducible Debian package
# rather than a kernel we build ourselves.  The package name+version actually
# used is recorded next to each vmlinuz so results can be tied to it.

set -u

prog=fetch-kernels.sh
here=$(cd "$(dirname "$0")" && pwd)
# 6.1 is bookworm's own kernel; 6.12 only exists in bookworm-backports.
suite=bookworm

usage() {
    cat <<EOF
Usage: $prog [--help] CACHEDIR

Ensure CACHEDIR/6.1/vmlinuz and CACHEDIR/6.12/vmlinuz exist, each with a
CACHEDIR/<ver>/package file holding "NAME VERSION" of the Debian package the
kernel was taken from.

Nothing is done when both are already present.  Otherwise (root needed)
apt is set up with tests/real/apt-sources.sh (the arm64 dpkg architecture
and a $suite-backports source, if missing), apt-get update is run again
only if the packages cannot be found, and the newest
linux-image-6.1.0-*-arm64 ($suite / $suite-security) and
linux-image-6.12.*-arm64 ($suite-backports; Debian now also ships 6.12 in
$suite-security) packages are downloaded and their vmlinuz extracted.

Exit status: 0 ok, 77 not root and kernels not cached (automake "skip"),
1 any other failure, 2 usage error.
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }

case "${1:-}" in
    -h|--help) usage; exit 0 ;;
    -*) echo "$prog: unknown option $1" >&2; usage >&2; exit 2 ;;
    '') usage >&2; exit 2 ;;
esac
[ $# -eq 1 ] || { usage >&2; exit 2; }
cachedir=$1

have() { [ -s "$cachedir/$1/vmlinuz" ] && [ -s "$cachedir/$1/package" ]; }

missing=
for v in 6.1 6.12; do
    have "$v" || missing="$missing $v"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "$prog: kernel(s)$missing not cached in $cachedir and not root" \
         "(apt/dpkg setup needs root); skipping" >&2
    exit 77
fi

for tool in apt-get apt-cache dpkg dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (needs a Debian system)"
done

mkdir -p "$cachedir" || die "cannot create $cachedir"

# Another apt/dpkg may be running (e.g. a concurrent install); wait for its
# lock rather than failing outright.
apt_opts="-q -o DPkg::Lock::Timeout=600"

# The arm64 architecture and the backports source (apt-get update when
# they were missing).
"$here/apt-sources.sh" || die "setting up apt failed (tests/real/apt-sources.sh)"

updated=0
apt_update() {
    [ "$updated" -eq 1 ] && return 0
    echo "$prog: running apt-get update" >&2
    # shellcheck disable=SC2086
    apt-get $apt_opts update >&2 || die "apt-get update failed"
    updated=1
}

# True if NAME:arm64 has an installable candidate version.
has_candidate() {
    c=$(apt-cache policy "$1:arm64" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
    [ -n "$c" ] && [ "$c" != "(none)" ]
}

# Print the newest real image package whose name matches the extended
# regexp $1 (without the optional "-unsigned" suffix).  Meta packages
# (linux-image-arm64) and debug packages never match the regexp.  The signed
# package is preferred; the unsigned one holds the same kernel and is used
# when it is the only one available.
pick_package() {
    apt-cache pkgnames linux-image-6. 2>/dev/null \
        | grep -E "^($1)(-unsigned)?\$" | sed 's/-unsigned$//' | sort -V -u > "$tmp/bases"
    # Walk from newest to oldest in case the newest name is only a stale
    # entry without a candidate.
    for base in $(sort -V -r "$tmp/bases"); do
        for name in "$base" "$base-unsigned"; do
            if has_candidate "$name"; then echo "$name"; return 0; fi
        done
    done
    return 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fetch-kernels.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# apt-get download drops privileges to _apt; let it write here.
chmod 755 "$tmp"

fetch() {
    ver=$1 regex=$2
    name=$(pick_package "$regex")
    if [ -z "$name" ]; then
        apt_update
        name=$(pick_package "$regex")
    fi
    [ -n "$name" ] || die "no arm64 package matching ^$regex\$ found in apt (for $ver)"

    dl=$tmp/dl-$ver
    mkdir -p "$dl" && chown _apt "$dl" 2>/dev/null
    echo "$prog: downloading $name:arm64" >&2
    # shellcheck disable=SC2086
    (cd "$dl" && apt-get $apt_opts download "$name:arm64" >&2) \
        || die "apt-get download $name:arm64 failed"
    deb=$(ls "$dl"/*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || die "apt-get download $name:arm64 produced no .deb"

    # Take name/version from the .deb itself: that is exactly what was used.
    pkg=$(dpkg-deb -f "$deb" Package) && pver=$(dpkg-deb -f "$deb" Version) \
        || die "cannot read control fields of $deb"

    x=$tmp/x-$ver
    dpkg -x "$deb" "$x" || die "dpkg -x $deb failed"
    img=$(ls "$x"/boot/vmlinuz-* 2>/dev/null | head -n 1)
    [ -n "$img" ] || die "$pkg $pver contains no boot/vmlinuz-*"

    # Install atomically: "package" is written last and "have" needs both,
    # so an interrupted run is simply redone.
    mkdir -p "$cachedir/$ver" || die "cannot create $cachedir/$ver"
    cp "$img" "$cachedir/$ver/vmlinuz.tmp" \
        && mv -f "$cachedir/$ver/vmlinuz.tmp" "$cachedir/$ver/vmlinuz" \
        || die "cannot write $cachedir/$ver/vmlinuz"
    echo "$pkg $pver" > "$cachedir/$ver/package.tmp" \
        && mv -f "$cachedir/$ver/package.tmp" "$cachedir/$ver/package" \
        || die "cannot write $cachedir/$ver/package"
    echo "$prog: $ver: $pkg $pver -> $cachedir/$ver/vmlinuz" >&2
}

for v in $missing; do
    case $v in
        6.1)  fetch 6.1  'linux-image-6\.1\.0-[0-9]+-arm64' ;;
        6.12) fetch 6.12 'linux-image-6\.12\.[0-9]+\+(bpo|deb12)-arm64' ;;
    esac
done
exit 0
