package app

import "sync"

// latest runs requests for background work, such as tracing the drawing after every
// stroke or rendering a picture while training goes on, so that only the latest request
// counts: requests run one at a time on a background goroutine, a request made while
// another runs replaces any request still waiting, and a request's results reach the UI
// goroutine only while no later request (or Drop) has been made. This is the one rule by
// which every view drops work that was overtaken. Set do before use; no goroutine runs
// while there is no work.
type latest struct {
	// do runs a function on the UI goroutine: fyne.Do, or in tests a queue they drain.
	do func(func())

	mu      sync.Mutex
	running bool
	waiting func()
	issued  int // requests made (Submit and Drop), the number of the latest
}

// job is one request to a latest: what its work hands to the UI goroutine goes through
// Show, which drops it once the request is overtaken.
type job struct {
	l  *latest
	id int
}

// Submit requests work, to run on latest's goroutine after the work in progress, if any,
// dropping any work still waiting for it.
func (l *latest) Submit(work func(j job)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.issued++
	j := job{l: l, id: l.issued}
	run := func() { work(j) }
	if l.running {
		l.waiting = run
		return
	}
	l.running = true
	go l.work(run)
}

// Drop makes the results of every request so far be dropped, and the waiting one not run.
func (l *latest) Drop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.issued++
	l.waiting = nil
}

// Live reports whether j is still the latest request: its results would be shown.
func (j job) Live() bool {
	j.l.mu.Lock()
	defer j.l.mu.Unlock()
	return j.id == j.l.issued
}

// Show runs f on the UI goroutine if, by then, j is still the latest request.
func (j job) Show(f func()) {
	j.l.do(func() {
		if j.Live() {
			f()
		}
	})
}

// work runs job, then each job that waited meanwhile, until none is left.
func (l *latest) work(job func()) {
	for job != nil {
		job()
		l.mu.Lock()
		job, l.waiting = l.waiting, nil
		l.running = job != nil
		l.mu.Unlock()
	}
}
