package app

import (
	"errors"
	"fmt"
	"image"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"convscope/cnn"
	"convscope/cnn/mnist"
	"convscope/internal/tr"
	"convscope/views"
)

// modelExtension is the file extension of saved models.
const modelExtension = ".ckpt"

// loadData loads the data set of the settings from dir, or from the default places when
// dir is "".
func (w *mainWindow) loadData(dir string) {
	d := w.config.Data()
	if !w.data.Load(d, dir, func(data *dataset, err error) { w.do(func() { w.dataLoaded(d, data, err) }) }) {
		return // dataLoaded loads the settings' data set if this load is of another
	}
	w.settings.showFolder(tr.T("Loading…"))
	w.status.say(tr.F("Loading the %s data…", d.Title))
	w.updateControls()
}

// loadDataOfSettings loads the data set of the settings if it is not the one loaded.
func (w *mainWindow) loadDataOfSettings() {
	if data, _ := w.data.Data(); data == nil || data.Name != w.config.Data().Name {
		w.loadData("")
	}
}

// dataLoaded shows the data set want loaded as d, or the error; if the settings want
// another data set by now, it loads that one instead.
func (w *mainWindow) dataLoaded(want mnist.Dataset, d *dataset, err error) {
	w.updateControls()
	if want.Name != w.config.Data().Name {
		w.loadData("")
		return
	}
	if err != nil {
		title := w.config.Data().Title
		w.settings.showFolder(tr.F("Not loaded: choose the folder that holds the four %s files.", title))
		w.status.say(tr.F("The %s data could not be loaded.", title))
		w.dataError(err)
		return
	}
	w.settings.showFolder(d.Dir)
	w.status.say(tr.F("Loaded %s training and %s test images of %s. Press Train (or Space) to start.",
		formatCount(d.Train.Len()), formatCount(d.Test.Len()), d.Title))
	w.evaluator.Forget()
	w.refreshAll()
}

// dataError explains why the data could not be loaded and offers to choose its folder.
func (w *mainWindow) dataError(err error) {
	title := tr.F("%s data not found", w.config.Data().Title)
	if errors.Is(err, mnist.ErrFormat) {
		title = tr.F("%s data is damaged", w.config.Data().Title)
	}
	text := widget.NewLabel(err.Error())
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, tr.T("Choose folder…"), tr.T("Close"), container.NewVScroll(text), func(choose bool) {
		if choose {
			w.chooseDataFolder()
		}
	}, w.window)
	d.Resize(fyne.NewSize(620, 340))
	d.Show()
}

// chooseDataFolder asks for the folder of the MNIST files and loads them.
func (w *mainWindow) chooseDataFolder() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			w.showMessage(tr.T("Could not open the folder"), err.Error())
			return
		}
		if dir != nil {
			w.loadData(dir.Path())
		}
	}, w.window)
}

// openModel asks for a saved model and opens it.
func (w *mainWindow) openModel() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			w.showMessage(tr.T("Could not open the model"), err.Error())
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		w.openPath(path)
	}, w.window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{modelExtension}))
	d.Show()
}

// openPath opens the model saved at path.
func (w *mainWindow) openPath(path string) {
	w.status.say(tr.F("Opening %s…", filepath.Base(path)))
	w.session.Open(path, func(ck *cnn.Checkpoint, err error) { w.do(func() { w.opened(path, ck, err) }) })
}

// openFile opens the file at path, given on the command line or by a file manager: a
// model becomes the session's model; a PNG or JPEG image goes on the Draw tab's pad, as
// the network sees it (as `convscope classify` reads it), and is classified. A file that
// is neither is refused in a dialog.
func (w *mainWindow) openFile(path string) {
	go func() {
		img, err := mnist.ReadImage(path)
		var x [mnist.Pixels]float32
		if err == nil {
			x, err = mnist.FromImage(img)
		}
		w.do(func() {
			switch {
			case errors.Is(err, image.ErrFormat): // not an image: a model, or neither
				w.openPath(path)
			case err != nil:
				w.status.say(tr.F("Could not open %s.", filepath.Base(path)))
				w.showMessage(tr.T("Could not open the image"), fmt.Sprintf("%s: %v", path, err))
			default:
				w.log.Printf("image opened path=%s", path)
				w.tabs.Select(w.draw.Item())
				w.draw.Start(x[:])
				w.status.say(tr.F("Opened %s on the Draw tab: draw on it to see the answer change.", filepath.Base(path)))
			}
		})
	}()
}

// opened shows the model ck opened from path, whose settings become the panel's, or err.
func (w *mainWindow) opened(path string, ck *cnn.Checkpoint, err error) {
	if err != nil {
		w.status.say(tr.F("Could not open %s.", filepath.Base(path)))
		w.showMessage(tr.T("Could not open the model"), err.Error())
		return
	}
	cfg := ck.Config
	cfg.Workers = w.config.Workers
	w.config, w.configErr = cfg, nil
	w.settings.setTexts(settingTexts(cfg))
	w.status.say(tr.F("Opened %s: a model trained for %s steps on %s.", filepath.Base(path), formatCount(ck.Step), cfg.Data().Title))
	w.modelReplaced()
	w.loadDataOfSettings()
	w.evaluate()
	w.updateControls()
}

// saveModel asks where to save the model and saves it, then calls then, if not nil, once
// it is saved.
func (w *mainWindow) saveModel(then func()) {
	st := w.session.Status()
	if !st.HasModel {
		w.status.say(errNothingToSave.Error())
		return
	}
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			w.showMessage(tr.T("Could not save the model"), err.Error())
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		w.savePath(path, then)
	}, w.window)
	d.SetFileName(fmt.Sprintf("convscope-step%d%s", st.Step, modelExtension))
	d.SetFilter(storage.NewExtensionFileFilter([]string{modelExtension}))
	d.Show()
}

// savePath saves the model at path, then calls then, if not nil, once it is saved.
func (w *mainWindow) savePath(path string, then func()) {
	w.status.say(tr.F("Saving %s…", filepath.Base(path)))
	w.session.Save(path, func(err error) {
		w.do(func() {
			w.updateControls()
			if err != nil {
				w.status.say(tr.T("The model was not saved."))
				w.showMessage(tr.T("Could not save the model"), err.Error())
				return
			}
			w.status.say(tr.F("Saved the model to %s.", path))
			if then != nil {
				then()
			}
		})
	})
}

// exportCurrentView asks where to write the picture of the tab shown and writes it.
func (w *mainWindow) exportCurrentView() {
	v, ok := w.currentPage().ExportView()
	if !ok {
		w.status.say(tr.T("This tab shows no picture yet."))
		return
	}
	w.exportViewAs(v, func(path string) { w.status.say(tr.F("Exported %s.", path)) })
}

// exportViewAs asks where to write the picture v, offering v.File as the name, writes it
// at exportScale off the UI goroutine and logs it, then calls exported with its path on
// the UI goroutine. A failure is shown in a dialog.
func (sh *shell) exportViewAs(v views.View, exported func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			sh.showMessage(tr.T("Could not export the view"), err.Error())
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		go func() {
			err := exportView(path, v)
			sh.do(func() {
				if err != nil {
					sh.showMessage(tr.T("Could not export the view"), err.Error())
					return
				}
				sh.log.Printf("exported view path=%s", path)
				exported(path)
			})
		}()
	}, sh.window)
	d.SetFileName(v.File)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png"}))
	d.Show()
}

// exportEverything asks for a folder and writes every picture and the metrics into it.
func (w *mainWindow) exportEverything() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			w.showMessage(tr.T("Could not export"), err.Error())
			return
		}
		if dir == nil {
			return
		}
		w.status.say(tr.T("Exporting…"))
		snap, o := w.snapshot(), w.reportOptions()
		go func() {
			files, err := exportAll(dir.Path(), snap, o)
			w.do(func() {
				if err != nil {
					w.showMessage(tr.T("Could not export everything"), err.Error())
					return
				}
				w.log.Printf("exported all dir=%s files=%d", dir.Path(), len(files))
				w.status.say(tr.F("Exported %d files into %s.", len(files), dir.Path()))
			})
		}()
	}, w.window)
}
