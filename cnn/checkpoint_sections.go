package cnn

import (
	"bytes"
	"math"
	"slices"

	"convscope/internal/tr"
)

// checkpointSection is one named block of a version 4 checkpoint: what a run keeps beyond
// the network, the optimizer, the history and the evolution. Each kind of record a run
// keeps is one entry of checkpointSections; the file format needs nothing else to grow.
type checkpointSection struct {
	name string
	// write encodes the section's payload for ck into e and reports whether ck has
	// anything to keep in it; a section with nothing to keep is not written.
	write func(e *encoder, ck *Checkpoint) bool
	// read decodes a payload written by write into ck, whose network, history and
	// evolution are read already; d holds exactly the payload. It reports bad values
	// through d.err.
	read func(d *decoder, ck *Checkpoint)
}

// checkpointSections are the sections this ConvScope writes and reads, in the order it
// writes them.
var checkpointSections = []checkpointSection{
	{name: "test_per_class", write: writeTestPerClass, read: readTestPerClass},
	{name: "train_seconds", write: writeTrainSeconds, read: readTrainSeconds},
	{name: "w0", write: writeW0, read: readW0},
	{name: "embedding", write: writeEmbedding, read: readEmbedding},
	{name: "health", write: writeHealth, read: readHealth},
}

// maxSections bounds the sections a file may hold: a few per kind of record.
const maxSections = 64

// encodedSection is a section's name and payload, ready to write.
type encodedSection struct {
	name    string
	payload []byte
}

// sections encodes the sections that ck has anything to keep in.
func (ck *Checkpoint) sections() ([]encodedSection, error) {
	var out []encodedSection
	for _, s := range checkpointSections {
		var b bytes.Buffer
		e := &encoder{w: &b}
		if !s.write(e, ck) {
			continue
		}
		if e.err != nil {
			return nil, tr.Errorf("encoding %s: %w", s.name, e.err)
		}
		if b.Len() > math.MaxUint32 {
			return nil, tr.Errorf("encoding %s: %d bytes is more than a section holds", s.name, b.Len())
		}
		out = append(out, encodedSection{s.name, b.Bytes()})
	}
	return out, nil
}

// sections writes the count of sections, then each one's name, length and payload.
func (e *encoder) sections(sections []encodedSection) {
	e.u32(uint32(len(sections)))
	for _, s := range sections {
		e.name(s.name)
		e.u32(uint32(len(s.payload)))
		e.bytes(s.payload)
	}
}

// sections reads the sections of a version 4 file into ck: each known one through its
// reader, which must use its whole payload; unknown ones are skipped. A section named
// twice is refused.
func (d *decoder) sections(ck *Checkpoint) {
	n := d.count(6) // a section without a name or a payload has a uint16 and a uint32
	if n > maxSections {
		d.fail(tr.Errorf("the file holds %d sections, more than the %d a model has", n, maxSections))
		return
	}
	seen := make(map[string]bool, n)
	for range n {
		name := d.name()
		payload := d.bytes(int(d.u32()))
		if d.err != nil {
			return
		}
		if seen[name] {
			d.fail(tr.Errorf("the section %s is in the file twice", Printable(name)))
			return
		}
		seen[name] = true
		for _, s := range checkpointSections {
			if s.name != name {
				continue
			}
			sd := &decoder{b: payload}
			s.read(sd, ck)
			switch {
			case sd.err != nil:
				d.fail(tr.Errorf("section %s: %w", name, sd.err))
			case len(sd.b) != 0:
				d.fail(tr.Errorf("section %s: %d unexpected bytes after its records", name, len(sd.b)))
			}
		}
	}
}

// fail records err as the decoder's error unless it has one already.
func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// writeTestPerClass writes, for each test point, the count of its per-class accuracies (0
// or Classes), then those accuracies as float64. It writes nothing if no point has any.
func writeTestPerClass(e *encoder, ck *Checkpoint) bool {
	if !ck.History.hasPerClass() {
		return false
	}
	e.u32(uint32(len(ck.History.Test)))
	for _, p := range ck.History.Test {
		e.u8(uint8(len(p.PerClass)))
		for _, a := range p.PerClass {
			e.u64(math.Float64bits(a))
		}
	}
	return true
}

// readTestPerClass reads what writeTestPerClass writes into ck's test points.
func readTestPerClass(d *decoder, ck *Checkpoint) {
	if n := int(d.u32()); d.err == nil && n != len(ck.History.Test) {
		d.fail(tr.Errorf("it has %d test points, the history %d", n, len(ck.History.Test)))
		return
	}
	for i := range ck.History.Test {
		k := int(d.u8())
		if d.err == nil && k != 0 && k != Classes {
			d.fail(tr.Errorf("test point %d has %d per-class accuracies, not 0 or %d", i, k, Classes))
			return
		}
		if k == 0 {
			continue
		}
		ck.History.Test[i].PerClass = make([]float64, k)
		for c := range k {
			ck.History.Test[i].PerClass[c] = math.Float64frombits(d.u64())
		}
	}
}

// writeTrainSeconds writes the count of training points, then the wall-clock time of
// each as float32. It writes nothing if no point has one.
func writeTrainSeconds(e *encoder, ck *Checkpoint) bool {
	if !slices.ContainsFunc(ck.History.Train, func(p TrainPoint) bool { return p.Seconds != 0 }) {
		return false
	}
	e.u32(uint32(len(ck.History.Train)))
	for _, p := range ck.History.Train {
		e.u32(math.Float32bits(p.Seconds))
	}
	return true
}

// readTrainSeconds reads what writeTrainSeconds writes into ck's training points.
func readTrainSeconds(d *decoder, ck *Checkpoint) {
	if n := int(d.u32()); d.err == nil && n != len(ck.History.Train) {
		d.fail(tr.Errorf("it has %d training points, the history %d", n, len(ck.History.Train)))
		return
	}
	for i := range ck.History.Train {
		ck.History.Train[i].Seconds = math.Float32frombits(d.u32())
	}
}
