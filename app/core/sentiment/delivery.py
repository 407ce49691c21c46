"""How fast it came, said without an opinion word: 昨天下单今天到 is praise, 一个星期才到 a complaint.

Shop owners read a plain arrival time as a verdict on delivery, but the judge sees no opinion word
in it and calls it neutral. A text the judge leaves neutral that tells a quick arrival (今天到,
第二天就收到了, 两天就到了) is praise, one that tells a slow one (三天才到, 等了一个星期, 一直没收到)
a complaint, both at :data:`SCORE`. Texts with an opinion keep the judge's label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

SCORE = 0.6  # clear enough to count, weaker than most worded opinions
# after the order by their nature (第二天, 两天); 今天/当天 only after an order (昨天下单今天到) or with 就
_AFTER = r"(?:隔天|隔日|次日|第二天|第2天|一天|1天|两天|2天|没两天|没几天|很快就|马上就)"
_ORDERED = r"(?:下单|拍下|拍的|买的|付款|订的|发货)"
FAST = re.compile(
    rf"(?:{_ORDERED}.{{0,8}}?(?:当天|今天)|{_AFTER}|(?:当天|今天)(?=就))"
    r"就?(?:到了|到货|收到|送到|到(?![晚底头店家里这那的]))"
)
SLOW = re.compile(
    r"等了.{0,6}(?:天|周|星期|礼拜|个月)|(?:天|周|星期|礼拜|个月)(?:才|还没)(?:到|收到|发货)"
    r"|一直没(?:到|收到|发货)"
)


def delivery_speed(texts: Sequence[str]) -> np.ndarray:
    """Per text: +1 a quick arrival, −1 a slow one, 0 neither (or both)."""
    out = np.zeros(len(texts), dtype=np.int8)
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not ("到" in text or "发货" in text or "等了" in text):
            continue
        fast, slow = FAST.search(text) is not None, SLOW.search(text) is not None
        out[i] = int(fast) - int(slow)
    return out
