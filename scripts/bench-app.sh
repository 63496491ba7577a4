#!/usr/bin/env bash
# bench-app.sh measures how fast the desktop app trains against the headless command, on
# this machine, alternating the two so that both see the same conditions.
#
# Each round trains the reference network (the default settings, batches of 50) for STEPS
# steps (1,000 unless BENCH_APP_STEPS says otherwise) twice, each into a fresh folder:
#   headless: convscope train -steps STEPS
#   the app:  on a private Xvfb display, CONVSCOPE_STEPS=STEPS, Space to train, with the
#             Training tab (the default) showing the charts as they grow
# and reads each run's metrics.csv, whose seconds column is the wall-clock time of every
# step. A run's training speed is its batch over its mean step time, leaving out the steps
# that took more than five times the median: those that evaluated the test set or recorded
# the embedding (the same in both), a tenth of a second or more against a few hundredths.
# It prints each round's images/s and their ratio, then the medians.
#
# Needs a built ./convscope (make build), Xvfb and xdotool (scripts/deps.sh gui-test).
# Usage: scripts/bench-app.sh [ROUNDS]   (default 3; a round of 1,000 steps takes about
#        2 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
steps=${BENCH_APP_STEPS:-1000}
[[ $rounds =~ ^[1-9][0-9]*$ && $steps =~ ^[1-9][0-9]*$ ]] || {
	echo "bench-app: ROUNDS ($rounds) and BENCH_APP_STEPS ($steps) must be whole numbers of 1 or more" >&2
	exit 2
}
binary=./convscope
out=build/bench-app
app_log=$out/app.log
events=$out/events.log
readonly display_timeout=20 window_timeout=60 load_timeout=60 train_timeout=$((steps + 300)) quit_timeout=20

source scripts/xvfb.sh
trap stop_app_and_xvfb EXIT

fail() {
	echo "bench-app: FAIL: $*" >&2
	[[ -s $app_log ]] && tail -n 20 "$app_log" >&2
	exit 1
}

[[ -x $binary ]] || fail "$binary is not an executable; build it with 'make build'"
for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || fail "$tool not found; run scripts/deps.sh gui-test"
done
mkdir -p "$out"
start_xvfb "$out" "$display_timeout"
export XDG_CONFIG_HOME=$PWD/$out/config XDG_DATA_HOME=$PWD/$out/data

# speed METRICS prints the images/s of the run whose metrics.csv is METRICS: its batch
# over the mean time between one step and the next, of the steps that took at most five
# times the median.
speed() {
	awk -F, 'NR > 2 { print $5 - prev } NR > 1 { prev = $5 }' "$1" | sort -g |
		awk -v batch=50 '{ v[NR] = $1 }
			END {
				m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
				for (i = 1; i <= NR && v[i] <= 5 * m; i++) sum += v[i]
				printf "%.0f", batch * (i - 1) / sum
			}'
}
# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }

headless_speeds=() app_speeds=()
printf '%-6s %18s %18s %8s\n' round "headless images/s" "app images/s" "app/headless"
for round in $(seq "$rounds"); do
	rm -rf "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$out/headless"
	"$binary" train -steps "$steps" -out "$out/headless" >"$out/headless.log" 2>&1 || fail "convscope train failed; see $out/headless.log"
	headless=$(speed "$out/headless/metrics.csv")

	rm -f "$events"
	CONVSCOPE_STEPS=$steps CONVSCOPE_LOG=$events "$binary" >"$app_log" 2>&1 &
	app_pid=$!
	window=$(timeout "$window_timeout" xdotool search --sync --name '^ConvScope' | head -n 1) ||
		fail "no window named ConvScope within ${window_timeout}s"
	wait_event 'data loaded' "$load_timeout" >/dev/null
	timeout 10 xdotool windowfocus --sync "$window" || fail "could not give the window the keyboard focus"
	xdotool key --clearmodifiers space
	wait_event "training finished step=$steps " "$train_timeout" >/dev/null
	saved=$(wait_event "run saved dir=" "$train_timeout")
	quit_app "$quit_timeout"
	dir=$(sed -E "s/.*run saved dir=(.*) step=[0-9]+.*/\1/" <<<"$saved")
	[[ -f $dir/metrics.csv ]] || fail "the app's run has no metrics.csv in $dir"
	app=$(speed "$dir/metrics.csv")

	headless_speeds+=("$headless") app_speeds+=("$app")
	printf '%-6s %18s %18s %8.3f\n' "$round" "$headless" "$app" "$(awk -v a="$app" -v h="$headless" 'BEGIN { print a / h }')"
done
h=$(median "${headless_speeds[@]}") a=$(median "${app_speeds[@]}")
printf '%-6s %18s %18s %8.3f\n' median "$h" "$a" "$(awk -v a="$a" -v h="$h" 'BEGIN { print a / h }')"
