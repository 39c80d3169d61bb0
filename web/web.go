// Package web is keepwarm's web application: the salesperson's desk, the
// customer pages, search and the public pool, with passwordless sign-in
// (a one-time link mailed through [notify]) and sessions kept in the
// database. Pages are server-rendered html/template; templates, styles and
// the vendored htmx are embedded. Every handler takes the signed-in person
// from the request and every read and change goes through the Backend
// scoped by that person; every form carries a CSRF token; every change is
// written to the audit trail.
package web

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/idna"

	"keepwarm"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Defaults of the [web] section.
const (
	DefaultSessionLifetime = 30 * 24 * time.Hour
	// LinkLifetime is how long a mailed sign-in link stays valid.
	LinkLifetime = 15 * time.Minute
	// Sign-in links asked for within RateWindow: at most RatePerEmailIP for
	// one address from one IP, RatePerEmail for one address from anywhere
	// (someone else asking for a teammate's address from a few places does
	// not lock them out at once), and RatePerIP from one IP.
	RateWindow     = 15 * time.Minute
	RatePerEmailIP = 3
	RatePerEmail   = 10
	RatePerIP      = 10
	// Links are mailed (through the [notify] account the nudges and
	// digests need) only while fewer than MailLivePerEmail mailed to the
	// address are live, and fewer than MailPerPersonDay went out to the
	// address in the last 24 hours; past that a request gets the same
	// answer and mails nothing. An IPv6 client counts by its /64.
	MailLivePerEmail = 2
	MailPerPersonDay = 10
	// KnownDeviceFor: a request from an IP someone on the team signed in
	// from in that time is not held to RatePerEmail, and one for the
	// address that signed in from it not to MailPerPersonDay: a flood of
	// requests from elsewhere does not keep a person's usual browser from
	// its link. Whether the IP is known never depends on the address asked
	// for, so the answer still tells nobody who is on the team.
	KnownDeviceFor = 90 * 24 * time.Hour
	// DeviceFor is how long a browser keeps its device cookie, renewed
	// at each sign-in in it.
	DeviceFor = 365 * 24 * time.Hour
	// RatePerIPUnnamed is RatePerIP behind a trusted proxy that names no
	// client: the proxy's address then carries every browser's requests,
	// the team's included, but a browser with the device cookie of the
	// address it asks for is not counted against it (nor held to
	// RatePerEmailIP, RatePerEmail or MailPerPersonDay), so strangers
	// flooding it only hold up browsers nobody on the team signed in from.
	RatePerIPUnnamed = 3 * RatePerIP
)

// Config is what the web application is built from.
type Config struct {
	// BaseURL is the address people open ("https://keepwarm.example.com"),
	// used in mailed links; an https one makes cookies Secure.
	BaseURL string
	// SessionLifetime is how long a sign-in lasts; 0 = DefaultSessionLifetime.
	SessionLifetime time.Duration
	// Location is the team's zone: times are shown in it.
	Location *time.Location
	// Mailer sends sign-in links from NotifyMailbox as NotifyFrom; a nil
	// Mailer means links can only be printed (`keepwarm web link`).
	Mailer        Mailer
	NotifyMailbox string
	NotifyFrom    keepwarm.Address
	Clock         keepwarm.Clock
	Log           *slog.Logger
	// TrustedProxies are the reverse proxies in front: for a request from
	// one of them the client's address is read from X-Forwarded-For
	// (without it, from Forwarded's for=).
	TrustedProxies []netip.Prefix
}

// Server is the web application, an http.Handler. Safe for concurrent use.
type Server struct {
	cfg    Config
	b      Backend
	base   *url.URL
	secure bool
	pages  map[string]*template.Template
	static http.Handler
	mux    *http.ServeMux
	log    *slog.Logger
	clock  keepwarm.Clock

	// Sign-in mail goes out in the background, bound to the server's
	// life: bgCtx ends at Close, bg counts the deliveries under way.
	// closed, set by Close before it waits, turns away deliveries asked
	// for later (a request still running when the HTTP server's shutdown
	// gave up on it); bgMu orders the two, as a WaitGroup needs.
	bgCtx  context.Context
	bgStop context.CancelFunc
	bg     sync.WaitGroup
	bgMu   sync.Mutex
	closed bool
	// notMailedLogged is when a link not mailed was last logged (bgMu).
	notMailedLogged time.Time
	// conflictLogged is when a request whose two forwarding headers
	// name different clients was last logged (noteConflict, bgMu).
	conflictLogged time.Time
	// postRoutes are the patterns of the POST routes (routeMux).
	postRoutes []string
	// preKey is the server's key of the sign-in forms' CSRF tokens
	// (preToken), kept in the database (Backend.FormKey): a sign-in
	// page open across a restart still works.
	preKey []byte
	// forwardWarned is set once an untrusted proxy was logged (noteForwarded).
	forwardWarned atomic.Bool
	// hopsMu guards hopsSeen.
	hopsMu sync.Mutex
	// hopsSeen are the unlisted hops on this machine or a local network
	// seen with another address to their left (forwardsForOthers): one
	// is taken for a proxy only once seen forwarding for two different
	// clients, since a client can write the header itself, and logged
	// once a hop (hopUnwarned).
	hopsSeen map[netip.Addr]*hopSeen
	// bareSeen is when each listed proxy last passed on a browser's
	// request naming no client (noteForwarded; under hopsMu): it writes no
	// header, so one a request through it carries is the client's own
	// (namedByProxy), until a signed-in browser whose request it passed on
	// so names a client through it (trustAgain).
	bareSeen map[netip.Addr]*bareState
	// listedWarned is set once a trusted proxy whose requests name only
	// listed addresses, one in a range of more than one, was logged
	// (noteForwarded); frontWarned once one naming only a proxy listed
	// by its own address; localWarned once one naming only itself (a
	// request made on its machine). Each has its own line.
	listedWarned, frontWarned, localWarned atomic.Bool
	// unnamedWarned is set once a trusted proxy naming no client was
	// logged (noteForwarded).
	unnamedWarned atomic.Bool
	// directWarned is set once a request from a trusted proxy's address
	// naming no client and carrying no cookie keepwarm gave (one made on
	// that machine straight to web.listen) was logged.
	directWarned atomic.Bool
	// crossOrigin refuses a POST a page of another site (a sibling
	// subdomain included) makes the browser send, whatever cookies it
	// set: the browser's Sec-Fetch-Site, else its Origin against the
	// request's Host or base_url.
	crossOrigin *http.CrossOriginProtection
}

// origin is u's origin as a browser serializes it in an Origin header:
// the scheme, the host in lower case (an IPv6 address in brackets, in its
// short form, RFC 5952; a Unicode name in punycode), and the port only
// when it is not the scheme's default. CrossOriginProtection compares
// Origin with a trusted origin as strings: base_url written
// "https://Keepwarm.Example.com", "…:443", "http://[2001:DB8:0::0001]" or
// "https://bücher-export.de" would trust no browser's.
func origin(u *url.URL) string {
	scheme, host, port := strings.ToLower(u.Scheme), u.Hostname(), u.Port()
	if a, err := netip.ParseAddr(host); err == nil {
		host = a.String()
	} else if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii
	}
	host = strings.ToLower(host)
	if scheme == "http" && port == "80" || scheme == "https" && port == "443" {
		port = ""
	}
	if port != "" {
		return scheme + "://" + net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host
}

// New builds the application; it fails on a bad BaseURL or template.
func New(cfg Config, b Backend) (*Server, error) {
	if cfg.SessionLifetime <= 0 {
		cfg.SessionLifetime = DefaultSessionLifetime
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = keepwarm.SystemClock{}
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || strings.Trim(base.Path, "/") != "" {
		return nil, fmt.Errorf("web: base_url %q: give the address people open, the root of a host, e.g. https://keepwarm.example.com", cfg.BaseURL)
	}
	s := &Server{cfg: cfg, b: b, base: base, secure: base.Scheme == "https", log: cfg.Log.With("part", "web"), clock: cfg.Clock}
	s.crossOrigin = http.NewCrossOriginProtection()
	// The address people open is this site's, whatever Host the proxy
	// passes on (a browser without Sec-Fetch-Site is judged by Origin).
	// Compared as the browser writes its Origin: base_url's host in
	// lower case, without the scheme's default port.
	if err := s.crossOrigin.AddTrustedOrigin(origin(base)); err != nil {
		return nil, fmt.Errorf("web: base_url %q: %w", cfg.BaseURL, err)
	}
	// The key is kept in the database, so that a sign-in page open
	// while run restarts (the upgrade, a crash) still works. Without
	// it, one of this start only: such a page asks to be reloaded.
	kctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	s.preKey, err = b.FormKey(kctx)
	cancel()
	if err != nil || len(s.preKey) < 32 {
		s.log.Warn("web: the sign-in forms' key could not be read from the database: one of this start is used, and a sign-in page open across the next restart asks to be reloaded", "err", err)
		s.preKey = make([]byte, 32)
		if _, err := rand.Read(s.preKey); err != nil {
			return nil, fmt.Errorf("web: random source: %w", err)
		}
	}
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	sub, _ := fs.Sub(staticFS, "static")
	s.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	s.bgCtx, s.bgStop = context.WithCancel(context.Background())
	s.routes()
	return s, nil
}

// Close waits for the sign-in mail under way until ctx ends, then gives
// up on it. Call it after the HTTP server stopped taking requests; a
// request still running asks for no mail that goes out after it.
func (s *Server) Close(ctx context.Context) error {
	s.bgMu.Lock()
	s.closed = true
	s.bgMu.Unlock()
	done := make(chan struct{})
	go func() {
		s.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.bgStop()
		return nil
	case <-ctx.Done():
		s.bgStop()
		return ctx.Err()
	}
}

// routeMux is the application's ServeMux that also records every POST
// pattern given to it: the test that every form refuses a POST without its
// CSRF token posts to each, so a route added (or a form check dropped)
// cannot go unnoticed.
type routeMux struct {
	*http.ServeMux
	posts *[]string
}

func (m routeMux) Handle(pattern string, h http.Handler) {
	if p, ok := strings.CutPrefix(pattern, http.MethodPost+" "); ok {
		*m.posts = append(*m.posts, p)
	}
	m.ServeMux.Handle(pattern, h)
}

func (m routeMux) HandleFunc(pattern string, h http.HandlerFunc) { m.Handle(pattern, h) }

func (s *Server) routes() {
	m := routeMux{ServeMux: http.NewServeMux(), posts: &s.postRoutes}
	m.Handle("GET /static/", cacheStatic(s.static))
	m.HandleFunc("GET /signin", s.signInForm)
	m.HandleFunc("POST /signin", s.form(s.signInRequest))
	m.HandleFunc("GET /signin/link", s.linkPage)
	m.HandleFunc("POST /signin/link", s.form(s.linkUse))
	m.HandleFunc("POST /lang/{lang}", s.langForm(s.setLang))

	m.HandleFunc("POST /signout", s.auth(s.form(s.signOut)))
	m.HandleFunc("GET /{$}", s.auth(s.desk))
	m.HandleFunc("GET /customers", s.auth(s.search))
	m.HandleFunc("GET /customers/{id}", s.auth(s.customer))
	m.HandleFunc("GET /messages/{id}", s.auth(s.messagePage))
	m.HandleFunc("GET /pool", s.auth(s.pool))
	m.HandleFunc("GET /sessions", s.auth(s.sessions))

	m.HandleFunc("POST /tasks/{id}/done", s.auth(s.form(s.taskDone)))
	m.HandleFunc("POST /customers/{id}/review", s.auth(s.form(s.review)))
	m.HandleFunc("POST /customers/{id}/claim", s.auth(s.form(s.claim)))
	m.HandleFunc("POST /customers/{id}/release", s.auth(s.form(s.release)))
	m.HandleFunc("POST /customers/{id}/note", s.auth(s.form(s.note)))
	m.HandleFunc("POST /contacts/{id}", s.auth(s.form(s.contactEdit)))
	m.HandleFunc("POST /enrollments/{id}/{op}", s.auth(s.form(s.enrollment)))
	m.HandleFunc("POST /outbox/{id}/skip", s.auth(s.form(s.skipSend)))
	m.HandleFunc("POST /outbox/{id}/settle", s.auth(s.form(s.settleSend)))
	m.HandleFunc("POST /outbox/{id}/arrived", s.auth(s.form(s.sendArrived)))
	m.HandleFunc("POST /sessions/{id}/revoke", s.auth(s.form(s.revokeSession)))
	m.HandleFunc("POST /away", s.auth(s.form(s.awayAdd)))
	m.HandleFunc("POST /away/{id}/cancel", s.auth(s.form(s.awayCancel)))
	m.HandleFunc("POST /away/back", s.auth(s.form(s.awayBack)))
	m.HandleFunc("POST /messages/{id}/no-answer", s.auth(s.form(s.noAnswer)))
	m.HandleFunc("POST /messages/{id}/no-answer/undo", s.auth(s.form(s.noAnswerUndo)))
	s.consoleRoutes(m)
	s.mux = m.ServeMux
}

// ServeHTTP serves the application with the headers every page gets.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	if s.secure {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.noteForwarded(r)
	if err := s.crossOrigin.Check(r); err != nil {
		s.message(w, r, http.StatusForbidden, lang(r).T("This form was sent from a page of another site, so keepwarm did nothing: open keepwarm itself and try again."))
		return
	}
	if pattern := s.postOnly(r); pattern != "" {
		s.openedPost(w, r, pattern)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// postOnly returns the POST pattern of r's path when r is a GET (or HEAD)
// of a path only a form posts to: the address of an answer to a form (a
// question before Stop, a refusal, the editor's full-page preview), opened
// with a GET: from a bookmark, a copied address, or the browser's history
// where htmx recorded it or reloads it. It is "" for any other request.
func (s *Server) postOnly(r *http.Request) string {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return ""
	}
	if _, pattern := s.mux.Handler(r); pattern != "" {
		return ""
	}
	post := r.Clone(r.Context())
	post.Method = http.MethodPost
	_, pattern := s.mux.Handler(post)
	return pattern
}

// openedPost answers a GET of a path only a form posts to. The editor's
// Preview address stands for the editor of that file, so it goes there
// (which signs in first when needed). Any other such address says what it
// is, and signed out it leads to sign-in and then to the desk, not back
// to a page that only says it is no page.
func (s *Server) openedPost(w http.ResponseWriter, r *http.Request, pattern string) {
	if strings.HasSuffix(pattern, "/{file}/preview") {
		// Built from the cleaned path, never the raw one: a path such as
		// //elsewhere/../templates/x/preview leads to this server's editor.
		editor, _ := strings.CutSuffix(path.Clean(r.URL.Path), "/preview")
		if dir, file := path.Split(editor); file != "" && (dir == "/templates/" || dir == "/letters/") {
			http.Redirect(w, r, dir+url.PathEscape(file), http.StatusSeeOther)
			return
		}
	}
	desk := r.Clone(r.Context())
	desk.URL.Path, desk.URL.RawPath, desk.URL.RawQuery = "/", "", ""
	s.auth(func(w http.ResponseWriter, signed *http.Request) {
		s.answeredPost(w, r.WithContext(signed.Context()))
	})(w, desk)
}

// answeredPost says, in the person's language, what the address of a
// form's answer is, that opening it did nothing, and leads to the desk,
// instead of a bare "Method Not Allowed".
func (s *Server) answeredPost(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", http.MethodPost)
	s.message(w, r, http.StatusMethodNotAllowed, lang(r).T("This address was the answer to a button you pressed (such as Stop, Skip or Send it again) and cannot be opened again: opening it did nothing. The desk shows where things stand now."))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// URL is BaseURL + path: the link a digest or nudge line carries.
func (s *Server) URL(path string) string {
	return s.base.String() + path
}

// pathID reads the {id} of the path; false (and a 404) when it is no id.
func pathID(w http.ResponseWriter, r *http.Request, s *Server) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.notFound(w, r)
		return 0, false
	}
	return id, true
}

// fail answers an error from the backend: not found is a 404 (another
// salesperson's customer looks exactly like a missing one), invalid or
// conflicting input a 400/409 with the message, anything else a 500
// whose detail goes to the log only.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch keepwarm.ErrorCode(err) {
	case keepwarm.ENOTFOUND:
		s.notFound(w, r)
	case keepwarm.EINVALID:
		s.message(w, r, http.StatusBadRequest, lang(r).Err(errorText(err)))
	case keepwarm.ECONFLICT:
		s.message(w, r, http.StatusConflict, lang(r).Err(errorText(err)))
	default:
		if errors.Is(err, context.Canceled) {
			return
		}
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		s.message(w, r, http.StatusInternalServerError, lang(r).T("Something went wrong; it is in the log."))
	}
}

// errorText is the user-facing message of a coded error.
func errorText(err error) string {
	var e *keepwarm.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.message(w, r, http.StatusNotFound, lang(r).T("Not found."))
}

// message renders a page with one message and a status.
func (s *Server) message(w http.ResponseWriter, r *http.Request, status int, text string) {
	s.render(w, r, status, "notice", map[string]any{"Text": text})
}
