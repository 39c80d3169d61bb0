package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"keepwarm/internal/jsonstr"
	"keepwarm/store"
)

// replyJSON writes `report replies --format json` as the report is read:
// the head (period, totals, groups) and then each listed message as it
// comes, instead of the whole report in memory and then its JSON (37 MB
// for 48,000 clocks). The bytes are writeJSON's: two-space indentation,
// encoding/json's escaping, and a time on 0001-01-01 (an unset time.Time,
// in any zone) written as null; a test compares the two.
type replyJSON struct {
	w     *bufio.Writer
	lists int // lists opened so far
	items int // items in the open list
	buf   []byte
	err   error
}

var replyJSONLists = []string{store.ListBreaches, store.ListUnanswered}

func newReplyJSON(w io.Writer) *replyJSON {
	return &replyJSON{w: bufio.NewWriterSize(w, 64<<10)}
}

// head writes everything before the lists.
func (j *replyJSON) head(rep store.ReplyReport) error {
	b := append(j.buf[:0], "{\n  \"since\": "...)
	b, err := appendJSONTime(b, rep.Since)
	if err != nil {
		return err
	}
	b = append(b, ",\n  \"until\": "...)
	if b, err = appendJSONTime(b, rep.Until); err != nil {
		return err
	}
	b = append(b, ",\n  \"by\": "...)
	b = jsonstr.Append(b, rep.By)
	for _, part := range []struct {
		key string
		v   any
	}{{"total", rep.Total}, {"groups", rep.Groups}, {"targets_seconds", rep.Targets}} {
		v, err := json.MarshalIndent(part.v, "  ", "  ")
		if err != nil {
			return err
		}
		b = append(b, ",\n  \""+part.key+"\": "...)
		b = append(b, v...)
	}
	j.buf = b
	_, err = j.w.Write(b)
	return err
}

// item writes one listed message; the lists come in replyJSONLists' order.
func (j *replyJSON) item(list string, it store.ReplyItem) error {
	for j.lists == 0 || replyJSONLists[j.lists-1] != list {
		if j.lists == len(replyJSONLists) {
			return fmt.Errorf("report: list %q out of order", list)
		}
		j.next()
	}
	b := j.buf[:0]
	if j.items > 0 {
		b = append(b, ',')
	}
	j.items++
	b = append(b, "\n    {\n      \"message_id\": "...)
	b = strconv.AppendInt(b, it.MessageID, 10)
	b = append(b, ",\n      \"thread_id\": "...)
	b = strconv.AppendInt(b, it.ThreadID, 10)
	for _, f := range []struct{ key, v string }{
		{"customer", it.Customer}, {"customer_name", it.CustomerName}, {"country", it.Country},
		{"grade", it.Grade}, {"owner", it.Owner}, {"answer_owner", it.AnswerOwner}, {"replied_by", it.RepliedBy}, {"subject", it.Subject},
		{"contact", it.Contact}, {"mailbox", it.Mailbox}, {"backup", it.Backup},
	} {
		b = append(b, ",\n      \""...)
		b = append(b, f.key...)
		b = append(b, "\": "...)
		b = jsonstr.Append(b, f.v)
	}
	b = append(b, ",\n      \"received_at\": "...)
	b, err := appendJSONTime(b, it.ReceivedAt)
	if err != nil {
		return err
	}
	b = append(b, ",\n      \"replied_at\": "...)
	if it.RepliedAt == nil {
		b = append(b, "null"...)
	} else if b, err = appendJSONTime(b, *it.RepliedAt); err != nil {
		return err
	}
	b = append(b, ",\n      \"seconds\": "...)
	b = strconv.AppendInt(b, it.Seconds, 10)
	b = append(b, ",\n      \"business_seconds\": "...)
	if it.BusinessSeconds == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, *it.BusinessSeconds, 10)
	}
	b = append(b, ",\n      \"target_seconds\": "...)
	b = strconv.AppendInt(b, it.TargetSeconds, 10)
	b = append(b, ",\n      \"status\": "...)
	b = jsonstr.Append(b, it.Status)
	b = append(b, "\n    }"...)
	j.buf = b
	_, err = j.w.Write(b)
	return err
}

// next closes the open list, if any, and opens the next.
func (j *replyJSON) next() {
	j.close()
	j.w.WriteString(",\n  \"" + replyJSONLists[j.lists] + "\": [")
	j.lists++
	j.items = 0
}

func (j *replyJSON) close() {
	switch {
	case j.lists == 0:
	case j.items == 0:
		j.w.WriteString("]")
	default:
		j.w.WriteString("\n  ]")
	}
}

// end closes the lists and the object and flushes.
func (j *replyJSON) end() error {
	for j.lists < len(replyJSONLists) {
		j.next()
	}
	j.close()
	j.w.WriteString("\n}\n")
	return j.w.Flush()
}

// appendJSONTime appends t as encoding/json writes it (RFC 3339 with
// nanoseconds, in t's zone), or null where writeJSON would make it one;
// as there, a year outside 0-9999 is an error.
func appendJSONTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		return b, fmt.Errorf("json: time %v: year outside of range [0,9999]", t)
	}
	start := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if unsetTime(b[start:]) {
		return append(b[:start], "null"...), nil
	}
	return b, nil
}

// unsetTime reports whether a quoted time is one zeroTime matches: on the
// date of the zero time in some zone, whole seconds, Z or an offset.
func unsetTime(q []byte) bool {
	s := string(q)
	if len(s) < len(`"0001-01-01T00:00:00Z"`) || (s[1:12] != "0001-01-01T" && s[1:12] != "0000-12-31T") {
		return false
	}
	digits := func(s string) bool {
		for _, c := range []byte(s) {
			if c < '0' || c > '9' {
				return false
			}
		}
		return true
	}
	clock := s[12:20]
	if !digits(clock[0:2]) || clock[2] != ':' || !digits(clock[3:5]) || clock[5] != ':' || !digits(clock[6:8]) {
		return false
	}
	zone := s[20 : len(s)-1]
	return zone == "Z" || (len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && digits(zone[1:3]) && zone[3] == ':' && digits(zone[4:6]))
}
