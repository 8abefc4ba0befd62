# Reference values for issue 19 (ordinal CB-SEM: polychoric/polyserial correlations, DWLS/WLSMV/ULSMV,
# pairwise missing, invariance with ordered indicators, ordinal reliability).  Read ordinal.md first.
#
# Run (from the repo root or anywhere):   Rscript tests/reference/ordinal.R
# Needs R >= 4.2, lavaan 0.6-14, semTools 0.5-6, psych, jsonlite.  Deterministic (set.seed below).
# Reads datasets/lsq5_sample.csv; writes every CSV it fits (tests/reference/ordinal_*.csv), reads each
# back before fitting (so R fits exactly what the CSV holds) and writes tests/reference/ordinal.json.
suppressMessages({library(lavaan); library(semTools); library(psych); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
root <- normalizePath(file.path(here, "..", ".."))

write_back <- function(df, name) {
  path <- file.path(here, name)
  write.csv(df, path, row.names = FALSE, na = "")
  read.csv(path)
}

# ---------------------------------------------------------------- data
raw <- read.csv(file.path(root, "datasets", "lsq5_sample.csv"))
DIMS <- c("ECO", "RES", "FLE", "REL", "EMP")
ITEMS <- list(ECO = paste0("ECO", 1:4), RES = paste0("RES", 1:4), FLE = paste0("FLE", 1:4),
              REL = paste0("REL", 1:4), EMP = paste0("EMP", 1:4), SAT = paste0("SAT", 1:3),
              LOY = paste0("LOY", 1:4))
ALL <- unlist(ITEMS, use.names = FALSE)
# questionnaires/lsq5.yaml marks REL4 reverse: true; the toolkit (research/io/load.py) recodes
# points + 1 - x on the 5-point scale agree5, so REL4 is 6 - answer here.  No other item is reversed.
items <- raw[, c("respondent", "GENDER", ALL)]
items$REL4 <- 6L - items$REL4

lsq5 <- write_back(items[complete.cases(items[, ALL]), ], "ordinal_lsq5.csv")          # n = 365

# SAT/LOY on all 500 rows with extra MCAR holes (~5 % missing overall) for missing = "pairwise"
set.seed(20261206)
SL <- c(ITEMS$SAT, ITEMS$LOY)
pw <- items[, c("respondent", SL)]
target <- round(0.05 * nrow(pw) * length(SL)) - sum(is.na(pw[, SL]))
free_cells <- which(!is.na(as.matrix(pw[, SL])))
holes <- sample(free_cells, target)
m <- as.matrix(pw[, SL]); m[holes] <- NA; pw[, SL] <- m
pairwise <- write_back(pw, "ordinal_pairwise.csv")

# a 3-category item: LOY4 collapsed 1-2 -> 1, 3 -> 2, 4-5 -> 3 (complete cases of lsq5)
c3 <- lsq5[, c("respondent", SL)]
c3$LOY4 <- c(1L, 1L, 2L, 3L, 3L)[c3$LOY4]
cat3 <- write_back(c3, "ordinal_3cat.csv")

# multi-group: GENDER 1 (male) vs 2 (female), complete cases, SAT/LOY items
mg <- write_back(lsq5[lsq5$GENDER %in% c(1, 2), c("respondent", "GENDER", SL)], "ordinal_mg.csv")

# mixed: three continuous indicators (x1-x3) of F1, four 5-point ordered items (y1-y4) of F2, F2 ~ F1
set.seed(19)
n <- 400
F1 <- rnorm(n); F2 <- 0.5 * F1 + rnorm(n, sd = sqrt(0.75))
cut5 <- function(ystar, tau) findInterval(ystar, tau) + 1L
mixed <- data.frame(
  x1 = round(50 + 10 * (0.8 * F1 + rnorm(n, sd = 0.6)), 3),
  x2 = round(3 + 0.7 * F1 + rnorm(n, sd = 0.7), 3),
  x3 = round(0.6 * F1 + rnorm(n, sd = 0.8), 3),
  y1 = cut5(0.8 * F2 + rnorm(n, sd = 0.6), c(-1.5, -0.5, 0.4, 1.3)),
  y2 = cut5(0.7 * F2 + rnorm(n, sd = 0.714), c(-1.2, -0.3, 0.5, 1.5)),
  y3 = cut5(0.75 * F2 + rnorm(n, sd = 0.661), c(-1.8, -0.8, 0.2, 1.0)),
  y4 = cut5(0.6 * F2 + rnorm(n, sd = 0.8), c(-1.0, 0.0, 0.8, 1.6)))
mixed <- write_back(mixed, "ordinal_mixed.csv")

# skewed: 2 factors x 4 five-point items, the top category holds ~70-80 % of the answers
set.seed(2012)
n <- 500
G1 <- rnorm(n); G2 <- 0.4 * G1 + rnorm(n, sd = sqrt(1 - 0.16))
tau_skew <- qnorm(c(0.02, 0.05, 0.10, 0.25))      # P(category 5) = 0.75
tau_skew80 <- qnorm(c(0.01, 0.03, 0.07, 0.20))    # P(category 5) = 0.80
lam <- c(0.8, 0.7, 0.75, 0.65)
skew <- data.frame(
  a1 = cut5(lam[1] * G1 + rnorm(n, sd = sqrt(1 - lam[1]^2)), tau_skew80),
  a2 = cut5(lam[2] * G1 + rnorm(n, sd = sqrt(1 - lam[2]^2)), tau_skew),
  a3 = cut5(lam[3] * G1 + rnorm(n, sd = sqrt(1 - lam[3]^2)), tau_skew),
  a4 = cut5(lam[4] * G1 + rnorm(n, sd = sqrt(1 - lam[4]^2)), tau_skew),
  b1 = cut5(lam[1] * G2 + rnorm(n, sd = sqrt(1 - lam[1]^2)), tau_skew80),
  b2 = cut5(lam[2] * G2 + rnorm(n, sd = sqrt(1 - lam[2]^2)), tau_skew),
  b3 = cut5(lam[3] * G2 + rnorm(n, sd = sqrt(1 - lam[3]^2)), tau_skew),
  b4 = cut5(lam[4] * G2 + rnorm(n, sd = sqrt(1 - lam[4]^2)), tau_skew))
skew <- write_back(skew, "ordinal_skewed.csv")

# ---------------------------------------------------------------- models
measurement <- function(f) paste(sprintf("%s =~ %s", f, sapply(ITEMS[f], paste, collapse = " + ")),
                                 collapse = "\n")
CFA5 <- measurement(DIMS)
SATLOY <- measurement(c("SAT", "LOY"))
MEDIATION <- paste(measurement(c(DIMS, "SAT", "LOY")),
  "SAT ~ a1*ECO + a2*RES + a3*FLE + a4*REL + a5*EMP",
  "LOY ~ b*SAT + ECO + RES + FLE + REL + EMP",
  "ind_ECO := a1*b", "ind_RES := a2*b", "ind_FLE := a3*b", "ind_REL := a4*b", "ind_EMP := a5*b",
  "ind_total := (a1 + a2 + a3 + a4 + a5)*b", sep = "\n")
MIXED <- "F1 =~ x1 + x2 + x3\nF2 =~ y1 + y2 + y3 + y4\nF2 ~ F1"
SKEWED <- "A =~ a1 + a2 + a3 + a4\nB =~ b1 + b2 + b3 + b4"
SINGLE <- paste("ECO =~ 1*ECO1", "ECO ~~ 1*ECO", SATLOY, "SAT ~ ECO", "LOY ~ SAT + ECO", sep = "\n")

num <- function(x) { x <- unclass(x); attributes(x) <- attributes(x)[intersect(names(attributes(x)), c("names", "dim", "dimnames"))]; x }
mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) as.numeric(m[i, ])))
per_group <- function(x, f) if (is.list(x) && !is.data.frame(x) && is.null(dim(x)) && !is.numeric(x)) unname(lapply(x, f)) else f(x)

partable <- function(fit) {
  pe <- parameterEstimates(fit, standardized = TRUE, remove.eq = FALSE, remove.ineq = FALSE)
  pt <- parTable(fit)
  if (is.null(pe$group)) pe$group <- 1L
  if (is.null(pe$label)) pe$label <- ""
  key_pe <- paste(pe$lhs, pe$op, pe$rhs, pe$group)
  key_pt <- paste(pt$lhs, pt$op, pt$rhs, pt$group)
  pe$free <- pt$free[match(key_pe, key_pt)]
  pe$free[is.na(pe$free)] <- 0L
  pe[, c("lhs", "op", "rhs", "group", "label", "free", "est", "se", "z", "pvalue", "std.lv", "std.all")]
}

tests <- function(fit) {
  unname(lapply(lavInspect(fit, "test"), function(t) list(
    test = t$test, stat = t$stat, stat_group = as.numeric(t$stat.group), df = t$df, pvalue = t$pvalue,
    scaling_factor = if (is.null(t$scaling.factor)) NA else t$scaling.factor,
    shift_parameter = if (is.null(t$shift.parameter)) NA else as.numeric(t$shift.parameter),
    trace_UGamma = if (is.null(t$trace.UGamma)) NA else t$trace.UGamma,
    trace_UGamma2 = if (is.null(t$trace.UGamma2)) NA else t$trace.UGamma2)))
}

entry <- function(name, data_file, syntax, data, ordered, options, fun = "sem", note = "", keep_gamma = TRUE) {
  args <- c(list(model = syntax, data = data, ordered = ordered), options)
  fit <- do.call(fun, args)
  message(name)
  stopifnot(lavInspect(fit, "converged"))
  nobs <- length(lavNames(fit, "ov"))
  groups <- lavInspect(fit, "ngroups")
  one <- function(g, what) { x <- lavInspect(fit, what); if (groups > 1) x[[g]] else x }
  grp <- lapply(seq_len(groups), function(g) {
    wo <- one(g, "wls.obs"); ss <- one(g, "sampstat")
    out <- list(
      wls_obs = as.numeric(wo), wls_obs_names = names(wo),
      wls_v_diag = as.numeric(diag(one(g, "wls.v"))),
      th_idx = as.integer(one(g, "th.idx")),
      sampstat = list(th = as.list(num(ss$th)), cov = mat(ss$cov), cov_names = rownames(ss$cov),
                      mean = as.list(num(ss$mean)), var = as.list(setNames(diag(ss$cov), rownames(ss$cov)))))
    if (nobs <= 10) {
      if (keep_gamma) out$gamma <- mat(one(g, "gamma"))
      dl <- one(g, "delta")
      out$delta <- mat(dl); out$delta_rownames <- rownames(dl); out$delta_colnames <- colnames(dl)
    }
    out
  })
  e <- list(name = name, data = data_file, fun = fun, syntax = syntax, ordered = as.list(unname(ordered)),
            options = options, note = note,
            n = as.integer(lavInspect(fit, "nobs")),
            ngroups = groups, group_labels = as.list(lavInspect(fit, "group.label")),
            ov_names = lavNames(fit, "ov"), npar = as.integer(lavInspect(fit, "npar")),
            converged = TRUE)
  if (groups == 1) e <- c(e, grp[[1]]) else e$groups <- grp
  o <- lavInspect(fit, "options")
  e$lavaan_options <- o[c("estimator", "parameterization", "missing", "test", "se", "information",
                          "meanstructure", "std.lv", "group.equal", "zero.add", "zero.keep.margins",
                          "conditional.x")]
  e$partable <- partable(fit)
  e$fit <- as.list(num(fitMeasures(fit)))
  e$test <- tests(fit)
  # the pieces of the robust (Savalei 2021 catML) CFI/TLI/RMSEA, NA where lavaan gives NA
  cm <- lavaan:::lav_fit_catml_dwls(fit)
  e$catml <- lapply(cm, as.numeric)
  list(entry = e, fit = fit)
}

W <- list(estimator = "WLSMV")
runs <- list(
  entry("cfa_lsq5", "ordinal_lsq5.csv", CFA5, lsq5, unlist(ITEMS[DIMS]), W, "cfa",
        "LSQ-5 CFA, 5 factors x 4 items, delta parameterization (default)"),
  entry("cfa_lsq5_theta", "ordinal_lsq5.csv", CFA5, lsq5, unlist(ITEMS[DIMS]),
        c(W, parameterization = "theta"), "cfa", "the same CFA, theta parameterization"),
  entry("cfa_lsq5_ulsmv", "ordinal_lsq5.csv", CFA5, lsq5, unlist(ITEMS[DIMS]),
        list(estimator = "ULSMV"), "cfa", "the same CFA, ULSMV (unweighted least squares, mean-and-variance adjusted)"),
  entry("cfa_sat_loy", "ordinal_lsq5.csv", SATLOY, lsq5, SL, W, "cfa",
        "SAT (3 items) and LOY (4 items), 7 variables: gamma and delta stored"),
  entry("sem_mediation", "ordinal_lsq5.csv", MEDIATION, lsq5, ALL, W, "sem",
        "five LSQ dimensions -> SAT -> LOY with direct paths; := rows carry the delta-method SE of the indirect effects"),
  entry("mixed", "ordinal_mixed.csv", MIXED, mixed, c("y1", "y2", "y3", "y4"), W, "sem",
        "simulated: x1-x3 continuous (polyserial/Pearson), y1-y4 ordered 5-point; n = 400"),
  entry("three_category", "ordinal_3cat.csv", SATLOY, cat3, SL, W, "cfa",
        "LOY4 collapsed to 3 categories (1-2 -> 1, 3 -> 2, 4-5 -> 3)"),
  entry("skewed", "ordinal_skewed.csv", SKEWED, skew, names(skew), W, "cfa",
        "simulated: top category 75 % (a2-a4, b2-b4) and 80 % (a1, b1); n = 500"),
  entry("single_indicator", "ordinal_lsq5.csv", SINGLE, lsq5, c("ECO1", SL), W, "sem",
        "ECO measured by ECO1 alone: loading 1 and variance 1, i.e. ECO is ECO1's latent response (in the delta parameterization the residual variance is not a parameter, so a free ECO variance would not be identified)"),
  entry("pairwise", "ordinal_pairwise.csv", SATLOY, pairwise, SL, c(W, missing = "pairwise"), "cfa",
        "SAT/LOY on all 500 rows with ~5 % missing cells, missing = pairwise")
)

# ---------------------------------------------------------------- invariance (Wu & Estabrook 2016)
STEPS <- list(configural = "", thresholds = "thresholds", thresholds_loadings = c("thresholds", "loadings"),
              thresholds_loadings_intercepts = c("thresholds", "loadings", "intercepts"))
inv_runs <- list()
for (param in c("delta", "theta")) {
  for (s in names(STEPS)) {
    syn <- as.character(measEq.syntax(configural.model = SATLOY, data = mg, ordered = SL, group = "GENDER",
                                      parameterization = param, ID.fac = "std.lv",
                                      ID.cat = "Wu.Estabrook.2016", group.equal = STEPS[[s]]))
    nm <- paste0("mg_we_", param, "_", s)
    inv_runs[[nm]] <- entry(nm, "ordinal_mg.csv", syn, mg, SL,
                            list(estimator = "WLSMV", group = "GENDER", parameterization = param), "lavaan",
                            paste0("semTools::measEq.syntax(ID.fac = 'std.lv', ID.cat = 'Wu.Estabrook.2016', ",
                                   "parameterization = '", param, "', group.equal = ",
                                   deparse(STEPS[[s]]), "); fitted with lavaan::lavaan()",
                                   if (s != "configural") "; gamma: see the configural entry (same data)" else ""),
                            keep_gamma = s == "configural")
  }
}
# lavaan's own group.equal on cfa() (its default identification for ordered indicators)
for (s in names(STEPS)) {
  nm <- paste0("mg_ge_", s)
  opts <- list(estimator = "WLSMV", group = "GENDER")
  if (s != "configural") opts$group.equal <- STEPS[[s]]
  inv_runs[[nm]] <- entry(nm, "ordinal_mg.csv", SATLOY, mg, SL, opts, "cfa",
                          "lavaan::cfa(..., group.equal = ...), delta parameterization; gamma: see mg_we_delta_configural",
                          keep_gamma = FALSE)
}

lrt <- function(fits, names) {
  t <- do.call(lavTestLRT, c(unname(fits), list(model.names = names)))
  rows <- lapply(seq_len(nrow(t)), function(i) list(
    model = rownames(t)[i], df = t$Df[i], chisq = t$Chisq[i],
    chisq_diff = t[["Chisq diff"]][i], df_diff = t[["Df diff"]][i], pvalue = t[["Pr(>Chisq)"]][i]))
  list(heading = attr(t, "heading"), method = "satorra.2000, scaled.shifted = TRUE, A.method = 'delta' (lavTestLRT default for WLSMV)",
       rows = rows)
}
invariance <- list()
for (prefix in c("mg_we_delta_", "mg_we_theta_", "mg_ge_")) {
  nms <- paste0(prefix, names(STEPS))
  invariance[[sub("_$", "", prefix)]] <- lrt(lapply(inv_runs[nms], `[[`, "fit"), nms)
}

# ---------------------------------------------------------------- ordinal reliability (cfa_lsq5)
fit5 <- runs[[1]]$fit
std <- standardizedSolution(fit5)
pc <- lavCor(lsq5[, unlist(ITEMS[DIMS])], ordered = unlist(ITEMS[DIMS]))
rel <- list()
for (f in DIMS) {
  lam <- std$est.std[std$op == "=~" & std$lhs == f]
  R <- pc[ITEMS[[f]], ITEMS[[f]]]
  k <- length(ITEMS[[f]])
  a_formula <- k / (k - 1) * (1 - k / sum(R))
  a_psych <- suppressMessages(suppressWarnings(psych::alpha(R)))$total
  rel[[f]] <- list(
    items = ITEMS[[f]], std_all_loadings = lam,
    polychoric = mat(R),
    ordinal_alpha_psych = a_psych$raw_alpha, ordinal_alpha_psych_std = a_psych$std.alpha,
    ordinal_alpha_formula = a_formula,
    cr = sum(lam)^2 / (sum(lam)^2 + sum(1 - lam^2)), ave = mean(lam^2))
}
omega_cat <- compRelSEM(fit5)                       # Green & Yang (2009) categorical omega (ord.scale = TRUE)
omega_lat <- compRelSEM(fit5, ord.scale = FALSE)    # omega of the latent responses
ave_st <- suppressWarnings(AVE(fit5))
for (f in DIMS) {
  rel[[f]]$omega_categorical_semtools <- as.numeric(omega_cat[f])
  rel[[f]]$omega_latent_response_semtools <- as.numeric(omega_lat[f])
  rel[[f]]$ave_semtools <- as.numeric(ave_st[f])
}

# ---------------------------------------------------------------- lavCor (issue point 1)
# lavCor's correlation matrices (output = "cor"); for the mixed data these are correlations, while the
# fits' sampstat$cov holds covariances for the continuous variables.  empty_cells counts the zero cells
# of each pair's bivariate table (listwise rows).
lavcor <- function(df, ordered, missing = "listwise") {
  R <- lavCor(df, ordered = ordered, missing = missing, output = "cor")
  v <- colnames(R)
  ec <- list()
  for (i in seq_along(v)) for (j in seq_along(v)) if (i < j && v[i] %in% ordered && v[j] %in% ordered)
    ec[[paste0(v[i], "~~", v[j])]] <- sum(table(df[[v[i]]], df[[v[j]]]) == 0)
  list(names = v, cor = mat(R), ordered = as.list(ordered), missing = missing, empty_cells = ec)
}
lavcors <- list(
  skewed = c(list(data = "ordinal_skewed.csv"), lavcor(skew, names(skew))),
  mixed = c(list(data = "ordinal_mixed.csv"), lavcor(mixed, c("y1", "y2", "y3", "y4"))),
  pairwise = c(list(data = "ordinal_pairwise.csv"), lavcor(pairwise[, SL], SL, "pairwise")),
  three_category = c(list(data = "ordinal_3cat.csv"), lavcor(cat3[, SL], SL)))

# ---------------------------------------------------------------- write
prov <- list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
             semTools = as.character(packageVersion("semTools")), psych = as.character(packageVersion("psych")),
             jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/ordinal.R",
             source_data = "datasets/lsq5_sample.csv (REL4 reverse-coded 6 - x as questionnaires/lsq5.yaml says)")
out <- list(provenance = prov,
            models = unname(lapply(runs, `[[`, "entry")),
            invariance_models = unname(lapply(inv_runs, `[[`, "entry")),
            invariance_lrt = invariance,
            reliability = list(model = "cfa_lsq5", factors = rel),
            lavcor = lavcors)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = FALSE,
                  dataframe = "rows"),
           file.path(here, "ordinal.json"))
cat("wrote", file.path(here, "ordinal.json"), "\n")
