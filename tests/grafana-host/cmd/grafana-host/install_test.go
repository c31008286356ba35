package main

import (
	"archive/zip"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// zipEntry is one entry of a test archive: a folder when name ends in "/",
// a symlink when link is set, else a file with body.
type zipEntry struct {
	name string
	body string
	mode fs.FileMode
	link string
}

// writeTestZip builds an archive in the test's temp folder, with the entries'
// Unix modes stored as a Unix zip tool stores them.
func writeTestZip(t *testing.T, entries []zipEntry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plugin.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := zip.NewWriter(f)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		body := e.body
		switch {
		case e.link != "":
			h.SetMode(fs.ModeSymlink | 0o777)
			body = e.link
		case strings.HasSuffix(e.name, "/"):
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | e.mode)
		default:
			h.SetMode(e.mode)
		}
		fw, err := w.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(fw, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

const appPluginJSON = `{"id": "acme-app", "type": "app", "info": {"version": "1.0.0"}}`

// validEntries is a plugin archive shaped like ours: an app folder with a
// nested backend datasource, one folder (datasource/img/) only implied.
func validEntries() []zipEntry {
	return []zipEntry{
		{name: "acme-app/", mode: 0o755},
		{name: "acme-app/plugin.json", body: appPluginJSON, mode: 0o644},
		{name: "acme-app/module.js", body: "define([],function(){})", mode: 0o644},
		{name: "acme-app/datasource/", mode: 0o755},
		{name: "acme-app/datasource/plugin.json", body: `{"id":"acme-datasource","type":"datasource","backend":true,"executable":"gpx_acme"}`, mode: 0o644},
		{name: "acme-app/datasource/gpx_acme_linux_amd64", body: "\x7fELF...", mode: 0o755},
		{name: "acme-app/datasource/img/logo.svg", body: "<svg/>", mode: 0o644},
	}
}

func TestInstallExtractsTheTopFolderKeepingModes(t *testing.T) {
	archive := writeTestZip(t, validEntries())
	plugins := filepath.Join(t.TempDir(), "plugins")
	res, err := installArchive(archive, plugins)
	if err != nil {
		t.Fatal(err)
	}
	if res.ID != "acme-app" || res.Dir != filepath.Join(plugins, "acme-app") || res.Files != 5 {
		t.Fatalf("installed %+v", res)
	}
	want := map[string]fs.FileMode{
		"":                                0o755 | fs.ModeDir,
		"plugin.json":                     0o644,
		"module.js":                       0o644,
		"datasource":                      0o755 | fs.ModeDir,
		"datasource/plugin.json":          0o644,
		"datasource/gpx_acme_linux_amd64": 0o755,
		"datasource/img":                  0o755 | fs.ModeDir,
		"datasource/img/logo.svg":         0o644,
	}
	for rel, mode := range want {
		st, err := os.Lstat(filepath.Join(res.Dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode() != mode {
			t.Errorf("%s: mode %v, want %v", rel, st.Mode(), mode)
		}
	}
	body, err := os.ReadFile(filepath.Join(res.Dir, "datasource", "gpx_acme_linux_amd64"))
	if err != nil || string(body) != "\x7fELF..." {
		t.Errorf("executable body %q (%v)", body, err)
	}
	// Nothing else in the plugins folder: the staging folder is gone.
	names, _ := os.ReadDir(plugins)
	if len(names) != 1 || names[0].Name() != "acme-app" {
		t.Errorf("plugins folder holds %v", names)
	}
}

func TestInstallKeepsModesTheUmaskWouldDrop(t *testing.T) {
	entries := validEntries()
	entries = append(entries, zipEntry{name: "acme-app/shared.sh", body: "#!/bin/sh\n", mode: 0o775})
	res, err := installArchive(writeTestZip(t, entries), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(res.Dir, "shared.sh"))
	if err != nil || st.Mode().Perm() != 0o775 {
		t.Fatalf("mode %v (%v), want 0775", st.Mode(), err)
	}
}

func TestInstallReplacesAnInstalledCopy(t *testing.T) {
	plugins := t.TempDir()
	old := filepath.Join(plugins, "acme-app")
	if err := os.MkdirAll(old, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "stale.js"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := installArchive(writeTestZip(t, validEntries()), plugins); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(old, "stale.js")); !os.IsNotExist(err) {
		t.Errorf("the old copy's file survived the update: %v", err)
	}
	if _, err := os.Stat(filepath.Join(old, "module.js")); err != nil {
		t.Error(err)
	}
}

func TestInstallRefuses(t *testing.T) {
	withEntry := func(extra ...zipEntry) []zipEntry { return append(validEntries(), extra...) }
	cases := []struct {
		name    string
		entries []zipEntry
		want    string
	}{
		{"a traversal entry (zip slip)", withEntry(zipEntry{name: "acme-app/../../evil.sh", body: "x", mode: 0o755}), "zip slip"},
		{"a traversal at the root", withEntry(zipEntry{name: "../evil.sh", body: "x", mode: 0o644}), "zip slip"},
		{"an absolute path", withEntry(zipEntry{name: "/tmp/evil.sh", body: "x", mode: 0o644}), "absolute path"},
		{"a drive letter", withEntry(zipEntry{name: "C:/evil.sh", body: "x", mode: 0o644}), "absolute path"},
		{"a backslash", withEntry(zipEntry{name: "acme-app\\..\\evil.sh", body: "x", mode: 0o644}), "backslash"},
		{"a dot segment", withEntry(zipEntry{name: "acme-app/./x.js", body: "x", mode: 0o644}), "not a clean path"},
		{"a symlink", withEntry(zipEntry{name: "acme-app/passwd", link: "/etc/passwd"}), "symlink"},
		{"a symlink inside", withEntry(zipEntry{name: "acme-app/alias.js", link: "module.js"}), "symlink"},
		{"two top folders", withEntry(zipEntry{name: "other-app/plugin.json", body: "{}", mode: 0o644}), "more than one top folder"},
		{"a file at the root", withEntry(zipEntry{name: "README.md", body: "x", mode: 0o644}), "file at the archive's root"},
		{"the same name twice", withEntry(zipEntry{name: "acme-app/module.js", body: "x", mode: 0o644}), "appears twice"},
		{"no plugin.json", []zipEntry{{name: "acme-app/module.js", body: "x", mode: 0o644}}, "not a plugin archive"},
		{
			"a top folder that is not the plugin id",
			[]zipEntry{{name: "dist/plugin.json", body: appPluginJSON, mode: 0o644}},
			`top folder "dist" is not the plugin id "acme-app"`,
		},
		{"an empty archive", nil, "the archive is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			plugins := filepath.Join(root, "plugins")
			_, err := installArchive(writeTestZip(t, tc.entries), plugins)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			// Nothing was written: not into the plugins folder, not next to it.
			names, _ := os.ReadDir(plugins)
			if len(names) != 0 {
				t.Errorf("plugins folder holds %v", names)
			}
			outside, _ := os.ReadDir(root)
			if len(outside) > 1 {
				t.Errorf("next to the plugins folder: %v", outside)
			}
		})
	}
}

func TestInstallRefusesACorruptFile(t *testing.T) {
	archive := writeTestZip(t, validEntries())
	raw, err := os.ReadFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	// Flip a byte of the first stored body: the CRC-32 check fails during the copy.
	i := strings.Index(string(raw), "acme-app/plugin.json") + len("acme-app/plugin.json")
	raw[i+2] ^= 0xff
	if err := os.WriteFile(archive, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	plugins := t.TempDir()
	if _, err := installArchive(archive, plugins); err == nil {
		t.Fatal("a corrupt archive was installed")
	}
	if names, _ := os.ReadDir(plugins); len(names) != 0 {
		t.Errorf("plugins folder holds %v", names)
	}
}

func TestRunInstallPrintsOneJSONLine(t *testing.T) {
	archive := writeTestZip(t, validEntries())
	plugins := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	runErr := runInstall([]string{"--archive", archive, "--plugins", plugins})
	os.Stdout = stdout
	w.Close()
	out, _ := io.ReadAll(r)
	if runErr != nil {
		t.Fatal(runErr)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("stdout %q", out)
	}
	var event map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &event); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"event": "installed", "id": "acme-app", "dir": filepath.Join(plugins, "acme-app"), "files": float64(5)}
	for k, v := range want {
		if event[k] != v {
			t.Errorf("%s = %v, want %v (event %s)", k, event[k], v, lines[0])
		}
	}
	if len(event) != len(want) {
		t.Errorf("event %s has other keys", lines[0])
	}
}

func TestRunInstallNeedsBothFlags(t *testing.T) {
	for _, args := range [][]string{{"--archive", "x.zip"}, {"--plugins", "dir"}, {"--archive", "x.zip", "--plugins", "d", "extra"}} {
		if err := runInstall(args); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
