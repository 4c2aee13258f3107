/**
 * auspices: simulate the format of international mediation.
 *
 * This file names the main entry's whole public surface: everything in `auspices/core` (`src/core.ts`,
 * the pure library) except the playground's helper `moveText`, plus the Node edge: scenario files
 * (`loadScenario`), batches on worker threads and run directories. `test/e2e/exports.test.ts` keeps the
 * export names of both entries equal to `test/golden/exports.json`; docs/api.md says how to change them.
 *
 * @example
 * ```ts
 * import { loadScenario, runScenario, narrate } from 'auspices';
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * console.log(narrate(runScenario(scenario, { seed: 7 })));
 * ```
 * @packageDocumentation
 */

export type { RandomParams, ReactiveRule, RulesParams } from './agents/builtin-policies.js';
export { randomPolicy, rulesPolicy, scriptedPolicy } from './agents/builtin-policies.js';
export type { ActorView, DecideInput, Decision, Intent, Policy, SyncPolicy } from './agents/policy.js';
export { definePolicy } from './agents/policy.js';
export type { PolicyRegistry } from './agents/registry.js';
export { builtinPolicies, createPolicyRegistry } from './agents/registry.js';
export type { Rng, RngState } from './agents/rng.js';
export type { MoveOrigin, TraceEntry } from './agents/trace.js';
export type { ComparedVariants, CompareOptions } from './batch/compare.js';
export { compare, compareVariants } from './batch/compare.js';
export type { ShardExploreOptions } from './batch/explore-shards.js';
export { exploreShard, ShardExchangeError } from './batch/explore-shards.js';
export type { ParallelExploreOptions } from './batch/explore-workers.js';
export { exploreInWorkers } from './batch/explore-workers.js';
export type { PolicyModule } from './batch/policy-module.js';
export { loadPolicyModule } from './batch/policy-module.js';
export type { BatchOptions, Shard } from './batch/run-batch.js';
export { runBatch, runVariants, shardRange } from './batch/run-batch.js';
export type { Manifest, WriteBatchOptions, WriteBatchResult } from './batch/run-dir.js';
export { BatchInputError, mergeBatches, writeBatch } from './batch/run-dir.js';
export type { CommandResult, Exercise, ExerciseOptions } from './exercise/exercise.js';
export { ExerciseError, exerciseCommand, openExercise, replayExercise } from './exercise/exercise.js';
export type {
  ExerciseReview,
  ReviewDecision,
  ReviewItem,
  ReviewSeat,
} from './exercise/exercise-review.js';
export { exerciseReview } from './exercise/exercise-review.js';
export { renderExerciseReview } from './exercise/exercise-review-html.js';
export type {
  Command,
  ConsoleView,
  ExerciseEvent,
  ExerciseHeader,
  ExercisePhase,
  ExerciseRefusal,
  InjectView,
  MessageView,
  MoveOption,
  Principal,
  SeatHolder,
  SeatInfo,
  SeatView,
} from './exercise/exercise-types.js';
export { commandSchema, exerciseLimits } from './exercise/exercise-types.js';
export { consoleView, seatView, visibleMessages } from './exercise/exercise-views.js';
export type {
  ExploreGraph,
  ExploreOptions,
  ExploreOutcome,
  ExplorePath,
  ExploreProgress,
  ExploreResult,
  ExploreViolation,
} from './explore/explore.js';
export { explore, exploreSteps } from './explore/explore.js';
export type { PathReplay } from './explore/explore-path.js';
export type { CompiledMachine } from './kernel/compile-machine.js';
export { compileMachine, KernelCompileError } from './kernel/compile-machine.js';
export type { MachineSpace, SearchResult, SearchSpec } from './kernel/state-search.js';
export { exploreMachine, searchStates, searchStatesSteps } from './kernel/state-search.js';
export type { ComposeOptions, World } from './machines/compose-world.js';
export {
  candidateMoves,
  composeWorld,
  defaultWorld,
  describeMove,
  resolveRegionIds,
  ruleOf,
  WorldCompositionError,
  worldOf,
  worldOfMachine,
} from './machines/compose-world.js';
export type { WorldMachine } from './machines/world-machine.js';
export { createWorldMachine } from './machines/world-machine.js';
export type { ActorInfo, ActorKind } from './model/actor.js';
export type { Act, Region, WorldContext, WorldState, WorldValue } from './model/context.js';
export { regionState } from './model/context.js';
export type { Format } from './model/format.js';
export type { Predicate, PredicateSubject } from './model/predicate.js';
export { evaluate, predicateSchema } from './model/predicate.js';
export type { BuiltinRuleId, Rule, RuleId } from './model/rules.js';
export { isRuleId, ruleIds, rules } from './model/rules.js';
export { batchManifestSchema, batchRecordSchema, batchSummarySchema } from './outputs/batch-output.js';
export { compareOutputSchema } from './outputs/compare-output.js';
export { exploreOutputSchema } from './outputs/explore-output.js';
export type { OutputFormat } from './outputs/output-schemas.js';
export { outputFormats, outputJsonSchema } from './outputs/output-schemas.js';
export { playSaveSchema } from './outputs/play-output.js';
export { runOutputSchema } from './outputs/run-output.js';
export type { PlayOptions, PlaySession, PlayTurn, RecordedMove, SavedGame } from './play/play.js';
export { createPlaySession, PlayError, resumePlay, resumePlaySteps } from './play/play.js';
// The built-in modules, for composing worlds of your own. Exporting each one also brings its slice of
// `WorldContext` (merged in its own file) into the public types.
export { accessRegion } from './regions/access.js';
export type { Canonicalisers, FieldCanon, Relevant } from './regions/canon.js';
export type { Check, ContextCheck, Ev, PredicateCheck, StateCheck } from './regions/check-types.js';
export { coreRegion } from './regions/core.js';
export type {
  CustomField,
  CustomFieldType,
  CustomMove,
  CustomRegionSpec,
  CustomTransition,
} from './regions/custom-region.js';
export { customRegion } from './regions/custom-region.js';
export type { EventOf, EventType, WorldEvent } from './regions/events.js';
export { eventTypes, isEventType, moveTypes } from './regions/events.js';
export { formatRegion } from './regions/format.js';
export type { Consultation, Proposal } from './regions/format-context.js';
export { hostilitiesRegion } from './regions/hostilities.js';
export type { BuiltinRegionId } from './regions/library.js';
export { builtinRegionIds, regionLibrary, regionModule } from './regions/library.js';
export { monitoringRegion } from './regions/monitoring.js';
export { recognitionRegion } from './regions/recognition.js';
export type {
  ContextSlice,
  EventSpec,
  InitialReference,
  Names,
  RegionModule,
  RegionTrack,
  StartInput,
  Update,
} from './regions/region-module.js';
export { defineRegion, defineSlice } from './regions/region-module.js';
export { statusRegion } from './regions/status.js';
export type { Story, StoryInput, SummaryInput, SummarySection } from './regions/story.js';
export { talksRegion } from './regions/talks.js';
export type { Talks } from './regions/talks-context.js';
export type {
  AfterAction,
  AfterActionDay,
  AfterActionMove,
  AfterActionRecord,
} from './report/after-action.js';
export { afterAction, renderAfterAction } from './report/after-action.js';
export { renderBatchHtml, renderBatchMarkdown } from './report/batch-report.js';
export { renderCompareHtml } from './report/compare-html.js';
export type { CompareFormat, CompareRenderOptions } from './report/compare-report.js';
export { renderComparison } from './report/compare-report.js';
export type { DiagramEdge, DiagramFormat } from './report/diagram.js';
export { diagram, diagramEdges } from './report/diagram.js';
export type {
  DiagramLayout,
  DiagramPoint,
  DiagramSvgOptions,
  LaidState,
  LaidTransition,
} from './report/diagram-svg.js';
export { activeStates, diagramSvg, layoutDiagram, renderDiagramSvg } from './report/diagram-svg.js';
export type { ExploreFigures, ExploreRenderOptions } from './report/explore-report.js';
export { exploreJson, renderExplore, renderExploreGraph } from './report/explore-report.js';
export type { TimelineItem } from './report/narrate.js';
export { timeline } from './report/narrate.js';
export type { NewsItem } from './report/play-news.js';
export { newsItems, newsLines, recordLines } from './report/play-news.js';
export type { NarrateFormat, NarrateOptions } from './report/render.js';
export { narrate, replayToken } from './report/render.js';
export type { StabilityReportOptions } from './report/stability-report.js';
export {
  renderStability,
  stabilityFormat,
  stabilityJson,
  statusQuoPaths,
} from './report/stability-report.js';
export { summaryLines } from './report/summary.js';
export type { RuleRef } from './scenario/check-cycles.js';
export { ruleCycles } from './scenario/check-cycles.js';
export { initialContext, initialValue } from './scenario/initial-world.js';
export type { ScenarioIssue, ScenarioIssueCode } from './scenario/issues.js';
export { isScenarioIssueCode, renderIssues, ScenarioError, scenarioIssueCodes } from './scenario/issues.js';
export { scenarioJsonSchema, scenarioJsonSchemaText } from './scenario/json-schema.js';
export type { ParseOptions } from './scenario/parse.js';
export { parseScenario } from './scenario/parse.js';
export { loadScenario, loadScenarioSync } from './scenario/read-file.js';
export type { Scenario, ScenarioChange } from './scenario/scenario.js';
export type {
  ActorSpec,
  Inject,
  Move,
  PolicyRule,
  ScenarioData,
  ScenarioInput,
  WhatIf,
} from './scenario/schema.js';
export { scenarioSchema } from './scenario/schema.js';
export { applyWhatIf, UnknownWhatIfError } from './scenario/what-if.js';
export { scenarioWorld } from './scenario/world.js';
export type { Outcome } from './sim/outcome.js';
export type { BusyRule } from './sim/reaction-limit.js';
export { maxMovesPerDay, ReactionLimitError } from './sim/reaction-limit.js';
export type { Engine, RunOptions, RunResult } from './sim/run-scenario.js';
export {
  AsyncPolicyError,
  engines,
  resumeRun,
  runScenario,
  runScenarioAsync,
  runScenarioSteps,
} from './sim/run-scenario.js';
export type { InvariantViolation, PendingMove, RunState } from './sim/run-state.js';
export { saveRun } from './sim/saved-run.js';
export type { WorldInvariant, WorldStep } from './sim/world-invariants.js';
export { invariantsOf, worldInvariants } from './sim/world-invariants.js';
export type { PlayerStability, StabilityOptions, StabilityResult } from './stability/analyse.js';
export { analyseStability, pathsFrom, pathTo, statesIn } from './stability/analyse.js';
export type { Concept } from './stability/concepts.js';
export { conceptNames, concepts, StabilityLimitError } from './stability/concepts.js';
export { explainStability, stateName } from './stability/explain.js';
export type { ScenarioGraph, ScenarioGraphOptions } from './stability/from-scenario.js';
export {
  NoPreferencesError,
  projectRun,
  scenarioGraphModel,
  scenarioGraphSteps,
  worldPathTo,
} from './stability/from-scenario.js';
export type { ModelFileIssue } from './stability/gmcr-file.js';
export { ModelFileError, parseGmcr, writeGmcr } from './stability/gmcr-file.js';
export { gmcrScenario, ModelNotWritableError } from './stability/gmcr-scenario.js';
export type { DecisionMaker, GraphModel, Moves, OptionForm } from './stability/graph-model.js';
export type {
  Condition,
  Direction,
  OptionModel,
  OptionModelDm,
  Statement,
} from './stability/option-model.js';
export {
  feasibleCodes,
  ModelTooLargeError,
  optionForm,
  patternOf,
  toGraphModel,
} from './stability/option-model.js';
export type { Player } from './stability/players.js';
export type { SanctionReading } from './stability/reach.js';
export { SanctionLimitError, sanctionReadings } from './stability/reach.js';
export { ScenarioModelError } from './stability/scenario-options.js';
export type { BatchMeta, BatchRecord, BatchSummary, DayStats, Interval } from './stats/batch.js';
export { batchRecord, runSeed, summaryAccumulator, wilson } from './stats/batch.js';
export type { BranchComparison, Comparison, Divergence, Example, PairedDelta } from './stats/compare.js';
export { firstDivergence, pairedAccumulator } from './stats/compare.js';
export { createKernelStepper } from './steppers/kernel-stepper.js';
export type { Refusal, RegionChange, StepOutcome, Stepper, Verdict } from './steppers/stepper.js';
export { createXStateStepper } from './steppers/xstate-stepper.js';
