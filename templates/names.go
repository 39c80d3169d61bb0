package templates

import (
	"errors"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Person is what a display name and an address say about whom a message
// greets: the person's name without a title, their first name, and the
// title they were written with. Name is "" when the display name is no
// person's (a company, a department, a shared address like info@): such a
// contact gets the formal salutation, never "Dear Ltd," or "Dear Einkauf,".
type Person struct {
	Name      string // "Ahmed Khan" from "Mr. AHMED KHAN"
	FirstName string // "Ahmed"
	Title     string // "Mr." as written; "" when none
	// Family is the family name when the display name marked it by
	// writing it in capitals ("WANG Wei", "Jean DUPONT"): "Wang",
	// "Dupont". Name then has it last ("Wei Wang"); "" otherwise.
	Family string
}

// honorifics are the titles written before a name, lower-case without a
// dot: "Mr. Ahmed Khan" names Ahmed, not "Mr.".
var honorifics = wordSet("mr mrs ms miss mx mister dr eng engr ing dipl prof herr frau hr fr sr sra srta " +
	"m mme mlle monsieur madame sheikh shaikh sheikha sir madam dott sig sigra capt col gen " +
	"hon rev sayyid sayed hajj haji ustadh")

// companyWords mark a display name that is a company: "Shenzhen Bright Co.,
// Ltd", "Al Noor Trading", "Müller GmbH". They mark one in any case.
var companyWords = wordSet("ltd limited corp corporation inc incorporated llc llp plc gmbh " +
	"ltda trading traders industries industrial industry group company " +
	"enterprise enterprises international intl factory manufacturing imports exports holding holdings")

// companyShort are the short company forms that are also names or parts of
// names ("Li Sa", "Ab", "Est"): they mark a company only written with dots
// or in capitals ("S.A.", "SA", "AG", "Co.").
var companyShort = wordSet("sa ag kg ohg co ab bv nv oy sl srl sarl sas spa est as pty pvt lda kft oü fze fzco fzc wll")

// isCompanyWord says whether w marks a company: a long form in any case,
// a short one only as "S.A." or "SA".
func isCompanyWord(w string) bool {
	b := bare(w)
	if companyWords[b] {
		return true
	}
	if !companyShort[b] {
		return false
	}
	if strings.Contains(w, ".") {
		return true
	}
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// companyMarks are written without spaces around them (Chinese, Japanese).
var companyMarks = []string{"有限公司", "公司", "集团", "工厂", "厂", "株式会社", "商行"}

// roleWords mark a department or a shared address, in a display name or an
// address's local part (sales@, einkauf@, 采购@).
var roleWords = wordSet("sales sale purchasing purchase purchaser purchases procurement info information office dept department " +
	"team service services support admin administration import export buyer buyers buying order orders account accounts " +
	"accounting noreply no-reply donotreply marketing contact contacts enquiry enquiries inquiry inquiries finance logistics " +
	"shipping reception mail webmaster postmaster hello service customerservice einkauf verkauf vertrieb buchhaltung zentrale " +
	"kontakt bestellung compras ventas contacto achats ventes commercial commerciale comercial vendas acquisti vendite")

// roleMarks are department names written without spaces around them.
var roleMarks = []string{"采购", "销售", "业务", "外贸", "财务", "客服", "询价", "市场部"}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// nameWords splits s into words on anything that is not a letter, a digit
// or an apostrophe or hyphen inside a name.
func nameWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-' || r == '.' || r == '&')
	})
}

// bare is w lower-cased without dots: "Mr." and "MR" are "mr", "S.A." "sa".
func bare(w string) string {
	return strings.ToLower(strings.ReplaceAll(w, ".", ""))
}

// isRoleWord says whether one word names a department: "Sales",
// "Einkauf", "采购部".
func isRoleWord(w string) bool {
	if roleWords[bare(w)] {
		return true
	}
	rest := w
	for _, m := range roleMarks {
		rest = strings.ReplaceAll(rest, m, "")
	}
	return rest != w && strings.Trim(rest, "部组處处") == ""
}

// isRoleAddress says whether an address's local part is a shared one:
// all its words (split on dots, dashes, underscores and digits) are role
// words: info@, export1@, sales.dept@, 采购@, no-reply@. ahmed.sales@ is
// Ahmed's.
func isRoleAddress(local string) bool {
	return IsRoleLocal(local)
}

// IsRoleLocal says whether an address's local part names a shared
// mailbox, not a person (isRoleAddress): sales, info, export1, no-reply.
func IsRoleLocal(local string) bool {
	words := strings.FieldsFunc(local, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return false
	}
	if roleWords[bare(strings.Join(words, ""))] {
		return true // no-reply, do_not_reply
	}
	for _, w := range words {
		if !isRoleWord(w) {
			return false
		}
	}
	return true
}

// segmentBreak splits a display name into its parts: "Ahmed Khan
// (Export)", "Maria Lopez - Purchasing", "Lily | Sales", and the same
// written with a Chinese input method's full-width marks: "王伟（采购部）".
var segmentBreak = regexp.MustCompile(`[()\[\]|/;:–—（）【】［］｜／；：〔〕]|\s[-－]+\s`)

// withoutDepartment drops from a display name the parts that name a
// department or a company: "Ahmed Khan (Export)", "Maria Lopez -
// Purchasing Manager", "Purchasing, Maria Lopez", "Hans Meier (Globex
// GmbH)" and "Maria Lopez - Grupo Lopez SA" name Ahmed Khan, Maria Lopez
// and Hans Meier. A part
// with a role word is the department's whole ("Accounts Payable",
// "Customer Service", "Sales Office Shanghai"): a department is nobody's
// name, and "Dear Payable" would embarrass. A company is dropped only as
// a segment of its own, set apart by brackets or a dash: a company word
// in the name's own text ("Acme Widgets, Inc.", "Globex (Shanghai) Co.,
// Ltd.", "Globex GmbH, Hans Meier") makes the whole name a company's,
// since the words beside it are as likely the rest of the company's name
// as a person's, and "Dear Acme" would embarrass. It returns "" when
// nothing else is named.
func withoutDepartment(n string) string {
	var kept []string
	seps := segmentBreak.FindAllString(n, -1)
	for i, seg := range segmentBreak.Split(n, -1) {
		apart := i > 0 && !closingBracket(seps[i-1])
		if apart && isTag(seg) {
			continue // "Lily Chen (HK)", "Tom Lee (USA)": an office or a country
		}
		var parts []string
		company := false
		for _, part := range strings.Split(seg, ",") {
			if isCompany(part) {
				company = true
				break
			}
			if !isDepartment(part) {
				parts = append(parts, part)
			}
		}
		if company {
			if !apart {
				return ""
			}
			continue
		}
		if seg = strings.TrimSpace(strings.Join(parts, ",")); strings.Trim(seg, " ,.-'&") != "" {
			kept = append(kept, seg)
		}
	}
	return strings.Join(kept, " ")
}

// isTag says whether a segment set apart is one word of two or three
// capitals: an office, country or role tag ("HK", "USA", "GF").
func isTag(seg string) bool {
	w := strings.TrimSpace(seg)
	n := utf8.RuneCountInString(w)
	return n >= 2 && n <= 3 && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsUpper(r) }) < 0
}

// closingBracket says whether a segment break closes a bracket: the text
// after it goes on with the name's own text ("Globex (Shanghai) Co.,
// Ltd."), not a part set apart.
func closingBracket(sep string) bool {
	return strings.ContainsAny(sep, ")]）】］〕")
}

// isCompany says whether part of a display name names a company: any of
// its words is a company word ("GmbH", "Trading", "S.A.") or it holds a
// company mark ("有限公司").
func isCompany(part string) bool {
	for _, w := range nameWords(part) {
		if isCompanyWord(w) {
			return true
		}
	}
	for _, m := range companyMarks {
		if strings.Contains(part, m) {
			return true
		}
	}
	return false
}

// isDepartment says whether part of a display name names a department:
// any of its words is a role word ("Einkauf", "Export Manager", "采购部").
func isDepartment(part string) bool {
	for _, w := range nameWords(part) {
		if isRoleWord(w) {
			return true
		}
	}
	for _, m := range roleMarks {
		if strings.Contains(part, m) {
			return true
		}
	}
	return false
}

// PersonOf reads the person a display name and an address name. It does
// not block.
func PersonOf(display, email string) Person {
	n := strings.TrimSpace(strings.Trim(strings.TrimSpace(display), `"'`))
	if local, _, ok := strings.Cut(email, "@"); ok && isRoleAddress(local) {
		// A shared address is nobody's, whatever name its mail carries.
		return Person{}
	}
	if n == "" || strings.Contains(n, "@") {
		return Person{}
	}
	if n = withoutDepartment(n); n == "" {
		return Person{}
	}
	words := nameWords(n)
	// "Khan, Ahmed" names Ahmed first.
	if last, first, ok := strings.Cut(n, ","); ok && strings.TrimSpace(first) != "" && strings.TrimSpace(last) != "" {
		words = append(nameWords(first), nameWords(last)...)
	}
	local, _, _ := strings.Cut(email, "@")
	for _, w := range words {
		if isDomain(w, local) {
			return Person{} // "Alibaba.com", "globex.de": a company's site
		}
	}
	words = splitDotted(words)
	var p Person
	for len(words) > 0 && isHonorific(words[0]) {
		switch {
		case p.Title == "":
			p.Title = words[0]
		case academic(words[0]) && !strings.Contains(p.Title, " ") && !academic(p.Title):
			p.Title += " " + words[0] // "Frau Dr. Schmidt": the doctorate stays
		}
		words = words[1:]
	}
	var kept []string
	dotted := map[int]bool{} // the initials written with their dot ("J.")
	for _, w := range words {
		t := strings.Trim(w, ".-'&")
		if t != "" && t != "&" {
			if isInitial(t) && strings.HasSuffix(w, ".") {
				dotted[len(kept)] = true
			}
			kept = append(kept, t)
		}
	}
	if len(kept) == 0 {
		return Person{}
	}
	if isInitial(kept[0]) {
		// "J. Smith", "Meier, H.": an initial is no first name to greet
		// ("Dear J,"). With a title the family name is addressed ("Mr. J.
		// Smith" is Mr. Smith); without one there is no first name, and
		// the opening is the formal one.
		var names []string
		for _, w := range kept {
			if !isInitial(w) {
				names = append(names, w)
			}
		}
		if len(names) == 0 {
			return Person{}
		}
		recase := shouting(names) || whispering(names) // "J. WANG", "j. smith"
		family := names[len(names)-1]
		if recase {
			family = titleCase(family)
		}
		if p.Title != "" {
			p.Name, p.FirstName = family, titleWord(p.Title)+" "+family
			return p
		}
		for i, w := range kept {
			switch {
			case dotted[i]:
				kept[i] = strings.ToUpper(w) + "."
			case isInitial(w):
				kept[i] = strings.ToUpper(w)
			case recase:
				kept[i] = titleCase(w)
			}
		}
		return Person{Name: strings.Join(kept, " ")}
	}
	for len(kept) > 1 && postNominals[strings.ToLower(kept[len(kept)-1])] && strings.IndexFunc(kept[len(kept)-1], unicode.IsLower) < 0 {
		kept = kept[:len(kept)-1] // "John Smith MBA"
	}
	if given, family, ok := familyInCapitals(kept); ok {
		// "WANG Wei", "DUPONT Jean", "Jean DUPONT": the capitals mark the
		// family name, written after the given name and as a name.
		for i, w := range family {
			family[i] = titleCase(w)
		}
		p.Family = strings.Join(family, " ")
		p.Name, p.FirstName = strings.Join(given, " ")+" "+p.Family, given[0]
		if f := strings.ToLower(family[0]); len(given) > 1 && len(family) == 1 &&
			(vietMiddleNames[strings.ToLower(given[0])] || vietFamilyNames[f] && !sharedFamilyNames[f]) {
			// "NGUYEN Van An", "HO Van Nam": a Vietnamese is called by
			// the last given name, An; Văn and Thị are middle names. A
			// family name Korean or Chinese too ("DO Min Jun", "LE Xiao
			// Ming") is called by the first, as before.
			p.FirstName = given[len(given)-1]
		}
		return p
	}
	if shouting(kept) || whispering(kept) {
		for i, w := range kept {
			kept[i] = titleCase(w)
		}
	}
	written := slices.Clone(kept)
	for i := range written {
		if dotted[i] {
			written[i] += "." // "John F. Kennedy"
		}
	}
	p.Name, p.FirstName = strings.Join(written, " "), kept[0]
	if p.Title != "" && len(kept) == 1 {
		// "Herr Meier", "Mr. Smith", "MR AHMED", "Sheikh Rashid": one name
		// after a title is as often the family name, and the title is how
		// they are addressed: "Dear Mr. Ahmed", never "Dear Meier".
		p.FirstName = titleWord(p.Title) + " " + kept[0]
	}
	return p
}

// vietFamilyNames are the commonest Vietnamese family names, without
// their diacritics as most write them in mail (Ho, Lam, Dang: Cantonese
// and pinyin names too, only with their marks).
// sharedFamilyNames among them are Korean or Chinese family names too
// (Do, Le): no sign alone that the name is Vietnamese.
var sharedFamilyNames = wordSet("le do")

// vietMiddleNames are the Vietnamese middle names written first among the
// given names (Văn, Thị, Hữu, Đức): the name is Vietnamese.
var vietMiddleNames = wordSet("van văn thi thị huu hữu duc đức")

var vietFamilyNames = wordSet("nguyen tran le pham hoang huynh phan vu vo bui do ngo duong trinh dinh truong " +
	"nguyễn trần lê phạm hoàng huỳnh võ đặng bùi đỗ hồ ngô dương lý trịnh đinh lâm trương")

// postNominals are the degrees and roles written in capitals after a name
// ("John Smith MBA"): no family name.
// The office, country and role tags people add in capitals ("Tom Lee USA",
// "Hans Meier GF", "John Smith III", "Maria Lopez RRHH") are dropped the
// same way: none is a family name.
var postNominals = wordSet("mba phd msc bsc md ceo cfo coo cto cmo gm vp svp evp pe cpa " +
	"gf hr jr sr ii iii iv rrhh usa us uk hk sh bj gz sz cn ksa uae eu emea apac latam mena hq")

// familyInCapitals splits a name whose family name is written in
// capitals and its given name not ("WANG Wei", "MEIER Hans", "NGUYEN Van
// An", "Jean DUPONT"): the words in capitals (two letters or more, all at
// the start or all at the end) are the family name. ok is false for any
// other name.
func familyInCapitals(words []string) (given, family []string, ok bool) {
	caps := make([]bool, len(words))
	n := 0
	for i, w := range words {
		letters, upper := 0, 0
		for _, r := range w {
			if unicode.IsLetter(r) {
				letters++
			}
			if unicode.IsUpper(r) {
				upper++
			}
		}
		if letters >= 2 && upper == letters {
			caps[i] = true
			n++
		}
	}
	if n == 0 || n == len(words) {
		return nil, nil, false
	}
	for i, w := range words {
		if !caps[i] && strings.IndexFunc(w, unicode.IsLower) < 0 {
			return nil, nil, false // "J WANG": an initial, not a given name
		}
	}
	switch {
	case caps[0] && allTrue(caps[:n]):
		return words[n:], words[:n], true
	case caps[len(words)-1] && allTrue(caps[len(words)-n:]) && len(words)-n == 1:
		// "Jean DUPONT": capitals after one given name. After a whole
		// name ("Hans Meier ABC") they are a tag, not a family name.
		return words[:len(words)-n], words[len(words)-n:], true
	}
	return nil, nil, false
}

func allTrue(bs []bool) bool {
	for _, b := range bs {
		if !b {
			return false
		}
	}
	return true
}

// topLevel are the domain endings a display name written as a domain
// ends with ("Alibaba.com", "globex.de", "acme.co.uk"). Endings that are
// also family names ("li", "ng", "ma", "hu", "lu", "ye") are not among
// them: "jack.ma" is Jack Ma.
var topLevel = wordSet("com net org biz info io co de cn uk hk tw jp kr in ae eu fr it es nl be ch at ru br mx tr pl us ca au " +
	"sg my vn th id ph pk eg za se no dk fi pt gr cz ro ua il nz ar cl pe qa kw om bh")

// isDomain says whether a word of a display name is a domain: pieces
// joined by dots, the last a domain ending, and not the address's own
// local part written as a name ("hans.meier" <hans.meier@…>).
func isDomain(w, local string) bool {
	parts := strings.Split(strings.ToLower(w), ".")
	if len(parts) < 2 || parts[0] == "" || !topLevel[parts[len(parts)-1]] {
		return false
	}
	return !strings.EqualFold(w, local)
}

// splitDotted splits the words an address's local part writes as a name
// ("hans.meier", "li.wei", "hans.meier2": Hans Meier, Li Wei) on their
// dots, and drops digits from words that have letters; initials and short
// forms written with dots ("J.", "S.A.") stay as they are.
func splitDotted(words []string) []string {
	var out []string
	for _, w := range words {
		if strings.ContainsFunc(w, unicode.IsDigit) && strings.ContainsFunc(w, unicode.IsLetter) {
			w = strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) {
					return -1
				}
				return r
			}, w)
		}
		parts := strings.Split(w, ".")
		split := len(parts) > 1
		for _, p := range parts {
			if utf8.RuneCountInString(p) < 2 {
				split = false
			}
		}
		if !split {
			out = append(out, w)
			continue
		}
		out = append(out, parts...)
	}
	return out
}

// whispering says whether a name is written all in lower case ("maria
// lopez"): it is written as a name, as a person would.
func whispering(words []string) bool {
	lower := 0
	for _, w := range words {
		for _, r := range w {
			if unicode.IsUpper(r) || (unicode.IsLetter(r) && !unicode.IsLower(r)) {
				return false // a capital, or a script without case
			}
			if unicode.IsLower(r) {
				lower++
			}
		}
	}
	return lower > 1
}

// abbreviated are the titles written with a dot when short.
var abbreviated = wordSet("mr mrs ms dr eng engr ing dipl prof sr sra srta hr fr capt col gen hon rev dott sig sigra")

// titleWord writes a title as it is written before a name: "MR" and "mr"
// are "Mr.", "HERR" "Herr", "Mme" stays.
func titleWord(t string) string {
	if first, second, ok := strings.Cut(t, " "); ok {
		return titleWord(first) + " " + titleWord(second) // "FRAU DR." is "Frau Dr."
	}
	w := titleCase(strings.TrimSuffix(t, "."))
	if abbreviated[bare(t)] {
		w += "."
	}
	return w
}

// academic says whether title is a doctor's or a professor's, which
// German writes after Herr or Frau ("Frau Dr. Schmidt").
func academic(title string) bool {
	b := bare(title)
	return b == "dr" || b == "prof"
}

// isHonorific says whether w is a title; "M" is one only as "M." (a
// single M is an initial).
func isHonorific(w string) bool {
	b := bare(w)
	if b == "m" {
		return strings.HasSuffix(w, ".")
	}
	return honorifics[b]
}

// shouting says whether a name is written all in capitals ("MR AHMED
// KHAN"): it is written back as "Ahmed Khan". A single capital ("J") is
// an initial, not shouting.
func shouting(words []string) bool {
	upper := 0
	for _, w := range words {
		for _, r := range w {
			if unicode.IsLower(r) {
				return false
			}
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return upper > 1
}

// titleCase writes a word capital first and the rest small, keeping the
// parts of "AL-HARBI" and "O'NEIL": "Al-Harbi", "O'Neil".
func titleCase(w string) string {
	rs := []rune(strings.ToLower(w))
	start := true
	for i, r := range rs {
		if start && unicode.IsLetter(r) {
			rs[i] = unicode.ToUpper(r)
		}
		start = r == '-' || r == '\''
	}
	return string(rs)
}

// nameBound are the words of an opening that need a name after them:
// "Dear ," or "Sehr geehrter Herr ," is a name slot left empty. Openings
// that stand alone ("Hello,", "Hallo,") are not among them.
var nameBound = wordSet("dear dearest liebe lieber geehrte geehrter herr frau estimado estimada querido querida " +
	"cher chère prezado prezada caro cara gentile egregio mr mrs ms miss dr уважаемый уважаемая дорогой дорогая " +
	"господин госпожа г-н г-жа")

// titleAbbrevs are the titles abbreviated before a name ("Estimado Ing.
// Pérez:", "Gentile Sig.ra Rossi"): written with their dot, they need a
// name after them too. Without it "Ing" may be the name itself.
var titleAbbrevs = wordSet("sr sra srta dra ing lic dott dottssa sig sigra")

// needsName says whether the last of the words f of an opening needs a
// name after it: "Dear", "Herr", "господин", and "Sr." or "Ing." when
// they stand first or follow the opening's word or another title
// ("Estimado Sr.", "Sehr geehrter Herr Dr."). After a name an
// abbreviation is its suffix: "Mr. Smith Sr." has its name.
func needsName(f []string) bool {
	w := f[len(f)-1]
	b := bare(w)
	if nameBound[b] {
		return true
	}
	if !strings.Contains(w, ".") || !titleAbbrevs[b] && !abbreviated[b] {
		return false
	}
	if len(f) == 1 {
		return true
	}
	prev := bare(strings.TrimRight(f[len(f)-2], slotPunct))
	return nameBound[prev] || bareGreetings[prev] || titleAbbrevs[prev] || abbreviated[prev] || titleOpenings[prev]
}

// titleOpenings are further words an opening writes before a title: the
// Portuguese "Ilmo. Sr." (Illustrious Sir).
var titleOpenings = wordSet("ilmo ilma ilmos exmo exma sehr")

// titleNoName says whether the last of the words f, written with a dot
// before the end's space, is a title or an initial with no name after it
// ("Estimado Sr. :", "Cher M. :"), not a name's or company's last word
// ("Mr. Smith Sr. !", "Durand S.A. !").
func titleNoName(f []string) bool {
	w := strings.TrimRight(f[len(f)-1], slotPunct)
	if !strings.HasSuffix(w, ".") {
		return false
	}
	if utf8.RuneCountInString(bare(w)) == 1 {
		return len(f) == 1 || nameBound[bare(f[len(f)-2])] // "M. :", "Cher M. :"
	}
	return needsName(append(f[:len(f)-1:len(f)-1], w))
}

// bareGreetings are the greetings an opening writes before a name:
// "Bonjour !" or "Hi ," with a space before the end is a name left out.
var bareGreetings = wordSet("hi hello hey hallo moin servus hola olá ola bonjour bonsoir salut ciao buongiorno buonasera " +
	"morning afternoon evening tag morgen abend días dias tardes noches dia tarde noite merhaba marhaba ahlan " +
	"здравствуйте привет день утро вечер")

// occasionWords end an opening before a name and are no name themselves: the
// occasion ("Merry Christmas !"), a title spelled out ("Estimado
// Ingeniero :"). Outside French a space before the end after one of them
// is a name left out.
var occasionWords = wordSet("christmas xmas birthday year holidays holiday season anniversary day eid ramadan diwali " +
	"navidad cumpleaños año natal aniversário ano weihnachten geburtstag jahr feiertage " +
	"рождеством рождения годом праздником " +
	"ingeniero ingeniera licenciado licenciada doctor doctora arquitecto arquitecta profesor profesora " +
	"señor señora señorita engenheiro engenheira doutor doutora senhor senhora")

// namedClause says whether the words f, an opening's words before its
// last, hold a clause ended by a comma (or "!", ":") that names someone:
// "Dear Anna," in "Dear Anna, Merry Christmas !", "Dear Anna,Merry
// Christmas !" and "Hi Anna，good day !" (no space after the comma),
// "Hi Anna!" in "Hi Anna! Good day !", "Dear Sir or Madam," in "Dear Sir
// or Madam, hope all is well !". What follows it is the wish, not the
// slot of a name. A clause of greeting words or abbreviated titles only
// ("Hi,", "Dear Mr.,") names nobody; a title spelled out after the
// opening's word ("Dear Sir,", "Dear Madam,") is the reader, addressed
// so on purpose.
func namedClause(f []string) bool {
	var words []string // f cut after each clause mark, the mark kept
	for _, w := range f {
		for w != "" {
			i := strings.IndexAny(w, clauseMarks)
			if i < 0 {
				words = append(words, w)
				break
			}
			_, n := utf8.DecodeRuneInString(w[i:])
			words = append(words, w[:i+n])
			w = w[i+n:]
		}
	}
	end := -1
	for i, w := range words {
		if r, _ := utf8.DecodeLastRuneInString(w); strings.ContainsRune(clauseMarks, r) {
			end = i
		}
	}
	for i, w := range words[:end+1] {
		b := bare(strings.Trim(w, slotPunct+"'’\"()"))
		if addressees[b] {
			if i == 0 {
				return true // "Sir,", "Madam, Monsieur,"
			}
			if p := bare(strings.Trim(words[i-1], slotPunct)); nameBound[p] || addressees[p] {
				return true // "Dear Sir,", "Dear Madam,", "Dear Sirs,"
			}
		}
		if b != "" && !nameBound[b] && !bareGreetings[b] && !honorifics[b] && !abbreviated[b] &&
			!titleAbbrevs[b] && !titleOpenings[b] && !occasionWords[b] && !openingFillers[b] {
			return true
		}
	}
	return false
}

// clauseMarks end the clause of an opening that names its reader.
const clauseMarks = ",，!！:："

// addressees are the titles spelled out that address an unnamed reader,
// first or after an opening's word: "Dear Sir,", "Dear Madam,", "Madam,
// Monsieur,". "Dear Mr.," has lost its name.
var addressees = wordSet("sir sirs madam madams mesdames madame monsieur messieurs")

// openingFillers are words of an opening that name nobody: "Good
// morning,", "My dear,".
var openingFillers = wordSet("good my")

// frenchWords mark an opening as French, where a space before ! : ; is
// the typography: "Bonjour Marie !", "Madame, Monsieur :".
var frenchWords = wordSet("bonjour bonsoir salut coucou cher chère chers chères madame monsieur mesdames messieurs " +
	"mademoiselle joyeux joyeuse joyeuses bonne bon meilleurs vœux voeux")

// frenchOpening says whether an opening in lang (a tag, "" when not
// known) with the words f is French.
func frenchOpening(lang string, f []string) bool {
	if primary(lang) == "fr" {
		return true
	}
	for _, w := range f {
		if frenchWords[bare(strings.Trim(w, slotPunct+"'’"))] {
			return true
		}
	}
	return false
}

// nameSuffixes are the honorifics written after a name ("田中様",
// "김철수님께", "王先生", "王总您好"): an opening that is only one of them
// has lost its name.
var nameSuffixes = map[string]bool{"様": true, "さま": true, "さん": true, "殿": true, "様へ": true,
	"님": true, "님께": true, "씨": true, "귀하": true,
	"先生": true, "女士": true, "小姐": true, "总": true, "總": true, "经理": true, "經理": true, "老师": true, "老師": true}

// EmptyNameSlot returns the opening line of text when it greets a name
// that is not there ("Dear ,", "Dear  ", "尊敬的，", "様、", "مرحبًا ،"), else "". A template
// writing {{.Contact.FirstName}} where it should write
// {{.Contact.Salutation}} renders so for a contact without a name. It does
// not block.
func EmptyNameSlot(text string) string {
	return emptyNameSlot(text, "", nil)
}

// emptyNameSlot is EmptyNameSlot of text in lang ("" when not known).
// names, when not nil, are the words the mail of a contact without a
// name was rendered with (the salutation's, the company's): outside
// French a space before the end after any other word is a name left out
// ("Merry Christmas !", "Feliz Navidad !"). When nil, only the words
// that are never a name (occasionWords) say so: "Hi Marie !" is only
// spacing.
func emptyNameSlot(text, lang string, names map[string]bool) string {
	var line string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			line = l
			break
		}
	}
	t := strings.TrimRightFunc(line, unicode.IsSpace)
	if t == "" {
		return ""
	}
	cut := strings.TrimRight(t, ",:;!，：；！،、")
	if word := strings.TrimRightFunc(cut, unicode.IsSpace); cut != t && word != cut {
		// A space before the end: "Dear ," and "Bonjour  !" lost their
		// name, "Bonjour Marie !" and "Madame, Monsieur :" are French
		// typography (a space, often U+00A0 or U+202F, before ! ? ; :).
		// French puts that space only after the name or a polite noun,
		// never after a comma ("Hi, !", "Здравствуйте, !") or a title
		// abbreviation ("Estimado Ing. :"): there the name is missing.
		// Only French writes it: "Merry Christmas !" lost its name.
		f := strings.Fields(word)
		gap := cut[len(word):]
		if len(f) == 0 || utf8.RuneCountInString(gap) > 1 {
			return strings.TrimSpace(line)
		}
		last := f[len(f)-1]
		if end, _ := utf8.DecodeLastRuneInString(last); strings.ContainsRune(",，", end) || titleNoName(f) {
			return strings.TrimSpace(line)
		}
		w := strings.TrimRight(last, slotPunct)
		if needsName(append(f[:len(f)-1:len(f)-1], w)) || bareGreetings[bare(w)] {
			return strings.TrimSpace(line)
		}
		if gap == " " && !frenchOpening(lang, f) && !namedClause(f[:len(f)-1]) &&
			(occasionWords[bare(w)] || names != nil && !names[bare(w)]) {
			return strings.TrimSpace(line)
		}
	}
	cut = strings.TrimSpace(cut)
	if cut == "" {
		return strings.TrimSpace(line)
	}
	if strings.HasSuffix(cut, "尊敬的") || strings.HasSuffix(cut, "亲爱的") || strings.HasSuffix(cut, "親愛的") {
		return strings.TrimSpace(line)
	}
	if nameSuffixes[strings.TrimRight(strings.TrimSpace(strings.TrimSuffix(cut, "您好")), ",:;!，：；！،、")] {
		return strings.TrimSpace(line) // "様、", "님께", "先生，您好": the name before it is missing
	}
	if f := strings.Fields(cut); needsName(f) {
		return strings.TrimSpace(line)
	}
	if emptySlotInside(strings.TrimSpace(line)) {
		return strings.TrimSpace(line) // "Hi , hope all is well!", "，您好！", "님, 안녕하세요."
	}
	return ""
}

// slotPunct is the punctuation written after a name in an opening.
const slotPunct = ",:;!，：；！،、"

// emptySlotInside says whether an opening line (trimmed) lost its name
// before or in the middle of it rather than at its end: it starts with
// the punctuation that follows a name ("，您好！"), writes a comma after a
// space ("Hi , hope all is well!"), has a name suffix with no name before
// it ("님, 안녕하세요.", "总，您好"), or 尊敬的 with no name after it
// (spaces after it are no name: "尊敬的 ，" lost it, "尊敬的 Hans" has one).
func emptySlotInside(t string) bool {
	if r, _ := utf8.DecodeRuneInString(t); strings.ContainsRune(slotPunct, r) {
		return true
	}
	var prev rune
	for i, r := range t {
		if unicode.IsSpace(prev) && strings.ContainsRune(",،，、", r) &&
			!(r == '、' && joinedHonorific(t[:i+len("、")], true) && joinedHonorific(t[i:], false)) {
			return true // "Hi , hope", "Dear  , we"; not "女士 、先生"
		}
		prev = r
	}
	for s := range nameSuffixes {
		for i := 0; ; {
			j := strings.Index(t[i:], s)
			if j < 0 {
				break
			}
			j += i
			i = j + len(s)
			// Nothing before it but spaces or punctuation: "김민준 님께"
			// has its name, " 님께" and "안녕하세요, 님" have none.
			// "女士、先生：" and "先生/女士" join two honorifics as
			// alternatives (Sir or Madam): no name is missing there.
			// Only there: "様、いつもお世話になっております。" and
			// "こんにちは、様" have lost their name.
			lead := strings.TrimRightFunc(t[:j], unicode.IsSpace)
			if before, _ := utf8.DecodeLastRuneInString(lead); lead != "" && (!strings.ContainsRune(slotPunct, before) || joinedHonorific(lead, true)) {
				continue
			}
			rest := t[i:]
			after, _ := utf8.DecodeRuneInString(rest)
			if joinedHonorific(rest, false) {
				continue // "先生/女士", "先生 / 女士", "女士 、先生"
			}
			if rest == "" || unicode.IsSpace(after) || strings.ContainsRune(slotPunct, after) ||
				after == '.' || after == '。' ||
				strings.HasPrefix(rest, "您好") || strings.HasPrefix(rest, "你好") || strings.HasPrefix(rest, "好") {
				return true
			}
		}
	}
	for _, w := range []string{"尊敬的", "亲爱的", "親愛的"} {
		if _, rest, ok := strings.Cut(t, w); ok {
			// "親愛的 Anna": the space CJK writers put before Latin
			// text is no lost name; only what follows it says.
			rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
			if r, _ := utf8.DecodeRuneInString(rest); rest == "" || strings.ContainsRune(slotPunct, r) ||
				strings.HasPrefix(rest, "您好") || strings.HasPrefix(rest, "你好") {
				return true
			}
		}
	}
	return false
}

// alternativeHonorifics are the honorifics a generic Chinese opening
// joins as alternatives: "先生/女士", "女士、先生" (Sir or Madam).
var alternativeHonorifics = []string{"先生", "女士", "小姐"}

// joinedHonorific says whether s joins an honorific to the one beside
// it with '、' or '/' (or '／'), spaces around it or not: the part before
// it ending "女士、" or "女士 / " (lead), or the part after it starting
// "、先生" or " / 先生" (not lead).
func joinedHonorific(s string, lead bool) bool {
	for _, h := range alternativeHonorifics {
		for _, j := range []string{"、", "/", "／"} {
			if lead {
				if before, ok := strings.CutSuffix(strings.TrimRightFunc(s, unicode.IsSpace), j); ok && strings.HasSuffix(strings.TrimRightFunc(before, unicode.IsSpace), h) {
					return true
				}
			} else if after, ok := strings.CutPrefix(strings.TrimLeftFunc(s, unicode.IsSpace), j); ok && strings.HasPrefix(strings.TrimLeftFunc(after, unicode.IsSpace), h) {
				return true
			}
		}
	}
	return false
}

// DoubledEnd returns the opening line of text when it ends with its
// punctuation written twice ("Dear Mr. Meier,,", "王总您好：：", "Dear
// Hans,:"), else "": a salutation that brought its own comma before the
// template's. It does not block.
func DoubledEnd(text string) string {
	line := openingLine(text)
	t := strings.TrimRightFunc(line, unicode.IsSpace)
	n := 0
	for t != "" {
		r, size := utf8.DecodeLastRuneInString(t)
		if unicode.IsSpace(r) {
			t = t[:len(t)-size]
			continue
		}
		if !strings.ContainsRune(salutationEnd, r) {
			break
		}
		n++
		t = t[:len(t)-size]
	}
	if n < 2 {
		return ""
	}
	return strings.TrimSpace(line)
}

// openingLine is text's first line that is not blank.
func openingLine(text string) string {
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// NameProblems renders every template of set for a contact without a name
// (a shared address) and names those whose opening line is then left
// with an empty name slot: they would greet "Dear ,"; and those in a
// language keepwarm writes no opening in that use {{.Contact.Salutation}}:
// they are sent only to contacts with a salutation in the book. It does
// not block.
func NameProblems(set *Set) []Problem {
	var out []Problem
	d := SampleData()
	d.Contact = NewContact("", "info@buyer.example")
	typed := SampleData()
	typed.Contact.Salutation = "Dear Mr. Meier," // as typed in the book, comma and all
	for _, t := range set.Templates() {
		if _, err := t.Render(SampleData()); IsNoSalutation(err) {
			var p Problem
			errors.As(err, &p)
			out = append(out, p)
			continue
		}
		r, err := t.Render(d)
		if err != nil {
			continue // Check reports it
		}
		for _, part := range []struct{ section, text string }{{"text", r.Text}, {"html", htmlText(r.HTML)}} {
			if line := r.emptyNameSlot(part.text); line != "" {
				out = append(out, Problem{File: t.File, Section: part.section, Field: ".Contact.FirstName",
					Msg: fmt.Sprintf("opens %q for a contact without a name (info@, a company): write {{.Contact.Salutation}}, which falls back to \"Dear Sir or Madam\"", line)})
				break
			}
		}
		for _, d := range []Data{SampleData(), typed} {
			r, err := t.Render(d)
			if err != nil {
				continue
			}
			if line := r.DoubledEnd(); line != "" {
				out = append(out, Problem{File: t.File, Section: "text", Field: ".Contact.Salutation",
					Msg: fmt.Sprintf("opens %q: the punctuation after the salutation is written twice; write it once, after {{.Contact.Salutation}}", line)})
				break
			}
		}
	}
	return out
}

var (
	htmlBreak = regexp.MustCompile(`(?i)<\s*(br|/p|/div|p|div|/h\d|tr|li)\b[^>]*>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
)

// htmlText is an html section's text, a line per paragraph or break.
func htmlText(s string) string {
	s = htmlBreak.ReplaceAllString(s, "\n")
	return html.UnescapeString(htmlTag.ReplaceAllString(s, ""))
}

// EmptyNameSlot returns the opening line of the rendered text or html
// section when it greets a name that is not there ("Hi ,", "Dear ,"),
// else "": such a mail is not sent. It does not block.
func (r Rendered) EmptyNameSlot() string {
	if line := r.emptyNameSlot(r.Text); line != "" {
		return line
	}
	if r.HTML != "" {
		return r.emptyNameSlot(htmlText(r.HTML))
	}
	return ""
}

// emptyNameSlot is EmptyNameSlot of text, a section of r, in r's
// language, and for a contact without a name knowing the words r was
// rendered with that are no name slot (the salutation's "Dear Sir or
// Madam", the company's): outside French "Feliz Navidad !" lost its
// name. For a contact with a name, "Hi Marie !" is only spacing.
func (r Rendered) emptyNameSlot(text string) string {
	var names map[string]bool
	if r.own.set && r.own.nameless {
		names = map[string]bool{}
		for _, s := range append([]string{r.own.contact, r.own.salutation}, r.own.given...) {
			for _, w := range strings.Fields(s) {
				names[bare(strings.Trim(w, slotPunct+"()\"'"))] = true
			}
		}
	}
	line := emptyNameSlot(text, r.Lang, names)
	if line != "" && line == r.fixed && fixedTitleOpening(line) {
		return "" // "Prezado Sr.," as the manager wrote it: no field left empty
	}
	return line
}

// EmptyNameSlot is Rendered.EmptyNameSlot of a mail rendered from t,
// known only by its text and html (the last look before sending has
// nothing else), judged as the plan judged it: in t's language ("Heureux
// Diwali !" from a French file is typography) and with the opening t
// writes with no field ("Prezado Sr.,") as the manager's own, both parts
// looked at.
func (t *Template) EmptyNameSlot(text, html string) string {
	return Rendered{Lang: t.Lang, Text: text, HTML: html, fixed: t.fixed}.EmptyNameSlot()
}

// fixedTitleOpening says whether an opening line a template writes with
// no field is whole as written: it ends in an Iberian "Sr.", "Sra." or
// "Srta." after the opening's word or "Ilmo."/"Exmo." ("Prezado Sr.,",
// "Estimado Sr.:", "Ilmo. Sr.,"), the way a Spanish or Portuguese letter
// addresses an unnamed reader. Any other title needs its name: no letter
// opens "Dear Mr.,", "Sehr geehrter Herr Dr.,", "Gentile Dott.," or
// "Estimado Ing.,", so there the name was deleted with its field. A bare
// opening word ("Dear,", "尊敬的，"), a space before the end ("Dear ,",
// "Ilmo. Sr. ,") or a slot emptied inside the line ("Hi , we") is a
// name deleted from it too, whoever deleted it.
func fixedTitleOpening(line string) bool {
	t := strings.TrimSpace(line)
	cut := strings.TrimRight(t, slotPunct)
	if cut == "" || cut != strings.TrimRightFunc(cut, unicode.IsSpace) || emptySlotInside(t) {
		return false
	}
	f := strings.Fields(cut)
	if len(f) < 2 {
		return false
	}
	w := f[len(f)-1]
	prev := bare(strings.TrimRight(f[len(f)-2], slotPunct))
	return strings.HasSuffix(w, ".") && unnamedTitles[bare(w)] && unnamedTitleOpenings[prev]
}

// unnamedTitles are the titles a Spanish or Portuguese letter writes
// whole with no name after them ("Prezado Sr.,", "Estimados Sres.:").
var unnamedTitles = wordSet("sr sra srta srs sres sras")

// unnamedTitleOpenings are the words written before an unnamedTitle
// when it stands alone: the opening's word ("Estimado", "Prezado") or a
// title before it ("Ilmo.", "Exma."). "Dear Sr.," is a Spanish name
// deleted from an English opening.
var unnamedTitleOpenings = wordSet("estimado estimada estimados estimadas prezado prezada prezados prezadas " +
	"querido querida queridos queridas caro cara caros caras " +
	"ilmo ilma ilmos ilmas exmo exma exmos exmas")

// DoubledEnd returns the opening line of the rendered text or html
// section when its punctuation is written twice ("Dear Mr. Meier,,"),
// else "": such a mail is not sent. It does not block.
func (r Rendered) DoubledEnd() string {
	if line := DoubledEnd(r.Text); line != "" {
		return line
	}
	if r.HTML != "" {
		return DoubledEnd(htmlText(r.HTML))
	}
	return ""
}

// DoubledEndError is the error of a message whose rendered opening ends
// with its punctuation written twice: it is not sent.
type DoubledEndError struct {
	File string
	Line string // the opening line as rendered, "Dear Mr. Meier,,"
}

func (e *DoubledEndError) Error() string {
	return fmt.Sprintf("%s opens %q: the punctuation after the salutation is written twice; not sent", e.File, e.Line)
}

// EmptyNameSlotError is the error of a message whose rendered opening
// greets a name the contact does not have: it is not sent.
type EmptyNameSlotError struct {
	File string
	Line string // the opening line as rendered, "Hi ,"
}

func (e *EmptyNameSlotError) Error() string {
	return fmt.Sprintf("%s opens %q: the template writes a name this contact does not have (use {{.Contact.Salutation}}); not sent", e.File, e.Line)
}

// CheckNameSlot returns an *EmptyNameSlotError when r opens with an empty
// name slot, a *DoubledEndError when its opening ends with doubled
// punctuation, a *PlaceholderError when it writes another program's merge
// field ("Hi {FirstName},", a book's "Dear «First_Name»"), else nil. It
// does not block.
func CheckNameSlot(r Rendered) error {
	if line := r.EmptyNameSlot(); line != "" {
		return &EmptyNameSlotError{File: r.File, Line: line}
	}
	if line := r.DoubledEnd(); line != "" {
		return &DoubledEndError{File: r.File, Line: line}
	}
	if p := r.Placeholder(); p != "" {
		return &PlaceholderError{File: r.File, Token: p, Part: r.PlaceholderPart(p)}
	}
	return nil
}

// isInitial says whether w is a name's initial: one letter of a script
// with capitals ("J" of "J. Smith"; a Chinese name's one character is
// none).
func isInitial(w string) bool {
	r, size := utf8.DecodeRuneInString(w)
	return size == len(w) && unicode.IsLetter(r) && (unicode.IsUpper(r) || unicode.IsLower(r))
}
