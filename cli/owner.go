package cli

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
)

// ownerArg reads an --owner (or --salesperson) filter: a configured
// [[salesperson]] by email in any case or by name, a manager by email (or
// team.manager_name), or the email of someone who still owns a customer
// (a salesperson who left). It returns the lower-cased email the store
// keeps; anything else is a usage error, not an empty list that reads as
// "nothing waiting".
func (m *Main) ownerArg(ctx context.Context, flag, arg string) (string, error) {
	if email, ok := m.app.Salesperson(arg); ok {
		return strings.ToLower(email), nil
	}
	s := strings.TrimSpace(arg)
	if addr, err := mail.ParseAddress(s); err == nil {
		s = addr.Address
	}
	if name := strings.TrimSpace(m.cfg.Team.ManagerName); name != "" && m.cfg.Team.Manager != "" && strings.EqualFold(s, name) {
		return strings.ToLower(m.cfg.Team.Manager), nil
	}
	for _, e := range m.cfg.Managers() {
		if strings.EqualFold(s, e) {
			return strings.ToLower(e), nil
		}
	}
	if strings.Contains(s, "@") && m.db != nil {
		book, err := m.db.Book(ctx)
		if err != nil {
			return "", err
		}
		for _, e := range book {
			if strings.EqualFold(e.Owner, s) {
				return strings.ToLower(e.Owner), nil
			}
		}
	}
	known := append(m.salespeople(), m.cfg.Managers()...)
	return "", usageError{fmt.Sprintf("%s %q is not a configured [[salesperson]] or manager, nor owns a customer: give an email or a name (%s)",
		flag, arg, strings.Join(known, ", "))}
}

// salespeople is the configured team as a usage error lists it: "Lily Chen
// <lily@…>", or the address alone for one without a name.
func (m *Main) salespeople() []string {
	var known []string
	for _, p := range m.cfg.Salespeople {
		if p.Name != "" {
			known = append(known, fmt.Sprintf("%s <%s>", p.Name, p.Email))
		} else {
			known = append(known, p.Email)
		}
	}
	return known
}
