package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// trainingTabTitle is the label of the tab that shows the network learning.
const trainingTabTitle = "Training"

// settingUpMessage tells the user that the model is not ready yet.
const settingUpMessage = "Setting up the model…"

// newTrainingTab returns the Training tab: for now the app's icon and name above a
// message saying that the model is being set up.
func newTrainingTab() *container.TabItem {
	logo := canvas.NewImageFromResource(icon)
	logo.FillMode = canvas.ImageFillContain
	logo.SetMinSize(fyne.NewSquareSize(160))

	name := widget.NewRichText(&widget.TextSegment{
		Text: appName,
		Style: widget.RichTextStyle{
			Alignment: fyne.TextAlignCenter,
			ColorName: theme.ColorNameForeground,
			SizeName:  theme.SizeNameHeadingText,
			TextStyle: fyne.TextStyle{Bold: true},
		},
	})

	status := widget.NewLabel(settingUpMessage)
	status.Alignment = fyne.TextAlignCenter

	return container.NewTabItem(trainingTabTitle, container.NewCenter(container.NewVBox(logo, name, status)))
}
