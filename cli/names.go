package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// names turns the store's keys into what people read: customers by name
// (else the domain or address their key holds, never "domain:" or
// "addr:"), salespeople by their configured name.
type names struct {
	byKey  map[string]string
	byID   map[int64]string
	keys   map[int64]string
	people map[string]string
}

func (m *Main) names(ctx context.Context) (*names, error) {
	cs, err := m.db.ListCustomers(ctx)
	if err != nil {
		return nil, err
	}
	n := &names{byKey: make(map[string]string, len(cs)), byID: make(map[int64]string, len(cs)), keys: make(map[int64]string, len(cs)), people: map[string]string{}}
	for _, c := range cs {
		label := customerLabel(c.Key, c.Name)
		n.byKey[c.Key], n.byID[c.ID], n.keys[c.ID] = label, label, c.Key
	}
	for _, s := range m.cfg.Salespeople {
		if s.Name != "" {
			n.people[s.Email] = s.Name
		}
	}
	return n, nil
}

// customerLabel is a customer's name, else what its key names.
func customerLabel(key, name string) string {
	if name = strings.TrimSpace(name); name != "" {
		return name
	}
	if _, v, ok := strings.Cut(key, ":"); ok {
		return v
	}
	return key
}

// customer is the label of a customer key ("" stays "").
func (n *names) customer(key string) string {
	if key == "" {
		return ""
	}
	if l, ok := n.byKey[key]; ok {
		return l
	}
	return customerLabel(key, "")
}

// customerID is the label of a customer id (0: none).
func (n *names) customerID(id int64) string { return n.byID[id] }

// key is a customer id's key, for JSON.
func (n *names) key(id int64) string { return n.keys[id] }

// person is a team member's name, else their address.
func (n *names) person(email string) string {
	if p, ok := n.people[strings.ToLower(email)]; ok {
		return p
	}
	return email
}

// personName is a team member's configured name, else their address.
func (m *Main) personName(email string) string {
	for _, s := range m.cfg.Salespeople {
		if s.Name != "" && strings.EqualFold(s.Email, email) {
			return s.Name
		}
	}
	return email
}

// ownerName is a customer's owner by name, or "(pool)".
func (m *Main) ownerName(owner string) string {
	if owner == "" {
		return ownerLabel(owner)
	}
	return m.personName(owner)
}

// timeLayout is the one form of an instant in every table; the zone is
// named once, in a line under the table (zoneNote).
const timeLayout = "2006-01-02 15:04"

// zoneNote names the zone of a table's times unambiguously: the IANA name
// and the offset at the given instant ("CST" could be China, Cuba or the
// US Central zone).
func zoneNote(loc *time.Location, at time.Time) string {
	return "(times in " + keepwarm.ZoneLabel(loc, at) + ")"
}

// id prints a positive id, and "-" for none (0).
// idOrDash is id for an optional id.
func idOrDash(n *int64) string {
	if n == nil {
		return "-"
	}
	return id(*n)
}

func id(n int64) string {
	if n <= 0 {
		return "-"
	}
	return fmt.Sprint(n)
}
