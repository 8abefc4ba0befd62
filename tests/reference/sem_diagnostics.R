# Reference values for tests/test_sem_diagnostics.py: modification indices (lavaan::modindices),
# residuals (lavaan's residuals(fit, type = "raw" / "cor" / "standardized" / "normalized")) and
# Mardia's multivariate skewness and kurtosis (psych::mardia).
#
# Run from this folder:   Rscript sem_diagnostics.R
# Needs R >= 4.2, lavaan 0.6-14, psych 2.2.9, jsonlite; reads ../../../shared/reference/*.csv and
# ../../../shared/data/mobi.csv.  Writes sem_diagnostics.json next to this script.
#
# Every model is fitted with lavaan's defaults and then *polished*: Newton steps with lavaan's own
# gradient and Hessian (in the space of the equality-constrained parameters, lavaan's
# eq.constraints.K) until the gradient is ~1e-15, and the object is rebuilt at that point with
# optim.method = "none".  The estimates are the same MLE; lavaan's default stopping rule leaves a
# gradient of ~1e-7 (estimates ~1e-6 relative off), which moves the modification indices by up
# to 1e-4 relative.  Polished, the comparison tests the formulas (to ~1e-9), not two optimizers.
suppressMessages({library(lavaan); library(psych); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared"))

hs <- read.csv(file.path(shared, "reference", "holzinger1939.csv"))
hm <- read.csv(file.path(shared, "reference", "holzinger1939_missing.csv"))
pd <- read.csv(file.path(shared, "reference", "political_democracy.csv"))
mobi <- read.csv(file.path(shared, "data", "mobi.csv"))

HS <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
PD <- paste("ind60 =~ x1 + x2 + x3", "dem60 =~ y1 + y2 + y3 + y4", "dem65 =~ y5 + y6 + y7 + y8",
            "dem60 ~ a*ind60", "dem65 ~ c*ind60 + b*dem60", "y1 ~~ y5", "y2 ~~ y4 + y6", "y3 ~~ y7",
            "y4 ~~ y8", "y6 ~~ y8", "indirect := a*b", "total := c + a*b", sep = "\n")
MODELS <- list(
  hs = list(syntax = HS, data = "holzinger1939.csv"),
  hs_mlr = list(syntax = HS, data = "holzinger1939.csv", estimator = "MLR"),
  pd = list(syntax = PD, data = "political_democracy.csv"),
  pd_mlr = list(syntax = PD, data = "political_democracy.csv", estimator = "MLR"),
  fixed_x = list(syntax = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ ageyr + grade\ntextual ~ visual + ageyr",
                 data = "holzinger1939.csv"),
  fixed_x_mlr = list(syntax = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ ageyr + grade\ntextual ~ visual + ageyr",
                     data = "holzinger1939.csv", estimator = "MLR"),
  equal = list(syntax = "visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + b*x5 + b*x6\nspeed =~ x7 + x8 + x9",
               data = "holzinger1939.csv"),
  free_first_equal = list(syntax = "visual =~ NA*x1 + l1*x2 + l1*x3\nvisual ~~ 1*visual\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx7 ~~ x8",
                          data = "holzinger1939.csv"),
  second_order = list(syntax = paste(HS, "g =~ visual + textual + speed", sep = "\n"), data = "holzinger1939.csv"),
  path = list(syntax = "x4 ~ a*x1 + x2\nx5 ~ b*x4 + x1\nab := a*b", data = "holzinger1939.csv"),
  orth = list(syntax = paste(HS, "visual ~~ 0*speed", sep = "\n"), data = "holzinger1939.csv"),
  # equal intercepts: a complete-data mean structure.  Its variances keep a residual above 1e-5 whose
  # standard error is 0 up to rounding, so lavaan's standardized diagonal is rounding noise (~ -1e12)
  means = list(syntax = paste(HS, "x3 + x6 ~ i*1", "x8 + x9 ~ j*1", sep = "\n"), data = "holzinger1939.csv"),
  means_mlr = list(syntax = paste(HS, "x3 + x6 ~ i*1", "x8 + x9 ~ j*1", sep = "\n"), data = "holzinger1939.csv",
                   estimator = "MLR"),
  fiml = list(syntax = HS, data = "holzinger1939_missing.csv", missing = "ml"),
  fiml_mlr = list(syntax = HS, data = "holzinger1939_missing.csv", missing = "ml", estimator = "MLR"),
  fiml_fixed_x = list(syntax = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ x7\ntextual ~ x7 + x8",
                      data = "holzinger1939_missing.csv", missing = "ml")
)
DATA <- list(holzinger1939.csv = hs, holzinger1939_missing.csv = hm, political_democracy.csv = pd)

eq_K <- function(fit) if (fit@Model@eq.constraints) fit@Model@eq.constraints.K else diag(fit@Model@nx.free)
# the gradient of the equality-constrained parameters (a labelled row's own gradient need not vanish)
gradient_max <- function(fit) max(abs(t(eq_K(fit)) %*% lavTech(fit, "gradient")))

polish <- function(fit, steps = 4) {
  for (i in seq_len(steps)) {
    g <- lavTech(fit, "gradient")
    H <- lavTech(fit, "hessian")
    K <- eq_K(fit)
    step <- K %*% solve(t(K) %*% H %*% K, t(K) %*% g)
    pt <- parTable(fit)
    pt$ustart[pt$free > 0] <- pt$est[pt$free > 0] - as.numeric(step)
    pt$start <- NULL; pt$est <- NULL; pt$se <- NULL
    fit <- update(fit, model = pt, optim.method = "none")
  }
  fit
}

matrix_json <- function(m) list(rownames = rownames(m), values = unname(lapply(seq_len(nrow(m)), function(i) as.numeric(m[i, ]))))

out <- list(versions = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                            psych = as.character(packageVersion("psych"))), models = list(), mardia = list())
for (nm in names(MODELS)) {
  spec <- MODELS[[nm]]
  fit <- sem(spec$syntax, data = DATA[[spec$data]],
             estimator = if (is.null(spec$estimator)) "ML" else spec$estimator,
             missing = if (is.null(spec$missing)) "listwise" else spec$missing)
  fit <- polish(fit)
  mi <- modindices(fit)                       # lavaan's defaults: unsorted, rows without an index removed
  res <- list()
  for (type in c("raw", "cor", "standardized", "normalized")) {
    r <- residuals(fit, type = type)
    res[[type]] <- list(cov = matrix_json(r$cov))
    if (!is.null(r$mean)) res[[type]]$mean <- as.numeric(r$mean)
  }
  out$models[[nm]] <- list(
    syntax = spec$syntax, data = spec$data,
    estimator = if (is.null(spec$estimator)) "ML" else spec$estimator,
    missing = if (is.null(spec$missing)) "listwise" else "fiml",
    n = lavInspect(fit, "ntotal"), gradient_max = gradient_max(fit),
    chisq = as.numeric(fitMeasures(fit, "chisq")),
    modindices = lapply(seq_len(nrow(mi)), function(i) list(lhs = mi$lhs[i], op = mi$op[i], rhs = mi$rhs[i],
      mi = mi$mi[i], epc = mi$epc[i], sepc.lv = mi$sepc.lv[i], sepc.all = mi$sepc.all[i], sepc.nox = mi$sepc.nox[i])),
    residuals = res)
}

MARDIA <- list(
  hs = list(data = "holzinger1939.csv", items = paste0("x", 1:9)),
  hs_missing = list(data = "holzinger1939_missing.csv", items = paste0("x", 1:9)),
  mobi = list(data = "mobi.csv", items = names(mobi))
)
DATA$mobi.csv <- mobi
for (nm in names(MARDIA)) {
  spec <- MARDIA[[nm]]
  m <- mardia(DATA[[spec$data]][, spec$items], plot = FALSE)
  out$mardia[[nm]] <- list(data = spec$data, items = spec$items, n.obs = m$n.obs, n.var = m$n.var,
                           b1p = m$b1p, b2p = m$b2p, skew = m$skew, small.skew = m$small.skew,
                           p.skew = m$p.skew, p.small = m$p.small, kurtosis = m$kurtosis, p.kurt = m$p.kurt,
                           d_head = as.numeric(head(m$d, 5)))
}

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null"), file.path(here, "sem_diagnostics.json"))
