package web_test

import (
	"html"
	"net/http"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// The forecast in Chinese writes what each item does and the rule that
// placed it in Chinese (a step's delay, a task's built-in words, a
// greeting's occasion and day) and heads each salesperson's items with
// their name, not their address; in English it reads as the CLI prints it.
func TestForecastLinesInChinese(t *testing.T) {
	r, _, _, _ := newConsole(t)
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	g, err := sequences.NewGreetings(sequences.GreetingsConfig{
		Occasions: []string{"christmas"},
		Senders:   map[string]sequences.GreetingSender{lily: {Mailbox: "lily", From: keepwarm.Address{Email: lily, Name: "Lily Chen"}}},
		Location:  func(keepwarm.Customer) *time.Location { return berlin }, DefaultLocation: shanghai,
	}, r.db, set, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.deps.Greetings = g
	r.be = app.NewWebBackend(r.deps)
	r.rebase(r.cfg.BaseURL)
	srv := r.serve()
	mgr := r.signIn(srv, mei)

	code, en := mgr.get("/forecast?days=60")
	if code != http.StatusOK {
		t.Fatalf("GET /forecast: %d", code)
	}
	mustContain(t, "the English forecast", en, "<h2>Lily Chen</h2>", "email resend", "3d after the mail followed up",
		"task: Phone the customer", "greeting christmas.tmpl to bob@acme.com",
		html.EscapeString("Christmas on 2026-12-25, the customer's last working day before Christmas Eve"), `<option value="`+lily+`">Lily Chen</option>`)
	mustLack(t, "the English forecast", en, "<h2>"+lily+"</h2>")

	zh := mgr.getZh(t, "/forecast?days=60")
	mustContain(t, "the Chinese forecast", zh, "<h2>Lily Chen</h2>", "邮件 resend", "被跟进的邮件之后 3d",
		"任务: 给客户打电话", "节日问候 christmas.tmpl，发给 bob@acme.com", "Christmas（2026-12-25）：在客户当地平安夜前最后一个工作日发")
	mustLack(t, "the Chinese forecast", zh, html.EscapeString("the customer's last working day"), "after the mail followed up", "after the previous step",
		"email resend", "task: ", " to bob@acme.com", "<h2>"+lily+"</h2>")
}
