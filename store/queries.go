package store

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed queries/*.sql
var queryFS embed.FS

// queries maps a query name to its SQL. The files in queries/ hold blocks
// that start with a line `-- name: some-name`; everything up to the next such
// line is the query. It is read once, from the binary, and never changes.
var queries = mustLoadQueries(queryFS)

func mustLoadQueries(fsys fs.FS) map[string]string {
	q, err := loadQueries(fsys)
	if err != nil {
		panic(err) // a broken embedded file is a build defect, caught by every test
	}
	return q
}

func loadQueries(fsys fs.FS) (map[string]string, error) {
	out := map[string]string{}
	names, err := fs.Glob(fsys, "queries/*.sql")
	if err != nil {
		return nil, err
	}
	for _, file := range names {
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, err
		}
		var name string
		var buf strings.Builder
		flush := func() error {
			if name == "" {
				return nil
			}
			if _, dup := out[name]; dup {
				return fmt.Errorf("store: %s: query %q defined twice", file, name)
			}
			out[name] = strings.TrimSpace(buf.String())
			buf.Reset()
			return nil
		}
		sc := bufio.NewScanner(bytes.NewReader(body))
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
				if err := flush(); err != nil {
					return nil, err
				}
				name = strings.TrimSpace(rest)
				continue
			}
			if name != "" {
				buf.WriteString(line)
				buf.WriteByte('\n')
			}
		}
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// q returns the named query. An unknown name is a programming error that any
// test touching the caller finds, so it panics rather than returning "".
func q(name string) string {
	s, ok := queries[name]
	if !ok {
		panic("store: no query named " + name)
	}
	return s
}
