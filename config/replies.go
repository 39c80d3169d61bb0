package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net/url"
	"os/exec"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// notifyMailbox is the outbox mailbox name of the [notify] system sender.
const notifyMailbox = "notify"

// RepliesConfig is [replies]: the reply clock and its nudges (DOMAIN.md rule 1).
type RepliesConfig struct {
	// ReplyTarget defaults to [team].reply_target.
	ReplyTarget  Duration            `toml:"reply_target"`
	GradeTargets map[string]Duration `toml:"grade_targets"`
	NudgeAfter   Duration            `toml:"nudge_after"`
	Escalate     bool                `toml:"escalate"`
	// NudgeBacklogLimit: unanswered mail older than this gets no nudge (it
	// goes to the digest), so a start-up after a break sends no storm.
	NudgeBacklogLimit Duration `toml:"nudge_backlog_limit"`
	// Hours and Workdays are the team's working hours for the business-hours
	// figure; a [[salesperson]] may set their own.
	Hours    string   `toml:"hours"`
	Workdays []string `toml:"workdays"`
}

// NotifyConfig is [notify]: the system account nudges are sent from.
type NotifyConfig struct {
	SMTPURL            string `toml:"smtp_url"`
	Username           string `toml:"username"`
	PasswordEnv        string `toml:"password_env"`
	PasswordCmd        string `toml:"password_cmd"`
	From               string `toml:"from"`
	FromName           string `toml:"from_name"`
	InsecureSkipVerify bool   `toml:"insecure_skip_verify"`
}

// Enabled reports whether nudges can be sent.
func (n NotifyConfig) Enabled() bool { return n.SMTPURL != "" }

func (c *Config) repliesDefaults() {
	r := &c.Replies
	if r.ReplyTarget.Duration == 0 {
		r.ReplyTarget = c.Team.ReplyTarget
	}
	if r.NudgeAfter.Duration == 0 {
		r.NudgeAfter.Duration = sequences.DefaultNudgeAfter
	}
	if r.NudgeBacklogLimit.Duration == 0 {
		r.NudgeBacklogLimit.Duration = sequences.DefaultBacklogLimit
	}
	if r.Hours == "" {
		r.Hours = "09:00-18:00"
	}
	if len(r.Workdays) == 0 {
		r.Workdays = []string{"Mon-Fri"}
	}
	c.Notify.From = strings.ToLower(strings.TrimSpace(c.Notify.From))
}

// validateReplies checks [replies], [notify] and the salespeople's hours.
func (c *Config) validateReplies(bad func(key, format string, args ...any)) {
	r := c.Replies
	if r.ReplyTarget.Duration < time.Minute {
		bad("replies.reply_target", "%s is too short: use at least \"1m\" (the rule is \"10m\")", r.ReplyTarget)
	}
	longest := r.ReplyTarget.Duration
	for g, d := range r.GradeTargets {
		if !slices.Contains([]string{"A", "B", "C", "D", "E"}, g) {
			bad("replies.grade_targets."+g, "is not a grade: use A, B, C, D or E")
		}
		if d.Duration < time.Minute {
			bad("replies.grade_targets."+g, "%s is too short: use at least \"1m\"", d)
		}
		longest = max(longest, d.Duration)
	}
	if r.NudgeAfter.Duration < 30*time.Second {
		bad("replies.nudge_after", "%s is too short: use at least \"30s\" (default \"5m\")", r.NudgeAfter)
	}
	if r.NudgeBacklogLimit.Duration <= longest {
		bad("replies.nudge_backlog_limit", "%s must be longer than the longest reply target (%s), or the target nudge never goes out", r.NudgeBacklogLimit, longest)
	}
	if _, _, err := sequences.ParseHours(r.Hours); err != nil {
		bad("replies.hours", "%v", err)
	}
	if _, err := sequences.ParseWorkdays(r.Workdays); err != nil {
		bad("replies.workdays", "%v", err)
	}
	for i, s := range c.Salespeople {
		key := fmt.Sprintf("salesperson[%d]", i)
		if s.Hours != "" {
			if _, _, err := sequences.ParseHours(s.Hours); err != nil {
				bad(key+".hours", "%v", err)
			}
		}
		if _, err := sequences.ParseWorkdays(s.Workdays); err != nil {
			bad(key+".workdays", "%v", err)
		}
	}
	n := c.Notify
	if n == (NotifyConfig{}) {
		return
	}
	if err := checkMailURL(n.SMTPURL, "smtp", "smtps"); err != nil {
		bad("notify.smtp_url", "%v", err)
	}
	if !validEmail(n.From) {
		bad("notify.from", "%q is not an email address: the address nudges come from, e.g. \"keepwarm@example-export.com\"", n.From)
	}
	if n.Username != "" && (n.PasswordEnv == "") == (n.PasswordCmd == "") {
		bad("notify.password_env", "set exactly one of password_env and password_cmd for notify.username")
	}
	if _, taken := c.Mailbox(notifyMailbox); taken {
		bad("mailbox \""+notifyMailbox+"\".name", "is reserved for the [notify] sender: rename the mailbox")
	}
}

// notifyAccount is the [notify] system sender as a sending account: no
// daily cap (nudges must not wait for tomorrow) and no copy to file.
func (m *Main) notifyAccount(ctx context.Context) (mailsync.Account, error) {
	n := m.cfg.Notify
	acct := mailsync.Account{Mailbox: notifyMailbox, SMTPURL: n.SMTPURL, Username: n.Username,
		ServerFilesSent: true, DailyCap: -1}
	if n.Username != "" {
		pw, err := secret(ctx, "notify", n.PasswordEnv, n.PasswordCmd, m.Getenv)
		if err != nil {
			return mailsync.Account{}, err
		}
		acct.Password = pw
	}
	if n.InsecureSkipVerify {
		u, _ := url.Parse(n.SMTPURL)
		acct.TLSConfig = &tls.Config{ServerName: u.Hostname(), InsecureSkipVerify: true}
	}
	return acct, nil
}

// secret resolves a password from an environment variable or a command,
// naming the section (never the value) in errors.
func secret(ctx context.Context, section, env, cmdline string, getenv func(string) string) (string, error) {
	if env != "" {
		if v := getenv(env); v != "" {
			return v, nil
		}
		return "", fmt.Errorf("%s.password_env: environment variable %s is empty or unset: export it before starting keepwarm", section, env)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", cmdline)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	pw := strings.TrimRight(string(out), "\r\n")
	if err != nil || pw == "" {
		return "", fmt.Errorf("%s.password_cmd must print the password (%v): %s", section, err, strings.TrimSpace(stderr.String()))
	}
	return pw, nil
}

// replyConfig builds the reply watch's configuration.
func (m *Main) replyConfig() sequences.ReplyConfig {
	c := m.cfg
	rc := sequences.ReplyConfig{
		Target: c.Replies.ReplyTarget.Duration, NudgeAfter: c.Replies.NudgeAfter.Duration,
		BacklogLimit: c.Replies.NudgeBacklogLimit.Duration, Escalate: c.Replies.Escalate,
		Manager: c.Team.Manager, GradeTargets: map[string]time.Duration{},
		People: map[string]string{}, MailboxOwners: map[string]string{}, Hours: map[string]sequences.WorkHours{},
		DefaultHours: workHours(c.Replies.Hours, c.Replies.Workdays, m.teamLocation()),
	}
	for g, d := range c.Replies.GradeTargets {
		rc.GradeTargets[g] = d.Duration
	}
	if c.Team.Manager != "" {
		rc.People[c.Team.Manager] = c.Team.Manager
	}
	for _, s := range c.Salespeople {
		rc.People[s.Email] = s.Email
		hours, days := c.Replies.Hours, c.Replies.Workdays
		if s.Hours != "" {
			hours = s.Hours
		}
		if len(s.Workdays) > 0 {
			days = s.Workdays
		}
		rc.Hours[s.Email] = workHours(hours, days, m.ownerLocation(s.Email))
	}
	for _, mb := range c.Mailboxes {
		rc.MailboxOwners[mb.Name] = mb.Owner
		if login := strings.ToLower(mb.Username); strings.Contains(login, "@") && rc.People[login] == "" {
			rc.People[login] = mb.Owner
		}
	}
	if c.Notify.Enabled() {
		rc.NotifyMailbox = notifyMailbox
		rc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	return rc
}

// workHours builds validated hours (Validate has refused bad ones).
func workHours(hours string, days []string, loc *time.Location) sequences.WorkHours {
	h := sequences.WorkHours{Location: loc}
	h.Start, h.End, _ = sequences.ParseHours(hours)
	h.Days, _ = sequences.ParseWorkdays(days)
	return h
}

// notifyAccounts is the [notify] sender as extra sending accounts for the
// dispatcher: none when [notify] is not configured.
func (m *Main) notifyAccounts(ctx context.Context) ([]mailsync.Account, error) {
	if !m.cfg.Notify.Enabled() {
		return nil, nil
	}
	acct, err := m.notifyAccount(ctx)
	if err != nil {
		return nil, err
	}
	return []mailsync.Account{acct}, nil
}

// newEngine builds the daemon's clock-driven engine with the reply watch,
// and the dispatcher (every mailbox's account plus [notify]) it kicks when
// nudges are queued.
func (m *Main) newEngine(ctx context.Context) (*sequences.Engine, *mailsync.Dispatcher, error) {
	extra, err := m.notifyAccounts(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The follow-up job (sequences) and its last look before each send.
	var disp *mailsync.Dispatcher
	followUp, precheck, err := m.followUpParts(ctx, func() { disp.Kick() })
	if err != nil {
		return nil, nil, err
	}
	disp, err = m.newDispatcher(ctx, mailsync.DispatcherOptions{Precheck: precheck}, extra...)
	if err != nil {
		return nil, nil, err
	}
	rc := m.replyConfig()
	rc.OnQueued = disp.Kick
	if rc.NotifyMailbox == "" {
		m.log.Warn("no [notify] sender configured: reply times are measured, but no nudges are sent")
	}
	watch := sequences.NewReplyWatch(rc, m.db, m.log.With("job", "replies"))
	jobs := []sequences.Job{watch, m.newBookJob()}
	if followUp != nil {
		jobs = append(jobs, followUp)
	}
	greetings, err := m.newGreetings(disp.Kick)
	if err != nil {
		return nil, nil, err
	}
	if greetings != nil {
		jobs = append(jobs, greetings)
	}
	// Digests and the weekly summary run after the reply watch measured
	// the clocks and the other jobs queued what they queue.
	if !m.cfg.Digest.Disabled {
		jobs = append(jobs, m.newDigests(greetings, disp.Kick), m.newSummaries(disp.Kick))
	}
	return sequences.NewEngine(m.clock, m.log, jobs...), disp, nil
}
