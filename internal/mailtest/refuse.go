package mailtest

import (
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

// refuseFetch is a session that refuses the FETCH of one UID (RefuseFetch).
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

func (s *refuseFetch) Fetch(w *imapserver.FetchWriter, numSet imap.NumSet, options *imap.FetchOptions) error {
	s.srv.mu.Lock()
	r := s.srv.refuse
	s.srv.mu.Unlock()
	uids, ok := numSet.(imap.UIDSet)
	if r.uid == 0 || !ok || s.folder != r.folder || !uids.Contains(r.uid) {
		return s.SessionIMAP4rev2.Fetch(w, numSet, options)
	}
	var rest imap.UIDSet
	for _, rg := range uids {
		switch {
		case rg.Start == r.uid && rg.Stop == r.uid:
		case rg.Start == r.uid:
			rest = append(rest, imap.UIDRange{Start: r.uid + 1, Stop: rg.Stop})
		case rg.Stop == r.uid:
			rest = append(rest, imap.UIDRange{Start: rg.Start, Stop: r.uid - 1})
		case rg.Start < r.uid && (rg.Stop == 0 || r.uid < rg.Stop):
			rest = append(rest, imap.UIDRange{Start: rg.Start, Stop: r.uid - 1}, imap.UIDRange{Start: r.uid + 1, Stop: rg.Stop})
		default:
			rest = append(rest, rg)
		}
	}
	if len(rest) > 0 {
		if err := s.SessionIMAP4rev2.Fetch(w, rest, options); err != nil {
			return err
		}
	}
	return &imap.Error{Type: imap.StatusResponseTypeNo, Text: r.text}
}
