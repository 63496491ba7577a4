package app

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// eventLog writes one line per event the app reports, such as "data loaded",
// "training finished step=30 test_accuracy=0.7100" or "prediction digit=7 p=0.93", each
// after the seconds since the log was made. Scripts that drive the app (the end-to-end
// test) wait for these lines; they also help to tell what happened in a session. It is
// safe for concurrent use; a nil *eventLog discards every event.
type eventLog struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
}

// newEventLog returns a log that writes to w, or nil, which discards events, if w is nil.
func newEventLog(w io.Writer) *eventLog {
	if w == nil {
		return nil
	}
	return &eventLog{w: w, start: time.Now()}
}

// Printf writes one event, formatted as by fmt.Sprintf, as a line. Write errors are
// ignored: the log must never stop the app.
func (l *eventLog) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%8.3f %s\n", time.Since(l.start).Seconds(), fmt.Sprintf(format, args...))
}
