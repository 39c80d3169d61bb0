package mailtest

import (
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
)

// RefuseFetch makes the server answer every UID FETCH that asks for uid in
// folder as Dovecot does for a message file it cannot read and Gmail for a
// message it cannot serve: the other messages' data, then a tagged NO with
// text. It lasts until RefuseFetch is called with uid 0, on connections
// open and to come.
func (s *IMAPServer) RefuseFetch(folder string, uid uint32, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse = refusal{folder: folder, uid: imap.UID(uid), text: text}
}

type refusal struct {
	folder string
	uid    imap.UID
	text   string
}

// refuseFetch is a session that refuses the FETCH of one UID (RefuseFetch)
// or leaves one out of its answers (OmitFetch).
type refuseFetch struct {
	imapserver.SessionIMAP4rev2
	srv    *IMAPServer
	folder string // selected
}

func (s *refuseFetch) Select(mailbox string, options *imap.SelectOptions) (*imap.SelectData, error) {
	data, err := s.SessionIMAP4rev2.Select(mailbox, options)
	if err == nil {
		s.folder = mailbox
	}
	return data, err
}

func (s *refuseFetch) Unselect() error {
	s.folder = ""
	return s.SessionIMAP4rev2.Unselect()
}

// OmitFetch makes the server leave uid in folder out of its answers to
// UID FETCH and end them with OK, as a server does for a message it cannot
// convert or is still indexing: the other messages' data, no word about
// this one. With textOnly, only FETCHes that ask for no header fields (a
// FETCH of texts alone) leave it out. It lasts until OmitFetch is called
// with uid 0, on connections open and to come.
func (s *IMAPServer) OmitFetch(folder string, uid uint32, textOnly bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.omit = omission{folder: folder, uid: imap.UID(uid), textOnly: textOnly}
}

type omission struct {
	folder   string
	uid      imap.UID
	textOnly bool
}

// asksHeader says whether a FETCH asks for header fields.
func asksHeader(options *imap.FetchOptions) bool {
	for _, sec := range options.BodySection {
		if sec.Specifier == imap.PartSpecifierHeader {
			return true
		}
	}
	return false
}

func (s *refuseFetch) Fetch(w *imapserver.FetchWriter, numSet imap.NumSet, options *imap.FetchOptions) error {
	s.srv.mu.Lock()
	r, o := s.srv.refuse, s.srv.omit
	s.srv.mu.Unlock()
	uids, ok := numSet.(imap.UIDSet)
	if ok && o.uid != 0 && s.folder == o.folder && uids.Contains(o.uid) && !(o.textOnly && asksHeader(options)) {
		rest := without(uids, o.uid)
		if len(rest) == 0 {
			return nil
		}
		return s.Fetch(w, rest, options)
	}
	if r.uid == 0 || !ok || s.folder != r.folder || !uids.Contains(r.uid) {
		return s.SessionIMAP4rev2.Fetch(w, numSet, options)
	}
	if rest := without(uids, r.uid); len(rest) > 0 {
		if err := s.SessionIMAP4rev2.Fetch(w, rest, options); err != nil {
			return err
		}
	}
	return &imap.Error{Type: imap.StatusResponseTypeNo, Text: r.text}
}

// without returns uids less uid.
func without(uids imap.UIDSet, uid imap.UID) imap.UIDSet {
	var rest imap.UIDSet
	for _, rg := range uids {
		switch {
		case rg.Start == uid && rg.Stop == uid:
		case rg.Start == uid:
			rest = append(rest, imap.UIDRange{Start: uid + 1, Stop: rg.Stop})
		case rg.Stop == uid:
			rest = append(rest, imap.UIDRange{Start: rg.Start, Stop: uid - 1})
		case rg.Start < uid && (rg.Stop == 0 || uid < rg.Stop):
			rest = append(rest, imap.UIDRange{Start: rg.Start, Stop: uid - 1}, imap.UIDRange{Start: uid + 1, Stop: rg.Stop})
		default:
			rest = append(rest, rg)
		}
	}
	return rest
}

// RefuseList makes the server answer every LIST with a tagged NO with
// text, on connections open and to come, until it is called with "".
func (s *IMAPServer) RefuseList(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseList = text
}

func (s *refuseFetch) List(w *imapserver.ListWriter, ref string, patterns []string, options *imap.ListOptions) error {
	s.srv.mu.Lock()
	text := s.srv.refuseList
	s.srv.mu.Unlock()
	if text != "" {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: text}
	}
	return s.SessionIMAP4rev2.List(w, ref, patterns, options)
}

// RefuseAppend makes the server answer every APPEND to folder with a
// tagged NO with code and text, storing nothing, as a mailbox over its
// quota answers (NO [OVERQUOTA] Quota exceeded), on connections open and
// to come, until it is called with folder "".
func (s *IMAPServer) RefuseAppend(folder string, code imap.ResponseCode, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuseAppend = appendRefusal{folder: folder, code: code, text: text}
}

type appendRefusal struct {
	folder string
	code   imap.ResponseCode
	text   string
}

func (s *refuseFetch) Append(mailbox string, r imap.LiteralReader, options *imap.AppendOptions) (*imap.AppendData, error) {
	s.srv.mu.Lock()
	a := s.srv.refuseAppend
	s.srv.mu.Unlock()
	if a.folder != "" && strings.EqualFold(mailbox, a.folder) {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: a.code, Text: a.text}
	}
	return s.SessionIMAP4rev2.Append(mailbox, r, options)
}
