# Reference fits for timestudy.stats, run by benchmarks/r_reference.py.
# Usage: Rscript reference.R DATA_DIR OUT.json
# Each data set is DATA_DIR/<name>.csv with columns y, y_count, hours, g, w, off, pos and x*.
suppressPackageStartupMessages({
  library(lme4); library(glmmTMB); library(jsonlite); library(statmod)
})
has <- function(p) requireNamespace(p, quietly = TRUE)
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]

tight_lmer <- lmerControl(optimizer = "nloptwrap", calc.derivs = FALSE,
  optCtrl = list(xtol_abs = 1e-14, ftol_abs = 1e-15, xtol_rel = 1e-14, ftol_rel = 1e-15,
                 maxeval = 100000))
tight_glmer <- glmerControl(optimizer = "nloptwrap", calc.derivs = TRUE,
  optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, ftol_rel = 1e-14,
                 maxeval = 100000))
tight_tmb <- glmmTMBControl(optCtrl = list(iter.max = 10000, eval.max = 10000,
                                           rel.tol = 1e-14, x.tol = 1e-12))

lmer_out <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  list(coef = unname(fixef(m)), se = unname(sqrt(diag(as.matrix(vcov(m))))),
       theta = unname(getME(m, "theta")), sigma = sigma(m),
       vcov_re = lapply(VarCorr(m), function(v) unname(as.matrix(v)))[[1]],
       loglik = as.numeric(logLik(m)), aic = AIC(m), singular = isSingular(m),
       ranef = unname(as.matrix(ranef(m)[[1]])))
}

fit_lmm <- function(d, form, reml, weights) {
  if (weights) lmer(form, data = d, REML = reml, weights = w, control = tight_lmer)
  else lmer(form, data = d, REML = reml, control = tight_lmer)
}

profile_ci <- function(m) {
  ci <- tryCatch(confint(m, method = "profile", oldNames = FALSE), error = function(e) NULL)
  if (is.null(ci)) return(NULL)
  list(sd_between = unname(ci[1, ]), sigma = unname(ci[2, ]))
}

glm_out <- function(m, d) {
  res <- list(coef = unname(coef(m)), se = unname(sqrt(diag(vcov(m)))),
              dispersion = summary(m)$dispersion, deviance = deviance(m))
  if (has("sandwich")) {
    res$se_hc1 <- unname(sqrt(diag(sandwich::vcovCL(m, cluster = ~g, type = "HC1"))))
    res$se_hc0 <- unname(sqrt(diag(sandwich::vcovCL(m, cluster = ~g, type = "HC0"))))
    res$se_hc2 <- unname(sqrt(diag(sandwich::vcovCL(m, cluster = ~g, type = "HC2"))))
  }
  if (has("clubSandwich")) {
    v2 <- clubSandwich::vcovCR(m, cluster = d$g, type = "CR2")
    ct <- clubSandwich::coef_test(m, vcov = v2, test = "Satterthwaite")
    res$se_cr2 <- unname(sqrt(diag(as.matrix(v2))))
    res$df_cr2 <- unname(ct$df_Satt)
  }
  res
}

tmb_out <- function(m) {
  s <- summary(m)$coefficients$cond
  list(coef = unname(s[, 1]), se = unname(s[, 2]),
       sd_re = unname(attr(VarCorr(m)$cond[[1]], "stddev")),
       sigma = sigma(m), betad = unname(fixef(m)$disp), loglik = as.numeric(logLik(m)),
       power = if (family(m)$family == "tweedie") unname(plogis(m$fit$par["psi"]) + 1)
               else NULL)
}

glmer_out <- function(m) {
  list(coef = unname(fixef(m)), se = unname(sqrt(diag(as.matrix(vcov(m))))),
       sd_re = unname(attr(VarCorr(m)[[1]], "stddev")), loglik = as.numeric(logLik(m)))
}

xterms <- function(d) paste(grep("^x", names(d), value = TRUE), collapse = " + ")

one <- function(name) {
  d <- read.csv(file.path(dir, paste0(name, ".csv")))
  d$g <- factor(d$g)
  rhs <- xterms(d)
  weighted <- any(abs(d$w - 1) > 0)
  res <- list()
  fl <- as.formula(paste("y ~ 0 +", rhs, "+ (1 | g)"))
  for (reml in c(TRUE, FALSE)) {
    m <- fit_lmm(d, fl, reml, weighted)
    key <- if (reml) "lmer_reml" else "lmer_ml"
    res[[key]] <- lmer_out(m)
    res[[key]]$profile <- profile_ci(m)
    if (has("lmerTest")) {
      mt <- lmerTest::as_lmerModLmerTest(m)
      res[[key]]$df_satterthwaite <- unname(summary(mt)$coefficients[, "df"])
    }
  }
  if ("z1" %in% names(d)) {
    fs <- as.formula(paste("y ~ 0 +", rhs, "+ (0 + x0 + z1 | g)"))
    for (reml in c(TRUE, FALSE)) {
      m <- fit_lmm(d, fs, reml, weighted)
      res[[if (reml) "lmer_slopes_reml" else "lmer_slopes_ml"]] <- lmer_out(m)
    }
  }
  dp <- droplevels(d[d$pos == 1, ])
  fg <- as.formula(paste("hours ~ 0 +", rhs))
  mg <- glm(fg, family = Gamma(link = "log"), data = dp, weights = w, offset = off,
            control = glm.control(epsilon = 1e-14, maxit = 200))
  res$glm_gamma <- glm_out(mg, dp)
  mt <- glm(fg, family = statmod::tweedie(var.power = 1.5, link.power = 0), data = d, weights = w,
            offset = off, control = glm.control(epsilon = 1e-14, maxit = 200))
  res$glm_tweedie15 <- glm_out(mt, d)
  mp <- glmmTMB(fg, family = glmmTMB::tweedie(link = "log"), data = d, offset = off,
                control = tight_tmb)
  res$tweedie_power_ml <- tmb_out(mp)
  fgm <- as.formula(paste("hours ~ 0 +", rhs, "+ (1 | g)"))
  mm <- glmmTMB(fgm, family = Gamma(link = "log"), data = dp, offset = off,
                weights = if (weighted) w else NULL, control = tight_tmb)
  res$glmm_gamma <- tmb_out(mm)
  mt2 <- glmmTMB(fgm, family = glmmTMB::tweedie(link = "log"), data = d, offset = off,
                 start = list(psi = qlogis(0.5)), map = list(psi = factor(NA)),
                 control = tight_tmb)
  res$glmm_tweedie15 <- tmb_out(mt2)
  if (name == "panel") {  # the power estimated too (one data set: slow in Python's tests)
    mt3 <- glmmTMB(fgm, family = glmmTMB::tweedie(link = "log"), data = d, offset = off,
                   control = tight_tmb)
    res$glmm_tweedie_power <- tmb_out(mt3)
  }
  fc <- as.formula(paste("y_count ~ 0 +", rhs, "+ (1 | g)"))
  for (q in c(1, 9)) {
    mc <- glmer(fc, family = poisson, data = d, offset = off, nAGQ = q, control = tight_glmer)
    res[[paste0("glmer_poisson_agq", q)]] <- glmer_out(mc)
  }
  res
}

names <- sub("\\.csv$", "", list.files(dir, pattern = "\\.csv$"))
all <- lapply(names, one)
names(all) <- names
all$versions <- list(R = R.version.string, lme4 = as.character(packageVersion("lme4")),
                     glmmTMB = as.character(packageVersion("glmmTMB")),
                     sandwich = if (has("sandwich")) as.character(packageVersion("sandwich")),
                     clubSandwich = if (has("clubSandwich"))
                       as.character(packageVersion("clubSandwich")))
writeLines(toJSON(all, digits = NA, auto_unbox = TRUE, null = "null"), out)
