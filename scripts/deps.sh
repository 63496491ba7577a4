#!/usr/bin/env bash
# deps.sh installs the Debian packages that ConvScope needs and that are missing.
#
# Usage: scripts/deps.sh [--dry-run] SET...
#
#   build      a C compiler and the X11, OpenGL and OpenBLAS headers for the cgo build, the
#              Fashion-MNIST data set (MNIST comes as a Go module) and a font with Chinese
#              glyphs for the Chinese interface and pictures
#   gui-test   Xvfb, software OpenGL, xdotool and ImageMagick for scripts/e2e-gui.sh
#   windows    the MinGW-w64 C compiler that cross-compiles the Windows build (make windows),
#              and zip, which packs it (make release)
#   wine       Wine, which runs that build here (make windows-check); nothing installs it
#              unasked: without it, make windows-check says so and skips
#
# Packages that dpkg-query lists as installed are skipped, and apt-get update runs only
# when something must be installed. apt-get runs through sudo when the user is not root.
# --dry-run prints the missing packages and the command that would install them.
# When the packages cannot be installed, deps.sh prints the command to run and exits 1.
# On a system without dpkg it only warns, and leaves the build to report what is missing.

# packages maps each set to its Debian packages: the one list to edit.
declare -A packages=(
	[build]="gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libopenblas-dev dataset-fashion-mnist fonts-wqy-microhei"
	[gui-test]="xvfb xauth libgl1-mesa-dri xdotool imagemagick"
	[windows]="gcc-mingw-w64-x86-64 zip"
	[wine]="wine wine64"
)

# missing_packages prints, one per line, each argument that dpkg does not list as installed.
missing_packages() {
	local pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${db:Status-Status}\n' "$pkg" 2>/dev/null || true)
		if ! grep -qx installed <<<"$status"; then
			echo "$pkg"
		fi
	done
}

# as_root runs its arguments as root: directly when root, else through sudo, which may ask
# for a password only when standard input is a terminal.
as_root() {
	if ((EUID == 0)); then
		DEBIAN_FRONTEND=noninteractive "$@"
	elif [[ -t 0 ]]; then
		sudo env DEBIAN_FRONTEND=noninteractive "$@"
	else
		sudo -n env DEBIAN_FRONTEND=noninteractive "$@"
	fi
}

main() {
	local dry_run=false set list wanted=()
	for set in "$@"; do
		case $set in
		--dry-run) dry_run=true ;;
		build | gui-test | windows | wine) read -ra list <<<"${packages[$set]}" && wanted+=("${list[@]}") ;;
		*)
			echo "deps: unknown set \"$set\"; use: scripts/deps.sh [--dry-run] build|gui-test|windows|wine..." >&2
			return 2
			;;
		esac
	done

	if ! command -v dpkg-query >/dev/null; then
		echo "deps: dpkg-query not found; this script installs Debian packages only. Make sure the equivalents of these are installed: ${wanted[*]}" >&2
		return 0
	fi

	local missing
	mapfile -t missing < <(missing_packages "${wanted[@]}")
	if ((${#missing[@]} == 0)); then
		if $dry_run; then
			echo "deps: nothing to install: ${wanted[*]}"
		fi
		return 0
	fi

	local sudo=""
	if ((EUID != 0)); then
		sudo="sudo "
	fi
	local command="${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing[*]}"
	if $dry_run; then
		echo "deps: missing: ${missing[*]}"
		echo "deps: would run: $command"
		return 0
	fi

	echo "deps: installing ${missing[*]}" >&2
	if ((EUID != 0)) && ! command -v sudo >/dev/null; then
		echo "deps: not root and sudo not found; as root, run: ${command//sudo /}" >&2
		return 1
	fi
	if ! { as_root apt-get -q update && as_root apt-get -q install -y --no-install-recommends "${missing[@]}"; }; then
		echo "deps: could not install the packages; run this, then try again: $command" >&2
		return 1
	fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	main "$@"
fi
