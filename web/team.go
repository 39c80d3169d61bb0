package web

import (
	"net/http"
	"strconv"
)

// team is each salesperson's week: waiting mail, breaches, follow-ups
// running, tasks overdue; for a manager also what is owned by nobody on
// the team, the live sessions and the audit trail (?before=ID pages it
// back).
func (s *Server) team(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	t, err := c.Team(r.Context(), person(r), s.clock.Now(), max(before, 0))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "team", map[string]any{"Team": t, "Withheld": s.linksWithheld(r)})
}
