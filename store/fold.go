package store

import (
	"database/sql"
	"strings"

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
