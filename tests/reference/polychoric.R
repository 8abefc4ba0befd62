# Reference values for tests/test_polychoric.py: thresholds, polychoric / polyserial / Pearson correlations
# (lavaan's two-step estimates), and the WLSMV sample statistics (wls.obs, the DWLS weight diagonal and
# Gamma = NACOV, Muthen 1984) that research.sem.ordinal_stats computes.
#
# Run from this folder:   Rscript polychoric.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite.  Reads ../../datasets/lsq5_sample.csv; writes the simulated
# data sets polychoric_mixed.csv, polychoric_sparse.csv, polychoric_missing.csv (read back, so R and Python
# use the same numbers) and polychoric.json.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
lsq5 <- read.csv(file.path(here, "..", "..", "datasets", "lsq5_sample.csv"))
ITEMS <- c(paste0("ECO", 1:4), paste0("RES", 1:4), paste0("FLE", 1:4), paste0("REL", 1:4), paste0("EMP", 1:4),
           paste0("SAT", 1:3), paste0("LOY", 1:4))

mat <- function(m) unname(lapply(seq_len(nrow(m)), function(i) as.numeric(m[i, ])))
cor_entry <- function(x, ordered, missing = "listwise") {
  fit <- lavCor(x, ordered = ordered, missing = missing, output = "fit")
  out <- list(names = names(x), ordered = if (isTRUE(ordered)) names(x) else ordered, missing = missing,
              n = lavInspect(fit, "nobs"),
              cor = mat(lavCor(fit, output = "cor")),
              th = as.numeric(lavInspect(fit, "sampstat")$th),
              th_names = names(lavInspect(fit, "sampstat")$th),
              th_idx = as.integer(lavInspect(fit, "th.idx")))
  out
}
wlsmv_entry <- function(name, data, syntax, ordered, missing = "listwise", group = NULL, gamma = TRUE) {
  fit <- if (is.null(group)) {
    cfa(syntax, data = data, ordered = ordered, estimator = "WLSMV", missing = missing)
  } else {
    cfa(syntax, data = data, ordered = ordered, estimator = "WLSMV", missing = missing, group = group)
  }
  ng <- lavInspect(fit, "ngroups")
  one <- function(x) if (ng == 1L) list(x) else x
  ss <- one(lavInspect(fit, "sampstat"))
  wo <- one(lavInspect(fit, "wls.obs"))
  wv <- one(lavInspect(fit, "wls.v"))
  ga <- one(lavInspect(fit, "gamma"))
  ti <- one(lavInspect(fit, "th.idx"))
  nobs <- lavInspect(fit, "nobs")
  groups <- lapply(seq_len(ng), function(g) {
    s <- ss[[g]]
    list(n = nobs[g],
         names = rownames(s$cov),
         th = as.numeric(s$th), th_names = names(s$th), th_idx = as.integer(ti[[g]]),
         cov = mat(s$cov),
         mean = if (is.null(s$mean)) NULL else as.numeric(s$mean),
         var = if (is.null(s$var)) NULL else as.numeric(s$var),
         wls_obs = as.numeric(wo[[g]]), wls_obs_names = names(wo[[g]]),
         wls_v_diag = as.numeric(diag(wv[[g]])),
         gamma = if (gamma) mat(ga[[g]]) else NULL,
         zero_cells = {z <- fit@SampleStats@zero.cell.tables[[g]]
                       unname(lapply(seq_len(nrow(z)), function(i) as.character(z[i, ])))})
  })
  list(name = name, syntax = syntax, ordered = ordered, missing = missing, group = group,
       group_labels = lavInspect(fit, "group.label"), groups = groups)
}

set.seed(20261206)
out <- list(lavaan = as.character(packageVersion("lavaan")), R = R.version.string)

# 1. every item of the standard study, ordered (27 five-point items, listwise)
items <- lsq5[, ITEMS]
out$lsq5_items <- cor_entry(items, TRUE)

# 2. a small WLSMV CFA on lsq5 items: Gamma, wls.obs, wls.v, sampstat
out$lsq5_cfa <- wlsmv_entry("lsq5_cfa", lsq5,
  "ECO =~ ECO1 + ECO2 + ECO3 + ECO4\nSAT =~ SAT1 + SAT2 + SAT3", c(paste0("ECO", 1:4), paste0("SAT", 1:3)))

# 3. mixed ordered / continuous (polyserial and Pearson), one 3-category item, one binary item,
#    one item whose category 2 is never chosen (lavaan recodes the observed levels 1..K)
N <- 300
f <- rnorm(N)
cut5 <- function(x, th) as.integer(cut(x, c(-Inf, th, Inf)))
mixed <- data.frame(
  Y1 = cut5(0.8 * f + rnorm(N, sd = 0.6), c(-1.5, -0.6, 0.3, 1.2)),
  Y2 = cut5(0.7 * f + rnorm(N, sd = 0.7), c(-1.0, 0.4, 1.4, 2.0)),
  Y3 = cut5(0.6 * f + rnorm(N, sd = 0.8), c(-0.5, 0.7)),
  Y4 = cut5(0.7 * f + rnorm(N, sd = 0.7), c(0.2)),
  C1 = round(3 + 0.9 * f + rnorm(N, sd = 0.5), 4),
  C2 = round(10 + 2 * (0.7 * f + rnorm(N, sd = 0.7)), 4))
y5 <- cut5(0.75 * f + rnorm(N, sd = 0.65), c(-1.2, -0.9, 0.3, 1.1))
y5[y5 == 2] <- 3L                                                     # category 2 seen by nobody
mixed$Y5 <- y5
write.csv(mixed, file.path(here, "polychoric_mixed.csv"), row.names = FALSE)
mixed <- read.csv(file.path(here, "polychoric_mixed.csv"))
out$mixed_cor <- cor_entry(mixed, c("Y1", "Y2", "Y3", "Y4", "Y5"))
out$mixed_cfa <- wlsmv_entry("mixed_cfa", mixed, "F =~ Y1 + Y2 + Y3 + Y4 + Y5 + C1 + C2",
                             c("Y1", "Y2", "Y3", "Y4", "Y5"))

# 4. empty cells: binary items with one empty 2x2 cell, a 2x2 with two empty cells, sparse 4-point items
M <- 60
g <- rnorm(M)
sparse <- data.frame(
  B1 = as.integer(g + rnorm(M, sd = 0.6) > -0.3) + 1L,
  B2 = as.integer(0.9 * g + rnorm(M, sd = 0.3) > 0.5) + 1L,
  P1 = cut5(g + rnorm(M, sd = 0.4), c(-1.3, 0, 1.1)),
  P2 = cut5(g + rnorm(M, sd = 0.4), c(-1.0, 0.2, 1.4)),
  P3 = cut5(0.5 * g + rnorm(M, sd = 0.8), c(-0.8, 0.5, 1.0)))
sparse$B3 <- sparse$B1                                  # B1 x B3: two empty cells (rho = 1)
# force exactly one empty cell in B1 x B2: nobody with B1 = 1 and B2 = 2
sparse$B2[sparse$B1 == 1L] <- 1L
write.csv(sparse, file.path(here, "polychoric_sparse.csv"), row.names = FALSE)
sparse <- read.csv(file.path(here, "polychoric_sparse.csv"))
out$sparse_freq <- list(B1B2 = mat(table(sparse$B1, sparse$B2)), P1P2 = mat(table(sparse$P1, sparse$P2)))
out$sparse_cor <- suppressWarnings(cor_entry(sparse, TRUE))
out$sparse_cfa <- wlsmv_entry("sparse_cfa", sparse[, c("B1", "B2", "P1", "P2", "P3")],
                              "F =~ B1 + B2 + P1 + P2 + P3", c("B1", "B2", "P1", "P2", "P3"))

# 5. pairwise missing: 7 lsq5 items and two continuous variables, each with 25 holes
miss <- lsq5[1:400, c(paste0("RES", 1:4), paste0("LOY", 1:3))]
miss <- miss[complete.cases(miss), ]
miss$D <- round(as.numeric(scale(lsq5$duration[as.integer(rownames(miss))])), 4)
miss$E <- round(0.5 * (miss$LOY1 + miss$LOY2) + rnorm(nrow(miss)), 4)   # a second continuous variable
for (v in names(miss)) miss[sample(nrow(miss), 25), v] <- NA
write.csv(miss, file.path(here, "polychoric_missing.csv"), row.names = FALSE)
miss <- read.csv(file.path(here, "polychoric_missing.csv"))
out$missing_cor <- cor_entry(miss[, 1:7], TRUE, missing = "pairwise")
out$missing_cfa <- wlsmv_entry("missing_cfa", miss,
  "RES =~ RES1 + RES2 + RES3 + RES4\nLOY =~ LOY1 + LOY2 + LOY3 + D + E", c(paste0("RES", 1:4), paste0("LOY", 1:3)),
  missing = "pairwise")

# 6. two groups (GENDER 1 / 2): thresholds and Gamma per group
two <- lsq5[lsq5$GENDER %in% c(1, 2), c("GENDER", paste0("SAT", 1:3), paste0("LOY", 1:3))]
out$group_cfa <- wlsmv_entry("group_cfa", two, "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3",
                             c(paste0("SAT", 1:3), paste0("LOY", 1:3)), group = "GENDER")

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, null = "null", na = "null", pretty = FALSE),
           file.path(here, "polychoric.json"))
