package mailsync

import "testing"

// TestValidMUTF7AgreesWithImapclient: the names imapclient reads pass,
// the ones it refuses (and would close the connection over) do not.
func TestValidMUTF7AgreesWithImapclient(t *testing.T) {
	for name, want := range map[string]bool{
		"Sent": true, "&XfJT0ZAB-": true, "R&-D": true, "已发送": true, "[Gmail]/Sent Mail": true,
		"R&D": false, "Quotes & PI": false, "&AGE-": false, "&XfI-&U9E-": false, "\xd2\xd1\xb7\xa2": false, "a\x01b": false,
	} {
		if got := validMUTF7(name); got != want {
			t.Errorf("validMUTF7(%q) = %v, want %v", name, got, want)
		}
	}
	for line, want := range map[string]string{
		"* LIST (\\HasNoChildren) \"/\" \"R&D\"\r\n":               "R&D",
		"* LSUB () \".\" R&D\r\n":                                  "R&D",
		"* LIST (\\HasNoChildren) NIL \"Quotes & PI\" (\"X\")\r\n": "Quotes & PI",
		"* LIST (\\HasNoChildren) \"/\" \"&XfJT0ZAB-\"\r\n":        "",
		"* LIST (\\Sent) \"/\" {3}\r\n":                            "",
		"* 3 FETCH (UID 4 BODY[HEADER] {10}\r\n":                   "",
		"* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n":             "",
	} {
		name, bad := badListName([]byte(line))
		if bad != (want != "") || name != want {
			t.Errorf("badListName(%q) = %q, %v; want %q", line, name, bad, want)
		}
	}
}
