package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"

	"github.com/emersion/go-smtp"
)

// oneMailboxConfig writes a config with Lily's mailbox on srv and the given
// extra mailbox keys. A provider preset with no smtp_url in keys sends to
// a closed port here, not to the provider's real server the preset names.
func oneMailboxConfig(t *testing.T, srv mailtest.Server, keys string) string {
	t.Helper()
	if strings.Contains(keys, "provider =") && !strings.Contains(keys, "smtp_url") {
		keys = fmt.Sprintf("smtp_url = \"smtp://%s?starttls=none\"\n", closedAddr(t)) + keys
	}
	body := fmt.Sprintf(`
database = "kw.db"
[team]
internal_domains = ["acme-export.com"]
[[salesperson]]
email = "lily@acme-export.com"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.com"
url = "%s"
username = "lily@acme-export.com"
%s
`, srv.URL(), keys)
	path := filepath.Join(t.TempDir(), "keepwarm.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckOAuth2WithTokenCmd(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.RequireOAuth(func(user, token string) bool { return user == "lily@acme-export.com" && token == "good-token" })

	c := newCLI(t, oneMailboxConfig(t, srv, "auth = \"oauth2\"\ntoken_cmd = \"echo good-token\""), nil)
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	for _, want := range []string{"mailbox lily: provider none set, auth oauth2, token from token_cmd",
		"ok    mailbox lily: IMAP login as lily@acme-export.com at " + srv.Addr() + " with XOAUTH2; will read",
		"mailbox lily: has IDLE SPECIAL-USE UIDPLUS; lacks CONDSTORE ID X-GM-EXT-1"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}

	c = newCLI(t, oneMailboxConfig(t, srv, "auth = \"oauth2\"\ntoken_cmd = \"echo stale-token\""), nil)
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, "fix: the access token was refused") {
		t.Fatalf("wrong token: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "stale-token") {
		t.Fatalf("check printed the token:\n%s", out)
	}
}

// newMSWorld is a Microsoft identity platform stand-in that signs in
// account ("" its default) and an in-process IMAP server holding login
// (password "lily-pw"); the stand-in closes when the test ends.
func newMSWorld(t *testing.T, account, login string) (*msIdentity, *httptest.Server, *mailtest.IMAPServer) {
	t.Helper()
	id := &msIdentity{account: account}
	hs := httptest.NewServer(id.handler())
	t.Cleanup(hs.Close)
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, login, "lily-pw")
	return id, hs, srv
}

// msIdentity is a stand-in for Microsoft's device and token endpoints: it
// checks what it receives and issues tokens the IMAP server accepts.
type msIdentity struct {
	mu      sync.Mutex
	polls   int
	refresh string
	access  string
	issued  int
	bad     []string
	down    int    // refreshes answered 503 temporarily_unavailable, as during an outage
	refuse  string // when set, refreshes are answered 400 with this error code
	why     string // refuse's error_description; "" is AADSTS50076
	account string // who signs in at the device code; "" is Lily
	poll    string // when set, every device-code poll is answered 400 with this error code
	// deviceAt is when the last device code was asked for: auth's --wait
	// began before it.
	deviceAt time.Time
	// smtp is what Lily's SMTP server (microsoftSignInLily's) saw.
	smtp *mailtest.OAuthLog
}

func (m *msIdentity) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/devicecode", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if r.Form.Get("client_id") != "kw-app" || !strings.Contains(r.Form.Get("scope"), "IMAP.AccessAsUser.All") {
			m.fail(w, "device request: "+r.Form.Encode())
			return
		}
		m.mu.Lock()
		m.deviceAt = time.Now()
		m.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"device_code":"dc-1","user_code":"KW7-LILY","verification_uri":"https://microsoft.example/devicelogin","expires_in":900,"interval":1}`)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		m.mu.Lock()
		defer m.mu.Unlock()
		if r.Form.Get("client_id") != "kw-app" {
			m.failLocked(w, "client_id "+r.Form.Get("client_id"))
			return
		}
		switch r.Form.Get("grant_type") {
		case "urn:ietf:params:oauth:grant-type:device_code":
			m.polls++
			if m.poll != "" {
				w.WriteHeader(400)
				fmt.Fprintf(w, `{"error":%q}`, m.poll)
				return
			}
			if m.polls == 1 {
				w.WriteHeader(400)
				fmt.Fprint(w, `{"error":"authorization_pending"}`)
				return
			}
		case "refresh_token":
			if m.down > 0 {
				m.down--
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprint(w, `{"error":"temporarily_unavailable"}`)
				return
			}
			if m.refuse != "" {
				w.WriteHeader(400)
				why := m.why
				if why == "" {
					why = "AADSTS50076"
				}
				fmt.Fprintf(w, `{"error":%q,"error_description":%q}`, m.refuse, why)
				return
			}
			if r.Form.Get("refresh_token") != m.refresh {
				m.failLocked(w, "refresh token not current")
				return
			}
		default:
			m.failLocked(w, "grant_type "+r.Form.Get("grant_type"))
			return
		}
		m.issued++
		m.access, m.refresh = fmt.Sprintf("at-%d", m.issued), fmt.Sprintf("rt-secret-%d", m.issued)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": m.access, "refresh_token": m.refresh, "token_type": "Bearer", "expires_in": 3600})
	})
	return mux
}

func (m *msIdentity) fail(w http.ResponseWriter, why string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failLocked(w, why)
}

func (m *msIdentity) failLocked(w http.ResponseWriter, why string) {
	m.bad = append(m.bad, why)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(400)
	fmt.Fprint(w, `{"error":"invalid_grant"}`)
}

func (m *msIdentity) accepts(user, token string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	account := m.account
	if account == "" {
		account = "lily@acme-export.com"
	}
	return user == account && m.access != "" && token == m.access
}

// microsoftSignInLily sets up Lily's mailbox as a microsoft365 one that
// takes only tokens from id, whose device and token endpoints its config
// names; it returns id and the config's path.
func microsoftSignInLily(t *testing.T) (*msIdentity, string) {
	t.Helper()
	id := &msIdentity{}
	hs := httptest.NewServer(id.handler())
	t.Cleanup(hs.Close)
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.RequireOAuth(id.accepts)
	smtpSrv := mailtest.NewSMTPServer(t)
	id.smtp = smtpSrv.RequireOAuth(id.accepts)
	return id, oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
smtp_url = "%[2]s"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"`, hs.URL, smtpSrv.URL()))
}

func TestAuthDeviceCodeThenSyncAndCheck(t *testing.T) {
	id, hs, srv := newMSWorld(t, "", "lily@acme-export.com")
	srv.Append(t, "lily@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.RequireOAuth(id.accepts)
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSeen := smtpSrv.RequireOAuth(id.accepts)

	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
smtp_url = "%[2]s"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"`, hs.URL, smtpSrv.URL()))
	c := newCLI(t, path, nil)

	out := c.mustRun("--log-level", "error", "auth", "lily")
	if !strings.Contains(out, "https://microsoft.example/devicelogin") || !strings.Contains(out, "KW7-LILY") || !strings.Contains(out, "signed in") {
		t.Fatalf("auth output:\n%s", out)
	}
	keyPath := filepath.Join(filepath.Dir(path), "kw.db.key")
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %s: %v %v", keyPath, st, err)
	}

	if out := c.mustRun("--log-level", "error", "sync"); !strings.Contains(out, "1 new message(s)") {
		t.Fatalf("sync after auth:\n%s", out)
	}
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	for _, want := range []string{"provider microsoft365, auth oauth2, token kept by keepwarm",
		"ok    mailbox lily: stored OAuth2 token (signed in", "good until",
		"ok    mailbox lily: IMAP login as lily@acme-export.com at " + srv.Addr() + " with XOAUTH2",
		"ok    mailbox lily: SMTP login as lily@acme-export.com"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
	// auth tried the new sign-in on SMTP as well, then check logged in.
	if got := smtpSeen.Logins(); len(got) != 2 || got[0] != "XOAUTH2" || got[1] != "XOAUTH2" {
		t.Fatalf("SMTP OAuth2 logins %v, want two XOAUTH2 (auth's try and check's)", got)
	}
	if len(id.bad) != 0 {
		t.Fatalf("the identity endpoint got bad requests: %v", id.bad)
	}
	if strings.Contains(out+errs, "rt-secret") {
		t.Fatal("a refresh token was printed")
	}

	// 80 days later, unused since: Microsoft retires it at 90.
	later := time.Now().AddDate(0, 0, 80).Format(time.RFC3339)
	_, out, _ = c.run(context.Background(), "--log-level", "error", "--now", later, "check")
	if !strings.Contains(out, "warn  mailbox lily: stored OAuth2 token") || !strings.Contains(out, "stops working on") ||
		!strings.Contains(out, "keepwarm auth lily") {
		t.Fatalf("check 80 days on does not warn:\n%s", out)
	}
}

func TestDigestNamesAMailboxKeepwarmCannotRead(t *testing.T) {
	r := newDigestRig(t, "")
	r.seedLily()
	// Lily's mailbox stopped after refused logins, as mailsync records it.
	if err := r.m.db.SyncFailed(r.ctx, "lily", t0.Add(time.Hour),
		"login refused 3 times in a row, keepwarm stopped trying until it is restarted: IMAP login to lily with XOAUTH2 refused", true); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, r.path, r.env)
	now := t0.Add(24 * time.Hour).Format(time.RFC3339)
	out := c.mustRun("--now", now, "digest", "--salesperson", "lily@acme-export.com")
	if !strings.Contains(out, "MAILBOXES KEEPWARM CANNOT READ (1)") || !strings.Contains(out, "mailbox lily, since") ||
		!strings.Contains(out, "stopped trying") || !strings.Contains(out, "1 mailbox not read") {
		t.Fatalf("digest:\n%s", out)
	}
	if out := c.mustRun("--now", now, "digest", "--salesperson", "tom@acme-export.com"); strings.Contains(out, "CANNOT READ") {
		t.Fatalf("another person's digest names Lily's mailbox:\n%s", out)
	}
}

func TestCheckLogsInToTheNotifySender(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(func(user, token string) bool { return user == "keepwarm@acme-export.com" && token == "notify-token" })
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
auth = "oauth2"
token_cmd = "echo notify-token"`, smtpSrv.URL().String())
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    notify: SMTP login as keepwarm@acme-export.com") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	c = newCLI(t, oneMailboxConfig(t, srv, strings.Replace(keys, "echo notify-token", "echo old-token", 1)), map[string]string{"LILY_PW": "lily-pw"})
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  notify: SMTP login") {
		t.Fatalf("wrong notify token: exit %d\n%s", code, out)
	}
}

// TestCheckDuringATokenEndpointOutage: Microsoft's token endpoint answers
// 503 for a while. check says what it answered and that it is worth trying
// again, not that Lily must be signed in again; once it is back, check
// passes with the token kept.
func TestCheckDuringATokenEndpointOutage(t *testing.T) {
	id, path := microsoftSignInLily(t)
	c := newCLI(t, path, nil)
	if out := c.mustRun("--log-level", "error", "auth", "lily"); len(id.smtp.Logins()) != 1 {
		t.Fatalf("auth tried the sign-in on Lily's SMTP server %d times, want once:\n%s", len(id.smtp.Logins()), out)
	}

	id.mu.Lock()
	id.down = 1
	id.mu.Unlock()
	code, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, "token endpoint answered 503 (temporarily_unavailable)") ||
		!strings.Contains(out, "fix: the provider's sign-in service failed to answer") || strings.Contains(out, "keepwarm auth lily`") {
		t.Fatalf("check during the outage: exit %d\n%s", code, out)
	}
	if _, out, _ := c.run(context.Background(), "--log-level", "error", "check"); !strings.Contains(out, "ok    mailbox lily: IMAP login") {
		t.Fatalf("check after the outage:\n%s", out)
	}
}

// TestCheckWhenTheTenantWantsTheUserAgain: a Conditional Access policy
// (sign-in frequency, MFA) makes Microsoft answer the refresh with
// interaction_required. check tells the manager to sign Lily in again, not
// to wait for an outage to pass.
func TestCheckWhenTheTenantWantsTheUserAgain(t *testing.T) {
	id, path := microsoftSignInLily(t)
	c := newCLI(t, path, nil)
	c.mustRun("--log-level", "error", "auth", "lily")

	id.mu.Lock()
	id.refuse = "interaction_required"
	id.mu.Unlock()
	code, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, "interaction_required") ||
		!strings.Contains(out, "fix: run `keepwarm auth lily`") || strings.Contains(out, "try again in a few minutes") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
}

// TestCheckWarnsOfUncheckedCertificates: insecure_skip_verify toward
// another machine is named by check, link by link, for a mailbox and for
// [notify]; toward this machine (a test server) it is not.
func TestCheckWarnsOfUncheckedCertificates(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	keys := `password_env = "LILY_PW"
smtp_url = "smtps://smtp.acme-export.invalid"
insecure_skip_verify = true
[notify]
smtp_url = "smtps://relay.acme-export.invalid:465"
username = "keepwarm@acme-export.com"
password_env = "LILY_PW"
from = "keepwarm@acme-export.com"
insecure_skip_verify = true`
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"})
	_, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	for _, want := range []string{
		"warn  mailbox lily: SMTP smtp.acme-export.invalid: the server's TLS certificate is not checked (insecure_skip_verify = true)",
		"warn  notify: SMTP relay.acme-export.invalid:465: the server's TLS certificate is not checked",
		"ok    mailbox lily: IMAP login",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "IMAP "+srv.Addr()+": the server's TLS") {
		t.Errorf("check warns about the test server on this machine:\n%s", out)
	}
}

// TestAuthRefusesASignInAsAnotherAccount: the device code for Lily's
// mailbox is entered by someone signed in as the manager. The mail server
// refuses that token for lily@, so auth says whose sign-in it wanted and
// keeps nothing; signed in as Lily, it keeps the token. A mail server that
// cannot be reached proves nothing: the sign-in is kept, with a warning.
func TestAuthRefusesASignInAsAnotherAccount(t *testing.T) {
	id, hs, srv := newMSWorld(t, "boss@acme-export.com", "lily@acme-export.com")
	seen := srv.RequireOAuth(id.accepts)
	keys := fmt.Sprintf(`provider = "microsoft365"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"`, hs.URL)
	c := newCLI(t, oneMailboxConfig(t, srv, keys), nil)

	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 1 || !strings.Contains(errs, "refused a login as lily@acme-export.com with this sign-in, so it was not kept") ||
		!strings.Contains(errs, "sign in as lily@acme-export.com") || !strings.Contains(errs, "so it was not kept (IMAP login to lily with XOAUTH2 refused") ||
		strings.Contains(out, "signed in:") {
		t.Fatalf("auth as the manager: exit %d\n%s\n%s", code, out, errs)
	}
	if seen.Refused() != 1 {
		t.Fatalf("%d refused logins, want the one trying the sign-in", seen.Refused())
	}
	if _, out, _ := c.run(context.Background(), "--log-level", "error", "check"); !strings.Contains(out, "has no stored OAuth2 token") {
		t.Fatalf("a token was kept:\n%s", out)
	}

	id.mu.Lock()
	id.account = ""
	id.mu.Unlock()
	if out := c.mustRun("--log-level", "error", "auth", "lily"); !strings.Contains(out, "signed in: mailbox lily's refresh token is stored") {
		t.Fatalf("auth as Lily:\n%s", out)
	}

	// The IMAP server down while signing in.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadAddr := ln.Addr().String()
	ln.Close()
	path := oneMailboxConfig(t, srv, keys)
	conf, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(conf), srv.Addr(), deadAddr, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	c = newCLI(t, path, nil)
	code, out, errs = c.run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 0 || !strings.Contains(out, "signed in:") || !strings.Contains(errs, "could not be tried on the IMAP server") {
		t.Fatalf("auth with the server down: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestAuthNotifyRefusesASignInAsAnotherAccount: for notify the sign-in is
// tried on its SMTP server.
func TestAuthNotifyRefusesASignInAsAnotherAccount(t *testing.T) {
	id, hs, srv := newMSWorld(t, "boss@acme-export.com", "lily@acme-export.com")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL)
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "notify")
	if code != 1 || !strings.Contains(errs, "the SMTP server refused a login as keepwarm@acme-export.com with this sign-in, so it was not kept (SMTP login") ||
		!strings.Contains(errs, "another account") || !strings.Contains(errs, "Set-CASMailbox -Identity keepwarm@acme-export.com") ||
		!strings.Contains(errs, "sign in as keepwarm@acme-export.com") {
		t.Fatalf("notify signed in as the manager: exit %d\n%s\n%s", code, out, errs)
	}
	id.mu.Lock()
	id.account = "keepwarm@acme-export.com"
	id.mu.Unlock()
	// A stop of [notify]'s sending after refused logins is kept in the
	// running keepwarm's memory, which auth cannot read: it says so.
	if out := c.mustRun("--log-level", "error", "auth", "notify"); !strings.Contains(out, "signed in: mailbox notify's refresh token is stored") ||
		!strings.Contains(out, "if a running keepwarm stopped sending from [notify] after refused SMTP logins") || !strings.Contains(out, "until it is restarted (systemctl restart keepwarm)") ||
		!strings.Contains(out, "keepwarm auth cannot tell whether it did") {
		t.Fatalf("notify signed in as itself:\n%s", out)
	}
}

// TestAuthNotifyOnATenantWithSMTPAuthOff: [notify] uses only SMTP, so a
// Microsoft 365 tenant with SMTP AUTH off (its default) refuses its right
// sign-in. Nothing is kept (the server did not say whose sign-in it was),
// but auth shows the server's answer and how to turn SMTP AUTH on, not a
// guess that another account signed in; check gives the same advice.
func TestAuthNotifyOnATenantWithSMTPAuthOff(t *testing.T) {
	id, hs, srv := newMSWorld(t, "keepwarm@acme-export.com", "lily@acme-export.com")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	smtpSrv.TurnOffAuth(535, smtp.EnhancedCode{5, 7, 139}, "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.")
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL)
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "notify")
	if code != 1 || !strings.Contains(errs, "5.7.139") || !strings.Contains(errs, "Set-CASMailbox -Identity keepwarm@acme-export.com -SmtpClientAuthenticationDisabled $false") ||
		!strings.Contains(errs, "SMTP.Send") || strings.Contains(errs, "another account") || strings.Contains(errs, "at-1") {
		t.Fatalf("auth notify on a tenant with SMTP AUTH off: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestCheckNotifyOnATenantWithSMTPAuthOff: check's fix for a refused
// [notify] login on Microsoft 365 names SMTP AUTH (Set-CASMailbox), as a
// mailbox's does, and [notify]'s oauth_scopes without SMTP.Send are warned
// of.
func TestCheckNotifyOnATenantWithSMTPAuthOff(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(func(user, token string) bool { return token == "notify-token" })
	smtpSrv.TurnOffAuth(535, smtp.EnhancedCode{5, 7, 139}, "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.")
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
auth = "oauth2"
token_cmd = "echo notify-token"`, smtpSrv.URL().String())
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"})
	_, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "FAIL  notify: SMTP login as keepwarm@acme-export.com") || !strings.Contains(out, "Set-CASMailbox -Identity keepwarm@acme-export.com") ||
		strings.Contains(out, "oauth_scopes has no SMTP.Send") {
		t.Fatalf("check says nothing of SMTP AUTH for [notify]:\n%s", out)
	}

	keys = fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
oauth_client_id = "kw-app"
oauth_device_url = "http://%[2]s/devicecode"
oauth_token_url = "http://%[2]s/token"
oauth_scopes = ["https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access"]`, smtpSrv.URL().String(), closedAddr(t))
	_, out, _ = newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw"}).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "warn  notify: oauth_scopes has no SMTP.Send scope") {
		t.Fatalf("check says nothing of [notify]'s scopes without SMTP.Send:\n%s", out)
	}
}

// TestCheckSaysTheTenantWasGuessed: check's line for a mailbox signing in
// at "consumers" because of its domain says so, and what a work account
// there writes instead.
func TestCheckSaysTheTenantWasGuessed(t *testing.T) {
	for _, c := range []struct {
		keys string
		want bool
	}{{"", true}, {`oauth_tenant = "consumers"`, false}} {
		cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["acme-export.com"]
[[salesperson]]
email = "lily@acme-export.com"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.com"
username = "lily@live.de"
provider = "microsoft365"
oauth_client_id = "kw-app"
%s
`, c.keys)))
		if err != nil {
			t.Fatal(err)
		}
		mb, _ := cfg.Mailbox("lily")
		got := describeLogin(mb)
		if strings.Contains(got, `tenant consumers (guessed from @live.de: a work account there wants oauth_tenant = "organizations")`) != c.want {
			t.Errorf("%q: describeLogin = %q", c.keys, got)
		}
	}
}

// TestCheckGuessesTheProviderFromAURLWithAPort: a mailbox configured with
// the provider's documented settings (port included) and no provider still
// gets the provider's advice.
func TestCheckGuessesTheProviderFromAURLWithAPort(t *testing.T) {
	mb := config.MailboxConfig{Name: "lily", URL: "imaps://imap.163.com:993", Username: "lily@163.com"}
	if got := describeLogin(mb); !strings.Contains(got, "provider netease (guessed from the host") {
		t.Errorf("describeLogin = %q", got)
	}
	err := &mailsync.AuthError{Mailbox: "lily", Server: "IMAP", Mech: "LOGIN", Err: errors.New("NO LOGIN failed")}
	if fix, _ := loginFix(mb, err); !strings.Contains(fix, "授权码") {
		t.Errorf("loginFix = %q, want NetEase's authorization code", fix)
	}
	mb.URL, mb.Username = "imaps://imap.qq.com:993", "12345678@qq.com"
	if fix, _ := loginFix(mb, err); !strings.Contains(fix, "QQ Mail") || !strings.Contains(fix, "授权码") {
		t.Errorf("loginFix = %q, want QQ Mail's authorization code", fix)
	}
	mb.URL = "imaps://imap.gmail.com:993"
	if fix := imapFix(mb, errors.New("dial tcp: i/o timeout")); !strings.Contains(fix, "from mainland China") {
		t.Errorf("imapFix = %q, want the proxy advice for Gmail", fix)
	}
}

// TestCheckSaysABusyLoginIsNotAWrongPassword: a login Gmail turns down
// for too many connections gets advice about connections, not about the
// password.
func TestCheckSaysABusyLoginIsNotAWrongPassword(t *testing.T) {
	mb := config.MailboxConfig{Name: "lily", URL: "imaps://imap.gmail.com:993", Username: "lily@gmail.com"}
	err := &mailsync.LoginBusyError{Mailbox: "lily", Mech: "LOGIN", Err: errors.New("NO [ALERT] Too many simultaneous connections. (Failure)")}
	fix := imapFix(mb, err)
	if !strings.Contains(fix, "says nothing about the password") || strings.Contains(fix, "app password") {
		t.Errorf("imapFix = %q, want advice about a busy server", fix)
	}
}

// TestProxyPasswordFromTheEnvironment: a proxy that wants a login gets its
// password from proxy_password_env, so the config file holds none; a
// proxy written with its password works but check warns about it.
func TestProxyPasswordFromTheEnvironment(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	proxy := mailtest.NewSOCKS5(t, nil)
	proxy.RequireAuth("kw", "proxy-secret")
	keys := fmt.Sprintf("password_env = \"LILY_PW\"\nproxy = \"socks5://kw@%s\"\nproxy_password_env = \"KW_PROXY_PW\"", proxy.Addr())
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw", "KW_PROXY_PW": "proxy-secret"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    mailbox lily: IMAP login") || strings.Contains(out, "proxy's password is written") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out+errs, "proxy-secret") {
		t.Fatalf("check printed the proxy's password:\n%s", out)
	}
	if len(proxy.Asked()) == 0 || proxy.Refused() != 0 {
		t.Fatalf("proxy asked %v, refused %d", proxy.Asked(), proxy.Refused())
	}

	c = newCLI(t, oneMailboxConfig(t, srv, fmt.Sprintf("password_env = \"LILY_PW\"\nproxy = \"socks5://kw:proxy-secret@%s\"", proxy.Addr())), map[string]string{"LILY_PW": "lily-pw"})
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  mailbox lily: the proxy's password is written in the config file") || !strings.Contains(out, "proxy_password_env") {
		t.Fatalf("password in the file: exit %d\n%s", code, out)
	}
}

// TestAuthWarnsWhenTheSMTPServerRefusesTheNewSignIn: a Microsoft 365
// tenant with SMTP AUTH turned off (its default since 2020) takes the new
// sign-in for IMAP and refuses it for SMTP. The sign-in is kept (mail is
// read with it), but auth says at once that nothing can be sent and how to
// turn SMTP AUTH on, not the salesperson's first follow-up waiting in the
// outbox.
func TestAuthWarnsWhenTheSMTPServerRefusesTheNewSignIn(t *testing.T) {
	id, hs, srv := newMSWorld(t, "", "lily@acme-export.com")
	srv.RequireOAuth(id.accepts)
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	smtpSrv.TurnOffAuth(535, smtp.EnhancedCode{5, 7, 139}, "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.")
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
smtp_url = %q
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL))
	c := newCLI(t, path, nil)
	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 0 || !strings.Contains(out, "signed in: mailbox lily's refresh token is stored") {
		t.Fatalf("auth: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "the SMTP server refused it") || !strings.Contains(errs, "Set-CASMailbox -Identity lily@acme-export.com -SmtpClientAuthenticationDisabled $false") ||
		!strings.Contains(errs, "SMTP.Send") || strings.Contains(errs, "at-1") {
		t.Fatalf("auth says nothing of the refused SMTP login:\n%s\n%s", out, errs)
	}
	if _, out, _ := c.run(context.Background(), "--log-level", "error", "check"); !strings.Contains(out, "ok    mailbox lily: stored OAuth2 token") {
		t.Fatalf("the sign-in was not kept:\n%s", out)
	}

	// SMTP AUTH on: nothing to warn of.
	smtpSrv = mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	path = oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
smtp_url = %q
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL))
	code, out, errs = newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 0 || !strings.Contains(out, "signed in:") || strings.Contains(errs, "SMTP") {
		t.Fatalf("auth with SMTP AUTH on: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestAuthWarnsAPersonalAccountOfTheAppsSMTPSend: a personal Microsoft
// account has no tenant to run Set-CASMailbox in and no admin center: when
// the SMTP server refuses its new sign-in, auth names the app's SMTP.Send
// permission and its account types instead.
func TestAuthWarnsAPersonalAccountOfTheAppsSMTPSend(t *testing.T) {
	id, hs, srv := newMSWorld(t, "lily@hotmail.com", "lily@hotmail.com")
	srv.RequireOAuth(id.accepts)
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(func(string, string) bool { return false })
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
smtp_url = %q
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL))
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), `username = "lily@acme-export.com"`, `username = "lily@hotmail.com"`, 1))
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 0 || !strings.Contains(out, "signed in:") {
		t.Fatalf("auth: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "the SMTP server refused it") || !strings.Contains(errs, "SMTP.Send") || !strings.Contains(errs, "personal Microsoft accounts") ||
		strings.Contains(errs, "Set-CASMailbox") || strings.Contains(errs, "admin center") {
		t.Fatalf("auth's advice to a personal account:\n%s\n%s", out, errs)
	}
}

// TestCheckWarnsOfMicrosoftScopesThatCannotSend: oauth_scopes written for
// Microsoft without SMTP.Send sign in and read the mailbox, and the SMTP
// server refuses every send: check says so before the first follow-up
// waits in the outbox. The preset's scopes, and the scopes with SMTP.Send,
// are not warned of.
func TestCheckWarnsOfMicrosoftScopesThatCannotSend(t *testing.T) {
	_, path := microsoftSignInLily(t)
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	check := func(keys string) string {
		t.Helper()
		if err := os.WriteFile(path, append(append([]byte(nil), body...), keys...), 0o600); err != nil {
			t.Fatal(err)
		}
		_, out, _ := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "check")
		return out
	}
	out := check("\noauth_scopes = [\"https://outlook.office.com/IMAP.AccessAsUser.All\", \"offline_access\"]\n")
	if !strings.Contains(out, "warn  mailbox lily: oauth_scopes has no SMTP.Send scope") {
		t.Fatalf("no warning of the scopes without SMTP.Send:\n%s", out)
	}
	for _, keys := range []string{"", "\noauth_scopes = [\"https://outlook.office.com/IMAP.AccessAsUser.All\", \"https://outlook.office.com/SMTP.Send\", \"offline_access\"]\n"} {
		if out := check(keys); strings.Contains(out, "SMTP.Send") {
			t.Errorf("%q: warned:\n%s", keys, out)
		}
	}
}

// TestAuthKeepsASignInThatArrivesJustBeforeTheWaitEnds: --wait bounds the
// wait for the person, not what follows: a sign-in that arrives with a
// second left is tried on a server slow to greet and kept, not lost after
// "the sign-in is kept" was printed.
func TestAuthKeepsASignInThatArrivesJustBeforeTheWaitEnds(t *testing.T) {
	t.Parallel() // waits on real seconds (the sign-in, the greeting); shares nothing
	id, hs, srv := newMSWorld(t, "", "lily@acme-export.com")
	srv.RequireOAuth(id.accepts)
	// The IMAP server greets two seconds after the connection opens.
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"`, hs.URL))
	direct := greetLate(t, path, srv, 2*time.Second, nil)
	c := newCLI(t, path, nil)
	// The stand-in answers the second poll, two seconds in.
	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "--wait", "3s", "lily")
	if code != 0 || !strings.Contains(out, "signed in: mailbox lily's refresh token is stored") || strings.Contains(errs, "could not be tried on the IMAP") {
		t.Fatalf("auth: exit %d\n%s\n%s", code, out, errs)
	}
	direct()
	if _, out, _ := c.run(context.Background(), "--log-level", "error", "check"); !strings.Contains(out, "ok    mailbox lily: stored OAuth2 token") {
		t.Fatalf("the sign-in was not kept:\n%s", out)
	}
}

// greetLate puts a relay in front of srv in the config at path: the
// server's greeting comes delay after a connection opens. accepted, when
// not nil, is called (in its own goroutine) as each connection opens.
// direct takes the relay out of the config again, for the commands after
// the one whose connection is late.
func greetLate(t *testing.T, path string, srv mailtest.Server, delay time.Duration, accepted func()) (direct func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// The test's end cuts a connection still waiting to be greeted: the
	// server would otherwise wait for it to close.
	stop := make(chan struct{})
	t.Cleanup(func() { ln.Close(); close(stop) })
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			if accepted != nil {
				go accepted()
			}
			go func() {
				defer client.Close()
				select {
				case <-time.After(delay):
				case <-stop:
					return
				}
				server, err := net.Dial("tcp", srv.Addr())
				if err != nil {
					return
				}
				defer server.Close()
				go func() { _, _ = io.Copy(server, client); server.Close() }()
				_, _ = io.Copy(client, server)
			}()
		}
	}()
	conf, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(conf), srv.Addr(), ln.Addr().String(), 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if err := os.WriteFile(path, conf, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuthInterruptedAfterTheWaitEndsTheTry: past --wait, the try of a
// sign-in that came just in time runs on, but an interrupt (Ctrl-C) still
// ends it, and nothing is kept. The interrupt comes from what happened,
// not from the clock: once the try's IMAP connection is open (the
// sign-in came) and the wait has surely ended, however slow auth's
// start-up was.
func TestAuthInterruptedAfterTheWaitEndsTheTry(t *testing.T) {
	t.Parallel() // waits on real seconds (the sign-in, the greeting); shares nothing
	id, hs, srv := newMSWorld(t, "", "lily@acme-export.com")
	srv.RequireOAuth(id.accepts)
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"`, hs.URL))
	const wait = 4 * time.Second // the sign-in comes at the second poll, two seconds in
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var (
		mu       sync.Mutex
		accepts  int
		cancelAt time.Time
	)
	direct := greetLate(t, path, srv, 10*time.Second, func() {
		mu.Lock()
		accepts++
		first := accepts == 1
		mu.Unlock()
		if !first {
			return
		}
		// The wait began before the device code was asked for.
		id.mu.Lock()
		waitEnded := id.deviceAt.Add(wait + 100*time.Millisecond)
		id.mu.Unlock()
		time.Sleep(time.Until(waitEnded))
		mu.Lock()
		cancelAt = time.Now()
		mu.Unlock()
		cancel() // Ctrl-C, during the try, after the wait
	})
	c := newCLI(t, path, nil)
	code, out, errs := c.run(ctx, "--log-level", "error", "auth", "--wait", wait.String(), "lily")
	done := time.Now()
	mu.Lock()
	n, at := accepts, cancelAt
	mu.Unlock()
	id.mu.Lock()
	issued := id.issued
	id.mu.Unlock()
	if n != 1 || issued != 1 || at.IsZero() {
		t.Fatalf("the sign-in did not come in time to be tried: %d IMAP connections, %d sign-ins handed out, interrupted: %v\n%s\n%s", n, issued, !at.IsZero(), out, errs)
	}
	// The greeting comes ten seconds after the connection opened.
	if took := done.Sub(at); code == 0 || took > 3*time.Second {
		t.Fatalf("auth interrupted after the wait: exit %d, %s after the interrupt\n%s\n%s", code, took.Round(time.Millisecond), out, errs)
	}
	direct() // check need not wait ten seconds for the greeting
	if _, out, _ := c.run(context.Background(), "--log-level", "error", "check"); !strings.Contains(out, "has no stored OAuth2 token") {
		t.Fatalf("an interrupted sign-in was kept:\n%s", out)
	}
}

// TestAuthSaysAPersonalAccountWantsTheConsumersTenant: Microsoft answers a
// personal account signing in at "organizations" in the browser only
// ("You can't sign in here with a personal account"), and the code runs
// out. When no sign-in comes back, auth names oauth_tenant = "consumers"
// and the app registration's account types; interrupted, it does not.
func TestAuthSaysAPersonalAccountWantsTheConsumersTenant(t *testing.T) {
	t.Parallel() // waits on real seconds (the sign-in, the greeting); shares nothing
	id, hs, srv := newMSWorld(t, "", "lily@acme-export.com")
	// The stand-in's addresses take the tenant as Microsoft's do.
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode?tenant={tenant}"
oauth_token_url = "%[1]s/token?tenant={tenant}"`, hs.URL))
	for _, c := range []struct{ poll, wait string }{{"expired_token", "15m"}, {"authorization_pending", "1500ms"}} {
		id.mu.Lock()
		id.poll = c.poll
		id.mu.Unlock()
		code, out, errs := newCLI(t, path, nil).run(context.Background(), "--log-level", "error", "auth", "--wait", c.wait, "lily")
		if code == 0 || !strings.Contains(errs, `set oauth_tenant = "consumers"`) || !strings.Contains(errs, "personal Microsoft accounts") {
			t.Errorf("%s: exit %d\n%s\n%s", c.poll, code, out, errs)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(1500*time.Millisecond, cancel) // Ctrl-C
	if code, out, errs := newCLI(t, path, nil).run(ctx, "--log-level", "error", "auth", "lily"); code == 0 || strings.Contains(errs, "consumers") {
		t.Errorf("interrupted: exit %d\n%s\n%s", code, out, errs)
	}
}
