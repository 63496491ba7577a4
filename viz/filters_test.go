package viz

import "testing"

func TestFilterGridGolden(t *testing.T) {
	checkGolden(t, "filters_conv1", FilterGrid(edgeFilters(32), FilterGridOptions{Title: "conv1 \u00b7 32 filters, 5\u00d75"}))
	checkGolden(t, "filters_conv1_perfilter", FilterGrid(edgeFilters(32), FilterGridOptions{PerFilter: true, HideLabels: true, Highlight: true, Selected: 9}))
	// A corner of conv2 (5x5x32x64) keeps the golden file small; the layout is the same.
	checkGolden(t, "filters_conv2_corner", FilterGrid(randomFilters(5, 5, 12, 10, 0.05), FilterGridOptions{Title: "conv2 \u00b7 10 filters \u00d7 12 input channels"}))
}
