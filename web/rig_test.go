package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/web"
)

// The team: Lily and Tom sell, Mei manages. Times: Monday 16 November
// 2026, 10:00 in Shanghai.
const (
	lily = "lily@seller.example"
	tom  = "tom@seller.example"
	mei  = "mei@seller.example"
)

var (
	shanghai, _ = time.LoadLocation("Asia/Shanghai")
	berlin, _   = time.LoadLocation("Europe/Berlin")
	now0        = time.Date(2026, 11, 16, 10, 0, 0, 0, shanghai)
)

// world is a keepwarm database with a small book, the web application over
// it, and an SMTP server that receives the sign-in mail.
type world struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	raw   *sql.DB // the same file, for what a test reads or sets directly
	clock *keepwarm.ManualClock
	smtp  *mailtest.SMTPServer
	app   *web.Server
	cfg   web.Config
	be    web.Backend
	fu    *sequences.FollowUp // the follow-up job the backend changes enrollments through
	deps  app.WebDeps         // what the backend was built from
	uid   uint32

	// The book's customers.
	meier, acme, dupont, pool int64
	enrollment, task          int64
	waitingMsg                int64
}

func newWorld(t *testing.T, baseURL string) *world {
	t.Helper()
	return newWorldIn(t, baseURL, "")
}

// newWorldIn is newWorld with the sequences read from seqDir ("": the
// defaults).
func newWorldIn(t *testing.T, baseURL, seqDir string) *world {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	t.Cleanup(cancel)
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), now0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("sqlite3", "file:"+db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	w := &world{t: t, ctx: ctx, db: db, raw: raw, clock: keepwarm.NewManualClock(now0), smtp: mailtest.NewSMTPServer(t)}
	w.seed()

	defs, probs := sequences.LoadDefinitions(seqDir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	fu := sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: lily, Email: lily, Name: "Lily Chen"}},
		People:     map[string]string{lily: lily, tom: tom},
		Location:   func(keepwarm.Customer) *time.Location { return berlin },
	}, db, nil)
	// The quotation to Meier went out on Friday; the engine enrolls it.
	if _, err := fu.Run(ctx, now0.Add(-70*time.Hour)); err != nil {
		t.Fatal(err)
	}
	enrs, err := db.ListEnrollments(ctx, w.meier)
	if err != nil || len(enrs) != 1 {
		t.Fatalf("Meier's enrollment: %v %v", enrs, err)
	}
	w.enrollment = enrs[0].ID
	w.fu = fu

	w.deps = app.WebDeps{
		DB: db, FollowUp: fu, Rules: book.DefaultRules(),
		People: []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: mei, Name: "Mei Lin", Manager: true}},
		Away: sequences.NewAway(sequences.AwayConfig{Manager: mei, Salespeople: map[string]bool{lily: true, tom: true},
			People: map[string]string{lily: lily, tom: tom, mei: mei}}, db),
		TeamLocation: shanghai, Clock: w.clock,
		CustomerLocation: func(c keepwarm.Customer) *time.Location {
			if c.ID == w.meier {
				return berlin
			}
			return shanghai
		},
	}
	be := app.NewWebBackend(w.deps)
	sender, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "notify", SMTPURL: w.smtp.URL().String(),
		Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword, ServerFilesSent: true, DailyCap: -1}}, nil, w.clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.cfg = web.Config{BaseURL: baseURL, Location: shanghai, Mailer: sender, NotifyMailbox: "notify",
		NotifyFrom: keepwarm.Address{Email: "keepwarm@seller.example", Name: "keepwarm"}, Clock: w.clock}
	w.be = be
	w.rebase(baseURL)
	return w
}

// rebase rebuilds the application with another base_url (a served test
// learns its address only once it listens).
func (w *world) rebase(baseURL string) {
	w.t.Helper()
	w.cfg.BaseURL = baseURL
	app, err := web.New(w.cfg, w.be)
	if err != nil {
		w.t.Fatal(err)
	}
	w.app = app
}

// withPeople rebuilds the application over a team described otherwise
// (e.g. with a configured language).
func (w *world) withPeople(people ...web.Person) {
	w.t.Helper()
	w.deps.People = people
	w.be = app.NewWebBackend(w.deps)
	w.rebase(w.cfg.BaseURL)
}

// seed writes the book: Meier (Lily's, a quotation waiting on the customer),
// Acme (Lily's, a customer's question waiting for her answer), Dupont
// (Tom's), and 株式会社 Pool Trading in the public pool.
func (w *world) seed() {
	t := w.t
	w.save("lily", "Sent", msg("q-1@seller.example", keepwarm.KindOutbound, "Quotation LED panels", "hans@buyer.de", "Hans Meier", now0.Add(-72*time.Hour)))
	w.save("lily", "INBOX", msg("ask-1@acme.com", keepwarm.KindInbound, "Price for 500 pcs?", "bob@acme.com", "Bob Stone", now0.Add(-7*time.Minute)))
	w.save("tom", "INBOX", msg("d-1@dupont.fr", keepwarm.KindInbound, "Catalogue", "marie@dupont.fr", "Marie Dupont", now0.Add(-3*time.Hour)))
	w.save("team", "INBOX", msg("p-1@pooltrading.ae", keepwarm.KindInbound, "Inquiry 询价", "ali@pooltrading.ae", "Ali", now0.Add(-48*time.Hour)))
	set := func(key, owner, name, grade, country string, at time.Time) int64 {
		c, err := w.db.ResolveCustomer(w.ctx, key)
		if err != nil {
			t.Fatalf("customer %s: %v", key, err)
		}
		ch := store.CustomerChange{Owner: &owner, Grade: &grade, Country: &country}
		if err := w.db.SetCustomer(w.ctx, c.ID, ch, at, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.raw.ExecContext(w.ctx, `UPDATE customers SET name = ? WHERE id = ?`, name, c.ID); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	w.meier = set("hans@buyer.de", lily, "Meier GmbH", "A", "DE", now0.Add(-80*time.Hour))
	w.acme = set("bob@acme.com", lily, "Acme Corp", "B", "US", now0.Add(-9*24*time.Hour))
	w.dupont = set("marie@dupont.fr", tom, "Dupont SARL", "C", "FR", now0.Add(-24*time.Hour))
	w.pool = set("ali@pooltrading.ae", "", "株式会社 Pool Trading", "", "AE", now0.Add(-24*time.Hour))
	// Reply clocks: a 10-minute target, the customer's owner answers.
	if _, err := w.db.MeasureReplies(w.ctx, now0, "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	w.waitingMsg = w.idOf("ask-1@acme.com")
	if _, err := w.db.AddTask(w.ctx, keepwarm.Task{Key: "test:call", CustomerID: w.acme, Owner: lily, Title: "Phone Bob about the sample",
		DueAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	tasks, err := w.db.ListTasks(w.ctx, false, lily)
	if err != nil || len(tasks) != 1 {
		t.Fatalf("tasks: %v %v", tasks, err)
	}
	w.task = tasks[0].ID
}

func msg(id string, kind keepwarm.Kind, subject, contact, name string, at time.Time) keepwarm.Message {
	m := keepwarm.Message{Key: id, MessageID: id, Subject: subject, SubjectKey: strings.ToLower(subject), Date: at, Kind: kind,
		CustomerKey: "domain:" + contact[strings.Index(contact, "@")+1:], Contacts: []keepwarm.Address{{Name: name, Email: contact}},
		RawHeader: []byte("Message-ID: <" + id + ">\r\n"), Snippet: "About " + subject}
	if kind == keepwarm.KindOutbound {
		m.From, m.To = keepwarm.Address{Name: "Lily Chen", Email: lily}, []keepwarm.Address{{Email: contact}}
	} else {
		m.From, m.To = keepwarm.Address{Name: name, Email: contact}, []keepwarm.Address{{Email: lily}}
	}
	return m
}

func (w *world) save(mailbox, folder string, m keepwarm.Message) {
	w.t.Helper()
	w.uid++
	role := keepwarm.RoleInbox
	if folder == "Sent" {
		role = keepwarm.RoleSent
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: mailbox, Folder: folder, Role: role, UIDValidity: 1, UID: w.uid, InternalDate: m.Date}}
	st := keepwarm.FolderState{Mailbox: mailbox, Folder: folder, UIDValidity: 1, LastUID: w.uid, SyncedAt: m.Date}
	if _, err := w.db.SaveBatch(w.ctx, st, []keepwarm.Incoming{in}); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) idOf(key string) int64 {
	w.t.Helper()
	var id int64
	if err := w.raw.QueryRowContext(w.ctx, `SELECT id FROM messages WHERE key = ?`, key).Scan(&id); err != nil {
		w.t.Fatalf("message %s: %v", key, err)
	}
	return id
}

// client is a browser without JavaScript: a cookie jar and no redirects
// followed unless asked.
type client struct {
	w   *world
	srv *httptest.Server
	c   *http.Client
}

func (w *world) serve() *httptest.Server {
	// Cleanups run last first: the server stops taking requests, then the
	// application waits for the sign-in mail it is still sending, before
	// the world's mail server goes.
	app := w.app
	w.t.Cleanup(func() {
		if err := app.Close(context.Background()); err != nil {
			w.t.Errorf("closing the web application: %v", err)
		}
	})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { w.app.ServeHTTP(rw, r) }))
	w.t.Cleanup(srv.Close)
	return srv
}

func (w *world) client(srv *httptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{w: w, srv: srv, c: &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn signs the client in as email through a printed one-time link.
func (w *world) signIn(srv *httptest.Server, email string) *client {
	w.t.Helper()
	c := w.client(srv)
	link, err := w.app.SignInLink(w.ctx, email, "")
	if err != nil {
		w.t.Fatal(err)
	}
	if code, _ := c.useLink(link); code != http.StatusSeeOther {
		w.t.Fatalf("sign in as %s: status %d", email, code)
	}
	return c
}

// useLink opens a sign-in link and presses its button; it returns the
// status and the Location (or the body, when there is none).
func (c *client) useLink(link string) (int, string) {
	c.w.t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		c.w.t.Fatal(err)
	}
	code, body := c.get(u.RequestURI())
	if code != http.StatusOK {
		c.w.t.Fatalf("link page: %d %s", code, body)
	}
	resp := c.post(u.Path, url.Values{"t": {u.Query().Get("t")}, "csrf": {csrfOf(c.w.t, body)}})
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) get(path string) (int, string) {
	c.w.t.Helper()
	resp, err := c.c.Get(c.srv.URL + path)
	if err != nil {
		c.w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode/100 == 3 {
		return resp.StatusCode, loc
	}
	return resp.StatusCode, string(b)
}

func (c *client) post(path string, form url.Values) *http.Response {
	c.w.t.Helper()
	resp, err := c.c.PostForm(c.srv.URL+path, form)
	if err != nil {
		c.w.t.Fatal(err)
	}
	return resp
}

// do posts a form with the CSRF token of page and returns the status and
// the Location or body.
func (c *client) do(page, path string, form url.Values) (int, string) {
	c.w.t.Helper()
	code, body := c.get(page)
	if code != http.StatusOK {
		c.w.t.Fatalf("GET %s: %d", page, code)
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrf", csrfOf(c.w.t, body))
	resp := c.post(path, form)
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "" {
		return resp.StatusCode, loc
	}
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return html.UnescapeString(m[1])
}

// linkIn finds the sign-in link in a received mail.
var linkRE = regexp.MustCompile(`https?://[^\s]+/signin/link\?t=[A-Za-z0-9_%-]+`)

func linkIn(t *testing.T, raw []byte) string {
	t.Helper()
	s := strings.ReplaceAll(string(raw), "=\r\n", "")
	s = strings.ReplaceAll(s, "=3D", "=")
	m := linkRE.FindString(s)
	if m == "" {
		t.Fatalf("no sign-in link in the mail:\n%s", raw)
	}
	return m
}

func (w *world) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.raw.QueryRowContext(w.ctx, query, args...).Scan(&n); err != nil {
		w.t.Fatalf("%s: %v", query, err)
	}
	return n
}

func path(format string, args ...any) string { return fmt.Sprintf(format, args...) }
