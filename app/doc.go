// Package app is ConvScope's desktop user interface, built with Fyne: the main window and
// its tabs. It holds no math; the network, its training and the pictures of it come from
// the cnn and viz packages.
package app
