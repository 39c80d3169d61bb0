package sequences

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

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
// follow-up to rcpts (all its recipients, To and Cc) no longer writes to.
// Left out is anyone anchor went to, other than the team's own addresses
// (own), who is not among rcpts: a contact who bounced or opted out since,
// or someone who is not the customer's contact (an agent). The opening
// greets one of them when it names them ("Dear Hans, dear Anna," without
// Anna), or, when it greets several people by name, when one of those
// names is not a recipient's still written to ("Dear Hans and Anna," to
// Hans alone, whatever the book or the headers call Anna, or nothing). A
// single name stays unless it names one left out ("Hi Hansi," with Anna
// gone). nil rcpts (a preview to one contact) says nobody is left out.
func greetsLeftOut(anchor keepwarm.Message, rcpts []keepwarm.Address, own func(string) bool) bool {
	if rcpts == nil {
		return false
	}
	still := map[string]bool{}
	for _, a := range rcpts {
		still[strings.ToLower(a.Email)] = true
	}
	// names holds every name an address goes by: the book's, the
	// headers', the recipient's own.
	names := map[string][]string{}
	for _, a := range slices.Concat(anchor.Contacts, anchor.To, anchor.Cc, rcpts) {
		if n := cleanName(a.Name); n != "" {
			e := strings.ToLower(a.Email)
			names[e] = append(names[e], n)
		}
	}
	contact := map[string]bool{}
	for _, a := range anchor.Contacts {
		contact[strings.ToLower(a.Email)] = true
	}
	var greeted, people []string
	var dropped []string // the customer's contacts left out: bounced, opted out
	joined, group, read, leftOut := false, false, false, false
	for _, a := range slices.Concat(anchor.To, anchor.Cc) {
		e := strings.ToLower(a.Email)
		if e == "" || still[e] || strings.EqualFold(e, anchor.From.Email) || (own != nil && own(e)) {
			continue
		}
		if contact[e] {
			dropped = append(dropped, e)
		}
		if !read {
			opening := templates.Opening(anchor.Text)
			if opening == "" {
				return false
			}
			greeted, people, joined, group = openingPeople(opening)
			read = true
		}
		leftOut = true
		for _, n := range names[e] {
			if slices.ContainsFunc(greeted, func(g string) bool { return namedInBy([]string{g}, n, companyRead(g, names)) }) {
				return true
			}
		}
	}
	// Several names joined, one nobody's name now: someone left out is
	// greeted. Beside a group word only a person's name counts ("Hi Ute
	// and team," with Ute's address nameless, "尊敬的王总、李工及各位"):
	// its neighbours ("各位同事", "the team", "Sales Team") are no one's,
	// and only when a contact was dropped it could be, not someone still
	// written to (mayBeDropped).
	if !leftOut {
		return false
	}
	if group {
		return slices.ContainsFunc(people, func(g string) bool {
			return mayBeDropped(g, rcpts, dropped, names, stillByCompany(g, dropped, names))
		})
	} else if !joined || len(greeted) < 2 {
		return false
	}
	for _, g := range greeted {
		if !slices.ContainsFunc(rcpts, func(a keepwarm.Address) bool {
			return slices.ContainsFunc(names[strings.ToLower(a.Email)], func(n string) bool {
				return namedInBy([]string{g}, n, stillByCompany(g, dropped, names))
			})
		}) {
			return true
		}
	}
	return false
}

// mayBeDropped says whether g, a person a group opening greets ("Bill" of
// "Hi Bill and team,") whom no name of anyone left out names, may be one
// of dropped (the customer's contacts left out: bounced, opted out): only
// when someone was dropped whom g could be (their name unknown, in another
// script than g, or g a short form of it: "Bill", "Mike"), and no name of
// anyone still written to (rcpts) is g or has g as its short form. When
// unsure whom g greets, the step is rewritten rather than sent greeting
// someone gone. A forwarder in Cc, who is no contact and gets no
// follow-up, drops nobody: "Hi Mike and team," stays hers.
//
// A Chinese g is someone still written to as a company and their surname
// ("华为王" of "华为王总": 王伟) only when stillSuffix says so
// (stillByCompany); it may be someone dropped that way whenever it is no
// one's full name.
//
// A person greeted with more of their name ("Anna Vogel", "Maria José") is
// someone still written to by its first word, the given name: the surname
// Anna Vogel shares with Hans Vogel does not make her greeting his. She may
// be someone dropped by any word of it.
func mayBeDropped(g string, rcpts []keepwarm.Address, dropped []string, names map[string][]string, stillSuffix bool) bool {
	is := func(g, e string, suffix bool) bool {
		return slices.ContainsFunc(names[e], func(n string) bool { return han(n) == han(g) && shortFormOf(g, n, suffix) })
	}
	first, rest, _ := strings.Cut(g, " ")
	still := func(a keepwarm.Address) bool {
		e := strings.ToLower(a.Email)
		return is(first, e, stillSuffix) || slices.ContainsFunc(names[e], func(n string) bool { return initialOf(g, n, true) })
	}
	if honorifics[strings.ToLower(first)] && rest != "" {
		// "Khun Somchai", "Don Carlos": the word after the honorific is
		// someone still written to only as the first word of their name,
		// their given name. "Don Vogel" is not Hans Vogel. A title before
		// it ("Mr. Budi", "Datuk Ahmad Razak") or a family name in
		// capitals ("SRISUK Somchai") is not it, and "B. Santoso" writes
		// it by its initial.
		given, _, _ := strings.Cut(rest, " ")
		still = func(a keepwarm.Address) bool {
			return slices.ContainsFunc(names[strings.ToLower(a.Email)], func(n string) bool {
				return han(n) == han(given) && shortFormOf(given, givenNameOf(n), stillSuffix) || initialOf(rest, n, true)
			})
		}
	}
	if slices.ContainsFunc(rcpts, still) {
		return false
	}
	return slices.ContainsFunc(dropped, func(e string) bool {
		return is(g, e, companyRead(g, names)) || !slices.ContainsFunc(names[e], func(n string) bool { return han(n) == han(g) }) ||
			slices.ContainsFunc(names[e], func(n string) bool { return initialOf(g, n, false) })
	})
}

// givenNameOf is the given name of name, a name as cleanName writes it:
// its first word after any title or honorific ("Mr. Budi", "Datuk Ahmad
// Razak"), the word after a family name in capitals that stands before it
// ("SRISUK Somchai").
func givenNameOf(name string) string {
	ws := strings.Fields(name)
	for len(ws) > 1 {
		b := strings.ToLower(strings.TrimSuffix(ws[0], "."))
		if !honorifics[b] && !titleWords[b] && !templates.IsOpeningWord(b) {
			break
		}
		ws = ws[1:]
	}
	capitals := func(w string) bool {
		return utf8.RuneCountInString(w) > 1 && strings.ToUpper(w) == w && strings.ToLower(w) != w
	}
	if len(ws) > 1 && capitals(ws[0]) && !capitals(ws[1]) {
		ws = ws[1:]
	}
	if len(ws) == 0 {
		return ""
	}
	return ws[0]
}

// initialOf says whether name writes a word of g by its initial: "H.
// Vogel" for "Hans Vogel". Strict (someone still written to), only the
// given name, the first part of name, and only when g goes on with a
// word that is another part of name: "H. Vogel" is Hans Vogel, not any
// Hans, and "John D. Smith" no Dave. Not strict (someone dropped whom g
// may be), any initial of name that starts a word of g.
func initialOf(g, name string, strict bool) bool {
	parts := strings.Fields(strings.ToLower(name))
	words := strings.Fields(strings.ToLower(g))
	isInitial := func(part, w string) bool {
		i, ok := strings.CutSuffix(part, ".")
		return ok && utf8.RuneCountInString(i) == 1 && !han(i) && strings.HasPrefix(w, i)
	}
	if !strict {
		for _, p := range parts {
			for _, w := range words {
				if isInitial(p, w) {
					return true
				}
			}
		}
		return false
	}
	if len(parts) < 2 || len(words) < 2 || !isInitial(parts[0], words[0]) {
		return false
	}
	for _, w := range words[1:] {
		if slices.Contains(parts[1:], w) {
			return true
		}
	}
	return false
}

// companyRead says whether g, a Chinese name an opening greets, may be
// read as a company's name and a surname ("华为王": 王伟): only when it is
// no part of the Chinese name of anyone the mail went to. "张建华" of "尊
// 敬的张建华先生" is 张建华, not someone whose surname is 华.
func companyRead(g string, names map[string][]string) bool {
	for _, ns := range names {
		for _, n := range ns {
			if han(n) && strings.Contains(n, g) {
				return false
			}
		}
	}
	return true
}

// stillByCompany says whether g may be read as a company and the surname
// of someone still written to: companyRead, and no contact dropped
// (dropped) is named by g or named only in another script. When unsure
// whether g is someone gone ("尊敬的张建华先生及各位同事：" with 张建华's
// address named "Zhang Jianhua" alone), it is not read so, and the step is
// rewritten. A dropped contact with no name at all does not stop it: "尊敬
// 的华为王总及各位同事：" to 王伟 stays hers.
func stillByCompany(g string, dropped []string, names map[string][]string) bool {
	if !companyRead(g, names) {
		return false
	}
	return !slices.ContainsFunc(dropped, func(e string) bool {
		hs := slices.DeleteFunc(slices.Clone(names[e]), func(n string) bool { return !han(n) })
		return len(hs) == 0 && len(names[e]) > 0 || slices.ContainsFunc(hs, func(n string) bool { return namedIn([]string{g}, n) })
	})
}

// shortFormOf says whether g, a name an opening greets someone by, is a
// word of name or a short form of one: "Hans" of "Hans Meier", "Alex" of
// "Alexander Wolf", "Bill" of "William Smith", "王" of "王伟". An initial
// ("H. Vogel") is initialOf's.
// A person greeted with more of their name ("Maria José", "Иван Петрович")
// is theirs when one word of it is.
func shortFormOf(g, name string, suffix bool) bool {
	for _, w := range strings.Fields(g) {
		if namedInBy([]string{w}, name, suffix) {
			return true
		}
		low := strings.ToLower(w)
		for _, part := range strings.Fields(strings.ToLower(name)) {
			if utf8.RuneCountInString(low) >= 3 && strings.HasPrefix(part, low) || slices.Contains(nicknames[low], part) {
				return true
			}
		}
	}
	return false
}

// nicknames are the English short forms of a given name that are not its
// start: "Bill" is William.
var nicknames = map[string][]string{
	"bill": {"william"}, "billy": {"william"}, "will": {"william"}, "liam": {"william"},
	"bob": {"robert"}, "bobby": {"robert"}, "rob": {"robert"}, "bert": {"robert", "albert", "herbert"},
	"mike": {"michael"}, "mick": {"michael"}, "mickey": {"michael"},
	"jim": {"james"}, "jimmy": {"james"}, "jamie": {"james"},
	"dick": {"richard"}, "rick": {"richard"}, "ricky": {"richard"}, "rich": {"richard"},
	"tony": {"anthony", "antonio"}, "ted": {"edward", "theodore"}, "ned": {"edward"},
	"jack": {"john"}, "johnny": {"john", "jonathan"}, "hank": {"henry"}, "harry": {"henry", "harold"},
	"peggy": {"margaret"}, "maggie": {"margaret"}, "meg": {"margaret"}, "liz": {"elizabeth"},
	"beth": {"elizabeth"}, "betty": {"elizabeth"}, "lisa": {"elizabeth"}, "kate": {"katherine", "catherine", "kathryn"},
	"katie": {"katherine", "catherine", "kathryn"}, "kathy": {"katherine", "catherine", "kathryn"},
	"cathy": {"catherine"}, "sally": {"sarah"}, "sue": {"susan", "suzanne"}, "peg": {"margaret"},
	"chuck": {"charles"}, "charlie": {"charles"}, "jeff": {"jeffrey", "geoffrey"}, "jerry": {"gerald", "jeremy"},
	"larry": {"lawrence", "laurence"}, "terry": {"terence", "theresa"}, "sandy": {"alexandra", "sandra"},
	"sasha": {"alexander", "alexandra", "aleksandr"}, "pepe": {"josé", "jose"}, "paco": {"francisco"},
	"nacho": {"ignacio"}, "beppe": {"giuseppe"}, "sepp": {"josef", "joseph"}, "hansi": {"hans", "johannes"},
}
