package viz

import (
	"testing"
)

// evolutionFixture imitates a recording of 6 steps: conv1-like filters that grow from
// noise into edge detectors, and conv2-like 14x14 maps of the test digit that sharpen.
func evolutionFixture(tb testing.TB) ([]int, []EvolutionSection) {
	steps := []int{0, 1, 10, 100, 1000, 2000}
	final, noise := edgeFilters(4), randomFilters(5, 5, 1, 4, 0.1)
	filters := EvolutionSection{Title: "conv1 filters", H: 5, W: 5, Signed: true}
	for co := range 4 {
		filters.Rows = append(filters.Rows, string(rune('0'+co)))
		var row [][]float32
		for k := range steps {
			t := float32(k) / float32(len(steps)-1)
			m := make([]float32, 25)
			for i := range m {
				m[i] = t*final.Data[i*4+co] + (1-t)*noise.Data[i*4+co]
			}
			row = append(row, m)
		}
		filters.Maps = append(filters.Maps, row)
	}
	_, pool1, _ := layers(tb)
	maps := EvolutionSection{Title: "conv2 maps", H: 14, W: 14, Rows: []string{"7", "12"}}
	for _, ch := range []int{7, 12} {
		var row [][]float32
		for k := range steps {
			m := make([]float32, 14*14)
			for i := range m {
				v := pool1.Data[i*pool1.C+ch]
				m[i] = v * v * float32(k) // constant (all zero) at step 0
			}
			row = append(row, m)
		}
		maps.Maps = append(maps.Maps, row)
	}
	return steps, []EvolutionSection{filters, maps}
}

func TestEvolutionStripGolden(t *testing.T) {
	steps, sections := evolutionFixture(t)
	checkGolden(t, "evolution", EvolutionStrip(steps, sections, EvolutionOptions{Title: "Feature evolution", Highlight: true, Selected: 2}))
}

func TestEvolutionStripScales(t *testing.T) {
	steps, sections := evolutionFixture(t)
	one := EvolutionStrip(steps, sections, EvolutionOptions{}).Bounds().Size()
	for _, s := range []int{2, 3} {
		if got := EvolutionStrip(steps, sections, EvolutionOptions{Scale: s}).Bounds().Size(); got != one.Mul(s) {
			t.Errorf("scale %d: %v, want %v", s, got, one.Mul(s))
		}
	}
}

func TestEvolutionStripPanics(t *testing.T) {
	steps, sections := evolutionFixture(t)
	short := sections[1]
	short.Maps = [][][]float32{short.Maps[0][:2], short.Maps[1]}
	for _, tt := range []struct {
		name, want string
		steps      []int
		sections   []EvolutionSection
		o          EvolutionOptions
	}{
		{"no steps", "viz: EvolutionStrip: 0 steps", nil, sections, EvolutionOptions{}},
		{"missing maps", "viz: EvolutionStrip: row 0 of \"conv2 maps\" has 2 maps for 6 steps", steps, []EvolutionSection{short}, EvolutionOptions{}},
		{"selection", "viz: EvolutionStrip: Selected = 6", steps, sections, EvolutionOptions{Highlight: true, Selected: 6}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer expectPanic(t, tt.want)
			EvolutionStrip(tt.steps, tt.sections, tt.o)
		})
	}
}

func TestStepLabel(t *testing.T) {
	for step, want := range map[int]string{0: "0", 500: "500", 1000: "1k", 20000: "20k", 1500: "1500"} {
		if got := stepLabel(step); got != want {
			t.Errorf("stepLabel(%d) = %q, want %q", step, got, want)
		}
	}
}
