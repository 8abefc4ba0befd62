# Reference for notebooks/07_ordinal_wlsmv.ipynb's comparison of ML with WLSMV: the LSQ-5 CFA (5 factors x 4 items)
# fitted by ML to the same rows as ordinal.json's cfa_lsq5 (ordinal_lsq5.csv), the answers taken as continuous.
# Run:  Rscript tests/reference/ordinal_ml.R   (R >= 4.2, lavaan 0.6-14, jsonlite)
# Writes tests/reference/ordinal_ml.json: the standardized loadings (std.all) and the fit measures chisq, df, pvalue,
# cfi, tli, rmsea, srmr.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
lsq5 <- read.csv(file.path(here, "ordinal_lsq5.csv"))
ITEMS <- list(ECO = paste0("ECO", 1:4), RES = paste0("RES", 1:4), FLE = paste0("FLE", 1:4),
              REL = paste0("REL", 1:4), EMP = paste0("EMP", 1:4))
CFA5 <- paste(sprintf("%s =~ %s", names(ITEMS), sapply(ITEMS, paste, collapse = " + ")), collapse = "\n")
fit <- cfa(CFA5, data = lsq5, estimator = "ML")
ss <- standardizedSolution(fit)
ss <- ss[ss$op == "=~", ]
fm <- fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"))
out <- list(provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                              jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/ordinal_ml.R"),
            data = "ordinal_lsq5.csv", syntax = CFA5, n = lavInspect(fit, "nobs"),
            loadings = lapply(seq_len(nrow(ss)), function(i) list(lhs = ss$lhs[i], rhs = ss$rhs[i], std.all = ss$est.std[i])),
            fit = as.list(setNames(as.numeric(fm), names(fm))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "ordinal_ml.json"))
cat("done\n")
