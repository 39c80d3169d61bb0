package mailsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// The text backfill. A folder's first sync stores ordinary mail older than
// the recent window from its header alone (keepwarm.Message.TextPending):
// classified, threaded and counted, with no snippet and no attachments yet.
// The backfill fetches those messages' texts afterwards, a batch at a time,
// with the same FETCH and parse as a sync of new mail, and fills them in.
// Run does it whenever it has caught up and no new mail waits; `keepwarm
// sync` and `keepwarm tick` for a few seconds after their work
// (FillTexts). Sync itself never does: a first sync's figure is the time
// until the mailbox is usable.

// TextStore is what the backfill needs from the database besides Store.
// store.DB has it; with a Store that has not, there is nothing to fill.
type TextStore interface {
	// PendingTexts lists up to limit copies in a folder (at uidValidity)
	// of messages still waiting for their text, newest first.
	PendingTexts(ctx context.Context, mailbox, folder string, uidValidity uint32, limit int) ([]keepwarm.PendingText, error)
	// CountPendingTexts counts mailbox's messages waiting for their text.
	CountPendingTexts(ctx context.Context, mailbox string) (int, error)
	// FillTexts writes a batch of texts in one transaction and returns
	// how many messages it filled.
	FillTexts(ctx context.Context, b keepwarm.TextFills) (int, error)
}

func (s *Syncer) textStore() TextStore {
	ts, _ := s.st.(TextStore)
	return ts
}

// FillSummary counts what a backfill did.
type FillSummary struct {
	Filled   int // messages whose text was filled in
	Gone     int // copies the server no longer had or refused to give
	Left     int // messages of the mailbox still waiting for their text
	Duration time.Duration
}

// backfill is the backfill's progress over a connection's folders: the
// folders left, inbox first, and the counts of the one being filled.
type backfill struct {
	folders []FolderSpec
	// checked is when fillStep last synced a folder, inboxAt the inbox
	// (by the Syncer's clock).
	checked, inboxAt time.Time
	started          time.Time // the current folder's first batch; zero before it
	filled           int       // in the current folder
	gone             int
	total            FillSummary // Filled and Gone over every folder
	// stuck is how many texts were still waiting when the last round
	// over the folders ended (texts no folder synced here can give, or
	// a folder whose server refused): Run does not start another round
	// for the same count.
	stuck int
}

// pending says folders are left to fill.
func (b *backfill) pending() bool { return len(b.folders) > 0 }

// arm starts the backfill over folders, the inbox first (most of the
// waiting mail is incoming).
func (b *backfill) arm(folders []FolderSpec) {
	b.folders = slices.Clone(folders)
	slices.SortStableFunc(b.folders, func(x, y FolderSpec) int {
		switch {
		case x.Role == keepwarm.RoleInbox && y.Role != keepwarm.RoleInbox:
			return -1
		case y.Role == keepwarm.RoleInbox && x.Role != keepwarm.RoleInbox:
			return 1
		}
		return 0
	})
	b.started, b.filled, b.gone = time.Time{}, 0, 0
	b.total = FillSummary{}
}

// next moves on to the next folder.
func (b *backfill) next() {
	b.folders = b.folders[1:]
	b.started, b.filled, b.gone = time.Time{}, 0, 0
}

// armBackfill arms b when the store says messages of the mailbox wait for
// their text, unless a round is under way or the last one ended with as
// many left.
func (s *Syncer) armBackfill(ctx context.Context, b *backfill, folders []FolderSpec) error {
	ts := s.textStore()
	if ts == nil || b.pending() {
		return nil
	}
	n, err := ts.CountPendingTexts(ctx, s.cfg.Name)
	if err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	if n > 0 && n != b.stuck {
		s.log.Info("text backfill: texts of older messages to fetch", "messages", n)
		b.arm(folders)
	}
	return nil
}

// fillCheckEvery is how often, at most, the backfill looks for new mail
// between its batches. A folder's sync EXAMINEs it, which costs the server
// in proportion to the folder's size: done before every batch it made a
// large folder's backfill quadratic (at 100,000 messages Dovecot spent
// 0.47 ms a text). New mail waits at most this long and one batch.
const fillCheckEvery = time.Second

// fillStep does one step of the backfill on c: it syncs the first folder
// left (its new mail comes first) unless it did less than fillCheckEvery
// ago and the folder is still selected, fills up to one batch of its
// waiting texts, and moves on to the next folder when none are left.
// inbox, when not nil, is synced after the batch once fillCheckEvery has
// passed since its last sync, and when the folder is done, so that new
// mail never waits long behind the backfill and the inbox is selected
// again for IDLE.
func (s *Syncer) fillStep(ctx context.Context, c *conn, b *backfill, inbox *FolderSpec, sum *Summary) error {
	f := b.folders[0]
	// The folder selected on c is the one its last sync examined (every
	// EXAMINE here is a sync's), so its stored UIDVALIDITY is the server's.
	if sel := c.Mailbox(); sel == nil || sel.Name != f.Name || s.clock.Now().Sub(b.checked) >= fillCheckEvery {
		if err := s.syncFolder(ctx, c, f, sum); err != nil {
			return err
		}
		b.checked = s.clock.Now()
		if inbox != nil && f.Name == inbox.Name {
			b.inboxAt = b.checked
		}
	}
	n, gone, more, err := s.fillBatch(ctx, c, f)
	var refused *imap.Error
	switch {
	case errors.As(err, &refused):
		// The server answered the FETCH with NO or BAD, and not over one
		// message (fillBatch splits those off): a provider's limit, every
		// message of the batch refused. The sync is fine, so the session
		// goes on, and this folder's texts wait for the next session or
		// run.
		s.log.Warn("text backfill: the server refused a batch; the folder's texts wait for the next session",
			"folder", f.Name, "filled", b.filled, "err", err)
		b.next()
	case err != nil:
		return err
	case more:
		if b.started.IsZero() {
			b.started = s.clock.Now()
			s.log.Info("text backfill started", "folder", f.Name)
		}
		b.filled += n
		b.gone += gone
		b.total.Filled += n
		b.total.Gone += gone
	default:
		if !b.started.IsZero() {
			s.log.Info("text backfill finished", "folder", f.Name, "filled", b.filled, "gone", b.gone,
				"took", s.clock.Now().Sub(b.started).Round(time.Millisecond))
		}
		b.next()
	}
	if !b.pending() {
		if err := s.roundEnded(ctx, b); err != nil {
			return err
		}
	}
	done := !b.pending() || b.folders[0].Name != f.Name
	if inbox != nil && (done || s.clock.Now().Sub(b.inboxAt) >= fillCheckEvery) {
		if err := s.syncFolder(ctx, c, *inbox, sum); err != nil {
			return err
		}
		b.checked = s.clock.Now()
		b.inboxAt = b.checked
	}
	return nil
}

// roundEnded notes how many texts are still waiting once every folder has
// been filled, and says so when some are.
func (s *Syncer) roundEnded(ctx context.Context, b *backfill) error {
	n, err := s.textStore().CountPendingTexts(ctx, s.cfg.Name)
	if err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	if n > 0 && n != b.stuck {
		s.log.Info("text backfill: texts left that no folder synced here gave", "messages", n)
	}
	b.stuck = n
	return nil
}

// fillBatch fills up to BatchSize of folder f's waiting texts; f is
// selected (syncFolder has just brought it up to date, so its stored
// UIDVALIDITY is the server's). It returns the messages filled, the
// copies the server no longer had, and whether it found any waiting (when
// not, f is done).
//
// A waiting copy the server refuses to FETCH even on its own is marked
// the same way, and its message, when no other copy can give the text,
// stops waiting and is flagged with the server's answer.
//
// A waiting copy the FETCH does not return was expunged (or moved) since
// it was stored. It is marked gone in the same transaction, so no later
// batch asks for it again: the backfill cannot loop on it. Its message
// keeps waiting while another copy (another folder's, another mailbox's)
// can give its text, and stops waiting, with no snippet, when none can.
func (s *Syncer) fillBatch(ctx context.Context, c *conn, f FolderSpec) (filled, gone int, more bool, err error) {
	ts := s.textStore()
	if ts == nil {
		return 0, 0, false, nil
	}
	state, err := s.folderState(ctx, f.Name)
	if err != nil {
		return 0, 0, false, err
	}
	pend, err := ts.PendingTexts(ctx, s.cfg.Name, f.Name, state.UIDValidity, s.opts.BatchSize)
	if err != nil {
		return 0, 0, false, storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	if len(pend) == 0 {
		return 0, 0, false, nil
	}
	uids := make([]uint32, len(pend))
	for i, p := range pend {
		uids[i] = p.UID
	}
	slices.Sort(uids) // fetch reads uids[0] as the lowest
	// The header fields are stored as the first sync fetched them: only
	// the texts are fetched, and parsed with those. A row without them
	// (none is stored so today) has the batch fetch them again.
	headers := make(map[uint32][]byte, len(pend))
	var header *imap.FetchItemBodySection
	for _, p := range pend {
		if len(p.RawHeader) == 0 {
			header = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: parse.HeaderFields}
		}
		headers[p.UID] = p.RawHeader
	}
	// A batch the server refuses is fetched again in halves, as sync's
	// are (fetchSplit), so that one message it cannot serve costs only
	// itself: asked for again, the same newest batch would be refused in
	// every session and the folder's older texts never read.
	var slab literalSlab
	var msgs []rawMsg
	refused, err := fetchSplit(uids, func(uids []uint32) error {
		got, err := s.fetchTexts(c, &slab, uids, header, headers)
		msgs = append(msgs, got...)
		return err
	})
	if err != nil {
		return 0, 0, false, fmt.Errorf("mailsync: %s: fetch texts of %s: %w", s.cfg.Name, f.Name, err)
	}
	// A copy whose text the answer left out is taken as gone, below.
	msgs = slices.DeleteFunc(msgs, func(m rawMsg) bool { return m.textPending })
	if header == nil {
		for i := range msgs {
			msgs[i].header = headers[msgs[i].uid]
		}
	}
	parsed := s.parseBatch(f, state.UIDValidity, msgs)
	byUID := make(map[uint32]*keepwarm.Incoming, len(parsed))
	for i := range parsed {
		byUID[parsed[i].Copy.UID] = &parsed[i]
	}
	fills := keepwarm.TextFills{Mailbox: s.cfg.Name, Folder: f.Name, UIDValidity: state.UIDValidity}
	for _, p := range pend {
		if why, ok := refused[p.UID]; ok {
			s.log.Warn("text backfill: the server refused to FETCH a message's text; flagged it and went on",
				"folder", f.Name, "uid", p.UID, "answer", why)
			fills.Refused = append(fills.Refused, keepwarm.RefusedText{PendingText: p,
				Why: fmt.Sprintf("the server refused FETCH: %s (folder %s, UID %d)", why, f.Name, p.UID)})
			continue
		}
		in, ok := byUID[p.UID]
		if !ok {
			fills.Gone = append(fills.Gone, p)
			continue
		}
		m := &in.Message
		fills.Filled = append(fills.Filled, keepwarm.TextFill{MessageID: p.MessageID, Snippet: m.Snippet,
			Attachments: m.Attachments, ParseError: m.ParseError, Text: m.Text, TextCut: m.TextCut, BodySize: m.BodySize,
			Mended: s.mendedHeader(f, in)})
	}
	n, err := ts.FillTexts(ctx, fills)
	if err != nil {
		return 0, 0, false, storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	s.log.Debug("texts filled", "folder", f.Name, "filled", n, "gone", len(fills.Gone), "refused", len(fills.Refused))
	// n can be less than asked: another mailbox's backfill may have filled
	// a message they share meanwhile.
	return n, len(fills.Gone) + len(fills.Refused), true, nil
}

// FillTexts connects and fills the texts of the mailbox's messages stored
// from their header alone, a batch at a time, each folder's new mail
// first, and blocks until none are left or budget (real time) has passed,
// checked after each batch (one batch goes whatever the budget); budget
// <= 0 fills every one. It is what `keepwarm sync` and `keepwarm tick` do
// for a few seconds after their work; Run does the same on its own
// whenever it has caught up. A dropped connection ends it with an error
// (what was filled stays filled); a message whose text the server refuses
// is flagged and the rest filled, and a batch it refuses as a whole (a
// limit, not one message) leaves that folder's texts for the next run.
func (s *Syncer) FillTexts(ctx context.Context, budget time.Duration) (FillSummary, error) {
	start := time.Now()
	var fs FillSummary
	ts := s.textStore()
	if ts == nil {
		return fs, nil
	}
	left, err := ts.CountPendingTexts(ctx, s.cfg.Name)
	if err != nil || left == 0 {
		fs.Duration = time.Since(start)
		return fs, err
	}
	fs.Left = left
	c, err := s.connect(ctx)
	if err != nil {
		return fs, err
	}
	defer c.close()
	folders, err := s.discoverFolders(ctx, c, false)
	if err != nil {
		return fs, err
	}
	var b backfill
	b.arm(folders)
	var sum Summary
	for b.pending() {
		if err := s.fillStep(ctx, c, &b, nil, &sum); err != nil {
			fs.Filled, fs.Gone = b.total.Filled, b.total.Gone
			return fs, err
		}
		if budget > 0 && time.Since(start) >= budget && b.total.Filled+b.total.Gone > 0 {
			break
		}
	}
	fs.Filled, fs.Gone = b.total.Filled, b.total.Gone
	if err := c.Logout().Wait(); err != nil {
		s.log.Debug("logout", "err", err)
	}
	if fs.Left, err = ts.CountPendingTexts(ctx, s.cfg.Name); err != nil {
		return fs, err
	}
	fs.Duration = time.Since(start)
	s.log.Info("text backfill", "filled", fs.Filled, "gone", fs.Gone, "left", fs.Left,
		"took", fs.Duration.Round(time.Millisecond))
	return fs, nil
}

// mendedHeader is what the whole parse of in reads otherwise than the
// header alone did, for a header with raw 8-bit bytes (nil for any other,
// nearly all mail, at the cost of a byte check): a message stored from its
// header had its subject and names guessed in a charset only its text
// part's label could tell (before sync read such mail's text first, or
// when the server sent none).
func (s *Syncer) mendedHeader(f FolderSpec, in *keepwarm.Incoming) *keepwarm.HeaderMend {
	m := &in.Message
	if utf8.Valid(m.RawHeader) {
		return nil
	}
	fetched := parse.Fetched{Header: m.RawHeader, Size: m.Size, TextPending: true}
	var head keepwarm.Message
	if s.team != nil {
		head = s.team.ParseFetched(fetched, f.Role)
	} else {
		head = parse.MessageFetched(fetched)
	}
	var mend keepwarm.HeaderMend
	if head.Subject != m.Subject {
		mend.Subject, mend.WasSubject = m.Subject, head.Subject
		mend.SubjectKey, mend.WasSubjectKey = m.SubjectKey, head.SubjectKey
	}
	was := map[string]string{}
	for _, a := range append(append([]keepwarm.Address{head.From}, head.To...), head.Cc...) {
		if e := strings.ToLower(a.Email); e != "" {
			if _, ok := was[e]; !ok {
				was[e] = a.Name
			}
		}
	}
	for _, a := range append(append([]keepwarm.Address{m.From}, m.To...), m.Cc...) {
		e := strings.ToLower(a.Email)
		if w, ok := was[e]; ok && e != "" && w != a.Name && w != "" && a.Name != "" {
			mend.Names = append(mend.Names, keepwarm.NameMend{Email: e, Name: a.Name, Was: w})
			delete(was, e)
		}
	}
	if mend.WasSubject == "" && len(mend.Names) == 0 {
		return nil
	}
	return &mend
}
