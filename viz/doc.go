// Package viz renders ConvScope's pictures from plain data: convolution filters,
// feature maps, the input the network sees, heat maps over it, class probabilities, a
// confusion matrix and the training chart. It knows neither the network nor the GUI:
// every renderer takes slices and small structs and returns an image.Image, which the
// GUI shows and the command line writes with WritePNG or SavePNG, so both produce the
// same pictures. All functions are safe for concurrent use.
//
// # Data
//
// Activations of one example are a Volume in HWC layout (channels last), weights are
// Filters in HWIO layout, training records are a History. Renderers panic on data
// whose length does not match its shape, on negative options and on out-of-range
// selections; they never panic on values: NaN, infinite and constant data are drawn
// as marked blank tiles (below).
//
// # Pictures
//
//   - FilterGrid: weights as enlarged kernels (nearest neighbour, crisp pixels) on a
//     diverging map. Single-channel filters (conv1, 5x5x1x32) flow in rows of 8 tiles,
//     each labelled with its output channel. Multi-channel filters (conv2, 5x5x32x64)
//     form a matrix with one row per output channel and one column per input channel,
//     numbered in the margins. One scale for all filters, or one per output filter.
//   - FeatureGrid: a layer's C maps as a grid of tiles, 8 per row, labelled with their
//     channel, one selected map optionally outlined, one colour range for the layer or
//     one per map. Tiles are about 56 pixels whatever the map size (28x28 maps are
//     enlarged 2 times, 7x7 maps 8 times), so layers look alike.
//   - FeatureMap: one map enlarged, captioned with its channel, minimum and maximum.
//     FeatureVector: a dense layer (fc1's 1024 units) as one 32x32 picture.
//   - InputPreview: the 28x28 input, ink white on black as in MNIST.
//   - HeatOverlay: an occlusion or saliency map of any size, upsampled bilinearly to the
//     input's size and blended over it.
//   - ProbabilityBars: one bar per digit, the predicted one in blue, values in percent.
//   - Confusion: an n x n matrix of counts, rows true class, columns predicted class.
//   - TrainingChart: accuracy (top) and log-scale loss (bottom) over steps, drawn with
//     gonum/plot; WriteTrainingChart also writes it as SVG or PDF.
//   - Convolution: one step of a kernel sliding over a small input, every value written
//     in its cell: the input (with its ring of zero padding, if any) and the window, the
//     kernel, the output filled up to the window's position, and the multiply-and-add
//     of that position.
//   - PatchGrid: groups of square patches as a grid of mosaics, such as the nine
//     strongest test patches of every channel (Zeiler & Fergus's figure 2) or their
//     signed projections, one labelled tile per channel.
//   - EvolutionStrip: features over the steps of training (their figure 4): one column
//     per step, one row per filter or map, each map scaled to its own range.
//   - EdgeComparison: hand-made kernels with their responses on an input, each beside
//     the learned filters most like it, with their similarity and feature maps.
//   - Scatter: points in the plane coloured by class, the misclassified ringed, with a
//     key; ScatterLayout maps a click back to the point under it.
//   - DistributionChart, HistogramChart, LineChart: grids of gonum/plot panels of tensors'
//     percentiles over steps (TensorBoard's distribution bands), their histograms at a
//     step, and values over steps, such as update ratios, on a linear or log axis.
//
// Every raster picture except InputPreview has a white margin, an optional title, and a
// colour bar labelled with the value range where colours encode values.
//
// # Scale and layout
//
// Each options struct has a Scale field (0 means 1). Pictures are laid out in units of
// one pixel at scale 1 and every size, font and line is multiplied by Scale, so the
// picture at scale 2 or 4 is exactly 2 or 4 times as large: 1x for the screen, 2x or
// 4x for slides. The zero value of every options struct is usable.
//
// FeatureGridLayout, FilterGridLayout and ConfusionLayout return the Grid a renderer
// draws with, computed by the same code, so that a click at a pixel of the rendered
// image maps back to a tile with Grid.IndexAt (a channel, a filter, or -1 for a gap or
// a margin) or Grid.CellAt (row and column: true and predicted class, or output and
// input channel).
//
// # Colour maps
//
// Viridis (the default) and Gray are sequential: they stretch from the smallest to the
// largest value shown. CoolWarm, Moreland's blue-grey-red map, is diverging and always
// centred at zero: value v is drawn at 0.5 + 0.5*v/max|v|, so zero is its neutral grey,
// negatives blue and positives red, at any scale. Filters always use CoolWarm; feature
// maps and heat maps use any map (CoolWarm for signed values such as saliency).
// Viridis and CoolWarm are perceptually ordered and readable with the common forms of
// colour blindness; they are dense lookup tables, so colouring costs one multiply and
// one index per value.
//
// A map with no colour scale, because it is constant (a dead filter, an all-zero
// feature map) or holds NaN or Inf, is drawn as a neutral grey tile with a diagonal
// hatch and a marker in the middle: its value ("0") or "NaN".
//
// # Text
//
// Text is Liberation Sans (the fonts gonum/plot uses), parsed once; font faces are
// cached per size and shared under a lock. Text with Chinese characters is drawn in a
// CJK font of the system, and so are charts when the language is Chinese (fonts.go).
//
// # Testing
//
// The golden images in testdata are compared pixel by pixel with a small tolerance;
// after an intended change of the pictures, regenerate them with
//
//	go test ./viz -update
//
// and look at every one before committing them.
package viz
