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
		if got := Delivered([]byte(c.header)); !got.Equal(c.want) {
			t.Errorf("%s: %s; want %s", c.name, got, c.want)
		}
	}
}
