# Reference values for the PROCESS-style engine (research/process/, issue 16), beyond what
# shared/reference/process/make_process_reference.R already records (lavaan/OLS/HC3 fits of models
# 1, 4, 7, 14 with bootstrap CIs; see shared/reference/process/README.md):
#   1. HC0-HC4 and OLS standard errors, R^2, MSE, classic F and HC-based Wald F for every equation
#      of models 1, 4, 7 (single mediator) on process_simulated.csv
#   2. conditional effects in model 1 at mean -/+ SD and at the 16th/50th/84th percentiles (OLS, HC3)
#   3. Johnson-Neyman points for model 1 (OLS, HC3), exact roots of the quadratic
#   4. a 3-level categorical moderator (platform: JD / Pinduoduo / Taobao) in models 1 and 7, with a
#      seeded percentile bootstrap; the data set process_categorical.csv is generated here
#   5. model 4 effects with partial / complete standardisation, next to lavaan's std.all
#   6. serial mediation (model 6, two mediators) on pyprocessmacro's Data_Model6.csv
#   7. model 4 with a covariate (w) in both equations
#   + process_printout_check: our HC3 Wald F / R^2 / MSE / HC3 SEs against the PROCESS 2.16.3
#     printouts of models 1, 4, 6, 7 (pyprocessmacro_results_ols.json), to pin down what PROCESS prints.
# Entries are described in process_extra.md.
#
# Run from anywhere:   Rscript tests/reference/process_extra.R      (about 2 s)
# Needs R >= 4.2, sandwich 3.0-2, lavaan 0.6-14, jsonlite; reads
# ../../../shared/reference/process/{process_simulated.csv, pyprocessmacro_data/Data_Model{1,4,6,7}.csv,
# pyprocessmacro_results_ols.json}.  Writes process_extra.json and (only if absent; otherwise it is
# checked against the regenerated data) process_categorical.csv next to this script.
suppressMessages({library(sandwich); library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference", "process"))

SEED_CAT <- 20250116L     # categorical data set
SEED_BOOT <- 16016L       # bootstrap of the categorical model 7
B_BOOT <- 2000L
RNG <- function(seed) set.seed(seed, kind = "Mersenne-Twister", normal.kind = "Inversion",
                               sample.kind = "Rejection")
HC_TYPES <- c("HC0", "HC1", "HC2", "HC3", "HC4")
LEVEL <- 0.95

proc <- fromJSON(file.path(shared, "pyprocessmacro_results_ols.json"), simplifyVector = FALSE)$models
proc_model <- function(k) Filter(function(m) m$model == k, proc)[[1]]

sim_file <- "../../../shared/reference/process/process_simulated.csv"
sim <- read.csv(file.path(shared, "process_simulated.csv"))
stopifnot(nrow(sim) == 300, identical(names(sim), c("x", "w", "m", "y")))

# ------------------------------------------------------------------ helpers
vcov_of <- function(f, type) if (type == "OLS") vcov(f) else sandwich::vcovHC(f, type = type)

coef_table <- function(b, V, df) {
  se <- sqrt(diag(V)); t <- b / se; q <- qt(1 - (1 - LEVEL) / 2, df)
  lapply(setNames(names(b), names(b)), function(k) list(
    se = unname(se[k]), t = unname(t[k]), p = 2 * pt(-abs(unname(t[k])), df),
    ci_lower = unname(b[k] - q * se[k]), ci_upper = unname(b[k] + q * se[k])))
}

wald_f <- function(b, V, df2) {
  Fv <- drop(t(b) %*% solve(V, b)) / length(b)
  list(F = Fv, df1 = length(b), df2 = df2, p = pf(Fv, length(b), df2, lower.tail = FALSE))
}

mat <- function(V) lapply(seq_len(nrow(V)), function(i) unname(V[i, ]))

# every number about one OLS equation; types = covariance kinds reported
equation <- function(formula, dat, types = c("OLS", HC_TYPES), with_vcov = TRUE) {
  f <- lm(formula, data = dat)
  s <- summary(f)
  n <- nobs(f); p <- length(coef(f)); df2 <- n - p
  b <- coef(f)
  Vs <- lapply(setNames(types, types), function(ty) vcov_of(f, ty))
  tabs <- lapply(Vs, function(V) coef_table(b, V, df2))
  coefs <- lapply(setNames(names(b), names(b)), function(k) {
    c(list(est = unname(b[k])), lapply(tabs, function(tb) tb[[k]]))
  })
  nb <- names(b) != "(Intercept)"
  Fs <- s$fstatistic
  out <- list(
    formula = paste(deparse(formula), collapse = ""), n = n, n_coef = p, df_resid = df2,
    terms = names(b), coefficients = coefs,
    r = sqrt(s$r.squared), r_squared = s$r.squared, adj_r_squared = s$adj.r.squared,
    rss = sum(residuals(f)^2), mse = sum(residuals(f)^2) / df2,
    f_test = list(F = unname(Fs["value"]), df1 = unname(Fs["numdf"]), df2 = unname(Fs["dendf"]),
                  p = unname(pf(Fs["value"], Fs["numdf"], Fs["dendf"], lower.tail = FALSE))),
    wald_f = lapply(Vs[setdiff(types, "OLS")], function(V) wald_f(b[nb], V[nb, nb, drop = FALSE], df2)))
  # the Wald F with the OLS covariance is the classic F
  if ("OLS" %in% types)
    stopifnot(abs(wald_f(b[nb], Vs$OLS[nb, nb, drop = FALSE], df2)$F - out$f_test$F) < 1e-8 * out$f_test$F)
  if (with_vcov) out$vcov <- lapply(Vs, mat)
  attr(out, "fit") <- f
  attr(out, "V") <- Vs
  out
}

# HC3 by hand, to make sure sandwich's definition is the one documented
hc3_manual <- function(f) {
  X <- model.matrix(f); e <- residuals(f); h <- hat(X, intercept = FALSE)
  B <- solve(crossprod(X)); B %*% crossprod(X * (e / (1 - h))) %*% B
}

# linear combination g'b with SE / t / p / CI under covariance V
lincomb <- function(g, b, V, df) {
  est <- sum(g * b); se <- sqrt(drop(t(g) %*% V %*% g)); t <- est / se
  q <- qt(1 - (1 - LEVEL) / 2, df)
  list(est = est, se = se, t = t, p = 2 * pt(-abs(t), df), ci_lower = est - q * se, ci_upper = est + q * se)
}

`%||%` <- function(a, b) if (is.null(a)) b else a

strip <- function(e) { attr(e, "fit") <- NULL; attr(e, "V") <- NULL; e }

out <- list(
  description = "Extra reference values for the PROCESS-style engine (issue 16). See process_extra.md.",
  versions = list(R = R.version.string, sandwich = as.character(packageVersion("sandwich")),
                  lavaan = as.character(packageVersion("lavaan")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  conventions = list(
    confidence = LEVEL,
    t_df = "n - p (p = number of coefficients incl. intercept) for every t, p value and CI, OLS and HC alike",
    hc = paste("sandwich::vcovHC: (X'X)^-1 X' diag(omega_i) X (X'X)^-1 with omega_i = e_i^2 (HC0),",
               "e_i^2 * n/(n-p) (HC1), e_i^2/(1-h_i) (HC2), e_i^2/(1-h_i)^2 (HC3),",
               "e_i^2/(1-h_i)^delta_i, delta_i = min(4, n*h_i/p) (HC4)"),
    products = "raw products, no mean centring (PROCESS default)",
    sd = "n - 1 standard deviation everywhere"))

# ================================================================== 1. HC standard errors
fits1 <- list(
  model1 = list(y = y ~ x + w + x:w),
  model4 = list(m = m ~ x, y = y ~ x + m),
  model7 = list(m = m ~ x + w + x:w, y = y ~ x + m))
hc_out <- list(data_file = sim_file, n = nrow(sim), models = list())
for (mn in names(fits1)) {
  eqs <- lapply(fits1[[mn]], function(fm) equation(fm, sim))
  for (e in eqs) stopifnot(max(abs(hc3_manual(attr(e, "fit")) - attr(e, "V")$HC3)) < 1e-12)
  hc_out$models[[mn]] <- list(process_model = as.integer(sub("model", "", mn)),
                              equations = lapply(eqs, strip))
}
out$hc_standard_errors <- hc_out

# ================================================================== 2. conditional effects, model 1
e1 <- equation(y ~ x + w + x:w, sim, types = c("OLS", "HC3"))
f1 <- attr(e1, "fit"); b1 <- coef(f1); df1 <- f1$df.residual
w <- sim$w
probes <- c(mean_minus_sd = mean(w) - sd(w), mean = mean(w), mean_plus_sd = mean(w) + sd(w),
            p16 = unname(quantile(w, 0.16, type = 7)), p50 = unname(quantile(w, 0.50, type = 7)),
            p84 = unname(quantile(w, 0.84, type = 7)))
q6 <- c(p16 = unname(quantile(w, 0.16, type = 6)), p50 = unname(quantile(w, 0.50, type = 6)),
        p84 = unname(quantile(w, 0.84, type = 6)))
cond <- function(wv) {
  g <- c(0, 1, 0, wv)
  c(list(w = unname(wv), theta = sum(g * b1)),
    lapply(attr(e1, "V"), function(V) { r <- lincomb(g, b1, V, df1); r$est <- NULL; r }))
}
out$conditional_effects_model1 <- list(
  data_file = sim_file, formula = "y ~ x + w + x:w", focal = "x", moderator = "w",
  theta = "b_x + b_xw * w", df = df1, t_crit = qt(0.975, df1),
  coefficients = as.list(b1),
  w_summary = list(mean = mean(w), sd = sd(w), min = min(w), max = max(w)),
  probe_values = as.list(probes),
  percentiles_type6 = as.list(q6),
  effects = lapply(as.list(probes), cond),
  effects_at_type6_percentiles = lapply(as.list(q6), cond))

# ================================================================== 3. Johnson-Neyman, model 1
jn <- function(b, V, wvals, df) {
  tc <- qt(0.975, df)
  A <- b[4]^2 - tc^2 * V[4, 4]
  B <- 2 * (b[2] * b[4] - tc^2 * V[2, 4])
  C <- b[2]^2 - tc^2 * V[2, 2]
  D <- B^2 - 4 * A * C
  roots <- if (D < 0) numeric(0) else unname(sort(c((-B - sqrt(D)) / (2 * A), (-B + sqrt(D)) / (2 * A))))
  rr <- lapply(roots, function(r) {
    g <- c(0, 1, 0, r); th <- sum(g * b); se <- sqrt(drop(t(g) %*% V %*% g))
    list(w = unname(r), inside_observed_range = r >= min(wvals) && r <= max(wvals),
         share_below = mean(wvals < r), share_above = mean(wvals > r),
         n_below = sum(wvals < r), n_above = sum(wvals > r),
         theta = unname(th), se = unname(se), t = unname(th / se))
  })
  for (r in rr) stopifnot(abs(abs(r$t) - tc) < 1e-8)
  list(t_crit = tc, quadratic = list(A = unname(A), B = unname(B), C = unname(C), discriminant = unname(D)),
       roots = rr,
       significant_where = if (A > 0) "outside the two roots (w < root1 or w > root2)"
                           else "between the two roots")
}
V1 <- attr(e1, "V")
out$johnson_neyman_model1 <- list(
  data_file = sim_file, formula = "y ~ x + w + x:w", df = df1,
  equation = "(b1 + b3 w)^2 = t_crit^2 (v11 + 2 w v13 + w^2 v33), i.e. A w^2 + B w + C = 0 with A = b3^2 - t^2 v33, B = 2 (b1 b3 - t^2 v13), C = b1^2 - t^2 v11 (1 = x, 3 = x:w)",
  w_min = min(w), w_max = max(w), n = length(w),
  OLS = jn(b1, V1$OLS, w, df1), HC3 = jn(b1, V1$HC3, w, df1))
for (ty in c("OLS", "HC3"))
  stopifnot(any(vapply(out$johnson_neyman_model1[[ty]]$roots, `[[`, TRUE, "inside_observed_range")))

# ================================================================== 4. categorical moderator
LEV_APPEAR <- c("Taobao", "JD", "Pinduoduo")
LEV <- sort(LEV_APPEAR)                         # "JD" "Pinduoduo" "Taobao"; reference = "JD"
SIZES <- c(Taobao = 140L, JD = 95L, Pinduoduo = 65L)
SLOPE_M <- c(JD = 0.2, Pinduoduo = 0.6, Taobao = 1.0)
INT_M <- c(JD = 1.0, Pinduoduo = 0.5, Taobao = 0.0)
SD_M <- c(JD = 0.8, Pinduoduo = 1.4, Taobao = 1.0)
make_cat <- function() {
  RNG(SEED_CAT)
  n <- sum(SIZES)
  platform <- sample(rep(names(SIZES), SIZES))   # a random order of the 140 / 95 / 65 labels
  x <- rnorm(n, mean = 4, sd = 1.2)
  m <- INT_M[platform] + SLOPE_M[platform] * x + SD_M[platform] * rnorm(n)
  y <- 0.5 + 0.3 * x + 0.6 * m + rnorm(n)
  data.frame(x = x, platform = platform, m = unname(m), y = y, stringsAsFactors = FALSE)
}
cat_path <- file.path(here, "process_categorical.csv")
if (!file.exists(cat_path)) write.csv(make_cat(), cat_path, row.names = FALSE)
catd <- read.csv(cat_path, stringsAsFactors = FALSE)
regen <- make_cat()
stopifnot(identical(catd$platform, regen$platform),
          isTRUE(all.equal(as.matrix(catd[, c("x", "m", "y")]), as.matrix(regen[, c("x", "m", "y")]),
                           tolerance = 1e-14, check.attributes = FALSE)))
stopifnot(identical(unique(catd$platform), LEV_APPEAR))   # order of appearance differs from sorted
catd$platform <- factor(catd$platform, levels = LEV)
catd$D_Pinduoduo <- as.numeric(catd$platform == "Pinduoduo")
catd$D_Taobao <- as.numeric(catd$platform == "Taobao")
ncat <- nrow(catd)

## model 1: y ~ x + D_P + D_T + x:D_P + x:D_T
fm_c1 <- y ~ x + D_Pinduoduo + D_Taobao + x:D_Pinduoduo + x:D_Taobao
ec1 <- equation(fm_c1, catd, types = c("OLS", "HC3"))
fc1 <- attr(ec1, "fit"); bc1 <- coef(fc1); dfc1 <- fc1$df.residual
stopifnot(identical(names(bc1), c("(Intercept)", "x", "D_Pinduoduo", "D_Taobao", "x:D_Pinduoduo", "x:D_Taobao")))
gl <- list(JD = c(0, 1, 0, 0, 0, 0), Pinduoduo = c(0, 1, 0, 0, 1, 0), Taobao = c(0, 1, 0, 0, 0, 1))
cond_c1 <- lapply(gl, function(g) c(list(theta = sum(g * bc1)),
  lapply(attr(ec1, "V"), function(V) { r <- lincomb(g, bc1, V, dfc1); r$est <- NULL; r })))
# with a factor (treatment contrasts, reference JD) lm gives the same fit
chk <- lm(y ~ x * platform, data = catd)
stopifnot(max(abs(fitted(chk) - fitted(fc1))) < 1e-10)
ints <- c("x:D_Pinduoduo", "x:D_Taobao")
fc1_red <- lm(y ~ x + D_Pinduoduo + D_Taobao, data = catd)
r2_change <- summary(fc1)$r.squared - summary(fc1_red)$r.squared
omni_ols <- wald_f(bc1[ints], attr(ec1, "V")$OLS[ints, ints], dfc1)
an <- anova(fc1_red, fc1)
stopifnot(abs(an$F[2] - omni_ols$F) < 1e-8 * omni_ols$F)
omni_ols$r2_change <- r2_change

## model 7: m ~ x + D_P + D_T + x:D_P + x:D_T ; y ~ x + m
fm_c7m <- m ~ x + D_Pinduoduo + D_Taobao + x:D_Pinduoduo + x:D_Taobao
fm_c7y <- y ~ x + m
ec7m <- equation(fm_c7m, catd, types = c("OLS", "HC3"))
ec7y <- equation(fm_c7y, catd, types = c("OLS", "HC3"))
am <- coef(attr(ec7m, "fit")); by <- coef(attr(ec7y, "fit"))
ind_fun <- function(a, bb) {
  bm <- bb[["m"]]
  c(ind_JD = a[["x"]] * bm,
    ind_Pinduoduo = (a[["x"]] + a[["x:D_Pinduoduo"]]) * bm,
    ind_Taobao = (a[["x"]] + a[["x:D_Taobao"]]) * bm,
    index_D_Pinduoduo = a[["x:D_Pinduoduo"]] * bm,
    index_D_Taobao = a[["x:D_Taobao"]] * bm,
    contrast_Taobao_minus_Pinduoduo = (a[["x:D_Taobao"]] - a[["x:D_Pinduoduo"]]) * bm,
    direct = bb[["x"]])
}
pt7 <- ind_fun(am, by)
Xm <- model.matrix(attr(ec7m, "fit")); Xy <- model.matrix(attr(ec7y, "fit"))
RNG(SEED_BOOT)
boot <- matrix(NA_real_, B_BOOT, length(pt7), dimnames = list(NULL, names(pt7)))
for (r in seq_len(B_BOOT)) {
  idx <- sample.int(ncat, ncat, replace = TRUE)
  a_r <- qr.coef(qr(Xm[idx, ]), catd$m[idx]); b_r <- qr.coef(qr(Xy[idx, ]), catd$y[idx])
  boot[r, ] <- ind_fun(a_r, b_r)
}
stopifnot(!anyNA(boot))
boot_res <- lapply(setNames(names(pt7), names(pt7)), function(k) {
  bs <- boot[, k]; z0 <- qnorm(mean(bs < pt7[[k]]))
  list(est = pt7[[k]], boot_mean = mean(bs), boot_se = sd(bs),
       perc_lower = unname(quantile(bs, 0.025, type = 7)), perc_upper = unname(quantile(bs, 0.975, type = 7)),
       bc_lower = unname(quantile(bs, pnorm(2 * z0 + qnorm(0.025)), type = 7)),
       bc_upper = unname(quantile(bs, pnorm(2 * z0 + qnorm(0.975)), type = 7)))
})
# conditional effect of x on m at each level (first stage)
glm7 <- gl; Vm7 <- attr(ec7m, "V"); dfm7 <- attr(ec7m, "fit")$df.residual
cond_c7a <- lapply(glm7, function(g) c(list(theta = sum(g * am)),
  lapply(Vm7, function(V) { r <- lincomb(g, am, V, dfm7); r$est <- NULL; r })))

out$categorical_moderator <- list(
  data_file = "process_categorical.csv", n = ncat,
  generator = list(
    seed = SEED_CAT, rng = "Mersenne-Twister / Inversion / Rejection",
    steps = paste("platform = sample(rep(c('Taobao','JD','Pinduoduo'), c(140,95,65)));",
                  "x = rnorm(300, 4, 1.2); m = INT[p] + SLOPE[p]*x + SD[p]*rnorm(300);",
                  "y = 0.5 + 0.3x + 0.6m + rnorm(300)"),
    INT = as.list(INT_M), SLOPE = as.list(SLOPE_M), SD = as.list(SD_M)),
  group_sizes = as.list(table(catd$platform)[LEV]),
  levels_in_order_of_appearance = LEV_APPEAR,
  levels_sorted = LEV, reference_level = "JD",
  coding = "indicator (dummy) coding, reference JD (first level in sorted order): D_Pinduoduo = 1[platform == 'Pinduoduo'], D_Taobao = 1[platform == 'Taobao']",
  model1 = list(
    process_model = 1L, X = "x", W = "platform", Y = "y",
    equation = strip(ec1),
    conditional_effects_of_x = cond_c1,
    omnibus_interaction = list(terms = ints, OLS = omni_ols,
                               HC3 = wald_f(bc1[ints], attr(ec1, "V")$HC3[ints, ints], dfc1))),
  model7 = list(
    process_model = 7L, X = "x", M = "m", W = "platform", Y = "y",
    equations = list(m = strip(ec7m), y = strip(ec7y)),
    conditional_effects_of_x_on_m = cond_c7a,
    effects = as.list(pt7),
    definitions = list(
      ind_JD = "a_x * b_m", ind_Pinduoduo = "(a_x + a_x:D_Pinduoduo) * b_m", ind_Taobao = "(a_x + a_x:D_Taobao) * b_m",
      index_D_Pinduoduo = "a_x:D_Pinduoduo * b_m (= ind_Pinduoduo - ind_JD)",
      index_D_Taobao = "a_x:D_Taobao * b_m (= ind_Taobao - ind_JD)",
      contrast_Taobao_minus_Pinduoduo = "(a_x:D_Taobao - a_x:D_Pinduoduo) * b_m", direct = "c' = b_x in y ~ x + m"),
    bootstrap = list(B = B_BOOT, seed = SEED_BOOT, rng = "Mersenne-Twister / Inversion / Rejection",
                     resampling = "idx = sample.int(300, 300, replace = TRUE) per replicate; OLS refit of both equations on rows idx (not stratified by platform)",
                     quantile_type = 7, monte_carlo = TRUE, results = boot_res)))

# ================================================================== 5. standardised mediation effects
fa <- lm(m ~ x, sim); fb <- lm(y ~ x + m, sim); fc <- lm(y ~ x, sim)
a <- coef(fa)[["x"]]; b <- coef(fb)[["m"]]; cp <- coef(fb)[["x"]]; cc <- coef(fc)[["x"]]
sdx <- sd(sim$x); sdy <- sd(sim$y); sdm <- sd(sim$m)
eff <- c(a = a, b = b, c_prime = cp, c = cc, ab = a * b, total = cp + a * b)
stopifnot(abs(eff[["total"]] - cc) < 1e-12)
lav_syn <- "y ~ c*x + b*m\nm ~ a*x\nab := a*b\ntotal := c + a*b"
lfit <- sem(lav_syn, data = sim)
ss <- standardizedSolution(lfit)
pick <- function(lhs, op, rhs) ss[ss$lhs == lhs & ss$op == op & ss$rhs == rhs, ]
lav_rows <- list(a = pick("m", "~", "x"), b = pick("y", "~", "m"), c = pick("y", "~", "x"),
                 ab = pick("ab", ":=", "a*b"), total = pick("total", ":=", "c+a*b"))
stopifnot(all(vapply(lav_rows, nrow, 1L) == 1L))
complete <- c(a = a * sdx / sdm, b = b * sdm / sdy, c_prime = cp * sdx / sdy, c = cc * sdx / sdy,
              ab = a * b * sdx / sdy, total = (cp + a * b) * sdx / sdy)
lav_std <- lapply(lav_rows, function(r) list(est_std = r$est.std, se = r$se, z = r$z, pvalue = r$pvalue))
stopifnot(abs(lav_std$ab$est_std - complete[["ab"]]) < 1e-6, abs(lav_std$total$est_std - complete[["total"]]) < 1e-6,
          abs(lav_std$c$est_std - complete[["c_prime"]]) < 1e-6)
out$standardized_mediation_model4 <- list(
  data_file = sim_file, X = "x", M = "m", Y = "y",
  equations = list(m = "m ~ x  (a)", y = "y ~ x + m  (c' = x, b = m)", y_total = "y ~ x  (c)"),
  sd = list(x = sdx, m = sdm, y = sdy),
  effects = as.list(eff),
  partially_standardized = list(ab = a * b / sdy, c_prime = cp / sdy, c = cc / sdy, total = (cp + a * b) / sdy),
  completely_standardized = as.list(complete),
  lavaan = list(syntax = lav_syn, call = "sem(syntax, data)  # ML, defaults",
                label_note = "lavaan label c is the direct effect c'; total := c + a*b",
                std_all = lav_std,
                max_abs_diff_vs_completely_standardized = max(abs(c(
                  lav_std$a$est_std - complete[["a"]], lav_std$b$est_std - complete[["b"]],
                  lav_std$c$est_std - complete[["c_prime"]], lav_std$ab$est_std - complete[["ab"]],
                  lav_std$total$est_std - complete[["total"]])))))

# ================================================================== 6. serial mediation, model 6
d6 <- read.csv(file.path(shared, "pyprocessmacro_data", "Data_Model6.csv"))
e6 <- list(m1 = equation(m1 ~ x, d6, types = c("OLS", "HC3")),
           m2 = equation(m2 ~ x + m1, d6, types = c("OLS", "HC3")),
           y = equation(y ~ x + m1 + m2, d6, types = c("OLS", "HC3")))
k1 <- coef(attr(e6$m1, "fit")); k2 <- coef(attr(e6$m2, "fit")); k3 <- coef(attr(e6$y, "fit"))
a1 <- k1[["x"]]; a2 <- k2[["x"]]; d21 <- k2[["m1"]]; b1s <- k3[["m1"]]; b2s <- k3[["m2"]]; cps <- k3[["x"]]
ind <- c(ind1 = a1 * b1s, ind2 = a1 * d21 * b2s, ind3 = a2 * b2s)
c_tot <- coef(lm(y ~ x, d6))[["x"]]
stopifnot(abs(cps + sum(ind) - c_tot) < 1e-10)
# PROCESS 2.16.3 printed Ind1, Ind2, Ind3 and Total (4 decimals) for the same data
pr6 <- Filter(function(t) identical(t$heading, "Indirect effect(s) of X on Y"), proc_model(6)$tables)[[1]]$rows
printed6 <- setNames(vapply(pr6, function(r) r$values$Effect, 0), trimws(sub(":", "", vapply(pr6, `[[`, "", "label"))))
diff6 <- abs(c(ind[["ind1"]] - printed6[["Ind1"]], ind[["ind2"]] - printed6[["Ind2"]], ind[["ind3"]] - printed6[["Ind3"]],
               sum(ind) - printed6[["Total"]]))
stopifnot(max(diff6) < 5.1e-5)
out$serial_mediation_model6 <- list(
  data_file = "../../../shared/reference/process/pyprocessmacro_data/Data_Model6.csv", n = nrow(d6),
  X = "x", M1 = "m1", M2 = "m2", Y = "y",
  equations = lapply(e6, function(e) { e <- strip(e); e$vcov <- NULL; e }),
  paths = list(a1 = a1, a2 = a2, d21 = d21, b1 = b1s, b2 = b2s, c_prime = cps, c_total = c_tot),
  indirect = list(ind1 = ind[["ind1"]], ind2 = ind[["ind2"]], ind3 = ind[["ind3"]], total_indirect = sum(ind),
                  total_effect = cps + sum(ind)),
  indirect_key = list(ind1 = "x -> m1 -> y = a1*b1", ind2 = "x -> m1 -> m2 -> y = a1*d21*b2",
                      ind3 = "x -> m2 -> y = a2*b2"),
  process_printed = list(Ind1 = printed6[["Ind1"]], Ind2 = printed6[["Ind2"]], Ind3 = printed6[["Ind3"]],
                         Total = printed6[["Total"]], max_abs_diff = max(diff6),
                         note = "PROCESS 2.16.3 printout, Results_OLS_Model6.txt (4 decimals)"),
  contrasts = list(ind1_minus_ind2 = ind[["ind1"]] - ind[["ind2"]], ind1_minus_ind3 = ind[["ind1"]] - ind[["ind3"]],
                   ind2_minus_ind3 = ind[["ind2"]] - ind[["ind3"]]),
  contrasts_absolute = list(
    note = "PROCESS 4 contrast = 2: |ind_i| - |ind_j|",
    ind1_minus_ind2 = abs(ind[["ind1"]]) - abs(ind[["ind2"]]), ind1_minus_ind3 = abs(ind[["ind1"]]) - abs(ind[["ind3"]]),
    ind2_minus_ind3 = abs(ind[["ind2"]]) - abs(ind[["ind3"]])))

# ================================================================== 7. covariate in both equations
e7 <- list(m = equation(m ~ x + w, sim, types = c("OLS", "HC3")),
           y = equation(y ~ x + m + w, sim, types = c("OLS", "HC3")))
am7 <- coef(attr(e7$m, "fit")); by7 <- coef(attr(e7$y, "fit"))
ctot7 <- coef(lm(y ~ x + w, sim))[["x"]]
stopifnot(abs(by7[["x"]] + am7[["x"]] * by7[["m"]] - ctot7) < 1e-10)
out$covariate_model4 <- list(
  data_file = sim_file, X = "x", M = "m", Y = "y", covariates = "w",
  equations = lapply(e7, function(e) { e <- strip(e); e$vcov <- NULL; e }),
  effects = list(a = am7[["x"]], b = by7[["m"]], c_prime = by7[["x"]], ab = am7[["x"]] * by7[["m"]],
                 total = by7[["x"]] + am7[["x"]] * by7[["m"]], c_from_y_on_x_w = ctot7))

# ================================================================== PROCESS printout check
chk_models <- list(
  `1` = list(y = y ~ x + m + x:m),
  `4` = list(m1 = m1 ~ x, m2 = m2 ~ x, y = y ~ x + m1 + m2),
  `6` = list(m1 = m1 ~ x, m2 = m2 ~ x + m1, y = y ~ x + m1 + m2),
  `7` = list(m1 = m1 ~ x + w + x:w, m2 = m2 ~ x + w + x:w, y = y ~ x + m1 + m2))
lab_of <- function(t) if (t == "(Intercept)") "constant" else if (grepl(":", t)) "int_1" else t
pc <- list()
for (k in names(chk_models)) {
  dk <- read.csv(file.path(shared, "pyprocessmacro_data", sprintf("Data_Model%s.csv", k)))
  pm <- proc_model(as.integer(k))
  res <- list()
  for (dv in names(chk_models[[k]])) {
    e <- equation(chk_models[[k]][[dv]], dk, with_vcov = FALSE)
    tabs <- Filter(function(t) identical(t$outcome, dv), pm$tables)
    summ <- Filter(function(t) identical(t$heading, "Model Summary"), tabs)[[1]]$rows[[1]]$values
    rows <- Filter(function(t) identical(t$heading, "Model"), tabs)[[1]]$rows
    d_coef <- 0; d_se <- 0
    for (tm in e$terms) {
      r <- Filter(function(r) r$label == lab_of(tm), rows)[[1]]$values
      d_coef <- max(d_coef, abs(e$coefficients[[tm]]$est - r$coeff))
      d_se <- max(d_se, abs(e$coefficients[[tm]]$HC3$se - r$se))
    }
    res[[dv]] <- list(
      printed = list(R_sq = summ[["R-sq"]], MSE = summ$MSE, F = summ$F, df1 = summ$df1, df2 = summ$df2),
      ours = list(R_sq = e$r_squared, MSE = e$mse, F_classic = e$f_test$F, F_wald_HC3 = e$wald_f$HC3$F,
                  F_wald_HC0 = e$wald_f$HC0$F, df1 = e$f_test$df1, df2 = e$f_test$df2),
      abs_diff_F_wald_HC3 = abs(e$wald_f$HC3$F - summ$F), abs_diff_F_classic = abs(e$f_test$F - summ$F),
      max_abs_diff_coeff = d_coef, max_abs_diff_se_hc3 = d_se)
    if (k == "1") {
      ch <- Filter(function(t) grepl("^R-square increase", t$heading %||% ""), tabs)[[1]]$rows[[1]]$values
      bi <- e$coefficients[["x:m"]]
      fr <- lm(y ~ x + m, dk)
      res[[dv]]$r2_change <- list(printed_R2_chng = ch[["R2-chng"]], printed_F = ch$F,
                                  ours_R2_chng = e$r_squared - summary(fr)$r.squared,
                                  ours_F_HC3 = bi$HC3$t^2, ours_F_OLS = bi$OLS$t^2)
    }
  }
  pc[[paste0("model", k)]] <- res
}
out$process_printout_check <- list(
  source = "../../../shared/reference/process/pyprocessmacro_results_ols.json (PROCESS 2.16.3 for SPSS, HC3 option on, 4 decimals)",
  conclusion = "PROCESS's Model Summary F (with HC3 on) is the HC3 Wald F of all non-intercept coefficients, F(df1, n - p); R-sq and MSE are the ordinary OLS ones",
  models = pc)
for (m in pc) for (e in m) stopifnot(e$abs_diff_F_wald_HC3 < 5.1e-5, e$max_abs_diff_coeff < 5.1e-5,
                                      e$max_abs_diff_se_hc3 < 5.1e-5)

# ------------------------------------------------------------------ JSON, shortest round-trip digits (<= 17)
fmt <- function(v) {
  if (is.na(v) || !is.finite(v)) return("null")
  for (d in 15:17) { s <- sprintf(paste0("%.", d, "g"), v); if (as.numeric(s) == v) return(s) }
  s
}
exact <- function(o) {
  if (is.list(o)) { a <- attributes(o); o <- lapply(o, exact); attributes(o) <- a; return(o) }
  if (is.numeric(o) && !is.integer(o)) {
    if (!is.null(names(o))) return(exact(as.list(o)))
    if (length(o) == 1) return(structure(fmt(o), class = "json"))
    return(structure(paste0("[", paste(vapply(o, fmt, ""), collapse = ", "), "]"), class = "json"))
  }
  o
}
txt <- toJSON(exact(out), auto_unbox = TRUE, json_verbatim = TRUE, pretty = TRUE, null = "null", na = "null")
writeLines(txt, file.path(here, "process_extra.json"))
back <- fromJSON(file.path(here, "process_extra.json"), simplifyVector = FALSE)
stopifnot(identical(back$johnson_neyman_model1$HC3$roots[[1]]$w, out$johnson_neyman_model1$HC3$roots[[1]]$w))
cat("wrote", file.path(here, "process_extra.json"), "\n")
