# Reference for the bootstrap under FIML (the default of `research analyze` whenever answers are missing) and
# for omega/AVE of a FIML fit:
#   * Bollen's political-democracy SEM with a labelled indirect effect, fitted by FIML (missing = "ml") to a copy
#     of political_democracy.csv with 8 % of each column's values deleted at random (written here as
#     poldem_missing.csv, seed below; no row loses every value);
#   * lavaan 0.6-14 bootstrapLavaan(keep.idx = TRUE) after set.seed(1234), 120 resamples: the rows of each
#     resample and, per resample, every parameterEstimates row's estimate and standardizedSolution's est.std
#     (the standardized draws our std.ci columns come from);
#     (the intervals follow from the draws by the code tests/test_bootstrap.py checks against lavaan's own);
#   * semTools::compRelSEM of the FIML measurement model (obs.var = TRUE: the EM estimate of the items'
#     covariance matrix is the "observed" one), and CR and AVE by Fornell & Larcker's formulas on its std.all.
# Run:  Rscript tests/reference/fiml_bootstrap.R   (R >= 4.2, lavaan 0.6-14, semTools 0.5-6, jsonlite)
# Writes tests/reference/fiml_bootstrap.json and tests/reference/poldem_missing.csv.
suppressMessages({library(lavaan); library(semTools); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference"))
full <- read.csv(file.path(shared, "political_democracy.csv"))

set.seed(20261207)
data <- full
for (v in names(data)) data[sample.int(nrow(data), round(0.08 * nrow(data))), v] <- NA
stopifnot(all(rowSums(!is.na(data)) > 0))
write.csv(data, file.path(here, "poldem_missing.csv"), row.names = FALSE, na = "")

MEASUREMENT <- paste("ind60 =~ x1 + x2 + x3", "dem60 =~ y1 + y2 + y3 + y4", "dem65 =~ y5 + y6 + y7 + y8",
                     "y1 ~~ y5", "y2 ~~ y4 + y6", "y3 ~~ y7", "y4 ~~ y8", "y6 ~~ y8", sep = "\n")
MODEL <- paste(MEASUREMENT, "dem60 ~ a*ind60", "dem65 ~ c*ind60 + b*dem60", "indirect := a*b",
               "total := c + a*b", sep = "\n")
B <- 120L

fit <- sem(MODEL, data = data, missing = "ml")
pe <- parameterEstimates(fit)
draw <- function(f) c(parameterEstimates(f)$est, standardizedSolution(f)$est.std)
set.seed(1234)
boot <- bootstrapLavaan(fit, R = B, FUN = draw, keep.idx = TRUE)
cfa_fit <- cfa(MEASUREMENT, data = data, missing = "ml")
omega <- compRelSEM(cfa_fit)
ss <- standardizedSolution(cfa_fit)
ss <- ss[ss$op == "=~", ]
lam <- split(ss$est.std, ss$lhs)                  # CR and AVE as Fornell & Larcker (1981) on std.all
cr <- sapply(lam, function(l) sum(l)^2 / (sum(l)^2 + sum(1 - l^2)))
ave <- sapply(lam, function(l) mean(l^2))

out <- list(
  provenance = list(R = R.version.string, lavaan = as.character(packageVersion("lavaan")),
                    semTools = as.character(packageVersion("semTools")),
                    jsonlite = as.character(packageVersion("jsonlite")), script = "tests/reference/fiml_bootstrap.R"),
  data = "poldem_missing.csv", syntax = MODEL, measurement = MEASUREMENT, seed = 1234L, n_boot = B,
  rows = lapply(seq_len(nrow(pe)), function(i) list(lhs = pe$lhs[i], op = pe$op[i], rhs = pe$rhs[i])),
  idx = unname(lapply(seq_len(B), function(r) attr(boot, "boot.idx")[[1]][r, ])),
  error_idx = as.integer(attr(boot, "error.idx")), nonadmissible = as.integer(attr(boot, "nonadmissible")),
  draws = unname(lapply(seq_len(B), function(r) unname(boot[r, ]))),
  omega = as.list(omega), cr = as.list(cr), ave = as.list(ave))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA), file.path(here, "fiml_bootstrap.json"))
cat("done\n")
