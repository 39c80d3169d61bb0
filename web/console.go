package web

import (
	"context"
	"net/http"
	"time"

	"keepwarm/sequences"
)

// Console is the manager's console: sequences, templates, the forecast and
// the team's week. A Backend that implements it gets the console's pages.
// Reads are open to every person (a salesperson sees their own part);
// writes are the manager's, and the backend refuses anyone else's. Files
// are checked by the same code as `keepwarm sequences check`.
type Console interface {
	Sequences(ctx context.Context, p Person, now time.Time) ([]SequenceRow, error)
	// Sequence is one sequence as its form shows it; a name not found is
	// keepwarm.ENOTFOUND.
	Sequence(ctx context.Context, p Person, name string) (SequenceEdit, error)
	// SaveSequence checks the draft with every other file and writes it
	// when clean; else it returns the problems and writes nothing.
	// version is the file's Version as the form was loaded ("": not
	// compared): a file changed since is a problem, nothing written.
	SaveSequence(ctx context.Context, p Person, d sequences.Draft, create bool, version string, now time.Time) (Change, []Problem, error)

	Templates(ctx context.Context, p Person) ([]TemplateRow, error)
	Template(ctx context.Context, p Person, file string) (TemplateEdit, error)
	// PreviewTemplate renders body (the file as edited) for a customer's
	// latest thread, as the step would send it.
	PreviewTemplate(ctx context.Context, p Person, file, body string, customerID int64) (Preview, error)
	SaveTemplate(ctx context.Context, p Person, file, body, version string, now time.Time) (Change, []Problem, error)

	// Forecast is what keepwarm will do in the person's name (everyone's
	// for a manager) from now for days days.
	Forecast(ctx context.Context, p Person, now time.Time, days int) ([]ForecastItem, error)
	// SkipGreeting stops a planned greeting or letter of one of the
	// person's customers before it goes.
	SkipGreeting(ctx context.Context, p Person, key string, now time.Time) (Change, error)
	// CannotSave says why what ("sequences", "templates", "letters")
	// cannot be saved here (no directory, or one keepwarm may not write
	// to); "" when it can.
	CannotSave(what string) string
	// ModeCap is the configured [sequences] mode that caps every
	// sequence's ("draft", "dry-run"; "" when it caps none), or ModeOff
	// when follow-ups are turned off ([sequences] disabled).
	ModeCap() string
	// FilesCheck is every problem of the team's sequence and template
	// files as the daemon judges them, and whether the follow-ups are
	// off for them.
	FilesCheck(ctx context.Context) FilesCheck
	// Team is each salesperson's week (the person's own for a salesperson).
	// auditBefore, an audit entry's id, pages the audit log back (0: the latest).
	Team(ctx context.Context, p Person, now time.Time, auditBefore int64) (TeamPage, error)
}

// Problem is one error in a file the console wrote, at its line and field.
type Problem struct {
	File    string // another file's (a problem of the file edited has none)
	Line    int
	Field   string // e.g. "step[0].after" or ".Contact.Nmae"
	Section string // template part: subject, text, html
	Msg     string
}

// FilesCheck is the state of the team's sequence and template files,
// shown at the top of the Sequences and Templates pages.
type FilesCheck struct {
	// Held: the follow-ups are off until the files are fixed and keepwarm
	// run restarted (the files had problems when it started).
	Held bool
	// Problems are every file's problems, File its name.
	Problems []Problem
	// Broken are the sequence files that do not load, by file name
	// without .toml: /sequences/{name} shows each with its problems.
	Broken []string
	// BrokenTemplates are the team's template files that do not load, by
	// file name: /templates/{file} opens each in its editor with why.
	BrokenTemplates []string
	// Letters are the problems of this month's and next month's letters
	// (File: "letters/2026-12.tmpl"): a letter file that does not load, or
	// language variants without the month's default file, send no letter
	// that month; the follow-ups do not wait for them.
	Letters []Problem
}

// SequenceRow is one sequence in the list.
type SequenceRow struct {
	Name, Description string
	Grades, Tags      []string
	// Mode is how the steps go out: the file's own mode, or the
	// configured [sequences] mode when that is more careful, or ModeOff
	// when follow-ups are turned off ([sequences] disabled); FileMode is
	// then the file's own ("" when it is Mode).
	Mode, FileMode string
	Window         string // "09:00–17:00" and the workdays when named
	Holidays       bool   // the customer country's public holidays are skipped
	File           string
	BuiltIn        bool
	Steps          []SequenceStep
	// This month's funnel. AnsweredFirst answered before any follow-up
	// went (counted in Answered, under no step).
	Enrolled, Running, NoAnswer, Answered, AnsweredFirst int
	// ByPhone ended with the sequence's call reaching the customer (not
	// among Answered, the answers by mail).
	ByPhone int
	// DryRun ended with every step only recorded (dry-run mode): in no
	// other figure.
	DryRun int
}

// ModeOff is the mode shown while follow-ups are turned off ([sequences]
// disabled = true): no step goes out, whatever a sequence's mode.
const ModeOff = "off"

// SequenceStep is one step with how many answered after it this month.
type SequenceStep struct {
	Label         string // "+3d email resend (in thread)"
	AnsweredAfter int
	// The label's parts, for the page to say in its language.
	After          string // "3d"
	Business       bool
	Action         string // email or task
	Template, Task string
	InThread       bool
}

// SequenceEdit is a sequence in its form.
type SequenceEdit struct {
	Draft   sequences.Draft
	File    string
	BuiltIn bool   // read from the built-in defaults: saving writes the team's copy
	Source  string // the file as it is
	// Version fingerprints the team's file as the form shows it; saving
	// refuses when the file changed since (someone else saved, or edited it
	// by hand).
	Version string
	// Templates are the template names a step may use.
	Templates []string
	// Notices are warnings beside their fields that stop nothing (a step
	// never sent while the product catalog is empty).
	Notices []Problem
	// CannotSave says why saving cannot work here ("": it can).
	CannotSave string
	// Broken are the problems of a sequence file that does not load: the
	// page shows them and the file as it is, and no form.
	Broken []Problem
}

// TemplateRow is one template file: a template in one language.
type TemplateRow struct {
	File    string // e.g. "resend.es.tmpl"
	Name    string
	Lang    string // "" = the default language
	Kind    string // follow-up, greeting, letter
	BuiltIn bool
	UsedBy  []string // "key-customer step 1"
	// Broken: the team's file does not load (its editor shows why).
	Broken bool
	// ShadowedBy: the team's file loads but is never sent, as this other
	// file of the same name and language is ("resend.tmpl" for
	// resend.en.tmpl).
	ShadowedBy string
	// Needs: a monthly letter in a language whose month has no
	// default-language file: no letter of the month goes out, this one
	// included, until there is this file ("2026-12.tmpl").
	Needs string
}

// TemplateEdit is one template file in its editor.
type TemplateEdit struct {
	File      string // "resend.es.tmpl"; a monthly letter's "letters/2026-12.tmpl"
	Kind      string // follow-up, greeting, letter
	New       bool   // no such file yet: saving creates it
	From      string // a new file's text is this file's ("resend.zh-hant.tmpl"); "": a starter
	Body      string
	BuiltIn   bool
	Version   string // as SequenceEdit.Version
	Fields    []TemplateField
	Customers []CustomerRow // whom the preview can use
	// CannotSave says why saving cannot work here ("": it can).
	CannotSave string
}

// TemplateField is a field a template may use, with a sample value.
type TemplateField struct {
	Name, Sample string
}

// Preview is a template rendered for a customer.
type Preview struct {
	Customer  string
	To        string
	Lang      string // the language that would be chosen
	LangNote  string // the customer would get another file than the one shown
	Subject   string
	Text      string
	HTML      string
	Sample    bool   // no real thread: the original quoted is a sample
	SampleWhy string // why
	Problems  []Problem
	Fields    []TemplateField // with the customer's values
}

// ForecastItem is one thing keepwarm will do, at the customer's local time.
type ForecastItem struct {
	At           time.Time
	Location     *time.Location
	Owner        string
	CustomerID   int64
	CustomerName string
	// NoPage: the customer's page is closed to the reader (a follow-up
	// still going in their name to a customer handed to a colleague):
	// named without a link, as on the desk.
	NoPage   bool
	Kind     string // email, task, greeting
	Sequence string
	Step     int // 1-based; 0 for a greeting
	Template string
	// Mode is how a follow-up's email goes: "send", "draft" or "dry-run".
	Mode string
	What string
	Rule string
	// The parts of What and Rule, which the page writes in its language
	// (Lang.ForecastWhat, Lang.ForecastRule): a task's words; a greeting's
	// or letter's recipient, occasion and its day, or month; why it waits.
	Task, To, OccasionName, OccasionDate, Month, Note string
	// SendRule is how a greeting's day follows from its occasion's: "on
	// the day", "3 days before", "the customer's last working day before
	// it" ("" is the last).
	SendRule string
	// Key is a greeting's or letter's key, by which it is stopped before
	// it goes (Backend.SkipGreeting); "" for a follow-up's step or task.
	Key string
}

// TeamPage is each salesperson's week at a glance.
type TeamPage struct {
	Rows []TeamRow
	// Others (a manager's page) are the owners of waiting mail, running
	// follow-ups or overdue tasks who are not salespeople on the team: the
	// manager (a mailbox without an owner falls back to them), someone who
	// left, or nobody (Email ""). Without them the rows would add up to
	// less than the team's real backlog.
	Others   []TeamRow
	Sessions []Session
	Audit    []AuditRow
	// AuditPaged: Audit is an older page, not the latest; AuditOlder is the
	// id to page back from when there are older entries (0: none).
	AuditPaged bool
	AuditOlder int64
}

// TeamRow is one salesperson's week.
type TeamRow struct {
	Email, Name                       string
	Waiting, Breaches, Running, Tasks int
	// Away is their absence running now (nil: at work), with who covers.
	Away *Away
	// Covers are the names of those away now whom they cover.
	Covers []string
	// Failed counts their sends that failed or may not have arrived and
	// their follow-ups stopped by a failed send: the desk's "Sends that
	// need you".
	Failed int
}

// AuditRow is one change in the audit trail.
type AuditRow struct {
	At                                    time.Time
	Actor, Action, Subject, Before, After string
}

// console returns the backend's console, or answers 404 when it has none.
func (s *Server) console(w http.ResponseWriter, r *http.Request) (Console, bool) {
	c, ok := s.b.(Console)
	if !ok {
		s.notFound(w, r)
	}
	return c, ok
}

func (s *Server) consoleRoutes(m routeMux) {
	m.HandleFunc("GET /sequences", s.auth(s.sequenceList))
	m.HandleFunc("GET /sequences/new", s.auth(s.sequenceNew))
	m.HandleFunc("GET /sequences/{name}", s.auth(s.sequenceForm))
	m.HandleFunc("POST /sequences", s.editor(s.sequenceSave, s.sequenceStale))
	m.HandleFunc("GET /templates", s.auth(s.templateList))
	m.HandleFunc("GET /templates/new", s.auth(s.templateNew))
	m.HandleFunc("GET /templates/{file}", s.auth(s.templateForm))
	m.HandleFunc("POST /templates/{file}/preview", s.editor(s.templatePreview, s.templateStale))
	m.HandleFunc("POST /templates/{file}", s.editor(s.templateSave, s.templateStale))
	m.HandleFunc("GET /letters/new", s.auth(s.letterNew))
	m.HandleFunc("GET /letters/{file}", s.auth(s.templateForm))
	m.HandleFunc("POST /letters/{file}/preview", s.editor(s.templatePreview, s.templateStale))
	m.HandleFunc("POST /letters/{file}", s.editor(s.templateSave, s.templateStale))
	m.HandleFunc("GET /forecast", s.auth(s.forecast))
	m.HandleFunc("POST /greetings/skip", s.auth(s.form(s.skipGreeting)))
	m.HandleFunc("GET /team", s.auth(s.team))
	m.HandleFunc("GET /reports/{name}", s.auth(s.report))
}
