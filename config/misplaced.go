package config

import (
	"encoding"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// misplacedKey explains an unknown key whose last word is a key of another
// table: in TOML a key belongs to the last [table] header above it, so a
// key uncommented under a header left commented (config.example.toml's
// optional sections) lands in the table before. Its spelling is right; the
// fix is the header. The key is named at its first line with its block, and
// the other blocks it is written in after it, as unknownKey names it. It
// returns "" for a key no table has.
func misplacedKey(body string, k toml.Key, lines map[string]int, data map[string]any) string {
	if len(k) < 2 {
		return ""
	}
	word, here := k[len(k)-1], tableName(k[:len(k)-1])
	var homes []string
	for _, t := range keyHomes()[word] {
		if t != here {
			homes = append(homes, t)
		}
	}
	if len(homes) == 0 {
		return ""
	}
	line, name, more := keyAt(k, lines, data)
	name += alsoLines(more)
	at := ""
	if line > 0 {
		at = fmt.Sprintf("line %d: ", line)
	}
	// Uncommented under a header left commented: the header is the fix.
	if n := commentedHeader(body, homes, line, lines[strings.Join(k[:len(k)-1], "\x00")]); n > 0 {
		return fmt.Sprintf("%s%s: %q is a key of %s, not of %s: a key belongs to the last [table] header above it; uncomment the header at line %d, above it",
			at, name, word, strings.Join(homes, " or "), here, n)
	}
	// Elsewhere it may be meant for the other table, or be a mistake.
	move := fmt.Sprintf("put it under a %s header", homes[0])
	if homes[0] == "the top" {
		move = "move it above the first [table] header"
	} else if name, ok := strings.CutPrefix(homes[0], "["); ok && !strings.HasPrefix(name, "[") {
		if n := lines[strings.ReplaceAll(strings.TrimSuffix(name, "]"), ".", "\x00")]; n > 0 {
			move = fmt.Sprintf("move it under the %s header at line %d", homes[0], n)
		}
	}
	return fmt.Sprintf("%sunknown key %s: %s has no %q, %s has: a key belongs to the last [table] header above it; if it is meant for %s, %s, else remove it",
		at, name, here, word, strings.Join(homes, " or "), homes[0], move)
}

// tableName is how config.example.toml writes the header of the table at
// path: [digest], [[mailbox]], [[greetings.custom]].
func tableName(path []string) string {
	typ := reflect.TypeOf(Config{})
	array := false
	for _, name := range path {
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() == reflect.Map {
			typ = typ.Elem()
			continue
		}
		if typ.Kind() != reflect.Struct {
			break
		}
		f, ok := fieldByTag(typ, name)
		if !ok {
			break
		}
		typ, array = f.Type, false
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			array = array || typ.Kind() == reflect.Slice
			typ = typ.Elem()
		}
	}
	if array {
		return "[[" + strings.Join(path, ".") + "]]"
	}
	return "[" + strings.Join(path, ".") + "]"
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// keyHomes maps each key word to the tables that have it ("the top" for a
// key before any header), in the Config struct's order.
func keyHomes() map[string][]string {
	homes := map[string][]string{}
	var walk func(typ reflect.Type, path []string)
	walk = func(typ reflect.Type, path []string) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type, path)
				continue
			}
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			home := "the top"
			if len(path) > 0 {
				home = tableName(path)
			}
			if !slices.Contains(homes[tag], home) {
				homes[tag] = append(homes[tag], home)
			}
			t := f.Type
			for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
				t = t.Elem()
			}
			if t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(textUnmarshaler) && len(path) < 3 {
				walk(t, append(slices.Clip(path), tag))
			}
		}
	}
	walk(reflect.TypeOf(Config{}), nil)
	return homes
}

var arrayIndex = regexp.MustCompile(`\[\d+\]`)

// commentedHeader is the line of the nearest "# [table]" for one of
// tables above line and below the active header at from, or 0.
func commentedHeader(body string, tables []string, line, from int) int {
	all := strings.Split(body, "\n")
	if line <= 0 || line > len(all) {
		return 0
	}
	for n := line - 1; n > from; n-- {
		s := strings.TrimSpace(all[n-1])
		if !strings.HasPrefix(s, "#") {
			continue
		}
		s = strings.TrimSpace(strings.TrimLeft(s, "#"))
		if i := strings.Index(s, "#"); i >= 0 {
			s = strings.TrimSpace(s[:i])
		}
		if slices.Contains(tables, s) {
			return n
		}
	}
	return 0
}
