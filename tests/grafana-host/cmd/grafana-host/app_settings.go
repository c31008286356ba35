package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"sync"
)

// pluginSettings is what Grafana stores per plugin and org (the
// plugin_setting table): the app's enabled/pinned flags, its jsonData and
// secrets. The host keeps them in memory for its lifetime, one org only.
type pluginSettings struct {
	Enabled        bool
	Pinned         bool
	JSONData       json.RawMessage // always a JSON object
	SecureJSONData map[string]string
}

// appSettingsFile is the --app-settings file: the apps' starting settings.
type appSettingsFile struct {
	Enabled  *bool           `json:"enabled"`
	Pinned   *bool           `json:"pinned"`
	JSONData json.RawMessage `json:"jsonData"`
}

// readAppSettingsFile reads --app-settings; "" gives the defaults.
func readAppSettingsFile(path string) (appSettingsFile, error) {
	var f appSettingsFile
	if path == "" {
		return f, nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return f, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields() // a typo must not silently give the defaults
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	if f.JSONData, err = jsonObject(f.JSONData); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// jsonObject checks that raw is a JSON object; absent or null gives {}.
func jsonObject(raw json.RawMessage) (json.RawMessage, error) {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return json.RawMessage("{}"), nil
	}
	var obj map[string]any
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return nil, errors.New("jsonData must be a JSON object")
	}
	return json.RawMessage(trimmed), nil
}

// settingsStore holds every discovered plugin's settings.
type settingsStore struct {
	mu   sync.RWMutex
	byID map[string]pluginSettings
}

// newSettingsStore starts apps from the --app-settings file (default:
// enabled, pinned, jsonData {}) — as if an admin had enabled the app, which
// Grafana requires before its pages open. Other plugins are enabled and not
// pinned (Grafana needs no setting to use a datasource plugin).
func newSettingsStore(metas []*pluginMeta, initial appSettingsFile) *settingsStore {
	s := &settingsStore{byID: map[string]pluginSettings{}}
	for _, m := range metas {
		ps := pluginSettings{Enabled: true, JSONData: json.RawMessage("{}"), SecureJSONData: map[string]string{}}
		if m.Type == "app" {
			ps.Pinned = true
			if initial.Enabled != nil {
				ps.Enabled = *initial.Enabled
			}
			if initial.Pinned != nil {
				ps.Pinned = *initial.Pinned
			}
			if len(initial.JSONData) > 0 {
				ps.JSONData = initial.JSONData
			}
		}
		s.byID[m.ID] = ps
	}
	return s
}

func (s *settingsStore) get(id string) (pluginSettings, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ps, ok := s.byID[id]
	return ps, ok
}

// pluginSettingsUpdate is the POST body (Grafana's UpdatePluginSettingCmd).
type pluginSettingsUpdate struct {
	Enabled        bool              `json:"enabled"`
	Pinned         bool              `json:"pinned"`
	JSONData       json.RawMessage   `json:"jsonData"`
	SecureJSONData map[string]string `json:"secureJsonData"`
}

// update stores a POST the way Grafana does: enabled, pinned and jsonData are
// replaced by what was sent (the command has plain booleans, so an absent
// flag is false; absent jsonData becomes {}), secrets are merged (keys not
// sent are kept).
func (s *settingsStore) update(id string, u pluginSettingsUpdate) error {
	jd, err := jsonObject(u.JSONData)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byID[id]
	if !ok {
		return errPluginNotFound
	}
	secrets := maps.Clone(old.SecureJSONData)
	maps.Copy(secrets, u.SecureJSONData)
	s.byID[id] = pluginSettings{Enabled: u.Enabled, Pinned: u.Pinned, JSONData: jd, SecureJSONData: secrets}
	return nil
}

var errPluginNotFound = errors.New("plugin not found")

// secureJSONFields tells which secrets are set, never their values (Grafana
// lists a key only when its value is not empty).
func secureJSONFields(secrets map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(secrets)) {
		if secrets[k] != "" {
			out[k] = true
		}
	}
	return out
}

// pluginSettingDTO is Grafana's dtos.PluginSetting, what
// GET /api/plugins/<id>/settings answers (the app's meta in the frontend).
func pluginSettingDTO(m *pluginMeta, ps pluginSettings) map[string]any {
	return map[string]any{
		"name":             m.Name,
		"type":             m.Type,
		"id":               m.ID,
		"enabled":          ps.Enabled,
		"pinned":           ps.Pinned,
		"autoEnabled":      false,
		"module":           m.module(),
		"baseUrl":          m.baseURL(),
		"info":             m.info(),
		"includes":         m.field("includes", []any{}),
		"dependencies":     m.field("dependencies", map[string]any{}),
		"extensions":       m.extensions(),
		"jsonData":         ps.JSONData,
		"secureJsonFields": secureJSONFields(ps.SecureJSONData),
		"defaultNavUrl":    m.defaultNavURL(),
		"latestVersion":    "",
		"hasUpdate":        false,
		"state":            "",
		"signature":        "unsigned",
		"signatureType":    "",
		"signatureOrg":     "",
		"angularDetected":  false,
		"loadingStrategy":  "script",
	}
}

// handleGetPluginSettings is GET /api/plugins/{pluginId}/settings.
func (h *host) handleGetPluginSettings(w http.ResponseWriter, r *http.Request) {
	if _, err := userFromRequest(r); err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	m := h.metas[r.PathValue("pluginId")]
	ps, ok := h.settings.get(r.PathValue("pluginId"))
	if m == nil || !ok {
		writeJSON(w, http.StatusNotFound, msg("Plugin not found, no installed plugin with that id"))
		return
	}
	writeJSON(w, http.StatusOK, pluginSettingDTO(m, ps))
}

// handlePostPluginSettings is POST /api/plugins/{pluginId}/settings; it needs
// plugins:write (Admins), as in Grafana.
func (h *host) handlePostPluginSettings(w http.ResponseWriter, r *http.Request) {
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	if !h.grants.require(w, u, actionPluginsWrite) {
		return
	}
	id := r.PathValue("pluginId")
	if h.metas[id] == nil {
		writeJSON(w, http.StatusNotFound, msg("Plugin not installed"))
		return
	}
	var body pluginSettingsUpdate
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, message{Message: "bad request data", Error: err.Error()})
		return
	}
	if err := h.settings.update(id, body); err != nil {
		code := http.StatusBadRequest
		if errors.Is(err, errPluginNotFound) {
			code = http.StatusNotFound
		}
		writeJSON(w, code, msg(err.Error()))
		return
	}
	h.log.Info("plugin settings updated", "pluginId", id, "by", u.User.Login, "enabled", body.Enabled, "pinned", body.Pinned)
	writeJSON(w, http.StatusOK, msg("Plugin settings updated"))
}
