package web

// WaitDeliveries waits for the sign-in mail under way: a test reads the
// mailbox after it.
func (s *Server) WaitDeliveries() { s.bg.Wait() }
