// Package chat posts keepwarm's nudges to team chats through their
// incoming-webhook robots: WeCom (企业微信), DingTalk (钉钉), Feishu (飞书),
// Slack, and a documented generic JSON webhook.
//
// Each platform gets its own format (WeCom and DingTalk markdown, a Feishu
// post, Slack blocks) with its own @-mention, and DingTalk's and Feishu's
// request signatures. The Dispatcher sends the outbox's chat items within
// each platform's rate limit: what waits merges into one message when the
// channel may post again, nothing is dropped. A post a crash interrupted is
// never sent again automatically: a webhook has no idempotency key and no
// way to ask what arrived, so such an item ends uncertain (see Recover).
//
// The webhook URL and signing secret are secrets: they are held in memory
// only, never logged, never part of an error.
package chat
