package parse

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// threadIndexConversation returns Outlook's conversation id from a
// Thread-Index header: base64 of a 22-byte header block (6 bytes of FILETIME,
// then a 16-byte GUID shared by every message of the conversation) followed
// by 5-byte child blocks, one per reply. Outlook often omits References and
// In-Reply-To, so the GUID is the best thread key it leaves. The result is
// the GUID in lower-case hex, or "" when the value is not a valid index.
func threadIndexConversation(v string) string {
	v = strings.Join(strings.Fields(v), "")
	if v == "" {
		return ""
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		// Some gateways drop the padding.
		b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(v, "="))
		if err != nil {
			return ""
		}
	}
	if len(b) < 22 {
		return ""
	}
	guid := b[6:22]
	zero := true
	for _, c := range guid {
		if c != 0 {
			zero = false
			break
		}
	}
	if zero {
		return ""
	}
	return hex.EncodeToString(guid)
}
