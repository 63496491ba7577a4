package app

import (
	"fmt"
	"io"
	"os"
	"runtime"

	_ "convscope/app/internal/localefix" // must initialise before Fyne; see its doc
	"convscope/assets"
	"convscope/cnn"
	"convscope/runs"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
)

// appName is the name the user sees, in the title bar and on screen; FyneApp.toml's Name.
const appName = "ConvScope"

// ID is the application's reverse-DNS identifier. It must equal the ID in FyneApp.toml,
// the metadata used by `fyne package`; Fyne keys the app's preferences and storage by it.
const ID = "io.github.convscope.ConvScope"

// Run opens the main window, loads the MNIST data in the background, opens the file at
// path (a model or an image; "" for none, see openFile), and blocks until the user closes
// the window. It needs an X11 display in $DISPLAY; Wayland desktops provide
// one through XWayland. CONVSCOPE_STEPS sets the default number of training steps, and
// CONVSCOPE_LOG names a file to write the app's events to (see eventLog).
func Run(path string) {
	env, err := readEnvironment(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "convscope:", err)
	}
	var events io.Writer
	if env.LogPath != "" {
		f, err := os.Create(env.LogPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "convscope: no event log:", err)
		} else {
			defer f.Close()
			events = f
		}
	}
	settings := cnn.DefaultConfig()
	if env.Steps > 0 {
		settings.Steps = env.Steps
	}
	settings.Workers = trainingWorkers(runtime.NumCPU())
	if procs := runtime.GOMAXPROCS(0); procs <= 2 && os.Getenv("GOMAXPROCS") == "" {
		// Training takes every CPU. A Go processor (P) more lets the UI's goroutines run
		// while a worker is in C, where the workers spend their time, without taking the
		// worker's P: back from C, the worker finds one free instead of waiting for the UI,
		// and the other workers wait for it no longer. With two CPUs the app trained at
		// 0.76 of the headless speed before, 0.87 after (scripts/bench-app.sh).
		runtime.GOMAXPROCS(procs + 1)
	}

	library, err := runs.DefaultLibrary()
	if err != nil {
		fmt.Fprintln(os.Stderr, "convscope: runs are not kept:", err)
	}
	a := fyneapp.NewWithID(ID)
	useLanguage(chooseLanguage(a.Preferences().String(languagePreference), SystemLanguage()))
	a.SetIcon(icon)
	w := newMainWindow(a, windowOptions{
		Settings: settings, MakeTrainer: newCNNTrainer, LoadData: loadDataset,
		Log: newEventLog(events), Do: fyne.Do, Library: library,
	})
	w.window.Show()
	w.Start()
	if path != "" {
		w.openFile(path)
	}
	a.Run()
}

// trainingWorkers returns how many goroutines share each training step on a machine of
// cpus CPUs. The UI needs little CPU, and the workers spend their time in OpenBLAS calls,
// which release Go's scheduler, so on one or two CPUs every CPU trains: with two workers
// the pad's trace and redraw took no longer than with one (a median of 4 ms, measured
// while training). With more CPUs one is left free for the UI and its rendering.
func trainingWorkers(cpus int) int {
	if cpus <= 2 {
		return max(1, cpus)
	}
	return cpus - 1
}

// icon is the application icon as a Fyne resource.
var icon = fyne.NewStaticResource("icon.png", assets.IconPNG)
