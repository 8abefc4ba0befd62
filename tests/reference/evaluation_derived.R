# Reference values for tests/test_evaluation_derived.py (SEM-derived index weights, issue 17 point 3): the
# standardised total effects of the five LSQ-5 dimensions on SAT and on LOY in the questionnaire's standard model,
# fitted by lavaan with FIML (missing = "ml", estimator ML; the sample has missing answers, so research.analyze
# fits it by FIML too), and those effects normalised to sum 1 (the index weights).
#
# Run from this folder:   Rscript evaluation_derived.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite.  Reads evaluation_derived_lsq5.csv: datasets/lsq5_sample.csv as
# research.analyze keeps it (research.screen(research.load_responses(..., "lsq5")).kept.items: the default
# screening, reverse-keyed items recoded), written by pandas with missing answers as NA; the test checks that the
# pipeline still gives exactly this frame.  Writes evaluation_derived.json next to this script.
#
# Total effects: ECO … EMP act on SAT by one path each, so the standardised total effect on SAT is the std.all
# regression weight SAT ~ X; on LOY it is the product std(SAT ~ X) · std(LOY ~ SAT) (one path), taken here from
# lavaan's own defined parameters (:=) standardised by standardizedSolution.  The fit is *polished* after lavaan's
# default optimisation, as sem_diagnostics.R in this folder does: Newton steps with lavaan's own gradient and Hessian
# (no equality constraints here), the object rebuilt there with optim.method = "none" — lavaan's default stopping
# rule leaves a gradient of ~3e-6 and effects ~2e-6 off; polished, the test compares the model, not two optimizers.
suppressPackageStartupMessages({library(lavaan); library(jsonlite)})
d <- read.csv("evaluation_derived_lsq5.csv")
dims <- c("ECO", "RES", "FLE", "REL", "EMP")
model <- paste(
  "ECO =~ ECO1 + ECO2 + ECO3 + ECO4", "RES =~ RES1 + RES2 + RES3 + RES4", "FLE =~ FLE1 + FLE2 + FLE3 + FLE4",
  "REL =~ REL1 + REL2 + REL3 + REL4", "EMP =~ EMP1 + EMP2 + EMP3 + EMP4", "SAT =~ SAT1 + SAT2 + SAT3",
  "LOY =~ LOY1 + LOY2 + LOY3 + LOY4",
  "SAT ~ b_ECO*ECO + b_RES*RES + b_FLE*FLE + b_REL*REL + b_EMP*EMP", "LOY ~ c*SAT",
  paste0("t_", dims, " := b_", dims, "*c", collapse = "\n"), sep = "\n")
polish <- function(fit, steps = 4) {
  for (i in seq_len(steps)) {
    step <- solve(lavTech(fit, "hessian"), lavTech(fit, "gradient"))
    pt <- parTable(fit)
    pt$ustart[pt$free > 0] <- pt$est[pt$free > 0] - as.numeric(step)
    pt$start <- NULL; pt$est <- NULL; pt$se <- NULL
    fit <- update(fit, model = pt, optim.method = "none")
  }
  fit
}
fit <- sem(model, data = d, estimator = "ML", missing = "ml")
stopifnot(lavInspect(fit, "converged"))
fit <- polish(fit)
ss <- standardizedSolution(fit)
sat <- sapply(dims, function(x) ss$est.std[ss$op == "~" & ss$lhs == "SAT" & ss$rhs == x])
loy <- sapply(dims, function(x) ss$est.std[ss$op == ":=" & ss$lhs == paste0("t_", x)])
out <- list(
  n = lavInspect(fit, "nobs"), estimator = "ML", missing = "ml",
  gradient_max = max(abs(lavTech(fit, "gradient"))),
  total_SAT = as.list(sat), total_LOY = as.list(loy),
  weights_SAT = as.list(sat / sum(sat)), weights_LOY = as.list(loy / sum(loy)),
  versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                  lavaan = as.character(packageVersion("lavaan"))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "evaluation_derived.json")
