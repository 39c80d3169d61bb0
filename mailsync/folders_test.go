package mailsync

import (
	"testing"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

func TestPickFolders(t *testing.T) {
	l := func(name string, attrs ...imap.MailboxAttr) *imap.ListData {
		return &imap.ListData{Mailbox: name, Attrs: attrs}
	}
	tests := []struct {
		name      string
		list      []*imap.ListData
		overrides []FolderSpec
		extraSent []string
		want      []FolderSpec
		wantErr   bool
	}{
		{
			name: "special-use wins over the name",
			list: []*imap.ListData{l("INBOX"), l("Sent"), l("Gesendete Elemente", imap.MailboxAttrSent), l("Drafts", imap.MailboxAttrDrafts)},
			want: []FolderSpec{{"Gesendete Elemente", keepwarm.RoleSent}, {"INBOX", keepwarm.RoleInbox}},
		},
		{
			name: "usual name without special-use",
			list: []*imap.ListData{l("INBOX"), l("Sent Items"), l("Trash")},
			want: []FolderSpec{{"Sent Items", keepwarm.RoleSent}, {"INBOX", keepwarm.RoleInbox}},
		},
		{
			name: "no sent folder, lower-case inbox",
			list: []*imap.ListData{l("inbox"), l("Archive")},
			want: []FolderSpec{{"inbox", keepwarm.RoleInbox}},
		},
		{
			name: "noselect is skipped",
			list: []*imap.ListData{l("INBOX"), l("[Gmail]", imap.MailboxAttrNoSelect), l("[Gmail]/Sent Mail", imap.MailboxAttrSent)},
			want: []FolderSpec{{"[Gmail]/Sent Mail", keepwarm.RoleSent}, {"INBOX", keepwarm.RoleInbox}},
		},
		{
			name:      "sent override replaces discovery; unknown role is other",
			list:      []*imap.ListData{l("INBOX"), l("Sent", imap.MailboxAttrSent), l("Outbox Copies"), l("Leads")},
			overrides: []FolderSpec{{"outbox copies", "SENT"}, {"Leads", "leads"}},
			want:      []FolderSpec{{"Outbox Copies", keepwarm.RoleSent}, {"Leads", keepwarm.RoleOther}, {"INBOX", keepwarm.RoleInbox}},
		},
		{
			name:      "a provider's own Sent name comes before the usual names",
			list:      []*imap.ListData{l("INBOX"), l("Sent"), l("已发送"), l("Sent Messages")},
			extraSent: []string{"已发送", "Sent Messages"},
			want:      []FolderSpec{{"已发送", keepwarm.RoleSent}, {"INBOX", keepwarm.RoleInbox}},
		},
		{
			name:      "override of a missing folder is an error",
			list:      []*imap.ListData{l("INBOX")},
			overrides: []FolderSpec{{"Missing", keepwarm.RoleOther}},
			wantErr:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := pickFolders(tt.list, tt.overrides, tt.extraSent...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v, wantErr %v", err, tt.wantErr)
			}
			if tt.wantErr {
				if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
					t.Fatalf("error code %q, want invalid", keepwarm.ErrorCode(err))
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestNothingNew(t *testing.T) {
	st := keepwarm.FolderState{LastUID: 10, HighestModSeq: 50}
	tests := []struct {
		name      string
		sel       imap.SelectData
		condStore bool
		want      bool
	}{
		{"uidnext just above", imap.SelectData{NumMessages: 10, UIDNext: 11}, false, true},
		{"new uid", imap.SelectData{NumMessages: 11, UIDNext: 12}, false, false},
		{"empty folder", imap.SelectData{NumMessages: 0, UIDNext: 40}, false, true},
		{"same modseq", imap.SelectData{NumMessages: 11, UIDNext: 12, HighestModSeq: 50}, true, true},
		{"modseq ignored without condstore", imap.SelectData{NumMessages: 11, UIDNext: 12, HighestModSeq: 50}, false, false},
		{"no uidnext", imap.SelectData{NumMessages: 3}, false, false},
	}
	for _, tt := range tests {
		if got := nothingNew(st, &tt.sel, tt.condStore); got != tt.want {
			t.Errorf("%s: got %v want %v", tt.name, got, tt.want)
		}
	}
}
