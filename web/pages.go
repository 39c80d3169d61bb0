package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"keepwarm"
)

// desk is the signed-in person's list of what to do now.
// The query string may ask for another page of the waiting list: ?older=K
// (the page before the key K) or ?newer=K (the page after it);
// a malformed key, or both, is a 400 that says so.
func (s *Server) desk(w http.ResponseWriter, r *http.Request) {
	var page DeskPage
	qs := r.URL.Query()
	for _, p := range []struct {
		name string
		to   **PageKey
	}{{"older", &page.Older}, {"newer", &page.Newer}} {
		v, ok := qs[p.name]
		if !ok {
			continue
		}
		k, good := ParsePageKey(v[0])
		if !good || len(v) > 1 || page.Older != nil {
			s.message(w, r, http.StatusBadRequest, lang(r).T("This link to a page of the waiting list is not valid: open the desk again."))
			return
		}
		*p.to = &k
	}
	d, err := s.b.Desk(r.Context(), person(r), s.clock.Now(), page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "desk", map[string]any{"Desk": d})
}

// customer is one customer's page; another salesperson's is a 404.
func (s *Server) customer(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	c, err := s.b.Customer(r.Context(), person(r), id, s.clock.Now())
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		// A link from before a merge (a digest's, a bookmark)
		// leads to the customer it went into.
		if to, merr := s.b.MergedInto(r.Context(), person(r), id, s.clock.Now()); merr == nil {
			http.Redirect(w, r, fmt.Sprintf("/customers/%d", to), http.StatusSeeOther)
			return
		} else if keepwarm.ErrorCode(merr) != keepwarm.ENOTFOUND {
			err = merr
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "customer", map[string]any{"C": c, "Grades": []string{"A", "B", "C", "D", "E"}})
}

// search finds customers by name, email, domain or phone, CJK included.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > 100 {
		q = string([]rune(q)[:100])
	}
	var rows []CustomerRow
	if q != "" {
		var err error
		if rows, err = s.b.Search(r.Context(), person(r), q, s.clock.Now()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	// More than the page shows: say so, or the customer sought is
	// simply "not there".
	more := len(rows) > SearchLimit
	if more {
		rows = rows[:SearchLimit]
	}
	s.render(w, r, http.StatusOK, "search", map[string]any{"Q": q, "Rows": rows, "More": more, "Limit": SearchLimit})
}

// message shows one message of a visible customer (the desk's link when
// the mailbox has no webmail).
func (s *Server) messagePage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, s)
	if !ok {
		return
	}
	m, err := s.b.Message(r.Context(), person(r), id, s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mail", map[string]any{"M": m})
}

// PoolPageSize is how many pool customers a page of /pool lists.
const PoolPageSize = 200

// pool is the public pool, a page at a time (?page=N), with the person's
// claims and the cap.
func (s *Server) pool(w http.ResponseWriter, r *http.Request) {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.message(w, r, http.StatusBadRequest, lang(r).T("That page of the pool does not exist."))
			return
		}
		page = n
	}
	p, err := s.b.Pool(r.Context(), person(r), page, s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "pool", map[string]any{"Pool": p})
}
