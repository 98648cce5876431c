// Pure statistical functions for the detectors, one per file; import them from here by name.
export { benjaminiHochberg } from './benjamini-hochberg.ts';
export { EARS_C1_THRESHOLD, earsC1 } from './ears-c1.ts';
export { EARS_C2_THRESHOLD, earsC2 } from './ears-c2.ts';
export { EARS_C3_THRESHOLD, earsC3 } from './ears-c3.ts';
export { EARS_MIN_SD, earsStatistic } from './ears-statistic.ts';
export { ewmaStep } from './ewma-step.ts';
export { excessRatio } from './excess-ratio.ts';
export { expectedFromRest } from './expected-from-rest.ts';
export { negativeBinomialProbability } from './negative-binomial-probability.ts';
export { negativeBinomialUpperTail } from './negative-binomial-upper-tail.ts';
export { poissonCusumStep } from './poisson-cusum-step.ts';
export { poissonProbability } from './poisson-probability.ts';
export { poissonUpperTail } from './poisson-upper-tail.ts';
export { regularizedBeta } from './regularized-beta.ts';
export { regularizedLowerGamma } from './regularized-lower-gamma.ts';
export { shrinkTowards } from './shrink-towards.ts';
