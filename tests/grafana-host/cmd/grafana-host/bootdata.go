package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Grafana renders every page from one index.html whose inline script sets
// window.grafanaBootData: the frontend settings (/api/frontend/settings) and
// the signed-in user. @grafana/runtime reads it once, when it is imported, so
// it must be in the page before the shell's bundle runs. The host does the
// same with the shell's index.html, at the marker below.

// bootDataMarker is where the shell's index.html wants the boot data script.
const bootDataMarker = "<!-- BOOT_DATA -->"

// buildCommit stands in for Grafana's git commit in buildInfo.
const buildCommit = "grafana-host"

// bootData is window.grafanaBootData for user u, built fresh per page load so
// that settings saved through the API show on the next load, as in Grafana.
func (h *host) bootData(u signedInUser) map[string]any {
	datasources := map[string]any{}
	defaultDatasource := ""
	for _, ds := range h.store.inOrg(u.OrgID) {
		m := h.metaOf(ds.Type)
		if m == nil {
			continue // Grafana leaves out datasources whose plugin is not installed
		}
		name := or(ds.Name, ds.UID)
		datasources[name] = h.frontendDatasource(ds, m)
		if ds.IsDefault {
			defaultDatasource = name
		}
	}
	apps := map[string]any{}
	for _, m := range h.metas {
		if m.Type != "app" {
			continue
		}
		// Grafana lists every installed app, and preloads one only when it
		// asks to (plugin.json "preload") and is enabled. The app's enabled
		// flag and jsonData are not here: Grafana's app page reads them from
		// GET /api/plugins/<id>/settings.
		ps, _ := h.settings.get(m.ID)
		apps[m.ID] = map[string]any{
			"id":              m.ID,
			"path":            m.module(),
			"version":         m.Version,
			"preload":         m.flag("preload") && ps.Enabled,
			"loadingStrategy": "script",
			"angular":         map[string]any{"detected": false, "hideDeprecation": false},
			"extensions":      m.extensions(),
			"dependencies":    m.field("dependencies", map[string]any{}),
		}
	}
	role := u.User.Role
	settings := map[string]any{
		"buildInfo": map[string]any{
			"version":       grafanaVersion,
			"versionString": "Grafana v" + grafanaVersion + " (" + buildCommit + ")",
			"commit":        buildCommit,
			"edition":       "Open Source",
			"env":           "production",
			"latestVersion": "",
			"hasUpdate":     false,
		},
		"featureToggles":     map[string]bool{},
		"appSubUrl":          "",
		"appUrl":             h.url + "/",
		"minRefreshInterval": "5s",
		"namespace":          "default",
		"datasources":        datasources,
		"defaultDatasource":  defaultDatasource,
		"apps":               apps,
		"panels":             map[string]any{},
	}
	user := map[string]any{
		"id":                         1,
		"uid":                        u.User.Login,
		"login":                      u.User.Login,
		"email":                      u.User.Email,
		"name":                       u.User.Name,
		"orgId":                      u.OrgID,
		"orgName":                    "Main Org.",
		"orgCount":                   1,
		"orgRole":                    role,
		"isSignedIn":                 true,
		"isGrafanaAdmin":             false,
		"hasEditPermissionInFolders": role == "Editor" || role == "Admin",
		"permissions":                h.grants.permissions(role),
		"theme":                      "dark",
		"lightTheme":                 false,
		"timezone":                   "utc",
		"weekStart":                  "",
		"fiscalYearStartMonth":       0,
		"locale":                     "en-US",
		"language":                   "en-US",
		"gravatarUrl":                "",
		"helpFlags1":                 0,
		"analytics":                  map[string]any{"identifier": u.User.Login},
	}
	return map[string]any{
		"settings": settings,
		"user":     user,
		"navTree":  []any{},
		"assets":   map[string]any{},
	}
}

// frontendDatasource is one entry of the frontend settings' datasources, as
// Grafana's /api/frontend/settings lists it (plugins.DataSourceDTO).
func (h *host) frontendDatasource(ds *datasource, m *pluginMeta) map[string]any {
	return map[string]any{
		"id":        ds.ID,
		"uid":       ds.UID,
		"type":      ds.Type,
		"name":      or(ds.Name, ds.UID),
		"meta":      m.frontendMeta(),
		"url":       "/api/datasources/proxy/uid/" + ds.UID,
		"access":    "proxy",
		"jsonData":  ds.JSONData,
		"readOnly":  false,
		"isDefault": ds.IsDefault,
		"module":    m.module(),
		"preload":   false,
	}
}

// bootDataScript is the inline script for the marker. encoding/json escapes
// <, > and & as \u003c, \u003e, \u0026 (and U+2028/U+2029), so no value
// (a datasource name, jsonData) can close the <script> element or open a
// comment inside it.
func bootDataScript(data any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(data); err != nil {
		return "", err
	}
	return "<script>window.grafanaBootData = " + strings.TrimSpace(buf.String()) + ";</script>", nil
}

// handlePage answers Grafana's page routes (/a/…, /plugins/…, /connections/…,
// /explore…, /test/…) with the shell's index.html and the boot data of the
// request's user. index.html is read per request so a rebuilt shell is used
// at once.
func (h *host) handlePage(w http.ResponseWriter, r *http.Request) {
	if h.shellDir == "" {
		writeJSON(w, http.StatusNotFound, msg("no shell: start the host with --shell <dir>"))
		return
	}
	u, err := userFromRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, msg(err.Error()))
		return
	}
	page, err := os.ReadFile(filepath.Join(h.shellDir, "index.html"))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message{Message: "cannot read the shell's index.html", Error: err.Error()})
		return
	}
	if !bytes.Contains(page, []byte(bootDataMarker)) {
		writeJSON(w, http.StatusInternalServerError, msg("the shell's index.html has no "+bootDataMarker+" marker"))
		return
	}
	script, err := bootDataScript(h.bootData(u))
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message{Message: "cannot encode boot data", Error: err.Error()})
		return
	}
	out := strings.Replace(string(page), bootDataMarker, script, 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(out))
	}
}

// checkShell fails start-up early when --shell does not hold a usable page.
func checkShell(dir string) error {
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return err
	}
	if !bytes.Contains(page, []byte(bootDataMarker)) {
		return fmt.Errorf("%s has no %s marker", filepath.Join(dir, "index.html"), bootDataMarker)
	}
	return nil
}
