package mailsync

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/textproto"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	mail "github.com/wneessen/go-mail"

	"keepwarm"
)

// Defaults for an Account's zero fields.
const (
	DefaultDailyCap    = 200
	DefaultSendTimeout = 5 * time.Minute
)

// Account is how one configured mailbox sends: its SMTP server and the IMAP
// folders its copies go to. cmd builds it from the config.
type Account struct {
	Mailbox string // the configured mailbox name; OutboxItem.Mailbox refers to it
	// Unusable says why the account cannot be used as configured (its
	// password could not be read): a Dispatcher never sends from it, its
	// items stay queued, until it is made again (a restart).
	Unusable error
	// SMTPURL is smtp://host[:port] (default port 587, STARTTLS required;
	// ?starttls=opportunistic or ?starttls=none to relax it) or
	// smtps://host[:port] (implicit TLS, default port 465).
	SMTPURL  string
	Username string
	Password string
	// Auth is the SMTP AUTH mechanism: "" (auto-discover over TLS, PLAIN on a
	// plain-text loopback link), "plain", "login", "cram-md5",
	// "scram-sha-256" or "none"; for OAuth2 "oauth2" (XOAUTH2 when offered,
	// else OAUTHBEARER), "xoauth2" or "oauthbearer", with the access token
	// from Token.
	Auth  string
	Token TokenSource
	// Dial opens the TCP connection (through a proxy, see NewDialer); nil
	// dials directly. With smtps the TLS handshake runs over it.
	Dial DialFunc
	// Timeouts bound the dial, the TLS handshake and the server's silence
	// at each step (Command); Timeout below bounds the whole send, DATA
	// and the wait for its answer included.
	Timeouts Timeouts
	// TLSConfig overrides the TLS settings (e.g. a test CA). nil verifies the
	// server's certificate against the system roots.
	TLSConfig *tls.Config
	// SentFolder and DraftsFolder name the folders; "" finds them by their
	// SPECIAL-USE attribute, else by a usual name (SentNames, a provider's
	// names for Sent, first), as sync finds the Sent folder it reads.
	SentFolder   string
	DraftsFolder string
	SentNames    []string
	// ServerFilesSent is set for servers that file SMTP-submitted mail into
	// Sent themselves (Gmail, Microsoft 365): APPENDing would make a second copy.
	ServerFilesSent bool
	// Owner is the mailbox owner's address: a login that is not it (a
	// sign-in name, a login alias) sends from it in a thread that ran
	// from it, and a refusal for good of it, as of a SendAs address,
	// fails its item alone, not the mailbox.
	Owner string
	// OwnerHasOther is set when logging this mailbox in as the owner's
	// address would point it at another mailbox of hers (it is the team's
	// sales@ beside her own, or another mailbox logs in as her address): a
	// refusal of her address then does not advise to log this one in as
	// it (OwnerRefusedElsewhere).
	OwnerHasOther bool
	// SendAs are the other addresses the login may send from (the
	// mailbox's send_as): a sender refused for good that is one of them
	// fails its item alone, not the mailbox.
	SendAs []string
	// NoMailbox is set for an account with no IMAP mailbox behind it (the
	// [notify] sender): there is no Sent to file a copy in, nor to search
	// after an interrupted send.
	NoMailbox bool
	DailyCap  int            // sends per local day; 0 = DefaultDailyCap, <0 = none
	Location  *time.Location // whose day the cap counts; nil = UTC
	MinGap    time.Duration  // at least this long between two sends
	Timeout   time.Duration  // bounds one whole SMTP send; 0 = DefaultSendTimeout
}

// IMAPDialer returns a logged-in IMAP client for the named mailbox. The
// caller closes it. cmd wires it to the same dialing code sync uses.
type IMAPDialer func(ctx context.Context, mailbox string) (*imapclient.Client, error)

// Outcome classifies a failed delivery.
type Outcome string

const (
	// OutcomeRetry: nothing was accepted (4xx, or the connection failed
	// before the message was handed over): try again later.
	OutcomeRetry Outcome = "retry"
	// OutcomeFailed: the server refused for good (5xx) or the item is unsendable.
	OutcomeFailed Outcome = "failed"
	// OutcomeUncertain: the message may have been accepted (the link broke
	// while sending DATA or waiting for its answer). Never resent automatically.
	OutcomeUncertain Outcome = "uncertain"
)

// DeliveryError is what Deliver returns when the message was not (known to
// be) accepted.
type DeliveryError struct {
	Outcome Outcome
	Code    int // SMTP reply code, 0 when none was read
	// Refused are the item's recipients the server refused for good at
	// RCPT (a 5xx): addresses that do not exist, as a bounce would say.
	Refused []string
	// Mailbox is set when the failure is the mailbox's, not the item's:
	// the server could not be reached, TLS failed, the login was refused,
	// no token could be had, MAIL FROM was refused, or the account reached
	// its sending limit (Quota). The next item of the mailbox would meet
	// the same.
	Mailbox bool
	// LoginRefused is set when the server refused the AUTH (a 5xx): a
	// wrong or expired password, which trying again does not fix.
	LoginRefused bool
	// Quota is set when the server said the mailbox reached its sending
	// limit for the day: its mail waits for the next day.
	Quota bool
	// Throttle is set when the server paused the account's sending for a
	// while (a short-term rate limit): its mail waits and is tried again.
	Throttle bool
	Err      error
}

func (e *DeliveryError) Error() string {
	return fmt.Sprintf("delivery %s: %v", e.Outcome, e.Err)
}

func (e *DeliveryError) Unwrap() error { return e.Err }

// OutcomeOf returns the outcome of a Deliver error: OutcomeFailed for an error
// that is not a *DeliveryError (a bug or a bad item is not retried blindly).
func OutcomeOf(err error) Outcome {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.Outcome
	}
	return OutcomeFailed
}

// Sender delivers outbox items over SMTP with go-mail and files copies over
// IMAP. Its methods block on the network; it holds no connection between
// calls and is safe for concurrent use.
type Sender struct {
	accounts map[string]Account
	dial     IMAPDialer
	clock    keepwarm.Clock
	log      *slog.Logger
	imap     *imapLogins // refused IMAP logins per mailbox (see connect)
}

// NewSender checks the accounts' SMTP URLs and returns a Sender; a nil
// log discards what it would say (a session that fails to close after the
// server accepted the mail is only logged).
func NewSender(accounts []Account, dial IMAPDialer, clock keepwarm.Clock, log *slog.Logger) (*Sender, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Sender{accounts: map[string]Account{}, dial: dial, clock: clock, log: log,
		imap: &imapLogins{max: defaultMaxLoginFailures, refused: map[string]imapRefusal{}}}
	for _, a := range accounts {
		if a.Mailbox == "" {
			return nil, keepwarm.Errorf(keepwarm.EINVALID, "mailsync: sending account without a mailbox name")
		}
		if _, _, err := parseSMTPURL(a.SMTPURL); err != nil {
			return nil, fmt.Errorf("mailsync: mailbox %s: %w", a.Mailbox, err)
		}
		s.accounts[a.Mailbox] = a
	}
	return s, nil
}

// Account returns the sending account of a mailbox.
func (s *Sender) Account(mailbox string) (Account, bool) {
	a, ok := s.accounts[mailbox]
	return a, ok
}

// mailboxes returns the configured mailbox names, sorted.
func (s *Sender) mailboxes() []string {
	names := make([]string, 0, len(s.accounts))
	for name := range s.accounts {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (s *Sender) account(mailbox string) (Account, error) {
	a, ok := s.accounts[mailbox]
	if !ok {
		return Account{}, keepwarm.Errorf(keepwarm.EINVALID, "mailsync: no sending account for mailbox %q", mailbox)
	}
	return a, nil
}

// Deliver sends item over its mailbox's SMTP server: one message, one
// connection. nil means the server accepted it (250 after DATA). Any other
// result is a *DeliveryError saying whether to retry, fail or leave the item
// uncertain. It blocks up to the account's Timeout.
func (s *Sender) Deliver(ctx context.Context, item keepwarm.OutboxItem) error {
	acct, err := s.account(item.Mailbox)
	if err != nil {
		return &DeliveryError{Outcome: OutcomeFailed, Err: err}
	}
	msg, err := s.buildMsg(item)
	if err != nil {
		return &DeliveryError{Outcome: OutcomeFailed, Err: err}
	}
	timeout := acct.Timeout
	if timeout <= 0 {
		timeout = DefaultSendTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// go-mail reads the server's answers without looking at ctx (it uses it
	// only to dial): closing the connection when ctx ends is what cuts a
	// send short, e.g. when the dispatcher's grace after a stop runs out.
	client, tok, err := newSMTPClient(ctx, acct, func(c net.Conn) { context.AfterFunc(ctx, func() { _ = c.Close() }) })
	if err != nil {
		var te *tokenError
		if errors.As(err, &te) {
			// The token could not be had now (perhaps later), or the
			// provider refused the refresh token: a refused login, counted
			// toward max_login_failures as one the server refused.
			return &DeliveryError{Outcome: OutcomeRetry, Mailbox: true, LoginRefused: IsAuthError(err), Err: err}
		}
		return &DeliveryError{Outcome: OutcomeFailed, Err: err}
	}
	err = client.DialAndSendWithContext(ctx, msg)
	if msg.IsDelivered() {
		// The final 250 was read: a later RSET or QUIT failure changes nothing.
		if err != nil {
			s.log.Warn("smtp: accepted, then an error closing the session", "mailbox", item.Mailbox, "outbox", item.ID, "err", err)
		}
		return nil
	}
	if err == nil {
		return &DeliveryError{Outcome: OutcomeUncertain, Err: errors.New("smtp: send returned no error but the message is not marked delivered")}
	}
	de := classify(err)
	if de.LoginRefused {
		// The server refused the access token before its expiry: the next
		// send gets a fresh one.
		invalidate(acct.Token, tok)
	}
	if cause := context.Cause(ctx); errors.Is(cause, errStopGrace) {
		de.Err = fmt.Errorf("%w: %w", cause, de.Err)
	}
	var se *mail.SendError
	switch {
	case !errors.As(err, &se):
	case sendingLimit.MatchString(se.Error()):
		// The mailbox's own daily limit, at whichever command: the next
		// item would meet it too, and it passes by itself.
		de.Outcome, de.Mailbox, de.Quota = OutcomeRetry, true, true
	case tooManyRecipients.MatchString(se.Error()) && se.Reason != mail.ErrSMTPRcptTo:
		// This mail's recipients, not the account: keepwarm sends one
		// mail a connection, so the next item is not held by it. A 5xx
		// would meet the same again; a 4xx is tried again. (At RCPT,
		// byRecipient reads each recipient's own answer.)
		// NetEase's 4xx recurs as the 5xx does (its limit is one
		// connection's, and the next has the same recipients): tried
		// once more, then failed.
		de.Mailbox, de.Refused = false, nil
		de.Outcome = OutcomeFailed
		if se.IsTemp() && item.Attempts < 2 {
			de.Outcome = OutcomeRetry
		}
		de.Err = fmt.Errorf("%s: %w", tooManyRecipientsSays, de.Err)
	case oneMailPerConnection.MatchString(se.Error()):
		// Too many mails in one connection cannot be the account's (one
		// mail a connection): the next connection starts again.
		de.Outcome, de.Mailbox, de.Refused = OutcomeRetry, false, nil
	case sendingThrottle.MatchString(se.Error()):
		// A short pause of the account's sending: the next item would
		// meet it too, and nobody's address is at fault.
		de.Outcome, de.Mailbox, de.Throttle = OutcomeRetry, true, true
	case se.Reason == mail.ErrSMTPMailFrom:
		// The sender refused (account blocked from sending, an alias not
		// allowed): the mailbox's trouble, whatever the item, unless it
		// is a send_as address refused for good.
		de.Outcome, de.Mailbox = OutcomeRetry, true
		if !se.IsTemp() {
			sendAsRefused(de, se, acct, item)
		}
	case se.Reason == mail.ErrSMTPRcptTo:
		if byRecipient(de, se, item) {
			sendAsRefused(de, se, acct, item) // a 5xx about the sender
		}
	}
	return de
}

// recipientsWait reports whether err is a retry at RCPT for the
// recipients' sake (4xx answers: a full mailbox, greylisting), not the
// mailbox's.
func recipientsWait(err error) bool {
	var de *DeliveryError
	var se *mail.SendError
	return errors.As(err, &de) && de.Outcome == OutcomeRetry && !de.Mailbox &&
		errors.As(err, &se) && se.Reason == mail.ErrSMTPRcptTo
}

// sendAsRefused makes a sender refused for good, where the item goes out
// from one of the mailbox's send_as addresses or its owner's address and
// the server's answer says the login may not send as it (sendAsDenied),
// the item's failure: the alias removed on the server, a typo in send_as,
// no send-as right, which retrying for hours does not change and which
// says nothing of the mailbox's own mail. It fails at once, saying which
// key to fix, and the mailbox is not held for it. Any other refusal of the
// sender ("5.1.8 Access denied, bad outbound sender", "5.7.57 Client not
// authenticated") is the account's, whatever address the item is from:
// the mailbox is held and tried again, as for the login's own address.
func sendAsRefused(de *DeliveryError, se *mail.SendError, acct Account, item keepwarm.OutboxItem) {
	from := item.From.Email
	if strings.EqualFold(from, acct.Username) || !sendAsDenied.MatchString(serverWords(se.Error())) {
		return
	}
	says := SendAsRefused
	switch {
	case slices.ContainsFunc(acct.SendAs, func(a string) bool { return strings.EqualFold(a, from) }):
	case acct.Owner != "" && strings.EqualFold(from, acct.Owner):
		// The owner's own address, sent from by a login that is not it.
		says = OwnerRefused
		if acct.OwnerHasOther {
			says = OwnerRefusedElsewhere
		}
	default:
		return
	}
	de.Outcome, de.Mailbox, de.LoginRefused, de.Refused = OutcomeFailed, false, false, nil
	de.Err = fmt.Errorf("%s: %w", fmt.Sprintf(says, acct.Username, from, acct.Mailbox), de.Err)
}

// sendAsDenied matches a server's answer that the login may not send as
// the mail's sender, and nothing else about the account: Microsoft 365's
// "5.7.60 SMTP; Client does not have permissions to send as this sender"
// (SendAsDenied), Postfix's reject_sender_login_mismatch "Sender address
// rejected: not owned by user …", and the "does not match the
// authenticated user" / "must equal authorized user" of other servers,
// and the Chinese providers' Exmail/QQ "mail from address must be same as
// authorization user", Sina's "Envelope sender mismatch with login user",
// Aliyun's "mail from account doesn't conform with authentication".
var sendAsDenied = regexp.MustCompile(`(?i)(?:^|[^0-9.])5\.7\.60\b|SendAsDenied|not owned by|permissions? to send as|not allowed to send as|(?:does not|doesn't|not) match(?:es)? (?:the |your )?(?:authenticated|authorized|login)|must (?:equal|match) (?:the )?(?:authenticated|authorized)|must be (?:the )?same as (?:the )?(?:authori[sz]|authenticat|login)|sender mismatch|(?:does not|doesn'?t|not) conform(?:s)? (?:with|to) (?:the )?(?:authenticat|login)`)

// SendAsRefused is what an item sent from a send_as address the server
// refused for good says (the login, the address, the mailbox), before the
// server's answer.
const SendAsRefused = "the server does not let %s send as %s: remove it from send_as for mailbox %s, or give the login the right to send as it"

// OwnerRefused is what an item sent from the mailbox owner's address (the
// thread ran from it) by a login that is not it says, when the server
// refused it for good.
const OwnerRefused = "the server does not let %s send as %s, the owner's address the thread ran from: on mailbox %s set username to it if the server takes it as the login, or give the login the right to send as it"

// OwnerRefusedElsewhere is OwnerRefused for a mailbox whose owner has
// another mailbox too (the team's sales@ beside her own): logging this one
// in as her address would sync her other mailbox twice, so only the right
// to send as it is advised.
const OwnerRefusedElsewhere = "the server does not let %s send as %s, the owner's address the thread ran from: give the login of mailbox %s the right to send as it"

// sendingLimit matches a server's answer that the account reached its
// sending limit: Gmail's "550 5.4.5 Daily user sending limit exceeded",
// Microsoft 365's "554 5.2.0 ... SubmissionQuotaExceededException", and
// the like. Not a recipient's full mailbox (5.2.2), not a 4.4.5 (the
// server's congestion, a disk full: a plain 4xx retry), and not "4.4.5"
// inside an IP address: 5.4.5 counts only where an answer's enhanced code
// stands, right after its reply code.
//
// NetEase (163, 126, qiye.163) and Tencent answer with codes of their own
// and no enhanced code: NetEase's "550 RP:TRC" (recipients over the day's
// limit) and "MI:STC" (mails over the day's limit) are the day's limit.
var sendingLimit = regexp.MustCompile(`(?i)(?:^|: |, )5[0-9][0-9][ -]5\.4\.5\b|SubmissionQuotaExceeded|sending (limit|quota)|daily (user )?sending|\b(?:RP:TRC|MI:STC)\b`)

// sendingThrottle matches the short-term rate limits of NetEase
// ("MI:SFQ": too many mails in 15 minutes, "RP:QRC": too many recipients
// lately, "HL:IFC"/"HL:ICC": the IP sends too much) and Tencent ("Ip
// frequency limited", "Connection frequency limited"), at whichever
// command, 4xx or 5xx: the account's sending is paused, nothing is wrong
// with the recipients, so the mailbox waits and the item is tried again.
var sendingThrottle = regexp.MustCompile(`(?i)\b(?:MI:SFQ|RP:QRC|HL:(?:IFC|ICC))\b|frequency limited|too frequent`)

// tooManyRecipients and oneMailPerConnection match NetEase's limits of one
// connection: "RP:DRC", too many recipients in it, which with one mail a
// connection is this mail's To and Cc; "MI:DMC", too many mails in it.
var (
	tooManyRecipients    = regexp.MustCompile(`\bRP:DRC\b`)
	oneMailPerConnection = regexp.MustCompile(`\bMI:DMC\b`)
)

// tooManyRecipientsSays is what a mail failed for too many recipients
// (RP:DRC) says: keepwarm cannot leave any of them out by itself, as a
// step goes to whom the followed-up mail went, so the salesperson can.
const tooManyRecipientsSays = "too many recipients in one mail for the mail provider: keepwarm cannot send it to fewer of them by itself; send it yourself from your mail client, to fewer addresses at a time"

// byRecipient decides a refusal at RCPT by each recipient's own answer:
// go-mail keeps only the last one's code, so a mailbox full (452) before
// an address that does not exist (550) would fail the item and flag both
// as bounced, and the other way round retry a dead address for hours.
// Only an answer that the address does not exist (rcptAddress) refuses a
// recipient for good: the item fails with those alone in Refused (flagged
// as bounced; a follow-up step is done again for the others, the 4xx ones
// included). An answer about the sender, the login or the relay (a
// Postfix "Sender address rejected" at RCPT, "Relay access denied") is
// the mailbox's trouble, as a
// refusal at MAIL FROM is: the item waits with the mailbox and nobody is
// flagged. Any other 5xx (a policy, spam) fails the item without flagging
// anyone; with only 4xx refusals it is retried. When the answers cannot
// be matched to the recipients, nobody is flagged. A 4xx about the
// sender, the relay or the sending host is the mailbox's too, for a while:
// retried with the mailbox, not as the recipients' wait. senderRefused
// says a 5xx refused the sender.
func byRecipient(de *DeliveryError, se *mail.SendError, item keepwarm.OutboxItem) (senderRefused bool) {
	codes, ok := rcptCodes(se.Error())
	if !ok {
		de.Refused = nil
		return false
	}
	mine := map[string]bool{}
	for _, a := range append(append([]keepwarm.Address{}, item.To...), item.Cc...) {
		mine[strings.ToLower(a.Email)] = true
	}
	var refused []string
	temp, other, sender, senderTemp, many, manyTemp := false, false, false, false, false, false
	for _, rc := range codes {
		switch {
		case tooManyRecipients.MatchString(rc.answer) && rc.code >= 500:
			// Too many recipients for one mail (NetEase's RP:DRC):
			// nobody's address is at fault.
			many = true
		case tooManyRecipients.MatchString(rc.answer):
			// Its 4xx: the limit is one connection's, and the next has
			// the same recipients, so it recurs. Tried once more, then
			// failed as the 5xx is.
			temp, manyTemp = true, true
			if item.Attempts >= 2 {
				many = true
			}
		case rc.code >= 500 && rcptKind(rc) == rcptSender:
			sender = true
		case rc.code >= 500 && rcptKind(rc) == rcptAddress && mine[rc.addr]:
			refused = append(refused, rc.addr)
		case rc.code >= 500:
			other = true
		case rc.code >= 400 && rcptKind(rc) == rcptSender:
			// "454 4.7.1 Relay access denied", "450 4.7.1 Client host
			// rejected": the mailbox's trouble for a while, whoever the
			// recipients are, not theirs to wait for.
			senderTemp = true
		case rc.code >= 400:
			temp = true
		}
	}
	if sender || senderTemp {
		de.Outcome, de.Mailbox, de.Refused = OutcomeRetry, true, nil
		return sender
	}
	de.Refused = refused
	switch {
	case len(refused) > 0 || other || many:
		de.Outcome = OutcomeFailed
	case temp:
		de.Outcome = OutcomeRetry
	}
	if (many || manyTemp) && len(refused) == 0 {
		de.Err = fmt.Errorf("%s: %w", tooManyRecipientsSays, de.Err)
	}
	return false
}

type rcptCode struct {
	addr   string
	code   int
	answer string // the server's whole answer, "550 5.1.1 <a@b>: user unknown"
}

// What a 5xx answer at RCPT says.
const (
	rcptOther   = iota // refused for another reason (a policy, spam): nobody is flagged
	rcptAddress        // the address does not exist: a bounce
	rcptSender         // the sender, the login or the relay: the mailbox's trouble
)

// enhancedCode reads the RFC 3463 code after a reply code ("5.1.1").
var enhancedCode = regexp.MustCompile(`^[245][0-9][0-9][ -]([245])\.([0-9]{1,3})\.([0-9]{1,3})\b`)

// qmailCode reads the enhanced code qmail writes at the end of its answer
// ("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)").
var qmailCode = regexp.MustCompile(`\(#([245])\.([0-9]{1,3})\.([0-9]{1,3})\)`)

// echoedAddress matches an address a server repeats in its answer ("550
// <sender@buyer.example>: no such user", "550 5.1.1 info@policy.example
// unknown"): its words are the customer's, not the server's.
var echoedAddress = regexp.MustCompile(`<[^<>]*>|[^\s<>()\[\]:;,"']+@[^\s<>()\[\]:;,"']+`)

// serverWords is the answer without the addresses it repeats, for
// senderWords and notAddressWords to read.
func serverWords(answer string) string {
	return echoedAddress.ReplaceAllString(answer, " ")
}

// senderWords are what an answer at RCPT says when the sender, the login
// or the relay is refused, not the recipient (Postfix's reject_sender_login_mismatch
// "Sender address rejected: not owned by user", "Relay access denied",
// Microsoft 365's "SendAsDenied", "Client host rejected", qmail's "isn't in
// my list of allowed rcpthosts").
var senderWords = regexp.MustCompile(`(?i)sender|relay(ing)? (access )?(denied|not (permitted|allowed))|(unable to|do not|does not|cannot) relay|not owned|authenticat|client host|send ?as\b|not permitted to send|rcpthosts`)

// notAddressWords are what a bare 550/551/553 says when it refuses the
// mail rather than the address.
var notAddressWords = regexp.MustCompile(`(?i)polic|spam|block|denied|reputation|listed|virus|content|limit|frequen|quota|exceed`)

// rcptKind says what a 5xx answer at RCPT is about. Only 5.1.x (bad
// mailbox, bad domain, null MX) says the address does not exist, save
// 5.1.7 and 5.1.8 (the sender's address); without an enhanced code, or
// with the vague X.0.0, a 550, 551 or 553 does unless its text says
// otherwise. The words are read without the addresses the answer repeats
// ("<sender@buyer.example>" is a customer's address, not a refused sender).
func rcptKind(rc rcptCode) int {
	words := serverWords(rc.answer)
	m := enhancedCode.FindStringSubmatch(rc.answer)
	if m == nil {
		m = qmailCode.FindStringSubmatch(rc.answer)
	}
	if m != nil && (m[2] != "0" || m[3] != "0") {
		switch {
		case m[2] == "1" && (m[3] == "7" || m[3] == "8" || m[3] == "0" && senderWords.MatchString(words)):
			return rcptSender
		case m[2] == "1":
			// "User unknown in relay recipient table" is still an
			// unknown user.
			return rcptAddress
		case senderWords.MatchString(words):
			return rcptSender
		case m[2] == "7" && (m[3] == "0" || m[3] == "57" || m[3] == "60"):
			// Authentication required, not authenticated, not allowed
			// to send as this sender.
			return rcptSender
		}
		return rcptOther
	}
	if senderWords.MatchString(words) {
		return rcptSender
	}
	switch rc.code {
	case 550, 551, 553:
		if notAddressWords.MatchString(words) {
			return rcptOther
		}
		return rcptAddress
	}
	return rcptOther
}

// replyStart finds where each server answer begins in go-mail's list of
// RCPT errors ("452 4.2.2 mailbox full, 550 5.1.1 no such user").
var replyStart = regexp.MustCompile(`(?:^|, )([2-5][0-9][0-9])[ -]`)

// rcptCodes reads go-mail's text for a refusal at RCPT, "sending SMTP RCPT
// TO command: <answer>, <answer>, affected recipient(s): a, b", and pairs
// each refused recipient with its answer, in order (go-mail appends one
// answer and one recipient per refused RCPT, then perhaps the RSET's
// error). ok is false when they cannot be paired.
func rcptCodes(text string) (out []rcptCode, ok bool) {
	answers, list, found := strings.Cut(text, ", affected recipient(s): ")
	if !found {
		return nil, false
	}
	list, _, _ = strings.Cut(list, ", affected message ID")
	_, answers, _ = strings.Cut(answers, ": ")
	starts := replyStart.FindAllStringSubmatchIndex(answers, -1)
	addrs := strings.Split(list, ", ")
	if len(starts) < len(addrs) {
		return nil, false
	}
	for i, a := range addrs {
		code, _ := strconv.Atoi(answers[starts[i][2]:starts[i][3]])
		end := len(answers)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		out = append(out, rcptCode{addr: strings.ToLower(strings.Trim(strings.TrimSpace(a), "<>")), code: code,
			answer: strings.TrimSpace(answers[starts[i][2]:end])})
	}
	return out, true
}

// classify maps a go-mail error to an outcome. The rule that matters: once
// the message content has started to flow, a failure without a reply code
// is ambiguous (the server may have queued it before the link broke), so it
// is uncertain, never retried.
func classify(err error) *DeliveryError {
	var se *mail.SendError
	if !errors.As(err, &se) {
		// Dial, TLS or AUTH failures: nothing was handed over, and the
		// mailbox's next item would fare the same.
		return &DeliveryError{Outcome: OutcomeRetry, Mailbox: true, LoginRefused: loginRefused(err), Err: err}
	}
	code := se.ErrorCode()
	switch {
	case se.IsTemp() || (code >= 400 && code < 500):
		return &DeliveryError{Outcome: OutcomeRetry, Code: code, Err: err}
	case code >= 500:
		return &DeliveryError{Outcome: OutcomeFailed, Code: code, Err: err}
	case se.Reason == mail.ErrWriteContent || se.Reason == mail.ErrSMTPDataClose:
		return &DeliveryError{Outcome: OutcomeUncertain, Err: err}
	case se.Reason == mail.ErrGetSender || se.Reason == mail.ErrGetRcpts || se.Reason == mail.ErrNoUnencoded:
		return &DeliveryError{Outcome: OutcomeFailed, Err: err}
	}
	// MAIL FROM, RCPT, DATA command or connection check without a code: the
	// content was never sent.
	return &DeliveryError{Outcome: OutcomeRetry, Err: err}
}

// loginRefused says whether err is go-mail's "SMTP AUTH failed" with the
// server's 5xx answer (535 authentication failed), not a broken link.
func loginRefused(err error) bool {
	var te *textproto.Error
	return strings.Contains(err.Error(), "SMTP AUTH failed") && errors.As(err, &te) && te.Code >= 500
}

// SMTPAuthOff says whether an SMTP login was refused because the server
// takes no SMTP AUTH for the account, whoever signs in: Microsoft 365's
// "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is
// disabled for the Tenant" (or "... for the Mailbox").
func SMTPAuthOff(err error) bool {
	s := err.Error()
	return strings.Contains(s, "5.7.139") || strings.Contains(strings.ToLower(s), "smtpclientauthentication is disabled")
}

// newSMTPClient builds a go-mail client for acct; onConn, when set, is
// given each connection it opens. With OAuth2 it also returns the access
// token the client will present, for Invalidate when the server refuses it.
func newSMTPClient(ctx context.Context, acct Account, onConn func(net.Conn)) (*mail.Client, string, error) {
	u, port, err := parseSMTPURL(acct.SMTPURL)
	if err != nil {
		return nil, "", err
	}
	host := u.Hostname()
	tlsConf := acct.TLSConfig
	if tlsConf == nil {
		tlsConf = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	opts := []mail.Option{
		mail.WithPort(port),
		mail.WithTLSConfig(tlsConf),
		mail.WithTimeout(DefaultSendTimeout),
		mail.WithHELO(heloName(acct)),
		mail.WithDialContextFunc(smtpDialer(acct, tlsConf, u.Scheme == "smtps", onConn)),
	}
	if acct.Timeout > 0 {
		opts = append(opts, mail.WithTimeout(acct.Timeout))
	}
	encrypted := true
	var tok string
	switch u.Scheme {
	case "smtps":
		// The dialer does the TLS handshake: go-mail's WithSSL would not
		// run one over a custom dialer.
	case "smtp":
		switch u.Query().Get("starttls") {
		case "", "mandatory":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
		case "opportunistic":
			opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
			encrypted = false
		case "none":
			opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
			encrypted = false
		}
	}
	if u.Scheme == "smtps" {
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	switch mech := strings.ToLower(acct.Auth); {
	case mech == AuthOAuth2 || mech == "xoauth2" || mech == "oauthbearer":
		tok, err = token(ctx, acct.Token, acct.Mailbox)
		if err != nil {
			return nil, "", err
		}
		a := &smtpOAuth{user: acct.Username, token: tok, host: host, port: port}
		if mech != AuthOAuth2 {
			a.mech = strings.ToUpper(mech)
		}
		opts = append(opts, mail.WithSMTPAuthCustom(a))
	case acct.Username != "" && mech == "" && u.Scheme == "smtps":
		// Auto-discovery as go-mail does it over its own TLS: it cannot see
		// that the connection our dialer returns is already encrypted.
		opts = append(opts, mail.WithOpportunisticSMTPAuth(mail.SMTPAuthSCRAMSHA256PLUS, mail.SMTPAuthSCRAMSHA256,
			mail.SMTPAuthSCRAMSHA1PLUS, mail.SMTPAuthSCRAMSHA1, mail.SMTPAuthCramMD5, mail.SMTPAuthPlain, mail.SMTPAuthLogin),
			mail.WithUsername(acct.Username), mail.WithPassword(acct.Password))
	case acct.Username != "" && mech != "none":
		auth, err := authType(acct.Auth, encrypted)
		if err != nil {
			return nil, "", err
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(acct.Username), mail.WithPassword(acct.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, "", fmt.Errorf("mailsync: smtp client for %s: %w", acct.Mailbox, err)
	}
	return c, tok, nil
}

// smtpDialer connects through the account's DialFunc (a proxy, or
// directly), bounds the server's silence with a watchdog, and for smtps
// runs the TLS handshake itself.
func smtpDialer(acct Account, tlsConf *tls.Config, implicitTLS bool, onConn func(net.Conn)) mail.DialContextFunc {
	to := acct.Timeouts.WithDefaults()
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		dial := acct.Dial
		if dial == nil {
			dial = directDial(&net.Dialer{Timeout: to.Dial, KeepAlive: 30 * time.Second})
		}
		dctx, cancel := context.WithTimeout(ctx, to.Dial)
		raw, err := dial(dctx, network, addr)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("dial %s: %w", addr, err)
		}
		if onConn != nil {
			onConn(raw)
		}
		dog := &watchdog{Conn: raw}
		dog.set(to.Command)
		if !implicitTLS {
			return dog, nil
		}
		tc, err := tlsHandshake(ctx, dog, tlsConf, to.TLS)
		if err != nil {
			raw.Close()
			return nil, fmt.Errorf("TLS with %s: %w", addr, err)
		}
		return tc, nil
	}
}

func heloName(acct Account) string {
	if _, domain, ok := strings.Cut(acct.Username, "@"); ok && domain != "" {
		return domain
	}
	return "localhost"
}

func authType(name string, encrypted bool) (mail.SMTPAuthType, error) {
	switch strings.ToLower(name) {
	case "":
		if encrypted {
			return mail.SMTPAuthAutoDiscover, nil
		}
		// go-mail refuses PLAIN over plain text except to a loopback host.
		return mail.SMTPAuthPlain, nil
	case "plain":
		return mail.SMTPAuthPlain, nil
	case "login":
		return mail.SMTPAuthLogin, nil
	case "cram-md5":
		return mail.SMTPAuthCramMD5, nil
	case "scram-sha-256":
		return mail.SMTPAuthSCRAMSHA256, nil
	}
	return "", keepwarm.Errorf(keepwarm.EINVALID, "mailsync: unknown SMTP auth %q", name)
}

// parseSMTPURL checks an SMTP URL and returns it with its port.
func parseSMTPURL(raw string) (*url.URL, int, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, 0, keepwarm.Errorf(keepwarm.EINVALID, "bad SMTP URL: %v", err)
	}
	if u.Hostname() == "" {
		return nil, 0, keepwarm.Errorf(keepwarm.EINVALID, "SMTP URL %q has no host", raw)
	}
	port := 587
	switch u.Scheme {
	case "smtps":
		port = 465
	case "smtp":
		switch st := u.Query().Get("starttls"); st {
		case "", "mandatory", "opportunistic", "none":
		default:
			return nil, 0, keepwarm.Errorf(keepwarm.EINVALID, "SMTP URL %q: starttls=%q, want mandatory, opportunistic or none", raw, st)
		}
	default:
		return nil, 0, keepwarm.Errorf(keepwarm.EINVALID, "SMTP URL %q: scheme must be smtp or smtps", raw)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return nil, 0, keepwarm.Errorf(keepwarm.EINVALID, "SMTP URL %q: bad port", raw)
		}
		port = n
	}
	return u, port, nil
}

// boundary derives the MIME boundary from the Message-ID, so composing the
// same item twice gives the same bytes (what was sent is what is filed). It
// is hex only, as common clients make them, and unpredictable since the
// Message-ID is random.
func boundary(messageID string) string {
	sum := sha256.Sum256([]byte("boundary:" + messageID))
	return "0000" + hex.EncodeToString(sum[:14]) // no tspecials: go-mail does not quote it
}
