# HTMT and HTMT2 of ordered items (semTools::htmt with ordered =): the heterotrait–monotrait ratios computed on
# the polychoric correlations, as research.analyze reports them under WLSMV (validity.htmt_basis "polychoric").
# Needs R >= 4.2, lavaan 0.6-14, semTools 0.5-6, jsonlite.  Run: Rscript tests/reference/htmt_ordinal.R
# Reads tests/reference/ordinal_lsq5.csv (written by ordinal.R: the 365 complete responses of the bundled sample)
# and writes tests/reference/htmt_ordinal.json.
suppressMessages({library(lavaan); library(semTools); library(jsonlite)})

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

DIMS <- c("ECO", "RES", "FLE", "REL", "EMP")
ITEMS <- lapply(setNames(DIMS, DIMS), function(f) paste0(f, 1:4))
model <- paste(sprintf("%s =~ %s", DIMS, sapply(ITEMS, paste, collapse = " + ")), collapse = "\n")
data <- read.csv(file.path(here, "ordinal_lsq5.csv"))
items <- unlist(ITEMS, use.names = FALSE)

as_list <- function(m) lapply(setNames(rownames(m), rownames(m)), function(r) as.list(m[r, ]))
htmt1 <- htmt(model, data = data, ordered = items, htmt2 = FALSE)
htmt2 <- htmt(model, data = data, ordered = items, htmt2 = TRUE)
polychoric <- lavCor(data[, items], ordered = items)

out <- list(versions = list(R = as.character(getRversion()), lavaan = as.character(packageVersion("lavaan")),
                            semTools = as.character(packageVersion("semTools"))),
            data = "ordinal_lsq5.csv", n = nrow(data), model = model, ordered = items,
            call = "semTools::htmt(model, data, ordered = items, htmt2 = FALSE / TRUE)",
            htmt = as_list(unclass(htmt1)), htmt2 = as_list(unclass(htmt2)),
            polychoric_eco1_rel1 = polychoric["ECO1", "REL1"])
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = FALSE), file.path(here, "htmt_ordinal.json"))
