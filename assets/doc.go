// Package assets holds the resources bundled into the ConvScope binary: the application
// icon. The icon is drawn by the genicon command in this folder; run `go generate` here
// after changing it.
package assets
