package app

import "sync"

// latest runs jobs on a background goroutine, one at a time, so that only the most recent
// request is ever waiting: a job submitted while another runs replaces any job already
// waiting. It suits work whose result is superseded by the next request, such as tracing
// the drawing after every stroke event or re-rendering a picture while training goes on.
// The zero value is ready to use; no goroutine runs while there is no work.
type latest struct {
	mu      sync.Mutex
	running bool
	waiting func()
}

// Submit runs job on latest's goroutine after the job in progress, if any, dropping any
// job still waiting for it.
func (l *latest) Submit(job func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.running {
		l.waiting = job
		return
	}
	l.running = true
	go l.work(job)
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
