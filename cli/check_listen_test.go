package cli

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/config"
	"keepwarm/internal/mailtest"
)

// TestHelperListener is another program for the listen tests: run as a
// child process with KW_TEST_LISTEN set, it listens there, says "ready"
// and waits until its stdin closes. Otherwise it does nothing.
func TestHelperListener(t *testing.T) {
	addr := os.Getenv("KW_TEST_LISTEN")
	if addr == "" {
		return
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	defer ln.Close()
	fmt.Println("ready")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n')
	os.Exit(0)
}

// otherProgram starts a process other than this one listening on addr,
// stopped when t ends, and returns its process id.
func otherProgram(t *testing.T, addr string) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperListener$")
	cmd.Env = append(os.Environ(), "KW_TEST_LISTEN="+addr)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close(); _ = cmd.Wait() })
	line, _ := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "ready" {
		t.Fatalf("the other program did not listen on %s: %q", addr, line)
	}
	return cmd.Process.Pid
}

// Checked while this database's run serves [web] listen, a config that
// puts [ops] listen on the same address fails: both keys on one port stop
// the next run at every start, whatever listens there now.
func TestCheckFailsBothKeysOnOnePortWhileRunServesIt(t *testing.T) {
	addr := freeAddr(t)
	r := startRun(t, "error", "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n", nil, nil)
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(filepath.Dir(r.config), "with-ops.toml")
	if err := os.WriteFile(path, append(conf, []byte("\n[ops]\nlisten = \""+addr+"\"\n")...), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, r.env).run(context.Background(), "--log-level", "error", "check")
	want := "FAIL  web.listen " + addr + ": the port of ops.listen " + addr + ", which run listens on first"
	if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "give [ops] listen and [web] listen different ports") {
		t.Fatalf("exit %d, want 1 and %q:\n%s\n%s", code, want, out, errs)
	}
}

// Run serves web at 127.0.0.1:PORT and another program listens at
// 127.0.0.2:PORT: a web.listen of 0.0.0.0:PORT (every address) would meet
// that program at the next start, so check fails, though run listens on
// that port too.
func TestCheckFailsAnAddressOfRunsPortAnotherProgramHolds(t *testing.T) {
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	r := startRun(t, "error", "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n", nil, nil)
	otherProgram(t, "127.0.0.2:"+port)
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(filepath.Dir(r.config), "every-address.toml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(conf), "listen = \""+addr+"\"", "listen = \"0.0.0.0:"+port+"\"", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, r.env).run(context.Background(), "--log-level", "error", "check")
	want := "FAIL  web.listen 0.0.0.0:" + port + ": address already in use by another program"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s\n%s", code, want, out, errs)
	}
}

// The lock file still names a process after its run ended (a crash, a
// reboot: the pid is another program's now). That program listens on
// [web] listen: check fails, since no run holds the lock.
func TestCheckDoesNotTakeALockFilesOldWordsForARun(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	addr := freeAddr(t)
	pid := otherProgram(t, addr)
	path := writeConfig(t, srv, "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n")
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	words := fmt.Sprintf("run %d %d\n", pid, time.Now().Unix())
	if err := os.WriteFile(filepath.Join(dir, "kw.db.lock"), []byte(words), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "check")
	want := "FAIL  web.listen " + addr + ": address already in use by another program"
	if code != 1 || !strings.Contains(out, want) {
		t.Fatalf("exit %d, want 1 and %q:\n%s\n%s", code, want, out, errs)
	}
}

// A port below 1024: check runs as whoever runs it, run as the service's
// user. Root may listen there, the README's service (User=keepwarm, no
// capability) may not; a unit that grants CAP_NET_BIND_SERVICE, or runs
// keepwarm as root, may, whoever runs check.
func TestLowPortIsJudgedForTheServicesUser(t *testing.T) {
	plain := serviceRights{unit: "/etc/systemd/system/keepwarm.service", user: "keepwarm"}
	capped := serviceRights{unit: plain.unit, user: "keepwarm", capBind: true}
	asRoot := serviceRights{unit: plain.unit}
	for _, c := range []struct {
		name  string
		uid   int
		svc   serviceRights
		bound bool
		level string
	}{
		{"root, the unit's user keepwarm without the capability", 0, plain, true, "FAIL"},
		{"root, no unit file: the README's", 0, serviceRights{}, true, "warn"},
		{"root, the unit grants the capability", 0, capped, true, "ok"},
		{"root, the unit runs keepwarm as root", 0, asRoot, true, "ok"},
		{"the service's user, the unit grants the capability", 999, capped, false, "warn"},
		{"the service's user, no capability", 999, plain, false, "FAIL"},
		{"a user who may, by the kernel's setting", 999, plain, true, "ok"},
	} {
		if level, why := lowPortSay(c.uid, c.svc, c.bound); level != c.level {
			t.Errorf("%s: %s %q, want %s", c.name, level, why, c.level)
		}
	}
}

// As root, with a unit that runs keepwarm as user keepwarm without
// CAP_NET_BIND_SERVICE, check fails [ops] listen on a port below 1024
// that it could listen on itself; with AmbientCapabilities= it passes.
func TestCheckAsRootFailsALowPortTheServiceCannotListenOn(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to listen below 1024")
	}
	addr := ""
	for p := 1023; p > 900 && addr == ""; p-- {
		if ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p)); err == nil {
			addr = ln.Addr().String()
			ln.Close()
		}
	}
	if addr == "" {
		t.Skip("no free port below 1024")
	}
	srv := mailtest.NewMemServer(t)
	path := writeConfig(t, srv, "\n[ops]\nlisten = \""+addr+"\"\n")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	unit := filepath.Join(t.TempDir(), "keepwarm.service")
	for _, c := range []struct {
		unit string
		fail bool
	}{
		{"[Service]\nUser=keepwarm\nNoNewPrivileges=yes\n", true},
		{"[Service]\nUser=keepwarm\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n", false},
	} {
		if err := os.WriteFile(unit, []byte(c.unit), 0o600); err != nil {
			t.Fatal(err)
		}
		serviceSigns(t, 0, "root", unit)
		var out strings.Builder
		failed := ""
		checkListens(&out, &Main{cfg: cfg}, func(what string, err error, fix string) {
			if err != nil {
				failed = what + ": " + err.Error()
			} else {
				fmt.Fprintf(&out, "ok    %s\n", what)
			}
		})
		if c.fail && (!strings.Contains(failed, "runs keepwarm as user keepwarm without AmbientCapabilities=CAP_NET_BIND_SERVICE") || strings.Contains(out.String(), "ok ")) {
			t.Errorf("%q: failed %q, said:\n%s", c.unit, failed, out.String())
		}
		if !c.fail && (failed != "" || !strings.Contains(out.String(), "ok    ops.listen "+addr+": run can listen there")) {
			t.Errorf("%q: failed %q, said:\n%s", c.unit, failed, out.String())
		}
	}
}
