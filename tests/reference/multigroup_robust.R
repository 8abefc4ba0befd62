# Reference values for tests/test_multigroup_robust.py: multi-group CFA/SEM by school on the
# Holzinger & Swineford (1939) data with MLR, FIML (missing = "ml"), FIML + MLR, strict invariance,
# partial invariance, score tests (lavTestScore) and scaled difference tests (lavTestLRT).
#
# Run from this folder:   Rscript multigroup_robust.R
# Needs R >= 4.2, lavaan 0.6-14, jsonlite; reads ../../../shared/reference/holzinger1939_missing.csv
# (20 MCAR holes per item, made by shared/reference/make_reference_extra.R) and lavaan's own
# HolzingerSwineford1939 (identical to shared/reference/holzinger1939.csv).
# Writes multigroup_robust.json next to this script.
suppressMessages({library(lavaan); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
shared <- normalizePath(file.path(here, "..", "..", "..", "shared", "reference"))

hs <- HolzingerSwineford1939
hm <- read.csv(file.path(shared, "holzinger1939_missing.csv"))
HS <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
# a structural model for the path comparison (compare_path)
SEM <- paste(HS, "speed ~ visual + textual", sep = "\n")
SEM_EQ <- paste(HS, "speed ~ c(b, b)*visual + textual", sep = "\n")

LEVELS <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
               strict = c("loadings", "intercepts", "residuals"))

num <- function(x) { x <- unclass(x); x[] <- lapply(x, as.numeric); x }

parameters <- function(fit) {
  pe <- parameterEstimates(fit, standardized = TRUE)
  if (is.null(pe$label)) pe$label <- ""
  pe[, c("lhs", "op", "rhs", "group", "label", "est", "se", "z", "pvalue", "std.all")]
}

one <- function(fit) {
  labels <- lavInspect(fit, "group.label")
  out <- list(
    fit_measures = as.list(num(fitMeasures(fit))),
    chisq_by_group = as.list(setNames(fit@test[[1]]$stat.group, labels)),
    nobs = as.list(setNames(unlist(lavInspect(fit, "nobs")), labels)),
    norig = as.list(setNames(unlist(lavInspect(fit, "norig")), labels)),
    parameters = parameters(fit))
  if (length(fit@test) > 1L) {
    out$chisq_scaled_by_group <- as.list(setNames(fit@test[[2]]$stat.group, labels))
    out$trace_ugamma <- fit@test[[2]]$trace.UGamma
  }
  out
}

lrt_table <- function(fits) {
  t <- suppressWarnings(do.call(lavTestLRT, c(unname(fits), list(model.names = names(fits)))))
  d <- as.data.frame(t)
  d$model <- rownames(d)
  d
}

# name the two parameters of each equality constraint ".p2. == .p38." as lhs/op/rhs/group
name_constraints <- function(fit, uni) {
  pt <- parTable(fit)
  side <- function(lab) {
    r <- pt[pt$plabel == lab, ][1, ]
    list(lhs = r$lhs, op = r$op, rhs = r$rhs, group = r$group)
  }
  rows <- lapply(seq_len(nrow(uni)), function(i) {
    a <- side(uni$lhs[i]); b <- side(uni$rhs[i])
    list(plabel.lhs = uni$lhs[i], plabel.rhs = uni$rhs[i], lhs = a$lhs, op = a$op, rhs = a$rhs,
         group.lhs = a$group, group.rhs = b$group, lhs.b = b$lhs, op.b = b$op, rhs.b = b$rhs,
         X2 = uni$X2[i], df = uni$df[i], p.value = uni$p.value[i])
  })
  rows
}

score <- function(fit) {
  s <- withCallingHandlers(lavTestScore(fit, epc = TRUE),
                           warning = function(w) { warned <<- conditionMessage(w); invokeRestart("muffleWarning") })
  epc <- as.data.frame(s$epc)
  epc <- epc[!is.na(epc$epc), c("lhs", "op", "rhs", "group", "est", "epc", "epv")]
  list(total = as.list(s$test[1, c("X2", "df", "p.value")]), uni = name_constraints(fit, s$uni), epc = epc)
}

setups <- list(
  ml = list(data = hs, args = list()),
  mlr = list(data = hs, args = list(estimator = "MLR")),
  fiml = list(data = hm, args = list(missing = "ml")),
  fiml_mlr = list(data = hm, args = list(missing = "ml", estimator = "MLR")))

out <- list(versions = list(R = paste(R.version$major, R.version$minor, sep = "."),
                            lavaan = as.character(packageVersion("lavaan")),
                            jsonlite = as.character(packageVersion("jsonlite"))),
            model = HS, group_labels = c("Pasteur", "Grant-White"),
            calls = list(level = "cfa(model, data, group = 'school', group.equal = LEVELS[[level]], ...)",
                         ml = "data = HolzingerSwineford1939", mlr = "estimator = 'MLR'",
                         fiml = "data = holzinger1939_missing.csv, missing = 'ml'",
                         fiml_mlr = "missing = 'ml', estimator = 'MLR'"))
for (nm in names(setups)) {
  s <- setups[[nm]]
  fits <- lapply(LEVELS, function(eq) do.call("cfa", c(list(model = HS, data = s$data, group = "school",
                                                          group.equal = eq), s$args)))
  block <- lapply(fits, one)
  block$lrt <- lrt_table(fits)
  warned <- ""
  block$score <- list(metric = score(fits$metric), scalar = score(fits$scalar), strict = score(fits$strict))
  block$score_warning <- warned
  # partial scalar invariance: two intercepts released (lavaan's group.partial)
  part <- do.call("cfa", c(list(model = HS, data = s$data, group = "school", group.equal = LEVELS$scalar,
                              group.partial = c("x3 ~ 1", "x7 ~ 1")), s$args))
  block$partial_scalar <- one(part)
  block$partial_scalar$lrt_vs_metric <- lrt_table(list(metric = fits$metric, partial = part))
  # one structural path across groups (metric invariance as the base)
  free <- do.call("sem", c(list(model = SEM, data = s$data, group = "school", group.equal = "loadings"), s$args))
  same <- do.call("sem", c(list(model = SEM_EQ, data = s$data, group = "school", group.equal = "loadings"), s$args))
  block$path <- list(path = "speed ~ visual", free = one(free), equal = one(same),
                     lrt = lrt_table(list(free = free, equal = same)))
  out[[nm]] <- block
}

# the release sequence a score-test search takes on the ML scalar model: at each step the constraint
# with the largest univariate X2 is released (group.partial) and the model refitted
steps <- list(); partial <- character(0)
for (k in 1:4) {
  fit <- cfa(HS, data = hs, group = "school", group.equal = LEVELS$scalar, group.partial = partial)
  uni <- name_constraints(fit, lavTestScore(fit)$uni)
  best <- uni[[which.max(sapply(uni, `[[`, "X2"))]]
  name <- if (best$op == "~1") paste(best$lhs, "~1") else paste(best$lhs, best$op, best$rhs)
  fm <- fitMeasures(fit, c("chisq", "df", "cfi", "rmsea", "srmr"))
  steps[[k]] <- list(partial = I(partial), fit_measures = as.list(num(fm)), release = name, X2 = best$X2)
  partial <- c(partial, if (best$op == "~1") paste(best$lhs, "~ 1") else name)
}
out$ml_release_sequence <- steps

# three groups (age: 12 and under, 13, 14 and over): constraints of group 1 against groups 2 and 3
age3 <- function(a) ifelse(a <= 12, "12-", ifelse(a == 13, "13", "14+"))
hs3 <- hs; hs3$age3 <- age3(hs3$ageyr)
hm3 <- hm; hm3$age3 <- age3(hs$ageyr[match(hm$id, hs$id)])
g3 <- function(eq, data = hs3, ...) cfa(HS, data = data, group = "age3", group.equal = eq, ...)
m3 <- g3("loadings"); s3 <- g3(c("loadings", "intercepts"))
r3 <- g3(c("loadings", "intercepts"), estimator = "MLR")
f3 <- g3(c("loadings", "intercepts"), data = hm3, missing = "ml", estimator = "MLR")
uni3 <- lavTestScore(m3)$uni
first <- which(uni3$lhs == uni3$lhs[1])                  # the G - 1 constraints of the first parameter
out$three_groups <- list(
  group = "age3 = 12- (ageyr <= 12), 13, 14+ (ageyr >= 14)", group_labels = lavInspect(m3, "group.label"),
  ml_metric = one(m3), ml_scalar = one(s3), mlr_scalar = one(r3), fiml_mlr_scalar = one(f3),
  lrt_mlr = lrt_table(list(metric = g3("loadings", estimator = "MLR"), scalar = r3)),
  score_metric = list(uni = name_constraints(m3, uni3),
                      joint_first = as.list(lavTestScore(m3, release = first, univariate = FALSE)$test[1, c("X2", "df", "p.value")])))

# listwise deletion on the data with holes (lavaan's default): rows used per group
lw <- cfa(HS, data = hm, group = "school", group.equal = "loadings")
out$listwise_metric <- one(lw)

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null"),
           file.path(here, "multigroup_robust.json"))
cat("wrote", file.path(here, "multigroup_robust.json"), "\n")
