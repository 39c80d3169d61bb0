package parse

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The prefilter of returnBefore changes none of its matches: on texts made
// of its words (in every case, with the Kelvin sign and the long s that
// (?i) takes for k and s), words around them and what may stand between,
// a search from where the prefilter says ends its matches where a search
// of the whole text does, and finds none when the prefilter says none;
// some texts are long, their words past the prefilter's first pieces or
// across two.
func TestReturnBeforePrefilterKeepsEveryMatch(t *testing.T) {
	if len(returnBeforeWords.words) < 20 {
		t.Fatalf("returnBefore's prefilter has %d words: %q", len(returnBeforeWords.words), returnBeforeWords.words)
	}
	words := []string{"back", "until", "untill", "till", "return", "returns", "returning", "returned", "resume",
		"resuming", "again on", "again from", "regreso", "vuelvo", "volveré", "de vuelta", "hasta", "reincorporo",
		"retorno", "voltarei", "volto", "de volta", "até", "retour", "jusqu'au", "reprendrai", "rentrerai",
		"rentre le", "zurück", "bis", "wieder", "rientro", "tornerò", "fino al", "fino a", "di ritorno",
		"вернусь", "возвращаюсь", "до", "по", "выйду", "dönüş", "döneceğim", "đến ngày", "đến hết", "trở lại",
		"quay lại", "cho đến", "sampai", "hingga", "kembali", "حتى", "حتي", "لغاية", "سأعود", "عودتي", "العودة"}
	others := []string{"office", "x", "Mai", "12", "2.12.", "holiday", "feedback", "outback", "bist", "подо",
		"почта", "ДОМ", "office", "ſ", "\u212a", "\u212aack", "bac\u212a", "ſampai", "ünter", "Ö"}
	seps := []string{" ", " ", "\n", ", ", ".", "«", "»", "\u00a0", "-", "_", "", "1", "/", "\t", "。"}
	variants := func(r *rand.Rand, w string) string {
		switch r.IntN(6) {
		case 0:
			return strings.ToUpper(w)
		case 1:
			rs := []rune(w)
			return strings.ToUpper(string(rs[:1])) + string(rs[1:])
		case 2:
			return strings.NewReplacer("k", "\u212a", "s", "ſ").Replace(w)
		}
		return w
	}
	r := rand.New(rand.NewPCG(18, 4))
	n := 5000
	if testing.Short() {
		n = 1000
	}
	var none, later, matched int
	check := func(text string) {
		var want []int
		for _, m := range returnBefore.FindAllStringIndex(text, -1) {
			want = append(want, m[1])
		}
		from := returnBeforeWords.from(text)
		var got []int
		if from >= 0 {
			for _, m := range returnBefore.FindAllStringIndex(text[from:], -1) {
				got = append(got, from+m[1])
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: matches end at %v from %d, at %v in the whole text", text, got, from, want)
		}
		switch {
		case from < 0:
			none++
		case len(want) > 0:
			matched++
			if from > 0 {
				later++
			}
		}
	}
	var texts []string
	// Every alignment of a word with the pieces the prefilter folds and
	// searches (256 bytes), a shorter word inside a longer one (VOLT in
	// DE VOLTA) among them.
	for pad := 230; pad < 300; pad++ {
		for _, w := range []string{"de volta", "ВОЗВРАЩАЮСЬ", "العودة", "untill", "di ritorno"} {
			texts = append(texts, strings.Repeat("x", pad)+" "+w+" 5.3.")
		}
	}
	for i := 0; i < n+len(texts); i++ {
		if i < len(texts) {
			check(texts[i])
			continue
		}
		var b strings.Builder
		if r.IntN(4) == 0 { // past the first pieces the prefilter searches
			b.WriteString(strings.Repeat("Büro office ", r.IntN(80)))
			b.WriteString(strings.Repeat("x", r.IntN(12)))
		}
		for range 1 + r.IntN(8) {
			switch r.IntN(3) {
			case 0:
				b.WriteString(variants(r, words[r.IntN(len(words))]))
			default:
				b.WriteString(others[r.IntN(len(others))])
			}
			b.WriteString(seps[r.IntN(len(seps))])
		}
		check(b.String())
	}
	if none < n/20 || matched < n/4 || later < n/20 {
		t.Fatalf("texts without a word %d, with a match %d, searched from after their start %d: the texts do not try the prefilter", none, matched, later)
	}
}

// The out-of-office replies of the sync mix read the same return date with
// the prefilter as without it (where every match is searched from the start).
func TestReturnDateWithoutPrefilterAgrees(t *testing.T) {
	ref := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, text := range []string{
		"Vielen Dank für Ihre Nachricht. Ich bin bis zum 12.3.2025 nicht im Büro.",
		"Gracias por su mensaje. Estaré fuera de la oficina hasta el 13/3/2025. Saludos",
		"Thank you for your email. I am out of the office until 13 March 2025 with limited access to email.",
		"Спасибо за письмо. Я в отпуске ДО 11 марта.",
		"Feedback welcome. I am travelling and BACK on 5 March.",
	} {
		got := returnDate(text, ref)
		saved := returnBeforeWords
		returnBeforeWords = prefilter{}
		want := returnDate(text, ref)
		returnBeforeWords = saved
		if got.IsZero() || !got.Equal(want) {
			t.Errorf("%q: %v with the prefilter, %v without", text, got, want)
		}
	}
}
