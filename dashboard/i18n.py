"""Every label the dashboard shows, in English and Chinese."""

from __future__ import annotations

LANGUAGES = {"en": "English", "zh": "中文"}

_TEXT: dict[str, tuple[str, str]] = {
    # navigation
    "overview": ("Overview", "概览"),
    "keywords": ("Keywords", "关键词"),
    "companies": ("Companies", "公司"),
    "models": ("Models", "模型"),
    "sources": ("Sources", "来源"),
    "categories": ("Categories", "分类"),
    "compare": ("Compare", "对比"),
    "items": ("Items", "条目"),
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
    "building_db": (
        "Building the database from {n} digest files…",
        "正在从 {n} 个摘要文件建立数据库…",
    ),
    "enriching": ("Computing keywords, companies and categories…", "正在计算关键词、公司和分类…"),
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
        "Count companies through their models and products (GPT-5.4 → OpenAI)",
        "通过模型和产品计入公司（GPT-5.4 → OpenAI）",
    ),
    "unknown_orgs": ("Names not in the alias table", "别名表中没有的名称"),
    "term": ("Term", "名称"),
    "origin": ("Found as", "来源类型"),
    "example": ("Example headline", "示例标题"),
    "add_alias": ("Add to the alias table", "加入别名表"),
    "add_alias_term": ("Name", "名称"),
    "add_alias_org": ("Organisation (existing or new)", "机构（已有或新建）"),
    "add_alias_kind": ("Kind (if new)", "类型（新建时）"),
    "add_alias_button": ("Add and re-tag", "加入并重新标注"),
    "evidence_kinds": ("Evidence", "依据"),
    "add_alias_done": (
        "Added {term} to {org}; {n} items re-tagged.",
        "已将 {term} 加入 {org}；重新标注 {n} 个条目。",
    ),
    "add_alias_failed": ("Could not add {term}: {why}", "无法加入 {term}：{why}"),
    "score": ("Name-likeness", "名称可信度"),
    # models
    "model": ("Model", "模型"),
    "family": ("Family", "系列"),
    "model_kind": ("Show", "显示"),
    "model_kind_all": ("Models and products", "模型和产品"),
    "model_kind_model": ("Models", "模型"),
    "model_kind_product": ("Products and apps", "产品和应用"),
    "choose_models": ("Models to plot (empty = top N)", "要绘制的模型（留空 = 前N个）"),
    "model_trends": ("Model mentions over time", "模型提及随时间变化"),
    "model_ranking": ("Top models", "热门模型"),
    "family_trends": ("Model families over time (all versions)", "模型系列随时间变化（所有版本）"),
    "rising_models": (
        "Rising models (last {w} days vs the {b} days before)",
        "上升模型（最近{w}天 对比 之前{b}天）",
    ),
    "no_rising_models": (
        "No model rises significantly in this window.",
        "该窗口内没有显著上升的模型。",
    ),
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


def keys() -> list[str]:
    return list(_TEXT)
