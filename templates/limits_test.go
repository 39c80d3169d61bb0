package templates

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// A template that writes without end stops at MaxRendered with a problem
// (nothing to send), quickly and without the memory; every section.
func TestRenderStopsAtTheCap(t *testing.T) {
	body := strings.Repeat("x", 1000)
	set := load(t, map[string]string{
		"flood.tmpl":   "subject: hi\n--- text\n{{range .Products}}{{range $.Products}}{{printf \"%99999s\" \"x\"}}{{end}}{{end}}\n",
		"long.tmpl":    "subject: hi\n--- text\n" + strings.Repeat(body+"\n", 300) + "\n",
		"html.tmpl":    "subject: hi\n--- text\nfine\n--- html\n<p>{{printf \"%999999s\" \"x\"}}</p>\n",
		"subject.tmpl": "subject: {{printf \"%999999s\" \"x\"}}\n--- text\nfine\n",
		"fits.tmpl":    "subject: hi\n--- text\n" + strings.Repeat(body+"\n", 200) + "\n",
	})
	for name, section := range map[string]string{"flood": "text", "long": "text", "html": "html", "subject": "subject"} {
		start := time.Now()
		r, err := set.Render(name, "", SampleData())
		var p Problem
		if !errors.As(err, &p) || p.Section != section || !strings.Contains(p.Msg, "longer than 256 KB") {
			t.Errorf("%s: err %v, want the %s longer than 256 KB", name, err, section)
		}
		if r.Text != "" || r.HTML != "" || time.Since(start) > 5*time.Second {
			t.Errorf("%s: rendered %d bytes in %s", name, len(r.Text)+len(r.HTML), time.Since(start))
		}
	}
	if r, err := set.Render("fits", "", SampleData()); err != nil || len(r.Text) < 200000 {
		t.Errorf("a long mail within the cap: %d bytes, %v", len(r.Text), err)
	}
}

// What would keep a render busy without writing is refused when the file
// loads, with its line: a range over a number (or a variable), ranges
// nested deeper than two, templates calling templates.
func TestLoopsThatCouldRunForeverAreRefused(t *testing.T) {
	bad := map[string]string{
		"num.tmpl":    "subject: hi\n--- text\n\n{{range 2000000000}}{{end}}\n",
		"paren.tmpl":  "subject: hi\n--- text\n\n{{range (or 2000000000 1)}}{{end}}\n",
		"var.tmpl":    "subject: hi\n--- text\n{{$n := 2000000000}}\n{{range $n}}{{end}}\n",
		"deep.tmpl":   "subject: hi\n--- text\n{{range .Products}}{{range $.Products}}\n{{range $.Products}}{{end}}{{end}}{{end}}\n",
		"define.tmpl": "subject: hi\n--- text\n{{define \"a\"}}{{template \"b\" .}}{{template \"b\" .}}{{end}}{{define \"b\"}}{{end}}\n{{template \"a\" .}}\n",
		"html.tmpl":   "subject: hi\n--- text\nfine\n--- html\n\n\n{{range 5}}<p>x</p>{{end}}\n",
		"subj.tmpl":   "subject: {{range 9}}{{end}}hi\n--- text\nfine\n",
	}
	good := map[string]string{
		"ok.tmpl": "subject: hi\n--- text\n{{range $i, $p := .Products}}{{range $.Products}}{{$p.Name}}{{end}}{{end}}{{range .Products}}{{.Name}}{{end}}\n",
	}
	fsys := fstest.MapFS{}
	for name, body := range bad {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	for name, body := range good {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	set, err := Load(fsys)
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("err = %v, want Problems", err)
	}
	got := map[string]Problem{}
	for _, p := range probs {
		got[p.File] = p
	}
	lines := map[string]int{"num.tmpl": 4, "paren.tmpl": 4, "var.tmpl": 4, "deep.tmpl": 4, "html.tmpl": 7, "subj.tmpl": 1}
	for name := range bad {
		p, ok := got[name]
		if !ok {
			t.Errorf("%s loaded: %q", name, bad[name])
			continue
		}
		if want := lines[name]; want != 0 && p.Line != want {
			t.Errorf("%s: problem %+v, want line %d", name, p, want)
		}
		if _, ok := set.Lookup(strings.TrimSuffix(name, ".tmpl"), ""); ok {
			t.Errorf("%s is in the set", name)
		}
	}
	if _, ok := set.Lookup("ok", ""); !ok {
		t.Errorf("the good one was refused: %v", got["ok.tmpl"])
	}
}
