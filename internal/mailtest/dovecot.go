package mailtest

import (
	"bufio"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// DovecotBinary is where Debian's dovecot-core installs the master binary.
const DovecotBinary = "/usr/sbin/dovecot"

// Dovecot is a real Dovecot started for one test with its own configuration,
// state and mail in a temporary directory, listening on 127.0.0.1 (plain-text
// login, no TLS). It offers IDLE, CONDSTORE, QRESYNC, UIDPLUS, SPECIAL-USE, and
// an LMTP listener (LMTPAddr) where dovecot-lmtpd is installed.
type Dovecot struct {
	Dir      string // configuration, state, log and mail live here
	addr     string
	lmtpAddr string
	passwd   string
	users    users
	mu       sync.Mutex // guards the passwd file
}

// StartDovecot starts Dovecot for the test and stops it at Cleanup. It skips
// the test, loudly, when Dovecot is not installed.
func StartDovecot(t testing.TB) *Dovecot {
	t.Helper()
	return startDovecot(t, 200)
}

// StartDovecotLimited is StartDovecot allowing a user at most maxConns IMAP
// connections from one address (mail_max_userip_connections), as providers
// do: a login beyond them is refused.
func StartDovecotLimited(t testing.TB, maxConns int) *Dovecot {
	t.Helper()
	return startDovecot(t, maxConns)
}

func startDovecot(t testing.TB, maxConns int) *Dovecot {
	t.Helper()
	bin := DovecotBinary
	if _, err := os.Stat(bin); err != nil {
		if p, lerr := exec.LookPath("dovecot"); lerr == nil {
			bin = p
		} else {
			t.Skip("DOVECOT NOT INSTALLED: Dovecot tests skipped; run .ci/run or apt-get install dovecot-imapd")
		}
	}
	uid, gid := mailUser(t)

	// t.TempDir's parents are 0700 root: Dovecot's unprivileged processes
	// could not reach the sockets and mail below them.
	dir, err := os.MkdirTemp("", "keepwarm-dovecot-")
	if err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	for _, d := range []string{dir, filepath.Join(dir, "run"), filepath.Join(dir, "state"), filepath.Join(dir, "mail")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
	}
	if err := os.Chown(filepath.Join(dir, "mail"), uid, gid); err != nil {
		t.Fatalf("mailtest: chown mail dir: %v", err)
	}
	d := &Dovecot{Dir: dir, passwd: filepath.Join(dir, "passwd")}
	if err := os.WriteFile(d.passwd, nil, 0o644); err != nil {
		t.Fatalf("mailtest: %v", err)
	}

	// Dovecot binds the ports itself, after the probe listeners are closed;
	// another process can take one in between ("duplicate listener" or
	// "address in use"), so a start that fails that way is tried again on
	// fresh ports.
	lmtpInstalled := false
	if _, err := os.Stat(filepath.Join(filepath.Dir(bin), "../lib/dovecot/lmtp")); err == nil {
		lmtpInstalled = true
	}
	var lastErr error
	for attempt := 0; attempt < 4; attempt++ {
		ports := freePorts(t, 2) // distinct: both probes are open at once
		d.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[0]))
		d.lmtpAddr = ""
		lmtp := ""
		if lmtpInstalled {
			d.lmtpAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(ports[1]))
			lmtp = fmt.Sprintf(lmtpConf, ports[1])
		}
		conf := fmt.Sprintf(dovecotConf, dir, uid, gid, ports[0], lmtp)
		conf = strings.ReplaceAll(conf, "mail_max_userip_connections = 200", fmt.Sprintf("mail_max_userip_connections = %d", maxConns))
		if lmtp != "" {
			conf = strings.Replace(conf, "protocols = imap", "protocols = imap lmtp", 1)
		}
		confPath := filepath.Join(dir, "dovecot.conf")
		if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
			t.Fatalf("mailtest: %v", err)
		}

		cmd := exec.Command(bin, "-F", "-c", confPath)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatalf("mailtest: start dovecot: %v", err)
		}
		p := &process{done: make(chan struct{})}
		go func() { p.err = cmd.Wait(); close(p.done) }()
		lastErr = waitPort(d.addr, p.done)
		if lastErr == nil {
			t.Cleanup(func() { d.stop(t, cmd.Process.Pid, p) })
			return d
		}
		d.stop(t, cmd.Process.Pid, p)
		t.Logf("mailtest: dovecot did not start on port %d (attempt %d): %v", ports[0], attempt+1, lastErr)
	}
	log, _ := os.ReadFile(filepath.Join(dir, "dovecot.log"))
	t.Fatalf("mailtest: dovecot did not start: %v\n%s", lastErr, log)
	return nil
}

// process is a started command; done is closed when it has exited, so any
// number of waiters see it.
type process struct {
	done chan struct{}
	err  error // set before done is closed
}

// stop sends SIGTERM to the master (its pid is also in base_dir/master.pid)
// and waits for it to exit, killing it after a few seconds.
func (d *Dovecot) stop(t testing.TB, pid int, p *process) {
	if b, err := os.ReadFile(filepath.Join(d.Dir, "run", "master.pid")); err == nil {
		if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			pid = p
		}
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(pid, syscall.SIGKILL)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			t.Errorf("mailtest: dovecot (pid %d) did not exit after SIGKILL", pid)
			return
		}
		t.Logf("mailtest: dovecot did not stop on SIGTERM; killed")
	}
}

// mailUser picks the uid and gid mail processes run as: Debian's "mail"
// user, which exists on every Debian system.
func mailUser(t testing.TB) (int, int) {
	t.Helper()
	u, err := user.Lookup("mail")
	if err != nil {
		t.Fatalf("mailtest: no 'mail' user for Dovecot's mail processes: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return uid, gid
}

// freePorts returns n distinct ports free on 127.0.0.1 a moment ago.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, 0, n)
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// waitPort waits until addr accepts a connection, the process exits, or 15 s.
func waitPort(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("dovecot exited")
		default:
		}
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			// Open is not enough: another test's server can hold the
			// port Dovecot failed to bind (an SMTP server's "220"
			// greeting then reached an IMAP login). Dovecot's is "* OK".
			_ = c.SetReadDeadline(time.Now().Add(5 * time.Second))
			line, rerr := bufio.NewReader(c).ReadString('\n')
			c.Close()
			switch {
			case strings.HasPrefix(line, "* OK"):
				return nil
			case line != "":
				return fmt.Errorf("port %s answers %q, not Dovecot's greeting", addr, strings.TrimSpace(line))
			}
			_ = rerr // no greeting yet (a busy machine): try again
		}
		time.Sleep(20 * time.Millisecond) // polling a port that is coming up; no event to wait on
	}
	return fmt.Errorf("port %s not open after 15s", addr)
}

func (d *Dovecot) Name() string    { return "dovecot" }
func (d *Dovecot) Addr() string    { return d.addr }
func (d *Dovecot) URL() *url.URL   { return &url.URL{Scheme: "imap", Host: d.addr} }
func (d *Dovecot) CondStore() bool { return true }

// LMTPAddr is host:port of Dovecot's LMTP listener, "" when dovecot-lmtpd is
// not installed. Mail delivered there lands in the recipient's INBOX.
func (d *Dovecot) LMTPAddr() string { return d.lmtpAddr }

// AddUser adds user to the passwd file; Dovecot re-reads it when its size
// or mtime changes.
// INBOX, Sent and Drafts appear on first login.
func (d *Dovecot) AddUser(t testing.TB, user, pass string) {
	t.Helper()
	d.mu.Lock()
	f, err := os.OpenFile(d.passwd, os.O_APPEND|os.O_WRONLY, 0)
	if err == nil {
		_, err = fmt.Fprintf(f, "%s:{PLAIN}%s::::::\n", user, pass)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	d.mu.Unlock()
	if err != nil {
		t.Fatalf("mailtest: add dovecot user: %v", err)
	}
	d.users.set(user, pass)
}

// Append stores raw in folder through IMAP APPEND and returns its UID.
func (d *Dovecot) Append(t testing.TB, user, folder string, raw []byte, internalDate time.Time) uint32 {
	t.Helper()
	return appendOne(t, d.Dial(t, user), folder, raw, internalDate)
}

// Dial returns a logged-in client for user.
func (d *Dovecot) Dial(t testing.TB, user string) *imapclient.Client {
	t.Helper()
	return dial(t, d.addr, user, d.users.get(t, user))
}

const dovecotConf = `# Written by keepwarm/internal/mailtest for one test.
protocols = imap
listen = 127.0.0.1
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
info_log_path = %[1]s/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
mail_max_userip_connections = 200
# Test data is disposable: skipping fsync makes APPEND ~10x faster.
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%%u %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[2]d gid=%[3]d home=%[1]s/mail/%%d/%%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \Drafts
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = %[4]d
  }
  inet_listener imaps {
    port = 0
  }
  # Dovecot's "high-performance" login mode, as busy servers run it: no
  # process fork per connection.
  service_count = 0
  process_min_avail = 1
}
service imap {
  # Keep pre-forked imap processes ready, so a login does not wait for one.
  process_min_avail = 4
}
protocol imap {
  mail_max_userip_connections = 200
}
%[5]s
`

const lmtpConf = `service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = %d
  }
}
protocol lmtp {
  auth_username_format = %%u
}
`

// DeliverMaildir writes msgs straight into user's Maildir folder (INBOX, or
// a top-level folder such as "Sent"), with INTERNALDATE date(i), bypassing
// IMAP: Dovecot assigns UIDs on the next SELECT. It is for bulk setup (a
// benchmark's 20,000 messages in seconds); APPEND grows slower per message
// as a Maildir fills.
func (d *Dovecot) DeliverMaildir(t testing.TB, user, folder string, msgs [][]byte, date func(i int) time.Time) {
	t.Helper()
	d.DeliverMaildirFunc(t, user, folder, len(msgs), func(i int) []byte { return msgs[i] }, date)
}

// DeliverMaildirFunc is DeliverMaildir for n messages made one at a time by
// msg, so a large mailbox need not be held in memory.
func (d *Dovecot) DeliverMaildirFunc(t testing.TB, user, folder string, n int, msg func(i int) []byte, date func(i int) time.Time) {
	t.Helper()
	local, domain, ok := strings.Cut(user, "@")
	if !ok {
		t.Fatalf("mailtest: DeliverMaildir wants user@domain, got %q", user)
	}
	uid, gid := mailUser(t)
	home := filepath.Join(d.Dir, "mail", domain, local)
	dir := filepath.Join(home, "Maildir")
	if !strings.EqualFold(folder, "INBOX") {
		dir = filepath.Join(dir, "."+folder)
	}
	for _, sub := range []string{home, filepath.Join(home, "Maildir"), dir, filepath.Join(dir, "cur"), filepath.Join(dir, "new"), filepath.Join(dir, "tmp")} {
		if err := os.MkdirAll(sub, 0o700); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		if err := os.Chown(sub, uid, gid); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
	}
	if err := os.Chown(filepath.Join(d.Dir, "mail", domain), uid, gid); err != nil {
		t.Fatalf("mailtest: %v", err)
	}
	for i := range n {
		m, at := msg(i), date(i)
		name := filepath.Join(dir, "cur", fmt.Sprintf("%d.M%dP%d.keepwarm,S=%d,W=%d:2,", at.Unix(), i, os.Getpid(), len(m), len(m)))
		if err := os.WriteFile(name, m, 0o600); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		if err := os.Chown(name, uid, gid); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
		if err := os.Chtimes(name, at, at); err != nil {
			t.Fatalf("mailtest: %v", err)
		}
	}
}
