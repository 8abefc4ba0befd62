# Reference values for tests/test_trend.py::test_configural_fit_reported_and_poor_fit_warned: the configural
# (no equality constraints) two-group CFA of the LSQ-5 measurement model across two waves, ML, listwise.
#
# Run from this folder:   Rscript trend_configural_fit.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite; reads ../../datasets/lsq5_sample.csv (500 answers).
# Waves: rows 1-250 ("a") and 251-500 ("b"), as the file is ordered.  "fitting": the answers as given.
# "bent": in both waves REL1..REL3 replaced by round((RELj + EMPj + ECOj) / 3) (each of these REL questions
# read as a mix of three constructs: cross-loadings the model does not have, so the configural fit is poor).
# R's round() and numpy's round both round half to even; a sum divided by 3 never ends in .5 anyway.
# Writes trend_configural_fit.json next to this script.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
d <- read.csv(file.path(here, "..", "..", "datasets", "lsq5_sample.csv"))
MODEL <- "ECO =~ ECO1 + ECO2 + ECO3 + ECO4
RES =~ RES1 + RES2 + RES3 + RES4
FLE =~ FLE1 + FLE2 + FLE3 + FLE4
REL =~ REL1 + REL2 + REL3 + REL4
EMP =~ EMP1 + EMP2 + EMP3 + EMP4
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3 + LOY4"
d$wave <- ifelse(seq_len(nrow(d)) <= 250, "a", "b")

configural <- function(data) {
  fit <- cfa(MODEL, data = data, group = "wave", group.label = c("a", "b"), estimator = "ML",
             missing = "listwise")
  m <- fitMeasures(fit, c("chisq", "df", "cfi", "rmsea", "srmr", "ntotal"))
  as.list(setNames(as.numeric(m), names(m)))
}

bent <- d
for (j in 1:3) {
  bent[[paste0("REL", j)]] <- round((d[[paste0("REL", j)]] + d[[paste0("EMP", j)]] + d[[paste0("ECO", j)]]) / 3)
}
out <- list(lavaan = as.character(packageVersion("lavaan")), fitting = configural(d), bent = configural(bent))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "trend_configural_fit.json"))
