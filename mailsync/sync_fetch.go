package mailsync

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// rawMsg is one fetched message before parsing.
type rawMsg struct {
	uid          uint32
	internalDate time.Time
	deliveredAt  time.Time // keepwarm.Copy.DeliveredAt (fetchDelivered)
	size         int64
	bodySize     int64 // keepwarm.Message.BodySize: -1 when not known
	header, body []byte
	complete     bool        // body is the whole body (or part)
	part         *parse.Part // body is the start of this text part; nil: of the whole body
	// parsed is the message read from its header alone, its text left for
	// later (parse.Fetched.TextPending); nil: parse header and body.
	parsed *keepwarm.Message
	// refused is the server's answer to a FETCH of this message alone that
	// it refused (fetchSplit): the message is stored as a placeholder.
	refused string
	// textPending says the server answered the FETCH of the text without
	// it: the message is parsed from its header alone, its text left to
	// the backfill (parse.Fetched.TextPending).
	textPending bool
}

// fetchedBatch travels from the fetching goroutine through the parsing one
// to the storing one.
type fetchedBatch struct {
	msgs   []rawMsg
	parsed []keepwarm.Incoming
	last   bool // the folder's final batch
	err    error
	uids   []uint32 // with err: the UIDs the failed FETCH asked for
	// hold is the lowest UID of the batch the server refused this time and
	// that is to be asked for again (deferRefused); 0: none. The folder's
	// position stays below it.
	hold uint32
}

// syncFolder brings one folder up to date on c. It EXAMINEs the folder
// (read-only), resets it when UIDVALIDITY changed, returns at once when the
// SELECT data shows nothing new, and otherwise fetches the new UIDs in
// batches through a three-stage pipeline: one goroutine fetches batch n+2,
// another parses batch n+1 while this one stores batch n, and nothing blocks
// inside a FETCH response loop.
func (s *Syncer) syncFolder(ctx context.Context, c *conn, f FolderSpec, sum *Summary) (err error) {
	sel, err := c.Select(f.Name, &imap.SelectOptions{ReadOnly: true, CondStore: c.condStore}).Wait()
	if err != nil {
		return fmt.Errorf("mailsync: %s: examine %s: %w", s.cfg.Name, f.Name, err)
	}
	fs := sum.folder(f)
	state, err := s.folderState(ctx, f.Name)
	if err != nil {
		return err
	}
	if state.UIDValidity != sel.UIDValidity {
		if state.UIDValidity != 0 {
			s.log.Info("UIDVALIDITY changed: syncing folder again", "folder", f.Name,
				"old", state.UIDValidity, "new", sel.UIDValidity)
			fs.Reset = true
		}
		if err := s.st.ResetFolder(ctx, s.cfg.Name, f.Name, sel.UIDValidity); err != nil {
			return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
		}
		state = keepwarm.FolderState{Mailbox: s.cfg.Name, Folder: f.Name, UIDValidity: sel.UIDValidity}
	}
	final := finalState(state, sel, c.condStore)
	// The messages asked for again are kept in the store, so that each
	// run of `keepwarm tick` or `keepwarm sync` counts as a pass.
	if err := s.loadRefusals(ctx); err != nil {
		return err
	}
	defer func() {
		if serr := s.saveRefusals(context.WithoutCancel(ctx)); serr != nil && err == nil {
			err = serr
		}
	}()

	// A first sync cut short whose remainder left the folder meanwhile
	// (archived, expunged) ends at a pass with nothing to fetch: the
	// position is complete, and the next new message is live.
	if nothingNew(state, sel, c.condStore) {
		fs.Skipped = true
		s.pruneRefusals(f.Name, sel.UIDValidity, nil)
		s.drops.firstSyncDone(f.Name)
		return s.savePosition(ctx, state, final)
	}
	uids, err := s.newUIDs(c, f.Name, state.LastUID)
	if err != nil {
		return err
	}
	// A message asked for again that the folder no longer holds (expunged,
	// moved) is no longer waited for.
	s.pruneRefusals(f.Name, sel.UIDValidity, uids)
	uids = s.notStoredYet(f.Name, sel.UIDValidity, uids)
	if len(uids) == 0 {
		fs.Skipped = true
		s.drops.firstSyncDone(f.Name)
		return s.savePosition(ctx, state, final)
	}
	s.total += len(uids)
	s.progress()
	s.log.Debug("fetching", "folder", f.Name, "new", len(uids), "after_uid", state.LastUID)

	// A store that keeps one transaction across batches (BeginSave) stalls
	// in its commit about once a second, and a deep queue would fill with
	// parsed batches meanwhile: the process's peak memory. One waits; a
	// store that commits every batch gathers up to storeGroup.
	tx := s.beginSave()
	queue := storeGroup
	if tx != nil {
		queue = 1
	}
	fetched := make(chan fetchedBatch, 1)
	batches := make(chan fetchedBatch, queue)
	quit := make(chan struct{})
	// A folder's first sync (or one after a UIDVALIDITY change) reads its
	// history: ordinary mail older than the recent window waits for its
	// text. So does a sync with more than a batch to catch up on (a first
	// sync resumed after a crash, a mailbox back after weeks offline, mail
	// moved in from an archive). A live sync's few new messages come whole,
	// in one FETCH.
	cutoff, window := s.textCutoff()
	history := window && (state.LastUID == 0 || len(uids) > s.opts.BatchSize)
	// A live sync's few new messages (not a folder's first sync, even
	// resumed, nor a catch-up): a message the server refuses is asked for again at the
	// next passes before it becomes a placeholder (deferRefused).
	first := s.drops.firstSync(f.Name, state.LastUID == 0) // resumed after a lost connection too
	live := !history && !first && len(uids) <= s.opts.BatchSize
	var c2 *conn
	if history && len(uids) >= secondConnFrom {
		defer bulkGC()()
		c2 = s.secondConn(ctx, f, state.UIDValidity)
		if c2 != nil {
			defer c2.logout(s.log)
		}
	}
	go s.fetchAll(c, c2, f, state.UIDValidity, uids, history, live, cutoff, fetched, quit)
	go s.parseAll(f, state.UIDValidity, fetched, batches, quit)
	defer func() {
		close(quit)
		for range batches { // wait for the fetcher to let go of c
		}
	}()
	// The store runs almost entirely in SQLite's C code; keeping this
	// goroutine on one OS thread keeps that thread, and the CPU caches
	// holding SQLite's pages, in one place between transactions (about
	// +0.03 in the sync benchmark's ratio).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var waited, saving time.Duration
	defer func() {
		s.log.Debug("folder fetched", "folder", f.Name, "fetched", fs.Fetched,
			"waiting", waited, "storing", saving)
	}()
	save := s.st.SaveBatch
	if tx != nil {
		save = tx.SaveBatch
		defer tx.Rollback() // a no-op after the last commit
	}
	// Batches stored in the open transaction, counted once it commits.
	type stored struct {
		n    int
		res  keepwarm.SaveResult
		uids []uint32 // stored: no longer asked for again
	}
	var held []stored
	var hold uint32 // the lowest UID refused and to be asked for again
	commit := func() error {
		if tx != nil {
			t1 := time.Now()
			err := tx.Commit()
			saving += time.Since(t1)
			if err != nil {
				return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
			}
		}
		for _, h := range held {
			s.storedRefused(f.Name, state.UIDValidity, h.uids)
			if len(h.uids) > 0 {
				s.storedAbove(f.Name, state.UIDValidity, slices.Max(h.uids))
			}
			sum.add(fs, h.n, h.res)
			if h.res.New > 0 && s.opts.OnIngest != nil {
				s.opts.OnIngest(h.res)
			}
		}
		held = held[:0]
		return nil
	}
	for {
		t0 := time.Now()
		var due func() bool // nil: nothing is held open
		if len(held) > 0 && tx != nil {
			due = tx.Due
		}
		b, ok, err := receive(batches, due, commit)
		waited += time.Since(t0)
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		b = gather(b, batches, storeGroup)
		if b.err != nil && ctx.Err() == nil {
			s.noteDrop(f, state.UIDValidity, b.uids, b.err)
		}
		if b.err != nil && len(b.parsed) == 0 {
			if err := commit(); err != nil {
				return err
			}
			return fmt.Errorf("mailsync: %s: fetch %s: %w", s.cfg.Name, f.Name, b.err)
		}
		if b.hold != 0 && (hold == 0 || b.hold < hold) {
			hold = b.hold
		}
		next := state
		next.SyncedAt = s.clock.Now()
		for _, in := range b.parsed {
			next.LastUID = max(next.LastUID, in.Copy.UID)
		}
		if b.last {
			next.LastUID = max(next.LastUID, final.LastUID)
			if hold == 0 {
				next.HighestModSeq = final.HighestModSeq
			}
		}
		if hold != 0 {
			// The next pass fetches from the refused message on: the
			// ones after it are stored again as the copies they are.
			next.LastUID = max(state.LastUID, min(next.LastUID, hold-1))
		}
		batch := b.parsed
		t1 := time.Now()
		res, err := save(ctx, next, batch)
		saving += time.Since(t1)
		if err != nil {
			return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
		}
		state = next
		held = append(held, stored{len(batch), res, refusedUIDs(batch)})
		s.done += len(batch)
		s.progress()
		if tx == nil || b.last || b.err != nil || tx.Due() {
			if err := commit(); err != nil {
				return err
			}
		}
		if b.err != nil { // stored what came before the failed FETCH
			return fmt.Errorf("mailsync: %s: fetch %s: %w", s.cfg.Name, f.Name, b.err)
		}
	}
	if err := commit(); err != nil {
		return err
	}
	s.drops.firstSyncDone(f.Name)
	return nil
}

// beginSave returns a transaction to store the folder's batches in, or nil
// when the store commits each batch on its own.
func (s *Syncer) beginSave() keepwarm.SaveTx {
	if ts, ok := s.st.(interface{ BeginSave() keepwarm.SaveTx }); ok {
		return ts.BeginSave()
	}
	return nil
}

// dueEvery is how often a store waiting for the next batch asks its open
// transaction whether it is due (old enough, or another writer waits).
const dueEvery = 20 * time.Millisecond

// receive takes the next batch. While a transaction is open (due is not
// nil) it asks every dueEvery whether the transaction is due, and commits
// it when it is, so that a slow fetch never keeps other writers waiting
// behind it.
func receive(batches <-chan fetchedBatch, due func() bool, commit func() error) (fetchedBatch, bool, error) {
	if due != nil {
		tick := time.NewTicker(dueEvery)
		defer tick.Stop()
		for !due() {
			select {
			case b, ok := <-batches:
				return b, ok, nil
			case <-tick.C:
			}
		}
		if err := commit(); err != nil {
			return fetchedBatch{}, false, err
		}
	}
	b, ok := <-batches
	return b, ok, nil
}

// storeGroup is how many fetched batches one SaveBatch may store: a store
// that has fallen behind the fetch takes what waits in one go (one lookup
// of the known copies, messages and threading keys for all of them). The
// transaction spans batches anyway (see syncFolder).
const storeGroup = 4

// gather appends to b the batches already waiting in more, without
// blocking, up to n batches in all. It stops after a batch that carries an
// error or ends the folder; a batch taken with an error keeps that error, so
// the caller stores what came before it and then fails.
func gather(b fetchedBatch, more <-chan fetchedBatch, n int) fetchedBatch {
	for i := 1; i < n && b.err == nil && !b.last; i++ {
		select {
		case next, ok := <-more:
			if !ok {
				return b
			}
			if i == 1 { // room for the whole group: one copy, not one per batch
				b.parsed = slices.Grow(b.parsed, (n-1)*len(next.parsed))
			}
			b.parsed = append(b.parsed, next.parsed...)
			b.last, b.err, b.uids = next.last, next.err, next.uids
			if next.hold != 0 && (b.hold == 0 || next.hold < b.hold) {
				b.hold = next.hold
			}
		default:
			return b
		}
	}
	return b
}

// nothingNew decides from the SELECT data alone, without a FETCH, that the
// folder has no message above the stored position.
func nothingNew(st keepwarm.FolderState, sel *imap.SelectData, condStore bool) bool {
	switch {
	case condStore && sel.HighestModSeq != 0 && sel.HighestModSeq == st.HighestModSeq:
		return true // nothing at all changed since the last complete pass
	case sel.NumMessages == 0:
		return true
	case sel.UIDNext != 0:
		return uint32(sel.UIDNext) <= st.LastUID+1
	}
	return false // no UIDNEXT: only a search can tell
}

// finalState is the position once every UID below the SELECT's UIDNEXT has
// been fetched: LastUID moves up to UIDNEXT-1 even when the top messages were
// expunged, so the next pass's UIDNEXT check stays cheap.
func finalState(st keepwarm.FolderState, sel *imap.SelectData, condStore bool) keepwarm.FolderState {
	if sel.UIDNext > 1 {
		st.LastUID = max(st.LastUID, uint32(sel.UIDNext)-1)
	}
	if condStore {
		st.HighestModSeq = sel.HighestModSeq
	}
	return st
}

// savePosition stores final when it differs from the stored state.
func (s *Syncer) savePosition(ctx context.Context, stored, final keepwarm.FolderState) error {
	if final.LastUID == stored.LastUID && final.HighestModSeq == stored.HighestModSeq && !stored.SyncedAt.IsZero() {
		return nil
	}
	final.SyncedAt = s.clock.Now()
	if _, err := s.st.SaveBatch(ctx, final, nil); err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	return nil
}

// newUIDs returns the UIDs above last, ascending. UID SEARCH n:* matches the
// highest message even when its UID is below n (RFC 3501 "*" rule): those
// are filtered out.
//
// Of a ReadAll mailbox (Gmail) the messages flagged \Draft are left out: its
// All Mail holds every draft (the salesperson's, keepwarm's own in draft
// mode), and a draft is no mail sent: stored, it would stop the customer's
// reply clock and count as an answer nobody gave. Sent, a draft becomes a
// new message with a new UID, read then. The position still moves past a
// draft's UID (finalState), and a draft is never fetched. (Other servers
// are asked as before: a search key some server might refuse would stop
// their sync, and their drafts stay in the Drafts folder, never read.)
func (s *Syncer) newUIDs(c *conn, folder string, last uint32) ([]uint32, error) {
	var set imap.UIDSet
	set.AddRange(imap.UID(last+1), 0)
	crit := &imap.SearchCriteria{UID: []imap.UIDSet{set}}
	if s.cfg.ReadAll {
		crit.NotFlag = []imap.Flag{imap.FlagDraft}
	}
	data, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: search %s: %w", s.cfg.Name, folder, err)
	}
	var out []uint32
	for _, u := range data.AllUIDs() {
		if uint32(u) > last {
			out = append(out, uint32(u))
		}
	}
	slices.Sort(out)
	return out, nil
}

// fetchAll fetches uids batch by batch and hands each batch over; it stops
// early when quit is closed. It closes out when done. With history (mail
// before cutoff may wait for its text), a batch's headers come first and
// only the mail that needs its text now gets it (fetchHistory); with c2, a
// second connection on the same folder, the texts come over c2 while c
// fetches the next headers.
//
// After a connection lost in the middle of a FETCH of the folder (a server
// that drops the connection at a message it cannot read, as Dovecot does
// for a damaged Maildir file), the first batch goes a message at a time
// (careful), so that the next loss names its message; one lost on again
// and again is stored as a placeholder without being asked for (dropLimit).
//
// With live, a message the server refuses is left out of its batch, its
// UID the batch's hold, until it has been refused long enough to be a
// placeholder (deferRefused).
func (s *Syncer) fetchAll(c, c2 *conn, f FolderSpec, uidValidity uint32, uids []uint32, history, live bool, cutoff time.Time, out chan<- fetchedBatch, quit <-chan struct{}) {
	defer close(out)
	defer s.fetchPanic(out, quit)
	careful := 0
	if s.isCareful(f.Name) {
		careful = min(s.opts.BatchSize, len(uids))
	}
	if history && c2 != nil && careful == 0 {
		s.fetchHistoryTwo(c, c2, f, uids, cutoff, out, quit)
		return
	}
	size := func(start int) int {
		if start < careful {
			return 1
		}
		return s.opts.BatchSize
	}
	for start := 0; start < len(uids); start += size(start) {
		end := min(start+size(start), len(uids))
		if start == careful && careful > 0 {
			s.carefulDone(f.Name)
		}
		if fetchFault != nil {
			fetchFault(f.Name)
		}
		var msgs []rawMsg
		var err error
		var hold uint32
		switch {
		case end-start == 1 && s.dropped(f.Name, uidValidity, uids[start]) >= dropLimit:
			msgs = []rawMsg{{uid: uids[start], bodySize: -1,
				refused: fmt.Sprintf("the connection was lost at each of its last %d FETCHes", dropLimit)}}
			if live {
				// Asked for again at the next passes, until it has been
				// refused so long enough to be a placeholder.
				s.fetchedAlone(f.Name, uidValidity, uids[start])
				msgs, hold = s.deferRefused(f, uidValidity, msgs)
			}
		case history:
			msgs, err = s.fetchHistory(c, f, uids[start:end], cutoff)
			if err == nil && end-start == 1 {
				s.fetchedAlone(f.Name, uidValidity, uids[start])
			}
		default:
			msgs, err = s.fetchBatch(c, f, uids[start:end])
			if err == nil && end-start == 1 {
				s.fetchedAlone(f.Name, uidValidity, uids[start])
			}
			if err == nil && live {
				msgs, hold = s.deferRefused(f, uidValidity, msgs)
			}
		}
		select {
		case out <- fetchedBatch{msgs: msgs, last: end == len(uids), err: err, uids: uids[start:end], hold: hold}:
		case <-quit:
			return
		}
		if err != nil {
			return
		}
	}
	if careful > 0 {
		s.carefulDone(f.Name)
	}
}

// secondConnFrom is the size of a folder's history from which its first
// sync takes a second connection: below it, logging in again costs more
// than the overlap gains.
var secondConnFrom = 2000

// secondConn logs in a second time and EXAMINEs f for a history's texts
// (fetchHistoryTwo). nil when that fails (a server may limit a user's
// connections) or the folder changed meanwhile: the sync then goes on over
// the one connection, as it says in the log.
func (s *Syncer) secondConn(ctx context.Context, f FolderSpec, uidValidity uint32) *conn {
	c2, err := s.connect(ctx)
	if err != nil {
		s.log.Info("one connection: a second login failed", "folder", f.Name, "err", err)
		return nil
	}
	sel, err := c2.Select(f.Name, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err == nil && sel.UIDValidity != uidValidity {
		err = fmt.Errorf("UIDVALIDITY %d, not %d", sel.UIDValidity, uidValidity)
	}
	if err != nil {
		s.log.Info("one connection: the second could not examine the folder", "folder", f.Name, "err", err)
		c2.logout(s.log)
		return nil
	}
	s.log.Debug("second connection for the folder's texts", "folder", f.Name)
	return c2
}

// textCutoff is the start of the recent window: mail that arrived before it
// may be stored from its header first. false: every message is fetched
// with its text (no window, or no Team to say which mail may wait).
func (s *Syncer) textCutoff() (time.Time, bool) {
	if s.opts.RecentText < 0 || s.team == nil {
		return time.Time{}, false
	}
	return s.clock.Now().Add(-s.opts.RecentText), true
}

// fetchHistory fetches one batch of a folder's history on one connection:
// fetchHeads, then completeTexts.
func (s *Syncer) fetchHistory(c *conn, f FolderSpec, uids []uint32, cutoff time.Time) ([]rawMsg, error) {
	msgs, need, err := s.fetchHeads(c, f, uids, cutoff)
	if err != nil {
		return nil, err
	}
	return s.completeTexts(c, msgs, need)
}

// fetchHeads fetches the header fields of a batch of a folder's history
// and says which messages need their text now: those that arrived within
// the recent window (INTERNALDATE at or after cutoff) and those that
// Team.NeedsText says cannot wait (bounces, automatic replies, mailer-daemon
// mail). The rest are parsed from their header here and marked
// TextPending, their text left to the backfill. On the export mail of the
// sync benchmark that is most of a long history, and their bodies are most
// of what a first sync costs the server and keepwarm.
func (s *Syncer) fetchHeads(c *conn, f FolderSpec, uids []uint32, cutoff time.Time) (msgs []rawMsg, need []uint32, err error) {
	header := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: parse.HeaderFields}
	var slab literalSlab
	refused, err := fetchSplit(uids, func(uids []uint32) error {
		got, err := s.fetch(c, &slab, uids, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{header}},
			func(buf *imapclient.FetchMessageBuffer) (rawMsg, bool) {
				return rawMsg{uid: uint32(buf.UID), internalDate: buf.InternalDate, size: buf.RFC822Size,
					header: buf.FindBodySection(header), bodySize: -1}, true
			})
		msgs = appendMsgs(msgs, got)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	msgs = slices.DeleteFunc(msgs, func(m rawMsg) bool { return m.header == nil })
	if refused, err = s.omitted(c, f, uids, msgs, refused); err != nil {
		return nil, nil, err
	}
	msgs = withRefused(msgs, refused)
	if err := s.fetchDelivered(c, &slab, msgs, cutoff); err != nil {
		return nil, nil, err
	}
	for i := range msgs {
		m := &msgs[i]
		if m.header == nil {
			continue // refused
		}
		if m.internalDate.IsZero() || !m.internalDate.Before(cutoff) {
			need = append(need, m.uid)
			continue
		}
		p, need1 := s.parseHead(f, m)
		if need1 {
			need = append(need, m.uid)
			continue
		}
		m.parsed = &p
	}
	return msgs, need, nil
}

// parseHead reads an old message from its header alone, on the fetcher's
// goroutine, and says whether it needs its text now. When that panics it
// does: the message is fetched whole and read on a parse worker, where
// such a fault makes it a flagged placeholder (parseOne), instead of
// ending the session at every retry.
func (s *Syncer) parseHead(f FolderSpec, m *rawMsg) (p keepwarm.Message, needText bool) {
	defer func() {
		if r := recover(); r != nil {
			needText = true
		}
	}()
	if parseFault != nil {
		parseFault(f.Name, m.uid)
	}
	p = s.team.ParseFetched(parse.Fetched{Header: m.header, Size: m.size, TextPending: true}, f.Role)
	return p, s.team.NeedsText(&p)
}

// completeTexts fetches on c the text of the messages in need (fetchTexts,
// without the header, which msgs hold) and returns msgs with their texts.
// A message whose text the server left out of its answer (expunged
// meanwhile, or one it could not serve) keeps what its header says: it is
// stored from the header, its text left to the backfill, which drops a
// copy the server no longer has.
func (s *Syncer) completeTexts(c *conn, msgs []rawMsg, need []uint32) ([]rawMsg, error) {
	texts := map[uint32]rawMsg{}
	var refused map[uint32]string
	if len(need) > 0 {
		heads := make(map[uint32][]byte, len(need))
		for _, m := range msgs {
			heads[m.uid] = m.header
		}
		var slab literalSlab
		var err error
		refused, err = fetchSplit(need, func(uids []uint32) error {
			got, err := s.fetchTexts(c, &slab, uids, nil, heads)
			for _, t := range got {
				texts[t.uid] = t
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	out := msgs[:0]
	for _, m := range msgs {
		if why, ok := refused[m.uid]; ok && m.parsed == nil {
			m.refused = why
		}
		if m.refused != "" {
			out = append(out, rawMsg{uid: m.uid, internalDate: m.internalDate, size: m.size, bodySize: -1, refused: m.refused})
			continue
		}
		if m.header == nil {
			continue
		}
		if m.parsed == nil {
			t, ok := texts[m.uid]
			if !ok || t.textPending {
				s.log.Info("the server sent no text for a message: stored from its header, its text left to the backfill",
					"uid", m.uid)
				m.textPending = true
			} else {
				m.body, m.part, m.complete, m.bodySize = t.body, t.part, t.complete, t.bodySize
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// fetchHistoryTwo is fetchAll for a folder's history over two
// connections: one goroutine fetches batch after batch of headers on c
// (fetchHeads), while this one fetches each batch's texts on c2 and hands
// the batch on, in order. The server serves the two at once (Dovecot runs
// a process per connection); each goroutine reads its own answers. It
// returns once both have let go of their connections.
func (s *Syncer) fetchHistoryTwo(c, c2 *conn, f FolderSpec, uids []uint32, cutoff time.Time, out chan<- fetchedBatch, quit <-chan struct{}) {
	type heads struct {
		msgs []rawMsg
		need []uint32
		last bool
		err  error
		uids []uint32
	}
	hc := make(chan heads, 1)
	stop := make(chan struct{}) // closed when the texts' side is done
	go func() {
		defer close(hc)
		defer func() { // as fetchPanic
			if p := recover(); p != nil {
				select {
				case hc <- heads{err: &panicError{mailbox: s.cfg.Name, val: p, stack: keepwarm.PanicStack(p)}}:
				case <-quit:
				}
			}
		}()
		for start := 0; start < len(uids); start += s.opts.BatchSize {
			select {
			case <-stop:
				return // the texts failed or the folder's sync ended
			case <-quit:
				return
			default:
			}
			end := min(start+s.opts.BatchSize, len(uids))
			msgs, need, err := s.fetchHeads(c, f, uids[start:end], cutoff)
			select {
			case hc <- heads{msgs, need, end == len(uids), err, uids[start:end]}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	defer func() {
		close(stop)
		for range hc { // let the header fetcher finish with c
		}
	}()
	for h := range hc {
		msgs, err := h.msgs, h.err
		if err == nil {
			msgs, err = s.completeTexts(c2, h.msgs, h.need)
		}
		select {
		case out <- fetchedBatch{msgs: msgs, last: h.last, err: err, uids: h.uids}:
		case <-quit:
			return
		}
		if err != nil {
			return
		}
	}
}

// fetchBatch fetches one batch and reads every response into memory before
// returning, so the connection is never held waiting on the store. It asks
// for the header, the BODYSTRUCTURE and the start of part 1 of every
// message (BODY.PEEK[1]<0.BodyPrefix>: the text of single-part mail and
// the text/plain part of most multipart/alternative mail); then, for the
// messages whose text part lies elsewhere, only the start of that part
// (BODY.PEEK[n]<0.BodyPrefix>), one FETCH per part number. What parse
// reads from more than the text part (bounces, returned messages, mail
// without a text part) gets the start of the whole body
// (BODY.PEEK[TEXT]<0.BodyPrefix>), as before.
func (s *Syncer) fetchBatch(c *conn, f FolderSpec, uids []uint32) ([]rawMsg, error) {
	header := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true, HeaderFields: parse.HeaderFields}
	var slab literalSlab
	var msgs []rawMsg
	refused, err := fetchSplit(uids, func(uids []uint32) error {
		got, err := s.fetchTexts(c, &slab, uids, header, nil)
		msgs = appendMsgs(msgs, got)
		return err
	})
	if err != nil {
		return nil, err
	}
	if refused, err = s.omitted(c, f, uids, msgs, refused); err != nil {
		return nil, err
	}
	msgs = withRefused(msgs, refused)
	cutoff, _ := s.textCutoff() // zero without a window
	if err := s.fetchDelivered(c, &slab, msgs, cutoff); err != nil {
		return nil, err
	}
	return msgs, nil
}

// omitted checks the UIDs a FETCH of uids answered OK without (neither in
// msgs nor refused). A server leaves out a message another session
// expunged meanwhile, but also one it cannot convert or is still indexing;
// UID SEARCH tells the two apart. The ones the server still has are added
// to refused, to be stored as flagged placeholders like a message it
// refused: the folder's position moves past them, and a message never
// vanishes without a trace.
func (s *Syncer) omitted(c *conn, f FolderSpec, uids []uint32, msgs []rawMsg, refused map[uint32]string) (map[uint32]string, error) {
	got := make(map[uint32]bool, len(msgs))
	for _, m := range msgs {
		got[m.uid] = true
	}
	var missing imap.UIDSet
	for _, u := range uids {
		if _, ok := refused[u]; !ok && !got[u] {
			missing.AddNum(imap.UID(u))
		}
	}
	if len(missing) == 0 {
		return refused, nil
	}
	data, err := c.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{missing}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: search %s for messages left out of a FETCH: %w", s.cfg.Name, f.Name, err)
	}
	held := data.AllUIDs()
	if len(held) == 0 {
		s.log.Debug("messages left out of a FETCH answer were expunged meanwhile", "folder", f.Name, "uids", missing.String())
		return refused, nil
	}
	if refused == nil {
		refused = map[uint32]string{}
	}
	for _, u := range held {
		refused[uint32(u)] = "OK without the message's data"
	}
	return refused, nil
}

// fetchTexts is fetchBatch's work: with header, the header fields too;
// without, only the texts (the messages' header is nil). known holds the
// header of a message fetched earlier (a history's heads, the backfill's
// stored header), so that what to fetch of its text is chosen as a live
// sync chooses it: a MAILER-DAEMON bounce gets its whole body, not only
// its first text part.
func (s *Syncer) fetchTexts(c *conn, slab *literalSlab, uids []uint32, header *imap.FetchItemBodySection, known map[uint32][]byte) ([]rawMsg, error) {
	// Part 1 comes with the first FETCH: it is the text of a single-part
	// message and the text/plain part of most multipart/alternative ones,
	// so most messages need no second FETCH.
	part1 := &imap.FetchItemBodySection{Peek: true, Part: []int{1},
		Partial: &imap.SectionPartial{Offset: 0, Size: int64(s.opts.BodyPrefix)}}
	plans := make(map[uint32]textPlan, len(uids))
	bodies := make(map[uint32][]byte, len(uids))
	sections := []*imap.FetchItemBodySection{part1}
	if header != nil {
		sections = []*imap.FetchItemBodySection{header, part1}
	}
	msgs, err := s.fetch(c, slab, uids, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true}, BodySection: sections},
		func(buf *imapclient.FetchMessageBuffer) (rawMsg, bool) {
			m := rawMsg{uid: uint32(buf.UID), internalDate: buf.InternalDate, size: buf.RFC822Size,
				bodySize: bodySize(buf.BodyStructure)}
			if header != nil {
				m.header = buf.FindBodySection(header)
			}
			h := m.header
			if h == nil {
				h = known[m.uid]
			}
			p := planText(h, buf.BodyStructure)
			plans[m.uid] = p
			if isTextOnly(buf.BodyStructure) || slices.Equal(p.path, []int{1}) {
				b := buf.FindBodySection(part1)
				if b == nil {
					b = []byte{}
				}
				bodies[m.uid] = b
			}
			return m, true
		})
	if err != nil {
		return nil, err
	}
	// One FETCH per part number for the rest: a mailbox's mail comes from a
	// few mailers, so a batch needs a handful.
	groups := map[string][]uint32{}
	var order []string
	for _, m := range msgs {
		if _, ok := bodies[m.uid]; ok {
			continue
		}
		k := partKey(plans[m.uid].path)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], m.uid)
	}
	for _, k := range order {
		group := groups[k]
		sec := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Offset: 0, Size: int64(s.opts.BodyPrefix)}}
		if path := plans[group[0]].path; path == nil {
			sec.Specifier = imap.PartSpecifierText
		} else {
			sec.Part = path
		}
		if _, err := s.fetch(c, slab, group, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sec}},
			func(buf *imapclient.FetchMessageBuffer) (rawMsg, bool) {
				b := buf.FindBodySection(sec)
				if b == nil {
					b = []byte{}
				}
				bodies[uint32(buf.UID)] = b
				return rawMsg{}, true
			}); err != nil {
			return nil, err
		}
	}
	if err := s.fetchHTMLForBlankPlain(c, slab, plans, bodies); err != nil {
		return nil, err
	}
	// A message left out of the first FETCH is not here; one without the
	// header asked for is left out too (fetchBatch checks both). One the
	// server left out of its part's FETCH, its header in hand, is kept
	// with its text pending.
	out := msgs[:0]
	for _, m := range msgs {
		if header != nil && m.header == nil {
			continue
		}
		b, ok := bodies[m.uid]
		if !ok {
			if m.header != nil {
				s.log.Info("the server sent no text for a message: stored from its header, its text left to the backfill",
					"uid", m.uid)
			}
			m.textPending = true
			out = append(out, m)
			continue
		}
		m.body, m.part = b, plans[m.uid].part
		// Fewer bytes than asked for: the server had no more. The sizes
		// cannot tell, as the header fetched is not the whole header.
		m.complete = len(b) < s.opts.BodyPrefix
		switch {
		case m.part != nil:
			m.complete = m.complete || int64(len(b)) >= m.part.Size
		case m.bodySize > 0:
			m.complete = m.complete || int64(len(b)) >= m.bodySize
		}
		out = append(out, m)
	}
	return out, nil
}

// fetchHTMLForBlankPlain fetches the HTML part of each message whose short
// plain text came out blank (encoded blank lines, "=20" lines) and uses it
// in its place: the text and an out-of-office's return date are in the
// HTML. One FETCH per HTML part number; a message the server leaves out
// keeps its blank plain text.
func (s *Syncer) fetchHTMLForBlankPlain(c *conn, slab *literalSlab, plans map[uint32]textPlan, bodies map[uint32][]byte) error {
	groups := map[string][]uint32{}
	var order []string
	for uid, p := range plans {
		b, ok := bodies[uid]
		if p.html == nil || !ok || !parse.BlankText(b, p.part) {
			continue
		}
		k := partKey(p.html.path)
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], uid)
	}
	slices.Sort(order)
	for _, k := range order {
		group := groups[k]
		slices.Sort(group)
		sec := &imap.FetchItemBodySection{Peek: true, Part: plans[group[0]].html.path,
			Partial: &imap.SectionPartial{Offset: 0, Size: int64(s.opts.BodyPrefix)}}
		if _, err := s.fetch(c, slab, group, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{sec}},
			func(buf *imapclient.FetchMessageBuffer) (rawMsg, bool) {
				if b := buf.FindBodySection(sec); b != nil {
					uid := uint32(buf.UID)
					bodies[uid], plans[uid] = b, *plans[uid].html
				}
				return rawMsg{}, true
			}); err != nil {
			return err
		}
	}
	return nil
}

// bodySize is the size of a message's body where the BODYSTRUCTURE says
// it: the size of a single-part message's one part is its body's. A
// multipart's is not given (nor the whole header's size, which sync does
// not fetch): -1.
func bodySize(bs imap.BodyStructure) int64 {
	if sp, ok := bs.(*imap.BodyStructureSinglePart); ok && sp != nil && sp.Size > 0 {
		return int64(sp.Size)
	}
	return -1
}

// isTextOnly says that a message is one part and no encapsulated message:
// its part 1 is its body (BODY[1] is BODY[TEXT]).
func isTextOnly(bs imap.BodyStructure) bool {
	sp, ok := bs.(*imap.BodyStructureSinglePart)
	return ok && sp != nil && !strings.HasPrefix(sp.MediaType(), "message/")
}

// partKey names a part path for grouping: "" for the body's start.
func partKey(path []int) string {
	if path == nil {
		return ""
	}
	var b strings.Builder
	for i, n := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// fetch sends one UID FETCH of sections for uids and collects every message
// with keep, sorted by UID, its literals read into slab. A message for
// which keep says false is kept with a nil header, for the caller to fetch
// again.
func (s *Syncer) fetch(c *conn, slab *literalSlab, uids []uint32, opts *imap.FetchOptions,
	keep func(*imapclient.FetchMessageBuffer) (rawMsg, bool)) ([]rawMsg, error) {
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	cmd := c.Fetch(set, opts)
	msgs := make([]rawMsg, 0, len(uids))
	for {
		m := cmd.Next()
		if m == nil {
			break
		}
		buf, err := slab.collect(m)
		if err != nil {
			_ = cmd.Close()
			return nil, err
		}
		if buf.UID == 0 || uint32(buf.UID) < uids[0] {
			continue
		}
		r, ok := keep(buf)
		if !ok {
			r = rawMsg{uid: uint32(buf.UID)}
		}
		msgs = append(msgs, r)
	}
	if err := cmd.Close(); err != nil {
		return nil, err
	}
	slices.SortFunc(msgs, func(a, b rawMsg) int { return cmp.Compare(a.uid, b.uid) })
	return msgs, nil
}

// literalSlab holds the literals of a batch's FETCHes: message after
// message cut from a few large blocks, where go-imap's Collect grows a
// buffer per message from 512 bytes up. The messages' bytes live as long as
// the batch. (Reusing the blocks through a pool saved a sixth of the bytes a
// first sync allocates, but the pooled blocks count as live heap and raised
// the peak RSS of a 100,000-message sync by about 8 MB.)
type literalSlab struct{ block []byte }

const slabBlock = 256 << 10

// collect is imapclient's FetchMessageData.Collect, reading each body
// section literal into the slab.
func (sl *literalSlab) collect(m *imapclient.FetchMessageData) (*imapclient.FetchMessageBuffer, error) {
	buf := &imapclient.FetchMessageBuffer{SeqNum: m.SeqNum}
	for {
		item := m.Next()
		if item == nil {
			return buf, nil
		}
		switch it := item.(type) {
		case imapclient.FetchItemDataBodySection:
			var b []byte
			var err error
			switch {
			case it.Literal == nil:
			case it.Literal.Size() > slabBlock/4:
				// Large (a long header fetched again): grown as it
				// arrives, never sized from the server's word alone.
				b, err = io.ReadAll(it.Literal)
			default:
				b = sl.take(it.Literal.Size())
				_, err = io.ReadFull(it.Literal, b)
			}
			if err != nil {
				return nil, err
			}
			restoreFields(it.Section)
			buf.BodySection = append(buf.BodySection, imapclient.FetchBodySectionBuffer{Section: it.Section, Bytes: b})
		case imapclient.FetchItemDataUID:
			buf.UID = it.UID
		case imapclient.FetchItemDataInternalDate:
			buf.InternalDate = it.Time
		case imapclient.FetchItemDataRFC822Size:
			buf.RFC822Size = it.Size
		case imapclient.FetchItemDataModSeq:
			buf.ModSeq = it.ModSeq
		case imapclient.FetchItemDataFlags:
			buf.Flags = it.Flags
		case imapclient.FetchItemDataBodyStructure:
			buf.BodyStructure = it.BodyStructure
		default:
			// Something unasked for (a server's unsolicited data): nothing
			// sync reads. A literal in it is discarded by Next.
		}
	}
}

// take returns n bytes of the slab (n at most a quarter block).
func (sl *literalSlab) take(n int64) []byte {
	if int64(cap(sl.block)-len(sl.block)) < n {
		sl.block = make([]byte, 0, slabBlock)
	}
	b := sl.block[len(sl.block) : int64(len(sl.block))+n : int64(len(sl.block))+n]
	sl.block = sl.block[:int64(len(sl.block))+n]
	return b
}

// parseAll parses each fetched batch and hands it on; it stops forwarding
// when quit is closed, and closes out only once the fetcher has finished.
func (s *Syncer) parseAll(f FolderSpec, uidValidity uint32, in <-chan fetchedBatch, out chan<- fetchedBatch, quit <-chan struct{}) {
	defer close(out)
	defer func() {
		for range in { // let the fetcher finish with the connection first
		}
	}()
	for b := range in {
		if b.err == nil {
			b.parsed = s.parseBatch(f, uidValidity, b.msgs)
			b.msgs = nil
		}
		select {
		case out <- b:
		case <-quit:
			return
		}
	}
}

// parseBatch parses and classifies fetched messages, on all CPUs but one
// (parse and Team are safe for concurrent use). Storing a message costs a
// few times what parsing it does, and the store and the fetch each need a
// CPU of their own to keep going: on two CPUs a second parser only takes
// turns from them.
func (s *Syncer) parseBatch(f FolderSpec, uidValidity uint32, msgs []rawMsg) []keepwarm.Incoming {
	out := make([]keepwarm.Incoming, len(msgs))
	workers := min(max(runtime.GOMAXPROCS(0)-1, 1), 4, len(msgs)/50+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(msgs); i += workers {
				out[i] = s.parseOne(f, uidValidity, msgs[i])
			}
		})
	}
	wg.Wait()
	return out
}

func (s *Syncer) parseOne(f FolderSpec, uidValidity uint32, r rawMsg) (in keepwarm.Incoming) {
	// The copy first: a fault below keeps it, and the flagged message is
	// stored where it is (with none, every such message of a batch was
	// one copy of nowhere, and all but the first were skipped as stored).
	in.Copy = keepwarm.Copy{
		Mailbox: s.cfg.Name, Folder: f.Name, Role: f.Role,
		UIDValidity: uidValidity, UID: r.uid, InternalDate: r.internalDate, DeliveredAt: r.deliveredAt,
	}
	defer func() {
		// A fault in keepwarm's own code (classifying odd headers)
		// meeting this message: it runs on a parse worker, where a panic
		// would end the daemon, at every start again. The message is
		// stored flagged, never lost, and the folder goes on.
		if p := recover(); p != nil {
			s.log.Error("a fault in keepwarm (a panic) while reading a message; stored a flagged placeholder and went on",
				"folder", f.Name, "uid", r.uid, "panic", p, "stack", string(keepwarm.PanicStack(p)))
			in.Message = s.faultMessage(f, uidValidity, r, p)
		}
	}()
	if parseFault != nil {
		parseFault(f.Name, r.uid)
	}
	fetched := parse.Fetched{Header: r.header, Body: r.body, Part: r.part, Size: r.size, Complete: r.complete,
		TextPending: r.textPending}
	var m keepwarm.Message
	switch {
	case r.refused != "":
		s.log.Warn("the server refused to FETCH a message; stored a flagged placeholder and went on",
			"folder", f.Name, "uid", r.uid, "answer", r.refused)
		m = s.refusedMessage(f, uidValidity, r)
	case r.parsed != nil:
		m = *r.parsed
	case s.team != nil:
		m = s.team.ParseFetched(fetched, f.Role)
	default:
		m = parse.MessageFetched(fetched)
	}
	m.BodySize = r.bodySize
	in.Message = m
	return in
}

// parseFault and fetchFault, when set (tests), are called as each message
// is read and as each batch is fetched.
var (
	parseFault func(folder string, uid uint32)
	fetchFault func(folder string)
)

// faultMessage is the flagged message stored for one whose reading
// panicked (p): the message stays on the server, its header is kept, and
// what parse.Team.Salvage can read of the header without classifying it
// (its ids, sender, recipients, subject) places it: under its Message-ID,
// else the key parse gives mail without one, so a copy in another folder
// or mailbox is a copy of it, in the thread its ids
// name, and a buyer's mail with the customer it comes from. A customer's
// answer keepwarm cannot read is still an answer: it stops the follow-up
// it answers and starts its reply clock, so the salesperson is told of it
// where she looks, not only in `keepwarm flagged` and the log. Where no
// sender can be read it is a placeholder that answers nothing.
func (s *Syncer) faultMessage(f FolderSpec, uidValidity uint32, r rawMsg, p any) keepwarm.Message {
	var m keepwarm.Message
	ok := false
	if s.team != nil && r.header != nil {
		m, ok = s.team.Salvage(r.header, f.Role)
	}
	if !ok {
		m = keepwarm.Message{Kind: keepwarm.KindInbound} // as a message without a header is classified
		if f.Role == keepwarm.RoleSent {
			m.Kind = keepwarm.KindInternal
		}
	}
	if m.Key == "" {
		m.Key = fmt.Sprintf("unreadable:%s/%s/%d/%d", s.cfg.Name, f.Name, uidValidity, r.uid)
	}
	m.Size, m.BodySize = r.size, r.bodySize
	m.RawHeader = append([]byte(nil), r.header...)
	m.ParseError = fmt.Sprintf("a fault in keepwarm while reading it: panic: %v (folder %s, UID %d)", p, f.Name, r.uid)
	return m
}

// fetchPanic, deferred on a fetcher goroutine, turns its panic into a
// failed batch, which ends the session as a panic on its own goroutine
// does: on the fetcher it would end the daemon.
func (s *Syncer) fetchPanic(out chan<- fetchedBatch, quit <-chan struct{}) {
	if p := recover(); p != nil {
		err := &panicError{mailbox: s.cfg.Name, val: p, stack: keepwarm.PanicStack(p)}
		select {
		case out <- fetchedBatch{err: err}:
		case <-quit:
		}
	}
}

func (s *Syncer) progress() {
	if s.opts.Progress != nil {
		s.opts.Progress(s.done, s.total)
	}
}
