// Package app is ConvScope's desktop user interface, built with Fyne: one window with a
// toolbar and menus, the training settings, five tabs (Training, Filters, Draw, Feature
// maps, Test set) and a status bar. It holds no math: the network and its training come
// from cnn, the pictures from views and viz.
//
// # Structure
//
// Session holds the state without any widget: the data, the settings, the trainer and
// its run, the model, the latest evaluation and the input being inspected. It owns the
// training goroutine and reaches the trainer through a small interface, so that tests
// drive it with a fake. The window (window.go) listens to the session and keeps the
// widgets up to date; each tab lives in its own file (tab_*.go).
//
// # Threads
//
// Fyne's widgets belong to its UI goroutine. The training goroutine reports each step
// into a channel of size one, latest value winning; a relay goroutine passes the latest
// to the window at most ten times a second, which applies it inside fyne.Do. Heavy work,
// such as tracing the drawing through the network or rendering a picture, runs on
// goroutines that keep only the latest request (see latest), and hands its result back
// through fyne.Do. The UI goroutine never waits for a training step.
//
// # Pictures
//
// Every picture is a views.View, shown by the picture widget at the scale that keeps it
// sharp and written by Export at twice its size, so the window and the exported files
// show the same images. Clicks on a picture are mapped back to pixels of the picture at
// scale 1 (pictureAt), where viz's layouts tell which filter, map or cell was hit.
//
// # Environment
//
// CONVSCOPE_DATA names the MNIST folder (see mnist.Locate), CONVSCOPE_STEPS the default
// number of training steps, and CONVSCOPE_LOG a file the app writes its events to, one
// line each ("data loaded", "training finished step=30 test_accuracy=0.71",
// "prediction digit=7 p=0.93"), for scripts that drive it.
package app
