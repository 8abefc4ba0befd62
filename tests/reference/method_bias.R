# Reference values for tests/test_method_bias.py (research.method_bias): the single-factor CFA
# comparison and the unmeasured latent method construct (ULMC / "common latent factor"), fitted
# with lavaan, compared with lavTestLRT.
#
# Run from this folder:   Rscript method_bias.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite; reads ../../../shared/reference/holzinger1939.csv and
# method_bias_lsq5.csv (the project's sample study after screening: research.load_responses(
# "datasets/lsq5_wjx_gbk.csv", research.load_questionnaire("lsq5")), research.screen(...).kept.items,
# written by pandas with missing answers as NA; the test checks that the pipeline still gives exactly
# this frame).  Writes method_bias.json next to this script.
#
# Data sets: hs (HolzingerSwineford1939), hs_missing (../../../shared/reference/holzinger1939_missing.csv,
# fitted by FIML: missing = "ml"), lsq5 (listwise: 327 of 460 rows complete).
# Models (lavaan's cfa() defaults: marker identification of the trait factors, trait factors
# correlated, listwise deletion unless FIML):
#   measurement   each construct's items on their factor
#   single        one factor CMV for every item
#   ulmc_free     measurement + CMV =~ NA*first + every item, CMV ~~ 1*CMV, CMV uncorrelated with the traits
#   ulmc_equal    the AMOS "CLF" form: CMV =~ NA*m*first + m*item ..., CMV ~~ 1*CMV (one common loading)
#   ulmc_equal_phi  the same with the loadings fixed to 1 and the CMV variance free
# Each model with estimator ML and MLR; differences by lavTestLRT (ML: plain; MLR: lavaan's default
# Satorra-Bentler 2001 scaled difference, whose scaling factor is taken from
# lavaan:::lav_test_diff_SatorraBentler2001).
#
# Fits are *polished* after lavaan's default optimisation: Newton steps with lavaan's own gradient
# and Hessian until the gradient is ~1e-13, the object rebuilt there with optim.method = "none" (the
# idea of sem_diagnostics.R in this folder).  lavaan's default stopping rule leaves estimates ~1e-6
# off, more on the flat likelihood of a method-factor model; polished, the tests compare formulas,
# not optimizers.  Not polished (gradient_max in the JSON says so): models with equality constraints
# (ulmc_equal: lavaan 0.6-14 moves some estimates when it rebuilds such a model from its parameter
# table) and fits where a Newton step does not shrink the gradient (the FIML method-factor models,
# whose Hessian lavaan computes by finite differences; ulmc_equal_phi on HS).
#
# HolzingerSwineford1939, ulmc_free: the likelihood has two local minima, both improper.  lavaan's
# default start stops at chisq 26.0200 (negative variance of `visual`), kept as
# `ulmc_free_lavaan_default`; started near the other minimum (start() values below, our estimates
# rounded to 3 decimals) lavaan converges to chisq 26.0143 (negative residual variance of x3), the
# lower one, which research.method_bias.method_factor finds by its multi-start search.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared"))

hs <- read.csv(file.path(shared, "reference", "holzinger1939.csv"))
hm <- read.csv(file.path(shared, "reference", "holzinger1939_missing.csv"))
lsq <- read.csv(file.path(here, "method_bias_lsq5.csv"))

eq_K <- function(fit) if (fit@Model@eq.constraints) fit@Model@eq.constraints.K else diag(fit@Model@nx.free)
# the gradient of the equality-constrained parameters (a labelled row's own gradient need not vanish)
gradient_max <- function(fit) max(abs(t(eq_K(fit)) %*% lavTech(fit, "gradient")))

polish <- function(fit, steps = 6) {
  # update(model = parTable) does not restore a model with equality constraints at its estimates in
  # lavaan 0.6-14 (some estimates move when it is rebuilt): those fits are left as lavaan stops them
  if (fit@Model@eq.constraints) return(fit)
  for (i in seq_len(steps)) {
    g0 <- gradient_max(fit)
    if (g0 < 1e-13) break
    g <- lavTech(fit, "gradient")
    H <- lavTech(fit, "hessian")
    step <- solve(H, g)
    pt <- parTable(fit)
    pt$ustart[pt$free > 0] <- pt$est[pt$free > 0] - as.numeric(step)
    pt$start <- NULL; pt$est <- NULL; pt$se <- NULL
    new <- tryCatch(suppressWarnings(update(fit, model = pt, optim.method = "none")), error = function(e) NULL)
    # a Newton step that does not shrink the gradient is not taken (the fit stays as lavaan left it)
    if (is.null(new) || !lavInspect(new, "converged") || !(gradient_max(new) < g0)) break
    fit <- new
  }
  fit
}

# lavaan's post-fit warnings (negative variances, non-positive-definite matrices), kept as text
fit_with_warnings <- function(syntax, data, estimator, missing = "listwise") {
  msgs <- character(0)
  fit <- withCallingHandlers(
    polish(do.call("cfa", list(model = syntax, data = data, estimator = estimator, missing = missing))),
    warning = function(w) { msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
  post <- character(0)
  withCallingHandlers(lavInspect(fit, "post.check"),
                      warning = function(w) { post <<- c(post, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(fit = fit, warnings = unique(c(msgs, post)))
}

FM <- c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr",
        "aic", "bic", "ntotal")
FM_MLR <- c("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor", "cfi.robust", "tli.robust",
            "rmsea.robust")

describe <- function(res, syntax, estimator) {
  fit <- res$fit
  names_fm <- if (estimator == "MLR") c(FM, FM_MLR) else FM
  pe <- parameterEstimates(fit, standardized = TRUE)
  pe <- pe[pe$op %in% c("=~", "~~"), ]
  list(syntax = syntax, estimator = estimator, converged = lavInspect(fit, "converged"),
       gradient_max = gradient_max(fit), warnings = as.list(res$warnings),
       fit = as.list(fitMeasures(fit, names_fm)),
       parameters = lapply(seq_len(nrow(pe)), function(i) list(
         lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i], label = pe$label[i], est = pe$est[i], se = pe$se[i],
         z = pe$z[i], pvalue = pe$pvalue[i], std.all = pe$std.all[i])))
}

lrt <- function(free, restricted) {
  tab <- suppressWarnings(lavTestLRT(free, restricted))
  out <- list(chisq.diff = tab[2, "Chisq diff"], df.diff = tab[2, "Df diff"], pvalue = tab[2, "Pr(>Chisq)"])
  if ("RMSEA" %in% names(tab)) out$rmsea.diff <- tab[2, "RMSEA"]
  if (any(lavInspect(free, "options")$test %in% c("yuan.bentler.mplus", "yuan.bentler", "satorra.bentler"))) {
    sb <- lavaan:::lav_test_diff_SatorraBentler2001(free, restricted)
    out$scaling.factor <- sb$scaling.factor
    out$method <- "satorra.bentler.2001"
  } else out$method <- "standard"
  out
}

with_starts <- function(constructs, factor, starts) {
  s <- function(key) if (key %in% names(starts)) sprintf("start(%s)*", format(starts[[key]])) else ""
  lines <- character(0)
  for (f in names(constructs)) {
    its <- constructs[[f]]
    lines <- c(lines, paste0(f, " =~ ", paste(c(its[1], sapply(its[-1], function(i) paste0(s(paste0(f, "=~", i)), i))),
                                                collapse = " + ")))
  }
  items <- unlist(constructs, use.names = FALSE)
  terms <- c(paste0("NA*", items[1], " + ", s(paste0(factor, "=~", items[1])), items[1]),
             sapply(items[-1], function(i) paste0(s(paste0(factor, "=~", i)), i)))
  lines <- c(lines, paste0(factor, " =~ ", paste(terms, collapse = " + ")), paste0(factor, " ~~ 1*", factor),
             paste0(factor, " ~~ ", paste0("0*", names(constructs), collapse = " + ")))
  for (i in items) lines <- c(lines, paste0(i, " ~~ ", s(paste0(i, "~~", i)), i))
  fs <- names(constructs)
  for (a in seq_along(fs)) for (b in a:length(fs))
    lines <- c(lines, paste0(fs[a], " ~~ ", s(paste0(fs[a], "~~", fs[b])), fs[b]))
  paste(lines, collapse = "\n")
}

syntaxes <- function(constructs, factor = "CMV", label = "lam_cmv") {
  items <- unlist(constructs, use.names = FALSE)
  meas <- paste(sapply(names(constructs), function(f) paste0(f, " =~ ", paste(constructs[[f]], collapse = " + "))),
                collapse = "\n")
  orth <- paste0(factor, " ~~ ", paste0("0*", names(constructs), collapse = " + "))
  list(
    measurement = meas,
    single = paste0(factor, " =~ ", paste(items, collapse = " + ")),
    ulmc_free = paste(meas, paste0(factor, " =~ NA*", items[1], " + ", paste(items, collapse = " + ")),
                      paste0(factor, " ~~ 1*", factor), orth, sep = "\n"),
    ulmc_equal = paste(meas, paste0(factor, " =~ NA*", items[1], " + ", paste0(label, "*", items, collapse = " + ")),
                       paste0(factor, " ~~ 1*", factor), orth, sep = "\n"),
    ulmc_equal_phi = paste(meas, paste0(factor, " =~ ", paste0("1*", items, collapse = " + ")), orth, sep = "\n"))
}

DATASETS <- list(
  hs = list(data = hs, constructs = list(visual = paste0("x", 1:9)[1:3], textual = paste0("x", 4:6),
                                         speed = paste0("x", 7:9)),
            free_starts = c("visual=~x2" = -0.335, "visual=~x3" = -3.435, "textual=~x5" = 1.220,
                            "textual=~x6" = 0.910, "speed=~x8" = 0.980, "speed=~x9" = 0.645,
                            "CMV=~x1" = 0.952, "CMV=~x2" = 0.469, "CMV=~x3" = 0.819, "CMV=~x4" = 0.463,
                            "CMV=~x5" = 0.401, "CMV=~x6" = 0.452, "CMV=~x7" = 0.097, "CMV=~x8" = 0.263,
                            "CMV=~x9" = 0.470, "x1~~x1" = 0.395, "x2~~x2" = 1.155, "x3~~x3" = -0.079,
                            "x4~~x4" = 0.386, "x5~~x5" = 0.383, "x6~~x6" = 0.371, "x7~~x7" = 0.654,
                            "x8~~x8" = 0.453, "x9~~x9" = 0.578, "visual~~visual" = 0.058,
                            "visual~~textual" = 0.048, "visual~~speed" = 0.000, "textual~~textual" = 0.750,
                            "textual~~speed" = 0.076, "speed~~speed" = 0.520)),
  hs_missing = list(data = hm, missing = "ml", constructs = list(visual = paste0("x", 1:3),
                    textual = paste0("x", 4:6), speed = paste0("x", 7:9))),
  lsq5 = list(data = lsq, constructs = list(ECO = paste0("ECO", 1:4), RES = paste0("RES", 1:4),
                                            FLE = paste0("FLE", 1:4), REL = paste0("REL", 1:4),
                                            EMP = paste0("EMP", 1:4), SAT = paste0("SAT", 1:3),
                                            LOY = paste0("LOY", 1:4)))
)

out <- list(versions = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                            jsonlite = as.character(packageVersion("jsonlite"))),
            datasets = list())
for (nm in names(DATASETS)) {
  spec <- DATASETS[[nm]]
  syn <- syntaxes(spec$constructs)
  if (!is.null(spec$free_starts)) {
    syn$ulmc_free_lavaan_default <- syn$ulmc_free
    syn$ulmc_free <- with_starts(spec$constructs, "CMV", spec$free_starts)
  }
  models <- list()
  fits <- list()
  for (est in c("ML", "MLR")) {
    for (m in names(syn)) {
      if (est == "MLR" && m %in% c("ulmc_free_lavaan_default", "ulmc_equal_phi")) next
      res <- fit_with_warnings(syn[[m]], spec$data, est, if (is.null(spec$missing)) "listwise" else spec$missing)
      fits[[paste(m, est)]] <- res$fit
      models[[m]][[est]] <- describe(res, syn[[m]], est)
    }
  }
  tests <- list()
  for (est in c("ML", "MLR")) {
    meas <- fits[[paste("measurement", est)]]
    tests[[est]] <- list(single = lrt(meas, fits[[paste("single", est)]]),
                         ulmc_free = lrt(fits[[paste("ulmc_free", est)]], meas),
                         ulmc_equal = lrt(fits[[paste("ulmc_equal", est)]], meas))
  }
  out$datasets[[nm]] <- list(n = lavInspect(fits[["measurement ML"]], "ntotal"),
                             missing = if (is.null(spec$missing)) "listwise" else "fiml",
                             constructs = spec$constructs, models = models, lrt = tests)
}

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = FALSE),
           file.path(here, "method_bias.json"))
