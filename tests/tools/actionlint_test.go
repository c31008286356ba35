package testtools

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// repoRoot is the repository's root: go test runs in this package's directory, tests/tools.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "package.json")); err != nil {
		t.Fatalf("repository root not found at %s: %v", root, err)
	}
	return root
}

// newLinter is actionlint as its command line runs it: shellcheck checks the `run:` scripts when it
// is installed (GitHub's runners have it; apt-get install shellcheck elsewhere), pyflakes is not used.
func newLinter(t *testing.T, root string, out *bytes.Buffer) (*actionlint.Linter, bool) {
	t.Helper()
	opts := &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever, WorkingDir: root}
	shellcheck, err := exec.LookPath("shellcheck")
	if err == nil {
		opts.Shellcheck = shellcheck
	}
	l, err := actionlint.NewLinter(out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l, opts.Shellcheck != ""
}

// workflowFiles lists .github/workflows/*.yml and *.yaml.
func workflowFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		matches, err := filepath.Glob(filepath.Join(root, ".github", "workflows", pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, matches...)
	}
	return files
}

func TestWorkflowsPassActionlint(t *testing.T) {
	root := repoRoot(t)
	files := workflowFiles(t, root)
	// The workflows this repository is expected to have; a missing one is an error, not a pass.
	for _, name := range []string{"ci.yml", "e2e-grafana.yml", "release.yml"} {
		if _, err := os.Stat(filepath.Join(root, ".github", "workflows", name)); err != nil {
			t.Errorf("workflow %s: %v", name, err)
		}
	}
	var out bytes.Buffer
	l, shellcheck := newLinter(t, root, &out)
	if !shellcheck {
		t.Log("shellcheck is not installed: the run: scripts are not checked by it")
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		t.Fatalf("actionlint found %d errors in %d workflows:\n%s", len(errs), len(files), out.String())
	}
	t.Logf("actionlint: %d workflows, no errors (shellcheck: %v)", len(files), shellcheck)
}

// The lint is live: each workflow below has one mistake, and actionlint must report it, by the rule
// (Kind) that finds it.
func TestActionlintCatchesBrokenWorkflows(t *testing.T) {
	const header = "name: broken\non: [push]\njobs:\n"
	cases := []struct {
		name, jobs, kind, message string
		needsShellcheck           bool
	}{
		{
			name:    "job without runs-on",
			jobs:    "  build:\n    steps:\n      - run: echo hi\n",
			kind:    "syntax-check",
			message: `"runs-on" section is missing in job "build"`,
		},
		{
			name:    "misspelt input of a known action",
			jobs:    "  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v6\n        with:\n          node-version-fil: .nvmrc\n",
			kind:    "action",
			message: `input "node-version-fil" is not defined`,
		},
		{
			name:    "needs a job that does not exist",
			jobs:    "  build:\n    runs-on: ubuntu-latest\n    needs: [tset]\n    steps:\n      - run: echo hi\n",
			kind:    "job-needs",
			message: `job "build" needs job "tset" which does not exist`,
		},
		{
			name:    "undefined step output in an expression",
			jobs:    "  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$V\"\n        env:\n          V: ${{ steps.nope.outputs.version }}\n",
			kind:    "expression",
			message: `property "nope" is not defined`,
		},
		{
			name:    "untrusted input expanded into a script",
			jobs:    "  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.pull_request.title }}\"\n",
			kind:    "expression",
			message: `"github.event.pull_request.title" is potentially untrusted`,
		},
		{
			name:            "unquoted variable in a run: script (shellcheck)",
			jobs:            "  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cp $SRC dist/\n",
			kind:            "shellcheck",
			message:         "SC2086",
			needsShellcheck: true,
		},
	}
	root := repoRoot(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			l, shellcheck := newLinter(t, root, &out)
			if c.needsShellcheck && !shellcheck {
				t.Skip("shellcheck is not installed")
			}
			errs, err := l.Lint("broken.yml", []byte(header+c.jobs), nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range errs {
				if e.Kind == c.kind && strings.Contains(e.Message, c.message) {
					return
				}
			}
			t.Errorf("actionlint did not report [%s] %q; it reported %d errors:\n%s", c.kind, c.message, len(errs), out.String())
		})
	}
}
