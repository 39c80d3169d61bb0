// Package config is keepwarm.toml: its types, strict decoding (an unknown
// key is an error), defaults, and validation whose messages name the key
// and the fix. It knows nothing of the store or the network.
package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"keepwarm"
	"keepwarm/providers"
	"keepwarm/templates"
	"net"
	"net/mail"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/publicsuffix"
)

// Config is keepwarm.toml. Decoding is strict: an unknown key is an error.
type Config struct {
	Database    string              `toml:"database"`
	Team        TeamConfig          `toml:"team"`
	Sync        SyncConfig          `toml:"sync"`
	Salespeople []SalespersonConfig `toml:"salesperson"`
	Mailboxes   []MailboxConfig     `toml:"mailbox"`
	Book        BookConfig          `toml:"book"`
	Replies     RepliesConfig       `toml:"replies"`
	Notify      NotifyConfig        `toml:"notify"`
	Sequences   SequencesConfig     `toml:"sequences"`
	Greetings   GreetingsConfig     `toml:"greetings"`
	Ops         OpsConfig           `toml:"ops"`
	Web         WebConfig           `toml:"web"`
	Digest      DigestConfig        `toml:"digest"`
	Calendar    CalendarConfig      `toml:"calendar"`

	dir string // the config file's directory, for relative paths
}

// validFreeMail refuses a free-mail entry with a "*" that is not a brand's
// ending, "yahoo.*" (the brand under every public suffix): anywhere else
// ("*.yahoo.com") it would match nothing.
func validFreeMail(key string, list []string, bad func(key, format string, args ...any)) {
	for _, d := range list {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
		if !strings.Contains(d, "*") {
			continue
		}
		if brand, ok := strings.CutSuffix(d, ".*"); !ok || brand == "" || strings.ContainsAny(brand, ".*@ /") {
			bad(key, "%q: \"*\" only ends a provider's name, \"yahoo.*\" for every country ending of it; a subdomain of a listed domain is free mail already", d)
		}
	}
}

// builtInFreeMail names the entry of DefaultFreeMailDomains that domain
// is, is under (ms5.hinet.net under hinet.net) or is the parent of: a
// mail provider's or an ISP's, where a domain names no company. "" when
// there is none.
func builtInFreeMail(domain string) string {
	for _, f := range DefaultFreeMailDomains {
		if f == domain || strings.HasSuffix(domain, "."+f) || strings.HasSuffix(f, "."+domain) {
			return f
		}
	}
	return ""
}

// ownFreeMail names the key of t's own free-mail list that names domain
// itself (not by a brand, nor as a parent: those are what company_domains
// carves out).
func ownFreeMail(t TeamConfig, domain string) (string, bool) {
	has := func(list []string) bool {
		return slices.ContainsFunc(list, func(f string) bool {
			return strings.TrimPrefix(strings.ToLower(strings.TrimSpace(f)), "@") == domain
		})
	}
	if t.FreeMailDomains != nil && has(*t.FreeMailDomains) {
		return "team.free_mail_domains", true
	}
	if has(t.ExtraFreeMailDomains) {
		return "team.extra_free_mail_domains", true
	}
	return "", false
}

// TeamConfig is [team].
type TeamConfig struct {
	InternalDomains      []string  `toml:"internal_domains"`
	TimeZone             string    `toml:"time_zone"`
	zoneUnset            bool      // time_zone was left out: UTC is used
	ReplyTarget          Duration  `toml:"reply_target"`
	Manager              string    `toml:"manager"`
	ManagerName          string    `toml:"manager_name"` // how the web application names the manager
	Managers             []string  `toml:"managers"`     // more people who see everything in the web UI
	FreeMailDomains      *[]string `toml:"free_mail_domains"`
	ExtraFreeMailDomains []string  `toml:"extra_free_mail_domains"`
	// CompanyDomains are domains the team's own free-mail entries take
	// (by a brand, "daum.*", or as a subdomain of an entry) that are a
	// company's after all: there addresses are one customer, as at any
	// company's domain. A public suffix and a domain of the built-in list
	// are refused.
	CompanyDomains []string `toml:"company_domains"`
	// Notify is where the manager's nudges go (mail to a mailbox they own
	// nobody else answers for, the target nudge with escalate = true), as
	// a salesperson's notify: for a manager who is not a [[salesperson]].
	Notify []string `toml:"notify"`
	// AutomatedPerContactWeek is the most mails keepwarm writes to one
	// contact in a rolling 7 days across follow-ups, greetings and letters
	// (default 2, a written 0 is refused; -1: no cap); the rest wait and
	// say why.
	AutomatedPerContactWeek int `toml:"automated_per_contact_week"`
	// RelaySenders are the web forms and marketplaces that pass a buyer's
	// inquiry on from an address of their own, naming the buyer in
	// Reply-To, where no-reply style addresses (noreply@, wordpress@) are
	// known without it: addresses, or "@domain" for every address there.
	// Their mail is the buyer's.
	RelaySenders []string `toml:"relay_senders"`
}

// SyncConfig is [sync].
type SyncConfig struct {
	PollInterval Duration `toml:"poll_interval"`
	BatchSize    int      `toml:"batch_size"`
	// MaxLoginFailures is how many refused logins in a row make a mailbox
	// stop trying until keepwarm restarts [3].
	MaxLoginFailures int `toml:"max_login_failures"`
	// ConnectSpread spaces the mailboxes' first connections at start [2s].
	ConnectSpread Duration `toml:"connect_spread"`
	// RecentWindow is how far back a folder's first sync fetches each
	// message's text at once; older ordinary mail is stored from its header
	// and its text follows in the background [30d, and at least a day past
	// sequences.max_age, so a follow-up never waits for the text it quotes].
	RecentWindow Duration `toml:"recent_window"`
}

// SequencesConfig is [sequences]: where managers keep their sequence and
// template files, and the follow-up defaults.
type SequencesConfig struct {
	Dir          string  `toml:"dir"`           // *.toml sequence files; "" = built-in only
	TemplatesDir string  `toml:"templates_dir"` // *.tmpl templates; "" = built-in only
	Default      *string `toml:"default"`       // sequence of ungraded customers; "" = none
	// Mode caps every sequence's mode: "dry-run" or "draft" while trying
	// keepwarm out; "" or "send" leaves each sequence's own.
	Mode   string   `toml:"mode"`
	MaxAge Duration `toml:"max_age"` // older outbound mail is never followed up
	// Disabled turns the follow-up job off.
	Disabled bool `toml:"disabled"`
	// EnglishFor lists the languages ("it", or "*") whose threads may get
	// a step's English text when the step has no template in theirs, and
	// the English "received" draft when ack has none; default none: such a
	// step is not sent, no such draft is written, and each says why.
	EnglishFor []string `toml:"english_for"`
}

// SalespersonConfig is one [[salesperson]].
type SalespersonConfig struct {
	Email    string `toml:"email"`
	Name     string `toml:"name"`
	TimeZone string `toml:"time_zone"`
	// Hours and Workdays override [replies] hours/workdays for this person.
	Hours    string   `toml:"hours"`
	Workdays []string `toml:"workdays"`
	// Signature ends the mail sent in this person's name (text; "" = the
	// name); SignatureHTML is its HTML form ("" = the text one, escaped).
	Signature     string `toml:"signature"`
	SignatureHTML string `toml:"signature_html"`
	// AckDraft puts a short "received, working on it" reply in their Drafts
	// at the first nudge (nil: on).
	AckDraft *bool `toml:"ack_draft"`
	// Away are the times they are away; SequencesWhileAway keeps the
	// follow-ups in their name running then.
	Away               []AwayConfig `toml:"away"`
	SequencesWhileAway bool         `toml:"sequences_while_away"`
	// Backup covers for them when an absence names nobody (their own
	// out-of-office reply, a desk entry without one); "" = the manager.
	Backup string `toml:"backup"`
	// Notify is where this person's nudges go: "email" (from [notify]) and
	// chat channels, "<channel>" or "<channel>:<id to @-mention>" (a WeCom
	// or DingTalk user id or mobile, a Feishu user id, a Slack member id).
	// Unset: ["email"].
	Notify []string `toml:"notify"`
	// Lang is the language of their chat nudges: "zh" or "en"; "" = the
	// channel's (Chinese on WeCom, DingTalk and Feishu, English on Slack
	// and a webhook). "zh" also puts their nudge mail and daily digest in
	// Chinese. It is also their web desk's language once signed in (the
	// switch in the header still wins; "" = the browser's).
	Lang string `toml:"lang"`
}

// MailboxConfig is one [[mailbox]].
type MailboxConfig struct {
	Name         string   `toml:"name"`
	Owner        string   `toml:"owner"`
	URL          string   `toml:"url"`
	StartTLS     bool     `toml:"starttls"`
	Username     string   `toml:"username"`
	PasswordEnv  string   `toml:"password_env"`
	PasswordCmd  string   `toml:"password_cmd"`
	SentFolder   string   `toml:"sent_folder"`
	DraftsFolder string   `toml:"drafts_folder"`
	ExtraFolders []string `toml:"extra_folders"`
	// SavesSent is server_saves_sent as written, nil when unset;
	// ServerSavesSent is what holds: the written value, else the
	// provider's (or, without provider, the one guessed from url's host)
	// when mail goes through the provider's own SMTP server (a relay files
	// nothing into the mailbox's Sent), else false.
	SavesSent       *bool  `toml:"server_saves_sent"`
	ServerSavesSent bool   `toml:"-"`
	SMTPURL         string `toml:"smtp_url"`
	// FromName and Signature sign the mail sent from this mailbox when no
	// salesperson can be named: a follow-up from a shared mailbox (its
	// username is not its owner's address, like the team's sales@) when
	// neither the mail followed up nor the customer's owner names one; a
	// greeting or letter when the owner has no name. Signature "" is
	// FromName.
	FromName  string `toml:"from_name"`
	Signature string `toml:"signature"`
	// SendAs are the other addresses this mailbox's SMTP login may send
	// from (an alias, a second brand's address): a follow-up of a mail
	// that went out from one of them goes out from it too.
	SendAs []string `toml:"send_as"`
	// AllowPlaintext allows imap:// without STARTTLS and smtp:// with
	// starttls=none or opportunistic to a host other than this machine.
	AllowPlaintext     bool     `toml:"allow_plaintext"`
	InsecureSkipVerify bool     `toml:"insecure_skip_verify"`
	DailyCap           int      `toml:"daily_cap"`
	MinSendGap         Duration `toml:"min_send_gap"`
	Connection
	// Webmail is the URL that finds a message in this mailbox's webmail,
	// with {message_id} where its Message-ID goes: the desk links there.
	Webmail string `toml:"webmail"`
}

// Duration is a length of time in the config, read by the one parser
// keepwarm has (keepwarm.ParseDuration): "30s", "10m", "36h", "3d", "2w".
type Duration struct{ time.Duration }

func (d *Duration) UnmarshalText(b []byte) error {
	v, _, err := keepwarm.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

func (d Duration) MarshalText() ([]byte, error) {
	return []byte(keepwarm.FormatDuration(d.Duration)), nil
}

// Days is the same as Duration (skip_if_written_within was read by a parser
// of its own once).
type Days = Duration

// DefaultFreeMailDomains are the free-mail providers export buyers use most:
// on these a domain does not identify a company. Each provider is listed
// by the domains it really runs: Hotmail, Live and Outlook under the
// country domains Microsoft gives personal accounts
// (providers.MicrosoftConsumerCountries), Yahoo, AOL, GMX and Yandex under
// theirs, and the providers that run no country domains (QQ, 163, Sina,
// Naver, Daum) by their own domains alone: daum.de, sina.de, live.ng or
// mail.ch are whoever registered them. team.company_domains may name none
// of these, nor a domain under one: each is a provider's or an ISP's
// ("one domain, many companies"), never one company's.
var DefaultFreeMailDomains = defaultFreeMail()

func defaultFreeMail() []string {
	list := []string{
		"gmail.com", "googlemail.com", "gmail.co.in", "gmail.co.kr", "msn.com", "passport.com",
		"ymail.com", "rocketmail.com", "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me",
		"zoho.com", "web.de", "t-online.de", "mail.ru", "mail.de", "mail.com", "inbox.com",
		"rambler.ru", "163.com", "126.com", "163.net", "yeah.net", "188.com", "vip.163.com", "vip.126.com",
		"qq.com", "vip.qq.com", "foxmail.com", "sina.com", "sina.cn", "sina.com.cn", "vip.sina.com",
		"sohu.com", "aliyun.com", "139.com", "tom.com", "21cn.com", "wo.cn", "189.cn",
		"naver.com", "hanmail.net", "hanmail.com", "daum.net", "nate.com", "rediffmail.com",
		"libero.it", "orange.fr", "wanadoo.fr", "laposte.net", "free.fr", "bol.com.br", "uol.com.br",
		"terra.com.br",
		// Russia, Central and Eastern Europe, Turkey.
		"bk.ru", "list.ru", "inbox.ru", "internet.ru", "ya.ru", "wp.pl", "o2.pl", "onet.pl",
		"interia.pl", "seznam.cz", "centrum.cz", "abv.bg", "ukr.net", "i.ua", "meta.ua",
		"bluewin.ch", "freenet.de", "arcor.de", "virgilio.it", "tiscali.it", "alice.it",
		"sfr.fr", "neuf.fr", "telenet.be", "skynet.be", "mynet.com",
		// US, UK, Australia, Canada, India, Latin America, Asia.
		"att.net", "sbcglobal.net", "comcast.net", "verizon.net", "bellsouth.net", "cox.net",
		"charter.net", "btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net",
		"bigpond.com", "bigpond.net.au", "optusnet.com.au", "shaw.ca", "rogers.com", "sympatico.ca",
		"india.com", "prodigy.net.mx", "netvigator.com", "singnet.com.sg", "pacific.net.sg",
		// ISPs whose mail small traders of the Gulf, South Asia and Taiwan
		// write from: one domain, many companies.
		"emirates.net.ae", "eim.ae", "omantel.net.om", "qualitynet.net", "batelco.com.bh", "qatar.net.qa",
		"vsnl.net", "vsnl.com", "sify.com", "eth.net", "bsnl.in", "cyber.net.pk", "hinet.net", "seed.net.tw",
	}
	// The providers that run one mail under several country domains, each
	// by the endings it has.
	for brand, endings := range map[string][]string{
		"yahoo": {"com", "at", "be", "ca", "ch", "cl", "cn", "co.id", "co.il", "co.in", "co.jp", "co.kr",
			"co.nz", "co.th", "co.uk", "co.za", "com.ar", "com.au", "com.br", "com.cn", "com.co", "com.hk",
			"com.mx", "com.my", "com.pe", "com.ph", "com.sg", "com.tr", "com.tw", "com.ve", "com.vn", "de",
			"dk", "es", "fi", "fr", "gr", "hu", "ie", "in", "it", "nl", "no", "pl", "pt", "ro", "se"},
		"aol":    {"com", "co.uk", "de", "fr", "it", "nl", "se", "es", "be", "jp", "in", "com.ar", "com.br", "com.mx"},
		"gmx":    {"com", "net", "de", "at", "ch", "fr", "es", "co.uk", "us"},
		"yandex": {"com", "ru", "ua", "kz", "by", "com.tr"},
	} {
		for _, e := range endings {
			list = append(list, brand+"."+e)
		}
	}
	// Hotmail, Live and Outlook under .com and each country domain
	// Microsoft gives personal accounts, as the country registers names
	// (hotmail.fr, hotmail.co.th, hotmail.com.ar).
	for _, brand := range []string{"hotmail", "live", "outlook"} {
		list = append(list, brand+".com")
		for _, cc := range providers.MicrosoftConsumerCountries() {
			for _, e := range []string{cc, "co." + cc, "com." + cc} {
				if suffix, icann := publicsuffix.PublicSuffix(brand + "." + e); icann && suffix == e {
					list = append(list, brand+"."+e)
				}
			}
		}
	}
	slices.Sort(list)
	return slices.Compact(list)
}

// initAdvice is the keepwarm init that writes a starter at path: init
// writes DIR/keepwarm.toml, so any other name is given with --config.
func initAdvice(path string) string {
	if filepath.Base(path) != "keepwarm.toml" {
		return fmt.Sprintf("run `keepwarm --config %s init` to write a starter there (keepwarm init DIR writes DIR/keepwarm.toml)", path)
	}
	if d := filepath.Dir(path); d != "." {
		return fmt.Sprintf("run `keepwarm init %s` to write a starter there", d)
	}
	return "run `keepwarm init` to write a starter here"
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("config %s does not exist: %s, or pass --config to name another", path, initAdvice(path))
		}
		if errors.Is(err, os.ErrPermission) {
			return nil, unreadable(path, err)
		}
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse(body)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg.dir = filepath.Dir(abs)
	if err := cfg.checkCAFiles(); err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Parse decodes strictly, fills defaults and validates.
func Parse(body []byte) (*Config, error) {
	var cfg Config
	data, err := decodeGeneric(body)
	if err == nil {
		// Values of the wrong type, said in the operator's words before
		// the strict decode would say them in Go's.
		if err := checkTypes(string(body), data); err != nil {
			return nil, err
		}
	}
	md, err := toml.NewDecoder(bytes.NewReader(body)).Decode(&cfg)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			if msg := singleBracketBlocks(string(body), perr.Message); msg != "" {
				return nil, errors.New(msg)
			}
			// A value its type refuses (a duration, a time) is named by
			// its key; a syntax error by its line.
			if perr.LastKey != "" && !strings.HasPrefix(perr.Message, perr.LastKey) {
				return nil, fmt.Errorf("line %d: %s: %s", perr.Position.Line, perr.LastKey, perr.Message)
			}
			return nil, fmt.Errorf("line %d: %s", perr.Position.Line, perr.Message)
		}
		return nil, err
	}
	if und := md.Undecoded(); len(und) > 0 {
		// Once each: a key misspelt in every [[salesperson]] is one
		// mistake, named at its first line with the others after it.
		var errs []error
		seen := map[string]bool{}
		lines := keyLines(string(body))
		for _, k := range und {
			if seen[k.String()] {
				continue
			}
			seen[k.String()] = true
			// A right key under the wrong header: the header is the fix.
			if msg := misplacedKey(string(body), k, lines, data); msg != "" {
				errs = append(errs, errors.New(msg))
				continue
			}
			errs = append(errs, errors.New(unknownKey(k, lines, data)))
		}
		return nil, errors.Join(errs...)
	}
	cfg.defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (c *Config) defaults() {
	if c.Database == "" {
		c.Database = "keepwarm.db"
	}
	if c.Team.ReplyTarget.Duration == 0 {
		c.Team.ReplyTarget.Duration = 10 * time.Minute
	}
	if c.Team.TimeZone == "" {
		c.Team.TimeZone = "UTC"
		c.Team.zoneUnset = true
	}
	if c.Sync.PollInterval.Duration == 0 {
		c.Sync.PollInterval.Duration = 30 * time.Second
	}
	if c.Sync.BatchSize == 0 {
		c.Sync.BatchSize = 500
	}
	if c.Team.AutomatedPerContactWeek == 0 {
		c.Team.AutomatedPerContactWeek = 2
	}
	c.Greetings.defaults()
	c.Book.defaults()
	c.Digest.defaults()
	if c.Sequences.Default == nil {
		def := "key-customer"
		c.Sequences.Default = &def
	}
	if c.Sequences.MaxAge.Duration == 0 {
		c.Sequences.MaxAge.Duration = 14 * 24 * time.Hour
	}
	for i := range c.Mailboxes {
		if c.Mailboxes[i].DailyCap == 0 {
			c.Mailboxes[i].DailyCap = 200
		}
		c.Mailboxes[i].Owner = strings.ToLower(strings.TrimSpace(c.Mailboxes[i].Owner))
		for j, a := range c.Mailboxes[i].SendAs {
			c.Mailboxes[i].SendAs[j] = strings.ToLower(strings.TrimSpace(a))
		}
		c.Mailboxes[i].presetDefaults()
	}
	c.Notify.presetDefaults()
	if c.Sync.MaxLoginFailures == 0 {
		c.Sync.MaxLoginFailures = 3
	}
	if c.Sync.ConnectSpread.Duration == 0 {
		c.Sync.ConnectSpread.Duration = 2 * time.Second
	}
	if c.Sync.RecentWindow.Duration == 0 {
		c.Sync.RecentWindow.Duration = keepwarm.RecentWindow(0, c.Sequences.MaxAge.Duration)
	}
	for i := range c.Salespeople {
		c.Salespeople[i].Email = strings.ToLower(strings.TrimSpace(c.Salespeople[i].Email))
	}
	c.Team.Manager = strings.ToLower(strings.TrimSpace(c.Team.Manager))
	for i, m := range c.Team.Managers {
		c.Team.Managers[i] = strings.ToLower(strings.TrimSpace(m))
	}
	c.Web.defaults()
	for i, d := range c.Team.InternalDomains {
		c.Team.InternalDomains[i] = strings.ToLower(strings.TrimSpace(d))
	}
	c.repliesDefaults()
}

// Validate checks every key and says, for the first problems found, which key
// is wrong and how to fix it.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if len(c.Team.InternalDomains) == 0 {
		bad("team.internal_domains", "is empty: list your company's mail domains, e.g. [\"example-export.com\"]")
	}
	for _, d := range c.Team.InternalDomains {
		if d == "" || strings.ContainsAny(d, "@ /") || !strings.Contains(d, ".") {
			bad("team.internal_domains", "%q is not a domain: write it like \"example-export.com\"", d)
		}
	}
	if c.Team.TimeZone == "Local" {
		bad("team.time_zone", "\"Local\" is whatever zone the process runs in (UTC in a container or under systemd): name the team's zone, like \"Asia/Shanghai\"")
	} else if _, err := time.LoadLocation(c.Team.TimeZone); err != nil {
		bad("team.time_zone", "%q is not an IANA time zone: write it like \"Asia/Shanghai\"", c.Team.TimeZone)
	}
	if c.Team.ReplyTarget.Duration < time.Minute {
		bad("team.reply_target", "%s is too short: use at least \"1m\" (the rule is \"10m\")", c.Team.ReplyTarget)
	}
	if c.Team.AutomatedPerContactWeek < -1 {
		bad("team.automated_per_contact_week", "%d: write how many automated mails one contact may get in 7 days (default 2), or -1 for no limit", c.Team.AutomatedPerContactWeek)
	}
	if c.Team.Manager != "" && !validEmail(c.Team.Manager) {
		bad("team.manager", "%q is not an email address", c.Team.Manager)
	}
	for _, r := range c.Team.RelaySenders {
		c.validRelaySender(r, bad)
	}
	if c.Team.FreeMailDomains != nil {
		validFreeMail("team.free_mail_domains", *c.Team.FreeMailDomains, bad)
	}
	validFreeMail("team.extra_free_mail_domains", c.Team.ExtraFreeMailDomains, bad)
	for _, d := range c.Team.CompanyDomains {
		d = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(d)), "@")
		if d == "" || strings.ContainsAny(d, "*@ /") || !strings.Contains(d, ".") {
			bad("team.company_domains", "%q: write a domain, \"daum.de\", with no \"*\" (a company's own domain; its subdomains go with it)", d)
			continue
		}
		if suffix, _ := publicsuffix.PublicSuffix(d); suffix == d {
			bad("team.company_domains", "%q is a public suffix, not a domain: every domain under it (yahoo.co.uk, hotmail.co.uk) would be a company's, each mail provider's there one customer; write the company's own domain, like \"globex.co.uk\", or leave the entry out", d)
		} else if p := builtInFreeMail(d); p != "" {
			bad("team.company_domains", "%q is a mail provider's (the built-in free-mail list names %s): every address there would be one customer, buyers who never met joined to whoever wrote first; name a domain only if it is the company's own (its website and mail server), never because its contacts work at one company through free mail, and leave this entry out", d, p)
		} else if key, ok := ownFreeMail(c.Team, d); ok {
			bad("team.company_domains", "%q is named in %s too: keep it in one of the two (company_domains only if it is the company's own domain)", d, key)
		}
	}
	if c.Sync.PollInterval.Duration < time.Second {
		bad("sync.poll_interval", "%s is too short: use at least \"1s\" (default \"30s\")", c.Sync.PollInterval)
	}
	if c.Sync.BatchSize < 1 || c.Sync.BatchSize > 5000 {
		bad("sync.batch_size", "%d is out of range: use 1 to 5000 (default 500)", c.Sync.BatchSize)
	}
	if least := keepwarm.MinRecentWindow(c.Sequences.MaxAge.Duration); c.Sync.RecentWindow.Duration < least {
		bad("sync.recent_window", "%q is shorter than sequences.max_age (%q) and a day: a follow-up quotes mail that old, so a first sync must fetch its text at once; use at least %q, or leave the key out for %q",
			keepwarm.FormatDuration(c.Sync.RecentWindow.Duration), keepwarm.FormatDuration(c.Sequences.MaxAge.Duration),
			keepwarm.FormatDuration(least), keepwarm.FormatDuration(keepwarm.RecentWindow(0, c.Sequences.MaxAge.Duration)))
	}
	switch c.Sequences.Mode {
	case "", "send", "draft", "dry-run":
	default:
		bad("sequences.mode", "%q: use \"send\", \"draft\" or \"dry-run\"", c.Sequences.Mode)
	}
	for _, l := range c.Sequences.EnglishFor {
		if l != "*" && !regexp.MustCompile(`^[a-z]{2,3}$`).MatchString(l) {
			bad("sequences.english_for", "%q is not a language code: write it like \"it\" or \"nl\", or \"*\" for every language", l)
		}
	}
	if c.Sequences.MaxAge.Duration < time.Hour {
		bad("sequences.max_age", "%s is too short: use at least \"1h\" (default \"336h\", 14 days)", c.Sequences.MaxAge)
	}
	if c.Ops.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Ops.Listen); err != nil {
			bad("ops.listen", "%q is not host:port: write it like \"127.0.0.1:9464\", or leave it empty to serve nothing", c.Ops.Listen)
		}
	}
	people := map[string]bool{}
	for i, s := range c.Salespeople {
		key := salespersonKey(i, s)
		if !validEmail(s.Email) {
			bad(key.at("email"), "%q is not an email address", s.Email)
		} else if people[s.Email] {
			bad(key.at("email"), "%s is listed twice: keep one [[salesperson]] block per person", s.Email)
		}
		people[s.Email] = true
		if s.Lang != "" && s.Lang != "zh" && s.Lang != "en" {
			bad(key.at("lang"), "%q: write \"zh\" (Chinese) or \"en\" (English), or leave it out for the channel's language", s.Lang)
		}
		if s.TimeZone == "Local" {
			bad(key.at("time_zone"), "\"Local\" is whatever zone the process runs in (UTC in a container or under systemd): name theirs, like \"Europe/Berlin\", or leave it out for the team's")
		} else if s.TimeZone != "" {
			if _, err := time.LoadLocation(s.TimeZone); err != nil {
				bad(key.at("time_zone"), "%q is not an IANA time zone: write it like \"Europe/Berlin\"", s.TimeZone)
			}
		}
	}
	for i, s := range c.Salespeople {
		c.validateAway(salespersonKey(i, s), s, people, bad)
	}
	if len(c.Mailboxes) == 0 {
		bad("mailbox", "no [[mailbox]] is configured: add one per mailbox to read (see config.example.toml)")
	}
	names := map[string]bool{}
	for i, m := range c.Mailboxes {
		k := keyPath(nil).item("mailbox", i, m.Name, true)
		key := k.at
		if m.Name == "" {
			bad(key("name"), "is empty: give each mailbox a short name such as \"team\" or \"lily\"")
		} else if names[m.Name] {
			bad(key("name"), "is used twice: mailbox names must be unique")
		}
		names[m.Name] = true
		if m.Owner == "" {
			bad(key("owner"), "is empty: name the salesperson (or the manager) whose mailbox this is")
		} else if !people[m.Owner] && m.Owner != c.Team.Manager {
			bad(key("owner"), "%s is neither a [[salesperson]] nor team.manager: add them, or fix the address", m.Owner)
		}
		if err := checkMailURL(m.URL, "imap", "imaps"); err != nil {
			bad(key("url"), "%v", err)
		} else if u, _ := url.Parse(m.URL); u.Scheme == "imap" && !m.StartTLS && !isLoopback(u.Hostname()) && !m.AllowPlaintext {
			bad(key("url"), "imap:// without starttls = true would send the password in clear: use imaps:// or set starttls = true (or allow_plaintext = true on a network you trust)")
		}
		if m.Username == "" {
			bad(key("username"), "is empty: the IMAP login name, usually the email address")
		}
		unspaced(bad, key("username"), m.Username, strings.Contains(m.Username, "@"))
		unspaced(bad, key("password_env"), m.PasswordEnv, true)
		m.Connection.validate(k, m.hasPassword(), bad)
		if m.TLSCAFile != "" && m.InsecureSkipVerify {
			bad(key("tls_ca_file"), "is set with insecure_skip_verify = true, which turns the certificate check off: remove insecure_skip_verify")
		}
		switch {
		case m.OAuth2():
		case m.PasswordEnv == "" && m.PasswordCmd == "":
			bad(key("password_env"), "no password source: set password_env = \"VAR\" (an environment variable holding it) or password_cmd = \"command that prints it\"")
		case m.PasswordEnv != "" && m.PasswordCmd != "":
			bad(key("password_cmd"), "both password_env and password_cmd are set: keep one")
		}
		if m.SMTPURL != "" {
			if err := checkMailURL(m.SMTPURL, "smtp", "smtps"); err != nil {
				bad(key("smtp_url"), "%v", err)
			} else if plainSMTP(m.SMTPURL) && !m.AllowPlaintext {
				bad(key("smtp_url"), "%s would send the password and the mail in clear to a host that is not this machine: use smtps:// or starttls=mandatory, or set allow_plaintext = true on a network you trust", m.SMTPURL)
			}
		}
		if m.DailyCap < 0 {
			bad(key("daily_cap"), "%d is negative: the most mails keepwarm may send from this mailbox a day (default 200)", m.DailyCap)
		}
		if m.MinSendGap.Duration < 0 {
			bad(key("min_send_gap"), "is negative: the least time between two sends, e.g. \"30s\"")
		}
		if m.SentFolder != "" && strings.EqualFold(m.SentFolder, "INBOX") {
			bad(key("sent_folder"), "cannot be INBOX")
		}
		if m.DraftsFolder != "" && strings.EqualFold(m.DraftsFolder, "INBOX") {
			bad(key("drafts_folder"), "cannot be INBOX: keepwarm files drafts (a \"received\" reply, a follow-up in draft mode) there")
		}
		if p, ok := m.Preset(); ok {
			for _, f := range m.ExtraFolders {
				if slices.ContainsFunc(p.AllNames, func(a string) bool { return strings.EqualFold(strings.TrimSpace(f), a) }) {
					bad(key("extra_folders"), "lists %q: keepwarm reads it already, in INBOX's place, leaving its drafts out (an unsent draft is no answer to a customer); remove it", f)
				}
			}
		}
		if slices.ContainsFunc(m.ExtraFolders, func(f string) bool { return strings.TrimSpace(f) == "" }) {
			bad(key("extra_folders"), "has an empty folder name")
		}
		if m.DraftsFolder != "" && slices.ContainsFunc(m.ExtraFolders, func(f string) bool { return strings.EqualFold(strings.TrimSpace(f), m.DraftsFolder) }) {
			bad(key("extra_folders"), "lists %q, the drafts_folder: an unsent draft is no answer to a customer; remove it", m.DraftsFolder)
		}
		for _, a := range m.SendAs {
			if at := strings.Index(a, "@"); at <= 0 || at == len(a)-1 || strings.ContainsAny(a, " <>,\t\r\n") {
				bad(key("send_as"), "%q is not an email address", a)
			}
		}
	}
	c.validateReplies(bad)
	c.Web.validate(c, bad)
	c.Greetings.validate(c.validCalendars(), bad)
	c.Digest.validate(c, bad)
	c.Calendar.validate(bad)
	errs = append(errs, c.Book.validate()...)
	return errors.Join(errs...)
}

// salespersonKey names a [[salesperson]] in messages by their email.
func salespersonKey(i int, s SalespersonConfig) keyPath {
	return keyPath(nil).item("salesperson", i, s.Email, true)
}

// KeyIn names key ("" for the item itself) in the i-th (from 0) item of an array of tables for a
// message, by the item's id (a channel's name) when it has one:
// KeyIn("notify.channel", 0, "wecom", "url_env") is notify.channel "wecom".url_env.
func KeyIn(array string, i int, id, key string) string {
	return keyPath(nil).item(array, i, id, true).at(key)
}

// checkMailURL checks a mailbox's or [notify]'s url or smtp_url. Its errors
// quote the URL only when it has no "@", so never with a login in it.
func checkMailURL(raw string, schemes ...string) error {
	if raw == "" {
		return fmt.Errorf("is empty: write it like %s://mail.example.com", schemes[len(schemes)-1])
	}
	// A login is all that an "@" can start in these URLs, and it is refused
	// before anything quotes the URL: a password with "#", "?", "/" or a
	// space in it makes the URL not parse, or parse with the password as a
	// port or a path, and the error goes to the journal and to check.
	if strings.Contains(raw, "@") {
		return fmt.Errorf("carries credentials (it has \"@\"; the URL is not quoted here, so that no password reaches a log): put the login in username and the password in password_env or password_cmd, and write the URL like %s://mail.example.com[:port]", schemes[len(schemes)-1])
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !slices.Contains(schemes, u.Scheme) {
		return fmt.Errorf("%q is not a %s URL: write it like %s://mail.example.com[:port]", raw, strings.Join(schemes, "/"), schemes[len(schemes)-1])
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s is not a port number (1 to 65535) in %q", p, raw)
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return fmt.Errorf("%q has an empty port: write the number after the colon, or leave both out", raw)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return fmt.Errorf("%q: the query after \"?\" is not key=value: %v", raw, err)
	}
	for k, vs := range q {
		if k != "starttls" || !strings.HasPrefix(u.Scheme, "smtp") {
			return fmt.Errorf("%q: unknown query key %q (the only one is ?starttls= on smtp:// URLs)", raw, k)
		}
		if u.Scheme == "smtps" {
			return fmt.Errorf("%q: starttls= is for smtp:// (smtps:// is TLS from the start)", raw)
		}
		for _, v := range vs {
			switch v {
			case "mandatory", "opportunistic", "none":
			default:
				return fmt.Errorf("%q: starttls=%q: use mandatory (the default), opportunistic or none", raw, v)
			}
		}
	}
	return nil
}

// unspaced refuses white space (a space, a full-width space, a tab, a
// line break) at the start or end of v, or anywhere in it when anywhere is
// set: the keys it is for go as written into a login or a lookup (a
// username, an environment variable's name, an OAuth client id), where a
// space pasted along from a spreadsheet fails the login or finds nothing,
// and a message that shows the value without quotes hides the space.
func unspaced(bad func(key, format string, args ...any), key, v string, anywhere bool) {
	if strings.TrimSpace(v) != v || anywhere && strings.IndexFunc(v, unicode.IsSpace) >= 0 {
		bad(key, "%q has a space in it (or a tab or line break), and the value is used exactly as written: remove it, e.g. %q", v, strings.Join(strings.FieldsFunc(v, unicode.IsSpace), ""))
	}
}

// quotedURL is a URL-valued key's value as an error quotes it: without the
// password of its login, and not at all when it has an "@" that url.Parse
// does not read as the end of a login (it does not parse, or parses with
// the password as a port or a path), as with a "#", "?", "/" or a space in
// the password: the error goes to the journal and to check's output.
func quotedURL(raw string) string {
	u, err := url.Parse(raw)
	if !strings.Contains(raw, "@") {
		return strconv.Quote(raw)
	}
	if err == nil && u.User != nil {
		return strconv.Quote(u.Redacted())
	}
	return "the URL (not quoted here: it has \"@\", and what comes before it may be a password)"
}

// plainSMTP reports whether an smtp_url may talk in clear (starttls=none or
// opportunistic) to a host other than this machine.
func plainSMTP(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || isLoopback(u.Hostname()) {
		return false
	}
	st := u.Query().Get("starttls")
	return st == "none" || st == "opportunistic"
}

// Plaintext lists the links of a mailbox that may carry the password in
// clear to another machine (allowed only with allow_plaintext = true), for
// `keepwarm check` to warn about.
func (m MailboxConfig) Plaintext() []string {
	var out []string
	if u, err := url.Parse(m.URL); err == nil && u.Scheme == "imap" && !m.StartTLS && !isLoopback(u.Hostname()) {
		out = append(out, "IMAP "+u.Host)
	}
	if plainSMTP(m.SMTPURL) {
		u, _ := url.Parse(m.SMTPURL)
		out = append(out, "SMTP "+u.Host)
	}
	return out
}

// Unverified lists the links of a mailbox whose TLS does not check the
// server's certificate (insecure_skip_verify = true) toward another
// machine, for `keepwarm check` and the daemon's start to warn about:
// anyone on the path can read the password or token, and the mail.
func (m MailboxConfig) Unverified() []string {
	if !m.InsecureSkipVerify {
		return nil
	}
	return unverified(m.URL, m.SMTPURL)
}

// Unverified is MailboxConfig.Unverified for [notify].
func (n NotifyConfig) Unverified() []string {
	if !n.InsecureSkipVerify {
		return nil
	}
	return unverified("", n.SMTPURL)
}

func unverified(imapURL, smtpURL string) []string {
	var out []string
	if u, err := url.Parse(imapURL); err == nil && imapURL != "" && !isLoopback(u.Hostname()) {
		out = append(out, "IMAP "+u.Host)
	}
	if u, err := url.Parse(smtpURL); err == nil && smtpURL != "" && !isLoopback(u.Hostname()) {
		out = append(out, "SMTP "+u.Host)
	}
	return out
}

// UnverifiedTLS names the mailboxes (and notify) that do not check their
// servers' certificates, each with its links: "lily (IMAP host:993)".
func (c *Config) UnverifiedTLS() []string {
	var out []string
	for _, mb := range c.Mailboxes {
		if links := mb.Unverified(); len(links) > 0 {
			out = append(out, mb.Name+" ("+strings.Join(links, ", ")+")")
		}
	}
	if links := c.Notify.Unverified(); len(links) > 0 && c.Notify.Enabled() {
		out = append(out, NotifyMailbox+" ("+strings.Join(links, ", ")+")")
	}
	return out
}

// ProxyPasswordsInFile names the mailboxes (and notify, and chat channels)
// whose proxy carries its password in the file, for `keepwarm check` and the
// daemon's start to warn about: proxy_password_env or proxy_password_cmd
// keep it out, as password_env does for the mail password.
func (c *Config) ProxyPasswordsInFile() []string {
	var out []string
	for _, mb := range c.Mailboxes {
		if mb.ProxyPasswordInline() {
			out = append(out, mb.Name)
		}
	}
	if c.Notify.ProxyPasswordInline() {
		out = append(out, NotifyMailbox)
	}
	for _, ch := range c.Notify.Channels {
		if ch.ProxyConnection().ProxyPasswordInline() {
			out = append(out, "channel "+ch.Name)
		}
	}
	return out
}

func isLoopback(host string) bool {
	return host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1"
}

// validRelaySender checks one entry of team.relay_senders: an address, or
// "@domain", and no person of the team, whose own mail is never an
// inquiry passed on.
func (c *Config) validRelaySender(r string, bad func(key, format string, args ...any)) {
	const key = "team.relay_senders"
	low := strings.ToLower(strings.TrimSpace(r))
	if d, ok := strings.CutPrefix(low, "@"); ok {
		if d == "" || strings.ContainsAny(d, "@ /") || !strings.Contains(d, ".") {
			bad(key, "%q is not a domain: write a sender's address, \"inquiry@marketplace.example\", or \"@marketplace.example\" for every address there", r)
			return
		}
		// A domain entry makes every address there a relay: the team's
		// own domain would make each colleague's mail with a customer in
		// Reply-To that customer's inquiry.
		if a := c.teamAddressUnder(d); a != "" {
			bad(key, "%q covers %s: every team address there would pass on the customer in its Reply-To as an inquiry; name the address the form sends from, \"website@%s\"", r, a, d)
			return
		}
		if slices.Contains(c.Team.InternalDomains, d) {
			bad(key, "%q is one of team.internal_domains: every team address there would pass on the customer in its Reply-To as an inquiry; name the address the form sends from, \"website@%s\"", r, d)
		}
		return
	}
	if !validEmail(low) {
		bad(key, "%q is not an email address: write a sender's address, \"inquiry@marketplace.example\", or \"@marketplace.example\" for every address there", r)
		return
	}
	for _, s := range c.Salespeople {
		if strings.EqualFold(s.Email, low) {
			bad(key, "%s is a [[salesperson]]: a salesperson's own mail is never an inquiry passed on; name the form's or the marketplace's address", r)
			return
		}
	}
	if strings.EqualFold(c.Team.Manager, low) || slices.ContainsFunc(c.Team.Managers, func(m string) bool { return strings.EqualFold(m, low) }) {
		bad(key, "%s is a manager: a manager's own mail is never an inquiry passed on; name the form's or the marketplace's address", r)
	}
}

// teamAddressUnder is the first address of the team's people and mailboxes
// (a salesperson, a manager, a mailbox's login or send_as address, an
// address nudges go to or come from) at domain d or under it; "" for none.
func (c *Config) teamAddressUnder(d string) string {
	addrs := append(c.TeamAddresses(), c.Team.Notify...)
	for _, s := range c.Salespeople {
		addrs = append(addrs, s.Notify...)
	}
	for _, a := range addrs {
		a = strings.ToLower(strings.TrimSpace(a))
		at := strings.LastIndexByte(a, '@')
		if at < 0 {
			continue
		}
		if dom := a[at+1:]; dom == d || strings.HasSuffix(dom, "."+d) {
			return a
		}
	}
	return ""
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// DatabasePath resolves the database path relative to the config file.
func (c *Config) DatabasePath() string {
	if filepath.IsAbs(c.Database) || c.dir == "" {
		return c.Database
	}
	return filepath.Join(c.dir, c.Database)
}

// SequencesPath resolves a [sequences] directory relative to the config file.
func (c *Config) SequencesPath(dir string) string {
	if dir == "" || filepath.IsAbs(dir) || c.dir == "" {
		return dir
	}
	return filepath.Join(c.dir, dir)
}

// FreeMail returns the effective free-mail domain list.
func (c *Config) FreeMail() []string {
	base := DefaultFreeMailDomains
	if c.Team.FreeMailDomains != nil {
		base = *c.Team.FreeMailDomains
	}
	return append(slices.Clone(base), c.Team.ExtraFreeMailDomains...)
}

// TeamAddresses are every address that belongs to the team: salespeople,
// the manager and team.managers, each mailbox's login when it is an address, and the [notify]
// account keepwarm's own nudges and digests come from (notify.from and its
// login), which may be a system mailbox outside internal_domains: synced
// from a salesperson's INBOX, that mail is never a customer's. Each
// mailbox's send_as addresses are the team's too: a salesperson's mail from
// a second brand's address, Cc'd to the team inbox and stored from there
// before her Sent is synced, is her own mail from its first copy, never a
// customer's answer that ends a follow-up.
func (c *Config) TeamAddresses() []string {
	var out []string
	for _, s := range c.Salespeople {
		out = append(out, s.Email)
	}
	if c.Team.Manager != "" {
		out = append(out, c.Team.Manager)
	}
	out = append(out, c.Team.Managers...)
	if c.Notify.From != "" {
		out = append(out, strings.ToLower(c.Notify.From))
	}
	if strings.Contains(c.Notify.Username, "@") {
		out = append(out, strings.ToLower(c.Notify.Username))
	}
	for _, m := range c.Mailboxes {
		if strings.Contains(m.Username, "@") {
			out = append(out, strings.ToLower(m.Username))
		}
		for _, a := range m.SendAs {
			out = append(out, strings.ToLower(strings.TrimSpace(a)))
		}
	}
	return out
}

// Mailbox returns the mailbox with that name.
func (c *Config) Mailbox(name string) (MailboxConfig, bool) {
	for _, m := range c.Mailboxes {
		if m.Name == name {
			return m, true
		}
	}
	return MailboxConfig{}, false
}

// Password resolves a mailbox's password from its environment variable or
// command, run in dir (the config file's directory, Config.Dir). The value
// is never logged; errors name the key, not the secret.
func (m MailboxConfig) Password(ctx context.Context, dir string, getenv func(string) string) (string, error) {
	if m.PasswordEnv != "" {
		v := EnvSecret(getenv, m.PasswordEnv)
		if v == "" {
			return "", fmt.Errorf("mailbox %q: password_env: environment variable %s is empty or unset: export it before starting keepwarm", m.Name, m.PasswordEnv)
		}
		return v, nil
	}
	pw, stderr, err := runSecretCmd(ctx, dir, m.PasswordCmd)
	if err != nil {
		return "", fmt.Errorf("mailbox %q: password_cmd failed (%v): %s", m.Name, err, stderr)
	}
	if pw == "" {
		return "", fmt.Errorf("mailbox %q: password_cmd printed nothing on its first line: it must print the password there, on standard output", m.Name)
	}
	return pw, nil
}

// secretCmdTimeout bounds a password_cmd, url_cmd or secret_cmd.
const secretCmdTimeout = 30 * time.Second

// runSecretCmd runs cmdline with /bin/sh in dir (the config file's
// directory, so that "gpg -qd secrets/lily.gpg" means the same to `check`
// run by hand and to the service; "" is the working directory) and returns the first line of its
// standard output, the way `pass show` keeps the password on the first line
// and notes (login, url, recovery codes) after it; and its standard error,
// trimmed, for the message when it fails. It returns within
// secretCmdTimeout (or ctx's deadline) and a little more, even when a
// process the command started (gpg waiting for its agent) still holds the
// output open.
func runSecretCmd(ctx context.Context, dir, cmdline string) (string, string, error) {
	limit := secretCmdTimeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < limit {
		limit = time.Until(d).Round(time.Second)
	}
	cctx, cancel := context.WithTimeout(ctx, secretCmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, "/bin/sh", "-c", cmdline)
	cmd.Dir = dir
	// Killing the shell leaves its children; without WaitDelay the read of
	// their output would wait for them.
	cmd.WaitDelay = 2 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("it did not finish within %s", limit)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimRight(first, "\r"), strings.TrimSpace(stderr.String()), err
}

// OpsConfig is [ops].
type OpsConfig struct {
	// Listen is where `keepwarm run` serves /healthz and /metrics; "" turns
	// them off. Keep it on loopback or a private interface.
	Listen string `toml:"listen"`
}

// OwnerLocation is a team member's time zone (whose day a mailbox's daily
// cap counts): the salesperson's own, else the team's.
func (c *Config) OwnerLocation(owner string) *time.Location {
	for _, s := range c.Salespeople {
		if s.Email == owner && s.TimeZone != "" {
			if loc, err := time.LoadLocation(s.TimeZone); err == nil {
				return loc
			}
		}
	}
	return c.TeamLocation()
}

// TeamLocation is [team].time_zone (Validate refused a bad one).
func (c *Config) TeamLocation() *time.Location {
	loc, err := time.LoadLocation(c.Team.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Example is config.example.toml (kept at the repository root, embedded by
// the root package): every key commented. `keepwarm init` writes it.
var Example = keepwarm.ExampleConfig

// Secret resolves a password from an environment variable or a command
// run in dir, naming the section (never the value) in errors.
func Secret(ctx context.Context, dir, section, env, cmdline string, getenv func(string) string) (string, error) {
	return SecretFrom(ctx, dir, section+".password_env", env, section+".password_cmd", cmdline, "the password", getenv)
}

// SecretFrom reads a secret from the variable env or, when env is "", the
// first line of cmdline's output, run in dir (Config.Dir); envKey and cmdKey name the keys in messages, what the
// secret. The secret itself is never part of an error.
func SecretFrom(ctx context.Context, dir, envKey, env, cmdKey, cmdline, what string, getenv func(string) string) (string, error) {
	if env != "" {
		if v := EnvSecret(getenv, env); v != "" {
			return v, nil
		}
		return "", fmt.Errorf("%s: environment variable %s is empty or unset: export it before starting keepwarm", envKey, env)
	}
	pw, stderr, err := runSecretCmd(ctx, dir, cmdline)
	if err != nil {
		if stderr == "" {
			return "", fmt.Errorf("%s failed (%v)", cmdKey, err)
		}
		return "", fmt.Errorf("%s failed (%v): %s", cmdKey, err, stderr)
	}
	if pw == "" {
		// It ran well but the first line is empty: a pass entry written
		// with a leading blank line, gpg printing only to standard error.
		return "", fmt.Errorf("%s printed nothing on its first line: it must print %s there, on standard output", cmdKey, what)
	}
	return pw, nil
}

// EnvSecret is the secret in the environment variable name, without the
// line break at its end: it came with the variable (an --env-file written
// on Windows ends each line with "\r"), as a command's output's does, and
// is never part of a password. Spaces are kept. Every _env secret is read
// through it.
func EnvSecret(getenv func(string) string, name string) string {
	return strings.TrimRight(getenv(name), "\r\n")
}

// nearestKey is the known key, in the same table as an unknown one, within
// two edits of it ("team.reply_targt": "team.reply_target"); "" when none.
func nearestKey(k toml.Key) string {
	if len(k) == 0 {
		return ""
	}
	deref := func(t reflect.Type) reflect.Type {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		return t
	}
	typ, path := reflect.TypeOf(Config{}), k[:len(k)-1]
	for _, name := range path {
		typ = deref(typ)
		if typ.Kind() == reflect.Map {
			typ = typ.Elem() // name is the map's own key (a mailbox's name)
			continue
		}
		if typ.Kind() != reflect.Struct {
			return ""
		}
		f, ok := fieldByTag(typ, name)
		if !ok {
			return ""
		}
		typ = f.Type
	}
	if typ = deref(typ); typ.Kind() != reflect.Struct {
		return ""
	}
	word, best, bestD := k[len(k)-1], "", 3
	for _, tag := range tagsOf(typ) {
		if d := keepwarm.EditDistance(word, tag); d < bestD {
			best, bestD = tag, d
		}
	}
	if best == "" {
		return ""
	}
	return strings.Join(append(append([]string(nil), path...), best), ".")
}

// redefined is the TOML parser's message for a table header written twice
// (or as a table, then as an array of tables, or the other way round).
var redefined = regexp.MustCompile(`^Key '([^']+)' (?:has already been defined|was already created and cannot be used as an array|was already created as a hash)\.?$`)

// singleBracketBlocks is the message for several [mailbox] (or
// [salesperson], ...) blocks written with single brackets: the parser says
// only that the key "has already been defined", which points nowhere near
// the fix. "" when msg is another error, or no such header is written.
func singleBracketBlocks(body, msg string) string {
	m := redefined.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	parts := strings.Split(m[1], ".")
	for n := 1; n <= len(parts); n++ {
		name := strings.Join(parts[:n], ".")
		if !isArrayTable(name) {
			continue
		}
		header := regexp.MustCompile(`^\s*\[\s*` + strings.ReplaceAll(regexp.QuoteMeta(name), `\.`, `\s*\.\s*`) + `\s*\]\s*(?:#.*)?$`)
		var lines []string
		for i, l := range strings.Split(body, "\n") {
			if header.MatchString(strings.TrimRight(l, "\r")) {
				lines = append(lines, fmt.Sprintf("line %d", i+1))
			}
		}
		if len(lines) == 0 {
			return ""
		}
		which := strings.Join(lines, " and ")
		if len(lines) > 2 {
			which = strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
		}
		verb := "writes"
		if len(lines) > 1 {
			verb = "write"
		}
		return fmt.Sprintf("%s: must be [[%s]] blocks: write [[%s]] on a line of its own above each one's keys (%s %s [%s])",
			name, name, name, which, verb, name)
	}
	return ""
}

// isArrayTable says whether the dotted key is a list of tables in the
// config ([[mailbox]], [[notify.channel]], ...).
func isArrayTable(dotted string) bool {
	typ := reflect.TypeOf(Config{})
	for _, k := range strings.Split(dotted, ".") {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return false
		}
		f, ok := fieldByTag(typ, k)
		if !ok {
			return false
		}
		typ = f.Type
	}
	return typ.Kind() == reflect.Slice && isTable(typ.Elem())
}

func fieldByTag(typ reflect.Type, tag string) (reflect.StructField, bool) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous {
			if g, ok := fieldByTag(f.Type, tag); ok {
				return g, true
			}
			continue
		}
		if strings.Split(f.Tag.Get("toml"), ",")[0] == tag {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tagsOf(typ reflect.Type) []string {
	var out []string
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			out = append(out, tagsOf(f.Type)...)
			continue
		}
		if t := strings.Split(f.Tag.Get("toml"), ",")[0]; t != "" && t != "-" && f.IsExported() {
			out = append(out, t)
		}
	}
	return out
}

// SigningGaps are `keepwarm check`'s warnings about sending mailboxes
// whose mail may find no name to sign with (it is then not sent): a
// salesperson's own without their name, a shared one (sales@) without
// from_name whose owner has no name either.
func (c *Config) SigningGaps() []string {
	names := map[string]string{}
	for _, s := range c.Salespeople {
		names[s.Email] = strings.TrimSpace(s.Name)
	}
	var out []string
	for _, m := range c.Mailboxes {
		if m.SMTPURL == "" {
			continue
		}
		addr := strings.ToLower(strings.TrimSpace(m.Username))
		shared := strings.Contains(addr, "@") && addr != m.Owner
		switch {
		case strings.TrimSpace(m.FromName) != "":
		case !shared && names[m.Owner] == "":
			out = append(out, fmt.Sprintf("mailbox %s: %s has no name in [[salesperson]]: mail sent in their name that cannot take the name from their own mail is not sent; set name (and signature)", m.Name, m.Owner))
		case shared && names[m.Owner] == "":
			out = append(out, fmt.Sprintf("mailbox %s: a follow-up from the shared %s is signed by whoever wrote the mail followed up, else the customer's owner, and a greeting or letter by the owner of this mailbox; without a name they are not sent: set from_name (and signature) on this [[mailbox]]", m.Name, addr))
		}
	}
	// A pasted mail-client signature starts with its sign-off: under a
	// template's own "Best regards," keepwarm leaves it out, under one
	// that writes none it is signed with it.
	const signOff = "%s %s starts with a sign-off (%q); the templates write their own, and leave it out under theirs: start it with your name"
	for _, s := range c.Salespeople {
		if so := templates.SignatureSignOff(s.Signature); so != "" {
			out = append(out, fmt.Sprintf(signOff, "[[salesperson]] "+s.Email, "signature", so))
		}
		if so := templates.SignatureHTMLSignOff(s.SignatureHTML); so != "" {
			out = append(out, fmt.Sprintf(signOff, "[[salesperson]] "+s.Email, "signature_html", so))
		}
	}
	for _, m := range c.Mailboxes {
		if so := templates.SignatureSignOff(m.Signature); so != "" {
			out = append(out, fmt.Sprintf(signOff, "[[mailbox]] "+m.Name, "signature", so))
		}
	}
	// A signature pasted from another program's mail merge ("[Your Name]
	// | Sales") writes a field keepwarm does not fill in: every mail signed
	// with it is refused.
	const field = "%s %s writes %q, another mail program's placeholder, which keepwarm does not fill in: every follow-up, greeting and \"received\" draft signed with it is refused; write the name itself"
	for _, s := range c.Salespeople {
		if p := keepwarm.Placeholder(s.Signature); p != "" {
			out = append(out, fmt.Sprintf(field, "[[salesperson]] "+s.Email, "signature", p))
		}
		if p := templates.HTMLPlaceholder(s.SignatureHTML); p != "" {
			out = append(out, fmt.Sprintf(field, "[[salesperson]] "+s.Email, "signature_html", p))
		}
	}
	for _, m := range c.Mailboxes {
		if p := keepwarm.Placeholder(m.Signature); p != "" {
			out = append(out, fmt.Sprintf(field, "[[mailbox]] "+m.Name, "signature", p))
		}
	}
	return out
}

// LoginWarnings are `keepwarm check`'s warnings about a salesperson's
// sending mailbox whose username is an address other than its owner's (a
// Microsoft 365 sign-in name that is not the primary SMTP address, an
// Exmail or NetEase login alias): keepwarm takes the username for the
// mailbox's address, as a shared mailbox's (sales@), so say what it sends
// from. Left out, as the shared mailboxes they are (SharedLogin): one
// whose owner has another mailbox logged in as the owner's address (Lily's
// info@ beside her own lily@), where "set username" would point it at her
// own mailbox, and a role address (sales@) a manager owns.
func (c *Config) LoginWarnings() []string {
	var out []string
	for _, m := range c.Mailboxes {
		addr := strings.ToLower(strings.TrimSpace(m.Username))
		if m.SMTPURL == "" || !strings.Contains(addr, "@") || addr == m.Owner || c.SharedLogin(m) {
			continue
		}
		out = append(out, fmt.Sprintf("mailbox %s: username %s is not its owner's address %s, so keepwarm takes %s for the mailbox's address, as a shared mailbox's: "+
			"a follow-up or \"received\" draft goes out from %s, except in a thread that ran from %s, which goes from %s when it is on the login's domain, is in send_as, "+
			"or this mailbox sent that mail (otherwise it is not sent until %s is listed in send_as). If %s is only %s's sign-in name, that is as meant; if the server takes %s as the login too, set username = %q",
			m.Name, addr, m.Owner, addr, addr, m.Owner, m.Owner, m.Owner, addr, m.Owner, m.Owner, m.Owner))
	}
	return out
}

// SendAsWarnings are `keepwarm check`'s warnings about the send_as
// addresses of a sending mailbox on a service that does not refuse a From
// the login may not use but sends the mail from the login's own address
// instead (Gmail, Microsoft 365: providers.Preset.SendAsSetting; the
// provider guessed from url when provider is not set): a follow-up in a
// brand's thread would reach the buyer from the main address, unless the
// address is set up there.
func (c *Config) SendAsWarnings() []string {
	var out []string
	for _, m := range c.Mailboxes {
		if m.SMTPURL == "" || len(m.SendAs) == 0 {
			continue
		}
		p, ok := m.Preset()
		if !ok {
			if u, err := url.Parse(m.URL); err == nil {
				p, ok = providers.Get(providers.Guess(u.Host))
			}
		}
		if !ok || p.SendAsSetting == "" {
			continue
		}
		for _, a := range m.SendAs {
			out = append(out, fmt.Sprintf("mailbox %s: %s may not refuse a mail From send_as address %s that the login may not send as, but send it From the login's own address, "+
				"so a follow-up in a thread that ran from %s would reach the buyer from the main address: make sure it is set up there (%s)",
				m.Name, p.Title, a, a, p.SendAsSetting))
		}
	}
	return out
}

// SharedLogin says whether mailbox m, logged in as another address than
// its owner's, is a shared mailbox (the team's sales@ or info@) rather
// than the owner's own under a sign-in name: its owner is no salesperson;
// or has another mailbox logged in as her own address; or its login names
// a role, not a person (sales@, info@, export1@: templates.IsRoleLocal)
// and its owner is a manager (team.manager, team.managers) or has another
// mailbox. A manager's only mailbox under a sign-in name (wang.li@ for
// wang@) is his own, as a salesperson's is. Its owner's address is then not
// taken for one it sends as because the login is on the same domain
// (LoginWarnings says nothing about it; sequences.Identity.Shared).
func (c *Config) SharedLogin(m MailboxConfig) bool {
	if !slices.ContainsFunc(c.Salespeople, func(s SalespersonConfig) bool { return s.Email == m.Owner }) {
		return true
	}
	others := false
	for _, o := range c.Mailboxes {
		if o.Name == m.Name {
			continue
		}
		if strings.ToLower(strings.TrimSpace(o.Username)) == m.Owner {
			return true
		}
		others = others || o.Owner == m.Owner
	}
	local, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(m.Username)), "@")
	if local == "" || !templates.IsRoleLocal(local) {
		return false
	}
	return others || m.Owner == c.Team.Manager || slices.Contains(c.Team.Managers, m.Owner)
}

// ZoneWarnings are the daemon's and `keepwarm check`'s warnings about time
// zones that are valid but most likely not what was meant: team.time_zone
// left out (UTC, so an 08:30 digest reaches Shenzhen at 16:30), and an
// Etc/GMT±N zone, whose sign is the POSIX one, inverted ("Etc/GMT+8" is
// UTC−08:00, not China's time).
func (c *Config) ZoneWarnings() []string {
	var out []string
	if c.Team.zoneUnset {
		out = append(out, "team.time_zone is not set: UTC is used for digests, hours, workdays and the Date of mail sent for everyone without their own time_zone; write the team's zone, like \"Asia/Shanghai\"")
	}
	if w := etcZoneWarning("team.time_zone", c.Team.TimeZone); w != "" {
		out = append(out, w)
	}
	for i, s := range c.Salespeople {
		if w := etcZoneWarning(salespersonKey(i, s).at("time_zone"), s.TimeZone); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// etcZoneWarning spells out the offset of an Etc/GMT+N or Etc/GMT-N zone
// (N not 0), which is the opposite of what the name reads as.
func etcZoneWarning(key, tz string) string {
	n, ok := strings.CutPrefix(tz, "Etc/GMT")
	if !ok || len(n) < 2 || (n[0] != '+' && n[0] != '-') || strings.Trim(n[1:], "0") == "" {
		return ""
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return ""
	}
	opposite := "Etc/GMT-" + n[1:]
	if n[0] == '-' {
		opposite = "Etc/GMT+" + n[1:]
	}
	if _, err := time.LoadLocation(opposite); err != nil {
		// Etc/GMT-13 and -14 (Tonga, Kiribati) have no opposite: the
		// names stop at Etc/GMT+12.
		return fmt.Sprintf("%s: %q is UTC%s (the Etc/GMT zones' signs are inverted): if that is not meant, write the place's zone, like \"Asia/Shanghai\" for China",
			key, tz, offsetOf(loc))
	}
	return fmt.Sprintf("%s: %q is UTC%s (the Etc/GMT zones' signs are inverted): if UTC%s is meant, write %q, or better the place's zone, like \"Asia/Shanghai\" for China",
		key, tz, offsetOf(loc), offsetOf(time.FixedZone("", -offsetSeconds(loc))), opposite)
}

func offsetSeconds(loc *time.Location) int {
	_, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone()
	return off
}

// offsetOf is loc's offset as "+08:00" or "−08:00" (a minus sign, not a
// hyphen, so it reads as a sign).
func offsetOf(loc *time.Location) string {
	return strings.Replace(time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Format("-07:00"), "-", "−", 1)
}
