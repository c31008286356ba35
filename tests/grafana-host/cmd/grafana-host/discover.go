package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// pluginSpec is what the host needs from a backend plugin's plugin.json.
type pluginSpec struct {
	ID         string // plugin.json id
	Type       string // plugin.json type
	Version    string // plugin.json info.version (PluginContext.PluginVersion)
	Executable string // absolute path of <dir>/<executable>_<GOOS>_<GOARCH>
}

type pluginJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Backend    bool   `json:"backend"`
	Executable string `json:"executable"`
	Info       struct {
		Version string `json:"version"`
	} `json:"info"`
}

// discoverPlugins walks dir recursively for plugin.json files with
// "backend": true. Like Grafana, nested plugins (an app's dist/datasource/)
// are found too, and the executable path is
// <plugin.json dir>/<executable>_<GOOS>_<GOARCH>.
func discoverPlugins(dir string) ([]pluginSpec, error) {
	var specs []pluginSpec
	seen := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() != "plugin.json" {
			return nil
		}
		spec, ok, err := readPluginJSON(path)
		if err != nil || !ok {
			return err
		}
		if prev, dup := seen[spec.ID]; dup {
			return fmt.Errorf("plugin id %q declared twice: %s and %s", spec.ID, prev, path)
		}
		seen[spec.ID] = path
		specs = append(specs, spec)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].ID < specs[j].ID })
	return specs, nil
}

// readPluginJSON returns ok=false for plugins without a backend.
func readPluginJSON(path string) (pluginSpec, bool, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return pluginSpec{}, false, err
	}
	var pj pluginJSON
	if err := json.Unmarshal(raw, &pj); err != nil {
		return pluginSpec{}, false, fmt.Errorf("%s: %w", path, err)
	}
	if !pj.Backend {
		return pluginSpec{}, false, nil
	}
	if pj.ID == "" || pj.Executable == "" {
		return pluginSpec{}, false, fmt.Errorf("%s: backend plugin needs \"id\" and \"executable\"", path)
	}
	exe, err := filepath.Abs(filepath.Join(filepath.Dir(path), pj.Executable+executableSuffix()))
	if err != nil {
		return pluginSpec{}, false, err
	}
	if err := checkExecutable(exe); err != nil {
		return pluginSpec{}, false, fmt.Errorf("plugin %q (%s): %w", pj.ID, path, err)
	}
	return pluginSpec{ID: pj.ID, Type: pj.Type, Version: pj.Info.Version, Executable: exe}, true, nil
}

func checkExecutable(path string) error {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backend executable not found: %s", path)
	}
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("backend executable is a directory: %s", path)
	}
	if st.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("backend executable is not executable (mode %v): %s", st.Mode().Perm(), path)
	}
	return nil
}
