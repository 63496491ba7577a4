// Package cnn is ConvScope's engine: the layers of a small convolutional network, networks
// built from a text spec (the reference "Deep MNIST" model and the presets among them),
// their initialisations, the Adam and SGD optimizers, a trainer that runs on its own
// goroutine and publishes snapshots, and checkpoints.
//
// # Layout
//
// Every tensor is a flat []float32. Activations are NHWC (channels last): element (n, y, x, c)
// of a batch with shape H×W×C is at ((n*H+y)*W+x)*C+c. Convolution weights are HWIO: element
// (ky, kx, ci, co) of a K×K kernel from In to Out channels is at ((ky*K+kx)*In+ci)*Out+co, so
// the weights are a (K*K*In)×Out matrix and a convolution is an im2col followed by one matrix
// product. Dense weights are an In×Out matrix.
//
// # Models
//
// A network is text (ParseSpec): "conv 5x5x32 same relu; maxpool 2; ...; fc 10". Spec.Summary
// gives every layer's name, output shape, parameters and multiply-adds, and says which layer
// does not fit and why; Spec.Build makes the network. Layers are found by their Kind
// (convolution, pooling, fully connected, regularizer), never by name: Network.LayersOf,
// First, Last, Hidden. NewReference builds ReferenceSpec, the TensorFlow "Deep MNIST"
// network: conv 5×5×32 SAME + ReLU, max-pool 2×2, conv 5×5×64 SAME + ReLU, max-pool 2×2,
// dense 3136→1024 + ReLU, dropout, dense 1024→10, softmax cross-entropy, its weights drawn
// from a normal distribution with standard deviation 0.1 truncated at two standard
// deviations, its biases starting at 0.1 (DefaultInit). Presets lists the other named
// architectures; Config says which architecture, initialisation, data set and optimizer a
// run uses.
//
// # Concurrency
//
// A Network's parameters are read by forward passes and written only by the optimizer. The
// Trainer splits each batch across worker goroutines that share the parameters and keep
// their own activations and gradients, then sums the gradients and applies the optimizer.
// Large dense layers are trained model-parallel instead (shared.go): the workers meet at
// one, and each computes the products of the whole batch over its share of the weights,
// writing its share of a single gradient.
// Trainer.Snapshot returns an immutable, versioned Snapshot (step, a deep copy of the
// network, the history, the recorded evolution of the features and the Recording) that is
// never written again, so any number of goroutines may Trace its network while training
// goes on.
//
// # Recording
//
// Besides the evolution, a run keeps a Recording at the steps Config.RecordStep picks (step
// 0, the evaluations, the last step; at most MaxEmbeddingFrames): the convolutions' weights
// at step 0 (W0), an Embedding of a fixed, class-balanced set of test images (their
// activations of the last hidden layer mapped to the plane by the Trainer's Projector, PCA
// in the app and the CLI) and the Health of every layer with weights (Network.Health: the
// distributions of its weights, biases, activations and gradients on HealthProbe test
// images, dead ReLU units, the weight norm and the update ratio). Checkpoints keep it in
// their sections.
//
// # Backends
//
// Matrix products go through gonum's blas32 interface. The default build links OpenBLAS
// (Debian's libopenblas-dev) through gonum.org/v1/netlib and runs it single-threaded per
// worker, and runs thin products on its own AVX-512 kernel where the processor has it
// (products.c); building with -tags purego selects gonum's pure-Go BLAS for all.
//
// The default build also runs the loops between the matrix products (bias and ReLU, the
// ReLU's gradient, max-pooling, im2col and col2im, the gradient sum and Adam, and the direct
// convolution of one-channel inputs that inference uses) as C in kernels.c, vectorised with
// AVX2 where the processor has it. Each does the arithmetic of its Go twin, the function of
// the same name ending in Go, which -tags purego runs instead, and gives bit-identical
// results.
package cnn
