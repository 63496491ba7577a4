package viz

import "testing"

func TestFeatureGridGolden(t *testing.T) {
	conv1, pool1, pool2 := layers(t)
	checkGolden(t, "features_conv1", FeatureGrid(conv1, FeatureGridOptions{Title: "conv1 \u00b7 32 maps, 28\u00d728", Highlight: true, Selected: 3}))
	checkGolden(t, "features_pool1_gray_permap", FeatureGrid(pool1, FeatureGridOptions{Title: "pool1 \u00b7 per-map scale", ColorMap: Gray, PerMap: true}))
	checkGolden(t, "features_pool2", FeatureGrid(pool2, FeatureGridOptions{Title: "pool2 \u00b7 64 maps, 7\u00d77"}))
}

func TestFeatureMapGolden(t *testing.T) {
	conv1, _, _ := layers(t)
	checkGolden(t, "featuremap_conv1_3", FeatureMap(conv1, 3, FeatureMapOptions{Title: "conv1"}))
}

func TestFeatureVectorGolden(t *testing.T) {
	// pool2's first 1024 values stand in for fc1's 1024 activations.
	_, _, pool2 := layers(t)
	checkGolden(t, "featurevector_fc1", FeatureVector(pool2.Data[:1024], FeatureMapOptions{Title: "fc1", Size: 160}))
}
