// Command convscope opens the ConvScope desktop app or, given a command name, runs one of
// its headless commands; `convscope -h` lists them.
package main

import (
	"os"

	"convscope/app"
	"convscope/cli"
)

func main() {
	if len(os.Args) < 2 {
		app.Run()
		return
	}
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
