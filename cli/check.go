package cli

import (
	"context"
	"errors"
	"fmt"
	"keepwarm"
	"keepwarm/app"
	"maps"
	"slices"
	"strings"
	"time"

	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/providers"
	"keepwarm/store"
	"keepwarm/templates"
)

// checkTimeout bounds each server check so one dead host does not hang the
// whole command.
const checkTimeout = 30 * time.Second

// cmdCheck prints one line per check (the config, then IMAP and SMTP for each
// mailbox) with the fix on failure, and exits 1 if any failed. The config
// itself was loaded and validated before this runs: a bad one never gets here.
type checkCmd struct {
	Notify bool `help:"Also post a test message to every [[notify.channel]] (a chat robot cannot be checked without posting)."`
}

func (opt *checkCmd) Run(ctx context.Context, m *Main) error {
	w := m.Stdout
	fmt.Fprintf(w, "ok    config %s: %d mailbox(es), %d salesperson(s)\n", m.configPath, len(m.cfg.Mailboxes), len(m.cfg.Salespeople))
	failed := 0
	report := func(what string, err error, fix string) {
		if err == nil {
			fmt.Fprintf(w, "ok    %s\n", what)
			return
		}
		failed++
		fmt.Fprintf(w, "FAIL  %s: %v\n      fix: %s\n", what, err, fix)
	}
	if keys := m.cfg.Placeholders(); len(keys) > 0 {
		fmt.Fprintf(w, "warn  the starter config's made-up values (%s) are still in %s: put your own domains, people and servers there\n",
			config.StarterDomain, strings.Join(keys, ", "))
	}
	for _, gap := range slices.Concat(m.cfg.ZoneWarnings(), m.cfg.SigningGaps(), m.cfg.LoginWarnings(), m.cfg.SendAsWarnings()) {
		fmt.Fprintf(w, "warn  %s\n", gap)
	}
	if l := m.cfg.Web.ProxyWarning(); l != "" {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
	if l := m.cfg.Web.PlainWarning(); l != "" {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
	if l := m.cfg.Web.PathWarning(); l != "" {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
	for _, l := range m.cfg.Web.WideProxyWarnings() {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
	checkPaths(w, m.cfg, report)
	checkListens(w, m, report)
	if !m.cfg.Sequences.Disabled {
		// The daemon holds every follow-up while these have a problem.
		defs, set, probs := m.app.LoadSequences()
		var err error
		if len(probs) > 0 {
			err = fmt.Errorf("%d problem(s), first: %v; until they are fixed no follow-up is sent", len(probs), probs[0])
		}
		report(fmt.Sprintf("sequences: %d sequence(s) and their templates", len(defs.Names())), err,
			"keepwarm sequences check lists every problem with its file and line (create a missing directory); or set [sequences] disabled = true")
		for _, l := range m.weekendWorkdays(ctx, defs) {
			fmt.Fprintf(w, "warn  %s\n", l)
		}
		if set != nil && len(probs) == 0 {
			// Not held for everyone: each such customer's step is held
			// at send time, naming the file.
			for _, p := range templates.SendProblems(set) {
				fmt.Fprintf(w, "warn  %s\n", p.Error())
			}
			// {{.Month}} in a follow-up: such mail is held back, the
			// others go on.
			for _, p := range app.TemplateKindProblems(set, m.app.GreetingTemplates(), m.clock.Now()) {
				fmt.Fprintf(w, "warn  %s\n", p.Error())
			}
			for _, p := range templates.HantGaps(set) {
				fmt.Fprintf(w, "warn  %s\n", p.Msg)
			}
		}
	}
	var pending []string
	if m.db == nil {
		fmt.Fprintf(w, "      database %s does not exist yet: the first sync or run creates it (check does not)\n", m.cfg.DatabasePath())
	} else {
		var err error
		if pending, err = m.db.PendingMigrations(ctx); err != nil {
			report("database "+m.cfg.DatabasePath(), err, "see the README's Upgrading and backups")
		} else if len(pending) > 0 {
			fmt.Fprintf(w, "warn  database %s: this keepwarm has %d migration(s) to apply (%s): check applies none; the next run, tick or sync does, once no older keepwarm is running on it (take a backup first: keepwarm backup FILE)\n",
				m.cfg.DatabasePath(), len(pending), migrationNames(pending))
		}
		// Asked whether or not migrations are pending: the upgrade that
		// made Traditional those countries' default brings some, and this
		// check is the one the README has run then. The query reads only
		// long-standing columns.
		if keys, err := m.db.SimplifiedInTraditionalRegions(ctx); err != nil {
			fmt.Fprintf(w, "warn  customers in Taiwan, Hong Kong or Macao written to in Simplified Chinese: could not be looked for: %v\n", err)
		} else if len(keys) > 0 {
			fmt.Fprintf(w, "warn  %s\n", app.SimplifiedInTraditionalWarning(keys))
		}
		for _, l := range unfiledCopiesWarnings(ctx, m.db, m.cfg) {
			fmt.Fprintf(w, "warn  %s\n", l)
		}
		if l, err := freeMailCustomersWarning(ctx, m.db, m.app.Team()); err != nil {
			fmt.Fprintf(w, "warn  customers keyed by a free-mail domain: could not be looked for: %v\n", err)
		} else if l != "" {
			fmt.Fprintf(w, "warn  %s\n", l)
		}
	}
	checkCalendars(ctx, w, m)
	for _, name := range m.cfg.ProxyPasswordsInFile() {
		fmt.Fprintf(w, "warn  %s: %s\n", checkName(name), app.ProxyPasswordWarning)
	}
	team := m.app.Team()
	for _, mb := range m.cfg.Mailboxes {
		for _, link := range mb.Plaintext() {
			fmt.Fprintf(w, "warn  mailbox %s: %s is plain text: the password and the mail cross the network readable (allow_plaintext = true)\n", mb.Name, link)
		}
		if links := mb.Unverified(); len(links) > 0 {
			fmt.Fprintf(w, "warn  mailbox %s: %s: %s\n", mb.Name, strings.Join(links, ", "), unverifiedWarning)
		}
		fmt.Fprintf(w, "      mailbox %s: %s\n", mb.Name, describeLogin(mb))
		if warning := noSendScope(mb.Connection); warning != "" && mb.SMTPURL != "" {
			fmt.Fprintf(w, "warn  mailbox %s: %s\n", mb.Name, warning)
		}
		if mb.OAuth2() && mb.TokenCmd == "" {
			if len(pending) > 0 {
				// The logins would read the kept sign-in and may store a
				// rotated refresh token in the database not yet migrated.
				fmt.Fprintf(w, "skip  mailbox %s: stored OAuth2 token, IMAP and SMTP logins: checked once the database's migrations are applied (the logins read and refresh the kept sign-in)\n", mb.Name)
				continue
			}
			checkStoredToken(ctx, m, mb.Name, mb.Connection, report)
		}
		if err := mb.ServiceError(); err != nil {
			report(fmt.Sprintf("mailbox %s: provider", mb.Name), err, serviceFix)
			continue
		}
		cfg, err := m.app.IMAPConfig(ctx, mb)
		if err != nil {
			report(fmt.Sprintf("mailbox %s: login settings", mb.Name), err, loginSettingsFix(mb, err))
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, checkTimeout)
		s := mailsync.NewSyncer(cfg, m.db, team, m.clock, m.log, mailsync.SyncOptions{MaxAttempts: 1})
		in, err := s.Inspect(cctx)
		cancel()
		what := fmt.Sprintf("mailbox %s: IMAP login as %s at %s", mb.Name, mb.Username, cfg.URL.Host)
		var openErr *mailsync.FolderOpenError
		if errors.As(err, &openErr) && !strings.Contains(strings.ToLower(err.Error()), "unsafe login") {
			// Logged in: the folder is what is wrong, not the login.
			err = nil
		} else {
			openErr = nil
		}
		if in.Mech != "" && err == nil {
			what += " with " + in.Mech
		}
		if err == nil {
			var names []string
			for _, f := range in.Folders {
				names = append(names, fmt.Sprintf("%s (%s)", f.Name, f.Role))
			}
			what += "; will read " + strings.Join(names, ", ")
		}
		report(what, err, imapFix(mb, err))
		if openErr != nil {
			report(fmt.Sprintf("mailbox %s: open folder %q", mb.Name, openErr.Folder.Name), openErr.Err, folderOpenFix(openErr.Folder))
		}
		if err == nil && in.NoSent != "" {
			fmt.Fprintf(w, "warn  mailbox %s: %s\n", mb.Name, in.NoSent)
		}
		if err == nil && in.SeveralSent != "" {
			fmt.Fprintf(w, "warn  mailbox %s: %s\n", mb.Name, in.SeveralSent)
		}
		if err == nil && in.NoAll != "" {
			fmt.Fprintf(w, "warn  mailbox %s: %s\n", mb.Name, in.NoAll)
		}
		if p, ok := mb.Preset(); ok && err == nil && p.ArchiveLeavesInbox && in.NoAll == "" && len(mb.ExtraFolders) > 0 {
			fmt.Fprintf(w, "note  mailbox %s: %s %s\n", mb.Name, strings.Join(mb.ExtraFolders, ", "), labelsNote)
		}
		if err == nil {
			line := "has " + strings.Join(in.Caps, " ")
			if len(in.Missing) > 0 {
				line += "; lacks " + strings.Join(in.Missing, " ")
			}
			fmt.Fprintf(w, "      mailbox %s: %s\n", mb.Name, line)
		}
		if mb.SMTPURL == "" {
			fmt.Fprintf(w, "skip  mailbox %s: SMTP: no smtp_url (needed only for sending)\n", mb.Name)
			continue
		}
		acct, err := m.app.SMTPAccount(ctx, mb)
		if err == nil {
			cctx, cancel := context.WithTimeout(ctx, checkTimeout)
			err = mailsync.CheckSMTP(cctx, acct)
			cancel()
		}
		report(fmt.Sprintf("mailbox %s: SMTP login as %s at %s", mb.Name, mb.Username, hostOf(mb.SMTPURL)), err, smtpFix(mb, err))
	}
	if n := m.cfg.Notify; n.Enabled() {
		if plainSMTP := (config.MailboxConfig{SMTPURL: n.SMTPURL}).Plaintext(); len(plainSMTP) > 0 {
			fmt.Fprintf(w, "warn  notify: %s is plain text: the password and the nudges cross the network readable (allow_plaintext = true)\n", plainSMTP[0])
		}
		if links := n.Unverified(); len(links) > 0 {
			fmt.Fprintf(w, "warn  notify: %s: %s\n", strings.Join(links, ", "), unverifiedWarning)
		}
		if n.OAuth2() && n.TokenCmd == "" && len(pending) > 0 {
			// As a mailbox's: the login would read and may refresh the
			// kept sign-in in the database not yet migrated.
			fmt.Fprintf(w, "skip  notify: SMTP login with the stored OAuth2 token: checked once the database's migrations are applied (the login reads and refreshes the kept sign-in)\n")
		} else if n.OAuth2() && n.TokenCmd == "" && !checkStoredToken(ctx, m, config.NotifyMailbox, n.Connection, report) {
			// The cause is the line above: the login would fail on it a
			// second time.
			fmt.Fprintf(w, "skip  notify: SMTP login as %s at %s: no usable sign-in kept (see above)\n", n.Username, hostOf(n.SMTPURL))
			if warning := noSendScope(n.Connection); warning != "" {
				fmt.Fprintf(w, "warn  notify: %s\n", warning)
			}
		} else {
			acct, err := m.app.NotifyAccount(ctx)
			if err == nil && acct.Unusable != nil {
				err = acct.Unusable
			} else if err == nil {
				cctx, cancel := context.WithTimeout(ctx, checkTimeout)
				err = mailsync.CheckSMTP(cctx, acct)
				cancel()
			}
			login := "without login"
			if n.Username != "" {
				login = "login as " + n.Username
			}
			fix := "check [notify] smtp_url, username and password_env/password_cmd (or token_cmd); try the same login in a mail client"
			if acct.Unusable != nil && n.ServiceError() != nil {
				fix = serviceFix
			} else if acct.Unusable != nil {
				// A password, proxy password or CA file that cannot be read.
				fix = notifyUnusableFix
			} else if err != nil && n.Provider != "" {
				nb := config.MailboxConfig{Name: config.NotifyMailbox, Username: n.Username, URL: n.SMTPURL, Connection: n.Connection}
				if _, ok := loginFix(nb, err); ok {
					fix = smtpFix(nb, err)
				}
			}
			report(fmt.Sprintf("notify: SMTP %s at %s (nudges and digests come from %s)", login, hostOf(n.SMTPURL), n.From), err, fix)
			if warning := noSendScope(n.Connection); warning != "" {
				fmt.Fprintf(w, "warn  notify: %s\n", warning)
			}
		}
	} else if len(m.cfg.Notify.Channels) > 0 {
		fmt.Fprintf(w, "warn  notify: %s\n", app.NoNotifyWithChat)
		for _, l := range m.cfg.NudgeWarnings() {
			fmt.Fprintf(w, "warn  %s\n", l)
		}
	} else {
		fmt.Fprintf(w, "skip  notify: no [notify] smtp_url and no chat channel (reply times are measured, but no nudges, digests or weekly summaries are sent)\n")
	}
	away := m.app.NewAway()
	if len(pending) > 0 {
		// The old build may still run on the database: the tables of the
		// desk's absences and of "back now" are as it left them.
		away = m.app.NewConfigAway()
		fmt.Fprintf(w, "skip  absences from the desk and out-of-office replies: read once the database's migrations are applied\n")
	}
	if r, err := away.Roster(ctx, m.clock.Now()); err != nil {
		fmt.Fprintf(w, "warn  absences: %v\n", err)
	} else {
		lines, warns := app.AbsenceLines(r, m.cfg.OwnerLocation)
		for _, l := range lines {
			fmt.Fprintf(w, "away  %s\n", l)
		}
		for _, l := range warns {
			fmt.Fprintf(w, "warn  absences: %s\n", l)
		}
		if len(lines) == 0 {
			fmt.Fprintf(w, "ok    nobody is away now\n")
		}
	}
	checkChannels(ctx, m, opt.Notify, report)
	for _, l := range m.cfg.ChannelWarnings() {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
	if failed > 0 {
		fmt.Fprintf(w, "%d check(s) failed\n", failed)
		// Exit 1's reason on standard error too: a script or cron job
		// that discards the report still hears why.
		fmt.Fprintf(m.Stderr, "keepwarm: %d check(s) failed: see the FAIL lines on standard output\n", failed)
		return exitError{1}
	}
	return nil
}

// folderOpenFix is check's advice for a folder the server lists but does
// not open for this login.
func folderOpenFix(f mailsync.FolderSpec) string {
	switch f.Role {
	case keepwarm.RoleSent:
		return "set sent_folder to the folder the mail client files sent mail in, or give the account read access to it"
	case keepwarm.RoleInbox:
		return "the account may not read its INBOX: ask the mail administrator"
	}
	return "remove it from extra_folders, or give the account read access to it (a shared folder's rights, a Gmail label that is only a parent)"
}

// serviceFix is check's advice for a provider that does not fit the
// username (config.MailboxConfig.ServiceError, which names the keys).
const serviceFix = "change provider, or write the servers as the message says; until then keepwarm does not connect there"

// notifyUnusableFix is check's advice for a [notify] whose password, proxy
// password or CA file cannot be read (the message names the key).
const notifyUnusableFix = "set the variable or fix the command or file the message names ([notify] password_env/password_cmd, proxy, proxy_password_env/proxy_password_cmd, tls_ca_file); until then digests and mail nudges wait queued"

// checkName is how check names a mailbox, notify or a chat channel.
func checkName(name string) string {
	if name == config.NotifyMailbox || strings.HasPrefix(name, "channel ") {
		return name
	}
	return "mailbox " + name
}

// labelsNote follows the labels extra_folders names on a Gmail mailbox
// whose All Mail keepwarm reads.
const labelsNote = "in extra_folders: their mail is in All Mail, which keepwarm reads, so each message is fetched twice; they may be removed"

// unverifiedWarning follows the links that do not check the server's
// certificate.
const unverifiedWarning = "the server's TLS certificate is not checked (insecure_skip_verify = true): anyone on the path can read the password or token and the mail; set tls_ca_file to the PEM file of the server's certificate authority instead and remove it"

// describeLogin says which provider and login kind a mailbox uses.
func describeLogin(mb config.MailboxConfig) string {
	prov := mb.Provider
	if prov == "" {
		if g := providers.Guess(hostOf(mb.URL)); g != "" {
			prov = g + " (guessed from the host; set provider = \"" + g + "\")"
		} else {
			prov = "none set"
		}
	}
	login := "auth " + mb.Auth
	switch {
	case mb.OAuth2() && mb.TokenCmd != "":
		login += ", token from token_cmd"
	case mb.OAuth2():
		login += ", token kept by keepwarm (keepwarm auth " + mb.Name + ")"
	}
	if mb.TenantGuessed() {
		_, domain, _ := strings.Cut(mb.Username, "@")
		login += fmt.Sprintf(", tenant %s (guessed from @%s: a work account there wants oauth_tenant = \"organizations\")", mb.OAuthTenant, domain)
	}
	if mb.Proxy != "" {
		login += ", through proxy " + redactedURL(mb.Proxy)
	}
	if !mb.IDEnabled() {
		login += ", imap_id off"
	}
	return "provider " + prov + ", " + login
}

// checkStoredToken reports the kept refresh token of a mailbox (or
// [notify], name config.NotifyMailbox) and how soon it may stop working.
// It says whether there is one the logins may use: none kept, none that
// opens, or one made for another provider, client or account fails them
// on the cause reported here.
func checkStoredToken(ctx context.Context, m *Main, name string, c config.Connection, report func(string, error, string)) bool {
	what := fmt.Sprintf("mailbox %s: stored OAuth2 token", name)
	if name == config.NotifyMailbox {
		what = "notify: stored OAuth2 token"
	}
	if m.db == nil {
		report(what, fmt.Errorf("no database yet, so no token kept"), "run `keepwarm auth "+name+"`")
		return false
	}
	key, err := m.app.SecretKey(false)
	var kf *app.KeyFileError
	var unusable *store.UnusableKeyError
	if errors.As(err, &unusable) {
		// Another auth without --new-key would stop on it too.
		report(what, errors.New(unusable.Problem()), unusable.Fix(name))
		return false
	}
	if errors.As(err, &kf) {
		// The key file is there but this user may not read it: another
		// auth would not help.
		report(what, errors.New(kf.Msg), kf.Fix)
		return false
	}
	if err != nil {
		report(what, err, "set KEEPWARM_SECRET_KEY as when `keepwarm auth` ran, or run `keepwarm auth "+name+"`")
		return false
	}
	tok, err := m.app.LoadOAuthToken(ctx, key, name)
	if err == nil {
		err = m.app.SignInFits(name, c, tok)
	}
	if err != nil {
		fix := "run `keepwarm auth " + name + "`"
		if errors.As(err, &kf) {
			fix = "run `keepwarm auth " + name + "` with the service's " + store.SecretKeyEnv + ", or remove the variable so the key file is read"
		}
		report(what, err, fix)
		return false
	}
	what += fmt.Sprintf(" (signed in %s, last used %s)", tok.ObtainedAt.Format("2006-01-02"), tok.UsedAt.Format("2006-01-02"))
	p, _ := c.Preset()
	if p.OAuth == nil || p.OAuth.RefreshLifeDays == 0 {
		report(what, nil, "")
		return true
	}
	ends := tok.UsedAt.AddDate(0, 0, p.OAuth.RefreshLifeDays)
	left := ends.Sub(m.clock.Now())
	switch {
	case left <= 0:
		report(what, fmt.Errorf("%s retires refresh tokens unused for %d days: this one stopped working on %s", p.Title, p.OAuth.RefreshLifeDays, ends.Format("2006-01-02")),
			"run `keepwarm auth "+name+"`")
	case left < 14*24*time.Hour:
		fmt.Fprintf(m.Stdout, "warn  %s: stops working on %s unless used before (%s retires tokens unused for %d days)\n      fix: keep keepwarm running, or run `keepwarm auth %s`\n",
			what, ends.Format("2006-01-02"), p.Title, p.OAuth.RefreshLifeDays, name)
	default:
		report(what+"; good until "+ends.Format("2006-01-02")+" if unused", nil, "")
	}
	return true
}

// providerOf is the mailbox's preset, or the one its host suggests.
func providerOf(mb config.MailboxConfig) (providers.Preset, bool) {
	if p, ok := mb.Preset(); ok {
		return p, true
	}
	return providers.Get(providers.Guess(hostOf(mb.URL)))
}

// loginFix is the advice for a refused login, by provider and login kind.
func loginFix(mb config.MailboxConfig, err error) (string, bool) {
	s := strings.ToLower(err.Error())
	p, known := providerOf(mb)
	switch {
	case strings.Contains(s, "unsafe login") && !mb.IDEnabled():
		return "the server wants the IMAP ID command before SELECT (NetEase): remove imap_id = false", true
	case strings.Contains(s, "unsafe login") && mb.SendsID():
		return "keepwarm sent the IMAP ID command and the server still answers Unsafe Login: its security settings keep new clients out; turn on IMAP / third-party clients (客户端 / 第三方客户端) in the web mail's settings, or ask the mail administrator to lift the client restriction for this account", true
	case strings.Contains(s, "unsafe login"):
		return "the server wants the IMAP ID command before SELECT (NetEase) and does not advertise it: set imap_id = true, or provider = \"qiye163\" (\"netease\" for 163.com, 126.com, yeah.net) keeping url and smtp_url", true
	case mailsync.IsLoginBusy(err):
		return "the server turned the login down for now (too many connections open to the account, or its sign-in service is down), which says nothing about the password: close mail clients you do not need, or try again in a few minutes (a running keepwarm keeps retrying)", true
	case errors.Is(err, mailsync.ErrLoginCut):
		fix := "the connection broke during the login, which says nothing about the password: check that this machine reaches the server steadily"
		if mb.Proxy != "" {
			fix += " and that the proxy is running and keeps the connection open"
		} else {
			fix += ", or set proxy = \"socks5://host:port\" where a firewall resets or times out the connection"
		}
		return fix, true
	case errors.Is(err, mailsync.ErrOAuthBlocked):
		return "the provider blocks the account, or keepwarm's app for it (the code in the error says why: an access policy such as Microsoft's Conditional Access or Google Workspace's API controls, a disabled or locked account), so `keepwarm auth` is refused the same way: ask the administrator of " + mb.Username + "'s organisation to lift it or allow the app, then restart keepwarm", true
	case errors.Is(err, mailsync.ErrOAuthWrongTenant):
		return "the account or keepwarm's app is not in the directory asked, so `keepwarm auth` with the same settings is refused the same way: check oauth_tenant and oauth_client_id against " + mb.Username + "'s Microsoft 365 tenant, or ask its administrator to consent to the app; then run `keepwarm auth " + mb.Name + "`", true
	case errors.Is(err, mailsync.ErrOAuthBadRequest):
		return "the token endpoint refused keepwarm's request itself (a wrong address or scopes), so `keepwarm auth` is refused the same way: check oauth_token_url and oauth_scopes against the provider's (left out, the preset's are used), then restart keepwarm", true
	case errors.Is(err, mailsync.ErrOAuthRefusedUnsure):
		return "the provider's code does not say whether a new sign-in helps: run `keepwarm auth " + mb.Name + "` once; if it is refused with the same code, ask the administrator of " + mb.Username + "'s organisation (give them the code)", true
	case strings.Contains(s, "token endpoint answered"):
		return "the provider's sign-in service failed to answer, which says nothing about the sign-in: try again in a few minutes (a running keepwarm keeps retrying)", true
	case errors.Is(err, mailsync.ErrOAuthClientRefused):
		fix := "the provider refused keepwarm's OAuth client, so signing in again does not help: check oauth_client_id"
		if mb.OAuthClientSecretEnv != "" {
			fix += " and the client secret in $" + mb.OAuthClientSecretEnv
		}
		fix += " against the client in the Google Cloud console or the app registration in Entra ID (a public client with the device code flow allowed)"
		return fix, true
	case strings.Contains(s, "keepwarm auth") || strings.Contains(s, "invalid_grant"):
		return "run `keepwarm auth " + mb.Name + "` to sign the mailbox in again", true
	case strings.Contains(s, "token_cmd"):
		return "run token_cmd by hand as the user keepwarm runs as: it must print a current access token", true
	case !mailsync.IsAuthError(err) && !strings.Contains(s, "authenticat") && !strings.Contains(s, "login"):
		return "", false
	case known && p.Name == "microsoft365" && !mb.OAuth2():
		return "Microsoft 365 needs auth = \"oauth2\": set oauth_client_id and run `keepwarm auth " + mb.Name + "`, or set token_cmd", true
	case known && p.Name == "gmail" && !mb.OAuth2():
		return "Gmail refuses the account password: use an app password (2-step verification on), or auth = \"oauth2\" with oauth_client_id and oauth_client_secret_env and run `keepwarm auth " + mb.Name + "`, or token_cmd", true
	case known && (p.Name == "netease" || p.Name == "qiye163") && !mb.OAuth2():
		return "NetEase wants the authorization code (授权码) from the web mail's settings as the password, with IMAP turned on there", true
	case known && p.Name == "qq" && !mb.OAuth2():
		return "QQ Mail wants the authorization code (授权码) from the web mail's account settings as the password, with IMAP/SMTP turned on there", true
	case known && p.Name == "exmail" && !mb.OAuth2():
		return "Tencent Exmail wants a client-specific password (客户端专用密码) when WeChat secure login is on, and IMAP turned on in the web mail", true
	case mb.OAuth2():
		return "the access token was refused: check that it belongs to " + mb.Username + " and carries the mail scopes (" + scopes(mb.Connection, p) + ")", true
	}
	if known && p.Notes != "" {
		return "check username and the password source; " + p.Title + ": " + p.Notes, true
	}
	return "check username and the password source; some providers want an app password", true
}

// noSendScope says what is wrong with oauth_scopes written for Microsoft
// without a scope ending in "/SMTP.Send": the sign-in reads the mailbox and
// every send is refused. "" when nothing is.
func noSendScope(c config.Connection) string {
	p, ok := c.Preset()
	if !ok || p.OAuth == nil || !p.OAuth.DeviceFlow || !c.OAuth2() || c.TokenCmd != "" || len(c.OAuthScopes) == 0 {
		return ""
	}
	for _, sc := range c.OAuthScopes {
		if strings.HasSuffix(strings.ToLower(strings.TrimSpace(sc)), "/smtp.send") {
			return ""
		}
	}
	return "oauth_scopes has no SMTP.Send scope (\".../SMTP.Send\"), so the SMTP server refuses every send with the sign-in (it may still read a mailbox): add it (and the permission in the app registration), then run `keepwarm auth` again"
}

func scopes(c config.Connection, p providers.Preset) string {
	if len(c.OAuthScopes) > 0 {
		return strings.Join(c.OAuthScopes, " ")
	}
	if p.OAuth == nil {
		return "IMAP and SMTP access"
	}
	return strings.Join(p.OAuth.Scopes, " ")
}

// imapFix turns the commonest IMAP failures into advice.
func imapFix(mb config.MailboxConfig, err error) string {
	if err == nil {
		return ""
	}
	if fix, ok := loginFix(mb, err); ok {
		return fix
	}
	s := strings.ToLower(err.Error())
	switch {
	case strings.Contains(s, "certificate"), strings.Contains(s, "x509"):
		return certFix("url")
	case strings.Contains(s, "proxy"):
		return "check proxy (socks5://host:port or http://host:port) and that the proxy is running"
	case strings.Contains(s, "dial"), strings.Contains(s, "connection refused"), strings.Contains(s, "timeout"):
		fix := "check the host and port in url and that this machine can reach it"
		if p, ok := providerOf(mb); ok && p.Name == "gmail" && mb.Proxy == "" {
			fix += "; from mainland China Gmail is reachable only through a proxy: set proxy = \"socks5://host:port\""
		}
		return fix
	}
	return "check url, starttls and username in the config"
}

// smtpFix is imapFix for the SMTP side.
func smtpFix(mb config.MailboxConfig, err error) string {
	if err == nil {
		return ""
	}
	if fix, ok := loginFix(mb, err); ok {
		if p, known := providerOf(mb); known && p.Name == "microsoft365" && mb.OAuth2() {
			if mailsync.SMTPAuthOff(err) {
				return "the server takes no SMTP AUTH for " + mb.Username + ": " + app.SMTPAuthAdvice(mb.Connection, mb.Username)
			}
			fix += "; " + app.SMTPAuthAdvice(mb.Connection, mb.Username)
		}
		return fix
	}
	if s := strings.ToLower(err.Error()); strings.Contains(s, "certificate") || strings.Contains(s, "x509") {
		return certFix("smtp_url")
	}
	return "check smtp_url (smtps:// for port 465, smtp:// with STARTTLS for 587) and that the account may send"
}

// loginSettingsFix is check's advice for a mailbox whose login settings
// cannot be used (App.IMAPConfig): its password, its proxy's password, its
// proxy or its tls_ca_file. The message names the key.
func loginSettingsFix(mb config.MailboxConfig, err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "proxy_password_env"), strings.Contains(s, "proxy_password_cmd"):
		return "set the variable or fix the command the message names (the mailbox's proxy_password_env or proxy_password_cmd: the proxy's password, not the mailbox's)"
	case strings.Contains(s, "tls_ca_file"):
		return "fix tls_ca_file: it must name a readable PEM file of the certificate authority that signed the server's certificate"
	case strings.Contains(s, "proxy"):
		return imapFix(mb, err)
	}
	return "set the variable or fix the command named in the config (the mailbox's password_env or password_cmd)"
}

// certFix is the advice for a server certificate that does not verify.
func certFix(urlKey string) string {
	return "the server's TLS certificate is not trusted: fix the host name in " + urlKey +
		", or, for a server with a certificate from the team's own certificate authority (or a self-signed one), set tls_ca_file to that CA's PEM file"
}

func redactedURL(raw string) string { return mailsync.RedactProxy(raw) }

func hostOf(raw string) string {
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		host, _, _ := strings.Cut(rest, "/")
		host, _, _ = strings.Cut(host, "?")
		return host
	}
	return raw
}

// migrationNames names a few migrations: all when there are up to three,
// else the first, the last and how many between.
func migrationNames(names []string) string {
	if len(names) <= 3 {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s ... %s", names[0], names[len(names)-1])
}

// freeMailCustomersWarning names every customer with more than one
// contact whose domain is free mail now (made before the domain joined the
// free-mail list): the addresses there that wrote joined one customer,
// unrelated buyers maybe. One with a single contact is that address's
// customer already. The way out it names is team.company_domains, only
// for a domain that is the company's own (contacts of one company at free
// mail do not make it so; the config refuses a provider's domain);
// keepwarm has no command that parts a customer's contacts. "" when there
// are none.
func freeMailCustomersWarning(ctx context.Context, db *store.DB, team *parse.Team) (string, error) {
	all, err := db.DomainCustomers(ctx)
	if err != nil {
		return "", err
	}
	var named []string
	for _, c := range all {
		if c.Contacts < 2 || !team.IsFreeMail(c.Domain) {
			continue
		}
		owner := c.Owner
		if owner == "" {
			owner = "the pool"
		}
		named = append(named, fmt.Sprintf("#%d %s (%d contacts, %s)", c.ID, c.Domain, c.Contacts, owner))
	}
	if len(named) == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d customer(s) are keyed by a domain that is free mail now, made before it counted as free mail, so the addresses there that wrote are one customer: %s; "+
		"their contacts' mail still joins them, a new address there is a customer of its own. "+
		"Only if the domain itself is the company's own (its website and mail server), not when these contacts merely work at one company through free mail, add it to [team] company_domains "+
		"(its new addresses then join the customer too, and it is no longer named here; a domain of the built-in free-mail list is refused there); "+
		"otherwise keepwarm cannot part the contacts yet: the owner answers all of them, and keepwarm customers show ID lists who they are",
		len(named), strings.Join(named, ", ")), nil
}

// unfiledCopiesWarnings says, per mailbox, that copies of mail sent in its
// name could not be filed in its Sent folder, with the server's latest
// answer (and, where the server refuses the login the right, the way out):
// the daemon holds the mailbox's mail to customers until they are filed.
// A mailbox the config no longer sends from (its [[mailbox]] or smtp_url
// taken out) or whose server files sent mail itself is passed over: no
// pass files its copies, and none of its mail waits for them.
func unfiledCopiesWarnings(ctx context.Context, db *store.DB, cfg *config.Config) []string {
	items, err := db.PendingAppend(ctx)
	if err != nil {
		return []string{fmt.Sprintf("sent mail whose copy is not filed in Sent: could not be looked for: %v", err)}
	}
	type unfiled struct {
		n     int
		since time.Time
		why   string
		ids   []string
	}
	by := map[string]*unfiled{}
	for _, it := range items {
		why, ok := store.CopyUnfiledWhy(it.LastError)
		if !ok {
			continue // not tried yet, or filed by the next pass
		}
		if mb, ok := cfg.Mailbox(it.Mailbox); !ok || mb.SMTPURL == "" || mb.ServerSavesSent {
			continue
		}
		u := by[it.Mailbox]
		if u == nil {
			u = &unfiled{since: it.SentAt}
			by[it.Mailbox] = u
		}
		u.n++
		u.why = why // the latest answer
		u.ids = append(u.ids, fmt.Sprint(it.ID))
	}
	var out []string
	for _, mb := range slices.Sorted(maps.Keys(by)) {
		u := by[mb]
		out = append(out, fmt.Sprintf("mailbox %s: %d mail(s) sent in its name since %s (outbox %s) have no copy in its Sent folder, so its mail to customers waits: %s",
			mb, u.n, u.since.UTC().Format("2006-01-02 15:04 MST"), strings.Join(u.ids, ", "), u.why))
	}
	return out
}
