package main

import (
	"os"

	"github.com/hashicorp/go-hclog"
)

// newRootLogger returns the host logger (hclog default text format on
// stderr). Plugin loggers are derived from it so all lines share one writer
// lock and never interleave.
func newRootLogger(level string) hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Name:   "grafana-host",
		Level:  hclog.LevelFromString(level),
		Output: os.Stderr,
	})
}

// pluginLogger is the logger handed to go-plugin for one plugin. Like
// Grafana's grpcplugin logWrapper it:
//   - keeps the name fixed at "plugin.<id>" (go-plugin calls Named(<binary>)
//     for stderr lines and Named("stdio"); Grafana ignores those names),
//   - maps TRACE to DEBUG,
//   - drops the "timestamp" key go-plugin appends to JSON log lines.
type pluginLogger struct {
	hclog.Logger
}

func newPluginLogger(root hclog.Logger, pluginID string) hclog.Logger {
	return pluginLogger{root.ResetNamed("plugin." + pluginID)}
}

func (l pluginLogger) Named(string) hclog.Logger      { return l }
func (l pluginLogger) ResetNamed(string) hclog.Logger { return l }
func (l pluginLogger) With(args ...any) hclog.Logger {
	return pluginLogger{l.Logger.With(dropTimestamp(args)...)}
}

func (l pluginLogger) Log(level hclog.Level, msg string, args ...any) {
	if level == hclog.Trace {
		level = hclog.Debug
	}
	l.Logger.Log(level, msg, dropTimestamp(args)...)
}
func (l pluginLogger) Trace(msg string, args ...any) { l.Log(hclog.Trace, msg, args...) }
func (l pluginLogger) Debug(msg string, args ...any) { l.Log(hclog.Debug, msg, args...) }
func (l pluginLogger) Info(msg string, args ...any)  { l.Log(hclog.Info, msg, args...) }
func (l pluginLogger) Warn(msg string, args ...any)  { l.Log(hclog.Warn, msg, args...) }
func (l pluginLogger) Error(msg string, args ...any) { l.Log(hclog.Error, msg, args...) }

func dropTimestamp(args []any) []any {
	if len(args)%2 != 0 {
		return args
	}
	out := make([]any, 0, len(args))
	for i := 0; i < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == "timestamp" {
			continue
		}
		out = append(out, args[i], args[i+1])
	}
	return out
}
