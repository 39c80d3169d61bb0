package store

import (
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"

	"keepwarm"
)

// Some mailers reuse a Message-ID for mail that is not the same message (a
// template's fixed id, a phone client's counter, an edited quotation sent
// again). A copy of a stored message is recognised by its Message-ID and
// the same content; when the content differs the message is stored as its
// own, under a key of its own, flagged so the duplicate id can be seen. It
// is threaded by its In-Reply-To, References, Thread-Index and subject, not
// by the reused id, which leads to the other message's thread.

// fingerprint is what tells a copy of a message from another message with
// the same Message-ID: the Date, the sender, the subject and the size of the
// body. The body's size is RFC822.SIZE less the header, since each copy's
// server adds its own header lines (Received, Delivered-To) but leaves the
// body alone; -1 when the size is not known.
//
// The sender is the header's: the relay's address of mail a web form or a
// marketplace passed on (Message.RelayedBy), not the buyer classifying made
// From. Copies of one mail are classified apart (info@'s Sent copy of its
// form's inquiry was the team's own; mail stored before keepwarm knew a
// relay was the relay's), and they are still one message. shown is the
// stored sender (from_email): a relayed message stored without its relay
// recorded is matched by it too.
type fingerprint struct {
	date                 int64
	from, shown, subject string
	body                 int64
}

func fingerprintOf(m *keepwarm.Message) fingerprint {
	body := m.BodySize
	switch {
	case body == 0:
		body = bodySize(m.Size, int64(len(m.RawHeader)))
	case body < 0:
		body = -1
	}
	shown := strings.ToLower(m.From.Email)
	fp := fingerprint{from: shown, shown: shown, subject: m.Subject, body: body}
	if m.RelayedBy.Email != "" {
		fp.from = strings.ToLower(m.RelayedBy.Email)
	}
	if !m.Date.IsZero() {
		fp.date = unix(m.Date)
	}
	return fp
}

// storedFingerprint reads a fingerprint from ingest-known-message(s) columns
// 3-6 and 8: date (0 for none), from_email, subject, body_size (-1 for
// none), relayed_by (” for none).
func storedFingerprint(row []driver.Value) fingerprint {
	fp := fingerprint{date: integer(row[3]), from: colText(row[4]), shown: colText(row[4]),
		subject: colText(row[5]), body: integer(row[6])}
	if r := colText(row[8]); r != "" {
		fp.from = r
	}
	return fp
}

// bodySizeColumn is messages.body_size: NULL when not known.
func bodySizeColumn(fp fingerprint) driver.Value {
	if fp.body < 0 {
		return nil
	}
	return fp.body
}

func bodySize(size, header int64) int64 {
	if size <= 0 || header > size {
		return -1
	}
	return size - header
}

// differs names what differs between two fingerprints; none when they match.
// The body's size tells two messages apart only where their Date does not:
// a copy that passed a gateway (a disclaimer appended by a transport rule,
// 8bit text turned quoted-printable) has another size, and a mailer that
// reuses a Message-ID for other mail almost always gives it another Date or
// subject. Without a Date the size is all there is. A copy that came
// through the team's mailing list or a gateway carries a tag before the
// subject ("[Sales] ", "[EXTERNAL] "): with the same Date and sender it is
// the same mail.
func (fp fingerprint) differs(o fingerprint) []string {
	var out []string
	if fp.date != o.date {
		out = append(out, "date")
	}
	if fp.from != o.from && fp.shown != o.shown {
		out = append(out, "sender")
	}
	if fp.subject != o.subject && (out != nil || fp.date == 0 || !taggedSame(fp.subject, o.subject)) {
		out = append(out, "subject")
	}
	if fp.body >= 0 && o.body >= 0 && fp.body != o.body && (out != nil || fp.date == 0) {
		out = append(out, "size")
	}
	return out
}

// taggedSame says one subject is the other with a tag put before it, as
// a mailing list or a gateway does ("[Sales] Inquiry" and "Inquiry"), in
// any letter case and white space: the longer ends with the shorter, and
// what comes before is tags only, each a gateway's ("EXT:", "*EXTERNAL*")
// or one in brackets. Other words before it ("Revised quotation 4711",
// "Re: Quotation 4711") make another mail.
func taggedSame(a, b string) bool {
	a, b = strings.ToLower(strings.Join(strings.Fields(a), " ")), strings.ToLower(strings.Join(strings.Fields(b), " "))
	if len(a) < len(b) {
		a, b = b, a
	}
	if a == b {
		return true
	}
	if b == "" || !strings.HasSuffix(a, b) {
		return false
	}
	tags := a[:len(a)-len(b)]
	if c := tags[len(tags)-1]; c != ' ' && c != ']' && c != ':' && c != '*' {
		return false // "tion 2412" is no word of "Quotation 2412"
	}
	for tags = strings.TrimSpace(tags); tags != ""; tags = strings.TrimSpace(tags) {
		if n := keepwarm.SubjectTagLen(tags); n > 0 {
			tags = tags[n:]
			continue
		}
		end := strings.IndexByte(tags, ']')
		if tags[0] != '[' || end < 2 || end > maxListTag+1 || strings.IndexByte(tags[1:end], '[') >= 0 {
			return false
		}
		tags = tags[end+1:]
	}
	return true
}

// maxListTag is the longest tag in brackets taggedSame takes for a
// list's ("[Sales]", "[export-team]").
const maxListTag = 40

// key is the message key of a message that reuses an id stored for another
// one: the same for every copy of it, different for each distinct content.
func (fp fingerprint) key(messageID string) string {
	h := sha256.New()
	h.Write([]byte(strconv.FormatInt(fp.date, 10) + "\x00" + fp.from + "\x00" + fp.subject + "\x00" + strconv.FormatInt(fp.body, 10)))
	return dupPrefix + messageID + "#" + hex.EncodeToString(h.Sum(nil)[:8])
}

// dupPrefix starts the key of a message that reuses a stored Message-ID.
const dupPrefix = "dup:"

// duplicate handles a message whose key is stored (ref) with other content:
// it returns the message already stored for this content (a copy of the
// duplicate itself), or nil after giving m a key of its own and flagging it,
// for insertNew.
func (s *saver) duplicate(m *keepwarm.Message, ref *msgRef, diff []string, fp fingerprint) (*msgRef, error) {
	key := fp.key(m.MessageID)
	if r := s.msgs[key]; r != nil {
		return r, nil
	}
	if err := s.eachOnce("ingest-known-message", s.knownMessage, key); err != nil {
		return nil, err
	}
	if r := s.msgs[key]; r != nil {
		return r, nil
	}
	note := fmt.Sprintf("duplicate Message-ID <%s>: differs from message %d in %s", m.MessageID, ref.id, strings.Join(diff, ", "))
	if m.ParseError != "" {
		note = m.ParseError + "; " + note
	}
	m.Key, m.ParseError = key, note
	return nil, nil
}

// Titles. A thread is titled by the subject of its earliest message (by
// arrival), prefixes stripped: sync sees a salesperson's Sent folder before
// the team INBOX, so the first message seen is often the reply.

// retitle is a stored thread's new title, from a message that arrived before
// the one it is titled by.
type retitle struct {
	subject string
	at      int64
}

// unknownSubjectAt stands for a thread whose title's date is not known (NULL
// subject_at): any message retitles it.
const unknownSubjectAt = math.MaxInt64

func subjectAtOf(v driver.Value) int64 {
	if v == nil {
		return unknownSubjectAt
	}
	return integer(v)
}

// noteSubject retitles thread when m, arriving at at, came before the
// message its title is from.
func (s *saver) noteSubject(thread int64, m *keepwarm.Message, at int64) {
	cur, ok := s.subjectAt[thread]
	if !ok || at >= cur {
		return
	}
	s.subjectAt[thread] = at
	title := threadTitle(m.Subject, m.SubjectKey)
	if t := s.pend.threadByID[thread]; t != nil {
		t.args[2], t.args[5] = title, at
		return
	}
	s.retitles[thread] = retitle{subject: title, at: at}
}

// writeRetitles writes the titles noteSubject gave stored threads.
func (s *saver) writeRetitles() error {
	if len(s.retitles) == 0 {
		return nil
	}
	rows := make([][3]any, 0, len(s.retitles))
	for id, r := range s.retitles {
		rows = append(rows, [3]any{id, r.subject, r.at})
	}
	clear(s.retitles)
	return s.eachJSON("ingest-thread-retitle", rows, func([]driver.Value) {})
}

// threadTitle is a subject with its reply and forward prefixes dropped and
// its white space collapsed, in its own letter case: the tail of the
// subject that key (its normalised, lower-cased form) matches. A subject
// key cannot be matched to (one that changes length when lower-cased) is
// kept whole.
func threadTitle(subject, key string) string {
	s := strings.Join(strings.Fields(subject), " ")
	if key == "" || len(key) > len(s) {
		return s
	}
	tail := s[len(s)-len(key):]
	if strings.EqualFold(tail, key) {
		return tail
	}
	// A meeting's title inside a calendar's subject ("Declined: Call @
	// Thu 1 Oct 2026 3pm - 4pm (CST) (lily@team.example)").
	if lower := strings.ToLower(s); len(lower) == len(s) {
		if i := strings.Index(lower, key); i >= 0 {
			return s[i : i+len(key)]
		}
	}
	return s
}
