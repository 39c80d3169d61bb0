package book

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// A CSV that is neither UTF-8 nor plausibly GBK (Windows-1252 from
// Western Excel, Big5 from Taiwan or Hong Kong) is refused with the file
// named and the way out, never read as GBK into wrong names.
func TestReadCSVRefusesWhatIsNotGBK(t *testing.T) {
	latin1, _ := charmap.Windows1252.NewEncoder().String("Company,Contact,Email\r\nMüller GmbH,Jürgen Müller,j@mueller.de\r\nCafé Noël,José Peña,jose@cafe.fr\r\n")
	big5, _ := traditionalchinese.Big5.NewEncoder().String("公司,聯絡人,郵箱\r\n台北燈具股份有限公司,陳志明,chen@tplamp.com.tw\r\n香港貿易有限公司,黃麗華,wong@hktrade.hk\r\n")
	for name, c := range map[string]struct{ b, line string }{"kunden.csv": {latin1, "line 2"}, "客户.csv": {big5, "line 1"}} {
		b := c.b
		rows, err := readTable(strings.NewReader(b), name, false)
		if err == nil {
			t.Errorf("%s read as %q", name, rows)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, name) || !strings.Contains(msg, "CSV UTF-8") || !strings.Contains(msg, c.line) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := ReadCSV([]byte(latin1)); err == nil || !strings.Contains(err.Error(), "neither UTF-8 nor") {
		t.Errorf("ReadCSV of Windows-1252: %v", err)
	}
}

// Excel's "Unicode Text" is UTF-16 with a byte-order mark, tab-delimited.
func TestReadCSVUTF16(t *testing.T) {
	text := "Company\tContact\tEmail\r\nMüller GmbH\tJürgen Müller\tj@mueller.de\r\n"
	for _, e := range []unicode.Endianness{unicode.LittleEndian, unicode.BigEndian} {
		b, _ := unicode.UTF16(e, unicode.UseBOM).NewEncoder().String(text)
		rows, err := readTable(strings.NewReader(b), "list.txt", false)
		if err != nil || len(rows) != 2 || rows[1][1] != "Jürgen Müller" {
			t.Errorf("UTF-16 (%v): %q %v", e, rows, err)
		}
	}
}
