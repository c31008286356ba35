package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	"google.golang.org/grpc/connectivity"
)

// benchRun is one measured launch of one executable.
type benchRun struct {
	Round int `json:"round"`
	Order int `json:"order"` // position within the round (random)
	PID   int `json:"pid"`
	// HandshakeMs: Start → client.Client() returned. This includes the gRPC
	// connection: go-plugin opens the GRPCStdio stream synchronously there.
	HandshakeMs       float64 `json:"handshakeMs"`
	RSSAtHandshakeKiB int64   `json:"rssAtHandshakeKiB"` // VmRSS right after Client()
	FirstHealthMs     float64 `json:"firstHealthMs"`
	HealthStatus      string  `json:"healthStatus"`
	FirstQueryMs      float64 `json:"firstQueryMs"`
	QueryRows         int     `json:"queryRows"`
	IdleRSSKiB        *int64  `json:"idleRssKiB,omitempty"`
	IdleRSSAnonKiB    *int64  `json:"idleRssAnonKiB,omitempty"`
	IdleRSSFileKiB    *int64  `json:"idleRssFileKiB,omitempty"`
	IdleTreeRSSKiB    *int64  `json:"idleTreeRssKiB,omitempty"` // pid + descendants
	StopMs            float64 `json:"stopMs"`
	Graceful          bool    `json:"graceful"`
}

type benchExe struct {
	Path      string                  `json:"path"`
	PluginID  string                  `json:"pluginId"`
	SizeBytes int64                   `json:"sizeBytes"`
	Runs      []benchRun              `json:"runs"`
	Summary   map[string]benchSummary `json:"summary"`
}

type benchSummary struct {
	N      int     `json:"n"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Max    float64 `json:"max"`
	Mean   float64 `json:"mean"`
}

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runBench(args []string) error {
	fs := flag.NewFlagSet("bench-startup", flag.ContinueOnError)
	var exes stringList
	fs.Var(&exes, "exe", "plugin executable to launch (repeatable)")
	rounds := fs.Int("rounds", 20, "measured rounds")
	warmup := fs.Int("warmup", 1, "discarded warm-up rounds")
	idleRounds := fs.Int("idle-rounds", 3, "first N measured rounds also record idle RSS")
	idleMS := fs.Int("idle-ms", 2000, "idle wait before the idle RSS sample")
	level := fs.String("log-level", "warn", "stderr log level (plugin logs are noisy at debug)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(exes) == 0 || *rounds < 1 || *warmup < 0 {
		return errors.New("bench-startup: need at least one --exe and --rounds >= 1")
	}
	root := newRootLogger(*level)
	h := &host{url: "http://localhost:3000", log: root} // Grafana's default root_url

	out := make([]*benchExe, len(exes))
	specs := make([]pluginSpec, len(exes))
	for i, exe := range exes {
		abs, err := filepath.Abs(exe)
		if err != nil {
			return err
		}
		if err := checkExecutable(abs); err != nil {
			return err
		}
		st, _ := os.Stat(abs)
		specs[i] = pluginSpec{ID: benchPluginID(abs), Executable: abs}
		out[i] = &benchExe{Path: exe, PluginID: specs[i].ID, SizeBytes: st.Size(), Runs: []benchRun{}}
	}

	for round := -*warmup; round < *rounds; round++ {
		for pos, i := range rand.Perm(len(specs)) {
			idle := time.Duration(0)
			if round >= 0 && round < *idleRounds {
				idle = time.Duration(*idleMS) * time.Millisecond
			}
			run, err := benchOnce(h, specs[i], newPluginLogger(root, specs[i].ID), idle)
			if err != nil {
				return fmt.Errorf("%s (round %d): %w", specs[i].Executable, round, err)
			}
			run.Round, run.Order = round, pos
			root.Info("bench launch", "exe", specs[i].Executable, "round", round, "handshakeMs", run.HandshakeMs)
			if round >= 0 {
				out[i].Runs = append(out[i].Runs, run)
			}
		}
	}
	for _, e := range out {
		e.Summary = summarize(e.Runs)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Rounds      int         `json:"rounds"`
		Warmup      int         `json:"warmup"`
		Executables []*benchExe `json:"executables"`
	}{*rounds, *warmup, out})
}

// benchPluginID uses the id from a plugin.json next to the executable, if
// any, so PluginContext.PluginID looks real; else the binary's base name.
func benchPluginID(exe string) string {
	var pj pluginJSON
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(exe), "plugin.json")); err == nil && json.Unmarshal(b, &pj) == nil && pj.ID != "" {
		return pj.ID
	}
	return strings.TrimSuffix(filepath.Base(exe), executableSuffix())
}

func benchOnce(h *host, spec pluginSpec, logger hclog.Logger, idle time.Duration) (run benchRun, err error) {
	p, err := launch(spec, logger, launchOptions{killWithHost: true})
	if err != nil {
		return run, err
	}
	defer func() {
		if err != nil {
			p.stop()
		}
	}()
	run.PID, run.HandshakeMs = p.PID, ms(p.Handshake)
	st, err := procStatus(p.PID, "VmRSS")
	if err != nil {
		return run, err
	}
	run.RSSAtHandshakeKiB = st["VmRSS"]

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Normally a no-op (see HandshakeMs); guards against a plugin whose
	// stdio stream failed with UNAVAILABLE, which go-plugin tolerates.
	if err := waitReady(ctx, p); err != nil {
		return run, err
	}

	ds := &datasource{ID: 1, OrgID: 1, UID: "bench", Name: "bench", Type: spec.ID,
		JSONData: json.RawMessage("{}"), SecureJSONData: map[string]string{}, Updated: time.Now()}
	user := signedInUser{User: &backend.User{Login: "admin", Email: "admin@localhost", Role: "Admin"}, OrgID: 1}
	pctx := backend.ToProto().PluginContext(h.pluginContext(p, ds, user))

	t := time.Now()
	health, err := p.diag.CheckHealth(ctx, &pluginv2.CheckHealthRequest{PluginContext: pctx})
	if err != nil {
		return run, fmt.Errorf("CheckHealth: %w", err)
	}
	run.FirstHealthMs, run.HealthStatus = ms(time.Since(t)), health.Status.String()

	now := time.Now()
	qjson := fmt.Sprintf(`{"refId":"A","queryType":"ping","rows":3,"datasource":{"uid":"bench","type":%q},"intervalMs":1000,"maxDataPoints":100}`, spec.ID)
	req := &backend.QueryDataRequest{PluginContext: h.pluginContext(p, ds, user), Queries: []backend.DataQuery{{
		RefID: "A", QueryType: "ping", MaxDataPoints: 100, Interval: time.Second,
		TimeRange: backend.TimeRange{From: now.Add(-5 * time.Minute), To: now}, JSON: json.RawMessage(qjson),
	}}}
	t = time.Now()
	qresp, err := p.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return run, fmt.Errorf("QueryData: %w", err)
	}
	run.FirstQueryMs = ms(time.Since(t))
	dec, err := backend.FromProto().QueryDataResponse(qresp)
	if err != nil {
		return run, fmt.Errorf("QueryData: decoding frames: %w", err)
	}
	a, ok := dec.Responses["A"]
	if !ok || a.Error != nil || len(a.Frames) == 0 {
		return run, fmt.Errorf("QueryData: ping query failed: present=%v error=%v frames=%d", ok, a.Error, len(a.Frames))
	}
	run.QueryRows, _ = a.Frames[0].RowLen()

	if idle > 0 {
		time.Sleep(idle)
		st, err := procStatus(p.PID, "VmRSS", "RssAnon", "RssFile")
		if err != nil {
			return run, err
		}
		rss, anon, file := st["VmRSS"], st["RssAnon"], st["RssFile"]
		run.IdleRSSKiB, run.IdleRSSAnonKiB, run.IdleRSSFileKiB = &rss, &anon, &file
		if tree, err := treeRSS(p.PID); err == nil {
			run.IdleTreeRSSKiB = &tree
		}
	}

	res := p.stop()
	run.StopMs, run.Graceful = res.MS, res.Graceful
	return run, nil
}

// waitReady waits until go-plugin's (non-blocking) gRPC dial is READY.
func waitReady(ctx context.Context, p *pluginProc) error {
	if p.conn == nil {
		return nil
	}
	for {
		s := p.conn.Conn.GetState()
		if s == connectivity.Ready {
			return nil
		}
		if s == connectivity.Shutdown {
			return errors.New("gRPC connection shut down")
		}
		if s == connectivity.Idle {
			p.conn.Conn.Connect()
		}
		if !p.conn.Conn.WaitForStateChange(ctx, s) {
			return fmt.Errorf("gRPC connection not ready: %w", ctx.Err())
		}
	}
}

func summarize(runs []benchRun) map[string]benchSummary {
	metrics := map[string]func(benchRun) (float64, bool){
		"handshakeMs":       func(r benchRun) (float64, bool) { return r.HandshakeMs, true },
		"rssAtHandshakeKiB": func(r benchRun) (float64, bool) { return float64(r.RSSAtHandshakeKiB), true },
		"firstHealthMs":     func(r benchRun) (float64, bool) { return r.FirstHealthMs, true },
		"firstQueryMs":      func(r benchRun) (float64, bool) { return r.FirstQueryMs, true },
		"stopMs":            func(r benchRun) (float64, bool) { return r.StopMs, true },
		"idleRssKiB": func(r benchRun) (float64, bool) {
			if r.IdleRSSKiB == nil {
				return 0, false
			}
			return float64(*r.IdleRSSKiB), true
		},
	}
	out := map[string]benchSummary{}
	for name, get := range metrics {
		var xs []float64
		for _, r := range runs {
			if v, ok := get(r); ok {
				xs = append(xs, v)
			}
		}
		if len(xs) == 0 {
			continue
		}
		sort.Float64s(xs)
		sum := 0.0
		for _, x := range xs {
			sum += x
		}
		out[name] = benchSummary{
			N: len(xs), Min: xs[0], Max: xs[len(xs)-1], Mean: round3(sum / float64(len(xs))),
			Median: quantile(xs, 0.5), P90: quantile(xs, 0.9),
		}
	}
	return out
}

// quantile uses linear interpolation between closest ranks (xs sorted).
func quantile(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	lo := int(pos)
	if lo+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return round3(xs[lo] + (pos-float64(lo))*(xs[lo+1]-xs[lo]))
}

func round3(x float64) float64 { return float64(int64(x*1000+0.5)) / 1000 }
