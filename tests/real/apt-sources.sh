#!/bin/bash
# apt-sources.sh - set up the apt sources the real-KVM harness and the ABI
# check take Debian packages from.  See --help.
#
# Separate from fetching anything: tests/real/fetch-kernels.sh (the arm64
# kernels) and tests/abi/fetch-headers.sh (the 6.12 headers) both need
# this set-up, and build-aux/dev.sh runs it once, as a step of its own.

set -u

prog=apt-sources.sh
suite=bookworm
backports_file=/etc/apt/sources.list.d/kvmsim-$suite-backports.sources
default_mirror=http://deb.debian.org/debian

usage() {
    cat <<EOF
Usage: $prog [--help] [--check] [--update]

Make sure apt offers what kvmsim takes from Debian beyond $suite's own
packages for this machine:
  - the arm64 dpkg architecture (foreign), for Debian's arm64 kernel
    packages, linux-image-*:arm64 (tests/real/fetch-kernels.sh);
  - a $suite-backports source, for the 6.12 kernel and the 6.12
    linux-libc-dev headers (tests/abi/fetch-headers.sh).  It goes through
    the mirror of the machine's main $suite source (default
    $default_mirror) and is written to
    $backports_file.
Then runs apt-get update when it changed anything, when the package lists
of $suite or $suite-backports for arm64 are missing, or with --update.

  --check    change nothing: only say what is missing
  --update   always run apt-get update

Needs root unless everything is in place already.

Exit status: 0 ready (--check: nothing missing); 1 a command failed
(--check: something is missing); 2 usage error; 77 set-up needed but not
root (skip).
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }

check=no update=no
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --check) check=yes; shift ;;
        --update) update=yes; shift ;;
        *) echo "$prog: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

for tool in apt-get apt-config dpkg; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (needs a Debian system)"
done

# Print the URI of the machine's main "$suite" Debian source, so the
# backports entry goes through the same mirror (the machine may only reach
# that one).  Handles both one-line .list and deb822 .sources files.
main_mirror() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk -v s="$suite" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == s) { print $i; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        # A deb822 stanza ends at a blank line; remember its URIs and whether
        # its Suites field names the plain suite.
        awk -v s="$suite" '
            function flush() { if (hit && uri != "") { print uri; exit } uri = ""; hit = 0 }
            /^[ \t]*$/ { flush(); next }
            /^#/ { next }
            tolower($1) == "uris:" { uri = $2 }
            tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) hit = 1 }
            END { flush() }' "$f"
    done
}

# True if any enabled apt source already provides $suite-backports.
have_backports() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
             /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        grep -v '^[[:space:]]*#' "$f" | grep -q "[[:space:]]$suite-backports\([[:space:]]\|$\)" \
            && return 0
    done
    return 1
}

have_arm64() { dpkg --print-foreign-architectures | grep -qx arm64; }

# True if apt has package lists of suite $1 for arm64 (from any mirror).
have_lists() {
    local lists=/var/lib/apt/lists/
    eval "$(apt-config shell lists Dir::State::lists/d)"
    compgen -G "${lists%/}/*_dists_$1_main_binary-arm64_Packages*" >/dev/null
}

missing=()
have_arm64 || missing+=("the arm64 dpkg architecture")
have_backports || missing+=("a $suite-backports apt source")
have_lists "$suite" || missing+=("apt's $suite arm64 package lists")
have_lists "$suite-backports" || missing+=("apt's $suite-backports arm64 package lists")

if [ "$check" = yes ]; then
    [ ${#missing[@]} -eq 0 ] && { echo "$prog: ready"; exit 0; }
    for m in "${missing[@]}"; do echo "$prog: missing: $m"; done
    exit 1
fi
[ ${#missing[@]} -eq 0 ] && [ "$update" = no ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    for m in "${missing[@]}"; do echo "$prog: missing: $m" >&2; done
    echo "$prog: setting up apt needs root (run: sudo $0); skipping" >&2
    exit 77
fi

if ! have_arm64; then
    dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
    echo "$prog: added the arm64 dpkg architecture" >&2
fi

if ! have_backports; then
    mirror=$(main_mirror | head -n 1)
    [ -n "$mirror" ] || mirror=$default_mirror
    keyring=/usr/share/keyrings/debian-archive-keyring.gpg
    {
        echo "# Added by kvmsim tests/real/apt-sources.sh for the 6.12 arm64 kernel and headers."
        echo "Types: deb"
        echo "URIs: $mirror"
        echo "Suites: $suite-backports"
        echo "Components: main"
        [ -r "$keyring" ] && echo "Signed-By: $keyring"
    } > "$backports_file" || die "cannot write $backports_file"
    echo "$prog: added $backports_file (mirror $mirror)" >&2
fi

echo "$prog: running apt-get update" >&2
# Another apt/dpkg may be running (e.g. a concurrent install); wait for its
# lock rather than failing outright.
apt-get -q -o DPkg::Lock::Timeout=600 update >&2 || die "apt-get update failed"
exit 0
