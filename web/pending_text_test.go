package web_test

import (
	"net/http"
	"testing"
)

// A message stored from its header alone, its text still to be fetched,
// shows a note where its snippet would be (the desk's waiting list, the
// customer's conversations, the message page), not an empty space; a
// message with its text shows the text.
func TestMessageWhoseTextIsNotFetchedYet(t *testing.T) {
	const note = "(text not fetched yet: keepwarm is still reading older mail)"
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	pages := []string{"/", path("/customers/%d", w.acme), path("/messages/%d", w.waitingMsg)}
	for _, p := range pages {
		code, body := c.get(p)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", p, code)
		}
		mustContain(t, p+" with the text", body, "About Price for 500 pcs?")
		mustLack(t, p+" with the text", body, note)
	}
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE messages SET text_pending = 1, snippet = '' WHERE id = ?`, w.waitingMsg); err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		code, body := c.get(p)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d", p, code)
		}
		mustContain(t, p+" before the text", body, `pending`, note, "Price for 500 pcs?")
		mustContain(t, p+" in Chinese", c.getZh(t, p), "正文尚未读取")
	}
}
