package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/web"
)

// WebPeople are the team members who may sign in: every [[salesperson]],
// team.manager and team.managers (who see everything).
func (a *App) WebPeople() []web.Person {
	var out []web.Person
	for _, s := range a.Cfg.Salespeople {
		out = append(out, web.Person{Email: s.Email, Name: s.Name, Lang: s.Lang})
	}
	for _, m := range a.Cfg.Managers() {
		p := web.Person{Email: m, Manager: true}
		if m == a.Cfg.Team.Manager {
			p.Name = strings.TrimSpace(a.Cfg.Team.ManagerName)
		}
		out = append(out, p)
	}
	return out
}

// OnTeam is everyone on the team, as the web lets them in (WebPeople): the
// reply nudges and the digest count the same people on it.
func (a *App) OnTeam() map[string]bool {
	team := map[string]bool{}
	for _, p := range a.WebPeople() {
		team[p.Email] = true
	}
	return team
}

// NewWeb builds the web application over the App's store and engine rules.
// Sign-in links are mailed through [notify]; without it they can only be
// printed (`keepwarm web link`).
func (a *App) NewWeb(ctx context.Context) (*web.Server, error) {
	// Broken sequences or templates hold the follow-ups, as the ticker
	// does, not the web: the console is where a manager fixes them.
	var changer EnrollmentChanger
	fu, broken, err := a.HeldFollowUp()
	switch {
	case err != nil:
		return nil, err
	case broken != nil:
		a.Log.Error("web: follow-ups can be paused and stopped, not resumed, until the sequences and templates are fixed", "err", broken)
		changer = heldChanger{fu: fu}
	default:
		changer = fu
	}
	deps := WebDeps{DB: a.DB, FollowUp: changer, Rules: a.Cfg.Book.Rules(), People: a.WebPeople(), MailboxOwners: a.ReplyConfig().MailboxOwners, StandIn: a.ReplyConfig().StandIn,
		ServerFilesSent:  func(name string) bool { mb, ok := a.Cfg.Mailbox(name); return ok && mb.ServerSavesSent },
		Sends:            func(name string) bool { mb, ok := a.Cfg.Mailbox(name); return ok && mb.SMTPURL != "" },
		CustomerLocation: a.CustomerLocation, Webmail: a.Cfg.WebmailLink,
		SequencesDir: a.Cfg.SequencesPath(a.Cfg.Sequences.Dir), TemplatesDir: a.Cfg.SequencesPath(a.Cfg.Sequences.TemplatesDir),
		Identities: a.Identities(), TeamLocation: a.Cfg.TeamLocation(), LettersDir: a.LettersPath(), GreetingTemplates: a.GreetingTemplates(),
		GreetingSenders: a.GreetingSenders(), GreetingRules: a.GreetingRules(), DefaultSequence: *a.Cfg.Sequences.Default, ConfigPath: a.ConfigPath,
		ReplyTarget: a.Cfg.Replies.ReplyTarget.Duration, GradeTargets: a.Cfg.Replies.Grades(),
		Away: a.NewAway(), PersonLocation: a.Cfg.OwnerLocation, Log: a.Log, Measure: a.MeasureThreads, Clock: a.Clock,
		MaxAge: a.Cfg.Sequences.MaxAge.Duration, SequencesOff: a.Cfg.Sequences.Disabled}
	if g, err := a.NewGreetings(nil); err != nil {
		a.Log.Error("web: the forecast lists no greetings until their templates are fixed", "err", err)
	} else if g != nil {
		deps.Greetings = g
	}
	be := NewWebBackend(deps)
	cfg, err := a.webConfig()
	if err != nil {
		return nil, err
	}
	if a.Cfg.Notify.Enabled() {
		acct, err := a.NotifyAccount(ctx)
		if err != nil {
			return nil, err
		}
		if acct.Unusable != nil {
			// The pages still serve; a link is printed instead of mailed.
			a.Log.Error("web: sign-in links are not mailed, [notify] cannot be used as configured: print one with keepwarm web link", "err", acct.Unusable)
			return a.startWeb(ctx, cfg, be)
		}
		sender, err := mailsync.NewSender([]mailsync.Account{acct}, nil, a.Clock, a.Log)
		if err != nil {
			return nil, err
		}
		cfg.Mailer, cfg.NotifyMailbox = sender, config.NotifyMailbox
		cfg.NotifyFrom = keepwarm.Address{Name: a.Cfg.Notify.FromName, Email: a.Cfg.Notify.From}
	}
	return a.startWeb(ctx, cfg, be)
}

// startWeb builds the web application and ends the sessions of everyone
// no longer on the team: someone removed from the config is signed out
// for good, and needs a new link if the address is put back. A failure
// to end them is logged (they sign nobody in meanwhile).
func (a *App) startWeb(ctx context.Context, cfg web.Config, be *WebBackend) (*web.Server, error) {
	srv, err := web.New(cfg, be)
	if err != nil {
		return nil, err
	}
	if err := srv.EndSessionsOffTeam(ctx); err != nil {
		a.Log.Error("web: the sessions of people no longer on the team were not ended; they sign nobody in, and are ended when next used", "err", err)
	}
	return srv, nil
}

func (a *App) webConfig() (web.Config, error) {
	cfg := web.Config{BaseURL: a.Cfg.Web.BaseURL, SessionLifetime: a.Cfg.Web.SessionLifetime.Duration,
		Location: a.Cfg.TeamLocation(), Clock: a.Clock, Log: a.Log, TrustedProxies: a.Cfg.Web.TrustedProxyNets()}
	if cfg.BaseURL == "" {
		return cfg, fmt.Errorf("web.base_url is empty: set it (and web.listen) in [web] to the address people open, e.g. \"https://keepwarm.example-export.com\"")
	}
	return cfg, nil
}

// SignInLink records a one-time sign-in link for a team member and returns
// it (`keepwarm web link`). It needs only the store and [web] base_url: no
// mail account's secret is read and no sequence or template is loaded, so
// it works for recovery when those are what is broken.
func (a *App) SignInLink(ctx context.Context, email, next string) (string, error) {
	cfg, err := a.webConfig()
	if err != nil {
		return "", err
	}
	srv, err := web.New(cfg, NewWebBackend(WebDeps{DB: a.DB, People: a.WebPeople(), Clock: a.Clock, Log: a.Log}))
	if err != nil {
		return "", err
	}
	defer srv.Close(ctx)
	return srv.SignInLink(ctx, email, next)
}

// WebServer serves the web application on [web].listen.
type WebServer struct {
	App *web.Server
	srv *http.Server
	ln  net.Listener
}

// StartWeb builds the web application and serves it on addr in the
// background until Close.
// With no base_url (the demo) links point at the address listened on.
func (a *App) StartWeb(ctx context.Context, addr string) (*WebServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("web: listen %s: %w (set [web].listen to a free address)", addr, err)
	}
	if a.Cfg.Web.BaseURL == "" {
		a.Cfg.Web.BaseURL = "http://" + ln.Addr().String()
	}
	app, err := a.NewWeb(ctx)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &WebServer{App: app, ln: ln,
		srv: &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
			WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Log.Error("web server stopped", "err", err)
		}
	}()
	a.Log.Info("serving the web application", "addr", ln.Addr().String(), "base_url", a.Cfg.Web.BaseURL)
	return s, nil
}

// Addr is the address actually listened on.
func (s *WebServer) Addr() string { return s.ln.Addr().String() }

// Close stops the server, waiting for requests in flight until ctx ends.
func (s *WebServer) Close(ctx context.Context) error {
	if s == nil || s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	if cerr := s.App.Close(ctx); err == nil {
		err = cerr
	}
	return err
}
