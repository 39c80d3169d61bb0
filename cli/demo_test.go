package cli

import (
	"bytes"
	"context"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDemo plays the README's first command in-process, with the mailboxes
// kept, and checks that its transcript shows every capability of keepwarm,
// and that the resend really is a reply in the customer's own INBOX.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo plays two weeks of mail: skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(string) string { return "" })
	if code := m.Run(context.Background(), []string{"demo", "--keep", dir}); code != 0 {
		t.Fatalf("keepwarm demo: exit %d\nstderr: %s\nstdout:\n%s", code, errb.String(), out.String())
	}
	transcript := out.String()
	t.Log("\n" + transcript)
	for _, want := range []struct{ what, re string }{
		{"a reply clock started on a customer's mail", `Hans in mailbox lily .* reply clock started: owner Lily, target 10m`},
		{"a nudge before the target, naming the customer", `09:05 +nudge to Lily: "Reply due: Hans Meier \(Globex GmbH\) waiting 5 min — RFQ`},
		{"the same nudge in the sales group's WeCom, in Chinese, received by the robot's stand-in, @-mentioning Lily", `09:05 +chat nudge in the sales group's WeCom \(robot stand-in\), @lily: 待回复：Hans Meier（Globex GmbH）已等 5 分钟\n +\| \*\*待回复：Hans Meier（Globex GmbH）已等 5 分钟\*\*\n +\| > 客户：Hans Meier（Globex GmbH），hans\.meier@globex\.de\n +\| > 主题：RFQ: 2,000 LED panels 600x600\n +\| > 已等：5 分钟\n +\| > Dear Lily, please quote[^\n]*\n(?: +\|[^\n]*\n)*? +\| <@lily>\n`},
		{"the target nudge in WeCom too", `chat nudge in the sales group's WeCom \(robot stand-in\), @lily: 已超回复时限：João Silva（Silva Iluminação）已等 10 分钟`},
		{"a reply within the target", `09:06 +reply clock stopped: Lily answered Hans in 6m \(within the 10m target\)`},
		{"a late reply, with working hours counted", `Lily answered João in 11h42m \(late: the target is 10m; 12m counting working hours only\)`},
		{"the target nudge, in the first nudge's thread", `nudge to Lily: "Re: Reply due: João Silva \(Silva Iluminação\)`},
		{"an escalation to the manager, a mail of its own", `the manager's copy to Grace: "Reply target passed: João Silva \(Silva Iluminação\)`},
		{"a follow-up started", `follow-up started for Bob \(Tom's "Quotation Q-2611: LED high bay 150W" unanswered\): sequence key-customer`},
		{"a colleague of Bob's writing about another project", `Carol Diaz writes to tom@[^:]+: "Inquiry: emergency lights for the Denver store"`},
		{"a resend in the same thread", `day 3 .* resend to Bob in the same thread, as Tom \(step 1 of key-customer\): "Re: Quotation Q-2611`},
		{"the resend read back from the customer's INBOX", `in Bob's INBOX: In-Reply-To <[^>]+> \("Quotation Q-2611: LED high bay 150W", which Bob received earlier\)`},
		{"a product introduction with products from the catalog", `day 7 .* product introduction to Bob, as Tom \(step 2 of key-customer\): "LED high bay 150W for Acme Supply Inc\."\n[^\n]*written in English, opening "Hi Bob,"\n[^\n]*offering from the catalog: LED high bay 150W\n`},
		{"a resend in the thread's language with the salesperson's salutation", `resend to Hans in the same thread, as Lily \(step 1 of key-customer\): "Re: RFQ[^"]*"\n[^\n]*written in English, opening "Dear Mr\. Meier,"\n[^\n]*quoting below the signature: On Mon, 16 Nov 2026 at \d\d:\d\d, Lily Chen <lily@[^>]+> wrote:`},
		{"the digest names whose birthday it is", `\| - birthday of Hans Meier <hans.meier@globex.de> \(Globex GmbH\) at `},
		{"a call task", `call task for Tom \(step 3 of key-customer, customer acme-supply.com\): "Phone the customer`},
		{"a customer answering a resend", `João Silva answers Lily Chen: "Re: Inquiry`},
		{"the sequence stopping on an answer", `follow-up of João ended: replied \(answered by joao.silva@gmail.com\)`},
		{"a person stopping a follow-up", `follow-up of Hans ended: stopped`},
		{"a bounce flagging the address", `synced: a bounce for ahmed@gulfbuild.ae -> address flagged "bounced"`},
		{"the bounce ending the sequence", `follow-up of Ahmed ended: bounced`},
		{"a birthday greeting in the language Lily writes Hans in (English, though the book says German)", `birthday greeting to Hans, as Lily: "Happy birthday, Hans!"`},
		{"Thanksgiving in New York's morning, to the US contact who wrote", `thanksgiving greeting to Carol, as Tom: "[^"]+" \(Wed 25 Nov (09|10|11):\d\d in America/New_York\)`},
		{"a daily digest with its text", `daily digest to Lily: "keepwarm digest [^"]*"\n(?:        \|.*\n)*        \| .*UNANSWERED CUSTOMER MAIL`},
		{"a \"received\" draft in Lily's Drafts, in the thread", `"received, working on it" draft for Lily to send to Hans: "Re: RFQ: 2,000 LED panels 600x600" \(keepwarm does not send it\)\n[^\n]*in Lily's Drafts: In-Reply-To <demo-1\.[0-9]+@globex\.de>, opening "Dear Hans,"`},
		{"the draft taken out of Drafts once answered", `Hans was answered: keepwarm took its "received" draft out of Lily's Drafts, nothing else`},
		{"a draft in the customer's language", `in Lily's Drafts: In-Reply-To <demo-15\.[0-9]+@gmail\.com>, opening "Olá João,"`},
		{"the manager's weekly summary", `weekly summary to Grace: "keepwarm weekly summary [^"]+"`},
		{"the reply report", `\$ keepwarm report replies`},
		{"the run time", `demo finished: 14 days played in [0-9.]+ s of wall time\n$`},
	} {
		if !regexp.MustCompile(want.re).MatchString(transcript) {
			t.Errorf("the transcript does not show %s (/%s/)", want.what, want.re)
		}
	}
	// People read names: no internal customer key ("domain:…", "addr:…")
	// in the narration, the digests or the reports' tables. Bob never wrote
	// and already had a resend and an introduction that week: no
	// Thanksgiving greeting for him.
	for _, bad := range []string{"no outbox row", "tick reported an error", "is not in", "outbox: ", "domain:", "addr:", "thanksgiving greeting to Bob"} {
		if strings.Contains(transcript, bad) {
			t.Errorf("the transcript says %q", bad)
		}
	}
	checkResendThreaded(t, filepath.Join(dir, "mail", "bob@acme-supply.com", "INBOX"))
	checkAckKept(t, filepath.Join(dir, "mail", "lily@lumina-export.example", "Drafts"))
	for _, f := range []string{"keepwarm.toml", "keepwarm.db", "customers.csv"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("--keep: %v", err)
		}
	}
}

// checkResendThreaded reads Bob's INBOX as the demo kept it: Tom's
// quotation, then keepwarm's resend answering it.
func checkResendThreaded(t *testing.T, inbox string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(inbox, "*.eml"))
	if err != nil || len(files) < 2 {
		t.Fatalf("Bob's INBOX: %v, %d message(s)", err, len(files))
	}
	var quotation, resend mail.Header
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		switch msg.Header.Get("Subject") {
		case "Quotation Q-2611: LED high bay 150W":
			quotation = msg.Header
		case "Re: Quotation Q-2611: LED high bay 150W":
			resend = msg.Header
		}
	}
	if quotation == nil || resend == nil {
		t.Fatalf("Bob's INBOX lacks the quotation or the resend (%d messages)", len(files))
	}
	orig := quotation.Get("Message-ID")
	if resend.Get("In-Reply-To") != orig || !strings.Contains(resend.Get("References"), orig) {
		t.Errorf("resend In-Reply-To %q, References %q; the quotation is %s", resend.Get("In-Reply-To"), resend.Get("References"), orig)
	}
	if from := resend.Get("From"); !strings.Contains(from, "tom@lumina-export.example") {
		t.Errorf("resend From %q, want Tom", from)
	}
}

func TestDemoFlags(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"demo", "--days", "0"}, "--days 0: use 1 to 28"},
		{[]string{"demo", "--keep", full}, "is not empty"},
		{[]string{"demo", "extra"}, "unexpected argument"},
	} {
		var out, errb bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errb, func(string) string { return "" })
		if code := m.Run(context.Background(), tc.args); code != 2 || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errb.String(), tc.want)
		}
	}
}

// checkAckKept reads Lily's Drafts as the demo kept it: the one "received"
// draft whose thread was still unanswered at the end, in Portuguese, in
// João's thread; the answered ones were taken out.
func checkAckKept(t *testing.T, drafts string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(drafts, "*.eml"))
	if err != nil || len(files) != 1 {
		t.Fatalf("Lily's Drafts: %v, %d message(s), want the one unanswered thread's draft", err, len(files))
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if irt := msg.Header.Get("In-Reply-To"); !strings.HasSuffix(irt, "@gmail.com>") || !strings.HasPrefix(irt, "<demo-15.") {
		t.Errorf("the kept draft answers %q, not João's Portuguese mail", irt)
	}
	if s, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); s != "Re: Amostras recebidas: pedido para 12 lojas" {
		t.Errorf("the kept draft's subject is %q", s)
	}
	if !strings.Contains(string(raw), "Agrade=C3=A7o pela sua mensagem") {
		t.Errorf("the kept draft is not the Portuguese ack:\n%s", raw)
	}
}
