package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
)

// host is the running `serve` instance.
type host struct {
	url      string // http://127.0.0.1:PORT (no trailing slash)
	log      hclog.Logger
	store    *dsStore
	plugins  map[string]*pluginProc     // running backend plugins, by plugin id
	order    []*pluginProc              // launch order
	metas    map[string]*pluginMeta     // every discovered plugin (with or without backend), by id
	core     map[string]*coreDatasource // datasource types built into Grafana that the host answers
	settings *settingsStore             // plugin settings (the app's enabled/pinned/jsonData)
	grants   grantTable                 // actions per basic role (plugin.json roles + Grafana's own)
	shellDir string                     // --shell: the browser shell's folder ("" = no pages)
}

func runServe(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	pluginsDir := fs.String("plugins", "", "directory scanned recursively for backend plugin.json files (required)")
	provisioning := fs.String("provisioning", "", "datasource provisioning YAML file (or directory of them)")
	addr := fs.String("addr", "127.0.0.1:0", "HTTP listen address")
	level := fs.String("log-level", "trace", "stderr log level: trace|debug|info|warn|error")
	autoMTLS := fs.Bool("auto-mtls", false, "turn on go-plugin AutoMTLS (Grafana does not)")
	killWithHost := fs.Bool("kill-plugins-with-host", false, "SIGKILL plugins when the host dies (Grafana does not)")
	shell := fs.String("shell", "", "browser shell folder: served at /public/shell/, its index.html answers the page routes")
	appSettings := fs.String("app-settings", "", "JSON file with the apps' starting settings {enabled, pinned, jsonData}")
	pluginStderr := fs.String("plugin-stderr", "", "file that receives every backend plugin's stderr verbatim, line by line")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pluginsDir == "" {
		return errors.New("serve: --plugins is required")
	}
	root := newRootLogger(*level)
	h := &host{log: root, store: &dsStore{path: *provisioning}, plugins: map[string]*pluginProc{}}

	if err := h.store.load(); err != nil {
		return fmt.Errorf("provisioning: %w", err)
	}
	metas, err := discoverPlugins(*pluginsDir)
	if err != nil {
		return fmt.Errorf("plugin discovery: %w", err)
	}
	var specs []pluginSpec
	for _, m := range metas {
		if m.Backend {
			specs = append(specs, m.pluginSpec)
		}
	}
	if len(specs) == 0 {
		return fmt.Errorf("no backend plugin.json found under %s", *pluginsDir)
	}
	if err := h.configure(metas, *shell, *appSettings); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	h.url = "http://" + ln.Addr().String()

	// Signals are caught before launching so a SIGTERM during start-up
	// still stops the plugins already running.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)

	opts := launchOptions{autoMTLS: *autoMTLS, killWithHost: *killWithHost}
	if *pluginStderr != "" {
		f, err := os.OpenFile(*pluginStderr, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("--plugin-stderr: %w", err)
		}
		defer f.Close()
		opts.stderr = f
	}
	for _, spec := range specs {
		root.Info("launching plugin", "id", spec.ID, "executable", spec.Executable)
		p, err := launch(spec, newPluginLogger(root, spec.ID), opts)
		if err != nil {
			h.stopAll()
			return err
		}
		root.Info("plugin started", "id", p.ID, "pid", p.PID, "handshakeMs", ms(p.Handshake))
		h.plugins[p.ID] = p
		h.order = append(h.order, p)
	}

	srv := &http.Server{Handler: h.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			root.Error("http server failed", "error", err)
		}
	}()
	stopWatch := make(chan struct{})
	go h.watchExits(stopWatch)

	type listed struct {
		ID         string `json:"id"`
		PID        int    `json:"pid"`
		Executable string `json:"executable"`
	}
	ready := struct {
		Event   string   `json:"event"`
		URL     string   `json:"url"`
		Plugins []listed `json:"plugins"`
	}{Event: "listening", URL: h.url, Plugins: []listed{}}
	for _, p := range h.order {
		ready.Plugins = append(ready.Plugins, listed{p.ID, p.PID, p.Executable})
	}
	emit(ready)
	root.Info("listening", "url", h.url)

	sig := <-sigs
	root.Info("shutting down", "signal", sig.String())
	close(stopWatch)
	// Like Grafana: stop taking requests, then stop the plugins.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = srv.Shutdown(ctx)
	cancel()
	_ = srv.Close()
	results := h.stopAll()
	emit(struct {
		Event   string       `json:"event"`
		Plugins []stopResult `json:"plugins"`
	}{"stopped", results})
	return nil
}

// configure sets up what the browser needs besides the backend plugins: the
// plugins' metadata and static files, their settings, the role grants and the
// shell folder. Separate from runServe so tests can build a host without
// launching anything.
func (h *host) configure(metas []*pluginMeta, shellDir, appSettingsPath string) error {
	h.metas = map[string]*pluginMeta{}
	h.core = coreDatasources()
	for _, m := range metas {
		h.metas[m.ID] = m
	}
	grants, err := newGrantTable(metas)
	if err != nil {
		return fmt.Errorf("plugin roles: %w", err)
	}
	h.grants = grants
	initial, err := readAppSettingsFile(appSettingsPath)
	if err != nil {
		return fmt.Errorf("--app-settings: %w", err)
	}
	h.settings = newSettingsStore(metas, initial)
	if shellDir != "" {
		abs, err := filepath.Abs(shellDir)
		if err != nil {
			return err
		}
		if err := checkShell(abs); err != nil {
			return fmt.Errorf("--shell: %w", err)
		}
		h.shellDir = abs
	}
	return nil
}

// stopAll kills all plugins concurrently; each result is timed on its own.
func (h *host) stopAll() []stopResult {
	results := make([]stopResult, len(h.order))
	var wg sync.WaitGroup
	for i, p := range h.order {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = p.stop()
			h.log.Info("plugin stopped", "id", p.ID, "pid", p.PID, "graceful", results[i].Graceful, "ms", results[i].MS)
		}()
	}
	wg.Wait()
	return results
}

// watchExits mirrors Grafana's 1 s restartKilledProcess loop, minus the
// restart: an exited plugin is reported once at ERROR.
func (h *host) watchExits(stop <-chan struct{}) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		for _, p := range h.order {
			if p.stopping.Load() || !p.exited() || !p.exitReported.CompareAndSwap(false, true) {
				continue
			}
			code := -1
			if ps := p.cmd.ProcessState; ps != nil {
				code = ps.ExitCode()
			}
			h.log.Error("plugin process exited unexpectedly (Grafana would restart it)", "id", p.ID, "pid", p.PID, "exitCode", code)
		}
	}
}
