// Package parse turns raw message bytes into keepwarm.Messages: MIME and
// charsets (GBK, Big5, ISO-2022-JP, windows-125x...), lenient Message-ID
// lists, Outlook's Thread-Index, subject normalisation, and classification
// (inbound, outbound, internal, auto-reply, bounce, bulk) relative to a Team.
// It never fails: what cannot be parsed is kept raw with ParseError set.
package parse

import "keepwarm"

// Message parses a message from its raw header block and the first bytes of
// its body (which may be cut anywhere). size is the full RFC822 size.
// The returned Message has everything but Kind, CustomerKey and Contacts,
// which Team.Classify fills.
func Message(header, bodyPrefix []byte, size int64) keepwarm.Message {
	panic("parse.Message: being written")
}
