package templates

import (
	"fmt"
	"strings"
	"unicode"
)

// noNameWords are the words of an opening that greets nobody by name:
// "Dear Sir or Madam", "Dear all", "Sehr geehrte Damen und Herren".
var noNameWords = wordSet("sir sirs madam ladies gentlemen all team colleagues friends customer customers partner partners " +
	"damen herren alle kollegen señores señoras todos todas amigos messieurs mesdames tous " +
	"senhores senhoras todos signori tutti heren allemaal господа коллеги друзья все الكرام السادة")

// openingWords are the words of an opening that name nobody: greetings,
// titles and the name-less forms ("Dearest Anna", "Good evening Mr.
// Smith", "Buenos dias Juan", "Sehr geehrte Damen und Herren", "Madame,
// Monsieur"). The greetings job reads a salesperson's own opening with
// the same words (IsOpeningWord), so what it takes as a greeting is never
// written back as a name.
var openingWords = wordSet("dear dearest hi hello hey good morning afternoon evening day greetings mr mrs ms miss mx mister dr eng engr ing prof " +
	"sir sirs madam madame gentlemen ladies or sehr geehrte geehrter geehrten liebe lieber liebes hallo guten tag morgen abend moin herr frau " +
	"damen herren und oder estimado estimada estimados estimadas señor señora señores sr sra srta hola buenos buenas buen días dias día dia tardes noches querido " +
	"querida queridos queridas apreciado apreciada bonjour bonsoir cher chère chers chères monsieur messieurs mesdames m mme mlle et ou prezado prezada prezados olá ola caro cara " +
	"gentile egregio egregia signor signora buongiorno ciao beste geachte sheikh customer client kunde cliente здравствуйте уважаемый уважаемая уважаемые " +
	"добрый день вечер господин госпожа sayın merhaba")

// IsOpeningWord says whether w, one word of an opening, names nobody: a
// greeting, a title or a name-less form ("Dearest", "evening", "Herr",
// "Damen").
func IsOpeningWord(w string) bool {
	return openingWords[strings.ToLower(w)]
}

// addressedStrip are the greetings a Chinese opening ends with: "王总您好"
// addresses 王总.
var addressedStrip = []string{"您好", "你好", "好"}

// Addressed is the name the opening s addresses, as written there: "Herr
// Meier" in "Sehr geehrter Herr Meier", "Mr. Smith" in "Dear Mr. Smith",
// "Bob" in "Hi Bob", "王伟" in "尊敬的王伟", "王总" in "王总您好"; "" when
// it addresses nobody by name ("Dear Sir or Madam", "Dear all", "Hello").
// c and lang tell a neutral opening's name (Salutation).
func Addressed(c Contact, lang string) string {
	if own := TrimSalutation(c.Salutation); own != "" {
		return addressedIn(own)
	}
	s := Salutation(c, lang)
	forms, _ := salutationForms(lang)
	if s == forms[1] || c.FirstName == "" {
		return ""
	}
	if !strings.Contains(forms[0], "%s") {
		return "" // "Dzień dobry" names nobody
	}
	prefix, suffix, _ := strings.Cut(forms[0], "%s")
	name, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return ""
	}
	name = strings.TrimSpace(strings.TrimSuffix(name, suffix))
	if name == fmt.Sprintf(forms[0], "") {
		return ""
	}
	return name
}

// addressedIn takes the greeting words off the start of an opening and a
// Chinese greeting off its end.
func addressedIn(s string) string {
	a := addressedOne(s)
	if !strings.Contains(a, ",") {
		return a
	}
	// "Sehr geehrter Herr Müller, sehr geehrte Frau Müller" addresses
	// "Herr Müller, Frau Müller": each further greeting is dropped too.
	parts := strings.Split(a, ",")
	for i, p := range parts[1:] {
		if t := strings.TrimSpace(p); startsWithGreeting(strings.ToLower(t)) {
			if n := addressedOne(t); n != "" {
				parts[i+1] = " " + n
			}
		}
	}
	return strings.Join(parts, ",")
}

// addressedOne is addressedIn of an opening that greets one person.
func addressedOne(s string) string {
	rest := strings.TrimSpace(s)
	for {
		lower := strings.ToLower(rest)
		cut := 0
		for _, w := range greetingWords {
			if w == "madame" || w == "monsieur" {
				continue // "Madame Dupont" is addressed so
			}
			stem := strings.HasSuffix(w, "~")
			w = strings.TrimSuffix(w, "~")
			if !strings.HasPrefix(lower, w) {
				continue
			}
			end := len(w)
			if stem {
				for end < len(lower) && (unicode.IsLetter(rune(lower[end])) || lower[end] >= 0x80) && lower[end] != ' ' {
					end++
				}
			} else if end < len(lower) && isASCII(w) && isWordByte(lower[end]) {
				continue // "Hiroshi" is no "Hi"
			}
			cut = max(cut, end)
		}
		if cut == 0 {
			break
		}
		rest = strings.TrimLeft(rest[cut:], " ,\u00a0\u3000")
	}
	for {
		// "Dearest Anna", "Good evening Mr. Smith", "Buenos dias Juan":
		// greetings no prefix above names, dropped word by word; a title
		// stays ("Mr. Smith").
		word, after, _ := strings.Cut(rest, " ")
		w := strings.Trim(word, salutationEnd+".")
		if w == "" || !IsOpeningWord(w) || isHonorific(word) {
			break
		}
		rest = strings.TrimLeft(after, " ,\u00a0\u3000")
	}
	for _, g := range addressedStrip {
		if r, ok := strings.CutSuffix(rest, g); ok && r != "" {
			rest = r
			break
		}
	}
	rest = strings.TrimSpace(strings.TrimRight(rest, salutationEnd+" "))
	if rest == "" {
		return ""
	}
	titles := 0
	words := nameWords(rest)
	for _, w := range words {
		if noNameWords[strings.ToLower(w)] {
			return ""
		}
		if isHonorific(w) {
			titles++
		}
	}
	if titles == len(words) {
		return "" // "Madame, Monsieur", "Sehr geehrter Herr"
	}
	return rest
}
