package mailsync

// SetSecondConnFrom sets the history size from which a first sync takes a
// second connection, until the returned func restores it.
func SetSecondConnFrom(n int) (restore func()) {
	old := secondConnFrom
	secondConnFrom = n
	return func() { secondConnFrom = old }
}
