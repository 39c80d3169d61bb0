package worldcal

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Japan's calendar computed by several calendars at once (the web's
// previews beside the daemon's tick) dates each equinox holiday as alone:
// rickar/cal writes the year's day into its shared holiday before reading
// it back, which must not be done by two at once (go test -race sees it,
// and a day could take another year's date).
func TestJapanComputedConcurrentlyDatesTheEquinoxesAsAlone(t *testing.T) {
	equinoxes := func(s *Set, y int) string {
		var out []string
		for _, h := range s.Holidays("JP", y) {
			if strings.Contains(strings.ToLower(h.Name), "equinox") {
				out = append(out, h.Date.Format("2006-01-02"))
			}
		}
		return strings.Join(out, ",")
	}
	want := map[int]string{}
	for y := 2000; y < 2060; y++ {
		want[y] = equinoxes(mustNew(t), y)
		if want[y] == "" {
			t.Fatalf("%d: no equinox holiday in Japan's calendar", y)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*60)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := mustNew(t)
			for y := 2000; y < 2060; y++ {
				if got := equinoxes(s, y); got != want[y] {
					errs <- fmt.Sprintf("%d: %s, alone %s", y, got, want[y])
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func mustNew(t *testing.T) *Set {
	s, err := New(nil)
	if err != nil {
		t.Error(err)
	}
	return s
}
