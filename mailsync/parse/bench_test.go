package parse

import (
	"bytes"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// BenchmarkMessage measures Team.Parse (parse + classify) per message, the CPU side of
// sync's messages/s (the network side is measured in mailsync). "generated"
// is the mix mailsync's BenchmarkSyncDovecot syncs (mailtest.GenMessage).
func BenchmarkMessage(b *testing.B) {
	team := testTeam()
	for _, name := range []string{"outlook_reply.eml", "gbk.eml", "dsn_bounce.eml"} {
		h, body, size := loadEML(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				team.Parse(h, body, size, keepwarm.RoleInbox)
			}
		})
	}
	type raw struct {
		h, body []byte
		size    int64
	}
	var gen []raw
	for i := range 21 {
		msg := mailtest.GenMessage(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com"})
		h, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		gen = append(gen, raw{append(h, "\r\n\r\n"...), body, int64(len(msg))})
	}
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := gen[i%len(gen)]
			i++
			team.Parse(r.h, r.body, r.size, keepwarm.RoleInbox)
		}
	})
	// "export" is mailtest.GenExport's realistic mix, each message cut as
	// sync fetches it: the header and the first bodyPrefix bytes of the body.
	var export []raw
	for i := range 760 {
		msg := mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400})
		h, body, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		export = append(export, raw{append(h, "\r\n\r\n"...), body[:min(len(body), benchBodyPrefix)], int64(len(msg))})
	}
	exportTeam := NewTeam([]string{"keepwarm-trading.com"}, nil, []string{"gmail.com", "hotmail.com", "yahoo.com", "outlook.com"})
	b.Run("export", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := export[i%len(export)]
			i++
			exportTeam.Parse(r.h, r.body, r.size, keepwarm.RoleInbox)
		}
	})
	// "export-header" is the same mix read from the header alone, as a
	// first sync reads its history (Fetched.TextPending). The header here
	// is the whole header, not the fetched fields: a little more to read.
	b.Run("export-header", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := export[i%len(export)]
			i++
			exportTeam.ParseFetched(Fetched{Header: r.h, Size: r.size, TextPending: true}, keepwarm.RoleInbox)
		}
	})
	// "export-synced" is the same mix cut as sync fetches it now: the text
	// part by itself where the message has one (Team.ParsePart).
	cuts := exportCuts(b, 760)
	b.Run("export-synced", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			c := cuts[i%len(cuts)]
			i++
			if c.part != nil {
				exportTeam.ParsePart(c.h, c.body, c.size, c.part, keepwarm.RoleInbox)
			} else {
				exportTeam.Parse(c.h, c.body, c.size, keepwarm.RoleInbox)
			}
		}
	})
}

// benchBodyPrefix is how much of a body sync fetches (SyncOptions.BodyPrefix).
const benchBodyPrefix = 4096
