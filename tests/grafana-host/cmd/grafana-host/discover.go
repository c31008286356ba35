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

// pluginSpec is what the launcher needs from a backend plugin's plugin.json.
type pluginSpec struct {
	ID         string // plugin.json id
	Type       string // plugin.json type
	Version    string // plugin.json info.version (PluginContext.PluginVersion)
	Executable string // absolute path of <dir>/<executable>_<GOOS>_<GOARCH>
}

// pluginMeta is one discovered plugin, with or without a backend. Plugins
// without a backend (the app) are kept for what the browser needs from
// Grafana: their static files, their metadata (bootData, the plugin settings
// API) and their RBAC role registrations.
type pluginMeta struct {
	pluginSpec        // Executable is "" unless Backend
	Name       string // plugin.json name
	Backend    bool
	Core       bool               // built into Grafana (core_datasources.go): no folder, no process
	Dir        string             // absolute folder holding plugin.json (served at /public/plugins/<id>/)
	JSON       map[string]any     // the whole plugin.json, for the DTOs that echo it
	Roles      []roleRegistration // plugin.json "roles"
}

type pluginJSON struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Name       string `json:"name"`
	Backend    bool   `json:"backend"`
	Executable string `json:"executable"`
	Info       struct {
		Version string `json:"version"`
	} `json:"info"`
	Roles []roleRegistration `json:"roles"`
}

// discoverPlugins walks dir recursively for plugin.json files. Like Grafana,
// nested plugins (an app's dist/datasource/) are found too, and a backend's
// executable path is <plugin.json dir>/<executable>_<GOOS>_<GOARCH>.
// Sorted by id.
func discoverPlugins(dir string) ([]*pluginMeta, error) {
	var metas []*pluginMeta
	seen := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() != "plugin.json" {
			return nil
		}
		meta, err := readPluginJSON(path)
		if err != nil {
			return err
		}
		if prev, dup := seen[meta.ID]; dup {
			return fmt.Errorf("plugin id %q declared twice: %s and %s", meta.ID, prev, path)
		}
		seen[meta.ID] = path
		metas = append(metas, meta)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(metas, func(i, j int) bool { return metas[i].ID < metas[j].ID })
	return metas, nil
}

// readPluginJSON reads one plugin.json. A backend plugin's executable must
// exist and be executable, so a broken build fails at start-up rather than
// on the first request.
func readPluginJSON(path string) (*pluginMeta, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pj pluginJSON
	if err := json.Unmarshal(raw, &pj); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var whole map[string]any
	if err := json.Unmarshal(raw, &whole); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if pj.ID == "" || pj.Type == "" {
		return nil, fmt.Errorf("%s: plugin.json needs \"id\" and \"type\"", path)
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	meta := &pluginMeta{
		pluginSpec: pluginSpec{ID: pj.ID, Type: pj.Type, Version: pj.Info.Version},
		Name:       pj.Name,
		Backend:    pj.Backend,
		Dir:        dir,
		JSON:       whole,
		Roles:      pj.Roles,
	}
	if !pj.Backend {
		return meta, nil
	}
	if pj.Executable == "" {
		return nil, fmt.Errorf("%s: backend plugin needs \"id\" and \"executable\"", path)
	}
	meta.Executable = filepath.Join(dir, pj.Executable+executableSuffix())
	if err := checkExecutable(meta.Executable); err != nil {
		return nil, fmt.Errorf("plugin %q (%s): %w", pj.ID, path, err)
	}
	return meta, nil
}

// executablePrefix is the file-name prefix of a backend plugin's binaries
// (<executable>_<GOOS>_<GOARCH>, for every platform shipped), "" without one.
func (m *pluginMeta) executablePrefix() string {
	exe, _ := m.JSON["executable"].(string)
	if !m.Backend || exe == "" {
		return ""
	}
	return exe + "_"
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
