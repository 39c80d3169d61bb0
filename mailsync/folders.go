package mailsync

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
)

// sentNames are the usual names of the Sent folder, tried in order when the
// server marks no folder \Sent (servers without SPECIAL-USE).
var sentNames = []string{
	"Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "INBOX/Sent",
	"INBOX.Sent Items", "INBOX.Sent Messages", "INBOX/Sent Items", "INBOX/Sent Messages",
	"[Gmail]/Sent Mail", "已发送", "已发送邮件", "Gesendet", "Gesendete Objekte", "Enviados", "Envoyés",
	"Posta inviata", "Itens Enviados", "Elementos enviados", "Verzonden items", "Отправленные",
	// Outlook's and Exchange's names in other languages.
	"Gesendete Elemente", "Éléments envoyés", "Objets envoyés", "Elementi inviati", "Verzonden berichten",
	"寄件備份", "已傳送郵件", "送信済みアイテム", "送信済み",
	"보낸 편지함", "Отправленные элементы",
}

// draftsNames are the usual names of the Drafts folder, tried in order when
// the server marks no folder \Drafts: in the languages sentNames knows the
// Sent folder in, and the Nordic ones, so a localised Drafts listed in
// extra_folders is never read as mail she sent.
var draftsNames = []string{
	"Drafts", "Draft", "INBOX.Drafts", "INBOX/Drafts", "[Gmail]/Drafts", "[Google Mail]/Drafts",
	"草稿箱", "草稿", "草稿夹", "Entwürfe", "Brouillons", "Borradores", "Bozze", "Rascunhos",
	"Concepten", "Kopie robocze", "Koncepty", "Utkast", "Kladder", "Luonnokset",
	"Черновики", "下書き", "임시 보관함",
}

// specialFolder returns the selectable folder of list that LIST marks with
// attr (SPECIAL-USE), else the first of names (each list in order) the
// server has, compared without case, else "".
func specialFolder(list []*imap.ListData, attr imap.MailboxAttr, names ...[]string) string {
	exists := make(map[string]string, len(list)) // folded name -> server name
	for _, l := range list {
		if hasAttr(l.Attrs, imap.MailboxAttrNoSelect) || hasAttr(l.Attrs, imap.MailboxAttrNonExistent) {
			continue
		}
		if hasAttr(l.Attrs, attr) {
			return l.Mailbox
		}
		if _, ok := exists[strings.ToLower(l.Mailbox)]; !ok {
			exists[strings.ToLower(l.Mailbox)] = l.Mailbox
		}
	}
	for _, ns := range names {
		for _, name := range ns {
			if n, ok := exists[strings.ToLower(name)]; ok {
				return n
			}
		}
	}
	return ""
}

// sentCandidates returns, when list marks no selectable folder \Sent, every
// folder the server has of names (each list in order, compared without
// case), each once, in that order; nil when one is marked \Sent.
func sentCandidates(list []*imap.ListData, names ...[]string) []string {
	exists := make(map[string]string, len(list))
	for _, l := range list {
		if hasAttr(l.Attrs, imap.MailboxAttrNoSelect) || hasAttr(l.Attrs, imap.MailboxAttrNonExistent) {
			continue
		}
		if hasAttr(l.Attrs, imap.MailboxAttrSent) {
			return nil
		}
		if _, ok := exists[strings.ToLower(l.Mailbox)]; !ok {
			exists[strings.ToLower(l.Mailbox)] = l.Mailbox
		}
	}
	var out []string
	for _, ns := range names {
		for _, name := range ns {
			if n, ok := exists[strings.ToLower(name)]; ok && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// chooseSent picks the Sent folder of list as specialFolder does, except
// that when no folder is marked \Sent and several have a usual Sent name
// (Outlook's "Sent Items" beside a "Sent" her phone's mail app files
// into) it asks the server how many messages each holds: sent is the
// fullest, the first of them on a tie or when STATUS fails, the folder
// her desktop client files into and keepwarm files its copies in; more
// are those of them that hold mail (sent among them, if it does), which
// sync reads as Sent too, whichever folder copies go to: her answers from
// the phone are hers. note then names the candidates, for the log and
// `keepwarm check`; "" when there was no choice to make. Sync and the
// sending side both choose so: a copy keepwarm files lands in a folder
// sync reads.
func chooseSent(c *imapclient.Client, list []*imap.ListData, names ...[]string) (sent string, more []string, note string) {
	cands := sentCandidates(list, names...)
	if len(cands) < 2 {
		return specialFolder(list, imap.MailboxAttrSent, names...), nil, ""
	}
	counts := make([]string, 0, len(cands))
	held := make(map[string]bool, len(cands))
	best, most := cands[0], int64(-1)
	for _, name := range cands {
		st, err := c.Status(name, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil || st.NumMessages == nil {
			counts = append(counts, name+" (could not be counted, not read)")
			continue
		}
		n := int64(*st.NumMessages)
		counts = append(counts, fmt.Sprintf("%s (%d messages)", name, n))
		held[name] = n > 0
		if n > most {
			best, most = name, n
		}
	}
	for _, name := range cands {
		if held[name] {
			more = append(more, name)
		}
	}
	return best, more, fmt.Sprintf("several Sent folders and none marked \\Sent: %s: reading each that holds mail as Sent; keepwarm files its copies in %s, the fullest (sent_folder chooses another)",
		strings.Join(counts, ", "), best)
}

// listFolders lists every folder, asking for the SPECIAL-USE attributes
// when the server can return them (LIST-EXTENDED): RFC 6154 leaves them on
// a plain LIST to the server, and some send them only when asked. Sync and
// the sending side both list this way, so they find the same \Sent.
func listFolders(c *imapclient.Client, listExt bool) ([]*imap.ListData, error) {
	var opts *imap.ListOptions
	if listExt {
		opts = &imap.ListOptions{ReturnSpecialUse: true}
	}
	return c.List("", "*", opts).Collect()
}

// discoverFolders lists the server's folders and picks what to sync: INBOX
// always, the folder marked \Sent (or, failing that, one with a usual Sent
// name), then the configured overrides, which win over both.
//
// A configured folder that is not on the server is an error when keepwarm
// never synced it (a wrong name: `keepwarm check` and the first start say
// so) or when strict (`keepwarm check`). One it synced before is gone at
// runtime (renamed, archived or deleted in the mail client): it is left
// out so that the rest of the mailbox syncs, its stored position kept for
// when it comes back, and the log (once) and the store (/healthz) say so.
func (s *Syncer) discoverFolders(ctx context.Context, c *conn, strict bool) ([]FolderSpec, error) {
	s.takeDropped()
	list, err := listFolders(c.Client, c.listExt)
	s.noteUnreadable()
	dropped := s.takeDropped()
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: list folders: %w", s.cfg.Name, err)
	}
	var gone []string
	var storeErr error
	leaveOut := func(o FolderSpec) bool {
		if strict || storeErr != nil {
			return false
		}
		if _, err := s.st.FolderState(ctx, s.cfg.Name, o.Name); err != nil {
			if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
				storeErr = storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
			}
			return false
		}
		gone = append(gone, o.Name)
		return true
	}
	overrides, err := s.notDrafts(list, strict)
	if err != nil {
		return nil, err
	}
	sent, moreSent, sentNote := chooseSent(c.Client, list, s.cfg.SentNames, sentNames)
	folders, err := chooseFolders(list, overrides, leaveOut, sent, moreSent...)
	if storeErr != nil {
		return nil, storeErr
	}
	if err != nil && len(dropped) > 0 {
		// The folder named may be one of those: say why it cannot be used.
		return nil, fmt.Errorf("%w; %s", err, unreadableNote(dropped))
	}
	if err != nil {
		return nil, err
	}
	if err := s.noteGone(ctx, gone, list, strict); err != nil {
		return nil, err
	}
	s.noteNoSent(folders, list, dropped, !strict)
	s.noteSeveralSent(folders, sent, sentNote, !strict)
	if s.cfg.ReadAll {
		all := specialFolder(list, imap.MailboxAttrAll, s.cfg.AllNames)
		folders = allForInbox(folders, all)
		s.noteNoAll(all, list, !strict)
	}
	if !strict {
		chosen := make([]string, 0, len(folders))
		for _, f := range folders {
			chosen = append(chosen, f.Name)
		}
		s.goneMu.Lock()
		s.chosen = chosen
		s.goneMu.Unlock()
		// A message asked for again in a folder no longer synced (All
		// Mail read in place of INBOX now, a folder deleted or taken out
		// of the configuration, another Sent folder chosen) is waited for
		// no more: nothing would ever end its wait.
		if err := s.refusalsOnlyIn(ctx, chosen); err != nil {
			return nil, err
		}
	}
	return folders, nil
}

// Folders returns the folders the last discovery picked to sync, nil
// before the first: a folder of the mailbox's stored in an earlier run and
// not among them (taken out of, or renamed in, the configuration, or a
// Sent folder renamed on the server) is synced no more.
func (s *Syncer) Folders() []string {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	return slices.Clone(s.chosen)
}

// unreadableNote says which folders the server lists under names keepwarm
// cannot read, and who can fix that: a configured name cannot reach them,
// since keepwarm sends names as modified UTF-7 and the server knows them by
// other bytes.
func unreadableNote(dropped []string) string {
	return fmt.Sprintf("the server also lists folders keepwarm cannot read: %s; their names are not modified UTF-7 (RFC 3501), as IMAP requires, so no sent_folder can reach them: ask the mail administrator or provider to have the server send folder names in modified UTF-7 (or to rename the folder)",
		strings.Join(dropped, ", "))
}

// noteNoSent remembers whether a salesperson's mailbox (one with an
// owner) has no Sent folder to read: the server marks none \Sent, none has
// a usual Sent name and sent_folder names none. Her own mail is then never
// read, so every customer she answered looks unanswered to the reply watch
// (nudges to her and her manager) and her quotations start no follow-ups.
// With logIt (a sync, not `keepwarm check`) the log says so once, until a
// Sent folder is found; NoSentFolder gives it to /healthz.
func (s *Syncer) noteNoSent(folders []FolderSpec, list []*imap.ListData, dropped []string, logIt bool) {
	msg, fix := "", "set sent_folder"
	if len(dropped) > 0 {
		// Sent may be among them (已发送 in raw GBK): sent_folder cannot help.
		fix = unreadableNote(dropped)
	}
	if s.cfg.Owner != "" && !slices.ContainsFunc(folders, func(f FolderSpec) bool { return f.Role == keepwarm.RoleSent }) {
		msg = fmt.Sprintf("no Sent folder found (server has: %s): the salesperson's own mail is not read, so customers she answered look unanswered; %s",
			strings.Join(names(list), ", "), fix)
	}
	s.goneMu.Lock()
	was := s.noSent
	s.noSent = msg
	s.goneMu.Unlock()
	switch {
	case !logIt:
	case msg != "" && was == "":
		s.log.Warn("no Sent folder found: syncing INBOX only; the salesperson's own mail is not read, so customers she answered look unanswered",
			"server_has", strings.Join(names(list), ", "), "fix", fix)
	case msg == "" && was != "":
		s.log.Info("a Sent folder is found again; syncing it")
	}
}

// noteSeveralSent remembers the note of a Sent folder chosen among several
// (chooseSent), when that folder is the one copies are filed in (sent_folder
// chooses none), for SeveralSentFolders; with logIt the log says it once,
// and again when the folder taken or the Sent folders read change (not as
// the counts grow).
func (s *Syncer) noteSeveralSent(folders []FolderSpec, sent, note string, logIt bool) {
	if slices.ContainsFunc(s.cfg.Folders, func(f FolderSpec) bool { return normRole(f.Role) == keepwarm.RoleSent }) {
		note = "" // sent_folder chose where copies go
	}
	using := ""
	var read []string
	for _, f := range folders {
		if f.Role != keepwarm.RoleSent {
			continue
		}
		read = append(read, f.Name)
		if note != "" && f.Name == sent {
			using = f.Name
		}
	}
	if using == "" {
		note = ""
	}
	seen := ""
	if using != "" {
		seen = using + "\x00" + strings.Join(read, "\x00")
	}
	s.goneMu.Lock()
	was := s.severalSentUsing
	s.severalSent, s.severalSentUsing = note, seen
	s.goneMu.Unlock()
	if logIt && seen != "" && seen != was {
		s.log.Info("several Sent folders and none marked \\Sent: reading each that holds mail as Sent; keepwarm files its copies in the fullest", "which", note)
	}
}

// SeveralSentFolders says, when the last discovery chose the Sent folder
// among several with a usual Sent name (none marked \Sent), which they were
// and which was taken; "" when there was no choice. It does not block.
func (s *Syncer) SeveralSentFolders() string {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	return s.severalSent
}

// allForInbox puts all, the folder holding every message of the mailbox,
// in INBOX's place (it plays the inbox: synced last, IDLEd on, filled
// first), and leaves out any other entry of that name. Every message in
// INBOX is in it too, so INBOX itself is not read: its mail would only be
// fetched twice. all == "": folders as they are.
func allForInbox(folders []FolderSpec, all string) []FolderSpec {
	if all == "" {
		return folders
	}
	out := make([]FolderSpec, 0, len(folders))
	for _, f := range folders {
		switch {
		case f.Role == keepwarm.RoleInbox:
			out = append(out, FolderSpec{Name: all, Role: keepwarm.RoleInbox})
		case strings.EqualFold(f.Name, all):
		default:
			out = append(out, f)
		}
	}
	return out
}

// noteNoAll remembers whether a ReadAll mailbox has no \All folder to
// read (Gmail's "Show in IMAP" unticked for All Mail): a customer's reply
// archived or filtered past the inbox is then not read, and the thread
// looks unanswered. With logIt the log says so once, until it is found.
func (s *Syncer) noteNoAll(all string, list []*imap.ListData, logIt bool) {
	msg := ""
	if all == "" {
		msg = fmt.Sprintf("no folder of all mail found (server has: %s): keepwarm reads INBOX, so a customer's reply archived (the Archive button) or filtered past the inbox (\"Skip the Inbox\") is not read, the thread looks unanswered and a follow-up can go out after the answer; in Gmail's settings, Labels, tick \"Show in IMAP\" for All Mail",
			strings.Join(names(list), ", "))
	}
	s.goneMu.Lock()
	was := s.noAll
	s.noAll = msg
	s.goneMu.Unlock()
	switch {
	case !logIt:
	case msg != "" && was == "":
		s.log.Warn("no folder of all mail found: reading INBOX; a customer's reply archived or filtered past the inbox is not read (tick \"Show in IMAP\" for All Mail in Gmail's label settings)",
			"server_has", strings.Join(names(list), ", "))
	case msg == "" && was != "":
		s.log.Info("the folder of all mail is found again; reading it in INBOX's place")
	}
}

// NoAllFolder says why a mailbox whose archived mail leaves INBOX (Gmail)
// is read without its folder of all mail, as its last folder discovery
// found; "" when it has one or is not such a mailbox. It does not block.
func (s *Syncer) NoAllFolder() string {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	return s.noAll
}

// NoSentFolder says why a salesperson's mailbox is read without its Sent
// folder, as its last folder discovery found; "" when it has one (or has
// no owner). It does not block.
func (s *Syncer) NoSentFolder() string {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	return s.noSent
}

// notDrafts returns the configured folders without the server's Drafts
// folder (marked \Drafts, else of a usual name) listed among the extra
// folders: a draft there, keepwarm's own "received" reply or one the
// salesperson never sent, is stored like mail she sent, and would stop
// the customer's reply clock while nobody answered. `keepwarm check`
// (strict) refuses it, naming the key; a running sync leaves it out and
// says so.
func (s *Syncer) notDrafts(list []*imap.ListData, strict bool) ([]FolderSpec, error) {
	drafts := specialFolder(list, imap.MailboxAttrDrafts, draftsNames)
	if drafts == "" {
		return s.cfg.Folders, nil
	}
	out := make([]FolderSpec, 0, len(s.cfg.Folders))
	for _, f := range s.cfg.Folders {
		if normRole(f.Role) != keepwarm.RoleOther || !strings.EqualFold(f.Name, drafts) {
			out = append(out, f)
			continue
		}
		if strict {
			return nil, keepwarm.Errorf(keepwarm.EINVALID,
				"extra_folders of mailbox %q lists %q, the Drafts folder: an unsent draft is no answer to a customer; remove it", s.cfg.Name, f.Name)
		}
		s.log.Warn("extra_folders lists the Drafts folder; not syncing it (an unsent draft is no answer to a customer): remove it from extra_folders",
			"folder", f.Name)
	}
	return out, nil
}

// noteGone logs, once per folder until it is back, the configured folders
// left out because the server no longer has them, records each in the
// store where it can, and keeps them for the pass's Summary.
func (s *Syncer) noteGone(ctx context.Context, gone []string, list []*imap.ListData, strict bool) error {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	for name := range s.gone {
		if !slices.Contains(gone, name) {
			s.log.Info("configured folder is on the server again; syncing it from where it stopped", "folder", name)
			delete(s.gone, name)
		}
	}
	gs, _ := s.st.(interface {
		FolderGone(ctx context.Context, mailbox, folder string, at time.Time) error
		FoldersOnlyGone(ctx context.Context, mailbox string, gone []string) error
	})
	if gs != nil && !strict && !s.goneChecked {
		// Once a run: the configuration changes only with a restart, and
		// a folder it no longer names is no longer "gone" (it is not
		// wanted), whatever an earlier run recorded. (Not in check, which
		// writes nothing and may have no store.)
		if err := gs.FoldersOnlyGone(ctx, s.cfg.Name, gone); err != nil {
			return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
		}
		s.goneChecked = true
	}
	for _, name := range gone {
		if _, ok := s.gone[name]; ok {
			continue
		}
		if s.gone == nil {
			s.gone = map[string]bool{}
		}
		s.gone[name] = true
		s.log.Warn("configured folder is gone from the server; syncing the rest of the mailbox without it (fix extra_folders or sent_folder, or bring the folder back: it resumes where it stopped)",
			"folder", name, "server_has", strings.Join(names(list), ", "))
		if gs != nil {
			if err := gs.FolderGone(ctx, s.cfg.Name, name, s.clock.Now()); err != nil {
				return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
			}
		}
	}
	return nil
}

// goneFolders returns the configured folders left out as gone from the
// server, sorted.
func (s *Syncer) goneFolders() []string {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	out := make([]string, 0, len(s.gone))
	for name := range s.gone {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// pickFolders is discovery's decision, apart from the network (of several
// folders with a usual Sent name, the first).
// extraSent names are tried before the usual Sent names.
func pickFolders(list []*imap.ListData, overrides []FolderSpec, extraSent ...string) ([]FolderSpec, error) {
	return chooseFolders(list, overrides, nil, specialFolder(list, imap.MailboxAttrSent, extraSent, sentNames))
}

// chooseFolders is pickFolders where leaveOut, when not nil, says whether a
// configured folder missing from the server is left out rather than an
// error, sent is the Sent folder found (chooseSent), "" for none, and
// moreSent the usual-named Sent folders that hold mail: each is read as
// Sent too, beside sent or the sent_folder configured in its place, unless
// it is read already or the configuration names it itself.
func chooseFolders(list []*imap.ListData, overrides []FolderSpec, leaveOut func(FolderSpec) bool, sent string, moreSent ...string) ([]FolderSpec, error) {
	exists := make(map[string]string, len(list)) // folded name -> server name
	inbox := "INBOX"
	for _, l := range list {
		if hasAttr(l.Attrs, imap.MailboxAttrNoSelect) || hasAttr(l.Attrs, imap.MailboxAttrNonExistent) {
			continue
		}
		exists[strings.ToLower(l.Mailbox)] = l.Mailbox
		if strings.EqualFold(l.Mailbox, "INBOX") {
			inbox = l.Mailbox
		}
	}
	// sent is the sending side's choice too (findFolder): a copy keepwarm
	// files in Sent lands in the folder sync reads.
	picked := []FolderSpec{{Name: inbox, Role: keepwarm.RoleInbox}}
	if sent != "" {
		picked = append(picked, FolderSpec{Name: sent, Role: keepwarm.RoleSent})
	}
	for _, o := range overrides {
		role := normRole(o.Role)
		name, ok := exists[strings.ToLower(o.Name)]
		if !ok && leaveOut != nil && leaveOut(o) {
			continue
		}
		if !ok {
			return nil, keepwarm.Errorf(keepwarm.EINVALID,
				"folder %q from the configuration is not on the server (check the name; the server has: %s)",
				o.Name, strings.Join(names(list), ", "))
		}
		picked = override(picked, FolderSpec{Name: name, Role: role})
	}
	for _, m := range moreSent {
		if !slices.ContainsFunc(picked, func(f FolderSpec) bool { return strings.EqualFold(f.Name, m) }) {
			picked = append(picked, FolderSpec{Name: m, Role: keepwarm.RoleSent})
		}
	}
	// Sync INBOX last so that live mode finds it selected, ready to IDLE.
	out := make([]FolderSpec, 0, len(picked))
	var in []FolderSpec
	for _, f := range picked {
		if f.Role == keepwarm.RoleInbox {
			in = append(in, f)
			continue
		}
		out = append(out, f)
	}
	return append(out, in...), nil
}

// override puts o into picked: it replaces a folder of the same name, and
// for the inbox and sent roles the discovered folder of that role.
func override(picked []FolderSpec, o FolderSpec) []FolderSpec {
	out := picked[:0]
	for _, f := range picked {
		if strings.EqualFold(f.Name, o.Name) {
			continue
		}
		if o.Role != keepwarm.RoleOther && f.Role == o.Role {
			continue
		}
		out = append(out, f)
	}
	return append(out, o)
}

// normRole maps a configured role to a known one; anything unknown is other.
func normRole(r keepwarm.FolderRole) keepwarm.FolderRole {
	switch keepwarm.FolderRole(strings.ToLower(string(r))) {
	case keepwarm.RoleInbox:
		return keepwarm.RoleInbox
	case keepwarm.RoleSent:
		return keepwarm.RoleSent
	}
	return keepwarm.RoleOther
}

func hasAttr(attrs []imap.MailboxAttr, a imap.MailboxAttr) bool {
	for _, x := range attrs {
		if strings.EqualFold(string(x), string(a)) {
			return true
		}
	}
	return false
}

func names(list []*imap.ListData) []string {
	out := make([]string, 0, len(list))
	for _, l := range list {
		out = append(out, l.Mailbox)
	}
	return out
}
