package web

// WaitDeliveries waits for the sign-in mail under way: a test reads the
// mailbox after it.
func (s *Server) WaitDeliveries() { s.bg.Wait() }

// PostRoutes are the patterns of the application's POST routes, as given
// to its mux ("/customers/{id}/note").
func (s *Server) PostRoutes() []string { return append([]string(nil), s.postRoutes...) }
