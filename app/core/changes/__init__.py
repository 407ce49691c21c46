"""What changed in a shop's reviews over time: plain functions of an :class:`AnalysisResult`.

- :mod:`.periods` — reviews, 含不满 share and each complaint tag's rate per week or month; which
  tags are rising, falling or new; what arrived since the last import.
- :mod:`.alerts` — things to look at now (a new problem this week, a tag whose rate doubled, 1★
  after a run of good reviews), most urgent first.
- :mod:`.fix_check` — did a change (「换了顺丰」) work: each tag's rate before vs after a date.
- :mod:`.compare` — two sources side by side (our shop vs a competitor, or two SKUs).
- :mod:`.stats` — Wilson intervals and the two-proportion z-test the verdicts rest on.

Results hold codes and numbers; the ``describe_*`` functions give the sentences (Chinese first).
"""
