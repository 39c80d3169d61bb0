package sequences_test

import (
	"context"
	"flag"
	"fmt"
	htmlpkg "html"
	"io"
	"mime"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	gomessage "github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/golden from what the tests produce")

const seller = "lily@seller.example"

// A thread per language: Lily's quotation, written the way she writes to
// that buyer, and the language the customer book holds for the buyer
// (which the thread must win over).
type voiceThread struct {
	lang, buyer, name, bookLang, subject, body, tags, country string
}

var voiceThreads = []voiceThread{
	{"en", "hans@globex.de", "Hans Meier", "de", "Quotation LED panels 600x600",
		"Dear Mr. Meier,\r\n\r\nthank you for your inquiry. Please find our quotation for 2,000 LED panels 600x600:\r\nUSD 18.40/pc CIF Hamburg, delivery 25 days after deposit.\r\n\r\nBest regards\r\nLily Chen\r\n", "led panel", "DE"},
	{"zh", "wangwei@buyer.cn", "王伟", "en", "报价：LED面板 600x600",
		"王经理您好：\r\n\r\n感谢您的询价。附件是2000片LED面板600x600的报价单，价格为每片18.40美元CIF上海，定金后25天交货。\r\n\r\n祝好！\r\n陈莉\r\n", "led panel", "SG"},
	{"de", "klaus@kunde.de", "Klaus Schmidt", "", "Angebot LED-Panels 600x600",
		"Sehr geehrter Herr Schmidt,\r\n\r\nvielen Dank für Ihre Anfrage. Anbei unser Angebot für 2.000 LED-Panels 600x600:\r\nUSD 18,40 pro Stück CIF Hamburg, Lieferung 25 Tage nach Anzahlung.\r\n\r\nMit freundlichen Grüßen\r\nLily Chen\r\n", "led panel", "DE"},
	{"es", "juan@cliente.es", "Juan García", "en", "Cotización paneles LED 600x600",
		"Estimado Sr. García:\r\n\r\nmuchas gracias por su consulta. Le envío nuestra cotización para 2.000 paneles LED 600x600:\r\nUSD 18,40 por unidad CIF Valencia, entrega 25 días después del anticipo.\r\n\r\nSaludos cordiales,\r\nLily Chen\r\n", "led panel", "ES"},
}

var goldenCatalog = []keepwarm.Product{
	{Name: "LED panel 600x600 40W", Tags: []string{"led panel"}, Link: "https://seller.example/panel", Price: "USD 18.40", MOQ: "500 pcs",
		Pitch: map[string]string{"": "4000 lm, flicker-free", "de": "4000 lm, flimmerfrei", "zh": "4000流明，无频闪", "es": "4000 lm, sin parpadeo"}},
	{Name: "LED high bay 150W", Tags: []string{"high bay"}, Link: "https://seller.example/highbay",
		Pitch: map[string]string{"": "IP65, 150 lm/W", "de": "IP65, 150 lm/W", "zh": "IP65，150流明/瓦", "es": "IP65, 150 lm/W"}},
	{Name: "Solar street light", Tags: []string{"solar"}, Pitch: map[string]string{"": "12 h of light a night"}},
}

// voiceRig is Lily's mailbox and the buyers' on a real IMAP server, her
// quotations synced from Sent into a store, the follow-up job, and the
// real dispatcher sending through SMTP into the buyers' INBOXes.
type voiceRig struct {
	t    *testing.T
	ctx  context.Context
	srv  mailtest.Server
	db   *store.DB
	job  *sequences.FollowUp
	disp *mailsync.Dispatcher
	sync *mailsync.Syncer
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// quoteDay is Monday 16 November 2026, 09:06 in Shanghai.
var quoteDay = time.Date(2026, 11, 16, 9, 6, 0, 0, shanghai)

func newVoiceRig(t *testing.T, srv mailtest.Server) *voiceRig {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), quoteDay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv.AddUser(t, seller, imapPass)
	smtpSrv := mailtest.NewSMTPServer(t)
	deliver := map[string]func(mailtest.SMTPMessage) error{}
	// Every user first, then the logins: Dovecot rereads its passwd file
	// only when the file's mtime (in seconds) changes.
	for _, th := range voiceThreads {
		srv.AddUser(t, th.buyer, imapPass)
	}
	for _, th := range voiceThreads {
		deliver[th.buyer] = mailtest.AppendTo(srv.Dial(t, th.buyer), "INBOX")
	}
	smtpSrv.OnMessage(func(m mailtest.SMTPMessage) error {
		for _, to := range m.To {
			if err := deliver[strings.ToLower(to)](m); err != nil {
				return err
			}
		}
		return nil
	})
	clock := keepwarm.NewManualClock(quoteDay)
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: smtpSrv.URL().String(), Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword, Timeout: time.Minute, Location: shanghai}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, mailtest.SenderDialer(srv.Addr(), seller, imapPass), clock, testLog())
	if err != nil {
		t.Fatal(err)
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions("")
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	r := &voiceRig{t: t, ctx: ctx, srv: srv, db: db,
		disp: mailsync.NewDispatcher(db, snd, clock, testLog(), mailsync.DispatcherOptions{}),
		sync: mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: seller, URL: srv.URL(), Username: seller, Password: imapPass},
			db, parse.NewTeam([]string{"seller.example"}, []string{seller}, nil), clock, testLog(), mailsync.SyncOptions{}),
	}
	r.job = sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer",
		Identities: []sequences.Identity{{Mailbox: "lily", Owner: seller, Email: seller, Name: "Lily Chen",
			Signature: "Lily Chen\nExport Sales, Seller Co., Ltd.", Location: shanghai}},
		People:   map[string]string{seller: seller},
		Location: func(keepwarm.Customer) *time.Location { return shanghai },
		Tags:     db.CustomerTags,
	}, db, testLog())
	if _, err := db.ImportProducts(ctx, goldenCatalog, quoteDay, false); err != nil {
		t.Fatal(err)
	}
	// The quotations go out from Lily's own client into her Sent; sync
	// reads them from there; the book grades the customers.
	for i, th := range voiceThreads {
		inq := fmt.Sprintf("From: %s <%s>\r\nTo: Lily Chen <%s>\r\nSubject: Inquiry %d\r\nDate: %s\r\nMessage-ID: <inq-%s@%s>\r\n"+
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease quote 2000 pcs LED panel 600x600.\r\n",
			mimeWord(th.name), th.buyer, seller, i+1, quoteDay.Add(-2*time.Hour).Format(time.RFC1123Z), th.lang, strings.Split(th.buyer, "@")[1])
		srv.Append(t, seller, "INBOX", []byte(inq), quoteDay.Add(-2*time.Hour))
		raw := fmt.Sprintf("From: Lily Chen <%s>\r\nTo: %s <%s>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <q-%s@seller.example>\r\nIn-Reply-To: <inq-%s@%s>\r\n"+
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n%s",
			seller, mimeWord(th.name), th.buyer, mimeWord(th.subject), quoteDay.Add(time.Duration(i)*time.Minute).Format(time.RFC1123Z), th.lang,
			th.lang, strings.Split(th.buyer, "@")[1], th.body)
		srv.Append(t, seller, "Sent", []byte(raw), quoteDay.Add(time.Duration(i)*time.Minute))
	}
	if _, err := r.sync.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	for _, th := range voiceThreads {
		c, err := db.ResolveCustomer(ctx, th.buyer)
		if err != nil {
			t.Fatal(err)
		}
		grade, tags, lang, owner, country := "A", []string{th.tags}, th.bookLang, seller, th.country
		if err := db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade, Tags: &tags, Language: &lang, Owner: &owner, Country: &country}, quoteDay, "test"); err != nil {
			t.Fatal(err)
		}
	}
	// Singapore has no majority faith: the customer book says Wang Wei
	// keeps Christmas.
	sheet, err := book.Parse([][]string{{"email", "holidays"}, {"wangwei@buyer.cn", "Christmas"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportBook(ctx, quoteDay, sheet, store.ImportOptions{Owner: seller}); err != nil {
		t.Fatal(err)
	}
	return r
}

func mimeWord(s string) string { return mime.BEncoding.Encode("utf-8", s) }

// step runs the follow-up job and the dispatcher at at.
func (r *voiceRig) step(at time.Time) {
	r.t.Helper()
	if _, err := r.job.Run(r.ctx, at); err != nil {
		r.t.Fatalf("follow-up at %s: %v", at, err)
	}
	if _, err := r.disp.RunOnce(r.ctx, at); err != nil {
		r.t.Fatalf("dispatch at %s: %v", at, err)
	}
}

// play runs the follow-ups through the resend (day 3) and the product
// introduction (day 7, four days later) and returns each buyer's INBOX.
func (r *voiceRig) play() map[string][][]byte {
	r.step(quoteDay.Add(time.Hour))
	for d := 1; d <= 8; d++ {
		for _, h := range []int{0, 2, 4, 6} {
			r.step(quoteDay.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour))
		}
	}
	out := map[string][][]byte{}
	for _, th := range voiceThreads {
		out[th.buyer] = mailtest.Raw(r.t, r.srv, th.buyer, "INBOX")
	}
	return out
}

// parts returns a message's header lines, its text part and its html part.
func parts(t *testing.T, raw []byte) (gomessage.Header, string, string) {
	t.Helper()
	e, err := gomessage.Read(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var text, html string
	mr := e.MultipartReader()
	if mr == nil {
		b, _ := io.ReadAll(e.Body)
		return e.Header, string(b), ""
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := p.Header.ContentType()
		b, _ := io.ReadAll(p.Body)
		switch ct {
		case "text/plain":
			text = string(b)
		case "text/html":
			html = string(b)
		}
	}
	return e.Header, text, html
}

// TestFollowUpsWriteAsTheSalespersonWrote plays the resend and the product
// introduction for four threads (English, Chinese, German, Spanish) from
// Lily's Sent on a real IMAP server through real SMTP, and compares what
// each buyer received with testdata/golden (go test -update rewrites it).
// Beside the golden text it checks what must hold whatever the wording:
// the thread's language wins over the book's, Lily's own salutation is
// reused, the quote with its attribution is in both parts, nothing names
// the program, the Date is in Lily's zone, and two databases on one
// domain never make the same Message-ID.
func TestFollowUpsWriteAsTheSalespersonWrote(t *testing.T) {
	mailtest.ForEachServer(t, followUpsWriteAsTheSalespersonWrote)
}

func followUpsWriteAsTheSalespersonWrote(t *testing.T, srv mailtest.Server) {
	a := newVoiceRig(t, srv).play()
	b := newVoiceRig(t, mailtest.NewMemServer(t)).play()
	ids := map[string]bool{}
	for _, inbox := range []map[string][][]byte{a, b} {
		for _, msgs := range inbox {
			for _, raw := range msgs {
				h, _, _ := parts(t, raw)
				id := h.Get("Message-Id")
				if ids[id] {
					t.Errorf("Message-ID %s made twice (two databases, one domain)", id)
				}
				ids[id] = true
			}
		}
	}
	attributions := map[string]*regexp.Regexp{
		"en": regexp.MustCompile(`On Mon, 16 Nov 2026 at 09:06, Lily Chen <lily@seller\.example> wrote:`),
		"zh": regexp.MustCompile(`在 2026年11月16日 09:07，Lily Chen 写道：`),
		"de": regexp.MustCompile(`Am Mo\., 16\. Nov\. 2026 um 09:08 Uhr schrieb Lily Chen <lily@seller\.example>:`),
		"es": regexp.MustCompile(`El lun, 16 nov 2026 a las 09:09, Lily Chen <lily@seller\.example> escribió:`),
	}
	for _, th := range voiceThreads {
		msgs := a[th.buyer]
		if len(msgs) != 2 {
			t.Errorf("%s: %s received %d mails, want the resend and the introduction", th.lang, th.buyer, len(msgs))
			continue
		}
		var golden strings.Builder
		for i, raw := range msgs {
			h, text, html := parts(t, raw)
			kind := []string{"resend", "product-intro"}[i]
			head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
			if strings.Contains(strings.ToLower(head), "keepwarm") || strings.Contains(strings.ToLower(string(raw)), "--kw-") {
				t.Errorf("%s %s: a header or boundary names the program:\n%s", th.lang, kind, head)
			}
			if d := h.Get("Date"); !strings.HasSuffix(d, "+0800") {
				t.Errorf("%s %s: Date %q not in Lily's zone (+0800)", th.lang, kind, d)
			}
			if h.Get("Auto-Submitted") != "" || h.Get("User-Agent") != "" {
				t.Errorf("%s %s: automation header in\n%s", th.lang, kind, head)
			}
			if got := templates.DetectLanguage(text); got != th.lang {
				t.Errorf("%s %s: written in %q, want the thread's %q (the book says %q)", th.lang, kind, got, th.lang, th.bookLang)
			}
			opening := strings.TrimRight(strings.SplitN(strings.TrimSpace(strings.SplitN(th.body, "\r\n", 2)[0]), "\n", 2)[0], ",:：")
			if !strings.HasPrefix(text, opening) || !strings.Contains(html, "<p>"+opening) {
				t.Errorf("%s %s: does not open with Lily's %q:\n%s", th.lang, kind, opening, text)
			}
			if kind == "resend" {
				if !attributions[th.lang].MatchString(text) || !attributions[th.lang].MatchString(htmlpkg.UnescapeString(html)) ||
					!strings.Contains(html, `<blockquote type="cite"`) || !strings.Contains(text, "\n> ") {
					t.Errorf("%s resend: no quote with attribution in both parts:\n%s\n---\n%s", th.lang, text, html)
				}
				firstLine := strings.SplitN(th.body, "\r\n", 2)[0]
				if !strings.Contains(text, "> "+firstLine) || !strings.Contains(html, firstLine+"<br>") {
					t.Errorf("%s resend: the original's lines are not quoted line by line", th.lang)
				}
			} else {
				if !strings.Contains(text, "LED panel 600x600 40W") || !strings.Contains(html, `<a href="https://seller.example/panel">LED panel 600x600 40W</a>`) ||
					strings.Contains(text+html, "Solar") || strings.Contains(text+html, "High bay") {
					t.Errorf("%s intro: products not as matched:\n%s\n---\n%s", th.lang, text, html)
				}
			}
			subject, _ := h.Text("Subject")
			fmt.Fprintf(&golden, "=== %s\nSubject: %s\nIn-Reply-To: %s\n--- text\n%s\n--- html\n%s\n", kind, subject,
				h.Get("In-Reply-To"), strings.ReplaceAll(text, "\r\n", "\n"), strings.ReplaceAll(html, "\r\n", "\n"))
		}
		checkGolden(t, filepath.Join("testdata", "golden", "followup."+th.lang+".txt"), golden.String())
	}
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update rewrites it after review):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// letters are the manager's December letter in the four languages.
var letters = fstest.MapFS{
	"2026-12.tmpl":    {Data: []byte("subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour new catalogue for next year is ready{{with .Products}}, with the new {{join . \", \"}}{{end}}; I will send it with pleasure.\n\nBest regards,\n{{.Owner.Signature}}\n--- html\n<p>{{.Contact.Salutation}},</p>\n<p>our new catalogue for next year is ready; I will send it with pleasure.</p>\n<p>Best regards,<br>{{.Owner.SignatureHTML}}</p>\n")},
	"2026-12.de.tmpl": {Data: []byte("subject: Neuigkeiten von {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nunser neuer Katalog für das nächste Jahr ist fertig; ich sende ihn Ihnen gern zu.\n\nMit freundlichen Grüßen\n{{.Owner.Signature}}\n")},
	"2026-12.es.tmpl": {Data: []byte("subject: Novedades de {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}}:\n\nnuestro nuevo catálogo para el próximo año está listo; con gusto se lo envío.\n\nSaludos cordiales,\n{{.Owner.Signature}}\n")},
	"2026-12.zh.tmpl": {Data: []byte("subject: {{.Owner.Name}}的新消息\n--- text\n{{.Contact.Salutation}}：\n\n我们明年的新产品目录已经准备好了，如有需要我马上发给您。\n\n祝好！\n{{.Owner.Signature}}\n")},
}

// TestGreetingsAndLettersWriteAsTheSalespersonWrote sends the December
// letter and the Christmas greeting to the four buyers of the follow-up
// threads: each in the language Lily writes that buyer in (not the book's),
// opening with her own salutation, with no program's name in any header
// and the Date in her zone; testdata/golden holds the texts.
func TestGreetingsAndLettersWriteAsTheSalespersonWrote(t *testing.T) {
	mailtest.ForEachServer(t, greetingsAndLettersWriteAsTheSalespersonWrote)
}

func greetingsAndLettersWriteAsTheSalespersonWrote(t *testing.T, srv mailtest.Server) {
	r := newVoiceRig(t, srv)
	before := r.play()
	// The follow-ups have ended by December (the month's letter waits for
	// a running one).
	live, err := r.db.ListEnrollments(r.ctx, 0, keepwarm.EnrollActive, keepwarm.EnrollPaused)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range live {
		e.Status, e.Reason = keepwarm.EnrollCompleted, "test: the sequence ended"
		if _, err := r.db.UpdateEnrollment(r.ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	job, err := sequences.NewGreetings(sequences.GreetingsConfig{
		Occasions: []string{"christmas"}, Mode: keepwarm.ModeSend, LetterGrades: []string{"A"}, Letters: letters,
		Senders: map[string]sequences.GreetingSender{seller: {Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: seller},
			Signature: "Lily Chen\nExport Sales, Seller Co., Ltd."}},
		DefaultLocation: shanghai,
	}, r.db, set, testLog())
	if err != nil {
		t.Fatal(err)
	}
	// Every hour of the twelve after each send time the month's plan
	// names (the daily cap and the gap between sends spread the four
	// letters over the afternoon), every twelve hours on the other days,
	// so a mail the plan did not name would still be caught leaving.
	start, end := time.Date(2026, 12, 1, 0, 0, 0, 0, shanghai), time.Date(2026, 12, 26, 0, 0, 0, 0, shanghai)
	plan, err := job.PlanMonth(r.ctx, "2026-12", start)
	if err != nil {
		t.Fatal(err)
	}
	// Keyed by the instant (Unix seconds), not time.Time: a time.Time key
	// also compares the location, and an item sent in a buyer's own zone
	// would never match the Shanghai hours below.
	dense := map[int64]bool{}
	for _, it := range plan.Items {
		for at := it.SendAt.Truncate(time.Hour); at.Before(it.SendAt.Add(12 * time.Hour)); at = at.Add(time.Hour) {
			dense[at.Unix()] = true
		}
	}
	if len(dense) == 0 {
		t.Fatalf("the plan for December names no send time:\n%+v", plan)
	}
	inRange := 0
	for u := range dense {
		if at := time.Unix(u, 0); !at.Before(start) && at.Before(end) {
			inRange++
		}
	}
	ticked := 0
	for at := start; at.Before(end); at = at.Add(time.Hour) {
		if dense[at.Unix()] {
			ticked++
		} else if at.Sub(start)%(12*time.Hour) != 0 {
			continue
		}
		if _, err := job.Run(r.ctx, at); err != nil {
			t.Fatalf("greetings at %s: %v", at, err)
		}
		if _, err := r.disp.RunOnce(r.ctx, at); err != nil {
			t.Fatalf("dispatch at %s: %v", at, err)
		}
	}
	if ticked != inRange {
		t.Fatalf("ticked %d of the %d hours after the plan's send times: the replay no longer steps through them", ticked, inRange)
	}
	for _, th := range voiceThreads {
		msgs := mailtest.Raw(t, r.srv, th.buyer, "INBOX")[len(before[th.buyer]):]
		if len(msgs) != 2 {
			t.Errorf("%s: %s received %d greetings and letters in December, want the letter and the Christmas greeting", th.lang, th.buyer, len(msgs))
			continue
		}
		opening := strings.TrimRight(strings.SplitN(th.body, "\r\n", 2)[0], ",:：")
		var golden strings.Builder
		for _, raw := range msgs {
			h, text, html := parts(t, raw)
			subject, _ := h.Text("Subject")
			head, _, _ := strings.Cut(string(raw), "\r\n\r\n")
			if strings.Contains(strings.ToLower(head), "keepwarm") || !strings.HasSuffix(h.Get("Date"), "+0800") || h.Get("Auto-Submitted") != "" {
				t.Errorf("%s %q: header tells or Date not in Lily's zone:\n%s", th.lang, subject, head)
			}
			if got := templates.DetectLanguage(text); got != th.lang {
				t.Errorf("%s %q: written in %q, want the thread's %q (the book says %q):\n%s", th.lang, subject, got, th.lang, th.bookLang, text)
			}
			if !strings.HasPrefix(text, opening) {
				t.Errorf("%s %q: does not open with Lily's %q:\n%s", th.lang, subject, opening, text)
			}
			if th.lang == "en" && strings.HasPrefix(subject, "News") && !strings.Contains(text, "with the new LED panel 600x600 40W;") {
				t.Errorf("the letter does not name the catalog product matching the customer's tags:\n%s", text)
			}
			fmt.Fprintf(&golden, "=== %s\n--- text\n%s\n--- html\n%s\n", subject, strings.ReplaceAll(text, "\r\n", "\n"), strings.ReplaceAll(html, "\r\n", "\n"))
		}
		checkGolden(t, filepath.Join("testdata", "golden", "greetings."+th.lang+".txt"), golden.String())
	}
}
