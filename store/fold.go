package store

import (
	"database/sql"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-sqlite3"
)

// driverName is the SQLite driver the store opens its connections with:
// mattn's, with fold registered on every connection.
const driverName = "sqlite3_keepwarm"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		return c.RegisterFunc("fold", fold, true)
	}})
}

// fold is the SQL function fold(x): x lower-cased as Go lower-cases text,
// every script's capitals (Cyrillic, Greek, Ö, Ł …), where SQLite's own
// lower() folds only ASCII. A search compares fold(column) with the text
// lower-cased in Go; NULL stays NULL, a number as it is.
func fold(v any) any {
	foldCalls.Add(1)
	switch s := v.(type) {
	case string:
		return strings.ToLower(s)
	case []byte:
		if s == nil {
			return nil
		}
		return strings.ToLower(string(s))
	}
	return v
}

// foldCalls counts fold's calls: a test tells by it that a search or an
// import took SQLite's own lower() (fold runs in Go for every row scanned,
// several times slower).
var foldCalls atomic.Int64

// cased tells whether text has a letter beyond ASCII that has another case
// (Cyrillic, Greek, Ö, Ł …), the only text SQLite's lower() cannot compare:
// Chinese and Japanese have no case, and keep the built-in lower().
func cased(text string) bool {
	for _, r := range text {
		if r >= utf8.RuneSelf && unicode.SimpleFold(r) != r {
			return true
		}
	}
	return false
}
