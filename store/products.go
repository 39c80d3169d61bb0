package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// ProductImport counts what an import did to the catalog.
type ProductImport struct {
	Added     int  `json:"added"`
	Updated   int  `json:"updated"`
	Unchanged int  `json:"unchanged"`
	Removed   int  `json:"removed"`
	DryRun    bool `json:"dry_run,omitempty"`
}

// ImportProducts makes the catalog what products says, in one transaction:
// new names are added, known ones (by name, any case) updated, and those
// not in the list removed (the file is the whole catalog).
func (db *DB) ImportProducts(ctx context.Context, products []keepwarm.Product, now time.Time, dryRun bool) (ProductImport, error) {
	res := ProductImport{DryRun: dryRun}
	before, err := db.Products(ctx)
	if err != nil {
		return res, err
	}
	known := map[string]keepwarm.Product{}
	for _, p := range before {
		known[strings.ToLower(p.Name)] = p
	}
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: import products: %w", err)
	}
	defer tx.Rollback()
	names := make([]string, 0, len(products))
	for _, p := range products {
		names = append(names, p.Name)
		pitches, err := json.Marshal(p.Pitch)
		if err != nil {
			return res, fmt.Errorf("store: product %q: %w", p.Name, err)
		}
		r, err := tx.ExecContext(ctx, q("products-upsert"), p.Name, strings.Join(p.Tags, ","), string(pitches),
			p.Link, p.Price, p.MOQ, p.ImageURL, now.Unix())
		if err != nil {
			return res, fmt.Errorf("store: product %q: %w", p.Name, err)
		}
		n, _ := r.RowsAffected()
		_, was := known[strings.ToLower(p.Name)]
		switch {
		case !was:
			res.Added++
		case n > 0:
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	list, _ := json.Marshal(names)
	r, err := tx.ExecContext(ctx, q("products-delete-missing"), string(list))
	if err != nil {
		return res, fmt.Errorf("store: import products: %w", err)
	}
	n, _ := r.RowsAffected()
	res.Removed = int(n)
	if dryRun {
		return res, nil
	}
	if err := tx.Commit(); err != nil {
		return res, fmt.Errorf("store: import products: %w", err)
	}
	return res, nil
}

// Products returns the catalog, by name.
func (db *DB) Products(ctx context.Context) ([]keepwarm.Product, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		Name     string `db:"name"`
		Tags     string `db:"tags"`
		Pitches  string `db:"pitches"`
		Link     string `db:"link"`
		Price    string `db:"price"`
		MOQ      string `db:"moq"`
		ImageURL string `db:"image_url"`
	}
	if err := db.r.SelectContext(ctx, &rows, q("products-all")); err != nil {
		return nil, fmt.Errorf("store: products: %w", err)
	}
	out := make([]keepwarm.Product, 0, len(rows))
	for _, r := range rows {
		p := keepwarm.Product{ID: r.ID, Name: r.Name, Link: r.Link, Price: r.Price, MOQ: r.MOQ, ImageURL: r.ImageURL}
		p.Tags = splitList(r.Tags, ",")
		if err := json.Unmarshal([]byte(r.Pitches), &p.Pitch); err != nil {
			return nil, fmt.Errorf("store: product %q pitches: %w", r.Name, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// CustomerWords is what a customer's mail is about: the subjects and
// snippets of their latest messages, for matching product words.
func (db *DB) CustomerWords(ctx context.Context, customerID int64) ([]string, error) {
	var out []string
	if err := db.r.SelectContext(ctx, &out, q("products-customer-words"), customerID); err != nil {
		return nil, fmt.Errorf("store: words of customer %d: %w", customerID, err)
	}
	return out, nil
}
