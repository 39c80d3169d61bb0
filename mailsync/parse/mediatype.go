package parse

import (
	"errors"
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// parseMediaType is mime.ParseMediaType that also recovers the boundary and
// charset parameters it drops: RFC 2231 extended values in a charset it does
// not decode (boundary*=iso-8859-1'en'abc, or one that names no charset),
// and the parameters of a Content-Type whose other
// parameters are malformed. Without the boundary a whole multipart body
// would be lost. The error is mime's, and nil when nothing of value was
// lost.
func parseMediaType(v string) (string, map[string]string, error) {
	mediaType, params, err := mime.ParseMediaType(v)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return mediaType, params, err
	}
	// Only RFC 2231 forms (a "*" in a name) and malformed parameters need
	// the second reading; nearly every Content-Type has neither.
	if !strings.Contains(v, "*") && err == nil {
		return mediaType, params, nil
	}
	lower := strings.ToLower(v)
	for _, name := range [...]string{"boundary", "charset"} {
		extended := strings.Contains(lower, name+"*")
		if !extended && (params[name] != "" || !strings.Contains(lower, name)) {
			continue
		}
		// mime drops an extended value in a charset it does not decode, and
		// of a continued one it may keep only the pieces it could decode.
		if val, ok := lenientParam(v, name); ok {
			if params == nil {
				params = map[string]string{}
			}
			params[name] = val
		}
	}
	if errors.Is(err, mime.ErrInvalidMediaParameter) && (params["boundary"] != "" || !strings.HasPrefix(mediaType, "multipart/")) {
		err = nil // what a body walk needs is there; go-message goes on the same way
	}
	return mediaType, params, err
}

// lenientParam reads the parameter name from a Content-Type value: plain
// (name=v, name="v"), RFC 2231 extended (name*=charset'lang'%xx) or
// continued (name*0=, name*1*=...), whatever the charset. Percent escapes
// are undone; the bytes are kept as they are (boundaries and charset names
// are ASCII).
func lenientParam(v, name string) (string, bool) {
	type piece struct {
		n   int
		ext bool
		val string
	}
	var pieces []piece
	for _, seg := range strings.Split(v, ";")[1:] {
		k, val, ok := strings.Cut(seg, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = strings.Trim(strings.TrimSpace(val), `"`)
		if !strings.HasPrefix(k, name) {
			continue
		}
		rest := k[len(name):]
		p := piece{val: val}
		switch {
		case rest == "":
			return val, val != ""
		case rest == "*":
			p.ext = true
		case strings.HasPrefix(rest, "*"):
			num := strings.TrimSuffix(rest[1:], "*")
			n, err := strconv.Atoi(num)
			if err != nil || n < 0 || n > 64 {
				continue
			}
			p.n, p.ext = n, strings.HasSuffix(rest[1:], "*")
		default:
			continue // another parameter that begins with name
		}
		pieces = append(pieces, p)
	}
	if len(pieces) == 0 {
		return "", false
	}
	sort.SliceStable(pieces, func(i, j int) bool { return pieces[i].n < pieces[j].n })
	var b strings.Builder
	for i, p := range pieces {
		val := p.val
		if p.ext {
			if i == 0 {
				// charset'language'value
				if parts := strings.SplitN(val, "'", 3); len(parts) == 3 {
					val = parts[2]
				}
			}
			if u, err := url.PathUnescape(val); err == nil {
				val = u
			}
		}
		b.WriteString(val)
	}
	return b.String(), b.Len() > 0
}
