package sequences

import (
	"cmp"
	"slices"
	"strings"

	"keepwarm"
	"keepwarm/templates"
)

// replyAll splits the recipients of a follow-up of anchor as a mail
// client's reply-all to the salesperson's own message would: those anchor
// had in To, in its order, in To; those it had in Cc in Cc. A recipient
// anchor does not name (the enrollment kept those of an earlier mail in
// the thread) goes in To, after anchor's. When all left were in Cc (the To
// recipients bounced, opted out, or were not the customer's), they go in
// To: a mail is written to someone.
func replyAll(rcpts []keepwarm.Address, anchor keepwarm.Message) (to, cc []keepwarm.Address) {
	rank := map[string]int{}
	inCc := map[string]bool{}
	for i, a := range anchor.To {
		if e := strings.ToLower(a.Email); e != "" {
			if _, seen := rank[e]; !seen {
				rank[e] = i
			}
		}
	}
	for i, a := range anchor.Cc {
		if e := strings.ToLower(a.Email); e != "" {
			if _, seen := rank[e]; !seen {
				rank[e], inCc[e] = len(anchor.To)+1+i, true
			}
		}
	}
	of := func(a keepwarm.Address) int {
		if r, ok := rank[strings.ToLower(a.Email)]; ok {
			return r
		}
		return len(anchor.To)
	}
	sorted := slices.Clone(rcpts)
	slices.SortStableFunc(sorted, func(a, b keepwarm.Address) int { return cmp.Compare(of(a), of(b)) })
	for _, a := range sorted {
		if inCc[strings.ToLower(a.Email)] {
			cc = append(cc, a)
		} else {
			to = append(to, a)
		}
	}
	if len(to) == 0 {
		return cc, nil
	}
	return to, cc
}

// greetedIn says whether anchor's opening line greeted to: the first of
// the customer's contacts in its To is to. Otherwise its "Dear Hans" is
// someone else's greeting (the person greeted bounced or opted out, or
// anchor went to others).
func greetedIn(anchor keepwarm.Message, to keepwarm.Address) bool {
	contact := map[string]bool{}
	for _, a := range anchor.Contacts {
		contact[strings.ToLower(a.Email)] = true
	}
	for _, a := range anchor.To {
		if contact[strings.ToLower(a.Email)] {
			return strings.EqualFold(a.Email, to.Email)
		}
	}
	return false
}

// greetsLeftOut says whether anchor's opening line greets someone a
// follow-up to rcpts (all its recipients, To and Cc) no longer writes to:
// a contact anchor went to who bounced or opted out since, named in it
// ("Dear Hans, dear Anna," without Anna), or, when one in anchor's To is
// left out, an opening that greets several people by name ("Dear Hans and
// Bob," without Bob, whatever the book calls him). nil rcpts (a preview
// to one contact) says nobody is left out.
func greetsLeftOut(anchor keepwarm.Message, rcpts []keepwarm.Address) bool {
	if rcpts == nil {
		return false
	}
	still := map[string]bool{}
	for _, a := range rcpts {
		still[strings.ToLower(a.Email)] = true
	}
	names := map[string]string{}
	for _, a := range anchor.Contacts {
		names[strings.ToLower(a.Email)] = a.Name
	}
	opening := ""
	leftInTo := false
	for i, a := range slices.Concat(anchor.To, anchor.Cc) {
		e := strings.ToLower(a.Email)
		name, contact := names[e]
		if !contact || still[e] {
			continue
		}
		if opening == "" {
			if opening = templates.Opening(anchor.Text); opening == "" {
				return false
			}
		}
		if name == "" {
			name = a.Name
		}
		if n := cleanName(name); n != "" {
			if greeted, _, _ := openingNames(opening); namedIn(greeted, n) {
				return true
			}
		}
		leftInTo = leftInTo || i < len(anchor.To)
	}
	if !leftInTo {
		return false
	}
	greeted, joined, _ := openingNames(opening)
	return joined && len(greeted) > 1
}
