export {
  type ClockUnit,
  type Direction,
  HEADLINE_METRICS,
  HEADLINE_NAMES,
  type HeadlineName,
  type MetricInfo,
  type UnitKind,
  unitLabel,
} from "./catalog.js";
export {
  computeMetrics,
  type HeadlineMetrics,
  type Metrics,
  type MetricsOptions,
  type StepMetrics,
  type TaskMetrics,
} from "./compute.js";
export { type Call, extractInputs, type Inputs, type Job, targetedJobIds } from "./inputs.js";
export { type EpisodeRun, minRunsPerEpisode, passAtK } from "./pass-k.js";
