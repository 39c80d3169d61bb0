package mailsync

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/emersion/go-imap/v2"

	"keepwarm/mailsync/parse"
)

// echoCompactor shortens, in what the server sends, the echo of the header
// fields sync fetches: every FETCH answer repeats the request's list,
// BODY[HEADER.FIELDS ("FROM" "TO" ... 24 names)], some 400 bytes a message
// that imapclient reads byte by byte into a string per name. That was 8 % of
// a first sync's CPU, more than the header it carries. The compactor
// rewrites that exact echo to BODY[HEADER] before imapclient reads it, and
// collect (restoreFields) gives the section back its field list, so the
// FETCH answers mean what they did.
//
// It rewrites nothing else: only an echo of exactly fields (any case,
// quoted or atoms) that opens outside a quoted string on a response line;
// the bytes of a literal ({N} at the end of a line) pass untouched, so no
// message content is ever changed, whatever it holds. A line longer than
// the buffer passes as it is.
type echoCompactor struct {
	br     *bufio.Reader
	fields []string
	out    []byte // the rest of the line being returned (in br's buffer)
	lit    int64  // bytes of a literal still to pass
	long   bool   // within a line longer than br's buffer: passed as is
	tail   []byte // the last bytes of that long line, for its literal marker
	err    error  // br's error, returned once out is drained
	n      *atomic.Int64
	last   []byte // the list as the server last wrote it, through ")]"
	// compactOn: rewrite the echoes (compactEchoesOn when made).
	compactOn bool
	// dropped, when set, is told the raw name of each LIST or LSUB line
	// left out because imapclient could not read it (badListName).
	dropped func(name string)
}

// echoBuffer bounds a line the compactor looks into; FETCH lines with the
// echo are a few hundred bytes, with a BODYSTRUCTURE a few KB.
const echoBuffer = 64 << 10

func newEchoCompactor(r io.Reader, fields []string, n *atomic.Int64) *echoCompactor {
	return &echoCompactor{br: bufio.NewReaderSize(r, echoBuffer), fields: fields, n: n, compactOn: true}
}

func (e *echoCompactor) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(e.out) > 0 {
		n := copy(p, e.out)
		e.out = e.out[n:]
		return n, nil
	}
	if e.err != nil {
		return 0, e.err
	}
	if e.lit > 0 {
		if int64(len(p)) > e.lit {
			p = p[:e.lit]
		}
		n, err := e.br.Read(p)
		e.lit -= int64(n)
		return n, err
	}
	line, err := e.br.ReadSlice('\n')
	whole := false // line is a LIST response with its literal name, read whole
	for err == nil && !e.long && e.dropped != nil {
		if name, bad := badListName(line); bad {
			e.dropped(name)
			line, err = e.br.ReadSlice('\n')
			continue
		}
		n := listLiteral(line)
		if n == 0 {
			break
		}
		var name string
		if line, name, err = e.readListLiteral(line, n); err != nil || !nameUnreadable(name) {
			whole = true
			break
		}
		e.dropped(name)
		line, err = e.br.ReadSlice('\n')
	}
	switch {
	case whole:
		// Passed as it is; only what follows its end is looked at again.
		if err == nil {
			e.lit = literalAfter(line)
		} else {
			e.err = err
		}
	case errors.Is(err, bufio.ErrBufferFull):
		e.keepTail(line)
		e.long = true
	case err != nil:
		e.err = err // a last piece without its line end: passed as is
	case e.long:
		e.lit = literalAfter(append(e.tail, line...))
		e.long, e.tail = false, e.tail[:0]
	default:
		if e.compactOn {
			line = e.compact(line)
		}
		e.lit = literalAfter(line)
	}
	// line is br's buffer: it stays valid until br is read again, which
	// happens only once out is drained.
	n := copy(p, line)
	e.out = line[n:]
	if n == 0 && e.err != nil {
		return 0, e.err
	}
	return n, nil
}

// readListLiteral reads the rest of a LIST or LSUB response whose line
// ends in a literal of n bytes, its folder name (listLiteral): the name and
// the line that follows it. It returns the whole response, in a buffer of
// its own, and the name; on a read error, what it read, passed as it is.
func (e *echoCompactor) readListLiteral(line []byte, n int) ([]byte, string, error) {
	whole := append([]byte(nil), line...)
	name := make([]byte, n)
	k, err := io.ReadFull(e.br, name)
	whole = append(whole, name[:k]...)
	for err == nil {
		var rest []byte
		rest, err = e.br.ReadSlice('\n')
		whole = append(whole, rest...)
		if errors.Is(err, bufio.ErrBufferFull) {
			err = nil
			continue
		}
		break
	}
	return whole, string(name[:k]), err
}

// keepTail keeps the last bytes of a long line: enough for a literal
// marker, {N} and CRLF with the 19 digits of the largest size imapclient
// reads.
func (e *echoCompactor) keepTail(b []byte) {
	const keep = 24
	e.tail = append(e.tail, b[max(len(b)-keep, 0):]...)
	if len(e.tail) > keep {
		e.tail = append(e.tail[:0], e.tail[len(e.tail)-keep:]...)
	}
}

var echoOpen = []byte("BODY[HEADER.FIELDS (")

// compact rewrites, in place, each echo of e.fields on line (a whole
// response line, or the rest of one after a literal: either starts outside
// a quoted string) to BODY[HEADER].
func (e *echoCompactor) compact(line []byte) []byte {
	from := 0
	for {
		i := bytes.Index(line[from:], echoOpen)
		if i < 0 {
			return line
		}
		i += from
		if quoted(line[:i]) {
			from = i + len(echoOpen)
			continue
		}
		end, ok := e.matchList(line[i+len(echoOpen):])
		if !ok {
			from = i + len(echoOpen)
			continue
		}
		// BODY[HEADER.FIELDS (...)] -> BODY[HEADER]
		keep := i + len("BODY[HEADER")
		line = append(line[:keep], line[i+len(echoOpen)+end-1:]...)
		e.n.Add(1)
		from = keep
	}
}

// quoted reports whether a quoted string is open at the end of b.
func quoted(b []byte) bool {
	for {
		i := bytes.IndexByte(b, '"')
		if i < 0 {
			return false
		}
		b = b[i+1:]
		// Inside the string: find its closing quote, stepping over
		// escapes (\" and \\).
		for {
			j := bytes.IndexAny(b, "\"\\")
			switch {
			case j < 0 || (b[j] == '\\' && j+1 == len(b)):
				return true
			case b[j] == '\\':
				b = b[j+2:]
				continue
			}
			b = b[j+1:]
			break
		}
	}
}

// matchList reads the names of a header list after its "(" and reports
// whether they are e.fields, in order and any case, followed by ")]"; end
// is the offset just past the "]". A server writes the list the same way
// every time, so the bytes last matched are compared first: whether a list
// matches depends on its bytes up to end alone.
func (e *echoCompactor) matchList(b []byte) (end int, ok bool) {
	if len(e.last) > 0 && bytes.HasPrefix(b, e.last) {
		return len(e.last), true
	}
	end, ok = e.matchNames(b)
	if ok {
		e.last = append(e.last[:0], b[:end]...)
	}
	return end, ok
}

// matchNames is matchList's reading of the list, name by name.
func (e *echoCompactor) matchNames(b []byte) (end int, ok bool) {
	pos := 0
	for k, want := range e.fields {
		if k > 0 {
			if pos >= len(b) || b[pos] != ' ' {
				return 0, false
			}
			pos++
		}
		var name []byte
		if pos < len(b) && b[pos] == '"' {
			j := bytes.IndexAny(b[pos+1:], "\"\\")
			if j < 0 || b[pos+1+j] != '"' {
				return 0, false // unterminated, or an escape: not ours
			}
			name = b[pos+1 : pos+1+j]
			pos += j + 2
		} else {
			j := bytes.IndexAny(b[pos:], " )")
			if j < 0 {
				return 0, false
			}
			name = b[pos : pos+j]
			pos += j
		}
		if len(name) != len(want) || !strings.EqualFold(string(name), want) {
			return 0, false
		}
	}
	if pos+1 < len(b) && b[pos] == ')' && b[pos+1] == ']' {
		return pos + 2, true
	}
	return 0, false
}

// literalAfter returns the size of the literal a response line announces
// at its end ({N}\r\n, or ~{N}\r\n for a BINARY literal), or 0.
func literalAfter(line []byte) int64 {
	b, ok := bytes.CutSuffix(line, []byte("}\r\n"))
	if !ok {
		return 0
	}
	i := bytes.LastIndexByte(b, '{')
	if i < 0 {
		return 0
	}
	digits := b[i+1:]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0
		}
	}
	// As imapclient reads it (a number64); what it would refuse ends the
	// connection there anyway.
	n, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// compactEchoesOn is false only in tests that compare a sync without it.
var compactEchoesOn = true

// echoConn is a connection whose reads go through an echoCompactor.
type echoConn struct {
	net.Conn
	r *echoCompactor
}

func (c echoConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// compactEchoes wraps a connection imapclient will read from directly (not
// one it upgrades with STARTTLS itself: the compactor must read above TLS).
// It also leaves out the LIST and LSUB lines of folders whose names
// imapclient cannot read, telling dropped (see badListName).
func compactEchoes(c net.Conn, n *atomic.Int64, dropped func(name string)) net.Conn {
	r := newEchoCompactor(c, parse.HeaderFields, n)
	r.compactOn = compactEchoesOn
	r.dropped = dropped
	return echoConn{Conn: c, r: r}
}

// restoreFields gives a header section the compactor shortened its field
// list back: imapclient parses BODY[HEADER.FIELDS (...)] with the list,
// and what sync asked for is matched by it (FindBodySection). sync never
// asks for BODY[HEADER], so a header section without a list is one the
// compactor shortened.
func restoreFields(sec *imap.FetchItemBodySection) {
	if sec != nil && sec.Specifier == imap.PartSpecifierHeader && len(sec.Part) == 0 &&
		sec.HeaderFields == nil && sec.HeaderFieldsNot == nil {
		sec.HeaderFields = parse.HeaderFields
	}
}
