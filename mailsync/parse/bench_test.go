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
}
