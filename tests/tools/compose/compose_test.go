package compose

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// The host ports the demo stack may publish, by service: Grafana and the Jaeger UI, nothing else
// (docker-compose.yaml's header).
var wantPublished = map[string][]string{
	"grafana": {"3000:3000/tcp"},
	"jaeger":  {"16686:16686/tcp"},
}

// repoRoot is the repository's root: go test runs in this package's directory, tests/tools/compose.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "docker-compose.yaml")); err != nil {
		t.Fatalf("docker-compose.yaml not found in %s: %v", root, err)
	}
	return root
}

// loadProject loads docker-compose.yaml as `docker compose` does from the repository's root
// (project directory = the root, paths resolved, `extends` followed), with env as the whole
// environment, so the file's ${VAR:-default} take their defaults unless env sets them. Absolute
// paths throughout: the test does not depend on its working directory.
func loadProject(t *testing.T, root string, env map[string]string) *types.Project {
	t.Helper()
	var environment []string
	for k, v := range env {
		environment = append(environment, k+"="+v)
	}
	opts, err := cli.NewProjectOptions(
		[]string{filepath.Join(root, "docker-compose.yaml")},
		cli.WithWorkingDirectory(root),
		cli.WithEnv(environment),
		cli.WithResolvedPaths(true),
		cli.WithName("llmops"),
	)
	if err != nil {
		t.Fatal(err)
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yaml does not load: %v", err)
	}
	return project
}

// loadContent loads content in place of docker-compose.yaml (same file name, same project
// directory, so its `extends` still reads the real .config/docker-compose-base.yaml).
func loadContent(t *testing.T, root string, content []byte) *types.Project {
	t.Helper()
	project, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir:  root,
		ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(root, "docker-compose.yaml"), Content: content}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("llmops", true)
		o.ResolvePaths = true
	})
	if err != nil {
		t.Fatalf("the modified docker-compose.yaml does not load: %v", err)
	}
	return project
}

// published lists each service's published ports as host:container/protocol ("127.0.0.1:" first
// when bound to an address); a port without a host side is published on a random host port, so it
// counts too ("random:9100/tcp").
func published(project *types.Project) map[string][]string {
	ports := map[string][]string{}
	for name, service := range project.Services {
		for _, p := range service.Ports {
			host := p.Published
			if host == "" {
				host = "random"
			}
			if p.HostIP != "" {
				host = p.HostIP + ":" + host
			}
			ports[name] = append(ports[name], fmt.Sprintf("%s:%d/%s", host, p.Target, p.Protocol))
		}
		slices.Sort(ports[name])
	}
	return ports
}

// checkPublished says how the project's published ports differ from wantPublished, or nil. Host
// networking would publish every port a container listens on, so it is refused as well.
func checkPublished(project *types.Project) error {
	var problems []string
	got := published(project)
	for _, name := range project.ServiceNames() {
		if got, want := got[name], wantPublished[name]; !slices.Equal(got, want) {
			problems = append(problems, fmt.Sprintf("service %s publishes %v, want %v", name, got, want))
		}
		if mode := project.Services[name].NetworkMode; mode == "host" {
			problems = append(problems, fmt.Sprintf("service %s uses the host's network", name))
		}
	}
	for name := range wantPublished {
		if _, ok := project.Services[name]; !ok {
			problems = append(problems, fmt.Sprintf("service %s is missing", name))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func TestComposeFileLoads(t *testing.T) {
	root := repoRoot(t)
	project := loadProject(t, root, nil)

	want := []string{"alloy", "grafana", "ingest", "jaeger", "loki", "mysql", "otel-collector", "prometheus", "rollup", "seed", "workload"}
	if got := project.ServiceNames(); !slices.Equal(got, want) {
		t.Errorf("services: got %v, want %v", got, want)
	}

	// `extends` was followed: the base file's build context and volumes, resolved from .config/.
	grafana := project.Services["grafana"]
	if grafana.Build == nil || grafana.Build.Context != filepath.Join(root, ".config") {
		t.Errorf("grafana's build context: got %+v, want %s (from .config/docker-compose-base.yaml)", grafana.Build, filepath.Join(root, ".config"))
	}
	pluginDir := false
	for _, v := range grafana.Volumes {
		if v.Source == filepath.Join(root, "dist") && v.Target == "/var/lib/grafana/plugins/llmops-observability-app" {
			pluginDir = true
		}
	}
	if !pluginDir {
		t.Errorf("grafana does not mount dist/ as its plugin directory: %+v", grafana.Volumes)
	}
	// The base file's environment and the service's own are merged.
	if v := grafana.Environment["GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"]; v == nil || *v != "llmops-observability-app,llmops-ledger-datasource" {
		t.Errorf("grafana's GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: got %v", v)
	}

	// The ${VAR:-default} defaults: the Ubuntu image of the oldest Grafana supported, and one
	// password for MySQL's ledger_ro and Grafana's ledger datasource.
	if v := grafana.Build.Args["grafana_version"]; v == nil || *v != "12.4.0-ubuntu" {
		t.Errorf("grafana's grafana_version build arg: got %v, want 12.4.0-ubuntu", v)
	}
	mysqlPassword := project.Services["mysql"].Environment["LEDGER_DB_PASSWORD"]
	grafanaPassword := grafana.Environment["LEDGER_DB_PASSWORD"]
	if mysqlPassword == nil || grafanaPassword == nil || *mysqlPassword != *grafanaPassword {
		t.Errorf("LEDGER_DB_PASSWORD differs between mysql (%v) and grafana (%v)", mysqlPassword, grafanaPassword)
	}
}

// What .github/workflows/e2e-grafana.yml sets: GRAFANA_VERSION picks the image tag, and
// LEDGER_DB_PASSWORD reaches both MySQL and Grafana.
func TestComposeFileTakesTheWorkflowsVariables(t *testing.T) {
	project := loadProject(t, repoRoot(t), map[string]string{
		"GRAFANA_VERSION":    "latest-ubuntu",
		"LEDGER_DB_PASSWORD": "from-the-environment",
	})
	grafana := project.Services["grafana"]
	if v := grafana.Build.Args["grafana_version"]; v == nil || *v != "latest-ubuntu" {
		t.Errorf("grafana's grafana_version build arg: got %v, want latest-ubuntu", v)
	}
	for _, name := range []string{"grafana", "mysql"} {
		if v := project.Services[name].Environment["LEDGER_DB_PASSWORD"]; v == nil || *v != "from-the-environment" {
			t.Errorf("%s's LEDGER_DB_PASSWORD: got %v, want from-the-environment", name, v)
		}
	}
}

// LLMOPS_INGEST_KEY, set once, reaches the ingest (which hashes it), the collector and the workload
// (which send it); LEDGER_INGEST_PASSWORD reaches MySQL's init script and the ingest.
func TestComposeFileSharesTheIngestKeyAndPassword(t *testing.T) {
	project := loadProject(t, repoRoot(t), map[string]string{
		"LLMOPS_INGEST_KEY":      "key-from-the-environment",
		"LEDGER_INGEST_PASSWORD": "password-from-the-environment",
	})
	for _, name := range []string{"ingest", "otel-collector", "workload"} {
		if v := project.Services[name].Environment["LLMOPS_INGEST_KEY"]; v == nil || *v != "key-from-the-environment" {
			t.Errorf("%s's LLMOPS_INGEST_KEY: got %v, want key-from-the-environment", name, v)
		}
	}
	if v := project.Services["mysql"].Environment["LEDGER_INGEST_PASSWORD"]; v == nil || *v != "password-from-the-environment" {
		t.Errorf("mysql's LEDGER_INGEST_PASSWORD: got %v", v)
	}
	if v := project.Services["ingest"].Environment["LLMOPS_INGEST_DB_PASSWORD"]; v == nil || *v != "password-from-the-environment" {
		t.Errorf("ingest's LLMOPS_INGEST_DB_PASSWORD: got %v", v)
	}
	// The entrypoint's $$ reaches the shell as $: the key is read from the environment at start.
	entrypoint := strings.Join(project.Services["ingest"].Entrypoint, " ")
	if !strings.Contains(entrypoint, `hash-key "$LLMOPS_INGEST_KEY"`) {
		t.Errorf("ingest entrypoint does not hash $LLMOPS_INGEST_KEY: %s", entrypoint)
	}
}

func TestComposeFilePublishesOnlyGrafanaAndJaeger(t *testing.T) {
	project := loadProject(t, repoRoot(t), nil)
	if err := checkPublished(project); err != nil {
		t.Error(err)
	}
	t.Logf("published: %v", published(project))
}

// The base file publishes delve's 2345 as well; docker-compose.yaml drops it with `ports: !override`.
// Without the tag, `extends` merges the two lists and 2345 is published: the check above would fail.
func TestWithoutOverrideTheBasePortsArePublished(t *testing.T) {
	root := repoRoot(t)
	content, err := os.ReadFile(filepath.Join(root, "docker-compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	const tagged = "ports: !override\n"
	if n := bytes.Count(content, []byte(tagged)); n != 1 {
		t.Fatalf("docker-compose.yaml has %d %q, want 1 (grafana's): update this test", n, tagged)
	}
	project := loadContent(t, root, bytes.Replace(content, []byte(tagged), []byte("ports:\n"), 1))

	got := published(project)["grafana"]
	if want := []string{"2345:2345/tcp", "3000:3000/tcp"}; !slices.Equal(got, want) {
		t.Errorf("grafana without !override publishes %v, want %v", got, want)
	}
	err = checkPublished(project)
	if err == nil || !strings.Contains(err.Error(), "2345") {
		t.Errorf("checkPublished without !override: got %v, want an error naming 2345", err)
	}
	t.Logf("without !override: %v", err)
}
