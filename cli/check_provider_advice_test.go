package cli

import (
	"bytes"
	"context"
	"encoding/pem"
	"fmt"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"keepwarm/internal/mailtest"

	"github.com/emersion/go-smtp"
)

// TestCheckSaysWhetherGmailAllMailIsRead: a Gmail mailbox is read through
// All Mail in INBOX's place, so a customer's reply archived or filtered
// past the inbox is read. An account that hides All Mail from IMAP is read
// through INBOX, and check says what that misses and how to show it;
// labels in extra_folders are in All Mail already.
func TestCheckSaysWhetherGmailAllMailIsRead(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	c := srv.Dial(t, "lily@acme-export.com")
	smtpSrv := mailtest.NewSMTPServer(t)
	keys := fmt.Sprintf("provider = \"gmail\"\npassword_env = \"LILY_PW\"\nsmtp_url = %q", smtpSrv.URL().String())
	env := map[string]string{"LILY_PW": "lily-pw"}
	check := func(keys string) string {
		t.Helper()
		_, out, errs := newCLI(t, oneMailboxConfig(t, srv, keys), env).run(context.Background(), "--log-level", "error", "check")
		if !strings.Contains(out, "ok    mailbox lily: IMAP login") {
			t.Fatalf("no login:\n%s\n%s", out, errs)
		}
		return out
	}

	out := check(keys)
	if !strings.Contains(out, "warn  mailbox lily: no folder of all mail found") || !strings.Contains(out, "archived") ||
		!strings.Contains(out, `"Show in IMAP"`) || !strings.Contains(out, "INBOX (inbox)") {
		t.Fatalf("no warning about All Mail hidden from IMAP:\n%s", out)
	}

	for _, f := range []string{"[Gmail]/All Mail", "Customers/ACME"} {
		if err := c.Create(f, nil).Wait(); err != nil {
			t.Fatal(err)
		}
	}
	out = check(keys)
	if !strings.Contains(out, "will read Sent (sent), [Gmail]/All Mail (inbox)") || strings.Contains(out, "INBOX (inbox)") {
		t.Fatalf("All Mail is not read in INBOX's place:\n%s", out)
	}
	if strings.Contains(out, "no folder of all mail") || strings.Contains(out, "archived") {
		t.Fatalf("warned with All Mail read:\n%s", out)
	}

	out = check(keys + "\nextra_folders = [\"Customers/ACME\"]")
	if !strings.Contains(out, "note  mailbox lily: Customers/ACME in extra_folders: their mail is in All Mail") ||
		!strings.Contains(out, "Customers/ACME (other)") {
		t.Fatalf("no note that the label is read in All Mail already:\n%s", out)
	}
}

// TestCheckSaysALinkBrokenDuringLoginIsNoWrongPassword: a connection cut
// while the server had the LOGIN (a firewall resetting it, a proxy giving
// up) says nothing about the password: check's advice is about the network
// and the proxy, not the authorization code or app password.
func TestCheckSaysALinkBrokenDuringLoginIsNoWrongPassword(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@163.com", "auth-code")
	front := mailtest.NewLoginFrontAnswers(t, srv.Addr(), mailtest.LoginCut, mailtest.LoginCut, mailtest.LoginCut, mailtest.LoginCut)
	smtpSrv := mailtest.NewSMTPServer(t)
	keys := fmt.Sprintf("provider = \"netease\"\npassword_env = \"LILY_PW\"\nsmtp_url = %q", smtpSrv.URL().String())
	path := oneMailboxConfig(t, srv, keys)
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte(srv.URL().String()), []byte("imap://"+front.Addr()), 1)
	body = bytes.Replace(body, []byte(`username = "lily@acme-export.com"`), []byte(`username = "lily@163.com"`), 1)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, map[string]string{"LILY_PW": "auth-code"}).run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	fix := out[strings.Index(out, "FAIL  mailbox lily: IMAP login"):]
	fix = fix[strings.Index(fix, "fix: "):]
	fix = fix[:strings.Index(fix, "\n")]
	if strings.Contains(fix, "授权码") || strings.Contains(fix, "password") && !strings.Contains(fix, "nothing about the password") || !strings.Contains(fix, "proxy") {
		t.Fatalf("advice for a link cut during login: %s\n%s", fix, out)
	}
}

// TestCheckUnsafeLoginWithoutProvider: a NetEase-hosted company domain
// configured by url alone, whose server does not advertise ID, answers
// "Unsafe Login"; imap_id is not off there, so the advice is the way that
// works (imap_id = true, or the provider), and imap_id = true logs in.
func TestCheckUnsafeLoginWithoutProvider(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	front := mailtest.NewIDFront(t, srv.Addr())
	front.HideID()
	config := func(keys string) string {
		path := oneMailboxConfig(t, srv, "password_env = \"LILY_PW\"\n"+keys)
		body, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.Replace(body, []byte(srv.URL().String()), []byte("imap://"+front.Addr()), 1)
		if err := os.WriteFile(path, body, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	env := map[string]string{"LILY_PW": "lily-pw"}
	code, out, errs := newCLI(t, config(""), env).run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "Unsafe Login") || !strings.Contains(out, "set imap_id = true, or provider = \"qiye163\"") || strings.Contains(out, "remove imap_id = false") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = newCLI(t, config("imap_id = true"), env).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "ok    mailbox lily: IMAP login") || front.IDs() == 0 {
		t.Fatalf("imap_id = true: exit %d, %d ID commands\n%s\n%s", code, front.IDs(), out, errs)
	}

	// ID sent and still refused: the account keeps new clients out, and
	// the advice is no longer to send ID.
	front.BlockClients()
	for _, keys := range []string{"imap_id = true", "provider = \"qiye163\""} {
		code, out, errs = newCLI(t, config(keys), env).run(context.Background(), "--log-level", "error", "check")
		if code != 1 || !strings.Contains(out, "Unsafe Login") || strings.Contains(out, "set imap_id = true") || !strings.Contains(out, "still answers Unsafe Login") {
			t.Fatalf("%s, blocked: exit %d\n%s\n%s", keys, code, out, errs)
		}
	}
}

// TestCheckWhenTheProviderRefusesTheClient: the app registration lost
// "allow public client flows" (or a client secret was rotated): the
// refresh is answered invalid_client, and check names the client, not
// `keepwarm auth`, which the same client cannot pass.
func TestCheckWhenTheProviderRefusesTheClient(t *testing.T) {
	id, path := microsoftSignInLily(t)
	c := newCLI(t, path, nil)
	c.mustRun("--log-level", "error", "auth", "lily")

	id.mu.Lock()
	id.refuse = "invalid_client"
	id.mu.Unlock()
	code, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, "fix: the provider refused keepwarm's OAuth client") ||
		!strings.Contains(out, "oauth_client_id") || strings.Contains(out, "fix: run `keepwarm auth") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
}

// TestCheckTellsWhoCanFixARefusedRefresh: Microsoft refuses Lily's
// refresh and its description says why. check shows the AADSTS code, and
// names `keepwarm auth` only for an expired grant: a Conditional Access
// block or a disabled account goes to the administrator, an app not found
// in the directory to oauth_tenant and oauth_client_id.
func TestCheckTellsWhoCanFixARefusedRefresh(t *testing.T) {
	id, path := microsoftSignInLily(t)
	c := newCLI(t, path, nil)
	c.mustRun("--log-level", "error", "auth", "lily")
	for _, r := range []struct{ refuse, why, fix string }{
		{"invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity.", "fix: run `keepwarm auth lily` to sign the mailbox in again"},
		{"invalid_grant", "AADSTS53003: Access has been blocked by Conditional Access policies.", "ask the administrator of lily@acme-export.com's organisation"},
		{"invalid_grant", "AADSTS50057: The user account is disabled.", "ask the administrator of lily@acme-export.com's organisation"},
		{"unauthorized_client", "AADSTS700016: Application with identifier 'kw-app' was not found in the directory 'contoso'.", "check oauth_tenant and oauth_client_id"},
		{"invalid_grant", "AADSTS530003: Your device is required to be managed to access this resource.", "ask the administrator of lily@acme-export.com's organisation"},
		{"invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is not valid.", "check oauth_token_url and oauth_scopes"},
		{"invalid_grant", "AADSTS99999123: Something keepwarm has never seen.", "if it is refused with the same code, ask the administrator of lily@acme-export.com's organisation"},
	} {
		id.mu.Lock()
		id.refuse, id.why, id.access = r.refuse, r.why, ""
		id.mu.Unlock()
		code, out, _ := c.run(context.Background(), "--log-level", "error", "check")
		code6 := strings.SplitN(r.why, ":", 2)[0]
		if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, code6) || !strings.Contains(out, r.fix) ||
			strings.Contains(r.fix, "keepwarm auth") != strings.Contains(out, "fix: run `keepwarm auth") {
			t.Errorf("%s %s: exit %d, want %q\n%s", r.refuse, code6, code, r.fix, out)
		}
	}
}

// TestTokenRequestsTrustTheConfiguredCA: behind a TLS-inspecting
// corporate proxy the token endpoint's certificate is signed by the CA in
// tls_ca_file, as the mail servers' are; the sign-in and the refreshes
// trust it.
func TestTokenRequestsTrustTheConfiguredCA(t *testing.T) {
	id := &msIdentity{}
	hs := httptest.NewTLSServer(id.handler())
	defer hs.Close()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.RequireOAuth(id.accepts)
	path := oneMailboxConfig(t, srv, fmt.Sprintf(`provider = "microsoft365"
oauth_client_id = "kw-app"
oauth_device_url = "%[1]s/devicecode"
oauth_token_url = "%[1]s/token"
tls_ca_file = "ca.pem"`, hs.URL))
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: hs.Certificate().Raw})
	if err := os.WriteFile(filepath.Join(filepath.Dir(path), "ca.pem"), ca, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, nil)
	c.mustRun("--log-level", "error", "auth", "lily")
	id.mu.Lock()
	id.access = "" // the next login needs a refresh
	id.mu.Unlock()
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "ok    mailbox lily: IMAP login") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestCheckPrintsThePresetsNotesUnderARefusedLogin: a refused login of a
// preset mailbox check has no advice of its own for gets the preset's
// notes, which say what the provider wants of a login: a company's Aliyun
// mailbox (the only kind the preset connects) is told of its
// administrator's client setting, not pointed at the personal preset.
func TestCheckPrintsThePresetsNotesUnderARefusedLogin(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	path := oneMailboxConfig(t, srv, "provider = \"aliyun\"\npassword_env = \"LILY_PW\"")
	fix := checkFix(t, path, map[string]string{"LILY_PW": "wrong"}, "mailbox lily: IMAP login")
	if !strings.Contains(fix, "Alibaba Mail") || !strings.Contains(fix, "三方客户端") || strings.Contains(fix, "aliyunmail") {
		t.Errorf("fix = %q, want the Aliyun preset's login notes", fix)
	}
}

// TestCheckSaysTheVariableWinsOverTheKeyFile: the very first `keepwarm
// auth` ran from a shell without the service's KEEPWARM_SECRET_KEY, so it
// made a key file and sealed the sign-in with it; the service, which has
// the variable, cannot open it. check (with the variable) names the key
// file and the variable, not just "run keepwarm auth", which from the
// same shell would only seal with the file again.
func TestCheckSaysTheVariableWinsOverTheKeyFile(t *testing.T) {
	_, path := microsoftSignInLily(t)
	out := newCLI(t, path, nil).mustRun("--log-level", "error", "auth", "lily")
	if !strings.Contains(out, "sealed with a new key written to") || !strings.Contains(out, "only if it runs without KEEPWARM_SECRET_KEY") {
		t.Fatalf("auth:\n%s", out)
	}
	keyFile := filepath.Join(filepath.Dir(path), "kw.db.key")
	code, out, errs := newCLI(t, path, map[string]string{"KEEPWARM_SECRET_KEY": "the-service-key-0123456789"}).run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: stored OAuth2 token") || !strings.Contains(out, "sealed with the key file "+keyFile) ||
		!strings.Contains(out, "this process has KEEPWARM_SECRET_KEY, which wins") ||
		!strings.Contains(out, "run `keepwarm auth lily` with the service's KEEPWARM_SECRET_KEY, or remove the variable") {
		t.Fatalf("check with the service's variable: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestAuthAsRootGivesTheKeyFileToTheDatabasesOwner: `sudo keepwarm auth`
// (or docker exec, as root) beside a database the service's user owns
// would make a key file only root can read: auth gives the key file it
// makes to the database's owner, so the service opens the sign-in.
func TestAuthAsRootGivesTheKeyFileToTheDatabasesOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the database to another user")
	}
	_, path := microsoftSignInLily(t)
	c := newCLI(t, path, nil)
	c.mustRun("--log-level", "error", "threads")
	dir := filepath.Dir(path)
	files, _ := filepath.Glob(filepath.Join(dir, "kw.db*"))
	for _, f := range files {
		if err := os.Chown(f, 65534, 65534); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := c.run(context.Background(), "--log-level", "error", "auth", "lily")
	if code != 0 {
		t.Fatalf("auth as root: exit %d\n%s\n%s", code, out, errs)
	}
	st, err := os.Stat(filepath.Join(dir, "kw.db.key"))
	if err != nil {
		t.Fatal(err)
	}
	if sys := st.Sys().(*syscall.Stat_t); sys.Uid != 65534 || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file owned by uid %d, mode %o", sys.Uid, st.Mode().Perm())
	}
}

// closedAddr is a 127.0.0.1 address nothing listens on any more.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// checkFix runs check on the config at path and returns the fix printed
// under the failed line starting with failed.
func checkFix(t *testing.T, path string, env map[string]string, failed string) string {
	t.Helper()
	code, out, errs := newCLI(t, path, env).run(context.Background(), "--log-level", "error", "check")
	i := strings.Index(out, "FAIL  "+failed)
	if code != 1 || i < 0 {
		t.Fatalf("no FAIL %s: exit %d\n%s\n%s", failed, code, out, errs)
	}
	fix := out[i:]
	fix = fix[strings.Index(fix, "fix: "):]
	return fix[:strings.Index(fix, "\n")]
}

// TestCheckSaysAnUnreachableServerIsTheHostAndPort: a url whose port
// nothing listens on, or whose host does not exist, never reached a login:
// the advice is the host and port (and, for Gmail, the proxy China needs),
// not a connection broken during the login.
func TestCheckSaysAnUnreachableServerIsTheHostAndPort(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	env := map[string]string{"LILY_PW": "lily-pw"}
	for _, tc := range []struct {
		name, url, keys, want string
	}{
		{"closed port", "imap://" + closedAddr(t), "", "check the host and port in url"},
		{"no such host", "imaps://imap.acme-export.invalid:993", "", "check the host and port in url"},
		{"gmail, closed port", "imaps://" + closedAddr(t), "provider = \"gmail\"\n", "reachable only through a proxy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := oneMailboxConfig(t, srv, "password_env = \"LILY_PW\"\n"+tc.keys)
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			body = bytes.Replace(body, []byte(srv.URL().String()), []byte(tc.url), 1)
			if err := os.WriteFile(path, body, 0o600); err != nil {
				t.Fatal(err)
			}
			fix := checkFix(t, path, env, "mailbox lily: IMAP login")
			if !strings.Contains(fix, tc.want) || strings.Contains(fix, "broke during the login") {
				t.Fatalf("advice for a server never reached: %s", fix)
			}
		})
	}
}

// TestCheckSaysSMTPOverTheTLSPortIsTheScheme: smtp:// (STARTTLS) against a
// port that speaks TLS at once, the commonest SMTP mistake, and a port
// nothing listens on, get the smtp_url advice (smtps:// for 465), not the
// network advice of a connection broken during the login.
func TestCheckSaysSMTPOverTheTLSPortIsTheScheme(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	tlsOnly := mailtest.NewTLSFront(t, smtpSrv.Addr())
	env := map[string]string{"LILY_PW": "lily-pw"}
	for _, tc := range []struct{ name, url string }{
		{"closed port", "smtp://" + closedAddr(t)},
		{"implicit TLS port", "smtp://" + tlsOnly.Addr()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The server's silence is cut short: it never greets.
			path := oneMailboxConfig(t, srv, fmt.Sprintf("password_env = \"LILY_PW\"\nsmtp_url = %q\n[mailbox.timeouts]\ncommand = \"2s\"", tc.url))
			fix := checkFix(t, path, env, "mailbox lily: SMTP login")
			if !strings.Contains(fix, "smtps:// for port 465") || strings.Contains(fix, "broke during the login") {
				t.Fatalf("advice for smtp:// to a server not reached: %s", fix)
			}
		})
	}
}

// TestCheckSaysAFolderItMayNotOpenIsNoLoginFailure: an extra_folders entry
// the server lists but does not open (a shared folder without read
// rights) fails as that folder, with the extra_folders advice, after a
// login reported as working, not as a failed login with url advice.
func TestCheckSaysAFolderItMayNotOpenIsNoLoginFailure(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	// Listed by the front, unknown to the server behind it: its SELECT is
	// answered NO.
	front := mailtest.NewListFront(t, srv.Addr(), `* LIST (\HasNoChildren) "/" "Shared/Sales"`)
	path := oneMailboxConfig(t, srv, "password_env = \"LILY_PW\"\nextra_folders = [\"Shared/Sales\"]")
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body = bytes.Replace(body, []byte(srv.URL().String()), []byte("imap://"+front.Addr()), 1)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := newCLI(t, path, map[string]string{"LILY_PW": "lily-pw"}).run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "ok    mailbox lily: IMAP login") || strings.Contains(out, "FAIL  mailbox lily: IMAP login") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	fix := checkFix(t, path, map[string]string{"LILY_PW": "lily-pw"}, `mailbox lily: open folder "Shared/Sales"`)
	if !strings.Contains(fix, "remove it from extra_folders") || strings.Contains(fix, "url") {
		t.Fatalf("advice for a folder not opened: %s\n%s", fix, out)
	}
}

// TestCheckGivesGmailsSMTPRefusalsTheAppPasswordAdvice: Gmail's SMTP
// refusals of the account password say neither "authentication" nor
// "login" ("534 5.7.9 Application-specific password required", "535 5.7.8
// Username and Password not accepted"): they are still a refused login,
// and check's advice is the app password or auth = "oauth2", for a
// mailbox's SMTP line and for a [notify] on Gmail, which has no IMAP line
// to give it; not the smtp_url.
func TestCheckGivesGmailsSMTPRefusalsTheAppPasswordAdvice(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	for _, refusal := range []struct {
		code     int
		enhanced smtp.EnhancedCode
		text     string
	}{
		{534, smtp.EnhancedCode{5, 7, 9}, "Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor"},
		{535, smtp.EnhancedCode{5, 7, 8}, "Username and Password not accepted. Learn more at https://support.google.com/mail/?p=BadCredentials"},
	} {
		smtpSrv := mailtest.NewSMTPServer(t)
		smtpSrv.RefuseLoginsWith(refusal.code, refusal.enhanced, refusal.text)
		keys := fmt.Sprintf(`provider = "gmail"
password_env = "LILY_PW"
smtp_url = %[1]q
[notify]
provider = "gmail"
smtp_url = %[1]q
username = "keepwarm@acme-export.com"
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String())
		code, out, errs := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw", "NOTIFY_PW": "google-account-pw"}).
			run(context.Background(), "--log-level", "error", "check")
		if code != 1 || !strings.Contains(out, "ok    mailbox lily: IMAP login") {
			t.Fatalf("%d: exit %d\n%s\n%s", refusal.code, code, out, errs)
		}
		for _, line := range []string{"FAIL  mailbox lily: SMTP login", "FAIL  notify: SMTP login"} {
			i := strings.Index(out, line)
			if i < 0 {
				t.Fatalf("%d: no %q:\n%s", refusal.code, line, out)
			}
			fix := out[i:]
			fix = fix[strings.Index(fix, "fix: "):]
			fix = fix[:strings.Index(fix, "\n")]
			if !strings.Contains(fix, "app password") || !strings.Contains(fix, `auth = "oauth2"`) || strings.Contains(fix, "smtp_url") {
				t.Errorf("%d: the advice after %q: %s\n%s", refusal.code, line, fix, out)
			}
		}
	}
}
