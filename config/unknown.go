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
	if len(more) > 0 {
		words := make([]string, len(more))
		for i, n := range more {
			words[i] = strconv.Itoa(n)
		}
		s := ""
		if len(more) > 1 {
			s = "s"
		}
		msg += fmt.Sprintf(" (also line%s %s)", s, strings.Join(words, ", "))
	}
	if near := nearestKey(k); near != "" {
		return msg + ": did you mean " + near + "? (or remove it)"
	}
	return msg + ": remove it or check its spelling against config.example.toml"
}

var itemPiece = regexp.MustCompile(`^(.*)\[(\d+)\]$`)

// keyAt finds where the file writes k: the first line, the key named with
// the item of each [[array]] it is in (by the item's email, name or key, as
// checkTypes names them), and the later lines of the same key in other
// items. A key inside an inline table has no line of its own: its nearest
// enclosing key's is given. Without any, line is 0 and name k.String().
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
		if n == len(k) {
			for _, key := range found[1:] {
				more = append(more, lines[key])
			}
		}
		var p keyPath
		table := data
		for _, piece := range strings.Split(found[0], "\x00") {
			m := itemPiece.FindStringSubmatch(piece)
			if m == nil {
				p = append(p, segment{key: piece, index: -1})
				table, _ = table[piece].(map[string]any)
				continue
			}
			i, _ := strconv.Atoi(m[2])
			p = append(p, segment{key: m[1], index: -1})
			var id string
			items, _ := table[m[1]].([]map[string]any)
			table = nil
			if i < len(items) {
				table = items[i]
				id, _ = table[itemIDs[strings.Join(p.plain(), ".")]].(string)
			}
			p = append(p, segment{key: m[1], index: i, id: strings.TrimSpace(id), header: true})
		}
		for _, rest := range k[n:] {
			p = append(p, segment{key: rest, index: -1})
		}
		return lines[found[0]], p.String(), more
	}
	return 0, k.String(), nil
}
