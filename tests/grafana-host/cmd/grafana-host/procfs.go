package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// procStatus reads the given "Key:  N kB" fields from /proc/<pid>/status
// (Linux only), in KiB.
func procStatus(pid int, keys ...string) (map[string]int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || !want[k] {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("/proc/%d/status %s: %w", pid, k, err)
		}
		out[k] = n
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, k := range keys {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("/proc/%d/status has no %s", pid, k)
		}
	}
	return out, nil
}

// treeRSS sums VmRSS over pid and its descendants, for launchers that fork
// (e.g. a shell wrapper that does not exec node). Shared pages are counted
// once per process, so this over-estimates; it is informative only.
func treeRSS(pid int) (int64, error) {
	st, err := procStatus(pid, "VmRSS")
	if err != nil {
		return 0, err
	}
	total := st["VmRSS"]
	for _, c := range childPIDs(pid) {
		if n, err := treeRSS(c); err == nil {
			total += n
		}
	}
	return total, nil
}

// childPIDs lists direct children via /proc/<pid>/task/*/children.
func childPIDs(pid int) []int {
	tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
