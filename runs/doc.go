// Package runs is ConvScope's run library. Every training run is a folder that holds its
// model (ModelFile), its history (MetricsFile, as cnn.History.WriteCSV writes it) and its
// record (RecordFile: the run's name, settings, times and results, as JSON); a library is
// a folder of run folders. The package reads, writes and lists run folders, names what
// differs between runs (the legend of a comparison), and plans sweeps: one run for each
// combination of a few settings given as lists.
//
// Train trains a run into its folder: the CLI's train and sweep and the app's sweeps go
// through it; the app's session records its runs with Save and Write.
package runs
