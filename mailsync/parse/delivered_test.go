package parse

import (
	"testing"
	"time"
)

// Delivered reads the newest (first) Received field's stamp, after its
// last semicolon, however it is folded.
func TestDeliveredReadsTheNewestReceivedStamp(t *testing.T) {
	want := time.Date(2026, 12, 7, 1, 2, 3, 0, time.UTC)
	for _, c := range []struct {
		name, header string
		want         time.Time
	}{
		{"newest first, folded, with a zone comment",
			"Received: from mx.buyer.de (mx.buyer.de [192.0.2.1])\r\n\tby mx.team.example (Postfix) with ESMTPS id 4Q;\r\n\tMon, 7 Dec 2026 09:02:03 +0800 (CST)\r\n" +
				"Received: from laptop ([10.0.0.2]) by mx.buyer.de; Fri, 4 Dec 2026 16:00:00 +0100\r\n\r\n", want},
		{"a semicolon in the clause", "Received: from a (b; c) by d; Mon, 07 Dec 2026 01:02:03 +0000\r\n\r\n", want},
		{"none", "\r\n", time.Time{}},
		{"no stamp", "Received: from a by b\r\n\r\n", time.Time{}},
		{"a stamp that is no date", "Received: from a by b; yesterday\r\n\r\n", time.Time{}},
	} {
		if got := Delivered([]byte(c.header), time.Time{}); !got.Equal(c.want) {
			t.Errorf("%s: %s; want %s", c.name, got, c.want)
		}
	}
}

// A stamp that records mail collected from another mailbox (Gmail's POP
// fetch of an old account, fetchmail, getmail) says when it was fetched,
// not delivered: the stamp below it is read. Mail redirected or resent
// days after its Date (a rule run over old mail) has the resending's
// stamps only, and none is read.
func TestDeliveredPassesOverRetrievalStamps(t *testing.T) {
	old := time.Date(2025, 11, 1, 8, 0, 5, 0, time.UTC)
	date := old.Add(-time.Minute)
	smtp := "Received: from mx.buyer.de by mx.old-domain.com with ESMTP id 9; Sat, 1 Nov 2025 08:00:05 +0000\r\n"
	for _, c := range []struct {
		name, header string
		want         time.Time
	}{
		{"Gmail's POP fetch", "Received: from pop.old-domain.com (pop.old-domain.com [192.0.2.9])\r\n\tby mx.google.com with POP3 id a1b2c3\r\n\tfor <lily@gmail.com>\r\n\t(single-drop); Sun, 6 Dec 2026 09:00:00 -0800 (PST)\r\n" + smtp + "\r\n", old},
		{"fetchmail", "Received: from imap.old-domain.com [192.0.2.9]\r\n\tby laptop with IMAP (fetchmail-6.4.37)\r\n\tfor <lily@team.example> (single-drop); Sun, 06 Dec 2026 09:00:00 +0000\r\n" + smtp + "\r\n", old},
		{"getmail", "Received: by getmail6 from imap.old-domain.com; Sun, 06 Dec 2026 09:00:00 +0000\r\n" + smtp + "\r\n", old},
		{"only a fetch", "Received: from pop.old-domain.com by mx.google.com with POP3 id 1; Sun, 06 Dec 2026 09:00:00 +0000\r\n\r\n", time.Time{}},
		{"redirected by a rule today", "Resent-Date: Sun, 06 Dec 2026 09:00:00 +0000\r\nReceived: from out.team.example by mx.team.example with ESMTPS; Sun, 06 Dec 2026 09:00:01 +0000\r\n" + smtp + "\r\n", time.Time{}},
		{"resent the same day", "Resent-Date: Sat, 1 Nov 2025 09:00:00 +0000\r\n" + smtp + "\r\n", old},
	} {
		if got := Delivered([]byte(c.header), date); !got.Equal(c.want) {
			t.Errorf("%s: %s; want %s", c.name, got, c.want)
		}
	}
}
