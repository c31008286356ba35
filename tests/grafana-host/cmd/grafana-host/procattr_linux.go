package main

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal makes the kernel SIGKILL a plugin if the host dies
// without stopping it (e.g. the test runner SIGKILLs the host), so tests
// never leak plugin processes. Grafana does not do this; it is invisible to
// the plugin otherwise.
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
