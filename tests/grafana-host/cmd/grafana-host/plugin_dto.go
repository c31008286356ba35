package main

import (
	"encoding/json"
	"maps"
	"strings"
)

// The plugin metadata Grafana's APIs and frontend settings echo from
// plugin.json, with the paths Grafana adds (module, baseUrl, logo URLs).

// A core datasource lives in Grafana's own tree and bundle (core_datasources.go).
func (m *pluginMeta) baseURL() string {
	if m.Core {
		return "public/app/plugins/datasource/" + m.ID
	}
	return "public/plugins/" + m.ID
}

func (m *pluginMeta) module() string {
	if m.Core {
		return "core:plugin/" + m.ID
	}
	return m.baseURL() + "/module.js"
}

// field returns plugin.json's top-level key, or def when absent.
func (m *pluginMeta) field(key string, def any) any {
	if v, ok := m.JSON[key]; ok && v != nil {
		return v
	}
	return def
}

func (m *pluginMeta) flag(key string) bool {
	b, _ := m.JSON[key].(bool)
	return b
}

// info is plugin.json's info with logo and screenshot paths made absolute
// under the plugin's base URL, as Grafana does when it loads a plugin
// (img/logo.svg → public/plugins/<id>/img/logo.svg).
func (m *pluginMeta) info() map[string]any {
	src, _ := m.JSON["info"].(map[string]any)
	info := deepCopy(src)
	if info == nil {
		info = map[string]any{}
	}
	if logos, ok := info["logos"].(map[string]any); ok {
		for k, v := range logos {
			if s, ok := v.(string); ok {
				logos[k] = m.assetURL(s)
			}
		}
	}
	if shots, ok := info["screenshots"].([]any); ok {
		for _, s := range shots {
			if shot, ok := s.(map[string]any); ok {
				if p, ok := shot["path"].(string); ok {
					shot["path"] = m.assetURL(p)
				}
			}
		}
	}
	for _, key := range []string{"links", "keywords", "screenshots"} {
		if info[key] == nil {
			info[key] = []any{}
		}
	}
	return info
}

func (m *pluginMeta) assetURL(p string) string {
	if p == "" || strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") || strings.HasPrefix(p, "public/") {
		return p
	}
	return m.baseURL() + "/" + strings.TrimPrefix(p, "/")
}

// logoURL is the typeLogoUrl of a datasource of this plugin.
func (m *pluginMeta) logoURL() string {
	if logos, ok := m.info()["logos"].(map[string]any); ok {
		if s, ok := logos["small"].(string); ok {
			return s
		}
	}
	return ""
}

// frontendMeta is the plugin meta Grafana puts in a datasource's frontend
// settings (plugins.PluginMetaDTO): plugin.json's fields plus module, baseUrl
// and the loading details; the flags the frontend reads are always present.
func (m *pluginMeta) frontendMeta() map[string]any {
	out := deepCopy(m.JSON)
	delete(out, "$schema") // not part of Grafana's plugin.json model
	out["info"] = m.info()
	for _, key := range []string{"backend", "alerting", "annotations", "metrics", "logs", "tracing", "streaming", "explore", "hideFromList", "builtIn"} {
		out[key] = m.flag(key)
	}
	out["includes"] = m.field("includes", []any{})
	out["dependencies"] = m.field("dependencies", map[string]any{})
	out["module"] = m.module()
	out["baseUrl"] = m.baseURL()
	out["signature"] = "unsigned"
	out["loadingStrategy"] = "script"
	out["angular"] = map[string]any{"detected": false, "hideDeprecation": false}
	return out
}

// extensions is plugin.json's "extensions" in Grafana's shape (every list
// present), for the apps map and the settings DTO.
func (m *pluginMeta) extensions() map[string]any {
	out := map[string]any{}
	src, _ := m.JSON["extensions"].(map[string]any)
	for _, key := range []string{"addedLinks", "addedComponents", "exposedComponents", "extensionPoints", "addedFunctions"} {
		if v, ok := src[key].([]any); ok {
			out[key] = v
		} else {
			out[key] = []any{}
		}
	}
	return out
}

// defaultNavURL is where Grafana sends the app's nav entry: the path of the
// include marked defaultNav, else the plugin's page.
func (m *pluginMeta) defaultNavURL() string {
	includes, _ := m.JSON["includes"].([]any)
	for _, i := range includes {
		inc, _ := i.(map[string]any)
		if def, _ := inc["defaultNav"].(bool); def {
			if p, _ := inc["path"].(string); p != "" {
				return p
			}
		}
	}
	return "/plugins/" + m.ID + "/"
}

// deepCopy copies a decoded JSON tree so DTOs can be edited without touching
// the plugin's parsed plugin.json.
func deepCopy(v map[string]any) map[string]any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return maps.Clone(v)
	}
	var out map[string]any
	if json.Unmarshal(b, &out) != nil {
		return maps.Clone(v)
	}
	return out
}
