package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// Cookie names. The session cookie holds a random token whose SHA-256 is the
// session's key in the database; the pre-session cookie anchors the CSRF
// token of the sign-in forms before anyone is signed in. Over https the
// pre-session cookie is securePreCookie: a browser takes a __Host- cookie
// only from this host itself, Secure and for Path=/, so a sibling
// subdomain (the company's www site) cannot set one for it.
//
// The session cookie is __Host- prefixed over https too
// (secureSessionCookie), and the tokens of sessions started over https
// begin with hostTokenPrefix: a plain kw_session, which a sibling
// subdomain can set for the parent domain, is read over https only with a
// token from before (a session started before keepwarm named it so, or
// over http), and is given the new name when seen (reissue), so that
// nobody is signed out by the upgrade. Every cookie of a name is tried,
// not only the first a browser sends.
const (
	sessionCookie       = "kw_session"
	secureSessionCookie = "__Host-kw_session"
	hostTokenPrefix     = "h."
	deviceCookie        = "kw_device"
	secureDeviceCookie  = "__Host-kw_device"
	preCookie           = "kw_pre"
	securePreCookie     = "__Host-kw_pre"
	langCookie          = "kw_lang"
	csrfField           = "csrf"
)

type ctxKey int

const (
	keyPerson ctxKey = iota
	keySession
	keyCSRF
	keyLang
)

// newToken returns 32 random bytes, base64url: the secret in a link or cookie.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashToken is what the database keeps of a token.
func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// csrfToken derives a form token from the session (or pre-session) secret:
// a page from another site cannot read it, and it needs no storage.
func csrfToken(secret string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("keepwarm csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// preToken is the CSRF token of the sign-in forms: an HMAC of the
// pre-session cookie's value under the server's own key, so that knowing
// (or choosing) a cookie value is not enough to write its token.
func (s *Server) preToken(pre string) string {
	m := hmac.New(sha256.New, s.preKey)
	m.Write([]byte("keepwarm pre-session csrf\x00"))
	m.Write([]byte(pre))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// preValue is the request's pre-session cookie value, "" when there is
// none of the length this server gives out.
func (s *Server) preValue(r *http.Request) string {
	if c, err := r.Cookie(s.preCookie()); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	return ""
}

// deviceCookie is the device cookie's name: __Host- prefixed over https.
// The device cookie is a random value a browser keeps for DeviceFor,
// through sign-outs; the sessions started in it keep its SHA-256, so a
// sign-in request from it for one of their addresses is known to come
// from that person's browser whatever IP it comes from (knownDevice).
func (s *Server) deviceCookie() string {
	if s.secure {
		return secureDeviceCookie
	}
	return deviceCookie
}

// deviceValue is the request's device cookie value, "" when there is none
// of the length this server gives out.
func (s *Server) deviceValue(r *http.Request) string {
	if v := s.deviceValues(r); len(v) > 0 {
		return v[0]
	}
	return ""
}

// deviceValues are the request's device cookie values of the length this
// server gives out, at most maxDeviceCookies. Over http a page on a
// sibling host can set kw_device for the parent domain and for its own,
// each for /signin and for / (four cookies), and the browser sends those
// before keepwarm's own, so every one is read, up to a bound well past
// what a domain's hosts can set in earnest.
func (s *Server) deviceValues(r *http.Request) []string {
	var out []string
	for _, c := range r.CookiesNamed(s.deviceCookie()) {
		if len(c.Value) >= 32 && !slices.Contains(out, c.Value) {
			out = append(out, c.Value)
		}
		if len(out) == maxDeviceCookies {
			break
		}
	}
	return out
}

// maxDeviceCookies bounds the device cookies of one request looked up.
const maxDeviceCookies = 16

// preCookie is the pre-session cookie's name: __Host- prefixed over https.
func (s *Server) preCookie() string {
	if s.secure {
		return securePreCookie
	}
	return preCookie
}

// sessionCookie is the session cookie's name: __Host- prefixed over https.
func (s *Server) sessionCookie() string {
	if s.secure {
		return secureSessionCookie
	}
	return sessionCookie
}

// maxSessionCookies bounds the session cookies of one request looked up.
const maxSessionCookies = 4

// sessionTokens are the session tokens the request carries, the ones
// this server gives out first: over https those of __Host-kw_session,
// then those of a plain kw_session from before it was named so.
func (s *Server) sessionTokens(r *http.Request) []string {
	var out []string
	if s.secure {
		for _, c := range r.CookiesNamed(secureSessionCookie) {
			if c.Value != "" {
				out = append(out, c.Value)
			}
		}
	}
	for _, c := range r.CookiesNamed(sessionCookie) {
		if c.Value != "" && !(s.secure && strings.HasPrefix(c.Value, hostTokenPrefix)) {
			out = append(out, c.Value)
		}
	}
	if len(out) > maxSessionCookies {
		out = out[:maxSessionCookies]
	}
	return out
}

// reissue gives a session found under the plain kw_session over https
// the __Host- name (until it expires), and drops the plain one.
func (s *Server) reissue(w http.ResponseWriter, r *http.Request, ss Session, tok string) {
	if !s.secure {
		return
	}
	for _, c := range r.CookiesNamed(secureSessionCookie) {
		if c.Value == tok {
			return
		}
	}
	left := ss.ExpiresAt.Sub(s.clock.Now())
	if left < time.Second {
		return
	}
	http.SetCookie(w, s.cookie(secureSessionCookie, tok, left))
	http.SetCookie(w, s.cookie(sessionCookie, "", -1))
}

func (s *Server) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode}
	if maxAge > 0 {
		c.MaxAge = int(maxAge / time.Second)
	} else if maxAge < 0 {
		c.MaxAge = -1
	}
	return c
}

// clientIP is the address the rate limits count: the peer's, or, when the
// peer is a trusted proxy, the client its headers name, unless it passes on
// the client's own header (namedByProxy).
func (s *Server) clientIP(r *http.Request) string {
	ip, _ := s.namedByProxy(r)
	return ip
}

// client is the request's client address and whether it is known: the
// peer's, or, when the peer is a trusted proxy, the client named in the
// header the proxy wrote: X-Forwarded-For, or RFC 7239 Forwarded's for=.
// Each is read right to left (what a client writes itself is to the left
// of what the proxies add, and is not believed), skipping trusted proxies
// up to the first address that is not one. named is false when a trusted
// proxy's request names no client keepwarm can believe: no header, an
// empty one, an obfuscated hop (for=_hidden, unknown) before any client,
// none but trusted proxies, an unlisted proxy on this machine or a local
// network after the client (one seen forwarding for two different
// clients: forwardsForOthers), or both headers not naming the same client (a
// proxy writes one of them, and leaves the other, which the client may
// have written, as it came).
// The address is then the proxy's own, shared by every client behind it.
func (s *Server) client(r *http.Request) (ip string, named bool) {
	ip, named, _ = s.clientOf(r)
	return ip, named
}

// clientOf is client, and whether the request named no client because it
// carried both headers and one names a client the other does not: the
// proxy writes one and passes the other on as it came, so a client that
// writes the other itself (Forwarded: for=6.6.6.6 through nginx) has its
// request counted as the proxy's, and the proxy may well be set up
// right.
func (s *Server) clientOf(r *http.Request) (ip string, named, conflict bool) {
	c := s.forwarded(r)
	return c.ip, c.named, c.conflict
}

// forwardedClient is what a request's forwarding headers say of its
// client (forwarded).
type forwardedClient struct {
	ip              string
	named, conflict bool
	peer            netip.Addr // the trusted proxy the request came from
	header          string     // the header hops is of, when it named no client
	hops            hopsOutcome
}

// forwarded is clientOf with, when a trusted proxy's request names no
// client, the hops that say why (for noteForwarded).
func (s *Server) forwarded(r *http.Request) forwardedClient {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !s.trusted(peer) {
		return forwardedClient{ip: host, named: true}
	}
	peer = peer.Unmap()
	unnamed := forwardedClient{ip: peer.String(), peer: peer}
	xff, hasXFF := xffHops(r.Header)
	fwd, hasFwd := forwardedHops(r.Header)
	switch {
	case hasXFF && hasFwd:
		x, f := s.hopsClient(xff), s.hopsClient(fwd)
		if x.ok && f.ok && x.client == f.client {
			return forwardedClient{ip: x.client.String(), named: true, peer: peer}
		}
		unnamed.conflict = x.ok || f.ok
		unnamed.header, unnamed.hops = "X-Forwarded-For", x
		if !x.unlisted.IsValid() && !x.farthest.IsValid() {
			unnamed.header, unnamed.hops = "Forwarded", f
		}
		return unnamed
	case hasXFF, hasFwd:
		h, hops := "X-Forwarded-For", xff
		if hasFwd {
			h, hops = "Forwarded", fwd
		}
		o := s.hopsClient(hops)
		if o.ok {
			return forwardedClient{ip: o.client.String(), named: true, peer: peer}
		}
		unnamed.header, unnamed.hops = h, o
		return unnamed
	}
	return unnamed
}

// hopsOutcome is what a forwarding header's hops say: the client, or why
// they name none.
type hopsOutcome struct {
	client netip.Addr
	ok     bool
	// unlisted is the first hop not listed when it is on this machine or
	// a local network, has a hop to its left (left, when that is an
	// address) and has been seen forwarding for two different clients
	// (forwardsForOthers): a proxy that forwarded someone else's
	// request, which web.trusted_proxies does not list.
	unlisted netip.Addr
	left     netip.Addr
	// farthest is the farthest hop when every hop is listed, and proxies
	// the listed hops to its right.
	farthest netip.Addr
	proxies  []netip.Addr
}

// hopsClient is the client the hops name, read right to left past the
// trusted proxies: the first address that is not one. Not ok when a hop
// that is no address (empty, unknown, _hidden) comes first; when every
// hop is a trusted proxy (a load balancer's node address that the listed
// range holds, a second proxy on this machine that writes no header, an
// office LAN listed by mistake): the proxies name no client, and the
// farthest of them, shared by every client behind it, is not one; and
// when the first unlisted hop is on this machine or a local network, has
// another hop to its left, and has been seen forwarding for two different
// clients: it forwards other people's requests (a load balancer or a
// second proxy in front that web.trusted_proxies does not list), so it is
// shared by every client behind it too, and what it passed on was not
// checked by a listed proxy. Until it is seen forwarding for a second
// client it is the client: a PC, a scanner or a browser extension writes
// X-Forwarded-For itself, and is not to be taken for a proxy.
func (s *Server) hopsClient(hops []string) hopsOutcome {
	var o hopsOutcome
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := hopAddr(hops[i])
		if !ok {
			return hopsOutcome{}
		}
		if a = a.Unmap(); !s.trusted(a) {
			if i > 0 && (a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast()) {
				left, _ := hopAddr(hops[i-1])
				if left = left.Unmap(); s.forwardsForOthers(a, left) {
					return hopsOutcome{unlisted: a, left: left}
				}
			}
			return hopsOutcome{client: a, ok: true}
		}
		if o.farthest.IsValid() {
			o.proxies = append(o.proxies, o.farthest)
		}
		o.farthest = a
	}
	return o
}

// hopSeen is what forwardsForOthers knows of one unlisted hop.
type hopSeen struct {
	last netip.Addr // the last client seen to its left
	at   time.Time  // when
	// proxy: seen forwarding for a client other than the one before it
	// within hopWindow, last at since. The verdict lapses hopWindow after
	// since: a PC or a scanner that wrote two values once is its own
	// address again a day later.
	proxy bool
	since time.Time
	// warned: logged as an unlisted proxy (noteForwarded), once a hop.
	warned bool
}

// hopWindow is how close together an unlisted hop must be seen forwarding
// for two different clients to be taken for a proxy, and how long that
// verdict holds unless it is seen doing so again; maxHopsSeen bounds the
// hops remembered.
const (
	hopWindow   = 24 * time.Hour
	maxHopsSeen = 256
)

// forwardsForOthers records that the unlisted hop, on this machine or a
// local network, had client (invalid when the hop to its left is no
// address) to its left, and says whether it has been seen forwarding for
// two different clients within hopWindow, the last time no longer than
// hopWindow ago: a proxy or a load balancer. Whether a hop stands to the
// left of a PC's own address is up to that PC (a scanner writes
// X-Forwarded-For: 127.0.0.1), so one client, or the hop's own address, is
// not enough.
func (s *Server) forwardsForOthers(hop, client netip.Addr) bool {
	now := s.clock.Now()
	s.hopsMu.Lock()
	defer s.hopsMu.Unlock()
	h := s.hopsSeen[hop]
	if h != nil && h.proxy && now.Sub(h.since) > hopWindow {
		h.proxy = false
	}
	if !client.IsValid() || client == hop {
		return h != nil && h.proxy
	}
	if h != nil {
		if client != h.last && now.Sub(h.at) <= hopWindow {
			h.proxy, h.since = true, now
		}
		h.last, h.at = client, now
		return h.proxy
	}
	if len(s.hopsSeen) >= maxHopsSeen {
		// A hop not seen for hopWindow is no proxy any more (its
		// verdict, at most as late as at, has lapsed).
		for a, seen := range s.hopsSeen {
			if now.Sub(seen.at) > hopWindow {
				delete(s.hopsSeen, a)
			}
		}
		if len(s.hopsSeen) >= maxHopsSeen {
			return false
		}
	}
	if s.hopsSeen == nil {
		s.hopsSeen = map[netip.Addr]*hopSeen{}
	}
	s.hopsSeen[hop] = &hopSeen{last: client, at: now}
	return false
}

// bareState is what is known of a listed proxy that passed on a request
// naming no client (sawBare): when it last did, whether setting aside a
// header of a request through it was logged since, and the live sessions
// (their tokens' hashes, the latest maxBareSessions) whose requests it
// passed on so, with the device cookies' hashes they were started in
// (noteBareSession): the same browser signed in again (a sign-out, an
// expired session) is known by its device. Only a session the lookup
// found live is remembered, and its stored device, not the cookie the
// request carries: cookies anyone can make up (a stranger's requests,
// each with many) would push the team's out, and once the proxy writes
// the header no request comes without it to remember them again.
type bareState struct {
	at       time.Time
	logged   bool
	sessions []string
	devices  []string
}

// maxBareSessions bounds the sessions a bareState remembers.
const maxBareSessions = 64

// note adds the session whose token hashes to hash, and the device its
// session was started in ("" for none), to those st remembers, the latest
// maxBareSessions of each.
func (st *bareState) note(hash, device string) {
	st.sessions = remember(st.sessions, hash)
	if device != "" {
		st.devices = remember(st.devices, device)
	}
}

// remember adds v to list as its latest, keeping the latest maxBareSessions.
func remember(list []string, v string) []string {
	if i := slices.Index(list, v); i >= 0 {
		list = slices.Delete(list, i, i+1)
	}
	list = append(list, v)
	if n := len(list) - maxBareSessions; n > 0 {
		list = slices.Delete(list, 0, n)
	}
	return list
}

// passedBare says whether c is of a request the listed proxy c.peer passed
// on naming no client for want of a header it writes (noteForwarded's
// sawBare): no client in the header, no two headers at odds, and no hop
// that names only listed addresses or an unlisted proxy.
func passedBare(c forwardedClient) bool {
	return c.peer.IsValid() && !c.named && !c.conflict && !c.hops.unlisted.IsValid() && !c.hops.farthest.IsValid()
}

// carriesOurCookie says whether r carries a cookie keepwarm gives out (a
// session, the device cookie or the pre-form cookie): a browser's request,
// not one a monitor or curl on the proxy's machine makes straight to
// web.listen. Through a proxy that writes the header no request names no
// client, so such a request came through one that writes none.
func (s *Server) carriesOurCookie(r *http.Request) bool {
	return len(s.sessionTokens(r)) > 0 || len(s.deviceValues(r)) > 0 || s.preValue(r) != ""
}

// sawBare records that the listed proxy peer passed on a browser's request
// naming no client (no forwarding header, an empty one, or an obfuscated
// hop before any client: nginx with a bare proxy_pass). Which browser it
// was, signedIn notes once its session is found live (noteBareSession).
func (s *Server) sawBare(peer netip.Addr) {
	now := s.clock.Now()
	s.hopsMu.Lock()
	defer s.hopsMu.Unlock()
	if s.bareSeen == nil {
		s.bareSeen = map[netip.Addr]*bareState{}
	}
	if st, ok := s.bareSeen[peer]; ok {
		st.at = now
		return
	}
	if len(s.bareSeen) >= maxHopsSeen {
		for a, st := range s.bareSeen {
			if now.Sub(st.at) > hopWindow {
				delete(s.bareSeen, a)
			}
		}
		if len(s.bareSeen) >= maxHopsSeen {
			return
		}
	}
	s.bareSeen[peer] = &bareState{at: now}
}

// noteBareSession remembers the live session whose token hashes to hash,
// and the device it was started in, whose request the listed proxy peer
// passed on naming no client, for trustAgain.
func (s *Server) noteBareSession(peer netip.Addr, hash, device string) {
	s.hopsMu.Lock()
	defer s.hopsMu.Unlock()
	if st, ok := s.bareSeen[peer]; ok {
		st.note(hash, device)
	}
}

// trustAgain forgets that the listed proxy c came through passed on a
// request naming no client, once a signed-in browser whose request it
// passed on naming none (the same live session, its token hashing to hash,
// or a live session started in the same browser, its stored device cookie
// hashing to device) comes through it naming one: the proxy writes the header now (its
// operator fixed it). Another colleague's browser does not count: one behind an
// office proxy that writes X-Forwarded-For itself (Squid does) names a
// client through a proxy that writes none. A stranger has no live
// session, so cannot end the distrust by writing the header and a
// cookie's name.
func (s *Server) trustAgain(c forwardedClient, hash, device string) {
	if !c.named || !c.peer.IsValid() {
		return
	}
	s.hopsMu.Lock()
	st, bare := s.bareSeen[c.peer]
	if bare && (slices.Contains(st.sessions, hash) || device != "" && slices.Contains(st.devices, device)) {
		delete(s.bareSeen, c.peer)
	} else {
		bare = false
	}
	s.hopsMu.Unlock()
	if bare {
		s.log.Info(fmt.Sprintf("a signed-in browser whose request through %s named no client names one now (%s): %s writes X-Forwarded-For or Forwarded now, and it is believed again", c.peer, c.ip, c.peer))
	}
}

// namedByProxy is client for the sign-in limits: once the listed proxy a
// request came through has passed on a browser's request naming no client,
// it writes no forwarding header, and nginx passes on the one a client
// wrote as it came: a header its requests carry was written by the client,
// who could name any address (one for each request, or the office's, to
// pass for a browser the team signed in from). The request then names no
// client: it is the proxy's shared address, as a request without the
// header is. This holds, however quiet the team is, until a signed-in
// browser whose request it passed on so names a client through it
// (trustAgain).
func (s *Server) namedByProxy(r *http.Request) (ip string, named bool) {
	c := s.forwarded(r)
	if !c.named || !c.peer.IsValid() {
		return c.ip, c.named
	}
	s.hopsMu.Lock()
	st, bare := s.bareSeen[c.peer]
	var at time.Time
	first := false
	if bare {
		at, first = st.at, !st.logged
		st.logged = true
	}
	s.hopsMu.Unlock()
	if !bare {
		return c.ip, c.named
	}
	if first {
		s.log.Warn(fmt.Sprintf("%s passed on a request naming no client at %s (a browser's request with no X-Forwarded-For or Forwarded: the proxy writes no header, and passes on the one a client writes): its X-Forwarded-For is not believed, and every client through it counts as %s for the sign-in limits, until a signed-in browser whose request it passed on with no header comes through it naming a client, or until keepwarm restarts; "+
			"have the proxy add the header (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; HAProxy: option forwardfor; Caddy adds it) (logged once until then)", c.peer, at.UTC().Format(time.RFC3339), c.peer))
	}
	return c.peer.String(), false
}

// hopUnwarned says whether the unlisted hop forwardsForOthers took for a
// proxy is yet to be logged, and marks it logged: each hop is logged once,
// so a PC or scanner taken for one does not keep a load balancer added
// later from being logged.
func (s *Server) hopUnwarned(hop netip.Addr) bool {
	s.hopsMu.Lock()
	defer s.hopsMu.Unlock()
	h := s.hopsSeen[hop]
	if h == nil || h.warned {
		return false
	}
	h.warned = true
	return true
}

// xffHops are the addresses of X-Forwarded-For, farthest first; false
// when the request has no such header.
func xffHops(h http.Header) ([]string, bool) {
	xff := h.Values("X-Forwarded-For")
	if len(xff) == 0 {
		return nil, false
	}
	return strings.Split(strings.Join(xff, ","), ","), true
}

// forwardedHops are the for= of each element of RFC 7239 Forwarded,
// farthest first (for=192.0.2.60, for="[2001:db8::17]:4711",
// for=unknown); false when the request has no such header.
func forwardedHops(h http.Header) ([]string, bool) {
	vals := h.Values("Forwarded")
	if len(vals) == 0 {
		return nil, false
	}
	var hops []string
	for _, elem := range strings.Split(strings.Join(vals, ","), ",") {
		hop := ""
		for _, pair := range strings.Split(elem, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "for") {
				hop = strings.Trim(strings.TrimSpace(v), `"`)
			}
		}
		hops = append(hops, hop) // "" (no for=, an empty element) is no address
	}
	return hops, true
}

// hopAddr reads one forwarded hop: an address, or one with a port
// ("203.0.113.5:41234", "[2001:db8::1]:41234"), as some proxies write it.
func hopAddr(hop string) (netip.Addr, bool) {
	hop = strings.TrimSpace(hop)
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(hop, "["), "]")); err == nil {
		return a, true
	}
	if ap, err := netip.ParseAddrPort(hop); err == nil {
		return ap.Addr(), true
	}
	return netip.Addr{}, false
}

// noteForwarded logs once, for the operator, a proxy whose requests the
// sign-in limits cannot tell clients apart in. A peer on this machine or
// the local network that forwards requests (it sends X-Forwarded-For or
// Forwarded) but is not in web.trusted_proxies: every client behind it
// counts as that one address for the sign-in limits and on /sessions, and
// a stranger's requests use up the team's. A peer on the internet sending
// the header is not taken for a proxy: anyone can write the header, and
// the operator is not to be told to trust them. And a proxy that is
// listed but names no client (nginx adds no X-Forwarded-For unless told):
// the limits then count each address asked for, not each client (see
// signInRequest). A request that named no client only because it carried
// both headers naming different clients is not that: a client can write
// the header its proxy does not, so it neither spends that warning nor
// gives its advice (noteConflict). Nor is a request whose header names
// only listed addresses (the proxy adds the header: a listed range holds
// the client, an office LAN listed by mistake, or a load balancer's node)
// or, after the client, an unlisted proxy on this machine or a local
// network, seen forwarding for two different clients (a PC that writes the
// header itself is no proxy; each such proxy is logged once on its own, so
// a scanner taken for one does not hold back a load balancer), or only the
// listed proxy's own address (a request made on its machine, logged as
// needing no change unless a second proxy there writes no header): each
// is logged once on its own, naming the address, the entry
// that holds it, and what to write in web.trusted_proxies.
func (s *Server) noteForwarded(r *http.Request) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return
	}
	peer = peer.Unmap()
	if s.trusted(peer) {
		c := s.forwarded(r)
		if c.conflict {
			s.noteConflict(peer)
		}
		if c.named || c.conflict {
			return
		}
		if u := c.hops.unlisted; u.IsValid() {
			if !s.hopUnwarned(u) {
				return
			}
			left := "a hop that is no address"
			if c.hops.left.IsValid() {
				left = c.hops.left.String()
			}
			s.log.Warn(fmt.Sprintf("web.trusted_proxies does not list %s, which forwards requests to %s for different clients (%s names %s before it, and others on other requests): every client behind it counts as %s, shared by everyone, for the sign-in limits and on the sessions page; "+
				"if %s is a proxy or a load balancer, add \"%s\" to web.trusted_proxies (a load balancer: its address range); if it is a computer, a program there writes the header itself, and nothing needs changing (logged once)", u, peer, c.header, left, peer, u, hostPrefix(u)))
			return
		}
		if f := c.hops.farthest; f.IsValid() {
			if f == peer && len(c.hops.proxies) == 0 {
				// The proxy names only itself: a request made on
				// its machine, or a second proxy there that
				// writes no header.
				if s.localWarned.Swap(true) {
					return
				}
				s.log.Info(fmt.Sprintf("%s through %s names only %s, the proxy's own address: a request made on that machine (curl, a health check) counts as %s, and nothing needs changing; "+
					"if every request through it does this, a second proxy on that machine writes no header: have it add one (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; HAProxy: option forwardfor; Caddy adds it) (logged once)", c.header, peer, f, peer))
				return
			}
			if p := s.trustedBy(f); f.IsLoopback() || p.Bits() == f.BitLen() {
				if s.frontWarned.Swap(true) {
					return
				}
				// A proxy listed by its own address: the one in
				// front of it wrote it and no client.
				s.log.Warn(fmt.Sprintf("%s through %s names only %s, a proxy web.trusted_proxies lists (%s): the proxy in front of it names no client, so every client counts as %s, shared by everyone, for the sign-in limits and on the sessions page; "+
					"have that proxy add the header (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; HAProxy: option forwardfor; Caddy adds it) (logged once)", c.header, peer, f, p, peer))
				return
			}
			if s.listedWarned.Swap(true) {
				return
			}
			var own []string
			for _, a := range append(c.hops.proxies, peer) {
				if p := `"` + hostPrefix(a) + `"`; !slices.Contains(own, p) {
					own = append(own, p)
				}
			}
			s.log.Warn(fmt.Sprintf("%s through %s names only %s, which web.trusted_proxies' %s holds: every client counts as %s, shared by everyone, for the sign-in limits and on the sessions page; "+
				"if clients come from %s (an office LAN or a VPN listed as if it were a proxy), list only the proxies' own addresses in its place: %s; if %s is a load balancer's node, have it pass on the client's address (Kubernetes: externalTrafficPolicy: Local, or the PROXY protocol) (logged once)",
				c.header, peer, f, s.trustedBy(f), peer, s.trustedBy(f), strings.Join(own, ", "), f))
			return
		}
		if !s.carriesOurCookie(r) {
			// Not a browser's: a request made on the proxy's machine
			// straight to web.listen (curl, a monitor), which says
			// nothing of the proxy.
			if s.directWarned.Swap(true) {
				return
			}
			s.log.Info(fmt.Sprintf("a request from %s names no client and carries no cookie keepwarm gave: if it was made on that machine straight to web.listen (curl, a monitor), it counts as %s and nothing needs changing; a browser's request through the proxy naming no client is logged on its own line (logged once)", peer, peer))
			return
		}
		s.sawBare(peer)
		if s.unnamedWarned.Swap(true) {
			return
		}
		s.log.Warn(fmt.Sprintf("web.trusted_proxies lists %s, but its requests name no client in X-Forwarded-For or Forwarded (a browser's request with none, an empty one, or an obfuscated one before any client): every client counts as %s on the sessions page, and the sign-in limits count each address asked for instead of each client; "+
			"have the proxy add the header (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; HAProxy: option forwardfor; Caddy adds it) (logged once)", peer, peer))
		return
	}
	if s.forwardWarned.Load() || r.Header.Get("X-Forwarded-For") == "" && r.Header.Get("Forwarded") == "" {
		return
	}
	if !(peer.IsLoopback() || peer.IsPrivate() || peer.IsLinkLocalUnicast()) {
		return
	}
	if s.forwardWarned.Swap(true) {
		return
	}
	s.log.Warn(fmt.Sprintf("web.trusted_proxies does not list %s, which forwards requests: every client counts as %s for the sign-in limits and on the sessions page, and a stranger's sign-in requests use up everyone's; add \"%s\" to web.trusted_proxies (logged once)",
		peer, peer, hostPrefix(peer)))
}

// hostPrefix is a's own prefix as web.trusted_proxies is written:
// "10.0.3.7/32", "fd00::7/128".
func hostPrefix(a netip.Addr) string {
	return netip.PrefixFrom(a, a.BitLen()).String()
}

// noteConflict logs, at most once a RateWindow, a request through the
// trusted proxy peer whose X-Forwarded-For and Forwarded name different
// clients. One of them was written by the client; it is counted as the
// proxy's shared address. Often a stranger's doing, not the proxy's, so
// it is not the once-only warning of a proxy naming no client.
func (s *Server) noteConflict(peer netip.Addr) {
	now := s.clock.Now()
	s.bgMu.Lock()
	quiet := !s.conflictLogged.IsZero() && now.Before(s.conflictLogged.Add(RateWindow))
	if !quiet {
		s.conflictLogged = now
	}
	s.bgMu.Unlock()
	if quiet {
		return
	}
	s.log.Warn(fmt.Sprintf("a request through %s carried X-Forwarded-For and Forwarded that do not name the same client (one names none, or another one): one of them was written by the client, so it counts as %s, shared by every client behind the proxy, for the sign-in limits; "+
		"if the proxy writes only one of the two, have it drop the other (nginx writing X-Forwarded-For: proxy_set_header Forwarded \"\"; HAProxy with option forwarded: http-request del-header X-Forwarded-For) (further cases in the next 15 minutes are not logged)", peer, peer))
}

func (s *Server) trusted(a netip.Addr) bool {
	return s.trustedBy(a).IsValid()
}

// trustedBy is the first web.trusted_proxies entry that holds a.
func (s *Server) trustedBy(a netip.Addr) netip.Prefix {
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return p
		}
	}
	return netip.Prefix{}
}

// person returns the signed-in person of a request that passed auth.
func person(r *http.Request) Person {
	p, _ := r.Context().Value(keyPerson).(Person)
	return p
}

func sessionOf(r *http.Request) Session {
	ss, _ := r.Context().Value(keySession).(Session)
	return ss
}

// auth lets a request with a live session through with its person and CSRF
// token in the context. Without one, a GET goes to the sign-in page and
// comes back to where it was going after the one-time link; anything else
// is refused. When the session cannot be looked up (the database is busy
// or failing) the answer is a 503 to try again, never that the session
// ended: it did not, and a new link would not help.
func (s *Server) auth(next http.HandlerFunc) http.HandlerFunc {
	return s.authOr(next, nil)
}

// authOr is auth whose POST (or other non-GET) without a live session is
// answered by ended when it is not nil.
func (s *Server) authOr(next, ended http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ss, tok, ok, err := s.signedIn(r)
		if err != nil {
			s.notChecked(w, r)
			return
		}
		if !ok {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if ended != nil {
				ended(w, r)
				return
			}
			s.message(w, r, http.StatusUnauthorized, lang(r).T("Your session has ended: sign in again."))
			return
		}
		s.reissue(w, r, ss, tok)
		ctx := context.WithValue(r.Context(), keyPerson, p)
		ctx = context.WithValue(ctx, keySession, ss)
		ctx = context.WithValue(ctx, keyCSRF, csrfToken(tok))
		next(w, r.WithContext(ctx))
	}
}

// signedIn finds the request's live session and its person. A session of
// someone no longer on the team signs nobody in. err is a failed lookup
// (logged here), which says nothing about whether the session is live.
func (s *Server) signedIn(r *http.Request) (Person, Session, string, bool, error) {
	for _, tok := range s.sessionTokens(r) {
		ss, err := s.b.Session(r.Context(), hashToken(tok), s.clock.Now())
		if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
			continue // one a sibling site set, or an ended one
		} else if err != nil {
			s.log.Error("session lookup failed", "err", err)
			return Person{}, Session{}, "", false, err
		}
		if ss.SeenErr != nil {
			s.log.Warn("session's last-seen time not recorded; the request goes on", "session", ss.ID, "err", ss.SeenErr)
		}
		p, ok := s.b.Person(ss.Email)
		if !ok {
			// Ended, so that the address put back on the team later (a
			// typo fixed, the address given to a successor) does not sign
			// this browser in again without a new link.
			s.endOffTeam(r.Context(), ss)
			continue
		}
		if c := s.forwarded(r); passedBare(c) {
			s.noteBareSession(c.peer, hashToken(tok), ss.DeviceHash)
		} else {
			s.trustAgain(c, hashToken(tok), ss.DeviceHash)
		}
		return p, ss, tok, true, nil
	}
	return Person{}, Session{}, "", false, nil
}

// endOffTeam ends the session of someone no longer on the team; a failure
// is logged (the session signs nobody in while the address is off the
// team, and is tried again the next time it is seen or at the next start).
func (s *Server) endOffTeam(ctx context.Context, ss Session) {
	err := s.b.EndSession(ctx, ss.ID, s.clock.Now())
	switch {
	case err == nil:
		s.log.Info("session ended: its person is no longer on the team", "session", ss.ID, "email", ss.Email)
	case keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND:
		s.log.Error("ending the session of someone no longer on the team", "session", ss.ID, "err", err)
	}
}

// EndSessionsOffTeam ends the live sessions of everyone no longer on the
// team (a [[salesperson]] or manager removed from the config): `keepwarm
// run` calls it when it starts.
func (s *Server) EndSessionsOffTeam(ctx context.Context) error {
	list, err := s.b.Sessions(ctx, s.clock.Now())
	if err != nil {
		return err
	}
	for _, ss := range list {
		if _, ok := s.b.Person(ss.Email); !ok {
			s.endOffTeam(ctx, ss)
		}
	}
	return nil
}

// liveSessions are the sessions that sign someone in: a session of
// someone no longer on the team is not listed as live.
func (s *Server) liveSessions(ctx context.Context, now time.Time) ([]Session, error) {
	list, err := s.b.Sessions(ctx, now)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(ss Session) bool { _, ok := s.b.Person(ss.Email); return !ok }), nil
}

// notChecked answers a request whose session could not be looked up. It
// does not say the person is still signed in: the lookup is what failed,
// and the session may have been revoked or have expired.
func (s *Server) notChecked(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "5")
	s.message(w, r, http.StatusServiceUnavailable,
		lang(r).T("keepwarm could not check your sign-in just now: try again in a moment."))
}

// form checks a POST's CSRF token before the handler runs: the token of
// the session, or before sign-in of the pre-session cookie. A missing or
// wrong token is a 403.
func (s *Server) form(next http.HandlerFunc) http.HandlerFunc {
	return s.formUpTo(64<<10, next)
}

// formUpTo is form for a form of up to limit bytes as the browser sends
// it.
func (s *Server) formUpTo(limit int64, next http.HandlerFunc) http.HandlerFunc {
	return s.formUpToOr(limit, next, nil)
}

// formUpToOr is formUpTo whose form with a token that is not its live
// session's (the browser was signed in again since the page was opened)
// is answered by stale, when it is not nil, with the form read and the
// live session's person and token in the request's context. stale saves
// nothing: the token is what says the form is the person's own.
func (s *Server) formUpToOr(limit int64, next, stale http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := r.ParseForm(); err != nil {
			var big *http.MaxBytesError
			if errors.As(err, &big) {
				// Nothing of it can be kept: say why, so the
				// person shortens what they pasted.
				s.message(w, r, http.StatusRequestEntityTooLarge, lang(r).T("The form is too large to be read, so nothing was saved: go back, shorten the text and send it again."))
				return
			}
			s.message(w, r, http.StatusBadRequest, lang(r).T("The form could not be read."))
			return
		}
		want, _ := r.Context().Value(keyCSRF).(string)
		if want == "" {
			if pre := s.preValue(r); pre != "" {
				want = s.preToken(pre)
			}
		}
		got := r.PostFormValue(csrfField)
		if got == "" {
			got = r.Header.Get("X-CSRF-Token")
		}
		if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			if _, live := r.Context().Value(keyCSRF).(string); live && want != "" && stale != nil {
				stale(w, r)
				return
			}
			s.message(w, r, http.StatusForbidden, lang(r).T("This form has expired: reload the page and try again."))
			return
		}
		next(w, r)
	}
}

// preCSRF returns the CSRF token for a form shown before sign-in, setting
// the pre-session cookie it derives from when there is none.
func (s *Server) preCSRF(w http.ResponseWriter, r *http.Request) string {
	if pre := s.preValue(r); pre != "" {
		return s.preToken(pre)
	}
	tok, err := newToken()
	if err != nil {
		s.log.Error("random source failed", "err", err)
		return ""
	}
	http.SetCookie(w, s.cookie(s.preCookie(), tok, 0))
	return s.preToken(tok)
}

// safeNext keeps a post-sign-in destination on this site: a path, never
// another host.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return u.RequestURI()
}
