package web_test

import (
	"strings"
	"testing"

	"keepwarm/web"
)

// A step counted from when the previous step's mail went out, and a step
// done again in a more careful mode, read in Chinese on a Chinese desk,
// the day too; so do why a mail is not followed up: only the figures,
// addresses and the config's names are left.
func TestLateStepModeChangeAndNotFollowedUpReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 3 counts from when step 2's mail went out (Mon 7 Dec 09:12), not from when it was due": "第 3 步从第 2 步的邮件实际发出时（12月7日（周一）09:12）起计时，不从它原定的时间起计时",
		"step 2: the mode is now draft; done again in that mode":                                     "第 2 步：模式已改为「存为草稿」；按这个模式重新处理",
		"step 2: the mode is now dry-run; done again in that mode":                                   "第 2 步：模式已改为「试运行」；按这个模式重新处理",
		// The queued mail the last look did not send, and why (the desk's
		// skipped mail, the customer's page).
		"enrollment 4: the sequence's mode is now draft; the step is done again in that mode":                                    "跟进序列 4：序列的模式已改为「存为草稿」；这一步按这个模式重新处理。",
		"enrollment 4: its recipients changed since the step was queued; the step is done again for hans@buyer.de, ops@acme.com": "跟进序列 4：这一步排队后收件人有变；已为 hans@buyer.de, ops@acme.com 重新处理。",
		// Why a mail is not followed up, on the customer's page.
		`customer domain:acme.com follows no sequence (grade "")`:                                                                            "客户 domain:acme.com 不在任何跟进序列中（未分级）",
		"sent 2026-10-02, more than max_age (336h0m0s) before it was first seen":                                                             "2026-10-02 发出，首次看到时已超过 max_age（336h0m0s）",
		"no mailbox to send from: give customer domain:acme.com an owner whose [[mailbox]] has an smtp_url":                                  "没有可发信的邮箱：请给客户 domain:acme.com 指定一位负责人，且其 [[mailbox]] 设有 smtp_url",
		"no recipient may be written to: bounced":                                                                                            "没有可以写信的收件人：已退信",
		"no recipient may be written to: opted-out":                                                                                          "没有可以写信的收件人：已退订",
		"no recipient may be written to: left the company":                                                                                   "没有可以写信的收件人：联系人已离职",
		"a newer mail to the same contacts is already followed up (thread 7, enrollment 3)":                                                  "发给同一联系人的更新邮件已在跟进（会话 7，跟进序列 3）",
		"written by tom@seller.example, who has no [[mailbox]] with an smtp_url to send from: not followed up in lily@seller.example's name": "",
	} {
		got := zh.Err(msg)
		if want != "" && got != want {
			t.Errorf("%q in Chinese: %q, want %q", msg, got, want)
		}
		rest := strings.NewReplacer("hans@buyer.de", "", "ops@acme.com", "", "domain:acme.com", "", "tom@seller.example", "", "lily@seller.example", "", "max_age", "", "[[mailbox]]", "", "smtp_url", "", "336h0m0s", "").Replace(got)
		if strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}

// What a person's Resume, a changed sequence (its steps, its delays) and
// changed customer tags did to a follow-up, and Skip refused on one its
// sequence's edit ended, read in Chinese on a Chinese desk: the date as
// the reasons' machine dates with the weekday in Chinese, delays in days
// and hours; only the sequences', templates' and tags' names are left.
func TestSequenceChangeAndTagReasonsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"resumed by a person: step 2 is done again": "已被手动恢复：第 2 步重新处理",
		"step 3 moved to Tue 8 Dec 2026 09:00 CET: sequence key-customer's delay for it changed (72h0m0s → 120h0m0s)":                                                                      "第 3 步改到 2026-12-08（周二）09:00 CET：序列 key-customer 这一步的间隔从 3 天 改成了 5 天",
		"step 2 moved to Mon 4 Jan 2027 10:30 CET: sequence key-customer's delay for it changed (3d → 5d business)":                                                                        "第 2 步改到 2027-01-04（周一）10:30 CET：序列 key-customer 这一步的间隔从 3 天 改成了 5 个工作日",
		"step 1 moved to Fri 11 Dec 2026 09:00 CET: sequence standard changed under this follow-up":                                                                                        "第 1 步改到 2026-12-11（周五）09:00 CET：序列 standard 在这个跟进进行中被修改了",
		"step 2 moved to Fri 11 Dec 2026 09:00 +03: sequence standard's delay for it is 36h0m0s":                                                                                           "第 2 步改到 2026-12-11（周五）09:00 +03：序列 standard 这一步的间隔是 1 天 12 小时",
		"sequence standard changed under this follow-up after it did first-touch, the task; step 2 (offer) comes before what it did and is not done; it goes on with step 4 (reminder)":    "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch、电话任务）；第 2 步（offer）排在它做过的步骤之前，不再做；接着做第 4 步（reminder）",
		"sequence standard changed under this follow-up after it did first-touch; step 2 (offer) is done by its mail queued before (outbox 41); it goes on with step 3 (the task)":         "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch）；第 2 步（offer）已由修改前排队的邮件完成（发件箱 41）；接着做第 3 步（电话任务）",
		"sequence standard changed under this follow-up after it did first-touch; step 2 (offer) was skipped by lily@seller.example before (outbox 41); it goes on with step 3 (the task)": "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch）；第 2 步（offer）此前已由 lily@seller.example 跳过（发件箱 41）；接着做第 3 步（电话任务）",
		"sequence standard changed under this follow-up after it did first-touch; step 2 (the task) is done by its call task made before (task 7); it goes on with step 3 (reminder)":      "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch）；第 2 步（电话任务）已由修改前建立的电话任务完成（任务 7）；接着做第 3 步（reminder）",
		"sequence standard changed under this follow-up after it did first-touch; step 2 (the task) was skipped by lily@seller.example before (task 7); it goes on with step 3 (reminder)": "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch）；第 2 步（电话任务）此前已由 lily@seller.example 跳过（任务 7）；接着做第 3 步（reminder）",
		"sequence standard changed under this follow-up after it did first-touch; no step of it is left to do":                                                                             "序列 standard 在这个跟进进行中被修改了（它已做过 first-touch）；序列中已没有要做的步骤",
		"sequence standard changed under this follow-up: none of the steps it did (first-touch, the task) is in it any more, and it has no step 3":                                         "序列 standard 在这个跟进进行中被修改了：它做过的步骤（first-touch、电话任务）都已不在序列中，序列也没有第 3 步",
		`customer's tags changed from "vip" to none: follows standard from step 2`:                                                                                                         "客户标签已从“vip”改为无标签：从第 2 步起按 standard 跟进。",
		`customer's tags changed from none to "key,vip", which follows no sequence: the follow-up stops`:                                                                                   "客户标签已从无标签改为“key,vip”，这样的客户不在任何跟进序列中：跟进已停止。",
		`customer's tags changed from "vip" to none: standard has no step 3 like key-customer's, so the follow-up stops`:                                                                   "客户标签已从“vip”改为无标签：standard 没有与 key-customer 相同的第 3 步，跟进已停止。",
		`enrollment 7 is stopped since its sequence changed: nothing was skipped (sequence "x" is no longer defined)`:                                                                      "跟进序列 7 因序列被修改已是「已停止」：没有跳过任何步骤（跟进序列「x」已不再有定义）。",
	} {
		got := zh.Err(msg)
		if got != want {
			t.Errorf("%q in Chinese: %q, want %q", msg, got, want)
		}
		rest := strings.NewReplacer("key-customer", "", "standard", "", "first-touch", "", "offer", "", "reminder", "", "vip", "", "key", "", "CET", "", "「x」", "", "lily@seller.example", "").Replace(got)
		if strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}

// A sequence's name may hold spaces ("key customers", "VIP 客户"): the
// reasons that name it still read in Chinese on a Chinese desk, and a
// step due at once (after = "0d", kept as "0s") reads 0 天, not 0s.
func TestSequenceReasonsWithSpacesInTheNameInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for msg, want := range map[string]string{
		"step 3 moved to Tue 8 Dec 2026 09:00 CET: sequence key customers's delay for it changed (3d → 5d)":                                                                                                   "第 3 步改到 2026-12-08（周二）09:00 CET：序列 key customers 这一步的间隔从 3 天 改成了 5 天",
		"step 2 moved to Tue 8 Dec 2026 09:00 CET: sequence VIP 客户's delay for it changed (0s → 48h0m0s)":                                                                                                     "第 2 步改到 2026-12-08（周二）09:00 CET：序列 VIP 客户 这一步的间隔从 0 天 改成了 2 天",
		"step 2 moved to Fri 11 Dec 2026 09:00 +03: sequence key customers's delay for it is 0s":                                                                                                              "第 2 步改到 2026-12-11（周五）09:00 +03：序列 key customers 这一步的间隔是 0 天",
		"step 1 moved to Fri 11 Dec 2026 09:00 CET: sequence key customers changed under this follow-up":                                                                                                      "第 1 步改到 2026-12-11（周五）09:00 CET：序列 key customers 在这个跟进进行中被修改了",
		"sequence key customers changed under this follow-up after it did first-touch; it goes on with step 3 (reminder)":                                                                                     "序列 key customers 在这个跟进进行中被修改了（它已做过 first-touch）；接着做第 3 步（reminder）",
		"sequence key customers changed under this follow-up: none of the steps it did (first-touch) is in it any more, and it has no step 3":                                                                 "序列 key customers 在这个跟进进行中被修改了：它做过的步骤（first-touch）都已不在序列中，序列也没有第 3 步",
		"sequence key customers changed under this follow-up: none of the steps it did (first-touch) nor the one it was to do is in it any more; resume to go on with step 1 (offer), or stop it":             "序列 key customers 在这个跟进进行中被修改了：它做过的步骤（first-touch）和将要做的那一步都已不在序列中；恢复后接着做第 1 步（offer），或者停止它",
		"customer regraded from A to C: follows key customers from step 2":                                                                                                                                    "客户已从 A 级改为 C 级：从第 2 步起按 key customers 跟进。",
		"customer regraded from A to C: VIP 客户 has no step 3 like key customers's, so the follow-up stops":                                                                                                    "客户已从 A 级改为 C 级：VIP 客户 没有与 key customers 相同的第 3 步，跟进已停止。",
		`customer's tags changed from "vip" to none: follows key customers from step 2`:                                                                                                                       "客户标签已从“vip”改为无标签：从第 2 步起按 key customers 跟进。",
		`customer's tags changed from "vip" to none: VIP 客户 has no step 3 like key customers's, so the follow-up stops`:                                                                                       "客户标签已从“vip”改为无标签：VIP 客户 没有与 key customers 相同的第 3 步，跟进已停止。",
		"held: the send window of key customers has no working day for a customer in SA (workdays fri; their weekend fri, sat): nothing is sent; the manager changes the sequence's workdays, then resume it": "暂缓发送：序列 key customers 的发送时段对 SA 的客户没有一个工作日（工作日 fri；其周末 fri, sat）：不发送任何邮件；由经理修改该序列的工作日，然后恢复此跟进",
	} {
		got := zh.Err(msg)
		if got != want {
			t.Errorf("%q in Chinese: %q, want %q", msg, got, want)
		}
		rest := strings.NewReplacer("key customers", "", "VIP", "", "first-touch", "", "offer", "", "reminder", "", "vip", "", "CET", "", "SA", "", "fri", "", "sat", "", "A 级", "", "C 级", "").Replace(got)
		if strings.ContainsAny(rest, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
			t.Errorf("%q in Chinese keeps English: %q", msg, got)
		}
	}
}
