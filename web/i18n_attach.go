package web

import "keepwarm/zhtext"

// The preview's notice of a template whose words say a file is attached
// (templates.AttachmentClaims), in Chinese.
func init() {
	zhtext.Add(
		pat(`says "(.*)", but keepwarm attaches no file to the mail it sends: the customer would look for an attachment that is not there; link to the file instead \(a product's \{\{\.Link\}\}, a page of your site\)`,
			"写了「%s」，但 keepwarm 发出的邮件不带任何附件：客户会去找一个并不存在的附件。请改为给出文件的链接（产品的 {{.Link}}，或公司网站上的页面）。"),
	)
}
