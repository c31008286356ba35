// Command grafana-host is a test-only stand-in for Grafana's backend-plugin
// host. It launches backend plugin executables exactly like Grafana 12.4 does
// (hashicorp/go-plugin + the plugin SDK's gRPC client plugins) and exposes the
// HTTP endpoints Grafana's frontend calls, so end-to-end tests can exercise a
// plugin without a Grafana server. It is never shipped.
//
// Subcommands:
//
//	grafana-host serve --plugins <dir> [--provisioning <datasources.yaml>] [--addr 127.0.0.1:0]
//	                   [--shell <dir>] [--app-settings <file.json>]
//	grafana-host bench-startup --exe <path> [--exe <path> ...] [--rounds 20] ...
//	grafana-host install --archive <plugin.zip> --plugins <dir>
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
)

// grafanaVersion is the Grafana release this host imitates (env GF_VERSION,
// the User-Agent sent in PluginContext).
const grafanaVersion = "12.4.0"

const usage = `usage:
  grafana-host serve --plugins <dir> [--provisioning <datasources.yaml>] [--addr 127.0.0.1:0] [--log-level trace]
                     [--shell <dir>] [--app-settings <file.json>] [--auto-mtls] [--kill-plugins-with-host]
                     [--plugin-stderr <file>]
  grafana-host bench-startup --exe <path> [--exe <path> ...] [--rounds 20] [--warmup 1]
                             [--idle-rounds 3] [--idle-ms 2000] [--log-level warn]
  grafana-host install --archive <plugin.zip> --plugins <dir>
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		err = runServe(os.Args[2:])
	case "bench-startup":
		err = runBench(os.Args[2:])
	case "install":
		err = runInstall(os.Args[2:])
	case "-h", "--help", "help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "unknown subcommand %q\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "grafana-host: error:", err)
		os.Exit(1)
	}
}

var stdoutMu sync.Mutex

// emit writes v as one JSON line on stdout. stdout carries only these
// machine-readable events; all logs go to stderr.
func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	stdoutMu.Lock()
	defer stdoutMu.Unlock()
	_, _ = os.Stdout.Write(append(b, '\n'))
}

// executableSuffix is Grafana's rule for the per-platform binary name.
func executableSuffix() string {
	s := "_" + runtime.GOOS + "_" + runtime.GOARCH
	if runtime.GOOS == "windows" {
		s += ".exe"
	}
	return s
}
