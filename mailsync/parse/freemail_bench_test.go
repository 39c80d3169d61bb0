package parse_test

import (
	"bytes"
	"testing"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync/parse"
)

// BenchmarkExportHeaderBuiltInList is BenchmarkMessage/export-header with
// the built-in free-mail list, as a team runs it: every address of every
// message is asked whether its domain is free mail.
func BenchmarkExportHeaderBuiltInList(b *testing.B) {
	var headers [][]byte
	var sizes []int64
	for i := range 760 {
		msg := mailtest.GenExport(i, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Customers: 400})
		h, _, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
		headers, sizes = append(headers, append(h, "\r\n\r\n"...)), append(sizes, int64(len(msg)))
	}
	team := parse.NewTeam([]string{"keepwarm-trading.com"}, nil, config.DefaultFreeMailDomains)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		team.ParseFetched(parse.Fetched{Header: headers[i%len(headers)], Size: sizes[i%len(sizes)], TextPending: true}, keepwarm.RoleInbox)
		i++
	}
}
