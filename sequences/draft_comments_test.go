package sequences

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

const commented = `# Follow-up for key customers, agreed with Mr Wang on 2 Oct.
# Ask Mei before changing the steps.

name = "key-customer"
description = "A/B customers"
grades = ["A", "B"] # C customers have their own
mode = "send"

# Europe's morning, so the mail is on top when they open it.
[window]
start = "09:00"
end = "17:00"
holidays = true

[stop]
out_of_office_pause = "7d"
opt_out_words = [
  "unsubscribe", # English
  "abmelden",
]

# The resend: "did you receive my mail?"
[[step]]
after = "3d"
action = "email"
template = "resend"
in_thread = true # the same thread, as rule 2 says

# Only the catalog of 2026 # not the old one
[[step]]
after = "4d"
action = "email"
template = "product-intro"

[[step]] # the phone call
after = "3d"
action = "task"
task = "Phone the customer"
# (end of file note)
`

func draftOf(t *testing.T, src string) Draft {
	t.Helper()
	var d Draft
	if _, err := toml.Decode(src, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// The form changes a value: every comment of the manager's file is still
// there, in its place, and the file means what the form says.
func TestKeepCommentsOfAnEditedSequence(t *testing.T) {
	d := draftOf(t, commented)
	d.Steps[1].After = "5d"
	d.Window.Start = "08:30"
	got := string(KeepComments([]byte(commented), d.TOML("Written by the console; the previous version is kept as key-customer.toml.prev")))
	t.Logf("\n%s", got)

	if back := draftOf(t, got); back.Steps[1].After != "5d" || back.Window.Start != "08:30" || len(back.Steps) != 3 || back.Grades[1] != "B" {
		t.Fatalf("the kept comments changed what the file says: %+v", back)
	}
	order := []string{
		"# Written by the console",
		"# Follow-up for key customers, agreed with Mr Wang on 2 Oct.",
		"# Ask Mei before changing the steps.",
		`name = "key-customer"`,
		`grades = ["A", "B"] # C customers have their own`,
		"# Europe's morning, so the mail is on top when they open it.",
		"[window]",
		"start = \"08:30\"",
		"[stop]",
		"  # English",
		"opt_out_words",
		`# The resend: "did you receive my mail?"`,
		"[[step]]",
		`template = "resend"`,
		`in_thread = true # the same thread, as rule 2 says`,
		"# Only the catalog of 2026 # not the old one",
		"[[step]]",
		`after = "5d"`,
		`template = "product-intro"`,
		"# the phone call",
		"[[step]]",
		`task = "Phone the customer"`,
		"# (end of file note)",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(got[at:], want)
		if i < 0 {
			t.Fatalf("%q missing or out of place after byte %d", want, at)
		}
		at += i + len(want)
	}
	if strings.Contains(got, "taken out") {
		t.Fatal("nothing was taken out, yet the file says so")
	}

	// Saved again: the console's own line is not repeated, nothing doubles.
	again := string(KeepComments([]byte(got), d.TOML("Written by the console; the previous version is kept as key-customer.toml.prev")))
	if again != got {
		t.Fatalf("a second save changed the file:\n%s", again)
	}
}

// A step taken out takes its place with it: its comments end the file
// under a line that says so; the steps that stay keep theirs, though they
// moved up.
func TestKeepCommentsOfARemovedStep(t *testing.T) {
	d := draftOf(t, commented)
	d.Steps = append(d.Steps[:0:0], d.Steps[1:]...) // no resend
	d.Description = ""
	got := string(KeepComments([]byte(commented), d.TOML("Written by the console")))
	t.Logf("\n%s", got)
	intro := strings.Index(got, "# Only the catalog of 2026")
	steps := strings.Index(got, "[[step]]")
	if intro < 0 || intro > steps {
		t.Fatalf("the product introduction's comment is not before the first step now")
	}
	lost := strings.Index(got, "# Comments of the previous version whose step or key was taken out:")
	if lost < 0 || !strings.Contains(got[lost:], `# The resend: "did you receive my mail?"`) || !strings.Contains(got[lost:], "# the same thread, as rule 2 says") {
		t.Fatalf("the resend's comments are not kept at the end")
	}
	if end := strings.Index(got, "\n\n# (end of file note)\n"); end < lost {
		t.Fatal("the file's last comment is not kept apart at the end")
	}
	if strings.Count(got, "# the same thread") != 1 {
		t.Fatal("a comment doubled")
	}
	if back := draftOf(t, got); len(back.Steps) != 2 || back.Steps[0].Template != "product-intro" {
		t.Fatalf("%+v", back.Steps)
	}
	if again := string(KeepComments([]byte(got), d.TOML("Written by the console"))); again != got {
		t.Fatalf("a second save changed the file:\n%s", again)
	}
}

// A file with no comments, or one that is not TOML, gives the form's file.
func TestKeepCommentsWithNothingToKeep(t *testing.T) {
	d := draftOf(t, commented)
	written := d.TOML("Written by the console")
	plain := string(d.TOML(""))
	if got := KeepComments([]byte(plain), written); string(got) != string(written) {
		t.Fatalf("no comments to keep, yet:\n%s", got)
	}
	if got := KeepComments([]byte("name = [unclosed"), written); string(got) != string(written) {
		t.Fatalf("from a broken file:\n%s", got)
	}
}

// Whatever a manager's file holds, keeping its comments never changes what
// the form wrote: the result decodes to the same sequence. The form
// takes out the first step when drop says so, and changes the delay of the
// last step left, which stays.
func FuzzKeepComments(f *testing.F) {
	f.Add(commented, "5d", false)
	f.Add(commented, "1d", true)
	f.Add("name = \"a\" # x\n[window] # w\nstart = '09:00' # s\n[[step]]\nafter = \"1d\" # one day\naction = \"email\"\ntemplate = \"r#1\" # t\n", "2d # two", false)
	f.Add("# top\n\n# more\n\nname = \"a\"\ngrades = [ # g\n \"A\", # a\n]\n", "", true)
	f.Fuzz(func(t *testing.T, old, after string, drop bool) {
		var d Draft
		if _, err := toml.Decode(old, &d); err != nil {
			return
		}
		if drop && len(d.Steps) > 0 {
			d.Steps = d.Steps[1:]
		}
		if n := len(d.Steps); n > 0 {
			d.Steps[n-1].After = after
		}
		written := d.TOML("Written by the console")
		got := KeepComments([]byte(old), written)
		var a, b map[string]any
		if _, err := toml.Decode(string(written), &a); err != nil {
			t.Skip("the form's own file does not decode")
		}
		if _, err := toml.Decode(string(got), &b); err != nil {
			t.Fatalf("with the comments kept the file does not decode: %v\n%s", err, got)
		}
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("the comments changed the file's meaning:\n%v\n%v\n%s", a, b, got)
		}
		// The edit reached the file: the last step's delay is the one given.
		var back Draft
		if _, err := toml.Decode(string(got), &back); err != nil {
			t.Fatal(err)
		}
		if n := len(back.Steps); n != len(d.Steps) || n > 0 && utf8.ValidString(after) && back.Steps[n-1].After != after {
			t.Fatalf("the file has %d steps %+v; want %d, the last one after = %q:\n%s", n, back.Steps, len(d.Steps), after, got)
		}
	})
}
