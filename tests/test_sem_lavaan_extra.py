r"""More lavaan 0.6-14 references: lavaan's defaults beyond the two shared models.

The numbers below were produced with R 4.2.2 and lavaan 0.6-14 (Debian
bookworm's r-cran-lavaan 0.6.14-1, the versions of ../shared/reference) on
``HolzingerSwineford1939`` (identical to ../shared/reference/holzinger1939.csv)
by this script (parameter values rounded to 10 significant digits)::

    suppressPackageStartupMessages({library(lavaan); library(jsonlite)})
    hs <- HolzingerSwineford1939
    models <- list(
      fixed_x = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nvisual ~ ageyr + grade\ntextual ~ visual + ageyr",
      observed_outcomes = "v =~ x1 + x2 + x3\nt =~ x4 + x5 + x6\nx7 ~ v + t\nx9 ~ t",
      free_first_equal = "visual =~ NA*x1 + l1*x2 + l1*x3\nvisual ~~ 1*visual\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nx7 ~~ x8",
      second_order = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\ng =~ visual + textual + speed",
      single_indicator = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\ns =~ x7\ns ~ p1*visual + p2*textual\ndiff := p1 - p2\nratio := p1/(p2 + 1)"
    )
    fm_names <- c("npar","chisq","df","pvalue","baseline.chisq","baseline.df","cfi","tli","nfi","rfi","ifi","rni","rmsea","rmsea.ci.lower","rmsea.ci.upper","rmsea.pvalue","srmr","gfi","agfi","aic","bic","bic2","logl","unrestricted.logl","ntotal")
    out <- list()
    for (nm in names(models)) {
      fit <- sem(models[[nm]], data = hs)
      pe <- parameterEstimates(fit, standardized = TRUE)
      out[[nm]] <- list(
        model = models[[nm]],
        fit = as.list(fitMeasures(fit, fm_names)),
        parameters = lapply(seq_len(nrow(pe)), function(i) list(lhs=pe$lhs[i], op=pe$op[i], rhs=pe$rhs[i], est=signif(pe$est[i],10), se=signif(pe$se[i],10), std.all=signif(pe$std.all[i],10))),
        r2 = as.list(signif(lavInspect(fit, "r2"),10))
      )
    }
    writeLines(toJSON(out, auto_unbox=TRUE, digits=NA, na="null"), "extra.json")

and, for the second batch (values rounded to 10 significant digits in Python)::

    suppressPackageStartupMessages({library(lavaan); library(jsonlite)})
    hs <- HolzingerSwineford1939
    models <- list(
      path = "x4 ~ a*x1 + x2\nx5 ~ b*x4 + x1\nab := a*b",
      random_x = "visual =~ x1 + x2 + x3\nvisual ~ x7 + x8\nx7 ~~ x8",
      orth = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nvisual ~~ 0*speed"
    )
    fm_names <- c("npar","chisq","df","pvalue","baseline.chisq","baseline.df","cfi","tli","rmsea","rmsea.ci.lower","rmsea.ci.upper","srmr","gfi","agfi","aic","bic","logl","unrestricted.logl","ntotal")
    out <- list()
    for (nm in names(models)) {
      fit <- sem(models[[nm]], data = hs)
      pe <- parameterEstimates(fit, standardized = TRUE)
      out[[nm]] <- list(model = models[[nm]], fit = as.list(fitMeasures(fit, fm_names)),
        parameters = lapply(seq_len(nrow(pe)), function(i) list(lhs=pe$lhs[i], op=pe$op[i], rhs=pe$rhs[i], est=pe$est[i], se=pe$se[i], std.all=pe$std.all[i])),
        r2 = as.list(lavInspect(fit, "r2")))
    }
    writeLines(toJSON(out, auto_unbox=TRUE, digits=NA, na="null"), "extra2.json")

Each model exercises a lavaan convention:

* ``fixed_x``: exogenous observed covariates (fixed.x: their variances and
  covariance fixed at the sample values and not counted in npar; logl
  conditional on them; GFI weight without their moments); ``grade`` has one
  missing value, so N = 300 after listwise deletion.
* ``observed_outcomes``: observed outcomes of latent predictors; their
  residuals are correlated by default (auto.cov.y).
* ``free_first_equal``: ``NA*`` frees the first loading, ``1*`` fixes the
  factor variance, a shared label makes two loadings equal, a residual
  covariance.
* ``second_order``: a factor measured by factors.
* ``single_indicator``: a one-indicator factor (residual variance fixed to 0),
  labelled paths and ``:=`` with subtraction and division.
* ``path``: a path model of observed variables only (fixed.x) with an indirect effect.
* ``random_x``: a ``~~`` between two covariates makes them random (lavaan warns too).
* ``orth``: a user-fixed zero covariance between two factors.

Tolerances are the shared README's (1e-3), checked here at 1e-5.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from research.sem import fit_sem

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
TIGHT = 1e-5
RELATIVE = {"chisq", "baseline.chisq", "logl", "unrestricted.logl", "aic", "bic", "bic2", "npar", "ntotal",
            "df", "baseline.df"}

LAVAAN = {'fixed_x': {'model': 'visual =~ x1 + x2 + x3\n'
                      'textual =~ x4 + x5 + x6\n'
                      'visual ~ ageyr + grade\n'
                      'textual ~ visual + ageyr',
             'fit': {'npar': 16.0,
                     'chisq': 52.27899948,
                     'df': 17.0,
                     'pvalue': 1.857768173e-05,
                     'baseline.chisq': 739.5632086,
                     'baseline.df': 27.0,
                     'cfi': 0.950490007,
                     'tli': 0.9213664817,
                     'nfi': 0.9293109786,
                     'rfi': 0.8877292013,
                     'ifi': 0.9511752065,
                     'rni': 0.950490007,
                     'rmsea': 0.08317121424,
                     'rmsea.ci.lower': 0.05809094184,
                     'rmsea.ci.upper': 0.1093348362,
                     'rmsea.pvalue': 0.0166985044,
                     'srmr': 0.06031783787,
                     'gfi': 0.9438437114,
                     'agfi': 0.8810808007,
                     'aic': 5013.100398,
                     'bic': 5072.360918,
                     'bic2': 5021.618369,
                     'logl': -2490.550199,
                     'unrestricted.logl': -2464.410699,
                     'ntotal': 300.0},
             'parameters': [('visual', '=~', 'x1', 1, 0, 0.7397088635),
                            ('visual', '=~', 'x2', 0.6072150361, 0.106010014, 0.4451465888),
                            ('visual', '=~', 'x3', 0.729604649, 0.1108283539, 0.5577647909),
                            ('textual', '=~', 'x4', 1, 0, 0.8537488932),
                            ('textual', '=~', 'x5', 1.108211119, 0.06477657651, 0.8548142153),
                            ('textual', '=~', 'x6', 0.9200020315, 0.05501538137, 0.8352575539),
                            ('visual', '~', 'ageyr', -0.2161883181, 0.06555274577, -0.2630779027),
                            ('visual', '~', 'grade', 0.7538811059, 0.1395662314, 0.4362148183),
                            ('textual', '~', 'visual', 0.5833328378, 0.09747016695, 0.5068572751),
                            ('textual', '~', 'ageyr', -0.2029976635, 0.05379693097, -0.2146408832),
                            ('x1', '~~', 'x1', 0.6166125784, 0.1072487383, 0.4528307972),
                            ('x2', '~~', 'x2', 1.111647682, 0.1019665192, 0.8018445145),
                            ('x3', '~~', 'x3', 0.8782663893, 0.09109057446, 0.688898438),
                            ('x4', '~~', 'x4', 0.3670703527, 0.04733830829, 0.2711128273),
                            ('x5', '~~', 'x5', 0.4466687789, 0.05791098651, 0.2692926573),
                            ('x6', '~~', 'x6', 0.3619918806, 0.04300720569, 0.3023448186),
                            ('visual', '~~', 'visual', 0.6391712854, 0.1226104432, 0.8578654691),
                            ('textual', '~~', 'textual', 0.6792772411, 0.08952006611, 0.6883154431),
                            ('ageyr', '~~', 'ageyr', 1.103322222, 0, 1),
                            ('ageyr', '~~', 'grade', 0.2682555556, 0, 0.5113296212),
                            ('grade', '~~', 'grade', 0.2494555556, 0, 1)],
             'r2': {'x1': 0.5471692028,
                    'x2': 0.1981554855,
                    'x3': 0.311101562,
                    'x4': 0.7288871727,
                    'x5': 0.7307073427,
                    'x6': 0.6976551814,
                    'visual': 0.1421345309,
                    'textual': 0.3116845569}},
 'observed_outcomes': {'model': 'v =~ x1 + x2 + x3\nt =~ x4 + x5 + x6\nx7 ~ v + t\nx9 ~ t',
                       'fit': {'npar': 19.0,
                               'chisq': 81.97948683,
                               'df': 17.0,
                               'pvalue': 1.703366337e-10,
                               'baseline.chisq': 791.1830538,
                               'baseline.df': 28.0,
                               'cfi': 0.9148572724,
                               'tli': 0.8597649193,
                               'nfi': 0.8963836669,
                               'rfi': 0.8293378043,
                               'ifi': 0.9160670251,
                               'rni': 0.9148572724,
                               'rmsea': 0.1126887159,
                               'rmsea.ci.lower': 0.08891849093,
                               'rmsea.ci.upper': 0.1377079769,
                               'rmsea.pvalue': 1.814455484e-05,
                               'srmr': 0.08459031138,
                               'gfi': 0.9392619389,
                               'agfi': 0.8713782235,
                               'aic': 6777.086209,
                               'bic': 6847.521304,
                               'bic2': 6787.26411,
                               'logl': -3369.543105,
                               'unrestricted.logl': -3328.553361,
                               'ntotal': 301.0},
                       'parameters': [('v', '=~', 'x1', 1, 0, 0.7682664557),
                                      ('v', '=~', 'x2', 0.5851046606, 0.1050462252, 0.4456916437),
                                      ('v', '=~', 'x3', 0.7164325995, 0.1138953555, 0.568151513),
                                      ('t', '=~', 'x4', 1, 0, 0.8527989531),
                                      ('t', '=~', 'x5', 1.106837197, 0.06509824372, 0.8514872061),
                                      ('t', '=~', 'x6', 0.9240741832, 0.05524003664, 0.8373298799),
                                      ('x7', '~', 'v', -0.244379037, 0.09989071447, -0.1976114081),
                                      ('x7', '~', 't', 0.2832438637, 0.0818697891, 0.2535175506),
                                      ('x9', '~', 't', 0.2795902514, 0.06093387049, 0.2750480773),
                                      ('x1', '~~', 'x1', 0.5566151347, 0.1201536965, 0.409766653),
                                      ('x2', '~~', 'x2', 1.107305276, 0.1017149878, 0.8013589587),
                                      ('x3', '~~', 'x3', 0.8633440653, 0.09290335735, 0.6772038583),
                                      ('x4', '~~', 'x4', 0.3683722718, 0.04742994472, 0.2727339456),
                                      ('x5', '~~', 'x5', 0.4563907944, 0.05838592663, 0.2749695378),
                                      ('x6', '~~', 'x6', 0.3575662132, 0.04294113512, 0.2988786723),
                                      ('x7', '~~', 'x7', 1.158072412, 0.09696879824, 0.9444733371),
                                      ('x9', '~~', 'x9', 0.9382177461, 0.07727881901, 0.9243485552),
                                      ('v', '~~', 'v', 0.8017558568, 0.1502663418, 1),
                                      ('t', '~~', 't', 0.9822930111, 0.1121065343, 1),
                                      ('v', '~~', 't', 0.4233229274, 0.07434002807, 0.477012976),
                                      ('x7', '~~', 'x9', 0.3778397361, 0.06489640808, 0.3624832556)],
                       'r2': {'x1': 0.590233347,
                              'x2': 0.1986410413,
                              'x3': 0.3227961417,
                              'x4': 0.7272660544,
                              'x5': 0.7250304622,
                              'x6': 0.7011213277,
                              'x7': 0.05552666295,
                              'x9': 0.07565144484}},
 'free_first_equal': {'model': 'visual =~ NA*x1 + l1*x2 + l1*x3\n'
                               'visual ~~ 1*visual\n'
                               'textual =~ x4 + x5 + x6\n'
                               'speed =~ x7 + x8 + x9\n'
                               'x7 ~~ x8',
                      'fit': {'npar': 21.0,
                              'chisq': 55.91665518,
                              'df': 24.0,
                              'pvalue': 0.0002352303349,
                              'baseline.chisq': 918.8515893,
                              'baseline.df': 36.0,
                              'cfi': 0.9638482214,
                              'tli': 0.9457723321,
                              'nfi': 0.9391450634,
                              'rfi': 0.9087175952,
                              'ifi': 0.9643330184,
                              'rni': 0.9638482214,
                              'rmsea': 0.06646910287,
                              'rmsea.ci.lower': 0.04380820274,
                              'rmsea.ci.upper': 0.08935355867,
                              'rmsea.pvalue': 0.1090057819,
                              'srmr': 0.05079920768,
                              'gfi': 0.9627169254,
                              'agfi': 0.9300942352,
                              'aic': 7488.100987,
                              'bic': 7565.950302,
                              'bic2': 7499.350245,
                              'logl': -3723.050493,
                              'unrestricted.logl': -3695.092166,
                              'ntotal': 301.0},
                      'parameters': [('visual', '=~', 'x1', 0.8837333407, 0.07643315979, 0.7582498054),
                                     ('visual', '=~', 'x2', 0.5940757373, 0.05510537056, 0.4924665097),
                                     ('visual', '=~', 'x3', 0.5940757373, 0.05510537056, 0.5384520059),
                                     ('visual', '~~', 'visual', 1, 0, 1),
                                     ('textual', '=~', 'x4', 1, 0, 0.851082022),
                                     ('textual', '=~', 'x5', 1.114980985, 0.06551310714, 0.8560253241),
                                     ('textual', '=~', 'x6', 0.9262053065, 0.05551405384, 0.8375713556),
                                     ('speed', '=~', 'x7', 1, 0, 0.3505877673),
                                     ('speed', '=~', 'x8', 1.242438538, 0.1935968908, 0.4686704906),
                                     ('speed', '=~', 'x9', 2.539558041, 0.6551087901, 0.961255182),
                                     ('x7', '~~', 'x8', 0.3545668872, 0.06757912874, 0.389756275),
                                     ('x1', '~~', 'x1', 0.5773847053, 0.1020788702, 0.4250572327),
                                     ('x2', '~~', 'x2', 1.10229929, 0.1008108471, 0.7574767368),
                                     ('x3', '~~', 'x3', 0.8643516259, 0.0825649383, 0.7100694373),
                                     ('x4', '~~', 'x4', 0.3723234366, 0.04776305271, 0.2756593918),
                                     ('x5', '~~', 'x5', 0.4435290983, 0.05834776663, 0.2672206446),
                                     ('x6', '~~', 'x6', 0.357082152, 0.04307304531, 0.2984742242),
                                     ('x7', '~~', 'x7', 1.037715924, 0.09022641379, 0.8770882175),
                                     ('x8', '~~', 'x8', 0.7975017344, 0.07988370218, 0.7803479712),
                                     ('x9', '~~', 'x9', 0.07712858232, 0.1931628253, 0.07598847509),
                                     ('textual', '~~', 'textual', 0.9783413607, 0.1120744575, 1),
                                     ('speed', '~~', 'speed', 0.145421534, 0.05596016803, 1),
                                     ('visual', '~~', 'textual', 0.458168833, 0.0722834545, 0.4632125696),
                                     ('visual', '~~', 'speed', 0.2059719852, 0.05825796061, 0.5401243967),
                                     ('textual', '~~', 'speed', 0.1010660321, 0.03571280639, 0.2679449941)],
                      'r2': {'x1': 0.5749427673,
                             'x2': 0.2425232632,
                             'x3': 0.2899305627,
                             'x4': 0.7243406082,
                             'x5': 0.7327793554,
                             'x6': 0.7015257758,
                             'x7': 0.1229117825,
                             'x8': 0.2196520288,
                             'x9': 0.9240115249}},
 'second_order': {'model': 'visual =~ x1 + x2 + x3\n'
                           'textual =~ x4 + x5 + x6\n'
                           'speed =~ x7 + x8 + x9\n'
                           'g =~ visual + textual + speed',
                  'fit': {'npar': 21.0,
                          'chisq': 85.30552177,
                          'df': 24.0,
                          'pvalue': 8.502553106e-09,
                          'baseline.chisq': 918.8515893,
                          'baseline.df': 36.0,
                          'cfi': 0.9305596518,
                          'tli': 0.8958394777,
                          'nfi': 0.907160718,
                          'rfi': 0.8607410771,
                          'ifi': 0.93149085,
                          'rni': 0.9305596518,
                          'rmsea': 0.09212148451,
                          'rmsea.ci.lower': 0.07141849044,
                          'rmsea.ci.upper': 0.1136780168,
                          'rmsea.pvalue': 0.0006612367779,
                          'srmr': 0.06520502792,
                          'gfi': 0.9433320444,
                          'agfi': 0.8937475832,
                          'aic': 7517.489853,
                          'bic': 7595.339169,
                          'bic2': 7528.739112,
                          'logl': -3737.744927,
                          'unrestricted.logl': -3695.092166,
                          'ntotal': 301.0},
                  'parameters': [('visual', '=~', 'x1', 1, 0, 0.7718800052),
                                 ('visual', '=~', 'x2', 0.5535001337, 0.09966527948, 0.4236001912),
                                 ('visual', '=~', 'x3', 0.7293700703, 0.1091097967, 0.5811316635),
                                 ('textual', '=~', 'x4', 1, 0, 0.8515824631),
                                 ('textual', '=~', 'x5', 1.113076174, 0.06542004848, 0.8550653988),
                                 ('textual', '=~', 'x6', 0.9261459556, 0.05544880322, 0.8380101573),
                                 ('speed', '=~', 'x7', 1, 0, 0.5695138973),
                                 ('speed', '=~', 'x8', 1.179951608, 0.1649868646, 0.7230440048),
                                 ('speed', '=~', 'x9', 1.081532485, 0.151167923, 0.6650097396),
                                 ('g', '=~', 'visual', 1, 0, 0.8731501102),
                                 ('g', '=~', 'textual', 0.6616270393, 0.172908795, 0.5251222534),
                                 ('g', '=~', 'speed', 0.4249890261, 0.1179993811, 0.5388937437),
                                 ('x1', '~~', 'x1', 0.5490548339, 0.1136009443, 0.4042012576),
                                 ('x2', '~~', 'x2', 1.133842345, 0.1017236346, 0.820562878),
                                 ('x3', '~~', 'x3', 0.8443256971, 0.09062327971, 0.6622859897),
                                 ('x4', '~~', 'x4', 0.3711726544, 0.04771777953, 0.2748073085),
                                 ('x5', '~~', 'x5', 0.4462554425, 0.05839277835, 0.2688631638),
                                 ('x6', '~~', 'x6', 0.356202618, 0.0430349573, 0.2977389762),
                                 ('x7', '~~', 'x7', 0.7993928605, 0.08138160761, 0.6756539208),
                                 ('x8', '~~', 'x8', 0.4876976798, 0.07419409725, 0.4772073671),
                                 ('x9', '~~', 'x9', 0.5661306913, 0.07073699848, 0.5577620462),
                                 ('visual', '~~', 'visual', 0.1923004576, 0.1704068467, 0.237608885),
                                 ('textual', '~~', 'textual', 0.7093941277, 0.1070673316, 0.724246619),
                                 ('speed', '~~', 'speed', 0.272304153, 0.06887018905, 0.709593533),
                                 ('g', '~~', 'g', 0.6170146383, 0.1829884984, 1)],
                  'r2': {'x1': 0.5957987424,
                         'x2': 0.179437122,
                         'x3': 0.3377140103,
                         'x4': 0.7251926915,
                         'x5': 0.7311368362,
                         'x6': 0.7022610238,
                         'x7': 0.3243460792,
                         'x8': 0.5227926329,
                         'x9': 0.4422379538,
                         'visual': 0.762391115,
                         'textual': 0.275753381,
                         'speed': 0.290406467}},
 'single_indicator': {'model': 'visual =~ x1 + x2 + x3\n'
                               'textual =~ x4 + x5 + x6\n'
                               's =~ x7\n'
                               's ~ p1*visual + p2*textual\n'
                               'diff := p1 - p2\n'
                               'ratio := p1/(p2 + 1)',
                      'fit': {'npar': 16.0,
                              'chisq': 32.81756913,
                              'df': 12.0,
                              'pvalue': 0.001033528864,
                              'baseline.chisq': 683.6990829,
                              'baseline.df': 21.0,
                              'cfi': 0.9685866939,
                              'tli': 0.9450267144,
                              'nfi': 0.9519999808,
                              'rfi': 0.9159999663,
                              'ifi': 0.9690075963,
                              'rni': 0.9685866939,
                              'rmsea': 0.07591736694,
                              'rmsea.ci.lower': 0.04545283331,
                              'rmsea.ci.upper': 0.1075952316,
                              'rmsea.pvalue': 0.07711018672,
                              'srmr': 0.04679302801,
                              'gfi': 0.9699765427,
                              'agfi': 0.9299452663,
                              'aic': 5970.724645,
                              'bic': 6030.03841,
                              'bic2': 5979.295509,
                              'logl': -2969.362323,
                              'unrestricted.logl': -2952.953538,
                              'ntotal': 301.0},
                      'parameters': [('visual', '=~', 'x1', 1, 0, 0.7784010313),
                                     ('visual', '=~', 'x2', 0.5578424834, 0.1053088805, 0.4305305475),
                                     ('visual', '=~', 'x3', 0.7072635659, 0.1177804887, 0.5682789914),
                                     ('textual', '=~', 'x4', 1, 0, 0.8549153546),
                                     ('textual', '=~', 'x5', 1.105079913, 0.06489269341, 0.8522451545),
                                     ('textual', '=~', 'x6', 0.9217462101, 0.0550361744, 0.8372932245),
                                     ('s', '=~', 'x7', 1, 0, 1),
                                     ('s', '~', 'visual', -0.006534396103, 0.09752617143, -0.005450041007),
                                     ('s', '~', 'textual', 0.1743359906, 0.08000920706, 0.1592449989),
                                     ('x1', '~~', 'x1', 0.5353224772, 0.1291618719, 0.3940918344),
                                     ('x2', '~~', 'x2', 1.125661066, 0.1026030884, 0.8146434477),
                                     ('x3', '~~', 'x3', 0.8631588474, 0.0949534304, 0.677058988),
                                     ('x4', '~~', 'x4', 0.3634904735, 0.04749435899, 0.2691197365),
                                     ('x5', '~~', 'x5', 0.4542471448, 0.0585536797, 0.2736781966),
                                     ('x6', '~~', 'x6', 0.3576394333, 0.04305814657, 0.2989400562),
                                     ('x7', '~~', 'x7', 0, 0, 0),
                                     ('visual', '~~', 'visual', 0.8230474011, 0.1585396014, 1),
                                     ('textual', '~~', 'textual', 0.9871740235, 0.1123452472, 1),
                                     ('s', '~~', 's', 1.15404909, 0.09438961451, 0.9754119248),
                                     ('visual', '~~', 'textual', 0.4157458036, 0.07459828075, 0.4612311081),
                                     ('diff', ':=', 'p1-p2', -0.1808703867, 0.1567720128, -0.1646950399),
                                     ('ratio',
                                      ':=',
                                      'p1/(p2+1)',
                                      -0.005564332657,
                                      0.08283804422,
                                      -0.004701371162)],
                      'r2': {'x1': 0.6059081656,
                             'x2': 0.1853565523,
                             'x3': 0.322941012,
                             'x4': 0.7308802635,
                             'x5': 0.7263218034,
                             'x6': 0.7010599438,
                             'x7': 1,
                             's': 0.02458807525}}}

# second batch (same versions), script in the module docstring
LAVAAN.update({'path': {'model': 'x4 ~ a*x1 + x2\nx5 ~ b*x4 + x1\nab := a*b',
          'fit': {'npar': 6.0,
                  'chisq': 0.3353060478,
                  'df': 1.0,
                  'pvalue': 0.5625512732,
                  'baseline.chisq': 278.4693362,
                  'baseline.df': 5.0,
                  'cfi': 1.0,
                  'tli': 1.012152989,
                  'rmsea': 0.0,
                  'rmsea.ci.lower': 0.0,
                  'rmsea.ci.upper': 0.1266829017,
                  'srmr': 0.006839741344,
                  'gfi': 0.998902873,
                  'agfi': 0.9890287298,
                  'aic': 1685.26082,
                  'bic': 1707.503481,
                  'logl': -836.6304099,
                  'unrestricted.logl': -836.4627568,
                  'ntotal': 301.0},
          'parameters': [('x4', '~', 'x1', 0.3579518047, 0.05579765903, 0.3589713832),
                         ('x4', '~', 'x2', 0.04566855143, 0.05532289981, 0.04619165801),
                         ('x5', '~', 'x4', 0.8030644052, 0.04680154806, 0.7244327958),
                         ('x5', '~', 'x1', 0.02591379777, 0.04666861866, 0.02344304729),
                         ('x4', '~~', 'x4', 1.160416682, 0.09459010633, 0.8591450175),
                         ('x5', '~~', 'x5', 0.7668015575, 0.06250499667, 0.4619882723),
                         ('x1', '~~', 'x1', 1.358369846, 0.0, 1.0),
                         ('x1', '~~', 'x2', 0.4073713302, 0.0, 0.297345511),
                         ('x2', '~~', 'x2', 1.381783866, 0.0, 1.0),
                         ('ab', ':=', 'a*b', 0.2874583531, 0.04783836949, 0.2600506427)],
          'r2': {'x4': 0.1408549825, 'x5': 0.5380117277}},
 'random_x': {'model': 'visual =~ x1 + x2 + x3\nvisual ~ x7 + x8\nx7 ~~ x8',
              'fit': {'npar': 11.0,
                      'chisq': 6.470588611,
                      'df': 4.0,
                      'pvalue': 0.1666529977,
                      'baseline.chisq': 217.3412595,
                      'baseline.df': 10.0,
                      'cfi': 0.9880844333,
                      'tli': 0.9702110832,
                      'rmsea': 0.04529882886,
                      'rmsea.ci.lower': 0.0,
                      'rmsea.ci.upper': 0.106403702,
                      'srmr': 0.03323672441,
                      'gfi': 0.9915773595,
                      'agfi': 0.9684150981,
                      'aic': 4401.921826,
                      'bic': 4442.700039,
                      'logl': -2189.960913,
                      'unrestricted.logl': -2186.725619,
                      'ntotal': 301.0},
              'parameters': [('visual', '=~', 'x1', 1.0, 0.0, 0.6505484761),
                             ('visual', '=~', 'x2', 0.739089449, 0.1316246883, 0.4767224223),
                             ('visual', '=~', 'x3', 1.013699611, 0.1744182711, 0.6807158286),
                             ('visual', '~', 'x7', -0.07028717731, 0.05555218453, -0.1008336377),
                             ('visual', '~', 'x8', 0.2531100066, 0.06400764276, 0.3374756656),
                             ('x7', '~~', 'x8', 0.5352452207, 0.07049034522, 0.4867579508),
                             ('x1', '~~', 'x1', 0.7834894615, 0.1131664362, 0.5767866803),
                             ('x2', '~~', 'x2', 1.067753751, 0.1031446571, 0.772735732),
                             ('x3', '~~', 'x3', 0.6841255404, 0.1106320189, 0.5366259606),
                             ('x7', '~~', 'x7', 1.183139433, 0.09644232665, 1.0),
                             ('x8', '~~', 'x8', 1.021982735, 0.08330581337, 1.0),
                             ('visual', '~~', 'visual', 0.5226064845, 0.119604412, 0.9090704269)],
              'r2': {'x1': 0.4232133197, 'x2': 0.227264268, 'x3': 0.4633740394, 'visual': 0.09092957307}},
 'orth': {'model': 'visual =~ x1 + x2 + x3\n'
                   'textual =~ x4 + x5 + x6\n'
                   'speed =~ x7 + x8 + x9\n'
                   'visual ~~ 0*speed',
          'fit': {'npar': 20.0,
                  'chisq': 114.1284368,
                  'df': 25.0,
                  'pvalue': 2.370326158e-13,
                  'baseline.chisq': 918.8515893,
                  'baseline.df': 36.0,
                  'cfi': 0.8990448249,
                  'tli': 0.8546245479,
                  'rmsea': 0.1088315696,
                  'rmsea.ci.lower': 0.08904155854,
                  'rmsea.ci.upper': 0.1294716711,
                  'srmr': 0.1102751069,
                  'gfi': 0.9297256207,
                  'agfi': 0.8735061173,
                  'aic': 7544.312768,
                  'bic': 7618.454974,
                  'logl': -3752.156384,
                  'unrestricted.logl': -3695.092166,
                  'ntotal': 301.0},
          'parameters': [('visual', '=~', 'x1', 1.0, 0.0, 0.7665929501),
                         ('visual', '=~', 'x2', 0.5774305138, 0.1094530188, 0.4388873191),
                         ('visual', '=~', 'x3', 0.7277640355, 0.1239438817, 0.5758801944),
                         ('textual', '=~', 'x4', 1.0, 0.0, 0.8488009655),
                         ('textual', '=~', 'x5', 1.112754972, 0.06652291912, 0.8520831111),
                         ('textual', '=~', 'x6', 0.9263339886, 0.05635212683, 0.8352162989),
                         ('speed', '=~', 'x7', 1.0, 0.0, 0.6207592721),
                         ('speed', '=~', 'x8', 1.170005811, 0.1742945729, 0.7814610344),
                         ('speed', '=~', 'x9', 0.8490382969, 0.1198822624, 0.5690291919),
                         ('visual', '~~', 'speed', 0.0, 0.0, 0.0),
                         ('x1', '~~', 'x1', 0.5601028091, 0.1305804958, 0.4123352489),
                         ('x2', '~~', 'x2', 1.115622318, 0.10289939, 0.8073779211),
                         ('x3', '~~', 'x3', 0.8520705908, 0.09678714088, 0.6683620017),
                         ('x4', '~~', 'x4', 0.3711162255, 0.04784287552, 0.2795369209),
                         ('x5', '~~', 'x5', 0.4468851293, 0.05856995724, 0.2739543719),
                         ('x6', '~~', 'x6', 0.3558125668, 0.04311631543, 0.302413734),
                         ('x7', '~~', 'x7', 0.7272257247, 0.08545438662, 0.6146579261),
                         ('x8', '~~', 'x8', 0.3978769404, 0.08985181504, 0.3893186518),
                         ('x9', '~~', 'x9', 0.6863513963, 0.07153377774, 0.6762057787),
                         ('visual', '~~', 'visual', 0.79826471, 0.1585638939, 1.0),
                         ('textual', '~~', 'textual', 0.9564945399, 0.1102201975, 1.0),
                         ('speed', '~~', 'speed', 0.4559132113, 0.09785480761, 1.0),
                         ('visual', '~~', 'textual', 0.3698748524, 0.07173166093, 0.4232920307),
                         ('textual', '~~', 'speed', 0.09297615575, 0.04624678202, 0.140795654)],
          'r2': {'x1': 0.5876647511,
                 'x2': 0.1926220789,
                 'x3': 0.3316379983,
                 'x4': 0.7204630791,
                 'x5': 0.7260456281,
                 'x6': 0.697586266,
                 'x7': 0.3853420739,
                 'x8': 0.6106813482,
                 'x9': 0.3237942213}}})


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


@pytest.fixture(scope="module", params=list(LAVAAN))
def case(request, data):
    ref = LAVAAN[request.param]
    return ref, fit_sem(ref["model"], data, start="simple")


def test_fit_measures(case):
    ref, res = case
    assert res.converged
    for name, value in ref["fit"].items():
        ours = res.fit[name]
        if value is None:
            assert math.isnan(ours)
            continue
        scale = max(abs(value), 1.0) if name in RELATIVE else 1.0
        assert abs(ours - value) / scale <= TIGHT, (name, ours, value)


def test_parameters_in_order(case):
    ref, res = case
    ours = res.parameters
    assert list(zip(ours["lhs"], ours["op"], ours["rhs"])) == [tuple(p[:3]) for p in ref["parameters"]]
    for (lhs, op, rhs, est, se, std_all), (_, row) in zip(ref["parameters"], ours.iterrows()):
        assert abs(row["est"] - est) <= TIGHT, (lhs, op, rhs)
        assert abs(row["std.all"] - std_all) <= TIGHT, (lhs, op, rhs)
        if se == 0:
            assert row["se"] == 0
        else:
            assert abs(row["se"] / se - 1) <= TIGHT, (lhs, op, rhs, row["se"], se)


def test_r2(case):
    ref, res = case
    assert set(res.r2) == set(ref["r2"])
    for name, value in ref["r2"].items():
        assert abs(res.r2[name] - value) <= TIGHT, name


def test_warnings(case):
    ref, res = case
    expected = {"fixed_x": ["listwise_deleted"], "random_x": ["random_covariate"]}.get(next(k for k, v in LAVAAN.items() if v is ref), [])
    assert res.warning_codes == expected
