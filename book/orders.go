package book

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"

	"keepwarm/worldcal"
)

// Order is one row of an orders file.
type Order struct {
	Row      int       `json:"row"`
	Customer string    `json:"customer"` // as written: an email, a domain, a customer key or a company name
	Date     time.Time `json:"date"`
	Cents    int64     `json:"cents"`
	Currency string    `json:"currency"`
	Ref      string    `json:"ref,omitempty"`
	// Key identifies the row in its file: "ref:<order no>" when the file
	// has one, else a hash of the row's values and how many identical rows
	// came before it. The store keys the orders it keeps by the customer
	// the cell names (two customers may use the same number, and one
	// customer may be written by its name in one export and by its email
	// in the next), so re-importing a file adds nothing.
	Key string `json:"key"`
}

// Refund reports whether the row gives money back (a negative amount): it
// lowers revenue but is not an order in the customer's rhythm.
func (o Order) Refund() bool { return o.Cents < 0 }

// OrderOptions steer ParseOrdersWith.
type OrderOptions struct {
	// Currency is the currency of rows that name none.
	Currency string
	// Now rejects orders dated after it (unless zero): a typo in the year
	// would otherwise move the customer's suggested grade.
	Now time.Time
	// DateOrder reads all-number dates whose day and month could be swapped.
	DateOrder DateOrder
}

var orderHeaders = map[string]string{
	"customer": "customer", "company": "customer", "email": "customer", "client": "customer", "buyer": "customer",
	"客户": "customer", "公司": "customer", "客户名称": "customer", "公司名称": "customer", "邮箱": "customer",
	"date": "date", "orderdate": "date", "日期": "date", "下单日期": "date", "订单日期": "date",
	"amount": "amount", "total": "amount", "value": "amount", "金额": "amount", "总额": "amount", "订单金额": "amount",
	"currency": "currency", "币种": "currency", "货币": "currency",
	"order": "ref", "orderno": "ref", "ordernumber": "ref", "orderid": "ref", "po": "ref", "invoice": "ref", "订单号": "ref", "合同号": "ref",
}

// ParseOrders reads an orders table (customer, date, amount, currency,
// optional order number). A row without a currency uses defaultCurrency.
func ParseOrders(rows [][]string, defaultCurrency string) ([]Order, []Rejected, error) {
	return ParseOrdersWith(rows, OrderOptions{Currency: defaultCurrency})
}

// ParseOrdersWith is ParseOrders with every option.
func ParseOrdersWith(rows [][]string, opt OrderOptions) ([]Order, []Rejected, error) {
	defaultCurrency := opt.Currency
	start, cols := -1, map[string]int{}
	for i := 0; i < len(rows) && i < 10 && start < 0; i++ {
		c := map[string]int{}
		for j, cell := range rows[i] {
			if f, ok := orderHeaders[foldHeader(cell)]; ok {
				if _, dup := c[f]; !dup {
					c[f] = j
				}
			}
		}
		if _, ok := c["customer"]; ok {
			if _, ok := c["amount"]; ok {
				start, cols = i, c
			}
		}
	}
	if start < 0 {
		return nil, nil, fmt.Errorf("book: no header row with customer and amount columns (客户, 金额) in the orders file")
	}
	get := func(row []string, f string) string {
		if j, ok := cols[f]; ok && j < len(row) {
			return strings.TrimSpace(row[j])
		}
		return ""
	}
	var orders []Order
	var rejected []Rejected
	var yen []int // indexes in rejected of the rows refused for a bare ¥
	bare := false // a row's amount writes no currency: --currency decides it
	seen := map[string]int{}
	// contra is the first row whose date contradicts the format given;
	// swappable, the orders whose dates that format decided.
	contra, contraDate, swappable := 0, "", map[int]string{}
	for i := start + 1; i < len(rows); i++ {
		row := rows[i]
		if blank(row) {
			continue
		}
		o := Order{Row: i + 1, Customer: get(row, "customer"), Ref: get(row, "ref")}
		var err error
		o.Cents, o.Currency, err = parseAmount(get(row, "amount"), strings.ToUpper(get(row, "currency")), strings.ToUpper(defaultCurrency))
		if err == nil && o.Currency == "" && get(row, "currency") == "" {
			bare = true
		}
		if _, ok := err.(yenError); ok {
			yen = append(yen, len(rejected))
		}
		if err == nil {
			o.Date, err = orderDate(get(row, "date"), opt)
		}
		if err == nil && o.Customer == "" {
			err = fmt.Errorf("no customer")
		}
		if err != nil {
			if contradicts(err) && contra == 0 {
				contra, contraDate = i+1, get(row, "date")
			}
			rejected = append(rejected, Rejected{Row: i + 1, Reason: err.Error()})
			continue
		}
		if eitherWay(get(row, "date")) {
			swappable[len(orders)] = get(row, "date")
		}
		if c := strings.ToUpper(get(row, "currency")); c != "" {
			o.Currency = c
		}
		if o.Currency == "" {
			o.Currency = strings.ToUpper(defaultCurrency)
		}
		if o.Ref != "" {
			o.Key = "ref:" + o.Ref
		} else {
			sum := sha256.Sum256([]byte(strings.Join([]string{strings.ToLower(o.Customer), o.Date.Format("2006-01-02"), strconv.FormatInt(o.Cents, 10), o.Currency}, "\x00")))
			h := hex.EncodeToString(sum[:12])
			seen[h]++
			o.Key = fmt.Sprintf("row:%s:%d", h, seen[h])
		}
		orders = append(orders, o)
	}
	if !bare {
		for _, j := range yen {
			rejected[j].Reason += allWritten
		}
	}
	if contra > 0 && len(swappable) > 0 {
		// The format given is wrong for this file: the dates it decided are
		// as likely half a year off, so they are refused too, not guessed.
		kept := orders[:0]
		for j, o := range orders {
			d, ok := swappable[j]
			if !ok {
				kept = append(kept, o)
				continue
			}
			rejected = append(rejected, Rejected{Row: o.Row, Reason: fmt.Sprintf(
				"date %q could be day or month first, and row %d writes %q, which the date format given (%s) cannot read: check the file's date format",
				d, contra, contraDate, opt.DateOrder)})
		}
		orders = kept
		sort.SliceStable(rejected, func(a, b int) bool { return rejected[a].Row < rejected[b].Row })
	}
	return orders, rejected, nil
}

var currencySymbols = map[string]string{"US$": "USD", "€": "EUR", "£": "GBP", "RMB": "CNY",
	"HK$": "HKD", "S$": "SGD", "SG$": "SGD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "NT$": "TWD", "R$": "BRL",
	"CN¥": "CNY", "JP¥": "JPY", "円": "JPY", "₩": "KRW", "₹": "INR",
	"元": "CNY", "人民币": "CNY", "人民币元": "CNY", "美元": "USD", "美金": "USD", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "港币": "HKD", "港元": "HKD"}

// sharedSymbols are the signs several currencies write, with the
// currencies each may be: the row's currency column or the file's
// currency (--currency) says which. A bare $ is otherwise US dollars, as
// it mostly is in export trade; ¥ is yuan as often as yen (20 times the
// value), so it is not guessed.
var sharedSymbols = map[string][]string{
	"$": {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN"},
	"¥": {"CNY", "JPY"},
}

// ParseAmount reads "12,500.00", "$1,200", "HK$300", "USD 300", "1.234,50
// EUR" into minor units and a currency ("" when none is written). A bare $
// is USD; a bare ¥ (yuan or yen) is refused: ParseOrdersWith reads both by
// the row's currency column or the file's currency.
func ParseAmount(s string) (int64, string, error) {
	return parseAmount(s, "", "")
}

// parseAmount is ParseAmount reading a shared sign as column (the row's
// currency column), else as fallback (the file's currency) when that is
// one it may be.
func parseAmount(s, column, fallback string) (int64, string, error) {
	raw := strings.TrimSpace(width.Fold.String(s))
	var cur, num strings.Builder
	for _, r := range raw {
		switch {
		case unicode.IsDigit(r) || r == '.' || r == ',' || r == '-':
			num.WriteRune(r)
		case !unicode.IsSpace(r):
			cur.WriteRune(r)
		}
	}
	c := strings.ToUpper(cur.String())
	if v, ok := currencySymbols[c]; ok {
		c = v
	}
	n := num.String()
	// The last of '.' or ',' followed by one or two digits is the decimal mark.
	if i := strings.LastIndexAny(n, ".,"); i >= 0 && len(n)-i-1 <= 2 && len(n)-i-1 > 0 {
		n = strings.NewReplacer(".", "", ",", "").Replace(n[:i]) + "." + n[i+1:]
	} else {
		n = strings.NewReplacer(".", "", ",", "").Replace(n)
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || n == "" {
		return 0, "", fmt.Errorf("amount %q is not a number", raw)
	}
	if may, ok := sharedSymbols[c]; ok {
		switch {
		case column != "":
			c = column
		case slices.Contains(may, fallback):
			c = fallback
		case c == "$":
			c = "USD"
		default:
			return 0, "", yenError{raw}
		}
	}
	if c != "" && !isCurrencyCode(c) {
		return 0, "", fmt.Errorf("amount %q: unknown currency %q: write a currency code such as USD, HKD or CNY, or put the currency in a currency column (币种)", raw, cur.String())
	}
	return int64(f*100 + 0.5*sign(f)), c, nil
}

// yenError refuses a bare ¥. Its advice changes that row alone: a
// currency column, or the currency written in the cell. --currency would
// also make every row that writes no currency CNY or JPY (an ERP's bare
// USD amounts a seventh of their value), so ParseOrdersWith offers it
// only for a file whose rows all write one (allWritten).
type yenError struct {
	raw string
}

func (e yenError) Error() string {
	n := strings.TrimSpace(strings.ReplaceAll(e.raw, "¥", ""))
	return fmt.Sprintf("amount %q: ¥ is yuan (CNY) or yen (JPY): add a currency column (币种) saying CNY or JPY, or write the amount as CNY %s or JPY %s", e.raw, n, n)
}

// allWritten is the advice added when every other row of the file writes
// its currency, so --currency changes no row but the ¥ ones.
const allWritten = "; as every other row writes its currency, importing the file with --currency CNY or --currency JPY also does (--currency is the currency of every row that writes none)"

// isCurrencyCode says whether c has the shape of an ISO 4217 code: three
// letters A-Z ("元" alone is three bytes, not a code).
func isCurrencyCode(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

func orderDate(s string, opt OrderOptions) (time.Time, error) {
	t, err := parseDate(s, opt.DateOrder, opt.Now, false)
	if err != nil {
		var ok bool
		if t, ok = excelSerial(s); !ok {
			return time.Time{}, err
		}
	}
	// A date is in the future when it is after today everywhere: a
	// timestamp keeps the clock written in the sender's zone (an ERP in
	// China exports 10:00+08:00 for an order placed at 02:00 UTC), so this
	// morning's order read as UTC lies hours ahead of now.
	if !opt.Now.IsZero() && worldcal.Civil(t).After(worldcal.Civil(opt.Now.UTC().Add(14*time.Hour))) {
		return time.Time{}, fmt.Errorf("date %s is in the future: an order is entered once it is placed", t.Format("2006-01-02"))
	}
	return t, nil
}

// FormatCents writes minor units as "1,234.50".
func FormatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	whole := strconv.FormatInt(c/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s%s.%02d", sign, whole, c%100)
}
