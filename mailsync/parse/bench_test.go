package parse

import (
	"testing"

	"keepwarm"
)

// BenchmarkMessage measures parse + classify per message, the CPU side of
// sync's messages/s (the network side is measured in mailsync).
func BenchmarkMessage(b *testing.B) {
	for _, name := range []string{"outlook_reply.eml", "gbk.eml", "dsn_bounce.eml"} {
		h, body, size := loadEML(b, name)
		team := testTeam()
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := Message(h, body, size)
				team.Classify(&m, keepwarm.RoleInbox)
			}
		})
	}
}
