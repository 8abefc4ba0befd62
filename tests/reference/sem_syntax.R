# Reference values for tests/test_sem_constraints.py: lavaan syntax beyond plain =~ ~ ~~ —
# equality and inequality constraints (==, <, >), intercepts and means (~ 1), start(), equal(),
# c() with one group and with two, labels equal to variable names, cross-loadings, higher-order factors — with
# ML, MLR and FIML (missing = "ml").
#
# Run from this folder:   Rscript sem_syntax.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite; reads ../../../shared/reference/holzinger1939_missing.csv
# and lavaan's own HolzingerSwineford1939 / PoliticalDemocracy (identical to the CSVs in
# shared/reference).  Writes sem_syntax.json next to this script.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference"))
hm <- read.csv(file.path(shared, "holzinger1939_missing.csv"))
hs <- HolzingerSwineford1939
pd <- PoliticalDemocracy

HS3 <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
HSL <- "visual =~ x1 + a*x2 + b*x3\ntextual =~ x4 + c*x5 + x6\nspeed =~ x7 + x8 + x9"
PDM <- "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60\ndem65 ~ c*ind60 + b*dem60\ny1 ~~ y5\ny2 ~~ y4 + y6\ny3 ~~ y7\ny4 ~~ y8\ny6 ~~ y8"

cases <- list(
  eq_simple = list(model = paste(HSL, "a == b", sep = "\n"), data = "hs"),
  eq_linear = list(model = paste(HSL, "a == 2*b", sep = "\n"), data = "hs"),
  eq_sum = list(model = paste(HSL, "a + b + c == 2.5", sep = "\n"), data = "hs"),
  eq_nonlinear = list(model = paste(HSL, "a*b == 1", sep = "\n"), data = "hs"),
  eq_power = list(model = paste(HSL, "a^2 == b", sep = "\n"), data = "hs"),
  ineq_active = list(model = paste(HSL, "c > 1.2", sep = "\n"), data = "hs"),
  ineq_inactive = list(model = paste(HSL, "c > 0", sep = "\n"), data = "hs"),
  ineq_less = list(model = paste(HSL, "c < 1", sep = "\n"), data = "hs"),
  ineq_two = list(model = paste(HSL, "a > b\nc < 1", sep = "\n"), data = "hs"),
  eq_and_ineq = list(model = paste(HSL, "a == b\nc < 1", sep = "\n"), data = "hs"),
  defined_in_constraint = list(model = paste(PDM, "ind := a*b\nind == 1", sep = "\n"), data = "pd"),
  pd_nonlinear = list(model = paste(PDM, "a*b == c", sep = "\n"), data = "pd"),
  intercept = list(model = paste(HS3, "x1 ~ 1", sep = "\n"), data = "hs"),
  intercept_equal = list(model = paste(HS3, "x1 ~ m*1\nx2 ~ m*1", sep = "\n"), data = "hs"),
  intercept_fixed = list(model = paste(HS3, "x4 ~ 3*1", sep = "\n"), data = "hs"),
  latent_mean = list(model = paste(HS3, "x1 ~ 0*1\nx4 ~ 0*1\nx7 ~ 0*1\nvisual ~ 1\ntextual ~ 1\nspeed ~ 1",
                                   sep = "\n"), data = "hs"),
  start_mod = list(model = "visual =~ x1 + start(0.5)*x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                   data = "hs"),
  label_is_variable = list(model = "visual =~ x1 + x2*x2 + x3*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx2 == x3",
                           data = "hs"),
  equal_fn = list(model = "visual =~ x1 + equal('visual=~x3')*x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                  data = "hs"),
  c_one_group = list(model = "visual =~ x1 + c(a)*x2 + c(a)*x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                     data = "hs"),
  cross_loading = list(model = "visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                       data = "hs"),
  third_order = list(model = paste("v1 =~ x1 + x2 + x3\nv2 =~ x4 + x5 + x6\nv3 =~ x7 + x8 + x9",
                                   "g1 =~ v1 + v2\ng2 =~ v3\nh =~ 1*g1 + 1*g2\ng2 ~~ 0*g2", sep = "\n"), data = "hs"),
  mixed_observed = list(model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nx9 ~ visual + textual + x7",
                        data = "hs"),
  mlr_eq_simple = list(model = paste(HSL, "a == b", sep = "\n"), data = "hs", estimator = "MLR"),
  mlr_eq_nonlinear = list(model = paste(HSL, "a*b == 1", sep = "\n"), data = "hs", estimator = "MLR"),
  mlr_ineq_active = list(model = paste(HSL, "c > 1.2", sep = "\n"), data = "hs", estimator = "MLR"),
  mlr_intercept_equal = list(model = paste(HS3, "x1 ~ m*1\nx2 ~ m*1", sep = "\n"), data = "hs", estimator = "MLR"),
  fiml_eq_simple = list(model = paste(HSL, "a == b", sep = "\n"), data = "hm", missing = "ml"),
  fiml_ineq_active = list(model = paste(HSL, "c > 1.2", sep = "\n"), data = "hm", missing = "ml"),
  fiml_intercept_equal = list(model = paste(HS3, "x1 ~ m*1\nx2 ~ m*1", sep = "\n"), data = "hm", missing = "ml"),
  fiml_mlr_eq_nonlinear = list(model = paste(HSL, "a*b == 1", sep = "\n"), data = "hm", missing = "ml",
                               estimator = "MLR")
)

fm_names <- c("npar", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli", "rmsea",
              "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "gfi", "agfi", "aic", "bic", "logl",
              "unrestricted.logl", "ntotal")
robust_names <- c("chisq.scaled", "df.scaled", "chisq.scaling.factor", "cfi.scaled", "tli.scaled",
                  "cfi.robust", "tli.robust", "rmsea.scaled", "rmsea.robust")

out <- list()
for (nm in names(cases)) {
  cs <- cases[[nm]]
  dat <- switch(cs$data, hs = hs, pd = pd, hm = hm)
  est <- if (is.null(cs$estimator)) "ML" else cs$estimator
  mis <- if (is.null(cs$missing)) "listwise" else cs$missing
  warn <- character(0)
  fit <- withCallingHandlers(sem(cs$model, data = dat, estimator = est, missing = mis),
                             warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  names_here <- if (est == "MLR") c(fm_names, robust_names) else fm_names
  pe <- parameterEstimates(fit, standardized = TRUE)
  pe <- pe[pe$op %in% c("=~", "~", "~~", "~1", ":="), ]
  mi <- NULL
  if (nm %in% c("eq_simple", "eq_nonlinear", "ineq_active")) {
    m <- modindices(fit, sort. = TRUE)[1:10, ]
    mi <- lapply(seq_len(nrow(m)), function(i) list(lhs = m$lhs[i], op = m$op[i], rhs = m$rhs[i], mi = m$mi[i],
                                                     epc = m$epc[i]))
  }
  out[[nm]] <- list(
    model = cs$model, data = cs$data, estimator = est, missing = mis, warnings = warn, modindices = mi,
    converged = lavInspect(fit, "converged"),
    fit = as.list(fitMeasures(fit, names_here)),
    parameters = lapply(seq_len(nrow(pe)), function(i) list(
      lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i], est = pe$est[i],
      se = if (is.na(pe$se[i])) NULL else pe$se[i], std.all = pe$std.all[i])))
}
# c() per group, across the two schools (group 1 Pasteur, group 2 Grant-White)
mg <- "visual =~ x1 + c(a, a)*x2 + c(b1, b2)*x3\ntextual =~ x4 + x5 + c(1, NA)*x6\nspeed =~ x7 + x8 + x9\nx1 ~ c(m1, m1)*1"
for (est in c("ML", "MLR")) {
  fit <- cfa(mg, data = hs, group = "school", estimator = est)
  pe <- parameterEstimates(fit)
  out[[paste0("groups_c_", tolower(est))]] <- list(
    model = mg, data = "hs", estimator = est, missing = "listwise", group = "school",
    fit = as.list(fitMeasures(fit, c("npar", "chisq", "df", "cfi", "tli", "rmsea", "srmr",
                                     if (est == "MLR") c("chisq.scaled", "cfi.robust", "rmsea.robust")))),
    parameters = lapply(seq_len(nrow(pe)), function(i) list(
      lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i], group = pe$group[i], est = pe$est[i], se = pe$se[i])))
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = TRUE),
           file.path(here, "sem_syntax.json"))
