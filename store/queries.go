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
			query, err := cleanQuery(buf.String())
			if err != nil {
				return fmt.Errorf("store: %s: query %q: %w", file, name, err)
			}
			out[name] = query
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

// cleanQuery cuts a block after its statement's final ';': the driver would
// run a comment after it as a second, empty statement, and a query whose last
// statement is empty returns no rows, silently. A block with two statements
// is refused for the same reason: only the last one's rows would come back.
// Triggers (BEGIN ... END) are migrations' business, not queries'.
func cleanQuery(block string) (string, error) {
	var semis []int // offsets of ';' outside string literals and comments
	code := false   // whether any SQL (not comment, not space) was seen
	for i := 0; i < len(block); i++ {
		switch c := block[i]; {
		case c == '\'':
			j := strings.IndexByte(block[i+1:], '\'')
			if j < 0 {
				return "", fmt.Errorf("has an unterminated string literal")
			}
			i += j + 1
			code = true
		case c == '-' && i+1 < len(block) && block[i+1] == '-':
			if j := strings.IndexByte(block[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(block)
			}
		case c == ';':
			semis = append(semis, i)
		case c != ' ' && c != '\t' && c != '\n' && c != '\r':
			code = true
		}
	}
	if !code {
		return "", fmt.Errorf("is empty")
	}
	if len(semis) == 0 {
		return strings.TrimSpace(block), nil
	}
	if len(semis) > 1 {
		return "", fmt.Errorf("holds more than one statement: split it into two named queries")
	}
	rest := block[semis[0]+1:]
	for _, line := range strings.Split(rest, "\n") {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "--") {
			return "", fmt.Errorf("has SQL after its ';': split it into two named queries")
		}
	}
	return strings.TrimSpace(block[:semis[0]+1]), nil
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
