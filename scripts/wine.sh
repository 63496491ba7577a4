#!/usr/bin/env bash
# wine.sh runs the Windows build of ConvScope (or any Windows program) under Wine, in the
# project's own Wine prefix, build/wine (or $WINEPREFIX), which it makes on first use.
#
# Usage: scripts/wine.sh PROGRAM.exe [ARG...]
#
# Two things make the Windows build work under Wine here:
#   - Go 1.22 and later need bcryptprimitives.dll (Windows 10 has it), which Wine before 9.0
#     lacks: when the prefix has none, wine.sh builds scripts/wine/bcryptprimitives.c into it
#     with MinGW-w64 (scripts/deps.sh windows).
#   - The program finds MNIST in the Go module cache through $GOMODCACHE: wine.sh sets it to
#     this machine's cache as Wine names it, on drive Z:, Wine's name for the Unix root.
# Wine's own messages are off (WINEDEBUG=-all) unless WINEDEBUG is set.

set -euo pipefail

if (($# == 0)); then
	echo "usage: scripts/wine.sh PROGRAM.exe [ARG...]" >&2
	exit 2
fi
if ! command -v wine >/dev/null; then
	echo "wine.sh: Wine is not installed; install it with: scripts/deps.sh wine" >&2
	exit 127
fi
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export WINEPREFIX=${WINEPREFIX:-$repo/build/wine}
export WINEDEBUG=${WINEDEBUG:--all}

if [[ ! -f $WINEPREFIX/.update-timestamp ]]; then
	echo "wine.sh: making the Wine prefix $WINEPREFIX (once; about 20 s)" >&2
	mkdir -p "$WINEPREFIX"
	# Debian's Wine warns here that wine32 is missing: 64-bit programs do not need it.
	wineboot --init >/dev/null 2>&1
fi

dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [[ ! -f $dll ]]; then
	if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
		echo "wine.sh: this Wine lacks bcryptprimitives.dll, which Go programs need, and x86_64-w64-mingw32-gcc, which would build it, is not installed; run: scripts/deps.sh windows" >&2
		exit 1
	fi
	echo "wine.sh: this Wine lacks bcryptprimitives.dll; building scripts/wine/bcryptprimitives.c into the prefix" >&2
	x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$repo/scripts/wine/bcryptprimitives.c" -lbcrypt
fi

cache=${GOMODCACHE:-}
if [[ -z $cache ]] && command -v go >/dev/null; then
	cache=$(go env GOMODCACHE)
fi
if [[ $cache == /* ]]; then
	export GOMODCACHE="Z:${cache//\//\\}"
fi

exec wine "$@"
