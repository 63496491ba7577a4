#!/usr/bin/env bash
# e2e-gui.sh is the end-to-end test of the desktop app: it drives the real binary the way
# a person would and checks what the app reports.
#
# Usage: scripts/e2e-gui.sh [BINARY]   (default ./convscope)
#
# It trains a 30-step run with the command line into a private run library
# (XDG_DATA_HOME=build/e2e/data). On a private Xvfb display it launches BINARY with a
# 30-step run (CONVSCOPE_STEPS=30) and its event log in build/e2e/events.log
# (CONVSCOPE_LOG), then:
#   1. waits for "data loaded", presses Space to train, and waits for
#      "training finished step=30", the test-set evaluation that follows and the run's
#      save into the library;
#   2. opens the Draw tab (Ctrl+3), reads where the pad is from the log ("draw pad"),
#      draws a 7 with mouse drags and waits for "prediction digit=";
#   3. selects every tab (Ctrl+1 to Ctrl+9, then Ctrl+0, in the order of the tabs), waits until the app
#      logs that tab as selected, and screenshots it into build/e2e/, checking that none is
#      blank; on the Runs tab it first ticks both runs (Ctrl+A) and waits for their chart;
#   4. presses Ctrl+Q, which quits at once (the run is kept in the library), and expects
#      exit status 0 and "closed".
# The theme is Fyne's light one unless FYNE_THEME says otherwise (FYNE_THEME=dark).
# Xvfb and the app are always stopped on exit. The app's output is in build/e2e/app.log,
# its preferences in build/e2e/config.
# Needs Xvfb, xdotool and ImageMagick (scripts/deps.sh gui-test).
set -euo pipefail

binary=${1:-./convscope}
out=build/e2e
app_log=$out/app.log
events=$out/events.log
readonly steps=30

# Bounds, in seconds, and the blank-picture threshold.
readonly display_timeout=20 window_timeout=60 load_timeout=60 train_timeout=180 \
	predict_timeout=30 render_timeout=30 quit_timeout=20
# A blank window has a handful of colours; every tab, with its text, pictures and
# anti-aliasing, has hundreds.
readonly min_colours=64

source "$(dirname "$0")/xvfb.sh"
trap stop_app_and_xvfb EXIT

fail() {
	echo "e2e-gui: FAIL: $*" >&2
	for log in "$events" "$app_log"; do
		if [[ -s $log ]]; then
			echo "e2e-gui: last lines of $log:" >&2
			tail -n 20 "$log" >&2
		fi
	done
	exit 1
}

# screenshot NAME saves the window as $out/NAME.png once it shows at least min_colours
# colours (the window may not have drawn its latest frame yet).
screenshot() {
	local file=$out/$1.png colours=0 i
	for ((i = 0; i < render_timeout; i++)); do
		sleep 1
		if import -window "$window" "$file" 2>/dev/null; then
			colours=$(convert "$file" -format '%k' info:)
			((colours >= min_colours)) && break
		fi
	done
	((colours >= min_colours)) || fail "$file has $colours colours, want at least $min_colours: the window looks blank"
	echo "e2e-gui: screenshot $file ($colours colours)"
}

[[ -x $binary ]] || fail "$binary is not an executable; build it with 'make build'"
for tool in Xvfb xdotool import convert; do
	command -v "$tool" >/dev/null || fail "$tool not found; run scripts/deps.sh gui-test"
done
mkdir -p "$out"
rm -f "$out"/*.png "$app_log" "$events"

start_xvfb "$out" "$display_timeout"
export FYNE_THEME=${FYNE_THEME:-light}
# Keep the app's preferences and runs away from the user's own.
export XDG_CONFIG_HOME=$PWD/$out/config XDG_DATA_HOME=$PWD/$out/data
rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
echo "e2e-gui: Xvfb on $DISPLAY, theme $FYNE_THEME"

# A run of another learning rate, for the Runs tab to compare with the app's.
"$binary" train -steps "$steps" -eval-every 10 -lr 1e-3 -runs "$XDG_DATA_HOME/convscope/runs" -name "command line, lr 1e-3" \
	>>"$app_log" 2>&1 || fail "convscope train into the run library failed"

CONVSCOPE_STEPS=$steps CONVSCOPE_LOG=$events "$binary" >"$app_log" 2>&1 &
app_pid=$!

window=$(timeout "$window_timeout" xdotool search --sync --name '^ConvScope' | head -n 1) ||
	fail "no window named ConvScope within ${window_timeout}s"
geometry=$(xdotool getwindowgeometry "$window")
echo "e2e-gui: window $window: $(tr -s ' \n' ' ' <<<"$geometry")"
# The window's top-left corner on the screen, to turn window pixels into screen pixels.
read -r window_x window_y < <(sed -En 's/.*Position: ([0-9]+),([0-9]+).*/\1 \2/p' <<<"$geometry")

wait_event 'data loaded' "$load_timeout"
# No window manager runs, so give the window the keyboard focus before typing.
timeout 10 xdotool windowfocus --sync "$window" || fail "could not give the window the keyboard focus"

xdotool key --clearmodifiers space
wait_event "training finished step=$steps " "$train_timeout"
wait_event "evaluated step=$steps " "$train_timeout"
wait_event "run saved dir=" "$train_timeout" >/dev/null

xdotool key --clearmodifiers ctrl+3
pad=$(wait_event 'draw pad ' "$predict_timeout")
read -r pad_x pad_y pad_size < <(sed -E 's/.*x=([0-9]+) y=([0-9]+) size=([0-9]+).*/\1 \2 \3/' <<<"$pad")
echo "e2e-gui: drawing pad at ($pad_x, $pad_y), $pad_size pixels square"

# at FX FY prints the screen position of the point of the pad at FX%, FY% of its side.
at() { echo $((window_x + pad_x + pad_size * $1 / 100)) $((window_y + pad_y + pad_size * $2 / 100)); }
# Draw a 7: a bar across the top, then a stroke down to the lower left, in small moves
# as a hand would make them.
xdotool mousemove $(at 25 22) mousedown 1
for ((i = 1; i <= 10; i++)); do xdotool mousemove $(at $((25 + 5 * i)) 22) && sleep 0.02; done
for ((i = 1; i <= 12; i++)); do xdotool mousemove $(at $((75 - 3 * i)) $((22 + 5 * i))) && sleep 0.02; done
xdotool mouseup 1
prediction=$(wait_event 'prediction digit=[0-9] p=' "$predict_timeout")
echo "e2e-gui: the app reports the prediction ${prediction#*prediction }"

# The tabs in their order in the window, which is the order of their Ctrl+N keys, with
# the titles the app logs when one is selected.
tabs=(training filters draw features convolution explain testset embedding health runs)
titles=("Training" "Filters" "Draw" "Feature maps" "Convolution" "What features see" "Test set" "Embedding" "Health" "Runs")
for ((i = 0; i < ${#tabs[@]}; i++)); do
	logged=$(wc -l <"$events")
	xdotool key --clearmodifiers "ctrl+$(((i + 1) % 10))"
	wait_event "tab ${titles[i]}\$" "$render_timeout" "$logged" >/dev/null
	if [[ ${tabs[i]} == runs ]]; then
		logged=$(wc -l <"$events")
		xdotool key --clearmodifiers ctrl+a
		wait_event 'runs compared n=2$' "$render_timeout" "$logged" >/dev/null
	fi
	screenshot "${tabs[i]}"
done

quit_app "$quit_timeout"
grep -q ' closed$' "$events" || fail "the app exited without logging \"closed\""
echo "e2e-gui: PASS: trained $steps steps, predicted a drawn 7 (${prediction#*prediction }), compared 2 runs, screenshots in $out/, quit with status 0"
