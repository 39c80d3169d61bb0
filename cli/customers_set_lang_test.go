package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// customers set --lang names the contacts whose own language outranks the
// customer's (a sheet's language column wrote it, or an earlier import
// stored the one the country implied), and says where to change it: the
// new language does not reach them.
func TestCustomersSetLangNamesContactsWithTheirOwn(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "dupont.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country,Language\nDupont SA,marie@dupont.be,Belgium,French\nDupont SA,piet@dupont.be,Belgium,Dutch\nDupont SA,info@dupont.be,Belgium,\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out := c.mustRun("customers", "set", "dupont.be", "--lang", "de")
	if !strings.Contains(out, "2 contact(s) keep a language of their own and are greeted and followed up in it, not in de: ") ||
		!strings.Contains(out, "marie@dupont.be fr") || !strings.Contains(out, "piet@dupont.be nl") ||
		strings.Contains(out, "info@dupont.be") || !strings.Contains(out, "on the customer's page of the web desk") {
		t.Fatalf("set --lang de: %s", out)
	}
	out = c.mustRun("customers", "set", "dupont.be", "--lang", "fr")
	if !strings.Contains(out, "1 contact(s) keep a language of their own") || strings.Contains(out, "marie@") || !strings.Contains(out, "piet@dupont.be nl") {
		t.Fatalf("set --lang fr: %s", out)
	}
	if out := c.mustRun("customers", "set", "dupont.be", "--grade", "A"); strings.Contains(out, "language of their own") {
		t.Fatalf("set --grade names languages: %s", out)
	}
	// check's advice for a Taipei customer an earlier keepwarm stored as
	// zh: the contact's own zh would still be Simplified.
	sheet = filepath.Join(dir, "taipei.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country,Language\nFormosa Ltd,amy@formosa.com.tw,Taiwan,zh\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out = c.mustRun("customers", "set", "formosa.com.tw", "--lang", "zh-TW")
	if !strings.Contains(out, "1 contact(s) keep a language of their own and are greeted and followed up in it, not in zh-hant: amy@formosa.com.tw zh;") {
		t.Fatalf("set --lang zh-TW: %s", out)
	}
}
