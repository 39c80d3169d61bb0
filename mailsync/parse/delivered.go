package parse

import (
	"strings"
	"time"
)

// DeliveryFields are the header fields sync fetches, apart from
// HeaderFields, of a copy that reached its folder long after its Date
// (keepwarm.UploadedAfter): only its delivery says whether it came late
// or was uploaded from an archive (Delivered). Every other message goes
// without them: Received lines are most of a header's size.
var DeliveryFields = []string{"Received"}

// Date reads the value of a Date field as Message does; zero when it does
// not parse.
func Date(v string) time.Time {
	return parseDate(v)
}

// Delivered is the time the server stamped on the newest Received field
// (the first) of a header block: when the mail reached the server that
// put it in its folder. Zero when there is none, or its time does not
// parse. It never panics.
func Delivered(header []byte) (t time.Time) {
	defer func() {
		if recover() != nil {
			t = time.Time{}
		}
	}()
	v := lenientHeader(header).Get("Received")
	// RFC 5321 4.4: the date follows the last semicolon.
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return time.Time{}
	}
	return parseDate(v[i+1:])
}
