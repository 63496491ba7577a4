// Package app is ConvScope's desktop user interface, built with Fyne: one window with a
// toolbar and menus, the training settings, seven tabs (Training, Filters, Draw, Feature
// maps, Convolution, What features see, Test set) and a status bar. It holds no math: the
// network and its training come from cnn, the analyses from cnn/explain, the pictures from
// views and viz.
//
// # Structure
//
// Session is the model apart from any widget: it trains, pauses, resets, opens and saves
// it, owns the training goroutine, and reaches the trainer through a small interface, so
// that tests drive it with a fake. The window (window.go) holds what the tabs share (the
// shell: the session, the data, the input being inspected), the settings as typed and the
// latest evaluation; it listens to the session and keeps the widgets up to date. Each tab
// lives in its own file (tab_*.go) and keeps its own results, such as the What features
// see tab's searches; a page of a tab that is a screen of its own has its file too (the
// Synthesis and Attribution pages, the Draw tab's Fool it). Long work a page starts (a
// search, a synthesis, an adversarial search) goes through a background: one at a time,
// with a progress bar and Cancel.
//
// # Snapshots and staleness
//
// Every view reads the model through the session's current cnn.Snapshot: an immutable
// copy with a version, unique and increasing, published by the trainer while it trains
// (and by the session for a model opened or an untrained network). A result remembers the
// version of the snapshot it was computed from; it is up to date while that version is
// current, and a tab redoes nothing while it is. A result of an older version is either
// replaced or, when it is costly (a search of the test set, an evaluation), shown with a
// note that the model has changed since. Work that the user's next action overtakes
// (tracing the drawing, rendering a picture, a cancelled search) goes through latest: a
// request's results reach the widgets only while no later request or Drop has been made.
//
// # Threads
//
// Fyne's widgets belong to its UI goroutine. The training goroutine reports each step
// into a channel of size one, latest value winning; a relay goroutine passes the latest
// to the window at most once a second, which applies it inside fyne.Do. Heavy work
// runs on latest's goroutines and hands its result back through fyne.Do. The UI goroutine
// never waits for a training step.
//
// # Pictures
//
// Every picture is a views.View, shown by the picture widget at the scale that keeps it
// sharp and written by Export at twice its size, so the window and the exported files
// show the same images; Export all writes views.NewReport's pictures, as `convscope
// inspect` does. Clicks on a picture are mapped back to pixels of the picture at scale 1
// (pictureAt), where viz's layouts tell which filter, map or cell was hit.
//
// # Environment
//
// CONVSCOPE_DATA names the MNIST folder (see mnist.Locate), CONVSCOPE_STEPS the default
// number of training steps, and CONVSCOPE_LOG a file the app writes its events to, one
// line each ("data loaded", "training finished step=30 test_accuracy=0.71",
// "prediction digit=7 p=0.93"), for scripts that drive it.
package app
