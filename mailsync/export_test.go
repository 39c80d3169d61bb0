package mailsync

// SetSecondConnFrom sets the history size from which a first sync takes a
// second connection, until the returned func restores it.
func SetSecondConnFrom(n int) (restore func()) {
	old := secondConnFrom
	secondConnFrom = n
	return func() { secondConnFrom = old }
}

// EchoesCompacted is how many header-field echoes s's connections have
// shortened (see echoCompactor).
func EchoesCompacted(s *Syncer) int64 { return s.echoes.Load() }

// SetCompactEchoes turns the echo compactor on or off for connections made
// from now, until the returned func restores it.
func SetCompactEchoes(on bool) (restore func()) {
	old := compactEchoesOn
	compactEchoesOn = on
	return func() { compactEchoesOn = old }
}

// SetParseFault makes reading a message call fn (which may panic), until
// the returned func restores it.
func SetParseFault(fn func(folder string, uid uint32)) (restore func()) {
	old := parseFault
	parseFault = fn
	return func() { parseFault = old }
}

// SetFetchFault makes fetching a batch call fn (which may panic), until
// the returned func restores it.
func SetFetchFault(fn func(folder string)) (restore func()) {
	old := fetchFault
	fetchFault = fn
	return func() { fetchFault = old }
}
