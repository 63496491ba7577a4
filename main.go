// Command convscope opens the ConvScope desktop app (with a model or an image, given as
// its one argument) or, given a command name, runs one of its headless commands;
// `convscope -h` lists them and `convscope -version` prints the version.
package main

import (
	"os"

	"convscope/app"
	"convscope/cli"
	"convscope/internal/tr"
)

func main() {
	args := os.Args[1:]
	if path, ok := cli.AppFile(args); ok || len(args) == 0 {
		app.Run(path)
		return
	}
	useParentConsole()
	if isVersionFlag(args) {
		os.Exit(printVersion(os.Stdout, os.Stderr))
	}
	tr.Set(app.SystemLanguage()) // the app sets its own, which may be the user's choice
	os.Exit(cli.Main(args, os.Stdout, os.Stderr))
}
