package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// ForecastDays is how far ahead the forecast looks unless asked.
const ForecastDays = 14

// ForecastMaxDays is how far ahead the page looks at most.
const ForecastMaxDays = 60

// forecast lists what keepwarm will send or ask someone to do, per
// salesperson and day, at the customer's local time; filters by person,
// sequence and kind.
func (s *Server) forecast(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	// The greetings are planned two months ahead at most: further the
	// list would read as "nothing planned". A days that is not 1 to 60
	// is said so, not silently replaced.
	days, err := strconv.Atoi(strings.TrimSpace(q.Get("days")))
	badDays := q.Get("days") != "" && (err != nil || days <= 0 || days > ForecastMaxDays)
	if err != nil || days <= 0 || days > ForecastMaxDays {
		days = ForecastDays
	}
	items, err := c.Forecast(r.Context(), person(r), s.clock.Now(), days)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	who, seq, kind := strings.ToLower(q.Get("owner")), q.Get("sequence"), q.Get("kind")
	owners, seqs := map[string]bool{}, map[string]bool{}
	var shown []ForecastItem
	for _, it := range items {
		owners[it.Owner] = true
		if it.Sequence != "" {
			seqs[it.Sequence] = true
		}
		if who != "" && it.Owner != who || seq != "" && it.Sequence != seq || kind != "" && it.Kind != kind {
			continue
		}
		shown = append(shown, it)
	}
	// Per salesperson, then day (the team's), then time.
	l := lang(r)
	l.loc = s.cfg.Location
	type day struct {
		Day   string
		Items []ForecastItem
	}
	type group struct {
		Owner string
		Days  []day
	}
	var groups []group
	idx := map[string]int{}
	sort.SliceStable(shown, func(i, j int) bool { return shown[i].Owner < shown[j].Owner })
	for _, it := range shown {
		gi, ok := idx[it.Owner]
		if !ok {
			gi = len(groups)
			idx[it.Owner] = gi
			groups = append(groups, group{Owner: it.Owner})
		}
		g := &groups[gi]
		d := l.Day(it.At)
		if len(g.Days) == 0 || g.Days[len(g.Days)-1].Day != d {
			g.Days = append(g.Days, day{Day: d})
		}
		g.Days[len(g.Days)-1].Items = append(g.Days[len(g.Days)-1].Items, it)
	}
	s.render(w, r, http.StatusOK, "forecast", map[string]any{"Groups": groups, "Days": days, "Count": len(shown),
		"Owners": sortedKeys(owners), "Sequences": sortedKeys(seqs), "Owner": who, "Sequence": seq, "Kind": kind,
		// While the follow-ups are held the list has none of them: it
		// says so, not "nothing is due".
		"Held": c.FilesCheck(r.Context()).Held, "BadDays": badDays})
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// skipGreeting stops a planned greeting or letter (the forecast's "Don't
// send") before it goes.
func (s *Server) skipGreeting(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	key := r.PostFormValue("key")
	// Stopped, a greeting or letter is not planned again: one tap on the
	// wrong row of a long list on a phone lost a customer's Spring
	// Festival greeting. It asks first, as the desk's Skip of the same
	// mail does, when the forecast lists it as the person's to stop; any
	// other the backend refuses, with why.
	if r.PostFormValue("confirm") != "1" {
		items, err := c.Forecast(r.Context(), person(r), s.clock.Now(), ForecastMaxDays)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p := person(r)
		for _, it := range items {
			if it.Key != key || key == "" || !p.Manager && it.Owner != p.Email {
				continue
			}
			l := lang(r)
			cf := confirmDontSend
			if it.Kind == "letter" {
				cf.Title = "Don't send this letter?"
			}
			cf.What = strings.Join([]string{it.CustomerName, l.ForecastWhat(it), l.ForecastRule(it), l.TimeIn(it.At, it.Location)}, " · ")
			cf.Fields = map[string]string{"key": key}
			s.confirm(w, r, cf)
			return
		}
	}
	s.act(w, r, "/forecast", func() (Change, error) { return c.SkipGreeting(r.Context(), person(r), key, s.clock.Now()) })
}

var confirmDontSend = confirmation{
	Title: "Don't send this greeting?",
	Text:  "It is recorded as skipped now: it is not sent and not planned again, as a greeting or a letter skipped on the desk does not come back. This cannot be undone.",
	Yes:   "Don't send it", No: "Keep it", Op: "skip",
}
