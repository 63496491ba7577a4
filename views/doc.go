// Package views composes ConvScope's pictures of a model from the engine's data and the viz
// renderers. It is the one place that turns cnn values (weights, traces, histories,
// evaluations) into viz inputs and names the files they are exported as, so the desktop
// app and the headless commands show and write exactly the same pictures.
package views
