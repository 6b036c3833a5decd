"""Every label the dashboard shows, in English and Chinese."""

from __future__ import annotations

LANGUAGES = {"en": "English", "zh": "中文"}

_TEXT: dict[str, tuple[str, str]] = {
    # navigation
    "overview": ("Overview", "概览"),
    "keywords": ("Keywords", "关键词"),
    "companies": ("Companies", "公司"),
    "sources": ("Sources", "来源"),
    "categories": ("Categories", "分类"),
    "compare": ("Compare", "对比"),
    "items": ("Items", "条目"),
    "stories": ("Stories", "事件"),
    "ingest": ("Ingest", "导入"),
    # sidebar
    "filters": ("Filters", "筛选"),
    "language": ("Language", "语言"),
    "date_range": ("Date range", "日期范围"),
    "preset": ("Range", "时间段"),
    "preset_7": ("Last 7 days", "最近7天"),
    "preset_30": ("Last 30 days", "最近30天"),
    "preset_90": ("Last 90 days", "最近90天"),
    "preset_all": ("All", "全部"),
    "preset_custom": ("Custom", "自定义"),
    "granularity": ("Granularity", "时间粒度"),
    "g_4h": ("4 hours", "4小时"),
    "g_day": ("Day", "天"),
    "g_week": ("Week", "周"),
    "g_month": ("Month", "月"),
    "measure": ("Measure", "度量"),
    "m_share": ("Share of items", "条目占比"),
    "m_count": ("Raw counts", "原始计数"),
    "search": ("Search headlines and summaries", "搜索标题和摘要"),
    "filter_categories": ("Categories", "分类"),
    "filter_companies": ("Companies", "公司"),
    "filter_sources": ("Sources", "来源"),
    "filter_series": ("Digest series", "摘要系列"),
    "choose": ("Choose…", "请选择…"),
    "reset": ("Reset filters", "重置筛选"),
    "tz_note": ("Times in {tz}", "时间按 {tz} 显示"),
    # common
    "time": ("Time", "时间"),
    "share": ("Share of items", "条目占比"),
    "count": ("Items", "条目数"),
    "no_data": ("No items match this range and these filters.", "该时间范围和筛选条件下没有条目。"),
    "empty_db": (
        "The database is empty. Add digests on the Ingest page or run `trendboard ingest`.",
        "数据库为空。请在“导入”页面添加摘要，或运行 `trendboard ingest`。",
    ),
    "partial": ("partial bucket", "不完整时段"),
    "partial_short": ("partial", "不完整"),
    "click_hint": (
        "Click a point or bar to see the items behind it.",
        "点击图中的点或柱，查看对应条目。",
    ),
    "drill_title": (
        "Items with {what} in the bucket starting {when}",
        "{when} 起该时段含 {what} 的条目",
    ),
    "drill_items": ("Items in the bucket starting {when}", "{when} 起该时段的条目"),
    "drill_none": ("No items behind that point.", "该点没有对应条目。"),
    "top_n": ("How many", "数量"),
    "build_parsing": (
        "Reading digest files: {done} / {total}",
        "正在读取摘要文件：{done} / {total}",
    ),
    "build_entities": (
        "Finding companies and sources in the background: {done} / {total} items",
        "正在后台识别公司和来源：{done} / {total} 个条目",
    ),
    "build_keywords": (
        "Computing keywords and categories in the background: {done} / {total} items",
        "正在后台计算关键词和分类：{done} / {total} 个条目",
    ),
    "build_rate": ("{rate} items/s", "每秒 {rate} 个条目"),
    "build_left": ("about {seconds} s left", "约剩 {seconds} 秒"),
    "build_failed": (
        "The background build failed: {error}. Details: {log}",
        "后台构建失败：{error}。详情：{log}",
    ),
    "filling_in": (
        "This view is still filling in: {percent} of the items are done. It updates by itself.",
        "此视图仍在填充：已完成 {percent} 的条目，完成后会自动更新。",
    ),
    "enrich_started": (
        "Keywords, companies and categories of the new items are being computed in the background.",
        "正在后台计算新条目的关键词、公司和分类。",
    ),
    "db_busy": (
        "The database is busy (an ingest is running). Showing nothing for now; try again in a moment.",
        "数据库正忙（正在导入）。请稍后重试。",
    ),
    "headline": ("Headline", "标题"),
    "author": ("Author", "作者"),
    "published": ("Published", "发布时间"),
    "link": ("Link", "链接"),
    "summary": ("Summary", "摘要"),
    "keyword": ("Keyword", "关键词"),
    "company": ("Company", "公司"),
    "source": ("Source", "来源"),
    "category": ("Category", "分类"),
    # overview
    "kf_digests": ("Digests", "摘要数"),
    "kf_items": ("Items", "条目数"),
    "kf_sources": ("Sources", "来源数"),
    "kf_companies": ("Companies", "公司数"),
    "vs_previous": ("vs previous {days} days", "相比前 {days} 天"),
    "items_over_time": ("Items over time", "条目数量随时间变化"),
    "top_rising": ("Top rising keywords", "上升最快的关键词"),
    "top_companies": ("Top companies", "热门公司"),
    "latest_items": ("Latest items", "最新条目"),
    # keywords
    "keyword_trends": ("Keyword trends", "关键词趋势"),
    "choose_keywords": ("Keywords to plot (empty = top N)", "要绘制的关键词（留空 = 前N个）"),
    "rising_table": (
        "Rising keywords (last {w} days vs the {b} days before)",
        "上升关键词（最近{w}天 对比 之前{b}天）",
    ),
    "window_days": ("Window (days)", "窗口（天）"),
    "baseline_days": ("Baseline (days)", "基线（天）"),
    "min_support": ("Minimum items in window", "窗口内最少条目数"),
    "window_count": ("Items now", "当前条目数"),
    "baseline_count": ("Items in baseline", "基线条目数"),
    "window_rate": ("Rate now", "当前占比"),
    "baseline_rate": ("Baseline rate", "基线占比"),
    "ratio": ("Ratio", "比值"),
    "g2": ("G² (signed)", "G²（带符号）"),
    "new": ("New", "新出现"),
    "evidence": ("Supporting items", "支持条目"),
    "heatmap": ("Keyword × time", "关键词 × 时间"),
    "no_rising": (
        "No keyword rises significantly in this window.",
        "该窗口内没有显著上升的关键词。",
    ),
    "top_keywords": ("Top keywords", "热门关键词"),
    # companies
    "company_trends": ("Company mentions over time", "公司提及随时间变化"),
    "company_ranking": ("Company ranking", "公司排名"),
    "co_mentions": ("Co-mentions (same item)", "共同提及（同一条目）"),
    "include_products": (
        "Count product mentions (ChatGPT → OpenAI)",
        "计入产品提及（ChatGPT → OpenAI）",
    ),
    "unknown_orgs": ("Names not in the alias table", "别名表中没有的名称"),
    "term": ("Term", "名称"),
    "origin": ("Found as", "来源类型"),
    "example": ("Example headline", "示例标题"),
    # sources
    "source_ranking": ("Top sources", "热门来源"),
    "source_activity": ("Source activity over time", "来源活跃度随时间变化"),
    "handle": ("Handle", "账号"),
    "platform": ("Platform", "平台"),
    "affiliation": ("Affiliation", "所属机构"),
    # categories
    "declared_vs_inferred": ("Declared vs inferred categories", "声明分类与推断分类"),
    "declared": ("Declared by the digest", "摘要声明"),
    "inferred": ("Inferred per item", "按条目推断"),
    "stacked_share": ("Category mix over time", "分类构成随时间变化"),
    # compare
    "period_a": ("First period", "第一个时段"),
    "period_b": ("Second period", "第二个时段"),
    "same_granularity": (
        "Both periods use the same granularity: {g}.",
        "两个时段使用相同的时间粒度：{g}。",
    ),
    "delta_keywords": ("Keywords: change in share", "关键词：占比变化"),
    "delta_companies": ("Companies: change in share", "公司：占比变化"),
    "delta_categories": ("Categories: change in share", "分类：占比变化"),
    "delta": ("Change", "变化"),
    # items
    "items_found": ("{n} items", "{n} 个条目"),
    "page": ("Page", "页"),
    "sort": ("Sort", "排序"),
    "newest": ("Newest first", "最新优先"),
    "oldest": ("Oldest first", "最早优先"),
    # ingest page
    "upload": (
        "Upload digest files (.md, .markdown, .txt)",
        "上传摘要文件（.md、.markdown、.txt）",
    ),
    "rescan": ("Re-scan the digest folder", "重新扫描摘要文件夹"),
    "ingest_done": ("Ingest finished: {line}", "导入完成：{line}"),
    "ingest_errors": ("Files that could not be ingested", "无法导入的文件"),
    "reason": ("Reason", "原因"),
    "file": ("File", "文件"),
    "path": ("Full path", "完整路径"),
    "line": ("Line", "行"),
    "upload_rejected": ("Rejected {name}: {why}", "已拒绝 {name}：{why}"),
    "error_log": ("Problems on record", "已记录的问题"),
    "text_kept": ("Text kept per series", "各系列保留的文本比例"),
    "text_kept_help": (
        "Share of each file's text (letters, digits, CJK; outside front matter, link targets and code) "
        "that reached an item. Under 70% means the format is only partly understood: run "
        "`trendboard inspect FILE` on one of the files below.",
        "每个文件的文本（字母、数字、汉字；不含前置元数据、链接地址和代码）进入条目的比例。"
        "低于 70% 说明该格式只被部分识别：对下列文件运行 `trendboard inspect FILE` 查看未保留的部分。",
    ),
    "least_kept": ("Files that kept the least text", "保留文本最少的文件"),
    # rising now
    "rising_now": ("Rising now", "正在上升"),
    "rising_keyword": ("Rising keywords", "上升的关键词"),
    "rising_company": ("Rising companies", "上升的公司"),
    "rising_model": ("Rising models", "上升的模型"),
    "no_rising_kind": ("Nothing rises significantly in this window.", "该窗口内没有显著上升的项。"),
    "window_words": (
        "Last {w} days ({ws} – {we}) vs the {b} days before ({bs} – {be})",
        "最近{w}天（{ws} – {we}）对比之前{b}天（{bs} – {be}）",
    ),
    "growth": ("Growth", "增长"),
    "growth_help": (
        "Change in the share of items mentioning it, window vs baseline. New: not seen in the "
        "baseline. Breakout: share up five times or more.",
        "窗口期相对基线期提及占比的变化。新出现：基线期未出现。爆发：占比增长五倍以上。",
    ),
    "flag_new": ("new", "新出现"),
    "flag_breakout": ("breakout", "爆发"),
    "trend": ("Daily", "每日"),
    "trend_help": ("Items per day over the last {days} days", "最近{days}天每天的条目数"),
    "rising_hint": (
        "Click a row to see the items behind it.",
        "点击一行，查看对应条目。",
    ),
    "evidence_for": ("Items mentioning {what}: {window}", "提及 {what} 的条目：{window}"),
    "model": ("Model", "模型"),
    "vs_previous_days": ("{a} vs {b}.", "{a} 对比 {b}。"),
    "partial_day_left_out": (
        "The last day is not over in the data, so it is left out of the change.",
        "最后一天的数据尚不完整，未计入变化。",
    ),
    "no_previous": (
        "No change shown: the data does not cover the previous period of equal length.",
        "不显示变化：数据未覆盖之前同等长度的时段。",
    ),
    # compare any terms
    "compare_terms": ("Compare terms", "对比词语"),
    "compare_periods": ("Two periods", "两个时段"),
    "terms_label": ("Terms (up to 5)", "词语（最多5个）"),
    "type_terms": ("Type a term, e.g. 英伟达|NVIDIA", "输入词语，例如 英伟达|NVIDIA"),
    "type_to_search": ("Type to search every keyword", "输入以搜索全部关键词"),
    "terms_help": (
        "Any word or name, also ones not in a top list. Separate spellings of one term with |. "
        "An item counts when its headline or summary mentions a spelling, or it has it as a "
        "keyword or company.",
        "任意词或名称，包括不在排行中的。同一词的不同写法用 | 分隔。标题或摘要提到其中一种写法，"
        "或带有该关键词或公司的条目都计入。",
    ),
    "terms_empty": (
        "Type up to five terms to plot them over the selected range.",
        "输入最多五个词语，在所选时间范围内绘制趋势。",
    ),
    "search_narrows_shares": (
        "Shares here are of the items matching the search “{q}”, so its own keywords read near "
        "100%.",
        "此处占比以匹配搜索“{q}”的条目为基数，因此它自身的关键词接近100%。",
    ),
    "follow_in_compare": (
        "Follow “{q}” over all items in Compare",
        "在“对比”中查看“{q}”在全部条目中的趋势",
    ),
    "top_n_help": (
        "More than {n} lines are drawn as small panels, one per line.",
        "超过{n}条线时，每条线单独绘制为一个小图。",
    ),
    # related
    "related": ("Related", "相关"),
    "related_term": ("Term or company", "词语或公司"),
    "related_keyword": ("Related keywords", "相关关键词"),
    "related_company": ("Related companies", "相关公司"),
    "related_model": ("Related models", "相关模型"),
    "related_empty": (
        "Choose or type a term to see what goes with it.",
        "选择或输入一个词语，查看与其相关的内容。",
    ),
    "related_focus": (
        "{n} items mention {term} in this range.",
        "该范围内有 {n} 个条目提及 {term}。",
    ),
    "related_hint": (
        "Click a row to make it the focus.",
        "点击一行，将其设为焦点。",
    ),
    "lift": ("Lift", "提升度"),
    "lift_help": (
        "How many times more often items mentioning the term carry this than items in general.",
        "提及该词的条目中出现此项的频率是全部条目的多少倍。",
    ),
    "together": ("Together", "共同出现"),
    "together_help": ("Items mentioning both", "同时提及两者的条目数"),
    "min_together": ("Minimum together", "最少共同出现"),
    "min_together_help": (
        "Pairs seen fewer times are left out: on a handful of items lift is noise.",
        "共同出现次数更少的组合不显示：条目太少时提升度只是噪声。",
    ),
    "category_heatmap": ("Category × time", "分类 × 时间"),
    # notes and links
    "notes": ("Notes on the charts", "图表注释"),
    "note_day": ("Day", "日期"),
    "note_text": ("Note", "注释"),
    "note_example": ("e.g. GPT-5 launch", "例如：GPT-5 发布"),
    "note_add": ("Add note", "添加注释"),
    "note_remove": ("Remove a note", "删除注释"),
    "note_remove_button": ("Remove", "删除"),
    "copy_link": ("Copy link to this view", "复制此视图的链接"),
    "copy_link_help": (
        "This address restores the page with every filter and choice; the icon copies it.",
        "此链接可恢复页面及全部筛选和选择；点击图标复制。",
    ),
    # ingest extras
    "upload_help": (
        "Files over {mb} MB are rejected; files that fail to ingest are not kept.",
        "超过 {mb} MB 的文件会被拒绝；导入失败的文件不会保留。",
    ),
    "upload_removed": (
        "Not kept in the digest folder (they failed): {names}",
        "导入失败，未保留在摘要文件夹中：{names}",
    ),
    "uploader_drop": ("拖放文件到这里", "拖放文件到这里"),
    "uploader_browse": ("浏览文件", "浏览文件"),
    "uploader_limit": ("每个文件不超过 {mb} MB", "每个文件不超过 {mb} MB"),
    # stories
    "count_by": ("Count", "计数方式"),
    "cb_items": ("Items", "条目"),
    "cb_stories": ("Stories", "事件"),
    "count_by_help": (
        "Stories: the items that tell one event count once per bucket.",
        "按事件计数：讲述同一事件的多条条目在每个时段只计一次。",
    ),
    "share_stories": ("Share of stories", "事件占比"),
    "count_stories": ("Stories", "事件数"),
    "top_stories": ("Top stories", "热门事件"),
    "story_order": ("Rank by", "排序依据"),
    "order_spread": ("Spread", "传播广度"),
    "order_items": ("Items", "条目数"),
    "order_digests": ("Digests", "摘要数"),
    "order_sources": ("Sources", "来源数"),
    "order_duration": ("Duration", "持续时间"),
    "order_newest": ("Newest", "最新"),
    "story_title": ("Story", "事件"),
    "story_items_n": ("Items", "条目"),
    "story_digests": ("Digests", "摘要"),
    "story_sources": ("Sources", "来源"),
    "story_hours": ("Hours", "小时"),
    "first_seen": ("First seen", "首次出现"),
    "last_seen": ("Last seen", "最后出现"),
    "pick_story": ("Select a story to open its items.", "选择一个事件以查看其条目。"),
    "story_timeline": ("How the story was told", "事件的传播时间线"),
    "story_companies": ("Companies", "涉及公司"),
    "story_models": ("Models and products", "涉及模型与产品"),
    "story_items": ("Items of this story", "该事件的条目"),
    "no_stories": (
        "No stories in this range yet: stories are built at enrichment (`trendboard enrich`).",
        "该时间范围内还没有事件：事件在补充处理时生成（`trendboard enrich`）。",
    ),
    "story_gone": ("That story is no longer in the database.", "该事件已不在数据库中。"),
    "similar_items": ("Similar items", "相似条目"),
    "similar_to": ("Items similar to", "与之相似的条目"),
    "similarity": ("Similarity", "相似度"),
    "close_story": ("Close story", "关闭事件"),
    # export
    "download_csv": ("CSV", "CSV"),
    "export_chart": ("Export chart", "导出图表"),
    "download_html": ("HTML", "HTML"),
    "download_png": ("PNG", "PNG"),
    "download_svg": ("SVG", "SVG"),
}


def translate(key: str, language: str, **values: object) -> str:
    english, chinese = _TEXT.get(key, (key, key))
    text = chinese if language == "zh" else english
    return text.format(**values) if values else text
