package book

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"keepwarm"
)

// Bounds of a catalog row's cells.
const (
	maxProductName  = 120
	maxProductPitch = 300
	maxProductCell  = 500
)

// productColumns maps folded header names to a product field; pitch
// columns are "pitch" (English) or "pitch LANG" ("pitch_de", "Pitch (zh)",
// "Pitch (German)"; see pitchLanguage).
var productColumns = map[string]string{
	"name": "name", "product": "name", "productname": "name", "产品": "name", "品名": "name", "产品名称": "name",
	"tags": "tags", "tag": "tags", "keywords": "tags", "标签": "tags", "关键词": "tags",
	"link": "link", "url": "link", "website": "link", "链接": "link",
	"price": "price", "价格": "price", "unitprice": "price",
	"moq": "moq", "minorder": "moq", "minimumorder": "moq", "起订量": "moq",
	"image": "image", "imageurl": "image", "picture": "image", "photo": "image", "图片": "image",
	"pitch": "pitch", "pitchen": "pitch", "介绍": "pitch",
}

// ProductSheet is a catalog file read into products.
type ProductSheet struct {
	Products []keepwarm.Product
	Ignored  []string // header cells that name no field
	// Notes say how a header was read other than as written: a pitch
	// column named by a country code (Pitch_CN) holds the country's
	// language's pitch.
	Notes []string
	// HeaderRow is the header's row, counted from 1. A sheet may hold no
	// product under it (an ERP's export of an empty filter, a template
	// just downloaded, or a team with no product left): whether that
	// empties the catalog is the importer's to decide.
	HeaderRow int
}

// countryLanguages are the country codes catalogs write where a pitch's
// language code belongs, and the language they mean.
var countryLanguages = map[string]string{
	"cn": "zh", "tw": "zh", "hk": "zh", "jp": "ja", "kr": "ko", "gr": "el", "cz": "cs", "dk": "da",
	"se": "sv", "ua": "uk", "us": "en", "gb": "en", "br": "pt", "il": "he", "ir": "fa", "vn": "vi",
}

// pitchLanguage reads the language of a pitch column from what follows
// "pitch" in its folded header ("de", "german", "德语", "cn"): the
// language, whether a country code stood for it, and whether the header
// names a language at all.
func pitchLanguage(suffix string) (lang string, country, ok bool) {
	if l, ok := LookupLanguage(suffix); ok {
		return l, false, true
	}
	if l, ok := countryLanguages[suffix]; ok {
		return l, true, true
	}
	return "", false, false
}

// ukPitch reads a pitch column headed "UK" (Pitch_UK, Pitch (uk)):
// Ukrainian where its pitches are written in Cyrillic, English (the United
// Kingdom's) where in Latin letters; a column holding both, or nothing to
// tell by, is refused: a Ukrainian customer sent an English pitch as their
// own, or a British one a Ukrainian pitch, is what the column must not
// cause.
func ukPitch(rows [][]string, col int, head string) (lang string, country bool, err error) {
	var cyrillic, latin int
	for _, r := range rows {
		if col >= len(r) {
			continue
		}
		for _, c := range r[col] {
			if unicode.Is(unicode.Cyrillic, c) {
				cyrillic++
				break
			}
			if unicode.Is(unicode.Latin, c) {
				latin++
				break
			}
		}
	}
	switch {
	case cyrillic > 0 && latin == 0:
		return "uk", false, nil
	case latin > 0 && cyrillic == 0:
		return "en", true, nil
	}
	return "", false, fmt.Errorf("column %s (%s): UK may mean Ukrainian or the United Kingdom's English, and the column's pitches do not say which: head it pitch_en (or Pitch (English)) for English, pitch (Ukrainian) for Ukrainian", columnName(col), head)
}

// lettersOnly says whether s is made of ASCII letters alone.
func lettersOnly(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return s != ""
}

// ParseProducts reads a catalog: a header row (name, tags, pitch, pitch_LANG,
// link, price, moq, image) and one product per row. Every bad row is
// reported, with its row number and column, and nothing is returned then:
// a catalog is imported whole or not at all.
func ParseProducts(rows [][]string) (*ProductSheet, error) {
	hdr := -1
	for i, r := range rows {
		if strings.TrimSpace(strings.Join(r, "")) != "" {
			hdr = i
			break
		}
	}
	if hdr < 0 {
		return nil, fmt.Errorf("the file is empty: it needs a header row (name, tags, pitch, link…) and one product a row")
	}
	cols := map[int]string{} // column -> field ("pitch:de" for pitches)
	sheet := &ProductSheet{}
	hasName := false
	pitchCol := map[string]int{} // language ("" for English) -> its column
	for i, c := range rows[hdr] {
		f, head := foldHeader(c), strings.TrimSpace(c)
		if f == "" {
			continue
		}
		field, ok := productColumns[f]
		if suffix, pitch := strings.CutPrefix(f, "pitch"); !ok && pitch && suffix != "" {
			lang, country, known := pitchLanguage(suffix)
			if suffix == "uk" {
				// Ukrainian's code, and the United Kingdom's everyday
				// abbreviation: the column's own words say which.
				var err error
				if lang, country, err = ukPitch(rows[hdr+1:], i, head); err != nil {
					return nil, err
				}
			}
			switch {
			case known && lang == "en":
				field, ok = "pitch", true
			case known:
				field, ok = "pitch:"+lang, true
			case lettersOnly(suffix) && len(suffix) <= 3:
				return nil, fmt.Errorf("column %s (%s): %q is no language code keepwarm knows: write the language's code or name after pitch (pitch_zh, pitch_de, pitch_es, Pitch (German)), or rename the column if it is no pitch", columnName(i), head, suffix)
			}
			if country {
				sheet.Notes = append(sheet.Notes, fmt.Sprintf("column %s (%s): %s is a country code, read as the %s pitch", columnName(i), head, strings.ToUpper(suffix), lang))
			}
		}
		if !ok {
			sheet.Ignored = append(sheet.Ignored, head)
			continue
		}
		if lang, pitch := strings.CutPrefix(field, "pitch"); pitch {
			lang = strings.TrimPrefix(lang, ":")
			if j, dup := pitchCol[lang]; dup {
				name := lang
				if name == "" {
					name = "en"
				}
				return nil, fmt.Errorf("columns %s (%s) and %s (%s) both hold the %s pitch: keep one", columnName(j), strings.TrimSpace(rows[hdr][j]), columnName(i), head, name)
			}
			pitchCol[lang] = i
		}
		cols[i] = field
		hasName = hasName || field == "name"
	}
	if !hasName {
		return nil, fmt.Errorf("row %d: no name column (the header needs name, and may have tags, pitch, pitch_LANG, link, price, moq, image)", hdr+1)
	}
	var probs []string
	seen := map[string]int{}
	for i := hdr + 1; i < len(rows); i++ {
		row := rows[i]
		if strings.TrimSpace(strings.Join(row, "")) == "" {
			continue
		}
		p := keepwarm.Product{Pitch: map[string]string{}}
		bad := func(col, format string, args ...any) {
			probs = append(probs, fmt.Sprintf("row %d, %s: %s", i+1, col, fmt.Sprintf(format, args...)))
		}
		for j, cell := range row {
			field, ok := cols[j]
			if !ok {
				continue
			}
			v := strings.Join(strings.Fields(cell), " ") // one line
			if utf8.RuneCountInString(v) > maxProductCell {
				bad(field, "longer than %d characters", maxProductCell)
				continue
			}
			switch {
			case field == "name":
				p.Name = v
			case field == "tags":
				for _, t := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ',' || r == ';' || r == '，' || r == '；' || r == '/' }) {
					if t = strings.TrimSpace(t); t != "" {
						p.Tags = append(p.Tags, t)
					}
				}
			case field == "link", field == "image":
				if v != "" {
					if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
						bad(field, "%q is not an http(s) address", v)
						continue
					}
				}
				if field == "link" {
					p.Link = v
				} else {
					p.ImageURL = v
				}
			case field == "price":
				p.Price = v
			case field == "moq":
				p.MOQ = v
			case field == "pitch":
				p.Pitch[""] = v
			default:
				p.Pitch[strings.TrimPrefix(field, "pitch:")] = v
			}
		}
		for lang, s := range p.Pitch {
			if s == "" {
				delete(p.Pitch, lang)
			} else if utf8.RuneCountInString(s) > maxProductPitch {
				bad("pitch", "longer than %d characters: a pitch is one line", maxProductPitch)
			}
		}
		switch {
		case p.Name == "":
			bad("name", "empty")
			continue
		case utf8.RuneCountInString(p.Name) > maxProductName:
			bad("name", "longer than %d characters", maxProductName)
			continue
		}
		key := strings.ToLower(p.Name)
		if first, dup := seen[key]; dup {
			bad("name", "%q is already on row %d", p.Name, first)
			continue
		}
		seen[key] = i + 1
		sort.Strings(p.Tags)
		sheet.Products = append(sheet.Products, p)
	}
	if len(probs) > 0 {
		return nil, fmt.Errorf("%d bad rows, nothing imported:\n  %s", len(probs), strings.Join(probs, "\n  "))
	}
	sheet.HeaderRow = hdr + 1
	return sheet, nil
}
