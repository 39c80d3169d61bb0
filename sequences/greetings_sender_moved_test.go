package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Bob's birthday greeting is queued as Lily from the address her mailbox
// logged in as; before it goes, her greetings are set to go from her own
// address (the mailbox that sent them is now the manager's, or nobody
// else's). The queued one does not go from the old address, and the reason
// says what changed: her sending mailbox, not a handover of the customer,
// which did not happen.
func TestAQueuedGreetingAfterItsSenderChanged(t *testing.T) {
	const (
		grace  = "grace@seller.example"
		export = "export@seller.example"
	)
	for _, tc := range []struct {
		name   string
		shared bool // the old address is now the manager's greeting sender
	}{
		{name: "mailbox now the manager's", shared: true},
		{name: "nobody else's"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := bobsBirthdayRig(t)
			r.cfg.Senders[lily] = sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: export}, Signature: "Lily Chen"}
			r.startWith(nil)
			first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
			if first.From.Email != export {
				t.Fatalf("queued from %+v", first.From)
			}
			r.cfg.Senders = map[string]sequences.GreetingSender{lily: {Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: lily}, Signature: "Lily Chen"}}
			if tc.shared {
				r.cfg.Senders[grace] = sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Grace Liu", Email: export}, Signature: "Grace Liu"}
			}
			r.startWith(nil)
			r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)

			got := r.inbox(usBuyer.email)
			if len(got) != 1 || !strings.Contains(got[0].From, lily) {
				t.Fatalf("Bob got %+v", got)
			}
			for _, it := range r.outbox() {
				if it.ID != first.ID {
					continue
				}
				if it.Status != keepwarm.OutboxSkipped || strings.Contains(it.LastError, "handed") ||
					!strings.Contains(it.LastError, lily+`'s greetings now go from mailbox "lily" as `+lily+`, not from mailbox "lily" as `+export) {
					t.Fatalf("the greeting queued from %s: %s %q", export, it.Status, it.LastError)
				}
			}
		})
	}
}
