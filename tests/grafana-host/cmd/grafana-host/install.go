package main

// `grafana-host install` installs a plugin archive (a release zip) into a
// plugins folder the way `grafana cli --pluginUrl <zip> plugins install <id>`
// is documented to: the zip holds one top folder, named by the plugin id, and
// that folder becomes <plugins>/<id>/ with the files' mode bits as stored in
// the zip. Written from Grafana's documentation and the zip format, with Go's
// archive/zip; the refusals are the ones a safe installer needs:
//   - entries not all under one top folder, or a file at the archive's root;
//   - absolute paths, `..` segments (zip slip), empty or `.` segments and
//     backslashes (a name must mean the same path everywhere);
//   - symlinks and other special files; the same name twice;
//   - no plugin.json in the top folder, or one whose id is not the folder name.
// The archive is extracted into a staging folder inside <plugins> and renamed
// into place when complete, replacing an installed copy (an update).

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// installed is what one install put where.
type installed struct {
	ID    string // plugin.json id (== the archive's top folder)
	Dir   string // absolute <plugins>/<id>
	Files int    // regular files written
}

func runInstall(args []string) error {
	flags := flag.NewFlagSet("install", flag.ContinueOnError)
	archive := flags.String("archive", "", "plugin zip to install (required)")
	pluginsDir := flags.String("plugins", "", "plugins folder to install into, created if missing (required)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *archive == "" || *pluginsDir == "" {
		return errors.New("install: --archive and --plugins are required")
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("install: unexpected argument %q", flags.Arg(0))
	}
	res, err := installArchive(*archive, *pluginsDir)
	if err != nil {
		return fmt.Errorf("install %s: %w", *archive, err)
	}
	emit(struct {
		Event string `json:"event"`
		ID    string `json:"id"`
		Dir   string `json:"dir"`
		Files int    `json:"files"`
	}{"installed", res.ID, res.Dir, res.Files})
	return nil
}

// installArchive checks the whole archive before writing anything, extracts
// it into a staging folder under pluginsDir and moves its top folder into place.
func installArchive(archivePath, pluginsDir string) (*installed, error) {
	zr, err := zip.OpenReader(archivePath)
	// ErrInsecurePath (GODEBUG zipinsecurepath=0) still returns a usable
	// reader; checkArchive then names the offending entry.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	defer zr.Close()
	entries, top, err := checkArchive(zr.File)
	if err != nil {
		return nil, err
	}

	plugins, err := filepath.Abs(pluginsDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		return nil, err
	}
	staging, err := os.MkdirTemp(plugins, ".install-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(staging)

	files, err := extract(entries, staging)
	if err != nil {
		return nil, err
	}
	id, err := pluginIDOf(filepath.Join(staging, top))
	if err != nil {
		return nil, err
	}
	if id != top {
		return nil, fmt.Errorf("the top folder %q is not the plugin id %q: Grafana installs a plugin into a folder named by its id", top, id)
	}
	target := filepath.Join(plugins, top)
	if err := os.RemoveAll(target); err != nil {
		return nil, fmt.Errorf("removing the installed copy: %w", err)
	}
	if err := os.Rename(filepath.Join(staging, top), target); err != nil {
		return nil, err
	}
	return &installed{ID: id, Dir: target, Files: files}, nil
}

// archiveEntry is a checked zip entry: its slash-separated path without a
// trailing slash, whether it is a folder, and the permission bits to give it.
type archiveEntry struct {
	file *zip.File
	path string
	dir  bool
	perm fs.FileMode
}

// checkArchive validates every entry name and type, and returns the entries
// with the archive's single top folder.
func checkArchive(files []*zip.File) ([]archiveEntry, string, error) {
	if len(files) == 0 {
		return nil, "", errors.New("the archive is empty")
	}
	var entries []archiveEntry
	seen := map[string]bool{}
	top := ""
	for _, f := range files {
		name := f.Name
		if err := checkEntryName(name); err != nil {
			return nil, "", fmt.Errorf("entry %q: %w", name, err)
		}
		mode := f.Mode()
		if mode&fs.ModeSymlink != 0 {
			return nil, "", fmt.Errorf("entry %q is a symlink: refused", name)
		}
		if mode.Type()&^fs.ModeDir != 0 {
			return nil, "", fmt.Errorf("entry %q is a special file (%v): refused", name, mode.Type())
		}
		dir := mode.IsDir()
		path := strings.TrimSuffix(name, "/")
		if seen[path] {
			return nil, "", fmt.Errorf("entry %q appears twice", name)
		}
		seen[path] = true
		first, _, nested := strings.Cut(path, "/")
		if !nested && !dir {
			return nil, "", fmt.Errorf("entry %q is a file at the archive's root: a plugin archive holds one folder, named by the plugin id", name)
		}
		if top == "" {
			top = first
		} else if first != top {
			return nil, "", fmt.Errorf("the archive has more than one top folder (%q and %q): a plugin archive holds one folder, named by the plugin id", top, first)
		}
		perm := mode.Perm()
		if perm == 0 {
			// No Unix mode stored (an unknown creator system): the usual defaults.
			perm = 0o644
			if dir {
				perm = 0o755
			}
		}
		entries = append(entries, archiveEntry{file: f, path: path, dir: dir, perm: perm})
	}
	return entries, top, nil
}

// checkEntryName refuses names that are absolute, climb out (`..`), are not
// clean, or use backslashes.
func checkEntryName(name string) error {
	switch {
	case name == "" || name == "/":
		return errors.New("empty name")
	case strings.Contains(name, "\\"):
		return errors.New("backslash in the name: refused")
	case strings.ContainsRune(name, 0):
		return errors.New("NUL in the name: refused")
	case strings.HasPrefix(name, "/") || filepath.VolumeName(name) != "" || (len(name) > 1 && name[1] == ':'):
		return errors.New("absolute path: refused")
	}
	for _, segment := range strings.Split(strings.TrimSuffix(name, "/"), "/") {
		switch segment {
		case "..":
			return errors.New("path climbs out of the plugins folder (`..`, zip slip): refused")
		case "", ".":
			return errors.New("not a clean path (empty or `.` segment): refused")
		}
	}
	if !filepath.IsLocal(filepath.FromSlash(strings.TrimSuffix(name, "/"))) {
		return errors.New("not a local path: refused")
	}
	return nil
}

// extract writes the checked entries below staging and returns how many
// regular files it wrote. Folders get their mode last, deepest first, so a
// read-only folder still receives its files.
func extract(entries []archiveEntry, staging string) (int, error) {
	dirPerms := map[string]fs.FileMode{}
	files := 0
	for _, e := range entries {
		dest := filepath.Join(staging, filepath.FromSlash(e.path))
		// Defence in depth: checkArchive already refused anything non-local.
		if rel, err := filepath.Rel(staging, dest); err != nil || !filepath.IsLocal(rel) {
			return files, fmt.Errorf("entry %q would land outside the plugins folder", e.file.Name)
		}
		if e.dir {
			if err := os.MkdirAll(dest, 0o755); err != nil {
				return files, err
			}
			dirPerms[dest] = e.perm
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			return files, err
		}
		if err := extractFile(e, dest); err != nil {
			return files, fmt.Errorf("entry %q: %w", e.file.Name, err)
		}
		files++
	}
	dirs := make([]string, 0, len(dirPerms))
	for d := range dirPerms {
		dirs = append(dirs, d)
	}
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	for _, d := range dirs {
		if err := os.Chmod(d, dirPerms[d]); err != nil {
			return files, err
		}
	}
	return files, nil
}

// extractFile writes one regular file (never over an existing path) and
// gives it the zip's mode bits, whatever the umask. archive/zip checks the
// CRC-32 and size when the copy reaches the end.
func extractFile(e archiveEntry, dest string) error {
	rc, err := e.file.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, rc); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Chmod(dest, e.perm)
}

// pluginIDOf reads the id from dir/plugin.json.
func pluginIDOf(dir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "plugin.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("no plugin.json in the archive's top folder %q: not a plugin archive", filepath.Base(dir))
	}
	if err != nil {
		return "", err
	}
	var pj struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(raw, &pj); err != nil {
		return "", fmt.Errorf("%s/plugin.json: %w", filepath.Base(dir), err)
	}
	if pj.ID == "" {
		return "", fmt.Errorf("%s/plugin.json has no id", filepath.Base(dir))
	}
	return pj.ID, nil
}
