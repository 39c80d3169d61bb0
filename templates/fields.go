package templates

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// Field is a field a template may use, with its value for one Data.
type Field struct {
	Name  string // as written in a template: ".Contact.Salutation"
	Value string
}

// FieldsOf lists the fields of d a template can use, with their values:
// the fields of Data and of the structs in it, one level down. Of d of
// a kind (Data.Of), not those its mail never has: a follow-up's list
// has no .Month.
func FieldsOf(d Data) []Field {
	var out []Field
	walkFields(reflect.ValueOf(d), "", 0, &out)
	return slices.DeleteFunc(out, func(f Field) bool { return unsetField(d.kind, f.Name) })
}

var timeType = reflect.TypeOf(time.Time{})

func walkFields(v reflect.Value, prefix string, depth int, out *[]Field) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := prefix + "." + f.Name
		fv := v.Field(i)
		if f.Anonymous && fv.Kind() == reflect.Struct {
			walkFields(fv, prefix, depth, out)
			continue
		}
		if fv.Kind() == reflect.Struct && fv.Type() != timeType && depth < 1 {
			walkFields(fv, name, depth+1, out)
			continue
		}
		if fv.Kind() == reflect.Map || fv.Kind() == reflect.Pointer || fv.Kind() == reflect.Struct && fv.Type() != timeType {
			continue
		}
		*out = append(*out, Field{Name: name, Value: fieldValue(fv)})
	}
}

func fieldValue(v reflect.Value) string {
	if t, ok := v.Interface().(time.Time); ok {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02 15:04")
	}
	if v.Kind() == reflect.Slice {
		parts := make([]string, v.Len())
		for i := range v.Len() {
			parts[i] = fmt.Sprint(v.Index(i).Interface())
		}
		return strings.Join(parts, ", ")
	}
	s := fmt.Sprint(v.Interface())
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// didYouMean returns the field of Data closest to a misspelt one
// (".Contact.Nmae" → ".Contact.Name"), or "" when none is close.
func didYouMean(bad string) string {
	bad = strings.TrimSpace(bad)
	if !strings.HasPrefix(bad, ".") {
		return ""
	}
	best, bestD := "", 3
	for _, f := range FieldsOf(SampleData()) {
		if strings.Count(f.Name, ".") != strings.Count(bad, ".") {
			continue
		}
		if d := keepwarm.EditDistance(strings.ToLower(f.Name), strings.ToLower(bad)); d < bestD {
			best, bestD = f.Name, d
		}
	}
	return best
}
