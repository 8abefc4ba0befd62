# Reference for two groups of reported numbers that had only hand-formula checks:
#   * the item analysis of Cronbach's alpha (research.reliability.cronbach_alpha(...).items): the corrected
#     item-total correlation (psych::alpha's item.stats$r.drop) and alpha if the item is deleted
#     (alpha.drop$raw_alpha), with raw_alpha, std.alpha and average_r;
#   * the heteroscedasticity-consistent statistics of research.regression.regress: the HC3 and HC1 standard errors
#     (car::hccm) and the robust F test of all slopes (car::linearHypothesis(white.adjust = ...)).
# Run:  Rscript tests/reference/item_regression.R   (R >= 4.2, psych, car, jsonlite)
# Data: ../shared/reference/political_democracy.csv and holzinger1939.csv, tests/reference/ordinal_lsq5.csv.
# Writes tests/reference/item_regression.json.
suppressMessages({library(psych); library(car); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference"))
pd <- read.csv(file.path(shared, "political_democracy.csv"))
hs <- read.csv(file.path(shared, "holzinger1939.csv"))
lsq5 <- read.csv(file.path(here, "ordinal_lsq5.csv"))

item_entry <- function(name, file, data, items) {
  a <- psych::alpha(data[, items], warnings = FALSE)
  list(name = name, data = file, items = items, raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
       average_r = a$total$average_r, r_drop = unname(a$item.stats$r.drop),
       alpha_drop = unname(a$alpha.drop$raw_alpha))
}

reg_entry <- function(name, file, data, outcome, predictors) {
  fit <- lm(reformulate(predictors, outcome), data = data)
  hyp <- paste0(predictors, " = 0")
  robust <- lapply(c(HC3 = "hc3", HC1 = "hc1"), function(type) {
    lh <- linearHypothesis(fit, hyp, white.adjust = type)
    list(se = unname(sqrt(diag(hccm(fit, type = type)))), f = lh$F[2], p = lh$`Pr(>F)`[2])
  })
  list(name = name, data = file, outcome = outcome, predictors = predictors,
       terms = names(coef(fit)), b = unname(coef(fit)), robust = robust)
}

out <- list(
  provenance = list(R = R.version.string, psych = as.character(packageVersion("psych")),
                    car = as.character(packageVersion("car")), jsonlite = as.character(packageVersion("jsonlite")),
                    script = "tests/reference/item_regression.R"),
  alpha = list(item_entry("poldem_dem60", "political_democracy.csv", pd, paste0("y", 1:4)),
               item_entry("hs_speed", "holzinger1939.csv", hs, paste0("x", 7:9)),
               item_entry("lsq5_emp", "ordinal_lsq5.csv", lsq5, paste0("EMP", 1:4)),
               item_entry("lsq5_rel", "ordinal_lsq5.csv", lsq5, paste0("REL", 1:4))),
  regression = list(reg_entry("poldem_y5", "political_democracy.csv", pd, "y5", c("x1", "x2", "y1")),
                    reg_entry("hs_x9", "holzinger1939.csv", hs, "x9", c("x1", "x4", "x7", "x8")),
                    reg_entry("hs_x2", "holzinger1939.csv", hs, "x2", c("x5", "x8")),    # robust p = .02
                    reg_entry("lsq5_sat1", "ordinal_lsq5.csv", lsq5, "SAT1", c("ECO1", "RES1", "FLE1", "REL1",
                                                                                 "EMP1"))))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "item_regression.json"))
cat("done\n")
