package web

import "keepwarm/zhtext"

// The desk's Away card beside "Back now" on an out-of-office row, and
// "Back now" refused while an absence entered on the desk still runs, in
// Chinese.
func init() {
	zh["Turn the out-of-office off first: a reply it sends after “Back now” makes them away again until the date it gives."] = "请先关闭自动回复：点“已返回”之后它再发出的回复会让其重新显示为外出，直到回复中写的日期。"
	zh["Still away by an absence entered on the desk: Cancel it first, then say you are back."] = "工作台上登记的外出仍在进行：请先“取消”它，再点“已返回”。"
	zhtext.Add(
		pat(`Still away until (.+) by an absence entered on the desk: Cancel it first, then say you are back\.`,
			"工作台上登记的外出仍在进行，到 %s 为止：请先“取消”它，再点“已返回”。"),
		pat(`Still away to the end of (.+) by an absence entered on the desk: Cancel it first, then say you are back\.`,
			"工作台上登记的外出仍在进行，到 %s（含当天）为止：请先“取消”它，再点“已返回”。"),
		// Said by the manager for someone else, naming them.
		pat(`(.+) is still away until (.+) by an absence entered on the desk: Cancel it first, then say they are back\.`,
			"%s 在工作台上登记的外出仍在进行，到 %s 为止：请先“取消”它，再为其点“已返回”。"),
		pat(`(.+) is still away to the end of (.+) by an absence entered on the desk: Cancel it first, then say they are back\.`,
			"%s 在工作台上登记的外出仍在进行，到 %s（含当天）为止：请先“取消”它，再为其点“已返回”。"),
		pat(`(.+) is still away by an absence entered on the desk: Cancel it first, then say they are back\.`,
			"%s 在工作台上登记的外出仍在进行：请先“取消”它，再为其点“已返回”。"),
		pat(`(.+) is not away now from the config or an out-of-office reply \(an absence entered on the desk is ended with Cancel\)\.`,
			"%s 目前没有来自配置文件或自动回复的外出（在工作台登记的外出请用“取消”结束）。"))
}
