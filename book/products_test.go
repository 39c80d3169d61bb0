package book

import (
	"strings"
	"testing"
)

// A pitch column names its language by code or name; a country code in its
// place (CN, JP, KR, ...) is read as the country's language with a note,
// and anything else of two or three letters refuses the catalog, naming
// the column: a pitch no customer's language matches would go out in
// English to everyone it was meant for.
func TestParseProductsReadsPitchLanguages(t *testing.T) {
	s, err := ParseProducts([][]string{
		{"Name", "Pitch", "Pitch_CN", "Pitch (German)", "Pitch_jp", "Pitch deck"},
		{"Bolt", "Strong", "坚固", "Stark", "丈夫", "bolt.pdf"},
	})
	if err != nil {
		t.Fatal(err)
	}
	p := s.Products[0]
	if p.Pitch["zh"] != "坚固" || p.Pitch["de"] != "Stark" || p.Pitch["ja"] != "丈夫" || p.Pitch[""] != "Strong" || len(p.Pitch) != 4 {
		t.Fatalf("pitches %q", p.Pitch)
	}
	notes := strings.Join(s.Notes, " | ")
	if !strings.Contains(notes, "column C (Pitch_CN)") || !strings.Contains(notes, "zh") || !strings.Contains(notes, "column E (Pitch_jp)") {
		t.Fatalf("notes %q", s.Notes)
	}
	if strings.Join(s.Ignored, ",") != "Pitch deck" {
		t.Fatalf("ignored %q", s.Ignored)
	}

	_, err = ParseProducts([][]string{{"Name", "Pitch", "Pitch_XX"}, {"Bolt", "Strong", "?"}})
	if err == nil || !strings.Contains(err.Error(), "column C (Pitch_XX)") {
		t.Fatalf("an unknown pitch language: %v", err)
	}
	_, err = ParseProducts([][]string{{"Name", "Pitch_zh", "Pitch_CN"}, {"Bolt", "坚固", "坚固"}})
	if err == nil || !strings.Contains(err.Error(), "columns B (Pitch_zh) and C (Pitch_CN)") {
		t.Fatalf("two pitches of one language: %v", err)
	}
}

// "UK" after pitch is Ukrainian's code and the United Kingdom's everyday
// abbreviation: a column of Latin pitches is the English one (with a note),
// a Cyrillic one Ukrainian, and one holding both or nothing is refused,
// naming the column, rather than guessed.
func TestParseProductsReadsPitchUKByItsScript(t *testing.T) {
	s, err := ParseProducts([][]string{{"Name", "Pitch_UK"}, {"Bolt", "Strong and cheap"}, {"Nut", ""}})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Products[0].Pitch; p[""] != "Strong and cheap" || len(p) != 1 {
		t.Fatalf("a Latin Pitch_UK: pitches %q", p)
	}
	if notes := strings.Join(s.Notes, " | "); !strings.Contains(notes, "column B (Pitch_UK)") || !strings.Contains(notes, "en") {
		t.Fatalf("notes %q", s.Notes)
	}
	s, err = ParseProducts([][]string{{"Name", "Pitch", "Pitch (UK)"}, {"Bolt", "Strong", "Міцний болт"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := s.Products[0].Pitch; p["uk"] != "Міцний болт" || p[""] != "Strong" {
		t.Fatalf("a Cyrillic Pitch (UK): pitches %q", p)
	}
	for _, rows := range [][][]string{
		{{"Name", "Pitch_UK"}, {"Bolt", "Strong"}, {"Nut", "Міцна гайка"}},
		{{"Name", "Pitch_UK"}, {"Bolt", ""}},
	} {
		_, err = ParseProducts(rows)
		if err == nil || !strings.Contains(err.Error(), "column B (Pitch_UK)") || !strings.Contains(err.Error(), "pitch_en") {
			t.Fatalf("%q: %v", rows, err)
		}
	}
}
