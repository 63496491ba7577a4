package app

import (
	"sync"
	"time"

	"convscope/cnn/mnist"
)

// dataset is the MNIST data the app trains and evaluates on, and the folder it came from.
type dataset struct {
	Dir         string
	Train, Test *mnist.Set
	Took        time.Duration // how long loading took
}

// loadMNIST locates and loads the MNIST files: those in dir, or, when dir is "", those in
// the places mnist.Locate searches. Its errors match mnist.ErrNotFound or mnist.ErrFormat
// and say how to fix the problem.
func loadMNIST(dir string) (*dataset, error) {
	start := time.Now()
	dir, err := mnist.Locate(dir)
	if err != nil {
		return nil, err
	}
	train, test, err := mnist.Load(dir)
	if err != nil {
		return nil, err
	}
	return &dataset{Dir: dir, Train: train, Test: test, Took: time.Since(start)}, nil
}

// dataLoader loads the MNIST data on a goroutine, one load at a time, and keeps what
// it loaded. Its methods may be called from any goroutine.
type dataLoader struct {
	load func(dir string) (*dataset, error)
	log  *eventLog

	mu      sync.Mutex
	loading bool
	data    *dataset
}

// Load locates and loads the MNIST data on a goroutine: from dir, or from the default
// places when dir is "". It calls done with the data or the error, whose message says how
// to fix the problem; the data loaded before stays until new data is loaded. Load does
// nothing while a load is going on.
func (l *dataLoader) Load(dir string, done func(*dataset, error)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loading {
		return
	}
	l.loading = true
	go func() {
		d, err := l.load(dir)
		l.mu.Lock()
		l.loading = false
		if err == nil {
			l.data = d
		}
		l.mu.Unlock()
		if err != nil {
			l.log.Printf("data error: %v", err)
		} else {
			l.log.Printf("data loaded dir=%s train=%d test=%d seconds=%.2f", d.Dir, d.Train.Len(), d.Test.Len(), d.Took.Seconds())
		}
		done(d, err)
	}()
}

// Data returns the data loaded, or nil, and whether a load is going on.
func (l *dataLoader) Data() (*dataset, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.data, l.loading
}

// Test returns the MNIST test set, or nil before the data is loaded.
func (l *dataLoader) Test() *mnist.Set {
	if d, _ := l.Data(); d != nil {
		return d.Test
	}
	return nil
}
