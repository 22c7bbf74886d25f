#!/bin/bash
# transcript.sh - the operations on conformance transcripts that more than
# one script needs: the normalisation before comparing the simulator with
# real KVM (tests/conform-sim.sh, check-real.sh), and a short account of
# how two transcripts differ (check-real.sh, update-real.sh).  See --help.

set -u

prog=transcript.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
    cat <<EOF
Usage: $prog normalise [--gaps FILE] [--count FILE] KERNEL TRANSCRIPT
       $prog changes [--first N] OLD NEW
       $prog --help

normalise  prints TRANSCRIPT (a tests/conform program's output for KERNEL,
           6.1 or 6.12) in the form the simulator and real KVM are compared
           in: lines ending in " [vary]" (values of the host, such as its
           CPU count) keep only what comes before " -> "; lines starting
           with a known-gaps prefix for KERNEL (or for "*") are left out.
  --gaps FILE    the known gaps (default: tests/conform/known-gaps.txt)
  --count FILE   write the number of lines left out as known gaps to FILE
  --drop-section NAME
                 leave out section NAME, from its "# section NAME" line to
                 the next section (repeatable): what this build cannot do

changes    compares two transcripts line by line (diff) and prints one
           line "N added, N removed, N changed" (or "no change"), then
           the first changed lines as diff -U0 shows them, indented.
  --first N      how many diff lines to show (default 6; 0: none)

Exit status: 0 done (changes: also when the files differ); 2 usage error
or unreadable file.
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

normalise() {
    local gaps=$here/../conform/known-gaps.txt count='' drop=''
    while [ $# -gt 0 ]; do
        case $1 in
            --gaps|--count|--drop-section)
                [ $# -ge 2 ] || die "$1 needs an argument"
                case $1 in
                    --gaps) gaps=$2 ;;
                    --count) count=$2 ;;
                    --drop-section) drop="$drop $2" ;;
                esac
                shift 2 ;;
            --gaps=*) gaps=${1#*=}; shift ;;
            --count=*) count=${1#*=}; shift ;;
            --drop-section=*) drop="$drop ${1#*=}"; shift ;;
            -*) die "normalise: unknown option $1 (see --help)" ;;
            *) break ;;
        esac
    done
    [ $# -eq 2 ] || die "normalise needs KERNEL and TRANSCRIPT (see --help)"
    [ -r "$gaps" ] || die "known gaps $gaps not readable"
    [ -r "$2" ] || die "transcript $2 not readable"
    awk -v k="$1" -v gaps="$gaps" -v count="$count" -v drop="$drop" '
        BEGIN {
            split(drop, d, " ")
            for (i in d) dropped[d[i]] = 1
            FS = "\t"
            while ((getline line < gaps) > 0) {
                if (line ~ /^#/ || line == "") continue
                split(line, f, "\t")
                if (f[1] == "*" || f[1] == k) prefix[++n] = f[2]
            }
            FS = " "
        }
        /^# section / { skipping = ($3 in dropped) }
        skipping { next }
        {
            for (i = 1; i <= n; i++)
                if (index($0, prefix[i]) == 1) { gap++; next }
            if ($0 ~ / \[vary\]$/) sub(/ -> .*/, " -> [vary]")
            print
        }
        END { if (count != "") print gap + 0 > count }' "$2"
}

changes() {
    local first=6
    while [ $# -gt 0 ]; do
        case $1 in
            --first) [ $# -ge 2 ] || die "--first needs an argument"; first=$2; shift 2 ;;
            --first=*) first=${1#*=}; shift ;;
            -*) die "changes: unknown option $1 (see --help)" ;;
            *) break ;;
        esac
    done
    [ $# -eq 2 ] || die "changes needs OLD and NEW (see --help)"
    case $first in ''|*[!0-9]*) die "--first must be a number" ;; esac
    [ -r "$1" ] || die "$1 not readable"
    [ -r "$2" ] || die "$2 not readable"
    # Normal diff's hunk headers: NaM (added), NdM (removed), NcM (changed:
    # as many lines changed as both sides have, the rest added or removed).
    diff "$1" "$2" | awk '
        function span(s,   a) { return split(s, a, ",") == 2 ? a[2] - a[1] + 1 : 1 }
        /^[0-9]/ {
            split($0, h, /[acd]/); op = substr($0, length(h[1]) + 1, 1)
            o = span(h[1]); n = span(h[2])
            if (op == "a") add += n
            else if (op == "d") del += o
            else { c = o < n ? o : n; chg += c; add += n - c; del += o - c }
        }
        END {
            if (add + del + chg == 0) print "no change"
            else printf "%d added, %d removed, %d changed\n", add, del, chg
        }'
    if [ "$first" -gt 0 ]; then
        diff -U0 "$1" "$2" | sed -n '3,$p' | head -n "$first" | sed 's/^/    /'
    fi
    return 0
}

case ${1-} in
    -h|--help) usage; exit 0 ;;
    normalise) shift; normalise "$@" ;;
    changes) shift; changes "$@" ;;
    '') usage >&2; exit 2 ;;
    *) echo "$prog: unknown command '$1'" >&2; usage >&2; exit 2 ;;
esac
