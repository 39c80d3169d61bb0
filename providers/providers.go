// Package providers holds what keepwarm knows about the mail services export
// teams use: servers, ports, TLS, how to log in, whether the server files
// SMTP-submitted mail into Sent itself, the names of Sent where the server
// marks no folder \Sent, and the OAuth2 endpoints. It is data only: config
// fills a mailbox's unset keys from a preset, mailsync and check read the
// rest.
package providers

import (
	"net"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Preset is one provider's settings.
type Preset struct {
	Name  string // the value of `provider` in the config
	Title string // for people: "Microsoft 365 (Exchange Online)"
	// IMAPURL and SMTPURL are the servers; {domain} is replaced by the
	// domain of the mailbox's username (NetEase runs one server per domain).
	IMAPURL  string
	StartTLS bool // IMAPURL is imap:// and STARTTLS is required
	SMTPURL  string
	// Auth is the login kind the service accepts: "oauth2" or "password".
	// PasswordOK says that a password (an app password or an
	// authorization code, see Notes) works too.
	Auth       string
	PasswordOK bool
	// ServerSavesSent: the server files mail sent over SMTP into Sent by
	// itself; keepwarm must not APPEND a second copy. It holds for SMTPURL's
	// host and OwnSMTPHosts (OwnSMTP), not for a relay.
	ServerSavesSent bool
	// OwnSMTPHosts are the provider's own SMTP servers besides SMTPURL's,
	// run by the same service that files the sends into Sent (21Vianet's
	// Exchange Online in China, Outlook.com's submission host).
	OwnSMTPHosts []string
	// SentNames are the names Sent has on this service, tried before the
	// usual names when no folder is marked \Sent.
	SentNames []string
	// ArchiveLeavesInbox: archiving a message (the web mail's Archive
	// button) or a filter's "Skip the Inbox" takes it out of INBOX, leaving
	// it only under a label and in the \All folder (Gmail). keepwarm reads
	// the \All folder in INBOX's place, its drafts left out; config refuses
	// it in extra_folders by its names.
	ArchiveLeavesInbox bool
	// AllNames are the names of the \All folder, tried when no folder is
	// marked \All (Gmail names it in the account's language).
	AllNames []string
	// NeedsID: the server refuses SELECT until the client sends IMAP ID.
	NeedsID bool
	// SendAsSetting is where a send_as address is set up on this service,
	// when the service does not refuse a From it does not know as the
	// login's but sends the mail from the login's own address instead
	// (Gmail, Exchange Online): check warns of every send_as address so.
	SendAsSetting string
	// OAuth2 endpoints, for `keepwarm auth`; nil when the service has none.
	OAuth *OAuth
	// Notes is what a person setting the mailbox up must know.
	Notes string
	// Domains are the address domains the preset's servers serve, when
	// they serve only these (personal mail): a username elsewhere is an
	// account of another service, most likely Else.
	Domains []string
	Else    string
}

// OAuth is a provider's OAuth2 device-code flow.
type OAuth struct {
	// DeviceURL and TokenURL; {tenant} is replaced by the configured
	// tenant ("common" / "organizations" when unset).
	DeviceURL string
	TokenURL  string
	Scopes    []string
	// DeviceFlow is true when the provider allows mail scopes in the
	// device-code flow (Microsoft). BrowserFlow is the installed
	// application's sign-in instead, at AuthURL, coming back to a listener
	// on 127.0.0.1 (Google, which refuses mail scopes in the device flow).
	DeviceFlow  bool
	BrowserFlow bool
	AuthURL     string
	// NeedsSecret is true when the provider's clients for installed
	// applications have a client secret it asks for (Google).
	NeedsSecret bool
	// DefaultTenant fills {tenant} when the config sets none.
	DefaultTenant string
	// ConsumerTenant fills it instead for a username on the provider's
	// personal-account domains (ConsumerAccount): Microsoft's
	// "organizations" refuses a hotmail.com or outlook.com account.
	ConsumerTenant string
	// RefreshLifeDays is how long a refresh token lives unused, 0 when
	// unknown; check warns as the end nears.
	RefreshLifeDays int
}

var presets = map[string]Preset{
	"gmail": {
		Name: "gmail", Title: "Gmail / Google Workspace",
		IMAPURL: "imaps://imap.gmail.com:993", SMTPURL: "smtps://smtp.gmail.com:465",
		Auth: "oauth2", PasswordOK: true, ServerSavesSent: true, ArchiveLeavesInbox: true,
		SentNames: []string{"[Gmail]/Sent Mail", "[Google Mail]/Sent Mail", "[Gmail]/已发邮件"},
		AllNames: []string{"[Gmail]/All Mail", "[Google Mail]/All Mail", "[Gmail]/Alle Nachrichten", "[Google Mail]/Alle Nachrichten",
			"[Gmail]/Tous les messages", "[Gmail]/Todos", "[Gmail]/Tutti i messaggi", "[Gmail]/Todos os e-mails",
			"[Gmail]/Вся почта", "[Gmail]/所有邮件", "[Gmail]/すべてのメール", "[Gmail]/전체보관함"},
		OAuth: &OAuth{
			AuthURL:     "https://accounts.google.com/o/oauth2/v2/auth",
			TokenURL:    "https://oauth2.googleapis.com/token",
			Scopes:      []string{"https://mail.google.com/"},
			BrowserFlow: true, NeedsSecret: true,
			// Unused for six months a refresh token stops working (seven
			// days while the OAuth consent screen is in "Testing").
			RefreshLifeDays: 180,
		},
		Notes: "Create an OAuth client of type \"Desktop app\" in the Google Cloud console (Gmail API scope " +
			"https://mail.google.com/), put its client id in oauth_client_id and its secret in the variable " +
			"oauth_client_secret_env names, then run keepwarm auth; or use token_cmd (e.g. oama), or an app password " +
			"(auth = \"password\") where the account has 2-step verification.",
		SendAsSetting: "in Gmail's settings, Accounts, \"Send mail as\", added and verified for this account",
	},
	"microsoft365": {
		Name: "microsoft365", Title: "Microsoft 365 (Exchange Online)",
		IMAPURL: "imaps://outlook.office365.com:993", SMTPURL: "smtp://smtp.office365.com:587",
		Auth: "oauth2", ServerSavesSent: true,
		OwnSMTPHosts: []string{"smtp.partner.outlook.cn", "smtp-mail.outlook.com"},
		SentNames:    []string{"Sent Items", "已发送邮件"},
		OAuth: &OAuth{
			DeviceURL:     "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode",
			TokenURL:      "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
			Scopes:        []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"},
			DeviceFlow:    true,
			DefaultTenant: "organizations", ConsumerTenant: "consumers", RefreshLifeDays: 90,
		},
		Notes: "Password login is off in every Exchange Online tenant: register an app in Entra ID " +
			"(public client, device code flow allowed, delegated IMAP.AccessAsUser.All and SMTP.Send), " +
			"put its client id in oauth_client_id, and the tenant may need SMTP AUTH enabled for the mailbox. " +
			"A personal account (hotmail.com, outlook.com, live.com, msn.com) signs in at the \"consumers\" tenant: " +
			"the app's supported account types must include personal Microsoft accounts.",
		SendAsSetting: "the login's Send As permission on that address (Exchange admin center, or Add-RecipientPermission), " +
			"or for a proxy address of this mailbox sending from aliases turned on for the tenant (Set-OrganizationConfig -SendFromAliasEnabled $true)",
	},
	"exmail": {
		Name: "exmail", Title: "Tencent Exmail (腾讯企业邮)",
		IMAPURL: "imaps://imap.exmail.qq.com:993", SMTPURL: "smtps://smtp.exmail.qq.com:465",
		Auth: "password", PasswordOK: true,
		SentNames: []string{"Sent Messages", "已发送"},
		Notes: "With WeChat secure login on, the password is a client-specific password (客户端专用密码) " +
			"generated in the web mail's settings; IMAP must be enabled there too.",
	},
	"qq": {
		Name: "qq", Title: "QQ Mail (QQ邮箱, qq.com and foxmail.com)",
		IMAPURL: "imaps://imap.qq.com:993", SMTPURL: "smtps://smtp.qq.com:465",
		Auth: "password", PasswordOK: true,
		SentNames: []string{"Sent Messages", "已发送"},
		Notes: "The password is the authorization code (授权码) from the web mail's account settings, " +
			"where IMAP/SMTP must be turned on; not the QQ password.",
		Domains: []string{"qq.com", "foxmail.com", "vip.qq.com"}, Else: "exmail",
	},
	"netease": {
		Name: "netease", Title: "NetEase mail (163.com, 126.com, yeah.net)",
		IMAPURL: "imaps://imap.{domain}:993", SMTPURL: "smtps://smtp.{domain}:465",
		Auth: "password", PasswordOK: true, NeedsID: true,
		SentNames: []string{"已发送", "Sent Messages"},
		Notes: "The password is the authorization code (授权码) from the web mail's POP3/SMTP/IMAP settings, " +
			"not the login password. The server answers \"Unsafe Login\" to clients that send no IMAP ID: keep imap_id on.",
		Domains: []string{"163.com", "126.com", "yeah.net", "vip.163.com", "vip.126.com", "188.com"}, Else: "qiye163",
	},
	"qiye163": {
		Name: "qiye163", Title: "NetEase Qiye mail (网易企业邮, qiye.163.com)",
		IMAPURL: "imaps://imap.qiye.163.com:993", SMTPURL: "smtps://smtp.qiye.163.com:994",
		Auth: "password", PasswordOK: true, NeedsID: true,
		SentNames: []string{"已发送", "Sent Messages"},
		Notes:     "If the administrator turned on client authorization codes, use one as the password.",
	},
	"aliyun": {
		Name: "aliyun", Title: "Alibaba Mail (阿里企业邮箱, qiye.aliyun.com)",
		IMAPURL: "imaps://imap.qiye.aliyun.com:993", SMTPURL: "smtps://smtp.qiye.aliyun.com:465",
		Auth: "password", PasswordOK: true,
		SentNames: []string{"已发送", "Sent"},
		Notes:     "The administrator must allow IMAP/SMTP for third-party clients (三方客户端) for the account in the admin console; where the account has a client password (三方客户端安全密码), use it as the password.",
	},
	"aliyunmail": {
		Name: "aliyunmail", Title: "Aliyun Mail (阿里邮箱, personal aliyun.com)",
		IMAPURL: "imaps://imap.aliyun.com:993", SMTPURL: "smtps://smtp.aliyun.com:465",
		Auth: "password", PasswordOK: true,
		SentNames: []string{"已发送", "Sent"},
		Notes:     "IMAP/SMTP must be turned on in the web mail's settings.",
		Domains:   []string{"aliyun.com"}, Else: "aliyun",
	},
}

// OtherService says whether username is an account of another service
// than the preset's: outside the preset's Domains, or (for a preset
// without them) on the Domains of another preset. want names the preset
// meant, most likely; "" when unknown.
func (p Preset) OtherService(username string) (domain, want string, other bool) {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(username)), "@")
	if !ok || domain == "" {
		return "", "", false
	}
	if len(p.Domains) > 0 {
		if slices.Contains(p.Domains, domain) {
			return domain, "", false
		}
		return domain, p.Else, true
	}
	for _, q := range presets {
		if q.Name != p.Name && slices.Contains(q.Domains, domain) {
			return domain, q.Name, true
		}
	}
	return domain, "", false
}

// Get returns the preset named name (case-insensitive).
func Get(name string) (Preset, bool) {
	p, ok := presets[strings.ToLower(strings.TrimSpace(name))]
	if ok {
		p.SentNames = slices.Clone(p.SentNames)
	}
	return p, ok
}

// Names lists the presets, sorted.
func Names() []string {
	out := make([]string, 0, len(presets))
	for n := range presets {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// URLs returns the preset's IMAP and SMTP URLs for a mailbox logging in as
// username, with {domain} filled in.
func (p Preset) URLs(username string) (imapURL, smtpURL string) {
	_, domain, _ := strings.Cut(strings.ToLower(username), "@")
	r := strings.NewReplacer("{domain}", domain)
	return r.Replace(p.IMAPURL), r.Replace(p.SMTPURL)
}

// OwnSMTP says whether smtpURL is one of the provider's own SMTP servers
// for a mailbox logging in as username: SMTPURL's host (any port) or one of
// OwnSMTPHosts. A relay's is not.
func (p Preset) OwnSMTP(smtpURL, username string) bool {
	u, err := url.Parse(smtpURL)
	if err != nil || u.Hostname() == "" {
		return false
	}
	own := slices.Clone(p.OwnSMTPHosts)
	_, preset := p.URLs(username)
	if pu, err := url.Parse(preset); err == nil && pu.Hostname() != "" {
		own = append(own, pu.Hostname())
	}
	return slices.ContainsFunc(own, func(h string) bool { return strings.EqualFold(u.Hostname(), h) })
}

// NeedsDomain says whether serverURL, one of the preset's, is named after
// the username's domain ({domain}) and username has none to give.
func (p Preset) NeedsDomain(serverURL, username string) bool {
	_, domain, _ := strings.Cut(username, "@")
	return strings.Contains(serverURL, "{domain}") && strings.TrimSpace(domain) == ""
}

// Endpoints returns the device and token URLs for a tenant ("" = the
// preset's default).
func (o OAuth) Endpoints(tenant string) (deviceURL, tokenURL string) {
	r := o.Tenant(tenant)
	return r.Replace(o.DeviceURL), r.Replace(o.TokenURL)
}

// consumerDomain is a domain of Microsoft's personal accounts: hotmail,
// outlook, live or windowslive under .com or one of the country domains
// Microsoft gives them (outlook.com, hotmail.co.uk, live.com.au), and
// msn.com; never a company's outlook.example.com, nor one on a country
// domain used as a generic one (live.io, live.tv, live.me, outlook.ai):
// the guess would send that work account's sign-in to "consumers".
var consumerDomain = regexp.MustCompile(`^((hotmail|outlook|live|windowslive)\.(com|(co\.|com\.)?(` + consumerCountries + `))|msn\.com|passport\.com)$`)

// consumerCountries are the country domains under which Microsoft's
// personal-account domains exist.
const consumerCountries = "ar|at|au|be|br|ca|ch|cl|cn|cz|de|dk|es|fi|fr|gr|hk|hu|id|ie|il|in|it|jp|kr|lt|lv|mx|my|nl|no|nz|ph|pl|pt|ru|sa|se|sg|sk|th|tr|tw|uk|vn|za"

// MicrosoftConsumerCountries are the country domains under which
// Microsoft's personal-account domains (hotmail.co.th, live.com.au,
// outlook.in) exist: the free-mail list takes hotmail, live and outlook
// under these and no other.
func MicrosoftConsumerCountries() []string { return strings.Split(consumerCountries, "|") }

// ConsumerAccount says whether username is a personal account of the
// provider's, which signs in at ConsumerTenant.
func (o OAuth) ConsumerAccount(username string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(strings.TrimSpace(username)), "@")
	return ok && o.ConsumerTenant != "" && consumerDomain.MatchString(domain)
}

// Tenant fills {tenant} in an endpoint URL with tenant ("" = the preset's
// default).
func (o OAuth) Tenant(tenant string) *strings.Replacer {
	if tenant == "" {
		tenant = o.DefaultTenant
	}
	return strings.NewReplacer("{tenant}", tenant)
}

// Guess names the preset whose servers host is on, "" when none: check
// uses it to explain failures of mailboxes configured without `provider`.
// A port after the host is ignored; a domain matches itself and the names
// under it, never a longer name that ends the same (mail.notgmail.com).
func Guess(imapHost string) string {
	h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(imapHost)), ".")
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	on := func(domains ...string) bool {
		for _, d := range domains {
			if h == d || strings.HasSuffix(h, "."+d) {
				return true
			}
		}
		return false
	}
	switch {
	case on("gmail.com", "googlemail.com"):
		return "gmail"
	case on("office365.com", "outlook.com", "outlook.cn"): // outlook.cn: 21Vianet's (partner.outlook.cn)
		return "microsoft365"
	case on("exmail.qq.com"):
		return "exmail"
	case on("qq.com"):
		return "qq"
	case on("qiye.163.com"):
		return "qiye163"
	case on("163.com", "126.com", "yeah.net", "188.com"):
		return "netease"
	case on("qiye.aliyun.com", "mxhichina.com"): // mxhichina.com: HiChina's (万网) older name for it
		return "aliyun"
	case on("aliyun.com"):
		return "aliyunmail"
	}
	return ""
}
