package web_test

import (
	"html"
	iofs "io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
)

// seqFormOf is what a browser sends from the sequence form in page: its
// inputs as formOf reads them, each select's chosen option and each
// textarea's text.
func seqFormOf(t *testing.T, page string) url.Values {
	t.Helper()
	v := formOf(t, page, "/sequences")
	for _, m := range regexp.MustCompile(`(?s)<select name="([^"]+)">(.*?)</select>`).FindAllStringSubmatch(page, -1) {
		if o := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); o != nil {
			v.Set(m[1], html.UnescapeString(o[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], html.UnescapeString(m[2]))
	}
	return v
}

// An opt-out phrase is one line, commas and all: "please remove me from
// your list, thanks" is not cut into a second phrase "thanks" that would
// opt out every buyer who thanks the salesperson. A hand-written file's
// own list comes back from the form as it was, whatever else changed.
func TestOptOutPhrasesAreKeptWholeByTheSequenceForm(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	phrase := "please remove me from your list, thanks"
	d := keyCustomer(t)
	d.Stop.ExtraOptOutWords = []string{phrase, "bitte keine Werbung mehr, danke", "请不要再发了，谢谢"}
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", seqForm(d)); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	var file struct {
		Stop struct {
			Extra []string `toml:"extra_opt_out_words"`
		} `toml:"stop"`
	}
	if _, err := toml.DecodeFile(filepath.Join(r.seqDir, "key-customer.toml"), &file); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(file.Stop.Extra, d.Stop.ExtraOptOutWords) {
		t.Fatalf("written extra_opt_out_words: %q", file.Stop.Extra)
	}
	defs, _, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	def, _ := defs.Get("key-customer")
	if len(probs) > 0 || slices.Contains(def.Stop.OptOutWords, "thanks") || slices.Contains(def.Stop.OptOutWords, "danke") ||
		slices.Contains(def.Stop.OptOutWords, "谢谢") || !slices.Contains(def.Stop.OptOutWords, phrase) {
		t.Fatalf("opt-out words: %q %v", def.Stop.OptOutWords, probs)
	}

	// A file written by hand with its own list, saved from its form with
	// only the mode changed.
	own := []string{"no more mail, thank you", "unsubscribe", "remove me from"}
	orig, _ := iofs.ReadFile(sequences.DefaultDefinitions(), "key-customer.toml")
	hand := strings.Replace(string(orig), `out_of_office_pause = "7d"`,
		"out_of_office_pause = \"7d\"\nopt_out_words = [\"no more mail, thank you\", \"unsubscribe\", \"remove me from\"]", 1)
	if err := os.WriteFile(filepath.Join(r.seqDir, "key-customer.toml"), []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	if defs, _, probs := app.LoadSequenceFiles(r.seqDir, r.tmplDir); len(probs) > 0 {
		t.Fatal(probs)
	} else if def, _ := defs.Get("key-customer"); !slices.Equal(def.Stop.OptOutWords, own) {
		t.Fatalf("the hand-written file reads %q", def.Stop.OptOutWords)
	}
	_, page := mgr.get("/sequences/key-customer")
	form := seqFormOf(t, page)
	form.Set("mode", "draft")
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", form); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	defs, _, probs = app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	def, _ = defs.Get("key-customer")
	if len(probs) > 0 || !slices.Equal(def.Stop.OptOutWords, own) || def.Mode != keepwarm.ModeDraft {
		t.Fatalf("after the save: %q %s %v", def.Stop.OptOutWords, def.Mode, probs)
	}

	// A page of an older keepwarm sends the list joined with commas in one
	// field: nothing is saved, and the form comes back with the file's list.
	_, page = mgr.get("/sequences/key-customer")
	form = seqFormOf(t, page)
	form.Del("stop.opt_out_word")
	form.Set("stop.opt_out_words", strings.Join(own, ", "))
	form.Set("description", "typed before the reload")
	before, _ := os.ReadFile(filepath.Join(r.seqDir, "key-customer.toml"))
	code, body := mgr.do("/sequences/key-customer", "/sequences", form)
	if code != http.StatusBadRequest || !strings.Contains(body, "opened before keepwarm was updated") ||
		!strings.Contains(body, `value="typed before the reload"`) || !strings.Contains(body, `name="stop.opt_out_word" value="no more mail, thank you"`) {
		t.Fatalf("a form of an older page: %d\n%s", code, body)
	}
	if after, _ := os.ReadFile(filepath.Join(r.seqDir, "key-customer.toml")); string(after) != string(before) {
		t.Fatalf("a form of an older page was saved:\n%s", after)
	}
	if code, loc := mgr.do("/sequences/key-customer", "/sequences", seqFormOf(t, body)); code != http.StatusSeeOther {
		t.Fatalf("saved again: %d %s", code, loc)
	}
	defs, _, _ = app.LoadSequenceFiles(r.seqDir, r.tmplDir)
	if def, _ = defs.Get("key-customer"); !slices.Equal(def.Stop.OptOutWords, own) || def.Description != "typed before the reload" {
		t.Fatalf("saved again: %q %q", def.Stop.OptOutWords, def.Description)
	}

	// A phrase too short to be safe is refused beside the field it was typed in.
	d.Stop.ExtraOptOutWords = []string{"stop"}
	code, body = mgr.do("/sequences/key-customer", "/sequences", seqForm(d))
	if code != http.StatusBadRequest || !regexp.MustCompile(`</textarea><span class="error field-error">&#34;stop&#34; is too short`).MatchString(body) {
		t.Fatalf("a short phrase: %d\n%s", code, body)
	}
}
