package parse

import (
	"encoding/base64"
	"testing"
)

func TestThreadIndex(t *testing.T) {
	// 6 bytes of FILETIME, a 16-byte GUID, then one 5-byte block per reply.
	root := []byte{0x01, 0xd9, 0x53, 0xab, 0x46, 0x56,
		0xcc, 0xec, 0xbc, 0x97, 0x99, 0xc1, 0x48, 0x8c, 0xbd, 0x41, 0x8f, 0x24, 0xf2, 0x78, 0x47, 0x81}
	reply := append(append([]byte(nil), root...), 0x00, 0x00, 0x0b, 0x80, 0xe0)
	const guid = "ccecbc9799c1488cbd418f24f2784781"
	enc := base64.StdEncoding.EncodeToString
	tests := []struct{ in, want string }{
		{enc(root), guid},
		{enc(reply), guid}, // a reply shares its conversation's id
		{enc(reply)[:20] + "\r\n " + enc(reply)[20:], guid}, // folded
		{base64.RawStdEncoding.EncodeToString(reply), guid}, // padding dropped
		{enc(root[:21]), ""}, // too short
		{"not base64 at all!", ""},
		{enc(make([]byte, 22)), ""}, // all-zero GUID
		{"", ""},
	}
	for _, tt := range tests {
		if got := threadIndexConversation(tt.in); got != tt.want {
			t.Errorf("threadIndexConversation(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
