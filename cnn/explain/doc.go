// Package explain computes the views of Zeiler & Fergus, "Visualizing and Understanding
// Convolutional Networks" (ECCV 2014), on a trained network: what the network's decision
// and its features depend on. It finds the test patches each feature map responds to most
// (TopPatches, cropped to the receptive field of the maximal unit), their deconvnet and
// guided-backpropagation projections back to pixels (Project, ProjectChannel), and the
// saliency of a class (ClassSaliency); it measures occlusion sensitivity (Occlude), and
// records the evolution of the features during training (Recorder, at the log-spaced
// steps of LogStep).
//
// It also holds hand-made edge kernels, a plain 2-D convolution (cross-correlation, with
// VALID or SAME padding) to show them at work, and a ranking of conv1's learned filters by
// their cosine similarity to each kernel: which filters the network made edge detectors.
package explain
