package cnn

import (
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"

	"convscope/cnn/mnist"
	"convscope/internal/atomicfile"
	"convscope/internal/tr"
)

// Checkpoint is the whole state of a training run: enough to continue it exactly where it
// stopped, or to use the network it trained.
type Checkpoint struct {
	Config    Config
	Step      int
	Network   *Network
	Adam      *Adam
	History   History
	Evolution Evolution // empty for a model saved without a recording, or in version 1
	Recording Recording // empty for a model saved without one
}

// The checkpoint file format, version 4. All numbers are little-endian.
//
//	magic        16 bytes  "CONVSCOPE-MODEL\n"
//	version      uint32    4; a file with no sections is written in the earliest version that
//	                       holds it, which earlier ConvScopes read too: 2 for the reference network
//	                       with its initialisation and Adam on MNIST, else 3 (version 1 files, which
//	                       end after the history, are read as well)
//	header       uint32 length, then JSON: config (with the architecture, the
//	             initialisation, the data set and the optimizer from version 3 on), step,
//	             Adam's hyper-parameters and t (the updates, whatever the optimizer)
//	parameters   uint32 count, then per parameter:
//	               uint16 name length, name, uint8 rank, rank × uint32 dims,
//	               values, Adam m (SGD's velocity), Adam v (zero for SGD): each
//	               product(dims) × float32
//	history      uint32 count, count × (uint32 step, float32 loss, float32 accuracy),
//	             uint32 count, count × (uint32 step, float64 accuracy)
//	evolution    uint32 count (0 or 784), count × float32: the recorded input
//	             uint32 count, then per frame:
//	               uint32 step, uint32 K, uint32 n, K×K×n × float32 filters (HWIO K×K×1×n),
//	               uint16 name length, name, uint32 H, W, C, H×W×C × float32 maps
//	sections     (version 4) uint32 count, then per section: uint16 name length, name,
//	             uint32 payload length, payload; see checkpointSections for the names and
//	             their payloads. A section of a name this ConvScope does not know is skipped.
//	checksum     uint32    CRC-32 (Castagnoli) of every byte before it
const (
	checkpointMagic   = "CONVSCOPE-MODEL\n"
	checkpointVersion = 4
	// sectionsVersion is the first version with sections.
	sectionsVersion = 4
	// settingsVersion is the version written for a file without sections of a network
	// other than the reference: it names its architecture, initialisation, data set and
	// optimizer.
	settingsVersion = 3
	// referenceVersion is the version written for the reference network: its files are
	// those of version 2, and the ConvScopes that read version 2 open them.
	referenceVersion = 2
	// firstVersion is the oldest format version ReadCheckpoint reads: it has no evolution.
	firstVersion = 1
	// maxCheckpointSize bounds what ReadCheckpoint will read; the reference network's
	// checkpoint is about 40 MB.
	maxCheckpointSize = 1 << 30
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrNotCheckpoint is wrapped by ReadCheckpoint's error for a file that is not a ConvScope
// checkpoint at all.
var ErrNotCheckpoint error = notCheckpoint{}

// notCheckpoint is ErrNotCheckpoint: its message is in the user's language of the moment
// it is shown, which a package-level errors.New, made before the language is set, could
// not be.
type notCheckpoint struct{}

func (notCheckpoint) Error() string { return tr.T("not a ConvScope model file") }

type checkpointHeader struct {
	Config  Config  `json:"config"`
	Step    int     `json:"step"`
	AdamT   int     `json:"adam_t"`
	Beta1   float64 `json:"adam_beta1"`
	Beta2   float64 `json:"adam_beta2"`
	Epsilon float64 `json:"adam_epsilon"`
}

// Save writes the checkpoint to path through atomicfile.Write, so a crash never leaves a
// half-written file behind. It returns an error, and writes nothing, if ck.Evolution could
// not be read back: an input that is not of mnist.Pixels values, frames without an input,
// frames not in order of step or later than ck.Step, or frames of different shapes.
func (ck *Checkpoint) Save(path string) error {
	if err := ck.Evolution.check(ck.Step); err != nil {
		return tr.Errorf("saving model to %s: %w", path, err)
	}
	if err := ck.Recording.check(ck.Network, ck.Step); err != nil {
		return tr.Errorf("saving model to %s: %w", path, err)
	}
	err := atomicfile.Write(path, func(w io.Writer) error {
		h := crc32.New(castagnoli)
		if err := ck.encode(io.MultiWriter(w, h)); err != nil {
			return err
		}
		return binary.Write(w, binary.LittleEndian, h.Sum32())
	})
	if err != nil {
		return tr.Errorf("saving model: %w", err)
	}
	return nil
}

func (ck *Checkpoint) encode(w io.Writer) error {
	header, err := json.Marshal(checkpointHeader{Config: ck.Config, Step: ck.Step,
		AdamT: ck.Adam.T, Beta1: ck.Adam.Beta1, Beta2: ck.Adam.Beta2, Epsilon: ck.Adam.Epsilon})
	if err != nil {
		return err
	}
	sections, err := ck.sections()
	if err != nil {
		return err
	}
	e := &encoder{w: w}
	e.bytes([]byte(checkpointMagic))
	version := uint32(sectionsVersion)
	if c := ck.Config; len(sections) == 0 {
		version = settingsVersion
		if c.Arch == "" && c.Init == "" && c.Dataset == "" && c.Optimizer == "" && c.WeightDecay == 0 {
			version = referenceVersion
		}
	}
	e.u32(version)
	e.u32(uint32(len(header)))
	e.bytes(header)
	params := ck.Network.Params()
	e.u32(uint32(len(params)))
	for i, p := range params {
		e.name(p.Name)
		e.u8(uint8(len(p.Dims)))
		for _, d := range p.Dims {
			e.u32(uint32(d))
		}
		e.floats(p.Value)
		e.floats(ck.Adam.M[i])
		e.floats(ck.Adam.V[i])
	}
	e.records(ck.History, ck.Evolution)
	if version >= sectionsVersion {
		e.sections(sections)
	}
	return e.err
}

// records writes the run's records: the history, then the evolution.
func (e *encoder) records(h History, ev Evolution) {
	e.u32(uint32(len(h.Train)))
	for _, tp := range h.Train {
		e.u32(uint32(tp.Step))
		e.u32(math.Float32bits(tp.Loss))
		e.u32(math.Float32bits(tp.Accuracy))
	}
	e.u32(uint32(len(h.Test)))
	for _, tp := range h.Test {
		e.u32(uint32(tp.Step))
		e.u64(math.Float64bits(tp.Accuracy))
	}
	e.u32(uint32(len(ev.Input)))
	e.floats(ev.Input)
	e.u32(uint32(len(ev.Frames)))
	for _, f := range ev.Frames {
		e.u32(uint32(f.Step))
		e.u32(uint32(f.FilterSize))
		e.u32(uint32(len(f.Filters) / (f.FilterSize * f.FilterSize)))
		e.floats(f.Filters)
		e.name(f.Maps.Layer)
		e.u32(uint32(f.Maps.Shape.H))
		e.u32(uint32(f.Maps.Shape.W))
		e.u32(uint32(f.Maps.Shape.C))
		e.floats(f.Maps.Data)
	}
}

// encoder writes little-endian values and remembers the first error.
type encoder struct {
	w   io.Writer
	buf [8]byte
	err error
}

func (e *encoder) bytes(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}
func (e *encoder) u8(v uint8) { e.bytes([]byte{v}) }

// name writes a name: its uint16 length, then its bytes.
func (e *encoder) name(s string) {
	e.u16(uint16(len(s)))
	e.bytes([]byte(s))
}
func (e *encoder) u16(v uint16) { e.bytes(binary.LittleEndian.AppendUint16(e.buf[:0], v)) }
func (e *encoder) u32(v uint32) { e.bytes(binary.LittleEndian.AppendUint32(e.buf[:0], v)) }
func (e *encoder) u64(v uint64) { e.bytes(binary.LittleEndian.AppendUint64(e.buf[:0], v)) }
func (e *encoder) floats(v []float32) {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	e.bytes(b)
}

// ReadCheckpoint reads the checkpoint saved at path, in format version 4, 3, 2 or 1 (which
// has no Evolution). The error says, in one line, what is wrong with a file that is missing, not
// a regular file or not a checkpoint (both wrapping ErrNotCheckpoint), of another format
// version, truncated or corrupted (checksum mismatch), holding a network of other shapes,
// or holding values that pass the checksum but make no sense: settings, a step or Adam's
// constants out of range, a weight or a moment that is not finite, a history beyond the
// model's step, or an evolution that is not of the network's layers and shapes or holds
// more than MaxEvolutionFrames frames. Strings from the file are quoted and cut short in
// the error (see Printable).
func ReadCheckpoint(path string) (*Checkpoint, error) {
	// Opening a FIFO or a device could block or never end: only regular files are read.
	if st, err := os.Stat(path); err != nil {
		return nil, tr.Errorf("opening model: %w", err)
	} else if !st.Mode().IsRegular() {
		return nil, tr.Errorf("model %s: %w (it is a %s, not a regular file)", path, ErrNotCheckpoint, fileKind(st.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, tr.Errorf("opening model: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, tr.Errorf("opening model: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, tr.Errorf("model %s: %w (it is a %s, not a regular file)", path, ErrNotCheckpoint, fileKind(st.Mode()))
	}
	if st.Size() > maxCheckpointSize {
		return nil, tr.Errorf("model %s: %w (%d bytes is larger than any model)", path, ErrNotCheckpoint, st.Size())
	}
	data := make([]byte, st.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, tr.Errorf("reading model %s: %w", path, err)
	}
	ck, err := DecodeCheckpoint(data)
	if err != nil {
		return nil, tr.Errorf("model %s: %w", path, err)
	}
	return ck, nil
}

// fileKind names the kind of file of mode m that is not a regular file, for an error.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return tr.T("folder")
	case m&os.ModeNamedPipe != 0:
		return tr.T("named pipe (FIFO)")
	case m&os.ModeSocket != 0:
		return tr.T("socket")
	case m&os.ModeDevice != 0:
		return tr.T("device")
	}
	return tr.T("special file")
}

// DecodeCheckpoint parses a checkpoint held in memory; see ReadCheckpoint.
func DecodeCheckpoint(data []byte) (*Checkpoint, error) {
	if len(data) < len(checkpointMagic) || string(data[:len(checkpointMagic)]) != checkpointMagic {
		return nil, tr.Errorf("%w (it does not start with the model file header)", ErrNotCheckpoint)
	}
	d := &decoder{b: data[len(checkpointMagic):]}
	version := d.u32()
	if d.err == nil && (version < firstVersion || version > checkpointVersion) {
		return nil, tr.Errorf("file format version %d is not supported (this ConvScope reads versions %d to %d); use the ConvScope that saved it",
			version, firstVersion, checkpointVersion)
	}
	if len(data) < len(checkpointMagic)+8 {
		return nil, tr.Errorf("the file is truncated: save the model again")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, tr.Errorf("the file is truncated or corrupted (checksum mismatch): save the model again or use another copy")
	}
	d.b = body[len(checkpointMagic)+4:]

	var h checkpointHeader
	if err := json.Unmarshal(d.bytes(int(d.u32())), &h); d.err == nil && err != nil {
		return nil, tr.Errorf("bad header: %v", err)
	}
	if d.err != nil {
		return nil, d.err
	}
	if err := h.check(); err != nil {
		return nil, tr.Errorf("bad header: %v", err)
	}
	// A forged architecture could make every inference ask for more than a run may use.
	if f, ok := h.Config.figures(); ok && f.inference > MaxTrainingMemory {
		return nil, tr.Errorf("bad header: the architecture needs about %.1f GB to classify %d images, more than the %.0f GB a run may use",
			float64(f.inference)/(1<<30), inferenceChunk, float64(MaxTrainingMemory)/(1<<30))
	}
	// Values, m and v of every parameter, 4 bytes each: check before building a network.
	if len(d.b) < 3*4*paramValues(h.Config) {
		return nil, tr.Errorf("the file is shorter than a model's parameters: save the model again")
	}
	net, err := h.Config.network()
	if err != nil {
		return nil, tr.Errorf("bad settings in the header: %v", err)
	}
	params := net.Params()
	adam := NewAdam(params, h.Config.LearningRate)
	adam.T, adam.Beta1, adam.Beta2, adam.Epsilon = h.AdamT, h.Beta1, h.Beta2, h.Epsilon
	if n := int(d.u32()); d.err == nil && n != len(params) {
		return nil, tr.Errorf("the file holds %d parameter tensors, the network has %d", n, len(params))
	}
	for i, p := range params {
		name := d.name()
		dims := make([]int, d.u8())
		for j := range dims {
			dims[j] = int(d.u32())
		}
		if d.err != nil {
			return nil, d.err
		}
		if name != p.Name {
			return nil, tr.Errorf("parameter %d is %s, the network needs %s", i, Printable(name), p.Name)
		}
		if !slices.Equal(dims, p.Dims) {
			if len(dims) != len(p.Dims) {
				return nil, tr.Errorf("parameter %s has %d dimensions, the network needs %v", p.Name, len(dims), p.Dims)
			}
			return nil, tr.Errorf("parameter %s is %v, the network needs %v", p.Name, dims, p.Dims)
		}
		d.floats(p.Value)
		d.floats(adam.M[i])
		d.floats(adam.V[i])
	}
	ck := &Checkpoint{Config: h.Config, Step: h.Step, Network: net, Adam: adam}
	ck.History, ck.Evolution = d.records(version)
	if version >= sectionsVersion {
		d.sections(ck)
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, tr.Errorf("%d unexpected bytes after the model's records", len(d.b))
	}
	if err := checkParams(params, adam); err != nil {
		return nil, err
	}
	if err := ck.History.check(ck.Step); err != nil {
		return nil, err
	}
	if err := ck.Evolution.checkNetwork(net); err != nil {
		return nil, err
	}
	if err := ck.Evolution.check(ck.Step); err != nil {
		return nil, err
	}
	if err := ck.Recording.check(net, ck.Step); err != nil {
		return nil, err
	}
	// The file keeps the filters of the network's first convolution, without its name.
	if first, ok := net.First(Convolution); ok {
		for i := range ck.Evolution.Frames {
			ck.Evolution.Frames[i].FilterLayer = first.Name
		}
	}
	return ck, nil
}

// records reads the run's records as encoder.records writes them; a version 1 file has no
// evolution. The caller checks the evolution.
func (d *decoder) records(version uint32) (History, Evolution) {
	var h History
	h.Train = make([]TrainPoint, d.count(12))
	for i := range h.Train {
		h.Train[i] = TrainPoint{Step: int(d.u32()), Loss: math.Float32frombits(d.u32()), Accuracy: math.Float32frombits(d.u32())}
	}
	h.Test = make([]TestPoint, d.count(12))
	for i := range h.Test {
		h.Test[i] = TestPoint{Step: int(d.u32()), Accuracy: math.Float64frombits(d.u64())}
	}
	if version < 2 {
		return h, Evolution{}
	}
	var e Evolution
	n := d.count(4)
	if d.err == nil && n != 0 && n != mnist.Pixels {
		d.err = tr.Errorf("the recorded input has %d values, not %d", n, mnist.Pixels)
	}
	e.Input = d.values(n)
	// A frame without values has 3 uint32s, a uint16 and 3 uint32s.
	if n := d.count(26); n > MaxEvolutionFrames {
		d.err = tr.Errorf("the evolution holds %d frames, more than the %d a run records", n, MaxEvolutionFrames)
	} else if n > 0 {
		e.Frames = make([]EvolutionFrame, n)
	}
	for i := range e.Frames {
		f := &e.Frames[i]
		f.Step = int(d.u32())
		f.FilterSize = int(d.u32())
		f.Filters = d.values(f.FilterSize, f.FilterSize, int(d.u32()))
		f.Maps.Layer = d.name()
		f.Maps.Shape = Shape{H: int(d.u32()), W: int(d.u32()), C: int(d.u32())}
		f.Maps.Data = d.values(f.Maps.Shape.H, f.Maps.Shape.W, f.Maps.Shape.C)
	}
	return h, e
}

// paramValues returns the number of parameter values of the network of cfg, a valid
// configuration, without building it.
func paramValues(cfg Config) int {
	spec, _ := cfg.spec()
	sums, _ := spec.Summary(mnistShape, Classes)
	n := 0
	for _, s := range sums {
		n += s.Params
	}
	return n
}

// decoder reads little-endian values from b and remembers the first error; after an error
// every read returns zeros.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.err = tr.Errorf("the file is shorter than its contents say: save the model again")
		return nil
	}
	b := d.b[:n]
	d.b = d.b[n:]
	return b
}

// name reads a name as encoder.name writes it.
func (d *decoder) name() string { return string(d.bytes(int(d.u16()))) }

func (d *decoder) u8() uint8 {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if b := d.bytes(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// count reads a record count and checks that count records of size bytes fit in what is
// left, so a corrupt count cannot make the reader allocate more than the file holds.
func (d *decoder) count(size int) int {
	n := int(d.u32())
	if d.err == nil && n > len(d.b)/size {
		d.err = tr.Errorf("the file says it holds %d records but is too short for them", n)
		return 0
	}
	return n
}

// values reads product(dims) float32 values into a new slice, checking first that they
// fit in what is left, so corrupt dimensions cannot make the reader allocate more than
// the file holds. It returns nil for no values.
func (d *decoder) values(dims ...int) []float32 {
	n := 1
	for _, k := range dims {
		if k != 0 && n > len(d.b)/4/k {
			if d.err == nil {
				d.err = tr.Errorf("the file says it holds %v values but is too short for them", dims)
			}
			return nil
		}
		n *= k
	}
	if n == 0 || d.err != nil {
		return nil
	}
	v := make([]float32, n)
	d.floats(v)
	return v
}

func (d *decoder) floats(dst []float32) {
	b := d.bytes(4 * len(dst))
	if b == nil {
		return
	}
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
}
