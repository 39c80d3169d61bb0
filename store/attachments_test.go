package store

import (
	"context"
	"testing"

	"keepwarm"
)

func TestAttachmentsAreKept(t *testing.T) {
	db := openTest(t)
	m := msg("att-1@acme.com")
	m.Attachments = []keepwarm.Attachment{{Name: "Angebot\t2026.pdf", Type: "application/pdf"}, {Name: "报价单.xlsx", Type: "application/vnd.ms-excel"}}
	plain := msg("att-2@acme.com")
	save(t, db, at(m, "lily", "INBOX", 1, t0), at(plain, "lily", "INBOX", 2, t0))
	var ids []int64
	if err := db.r.Select(&ids, "SELECT id FROM messages ORDER BY id"); err != nil {
		t.Fatal(err)
	}
	got, err := db.GetMessage(context.Background(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Attachments) != 2 || got.Attachments[0].Name != "Angebot 2026.pdf" || got.Attachments[1].Name != "报价单.xlsx" ||
		got.Attachments[1].Type != "application/vnd.ms-excel" {
		t.Fatalf("attachments %+v", got.Attachments)
	}
	if got, _ := db.GetMessage(context.Background(), ids[1]); len(got.Attachments) != 0 {
		t.Fatalf("no attachments: %+v", got.Attachments)
	}
}
