package config

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestEveryKeyIsDocumented: every key the config decodes appears in
// config.example.toml (set, or commented out) and in the README.
func TestEveryKeyIsDocumented(t *testing.T) {
	example, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || typ == reflect.TypeOf(Duration{}) {
			return
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous {
				walk(f.Type, path)
				continue
			}
			key := f.Tag.Get("toml")
			if key == "" || key == "-" || !f.IsExported() {
				continue
			}
			full := key
			if path != "" {
				full = path + "." + key
			}
			if !seen[key] {
				seen[key] = true
				inExample := regexp.MustCompile(`(?m)^\s*#?\s*(\[+[\w.]*)?` + regexp.QuoteMeta(key) + `\b`).Match(example)
				if !inExample {
					t.Errorf("%s is not in config.example.toml", full)
				}
				if !strings.Contains(string(readme), "`"+key+"`") && !strings.Contains(string(readme), "["+key+"]") && !strings.Contains(string(readme), "."+key+"]") {
					t.Errorf("%s is not in the README", full)
				}
			}
			walk(f.Type, full)
		}
	}
	walk(reflect.TypeOf(Config{}), "")
}
