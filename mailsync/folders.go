package mailsync

import (
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

// sentNames are the usual names of the Sent folder, tried in order when the
// server marks no folder \Sent (servers without SPECIAL-USE).
var sentNames = []string{
	"Sent", "Sent Items", "Sent Messages", "Sent Mail", "INBOX.Sent", "INBOX/Sent",
	"[Gmail]/Sent Mail", "已发送", "已发送邮件", "Gesendet", "Gesendete Objekte", "Enviados", "Envoyés",
}

// discoverFolders lists the server's folders and picks what to sync: INBOX
// always, the folder marked \Sent (or, failing that, one with a usual Sent
// name), then the configured overrides, which win over both.
func (s *Syncer) discoverFolders(c *conn) ([]FolderSpec, error) {
	var opts *imap.ListOptions
	if c.listExt {
		opts = &imap.ListOptions{ReturnSpecialUse: true}
	}
	list, err := c.List("", "*", opts).Collect()
	if err != nil {
		return nil, fmt.Errorf("mailsync: %s: list folders: %w", s.cfg.Name, err)
	}
	return pickFolders(list, s.cfg.Folders, s.cfg.SentNames...)
}

// pickFolders is discovery's decision, apart from the network.
// extraSent names are tried before the usual Sent names.
func pickFolders(list []*imap.ListData, overrides []FolderSpec, extraSent ...string) ([]FolderSpec, error) {
	exists := make(map[string]string, len(list)) // folded name -> server name
	inbox, sent := "INBOX", ""
	for _, l := range list {
		if hasAttr(l.Attrs, imap.MailboxAttrNoSelect) || hasAttr(l.Attrs, imap.MailboxAttrNonExistent) {
			continue
		}
		exists[strings.ToLower(l.Mailbox)] = l.Mailbox
		if strings.EqualFold(l.Mailbox, "INBOX") {
			inbox = l.Mailbox
		}
		if sent == "" && hasAttr(l.Attrs, imap.MailboxAttrSent) {
			sent = l.Mailbox
		}
	}
	if sent == "" {
		for _, name := range slices.Concat(extraSent, sentNames) {
			if n, ok := exists[strings.ToLower(name)]; ok {
				sent = n
				break
			}
		}
	}

	picked := []FolderSpec{{Name: inbox, Role: keepwarm.RoleInbox}}
	if sent != "" {
		picked = append(picked, FolderSpec{Name: sent, Role: keepwarm.RoleSent})
	}
	for _, o := range overrides {
		role := normRole(o.Role)
		name, ok := exists[strings.ToLower(o.Name)]
		if !ok {
			return nil, keepwarm.Errorf(keepwarm.EINVALID,
				"folder %q from the configuration is not on the server (check the name; the server has: %s)",
				o.Name, strings.Join(names(list), ", "))
		}
		picked = override(picked, FolderSpec{Name: name, Role: role})
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
