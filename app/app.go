package app

import (
	_ "convscope/app/internal/localefix" // must initialise before Fyne; see its doc
	"convscope/assets"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// appName is the name the user sees, in the title bar and on screen; FyneApp.toml's Name.
const appName = "ConvScope"

// ID is the application's reverse-DNS identifier. It must equal the ID in FyneApp.toml,
// the metadata used by `fyne package`; Fyne keys the app's preferences and storage by it.
const ID = "io.github.convscope.ConvScope"

// Run opens the main window and blocks until the user closes it or quits the app.
// It needs an X11 display in $DISPLAY; Wayland desktops provide one through XWayland.
func Run() {
	a := fyneapp.NewWithID(ID)
	a.SetIcon(icon)
	newMainWindow(a).ShowAndRun()
}

// icon is the application icon as a Fyne resource.
var icon = fyne.NewStaticResource("icon.png", assets.IconPNG)
