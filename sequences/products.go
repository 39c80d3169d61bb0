package sequences

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/templates"
)

// MaxIntroProducts is how many products an introduction offers at most.
const MaxIntroProducts = 3

// PickProducts chooses what an introduction offers a customer: the catalog
// products whose tags or name match the customer's tags (3 points each),
// whose name appears in their mail (2) and whose tags do (1 each); best
// first, ties by catalog order, at most n. Nothing matches: none (a
// product introduction of random products would read as spam).
func PickProducts(catalog []keepwarm.Product, customerTags []string, mail []string, n int) []keepwarm.Product {
	tags := map[string]bool{}
	for _, t := range customerTags {
		if t = strings.ToLower(strings.TrimSpace(t)); t != "" {
			tags[t] = true
		}
	}
	text := " " + normalizeWords(strings.Join(mail, " ")) + " "
	type scored struct {
		p     keepwarm.Product
		score int
		order int
	}
	var out []scored
	for i, p := range catalog {
		score := 0
		name := strings.ToLower(strings.TrimSpace(p.Name))
		if tags[name] {
			score += 3
		}
		if mentions(text, name) {
			score += 2
		}
		for _, t := range p.Tags {
			if tags[t] {
				score += 3
			}
			if mentions(text, t) {
				score++
			}
		}
		if score > 0 {
			out = append(out, scored{p, score, i})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	if len(out) > n {
		out = out[:n]
	}
	ps := make([]keepwarm.Product, len(out))
	for i, s := range out {
		ps[i] = s.p
	}
	return ps
}

// normalizeWords lower-cases text and turns everything but letters and
// digits into single spaces, so phrases match across punctuation.
func normalizeWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return b.String()
}

// mentions reports whether the normalized text holds phrase as whole words
// (CJK phrases anywhere, since those scripts put no spaces between words).
// Words shorter than three letters are too common to count.
func mentions(text, phrase string) bool {
	p := strings.TrimSpace(normalizeWords(phrase))
	if utf8.RuneCountInString(p) < 3 {
		return false
	}
	for _, r := range p {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) {
			return strings.Contains(text, p)
		}
	}
	return strings.Contains(text, " "+p+" ") || strings.Contains(text, " "+p+"s ")
}

// ProductsFor is what an introduction to cust offers: catalog products
// matching the customer's tags and the words of their mail. It blocks on
// the store only.
func (f *FollowUp) ProductsFor(ctx context.Context, cust keepwarm.Customer) ([]templates.Product, error) {
	catalog, err := f.store.Products(ctx)
	if err != nil || len(catalog) == 0 {
		return nil, err
	}
	var tags []string
	if f.cfg.Tags != nil {
		if tags, err = f.cfg.Tags(ctx, cust.ID); err != nil {
			return nil, err
		}
	}
	words, err := f.store.CustomerWords(ctx, cust.ID)
	if err != nil {
		return nil, err
	}
	return templates.ProductsOf(PickProducts(catalog, tags, words, MaxIntroProducts)), nil
}

// emptyReasonOf says why a step was not sent (err a
// *templates.EmptyPartError), for the outbox and the digest.
func emptyReasonOf(err error, template string) string {
	var e *templates.EmptyPartError
	if errors.As(err, &e) && e.SaysNothing {
		return saysNothingReason(e.Part, template)
	}
	part, _ := templates.IsEmptyPart(err)
	return emptyReason(part, template)
}

// saysNothingReason says why a mail whose words are all inside {{with
// .Products}} (or {{with .Company}}) is not sent to a customer without
// them: it would be its opening and its sign-off alone.
func saysNothingReason(part, template string) string {
	if part == "Company" {
		return fmt.Sprintf("not sent: the book has no company name for this customer, and %s then says nothing but its opening and sign-off (write what it says to them outside {{with .Company}} and above the closing, since under it everything but a P.S. is the signature, or add \"requires: Company\" to its header)", template)
	}
	return fmt.Sprintf("not sent: no product in the catalog matches the customer's tags or mail, and %s then says nothing but its opening and sign-off (write what it says to them outside {{with .Products}} and above the closing, since under it everything but a P.S. is the signature, or add \"requires: Products\" to its header)", template)
}

// emptyReason says why a mail needing part (of template) is not sent.
func emptyReason(part, template string) string {
	switch part {
	case "Products":
		return "not sent: no product in the catalog matches the customer's tags or mail (" + template + " needs products; import a catalog with `keepwarm products import`, or tag the customer)"
	case "Company":
		return "not sent: the customer book has no company name (" + template + " names the company)"
	case "Original":
		return "not sent: the followed-up mail's text is unknown (" + template + " quotes it)"
	}
	return "not sent: " + template + " needs " + part + ", which is empty"
}

// emptiedPart is the part whose lack leaves the text of file (of set) a
// mail to the contact to of cust says nothing in ("Products" when no
// product matches, "Company" when the book has no company name; the one
// whose guard holds its words when it lacks both:
// templates.EmptiedPart), "" when it has both: a text that then says
// nothing (templates.Rendered.SaysNothing) is skipped for it.
func emptiedPart(set *templates.Set, file string, products []templates.Product, cust keepwarm.Customer, to keepwarm.Address) string {
	noCompany := templates.CompanyOf(cust, templates.NewContact(to.Name, to.Email)) == ""
	return templates.EmptiedPart(set, file, len(products) == 0, noCompany)
}
