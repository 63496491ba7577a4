package app

import (
	"sync"
	"time"

	"convscope/cnn/mnist"
)

// dataset is the data the app trains and evaluates on: a data set's training and test
// sets, and the folder they came from.
type dataset struct {
	mnist.Dataset
	Dir         string
	Train, Test *mnist.Set
	Took        time.Duration // how long loading took
}

// loadDataset locates and loads the files of d: those in dir, or, when dir is "", those in
// the places d.Locate searches. Its errors match mnist.ErrNotFound or mnist.ErrFormat and
// say how to fix the problem.
func loadDataset(d mnist.Dataset, dir string) (*dataset, error) {
	start := time.Now()
	dir, err := d.Locate(dir)
	if err != nil {
		return nil, err
	}
	train, test, err := d.Load(dir)
	if err != nil {
		return nil, err
	}
	return &dataset{Dataset: d, Dir: dir, Train: train, Test: test, Took: time.Since(start)}, nil
}

// dataLoader loads a data set on a goroutine, one load at a time, and keeps what it
// loaded. Its methods may be called from any goroutine.
type dataLoader struct {
	load func(d mnist.Dataset, dir string) (*dataset, error)
	log  *eventLog

	mu      sync.Mutex
	loading bool
	data    *dataset
}

// Load locates and loads the data set d on a goroutine: from dir, or from the default
// places when dir is "". It calls done with the data or the error, whose message says how
// to fix the problem; the data loaded before stays until new data is loaded. Load does
// nothing, and returns false, while a load is going on.
func (l *dataLoader) Load(d mnist.Dataset, dir string, done func(*dataset, error)) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.loading {
		return false
	}
	l.loading = true
	go func() {
		d, err := l.load(d, dir)
		l.mu.Lock()
		l.loading = false
		if err == nil {
			l.data = d
		}
		l.mu.Unlock()
		if err != nil {
			l.log.Printf("data error: %v", err)
		} else {
			l.log.Printf("data loaded dataset=%s dir=%s train=%d test=%d seconds=%.2f", d.Name, d.Dir, d.Train.Len(), d.Test.Len(), d.Took.Seconds())
		}
		done(d, err)
	}()
	return true
}

// Data returns the data loaded, or nil, and whether a load is going on.
func (l *dataLoader) Data() (*dataset, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.data, l.loading
}
