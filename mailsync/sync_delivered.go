package mailsync

import (
	"bytes"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// fetchDelivered reads the newest Received field of each message in msgs
// that reached its folder more than keepwarm.UploadedAfter after its
// Date (lateInFolder), into its deliveredAt: the store takes such a copy
// for old mail uploaded from an archive, and its Date for when it
// arrived, unless the server says it delivered it then. A buyer's answer
// that waited days in an Outbox or a queue is one: taken for its Date, it
// would fall before the follow-up it answers and stop nothing. One FETCH
// of the Received fields for those few; the rest go without them. A
// server that refuses that FETCH leaves them taken for uploads, as they
// were before: it is logged, and the sync goes on.
//
// A copy that reached its folder before cutoff, the start of the recent
// window (zero: none), goes without them too: it is history, read from its
// header, and late or uploaded it arrives long ago, past every reply clock
// and follow-up that is live. An archive uploaded months ago is all such
// copies, and their Received lines would be most of what its first sync
// reads of their headers.
func (s *Syncer) fetchDelivered(c *conn, slab *literalSlab, msgs []rawMsg, cutoff time.Time) error {
	at := map[uint32]int{}
	dates := map[uint32]time.Time{}
	var uids []uint32
	for i := range msgs {
		if msgs[i].internalDate.Before(cutoff) {
			continue
		}
		if date, late := lateInFolder(&msgs[i]); late {
			at[msgs[i].uid] = i
			dates[msgs[i].uid] = date
			uids = append(uids, msgs[i].uid)
		}
	}
	if len(uids) == 0 {
		return nil
	}
	sec := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: parse.DeliveryFields}
	_, err := s.fetch(c, slab, uids, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sec}},
		func(buf *imapclient.FetchMessageBuffer) (rawMsg, bool) {
			if i, ok := at[uint32(buf.UID)]; ok {
				msgs[i].deliveredAt = parse.Delivered(buf.FindBodySection(sec), dates[uint32(buf.UID)])
			}
			return rawMsg{}, true
		})
	if refusedFetch(err) {
		s.log.Info("the server refused the Received fields of mail that reached its folder days after its Date; taken for old mail uploaded",
			"uids", len(uids), "answer", refusal(err))
		return nil
	}
	return err
}

// lateInFolder says whether a fetched message reached its folder more
// than keepwarm.UploadedAfter after the Date its header gives, and that
// Date.
func lateInFolder(m *rawMsg) (time.Time, bool) {
	if m.header == nil || m.internalDate.IsZero() {
		return time.Time{}, false
	}
	f := headerField(m.header, "date")
	if f == nil {
		return time.Time{}, false
	}
	_, v, _ := bytes.Cut(f, []byte(":"))
	date := parse.Date(string(v))
	return date, !date.IsZero() && m.internalDate.Sub(date) > keepwarm.UploadedAfter
}
