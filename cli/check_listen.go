package cli

import (
	"bufio"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"keepwarm/app"
)

// listenKey is one address `run` listens on: the config key and the
// section its fix names.
type listenKey struct{ key, section, addr string }

// checkListens tries the addresses `run` listens on ([ops] listen, then
// [web] listen, in run's order) as run does, and closes them at once: a
// port another program holds, an address this host does not have, or a
// port below 1024 without the right to it passes the config's syntax but
// stops every start of run, and under systemd makes it restart again and
// again. Both keys on one port (the same address, or either one every
// address) fail from the config itself, whatever runs now. An address
// this database's own `keepwarm run` listens on (checked after a config
// change, as the README says, while run runs) is not a failure when that
// run, and no other program, listens at exactly that address: the next run
// will once it has stopped. When check cannot tell, it warns, naming what
// to look at; it never says ok then.
func checkListens(w io.Writer, m *Main, report func(string, error, string)) {
	var keys []listenKey
	if l := m.cfg.Ops.Listen; l != "" {
		keys = append(keys, listenKey{"ops.listen", "[ops]", l})
	}
	if l := m.cfg.Web.Listen; l != "" {
		keys = append(keys, listenKey{"web.listen", "[web]", l})
	}
	if len(keys) == 2 && sameListen(keys[0].addr, keys[1].addr) {
		prev, k := keys[0], keys[1]
		report(fmt.Sprintf("%s %s", k.key, k.addr), fmt.Errorf("the port of %s %s, which run listens on first", prev.key, prev.addr),
			fmt.Sprintf("give %s listen and %s listen different ports", prev.section, k.section))
		keys = keys[:1]
	}
	for _, k := range keys {
		what := fmt.Sprintf("%s %s", k.key, k.addr)
		ln, err := listenTCP("tcp", k.addr)
		low := listenPort(k.addr) > 0 && listenPort(k.addr) < unprivilegedPortStart()
		if err == nil {
			ln.Close()
			if !low {
				report(what+": run can listen there", nil, "")
				continue
			}
			uid, _ := checkUser()
			switch level, why := lowPortSay(uid, findServiceRights(), true); level {
			case "ok":
				report(what+": run can listen there"+why, nil, "")
			case "warn":
				fmt.Fprintf(w, "warn  %s: %s; set %s listen to a port above 1023 and let a proxy serve 80 or 443\n", what, why, k.section)
			default:
				report(what, errors.New(why), fmt.Sprintf("set %s listen to a port above 1023 and let a proxy serve 80 or 443, or give the service AmbientCapabilities=CAP_NET_BIND_SERVICE", k.section))
			}
			continue
		}
		if errors.Is(err, syscall.EACCES) && low {
			// The kernel refuses a port this user may not listen on
			// before it looks whether the port is taken: its tables say.
			if socks, _ := listeningOn(k.addr); len(socks) > 0 {
				inUse(w, m, k, what, report)
				continue
			}
			uid, _ := checkUser()
			if level, why := lowPortSay(uid, findServiceRights(), false); level == "warn" {
				fmt.Fprintf(w, "warn  %s: %s\n", what, why)
				continue
			}
		}
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			inUse(w, m, k, what, report)
		case errors.Is(err, syscall.EADDRNOTAVAIL):
			host, _, _ := net.SplitHostPort(k.addr)
			report(what, fmt.Errorf("this host has no address %s, so run cannot start", host),
				fmt.Sprintf("set %s listen to an address of this host (ip -brief address lists them): 127.0.0.1:PORT behind a proxy on this machine, or 0.0.0.0:PORT for every address", k.section))
		case errors.Is(err, syscall.EACCES):
			report(what, fmt.Errorf("%w, so run cannot start: a port below 1024 needs root or CAP_NET_BIND_SERVICE", err),
				fmt.Sprintf("set %s listen to a port above 1023 and let a proxy serve 80 or 443", k.section))
		default:
			report(what, fmt.Errorf("%w, so run cannot start", err), fmt.Sprintf("set %s listen to an address run can listen on, like \"127.0.0.1:8080\"", k.section))
		}
	}
}

// inUse says what check knows of who holds k's address, which check could
// not listen on: this database's `keepwarm run` at exactly that address
// with no other program on it (skip), another program (FAIL), or, when
// the kernel's tables or that process's sockets cannot be read, a warning
// with the command that names who listens.
func inUse(w io.Writer, m *Main, k listenKey, what string, report func(string, error, string)) {
	other := func() {
		report(what, errors.New("address already in use by another program, so run cannot start"),
			fmt.Sprintf("set %s listen to a free port, or stop the program listening there (%s names it)", k.section, ssCommand(k.addr)))
	}
	holder, pid, err := dispatchHolder(m.cfg.DatabasePath())
	switch {
	case err != nil:
		asRoot := ""
		if errors.Is(err, fs.ErrPermission) {
			asRoot = "run check as root to tell; "
		}
		fmt.Fprintf(w, "warn  %s: in use, and check cannot tell whether by this database's keepwarm run (%v): if another program holds it, the next run cannot start; %s%s names who listens\n", what, err, asRoot, ssCommand(k.addr))
		return
	case pid == 0 || holder != "" && holder != "run":
		other()
		return
	}
	who := fmt.Sprintf("keepwarm run (process %d) of this database", pid)
	if holder == "" {
		who = fmt.Sprintf("keepwarm (process %d), which holds this database's lock", pid)
	}
	at, others, known := listenersOf(pid, k.addr)
	switch {
	case !known:
		fmt.Fprintf(w, "warn  %s: in use, by %s if it is the one listening there (check cannot see its sockets as this user): if another program holds it, the next run cannot start; %s names who listens\n", what, who, ssCommand(k.addr))
	case others:
		other()
	case at && holder == "run":
		fmt.Fprintf(w, "skip  %s: in use by %s, which serves it: the next run listens there once this one has stopped\n", what, who)
	case at:
		fmt.Fprintf(w, "warn  %s: in use by %s, and check cannot read who it is (its lock file): if it is not keepwarm run, the next run cannot start; %s names who listens\n", what, who, ssCommand(k.addr))
	default:
		fmt.Fprintf(w, "warn  %s: in use, and %s does not listen at exactly that address (check cannot tell who holds it): if another program holds it, the next run cannot start; %s names who listens\n", what, who, ssCommand(k.addr))
	}
}

// dispatchHolder is app.DispatchHolder: a variable for tests, as the
// kernel hides a lock's holder only across users or capabilities.
var dispatchHolder = app.DispatchHolder

// sameListen says whether run could not listen on both a and b: the same
// port, and the same address or either one every address (empty, 0.0.0.0
// or ::, which run listens on for IPv4 and IPv6 alike).
func sameListen(a, b string) bool {
	pa, pb := listenPort(a), listenPort(b)
	if pa == 0 || pa != pb {
		return false
	}
	ia, ea := net.ResolveTCPAddr("tcp", a)
	ib, eb := net.ResolveTCPAddr("tcp", b)
	if ea != nil || eb != nil {
		// Not resolved: each key's own test says why.
		return false
	}
	return overlaps(ia.IP, ib.IP)
}

// anyIP says ip is every address (nil, 0.0.0.0 or ::).
func anyIP(ip net.IP) bool { return ip == nil || ip.IsUnspecified() }

// overlaps says two listeners on one port at these addresses cannot both
// be: the same address, or either one every address.
func overlaps(a, b net.IP) bool { return anyIP(a) || anyIP(b) || a.Equal(b) }

// listenPort is addr's port number, 0 when it has none that can be read.
func listenPort(addr string) int {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0
	}
	p, err := net.LookupPort("tcp", port)
	if err != nil {
		return 0
	}
	return p
}

// ssCommand is the command that names the program listening on addr's port.
func ssCommand(addr string) string {
	return fmt.Sprintf("sudo ss -ltnp 'sport = :%d'", listenPort(addr))
}

// listenersOf looks at the TCP sockets listening on addr's port
// (/proc/net/tcp and /proc/net/tcp6, which any user can read) that addr
// overlaps, and at process pid's open files: at, one of them is pid's at
// exactly addr's address; others, one of them is not pid's. known is
// false when the tables or pid's open files cannot be read (the list, or
// any entry of it: an entry closed meanwhile aside), or addr does not
// resolve.
func listenersOf(pid int, addr string) (at, others, known bool) {
	want, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return false, false, false
	}
	socks, read := listeningOn(addr)
	if !read {
		return false, false, false
	}
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return false, false, false
	}
	own := map[string]bool{}
	for _, fd := range fds {
		link, err := readFDLink(dir + "/" + fd.Name())
		switch {
		case err == nil:
			own[link] = true
		case !errors.Is(err, fs.ErrNotExist):
			// Readable list, unreadable entries: run holds a capability
			// this user lacks. Its sockets are not known then.
			return false, false, false
		}
	}
	for _, s := range socks {
		switch {
		case !own[s.inode]:
			others = true
		case anyIP(s.ip) && anyIP(want.IP) || s.ip.Equal(want.IP):
			at = true
		}
	}
	return at, others, true
}

// listenSock is a TCP socket listening at ip, by the kernel's table: its
// inode as a process's open file names it ("socket:[N]").
type listenSock struct {
	ip    net.IP
	inode string
}

// listeningOn is the TCP sockets listening on addr's port that addr
// overlaps, from /proc/net/tcp and /proc/net/tcp6 (which any user can
// read); read is false when neither table can be read or addr has no port
// that can be read.
func listeningOn(addr string) (socks []listenSock, read bool) {
	port := listenPort(addr)
	want, err := net.ResolveTCPAddr("tcp", addr)
	if port <= 0 || err != nil {
		return nil, false
	}
	for _, name := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		read = true
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
			fs := strings.Fields(sc.Text())
			if len(fs) < 10 || fs[3] != "0A" { // 0A: LISTEN
				continue
			}
			hexIP, hexPort, ok := strings.Cut(fs[1], ":")
			if p, err := strconv.ParseUint(hexPort, 16, 16); !ok || err != nil || int(p) != port {
				continue
			}
			ip, ok := procIP(hexIP)
			if !ok || !overlaps(ip, want.IP) {
				continue
			}
			socks = append(socks, listenSock{ip, "socket:[" + fs[9] + "]"})
		}
		f.Close()
	}
	return socks, read
}

// readFDLink reads one of a process's open files (/proc/PID/fd/N): a
// variable for tests, as the kernel refuses it only across users or
// capabilities.
var readFDLink = os.Readlink

// procIP reads an address of /proc/net/tcp (8 hex digits) or tcp6 (32):
// 32-bit words in the machine's byte order.
func procIP(h string) (net.IP, bool) {
	if len(h) != 8 && len(h) != 32 {
		return nil, false
	}
	ip := make(net.IP, len(h)/2)
	for i := 0; i < len(h); i += 8 {
		v, err := strconv.ParseUint(h[i:i+8], 16, 32)
		if err != nil {
			return nil, false
		}
		binary.NativeEndian.PutUint32(ip[i/2:], uint32(v))
	}
	return ip, true
}

// listenTCP is net.Listen, as run listens: a variable for tests, as only
// the kernel's setting or root makes a port one this user may not listen
// on.
var listenTCP = net.Listen

// unprivilegedPortStart is the lowest port a process without
// CAP_NET_BIND_SERVICE may listen on (1024 unless the kernel is set
// otherwise): a variable for tests.
var unprivilegedPortStart = func() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_unprivileged_port_start")
	if err != nil {
		return 1024
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 1024
	}
	return n
}

// serviceRights is what a keepwarm.service unit says of the right to
// listen below 1024: as systemd merged it (systemctl show), or as check read
// its files, which may miss a drop-in systemd reads.
type serviceRights struct {
	unit        string // the unit file read; "" when none exists
	user        string // its User=; "" when none (root)
	dynamic     bool   // DynamicUser=yes: a user of its own, never root
	capBind     bool   // its AmbientCapabilities= grants CAP_NET_BIND_SERVICE
	notBounded  bool   // its CapabilityBoundingSet= leaves CAP_NET_BIND_SERVICE out
	fromSystemd bool   // systemd said so (systemctl show), not the files alone
	noNewPrivs  bool   // NoNewPrivileges=yes (or DynamicUser=yes, which implies it): its binary's file capabilities are dropped
	exec        string // its ExecStart='s binary; "" when not known
	fileCap     bool   // exec carries CAP_NET_BIND_SERVICE as a file capability (setcap)
	fileCapErr  error  // why exec's file capabilities cannot be read
}

// readFileCap looks at the file capabilities of the service's binary.
func (r *serviceRights) readFileCap() {
	if r.unit == "" {
		return
	}
	if r.exec == "" {
		r.fileCapErr = errors.New("check does not know its ExecStart= binary")
		return
	}
	// The kernel grants a file capability at each exec, to the file it
	// execs: a wrapper (ExecStart=/bin/sh -c 'exec keepwarm run',
	// /usr/bin/env keepwarm, a start script) execs keepwarm, whose own
	// capability counts, not the wrapper's. Which keepwarm it runs check
	// cannot tell; it reads the capability only of its own binary.
	if self, same, err := isSelf(r.exec); err != nil || !same {
		if err != nil {
			r.fileCapErr = fmt.Errorf("check cannot tell whether ExecStart='s %s is keepwarm: %w", r.exec, err)
		} else {
			if has, _ := binaryBindCap(self); has {
				self += ", which carries CAP_NET_BIND_SERVICE by setcap"
			}
			r.fileCapErr = fmt.Errorf("ExecStart= runs %s, not this keepwarm (%s), so check cannot tell which binary's file capability run gets", r.exec, self)
		}
		return
	}
	if r.fileCap, r.fileCapErr = binaryBindCap(r.exec); r.fileCapErr != nil {
		r.fileCapErr = fmt.Errorf("check cannot read the file capabilities of %s: %w", r.exec, r.fileCapErr)
	}
}

// selfExecutable is os.Executable, the binary check runs from: a variable
// for tests, whose binary is not keepwarm.
var selfExecutable = os.Executable

// isSelf says whether path is the binary check runs from (the same file,
// through any symlinks), and names that binary.
func isSelf(path string) (self string, same bool, err error) {
	if self, err = selfExecutable(); err != nil {
		return "", false, err
	}
	me, err := os.Stat(self)
	if err != nil {
		return self, false, err
	}
	it, err := os.Stat(path)
	if err != nil {
		return self, false, err
	}
	return self, os.SameFile(me, it), nil
}

// binaryBindCap is fileBindCap: a variable for tests, as setcap needs root
// and a filesystem with extended attributes.
var binaryBindCap = fileBindCap

// byFile is what may give the service CAP_NET_BIND_SERVICE through its
// binary's file capability, said after "keepwarm.service", or "" when
// nothing may: systemd keeps a file capability only without
// NoNewPrivileges=yes, and also drops it under settings that imply that
// (SystemCallFilter=, RestrictAddressFamilies=, ProtectKernelTunables= and
// more), which systemctl show does not say. So check never says ok for it.
func (r serviceRights) byFile() string {
	switch {
	case r.unit == "" || r.notBounded || r.noNewPrivs:
		return ""
	case r.fileCap:
		return fmt.Sprintf("may listen there only by the file capability of %s (setcap), which systemd drops under NoNewPrivileges=yes and the settings that imply it (SystemCallFilter=, RestrictAddressFamilies=, ProtectKernelTunables= and more): give the service AmbientCapabilities=CAP_NET_BIND_SERVICE to be sure", r.exec)
	case r.fileCapErr != nil:
		return fmt.Sprintf("is given no right to it by its unit %s, but may have one by its binary's file capability (%v): if it has none, run would stop there at every start", r.unit, r.fileCapErr)
	}
	return ""
}

// execPath is the binary of an ExecStart= line: its first word, after the
// prefixes systemd reads (-, @, :, +, !, |); "" when it is not an absolute
// path.
func execPath(line string) string {
	f := strings.Fields(strings.TrimLeft(strings.TrimSpace(line), "-@:+!|"))
	if len(f) == 0 || !strings.HasPrefix(f[0], "/") {
		return ""
	}
	return f[0]
}

// may says whether the service may listen below 1024 by what is known.
func (r serviceRights) may() bool {
	if r.unit == "" || r.notBounded {
		return false
	}
	root := !r.dynamic && (r.user == "" || r.user == "root" || r.user == "0")
	return root || r.capBind
}

// who names the service's user for a message.
func (r serviceRights) who() string {
	if r.dynamic {
		return "a dynamic user (DynamicUser=yes)"
	}
	return "user " + r.user
}

// hasBindCap says whether a capability list names CAP_NET_BIND_SERVICE,
// in either case as systemd reads the names.
func hasBindCap(list string) bool {
	return slices.ContainsFunc(strings.Fields(list), func(c string) bool { return strings.EqualFold(c, "CAP_NET_BIND_SERVICE") })
}

// systemctlShowArgs asks systemd for keepwarm.service's merged settings.
var systemctlShowArgs = []string{"show", "-p", "LoadState,FragmentPath,User,DynamicUser,AmbientCapabilities,CapabilityBoundingSet,NoNewPrivileges,ExecStart", "keepwarm.service"}

// systemdShow is systemctl show's answer for keepwarm.service, false when
// systemd does not run here or cannot be asked: a variable for tests.
var systemdShow = func() (string, bool) {
	if _, err := os.Stat("/run/systemd/system"); err != nil {
		return "", false
	}
	path, err := exec.LookPath("systemctl")
	if err != nil {
		return "", false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, systemctlShowArgs...).Output()
	if err != nil {
		return "", false
	}
	return string(out), true
}

// rightsFromSystemd reads systemctl show's answer; false when systemd does
// not know the unit.
func rightsFromSystemd(out string) (serviceRights, bool) {
	v := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, val, ok := strings.Cut(strings.TrimSpace(line), "="); ok {
			v[k] = val
		}
	}
	if v["LoadState"] != "loaded" {
		return serviceRights{}, false
	}
	r := serviceRights{unit: v["FragmentPath"], user: v["User"], dynamic: v["DynamicUser"] == "yes",
		capBind: hasBindCap(v["AmbientCapabilities"]), fromSystemd: true}
	if r.unit == "" {
		r.unit = "keepwarm.service"
	}
	if b, ok := v["CapabilityBoundingSet"]; ok && !hasBindCap(b) {
		r.notBounded = true
	}
	r.noNewPrivs = v["NoNewPrivileges"] == "yes" || r.dynamic
	// ExecStart={ path=/usr/local/bin/keepwarm ; argv[]=... ; ... }
	if _, after, ok := strings.Cut(v["ExecStart"], "path="); ok {
		r.exec = execPath(strings.TrimSpace(strings.SplitN(after, ";", 2)[0]))
	}
	return r, true
}

// findServiceRights asks systemd, when it runs here, for the service's
// settings; else it reads the first unit file of serviceUnitPaths that
// exists, with its drop-ins (NAME.d/*.conf, in name order): the last User=,
// DynamicUser=, NoNewPrivileges= and AmbientCapabilities= (an empty one
// clears those before it; a list starting with ~ grants none of these),
// and the first ExecStart= since an empty one. Either way it looks at the
// file capabilities of ExecStart='s binary when that is the keepwarm check
// runs from (else fileCapErr says check cannot tell). What the files alone
// say is not certain (a drop-in elsewhere, `systemctl edit`'s in /etc).
func findServiceRights() serviceRights {
	if out, ok := systemdShow(); ok {
		if r, ok := rightsFromSystemd(out); ok {
			r.readFileCap()
			return r
		}
	}
	for _, unit := range serviceUnitPaths {
		if _, err := os.Stat(unit); err != nil {
			continue
		}
		r := serviceRights{unit: unit}
		eachServiceSetting(unit, func(key, value string) {
			switch key {
			case "User":
				r.user = value
			case "DynamicUser":
				r.dynamic = slices.Contains([]string{"yes", "true", "on", "1"}, strings.ToLower(value))
			case "AmbientCapabilities":
				if value == "" || strings.HasPrefix(value, "~") {
					r.capBind = false
				} else if hasBindCap(value) {
					r.capBind = true
				}
			case "NoNewPrivileges":
				r.noNewPrivs = slices.Contains([]string{"yes", "true", "on", "1"}, strings.ToLower(value))
			case "ExecStart":
				if value == "" {
					r.exec = ""
				} else if r.exec == "" {
					r.exec = execPath(value)
				}
			}
		})
		r.noNewPrivs = r.noNewPrivs || r.dynamic
		r.readFileCap()
		return r
	}
	return serviceRights{}
}

// lowPortSay says what check knows of run listening on a port below the
// kernel's unprivileged start, which check itself could listen on (bound)
// or not, as the user uid: check runs as whoever runs it, and the service
// as the user its unit names (the README's unit: keepwarm, with no
// capability). A user other than root that could listen there holds
// CAP_NET_BIND_SERVICE from somewhere (its binary's file capability, its
// caller's), which says nothing of what systemd gives the service, so it is
// judged as root is. level is "ok" (why is said after "run can listen
// there"), "warn" or "FAIL".
func lowPortSay(uid int, svc serviceRights, bound bool) (level, why string) {
	svcMay := svc.may()
	byFile := svc.byFile()
	confirm := "systemctl " + strings.Join(systemctlShowArgs, " ")
	me := "check runs as root, which may listen there"
	if uid != 0 {
		me = "check may listen there as this user only by CAP_NET_BIND_SERVICE (its binary's file capability, or its caller's)"
	}
	dropped := ""
	if svc.fileCap && svc.noNewPrivs {
		dropped = fmt.Sprintf(" and with NoNewPrivileges=yes, which drops the file capability of %s,", svc.exec)
	}
	switch {
	case bound && svcMay && svc.capBind:
		return "ok", fmt.Sprintf(" (the service's unit %s grants CAP_NET_BIND_SERVICE)", svc.unit)
	case bound && svcMay:
		return "ok", fmt.Sprintf(" (the service's unit %s runs it as root)", svc.unit)
	case bound && byFile != "":
		return "warn", fmt.Sprintf("%s; keepwarm.service %s", me, byFile)
	case bound && svc.fromSystemd && svc.notBounded:
		return "FAIL", fmt.Sprintf("%s, but systemd runs keepwarm.service (%s) with a CapabilityBoundingSet= without CAP_NET_BIND_SERVICE, which may not: run would stop there at every start", me, svc.unit)
	case bound && svc.fromSystemd:
		return "FAIL", fmt.Sprintf("%s, but systemd runs keepwarm.service (%s) as %s without AmbientCapabilities=CAP_NET_BIND_SERVICE%s which may not: run would stop there at every start", me, svc.unit, svc.who(), cmp.Or(dropped, ","))
	case bound && svc.unit != "":
		return "warn", fmt.Sprintf("%s, but the unit files read (%s and its .d) run keepwarm as %s without AmbientCapabilities=CAP_NET_BIND_SERVICE, which may not: if systemd reads them so (%s says), run would stop there at every start", me, svc.unit, svc.who(), confirm)
	case bound:
		return "warn", fmt.Sprintf("%s; no keepwarm.service unit was found to tell how run is started: started as check is, run can listen there too, but under the README's unit (User=%s, no capability, NoNewPrivileges=yes) it may not, and would stop there at every start", me, serviceUser)
	case svcMay && svc.capBind:
		return "warn", fmt.Sprintf("this user may not listen there, but the service's unit %s grants CAP_NET_BIND_SERVICE, so run as that service can", svc.unit)
	case svcMay:
		return "warn", fmt.Sprintf("this user may not listen there, but the service's unit %s runs keepwarm as root, so run as that service can", svc.unit)
	case byFile != "":
		return "warn", fmt.Sprintf("this user may not listen there; keepwarm.service %s", byFile)
	case svc.unit != "" && !svc.fromSystemd:
		return "warn", fmt.Sprintf("this user may not listen there, and the unit files read (%s and its .d) give keepwarm no right to either: if systemd reads them so (%s says), run would stop there at every start", svc.unit, confirm)
	default:
		return "FAIL", ""
	}
}
