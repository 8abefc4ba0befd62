# Reference for the standardized effects of a WLSMV model whose regressions reach an ordered observed item
# (research.effects.plan_of: the latent response of an ordered item has variance 1 under the delta
# parameterization).  Run:  Rscript tests/reference/wls_effects_observed.R   (R >= 4.2, lavaan 0.6-14, jsonlite)
# Reads tests/reference/ordinal_lsq5.csv (made by ordinal.R); writes tests/reference/wls_effects_observed.json:
# for the delta and the theta parameterization, standardizedSolution() (std.all, its delta-method SE) of every
# "~" and ":=" row, and parameterEstimates() est and se of the same rows.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
lsq5 <- read.csv(file.path(here, "ordinal_lsq5.csv"))

MODEL <- "
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3
LOY ~ a*SAT
LOY4 ~ c*SAT + b*LOY
ind := a*b
total := c + a*b
"
entry <- function(parameterization) {
  fit <- sem(MODEL, data = lsq5, ordered = TRUE, estimator = "WLSMV", parameterization = parameterization)
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  keep <- function(t) t[t$op %in% c("~", ":="), ]
  pe <- keep(pe)
  ss <- keep(ss)
  list(parameterization = parameterization,
       rows = lapply(seq_len(nrow(pe)), function(i) list(lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i],
                                                         est = pe$est[i], se = pe$se[i],
                                                         est.std = ss$est.std[i], se.std = ss$se[i])))
}
out <- list(provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                              jsonlite = as.character(packageVersion("jsonlite")),
                              script = "tests/reference/wls_effects_observed.R"),
            syntax = MODEL, data = "ordinal_lsq5.csv", models = list(entry("delta"), entry("theta")))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           file.path(here, "wls_effects_observed.json"))
cat("done\n")
