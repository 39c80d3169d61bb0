package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// loadEML reads testdata/name and splits it the way IMAP delivers it:
// BODY[HEADER] (with the blank line) and BODY[TEXT]. size is the whole file.
func loadEML(t testing.TB, name string) (header, body []byte, size int64) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := bytes.Index(b, []byte(sep)); i >= 0 {
			return b[:i+len(sep)], b[i+len(sep):], int64(len(b))
		}
	}
	return b, nil, int64(len(b))
}

func testTeam() *Team {
	return NewTeam([]string{"Team.Example"}, []string{"Lucy.Private@gmail.com"},
		[]string{"gmail.com", "163.com", "qq.com", "hotmail.com"})
}
