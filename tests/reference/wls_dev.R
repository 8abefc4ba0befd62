# Development reference for the DWLS/WLSMV estimator (research/sem/wls.py, issue 19 point 2), made
# before the shared ordinal reference set (ordinal.R/ordinal.json) existed.  Each entry holds what
# lavaan 0.6-14 computes for `estimator = ..., ordered = TRUE` on the LSQ-5 sample:
#   the sample statistics the estimator consumes (wls.obs, diag of wls.v, gamma = NACOV),
#   parameterEstimates(fit, standardized = TRUE) with free/label, standardizedSolution(fit) (est.std, se),
#   fitMeasures(fit), lavInspect(fit, "test"),
#   and the cat-ML intermediates of the robust CFI/RMSEA (lavaan:::lav_fit_catml_dwls: XX3, c.hat3, ...).
# Run from anywhere:   Rscript tests/reference/wls_dev.R      (a few seconds)
# Needs R >= 4.2, lavaan 0.6-14, jsonlite; reads ../../datasets/lsq5_sample.csv, writes wls_dev.json.
suppressMessages({library(lavaan); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
d <- read.csv(file.path(here, "..", "..", "datasets", "lsq5_sample.csv"))

models <- list(
  list(name = "cfa2_wlsmv", estimator = "WLSMV",
       syntax = "ECO =~ ECO1 + ECO2 + ECO3 + ECO4\nRES =~ RES1 + RES2 + RES3 + RES4"),
  list(name = "cfa2_ulsmv", estimator = "ULSMV",
       syntax = "ECO =~ ECO1 + ECO2 + ECO3 + ECO4\nRES =~ RES1 + RES2 + RES3 + RES4"),
  list(name = "cfa2_dwls", estimator = "DWLS",
       syntax = "ECO =~ ECO1 + ECO2 + ECO3 + ECO4\nRES =~ RES1 + RES2 + RES3 + RES4"),
  list(name = "mediation_wlsmv", estimator = "WLSMV",
       syntax = paste("ECO =~ ECO1 + ECO2 + ECO3", "SAT =~ SAT1 + SAT2 + SAT3", "LOY =~ LOY1 + LOY2 + LOY3",
                      "SAT ~ a*ECO", "LOY ~ b*SAT + c*ECO", "ind := a*b", sep = "\n")),
  list(name = "equal_loadings_wlsmv", estimator = "WLSMV",          # shared labels: equal loadings
       syntax = "SAT =~ a*SAT1 + a*SAT2 + a*SAT3 + LOY1"),
  list(name = "saturated_wlsmv", estimator = "WLSMV",               # df = 0
       syntax = "SAT =~ SAT1 + SAT2 + SAT3"),
  list(name = "observed_outcome_wlsmv", estimator = "WLSMV",        # an ordered item regressed on a factor
       syntax = "SAT =~ SAT1 + SAT2 + SAT3\nLOY1 ~ SAT")
)

out <- lapply(models, function(m) {
  fit <- sem(m$syntax, data = d, ordered = TRUE, estimator = m$estimator)
  pe <- parameterEstimates(fit, standardized = TRUE)
  pt <- parTable(fit)
  key <- paste(pt$lhs, pt$op, pt$rhs)
  pe$free <- pt$free[match(paste(pe$lhs, pe$op, pe$rhs), key)]
  pe$free[is.na(pe$free)] <- 0L
  if (is.null(pe$label)) pe$label <- ""
  tests <- lapply(lavInspect(fit, "test"), function(t)
    t[intersect(names(t), c("test", "stat", "df", "pvalue", "scaling.factor", "shift.parameter",
                            "trace.UGamma", "trace.UGamma2"))])
  catml <- lavaan:::lav_fit_catml_dwls(fit)
  ov <- lavNames(fit, "ov")
  list(name = m$name, data = "datasets/lsq5_sample.csv", syntax = m$syntax, ordered = ov,
       options = list(estimator = m$estimator, parameterization = "delta"),
       n = nobs(fit), ov_names = ov,
       wls_obs = as.numeric(lavInspect(fit, "wls.obs")),
       wls_v_diag = as.numeric(diag(lavInspect(fit, "wls.v"))),
       gamma = unname(as.matrix(lavInspect(fit, "gamma"))),
       partable = pe[, c("lhs", "op", "rhs", "label", "free", "est", "se", "z", "pvalue", "std.lv", "std.all")],
       fit = as.list(fitMeasures(fit)),
       test = tests,
       standardized = standardizedSolution(fit)[, c("lhs", "op", "rhs", "est.std", "se")],
       catml = catml)
})
names(out) <- sapply(models, `[[`, "name")
writeLines(toJSON(list(lavaan = as.character(packageVersion("lavaan")), models = out), digits = NA,
                  auto_unbox = TRUE, na = "null"),
           file.path(here, "wls_dev.json"))
