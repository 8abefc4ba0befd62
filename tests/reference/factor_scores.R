# Reference for research.sem.factor_scores on ML fits: lavaan's lavPredict(fit) (method = "regression", its
# default for continuous indicators), the scores the regressions of `research analyze --scores factor` and the
# app's "CFA factor scores" use.
# Run:  Rscript tests/reference/factor_scores.R   (R >= 4.2, lavaan 0.6-14, jsonlite)
# Models:
#   hs_cfa        Holzinger & Swineford's three-factor CFA, complete data (../shared/reference/holzinger1939.csv)
#   hs_fiml       the same CFA by FIML on the copy with missing answers (holzinger1939_missing.csv): each row is
#                 scored from the items it answered, centred on the model-implied means
#   poldem_sem    Bollen's political-democracy SEM with its six residual covariances (political_democracy.csv)
#   lsq5_sem      the LSQ-5 dimensions -> SAT -> LOY SEM on tests/reference/ordinal_lsq5.csv, the answers taken as
#                 continuous (ML)
# Writes tests/reference/factor_scores.json: per model the syntax, the data file, lavaan's case.idx (rows used,
# counted from 1) and the scores of those rows, one array per row in the order of lv_names.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference"))

HS <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
POLDEM <- paste("ind60 =~ x1 + x2 + x3", "dem60 =~ y1 + y2 + y3 + y4", "dem65 =~ y5 + y6 + y7 + y8",
                "dem60 ~ ind60", "dem65 ~ ind60 + dem60",
                "y1 ~~ y5", "y2 ~~ y4 + y6", "y3 ~~ y7", "y4 ~~ y8", "y6 ~~ y8", sep = "\n")
ITEMS <- list(ECO = paste0("ECO", 1:4), RES = paste0("RES", 1:4), FLE = paste0("FLE", 1:4),
              REL = paste0("REL", 1:4), EMP = paste0("EMP", 1:4), SAT = paste0("SAT", 1:3),
              LOY = paste0("LOY", 1:4))
LSQ5 <- paste(c(sprintf("%s =~ %s", names(ITEMS), sapply(ITEMS, paste, collapse = " + ")),
                "SAT ~ ECO + RES + FLE + REL + EMP", "LOY ~ SAT + ECO + RES + FLE + REL + EMP"), collapse = "\n")

entry <- function(name, file, folder, syntax, fit_fun, ...) {
  data <- read.csv(file.path(folder, file))
  fit <- fit_fun(syntax, data = data, ...)
  scores <- lavPredict(fit)
  list(name = name, data = file, shared = folder == shared, syntax = syntax, options = structure(list(...), names = as.character(names(list(...)))),
       lv_names = colnames(scores), case_idx = lavInspect(fit, "case.idx"),
       scores = unname(lapply(seq_len(nrow(scores)), function(i) unname(scores[i, ]))))
}

models <- list(
  entry("hs_cfa", "holzinger1939.csv", shared, HS, cfa),
  entry("hs_fiml", "holzinger1939_missing.csv", shared, HS, cfa, missing = "ml"),
  entry("poldem_sem", "political_democracy.csv", shared, POLDEM, sem),
  entry("lsq5_sem", "ordinal_lsq5.csv", here, LSQ5, sem))
out <- list(provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                              jsonlite = as.character(packageVersion("jsonlite")),
                              script = "tests/reference/factor_scores.R"),
            models = models)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE), file.path(here, "factor_scores.json"))
cat("done\n")
