package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"

	"keepwarm/app"
)

// listenKey is one address `run` listens on: the config key and the
// section its fix names.
type listenKey struct{ key, section, addr string }

// checkListens tries the addresses `run` listens on ([ops] listen, then
// [web] listen, in run's order) as run does, each kept open until both are
// tried (so that two keys sharing a port fail as run would meet them), and
// closes them at once: a port another program holds, an address this host
// does not have, or a port below 1024 without the right to it passes the
// config's syntax but stops every start of run, and under systemd makes it
// restart again and again. An address in use by this database's own
// `keepwarm run` (checked after a config change, as the README says, while
// run runs) is not a failure: that run listens there, and the next one
// will once it has stopped.
func checkListens(w io.Writer, m *Main, report func(string, error, string)) {
	var keys []listenKey
	if l := m.cfg.Ops.Listen; l != "" {
		keys = append(keys, listenKey{"ops.listen", "[ops]", l})
	}
	if l := m.cfg.Web.Listen; l != "" {
		keys = append(keys, listenKey{"web.listen", "[web]", l})
	}
	var open []net.Listener
	defer func() {
		for _, ln := range open {
			ln.Close()
		}
	}()
	var taken []listenKey // those check itself holds now
	for _, k := range keys {
		what := fmt.Sprintf("%s %s", k.key, k.addr)
		ln, err := net.Listen("tcp", k.addr)
		if err == nil {
			open = append(open, ln)
			taken = append(taken, k)
			report(what+": run can listen there", nil, "")
			continue
		}
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			if prev, ok := samePort(taken, k); ok {
				report(what, fmt.Errorf("the port of %s %s, which run listens on first", prev.key, prev.addr),
					fmt.Sprintf("give %s listen and %s listen different ports", prev.section, k.section))
				continue
			}
			if pid, sure := servedByRun(m, k.addr); pid > 0 && sure {
				fmt.Fprintf(w, "skip  %s: in use by keepwarm run (process %d) of this database, which serves it: the next run listens there once this one has stopped\n", what, pid)
				continue
			} else if pid > 0 {
				// Its sockets cannot be seen (another user's process):
				// most likely that run, but not known.
				fmt.Fprintf(w, "warn  %s: in use, by keepwarm run (process %d) of this database if it is the one listening there (check cannot see its sockets as this user): if another program holds it, the next run cannot start; %s names who listens\n", what, pid, ssCommand(k.addr))
				continue
			}
			report(what, errors.New("address already in use by another program, so run cannot start"),
				fmt.Sprintf("set %s listen to a free port, or stop the program listening there (%s names it)", k.section, ssCommand(k.addr)))
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

// samePort finds among the addresses check holds one on k's port: run
// binds them in this order, so k would fail on it.
func samePort(held []listenKey, k listenKey) (listenKey, bool) {
	p := listenPort(k.addr)
	for _, h := range held {
		if p > 0 && listenPort(h.addr) == p {
			return h, true
		}
	}
	return listenKey{}, false
}

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

// servedByRun says whether the `keepwarm run` holding this database's
// dispatch lock listens on addr's port: its process id, with sure when its
// sockets could be looked at (Linux's /proc, as root or as its user), or
// 0 when no run holds the database.
func servedByRun(m *Main, addr string) (pid int, sure bool) {
	holder, pid := app.DispatchHolder(m.cfg.DatabasePath())
	if holder != "run" || pid <= 0 {
		return 0, false
	}
	yes, known := listensOn(pid, listenPort(addr))
	switch {
	case !known:
		return pid, false
	case yes:
		return pid, true
	default:
		return 0, false
	}
}

// listensOn says whether process pid has a TCP socket listening on port,
// reading /proc/net/tcp, /proc/net/tcp6 and the process's open files;
// known is false when those cannot be read.
func listensOn(pid, port int) (yes, known bool) {
	if port <= 0 {
		return false, false
	}
	inodes := map[string]bool{}
	read := false
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
			_, hexPort, ok := strings.Cut(fs[1], ":")
			if p, err := strconv.ParseUint(hexPort, 16, 16); !ok || err != nil || int(p) != port {
				continue
			}
			inodes["socket:["+fs[9]+"]"] = true
		}
		f.Close()
	}
	if !read {
		return false, false
	}
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	fds, err := os.ReadDir(dir)
	if err != nil {
		return false, false
	}
	for _, fd := range fds {
		if link, err := os.Readlink(dir + "/" + fd.Name()); err == nil && inodes[link] {
			return true, true
		}
	}
	return false, true
}
