"""The analysis defaults shared by every front end."""

# The defaults of every front end (app, `research analyze`, notebooks): the same file gives the same numbers
# wherever it is analysed.  1000 percentile-bootstrap resamples are the usual minimum for 95% CIs of indirect
# effects (Preacher & Hayes 2008 use 5000 where time allows; `--bootstrap 5000` gives them); the seed is fixed
# so a rerun repeats the CIs exactly; missing answers are handled by FIML (as Mplus and AMOS do), which keeps
# every respondent with at least one answer instead of dropping each row with a gap — "auto": FIML when a model
# variable has a missing answer, plain ML (lavaan's default, no mean structure) when the data are complete.
DEFAULT_BOOTSTRAP = 1000
# PLS-SEM (--method pls): SmartPLS's default and Hair et al.'s (2019) recommendation; the batched PLS bootstrap
# takes about half a second for 5000 resamples of the sample study.
DEFAULT_PLS_BOOTSTRAP = 5000
DEFAULT_SEED = 20261122
DEFAULT_MISSING = "auto"
