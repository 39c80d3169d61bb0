package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm"
)

func TestProductsImportAndList(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	xlsx := filepath.Join(dir, "products.xlsx")
	writeXLSX(t, xlsx, [][]any{
		{"Name", "Tags", "Pitch", "Pitch_de", "Pitch (zh)", "Link", "Price", "MOQ", "Image", "Notes"},
		{"LED panel 60x60", "led panel; panel light", "40 W, 4000 lm, five-year warranty", "40 W, 4000 lm, fünf Jahre Garantie", "40瓦，4000流明，五年质保", "https://seller.example/panel", "USD 9.80", "500 pcs", "https://seller.example/panel.jpg", "internal"},
		{"LED high bay 150W", "high bay, warehouse", "IP65, 150 lm/W", "", "", "https://seller.example/highbay", "", "", "", ""},
		{"Solar street light", "solar, street light", "All-in-one, 12 h of light a night", "", "", "", "", "100 sets", "", ""},
	})
	out := c.mustRun("products", "import", "--dry-run", xlsx)
	if !strings.Contains(out, "dry run") || !strings.Contains(out, "3 added") || !strings.Contains(out, "ignored columns: Notes") {
		t.Fatalf("dry run: %s", out)
	}
	if out := c.mustRun("products"); !strings.Contains(out, "no products") {
		t.Fatalf("a dry run wrote products: %s", out)
	}
	c.mustRun("products", "import", xlsx)
	var got []keepwarm.Product
	if err := json.Unmarshal([]byte(c.mustRun("products", "list", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Name != "LED high bay 150W" || got[1].PitchIn("de") != "40 W, 4000 lm, fünf Jahre Garantie" ||
		got[1].PitchIn("zh") != "40瓦，4000流明，五年质保" || got[1].PitchIn("es") != "40 W, 4000 lm, five-year warranty" ||
		strings.Join(got[1].Tags, "|") != "led panel|panel light" || got[1].MOQ != "500 pcs" || got[2].Link != "" {
		t.Fatalf("catalog: %+v", got)
	}

	// The file is the whole catalog: a product left out is removed, and a
	// bad row names its row and column and changes nothing.
	csv := filepath.Join(dir, "products.csv")
	os.WriteFile(csv, []byte("name,tags,link\nLED panel 60x60,led panel,https://seller.example/panel\n"), 0o600)
	if out := c.mustRun("products", "import", "--replace", csv); !strings.Contains(out, "1 updated") || !strings.Contains(out, "2 removed") {
		t.Fatalf("second import: %s", out)
	}
	os.WriteFile(csv, []byte("name,tags,link\nLED panel 60x60,led panel,ftp://x\n,solar,\n"), 0o600)
	code, _, errs := c.run(context.Background(), "products", "import", csv)
	if code == 0 || !strings.Contains(errs, "row 2, link") || !strings.Contains(errs, "row 3, name: empty") {
		t.Fatalf("bad rows: exit %d, %s", code, errs)
	}
	if out := c.mustRun("products"); !strings.Contains(out, "LED panel 60x60") {
		t.Fatalf("a refused import changed the catalog: %s", out)
	}
}

// TestProductsImportKeepsTheCatalogFromAFileWithoutIt: a file with the
// header and no product (an ERP's export of an empty filter, a template
// just downloaded) is refused, and so is one that would remove more than
// half of the catalog, unless --replace says it is meant (a team stopping
// its last product line empties the catalog so); a dry run says the
// import would be refused. The catalog stays as it was.
func TestProductsImportKeepsTheCatalogFromAFileWithoutIt(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csv := filepath.Join(dir, "products.csv")
	write := func(body string) {
		if err := os.WriteFile(csv, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("name,tags\nLED panel,panel\nHigh bay,high bay\nSolar street light,solar\n")
	c.mustRun("products", "import", csv)
	count := func() int {
		var got []keepwarm.Product
		if err := json.Unmarshal([]byte(c.mustRun("products", "list", "--json")), &got); err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	write("name,tags,pitch\n\n")
	code, out, errs := c.run(context.Background(), "products", "import", csv)
	if code == 0 || !strings.Contains(errs, "no products under the header") || !strings.Contains(errs, "--replace") || count() != 3 {
		t.Fatalf("header only: exit %d, %d products left\n%s%s", code, count(), out, errs)
	}
	// A dry run exits as the import would: refused.
	if code, out, errs := c.run(context.Background(), "products", "import", "--dry-run", csv); code != 1 || !strings.Contains(out, "3 removed") ||
		!strings.Contains(out, "without --dry-run: ") || !strings.Contains(out, "no products under the header") ||
		!strings.Contains(errs, "dry run: the import would be refused") || count() != 3 {
		t.Fatalf("header only, dry run: exit %d %s%s", code, out, errs)
	}
	write("name,tags\nLED panel,panel\n")
	code, out, errs = c.run(context.Background(), "products", "import", csv)
	if code == 0 || !strings.Contains(errs, "removes 2 of the catalog's 3 products and keeps 1: nothing imported") ||
		!strings.Contains(errs, "--replace") || count() != 3 {
		t.Fatalf("most removed: exit %d, %d products left\n%s%s", code, count(), out, errs)
	}
	if code, out, _ := c.run(context.Background(), "products", "import", "--dry-run", csv); code != 1 || !strings.Contains(out, "2 removed") ||
		!strings.Contains(out, "without --dry-run: ") || count() != 3 {
		t.Fatalf("dry run: exit %d %s", code, out)
	}
	code, out, _ = c.run(context.Background(), "products", "import", "--dry-run", "--json", csv)
	if code != 1 || !strings.Contains(out, `"refused": "`) {
		t.Fatalf("dry run --json: exit %d %s", code, out)
	}
	// Half or less goes in, as does more with --replace.
	write("name,tags\nLED panel,panel\nHigh bay,high bay\n")
	if out := c.mustRun("products", "import", csv); !strings.Contains(out, "1 removed") || count() != 2 {
		t.Fatalf("one of three removed: %s", out)
	}
	write("name,tags\nNew lamp,lamp\n")
	if out := c.mustRun("products", "import", "--replace", csv); !strings.Contains(out, "2 removed") || count() != 1 {
		t.Fatalf("--replace: %s", out)
	}
	// A team that stops its last product line empties the catalog on purpose.
	write("name,tags\n")
	if out := c.mustRun("products", "import", "--replace", csv); !strings.Contains(out, "0 products: 0 added, 0 updated, 0 unchanged, 1 removed") || count() != 0 {
		t.Fatalf("header only with --replace: %d products left\n%s", count(), out)
	}
}

// A pitch column named by a country code is read as the country's
// language and the import says so; an unknown code refuses the catalog.
func TestProductsImportReadsACountryCodePitchAsItsLanguage(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csv := filepath.Join(dir, "products.csv")
	os.WriteFile(csv, []byte("Name,Pitch,Pitch_CN\nBolt,Strong,坚固\n"), 0o600)
	out := c.mustRun("products", "import", csv)
	if !strings.Contains(out, "column C (Pitch_CN): CN is a country code, read as the zh pitch") {
		t.Fatalf("import: %s", out)
	}
	var got []keepwarm.Product
	if err := json.Unmarshal([]byte(c.mustRun("products", "list", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].PitchIn("zh") != "坚固" {
		t.Fatalf("catalog: %+v", got)
	}
	os.WriteFile(csv, []byte("Name,Pitch,Pitch_XX\nBolt,Strong,?\n"), 0o600)
	if code, _, errs := c.run(context.Background(), "products", "import", csv); code == 0 || !strings.Contains(errs, "column C (Pitch_XX)") {
		t.Fatalf("unknown pitch language: exit %d, %s", code, errs)
	}
}

// `products import --json` carries what the text says besides the counts:
// the columns it did not read and how it read the ones it did otherwise
// than written.
func TestProductsImportJSONSaysWhatItIgnoredAndHowItRead(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csv := filepath.Join(dir, "products.csv")
	os.WriteFile(csv, []byte("Name,Pitch,Pitch_CN,Notes\nBolt,Strong,坚固,internal\n"), 0o600)
	var res struct {
		Added    int      `json:"added"`
		Products int      `json:"products"`
		Ignored  []string `json:"ignored_columns"`
		Notes    []string `json:"notes"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("products", "import", "--json", csv)), &res); err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Products != 1 || strings.Join(res.Ignored, ",") != "Notes" || len(res.Notes) != 1 ||
		!strings.Contains(res.Notes[0], "column C (Pitch_CN): CN is a country code, read as the zh pitch") {
		t.Fatalf("import --json: %+v", res)
	}
}
