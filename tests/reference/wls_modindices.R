# Reference modification indices of fits with ordered indicators (research/sem/wls_modindices.py).
#
# Run:  Rscript tests/reference/wls_modindices.R      (R >= 4.2, lavaan 0.6-14, jsonlite)
# Reads the data files ordinal.R wrote (ordinal_lsq5.csv, ordinal_mixed.csv, ordinal_pairwise.csv) and writes
# tests/reference/wls_modindices.json: for each model, lavaan's modindices(fit, sort. = FALSE) — every row it
# lists, with mi, epc, sepc.lv, sepc.all, sepc.nox —, the fit's N, and residuals(fit, type)$cov for the types
# raw, cor and standardized (research/sem/wls_residuals.py; lavaan has no "normalized" ones for ordered data).
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
read <- function(f) read.csv(file.path(here, f))
lsq5 <- read("ordinal_lsq5.csv")
mixed <- read("ordinal_mixed.csv")
pairwise <- read("ordinal_pairwise.csv")

SATLOY_SEM <- "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4\nLOY ~ SAT"
CFA5 <- paste("ECO =~ ECO1 + ECO2 + ECO3 + ECO4", "RES =~ RES1 + RES2 + RES3 + RES4",
              "FLE =~ FLE1 + FLE2 + FLE3 + FLE4", "REL =~ REL1 + REL2 + REL3 + REL4",
              "EMP =~ EMP1 + EMP2 + EMP3 + EMP4", sep = "\n")
# orthogonal factors and equal loadings: fixed rows and labels in the model
CONSTRAINED <- paste("SAT =~ SAT1 + a*SAT2 + a*SAT3", "LOY =~ LOY1 + LOY2 + LOY3 + LOY4", "SAT ~~ 0*LOY", sep = "\n")
# an ordered item as an outcome of a regression
OBSERVED <- "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3\nLOY ~ SAT\nLOY4 ~ SAT + LOY"
MIXED <- "F1 =~ x1 + x2 + x3\nF2 =~ y1 + y2 + y3 + y4\nF2 ~ F1"
# a single-indicator factor with its variance fixed (ordinal.R's single_indicator): fixed rows as candidates
SINGLE <- paste("ECO =~ 1*ECO1", "ECO ~~ 1*ECO", "SAT =~ SAT1 + SAT2 + SAT3", "LOY =~ LOY1 + LOY2 + LOY3 + LOY4",
                "SAT ~ ECO", "LOY ~ SAT + ECO", sep = "\n")
SL <- c(paste0("SAT", 1:3), paste0("LOY", 1:4))

entry <- function(name, data_file, syntax, data, ordered, ...) {
  fit <- sem(syntax, data = data, ordered = ordered, ...)
  mi <- as.data.frame(modindices(fit, sort. = FALSE))
  opts <- list(...)
  res <- lapply(c(raw = "raw", cor = "cor", standardized = "standardized"),
                function(type) {
                  m <- tryCatch(residuals(fit, type = type)$cov, error = function(e) NULL)   # NULL: lavaan has none
                  if (is.null(m)) NULL else unname(lapply(seq_len(nrow(m)), function(i) m[i, ]))
                })
  list(name = name, data = data_file, syntax = syntax, ordered = as.list(ordered),
       estimator = opts$estimator, parameterization = if (is.null(opts$parameterization)) "delta" else opts$parameterization,
       missing = if (is.null(opts$missing)) "listwise" else opts$missing, n = nobs(fit),
       rows = lapply(seq_len(nrow(mi)), function(i) list(lhs = mi$lhs[i], op = mi$op[i], rhs = mi$rhs[i],
                                                         mi = mi$mi[i], epc = mi$epc[i], sepc.lv = mi$sepc.lv[i],
                                                         sepc.all = mi$sepc.all[i], sepc.nox = mi$sepc.nox[i])),
       residual_names = rownames(residuals(fit, type = "raw")$cov), residuals = res)
}

out <- list(
  provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                    jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/wls_modindices.R"),
  models = list(
    entry("satloy_sem", "ordinal_lsq5.csv", SATLOY_SEM, lsq5, SL, estimator = "WLSMV"),
    entry("satloy_sem_theta", "ordinal_lsq5.csv", SATLOY_SEM, lsq5, SL, estimator = "WLSMV",
          parameterization = "theta"),
    entry("satloy_sem_ulsmv", "ordinal_lsq5.csv", SATLOY_SEM, lsq5, SL, estimator = "ULSMV"),
    entry("cfa_lsq5", "ordinal_lsq5.csv", CFA5, lsq5, names(lsq5)[grepl("^(ECO|RES|FLE|REL|EMP)", names(lsq5))],
          estimator = "WLSMV"),
    entry("constrained", "ordinal_lsq5.csv", CONSTRAINED, lsq5, SL, estimator = "WLSMV"),
    entry("constrained_theta", "ordinal_lsq5.csv", CONSTRAINED, lsq5, SL, estimator = "WLSMV",
          parameterization = "theta"),
    entry("observed_outcome", "ordinal_lsq5.csv", OBSERVED, lsq5, SL, estimator = "WLSMV"),
    entry("mixed", "ordinal_mixed.csv", MIXED, mixed, c("y1", "y2", "y3", "y4"), estimator = "WLSMV"),
    entry("pairwise", "ordinal_pairwise.csv", SATLOY_SEM, pairwise, SL, estimator = "WLSMV", missing = "pairwise"),
    entry("single_indicator", "ordinal_lsq5.csv", SINGLE, lsq5, c("ECO1", SL), estimator = "WLSMV")))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(here, "wls_modindices.json"))
cat("done\n")
