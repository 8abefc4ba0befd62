# Reference values for tests/test_sem_interaction.py: latent interactions by product indicators
# (Marsh, Wen & Hau 2004) with double-mean-centering (Lin, Wen, Marsh & Lin 2010) and residual centering
# (Little, Bovaird & Widaman 2006), matched pairs and all pairs, fitted by lavaan and probed by
# semTools::probe2WayMC / probe2WayRC.
#
# Run from this folder:   Rscript sem_interaction.R
# Needs R >= 4.2, lavaan 0.6-14, semTools 0.5-6, jsonlite.  Writes sem_interaction.csv (the simulated data,
# rounded to 4 decimals and read back, so R and Python fit the same numbers) and sem_interaction.json.
#
# Population (N = 500, seed 20240516): REL, EMP standard normal, r = .3;
#   SAT = .4 REL + .3 EMP + .25 REL*EMP + zeta,  var(zeta) = .6;
# REL1-3, EMP1-4, SAT1-3 = mean + loading * factor + error (first loading 1; EMP4 a weaker fourth item used
# only by the unequal-count case).
suppressMessages({library(lavaan); library(semTools); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

set.seed(20240516)
N <- 500
rel <- rnorm(N)
emp <- 0.3 * rel + sqrt(1 - 0.09) * rnorm(N)
sat <- 0.4 * rel + 0.3 * emp + 0.25 * rel * emp + rnorm(N, sd = sqrt(0.6))
item <- function(f, mu, lambda, evar) mu + lambda * f + rnorm(N, sd = sqrt(evar))
sim <- data.frame(
  REL1 = item(rel, 4.0, 1.0, 0.40), REL2 = item(rel, 3.8, 0.8, 0.45), REL3 = item(rel, 4.1, 0.7, 0.50),
  EMP1 = item(emp, 3.6, 1.0, 0.35), EMP2 = item(emp, 3.9, 0.9, 0.40), EMP3 = item(emp, 3.7, 0.75, 0.50),
  EMP4 = item(emp, 3.5, 0.6, 0.60),
  SAT1 = item(sat, 5.0, 1.0, 0.35), SAT2 = item(sat, 5.2, 0.9, 0.40), SAT3 = item(sat, 4.8, 0.8, 0.45))
csv <- file.path(here, "sem_interaction.csv")
write.csv(round(sim, 4), csv, row.names = FALSE)
dat <- read.csv(csv)

REL <- c("REL1", "REL2", "REL3")
EMP <- c("EMP1", "EMP2", "EMP3")
SAT <- "SAT =~ SAT1 + SAT2 + SAT3"

# residual covariances among products that share an indicator (all-pairs products)
shared_cov <- function(prods, a, b) {
  lines <- character(0)
  for (i in seq_along(prods)) for (j in seq_along(prods)) if (j > i) {
    if (a[i] == a[j] || b[i] == b[j]) lines <- c(lines, paste(prods[i], "~~", prods[j]))
  }
  lines
}

build <- function(method, pairs, rel = REL, emp = EMP, emp_items = EMP) {
  rc <- method == "rc"
  d <- indProd(dat, var1 = rel, var2 = emp, match = pairs == "matched", meanC = TRUE,
               residualC = rc, doubleMC = !rc)
  if (pairs == "matched") {
    a <- rel; b <- emp
  } else {
    a <- rep(rel, each = length(emp)); b <- rep(emp, times = length(rel))
  }
  prods <- paste(a, b, sep = ".")
  model <- c(paste("REL =~", paste(REL, collapse = " + ")),
             paste("EMP =~", paste(emp_items, collapse = " + ")),
             paste("REL.EMP =~", paste(prods, collapse = " + ")), SAT,
             "SAT ~ REL + EMP + REL.EMP")
  if (pairs == "all") model <- c(model, shared_cov(prods, a, b))
  if (rc) model <- c(model, "REL.EMP ~~ 0*REL + 0*EMP")
  list(data = d, model = paste(model, collapse = "\n"), products = prods)
}

fm_names <- c("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr")
robust_names <- c("chisq.scaled", "cfi.robust", "rmsea.robust")

probe <- function(fit, method, focal, moderator) {
  sdw <- sqrt(lavInspect(fit, "cov.lv")[moderator, moderator])
  vals <- c(-1, 0, 1) * sdw
  fn <- if (method == "rc") probe2WayRC else probe2WayMC
  p <- fn(fit, nameX = c("REL", "EMP", "REL.EMP"), nameY = "SAT", modVar = moderator, valProbe = vals)$SimpleSlope
  lapply(seq_len(nrow(p)), function(i) list(focal = focal, moderator = moderator, sd = sdw, w = vals[i],
                                            est = p$est[i], se = p$se[i], z = p$z[i], pvalue = p$pvalue[i]))
}

cases <- list(
  dmc_matched = list(method = "dmc", pairs = "matched"),
  dmc_all = list(method = "dmc", pairs = "all"),
  rc_matched = list(method = "rc", pairs = "matched"),
  rc_all = list(method = "rc", pairs = "all"),
  dmc_matched_mlr = list(method = "dmc", pairs = "matched", estimator = "MLR"),
  dmc_unequal = list(method = "dmc", pairs = "matched", emp = c("EMP1", "EMP2", "EMP3", "EMP4"))
)

out <- list(population = list(N = N, seed = 20240516, gamma = c(REL = 0.4, EMP = 0.3, REL.EMP = 0.25),
                              r = 0.3, zeta = 0.6))
for (nm in names(cases)) {
  cs <- cases[[nm]]
  est <- if (is.null(cs$estimator)) "ML" else cs$estimator
  emp <- EMP
  pairing <- NULL
  if (!is.null(cs$emp)) {
    # unequal item counts: rank each factor's items by standardized loading in a CFA of the two factors,
    # pair the k = min(p, q) best rank by rank (ties in written order)
    m0 <- paste0("REL =~ ", paste(REL, collapse = " + "), "\nEMP =~ ", paste(cs$emp, collapse = " + "))
    ss <- standardizedSolution(cfa(m0, data = dat))
    rank_items <- function(f, items) {
      l <- sapply(items, function(v) ss$est.std[ss$lhs == f & ss$op == "=~" & ss$rhs == v])
      items[order(-l, seq_along(items))]
    }
    r_sorted <- rank_items("REL", REL); e_sorted <- rank_items("EMP", cs$emp)
    k <- min(length(r_sorted), length(e_sorted))
    rel_use <- r_sorted[1:k]; emp <- e_sorted[1:k]
    pairing <- list(REL = rel_use, EMP = emp)
    b <- build(cs$method, cs$pairs, rel = rel_use, emp = emp, emp_items = cs$emp)
  } else {
    b <- build(cs$method, cs$pairs)
  }
  fit <- sem(b$model, data = b$data, estimator = est)
  probe_fit <- fit
  diff_ms <- NULL
  if (cs$method == "rc") {
    # probe2WayRC needs a mean structure; with free indicator intercepts and latent means 0 the other
    # estimates are those of the fit without it
    probe_fit <- sem(b$model, data = b$data, estimator = est, meanstructure = TRUE)
    a <- parameterEstimates(fit); m <- parameterEstimates(probe_fit)
    m <- m[m$op != "~1", ]
    key <- function(x) paste(x$lhs, x$op, x$rhs)
    diff_ms <- max(abs(a$est - m$est[match(key(a), key(m))]))
    stopifnot(diff_ms < 1e-5)
  }
  pe <- parameterEstimates(fit, standardized = TRUE)
  pe <- pe[pe$op %in% c("=~", "~", "~~"), ]
  prod_cols <- b$data[, b$products, drop = FALSE]
  out[[nm]] <- list(
    method = cs$method, pairs = cs$pairs, estimator = est, model = b$model, products = b$products,
    pairing = pairing, meanstructure_max_diff = diff_ms,
    product_means = as.list(colMeans(prod_cols)), product_sd = as.list(apply(prod_cols, 2, sd)),
    product_head = lapply(b$products, function(v) prod_cols[1:5, v]),
    converged = lavInspect(fit, "converged"),
    fit = as.list(fitMeasures(fit, if (est == "MLR") c(fm_names, robust_names) else fm_names)),
    parameters = lapply(seq_len(nrow(pe)), function(i) list(
      lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i], est = pe$est[i],
      se = if (is.na(pe$se[i])) NULL else pe$se[i], std.all = pe$std.all[i])),
    simple_slopes = c(probe(probe_fit, cs$method, "REL", "EMP"), probe(probe_fit, cs$method, "EMP", "REL")))
  names(out[[nm]]$product_head) <- b$products
}
out$versions <- list(R = paste(R.version$major, R.version$minor, sep = "."),
                     lavaan = as.character(packageVersion("lavaan")),
                     semTools = as.character(packageVersion("semTools")))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null", pretty = TRUE),
           file.path(here, "sem_interaction.json"))
