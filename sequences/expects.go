package sequences

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// offerWords name a quotation, an offer, a proforma invoice, a price list,
// prices or a catalogue
// in the languages export mail is written in (en, zh, es, de, fr, pt, ru,
// ar, tr). Words of letters are matched whole (a word boundary on both
// sides, any case); words of Chinese are matched anywhere.
var offerWords = []string{
	// en
	"quotation", "quotations", "quote", "quotes", "offer", "offers", "proforma", "pro forma", "pro-forma",
	"price list", "pricelist", "price quote", "price offer", "price", "prices", "catalogue", "catalog", "moq",
	"fob", "cif", "exw",
	// zh
	"报价", "報價", "形式发票", "形式發票", "价格", "價格", "单价", "價目表", "报盘", "目录",
	// es
	"cotización", "cotizacion", "oferta", "presupuesto", "lista de precios", "factura proforma", "precio", "precios", "catálogo",
	// de
	"angebot", "preisliste", "proformarechnung", "proforma-rechnung", "kostenvoranschlag", "preis", "preise", "katalog",
	// fr
	"devis", "offre", "liste de prix", "facture proforma", "tarif", "tarifs", "prix",
	// pt
	"cotação", "cotacao", "orçamento", "orcamento", "proposta comercial", "lista de preços", "fatura proforma", "preço", "preços", "catálogo",
	// ru
	"коммерческое предложение", "предложение", "котировка", "прайс", "прайс-лист", "счет-проформа", "счёт-проформа", "цена", "цены", "каталог",
	// ar
	"عرض سعر", "عرض أسعار", "عرض الأسعار", "قائمة الأسعار", "قائمة أسعار", "فاتورة مبدئية", "فاتورة أولية", "سعر", "أسعار",
	// tr
	"teklif", "teklifi", "teklifimiz", "fiyat listesi", "proforma fatura", "fiyat", "fiyatı", "katalog",
}

// priceWords are the offerWords that name a price or a trade term: an
// invoice ("total price USD 12,400", "please quote the invoice number")
// and a shipping notice ("left today FOB Ningbo") say them too. They make
// an offer only when the own text does not say the deal is done
// (settledWords); the other offerWords (quotation, proforma, price list,
// catalogue...) always do.
var priceWords = map[string]bool{
	"quote": true, "quotes": true, "price": true, "prices": true, "fob": true, "cif": true, "exw": true, "moq": true,
	"价格": true, "價格": true, "单价": true, "precio": true, "precios": true, "preis": true, "preise": true,
	"tarif": true, "tarifs": true, "prix": true, "preço": true, "preços": true, "цена": true, "цены": true,
	"سعر": true, "أسعار": true, "fiyat": true, "fiyatı": true,
}

// strongOfferWords are offerWords without priceWords.
var strongOfferWords = func() []string {
	var ws []string
	for _, w := range offerWords {
		if !priceWords[w] {
			ws = append(ws, w)
		}
	}
	return ws
}()

// settledWords say the goods went out or the bill is here: with them, a
// price or a trade term in the own text is the shipment's or the
// invoice's, not an offer. "Thanks" and "shipping" are not among them
// ("thank you for your inquiry, we quote USD 3.20 FOB, shipping in 30
// days" is an offer), nor a bare "B/L" or "提单": quotations name it in
// their payment terms ("balance against the B/L copy").
var settledWords = map[string]bool{
	"tracking": true, "shipped": true, "dispatched": true, "go out today": true, "went out": true, "left today": true,
	"b/l attached": true, "bill of lading attached": true, "versandt": true, "已发": true,
	"invoice": true, "rechnung": true, "factura": true, "facture": true, "发票": true,
}

// infoWords mark mail that only informs (a shipping notice, thanks, an
// invoice): they do not decide anything, they only name the reason.
var infoWords = []struct{ word, what string }{
	{"tracking", "shipping notice"}, {"shipped", "shipping notice"}, {"shipping", "shipping notice"},
	{"dhl", "shipping notice"}, {"fedex", "shipping notice"}, {"ups", "shipping notice"}, {"b/l", "shipping notice"},
	{"bill of lading", "shipping notice"}, {"go out today", "shipping notice"}, {"dispatched", "shipping notice"},
	{"发货", "shipping notice"}, {"已发", "shipping notice"}, {"快递", "shipping notice"}, {"提单", "shipping notice"},
	{"envío", "shipping notice"}, {"versand", "shipping notice"}, {"expédition", "shipping notice"},
	{"invoice", "invoice"}, {"rechnung", "invoice"}, {"factura", "invoice"}, {"facture", "invoice"}, {"发票", "invoice"},
	{"office is closed", "holiday notice"}, {"office will be closed", "holiday notice"}, {"office closed", "holiday notice"},
	{"holiday notice", "holiday notice"}, {"放假", "holiday notice"},
	{"thank you", "thanks"}, {"thanks", "thanks"}, {"谢谢", "thanks"}, {"感谢", "thanks"}, {"danke", "thanks"},
	{"gracias", "thanks"}, {"merci", "thanks"}, {"obrigad", "thanks"}, {"спасибо", "thanks"}, {"teşekkür", "thanks"}, {"شكرا", "thanks"},
}

// expectsAnswer says whether an outbound mail expects an answer, and why:
// an offer (a quotation, proforma invoice or price list, by an attachment's
// name or by its words in the subject or the salesperson's own text), a
// question in the subject or the own text, or a first letter to a new
// contact. Otherwise why names what the mail seems to be. The own text
// ends at the sender's signature (withoutSignature: signatures are the
// sender's configured ones): "best quality, competitive price" in it
// offers nothing. A price or a trade term in a shipping notice or an
// invoice (priceWords, settledWords) is not an offer either.
//
// A reply's subject is the thread's: export mail stays under "Re:
// Quotation LED panels" from the offer to the shipment. So a reply whose
// own text only informs (thanks, a shipping notice, an invoice) and offers
// and asks nothing is information, whatever its subject says: "thank you
// for your order, the goods ship today" is not chased with "did you
// receive my mail?".
func expectsAnswer(m keepwarm.Message, firstLetter bool, signatures ...string) (bool, string) {
	for _, a := range m.Attachments {
		if w, ok := findWord(a.Name, offerWords); ok {
			return true, "an offer: attachment " + quoteShort(a.Name) + " (" + w + ")"
		}
	}
	own := withoutSignature(ownText(m.Snippet), m.From.Name, signatures)
	if w, ok := findWord(own, strongOfferWords); ok {
		return true, "an offer: the text says " + quoteShort(w)
	}
	if w, ok := findWord(own, offerWords); ok {
		if !settled(own) {
			return true, "an offer: the text says " + quoteShort(w)
		}
	}
	if hasQuestion(own) {
		return true, "a question"
	}
	if len(m.InReplyTo) > 0 || parse.ReplyPrefixed(m.Subject) {
		if iw, ok := infoWord(own); ok {
			return false, "information only (" + iw.what + ", \"" + iw.word + "\"): a reply whose own text offers and asks nothing, whatever the thread's subject says"
		}
	}
	if w, ok := findWord(m.Subject, offerWords); ok {
		return true, "an offer: the subject says " + quoteShort(w)
	}
	if hasQuestion(m.Subject) {
		return true, "a question"
	}
	if firstLetter {
		return true, "a first letter to a new contact"
	}
	if iw, ok := infoWord(m.Subject + " " + own); ok {
		return false, "information only (" + iw.what + ", \"" + iw.word + "\"): no offer, question or first letter"
	}
	return false, "information only: no offer, question or first letter"
}

// infoWord finds the first of infoWords in s.
func infoWord(s string) (struct{ word, what string }, bool) {
	lower := strings.ToLower(s)
	for _, iw := range infoWords {
		if _, ok := findWord(lower, []string{iw.word}); ok {
			return iw, true
		}
	}
	return struct{ word, what string }{}, false
}

// settled reports one of settledWords in s.
func settled(s string) bool {
	lower := strings.ToLower(s)
	for w := range settledWords {
		if containsWord(lower, w) {
			return true
		}
	}
	return false
}

// signatureTail is how much may follow a configured signature at the end
// of the own text (a phone number or a disclaimer's first words the
// configured text lacks).
const signatureTail = 200

// withoutSignature is own without the sender's signature: from one of
// signatures (the sender's configured signature texts, white space
// collapsed as in a snippet) found at its end (a signature that is only a
// name also occurs in "this is Lily Chen of Bright LED, we quote..."), or
// from a "-- " separator (a line of its own, a space in a snippet)
// followed shortly by the sender's name. A "--" used as a dash in a
// sentence is not followed by the name, and stays.
func withoutSignature(own, name string, signatures []string) string {
	cut := len(own)
	end := len(strings.TrimRight(own, " "))
	for _, sig := range signatures {
		if sig = strings.Join(strings.Fields(sig), " "); len(sig) >= 8 {
			if i := strings.LastIndex(own, sig); i >= 0 && i < cut && end-(i+len(sig)) <= signatureTail {
				cut = i
			}
		}
	}
	if name = strings.ToLower(strings.TrimSpace(name)); name != "" {
		for at := 0; at < cut; {
			i := strings.Index(own[at:], "-- ")
			if i < 0 {
				break
			}
			i += at
			at = i + 1
			if i > 0 && own[i-1] != ' ' {
				continue
			}
			after := strings.ToLower(own[i+3 : min(len(own), i+3+len(name)+40)])
			if strings.Contains(after, name) {
				cut = min(cut, i)
				break
			}
		}
	}
	return own[:cut]
}

// expectsAnswerAsking is expectsAnswer(m, first letter), asking whether it
// is a first letter only when that decides: mail with no offer and no
// question (the question reads the store).
func expectsAnswerAsking(m keepwarm.Message, firstLetter func() (bool, error), signatures ...string) (bool, string, error) {
	if yes, what := expectsAnswer(m, false, signatures...); yes {
		return yes, what, nil
	}
	first, err := firstLetter()
	if err != nil {
		return false, "", err
	}
	yes, what := expectsAnswer(m, first, signatures...)
	return yes, what, nil
}

// signaturesOf are the configured signature texts of the salesperson who
// sent from address: theirs, and their mailboxes' (a shared mailbox's
// too), for expectsAnswer to cut.
func (f *FollowUp) signaturesOf(address string) []string {
	address = strings.ToLower(address)
	who := f.cfg.People[address]
	if who == "" {
		who = address
	}
	var sigs []string
	for _, s := range f.cfg.Signers {
		if s.Email == who && s.Signature != "" {
			sigs = append(sigs, s.Signature)
		}
	}
	for _, id := range f.cfg.Identities {
		if id.Owner == who || strings.EqualFold(id.Email, address) {
			for _, s := range []string{id.Signature, id.MailboxSignature} {
				if s != "" {
					sigs = append(sigs, s)
				}
			}
		}
	}
	return sigs
}

// findWord returns the first of words found in s.
func findWord(s string, words []string) (string, bool) {
	if s == "" {
		return "", false
	}
	lower := strings.ToLower(s)
	for _, w := range words {
		if containsWord(lower, w) {
			return w, true
		}
	}
	// "PI" (proforma invoice) only in capitals, as a word: "PI-2026-031.pdf".
	if containsWord(s, "PI") {
		return "PI", true
	}
	return "", false
}

// containsWord reports whether w occurs in s; a w that starts (ends) with a
// letter of an alphabet with word spaces must not have a letter or digit
// just before (after) it. Separators such as "_" and "-" in file names
// count as boundaries.
func containsWord(s, w string) bool {
	for from := 0; from <= len(s); {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		j := i + len(w)
		if boundaryBefore(s, i, w) && boundaryAfter(s, j, w) {
			return true
		}
		from = i + 1
	}
	return false
}

func boundaryBefore(s string, i int, w string) bool {
	first, _ := utf8.DecodeRuneInString(w)
	if !spacedLetter(first) || i == 0 {
		return true
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(prev) && !unicode.IsDigit(prev)
}

func boundaryAfter(s string, j int, w string) bool {
	last, _ := utf8.DecodeLastRuneInString(w)
	if !spacedLetter(last) || j >= len(s) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[j:])
	return !unicode.IsLetter(next) && !unicode.IsDigit(next)
}

// spacedLetter: a letter of a script written with spaces between words
// (Chinese and Japanese are not).
func spacedLetter(r rune) bool {
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) && !unicode.Is(unicode.Hiragana, r) && !unicode.Is(unicode.Katakana, r)
}

// hasQuestion reports a question mark that ends a sentence (not the one in
// a link's query string): ?, ？, ؟ followed by the end, a space or a
// closing mark; or a Spanish ¿.
func hasQuestion(s string) bool {
	if strings.ContainsRune(s, '¿') {
		return true
	}
	for i, r := range s {
		if r != '?' && r != '？' && r != '؟' {
			continue
		}
		rest := s[i+utf8.RuneLen(r):]
		if rest == "" {
			return true
		}
		next, _ := utf8.DecodeRuneInString(rest)
		if unicode.IsSpace(next) || strings.ContainsRune(")\"'»”’!?？", next) || r != '?' {
			return true
		}
	}
	return false
}

// ownText is the part of a snippet before the quoted original
// (keepwarm.OwnSnippet).
func ownText(snippet string) string { return keepwarm.OwnSnippet(snippet) }

// ownTextAttributed is ownText, trimmed, and whether it may end with the
// start of an attribution line (keepwarm.OwnSnippetAttributed).
func ownTextAttributed(snippet string) (string, bool) {
	own, attributed := keepwarm.OwnSnippetAttributed(snippet)
	return strings.TrimSpace(own), attributed
}

func quoteShort(s string) string {
	if len(s) > 60 {
		n := 60
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n] + "…"
	}
	return "\"" + s + "\""
}
