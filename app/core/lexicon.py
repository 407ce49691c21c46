"""Hand-written e-commerce sentiment lexicon with negation scope and degree words.

Written for ReviewLens (our own work, shipped under the project's licence): shop reviews, food
and drink (taste, food safety), brand trust and boycotts, takeaway, electronics, appliances.
Every match is ``[negator][degree]word``: a negator right before the word (optionally with a
degree word in between: 不太好, 不是很满意, 没什么问题) flips its polarity and halves its
strength; degree words (很, 非常, 太 …) strengthen it, softeners (有点, 稍微 …) weaken it; 好
right before another opinion word is a degree word, not praise (好难吃). Matching runs once over all
texts joined together, with numpy hashing (see :mod:`app.core.sentiment_features`): no
per-text Python loop and no regex scan.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from app.core.sentiment_features import Prepared, full_hashes

# word: strength (1 = ordinary, 2 = strong). Written after NFKC + lower-casing.
POSITIVE = """
好:1 很好:1 不错:1 挺好:1 满意:1.5 很满意:2 喜欢:1.5 推荐:1.5 好评:2 五星:2 5星:1 好用:1.5
好吃:1.5 好喝:1.5 好看:1.5 好闻:1.5 舒服:1.5 舒适:1.5 划算:1.5 实惠:1.5 便宜:1 值:1 值得:1.5
物美价廉:2 性价比高:2 性价比很高:2 性价比不错:2 快:0.7 迅速:1 及时:1 新鲜:1.5 正品:1.5 漂亮:1.5
美:0.7 精致:1.5 结实:1 耐用:1.5 清晰:1 流畅:1.5 柔软:1 柔顺:1.5 合身:1.5 合适:1 贴心:1.5
热情:1.5 耐心:1.5 周到:1.5 给力:2 赞:2 棒:2 完美:2 惊喜:1.5 优秀:1.5 靠谱:1.5 放心:1.5
信赖:1.5 回购:1.5 再来:1 再买:1 会再买:2 还会买:2 还会再来:2 下次还来:2 会回头:2 还会光顾:2
支持:1 谢谢:1 感谢:1 辛苦了:1 超值:2 甜:1 香:1 鲜:1 嫩:1 脆:1 多汁:1.5 干净:1.5 整洁:1.5
安静:1 方便:1 便捷:1 大方:1 时尚:1 高端:1 大气:1 上档次:1.5 厚实:1 保暖:1 透气:1 顺滑:1.5
细腻:1 爱了:2 喜爱:1.5 开心:1.5 高兴:1.5 愉快:1.5 准时:1 完好:1.5 完好无损:2 严实:1 一流:2
满分:2 没得说:2 无可挑剔:2 可以:0.5 还行:0.3 还可以:0.5 ok:0.7 good:1.5 nice:1.5 great:1.5
perfect:2 like:1 love:1.5 赞赞:2 点赞:2 好极了:2 超赞:2 很棒:2 太棒了:2 真棒:2 挺不错:1.5
到位:1 专业:1 负责:1 用心:1.5 认真:1 实在:1 厚道:1.5 诚信:1.5 物超所值:2 超出预期:2
超预期:2 比想象中好:2 与描述一致:1.5 描述一致:1 和图片一样:1 一模一样:1 质量好:1.5
质量不错:1.5 做工好:1.5 做工精细:1.5 包装好:1 手感好:1.5 效果好:1.5 效果明显:1.5 有效:1
管用:1.5 味道好:1.5 口感好:1.5 正宗:1.5 美味:1.5 可口:1.5 入味:1 香甜:1.5 清甜:1.5
舒心:1.5 省心:1.5 安心:1 放心购买:2 值得购买:2 值得信赖:2 强烈推荐:2 推荐购买:2 五分:1.5
全五分:2 好货:1.5 宝贝不错:2 物流快:1.5 发货快:1.5 速度快:1.5 送货快:1.5 很快:1 神速:1.5
亲切:1 礼貌:1 服务好:1.5 态度好:1.5 服务周到:2 温馨:1.5 宽敞:1.5 明亮:1 方便快捷:1.5
顺畅:1 稳定:1 灵敏:1 清爽:1.5 不油腻:1 滋润:1 保湿:1 够味:1 实用:1 轻便:1 小巧:1
可爱:1.5 帅:1 显瘦:1.5 百搭:1.5 修身:1 高大上:1.5 不失望:1.5 没失望:1.5 👍:2 😊:1.5 😄:1.5
😁:1.5 😀:1 😍:2 🥰:2 ❤:1.5 ♥:1.5 💯:2 🌹:1 👌:1.5 😘:1.5 🎉:1 ^_^:1 :):1 哈哈:0.5 嘻嘻:0.5
快乐:1 厉害:1.5 强大:1.5 最爱:2 幸福:1.5 激动:1 优惠:1 尚可:0.7 大喜过望:2 愉悦:1.5 惊艳:2
超赞:2 牛:1 牛逼:1.5 良心:1.5 回头客:1.5 无异味:1.5 不卡:1.5 刚好:0.5 正好:0.5 好处:0.5 还好:0.5 没问题:1.5 没毛病:1.5
一点毛病没有:2 一点毛病都没有:2 一点问题没有:2 一点问题都没有:2 什么问题都没有:2 什么毛病都没有:2
啥问题没有:1.5 啥毛病没有:1.5 啥问题都没有:2 啥毛病都没有:2 问题都没有:1.5 毛病都没有:1.5
香浓:2 浓郁:1.5 醇厚:1.5 醇香:1.5 香醇:1.5 奶香:1.5 顺口:1.5 爽口:1.5 解渴:1 解馋:1.5 鲜美:1.5
回味无穷:2 香喷喷:1.5 营养:1 有营养:1.5 健康:1 安全:0.7 爱喝:1.5 爱吃:1.5 好好喝:2 一直喝:1.5
一直在喝:1.5 一直用:1.5 从小喝到大:2 不甜不腻:2 量足:1.5 分量足:1.5 份量足:1.5 热乎:1 热乎乎:1.5
信任:1.5 值得信任:2 信得过:2 有保障:1.5 老牌子:1 大品牌:1 口碑好:2 支持国货:2 国货之光:2
良心企业:2 力挺:2 加油:1.5 骄傲:1.5 自豪:1.5 感动:1.5 佩服:1.5 期待:1 祝福:1.5 恭喜:1.5 威武:2
霸气:1.5 温暖:1.5 省电:1.5 节能:1 静音:1.5 反应快:1.5 续航久:1.5 续航长:1.5 待机长:1.5 音质好:1.5
不用担心:1.5 不必担心:1.5 无法拒绝:1.5 画质好:1.5 加热快:1.5 出水快:1 制冷快:1.5 运行快:1.5 秒开:1.5
"""

# Words that contain a sentiment character but are neutral (好像, 快递, 价值 …): they consume the
# characters so 好/快/值 inside them do not count.
NEUTRAL = """
好像 好几 好多 好久 只好 恰好 好些 不好意思 好友 要好 好奇 快递 尽快 赶快 快点 快要 差不多 差价
相差 出差 价值 值班 美国 美团 美元 美的 香港 香蕉 香皂 硬盘 依旧 仍旧 累计 积累 慢慢 贵州 宝贵
贵宾 心脏 头发 可以说 可以吗 不知道 问题是 一般来说 一般都 一般是 快速 快捷 最好 最后 好在 好了
消毒 加油站 辛苦 生产日期 保质期 安全带 保安 安全感
牛奶 牛肉 牛排 牛腩 牛柳 牛杂 牛油 牛角 牛皮 牛仔 牛蛙 牛年 奶牛 水牛 黄牛 牦牛 蜗牛 犀牛 斗牛
蒙牛 红牛 小牛 牛栏山 好丽友 好时 好利来 快手 香飘飘 美年达 完美日记
"""

NEGATIVE = """
差:1.5 差评:2.5 很差:2 太差:2 极差:2.5 差劲:2 垃圾:2.5 失望:2 很失望:2.5 后悔:2 退货:2
退款:1.5 换货:1.5 坑:1.5 坑人:2 坑爹:2 骗:2 骗人:2.5 欺骗:2.5 忽悠:2 上当:2 假货:2.5 假的:2
山寨:2 次品:2 劣质:2 破:1 破损:2 破了:2 坏:1.5 坏了:2 烂:1.5 烂了:2 慢:1 太慢:2 贵:1 太贵:1.5
不值:2 问题:1 毛病:1 故障:2 卡顿:2 死机:2 发热:1 发烫:1.5 异味:2 臭:2 难闻:2 难吃:2.5
难喝:2.5 难看:2 难用:2.5 粗糙:2 掉色:2 褪色:2 起球:2 开线:2 脱线:2 变形:1.5 漏水:2 漏:1
缩水:1.5 偏小:1 偏大:1 色差:1.5 划痕:1.5 瑕疵:1.5 污渍:1.5 脏:1.5 旧:1 二手:1.5 过期:2
变质:2.5 发霉:2.5 腐烂:2.5 硬:0.5 痒:1 过敏:2 不满:2 郁闷:1.5 生气:2 气人:2 恶心:2.5 无语:2
敷衍:2 冷漠:2 态度差:2 态度恶劣:2.5 不理人:2 不回复:1.5 推诿:2 推脱:2 投诉:2 维权:2
缺斤少两:2.5 少了:1 漏发:2 错发:2 发错:2 不符:2 不一致:1.5 与描述不符:2.5 一般:0.8 凑合:1
将就:1 勉强:1 不如:1 糟糕:2 糟:1.5 噪音:1.5 吵:1.5 嘈杂:1.5 潮湿:1.5 霉味:2 麻烦:1 折腾:1.5
浪费:1.5 白买:2 别买:2.5 慎买:2.5 不推荐:2 千万别:2 再也不:2 不会再:1.5 拉黑:2.5 最差:2.5
太烂:2 悲剧:2 无奈:1.5 遗憾:1 可惜:1 不爽:2 闹心:2 心塞:2 崩溃:2 吐槽:1.5 抱怨:1.5 差点:0.5
便宜没好货:2 质量差:2.5 质量一般:1.5 做工差:2 做工粗糙:2.5 速度慢:2 物流慢:2 发货慢:2
服务差:2.5 态度不好:2.5 不耐用:2 不好用:2 不新鲜:2 不值得:2 缺货:1 残次:2 残缺:2 碎了:2
有裂:1.5 裂了:2 断了:2 掉了:1 掉漆:2 生锈:2 串味:2 酸臭:2.5 苦涩:1.5 发酸:1.5 干巴:1.5
掉毛:2 起皱:1.5 褶皱:1 线头:1.5 刺鼻:2 有味道:1.5 味道大:1.5 甲醛:2 发黄:1.5 发黑:1.5
虫:1.5 掉发:1.5 头皮屑:0.5 干涩:1.5 油腻:1 不舒服:2 疼:1.5 磨脚:2 累:0.5 太小:1.5
太大:1 太薄:1.5 太短:1 太长:1 不合适:1.5 短斤少两:2.5 小气:1.5 抠门:1.5 傻:1.5 坑货:2.5
不敢恭维:2 名不副实:2 名不符实:2 有待改进:1.5 有待提高:1.5 陈旧:1.5 老化:1.5 冷冰冰:2
糊弄:2 打发:1 不至于:1 醉了:1.5 呵呵:0.5 唉:1 哎:0.5 过分:2 离谱:2 欺诈:2.5 水军:1.5 假评:2
bad:1.5 terrible:2 worst:2.5 👎:2 😡:2 😠:2 😤:1.5 😭:1 😢:1 💔:1.5 🤮:2.5 😞:1.5 😒:1.5 🙄:1
拉肚子:2.5 腹泻:2.5 肚子疼:2 胃疼:2 呕吐:2.5 想吐:2 要吐了:2 反胃:2 胀气:1.5 食物中毒:2.5
中毒:2 有毒:2.5 毒奶:2.5 致癌:2.5 三聚氰胺:2.5 地沟油:2.5 黄曲霉:2.5 添加剂:1 防腐剂:1 激素:1
超标:2 不合格:2 召回:1.5 曝光:1.5 丑闻:2.5 黑幕:2 猫腻:2 安全隐患:2 隐患:1.5 不安全:2 虫子:2
活虫:2.5 异物:2 漂浮物:2 结块:2 凝块:2 馊:2.5 发臭:2.5 臭了:2.5 变味:2 走味:1.5 怪味:2 味道怪:2
奇怪:1 吃不惯:1.5 喝不惯:1.5 难以下咽:2.5 发苦:1.5 太甜:1 甜腻:1.5 齁:1.5 太咸:1.5 寡淡:1.5
没味:1.5 没味道:1.5 淡而无味:2 兑水:2 掺水:2 注水:2 掺假:2.5 造假:2.5 作假:2 篡改:2 临期:1
快过期:1.5 胀袋:2 胀包:2 漏气:1.5 坏掉:2 不熟:2 没熟:2 夹生:2 糊了:1.5 凉了:1.5 洒了:2 撒了:1.5
量少:1.5 分量少:1.5 份量少:1.5 送错:2 少送:2 漏送:2 超时:1.5 抵制:2.5 拒买:2.5 远离:1
拒绝:1.5 不买了:2 再也不买:2.5 不再买:2 不喝了:1.5 再也不喝:2.5 不再喝:2 不敢喝:2 不敢吃:2
不敢买:2 不敢用:2 坚决不:2 不放心:2 信不过:2 不信任:2 失去信任:2.5 不可信:2 没良心:2.5 黑心:2.5
无良:2.5 昧良心:2.5 丧尽天良:2.5 鄙视:2 唾弃:2.5 谴责:2 可耻:2.5 无耻:2.5 不要脸:2.5 败类:2.5
奸商:2.5 黑店:2.5 骗子:2.5 唯利是图:2.5 见利忘义:2.5 害人:2.5 坑害:2.5 祸害:2 毒害:2.5 推卸:2
甩锅:2 不负责任:2.5 不道歉:1.5 倒闭:2 去死:2.5 活该:1.5 讨厌:2 厌恶:2 反感:2 憎恨:2 痛恨:2.5
愤怒:2 愤慨:2 气愤:2 可悲:2 悲哀:2 可怕:1.5 恐怖:1.5 担心:1 担忧:1 忐忑:1 后怕:1.5 心寒:2
寒心:2 伤心:1.5 难过:1.5 痛心:1.5 屡教不改:2.5 一错再错:2 出事:1.5 出问题:1.5 出毛病:1.5 负面:1 作秀:1.5
洗白:2 凭什么:1.5 有什么用:1.5 有啥用:1.5 有毛用:2 何在:1.5 良心呢:2 有良心吗:2 还好意思:2 好意思:1.5 有脸:1.5 也敢卖:2 还敢卖:2 也好意思卖:2
毒药:2.5 可恶:2 憋屈:2 纠结:1 尴尬:1.5 生命危险:2 可笑:1.5 愚昧:2 吹牛:1.5 不会买:1.5
他妈的:1.5 妈的:1.5 tmd:1.5 尼玛:1.5 傻逼:2.5 傻比:2.5 草泥马:2 狗屎:2.5 屎:1.5 脑残:2
闪退:2 黑屏:2 花屏:2 蓝屏:2 自动关机:2 重启:1 耗电:1.5 耗电快:2 掉电快:2 续航差:2 信号差:2
没信号:1.5 断网:1.5 杂音:1.5 异响:2 漏电:2.5 跳闸:2 不制热:2 不制冷:2 不加热:2 不出水:2
开不了机:2 充不进电:2 充不上电:2 失灵:2 返修:2 乱收费:2.5 噪音大:2 声音大:1.5 加热慢:1.5
刮痕:1.5 磕碰:1.5 闪屏:2 卡机:2 坏点:2 漏光:1.5 异常:1.5
"""

NEGATORS = [
    "不",
    "没",
    "没有",
    "无",
    "非",
    "别",
    "未",
    "并不",
    "并没有",
    "并非",
    "毫不",
    "从不",
    "从没",
    "绝不",
    "不是",
    "不太",
    "不够",
    "不怎么",
    "没那么",
    "不算",
    "没什么",
    "没啥",
    "没多少",
    # a verb between the negator and the word: 没发现什么问题, 没出过毛病, 未出现异常
    "没发现",
    "没有发现",
    "没发现什么",
    "没有发现什么",
    "没发现任何",
    "没出过",
    "没出什么",
    "没出现",
    "没有出现",
    "没出现过",
    "没出现什么",
    "没遇到",
    "没有遇到",
    "没遇到过",
    "没遇到什么",
    "没碰到",
    "没感觉到",
    "未发现",
    "未发现任何",
    "未出现",
    "未出现任何",
    "不会",
    "不再",
    "毫无",
    "没任何",
    "无任何",
    "没有任何",
    "没有什么",
    "一点也不",
    "一点都不",
    "不大",
    "木有",
    "没得",
    "不咋",
    "不怎么样",
    "不那么",
    "不是很",
    "不是太",
    "不是特别",
    "不算太",
    "也不",
    "都不",
    "还不",
]

DEGREES = {
    **dict.fromkeys(
        [
            "很",
            "非常",
            "太",
            "特别",
            "超",
            "超级",
            "十分",
            "相当",
            "挺",
            "蛮",
            "真",
            "真的",
            "极其",
            "最",
            "更",
            "巨",
            "贼",
            "灰常",
            "好",
            "太过",
            "如此",
            "那么",
            "这么",
            "实在",
            "确实",
            "绝对",
            "完全",
            "相当的",
            "特",
            "老",
            "狠",
            "简直",
        ],
        1.5,
    ),
    **dict.fromkeys(
        [
            "有点",
            "有些",
            "稍微",
            "略",
            "略微",
            "稍",
            "还",
            "还算",
            "较",
            "比较",
            "一点",
            "有一点",
            "有点儿",
            "偏",
        ],
        0.7,
    ),
}

CONTRAST = ["但", "但是", "可是", "就是", "不过", "只是", "然而", "却", "可惜", "无奈", "缺点"]
AFTER_CONTRAST = 1.5  # opinions after a contrast word weigh more: 不错，就是有点贵 is a complaint

N_FEATURES = 4  # positive strength, negative strength, any opinion word, net strength if short


def _parse(block: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in block.split():
        word, _, weight = item.rpartition(":")
        out[word] = float(weight)
    return out


_SHIFT = 12  # bitmap of 2**20 bits per word length: a fast pre-filter before exact hashes
MAX_WORD = 8  # longer lexicon entries are ignored


class _WordSet:
    """Words found in code-point arrays by hashing (numpy only).

    Per word length: a bitmap pre-filter, then the exact 32-bit hash (a false match needs a
    32-bit collision with one of a few hundred words: about one per 10 M characters).
    """

    def __init__(self, values: dict[str, float]) -> None:
        self.words = [w for w in values if 0 < len(w) <= MAX_WORD]
        self.values = np.array([values[w] for w in self.words], dtype=np.float64)
        self.max_len = max((len(w) for w in self.words), default=0)
        self.tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for n in sorted({len(w) for w in self.words}):
            ids = np.array([i for i, w in enumerate(self.words) if len(w) == n])
            joined = "\x00".join(self.words[i] for i in ids)
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
            hashes = next(h for k, h, _ in full_hashes(codes, n) if k == n)
            hashes = hashes[np.arange(ids.size) * (n + 1)]
            bitmap = np.zeros(1 << (32 - _SHIFT), dtype=bool)
            bitmap[hashes >> np.uint32(_SHIFT)] = True
            order = np.argsort(hashes, kind="stable")
            self.tables[n] = (bitmap, hashes[order], ids[order])

    def find(self, hashes: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Leftmost-longest, non-overlapping matches: ``(starts, lengths, word ids)``.

        ``hashes`` is the list of :func:`full_hashes` output for the texts."""
        size = hashes[0][1].size if hashes else 0
        length = np.zeros(size, dtype=np.int64)
        word = np.zeros(size, dtype=np.int64)
        shift = np.uint32(_SHIFT)
        for n, h, valid in hashes:
            table = self.tables.get(n)
            if table is None:
                continue
            bitmap, keys, ids = table
            cand = np.flatnonzero(bitmap[h >> shift] & valid)
            at = np.minimum(np.searchsorted(keys, h[cand]), keys.size - 1)
            exact = keys[at] == h[cand]
            length[cand[exact]] = n  # longer n comes later and wins
            word[cand[exact]] = ids[at[exact]]
        starts = np.flatnonzero(length)
        lengths = length[starts]
        ends = starts + lengths
        if starts.size:  # drop matches starting inside an earlier (longer) one
            reach = np.maximum.accumulate(ends)
            keep = np.ones(starts.size, dtype=bool)
            keep[1:] = starts[1:] >= reach[:-1]
            starts, lengths = starts[keep], lengths[keep]
        return starts, lengths, word[starts]


@lru_cache(maxsize=1)
def _compiled() -> tuple[_WordSet, _WordSet, _WordSet, _WordSet, np.ndarray, np.ndarray]:
    polarity = dict(_parse(POSITIVE))
    polarity.update({w: -s for w, s in _parse(NEGATIVE).items()})
    polarity.update(dict.fromkeys(NEUTRAL.split(), 0.0))
    words = _WordSet(polarity)
    prefix = np.array([_degree_prefix(w) for w in words.words], dtype=np.int64)
    also_degree = np.array([w in DEGREES for w in words.words], dtype=bool)  # 好
    return (
        words,
        _WordSet(dict.fromkeys(NEGATORS, 1.0)),
        _WordSet(DEGREES),
        _WordSet(dict.fromkeys(CONTRAST, 1.0)),
        prefix,
        also_degree,
    )


def _degree_prefix(word: str) -> int:
    """Length of a degree word opening ``word`` (很满意 → 1), 0 if none."""
    return max((len(d) for d in DEGREES if word.startswith(d) and len(d) < len(word)), default=0)


def all_hashes(codes: np.ndarray, at_least: int = 0) -> list:
    """:func:`full_hashes` of ``codes`` for every word length of the lexicon (≥ ``at_least``)."""
    words, negators, degrees, contrast, _, _ = _compiled()
    longest = max(words.max_len, negators.max_len, degrees.max_len, contrast.max_len, at_least)
    return list(full_hashes(codes, longest))


def match_arrays(codes: np.ndarray, hashes: list | None = None):
    """``(starts, ends, signed scores)`` of every opinion-word match in normalised ``codes``.

    Opinion words are matched leftmost-longest (不错, 没问题 are words of their own); a degree
    word ending right before one scales it, a negator right before (or before the degree word)
    flips it: 不太好, 不是很满意, 没什么问题.
    """
    starts, ends, score, _, _ = _matches(codes, hashes)
    return starts, ends, score


def _spans_mask(size: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    edges = np.zeros(size + 1, dtype=np.int32)
    np.add.at(edges, starts, 1)
    np.add.at(edges, ends, -1)
    return np.cumsum(edges[:-1]) > 0


def _matches(codes: np.ndarray, hashes: list | None = None):
    """:func:`match_arrays` plus whether each match is negated and where its negator starts."""
    words, negators, degrees, _, prefix, also_degree = _compiled()
    hashes = all_hashes(codes) if hashes is None else hashes
    starts, lengths, ids = words.find(hashes)
    if starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), np.zeros(0, dtype=bool), empty
    score = words.values[ids]
    # 好 right before another opinion word is a degree word (好难吃, 好开心), not praise itself
    adjacent = np.zeros(starts.size, dtype=bool)
    adjacent[:-1] = starts[:-1] + lengths[:-1] == starts[1:]
    score = np.where(adjacent & also_degree[ids], 0.0, score)
    size = codes.size + 1
    deg_len = np.zeros(size, dtype=np.int64)
    deg_weight = np.ones(size)
    d_start, d_len, d_ids = degrees.find(hashes)
    n_start, n_len, _ = negators.find(hashes)
    # a negator inside a degree word is none: 别 in 特别开心
    n_keep = ~_spans_mask(size, d_start + 1, d_start + d_len)[n_start]
    n_start, n_len = n_start[n_keep], n_len[n_keep]
    neg_end = np.zeros(size, dtype=bool)
    neg_begin = np.zeros(size, dtype=np.int64)  # start of the negator ending here
    neg_end[n_start + n_len] = True
    neg_begin[n_start + n_len] = n_start
    deg_len[d_start + d_len] = d_len
    deg_weight[d_start + d_len] = degrees.values[d_ids]
    score = score * deg_weight[starts]
    inner = starts + prefix[ids]
    before_degree = starts - deg_len[starts]
    negated = neg_end[before_degree] | neg_end[starts] | neg_end[inner]
    score = np.where(negated, score * np.where(score < 0, -0.8, -0.6), score)
    negator_end = np.where(
        neg_end[before_degree], before_degree, np.where(neg_end[starts], starts, inner)
    )
    scope = np.where(negated, neg_begin[negator_end], starts)  # from the negator on
    return starts, starts + lengths, score, negated & (score != 0), scope


def match_scores(text: str) -> list[tuple[int, int, float]]:
    """``(start, end, signed score)`` for every lexicon match in one normalised string."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    starts, ends, score = match_arrays(codes)
    return list(zip(starts.tolist(), ends.tolist(), score.tolist(), strict=True))


def lexicon_features(prep: Prepared, hashes: list | None = None) -> np.ndarray:
    """Per-text lexicon features of prepared texts (:func:`app.core.sentiment_features.prepare`).

    Columns: positive strength, negative strength (both ``log1p`` of summed scores), whether
    the text has any opinion word (0/1), and the net strength (positive − negative) divided by
    the square root of the text's length: a short clause has few n-grams, easily misled (卡 in
    不卡 reads as a complaint), so the model can trust its opinion words more.
    """
    return lexicon_analysis(prep, hashes)[0]


def lexicon_analysis(prep: Prepared, hashes: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`lexicon_features` of ``prep`` and, per code point, whether it lies inside a
    negated opinion, from the negator to the end of the word it flips (没什么问题).

    The sentiment model hashes n-grams starting there apart from the same n-grams elsewhere,
    so "没有问题" does not borrow the complaint weight of "问题" nor of "没有" in "没有收到"
    (negation marking)."""
    n_docs = prep.n_docs
    feats = np.zeros((n_docs, N_FEATURES), dtype=np.float64)
    if n_docs == 0 or prep.codes.size == 0:
        return feats, np.zeros(prep.codes.size, dtype=bool)
    hashes = all_hashes(prep.codes) if hashes is None else hashes
    pos, ends, score, negated, scope = _matches(prep.codes, hashes)
    marks = _spans_mask(prep.codes.size, scope[negated], ends[negated])
    if pos.size == 0:
        return feats, marks
    doc = np.searchsorted(prep.starts, pos, side="right") - 1
    contrast, _, _ = _compiled()[3].find(hashes)
    if contrast.size:
        before = np.searchsorted(contrast, pos) - np.searchsorted(contrast, prep.starts[doc])
        score = np.where(before > 0, score * AFTER_CONTRAST, score)
    feats[:, 0] = np.log1p(np.bincount(doc, weights=np.maximum(score, 0), minlength=n_docs))
    feats[:, 1] = np.log1p(np.bincount(doc, weights=np.maximum(-score, 0), minlength=n_docs))
    hits = np.bincount(doc, weights=np.abs(score) > 0, minlength=n_docs)
    feats[:, 2] = hits > 0
    feats[:, 3] = (feats[:, 0] - feats[:, 1]) / np.sqrt(np.maximum(prep.lengths, 1))
    return feats, marks
