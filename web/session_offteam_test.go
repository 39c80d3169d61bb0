package web_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"keepwarm/web"
)

// liveSessionsCard is the "Live sessions" card of the team page.
func liveSessionsCard(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "Live sessions")
	if i < 0 {
		t.Fatalf("no live sessions on the team page:\n%s", body)
	}
	card := body[i:]
	if j := strings.Index(card, "</section>"); j >= 0 {
		card = card[:j]
	}
	return card
}

// Someone removed from the team (their [[salesperson]] taken out of the
// config and keepwarm restarted) is signed out for good: the manager's
// pages no longer list their sessions as live, a session seen while they
// are off the team is ended, and keepwarm run's start ends the others; put
// back on the team, their old browsers need a new sign-in link.
func TestSessionsOfSomeoneRemovedFromTheTeamEnd(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	laptop, phone := w.signIn(srv, tom), w.signIn(srv, tom)
	m := w.signIn(srv, mei)
	if _, body := m.get("/sessions"); !strings.Contains(body, tom) {
		t.Fatalf("Tom's sessions not listed while he is on the team:\n%s", body)
	}

	team := slices.Clone(w.deps.People)
	w.withPeople(slices.DeleteFunc(slices.Clone(team), func(p web.Person) bool { return p.Email == tom })...)
	if code, body := m.get("/sessions"); code != http.StatusOK || strings.Contains(body, tom) {
		t.Errorf("the sessions page lists Tom, no longer on the team: %d\n%s", code, body)
	}
	if code, body := m.get("/team"); code != http.StatusOK || strings.Contains(liveSessionsCard(t, body), tom) {
		t.Errorf("the team page lists Tom's sessions as live: %d\n%s", code, body)
	}
	if code, _ := phone.get("/"); code != http.StatusSeeOther {
		t.Fatalf("Tom's phone off the team: %d", code)
	}
	if err := w.app.EndSessionsOffTeam(w.ctx); err != nil { // as keepwarm run does when it starts
		t.Fatal(err)
	}
	if n := w.count(`SELECT count(*) FROM web_sessions WHERE email = ? AND revoked_at IS NULL AND expires_at > ?`, tom, now0.Unix()); n != 0 {
		t.Errorf("%d of Tom's sessions still live", n)
	}

	w.withPeople(team...)
	for name, c := range map[string]*client{"phone (seen while off the team)": phone, "laptop (ended at the start)": laptop} {
		if code, loc := c.get("/"); code != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
			t.Errorf("Tom back on the team, his old %s: %d %s, want the sign-in page", name, code, loc)
		}
	}
	if _, body := m.get("/sessions"); strings.Contains(body, tom) {
		t.Errorf("Tom's old sessions listed again:\n%s", body)
	}
	if c := w.signIn(srv, tom); c == nil {
		t.Fatal("Tom cannot sign in with a new link")
	}
}
