// Package explain computes the views of Zeiler & Fergus, "Visualizing and Understanding
// Convolutional Networks" (ECCV 2014), on a trained network: what the network's decision
// and its features depend on.
package explain
