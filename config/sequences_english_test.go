package config

import (
	"slices"
	"strings"
	"testing"
)

// sequences.english_for takes language codes, as greetings.english_for.
func TestSequencesEnglishFor(t *testing.T) {
	_, err := Parse([]byte(minimal + "\n[sequences]\nenglish_for = [\"Italian\"]\n"))
	if err == nil || !strings.Contains(err.Error(), `sequences.english_for: "Italian" is not a language code`) {
		t.Errorf("error %v", err)
	}
	c, err := Parse([]byte(minimal + "\n[sequences]\nenglish_for = [\"it\", \"*\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Sequences.EnglishFor, []string{"it", "*"}) {
		t.Errorf("english_for %q", c.Sequences.EnglishFor)
	}
}
