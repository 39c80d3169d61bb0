package web

import (
	"context"
	"crypto/subtle"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// signInForm asks for the person's team address.
func (s *Server) signInForm(w http.ResponseWriter, r *http.Request) {
	if p, _, tok, ok, err := s.signedIn(r); err != nil {
		s.notChecked(w, r)
		return
	} else if ok && r.URL.Query().Get("dead") != "" {
		// The dead link's page reloaded (its language switch) in a
		// browser where someone is signed in: the same page again,
		// never that session's desk, which is not the link's to enter.
		s.render(w, r, http.StatusOK, "signin", s.deadLinkData(r, s.preCSRF(w, r), p.Email, tok))
		return
	} else if ok {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	if s.cfg.Mailer == nil {
		s.render(w, r, http.StatusOK, "signin", map[string]any{"NoMail": true})
		return
	}
	s.render(w, r, http.StatusOK, "signin", map[string]any{
		"CSRF": s.preCSRF(w, r), "Next": safeNext(r.URL.Query().Get("next")),
	})
}

// signInRequest mails a one-time link to a team address. The answer is the
// same, and as quick, whether the address is on the team or not (nobody
// learns who is): the mail goes out in the background and a failure is
// logged, not shown. Requests beyond the rate limits are refused with 429.
// Without a Mailer ([notify] is off) nothing can be mailed: the answer
// says so and how to get a link, for any address (it is the server's
// property, not the address's), and a team address asking is logged for
// the operator.
func (s *Server) signInRequest(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	next := safeNext(r.PostFormValue("next"))
	if !strings.Contains(email, "@") || len(email) > 254 {
		s.render(w, r, http.StatusBadRequest, "signin", map[string]any{
			"CSRF": s.preCSRF(w, r), "Next": next, "Email": email, "Error": l.T("Enter your team email address."),
			"NoMail": s.cfg.Mailer == nil,
		})
		return
	}
	now := s.clock.Now()
	client, named := s.namedByProxy(r)
	ip := rateKey(client)
	p, known := s.b.Person(email)
	tok, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	req := LoginRequest{TokenHash: hashToken(tok), Email: email, Next: next, IP: ip, Sent: known, At: now, Expires: now.Add(LinkLifetime)}
	if known && s.cfg.Mailer == nil {
		req.Sent = false
	}
	lim := LoginLimits{Since: now.Add(-RateWindow), PerAddressIP: RatePerEmailIP, PerAddress: RatePerEmail, PerIP: RatePerIP,
		LivePerAddress: MailLivePerEmail, MailedPerAddress: MailPerPersonDay, MailedSince: now.Add(-24 * time.Hour)}
	device := false
	for _, dev := range s.deviceValues(r) {
		// The browser the address asked for signed in from: whatever IP
		// it comes from (or a proxy fails to name), a flood of requests
		// from elsewhere does not keep it from its link. Every kw_device
		// the browser sends is tried: one a sibling host set for the
		// parent domain does not shadow the one keepwarm gave.
		if device, err = s.b.KnownDevice(r.Context(), hashToken(dev), email, now.Add(-KnownDeviceFor)); err != nil {
			s.fail(w, r, err)
			return
		} else if device {
			break
		}
	}
	if named {
		if lim.KnownIP, lim.KnownDevice, err = s.knownFrom(r.Context(), ip, email, now); err != nil {
			s.fail(w, r, err)
			return
		}
	} else {
		// A trusted proxy named no client, or passes on a header the
		// client wrote (namedByProxy): ip is the proxy's, shared by
		// everyone (noteForwarded tells the operator). Counted by it, one
		// stranger's ten requests would refuse the whole team, and every
		// request would look like one from a browser the team signed in
		// from. So no allowance for a known IP, RatePerEmailIP counts the
		// address asked for (all requests share the one ip), and the
		// proxy's address gets RatePerIPUnnamed: a stranger cannot record
		// requests without bound, and the team's own browsers (their
		// device cookie) are not counted against it.
		lim.PerIP = RatePerIPUnnamed
	}
	if device {
		req.Device = true
		lim.KnownIP, lim.KnownDevice = true, true
		lim.PerAddressIP = max(lim.PerAddressIP, RatePerEmail)
		lim.PerIP = math.MaxInt32
	}
	ok, mailed, err := s.b.AddLoginRequestWithin(r.Context(), req, lim)
	if err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		if named {
			s.log.Warn("sign-in refused: rate limit", "ip", ip)
		} else {
			s.log.Warn("sign-in refused: rate limit of the proxy's shared address (the request names no client, or it passed on a browser's request naming none, so the header it carries is not believed)", "ip", ip)
		}
		s.message(w, r, http.StatusTooManyRequests, l.T("Too many sign-in links were asked for: wait a quarter of an hour and try again."))
		return
	}
	if s.cfg.Mailer == nil {
		if known {
			s.log.Warn("sign-in link asked for, but links are not mailed without [notify]: print one with keepwarm web link", "email", p.Email)
		}
		s.render(w, r, http.StatusOK, "signin", map[string]any{"NoMail": true, "Email": email})
		return
	}
	if mailed {
		s.mailInBackground(p, s.linkURL(tok), l)
	} else if req.Sent {
		s.notMailed(p.Email, now)
	}
	s.message(w, r, http.StatusOK, l.T("If that address is on the team, a sign-in link is on its way. It works once, for 15 minutes."))
}

// knownFrom says whether someone on the team signed in from the client's
// IP (ip, as rateKey gives it) within KnownDeviceFor, and whether email
// did.
func (s *Server) knownFrom(ctx context.Context, ip, email string, now time.Time) (knownIP, knownDevice bool, err error) {
	if ip == "" {
		return false, false, nil
	}
	list, err := s.b.SessionIPs(ctx, now.Add(-KnownDeviceFor))
	if err != nil {
		return false, false, err
	}
	for _, si := range list {
		if rateKey(si.IP) != ip {
			continue
		}
		if _, ok := s.b.Person(si.Email); ok {
			knownIP = true
			knownDevice = knownDevice || strings.EqualFold(si.Email, email)
		}
	}
	return knownIP, knownDevice, nil
}

// notMailed logs, at most once a RateWindow, that a team address asked for
// a link got none: links mailed to it are live already, or its daily
// ceiling of mailed links is reached (someone is asking for it in bulk).
// The answer was the same.
func (s *Server) notMailed(email string, now time.Time) {
	s.bgMu.Lock()
	quiet := now.Before(s.notMailedLogged.Add(RateWindow))
	if !quiet {
		s.notMailedLogged = now
	}
	s.bgMu.Unlock()
	if !quiet {
		s.log.Warn("sign-in link not mailed: links mailed to the address are still live, or its ceiling of mailed links in 24 hours is reached (print one with keepwarm web link; further cases in the next 15 minutes are not logged)", "email", email)
	}
}

// rateKey is the client address the sign-in limits count: an IPv6 client
// by its /64 (one subscriber's network hands out addresses in it at will).
func rateKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || !a.Unmap().Is6() {
		return ip
	}
	p, err := a.Unmap().Prefix(64)
	if err != nil {
		return ip
	}
	return p.String()
}

// mailLinkTimeout bounds one sign-in mail's delivery.
const mailLinkTimeout = 5 * time.Minute

// mailInBackground delivers a sign-in mail after the answer went out; a
// failure is logged (never the link) for the operator. Once Close began
// nothing goes out: the answer stays the same (it tells no one whether
// the address is on the team), and asking again after the restart works.
func (s *Server) mailInBackground(p Person, link string, l Lang) {
	s.bgMu.Lock()
	defer s.bgMu.Unlock()
	if s.closed {
		s.log.Warn("stopping: sign-in mail not sent", "to", p.Email)
		return
	}
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		ctx, cancel := context.WithTimeout(s.bgCtx, mailLinkTimeout)
		defer cancel()
		if err := s.mailLink(ctx, p, link, l); err != nil {
			s.log.Error("sign-in link not sent", "to", p.Email, "err", err)
		}
	}()
}

func (s *Server) linkURL(tok string) string {
	return s.URL("/signin/link?t=" + url.QueryEscape(tok))
}

// SignInLink records a fresh one-time link for a team member and returns
// it, leading to next after sign-in ("" = the desk): what `keepwarm web
// link` prints for first sign-ins and recovery. It is not rate-limited.
func (s *Server) SignInLink(ctx context.Context, email, next string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if _, ok := s.b.Person(email); !ok {
		return "", keepwarm.Errorf(keepwarm.ENOTFOUND, "%s is not on the team: add a [[salesperson]], or list them in team.managers (or as team.manager)", email)
	}
	tok, err := newToken()
	if err != nil {
		return "", err
	}
	now := s.clock.Now()
	if err := s.b.AddLoginRequest(ctx, LoginRequest{TokenHash: hashToken(tok), Email: email, Next: safeNext(next), IP: "",
		Sent: true, At: now, Expires: now.Add(LinkLifetime)}); err != nil {
		return "", err
	}
	return s.linkURL(tok), nil
}

func (s *Server) mailLink(ctx context.Context, p Person, link string, l Lang) error {
	name := p.Name
	if name == "" {
		name = p.Email
	}
	text := fmt.Sprintf("%s\n\n%s\n\n%s\n", fmt.Sprintf(l.T("Hello %s,"), name),
		l.T("Open this link to sign in to keepwarm. It works once, for 15 minutes:"), link) +
		"\n" + l.T("If you did not ask for it, ignore this mail.") + "\n"
	item := keepwarm.OutboxItem{
		Mailbox: s.cfg.NotifyMailbox, From: s.cfg.NotifyFrom, To: []keepwarm.Address{{Email: p.Email, Name: p.Name}},
		Subject: l.T("Your keepwarm sign-in link"), Text: text, Origin: "signin",
		MessageID: keepwarm.NewMessageID(s.base.Hostname()), AttemptedAt: s.clock.Now(),
	}
	return s.cfg.Mailer.Deliver(ctx, item)
}

// linkPage shows the "sign in" button of a mailed link. The token is
// taken only by the POST: a mail scanner that opens every link in a
// message does not use it up.
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) {
	tok := r.URL.Query().Get("t")
	if tok == "" {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "link", map[string]any{"CSRF": s.preCSRF(w, r), "Token": tok})
}

// deadLinkData is the page of a dead sign-in link pressed in a browser
// where email is signed in: whose session the browser holds, with its Sign
// out. Its language switch reloads /signin?dead=1, which shows this page
// again, and its brand leads nowhere (NoWayIn): no link of it opens that
// session's desk.
func (s *Server) deadLinkData(r *http.Request, pre, email, tok string) map[string]any {
	return map[string]any{
		"CSRF": pre, "Next": "/", "Path": "/signin?dead=1", "NoWayIn": true,
		"Error":      lang(r).T("This sign-in link is expired or was used already: ask for a new one."),
		"SignedInAs": s.personName(email), "SignOutCSRF": csrfToken(tok),
	}
}

// linkUse takes the token once and starts a session.
func (s *Server) linkUse(w http.ResponseWriter, r *http.Request) {
	l := lang(r)
	now := s.clock.Now()
	hash := hashToken(r.PostFormValue("t"))
	email, next, err := s.b.UseLoginToken(r.Context(), hash, now)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		pre := s.preCSRF(w, r)
		data := map[string]any{
			"CSRF": pre, "Next": "/", "Path": "/signin", "Error": l.T("This sign-in link is expired or was used already: ask for a new one."),
		}
		if p, _, tok, ok, _ := s.signedIn(r); ok {
			// The button pressed again (Back, a double click) in a
			// browser where the link's own person is signed in: it
			// leads where the link points, as asking for a new link
			// would use one up for nothing. Anyone else's session (a
			// shared PC) is not the link's to enter: the page says
			// whose it is, with its Sign out.
			owner, next, err := s.b.LoginTokenOwner(r.Context(), hash)
			if err == nil && strings.EqualFold(owner, p.Email) {
				http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
				return
			}
			if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
				s.log.Error("reading a used sign-in link", "err", err)
			}
			data = s.deadLinkData(r, pre, p.Email, tok)
		}
		s.render(w, r, http.StatusGone, "signin", data)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, ok := s.b.Person(email); !ok {
		s.message(w, r, http.StatusForbidden, l.T("This address is no longer on the team."))
		return
	}
	// A session the browser already holds (a colleague left signed in on
	// a shared PC, or the person's own) ends as a sign-out ends it: the
	// new cookie replaces its cookie, and a session no browser holds must
	// not go on being accepted, nor listed as live on the manager's pages.
	// The link is spent already: a failure to end it is logged, and the
	// sign-in goes on.
	if _, old, _, ok, _ := s.signedIn(r); ok {
		if err := s.b.EndSession(r.Context(), old.ID, now); err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
			s.log.Error("ending the session a sign-in replaces", "session", old.ID, "err", err)
		}
	}
	tok, err := newToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.secure {
		tok = hostTokenPrefix + tok // never read from a plain kw_session
	}
	ua := r.UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	// The browser's device value is kept across sign-ins only over
	// https, where it is __Host-kw_device, which no other host can set.
	// Over http a page on a sibling host (the company's www site) can set
	// kw_device for the parent domain with a value it chose: adopted, the
	// value it knows would become this person's browser, and anyone
	// holding it would get their links past the daily ceiling.
	dev := ""
	if s.secure {
		dev = s.deviceValue(r)
	}
	if dev == "" {
		if dev, err = newToken(); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ss := Session{Email: email, UserAgent: ua, IP: s.clientIP(r), CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(s.cfg.SessionLifetime),
		DeviceHash: hashToken(dev)}
	if _, err := s.b.AddSession(r.Context(), hashToken(tok), ss); err != nil {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(s.deviceCookie(), dev, DeviceFor))
	http.SetCookie(w, s.cookie(s.sessionCookie(), tok, s.cfg.SessionLifetime))
	if s.secure {
		http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	}
	http.SetCookie(w, s.cookie(s.preCookie(), "", -1))
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if err := s.b.EndSession(r.Context(), sessionOf(r).ID, s.clock.Now()); err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, s.cookie(s.sessionCookie(), "", -1))
	if s.secure {
		http.SetCookie(w, s.cookie(sessionCookie, "", -1))
	}
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// sessions lists the live sessions to a manager, who may end any of them.
func (s *Server) sessions(w http.ResponseWriter, r *http.Request) {
	if !person(r).Manager {
		s.notFound(w, r)
		return
	}
	list, err := s.liveSessions(r.Context(), s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sessions", map[string]any{"Sessions": list, "Current": sessionOf(r).ID, "Withheld": s.linksWithheld(r),
		"Gone": r.URL.Query().Get("gone") != ""})
}

// linksWithheld lists, to a manager, the team addresses at their ceiling
// of mailed sign-in links (MailPerPersonDay in 24 hours): more are mailed
// only to a browser at an IP they signed in from, so someone on a new
// phone needs a printed link. A failure to count is logged, and the page
// shown without the list.
func (s *Server) linksWithheld(r *http.Request) []string {
	if !person(r).Manager {
		return nil
	}
	mailed, err := s.b.MailedLinks(r.Context(), s.clock.Now().Add(-24*time.Hour))
	if err != nil {
		s.log.Error("counting the sign-in links mailed", "err", err)
		return nil
	}
	var out []string
	for email, n := range mailed {
		if _, ok := s.b.Person(email); ok && n >= MailPerPersonDay {
			out = append(out, email)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Server) revokeSession(w http.ResponseWriter, r *http.Request) {
	p := person(r)
	if !p.Manager {
		s.notFound(w, r)
		return
	}
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	now := s.clock.Now()
	// Whose session, as the list showed it: once the list moves on, the
	// audit line is all that tells.
	list, err := s.liveSessions(r.Context(), now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(list, func(x Session) bool { return x.ID == id })
	if i >= 0 {
		err = s.b.RevokeSession(r.Context(), id, now)
	}
	if i < 0 || keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		// A second press, or the session signed out or expired since
		// the page was shown.
		http.Redirect(w, r, "/sessions?gone=1", http.StatusSeeOther)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, Change{Action: "session.revoke", Subject: sessionSubject(list[i]), Before: "live", After: "revoked"})
	http.Redirect(w, r, "/sessions", http.StatusSeeOther)
}

// sessionSubject names a session in the audit log: its id and whose it
// is. Not the IP or browser it was signed in from: the audit is kept for
// good, and those are deleted with the session (PruneSignIns).
func sessionSubject(x Session) string {
	return fmt.Sprintf("session %d of %s", x.ID, x.Email)
}

// langForm checks the CSRF token of the language switch, a form on every
// page: the session's, or the pre-session cookie's on a page shown before
// sign-in (also one shown to a browser that holds a session, such as a
// dead sign-in link's). Without it the switch is refused: a link or a
// form on another site does not change a person's language.
func (s *Server) langForm(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if _, _, tok, ok, err := s.signedIn(r); err == nil && ok {
			if err := r.ParseForm(); err == nil && subtle.ConstantTimeCompare([]byte(r.PostFormValue(csrfField)), []byte(csrfToken(tok))) == 1 {
				next(w, r)
				return
			}
		}
		s.form(next)(w, r)
	}
}

// setLang switches the interface language and goes back to the page the
// switch was pressed on.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("lang")
	if code != "en" && code != "zh" {
		s.notFound(w, r)
		return
	}
	c := s.cookie(langCookie, code, 365*24*time.Hour)
	http.SetCookie(w, c)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// audit records a change the signed-in person made; a failure to record
// is logged loudly (the change itself is done).
func (s *Server) audit(r *http.Request, c Change) {
	if c.Unchanged {
		return
	}
	if err := s.b.AddAudit(context.WithoutCancel(r.Context()), c, person(r).Email, s.clock.Now()); err != nil {
		s.log.Error("audit row not written", "action", c.Action, "err", err)
	}
}
