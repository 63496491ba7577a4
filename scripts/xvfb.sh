# xvfb.sh is sourced by the scripts that drive the real app on a private Xvfb display
# (e2e-gui.sh, bench-app.sh). The script that sources it defines fail MESSAGE, which
# reports and exits, and sets events (the app's event log, CONVSCOPE_LOG) and app_pid once
# the app runs; stop_app_and_xvfb runs on exit.

xvfb_pid="" app_pid=""

# stop_app_and_xvfb stops the app and Xvfb, if they run.
stop_app_and_xvfb() {
	if [[ -n $app_pid ]] && kill -0 "$app_pid" 2>/dev/null; then
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
	fi
	if [[ -n $xvfb_pid ]]; then
		kill "$xvfb_pid" 2>/dev/null || true
		wait "$xvfb_pid" 2>/dev/null || true
	fi
}

# start_xvfb DIR TIMEOUT starts Xvfb on a display it picks itself (written to the
# -displayfd descriptor, kept in DIR/display; its log in DIR/xvfb.log), waits up to
# TIMEOUT seconds for it, and exports DISPLAY and the settings that make the app render
# in software with no GPU.
start_xvfb() {
	local dir=$1 timeout=$2 i
	local display_file=$dir/display
	: >"$display_file"
	Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp 3>"$display_file" 2>"$dir/xvfb.log" &
	xvfb_pid=$!
	for ((i = 0; i < timeout * 10; i++)); do
		[[ -s $display_file ]] && break
		kill -0 "$xvfb_pid" 2>/dev/null || fail "Xvfb exited; see $dir/xvfb.log"
		sleep 0.1
	done
	[[ -s $display_file ]] || fail "Xvfb gave no display number within ${timeout}s"
	export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
	unset WAYLAND_DISPLAY
	export LIBGL_ALWAYS_SOFTWARE=1 # Mesa's llvmpipe: no GPU needed
}

# wait_event PATTERN SECONDS [AFTER] waits until a line of the event log after its first
# AFTER lines (default 0) matches the extended regular expression PATTERN, and prints the
# first such line.
wait_event() {
	local pattern=$1 timeout=$2 after=${3:-0} i
	for ((i = 0; i < timeout * 10; i++)); do
		awk -v after="$after" -v pattern="$pattern" \
			'NR > after && $0 ~ pattern { print; found = 1; exit } END { exit !found }' \
			"$events" 2>/dev/null && return 0
		kill -0 "$app_pid" 2>/dev/null || fail "the app exited while waiting for \"$pattern\""
		sleep 0.1
	done
	fail "no event \"$pattern\" within ${timeout}s"
}

# quit_app SECONDS presses Ctrl+Q, waits up to SECONDS for the app to exit, and fails
# unless it exits with status 0.
quit_app() {
	local timeout=$1 i status=0
	xdotool key --clearmodifiers ctrl+q
	for ((i = 0; i < timeout * 10; i++)); do
		kill -0 "$app_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -0 "$app_pid" 2>/dev/null && fail "the app did not quit within ${timeout}s of Ctrl+Q"
	wait "$app_pid" || status=$?
	app_pid=""
	((status == 0)) || fail "the app exited with status $status"
}
