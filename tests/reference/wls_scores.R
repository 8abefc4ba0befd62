# Reference for the factor scores of WLSMV fits with ordered indicators: lavaan's lavPredict(), whose default for
# categorical data is the empirical Bayes modal (EBM) method — per respondent, the mode of the posterior of the
# latent variables (normal prior with the model's latent means and covariance; the probit likelihood of each
# answered ordered item, the normal density of each continuous one).
# Run:  Rscript tests/reference/wls_scores.R   (R >= 4.2, lavaan 0.6-14, jsonlite)
# Reads the CSVs made by ordinal.R; writes tests/reference/wls_scores.json: per model the syntax, data, options,
# and lavPredict()'s scores of the first 120 rows it scores, computed twice — with its default optimizer
# (optim BFGS, reltol 1e-8) and with nlminb (rel.tol 1e-8) — so that a test can see how far the two optimizers
# agree with each other.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
rd <- function(f) read.csv(file.path(here, f))
lsq5 <- rd("ordinal_lsq5.csv"); mixed <- rd("ordinal_mixed.csv"); cat3 <- rd("ordinal_3cat.csv")
pairwise <- rd("ordinal_pairwise.csv"); skew <- rd("ordinal_skewed.csv")

ITEMS <- list(ECO = paste0("ECO", 1:4), RES = paste0("RES", 1:4), FLE = paste0("FLE", 1:4),
              REL = paste0("REL", 1:4), EMP = paste0("EMP", 1:4), SAT = paste0("SAT", 1:3), LOY = paste0("LOY", 1:4))
measurement <- function(f) paste(sprintf("%s =~ %s", f, sapply(ITEMS[f], paste, collapse = " + ")), collapse = "\n")
CFA5 <- measurement(c("ECO", "RES", "FLE", "REL", "EMP"))
SATLOY <- measurement(c("SAT", "LOY"))
STRUCT <- paste(measurement(c("REL", "SAT", "LOY")), "SAT ~ REL", "LOY ~ SAT + REL", sep = "\n")
MIXED <- "F1 =~ x1 + x2 + x3\nF2 =~ y1 + y2 + y3 + y4\nF2 ~ F1"
SKEWED <- "A =~ a1 + a2 + a3 + a4\nB =~ b1 + b2 + b3 + b4"
SL <- c(ITEMS$SAT, ITEMS$LOY)

entry <- function(name, file, syntax, data, ordered, options = list(), rows = 120L) {
  args <- modifyList(list(model = syntax, data = data, ordered = ordered, estimator = "WLSMV"), options)
  fit <- do.call("sem", args)
  stopifnot(lavInspect(fit, "converged"))
  used <- lavInspect(fit, "case.idx")
  fs_bfgs <- lavPredict(fit)
  fs_nlminb <- lavPredict(fit, optim.method = "nlminb")
  k <- seq_len(min(rows, nrow(fs_bfgs)))
  list(name = name, data = file, syntax = syntax, ordered = as.list(ordered),
       parameterization = lavInspect(fit, "options")$parameterization,
       missing = lavInspect(fit, "options")$missing,
       lv_names = as.list(colnames(fs_bfgs)), rows = as.list(as.integer(used[k])),   # 1-based rows of the CSV
       bfgs = unname(lapply(k, function(i) as.numeric(fs_bfgs[i, ]))),
       nlminb = unname(lapply(k, function(i) as.numeric(fs_nlminb[i, ]))))
}
out <- list(provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                              jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/wls_scores.R"),
            models = list(
  entry("cfa_lsq5", "ordinal_lsq5.csv", CFA5, lsq5, unlist(ITEMS[1:5])),
  entry("cfa_lsq5_theta", "ordinal_lsq5.csv", CFA5, lsq5, unlist(ITEMS[1:5]), list(parameterization = "theta")),
  entry("sem_struct", "ordinal_lsq5.csv", STRUCT, lsq5, c(ITEMS$REL, SL)),
  entry("mixed", "ordinal_mixed.csv", MIXED, mixed, c("y1", "y2", "y3", "y4")),
  entry("three_category", "ordinal_3cat.csv", SATLOY, cat3, SL),
  entry("skewed", "ordinal_skewed.csv", SKEWED, skew, names(skew)),
  entry("pairwise", "ordinal_pairwise.csv", SATLOY, pairwise, SL, list(missing = "pairwise")),
  entry("ulsmv", "ordinal_lsq5.csv", SATLOY, lsq5, SL, list(estimator = "ULSMV"))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE),
           file.path(here, "wls_scores.json"))
cat("done\n")
