package web_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/web"
)

// consoleRig is the world with the console wired: the team's sequence and
// template directories (empty: the built-in files apply) and the
// follow-up job the web uses for forecasts, previews and reloads.
type consoleRig struct {
	*world
	seqDir, tmplDir string
	lettersDir      string
	fu              *sequences.FollowUp
	deps            app.WebDeps // what the backend was built from
	srv             interface{ Close() }
	url             string
}

func newConsole(t *testing.T) (*consoleRig, *client, *client, *client) {
	t.Helper()
	return newConsoleOver(t, nil)
}

// newConsoleOver is newConsole whose server runs over wrap(backend)
// (nil: the backend itself).
func newConsoleOver(t *testing.T, wrap func(*app.WebBackend) web.Backend) (*consoleRig, *client, *client, *client) {
	t.Helper()
	w := newWorld(t, "http://keepwarm.test")
	r := &consoleRig{world: w, seqDir: t.TempDir(), tmplDir: t.TempDir(), lettersDir: t.TempDir()}
	defs, set, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	ids := []sequences.Identity{{Mailbox: "lily", Owner: lily, Email: lily, Name: "Lily Chen"}}
	r.fu = sequences.NewFollowUp(sequences.FollowUpConfig{
		Definitions: defs, Templates: set, Default: "key-customer", Identities: ids,
		People:   map[string]string{lily: lily, tom: tom},
		Location: func(keepwarm.Customer) *time.Location { return berlin },
	}, w.db, nil)
	r.deps = app.WebDeps{
		DB: w.db, FollowUp: r.fu, Rules: book.DefaultRules(),
		People:           []web.Person{{Email: lily, Name: "Lily Chen"}, {Email: tom, Name: "Tom Wu"}, {Email: mei, Name: "Mei Lin", Manager: true}},
		CustomerLocation: func(keepwarm.Customer) *time.Location { return berlin },
		SequencesDir:     r.seqDir, TemplatesDir: r.tmplDir, Identities: ids, TeamLocation: shanghai,
		LettersDir: r.lettersDir, Away: w.deps.Away, Clock: w.clock,
		ReplyTarget: 10 * time.Minute, GradeTargets: map[string]time.Duration{"A": 5 * time.Minute},
		// Lily's greetings go out from her mailbox; Tom has none.
		GreetingSenders: map[string]sequences.GreetingSender{lily: {Mailbox: "lily",
			From: keepwarm.Address{Name: "Lily Chen", Email: lily}, Signature: "Lily Chen"}},
	}
	w.be = app.NewWebBackend(r.deps)
	if wrap != nil {
		w.be = wrap(app.NewWebBackend(r.deps))
	}
	srv := w.serve()
	w.rebase(srv.URL)
	return r, w.signIn(srv, mei), w.signIn(srv, lily), w.signIn(srv, tom)
}

// seqForm is the sequence form as the browser sends it.
func seqForm(d sequences.Draft) url.Values {
	f := url.Values{"name": {d.Name}, "description": {d.Description}, "grades": {strings.Join(d.Grades, " ")},
		"tags": {strings.Join(d.Tags, ", ")}, "mode": {d.Mode}, "enroll": {d.Enroll},
		"window.start": {d.Window.Start}, "window.end": {d.Window.End}, "window.workdays": {strings.Join(d.Window.Workdays, " ")},
		"stop.out_of_office_pause": {d.Stop.OutOfOfficePause}, "stop.extra_opt_out_words": {strings.Join(d.Stop.ExtraOptOutWords, "\n")},
		"steps": {fmt.Sprint(len(d.Steps) + 1)}}
	if d.Window.Holidays {
		f.Set("window.holidays", "on")
	}
	for i, st := range d.Steps {
		p := fmt.Sprintf("step[%d].", i)
		f.Set(p+"after", st.After)
		f.Set(p+"days", st.Days)
		f.Set(p+"action", st.Action)
		f.Set(p+"template", st.Template)
		f.Set(p+"task", st.Task)
		if st.InThread {
			f.Set(p+"in_thread", "on")
		}
	}
	// The blank row to add a step, sent as a browser sends it.
	p := fmt.Sprintf("step[%d].", len(d.Steps))
	f.Set(p+"after", "")
	f.Set(p+"days", "calendar")
	f.Set(p+"action", "email")
	f.Set(p+"template", "")
	f.Set(p+"task", "")
	return f
}

func keyCustomer(t *testing.T) sequences.Draft {
	t.Helper()
	defs, _, probs := app.LoadSequenceFiles("", "")
	def, ok := defs.Get("key-customer")
	if !ok || len(probs) > 0 {
		t.Fatal(probs)
	}
	return sequences.DraftOf(def)
}

func (r *consoleRig) files(dir string) []string {
	r.t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		r.t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

// A bad step is refused with its field's message beside the field, and
// nothing is written.
func TestSequenceFormRefusesABadStepBesideItsField(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	code, body := mgr.get("/sequences/key-customer")
	if code != http.StatusOK || !strings.Contains(body, `name="step[0].after" value="3d"`) {
		t.Fatalf("form: %d\n%s", code, body)
	}
	d := keyCustomer(t)
	d.Steps[0].After = "3x"
	code, body = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusBadRequest {
		t.Fatalf("bad step saved: %d %s", code, body)
	}
	after := regexp.MustCompile(`name="step\[0\]\.after" value="3x"[^>]*><span class="error field-error">([^<]*)</span>`).FindStringSubmatch(body)
	if after == nil || !strings.Contains(after[1], "&#34;3x&#34;") {
		t.Fatalf("no delay error beside step 1's after:\n%s", body)
	}
	d.Steps[0].After = "3d"
	d.Steps[1].Template = "resnd"
	code, body = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	tmpl := regexp.MustCompile(`name="step\[1\]\.template" value="resnd"[^>]*><span class="error field-error">([^<]*)</span>`).FindStringSubmatch(body)
	if code != http.StatusBadRequest {
		t.Fatalf("a missing template saved: %d", code)
	}
	if tmpl == nil || !strings.Contains(tmpl[1], "no template") {
		t.Fatalf("no template error beside step 2's template:\n%s", body)
	}
	if got := r.files(r.seqDir); len(got) != 0 {
		t.Fatalf("a refused form wrote %v", got)
	}
}

// A salesperson sees the console read-only and cannot write a sequence or
// a template, whatever they post.
func TestSalespersonCannotWriteSequencesOrTemplates(t *testing.T) {
	r, _, sales, _ := newConsole(t)
	code, body := sales.get("/sequences/key-customer")
	if code != http.StatusOK || !strings.Contains(body, "<fieldset disabled>") || !strings.Contains(body, "Only a manager") {
		t.Fatalf("salesperson's form: %d\n%s", code, body)
	}
	d := keyCustomer(t)
	d.Steps[0].After = "2d"
	if code, body := sales.do("/sequences", "/sequences", seqForm(d)); code != http.StatusForbidden {
		t.Fatalf("salesperson saved a sequence: %d %s", code, body)
	}
	if code, body := sales.do("/templates/resend.tmpl", "/templates/resend.tmpl", url.Values{"body": {"subject: x\n--- text\nhello\n"}}); code != http.StatusForbidden {
		t.Fatalf("salesperson saved a template: %d %s", code, body)
	}
	if a, b := r.files(r.seqDir), r.files(r.tmplDir); len(a)+len(b) != 0 {
		t.Fatalf("files written: %v %v", a, b)
	}
	if n := r.count(`SELECT count(*) FROM web_audit WHERE action LIKE 'sequence.%' OR action LIKE 'template.%'`); n != 0 {
		t.Fatalf("%d audit rows", n)
	}
}

// The manager's change is written atomically into the sequences directory
// (the previous version kept), `sequences check` passes on the files, the
// running job takes it at once, and the forecast shows the step moved.
func TestSavedSequenceIsWrittenCheckedAndTakenAtOnce(t *testing.T) {
	r, mgr, sales, other := newConsole(t)
	code, body := sales.get("/forecast")
	if code != http.StatusOK || !strings.Contains(body, "Meier GmbH") || !strings.Contains(body, "09:00") || !strings.Contains(body, "key-customer") {
		t.Fatalf("forecast before: %d\n%s", code, body)
	}
	d := keyCustomer(t)
	d.Steps[0].After = "4d" // Friday's quotation: Tuesday instead of Monday
	code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusSeeOther || loc != "/sequences/key-customer?saved=1" {
		t.Fatalf("save: %d %s", code, loc)
	}
	if got := strings.Join(r.files(r.seqDir), " "); got != "key-customer.toml" {
		t.Fatalf("files after the first save: %s", got)
	}
	defs, _, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	if len(probs) > 0 {
		t.Fatalf("sequences check on the written file: %v", probs)
	}
	if def, _ := defs.Get("key-customer"); def.Steps[0].After.String() != "4d" || !strings.HasPrefix(def.File, r.seqDir) {
		t.Fatalf("written: %+v", def)
	}
	enr, err := r.db.ListEnrollments(r.ctx, r.meier)
	if err != nil || enr[0].DueAt.In(berlin).Format("Mon 15:04") != "Tue 09:00" {
		t.Fatalf("the running job did not move the step: %+v %v", enr, err)
	}
	_, body = sales.get("/forecast")
	if !strings.Contains(body, "Tue 11-17 09:00 Europe/Berlin") || !strings.Contains(body, "4d after the mail followed up") {
		t.Fatalf("forecast after:\n%s", body)
	}
	if _, body := other.get("/forecast"); strings.Contains(body, "Meier GmbH") {
		t.Fatal("Tom sees Lily's forecast")
	}
	// The built-in file's notes came along; the manager adds one by hand,
	// and the form's next save keeps it beside its step.
	path := filepath.Join(r.seqDir, "key-customer.toml")
	written, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(written), "# Follow-up for key customers (grades A and B)") {
		t.Fatalf("the first save dropped the built-in file's comments:\n%s %v", written, err)
	}
	noted := strings.Replace(string(written), "[[step]]", "# Tuesday suits the German buyers\n[[step]]", 1)
	if err := os.WriteFile(path, []byte(noted), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Steps[0].After = "5d"
	if code, _ := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatal("second save refused")
	}
	written, _ = os.ReadFile(path)
	if !regexp.MustCompile(`# Tuesday suits the German buyers\n\[\[step\]\]\n\s*after = "5d"`).Match(written) ||
		strings.Count(string(written), "# Follow-up for key customers") != 1 || strings.Count(string(written), "# Written by keepwarm") != 1 {
		t.Fatalf("the second save did not keep the notes in place:\n%s", written)
	}
	prev, err := os.ReadFile(filepath.Join(r.seqDir, "key-customer.toml.prev"))
	if err != nil || !strings.Contains(string(prev), `after = "4d"`) || !strings.Contains(string(prev), "# Tuesday suits") {
		t.Fatalf("previous version: %s %v", prev, err)
	}
	if got := strings.Join(r.files(r.seqDir), " "); got != "key-customer.toml key-customer.toml.prev" {
		t.Fatalf("files after the second save (temporary files left?): %s", got)
	}
	if _, _, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir); len(probs) > 0 {
		t.Fatalf("the kept previous version disturbs check: %v", probs)
	}
	if n := r.count(`SELECT count(*) FROM web_audit WHERE action = 'sequence.save' AND actor = ?`, mei); n != 2 {
		t.Fatalf("%d audit rows", n)
	}
	if _, body := mgr.get("/team"); !strings.Contains(body, "saved a sequence") || !strings.Contains(body, "Lily Chen") {
		t.Fatalf("team page:\n%s", body)
	}
	// A new sequence with a name taken is refused beside the name.
	d.Grades = nil
	form := seqForm(d)
	form.Set("create", "1")
	code, body = mgr.do("/sequences/new", "/sequences", form)
	if code != http.StatusBadRequest || !regexp.MustCompile(`name="name"[^>]*><span class="error field-error">a sequence named`).MatchString(body) {
		t.Fatalf("duplicate name: %d\n%s", code, body)
	}
}

// The template editor previews the edited text for a real customer's
// thread (subject, quote, language), names a misspelt field with its line
// and what it meant, and the saved wording is what the next tick sends.
func TestTemplateEditorPreviewsARealThreadAndTheTickSendsIt(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	page := fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.meier)
	code, body := mgr.get(page)
	if code != http.StatusOK || !strings.Contains(body, "Re: Quotation LED panels") || strings.Contains(body, `id="sample-note"`) ||
		!strings.Contains(body, "hans@buyer.de") || !strings.Contains(body, ".Contact.Salutation") {
		t.Fatalf("editor: %d\n%s", code, body)
	}
	_, src := mgr.get("/templates/resend.tmpl")
	orig := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	edited := strings.Replace(orig, "--- text\n", "--- text\nDid my offer reach you? It is still open.\n", 1)
	form := url.Values{"body": {edited}, "customer": {fmt.Sprint(r.meier)}}
	code, body = mgr.do(page, "/templates/resend.tmpl/preview", form)
	if code != http.StatusOK || !strings.Contains(body, "Did my offer reach you? It is still open.") || !strings.Contains(body, "Re: Quotation LED panels") {
		t.Fatalf("preview: %d\n%s", code, body)
	}
	bad := strings.Replace(edited, "Did my offer", "{{.Contact.Nmae}}, did my offer", 1)
	code, body = mgr.do(page, "/templates/resend.tmpl", url.Values{"body": {bad}, "customer": {fmt.Sprint(r.meier)}})
	if code != http.StatusBadRequest || !strings.Contains(body, "did you mean .Contact.Name?") || !regexp.MustCompile(`line \d+`).MatchString(body) {
		t.Fatalf("misspelt field: %d\n%s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("a refused template was written")
	}
	code, loc := mgr.do(page, "/templates/resend.tmpl", form)
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/templates/resend.tmpl?saved=1") {
		t.Fatalf("save: %d %s", code, loc)
	}
	if _, _, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir); len(probs) > 0 {
		t.Fatal(probs)
	}
	// The step falls due Monday 09:00 in Berlin; the next tick then sends the new wording.
	due := time.Date(2026, 11, 16, 9, 0, 0, 0, berlin)
	if _, err := r.fu.Run(r.ctx, due.Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n := r.count(`SELECT count(*) FROM outbox`); n != 0 {
		t.Fatalf("%d sent before the day", n)
	}
	if _, err := r.fu.Run(r.ctx, due); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := r.raw.QueryRowContext(r.ctx, `SELECT text_body FROM outbox`).Scan(&text); err != nil || !strings.Contains(text, "Did my offer reach you?") {
		t.Fatalf("sent: %q %v", text, err)
	}
	// With no mail of ours to the customer the preview says it uses a sample.
	code, body = mgr.get(fmt.Sprintf("/templates/resend.tmpl?customer=%d", r.acme))
	if code != http.StatusOK || !strings.Contains(body, `id="sample-note"`) {
		t.Fatalf("no sample note for a customer without our mail:\n%s", body)
	}
}

func htmlText(t *testing.T, s string) string {
	t.Helper()
	r := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&quot;", `"`)
	return r.Replace(s)
}

// The reports draw their numbers as an SVG chart beside the table, offer
// them as CSV, and show a salesperson only their own rows.
func TestReportsChartTableAndCSVScopedToThePerson(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	r.clock.Set(now0.Add(2 * time.Hour)) // both questions are past their 10-minute target
	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK || !strings.Contains(body, "<svg") || !strings.Contains(body, "<td>Lily Chen</td>") || !strings.Contains(body, "<td>Tom Wu</td>") {
		t.Fatalf("manager's replies report: %d\n%s", code, body)
	}
	_, body = sales.get("/reports/replies")
	if !strings.Contains(body, "<td>Lily Chen</td>") || strings.Contains(body, tom) || strings.Contains(body, "Tom Wu") {
		t.Fatalf("Lily's replies report:\n%s", body)
	}
	code, csvBody := mgr.get("/reports/replies?format=csv")
	lines := strings.Split(strings.TrimSpace(csvBody), "\n")
	if code != http.StatusOK || lines[0] != "\uFEFFsalesperson,mail,within target,breaches,\"waiting, not yet late\",share within (%),median (minutes),p90 (minutes),no answer needed,\"answered, time unknown\"" ||
		len(lines) != 5 || lines[1] != "(none),1,0,1,0,0,,,0,0" || lines[4] != "total,3,0,3,0,0,,,0,0" {
		t.Fatalf("CSV: %d\n%s", code, csvBody)
	}
	if code, body := mgr.get("/reports/sequences"); code != http.StatusOK || !strings.Contains(body, "<td>key-customer</td>") || !strings.Contains(body, "<svg") {
		t.Fatalf("sequences report: %d\n%s", code, body)
	}
	if code, _ := mgr.get("/reports/pareto"); code != http.StatusOK {
		t.Fatalf("pareto: %d", code)
	}
	if code, _ := mgr.get("/reports/nope"); code != http.StatusNotFound {
		t.Fatalf("unknown report: %d", code)
	}
}

// The quiet report counts the calls closed in the last 30 days by the
// reason given at Done, per salesperson; a salesperson sees only their
// own calls; the reasons read in the reader's language.
func TestQuietReportCountsTheCallsByReason(t *testing.T) {
	r, mgr, sales, tomc := newConsole(t)
	for i, c := range []struct {
		owner  string
		reason keepwarm.QuietReason
	}{{lily, keepwarm.QuietComparing}, {tom, keepwarm.QuietComparing}, {tom, keepwarm.QuietNotReceived}} {
		if _, err := r.db.AddTask(r.ctx, keepwarm.Task{Key: fmt.Sprintf("test:quiet:%d", i), CustomerID: r.acme, Owner: c.owner,
			Title: "Phone", DueAt: now0, CreatedAt: now0}); err != nil {
			t.Fatal(err)
		}
		all, err := r.db.ListTasks(r.ctx, false, c.owner)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.db.DoneTask(r.ctx, all[len(all)-1].ID, now0.Add(time.Duration(i)*time.Minute), "", c.reason); err != nil {
			t.Fatal(err)
		}
	}
	r.clock.Set(now0.Add(time.Hour))
	code, body := mgr.get("/reports/quiet")
	if code != http.StatusOK || !strings.Contains(body, "<svg") ||
		!strings.Contains(body, "<tr><td>comparing suppliers</td><td>1</td><td>Lily Chen</td></tr>") ||
		!strings.Contains(body, "<tr><td>comparing suppliers</td><td>1</td><td>Tom Wu</td></tr>") ||
		!strings.Contains(body, "<tr><td>mail not received</td><td>1</td><td>Tom Wu</td></tr>") {
		t.Fatalf("manager's quiet report: %d\n%s", code, body)
	}
	_, body = sales.get("/reports/quiet")
	if !strings.Contains(body, "<td>Lily Chen</td>") || strings.Contains(body, "Tom Wu") || strings.Contains(body, "mail not received") {
		t.Fatalf("Lily's quiet report:\n%s", body)
	}
	_, body = tomc.get("/reports/quiet?format=csv")
	if body != "\uFEFFreason,calls,salesperson\nmail not received,1,"+tom+"\ncomparing suppliers,1,"+tom+"\n" {
		t.Fatalf("Tom's CSV:\n%s", body)
	}
	zh := mgr.getZh(t, "/reports/quiet")
	mustContain(t, "Chinese quiet report", zh, "客户为何没回音（过去 30 天）", "<td>在比较供应商</td>", "<td>没收到邮件</td>")
	mustLack(t, "Chinese quiet report", zh, "<td>comparing suppliers</td>")
}

// The funnel adds up: a follow-up a salesperson stopped is counted, so
// every enrolled thread is in one of the columns.
func TestFunnelRowsAddUp(t *testing.T) {
	r, mgr, lilyC, _ := newConsole(t)
	if code, _ := lilyC.do(path("/customers/%d", r.meier), path("/enrollments/%d/stop", r.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("stop: %d", code)
	}
	_, csvBody := mgr.get("/reports/sequences?format=csv")
	rows, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV %v:\n%s", err, csvBody)
	}
	head := rows[0]
	if !slices.Contains(head, "stopped") {
		t.Fatalf("no stopped column: %v", head)
	}
	for _, row := range rows[1:] {
		var enrolled, sum int
		for i, col := range head {
			n, err := strconv.Atoi(row[i])
			switch col {
			case "enrolled":
				enrolled = n
			case "running", "answered", "answered by phone", "no answer", "bounced", "opted out", "stopped", "superseded", "failed", "dry run":
				if err != nil {
					t.Fatalf("%s = %q", col, row[i])
				}
				sum += n
			}
		}
		if enrolled == 0 || sum != enrolled {
			t.Errorf("%s: enrolled %d, the columns add up to %d: %v", row[0], enrolled, sum, row)
		}
	}
}

// A follow-up stopped by a failed send is counted as failed, apart from
// those a person stopped, in the funnel report and its CSV, as `keepwarm
// report sequences --format csv` counts them.
func TestFunnelShowsFailedApartFromStopped(t *testing.T) {
	r, mgr, lilyC, _ := newConsole(t)
	if code, _ := lilyC.do(path("/customers/%d", r.meier), path("/enrollments/%d/stop", r.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("stop: %d", code)
	}
	m, err := r.db.GetMessage(r.ctx, r.waitingMsg)
	if err != nil {
		t.Fatal(err)
	}
	at := now0.Add(-time.Hour)
	if _, err := r.db.Enroll(r.ctx, keepwarm.Enrollment{ThreadID: m.ThreadID, CustomerID: r.acme, Sequence: "key-customer",
		Status: keepwarm.EnrollFailed, Step: 1, AnchorID: r.waitingMsg, AnchorAt: at, ClockAt: at, DueAt: at, Mailbox: "lily",
		Owner: lily, To: []keepwarm.Address{{Email: "bob@acme.com"}}, Reason: "step 2: smtp 550", CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	_, csvBody := mgr.get("/reports/sequences?format=csv")
	rows, err := csv.NewReader(strings.NewReader(csvBody)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV %v:\n%s", err, csvBody)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"stopped", "superseded", "failed"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("no %s column: %v", h, rows[0])
		}
	}
	total := rows[len(rows)-1]
	if total[col["stopped"]] != "1" || total[col["failed"]] != "1" || total[col["superseded"]] != "0" {
		t.Fatalf("total row: %v (%v)", total, rows[0])
	}
	_, body := mgr.get("/reports/sequences")
	mustContain(t, "funnel report", body, "<th>failed</th>", "<th>superseded</th>")
	zh := mgr.getZh(t, "/reports/sequences")
	mustContain(t, "Chinese funnel", zh, "<th>失败</th>", "<th>已被取代</th>")
}

// The sequences page's "answered after" column adds up to its total: an
// answer that came before any follow-up has a row of its own.
func TestSequenceStepsAnsweredAddUp(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	if _, err := r.raw.Exec(`UPDATE enrollments SET status = 'replied', step = 0, reason = 'answered by bob@acme.com' WHERE id = ?`, r.enrollment); err != nil {
		t.Fatal(err)
	}
	_, body := mgr.get("/sequences")
	mustContain(t, "sequences page", body, `<td>Before any follow-up</td><td class="num">1</td>`)
	zh := mgr.getZh(t, "/sequences")
	mustContain(t, "sequences page in Chinese", zh, `<td>跟进开始之前</td><td class="num">1</td>`)
}

// A template that would greet a contact without a name "Dear ," is not
// saved: the editor says what to write instead.
func TestTemplateEditorRefusesAnEmptyNameSlot(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	_, src := mgr.get("/templates/christmas.tmpl")
	orig := htmlText(t, regexp.MustCompile(`(?s)<textarea name="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(src)[1])
	if !strings.Contains(orig, "{{.Contact.Salutation}},") {
		t.Fatalf("christmas.tmpl:\n%s", orig)
	}
	bad := strings.Replace(orig, "{{.Contact.Salutation}},", "Dear {{.Contact.FirstName}},", 1)
	code, body := mgr.do("/templates/christmas.tmpl", "/templates/christmas.tmpl", url.Values{"body": {bad}})
	if code != http.StatusBadRequest || !strings.Contains(body, "for a contact without a name") {
		t.Fatalf("save: %d\n%s", code, body)
	}
	if len(r.files(r.tmplDir)) != 0 {
		t.Fatal("the template was written")
	}
}
