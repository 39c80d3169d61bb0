package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A sequence written by hand with more steps than any the console makes
// keeps every one of them through a save from its form, and the form
// still has a blank row to add one more. A form that arrives without
// some of its step rows saves nothing.
func TestSequenceFormKeepsEveryStepOfALongSequence(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	const steps = 22
	var b strings.Builder
	b.WriteString("name = \"long\"\ndescription = \"a monthly nurture\"\ngrades = [\"C\"]\nmode = \"draft\"\n\n[window]\nstart = \"09:00\"\nend = \"17:00\"\n\n[stop]\nout_of_office_pause = \"7d\"\n")
	for i := range steps {
		fmt.Fprintf(&b, "\n[[step]]\nafter = \"%dd\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n", 30+i)
	}
	file := filepath.Join(r.seqDir, "long.toml")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		t.Helper()
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(string(body), "[[step]]")
	}

	code, page := mgr.get("/sequences/long")
	last := fmt.Sprintf(`name="step[%d].after" value="%dd"`, steps-1, 30+steps-1)
	blank := fmt.Sprintf(`name="step[%d].after" value=""`, steps)
	if code != http.StatusOK || !strings.Contains(page, last) || !strings.Contains(page, blank) {
		t.Fatalf("the form lacks the last step or the blank row: %d\n%s", code, page)
	}
	form := seqFormOf(t, page)
	if form.Get("steps") != fmt.Sprint(steps+1) {
		t.Fatalf("the form says it holds %q rows", form.Get("steps"))
	}
	form.Set("description", "a monthly nurture, two years")
	if code, loc := mgr.do("/sequences/long", "/sequences", form); code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", code, loc)
	}
	if n := count(); n != steps {
		t.Fatalf("the saved file has %d steps, not %d", n, steps)
	}

	// One more step in the blank row: 23.
	_, page = mgr.get("/sequences/long")
	form = seqFormOf(t, page)
	form.Set(fmt.Sprintf("step[%d].after", steps), "60d")
	form.Set(fmt.Sprintf("step[%d].template", steps), "resend")
	if code, loc := mgr.do("/sequences/long", "/sequences", form); code != http.StatusSeeOther {
		t.Fatalf("save with a step added: %d %s", code, loc)
	}
	if n := count(); n != steps+1 {
		t.Fatalf("after adding one the file has %d steps, not %d", n, steps+1)
	}

	// Rows lost on the way (the form says 24, step 6 never came).
	_, page = mgr.get("/sequences/long")
	form = seqFormOf(t, page)
	for _, k := range []string{"after", "days", "action", "template", "task", "in_thread"} {
		form.Del("step[5]." + k)
	}
	before, _ := os.ReadFile(file)
	code, body := mgr.do("/sequences/long", "/sequences", form)
	if code != http.StatusBadRequest || !strings.Contains(body, "without all of its steps") {
		t.Fatalf("a form short of a step row: %d\n%s", code, body)
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Fatalf("a form short of a step row was saved:\n%s", after)
	}
	// The refusal page offers no save, only a reload; sent back as it
	// is, it is refused again and the step that never came stays.
	if strings.Contains(body, "Check and save") || !strings.Contains(body, `id="reload" href="/sequences/long"`) {
		t.Fatalf("the refusal page offers a save or no reload:\n%s", body)
	}
	if code, again := mgr.do("/sequences/long", "/sequences", seqFormOf(t, body)); code != http.StatusBadRequest || !strings.Contains(again, "without all of its steps") {
		t.Fatalf("the refusal page sent back: %d\n%s", code, again)
	}
	if n := count(); n != steps+1 {
		t.Fatalf("the refusal page sent back left the file with %d steps, not %d", n, steps+1)
	}
}
