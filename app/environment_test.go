package app

import "testing"

func TestReadEnvironment(t *testing.T) {
	tests := []struct {
		steps, log string
		want       environment
		wantErr    bool
	}{
		{"", "", environment{}, false},
		{"30", "/tmp/events.log", environment{Steps: 30, LogPath: "/tmp/events.log"}, false},
		{" 12 ", "", environment{Steps: 12}, false},
		{"0", "x", environment{LogPath: "x"}, true},
		{"many", "", environment{}, true},
	}
	for _, tt := range tests {
		env := map[string]string{stepsEnv: tt.steps, logEnv: tt.log}
		got, err := readEnvironment(func(k string) string { return env[k] })
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("%s=%q %s=%q: %+v, %v; want %+v, error %v", stepsEnv, tt.steps, logEnv, tt.log, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestTrainingWorkers(t *testing.T) {
	for _, tt := range []struct{ cpus, want int }{{1, 1}, {2, 2}, {4, 3}, {16, 15}} {
		if got := trainingWorkers(tt.cpus); got != tt.want {
			t.Errorf("trainingWorkers(%d) = %d, want %d", tt.cpus, got, tt.want)
		}
	}
}
