package main

import (
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// contentTypes pins the types the browser is strict about. mime's own table
// can be overridden by the machine's /etc/mime.types (some map .js to
// application/x-javascript); SystemJS and module scripts want text/javascript.
var contentTypes = map[string]string{
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".html":  "text/html; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".ttf":   "font/ttf",
	".md":    "text/markdown; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
}

func contentTypeOf(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// serveFileIn answers GET/HEAD for name, a slash-separated path relative to
// dir taken from the URL. Nothing outside dir can be reached: name must be a
// clean relative path (no "..", no leading "/", no empty elements), and the
// file is opened through os.Root, which also refuses symlinks that lead out.
// hidden, if set, refuses files by their path inside dir. Answers 404 (JSON)
// for anything that is not a readable regular file.
func serveFileIn(w http.ResponseWriter, r *http.Request, dir, name string, hidden func(rel string) bool) {
	notFound := func() { writeJSON(w, http.StatusNotFound, msg("file not found")) }
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		notFound()
		return
	}
	if hidden != nil && hidden(name) {
		notFound()
		return
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, message{Message: "cannot open folder", Error: err.Error()})
		return
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		notFound()
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		notFound()
		return
	}
	w.Header().Set("Content-Type", contentTypeOf(name))
	// Rebuilt bundles must be picked up on the next load; ServeContent still
	// answers conditional requests from the modification time.
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, name, st.ModTime(), f)
}

// handleShellFile is GET /public/shell/{path...}: the shell page's files.
func (h *host) handleShellFile(w http.ResponseWriter, r *http.Request) {
	if h.shellDir == "" {
		writeJSON(w, http.StatusNotFound, msg("no shell: start the host with --shell <dir>"))
		return
	}
	serveFileIn(w, r, h.shellDir, r.PathValue("path"), nil)
}

// handlePluginFile is GET /public/plugins/{pluginId}/{path...}: a plugin's
// static files (module.js, its chunks, img/…), from the folder holding its
// plugin.json, as Grafana serves them. Backend executables are never served:
// the browser has no use for them, and the app's folder holds the nested
// datasource's binaries too.
func (h *host) handlePluginFile(w http.ResponseWriter, r *http.Request) {
	m := h.metas[r.PathValue("pluginId")]
	if m == nil {
		writeJSON(w, http.StatusNotFound, msg("Plugin not found"))
		return
	}
	serveFileIn(w, r, m.Dir, r.PathValue("path"), func(rel string) bool {
		return h.isExecutable(filepath.Join(m.Dir, filepath.FromSlash(rel)))
	})
}

// isExecutable reports whether abs is one of a backend plugin's binaries
// (<executable>_<os>_<arch>[.exe] next to its plugin.json).
func (h *host) isExecutable(abs string) bool {
	for _, m := range h.metas {
		prefix := m.executablePrefix()
		if prefix != "" && filepath.Dir(abs) == m.Dir && strings.HasPrefix(filepath.Base(abs), prefix) {
			return true
		}
	}
	return false
}
