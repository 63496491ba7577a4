#!/usr/bin/env bash
# e2e-gui.sh is the end-to-end smoke test of the desktop app.
#
# Usage: scripts/e2e-gui.sh [BINARY]   (default ./convscope)
#
# It starts a private Xvfb display, launches BINARY without arguments, waits for its
# window (whose title starts with "ConvScope"), screenshots the window to
# build/e2e/window.png, checks that the picture is not blank, then quits the app with
# Ctrl+Q and expects exit status 0.
# Xvfb and the app are always stopped on exit. The app's output is in build/e2e/app.log,
# its preferences in build/e2e/config.
# Needs Xvfb, xdotool and ImageMagick (scripts/deps.sh gui-test).
set -euo pipefail

binary=${1:-./convscope}
out=build/e2e
screenshot=$out/window.png
app_log=$out/app.log

# Bounds, in seconds, and the blank-picture threshold.
readonly display_timeout=20 window_timeout=60 render_timeout=30 quit_timeout=20
# A blank window has one or two colours; the placeholder screen, with its icon and
# anti-aliased text, has hundreds.
readonly min_colours=64

xvfb_pid="" app_pid=""
cleanup() {
	if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	if [[ -n $xvfb_pid ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT

fail() {
	echo "e2e-gui: FAIL: $*" >&2
	if [[ -s $app_log ]]; then
		echo "e2e-gui: last lines of $app_log:" >&2
		tail -n 20 "$app_log" >&2
	fi
	exit 1
}

[[ -x $binary ]] || fail "$binary is not an executable; build it with 'make build'"
for tool in Xvfb xdotool import convert; do
	command -v "$tool" >/dev/null || fail "$tool not found; run scripts/deps.sh gui-test"
done
mkdir -p "$out"
rm -f "$screenshot" "$app_log"

# Xvfb picks a free display number itself and writes it to the -displayfd descriptor.
display_file=$out/display
: >"$display_file"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$display_file" 2>"$out/xvfb.log" &
xvfb_pid=$!
for ((i = 0; i < display_timeout * 10; i++)); do
	[[ -s $display_file ]] && break
	kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited; see $out/xvfb.log"
	sleep 0.1
done
[[ -s $display_file ]] || fail "Xvfb gave no display number within ${display_timeout}s"
export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
unset WAYLAND_DISPLAY
export LIBGL_ALWAYS_SOFTWARE=1 # Mesa's llvmpipe: no GPU needed
# Keep the app's preferences away from the user's own.
export XDG_CONFIG_HOME=$PWD/$out/config
rm -rf "$XDG_CONFIG_HOME"
echo "e2e-gui: Xvfb on $DISPLAY"

"$binary" >"$app_log" 2>&1 &
app_pid=$!

window=$(timeout "$window_timeout" xdotool search --sync --name '^ConvScope' | head -n 1) ||
	fail "no window named ConvScope within ${window_timeout}s"
echo "e2e-gui: window $window: $(xdotool getwindowgeometry "$window" | tr -s ' \n' ' ')"

# The window maps before its first frame is drawn: retake the screenshot until it shows
# enough colours.
colours=0
for ((i = 0; i < render_timeout; i++)); do
	if import -window "$window" "$screenshot" 2>/dev/null; then
		colours=$(convert "$screenshot" -format '%k' info:)
		((colours >= min_colours)) && break
	fi
	kill -0 "$app_pid" 2>/dev/null || fail "the app exited before drawing its window"
	sleep 1
done
((colours >= min_colours)) ||
	fail "$screenshot has $colours colours after ${render_timeout}s, want at least $min_colours: the window looks blank"
echo "e2e-gui: screenshot $screenshot has $colours colours"

# No window manager runs, so give the window the keyboard focus before typing Ctrl+Q.
timeout 10 xdotool windowfocus --sync "$window" || fail "could not give the window the keyboard focus"
xdotool key --clearmodifiers ctrl+q
for ((i = 0; i < quit_timeout * 10; i++)); do
	kill -0 "$app_pid" 2>/dev/null || break
	sleep 0.1
done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not quit within ${quit_timeout}s of Ctrl+Q"
status=0
wait "$app_pid" || status=$?
app_pid=""
((status == 0)) || fail "the app exited with status $status after Ctrl+Q"
echo "e2e-gui: PASS: window shown, screenshot not blank, Ctrl+Q quit with status 0"
