package config

import (
	"os"
	"strings"
	"testing"
)

// TestOAuthKeysThatDoNothingOrCannotWork: an oauth_tenant pasted as the
// portal's address, or with a space, would be put inside the sign-in's
// address; one on a Gmail mailbox, and the kept tokens' keys beside
// token_cmd or with auth = "password", are read by nothing. Each is
// refused, naming the key.
func TestOAuthKeysThatDoNothingOrCannotWork(t *testing.T) {
	ms := "provider = \"microsoft365\"\nauth = \"oauth2\"\noauth_client_id = \"kw-app\"\n"
	gmail := "provider = \"gmail\"\nauth = \"oauth2\"\noauth_client_id = \"kw-app\"\noauth_client_secret_env = \"GMAIL_SECRET\"\n"
	mailbox := func(keys string) string {
		return strings.Replace(minimal, `password_env = "LILY_PW"`, keys, 1)
	}
	for _, ok := range []string{
		ms,
		ms + `oauth_tenant = "contoso.onmicrosoft.com"`,
		ms + `oauth_tenant = "7b3c1e2a-4f5d-4e6a-9b8c-0d1e2f3a4b5c"`,
		ms + `oauth_tenant = "organizations"`,
		gmail,
		// 21Vianet's endpoints written with {tenant}.
		"auth = \"oauth2\"\nprovider = \"microsoft365\"\noauth_client_id = \"kw-app\"\noauth_tenant = \"t1\"\noauth_device_url = \"https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/devicecode\"\n",
	} {
		if _, err := Parse([]byte(mailbox(ok))); err != nil {
			t.Errorf("%s\nrefused: %v", ok, err)
		}
	}
	for _, c := range []struct{ keys, want string }{
		{ms + `oauth_tenant = "https://login.microsoftonline.com/contoso.onmicrosoft.com"`, `oauth_tenant: "https://login.microsoftonline.com/contoso.onmicrosoft.com" is not a tenant`},
		{ms + `oauth_tenant = "contoso.onmicrosoft.com "`, `oauth_tenant: "contoso.onmicrosoft.com " is not a tenant`},
		{ms + `oauth_tenant = "contoso?x=1"`, "oauth_tenant: \"contoso?x=1\" is not a tenant"},
		{gmail + `oauth_tenant = "contoso.onmicrosoft.com"`, "oauth_tenant: is set, but Gmail"},
		{"provider = \"microsoft365\"\nauth = \"oauth2\"\ntoken_cmd = \"oama access lily@acme.example\"\noauth_client_id = \"kw-app\"\n", "oauth_client_id: is for the tokens keepwarm keeps, but token_cmd is set"},
		{"provider = \"microsoft365\"\nauth = \"oauth2\"\ntoken_cmd = \"oama access lily@acme.example\"\noauth_tenant = \"contoso.onmicrosoft.com\"\n", "oauth_tenant: is for the tokens keepwarm keeps, but token_cmd is set"},
		{"provider = \"gmail\"\nauth = \"password\"\npassword_env = \"LILY_PW\"\noauth_client_id = \"kw-app\"\n", `oauth_client_id: is for the tokens keepwarm keeps with auth = "oauth2", but auth is "password"`},
		{"password_env = \"LILY_PW\"\noauth_token_url = \"https://login.example.com/token\"\n", `oauth_token_url: is for the tokens keepwarm keeps with auth = "oauth2"`},
		// 21Vianet's endpoints with a literal "organizations": the tenant
		// goes into them, not away.
		{ms + "oauth_tenant = \"t1\"\noauth_device_url = \"https://login.partner.microsoftonline.cn/organizations/oauth2/v2.0/devicecode\"\noauth_token_url = \"https://login.partner.microsoftonline.cn/organizations/oauth2/v2.0/token\"\n",
			"oauth_tenant: is set, but oauth_device_url and oauth_token_url replace Microsoft 365 (Exchange Online)'s sign-in addresses and have no {tenant}: write {tenant}"},
		{ms[:len(ms)-len("oauth_client_id = \"kw-app\"\n")] + "token_cmd = \"x\"\noauth_tenant = \"t1\"\n", "oauth_tenant: is for the tokens keepwarm keeps, but token_cmd is set"},
	} {
		_, err := Parse([]byte(mailbox(c.keys)))
		if err == nil || !strings.Contains(err.Error(), `mailbox "lily".`+c.want) {
			t.Errorf("%s\n%v\nwant %q", c.keys, err, c.want)
		}
	}
	// [notify] is checked by the same rules.
	_, err := Parse([]byte(minimal + "\n[notify]\nsmtp_url = \"smtps://smtp.gmail.com\"\nfrom = \"kw@acme.example\"\nusername = \"kw@acme.example\"\n" + gmail + "oauth_tenant = \"x\"\n"))
	if err == nil || !strings.Contains(err.Error(), "notify.oauth_tenant: is set, but Gmail") {
		t.Errorf("[notify] oauth_tenant on Gmail: %v", err)
	}
}

// TestTheExamples21VianetLinesLoad: the example's Microsoft 365 sign-in
// lines, the 21Vianet endpoints and scopes included, uncommented into a
// mailbox together, load: oauth_tenant goes into the endpoints.
func TestTheExamples21VianetLinesLoad(t *testing.T) {
	example, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(string(example), "\n") {
		for _, k := range []string{"oauth_client_id", "oauth_tenant", "oauth_device_url", "oauth_token_url", "oauth_scopes"} {
			if strings.HasPrefix(line, "# "+k+" = ") {
				v, _, _ := strings.Cut(strings.TrimPrefix(line, "# "), "   # e.g.")
				v, _, _ = strings.Cut(v, "     # e.g.")
				keys = append(keys, strings.TrimSpace(v))
			}
		}
	}
	if len(keys) != 5 {
		t.Fatalf("the example's lines: %q", keys)
	}
	mb := "provider = \"microsoft365\"\nauth = \"oauth2\"\n" + strings.Join(keys, "\n") + "\n"
	if _, err := Parse([]byte(strings.Replace(minimal, `password_env = "LILY_PW"`, mb, 1))); err != nil {
		t.Errorf("%s\nrefused: %v", mb, err)
	}
}

// TestMicrosoftScopesWithoutOfflineAccessAreRefused: Microsoft gives a
// refresh token only for "offline_access"; oauth_scopes without it would
// let the person finish the sign-in before keepwarm could keep nothing.
// It is refused at load, naming the key. The "must be …" examples of the
// sign-in keys, written together into a mailbox, load: the scopes are the
// whole list (SMTP.Send and offline_access with IMAP's), and the addresses
// take oauth_tenant at {tenant}.
func TestMicrosoftScopesWithoutOfflineAccessAreRefused(t *testing.T) {
	ms := "provider = \"microsoft365\"\noauth_client_id = \"kw-app\"\n"
	mailbox := func(keys string) string {
		return strings.Replace(minimal, `password_env = "LILY_PW"`, keys, 1)
	}
	for _, scopes := range []string{
		`["https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send"]`,
		`["https://partner.outlook.cn/IMAP.AccessAsUser.All"]`,
	} {
		_, err := Parse([]byte(mailbox(ms + "oauth_scopes = " + scopes + "\n")))
		if err == nil || !strings.Contains(err.Error(), `mailbox "lily".oauth_scopes`) || !strings.Contains(err.Error(), `"offline_access"`) {
			t.Errorf("%s: %v", scopes, err)
		}
	}
	if _, err := Parse([]byte(mailbox(ms + `oauth_scopes = ["https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "Offline_Access"]` + "\n"))); err != nil {
		t.Errorf("with offline_access: %v", err)
	}
	// Google's sign-in has no such scope.
	if _, err := Parse([]byte(mailbox("provider = \"gmail\"\noauth_client_id = \"kw-app\"\noauth_client_secret_env = \"GMAIL_SECRET\"\noauth_scopes = [\"https://mail.google.com/\"]\n"))); err != nil {
		t.Errorf("gmail: %v", err)
	}

	keys := ms
	for _, k := range []string{"oauth_tenant", "oauth_device_url", "oauth_token_url", "oauth_scopes"} {
		keys += k + " = " + examples[k] + "\n"
	}
	if !strings.Contains(examples["oauth_scopes"], "/SMTP.Send") {
		t.Errorf("the example of oauth_scopes has no SMTP.Send: %s", examples["oauth_scopes"])
	}
	if _, err := Parse([]byte(mailbox(keys))); err != nil {
		t.Errorf("the examples together:\n%s\nrefused: %v", keys, err)
	}
}
