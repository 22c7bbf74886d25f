#!/bin/sh
# Generates configure and the Makefile templates from a git checkout.
# Release tarballs (make dist) already contain them.
set -e
cd "$(dirname "$0")"
# automake's TAP driver is not installed by --add-missing; take the one of
# the automake that generates the rest, so the pair always matches.
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
autoreconf --force --install --warnings=all
