package app

import (
	"sync"
	"testing"
)

func TestLatestRunsOnlyTheLastWaitingJob(t *testing.T) {
	q := newUIQueue()
	l := latest{do: q.do}
	started, release := make(chan struct{}), make(chan struct{})
	var mu sync.Mutex
	var ran []int
	record := func(i int) func(job) {
		return func(job) {
			mu.Lock()
			ran = append(ran, i)
			mu.Unlock()
		}
	}
	done := make(chan struct{})
	l.Submit(func(j job) {
		close(started)
		<-release
		record(0)(j)
	})
	<-started
	for i := 1; i <= 5; i++ { // submitted while job 0 runs: only 5 survives
		l.Submit(record(i))
	}
	l.Submit(func(j job) {
		record(6)(j)
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

func TestLatestShowsOnlyTheLatestRequestsResults(t *testing.T) {
	q := newUIQueue()
	l := latest{do: q.do}
	var shown []int
	submit := func(i int, ran chan struct{}) {
		l.Submit(func(j job) {
			j.Show(func() { shown = append(shown, i) })
			close(ran)
		})
	}
	first := make(chan struct{})
	submit(1, first)
	<-first // 1 has finished; its result waits on the UI queue
	second := make(chan struct{})
	submit(2, second)
	<-second
	q.until(t, "the results are applied", func() bool { return len(shown) > 0 })
	if len(shown) != 1 || shown[0] != 2 {
		t.Fatalf("shown %v, want only the latest request's, 2", shown)
	}

	dropped := make(chan struct{})
	submit(3, dropped)
	<-dropped
	l.Drop() // as Clear or Cancel: 3's result never shows
	fourth := make(chan struct{})
	l.Submit(func(j job) {
		if !j.Live() {
			t.Error("the latest request is not live")
		}
		close(fourth)
	})
	<-fourth
	q.drain()
	if len(shown) != 1 {
		t.Fatalf("a dropped result was shown: %v", shown)
	}
}

func TestLatestStartsAgainWhenIdle(t *testing.T) {
	l := latest{do: func(f func()) { f() }}
	for range 3 {
		done := make(chan struct{})
		l.Submit(func(job) { close(done) })
		<-done
	}
}
