package config

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// unknownKey is the error for a key no table has: at its first line, named
// as a wrong type is (mailbox "lily".sent_foler), the other lines it is
// written on after it, with the key it is likely a misspelling of.
func unknownKey(k toml.Key, lines map[string]int, data map[string]any) string {
	line, name, more := keyAt(k, lines, data)
	msg := "unknown key " + name
	if line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	msg += alsoLines(more)
	if near := nearestKey(k); near != "" {
		return msg + ": did you mean " + near + "? (or remove it)"
	}
	return msg + ": remove it or check its spelling against config.example.toml"
}

// alsoLines is " (also lines 8, 11)" for the later lines of a key, or "".
func alsoLines(more []int) string {
	if len(more) == 0 {
		return ""
	}
	words := make([]string, len(more))
	for i, n := range more {
		words[i] = strconv.Itoa(n)
	}
	s := ""
	if len(more) > 1 {
		s = "s"
	}
	return fmt.Sprintf(" (also line%s %s)", s, strings.Join(words, ", "))
}

var itemPiece = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

// keyAt finds where the file writes k: the first line, the key named with
// the item of each [[array]] it is in (by the item's email, name or key, as
// checkTypes names them), and the later lines of the same key in other
// items. A key inside an inline table has no line of its own: its nearest
// enclosing key's is given, in the item whose value holds the key (Lily's
// away is not named for a misspelling in Tom's). Without any, line is 0
// and name k.String().
func keyAt(k toml.Key, lines map[string]int, data map[string]any) (line int, name string, more []int) {
	for n := len(k); n > 0; n-- {
		want := strings.Join(k[:n], "\x00")
		var found []string
		for key := range lines {
			if arrayIndex.ReplaceAllString(key, "") == want {
				found = append(found, key)
			}
		}
		if len(found) == 0 {
			continue
		}
		slices.SortFunc(found, func(a, b string) int { return lines[a] - lines[b] })
		var first keyPath
		for _, key := range found {
			p, v := itemAt(key, data)
			if n < len(k) && !holds(v, k[n:]) {
				continue
			}
			if first == nil {
				line, first = lines[key], p
				continue
			}
			more = append(more, lines[key])
		}
		if first == nil {
			// No item holds it: naming one would be a guess.
			return 0, k.String(), nil
		}
		for _, rest := range k[n:] {
			first = append(first, segment{key: rest, index: -1})
		}
		return line, first.String(), more
	}
	return 0, k.String(), nil
}

// itemAt is the path of key (as keyLines writes it: pieces joined by NUL,
// [[array]] items as "name[i]"), each item named by its id, and the value
// data holds there.
func itemAt(key string, data map[string]any) (keyPath, any) {
	var p keyPath
	var v any = data
	for _, piece := range strings.Split(key, "\x00") {
		table, _ := v.(map[string]any)
		m := itemPiece.FindStringSubmatch(piece)
		if m == nil {
			p = append(p, segment{key: piece, index: -1})
			v = table[piece]
			continue
		}
		i, _ := strconv.Atoi(m[2])
		p = append(p, segment{key: m[1], index: -1})
		var id string
		items, _ := table[m[1]].([]map[string]any)
		v = nil
		if i < len(items) {
			v = items[i]
			id, _ = items[i][itemIDs[strings.Join(p.plain(), ".")]].(string)
		}
		p = append(p, segment{key: m[1], index: i, id: strings.TrimSpace(id), header: true})
	}
	return p, v
}

// holds reports whether v, a value decoded from the file, has the key path
// rest in it: in a table, or in any item of a list or array of tables.
func holds(v any, rest []string) bool {
	if len(rest) == 0 {
		return true
	}
	switch v := v.(type) {
	case map[string]any:
		child, ok := v[rest[0]]
		return ok && holds(child, rest[1:])
	case []map[string]any:
		return slices.ContainsFunc(v, func(m map[string]any) bool { return holds(m, rest) })
	case []any:
		return slices.ContainsFunc(v, func(item any) bool { return holds(item, rest) })
	}
	return false
}
