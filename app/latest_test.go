package app

import (
	"sync"
	"testing"
)

func TestLatestRunsOnlyTheLastWaitingJob(t *testing.T) {
	var l latest
	started, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var ran []int
	record := func(i int) func() {
		return func() {
			mu.Lock()
			ran = append(ran, i)
			mu.Unlock()
		}
	}
	done := make(chan struct{})
	l.Submit(func() {
		close(started)
		<-release
		record(0)()
	})
	<-started
	for i := 1; i <= 5; i++ { // submitted while job 0 runs: only 5 survives
		l.Submit(record(i))
	}
	l.Submit(func() {
		record(6)()
		close(done)
	})
	close(release)
	<-done
	mu.Lock()
	defer mu.Unlock()
	if len(ran) != 2 || ran[0] != 0 || ran[1] != 6 {
		t.Errorf("ran %v, want [0 6]: the job in progress, then the latest", ran)
	}
}

func TestLatestStartsAgainWhenIdle(t *testing.T) {
	var l latest
	for range 3 {
		done := make(chan struct{})
		l.Submit(func() { close(done) })
		<-done
	}
}
