package store

import (
	"strconv"

	"keepwarm/internal/jsonstr"
)

// jsonList writes the JSON arrays the batch lookups pass to json_each: of
// strings that jsonSafe allows, of integers, and of rows of both, as
// json.Marshal would, without its reflection (json.Marshal was 1.4 % of a
// first sync's CPU).
type jsonList struct{ b []byte }

// open starts an element: "[" before the first, "," before the others.
func (j *jsonList) open() {
	if len(j.b) == 0 {
		j.b = append(j.b, '[')
	} else {
		j.b = append(j.b, ',')
	}
}

func (j *jsonList) str(s string) {
	j.open()
	j.b = jsonstr.Append(j.b, s)
}

func (j *jsonList) int(n int64) {
	j.open()
	j.b = strconv.AppendInt(j.b, n, 10)
}

// row adds an array of mailbox, folder and two integers.
func (j *jsonList) row(a, b string, x, y int64) {
	j.open()
	j.b = append(j.b, '[')
	j.b = jsonstr.Append(j.b, a)
	j.b = append(j.b, ',')
	j.b = jsonstr.Append(j.b, b)
	j.b = append(j.b, ',')
	j.b = strconv.AppendInt(j.b, x, 10)
	j.b = append(j.b, ',')
	j.b = strconv.AppendInt(j.b, y, 10)
	j.b = append(j.b, ']')
}

// String is the array, "" when nothing was added.
func (j *jsonList) String() string {
	if len(j.b) == 0 {
		return ""
	}
	return string(append(j.b, ']'))
}
