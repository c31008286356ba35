package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
)

// handshake mirrors the SDK's (unexported) grpcplugin handshake config, built
// from its exported constants, as Grafana does.
var handshake = plugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// versionedPlugins is Grafana's v2 plugin set restricted to the services a
// datasource uses (diagnostics, resource, data, stream).
func versionedPlugins() map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{
		grpcplugin.ProtocolVersion: {
			"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
			"resource":    &grpcplugin.ResourceGRPCPlugin{},
			"data":        &grpcplugin.DataGRPCPlugin{},
			"stream":      &grpcplugin.StreamGRPCPlugin{},
		},
	}
}

// pluginEnv is the explicit environment Grafana passes when host env vars are
// skipped: GF_VERSION, licence vars, and only the proxy variables from the host.
func pluginEnv() []string {
	env := []string{"GF_VERSION=" + grafanaVersion, "GF_EDITION=Open Source"}
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// pluginProc is one running plugin process and its gRPC clients.
type pluginProc struct {
	pluginSpec
	PID       int
	Handshake time.Duration // Start → client.Client() returned

	client   *plugin.Client
	cmd      *exec.Cmd
	conn     *plugin.GRPCClient
	data     pluginv2.DataClient
	diag     pluginv2.DiagnosticsClient
	resource pluginv2.ResourceClient

	stopping     atomic.Bool // set once Kill was requested
	exitReported atomic.Bool // exit watcher already logged the exit
}

// launchOptions are deviations from Grafana's launch that a test can ask for.
type launchOptions struct {
	// autoMTLS turns on go-plugin's AutoMTLS, which Grafana leaves off; it proves the plugin's
	// TLS path (PLUGIN_CLIENT_CERT, server certificate in the handshake line).
	autoMTLS bool
	// killWithHost sets a parent-death signal so a SIGKILLed host takes its plugins along.
	// Grafana does not do this, so it is off unless asked for: by default a plugin whose host
	// dies must notice by itself.
	killWithHost bool
	// stderr, when set, receives the plugin's stderr verbatim (go-plugin's ClientConfig.Stderr), so a
	// test can see lines exactly as the plugin wrote them, before go-plugin assigns them a level.
	stderr io.Writer
}

// launch starts spec.Executable the way Grafana's grpcplugin client does and
// waits for the go-plugin handshake and the gRPC client.
func launch(spec pluginSpec, logger hclog.Logger, opts launchOptions) (*pluginProc, error) {
	cmd := exec.Command(spec.Executable)
	cmd.Env = pluginEnv()
	if opts.killWithHost {
		setParentDeathSignal(cmd)
	}
	client := plugin.NewClient(&plugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  handshake,
		VersionedPlugins: versionedPlugins(),
		SkipHostEnv:      true,
		Logger:           logger,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         opts.autoMTLS,
		Stderr:           opts.stderr,
	})
	p := &pluginProc{pluginSpec: spec, client: client, cmd: cmd}

	start := time.Now()
	rpc, err := client.Client()
	p.Handshake = time.Since(start)
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("plugin %q: start/handshake failed: %w", spec.ID, err)
	}
	if cmd.Process != nil {
		p.PID = cmd.Process.Pid
	}
	// Grafana refuses plugins that negotiate a protocol below 2.
	if v := client.NegotiatedVersion(); v < grpcplugin.ProtocolVersion {
		client.Kill()
		return nil, fmt.Errorf("plugin %q: negotiated protocol version %d, need %d", spec.ID, v, grpcplugin.ProtocolVersion)
	}
	p.conn, _ = rpc.(*plugin.GRPCClient)

	// Dispense only wraps the shared *grpc.ClientConn; with gRPC it cannot
	// fail for a registered name, but keep the checks for clear errors.
	var ok bool
	if p.data, ok = dispense(rpc, "data").(pluginv2.DataClient); !ok {
		client.Kill()
		return nil, fmt.Errorf("plugin %q: cannot dispense data client", spec.ID)
	}
	if p.diag, ok = dispense(rpc, "diagnostics").(pluginv2.DiagnosticsClient); !ok {
		client.Kill()
		return nil, fmt.Errorf("plugin %q: cannot dispense diagnostics client", spec.ID)
	}
	if p.resource, ok = dispense(rpc, "resource").(pluginv2.ResourceClient); !ok {
		client.Kill()
		return nil, fmt.Errorf("plugin %q: cannot dispense resource client", spec.ID)
	}
	return p, nil
}

func dispense(rpc plugin.ClientProtocol, name string) any {
	v, err := rpc.Dispense(name)
	if err != nil {
		return nil
	}
	return v
}

// stopResult describes how a plugin process ended after Kill().
type stopResult struct {
	ID       string  `json:"id"`
	PID      int     `json:"pid"`
	Graceful bool    `json:"graceful"`
	MS       float64 `json:"ms"`
	ExitCode int     `json:"exitCode"`         // -1 when killed by a signal
	Signal   string  `json:"signal,omitempty"` // e.g. "killed"
	// AlreadyExited: the process had ended before stop was called (crash
	// or external kill); Graceful then only reflects how it died.
	AlreadyExited bool `json:"alreadyExited,omitempty"`
}

// hardStopAfter bounds Kill(): go-plugin's Shutdown RPC uses a context that
// only ends when the process exits, so a plugin that accepts the RPC but
// never answers would hang Kill() forever. Grafana has the same issue; a
// test host must not, so we SIGKILL after this long.
const hardStopAfter = 10 * time.Second

// stop calls go-plugin's Kill() (GRPCController.Shutdown, then up to 2 s for
// the process to exit, then SIGKILL) and reports whether the process exited
// on its own. "Graceful" is judged from the wait status: the process was not
// terminated by SIGKILL (which is what go-plugin's force kill sends).
func (p *pluginProc) stop() stopResult {
	p.stopping.Store(true)
	already := p.exited()
	start := time.Now()
	done := make(chan struct{})
	go func() { p.client.Kill(); close(done) }()
	select {
	case <-done:
	case <-time.After(hardStopAfter):
		if p.cmd.Process != nil {
			_ = p.cmd.Process.Kill()
		}
		<-done
	}
	res := stopResult{ID: p.ID, PID: p.PID, MS: ms(time.Since(start)), ExitCode: -1, AlreadyExited: already}
	if ps := p.cmd.ProcessState; ps != nil {
		res.ExitCode = ps.ExitCode()
		res.Graceful = true
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			res.Signal = ws.Signal().String()
			res.Graceful = ws.Signal() != syscall.SIGKILL
		}
	}
	return res
}

// exited reports whether go-plugin saw the process end (and its pipes close).
func (p *pluginProc) exited() bool { return p.client.Exited() }

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
