package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"keepwarm/store"
)

// formOf is what a browser sends from the form whose action is action in
// page: its hidden and text inputs as they are, and its ticked, enabled
// checkboxes as "on".
func formOf(t *testing.T, page, action string) url.Values {
	t.Helper()
	i := strings.Index(page, `action="`+action+`"`)
	if i < 0 {
		t.Fatalf("no form for %s in the page", action)
	}
	form := page[i:]
	form = form[:strings.Index(form, "</form>")]
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\b` + name + `(?:="([^"]*)")?`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(m[1]), true
	}
	v := url.Values{}
	for _, tag := range regexp.MustCompile(`<input [^>]*>`).FindAllString(form, -1) {
		name, ok := attr(tag, "name")
		if !ok {
			continue
		}
		if typ, _ := attr(tag, "type"); typ == "checkbox" {
			_, checked := attr(tag, "checked")
			if _, disabled := attr(tag, "disabled"); checked && !disabled {
				v.Add(name, "on")
			}
			continue
		}
		val, _ := attr(tag, "value")
		v.Add(name, val)
	}
	return v
}

// A contact saved from a page opened before a bounce, an opt-out the
// customer asked for, one a person ticked, or another salutation was
// written keeps them: the form changes only what the person changed, the
// salesperson's and the manager's alike. An opt-out the customer asked
// for after a page showed one a person ticked is not cleared by unticking
// it there: the save is refused, and says why.
func TestStaleContactFormKeepsWhatChangedSince(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC, meiC := w.signIn(srv, lily), w.signIn(srv, mei)
	var hans, bob int64
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'hans@buyer.de'`).Scan(&hans)
	_ = w.raw.QueryRow(`SELECT id FROM contacts WHERE email = 'bob@acme.com'`).Scan(&bob)
	meierPage, acmePage := path("/customers/%d", w.meier), path("/customers/%d", w.acme)
	hansForm := path("/contacts/%d", hans)
	// blocked is "opted-out" while the address has an opt-out (whatever
	// else blocks it).
	blocked := func(email string) string {
		if w.count(`SELECT count(*) FROM opt_outs WHERE email = ?`, email) > 0 {
			return "opted-out"
		}
		return ""
	}
	contact := func(id int64) store.ContactState {
		c, err := w.db.Contact(w.ctx, store.Viewer{Manager: true}, id)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// post sends a form as the page c opened earlier has it, with the
	// person's own changes, using that page's CSRF token.
	post := func(c *client, form url.Values, change map[string]string) (int, string) {
		t.Helper()
		f := url.Values{}
		for k, v := range form {
			f[k] = append([]string(nil), v...)
		}
		for k, v := range change {
			if v == "" {
				f.Del(k)
			} else {
				f.Set(k, v)
			}
		}
		resp := c.post(hansForm, f)
		defer resp.Body.Close()
		b := new(strings.Builder)
		_, _ = io.Copy(b, resp.Body)
		return resp.StatusCode, b.String()
	}

	// Lily and Mei open Meier's page: Hans is fine.
	_, lilyPage := lilyC.get(meierPage)
	_, meiPage := meiC.get(meierPage)
	lilyForm, meiForm := formOf(t, lilyPage, hansForm), formOf(t, meiPage, hansForm)
	mustLack(t, "Hans's form", strings.Join(lilyForm["bounced"], ""), "on")

	// Then step 2 bounces, Hans writes "please remove me", and an import
	// sets his salutation.
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE contacts SET bounced_at = ?, salutation = 'Dear Mr Meier' WHERE id = ?`, now0.Unix(), hans); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.ExecContext(w.ctx, `INSERT INTO opt_outs (email, message_id, reason, created_at) VALUES ('hans@buyer.de', 1, 'remove me', ?)`, now0.Unix()); err != nil {
		t.Fatal(err)
	}

	// The manager corrects his language from the page opened before.
	if code, body := post(meiC, meiForm, map[string]string{"language": "de"}); code != http.StatusSeeOther {
		t.Fatalf("Mei's save: %d\n%s", code, body)
	}
	c := contact(hans)
	if c.BouncedAt == 0 || blocked("hans@buyer.de") != "opted-out" || c.Salutation != "Dear Mr Meier" || c.Language != "de" {
		t.Fatalf("after the manager's stale save: bounced_at %d, blocked %q, salutation %q, language %q",
			c.BouncedAt, blocked("hans@buyer.de"), c.Salutation, c.Language)
	}
	// Lily adds his mobile from hers.
	if code, body := post(lilyC, lilyForm, map[string]string{"phone": "+49 151 2345 6789"}); code != http.StatusSeeOther {
		t.Fatalf("Lily's save: %d\n%s", code, body)
	}
	c = contact(hans)
	if c.BouncedAt == 0 || blocked("hans@buyer.de") != "opted-out" || c.Salutation != "Dear Mr Meier" || c.Language != "de" {
		t.Fatalf("after Lily's stale save: bounced_at %d, blocked %q, salutation %q, language %q",
			c.BouncedAt, blocked("hans@buyer.de"), c.Salutation, c.Language)
	}

	// A box the person did change is applied: Lily, on a fresh page,
	// clears "bounced" (Hans fixed his mailbox).
	_, lilyPage = lilyC.get(meierPage)
	if code, body := post(lilyC, formOf(t, lilyPage, hansForm), map[string]string{"bounced": ""}); code != http.StatusSeeOther || contact(hans).BouncedAt != 0 {
		t.Fatalf("Lily clears bounced: %d\n%s", code, body)
	}
	if blocked("hans@buyer.de") != "opted-out" {
		t.Fatal("clearing bounced cleared the customer's own opt-out")
	}

	// An opt-out a person ticked (message 0) after the page was opened is
	// kept too.
	bobForm := path("/contacts/%d", bob)
	_, page := lilyC.get(acmePage)
	stale := formOf(t, page, bobForm)
	if _, err := w.raw.ExecContext(w.ctx, `INSERT INTO opt_outs (email, message_id, reason, created_at) VALUES ('bob@acme.com', 0, 'marked by mei', ?)`, now0.Unix()); err != nil {
		t.Fatal(err)
	}
	stale.Set("salutation", "Hi Bob")
	resp := lilyC.post(bobForm, stale)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || blocked("bob@acme.com") != "opted-out" || contact(bob).Salutation != "Hi Bob" {
		t.Fatalf("Lily's stale save of Bob: %d, blocked %q", resp.StatusCode, blocked("bob@acme.com"))
	}

	// The manager's page shows Bob's opt-out as a person's tick; then it
	// becomes Bob's own request. Unticking it there clears nothing.
	_, page = meiC.get(acmePage)
	stale = formOf(t, page, bobForm)
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE opt_outs SET message_id = 2 WHERE email = 'bob@acme.com'`); err != nil {
		t.Fatal(err)
	}
	stale.Del("opted_out")
	resp = meiC.post(bobForm, stale)
	body := new(strings.Builder)
	_, _ = io.Copy(body, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict || blocked("bob@acme.com") != "opted-out" ||
		!strings.Contains(body.String(), "bob@acme.com asked in their own mail not to be written to, after this page was opened: nothing was saved; reload the page") {
		t.Fatalf("Mei unticks an opt-out that became Bob's own: %d, blocked %q\n%s", resp.StatusCode, blocked("bob@acme.com"), body)
	}
	// On a fresh page it says whose it is, and she may clear it.
	_, page = meiC.get(acmePage)
	mustContain(t, "Mei's form for Bob", page, "They asked for it in their own mail: clear it only when they ask to hear from you again.")
	fresh := formOf(t, page, bobForm)
	fresh.Del("opted_out")
	resp = meiC.post(bobForm, fresh)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || blocked("bob@acme.com") != "" {
		t.Fatalf("Mei clears Bob's opt-out on a fresh page: %d, blocked %q", resp.StatusCode, blocked("bob@acme.com"))
	}
}
