package mailsync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

// refusedFetch says whether err is the server refusing a FETCH over a
// message it holds rather than over the account, the connection or a
// limit: a tagged NO whose response code (RFC 5530), if any, names none of
// those. Dovecot answers NO [SERVERBUG] for a message file it cannot read,
// Gmail NO "Some messages could not be FETCHed (Failure)"; both send the
// other messages' data first.
func refusedFetch(err error) bool {
	var e *imap.Error
	if !errors.As(err, &e) || e.Type != imap.StatusResponseTypeNo {
		return false
	}
	switch e.Code {
	case imap.ResponseCodeAlert, imap.ResponseCodeUnavailable, imap.ResponseCodeLimit,
		imap.ResponseCodeOverQuota, imap.ResponseCodeInUse, imap.ResponseCodeAuthorizationFailed,
		imap.ResponseCodeAuthenticationFailed, imap.ResponseCodeExpired, imap.ResponseCodePrivacyRequired,
		imap.ResponseCodeContactAdmin, imap.ResponseCodeNoPerm, imap.ResponseCodeNonExistent:
		return false
	}
	return true
}

// fetchSplit runs fetch on uids. When the server refuses it (refusedFetch),
// it runs fetch again on each half, and so on down to single UIDs, so that
// one message the server cannot serve costs only itself: it returns the
// UIDs refused on their own, with the server's answer. fetch keeps what it
// fetched only when it returns no error. When not one of several UIDs
// could be fetched, the trouble is not a message but the folder or the
// server, and the first refusal is returned as the error.
func fetchSplit(uids []uint32, fetch func([]uint32) error) (map[uint32]string, error) {
	first := fetch(uids)
	if first == nil || !refusedFetch(first) {
		return nil, first
	}
	refused := map[uint32]string{}
	var split func(u []uint32, err error) error
	split = func(u []uint32, err error) error {
		if len(u) == 1 {
			refused[u[0]] = refusal(err)
			return nil
		}
		h := len(u) / 2
		for _, part := range [][]uint32{u[:h], u[h:]} {
			err := fetch(part)
			switch {
			case err == nil:
			case refusedFetch(err):
				if err := split(part, err); err != nil {
					return err
				}
			default:
				return err
			}
		}
		return nil
	}
	if err := split(uids, first); err != nil {
		return nil, err
	}
	if len(uids) > 1 && len(refused) == len(uids) {
		return nil, first
	}
	return refused, nil
}

// refusal is the server's answer as the placeholder keeps it.
func refusal(err error) string {
	var e *imap.Error
	if errors.As(err, &e) {
		if e.Code != "" {
			return fmt.Sprintf("NO [%s] %s", e.Code, e.Text)
		}
		return "NO " + e.Text
	}
	return err.Error()
}

// appendMsgs is append(msgs, got...) without a copy in the usual case, a
// batch fetched in one go.
func appendMsgs(msgs, got []rawMsg) []rawMsg {
	if msgs == nil {
		return got
	}
	return append(msgs, got...)
}

// withRefused adds to msgs a placeholder for each refused UID and sorts
// them by UID.
func withRefused(msgs []rawMsg, refused map[uint32]string) []rawMsg {
	if len(refused) == 0 {
		return msgs // sorted as fetched
	}
	for uid, why := range refused {
		msgs = append(msgs, rawMsg{uid: uid, bodySize: -1, refused: why})
	}
	slices.SortFunc(msgs, func(a, b rawMsg) int { return cmp.Compare(a.uid, b.uid) })
	return msgs
}

// refuseTries and refuseSpan are how long a new message the server
// refuses to FETCH in a live sync is asked for again before it is stored as
// a placeholder: refused at refuseTries passes at least, over refuseSpan at
// least. Gmail refuses mail that has just arrived now and then ("Some
// messages could not be FETCHed"), and a server still indexing answers OK
// without it; a placeholder at the first refusal lost a customer's answer
// for good (its thread looked unanswered and a follow-up went out).
const (
	refuseTries = 3
	refuseSpan  = time.Hour
)

// refusalRec is a message refused in live syncs: how often, since when.
type refusalRec struct {
	tries int
	first time.Time
	// storedThrough is the highest UID of the folder stored while the
	// position stays below this message (storedAbove).
	storedThrough uint32
}

// loadRefusals reads the messages asked for again from the store, which
// holds them across processes (each `keepwarm tick` is one) and across
// the mailbox's other Syncers (the follow-ups' check before a send).
func (s *Syncer) loadRefusals(ctx context.Context) error {
	rs, err := s.st.FetchRefusals(ctx, s.cfg.Name)
	if err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	s.drops.refusals = map[dropKey]*refusalRec{}
	for _, r := range rs {
		s.drops.refusals[dropKey{r.Folder, r.UIDValidity, r.UID}] = &refusalRec{tries: r.Tries, first: r.First, storedThrough: r.StoredThrough}
	}
	s.drops.bumped, s.drops.gone, s.drops.through = nil, nil, nil
	return nil
}

// saveRefusals writes the pass's changes to the messages asked for again
// to the store, a row at a time: the mailbox's other Syncers (the
// daemon's, the follow-ups' last look) write theirs meanwhile.
func (s *Syncer) saveRefusals(ctx context.Context) error {
	s.drops.mu.Lock()
	var bump, gone, through []keepwarm.FetchRefusal
	for k, n := range s.drops.bumped {
		r := s.drops.refusals[k]
		if r == nil {
			continue
		}
		bump = append(bump, keepwarm.FetchRefusal{Folder: k.folder, UIDValidity: k.uidValidity, UID: k.uid, Tries: n,
			First: r.first, StoredThrough: r.storedThrough})
	}
	for k := range s.drops.gone {
		gone = append(gone, keepwarm.FetchRefusal{Folder: k.folder, UIDValidity: k.uidValidity, UID: k.uid})
	}
	for k, t := range s.drops.through {
		through = append(through, keepwarm.FetchRefusal{Folder: k.folder, UIDValidity: k.uidValidity, StoredThrough: t})
	}
	s.drops.mu.Unlock()
	if len(bump)+len(gone)+len(through) == 0 {
		return nil
	}
	if err := s.st.UpdateFetchRefusals(ctx, s.cfg.Name, bump, gone, through); err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	s.drops.mu.Lock()
	s.drops.bumped, s.drops.gone, s.drops.through = nil, nil, nil
	s.drops.mu.Unlock()
	return nil
}

// forgetRefusal forgets the message asked for again k, in this pass and,
// once saved, in the store. Called with drops.mu held.
func (d *drops) forgetRefusal(k dropKey) {
	delete(d.refusals, k)
	delete(d.bumped, k)
	if d.gone == nil {
		d.gone = map[dropKey]bool{}
	}
	d.gone[k] = true
}

// refusalsOnlyIn forgets the messages asked for again in folders not among
// synced, the folders discovery picked: no pass would ask for them again,
// and the mailbox's mail would wait for them for good.
func (s *Syncer) refusalsOnlyIn(ctx context.Context, synced []string) error {
	if err := s.loadRefusals(ctx); err != nil {
		return err
	}
	s.drops.mu.Lock()
	for k := range s.drops.refusals {
		if !slices.Contains(synced, k.folder) {
			s.log.Info("no longer asking for a refused message: its folder is not synced now", "folder", k.folder, "uid", k.uid)
			s.drops.forgetRefusal(k)
		}
	}
	s.drops.mu.Unlock()
	return s.saveRefusals(ctx)
}

// deferRefused takes out of msgs, a live sync's batch, the messages the
// server refused (placeholders to be) that have not yet been refused
// refuseTries times over refuseSpan, and returns the rest with the lowest
// UID taken out (0: none), below which the folder's position stays so
// that the next pass asks for it again. A message refused long enough is
// left in, to be stored as the placeholder it is. A message fetched, or
// made a placeholder, is forgotten once its batch is stored
// (storedRefused), not before: the store may fail.
func (s *Syncer) deferRefused(f FolderSpec, uidValidity uint32, msgs []rawMsg) ([]rawMsg, uint32) {
	now := s.clock.Now()
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	var hold uint32
	out := msgs[:0]
	for _, m := range msgs {
		k := dropKey{f.Name, uidValidity, m.uid}
		if m.refused == "" {
			out = append(out, m) // forgotten once stored (storedRefused)
			continue
		}
		if s.drops.refusals == nil {
			s.drops.refusals = map[dropKey]*refusalRec{}
		}
		r := s.drops.refusals[k]
		if r == nil {
			r = &refusalRec{first: now}
			s.drops.refusals[k] = r
		}
		r.tries++
		if s.drops.bumped == nil {
			s.drops.bumped = map[dropKey]int{}
		}
		s.drops.bumped[k]++
		delete(s.drops.gone, k)
		if r.tries >= refuseTries && now.Sub(r.first) >= refuseSpan {
			out = append(out, m) // a placeholder now, forgotten once stored
			continue
		}
		level := slog.LevelWarn // once; each pass asks again
		if r.tries > 1 {
			level = slog.LevelDebug
		}
		s.log.Log(context.Background(), level, "the server refused to FETCH a new message; asking for it again at the next pass before storing a placeholder",
			"folder", f.Name, "uid", m.uid, "answer", m.refused, "times", r.tries, "since", r.first,
			"placeholder_after", fmt.Sprintf("%d refusals over %s", refuseTries, refuseSpan))
		if hold == 0 || m.uid < hold {
			hold = m.uid
		}
	}
	return out, hold
}

// storedRefused forgets the messages asked for again among uids, which a
// committed batch of folder stored (whole or as placeholders): until then
// the message may be the customer's answer that nothing has seen, and the
// mailbox's mail waits (UnreadMessage).
func (s *Syncer) storedRefused(folder string, uidValidity uint32, uids []uint32) {
	if len(uids) == 0 {
		return
	}
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	for _, uid := range uids {
		k := dropKey{folder, uidValidity, uid}
		if _, ok := s.drops.refusals[k]; ok {
			s.drops.forgetRefusal(k)
		}
	}
}

// notStoredYet takes out of uids, a folder's UIDs after its position, the
// ones a pass stored already while the position stayed below a message
// asked for again: each pass would fetch them all again, and past a batch
// the pass would be a catch-up, which makes the message a placeholder at
// once. The messages asked for again stay in.
func (s *Syncer) notStoredYet(folder string, uidValidity uint32, uids []uint32) []uint32 {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	var through uint32
	asked := map[uint32]bool{}
	for k, r := range s.drops.refusals {
		if k.folder == folder && k.uidValidity == uidValidity {
			through = max(through, r.storedThrough)
			asked[k.uid] = true
		}
	}
	if through == 0 {
		return uids
	}
	out := make([]uint32, 0, len(uids))
	for _, uid := range uids {
		if uid > through || asked[uid] {
			out = append(out, uid)
		}
	}
	return out
}

// storedAbove records that a pass of folder stored through UID through
// while its position stays below a message asked for again.
func (s *Syncer) storedAbove(folder string, uidValidity, through uint32) {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	for k, r := range s.drops.refusals {
		if k.folder == folder && k.uidValidity == uidValidity && through > r.storedThrough {
			r.storedThrough = through
			if s.drops.through == nil {
				s.drops.through = map[dropKey]uint32{}
			}
			fk := dropKey{folder: folder, uidValidity: uidValidity}
			s.drops.through[fk] = max(s.drops.through[fk], through)
		}
	}
}

// refusedUIDs are the UIDs of batch, for storedRefused.
func refusedUIDs(batch []keepwarm.Incoming) []uint32 {
	uids := make([]uint32, len(batch))
	for i, in := range batch {
		uids[i] = in.Copy.UID
	}
	return uids
}

// pruneRefusals forgets the messages of folder asked for again that are
// not among uids, the folder's new UIDs (of uidValidity): gone from the
// server, or of an earlier UIDVALIDITY.
func (s *Syncer) pruneRefusals(folder string, uidValidity uint32, uids []uint32) {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	for k := range s.drops.refusals {
		if k.folder == folder && (k.uidValidity != uidValidity || !slices.Contains(uids, k.uid)) {
			s.drops.forgetRefusal(k)
		}
	}
}

// UnreadMessage says, while a new message of the mailbox the server
// refused is being asked for again (deferRefused), which and since when:
// it may be a customer's answer, or her own, that no check before a send
// can see yet; "" when there is none. It reads the store, which holds
// what every Syncer of the mailbox was refused (the follow-ups' last look
// may be the first to meet the message), with this Syncer's changes not
// yet written. Where the store cannot be read, it says what this Syncer
// last read of it.
func (s *Syncer) UnreadMessage() string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rs, err := s.st.FetchRefusals(ctx, s.cfg.Name)
	s.drops.mu.Lock()
	all := map[dropKey]refusalRec{}
	if err != nil {
		s.log.Warn("cannot read the refused messages asked for again; saying what this sync last read", "err", err)
		for k, r := range s.drops.refusals {
			all[k] = refusalRec{tries: r.tries - s.drops.bumped[k], first: r.first}
		}
	}
	for _, r := range rs {
		all[dropKey{r.Folder, r.UIDValidity, r.UID}] = refusalRec{tries: r.Tries, first: r.First}
	}
	for k := range s.drops.gone {
		delete(all, k)
	}
	for k, n := range s.drops.bumped {
		if r := s.drops.refusals[k]; r != nil {
			rec, ok := all[k]
			if !ok {
				rec = refusalRec{first: r.first}
			}
			rec.tries += n
			all[k] = rec
		}
	}
	s.drops.mu.Unlock()
	var out []string
	for k, r := range all {
		out = append(out, fmt.Sprintf("folder %s, UID %d, refused %d times since %s", k.folder, k.uid, r.tries,
			r.first.UTC().Format("2006-01-02 15:04 UTC")))
	}
	slices.Sort(out)
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprintf("the server has not yet served %d new message(s) (%s); keepwarm asks again at each pass", len(out), strings.Join(out, "; "))
}

// refusedMessage is what is stored for a message the server refused to
// FETCH: a placeholder, flagged with the server's answer, so that the
// folder's position moves past it and the rest of the folder and the
// mailbox go on. Its key names where it is; it has no sender and no
// customer, so it starts no clock and answers nothing. Sync does not fetch
// it again (the position is past it); `keepwarm flagged` lists it. A new
// message of a live sync becomes one only after it was refused for a
// while (deferRefused).
func (s *Syncer) refusedMessage(f FolderSpec, uidValidity uint32, r rawMsg) keepwarm.Message {
	kind := keepwarm.KindInbound // as a message without a header is classified
	if f.Role == keepwarm.RoleSent {
		kind = keepwarm.KindInternal
	}
	return keepwarm.Message{
		Key:  fmt.Sprintf("unfetchable:%s/%s/%d/%d", s.cfg.Name, f.Name, uidValidity, r.uid),
		Kind: kind,
		Size: r.size,
		// Where it is, again: `keepwarm flagged` shortens long keys.
		ParseError: fmt.Sprintf("the server refused FETCH: %s (folder %s, UID %d)", r.refused, f.Name, r.uid),
	}
}

// dropLimit is how many connections lost in a FETCH of one message alone
// make it a placeholder: a server that closes the connection whenever it
// is asked for that message would otherwise stop the folder for good.
const dropLimit = 2

// drops remembers, for this process, the connections lost during a
// folder's FETCHes: which folders fetch their next batch a message at a
// time, and how often a FETCH of one message alone lost the connection.
type drops struct {
	mu      sync.Mutex
	careful map[string]bool
	lost    map[dropKey]int
	// refusals are the new messages refused in live syncs and asked for
	// again (deferRefused), as the store held them (loadRefusals) with
	// this pass's changes.
	refusals map[dropKey]*refusalRec
	// The pass's changes not yet written (saveRefusals): refusals
	// counted, messages no longer asked for, and the highest UID stored
	// above a folder's held position.
	bumped  map[dropKey]int
	gone    map[dropKey]bool
	through map[dropKey]uint32 // uid 0
	// first are the folders whose first sync (from no position) began in
	// this process and has not yet ended: its passes after a lost
	// connection are no live passes.
	first map[string]bool
}

// firstSync says whether folder's first sync is under way: begin says a
// pass of it starts from no position. The pass that ends it (done)
// forgets it.
func (d *drops) firstSync(folder string, begin bool) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if begin {
		if d.first == nil {
			d.first = map[string]bool{}
		}
		d.first[folder] = true
	}
	return d.first[folder]
}

// firstSyncDone ends folder's first sync: a pass of it stored its last batch.
func (d *drops) firstSyncDone(folder string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.first, folder)
}

type dropKey struct {
	folder           string
	uidValidity, uid uint32
}

// noteDrop records a FETCH of uids in folder f that failed with err: when
// the connection was lost (not a refusal), the folder's next pass fetches
// its first batch a message at a time, and a loss on one message alone is
// counted against it when the server closed the connection (end of
// stream, as Dovecot does at a damaged file): a timeout, a reset or a TLS
// alert is the link's trouble (a VPN, a proxy), not the message's.
func (s *Syncer) noteDrop(f FolderSpec, uidValidity uint32, uids []uint32, err error) {
	var ie *imap.Error
	if errors.As(err, &ie) || isStoreErr(err) || len(uids) == 0 {
		return
	}
	d := &s.drops
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.careful == nil {
		d.careful, d.lost = map[string]bool{}, map[dropKey]int{}
	}
	d.careful[f.Name] = true
	if len(uids) == 1 && !serverClosed(err) {
		s.log.Warn("the connection was lost in a FETCH of one message, not closed by the server; not counted against the message",
			"folder", f.Name, "uid", uids[0], "err", err)
		return
	}
	if len(uids) == 1 {
		k := dropKey{f.Name, uidValidity, uids[0]}
		d.lost[k]++
		s.log.Warn("the connection was lost in a FETCH of one message", "folder", f.Name, "uid", uids[0],
			"times", d.lost[k], "placeholder_after", dropLimit, "err", err)
	}
}

// serverClosed says whether err is a connection the other end closed (the
// stream ended) rather than one that timed out, was reset or failed TLS.
func serverClosed(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// fetchedAlone forgets the losses counted against a message a FETCH has
// now served: only losses in a row say it is the message. A live pass's
// message lost at each FETCH is forgotten so too, to be asked for again
// (deferRefused).
func (s *Syncer) fetchedAlone(folder string, uidValidity, uid uint32) {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	delete(s.drops.lost, dropKey{folder, uidValidity, uid})
}

func (s *Syncer) isCareful(folder string) bool {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	return s.drops.careful[folder]
}

// carefulDone ends a folder's careful fetching: its first batch went
// through a message at a time.
func (s *Syncer) carefulDone(folder string) {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	delete(s.drops.careful, folder)
}

func (s *Syncer) dropped(folder string, uidValidity, uid uint32) int {
	s.drops.mu.Lock()
	defer s.drops.mu.Unlock()
	return s.drops.lost[dropKey{folder, uidValidity, uid}]
}
