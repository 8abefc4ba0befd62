# Reference draws for the WLSMV bootstrap (issue 19 point 6; research/sem/wls_bootstrap.py).
#
# Run (from the repo root or anywhere):   Rscript tests/reference/wls_bootstrap.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite.  Deterministic (set.seed below).
# Reads tests/reference/ordinal_lsq5.csv (made by ordinal.R); writes tests/reference/wls_bootstrap_rare.csv
# (read back before fitting) and tests/reference/wls_bootstrap.json.
#
# Each entry: lavaan::bootstrapLavaan(fit, R, FUN = est of every parameterEstimates row, keep.idx = TRUE):
# the row indices of every resample (1-based, as lavaan drew them), the estimates of each resample (NA rows
# for a resample lavaan could not use: "error_idx", 1-based) and the full-sample parameterEstimates
# (est, se: robust SEs, := rows by the delta method); and the same for standardizedSolution (std.all): its rows
# ("std_rows", with est.std) and each resample's est.std ("std_draws").  The tests replay the same indices.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

lsq5 <- read.csv(file.path(here, "ordinal_lsq5.csv"))
SL <- c(paste0("SAT", 1:3), paste0("LOY", 1:4))
ALL <- c(paste0("ECO", 1:4), paste0("RES", 1:4), paste0("FLE", 1:4), paste0("REL", 1:4), paste0("EMP", 1:4), SL)

# rare: SAT/LOY with LOY4's lowest category kept for two respondents only (the others moved up one), so that
# about one resample in seven loses that category and lavaan's bootstrap counts it as failed
rare <- lsq5[, SL]
low <- which(rare$LOY4 == min(rare$LOY4))
rare$LOY4[low[-(1:2)]] <- rare$LOY4[low[-(1:2)]] + 1L
write.csv(rare, file.path(here, "wls_bootstrap_rare.csv"), row.names = FALSE)
rare <- read.csv(file.path(here, "wls_bootstrap_rare.csv"))

MEDIATION <- "
ECO =~ ECO1 + ECO2 + ECO3 + ECO4
RES =~ RES1 + RES2 + RES3 + RES4
FLE =~ FLE1 + FLE2 + FLE3 + FLE4
REL =~ REL1 + REL2 + REL3 + REL4
EMP =~ EMP1 + EMP2 + EMP3 + EMP4
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3 + LOY4
SAT ~ a1*ECO + a2*RES + a3*FLE + a4*REL + a5*EMP
LOY ~ b*SAT + ECO + RES + FLE + REL + EMP
ind_ECO := a1*b
ind_RES := a2*b
ind_FLE := a3*b
ind_REL := a4*b
ind_EMP := a5*b
ind_total := (a1 + a2 + a3 + a4 + a5)*b
"
SATLOY <- "
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3 + LOY4
LOY ~ b*SAT
b2 := b*b
"

entry <- function(name, data_file, syntax, data, ordered, R, seed) {
  fit <- sem(syntax, data = data, ordered = ordered, estimator = "WLSMV")
  pe <- parameterEstimates(fit, remove.eq = FALSE, remove.nonfree = FALSE)
  ss <- standardizedSolution(fit, se = FALSE, remove.eq = FALSE, remove.ineq = FALSE, remove.def = FALSE)
  FUN <- function(x) c(parameterEstimates(x, se = FALSE, remove.eq = FALSE, remove.nonfree = FALSE)$est,
                       standardizedSolution(x, se = FALSE, remove.eq = FALSE, remove.ineq = FALSE,
                                            remove.def = FALSE)$est.std)
  set.seed(seed)
  boot <- bootstrapLavaan(fit, R = R, FUN = FUN, keep.idx = TRUE)
  idx <- attr(boot, "boot.idx")[[1]]
  err <- attr(boot, "error.idx")
  all_draws <- unclass(boot)
  attributes(all_draws) <- list(dim = dim(boot))
  draws <- all_draws[, seq_len(nrow(pe)), drop = FALSE]
  std_draws <- all_draws[, nrow(pe) + seq_len(nrow(ss)), drop = FALSE]
  list(name = name, data = data_file, syntax = syntax, ordered = ordered, n = nobs(fit), R = R, seed = seed,
       rows = lapply(seq_len(nrow(pe)), function(i) list(lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i],
                                                         label = pe$label[i], est = pe$est[i], se = pe$se[i])),
       boot_idx = lapply(seq_len(nrow(idx)), function(i) idx[i, ]),
       error_idx = as.integer(err),
       draws = lapply(seq_len(nrow(draws)), function(i) draws[i, ]),
       std_rows = lapply(seq_len(nrow(ss)), function(i) list(lhs = ss$lhs[i], op = ss$op[i], rhs = ss$rhs[i],
                                                             est.std = ss$est.std[i])),
       std_draws = lapply(seq_len(nrow(std_draws)), function(i) std_draws[i, ]))
}

out <- list(
  provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                    jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/wls_bootstrap.R"),
  models = list(
    entry("sem_mediation", "ordinal_lsq5.csv", MEDIATION, lsq5, ALL, 8L, 20261207L),
    entry("rare_category", "wls_bootstrap_rare.csv", SATLOY, rare, SL, 40L, 7L)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(here, "wls_bootstrap.json"))
cat("done\n")
