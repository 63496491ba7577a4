package views

import (
	"convscope/cnn"
	"convscope/cnn/explain"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/viz"
)

// ExportScale is the scale pictures are written at: twice their size on a plain screen.
const ExportScale = 2

// EvolutionRows is how many filters, and how many maps, the feature evolution strip
// shows.
const EvolutionRows = 8

// ReportOptions says what a Report shows besides the model's own pictures. The zero value
// reports the model alone.
type ReportOptions struct {
	// Input is the input inspected (mnist.Pixels values in [0, 1]), or nil.
	Input []float32
	// Occlusion configures Input's occlusion maps.
	Occlusion explain.OcclusionOptions
	// Test is the test set: the edge detectors are compared on its first image when there
	// is no Input, and Tops were searched in it.
	Test *mnist.Set
	// Tops are searches of the strongest test patches (explain.TopPatches), one per layer,
	// in the network's order. With Input, the search of the network's last convolution, if
	// there is one, gives the projections of its channel Channel.
	Tops []*explain.Top
	// Channel is the channel to project; a negative one means the channel that responds
	// most to Input.
	Channel int
	// Syntheses are inputs made to excite each channel of a layer, or each class
	// (explain.SynthesizeChannels, SynthesizeClasses), shown in this order.
	Syntheses []*explain.Synthesis
	// Adversarial, if not nil, is an adversarial example of Input (explain.Adversary),
	// shown with its input as a file of its own.
	Adversarial *explain.Adversarial
	// Evaluation, if not nil, adds its confusion matrix.
	Evaluation *cnn.Evaluation
	// Extra are pictures of the front end's own, such as the Convolution tab's step, put
	// after the edge detectors.
	Extra []View
}

// Report is every picture of a model and an input, composed once for the app's Export
// all and `convscope inspect`, with what the pictures were made of.
type Report struct {
	Views []View
	Trace *cnn.Trace // the input traced through the network, or nil without an input
	// Edges ranks the first convolution's filters against the hand-made kernels, as the
	// edge comparison shows, or is nil when there is none.
	Edges []explain.KernelMatches
	// Projected is the channel whose projections are drawn, or -1.
	Projected int
	// IntegratedGradients are the input's integrated gradients for the predicted class,
	// or nil without an input.
	IntegratedGradients *explain.IntegratedGradients
	// Notes say which pictures this network cannot have, and why.
	Notes []string
}

// NewReport composes the pictures of the snapshot s and the input of o, in this order:
// the training chart and the filters (ModelViews); the input, its probabilities, feature
// maps and occlusion maps (InputViews, OcclusionViews); the edge detectors (EdgesView);
// o.Extra; the confusion matrix; the strongest patches of each search; the projections of
// a channel of the last convolution, the input's saliency and its attributions
// (AttributionViews); o.Syntheses; o.Adversarial and its input; the feature evolution; the
// recording's pictures (filter change, embedding, distributions, health). A
// network whose first convolution the edge kernels do not fit has no edge comparison, as
// Notes says. It returns an error if an analysis cannot be made of this network and input,
// or if o.Channel is not a channel of the layer projected.
func NewReport(s *cnn.Snapshot, o ReportOptions) (*Report, error) {
	net := s.Net
	r := &Report{Views: ModelViews(net, s.History, s.Config.Batch, mnist.TrainLen), Projected: -1}
	if o.Input != nil {
		r.Trace = net.Trace(o.Input)
		r.Views = append(r.Views, InputViews(o.Input, r.Trace, s.Config.Data())...)
		occ, err := explain.Occlude(net, o.Input, o.Occlusion)
		if err != nil {
			return nil, err
		}
		r.Views = append(r.Views, OcclusionViews(o.Input, occ)...)
	}
	if edgesInput, t := o.edgesInput(r.Trace, net); edgesInput != nil {
		if edges, ranked, err := EdgesView(net, edgesInput, t); err != nil {
			r.Notes = append(r.Notes, tr.F("no edges.png: %v", err))
		} else {
			r.Views, r.Edges = append(r.Views, edges), ranked
		}
	}
	r.Views = append(r.Views, o.Extra...)
	if o.Evaluation != nil {
		r.Views = append(r.Views, ConfusionView(o.Evaluation, s.Config.Data()))
	}
	for _, top := range o.Tops {
		r.Views = append(r.Views, TopView(top, viz.PatchGridOptions{}))
	}
	if o.Input != nil {
		if err := r.addProjections(net, o); err != nil {
			return nil, err
		}
		sal, err := explain.ClassSaliency(net, o.Input, explain.Predicted)
		if err != nil {
			return nil, err
		}
		r.Views = append(r.Views, SaliencyView(o.Input, sal))
		attributions, ig, err := AttributionViews(net, o.Input)
		if err != nil {
			return nil, err
		}
		r.Views, r.IntegratedGradients = append(r.Views, attributions...), ig
	}
	for _, syn := range o.Syntheses {
		r.Views = append(r.Views, SynthesisView(syn, s.Config.Data()))
	}
	if o.Adversarial != nil {
		r.Views = append(r.Views, AdversarialView(o.Adversarial, s.Config.Data()), AdversarialInputView(o.Adversarial))
	}
	if frames := s.Evolution.Frames; len(frames) > 0 {
		r.Views = append(r.Views, EvolutionView(frames, EvolutionRows, EvolutionRows, viz.EvolutionOptions{}))
	}
	if err := r.addRecording(s, o.Test); err != nil {
		return nil, err
	}
	return r, nil
}

// addRecording adds the pictures of the run's recording: the change of every
// convolution's filters since step 0 (once trained), the last embedding frame, the
// distributions and, over two or more steps, the health chart. A model without health
// records has the distributions of its network as it is, measured on test's probe images
// if there is a test set.
func (r *Report) addRecording(s *cnn.Snapshot, test *mnist.Set) error {
	if w0, ok := InitialWeights(s); ok && s.Step > 0 {
		for _, info := range s.Net.LayersOf(cnn.Convolution) {
			if change, err := FiltersOf(s.Net, info, ChangeW0, w0); err == nil {
				r.Views = append(r.Views, FilterChangeView(info.Name, change, viz.FilterGridOptions{}))
			}
		}
	}
	rec := s.Recording
	if frames := rec.Embedding.Frames; len(frames) > 0 {
		r.Views = append(r.Views, FrameView(rec.Embedding, len(frames)-1, s.Config.Data()))
	}
	records := rec.Health
	if len(records) == 0 && test != nil && test.Len() > 0 {
		images, labels := cnn.HealthProbeOf(test)
		h, err := s.Net.Health(s.Step, images, labels, nil)
		if err != nil {
			return err
		}
		records = []cnn.HealthRecord{h}
	}
	if v, ok := DistributionsView(records, DistributionsTitle(records)); ok {
		r.Views = append(r.Views, v)
	}
	if len(records) > 1 {
		r.Views = append(r.Views, HealthChartView(records))
	}
	return nil
}

// edgesInput returns the input the edge detectors are compared on, and its trace: the
// input inspected, else the first test image, else nil.
func (o ReportOptions) edgesInput(t *cnn.Trace, net *cnn.Network) ([]float32, *cnn.Trace) {
	switch {
	case o.Input != nil:
		return o.Input, t
	case o.Test != nil && o.Test.Len() > 0:
		x := o.Test.Image(0)
		return x, net.Trace(x)
	}
	return nil, nil
}

// addProjections adds the projections of a channel of the network's last convolution,
// if o has a search of it.
func (r *Report) addProjections(net *cnn.Network, o ReportOptions) error {
	last, ok := net.Last(cnn.Convolution)
	if !ok || o.Test == nil {
		return nil
	}
	for _, top := range o.Tops {
		if top.Field.Layer != last.Name {
			continue
		}
		channel, err := ProjectedChannel(top, o.Input, o.Channel)
		if err != nil {
			return err
		}
		cp, err := explain.ProjectChannel(o.Test, top, o.Input, channel)
		if err != nil {
			return err
		}
		r.Views, r.Projected = append(r.Views, ProjectionView(cp)), channel
	}
	return nil
}

// AttributionViews returns the attributions of the class net predicts for the input x: its
// SmoothGrad saliency, its Grad-CAM map at every convolution, and its integrated gradients
// (returned too, for their completeness check), all with the explain package's defaults.
func AttributionViews(net *cnn.Network, x []float32) ([]View, *explain.IntegratedGradients, error) {
	smooth, err := explain.SmoothGrad(net, x, explain.Predicted, explain.SmoothGradOptions{})
	if err != nil {
		return nil, nil, err
	}
	vs := []View{SaliencyView(x, smooth)}
	for _, conv := range net.LayersOf(cnn.Convolution) {
		cam, err := explain.GradCAM(net, x, conv, explain.Predicted)
		if err != nil {
			return nil, nil, err
		}
		vs = append(vs, GradCAMView(x, cam))
	}
	ig, err := explain.IntegrateGradients(net, x, explain.Predicted, 0)
	if err != nil {
		return nil, nil, err
	}
	return append(vs, IntegratedGradientsView(x, ig)), ig, nil
}

// ProjectedChannel returns channel if it is one of the layer searched by top, or, if
// channel is negative, the channel of that layer that responds most to x in the network
// searched. It returns an error for a channel the layer does not have.
func ProjectedChannel(top *explain.Top, x []float32, channel int) (int, error) {
	a, ok := top.Net.Trace(x).Layer(top.Field.Layer)
	switch {
	case !ok:
		return 0, tr.Errorf("the network has no layer %s", top.Field.Layer)
	case channel < 0:
		return explain.StrongestChannel(a), nil
	case channel >= a.Shape.C:
		return 0, tr.Errorf("channel %d is out of range: %s has channels 0 to %d", channel, top.Field.Layer, a.Shape.C-1)

	}
	return channel, nil
}

// Write writes the report's pictures into dir at scale (see WriteAll) and returns their
// file names.
func (r *Report) Write(dir string, scale int) ([]string, error) {
	files := make([]string, len(r.Views))
	for i, v := range r.Views {
		files[i] = v.File
	}
	return files, WriteAll(dir, r.Views, scale)
}
