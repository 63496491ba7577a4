// Package explain computes the views of Zeiler & Fergus, "Visualizing and Understanding
// Convolutional Networks" (ECCV 2014), on a trained network: what the network's decision
// and its features depend on. It finds the test patches each feature map responds to most
// (TopPatches, cropped to the receptive field of the maximal unit), their deconvnet and
// guided-backpropagation projections back to pixels (Project, ProjectChannel), and the
// saliency of a class (ClassSaliency); it measures occlusion sensitivity (Occlude), and
// picks the features of a recorded evolution worth showing (StrongestFilters,
// StrongestMaps; cnn.Trainer records the evolution). It finds layers by their kind (the
// first or last convolution), never by name, so it works for any architecture.
//
// Beyond the paper, it holds the other half of the interpretability toolbox, all built on
// cnn.GradientPass: inputs synthesized by regularized gradient ascent to excite a channel
// or a class most (SynthesizeChannels, SynthesizeClasses; Yosinski et al. 2015, Olah et
// al. 2017), the attributions of a class to the input (GradCAM, IntegrateGradients with
// its completeness check, SmoothGrad), and the smallest L-infinity change, in steps of
// 1/255, that flips the network's answer (Adversary: FGSM and the iterated attack).
//
// It also holds hand-made edge kernels, a plain 2-D convolution (cross-correlation, with
// VALID or SAME padding) to show them at work, and a ranking of the first convolution's
// learned filters by their cosine similarity to each kernel (RankFirstConv): which filters
// the network made edge detectors.
//
// Embeddings map a network's representation to the plane: PrincipalComponents (gonum's
// stat.PC after a seeded subspace iteration), Align (orthogonal Procrustes, so that frames
// do not flip), ProjectPCA (the cnn.Projector of the live embedding), TSNE (exact t-SNE,
// seeded, cancellable, with progress), MapImages (either, from images), and
// NeighbourAgreement, how often a point's nearest neighbours in a map share its class.
package explain
