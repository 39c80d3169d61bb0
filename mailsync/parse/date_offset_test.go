package parse

import "testing"

// The offset a customer's mail client wrote its Date in, or none when the
// Date does not say where the sender is.
func TestDateOffset(t *testing.T) {
	for _, tc := range []struct {
		date string
		want int
		ok   bool
	}{
		{"Mon, 2 Nov 2026 10:00:00 +0100", 3600, true},
		{"Mon, 2 Nov 2026 10:00:00 +0100 (CET)", 3600, true},
		{"2 Nov 2026 04:00:00 -0500", -5 * 3600, true},
		{"Mon,  2 Nov 2026\r\n 15:30:00 +0530", 5*3600 + 1800, true},
		{"Mon, 2 Nov 2026 09:00:00 +0000", 0, false}, // UTC: Microsoft 365 writes it wherever the sender is
		{"Mon, 2 Nov 2026 09:00:00 -0000", 0, false}, // local time unknown
		{"Mon, 2 Nov 2026 09:00:00 GMT", 0, false},
		{"Mon, 2 Nov 2026 09:00:00 CST", 0, false},
		{"Mon, 2 Nov 2026 09:00:00", 0, false},
		{"Mon, 2 Nov 2026 09:00:00 +1900", 0, false},
		{"yesterday +0100", 0, false},
		{"", 0, false},
	} {
		raw := []byte("Message-ID: <a@b>\r\n")
		if tc.date != "" {
			raw = append(raw, "Date: "+tc.date+"\r\n"...)
		}
		got, ok := DateOffset(raw)
		if got != tc.want || ok != tc.ok {
			t.Errorf("DateOffset(%q) = %d, %v; want %d, %v", tc.date, got, ok, tc.want, tc.ok)
		}
	}
}
