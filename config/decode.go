package config

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"keepwarm"

	"github.com/BurntSushi/toml"
)

// The TOML library names a value of the wrong type in Go's words ("TOML
// value has type int64; destination has type string"), by the last item of
// an array of tables whatever item was wrong, and at that item's line. The
// person who runs keepwarm is no Go programmer: before the strict decode,
// checkTypes walks the file's values beside Config's fields and says what
// each must be, with an example in the key's own terms, at the line the
// value is on, naming a [[salesperson]] by its email, a [[mailbox]] or a
// [[notify.channel]] by its name.

// itemIDs is the key that names each item of an array of tables.
var itemIDs = map[string]string{
	"salesperson":      "email",
	"mailbox":          "name",
	"notify.channel":   "name",
	"greetings.custom": "key",
}

// examples are the values shown in "must be …" messages, as TOML. A key is
// looked up by its path without item numbers ("salesperson.hours"), a map's
// values by "path.*", then by its path less its first tables (the keys
// [[mailbox]] and [notify] share: "timeouts.dial", "provider").
var examples = map[string]string{
	"database":                         `"keepwarm.db"`,
	"team.internal_domains":            `["example-export.com"]`,
	"team.time_zone":                   `"Asia/Shanghai"`,
	"team.reply_target":                `"10m"`,
	"team.manager":                     `"manager@example-export.com"`,
	"team.manager_name":                `"Mei Lin"`,
	"team.managers":                    `["director@example-export.com"]`,
	"team.notify":                      `["wecom:boss"]`,
	"team.free_mail_domains":           `["gmail.com", "163.com"]`,
	"team.extra_free_mail_domains":     `["seznam.cz"]`,
	"team.company_domains":             `["daum.de"]`,
	"team.automated_per_contact_week":  `2`,
	"team.relay_senders":               `["inquiry@marketplace.example", "@forms.example"]`,
	"sync.poll_interval":               `"30s"`,
	"sync.batch_size":                  `500`,
	"sync.max_login_failures":          `3`,
	"sync.connect_spread":              `"2s"`,
	"sync.recent_window":               `"30d"`,
	"salesperson.email":                `"lily@example-export.com"`,
	"salesperson.name":                 `"Lily Chen"`,
	"salesperson.time_zone":            `"Europe/Berlin"`,
	"salesperson.lang":                 `"zh"`,
	"salesperson.hours":                `"09:00-18:00"`,
	"salesperson.workdays":             `["Mon-Fri"]`,
	"salesperson.signature":            `"Lily Chen, Export Sales"`,
	"salesperson.signature_html":       `"<b>Lily Chen</b><br>Export Sales"`,
	"salesperson.away":                 `[{ from = "2026-12-22", until = "2027-01-02" }]`,
	"salesperson.away.from":            `"2026-12-22"`,
	"salesperson.away.until":           `"2027-01-02"`,
	"salesperson.away.backup":          `"tom@example-export.com"`,
	"salesperson.backup":               `"tom@example-export.com"`,
	"salesperson.notify":               `["wecom:lily"]`,
	"mailbox.name":                     `"team"`,
	"mailbox.owner":                    `"manager@example-export.com"`,
	"mailbox.url":                      `"imaps://imap.example-export.com"`,
	"mailbox.username":                 `"sales@example-export.com"`,
	"mailbox.password_env":             `"KEEPWARM_TEAM_PASSWORD"`,
	"mailbox.password_cmd":             `"pass show mail/sales"`,
	"mailbox.sent_folder":              `"Sent Items"`,
	"mailbox.drafts_folder":            `"Drafts"`,
	"mailbox.extra_folders":            `["Orders"]`,
	"mailbox.smtp_url":                 `"smtp://smtp.example-export.com:587"`,
	"mailbox.from_name":                `"Example Export Sales"`,
	"mailbox.signature":                `"Example Export Sales"`,
	"mailbox.send_as":                  `["lily@brightled-brand.com"]`,
	"mailbox.daily_cap":                `200`,
	"mailbox.min_send_gap":             `"30s"`,
	"mailbox.webmail":                  `"https://mail.google.com/mail/u/0/#search/rfc822msgid%3A{message_id}"`,
	"provider":                         `"microsoft365"`,
	"auth":                             `"oauth2"`,
	"token_cmd":                        `"oama access sales@example-export.com"`,
	"oauth_client_id":                  `"00000000-0000-0000-0000-000000000000"`,
	"oauth_client_secret_env":          `"KEEPWARM_OAUTH_SECRET"`,
	"oauth_tenant":                     `"example-export.com"`,
	"oauth_device_url":                 `"https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/devicecode"`,
	"oauth_auth_url":                   `"https://accounts.google.com/o/oauth2/v2/auth"`,
	"oauth_token_url":                  `"https://login.partner.microsoftonline.cn/{tenant}/oauth2/v2.0/token"`,
	"oauth_scopes":                     `["https://partner.outlook.cn/IMAP.AccessAsUser.All", "https://partner.outlook.cn/SMTP.Send", "offline_access"]`,
	"sasl_mechanism":                   `"xoauth2"`,
	"proxy":                            `"socks5://127.0.0.1:1080"`,
	"tls_ca_file":                      `"/etc/keepwarm/team-ca.pem"`,
	"proxy_password_env":               `"KEEPWARM_PROXY_PW"`,
	"proxy_password_cmd":               `"pass show proxy"`,
	"timeouts.dial":                    `"30s"`,
	"timeouts.tls":                     `"30s"`,
	"timeouts.login":                   `"1m"`,
	"timeouts.command":                 `"2m"`,
	"timeouts.idle_renew":              `"25m"`,
	"timeouts.smtp_send":               `"5m"`,
	"book.review_days":                 `{ A = 1, B = 7, C = 15 }`,
	"book.review_days.*":               `7`,
	"book.pool_cap":                    `50`,
	"book.claim_days":                  `30`,
	"book.warn_days":                   `3`,
	"book.cooldown_days":               `7`,
	"book.daily_claims":                `5`,
	"book.default_region":              `"Europe"`,
	"book.default_currency":            `"USD"`,
	"replies.reply_target":             `"10m"`,
	"replies.grade_targets":            `{ A = "5m", B = "30m" }`,
	"replies.grade_targets.*":          `"30m"`,
	"replies.nudge_after":              `"5m"`,
	"replies.nudge_backlog_limit":      `"1h"`,
	"replies.hours":                    `"09:00-18:00"`,
	"replies.workdays":                 `["Mon-Fri"]`,
	"notify.smtp_url":                  `"smtp://smtp.example-export.com:587"`,
	"notify.username":                  `"keepwarm@example-export.com"`,
	"notify.password_env":              `"KEEPWARM_NOTIFY_PASSWORD"`,
	"notify.password_cmd":              `"pass show mail/keepwarm"`,
	"notify.from":                      `"keepwarm@example-export.com"`,
	"notify.from_name":                 `"keepwarm"`,
	"notify.channel.name":              `"wecom"`,
	"notify.channel.kind":              `"wecom"`,
	"notify.channel.url_env":           `"KEEPWARM_WECOM_URL"`,
	"notify.channel.url_cmd":           `"pass show chat/wecom"`,
	"notify.channel.secret_env":        `"KEEPWARM_DINGTALK_SECRET"`,
	"notify.channel.secret_cmd":        `"pass show chat/dingtalk-secret"`,
	"notify.channel.timeout":           `"15s"`,
	"notify.channel.keyword":           `"提醒"`,
	"notify.channel.per_minute":        `19`,
	"sequences.dir":                    `"sequences"`,
	"sequences.templates_dir":          `"templates"`,
	"sequences.default":                `"key-customer"`,
	"sequences.mode":                   `"draft"`,
	"sequences.max_age":                `"14d"`,
	"sequences.english_for":            `["it", "nl"]`,
	"greetings.occasions":              `["christmas", "birthday"]`,
	"greetings.days_before":            `{ christmas = 1 }`,
	"greetings.days_before.*":          `1`,
	"greetings.on_the_day":             `["birthday"]`,
	"greetings.also":                   `{ diwali = ["GB"] }`,
	"greetings.also.*":                 `["GB"]`,
	"greetings.templates":              `{ thanksgiving = "holiday" }`,
	"greetings.templates.*":            `"holiday"`,
	"greetings.custom.key":             `"eid-al-fitr"`,
	"greetings.custom.name":            `"Eid al-Fitr"`,
	"greetings.custom.dates":           `["2026-03-20", "2027-03-10"]`,
	"greetings.custom.countries":       `["AE", "SA"]`,
	"greetings.custom.days_before":     `0`,
	"greetings.custom.template":        `"holiday"`,
	"greetings.grades":                 `["A", "B", ""]`,
	"greetings.mode":                   `"draft"`,
	"greetings.window":                 `"09:00-17:00"`,
	"greetings.morning_until":          `"12:00"`,
	"greetings.letters_dir":            `"letters"`,
	"greetings.letter_grades":          `["A", "B"]`,
	"greetings.english_for":            `["zh", "de"]`,
	"greetings.letter_day":             `1`,
	"greetings.letters_per_day":        `50`,
	"greetings.skip_if_written_within": `"14d"`,
	"ops.listen":                       `"127.0.0.1:9464"`,
	"web.listen":                       `"127.0.0.1:8080"`,
	"web.base_url":                     `"https://keepwarm.example-export.com"`,
	"web.session_lifetime":             `"30d"`,
	"web.trusted_proxies":              `["127.0.0.1/32"]`,
	"digest.time":                      `"08:30"`,
	"digest.workdays":                  `["Mon-Fri"]`,
	"digest.holidays":                  `"DE"`,
	"digest.salesperson_holidays":      `{ "lily@example-export.com" = "GB" }`,
	"digest.salesperson_holidays.*":    `"GB"`,
	"digest.summary_weekday":           `"Mon"`,
	"digest.summary_time":              `"08:30"`,
	"calendar.override.country":        `"SA"`,
	"calendar.override.date":           `"2027-03-10"`,
	"calendar.override.name":           `"Eid al-Fitr"`,
	"calendar.override.kind":           `"public"`,
}

// example is the example value of the key at plain (item numbers left
// out, a map's keys as "*"); "" when there is none.
func example(plain []string) string {
	for i := range plain {
		if ex, ok := examples[strings.Join(plain[i:], ".")]; ok {
			return ex
		}
	}
	return ""
}

var durationType = reflect.TypeOf(Duration{})

// segment is one step of a key's path: a key, or an item of an array
// (index ≥ 0) with what names it ("" when nothing does).
type segment struct {
	key    string
	index  int // -1: not an item
	id     string
	header bool // the array is [[blocks]], not an inline [ … ]
	mapKey bool // key is a map's own key ("A" in grade_targets)
}

type keyPath []segment

// plain is the path without item numbers, a map's keys as "*".
func (p keyPath) plain() []string {
	var out []string
	for _, s := range p {
		switch {
		case s.mapKey:
			out = append(out, "*")
		case s.index < 0:
			out = append(out, s.key)
		}
	}
	return out
}

// lineKey is the path as keyLines records it: "salesperson[1].hours".
func (p keyPath) lineKey() string {
	var b strings.Builder
	for _, s := range p {
		if s.index >= 0 {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(0)
		}
		b.WriteString(s.key)
	}
	return b.String()
}

// String names the key for a person: salesperson "lily@x".hours, or
// hours in the 2nd [[salesperson]] when the item has no email.
func (p keyPath) String() string {
	last := -1
	for i, s := range p {
		if s.index >= 0 && s.id == "" {
			last = i
		}
	}
	if last < 0 {
		var b strings.Builder
		for _, s := range p {
			switch {
			case s.index >= 0:
				fmt.Fprintf(&b, " %q", s.id)
			case b.Len() > 0:
				b.WriteString("." + quoteKey(s.key))
			default:
				b.WriteString(quoteKey(s.key))
			}
		}
		return b.String()
	}
	// p[last-1] is the array's key; what came before it is its parent.
	var desc string
	if p[last].header {
		var full []string
		for _, s := range p[:last] {
			if s.index < 0 {
				full = append(full, s.key)
			}
		}
		desc = fmt.Sprintf("the %s [[%s]]", ordinal(p[last].index+1), strings.Join(full, "."))
		if parent := p[:last-1]; slices.ContainsFunc(parent, func(s segment) bool { return s.index >= 0 }) {
			desc += " of " + parent.String()
		}
	} else {
		desc = fmt.Sprintf("the %s entry of %s", ordinal(p[last].index+1), p[:last].String())
	}
	if rest := p[last+1:]; len(rest) > 0 {
		return rest.String() + " in " + desc
	}
	return desc
}

// ordinal is 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// pathOf is a path of plain keys: pathOf("notify.channel").
func pathOf(dotted string) keyPath {
	var p keyPath
	for _, k := range strings.Split(dotted, ".") {
		p = append(p, segment{key: k, index: -1})
	}
	return p
}

// item is the path of the i-th (from 0) item of the array array under p,
// named by id when it has one; header: written as [[blocks]].
func (p keyPath) item(array string, i int, id string, header bool) keyPath {
	q := append(slices.Clip(p), pathOf(array)...)
	return append(q, segment{key: array, index: i, id: strings.TrimSpace(id), header: header})
}

// at names the key under p for a message: at("hours") is
// salesperson "lily@x".hours, or hours in the 2nd [[salesperson]].
func (p keyPath) at(key string) string {
	if key == "" {
		return p.String()
	}
	return append(slices.Clip(p), pathOf(key)...).String()
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func quoteKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}

// typeError is one value of the wrong type.
type typeError struct {
	line int
	key  string
	msg  string
}

// checkTypes reports every value in data that the key's Go type in Config
// cannot take, and every duration or number written as 0 where a 0 would
// become the default (zeroDurations, zeroNumbers), in the order of the file.
func checkTypes(body string, data map[string]any) error {
	w := &typeWalker{lines: keyLines(body), data: data}
	w.table(nil, data, reflect.TypeOf(Config{}))
	if len(w.errs) == 0 {
		return nil
	}
	slices.SortStableFunc(w.errs, func(a, b typeError) int { return cmp.Compare(a.line, b.line) })
	var errs []error
	for _, e := range w.errs {
		if e.line > 0 {
			errs = append(errs, fmt.Errorf("line %d: %s: %s", e.line, e.key, e.msg))
		} else {
			errs = append(errs, fmt.Errorf("%s: %s", e.key, e.msg))
		}
	}
	return errors.Join(errs...)
}

type typeWalker struct {
	lines map[string]int
	data  map[string]any // the whole file, for advice that depends on another key
	errs  []typeError
}

func (w *typeWalker) bad(p keyPath, format string, args ...any) {
	// A value inside an inline table or array is on its key's line or
	// after: the nearest key the file names is the place to look.
	line := 0
	for q := p; len(q) > 0 && line == 0; q = q[:len(q)-1] {
		line = w.lines[q.lineKey()]
	}
	w.errs = append(w.errs, typeError{line: line, key: p.String(), msg: fmt.Sprintf(format, args...)})
}

// table checks the keys of a table decoded into the struct typ; keys typ
// does not have are left to the unknown-key check.
func (w *typeWalker) table(p keyPath, data map[string]any, typ reflect.Type) {
	for k, v := range data {
		f, ok := fieldByTag(typ, k)
		if !ok {
			continue
		}
		w.value(append(slices.Clip(p), segment{key: k, index: -1}), v, f.Type)
	}
}

func (w *typeWalker) value(p keyPath, v any, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	ex := example(p.plain())
	switch {
	case typ == durationType:
		s, ok := v.(string)
		if !ok {
			w.bad(p, "must be a duration like %s%s", ex, unquotedHint(v))
			return
		}
		if d, _, err := keepwarm.ParseDuration(s); err != nil {
			w.bad(p, "%v", err) // says what the text should be
		} else if advice, ok := zeroDuration(p.plain()); ok && d == 0 {
			// Decoded, a 0 is an unset key: it would become the default.
			if strings.Join(p.plain(), ".") == "sync.recent_window" {
				advice = w.recentWindowAdvice()
			}
			w.bad(p, "%q is no time at all: %s", s, advice)
		}
	case typ.Kind() == reflect.String:
		if _, ok := v.(string); !ok {
			w.bad(p, "must be text like %s%s", ex, textHint(v))
		}
	case typ.Kind() == reflect.Bool:
		if _, ok := v.(bool); !ok {
			w.bad(p, "must be true or false%s", quotedHint(v, "true", "false"))
		}
	case typ.Kind() >= reflect.Int && typ.Kind() <= reflect.Int64:
		n, ok := v.(int64)
		if !ok {
			if _, err := strconv.Atoi(fmt.Sprint(v)); err == nil {
				w.bad(p, "must be a number like %s, without quotes", ex)
			} else {
				w.bad(p, "must be a whole number like %s", ex)
			}
		} else if advice, ok := zeroNumber(p.plain()); ok && n == 0 {
			// Decoded, a 0 is an unset key: it would become the default.
			w.bad(p, "%s", advice)
		}
	case typ.Kind() == reflect.Slice && isTable(typ.Elem()):
		w.tables(p, v, typ.Elem())
	case typ.Kind() == reflect.Slice:
		items, ok := v.([]any)
		if !ok {
			w.bad(p, "must be a list such as %s%s", ex, listHint(v))
			return
		}
		for _, item := range items {
			if !fits(item, typ.Elem()) {
				w.bad(p, "must be a list of %s such as %s", kindWord(typ.Elem()), ex)
				return
			}
		}
	case typ.Kind() == reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			w.bad(p, "must be a table such as %s", ex)
			return
		}
		for k, v := range m {
			// The map's key stands in the path; its example is "path.*".
			w.value(append(slices.Clip(p), segment{key: k, index: -1, mapKey: true}), v, typ.Elem())
		}
	case typ.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			w.bad(p, "must be a table: write [%s] on a line of its own and its keys on the lines below", strings.Join(p.plain(), "."))
			return
		}
		w.table(p, m, typ)
	}
}

// recentWindowAdvice is what to write for a recent_window of 0: left out,
// it is 30 days, or a day past a sequences.max_age longer than that.
func (w *typeWalker) recentWindowAdvice() string {
	var maxAge time.Duration
	seq, _ := w.data["sequences"].(map[string]any)
	if s, ok := seq["max_age"].(string); ok {
		if d, _, err := keepwarm.ParseDuration(s); err == nil {
			maxAge = d
		}
	}
	def := keepwarm.RecentWindow(0, maxAge)
	if def == keepwarm.DefaultRecentWindow {
		return zeroDurations["sync.recent_window"]
	}
	return fmt.Sprintf("leave it out for %q, a day past sequences.max_age (%q)", keepwarm.FormatDuration(def), keepwarm.FormatDuration(maxAge))
}

// tables checks an array of tables: [[salesperson]] blocks, or an inline
// list of { … } tables.
func (w *typeWalker) tables(p keyPath, v any, elem reflect.Type) {
	var items []map[string]any
	header := false
	switch v := v.(type) {
	case []map[string]any:
		items, header = v, true
	case []any:
		for _, item := range v {
			m, ok := item.(map[string]any)
			if !ok {
				w.badTables(p)
				return
			}
			items = append(items, m)
		}
	default:
		w.badTables(p)
		return
	}
	idKey := itemIDs[strings.Join(p.plain(), ".")]
	for i, m := range items {
		id, _ := m[idKey].(string)
		item := append(slices.Clip(p), segment{key: p[len(p)-1].key, index: i, id: strings.TrimSpace(id), header: header})
		w.table(item, m, elem)
	}
}

func (w *typeWalker) badTables(p keyPath) {
	if ex := example(p.plain()); ex != "" {
		w.bad(p, "must be a list such as %s", ex)
		return
	}
	w.bad(p, "must be [[%s]] blocks: write [[%s]] on a line of its own above each one's keys", strings.Join(p.plain(), "."), strings.Join(p.plain(), "."))
}

func isTable(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct && t != durationType
}

// fits reports whether a list item has the type elem takes.
func fits(v any, elem reflect.Type) bool {
	switch elem.Kind() {
	case reflect.String:
		_, ok := v.(string)
		return ok
	case reflect.Int, reflect.Int64:
		_, ok := v.(int64)
		return ok
	}
	return true
}

func kindWord(t reflect.Type) string {
	if t.Kind() == reflect.String {
		return "text"
	}
	return "numbers"
}

// unquotedHint explains a bare number given for a duration.
func unquotedHint(v any) string {
	switch v.(type) {
	case int64, float64:
		return fmt.Sprintf(" (%v alone has no unit)", v)
	}
	return ""
}

// textHint: a day or a time written bare is a TOML date, not text.
func textHint(v any) string {
	if _, ok := v.(time.Time); ok {
		return ", in quotes"
	}
	return ""
}

func quotedHint(v any, words ...string) string {
	if s, ok := v.(string); ok && slices.Contains(words, strings.ToLower(strings.TrimSpace(s))) {
		return ", without quotes"
	}
	return ""
}

// listHint: one value given where a list is wanted.
func listHint(v any) string {
	if _, ok := v.(string); ok {
		return ": put it in [ ]"
	}
	return ""
}

// keyLines maps each key the file writes, as its path with item numbers
// ("salesperson\x00hours" with "[1]" after salesperson's name for its 2nd
// block), to the line it is written on. It reads lines, not TOML: values
// inside multi-line strings are skipped, and a key inside an inline table
// is found through the key that holds it.
func keyLines(body string) map[string]int {
	lines := map[string]int{}
	arrays := map[string]int{} // [[x]] path with numbers → its last item
	table := ""
	resolve := func(pieces []string) string {
		cur := ""
		for _, piece := range pieces {
			if cur != "" {
				cur += "\x00"
			}
			cur += piece
			if n, ok := arrays[cur]; ok {
				cur += fmt.Sprintf("[%d]", n)
			}
		}
		return cur
	}
	inString := "" // the delimiter of the multi-line string open, if any
	for i, line := range strings.Split(body, "\n") {
		n := i + 1
		if inString != "" {
			if strings.Count(line, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(trimmed, "[["):
			end := strings.Index(trimmed, "]]")
			if end < 0 {
				continue
			}
			pieces := splitKey(trimmed[2:end])
			if len(pieces) == 0 {
				continue
			}
			parent := resolve(pieces[:len(pieces)-1])
			path := pieces[len(pieces)-1]
			if parent != "" {
				path = parent + "\x00" + path
			}
			idx, ok := arrays[path]
			if !ok {
				idx = -1
			}
			arrays[path] = idx + 1
			table = fmt.Sprintf("%s[%d]", path, idx+1)
			if _, ok := lines[table]; !ok {
				lines[table] = n
			}
			continue
		case strings.HasPrefix(trimmed, "["):
			end := strings.Index(trimmed, "]")
			if end < 0 {
				continue
			}
			table = resolve(splitKey(trimmed[1:end]))
			if _, ok := lines[table]; !ok {
				lines[table] = n
			}
			continue
		}
		eq := keyEnd(trimmed)
		if eq < 0 {
			continue
		}
		key := strings.Join(splitKey(trimmed[:eq]), "\x00")
		if table != "" {
			key = table + "\x00" + key
		}
		if _, ok := lines[key]; !ok {
			lines[key] = n
		}
		for _, delim := range []string{`"""`, `'''`} {
			if strings.Count(trimmed[eq:], delim)%2 == 1 {
				inString = delim
				break
			}
		}
	}
	return lines
}

// keyEnd is the index of the "=" after a line's key (bare, quoted or
// dotted), or -1 when the line does not start with one.
func keyEnd(s string) int {
	i := 0
	for i < len(s) {
		switch c := s[i]; {
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return -1
			}
			i += j + 2
		case c == '=':
			return i
		case c == '.' || c == ' ' || c == '\t' || c == '_' || c == '-' ||
			c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			i++
		default:
			return -1
		}
	}
	return -1
}

// splitKey splits a dotted key into its pieces, unquoting quoted ones.
func splitKey(s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	for s != "" {
		var piece string
		if s[0] == '"' || s[0] == '\'' {
			j := strings.IndexByte(s[1:], s[0])
			if j < 0 {
				return out
			}
			piece, s = s[1:j+1], s[j+2:]
			if u, err := strconv.Unquote(`"` + piece + `"`); err == nil {
				piece = u
			}
		} else {
			j := strings.IndexByte(s, '.')
			if j < 0 {
				j = len(s)
			}
			piece, s = strings.TrimSpace(s[:j]), s[j:]
		}
		out = append(out, piece)
		s = strings.TrimSpace(s)
		s = strings.TrimPrefix(s, ".")
		s = strings.TrimSpace(s)
	}
	return out
}

// decodeGeneric reads the file into plain values, for checkTypes.
func decodeGeneric(body []byte) (map[string]any, error) {
	var data map[string]any
	_, err := toml.Decode(string(body), &data)
	return data, err
}
