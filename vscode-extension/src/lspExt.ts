// The mlide/* custom protocol, as the client sees it.
// Mirrors lsp-server/protocol/Extensions.hpp: keep the two files in step (same method names,
// same field names and types). Types only, plus the method objects; no logic.
import { NotificationType, RequestType } from 'vscode-languageclient';

export type Empty = Record<string, never>;

export interface ServerStatus {
  version: string;
  engines: string[];
  positionEncoding: string;
  openDocuments: number;
  workspaceRoot: string;
  databasePath: string;
}
export const serverStatus = new RequestType<Empty, ServerStatus, void>('mlide/serverStatus');

export interface RuleDocumentationParams {
  /** A rule's slug (`missing-softmax`) or code (`ML201`). */
  rule: string;
}
export interface RuleDocumentation {
  code: string;
  rule: string;
  title: string;
  markdown: string;
}
/** Fails with InvalidParams when the rule is unknown. */
export const ruleDocumentation = new RequestType<RuleDocumentationParams, RuleDocumentation, void>(
  'mlide/ruleDocumentation',
);

export interface TrainingSession {
  id: number;
  name: string;
  script: string;
  startedAt: string;
  status: string;
  epochs: number;
  findings: number;
}
export interface ListSessionsResult {
  sessions: TrainingSession[];
}
export const listSessions = new RequestType<Empty, ListSessionsResult, void>('mlide/training/listSessions');

export interface SessionParams {
  id: number;
}
/** A number, or one JSON cannot carry: the server sends NaN and infinities as these strings. */
export type MetricValue = number | 'nan' | 'inf' | '-inf';
export interface TrainingEpoch {
  epoch: number;
  /** As the client logged them: `loss`, `val_loss`, `accuracy`, `val_accuracy`, ... */
  metrics: Record<string, MetricValue>;
  lr: MetricValue | null;
  wallTime: number;
}
export interface SourceLocation {
  path: string;
  /** 1-based, like the columns. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
export interface TrainingFinding {
  code: string;
  rule: string;
  title: string;
  /** Tells apart findings of one rule (a layer name); may be empty. */
  key: string;
  severity: 'critical' | 'error' | 'warning' | 'info' | 'hint';
  message: string;
  /** Sorted; empty: seen before training (or bound to no epoch). */
  epochs: number[];
  anchor: string;
  location: SourceLocation | null;
}
export interface TrainingSessionModel {
  framework: string;
  script: string;
  optimizerClass: string;
  lossClass: string;
  modelClass: string;
  plannedEpochs: number;
  numClasses: number;
}
/** The full session: the list fields plus epochs with their metrics, and the findings. */
export interface TrainingSessionDetail extends TrainingSession {
  framework: string;
  statusMessage: string;
  updatedAt: string;
  endedAt: string | null;
  lastEpoch: number | null;
  model: TrainingSessionModel;
  epochList: TrainingEpoch[];
  findingList: TrainingFinding[];
}
export const trainingSession = new RequestType<SessionParams, TrainingSessionDetail, void>('mlide/training/session');

export interface EmbeddingStatus {
  projects: number;
  files: number;
  database: string;
  message: string;
}
export const embeddingStatus = new RequestType<Empty, EmbeddingStatus, void>('mlide/embedding/status');

export interface Comparison {
  id: number;
  modelA: string;
  modelB: string;
  createdAt: string;
}
export interface ListComparisonsResult {
  /** False while the server has no attribution engine: nothing was computed (see message). */
  available: boolean;
  /** What the server can do now, for the user. */
  message: string;
  comparisons: Comparison[];
}
/** Loads model files: fails with RequestFailed while the workspace is not trusted. */
export const listComparisons = new RequestType<Empty, ListComparisonsResult, void>(
  'mlide/attribution/listComparisons',
);

export interface SessionChangedParams {
  sessionId: number;
}
export const sessionChanged = new NotificationType<SessionChangedParams>('mlide/sessionChanged');

/** Server-side commands (workspace/executeCommand). */
export const Commands = {
  /** Arguments: [IndexCorpusArgs] -> IndexCorpusResult. A long job that reports $/progress. */
  indexCorpus: 'mlide.indexCorpus',
} as const;
export interface IndexCorpusArgs {
  folder: string;
}
export interface IndexCorpusResult {
  projects: number;
  files: number;
}

/**
 * The key of the workspace-trust flag, sent beside the settings in initializationOptions; false:
 * the server refuses requests that load model files. Absent later: unchanged.
 */
export const workspaceTrustedOption = 'workspaceTrusted';

/** The code action kind of "fix all safe mlide issues". */
export const fixAllKind = 'source.fixAll.mlide';
