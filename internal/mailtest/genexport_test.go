package mailtest

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset"
)

// TestGenExportMix checks that the export stream has the mix its comment
// promises, over the first 3,800 messages (100 periods of threads).
func TestGenExportMix(t *testing.T) {
	const n = 3800
	opts := GenOptions{Customers: 400}
	kinds := map[string]int{}
	charsets := map[string]int{}
	ctes := map[string]int{}
	var sizes []int
	total, threadOnly, attachments := 0, 0, 0
	for i := range n {
		raw := GenExport(i, opts)
		if !bytes.Equal(raw, GenExport(i, opts)) {
			t.Fatalf("message %d differs between calls", i)
		}
		kinds[ExportKind(i, opts)]++
		sizes = append(sizes, len(raw))
		total += len(raw)
		e, err := message.Read(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("message %d: %v\n%s", i, err, clipBytes(raw))
		}
		if e.Header.Get("Thread-Index") != "" && e.Header.Get("In-Reply-To") == "" && e.Header.Get("Subject") != "" && strings.Contains(e.Header.Get("Subject"), ":") {
			if !strings.HasPrefix(e.Header.Get("Message-Id"), "<exp-") {
				t.Fatalf("message %d: Message-ID %q", i, e.Header.Get("Message-Id"))
			}
		}
		if e.Header.Get("Thread-Index") != "" && e.Header.Get("References") == "" && ExportKind(i, opts) != "autoreply" {
			if _, step := exportThread(i); step > 0 {
				threadOnly++
			}
		}
		if err := e.Walk(func(path []int, p *message.Entity, err error) error {
			if err != nil {
				return err
			}
			mt, params, _ := p.Header.ContentType()
			if strings.HasPrefix(mt, "text/") {
				charsets[strings.ToLower(params["charset"])]++
				ctes[strings.ToLower(p.Header.Get("Content-Transfer-Encoding"))]++
				b, err := io.ReadAll(p.Body)
				if err != nil {
					return err
				}
				if mt == "text/plain" && len(b) == 0 {
					t.Errorf("message %d: empty text part", i)
				}
			}
			if disp, _, _ := p.Header.ContentDisposition(); disp == "attachment" {
				attachments++
			}
			return nil
		}); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
	}
	slices.Sort(sizes)
	median, mean := sizes[n/2], total/n
	t.Logf("kinds %v; charsets of text parts %v; encodings %v", kinds, charsets, ctes)
	t.Logf("sizes: min %d, median %d, mean %d, max %d; Thread-Index-only replies %d; attachments %d", sizes[0], median, mean, sizes[n-1], threadOnly, attachments)
	share := func(k string) float64 { return float64(kinds[k]) / n }
	ordinary := share("plain") + share("alternative") + share("mixed")
	for k, want := range map[string]float64{"plain": 0.33, "alternative": 0.50, "mixed": 0.17} {
		got := share(k) / ordinary
		if k == "alternative" {
			got = (share(k) + share("newsletter")) / (ordinary + share("newsletter"))
		}
		if got < want-0.04 || got > want+0.04 {
			t.Errorf("%s: %.3f of ordinary mail, want about %.2f", k, got, want)
		}
	}
	for _, k := range []string{"autoreply", "bounce", "newsletter", "internal"} {
		if s := share(k); s < 0.01 || s > 0.05 {
			t.Errorf("%s: %.3f of all mail, want a few %%", k, s)
		}
	}
	if f := float64(threadOnly) / n; f < 0.01 || f > 0.06 {
		t.Errorf("replies with only Thread-Index: %.3f, want a few %%", f)
	}
	for _, cs := range []string{"utf-8", "gbk", "gb2312", "big5", "iso-8859-1"} {
		if charsets[cs] == 0 {
			t.Errorf("no text part in %s", cs)
		}
	}
	if charsets["utf-8"]*2 < charsets["gbk"]+charsets["gb2312"]+charsets["big5"]+charsets["iso-8859-1"]+charsets["utf-8"] {
		t.Errorf("UTF-8 is not most of the text parts: %v", charsets)
	}
	for _, e := range []string{"base64", "quoted-printable", "8bit"} {
		if ctes[e] == 0 {
			t.Errorf("no text part in %s", e)
		}
	}
	if sizes[0] < 2000 || sizes[n-1] > 190_000 {
		t.Errorf("sizes %d..%d, want 2 KB..190 KB", sizes[0], sizes[n-1])
	}
	if median < 13_000 || median > 17_000 {
		t.Errorf("median size %d, want about 15 KB", median)
	}
	if mean < 27*1024 || mean > 31*1024 {
		t.Errorf("mean size %d, want about 29 KiB", mean)
	}
}

func clipBytes(b []byte) []byte { return b[:min(len(b), 2000)] }
