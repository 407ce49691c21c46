<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="zh_CN">
<context>
    <name>BrowserPage</name>
    <message>
        <source>正在排序…</source>
        <translation>Sorting…</translation>
    </message>
    <message>
        <source>正在筛选…</source>
        <translation>Filtering…</translation>
    </message>
    <message>
        <source>显示 {shown} / {total} 条</source>
        <translation>Showing {shown} of {total}</translation>
    </message>
    <message>
        <source>{n} 星</source>
        <translation>{n} ★</translation>
    </message>
    <message>
        <source>来源：{file} 第 {row} 行</source>
        <translation>Source: {file}, row {row}</translation>
    </message>
    <message>
        <source>已复制 {n} 条</source>
        <translation>{n} copied</translation>
    </message>
    <message>
        <source>筛选的评价.xlsx</source>
        <translation>filtered reviews.xlsx</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>筛选的评价.csv</source>
        <translation>filtered reviews.csv</translation>
    </message>
    <message>
        <source>CSV 文件 (*.csv)</source>
        <translation>CSV file (*.csv)</translation>
    </message>
    <message>
        <source>导出筛选结果</source>
        <translation>Export filtered rows</translation>
    </message>
    <message>
        <source>正在导出 {n} 条…</source>
        <translation>Exporting {n} rows…</translation>
    </message>
    <message>
        <source>已导出到 {name}</source>
        <translation>Exported to {name}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
    <message>
        <source>评论浏览</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <source>复制所选</source>
        <translation>Copy selected</translation>
    </message>
    <message>
        <source>把选中的行复制为表格文字（Ctrl+C），可直接粘贴到 Excel 或聊天窗口</source>
        <translation>Copy the selected rows as table text (Ctrl+C), ready to paste into Excel or a chat</translation>
    </message>
    <message>
        <source>复制所选行</source>
        <translation>Copy selected rows</translation>
    </message>
    <message>
        <source>把当前显示的评价（按筛选条件）保存为文件</source>
        <translation>Save the reviews shown (with the current filter) to a file</translation>
    </message>
    <message>
        <source>导出为 CSV（Excel 可直接打开）…</source>
        <translation>Export as CSV (opens in Excel)…</translation>
    </message>
    <message>
        <source>导出为 Excel 工作簿…</source>
        <translation>Export as Excel workbook…</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>正在绘制图表…</source>
        <translation>Drawing the charts…</translation>
    </message>
    <message>
        <source>条评价已分析</source>
        <translation>reviews analysed</translation>
    </message>
    <message>
        <source>导入后保留并分析的评价条数（空白、重复、系统默认好评等已去掉）。点击查看全部评价。</source>
        <translation>Reviews kept and analysed after import (empty, duplicate and platform default reviews removed). Click to see them all.</translation>
    </message>
    <message>
        <source>好评 · {n} 条</source>
        <translation>Praise · {n}</translation>
    </message>
    <message>
        <source>整体判断为好评的评价：4–5 星按星级，没有星级或 3 星时看文字。</source>
        <translation>Reviews judged praise overall: 4–5 stars by the rating, no rating or 3 stars by the text. </translation>
    </message>
    <message>
        <source>差评 · {n} 条</source>
        <translation>Complaints · {n}</translation>
    </message>
    <message>
        <source>整体判断为差评的评价：1–2 星按星级，没有星级或 3 星时看文字。</source>
        <translation>Reviews judged complaints overall: 1–2 stars by the rating, no rating or 3 stars by the text. </translation>
    </message>
    <message>
        <source>平均星级</source>
        <translation>Average rating</translation>
    </message>
    <message>
        <source>有星级的评价的平均分（满分 5 星）。</source>
        <translation>Average star rating of the rated reviews (out of 5).</translation>
    </message>
    <message>
        <source>高星差评</source>
        <translation>Unhappy 4–5★</translation>
    </message>
    <message>
        <source>给了 4–5 星、文字里却在抱怨的评价：星级看不出来的问题。点击查看这些评价。</source>
        <translation>Reviews with 4–5 stars whose text complains: problems the rating hides. Click to see them.</translation>
    </message>
    <message>
        <source>没有找到明显的主题。</source>
        <translation>No clear themes found.</translation>
    </message>
    <message>
        <source>{label} · {n} 条评价</source>
        <translation>{label} · {n} reviews</translation>
    </message>
    <message>
        <source>点击查看提到这个主题的评价</source>
        <translation>Click to see the reviews mentioning this theme</translation>
    </message>
    <message>
        <source>文件：{files}</source>
        <translation>Files: {files}</translation>
    </message>
    <message>
        <source>时间：{start} 至 {end}</source>
        <translation>Dates: {start} to {end}</translation>
    </message>
    <message>
        <source>点击图中的柱子、格子、时间点或词语，查看对应的评价</source>
        <translation>Click a bar, cell, period or word to see the reviews behind it</translation>
    </message>
    <message>
        <source>数据不足，没有可画的图表。</source>
        <translation>Not enough data for any chart.</translation>
    </message>
    <message>
        <source>图表没能画出来，详细信息已写入日志。其余结果不受影响。</source>
        <translation>The charts could not be drawn; details are in the log. The rest of the results are fine.</translation>
    </message>
    <message>
        <source>总览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>最常见的差评问题</source>
        <translation>Most common complaints</translation>
    </message>
    <message>
        <source>最常被夸的地方</source>
        <translation>Most common praise</translation>
    </message>
    <message>
        <source>图表</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>提示：点击图中的柱子、格子、时间点或词语，就能看到背后的那些评价。</source>
        <translation>Tip: click a bar, cell, period or word in a chart to see the reviews behind it.</translation>
    </message>
    <message>
        <source>{n} 条</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>含不满 · 占 {share}</source>
        <translation>With a complaint · {share}</translation>
    </message>
    <message>
        <source>。点击查看这些评价。</source>
        <translation>. Click to see them.</translation>
    </message>
    <message>
        <source>没有星级或 3 星、文字里既明显在夸又明显在抱怨的评价。</source>
        <translation>Reviews without a rating or with 3 stars whose text clearly praises and clearly complains. </translation>
    </message>
    <message>
        <source>文字里没有表达好恶的评价，例如“给妈妈买的”。</source>
        <translation>Reviews whose text gives no opinion either way, such as “bought it for my mum”. </translation>
    </message>
    <message>
        <source>褒贬都有 · {n} 条</source>
        <translation>Mixed · {n}</translation>
    </message>
    <message>
        <source>中性 · {n} 条</source>
        <translation>Neutral · {n}</translation>
    </message>
    <message>
        <source>每条评价只算一种，四项加起来 100%。点击查看这些评价。</source>
        <translation>One label per review: the four add up to 100 %. Click to see them.</translation>
    </message>
    <message>
        <source>最常见的差评问题 · 共 {n} 条含不满的评价</source>
        <translation>Most common complaints · {n} reviews with a complaint</translation>
    </message>
    <message>
        <source>最常被夸的地方 · 共 {n} 条含夸奖的评价</source>
        <translation>Most praised · {n} reviews with praise</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>评论透镜</source>
        <translation>ReviewLens</translation>
    </message>
    <message>
        <source>出现了意外错误。你的数据没有丢失，可以继续使用。</source>
        <translation>An unexpected error occurred. Your data is safe and you can keep working.</translation>
    </message>
    <message>
        <source>详细信息已记录在日志文件中：
{path}
如果问题反复出现，请把这个文件发给我们。</source>
        <translation>The details were written to the log file:
{path}
If this keeps happening, please send us that file.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>评价分析报告.xlsx</source>
        <translation>review report.xlsx</translation>
    </message>
    <message>
        <source>保存 Excel 报告</source>
        <translation>Save the Excel report</translation>
    </message>
    <message>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <source>正在写入报告…</source>
        <translation>Writing the report…</translation>
    </message>
    <message>
        <source>选择保存图表的文件夹</source>
        <translation>Choose a folder for the charts</translation>
    </message>
    <message>
        <source>正在保存图表…</source>
        <translation>Saving the charts…</translation>
    </message>
    <message>
        <source>图表已保存到：{path}</source>
        <translation>Charts saved to: {path}</translation>
    </message>
    <message>
        <source>报告已保存：{path}</source>
        <translation>Report saved: {path}</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>把分析结果存成文件，方便转发给同事、供应商或老板。主题的改名、合并和隐藏都会带上。</source>
        <translation>Save the results as files to forward to colleagues, suppliers or your boss. Renamed, merged and hidden themes are included.</translation>
    </message>
    <message>
        <source>Excel 报告</source>
        <translation>Excel report</translation>
    </message>
    <message>
        <source>一个工作簿：概览、差评和好评主题、各方面、各规格、趋势，以及每条评价的判断。用 Excel 或 WPS 就能打开。</source>
        <translation>One workbook: overview, complaint and praise themes, aspects, variants, trends and the verdict on every review. Opens in Excel or WPS.</translation>
    </message>
    <message>
        <source>报告语言：</source>
        <translation>Report language:</translation>
    </message>
    <message>
        <source>报告里的标题和说明用哪种语言（评价原文不翻译）</source>
        <translation>Language of the report’s titles and notes (review texts are not translated)</translation>
    </message>
    <message>
        <source>保存 Excel 报告…</source>
        <translation>Save Excel report…</translation>
    </message>
    <message>
        <source>图表图片</source>
        <translation>Chart images</translation>
    </message>
    <message>
        <source>总览里的每张图各存一份 PNG（可插进 PPT、发微信）和 SVG（放大不模糊）。</source>
        <translation>Every overview chart as PNG (for slides and chats) and SVG (sharp at any size).</translation>
    </message>
    <message>
        <source>保存图表图片…</source>
        <translation>Save chart images…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>搜索评价内容，如：掉色 尺码（Ctrl+F）</source>
        <translation>Search reviews, e.g. fading size (Ctrl+F)</translation>
    </message>
    <message>
        <source>输入词语查找评价和追评；多个词用空格隔开，表示都要包含。</source>
        <translation>Find words in reviews and follow-ups; separate several words with spaces (all must occur).</translation>
    </message>
    <message>
        <source>按整体判断筛选：好评、差评、褒贬都有（既夸又抱怨）或中性（没有表达好恶）</source>
        <translation>Filter by verdict: praise, complaint, mixed (praise and a complaint) or neutral (no opinion either way)</translation>
    </message>
    <message>
        <source>全部判断</source>
        <translation>All verdicts</translation>
    </message>
    <message>
        <source>好评</source>
        <translation>Praise</translation>
    </message>
    <message>
        <source>差评</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>中性</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>按买家给的星级筛选</source>
        <translation>Filter by the buyer’s star rating</translation>
    </message>
    <message>
        <source>全部星级</source>
        <translation>All ratings</translation>
    </message>
    <message>
        <source>5 星</source>
        <translation>5 ★</translation>
    </message>
    <message>
        <source>4 星</source>
        <translation>4 ★</translation>
    </message>
    <message>
        <source>3 星</source>
        <translation>3 ★</translation>
    </message>
    <message>
        <source>2 星</source>
        <translation>2 ★</translation>
    </message>
    <message>
        <source>1 星</source>
        <translation>1 ★</translation>
    </message>
    <message>
        <source>4–5 星</source>
        <translation>4–5 ★</translation>
    </message>
    <message>
        <source>1–2 星</source>
        <translation>1–2 ★</translation>
    </message>
    <message>
        <source>只看提到某个差评或好评主题的评价</source>
        <translation>Only reviews mentioning one complaint or praise theme</translation>
    </message>
    <message>
        <source>只看说到某个方面（物流、质量、尺码…）的评价</source>
        <translation>Only reviews about one aspect (delivery, quality, size…)</translation>
    </message>
    <message>
        <source>只看某个商品的评价</source>
        <translation>Only reviews of one product</translation>
    </message>
    <message>
        <source>只看某个规格（颜色、尺码等）的评价</source>
        <translation>Only reviews of one variant (colour, size…)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>勾选后只看这段时间内的评价（含首尾两天）</source>
        <translation>Only reviews in this period (both days included)</translation>
    </message>
    <message>
        <source>高星差评</source>
        <translation>Unhappy 4–5★</translation>
    </message>
    <message>
        <source>给了 4–5 星、文字里却在抱怨的评价</source>
        <translation>Reviews with 4–5 stars whose text complains</translation>
    </message>
    <message>
        <source>追评变差</source>
        <translation>Got worse</translation>
    </message>
    <message>
        <source>初评是好评、追评却在抱怨的评价：用了一段时间后出的问题</source>
        <translation>Praise first, complaint in the follow-up: problems that appear after some use</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>不再只看差评（或好评）的说法</source>
        <translation>Stop limiting to complaint (or praise) statements</translation>
    </message>
    <message>
        <source>清除筛选</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>去掉所有筛选条件，显示全部评价</source>
        <translation>Remove every filter and show all reviews</translation>
    </message>
    <message>
        <source>全部主题</source>
        <translation>All themes</translation>
    </message>
    <message>
        <source>全部方面</source>
        <translation>All aspects</translation>
    </message>
    <message>
        <source>全部商品</source>
        <translation>All products</translation>
    </message>
    <message>
        <source>全部规格</source>
        <translation>All variants</translation>
    </message>
    <message>
        <source> 星</source>
        <translation> ★</translation>
    </message>
    <message>
        <source>只看差评的说法</source>
        <translation>Complaint statements only</translation>
    </message>
    <message>
        <source>只看好评的说法</source>
        <translation>Praise statements only</translation>
    </message>
    <message>
        <source>只看中性的说法</source>
        <translation>Neutral statements only</translation>
    </message>
    <message>
        <source>褒贬都有</source>
        <translation>Mixed</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>正在读取和检查文件…</source>
        <translation>Reading and checking the files…</translation>
    </message>
    <message>
        <source>正在重新检查…</source>
        <translation>Checking again…</translation>
    </message>
    <message>
        <source>正在重新检查，请稍候…</source>
        <translation>Checking again, please wait…</translation>
    </message>
    <message>
        <source>共读取 {total} 行，全部 {kept} 条评价都会参与分析。</source>
        <translation>Read {total} rows; all {kept} reviews will be analysed.</translation>
    </message>
    <message>
        <source>共读取 {total} 行：{kept} 条评价会参与分析，{dropped} 行不参与（原因见下方）。</source>
        <translation>Read {total} rows: {kept} reviews will be analysed, {dropped} rows will not (reasons below).</translation>
    </message>
    <message>
        <source>请留意：</source>
        <translation>Please note: </translation>
    </message>
    <message>
        <source>{file}：{reason}</source>
        <translation>{file}: {reason}</translation>
    </message>
    <message>
        <source>请在上面「{role}」的下拉框里换成写着买家评价的那一列。</source>
        <translation>In the “{role}” drop-down above, choose the column that holds the buyers’ reviews.</translation>
    </message>
    <message>
        <source>还没有选出评价内容列：请在上面「{role}」的下拉框里选出写着买家评价的那一列。</source>
        <translation>No review text column chosen yet: in the “{role}” drop-down above, choose the column that holds the buyers’ reviews.</translation>
    </message>
    <message>
        <source>「{role}」选的是“{column}”列，但这一列几乎都是空的。</source>
        <translation>“{role}” is set to the column “{column}”, but that column is mostly empty. </translation>
    </message>
    <message>
        <source>「{role}」选的是“{column}”列，但这一列几乎都是日期，不是评价。</source>
        <translation>“{role}” is set to the column “{column}”, but that column holds mostly dates, not reviews. </translation>
    </message>
    <message>
        <source>「{role}」选的是“{column}”列，但这一列几乎都是数字，不是评价。</source>
        <translation>“{role}” is set to the column “{column}”, but that column holds mostly numbers, not reviews. </translation>
    </message>
    <message>
        <source>「{role}」选的是“{column}”列，但这一列几乎只有标点、数字或表情，不是评价。</source>
        <translation>“{role}” is set to the column “{column}”, but that column holds mostly punctuation, digits or emoji, not reviews. </translation>
    </message>
    <message>
        <source>“{column}”列里都是平台默认评价（买家没写内容），没有可以分析的评价。如果评价在别的列，</source>
        <translation>The column “{column}” holds only platform placeholder texts (the buyers wrote nothing), so there is nothing to analyse. If the reviews are in another column: </translation>
    </message>
    <message>
        <source>“{column}”列里没有可以分析的评价（{reasons}）。</source>
        <translation>The column “{column}” has no review that can be analysed ({reasons}). </translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>没有需要去掉的行，所有行都会参与分析。</source>
        <translation>No rows need to be left out; every row will be analysed.</translation>
    </message>
    <message>
        <source>{reason}：{count} 行</source>
        <translation>{reason}: {count}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>不参与分析的行：</source>
        <translation>Rows left out of the analysis: </translation>
    </message>
    <message>
        <source>工作表：</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>乱码时可换编码：</source>
        <translation>Garbled text? Read as:</translation>
    </message>
    <message>
        <source>分项评分列：{columns}</source>
        <translation>Sub-score columns: {columns}</translation>
    </message>
    <message>
        <source>是否分析</source>
        <translation>Analysed?</translation>
    </message>
    <message>
        <source>✓ 分析</source>
        <translation>✓ analysed</translation>
    </message>
    <message>
        <source>这一行不参与分析：{reason}</source>
        <translation>This row is not analysed: {reason}</translation>
    </message>
    <message>
        <source>文件的前 {n} 行（左侧是它在原文件中的行号）；灰色的行不参与分析，原因在第一列</source>
        <translation>The first {n} rows of the file (left: their row number in the file); grey rows are not analysed, the first column says why</translation>
    </message>
    <message>
        <source>自动识别（{encoding}）</source>
        <translation>Detect ({encoding})</translation>
    </message>
    <message>
        <source>文字显示成乱码时，换一种编码重新读取这个文件（与命令行的 --encoding 相同）</source>
        <translation>If the text looks garbled, read this file again with another encoding (like --encoding on the command line)</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>根据表头识别</source>
        <translation>Recognised from the header</translation>
    </message>
    <message>
        <source>根据内容推断，请核对</source>
        <translation>Guessed from the content, please check</translation>
    </message>
    <message>
        <source>你设置的</source>
        <translation>Set by you</translation>
    </message>
    <message>
        <source>之前记住的设置</source>
        <translation>A setting you saved earlier</translation>
    </message>
    <message>
        <source>平台：{platform}</source>
        <translation>Platform: {platform}</translation>
    </message>
    <message>
        <source>格式：{format}</source>
        <translation>Format: {format}</translation>
    </message>
    <message>
        <source>编码：{encoding}</source>
        <translation>Encoding: {encoding}</translation>
    </message>
    <message>
        <source>表头在第 {row} 行</source>
        <translation>Header in row {row}</translation>
    </message>
    <message>
        <source>{rows} 行，保留 {kept} 条</source>
        <translation>{rows} rows, {kept} kept</translation>
    </message>
    <message>
        <source>导入检查</source>
        <translation>Import check</translation>
    </message>
    <message>
        <source>请核对每一项信息对应的是文件里的哪一列；不对的话，直接在下拉框里改，结果会马上更新。</source>
        <translation>Check which column of your file each item comes from. If one is wrong, change it in the drop-down: the result updates at once.</translation>
    </message>
    <message>
        <source>记住这个设置（以后表头相同的文件自动使用）</source>
        <translation>Remember these settings (used automatically for files with the same header)</translation>
    </message>
    <message>
        <source>重新选择文件</source>
        <translation>Choose other files</translation>
    </message>
    <message>
        <source>开始分析</source>
        <translation>Start analysis</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>已读取 {n} 个文件，{kept} 条评价</source>
        <translation>Read {n} file(s), {kept} reviews</translation>
    </message>
    <message>
        <source>正在分析评价…</source>
        <translation>Analysing the reviews…</translation>
    </message>
    <message>
        <source>分析完成：{total} 条评价 · 好评 {praise} · 差评 {complaint} · 褒贬都有 {mixed} · 中性 {neutral}</source>
        <translation>Analysis done: {total} reviews · {praise} praise · {complaint} complaints · {mixed} mixed · {neutral} neutral</translation>
    </message>
    <message>
        <source>导入检查</source>
        <translation>Import check</translation>
    </message>
    <message>
        <source>关于评论透镜</source>
        <translation>About ReviewLens</translation>
    </message>
    <message>
        <source>评论透镜 ReviewLens {version}

把网店评价导出文件变成看得懂的结论。完全离线运行，你的数据不会离开这台电脑。</source>
        <translation>ReviewLens {version}

Turns shop review exports into clear conclusions. Runs fully offline: your data never leaves this computer.</translation>
    </message>
    <message>
        <source>评论透镜 ReviewLens</source>
        <translation>ReviewLens</translation>
    </message>
    <message>
        <source>打开评价文件…</source>
        <translation>Open review files…</translation>
    </message>
    <message>
        <source>试试示例数据</source>
        <translation>Try the sample data</translation>
    </message>
    <message>
        <source>导出报告…</source>
        <translation>Export report…</translation>
    </message>
    <message>
        <source>搜索评价</source>
        <translation>Search reviews</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>开始页</source>
        <translation>Start page</translation>
    </message>
    <message>
        <source>打开日志文件夹</source>
        <translation>Open the log folder</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <source>帮助</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>总览</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>关键数字、主要问题和图表</source>
        <translation>Key figures, main problems and charts</translation>
    </message>
    <message>
        <source>评论浏览</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <source>逐条查看、筛选和搜索评价</source>
        <translation>Read, filter and search the reviews one by one</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>改名、合并或隐藏主题，然后重新分析</source>
        <translation>Rename, merge or hide themes, then re-analyse</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>把结果保存为 Excel 报告或图片</source>
        <translation>Save the results as an Excel report or pictures</translation>
    </message>
    <message>
        <source>先打开评价文件并完成分析</source>
        <translation>Open a review file and run the analysis first</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>准备中…</source>
        <translation>Getting ready…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewDetail</name>
    <message>
        <source>选中一条评价，在这里看全文。</source>
        <translation>Select a review to read it in full here.</translation>
    </message>
    <message>
        <source>黄色底色：符合当前主题或方面筛选的那句话。</source>
        <translation>Yellow: the statement matching the theme or aspect filter.</translation>
    </message>
</context>
<context>
    <name>ReviewTableModel</name>
    <message>
        <source>好评</source>
        <translation>Praise</translation>
    </message>
    <message>
        <source>差评</source>
        <translation>Complaints</translation>
    </message>
    <message>
        <source>中性</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>评价内容</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>追评</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>判断</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>评分</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>方面</source>
        <translation>Aspects</translation>
    </message>
    <message>
        <source>商品</source>
        <translation>Product</translation>
    </message>
    <message>
        <source>规格</source>
        <translation>Variant</translation>
    </message>
    <message>
        <source>来源文件</source>
        <translation>Source file</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>褒贬都有</source>
        <translation>Mixed</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>评价导出文件</source>
        <translation>Review exports</translation>
    </message>
    <message>
        <source>所有文件</source>
        <translation>All files</translation>
    </message>
    <message>
        <source>打开评价文件</source>
        <translation>Open review files</translation>
    </message>
    <message>
        <source>找不到这个文件了（可能已被移动或删除）：
{path}</source>
        <translation>This file can no longer be found (it may have been moved or deleted):
{path}</translation>
    </message>
    <message>
        <source>把网店评价变成看得懂的结论</source>
        <translation>Turn your shop&apos;s reviews into clear conclusions</translation>
    </message>
    <message>
        <source>打开从淘宝、京东、拼多多、抖音、美团等后台导出的评价文件，评论透镜会找出买家最常抱怨和最常夸的地方、好评差评随时间的变化，以及每条结论背后的原话。全部在你的电脑上完成，不联网，不上传任何数据。</source>
        <translation>Open the review files you exported from Taobao, JD, Pinduoduo, Douyin, Meituan and other platforms. ReviewLens finds what buyers complain about and praise most, how praise and complaints change over time, and the buyers&apos; own words behind every conclusion. Everything happens on your computer: nothing goes online, nothing is uploaded.</translation>
    </message>
    <message>
        <source>打开评价文件…</source>
        <translation>Open review files…</translation>
    </message>
    <message>
        <source>试试示例数据</source>
        <translation>Try the sample data</translation>
    </message>
    <message>
        <source>支持 Excel（xlsx / xls）、CSV、JSON 等格式，可一次选多个文件，也可以直接把文件拖进这个窗口。</source>
        <translation>Excel (xlsx / xls), CSV, JSON and more. You can pick several files at once, or drag files into this window.</translation>
    </message>
    <message>
        <source>最近打开</source>
        <translation>Recent files</translation>
    </message>
    <message>
        <source>还没有打开过文件。</source>
        <translation>No files opened yet.</translation>
    </message>
    <message>
        <source>清空列表</source>
        <translation>Clear list</translation>
    </message>
</context>
<context>
    <name>TaxonomyEditor</name>
    <message>
        <source>每个方面由一组关键词识别：分句里出现任一关键词，就算说到了这个方面。关键词用顿号或逗号隔开。保存后点“重新分析”生效。</source>
        <translation>Each aspect is recognised by keywords: a statement containing any of them is about that aspect. Separate keywords with 、 or commas. Changes apply after “Re-analyse”.</translation>
    </message>
    <message>
        <source>方面</source>
        <translation>Aspects</translation>
    </message>
    <message>
        <source>英文名</source>
        <translation>English name</translation>
    </message>
    <message>
        <source>关键词（用顿号隔开）</source>
        <translation>Keywords (separated by 、)</translation>
    </message>
    <message>
        <source>添加方面</source>
        <translation>Add aspect</translation>
    </message>
    <message>
        <source>删除所选方面</source>
        <translation>Delete selected aspects</translation>
    </message>
    <message>
        <source>保存词表</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>恢复默认</source>
        <translation>Restore defaults</translation>
    </message>
    <message>
        <source>丢弃你对词表的所有修改，用回自带的词表</source>
        <translation>Discard all your changes and use the built-in aspect list again</translation>
    </message>
    <message>
        <source>新方面</source>
        <translation>New aspect</translation>
    </message>
    <message>
        <source>恢复默认词表</source>
        <translation>Restore the default aspects</translation>
    </message>
    <message>
        <source>确定丢弃你对方面词表的所有修改吗？</source>
        <translation>Discard all your changes to the aspect list?</translation>
    </message>
</context>
<context>
    <name>ThemeList</name>
    <message>
        <source>主题（双击改名）</source>
        <translation>Theme (double-click to rename)</translation>
    </message>
    <message>
        <source>评价数</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <source>占比</source>
        <translation>Share</translation>
    </message>
    <message>
        <source>主要方面</source>
        <translation>Main aspect</translation>
    </message>
    <message>
        <source>例句</source>
        <translation>Example</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>占这类（差评或好评）说法的比例</source>
        <translation>Share of all complaint (or praise) statements</translation>
    </message>
    <message>
        <source>已隐藏</source>
        <translation>Hidden</translation>
    </message>
    <message>
        <source>关键词：{terms}</source>
        <translation>Key words: {terms}</translation>
    </message>
</context>
<context>
    <name>ThemesPage</name>
    <message>
        <source>取消隐藏</source>
        <translation>Unhide</translation>
    </message>
    <message>
        <source>隐藏所选</source>
        <translation>Hide selected</translation>
    </message>
    <message>
        <source>修改已保存，点“重新分析”后生效</source>
        <translation>Saved; applies after “Re-analyse”</translation>
    </message>
    <message>
        <source>差评主题</source>
        <translation>Complaint themes</translation>
    </message>
    <message>
        <source>好评主题</source>
        <translation>Praise themes</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Themes</translation>
    </message>
    <message>
        <source>双击主题名可以改名；选中两个或更多主题可以合并；用不上的主题可以隐藏。修改会自动保存，下次分析同一份数据时照样生效。</source>
        <translation>Double-click a theme to rename it; select two or more to merge them; hide themes you do not need. Changes are saved and apply again the next time this data is analysed.</translation>
    </message>
    <message>
        <source>重新分析</source>
        <translation>Re-analyse</translation>
    </message>
    <message>
        <source>用修改后的方面词表、词典和停用词重新分析同一份数据（主题的修改会保留）</source>
        <translation>Analyse the same data again with the edited aspects, dictionary and stopwords (theme edits are kept)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>合并所选</source>
        <translation>Merge selected</translation>
    </message>
    <message>
        <source>把选中的几个主题合成一个（按住 Ctrl 多选）</source>
        <translation>Make one theme of the selected ones (Ctrl+click to select several)</translation>
    </message>
    <message>
        <source>隐藏的主题不出现在总览、图表和报告里</source>
        <translation>Hidden themes are left out of the overview, charts and report</translation>
    </message>
    <message>
        <source>查看这些评价</source>
        <translation>Show these reviews</translation>
    </message>
    <message>
        <source>在“评论浏览”里列出提到这个主题的评价</source>
        <translation>List the reviews mentioning this theme in “Reviews”</translation>
    </message>
    <message>
        <source>方面词表</source>
        <translation>Aspects</translation>
    </message>
    <message>
        <source>自定义词语</source>
        <translation>Custom words</translation>
    </message>
    <message>
        <source>停用词</source>
        <translation>Stopwords</translation>
    </message>
    <message>
        <source>分词时要保持完整的词，例如店里的品牌名、型号或行话（如“冰丝”“小黑瓶”）。</source>
        <translation>Words to keep whole when splitting text, e.g. your brand names, models or jargon (such as 冰丝, 小黑瓶).</translation>
    </message>
    <message>
        <source>输入词语，多个用空格隔开</source>
        <translation>Type words, separated by spaces</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>删除所选</source>
        <translation>Delete selected</translation>
    </message>
    <message>
        <source>不想在主题和词云里看到的词，例如“宝贝”“东西”“亲”。不影响好评/差评判断。</source>
        <translation>Words to keep out of themes and word clouds, e.g. 宝贝, 东西, 亲. Praise/complaint verdicts are not affected.</translation>
    </message>
</context>
</TS>
