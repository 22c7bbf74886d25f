#!/bin/bash
# table.sh - the README's table of the kernel's KVM selftests, made from
# the expectation files, or a check that the README holds it.  See --help.

set -u

prog=table.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    cat <<EOF2
Usage: $prog [--dir DIR]
       $prog [--dir DIR] --check README

Prints one line per selftest (its name without the arch directory) with
its state on real KVM and on the simulator under 6.1 and 6.12, from
DIR/expected-6.1.txt and DIR/expected-6.12.txt (default: this script's
directory); "-" where a release has no such test.  The line before the
table and the table itself are what README carries.

  --check README  compare README's copy (the lines after its line
                  "    selftest ... sim 6.12" header, up to the next blank
                  line) with the table made now; exit 1 and show the
                  difference when they disagree

Exit status: 0 printed (or README agrees); 1 README disagrees or a file is
missing; 2 usage error.
EOF2
}

dir=$here check=''
while [ $# -gt 0 ]; do
    case $1 in
        -h|--help) usage; exit 0 ;;
        --dir) [ $# -ge 2 ] || { echo "$prog: --dir needs an argument" >&2; exit 2; }; dir=$2; shift 2 ;;
        --dir=*) dir=${1#*=}; shift ;;
        --check) [ $# -ge 2 ] || { echo "$prog: --check needs an argument" >&2; exit 2; }; check=$2; shift 2 ;;
        --check=*) check=${1#*=}; shift ;;
        *) echo "$prog: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

for k in 6.1 6.12; do
    [ -r "$dir/expected-$k.txt" ] || { echo "$prog: $dir/expected-$k.txt not readable" >&2; exit 1; }
done

table() {
    awk '
        FNR == 1 { k = (FILENAME ~ /6\.12/) ? 2 : 1 }
        /^[ \t]*(#|$)/ { next }
        {
            t = $1; sub(/.*\//, "", t)
            if (!(t in seen)) { seen[t] = 1; names[++n] = t }
            st[t, k, "real"] = $2; st[t, k, "sim"] = $3
        }
        function s(t, k, side) { return ((t, k, side) in st) ? st[t, k, side] : "-" }
        END {
            printf "    %-34s %-9s %-9s %-9s %s\n", "selftest", "real 6.1", "sim 6.1", "real 6.12", "sim 6.12"
            # sorted by name
            for (i = 1; i <= n; i++)
                for (j = i + 1; j <= n; j++)
                    if (names[j] < names[i]) { x = names[i]; names[i] = names[j]; names[j] = x }
            for (i = 1; i <= n; i++) {
                t = names[i]
                printf "    %-34s %-9s %-9s %-9s %s\n", t, s(t, 1, "real"), s(t, 1, "sim"), s(t, 2, "real"), s(t, 2, "sim")
            }
        }' "$dir/expected-6.1.txt" "$dir/expected-6.12.txt"
}

if [ -z "$check" ]; then
    table
    exit 0
fi
[ -r "$check" ] || { echo "$prog: $check not readable" >&2; exit 1; }
have=$(awk '/^    selftest +real 6\.1 +sim 6\.1 +real 6\.12 +sim 6\.12$/ { on = 1 } on && /^$/ { exit } on' "$check")
want=$(table)
if [ "$have" != "$want" ]; then
    echo "$prog: $check's selftest table is not the expectation files' (tests/selftests/table.sh prints it):" >&2
    diff <(printf '%s\n' "$have") <(printf '%s\n' "$want") >&2
    exit 1
fi
echo "$prog: $check's table agrees with the expectation files"
