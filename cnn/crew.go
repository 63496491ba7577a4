package cnn

import "time"

// phase is one part of a training step that the workers do side by side: a kind of work
// and, for the kinds that run through the network, the stage (see stageLayers).
type phase struct {
	kind  phaseKind
	stage int
}

type phaseKind uint8

const (
	phaseForward         phaseKind = iota // each worker's share of the batch through a stage, up to a model-parallel layer
	phaseSharedForward                    // each worker's share of a model-parallel layer's products
	phaseForwardBackward                  // each worker's share of the batch through the last stage, the loss, and back
	phaseSharedBackward                   // each worker's share of a model-parallel layer's gradients
	phaseBackward                         // each worker's share of the batch back through a stage
	phaseSum                              // each worker's share of the parameters: sum the gradients
	phaseProbe                            // each worker's share of the parameters: would the update keep them finite?
	phaseUpdate                           // each worker's share of the parameters: apply the update
	phaseKinds
)

// crew runs the phases of training steps on n workers: worker 0 on the caller's goroutine,
// the others on goroutines that live from start to stop, so a step makes no goroutines and
// allocates nothing.
type crew struct {
	n    int
	do   func(worker int, ph phase)
	wake []chan phase
	done chan struct{}
	live bool
	// spent, if not nil, adds up the wall time of each kind of phase, indexed by kind
	// (BenchmarkTrainStepPhases).
	spent []time.Duration
}

func newCrew(n int, do func(worker int, ph phase)) *crew {
	return &crew{n: n, do: do}
}

// start launches the crew's goroutines, if not yet running.
func (c *crew) start() {
	if c.live {
		return
	}
	c.live = true
	c.done = make(chan struct{}, c.n)
	c.wake = make([]chan phase, c.n)
	for w := 1; w < c.n; w++ {
		c.wake[w] = make(chan phase, 1)
		go func() {
			for ph := range c.wake[w] {
				c.do(w, ph)
				c.done <- struct{}{}
			}
		}()
	}
}

// stop ends the crew's goroutines; run starts them again when needed.
func (c *crew) stop() {
	if !c.live {
		return
	}
	for w := 1; w < c.n; w++ {
		close(c.wake[w])
	}
	c.live = false
}

// run does phase ph on every worker and waits for all of them.
func (c *crew) run(ph phase) {
	var start time.Time
	if c.spent != nil {
		start = time.Now()
	}
	c.start()
	for w := 1; w < c.n; w++ {
		c.wake[w] <- ph
	}
	c.do(0, ph)
	for w := 1; w < c.n; w++ {
		<-c.done
	}
	if c.spent != nil {
		c.spent[ph.kind] += time.Since(start)
	}
}
