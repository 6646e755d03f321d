# Times one R fit for benchmarks/bench_models_engines.py.
# Usage: Rscript bench.R MODEL DATA_DIR N REPEATS   (MODEL: lmer, glm, glmmTMB)
suppressPackageStartupMessages({library(lme4); library(glmmTMB); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
model <- args[1]; dir <- args[2]; n <- as.integer(args[3]); reps <- as.integer(args[4])
rd <- function(k, p = 1) {
  v <- readBin(file.path(dir, paste0(k, ".bin")), "double", n * p)
  if (p > 1) matrix(v, n, p) else v
}
d <- data.frame(rd("X", 8))
names(d) <- paste0("x", 0:7)
d$g <- factor(rd("g")); d$off <- rd("off"); d$hours <- rd("hours"); d$y <- rd("y")
rhs <- paste("0 +", paste0("x", 0:7, collapse = " + "))
fit <- switch(model,
  lmer = function() fixef(lmer(as.formula(paste("y ~", rhs, "+ (1 | g)")), data = d)),
  glm = function() coef(glm(as.formula(paste("hours ~", rhs)), family = Gamma(link = "log"),
                            offset = off, data = d)),
  glmmTMB = function() fixef(glmmTMB(as.formula(paste("hours ~", rhs, "+ (1 | g)")),
                                     family = Gamma(link = "log"), offset = off,
                                     data = d))$cond)
status <- function(f) {
  l <- grep(paste0("^", f, ":"), readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub("^[^:]*:", "", l)), " +")[[1]][1]) / 1024
}
times <- c(); peaks <- c()
for (i in seq_len(reps)) {
  invisible(gc())
  before <- status("VmRSS")
  writeLines("5", "/proc/self/clear_refs")
  t <- system.time(coef <- fit())[["elapsed"]]
  times <- c(times, t); peaks <- c(peaks, status("VmHWM") - before)
}
cat(toJSON(list(seconds = times, fit_mb = max(peaks), coef = unname(coef),
                version = as.character(packageVersion(if (model == "glm") "stats" else
                                                      if (model == "lmer") "lme4" else
                                                      "glmmTMB"))),
           digits = NA, auto_unbox = FALSE), "\n")
