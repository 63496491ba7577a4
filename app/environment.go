package app

import (
	"strconv"
	"strings"

	"convscope/internal/tr"
)

// Environment variables the app reads.
const (
	// stepsEnv sets the default of Total steps, for short demonstration or test runs.
	stepsEnv = "CONVSCOPE_STEPS"
	// logEnv names a file the app writes its events to (see eventLog).
	logEnv = "CONVSCOPE_LOG"
)

// environment holds the settings the app takes from environment variables.
type environment struct {
	Steps   int    // default total steps; 0 keeps cnn's default
	LogPath string // where to write events; "" writes none
}

// readEnvironment reads the app's environment variables through getenv (os.Getenv). It
// returns an error naming the variable that holds a bad value, with the environment read
// so far.
func readEnvironment(getenv func(string) string) (environment, error) {
	env := environment{LogPath: getenv(logEnv)}
	if text := strings.TrimSpace(getenv(stepsEnv)); text != "" {
		steps, err := strconv.Atoi(text)
		if err != nil || steps < 1 {
			return env, tr.Errorf("%s=%q: want a whole number of steps, at least 1", stepsEnv, text)
		}
		env.Steps = steps
	}
	return env, nil
}
