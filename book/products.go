package book

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
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
// columns are "pitch" (English) or "pitch LANG" ("pitch_de", "Pitch (zh)").
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
	for i, c := range rows[hdr] {
		f := foldHeader(c)
		if f == "" {
			continue
		}
		if field, ok := productColumns[f]; ok {
			cols[i] = field
			hasName = hasName || field == "name"
			continue
		}
		if lang, ok := strings.CutPrefix(f, "pitch"); ok && len(lang) >= 2 && len(lang) <= 3 {
			cols[i] = "pitch:" + lang
			continue
		}
		sheet.Ignored = append(sheet.Ignored, strings.TrimSpace(c))
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
				lang := strings.TrimPrefix(field, "pitch:")
				if lang == "en" {
					lang = ""
				}
				p.Pitch[lang] = v
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
	return sheet, nil
}
