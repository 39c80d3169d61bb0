package cli

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
	plain := serviceRights{unit: "/etc/systemd/system/keepwarm.service", user: "keepwarm", fromSystemd: true}
	capped := serviceRights{unit: plain.unit, user: "keepwarm", capBind: true}
	asRoot := serviceRights{unit: plain.unit}
	filesOnly := serviceRights{unit: plain.unit, user: "keepwarm"}
	dynamic := serviceRights{unit: plain.unit, dynamic: true, fromSystemd: true}
	bounded := serviceRights{unit: plain.unit, notBounded: true, fromSystemd: true}
	uid0 := serviceRights{unit: plain.unit, user: "0"}
	setcap := serviceRights{unit: plain.unit, user: "keepwarm", fromSystemd: true, exec: "/usr/local/bin/keepwarm", fileCap: true}
	setcapNNP := setcap
	setcapNNP.noNewPrivs = true
	unreadable := serviceRights{unit: plain.unit, user: "keepwarm", fromSystemd: true, exec: "/usr/local/bin/keepwarm", fileCapErr: fs.ErrPermission}
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
		{"a user with the capability itself (a file capability), the unit without it", 999, plain, true, "FAIL"},
		{"a user with the capability itself, systemd says nothing more", 1000, plain, true, "FAIL"},
		{"root, the binary's file capability under NoNewPrivileges=yes", 0, setcapNNP, true, "FAIL"},
		{"a user with the capability itself, the binary's under NoNewPrivileges=yes", 1000, setcapNNP, true, "FAIL"},
		{"root, the binary's file capability without NoNewPrivileges=", 0, setcap, true, "warn"},
		{"a user with the capability itself, the binary's without NoNewPrivileges=", 1000, setcap, true, "warn"},
		{"the service's user, who may not, the binary's without NoNewPrivileges=", 999, setcap, false, "warn"},
		{"root, the binary's file capabilities cannot be read", 0, unreadable, true, "warn"},
		{"a user with the capability itself, the unit grants it", 1000, capped, true, "ok"},
		{"root, the unit files alone say keepwarm without the capability", 0, filesOnly, true, "warn"},
		{"the service's user, the unit files alone say no capability", 999, filesOnly, false, "warn"},
		{"root, systemd says DynamicUser", 0, dynamic, true, "FAIL"},
		{"root, systemd says a bounding set without the capability", 0, bounded, true, "FAIL"},
		{"root, the unit says User=0", 0, uid0, true, "ok"},
	} {
		if level, why := lowPortSay(c.uid, c.svc, c.bound); level != c.level {
			t.Errorf("%s: %s %q, want %s", c.name, level, why, c.level)
		}
	}
}

// As root, with a unit that runs keepwarm as user keepwarm without
// CAP_NET_BIND_SERVICE as systemd reads it, check fails [ops] listen on a
// port below 1024 that it could listen on itself; with
// AmbientCapabilities= it passes; from the unit files alone it warns.
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
	bin := plainBinary(t)
	execStart := "ExecStart={ path=" + bin + " ; argv[]=" + bin + " run ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }\n"
	oldShow := systemdShow
	t.Cleanup(func() { systemdShow = oldShow })
	for _, c := range []struct {
		unit string
		show string // systemctl show's answer; "" no systemd
		fail bool
	}{
		{"[Service]\nUser=keepwarm\nNoNewPrivileges=yes\n", "LoadState=loaded\nFragmentPath=" + unit + "\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\nNoNewPrivileges=yes\n" + execStart, true},
		{"[Service]\nUser=keepwarm\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n", "LoadState=loaded\nFragmentPath=" + unit + "\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=cap_net_bind_service\nCapabilityBoundingSet=cap_chown cap_net_bind_service\nNoNewPrivileges=no\n" + execStart, false},
		{"[Service]\nUser=keepwarm\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n", "", false},
		{"[Service]\nUser=keepwarm\nNoNewPrivileges=yes\n", "", false}, // the files alone: a warning
	} {
		if err := os.WriteFile(unit, []byte(c.unit), 0o600); err != nil {
			t.Fatal(err)
		}
		systemdShow = func() (string, bool) { return c.show, c.show != "" }
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
		if c.fail && (!strings.Contains(failed, "as user keepwarm without AmbientCapabilities=CAP_NET_BIND_SERVICE") || strings.Contains(out.String(), "ok ")) {
			t.Errorf("%q: failed %q, said:\n%s", c.unit, failed, out.String())
		}
		if !c.fail && c.show == "" && strings.Contains(c.unit, "NoNewPrivileges") {
			if failed != "" || !strings.Contains(out.String(), "warn  ops.listen "+addr+": check runs as root") {
				t.Errorf("%q from the files alone: failed %q, said:\n%s", c.unit, failed, out.String())
			}
			continue
		}
		if !c.fail && (failed != "" || !strings.Contains(out.String(), "ok    ops.listen "+addr+": run can listen there")) {
			t.Errorf("%q: failed %q, said:\n%s", c.unit, failed, out.String())
		}
	}
}

// What systemd says is the truth, whatever spelling the unit uses; what
// check reads of the files alone may miss a drop-in (`systemctl edit`
// writes one in /etc for a unit in /usr/lib), so it warns, never FAILs.
func TestLowPortServiceRightsAskSystemdAndDoNotFailOnFilesAlone(t *testing.T) {
	oldShow, oldUnits := systemdShow, serviceUnitPaths
	t.Cleanup(func() { systemdShow, serviceUnitPaths = oldShow, oldUnits })
	dir := t.TempDir()
	unit := filepath.Join(dir, "usr/lib/systemd/system/keepwarm.service")
	if err := os.MkdirAll(filepath.Dir(unit), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(unit, []byte("[Service]\nUser=keepwarm\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	serviceUnitPaths = []string{unit}
	bin := plainBinary(t)
	oldSelf := selfExecutable
	t.Cleanup(func() { selfExecutable = oldSelf })
	selfExecutable = func() (string, error) { return bin, nil }
	execStart := "NoNewPrivileges=no\nExecStart={ path=" + bin + " ; argv[]=" + bin + " run ; ignore_errors=no }\n"
	systemdShow = func() (string, bool) { return "", false }
	if level, why := lowPortSay(0, findServiceRights(), true); level == "FAIL" {
		t.Errorf("from the unit files alone (a drop-in in /etc unseen): %s %q; want a warning", level, why)
	}
	// Capability names in lower case grant it, as systemd reads them.
	if err := os.WriteFile(unit, []byte("[Service]\nUser=keepwarm\nAmbientCapabilities=cap_net_bind_service\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if level, why := lowPortSay(0, findServiceRights(), true); level != "ok" {
		t.Errorf("AmbientCapabilities=cap_net_bind_service: %s %q; want ok", level, why)
	}
	for _, c := range []struct {
		show  string
		level string
	}{
		{"LoadState=loaded\nFragmentPath=/usr/lib/systemd/system/keepwarm.service\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=cap_net_bind_service\nCapabilityBoundingSet=cap_chown cap_net_bind_service\n" + execStart, "ok"},
		{"LoadState=loaded\nFragmentPath=/usr/lib/systemd/system/keepwarm.service\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\n" + execStart, "FAIL"},
		{"LoadState=loaded\nFragmentPath=/usr/lib/systemd/system/keepwarm.service\nUser=\nDynamicUser=yes\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\n" + execStart, "FAIL"},
		{"LoadState=loaded\nFragmentPath=/usr/lib/systemd/system/keepwarm.service\nUser=\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown\n" + execStart, "FAIL"},
		{"LoadState=loaded\nFragmentPath=/usr/lib/systemd/system/keepwarm.service\nUser=\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\n" + execStart, "ok"},
	} {
		systemdShow = func() (string, bool) { return c.show, true }
		if level, why := lowPortSay(0, findServiceRights(), true); level != c.level {
			t.Errorf("systemd says\n%s: %s %q; want %s", c.show, level, why, c.level)
		}
	}
}

// The service's user checks while run serves [web] listen, and the unit
// grants run a capability this user lacks: the kernel lists run's open
// files but refuses to say what each is. Which sockets are run's is not
// known then: check warns, it does not take run's own socket for another
// program's.
func TestCheckWarnsWhenRunsOpenFilesCannotBeRead(t *testing.T) {
	addr := freeAddr(t)
	r := startRun(t, "error", "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n", nil, nil)
	old := readFDLink
	t.Cleanup(func() { readFDLink = old })
	readFDLink = func(name string) (string, error) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: syscall.EACCES}
	}
	code, out, errs := newCLI(t, r.config, r.env).run(context.Background(), "--log-level", "error", "check")
	want := fmt.Sprintf("warn  web.listen %s: in use, by keepwarm run (process %d) of this database if it is the one listening there (check cannot see its sockets as this user)", addr, os.Getpid())
	if code != 0 || !strings.Contains(out, want) || strings.Contains(out, "in use by another program") {
		t.Fatalf("exit %d, want 0 and %q:\n%s\n%s", code, want, out, errs)
	}
}

// When check cannot tell who holds the database's lock, its warning names
// what it could not read, not always the kernel's lock table: here the
// lock file (a real look: a link that loops), then a holder's open files,
// which root can read.
func TestCheckCannotTellSaysWhy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	addr := freeAddr(t)
	otherProgram(t, addr)
	path := writeConfig(t, srv, "\n[web]\nlisten = \""+addr+"\"\nbase_url = \"http://"+addr+"\"\n")
	cfg, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg.Database = filepath.Join(dir, "kw.db")
	if err := os.Symlink("kw.db.lock", filepath.Join(dir, "kw.db.lock")); err != nil { // a loop
		t.Fatal(err)
	}
	say := func() string {
		var out strings.Builder
		checkListens(&out, &Main{cfg: cfg}, func(what string, err error, fix string) {
			fmt.Fprintf(&out, "report %s: %v\n", what, err)
		})
		return out.String()
	}
	out := say()
	want := "warn  web.listen " + addr + ": in use, and check cannot tell whether by this database's keepwarm run (it cannot look at the lock file "
	if !strings.Contains(out, want) || strings.Contains(out, "/proc/locks") {
		t.Errorf("the lock file cannot be looked at: want %q, and not /proc/locks:\n%s", want, out)
	}
	old := dispatchHolder
	t.Cleanup(func() { dispatchHolder = old })
	dispatchHolder = func(string) (string, int, error) {
		return "", 0, fmt.Errorf("it cannot read which files process 812 holds open as this user: %w", fs.ErrPermission)
	}
	out = say()
	want = "(it cannot read which files process 812 holds open as this user: permission denied): if another program holds it, the next run cannot start; run check as root to tell; sudo ss -ltnp"
	if !strings.Contains(out, want) || strings.Contains(out, "/proc/locks") {
		t.Errorf("a holder's open files unreadable: want %q, and not /proc/locks:\n%s", want, out)
	}
}

// As a user who may not listen on a port below the kernel's unprivileged
// start, check is refused before the kernel looks whether the port is
// taken: it still looks (the kernel's tables), and another program there
// fails, though the unit grants the service the capability. With none
// there it warns that run as that service can.
func TestCheckAsAUserWhoMayNotFailsALowPortAnotherProgramHolds(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	taken, free := freeAddr(t), freeAddr(t)
	otherProgram(t, taken)
	oldListen, oldStart, oldShow := listenTCP, unprivilegedPortStart, systemdShow
	t.Cleanup(func() { listenTCP, unprivilegedPortStart, systemdShow = oldListen, oldStart, oldShow })
	listenTCP = func(network, addr string) (net.Listener, error) {
		return nil, &net.OpError{Op: "listen", Net: network, Err: os.NewSyscallError("bind", syscall.EACCES)}
	}
	unprivilegedPortStart = func() int { return 65536 } // every port counts as low
	systemdShow = func() (string, bool) {
		return "LoadState=loaded\nFragmentPath=/etc/systemd/system/keepwarm.service\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=cap_net_bind_service\nCapabilityBoundingSet=cap_chown cap_net_bind_service\n", true
	}
	serviceSigns(t, 999, "keepwarm")
	for _, c := range []struct {
		addr, want string
		fail       bool
	}{
		{taken, "web.listen " + taken + ": address already in use by another program", true},
		{free, "warn  web.listen " + free + ": this user may not listen there, but the service's unit /etc/systemd/system/keepwarm.service grants CAP_NET_BIND_SERVICE, so run as that service can", false},
	} {
		path := writeConfig(t, srv, "\n[web]\nlisten = \""+c.addr+"\"\nbase_url = \"http://"+c.addr+"\"\n")
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		failed := false
		checkListens(&out, &Main{cfg: cfg}, func(what string, err error, fix string) {
			if err != nil {
				failed = true
				fmt.Fprintf(&out, "FAIL  %s: %v\n", what, err)
			}
		})
		if failed != c.fail || !strings.Contains(out.String(), c.want) {
			t.Errorf("%s: failed %v, want %v and %q:\n%s", c.addr, failed, c.fail, c.want, out.String())
		}
	}
}

// plainBinary is a file standing for keepwarm's binary, with no file
// capability.
func plainBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "keepwarm")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// `setcap cap_net_bind_service=+ep` on keepwarm's binary lets whoever runs
// it listen below 1024, check too: that says nothing of the service.
// systemd drops a file capability under NoNewPrivileges=yes (the README's
// unit), so run would stop there at every start: check fails, as root or
// as the service's user. Without NoNewPrivileges= run may keep it (and may
// not: settings that imply it), so check warns, never fails nor says ok.
func TestLowPortCountsTheBinarysFileCapabilityOnlyWithoutNoNewPrivileges(t *testing.T) {
	bin, plain := plainBinary(t), plainBinary(t)
	oldSelf := selfExecutable
	t.Cleanup(func() { selfExecutable = oldSelf })
	selfExecutable = func() (string, error) { return bin, nil }
	// vfs_cap_data, revision 2 with the effective flag: permitted
	// CAP_NET_BIND_SERVICE (bit 10), as setcap writes it.
	data := []byte{0x01, 0, 0, 0x02, 0x00, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	if err := syscall.Setxattr(bin, "security.capability", data, 0); err != nil {
		t.Logf("no file capability can be set here (%v): the binary's is told", err)
		old := binaryBindCap
		t.Cleanup(func() { binaryBindCap = old })
		binaryBindCap = func(path string) (bool, error) { return path == bin, nil }
	} else {
		if has, err := fileBindCap(bin); !has || err != nil {
			t.Fatalf("fileBindCap of a binary with cap_net_bind_service=+ep: %v, %v", has, err)
		}
		if has, err := fileBindCap(plain); has || err != nil {
			t.Fatalf("fileBindCap of a binary without: %v, %v", has, err)
		}
	}
	oldShow, oldUnits := systemdShow, serviceUnitPaths
	t.Cleanup(func() { systemdShow, serviceUnitPaths = oldShow, oldUnits })
	show := func(nnp string) string {
		return "LoadState=loaded\nFragmentPath=/etc/systemd/system/keepwarm.service\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\nNoNewPrivileges=" + nnp + "\nExecStart={ path=" + bin + " ; argv[]=" + bin + " --config /etc/keepwarm/keepwarm.toml run ; ignore_errors=no }\n"
	}
	for _, c := range []struct {
		nnp   string
		uid   int
		level string
		why   string
	}{
		{"yes", 1000, "FAIL", "with NoNewPrivileges=yes, which drops the file capability of " + bin},
		{"yes", 0, "FAIL", "with NoNewPrivileges=yes, which drops the file capability of " + bin},
		{"no", 1000, "warn", "only by the file capability of " + bin},
		{"no", 0, "warn", "only by the file capability of " + bin},
	} {
		systemdShow = func() (string, bool) { return show(c.nnp), true }
		if level, why := lowPortSay(c.uid, findServiceRights(), true); level != c.level || !strings.Contains(why, c.why) {
			t.Errorf("NoNewPrivileges=%s, uid %d: %s %q; want %s and %q", c.nnp, c.uid, level, why, c.level, c.why)
		}
	}
	// From the unit files alone: the same settings are read.
	unit := filepath.Join(t.TempDir(), "keepwarm.service")
	if err := os.WriteFile(unit, []byte("[Service]\nUser=keepwarm\nExecStart=-"+bin+" --config /etc/keepwarm/keepwarm.toml run\nNoNewPrivileges=yes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	serviceUnitPaths = []string{unit}
	systemdShow = func() (string, bool) { return "", false }
	if r := findServiceRights(); r.exec != bin || !r.noNewPrivs || !r.fileCap || r.fromSystemd {
		t.Errorf("from the unit file: %+v; want ExecStart %s, NoNewPrivileges, its file capability", r, bin)
	}
	if level, why := lowPortSay(1000, findServiceRights(), true); level != "warn" {
		t.Errorf("from the unit file alone: %s %q; want warn", level, why)
	}
}

// A unit whose ExecStart= runs keepwarm through a wrapper (sh -c 'exec
// keepwarm run', /usr/bin/env keepwarm, a start script): the kernel gives
// keepwarm its own file capability when the wrapper execs it, and ignores
// the wrapper's (a script's). Which keepwarm the wrapper runs check cannot
// tell, so with setcap on check's own binary and no NoNewPrivileges= it
// warns, as root and as the service's user, and never fails; nor does it
// count a capability set on the wrapper.
func TestLowPortDoesNotJudgeAWrappersFileCapabilityAsKeepwarms(t *testing.T) {
	bin, script := plainBinary(t), plainBinary(t)
	oldCap, oldSelf, oldShow, oldUnits := binaryBindCap, selfExecutable, systemdShow, serviceUnitPaths
	t.Cleanup(func() {
		binaryBindCap, selfExecutable, systemdShow, serviceUnitPaths = oldCap, oldSelf, oldShow, oldUnits
	})
	// setcap cap_net_bind_service=+ep on keepwarm, which check runs from.
	binaryBindCap = func(p string) (bool, error) { return p == bin, nil }
	selfExecutable = func() (string, error) { return bin, nil }
	show := func(exec, argv string) string {
		return "LoadState=loaded\nFragmentPath=/etc/systemd/system/keepwarm.service\nUser=keepwarm\nDynamicUser=no\nAmbientCapabilities=\nCapabilityBoundingSet=cap_chown cap_net_bind_service\nNoNewPrivileges=no\nExecStart={ path=" + exec + " ; argv[]=" + argv + " ; ignore_errors=no }\n"
	}
	for _, c := range []struct{ name, exec, argv string }{
		{"sh -c", "/bin/sh", "/bin/sh -c exec " + bin + " --config /etc/keepwarm/keepwarm.toml run >>/var/log/keepwarm.log 2>&1"},
		{"env", "/usr/bin/env", "/usr/bin/env keepwarm --config /etc/keepwarm/keepwarm.toml run"},
		{"a start script", script, script},
	} {
		systemdShow = func() (string, bool) { return show(c.exec, c.argv), true }
		for _, uid := range []int{0, 1000} {
			if level, why := lowPortSay(uid, findServiceRights(), true); level != "warn" || !strings.Contains(why, "check cannot tell which binary's file capability run gets") || !strings.Contains(why, bin+", which carries CAP_NET_BIND_SERVICE by setcap") {
				t.Errorf("ExecStart= through %s, uid %d: %s %q; want a warning that check cannot tell, naming check's own setcap", c.name, uid, level, why)
			}
		}
	}
	// setcap on the start script, none on keepwarm: the kernel ignores a
	// script's file capability, so it is not counted as the service's.
	binaryBindCap = func(p string) (bool, error) { return p == script, nil }
	systemdShow = func() (string, bool) { return show(script, script), true }
	if level, why := lowPortSay(0, findServiceRights(), true); level != "warn" || strings.Contains(why, "file capability of "+script) {
		t.Errorf("setcap on the start script: %s %q; want a warning that does not count the script's capability", level, why)
	}
	// The unit file alone, ExecStart=/usr/bin/env keepwarm: a warning too.
	unit := filepath.Join(t.TempDir(), "keepwarm.service")
	if err := os.WriteFile(unit, []byte("[Service]\nUser=keepwarm\nExecStart=/usr/bin/env keepwarm --config /etc/keepwarm/keepwarm.toml run\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	serviceUnitPaths = []string{unit}
	systemdShow = func() (string, bool) { return "", false }
	binaryBindCap = func(p string) (bool, error) { return p == bin, nil }
	if level, why := lowPortSay(1000, findServiceRights(), true); level != "warn" || !strings.Contains(why, "check cannot tell which binary's file capability run gets") {
		t.Errorf("from the unit file, ExecStart=/usr/bin/env keepwarm: %s %q; want a warning that check cannot tell", level, why)
	}
	// ExecStart= naming check's own binary through a symlink is keepwarm.
	link := filepath.Join(t.TempDir(), "keepwarm")
	if err := os.Symlink(bin, link); err != nil {
		t.Fatal(err)
	}
	systemdShow = func() (string, bool) { return show(link, link+" run"), true }
	binaryBindCap = func(p string) (bool, error) { return p == link, nil }
	if level, why := lowPortSay(0, findServiceRights(), true); level != "warn" || !strings.Contains(why, "only by the file capability of "+link) {
		t.Errorf("ExecStart= a symlink to check's binary: %s %q; want its file capability counted", level, why)
	}
}

// Without systemd or a unit file (OpenRC, runit), a user who may listen
// below 1024 by a capability (setcap on keepwarm) is told the truth: no
// unit says how run starts; started as check is, it can listen there, and
// only under the README's unit it may not.
func TestLowPortWithoutAUnitSaysRunStartedAsCheckCan(t *testing.T) {
	for _, uid := range []int{0, 1000} {
		level, why := lowPortSay(uid, serviceRights{}, true)
		if level != "warn" || !strings.Contains(why, "no keepwarm.service unit was found") || !strings.Contains(why, "started as check is, run can listen there too") || !strings.Contains(why, "under the README's unit") {
			t.Errorf("uid %d, no unit: %s %q; want a warning that run started as check is can, and under the README's unit may not", uid, level, why)
		}
	}
}
