"""The small hand-written word tables opinion units are read with (:mod:`.units`).

Negators and degree words, words that look like opinions but are none, generic nouns (an opinion
about them is about the purchase as a whole), attribute nouns, opposites for negated words, and
the verbs reviews use as nouns. Written by us; nothing is learnt from data.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


NEGATORS = {
    "不": "不", "不太": "不", "不怎么": "不", "不大": "不", "并不": "不", "也不": "不",
    "都不": "不", "毫不": "不", "一点也不": "不", "一点都不": "不", "从不": "不", "不够": "不",
    "没": "没", "没有": "没", "没什么": "没", "没啥": "没", "并没有": "没", "从没": "没",
    "无": "没", "未": "没", "不是": "不", "不算": "不", "不会": "不", "不想": "不", "不要": "不", "不能": "不", "没法": "没",
}  # fmt: skip
DEGREE_WORDS = _words(
    "根本 完全 再 很 非常 太 特别 超 超级 十分 极 极其 好 真 真的 挺 蛮 比较 有点 有些 有一点 稍微 略 还 也 都 就 更 最 实在 相当 巨 贼 忒 超级无敌 一点 一些 些 "
    "又 还是 确实 简直 那么 这么 如此 老 怪"
)
# Words that start like a negated opinion but say none (不知道, 不然, 不少), requests (麻烦掌柜)
# and verbs of thinking, whose negation is no opinion about the purchase (不觉得, 不知道).
NOT_OPINIONS = _words(
    "不知道 不觉得 不然 不过 不管 不用 不敢 不会 不要 不想 不如 不仅 不但 不得不 不是 不知 不清楚 "
    "不确定 不一定 不少 不止 不停 没想到 没什么 没事 没办法 没多久 没几天 没用过 没注意 没过 不到"
)
VAGUE = _words("问题 毛病 情况")
REQUESTS = _words("麻烦 请 希望 求 建议 拜托")
THINKING = _words(
    "知道 觉得 认为 清楚 确定 想到 想 知 懂 记得 在意 注意 管 敢 用过 见过 试过 说 讲 提 能 会 是"
)
ADVERBS = _words("就 也 都 还 又 还是 一直 已经 现在 刚 才 再 总是 居然 竟然 真是 简直")
PARTICLES = _words("了 的 啊 呀 哦 吧 呢 哈 啦 嘛 喔 耶 哇 滴 得 地 么")
EXISTENCE = {"有": "有", "没有": "没有", "没": "没有", "无": "没有"}
# Nouns that name the product itself or nothing in particular: an opinion about them is an
# opinion about the purchase as a whole (整体满意 / 整体不满意).
GENERIC = _words(
    "东西 宝贝 商品 产品 物品 货 货物 这个 那个 这款 那款 这家 那家 它 本品 一切 整体 总体 总之 感觉 体验 购物 这次 此次 下次 以后 一次 时候 时间 朋友 "
    "家人 老公 老婆 孩子 宝宝 妈妈 自己 大家 亲 亲们 评价 好评 差评 问题 毛病 地方 方面 情况 样子 东东 店 小店 本店 店铺 网店 淘宝 京东 天猫 拼多多 价 "
    "钱 元 块 次 个 件 点 些 办法 必要 关系 小时 分钟 天 周 星期 月 年 今天 昨天 明天 个人 本人 个人感觉 人家 机会 令人 让人 使人"
)
CAUSATIVE = _words("让 令 使 叫 给")  # 让人失望, 给人感觉: the noun after them feels, is not judged
# Attribute nouns: 物流速度慢 is about 物流, 客服态度差 about 客服.
ATTRIBUTES = _words("速度 态度 质量 品质 效果 手感 口感 味道 颜色 做工 服务 性能 程度 水平")
# Opposites: a negated word takes the sense of its opposite (不快 → 慢, 不贵 → 便宜).
_PAIRS = (
    "快:慢 好:差 大:小 贵:便宜 厚:薄 长:短 软:硬 新:旧 亮:暗 轻:重 紧:松 宽:窄 高:低 多:少 "
    "好吃:难吃 好看:难看 好用:难用 好闻:难闻 好喝:难喝 干净:脏 安静:吵 清晰:模糊 新鲜:不新鲜 "
    "满意:不满意 合适:不合适 舒服:不舒服 灵敏:不灵敏 及时:不及时 准时:不准时 耐用:不耐用 "
    "结实:不结实 划算:不划算 值:不值 正品:假货 热:凉 精致:粗糙 流畅:卡顿 稳定:不稳定"
)
OPPOSITE = {a: b for pair in _PAIRS.split() for a, b in [pair.split(":")]}
OPPOSITE.update({b: a for a, b in list(OPPOSITE.items()) if not b.startswith("不")})
NOUN_FLAGS = ("n", "vn", "ng", "nz", "nr", "ns", "nt", "nrt", "an")
# Verbs the engine tags as verbs that reviews use as nouns (快递很慢, 包装破损, 充电慢).
EXTRA_TARGETS = _words("快递 包装 充电 发货 物流 送货 配送 售后 安装 做工 续航 做饭 出水 制冷 加热")
# A verb with a negative potential complement: 找不到, 联系不上, 打不开, 充不进.
UNABLE = frozenset(
    ["不到", "不了", "不上", "不出", "不开", "不动", "不住", "不进", "不着", "不起来", "不下"]
)
