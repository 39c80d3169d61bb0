package web

import "net/http"

// team is each salesperson's week: waiting mail, breaches, follow-ups
// running, tasks overdue; for a manager also the live sessions and the
// audit trail.
func (s *Server) team(w http.ResponseWriter, r *http.Request) {
	c, ok := s.console(w, r)
	if !ok {
		return
	}
	t, err := c.Team(r.Context(), person(r), s.clock.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "team", map[string]any{"Team": t})
}
