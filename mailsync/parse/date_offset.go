package parse

import (
	"strings"
	"time"
)

// DateOffset is the UTC offset, in seconds, that the Date field of a
// header block was written with. A mail client writes Date in its own
// local time, so the offset says which zone the sender was in. ok is false
// when there is no Date, it does not parse, or it has no numeric offset
// (a zone name such as "GMT" or "CST" says little), or "-0000" (RFC 5322:
// the local time is not known) or "+0000": Microsoft 365 and many webmail
// servers write Date in UTC wherever the sender is, so it does not tell a
// London buyer from a Shanghai one. Or one no zone has.
func DateOffset(rawHeader []byte) (offset int, ok bool) {
	t, ok := DateWritten(rawHeader)
	if !ok {
		return 0, false
	}
	_, off := t.Zone()
	return off, true
}

// DateWritten is the Date field of a header block as written: the instant,
// in the fixed zone of the offset it was written with. ok is false where
// DateOffset's is.
func DateWritten(rawHeader []byte) (t time.Time, ok bool) {
	v := strings.Join(strings.Fields(lenientHeader(rawHeader).Get("Date")), " ")
	sign, hh, mm, found := numericZone(v)
	if !found || hh == 0 && mm == 0 {
		return time.Time{}, false
	}
	t = parseDate(v)
	if t.IsZero() {
		return time.Time{}, false
	}
	_, off := t.Zone()
	want := hh*3600 + mm*60
	if sign == '-' {
		want = -want
	}
	if off != want || off < -12*3600 || off > 14*3600 {
		return time.Time{}, false
	}
	return t, true
}

// numericZone finds the "+hhmm" (or "+hh:mm") word of a date: the last
// one, as the zone follows the time.
func numericZone(v string) (sign byte, hh, mm int, ok bool) {
	words := strings.Fields(strings.ReplaceAll(v, "(", " ("))
	for i := len(words) - 1; i >= 0; i-- {
		w := strings.Replace(words[i], ":", "", 1)
		if len(w) != 5 || w[0] != '+' && w[0] != '-' || !digits(w[1:]) {
			continue
		}
		hh, mm = int(w[1]-'0')*10+int(w[2]-'0'), int(w[3]-'0')*10+int(w[4]-'0')
		if mm >= 60 {
			return 0, 0, 0, false
		}
		return w[0], hh, mm, true
	}
	return 0, 0, 0, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
